"""reportqa in the browser: the analysts' chat over the reports.

A thin layer over the library: answers come from reportqa.answering.Answerer, uploads go
through ingest.pipeline.Ingestor (app/shelf_panel.py), a citation opens in a source view
(app/source_panel.py), and every decision about what to show (highlights, footnotes of
the quoted sentence, page boxes, shelf rows, plurals and dates, filters, upload checks)
is in reportqa (conversation, source_view, page_image, shelf, chat_turns). Report text
and questions are always rendered escaped (never as HTML): a report may contain <script>.
The Deploy button and developer menu are hidden by app/.streamlit/config.toml.
"""

from __future__ import annotations

import streamlit as st
from pydantic import ValidationError

from app.chat_turns import (
    Turn,
    answered,
    blocked_by_filters,
    checked_line,
    filters_of,
    timing_line,
)
from app.conversation import (
    DATE_FROM,
    DATE_UNTIL,
    UPLOAD_TYPES,
    FilterError,
    answer_body,
    answer_markdown,
    build_filters,
    check_question,
    conflict_lines,
    conversation_markdown,
    corpus_status,
    document_label,
    escape_markdown,
    suggested_questions,
)
from app.shelf_panel import ingest_uploads, render_shelf
from app.source_panel import (
    SOURCE_KEY,
    close_source,
    render_card,
    render_chips,
    source_dialog,
)
from reportqa.answering import Answerer
from reportqa.config import load_settings
from reportqa.dialogue import Conversation
from reportqa.llm import LLMAnswerer, make_answerer
from reportqa.models import Answer, DocumentRecord, Passage, RetrievalFilters
from reportqa.retrieve import RetrievalError
from reportqa.store import ReportStore, StoreError

st.set_page_config(page_title="reportqa", page_icon="📑", layout="wide")


@st.cache_resource(show_spinner="Loading the model and the store…")
def engine(settings_json: str) -> Answerer | LLMAnswerer:
    """One answerer per settings (normally one per server process): the model and store load
    once, so later answers are fast. With REPORTQA_LLM_URL set it is the LLM answerer.
    Its index follows the store's registry version, so an upload or a removal is seen on
    the next question without reloading anything.

    ``settings_json`` is the cache key only: secrets are masked in it, so the settings
    themselves are loaded again (from the same environment).
    """
    from reportqa.retrieve import HybridRetriever

    settings = load_settings()
    retriever = HybridRetriever(settings, store=ReportStore(settings))
    answerer = make_answerer(settings, retriever=retriever)
    answerer.warm_up()
    return answerer


@st.cache_data(show_spinner=False, max_entries=8)
def suggestions(settings_json: str, corpus_key: tuple[tuple[str, str], ...]) -> list[str]:
    """Suggested questions for this exact corpus (the key changes whenever it does)."""
    return suggested_questions(engine(settings_json).retriever.store.passages(), limit=4)


def shelf_changed() -> None:
    """A report was removed: what the page keeps about the shelf is dropped with it."""
    suggestions.clear()
    close_source()


# ----------------------------------------------------------------------------- answers
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


def ask_turn(
    answerer: Answerer | LLMAnswerer,
    question: str,
    k: int,
    filters: RetrievalFilters | None,
    filter_problem: str | None,
) -> Turn:
    """ask: one question of the chat, answered or kept with the reason it was not."""
    problem = check_question(question)
    if problem:
        return Turn(question, error=problem)
    if filters is None:
        return Turn(question, error=blocked_by_filters(filter_problem or "the filters are wrong"))
    try:  # a follow-up ("And what about mining?") is read against the earlier turns
        talk = Conversation.from_answers(answerer, answered(st.session_state.turns), filters)
        understood, asked, used = talk.plan(question, filters)
        answer = talk.remember(question, understood, answer_live(answerer, asked, k, used), filters)
    except (RetrievalError, StoreError) as exc:
        return Turn(question, error=str(exc), filters=filters)
    return Turn(question, answer=answer, filters=filters)


def render_answer(
    index: int,
    a: Answer,
    by_chunk: dict[str, Passage],
    by_doc: dict[str, DocumentRecord],
) -> None:
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
    st.markdown(answer_markdown(answer_body(a)))
    if a.notice:
        st.caption(escape_markdown(f"Note: {a.notice}"))
    render_chips(index, a.citations)
    checked = checked_line(a)
    if checked:
        st.caption(checked)
    for c in a.citations:
        render_card(index, c, by_chunk.get(c.chunk_id), by_doc.get(c.doc_id))
    if st.session_state.get("show_timings") and a.timings_ms:
        st.caption(escape_markdown(timing_line(a)))


def render_turn(
    index: int,
    turn: Turn,
    by_chunk: dict[str, Passage],
    by_doc: dict[str, DocumentRecord],
) -> None:
    with st.chat_message("user"):
        st.markdown(escape_markdown(turn.question))
    with st.chat_message("assistant"):
        with st.container(key=f"turn-{index}"):
            if turn.answer is None:
                st.error(escape_markdown(turn.error or "No answer."))
            else:
                render_answer(index, turn.answer, by_chunk, by_doc)


def ask(question: str) -> None:
    st.session_state.pending = question


# ----------------------------------------------------------------------------- page
st.session_state.setdefault("turns", [])
st.session_state.setdefault("pending", None)
st.session_state.setdefault("ingest_messages", [])
st.session_state.setdefault("shelf_messages", [])
st.session_state.setdefault("uploader", 0)
st.session_state.setdefault(SOURCE_KEY, None)

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
by_doc = {r.doc_id: r for r in records}

filters: RetrievalFilters | None = None
filter_problem: str | None = None
with st.sidebar:
    st.subheader("Shelf")
    st.markdown(escape_markdown(corpus_status(records).describe()))
    render_shelf(records, answerer, on_change=shelf_changed)
    uploads = st.file_uploader(
        "Add reports: PDF, TXT, Markdown or HTML",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
        key=f"uploader{st.session_state.uploader}",
    )
    if uploads and st.button("Ingest", type="primary"):
        st.session_state.ingest_messages = ingest_uploads(uploads, answerer)
        st.session_state.uploader += 1  # a fresh, empty uploader
        st.session_state.shelf_messages = []
        st.rerun()
    for ok, message in st.session_state.ingest_messages:
        (st.success if ok else st.error)(escape_markdown(message))

    st.subheader("Search in")
    chosen_docs = st.multiselect(
        "Reports",
        options=list(by_doc),
        format_func=lambda d: document_label(by_doc[d]),
        placeholder="All reports",
    )
    publishers = sorted({r.publisher for r in records if r.publisher})
    chosen_publishers = st.multiselect("Publishers", options=publishers, placeholder="All")
    col_a, col_b = st.columns(2)
    after = col_a.text_input(DATE_FROM, placeholder="2025-01")
    before = col_b.text_input(DATE_UNTIL, placeholder="2026-12")
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
        filter_problem = str(exc)
        st.error(escape_markdown(filter_problem))

if not records:
    st.info("The store is empty: add reports in the sidebar, or run `reportqa ingest corpus/`.")

turns: list[Turn] = st.session_state.turns
passages = answerer.retriever.passages() if turns else []
by_chunk = {p.chunk_id: p for p in passages}
for i, past in enumerate(turns):
    render_turn(i, past, by_chunk, by_doc)

question = st.chat_input("Ask the reports…", disabled=not records)
if st.session_state.pending and not question:
    question = st.session_state.pending
st.session_state.pending = None

if question:
    close_source()
    index = len(turns)
    with st.chat_message("user"):
        st.markdown(escape_markdown(question))
    with st.chat_message("assistant"):
        turn = ask_turn(answerer, question, k, filters, filter_problem)
        turns.append(turn)
        with st.container(key=f"turn-{index}"):
            if turn.answer is None:
                st.error(escape_markdown(turn.error or "No answer."))
            else:
                if not by_chunk:
                    passages = answerer.retriever.passages()
                    by_chunk = {p.chunk_id: p for p in passages}
                render_answer(index, turn.answer, by_chunk, by_doc)
elif not turns and records:
    key = tuple(sorted((r.doc_id, r.content_hash) for r in records))
    offered = suggestions(SETTINGS_JSON, key)
    if offered:
        st.markdown("**Try one of these:**")
        for i, s in enumerate(offered):
            st.button(escape_markdown(s), key=f"suggest{i}", on_click=ask, args=(s,))

source = st.session_state.get(SOURCE_KEY)
if source and not question:
    turn = turns[source["turn"]] if source["turn"] < len(turns) else None
    cited = turn.answer.citations if turn is not None and turn.answer is not None else []
    citation = next((c for c in cited if c.n == source["n"]), None)
    if citation is None:
        close_source()
    else:
        source_dialog(citation, by_doc.get(citation.doc_id), passages, by_chunk, SETTINGS_JSON)

with st.sidebar:
    st.subheader("Conversation")
    answers = answered(turns)
    if answers:
        st.download_button(
            "Download as Markdown",
            data=conversation_markdown(answers, filters=filters_of(turns), documents=records),
            file_name="reportqa-conversation.md",
            mime="text/markdown",
            on_click="ignore",
        )
    else:
        st.caption("Questions and answers will be downloadable as Markdown.")
    if turns and st.button("Clear conversation"):
        st.session_state.turns = []
        close_source()
        st.rerun()
    st.toggle("Show timings", key="show_timings", help="Time taken by each answer, per step.")
