"""reportqa in the browser: the analysts' chat over the reports.

A thin layer over the library: answers come from reportqa.answer.Answerer, uploads go
through ingest.pipeline.Ingestor, and every decision about what to show (highlights,
suggestions, export, filters, upload checks) is in reportqa.conversation. Report text
and questions are always rendered escaped (never as HTML): a report may contain <script>.
"""

from __future__ import annotations

from pathlib import Path

import streamlit as st
from pydantic import ValidationError

from ingest.pipeline import FileOutcome, Ingestor
from reportqa.answer import Answerer
from reportqa.config import load_settings
from reportqa.conversation import (
    UPLOAD_TYPES,
    FilterError,
    answer_markdown,
    build_filters,
    check_question,
    check_upload,
    conflict_lines,
    conversation_markdown,
    corpus_status,
    document_label,
    escape_markdown,
    highlight,
    highlight_markdown,
    safe_upload_name,
    source_label,
    suggested_questions,
)
from reportqa.dialogue import Conversation
from reportqa.llm import LLMAnswerer, make_answerer
from reportqa.models import Answer, Citation, RetrievalFilters
from reportqa.retrieve import HybridRetriever, RetrievalError
from reportqa.store import ReportStore, StoreError

st.set_page_config(page_title="reportqa", page_icon="📑", layout="wide")


@st.cache_resource(show_spinner="Loading the model and the store…")
def engine(settings_json: str) -> Answerer | LLMAnswerer:
    """One answerer per settings (normally one per server process): the model and store load
    once, so later answers are fast. With REPORTQA_LLM_URL set it is the LLM answerer.

    ``settings_json`` is the cache key only: secrets are masked in it, so the settings
    themselves are loaded again (from the same environment).
    """
    settings = load_settings()
    retriever = HybridRetriever(settings, store=ReportStore(settings))
    answerer = make_answerer(settings, retriever=retriever)
    answerer.warm_up()
    return answerer


@st.cache_data(show_spinner=False, max_entries=8)
def suggestions(settings_json: str, corpus_key: tuple[tuple[str, str], ...]) -> list[str]:
    """Suggested questions for this exact corpus (the key changes whenever it does)."""
    return suggested_questions(engine(settings_json).retriever.store.passages(), limit=4)


class UploadProgress:
    """ingest.pipeline's progress protocol drawn as one Streamlit progress bar."""

    def __init__(self, bar) -> None:  # st.progress element
        self.bar = bar
        self.index, self.total, self.name = 0, 1, ""

    def file_started(self, path: Path, index: int, total: int) -> None:
        self.index, self.total, self.name = index, max(total, 1), path.name
        self.bar.progress(index / self.total, text=f"Reading {path.name}")

    def embedded(self, done: int, total: int) -> None:
        share = (self.index + done / max(total, 1)) / self.total
        self.bar.progress(min(share, 1.0), text=f"Embedding {self.name}: {done}/{total} passages")

    def file_finished(self, outcome: FileOutcome) -> None:
        self.bar.progress((self.index + 1) / self.total, text=f"{self.name}: {outcome.status}")


def ingest_uploads(files: list, answerer: Answerer | LLMAnswerer) -> list[tuple[bool, str]]:
    """Check, save and ingest uploaded files; one (ok, message) per file."""
    settings = answerer.settings
    folder = Path(settings.home) / "uploads"
    folder.mkdir(parents=True, exist_ok=True)
    messages: list[tuple[bool, str]] = []
    paths: list[Path] = []
    for f in files:
        problem = check_upload(f.name, f.size, settings.ingest.max_file_mb)
        if problem:
            messages.append((False, problem))
            continue
        target = folder / safe_upload_name(f.name)
        target.write_bytes(f.getvalue())
        paths.append(target)
    if paths:
        bar = st.progress(0.0, text="Starting")
        retriever = answerer.retriever
        try:
            report = Ingestor(
                settings,
                store=retriever.store,
                embedder=retriever.embedder,
                progress=UploadProgress(bar),
                lock_timeout=30,
            ).ingest(paths)
        except StoreError as exc:  # e.g. another ingest holds the store
            bar.empty()
            return [*messages, (False, str(exc))]
        bar.empty()
        for o in report.outcomes:
            name = Path(o.path).name
            if o.status == "failed":
                messages.append((False, f"{name}: {o.error}"))
            else:
                messages.append((True, f"{name}: {o.status}, {o.chunks} passages"))
    return messages


def render_citation(c: Citation) -> None:
    label = escape_markdown(source_label(c)) + (" · related" if c.related else "")
    with st.expander(label, expanded=False):
        h = highlight(c)
        if h.found:
            st.markdown(highlight_markdown(h.before, h.quote, h.after))
        else:
            st.markdown(escape_markdown(c.passage))
        if c.footnotes:
            st.markdown("**Footnotes**")
            for f in c.footnotes:
                st.markdown(escape_markdown(f"{f.n}. {f.text}"))
        st.caption(escape_markdown(f"{c.source} · characters {c.char_start}–{c.char_end}"))


def render_answer(a: Answer) -> None:
    if a.understood_as:
        st.caption(escape_markdown(f"Understood as: {a.understood_as}"))
    if a.status == "conflict":
        lines = "\n".join(f"- {escape_markdown(x)}" for x in conflict_lines(a))
        st.warning(f"**The reports disagree.**\n\n{lines}", icon="⚖️")
    elif a.status == "abstained":
        st.info(
            "The reports do not cover this question. The nearest passages are listed "
            "below as related sources; no figure is given.",
            icon="🔎",
        )
    st.markdown(answer_markdown(a.answer))
    if a.notice:
        st.caption(escape_markdown(f"Note: {a.notice}"))
    checked = [c for c in a.claims if c.citation is not None]
    if checked:
        ok = sum(c.verified for c in checked)
        st.caption(f"Numbers checked against their quotes: {ok}/{len(checked)}")
    for c in a.citations:
        render_citation(c)
    if a.timings_ms:
        st.caption(" · ".join(f"{k} {v:.0f} ms" for k, v in a.timings_ms.items()))


def answer_live(
    answerer: Answerer | LLMAnswerer, question: str, k: int, filters: RetrievalFilters
) -> Answer:
    """With an LLM, its draft streams in as it is written, then the verified answer
    replaces it; the extractive answerer answers at once."""
    if not isinstance(answerer, LLMAnswerer):
        with st.spinner("Reading the reports…"):
            return answerer.ask(question, k=k, filters=filters)
    draft = st.empty()
    written = ""
    for piece in answerer.stream(question, k=k, filters=filters):
        if isinstance(piece, Answer):
            draft.empty()
            return piece
        written += piece
        draft.markdown(escape_markdown(written) + " ▌")
    raise RetrievalError("the answer stream ended without an answer")


def ask(question: str) -> None:
    st.session_state.pending = question


# ----------------------------------------------------------------------------- page
st.session_state.setdefault("answers", [])
st.session_state.setdefault("pending", None)
st.session_state.setdefault("ingest_messages", [])
st.session_state.setdefault("uploader", 0)

st.title("reportqa")
st.caption("Ask the reports. Every answer cites its passage, page, section and footnotes.")

try:
    SETTINGS_JSON = load_settings().model_dump_json()
except ValidationError as exc:
    first = exc.errors()[0]
    st.error(f"Bad setting {'.'.join(map(str, first['loc']))}: {first['msg']}")
    st.stop()
try:
    answerer = engine(SETTINGS_JSON)
    records = answerer.retriever.store.documents()
except StoreError as exc:
    st.error(f"The store cannot be opened: {exc}")
    st.stop()

filters = None
with st.sidebar:
    st.subheader("Corpus")
    st.markdown(escape_markdown(corpus_status(records).describe()))
    st.subheader("Search in")
    by_id = {r.doc_id: r for r in records}
    chosen_docs = st.multiselect(
        "Reports",
        options=list(by_id),
        format_func=lambda d: document_label(by_id[d]),
        placeholder="All reports",
    )
    publishers = sorted({r.publisher for r in records if r.publisher})
    chosen_publishers = st.multiselect("Publishers", options=publishers, placeholder="All")
    col_a, col_b = st.columns(2)
    after = col_a.text_input("Dated from", placeholder="2025-01")
    before = col_b.text_input("Dated until", placeholder="2026-12")
    k = st.slider(
        "Passages to read",
        min_value=1,
        max_value=30,
        value=12,
        help="How many retrieved passages the answer is drawn from.",
    )
    try:
        filters = build_filters(chosen_docs, chosen_publishers, after, before)
    except FilterError as exc:
        st.error(str(exc))

    st.subheader("Add reports")
    uploads = st.file_uploader(
        "PDF, TXT, Markdown or HTML",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"uploader{st.session_state.uploader}",
    )
    if uploads and st.button("Ingest", type="primary"):
        st.session_state.ingest_messages = ingest_uploads(uploads, answerer)
        st.session_state.uploader += 1  # a fresh, empty uploader
        st.rerun()
    for ok, message in st.session_state.ingest_messages:
        (st.success if ok else st.error)(escape_markdown(message))

if not records:
    st.info("The store is empty: add reports in the sidebar, or run `reportqa ingest corpus/`.")

for past in st.session_state.answers:
    with st.chat_message("user"):
        st.markdown(escape_markdown(past.question))
    with st.chat_message("assistant"):
        render_answer(past)

question = st.chat_input("Ask the reports…", disabled=not records)
if st.session_state.pending and not question:
    question = st.session_state.pending
st.session_state.pending = None

if question:
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    with st.chat_message("assistant"):
        problem = check_question(question)
        if problem:
            st.error(problem)
        elif filters is None:
            st.error("Fix the filters in the sidebar first.")
        else:
            try:  # a follow-up ("And what about mining?") is read against the earlier turns
                talk = Conversation.from_answers(answerer, st.session_state.answers, filters)
                understood, asked, used = talk.plan(question, filters)
                answer = answer_live(answerer, asked, k, used)
                answer = talk.remember(question, understood, answer, filters)
            except (RetrievalError, StoreError) as exc:
                st.error(escape_markdown(str(exc)))
            else:
                st.session_state.answers.append(answer)
                render_answer(answer)
elif not st.session_state.answers and records:
    key = tuple(sorted((r.doc_id, r.content_hash) for r in records))
    offered = suggestions(SETTINGS_JSON, key)
    if offered:
        st.markdown("**Try one of these:**")
        for i, s in enumerate(offered):
            st.button(escape_markdown(s), key=f"suggest{i}", on_click=ask, args=(s,))

with st.sidebar:
    st.subheader("Conversation")
    if st.session_state.answers:
        st.download_button(
            "Download as Markdown",
            data=conversation_markdown(st.session_state.answers),
            file_name="reportqa-conversation.md",
            mime="text/markdown",
            on_click="ignore",
        )
        if st.button("Clear conversation"):
            st.session_state.answers = []
            st.rerun()
    else:
        st.caption("Questions and answers will be downloadable as Markdown.")
