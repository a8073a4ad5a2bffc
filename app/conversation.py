"""What the chat page needs that is not layout: safe text, highlights, suggestions, export.

The Streamlit page only lays out widgets; everything it shows that involves a decision
(where a quote sits in its passage, which questions to suggest, how a conversation reads
as Markdown, whether an upload is acceptable, which filters the sidebar means) lives here,
so the CLI or a test can do the same without a browser.

Report text is untrusted: a report may contain ``<script>`` or Markdown that would change
the page. :func:`escape_markdown` makes any text render literally in Streamlit Markdown.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from reportqa.filters import BadFilter
from reportqa.filters import build_filters as core_filters
from reportqa.markdown_text import markdown_literal
from reportqa.models import Answer, Citation, DocumentRecord, Passage, RetrievalFilters
from reportqa.question_input import question_problem
from reportqa.wording import human_date, human_time, plural

_PUNCTUATION = set(string.punctuation)
# What the loaders read (ingest.loaders.SUPPORTED_SUFFIXES; the core does not import ingest).
SUPPORTED_SUFFIXES = (".htm", ".html", ".markdown", ".md", ".pdf", ".txt")
UPLOAD_TYPES = [s.lstrip(".") for s in SUPPORTED_SUFFIXES]


# --------------------------------------------------------------------------- safe text
def escape_markdown(text: str) -> str:
    """Text that Streamlit Markdown shows literally: no HTML, links, emphasis, LaTeX, emoji.

    CommonMark lets any ASCII punctuation be backslash-escaped, so every punctuation
    character is; leading indentation (which would start a code block) is dropped, tabs
    become wide spaces and line breaks stay line breaks.
    """
    lines = []
    for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = line.lstrip(" ").replace("\t", "\u2003")
        lines.append("".join("\\" + ch if ch in _PUNCTUATION else ch for ch in line))
    return "  \n".join(lines)


def highlight_markdown(before: str, quote: str, after: str, colour: str = "orange") -> str:
    """Escaped Markdown of a passage with the quote on a coloured background, line by line."""
    marked = "  \n".join(
        f":{colour}-background[{part}]" if part.strip() else part
        for part in escape_markdown(quote).split("  \n")
    )
    return escape_markdown(before) + marked + _continuing(after)


def _continuing(text: str) -> str:
    """Escaped text that continues a line: its leading space is kept (escape_markdown drops
    the indentation of a line's start, which here would glue two words together)."""
    rest = text.lstrip(" ")
    return (" " if rest != text and rest else "") + escape_markdown(rest)


_MARKER = re.compile(r"\\\[(\d+)\\\]")


def answer_markdown(text: str) -> str:
    """The answer escaped, with its ``[n]`` markers shown as citation chips."""
    return _MARKER.sub(lambda m: f":blue-badge[{m.group(1)}]", escape_markdown(text))


DISAGREE_LEAD = "The reports disagree."


def answer_body(answer: Answer) -> str:
    """The answer text the page shows under its callout: a conflict's callout already says
    that the reports disagree, so the answer's own opening sentence saying so is left out
    (the text itself, as exported or drafted, keeps it)."""
    text = answer.answer
    if answer.status == "conflict" and text.startswith(DISAGREE_LEAD):
        return text[len(DISAGREE_LEAD) :].lstrip()
    return text


# --------------------------------------------------------------------------- highlights
@dataclass(frozen=True)
class Highlight:
    """The passage cut around its quote: ``before + quote + after == passage``."""

    before: str
    quote: str
    after: str

    @property
    def found(self) -> bool:
        return bool(self.quote)


def quote_offsets(passage: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` sits in ``passage`` (exactly, else ignoring whitespace differences)."""
    quote = quote.strip()
    if not quote:
        return None
    start = passage.find(quote)
    if start >= 0:
        return start, start + len(quote)
    words = quote.split()
    pattern = r"\s+".join(re.escape(w) for w in words)
    m = re.search(pattern, passage)
    return (m.start(), m.end()) if m else None


def highlight(citation: Citation) -> Highlight:
    """Split the citation's passage around its quote (no highlight if it cannot be found)."""
    where = quote_offsets(citation.passage, citation.quote)
    if where is None:
        return Highlight(citation.passage, "", "")
    a, b = where
    p = citation.passage
    return Highlight(p[:a], p[a:b], p[b:])


# --------------------------------------------------------------------------- labels
def location(ref: Citation | Passage) -> str:
    """'p. 4 · Section title' (whatever is known)."""
    parts = []
    if ref.page is not None:
        parts.append(f"p. {ref.page}")
    if ref.section:
        parts.append(ref.section)
    return " · ".join(parts)


def source_label(c: Citation) -> str:
    """One line naming a source: '[n] Title — Publisher, date — p. 4 · Section'."""
    bib = ", ".join(x for x in (c.publisher, c.date) if x)
    parts = [f"[{c.n}] {c.title or Path(c.source).name}"]
    if bib:
        parts.append(bib)
    where = location(c.model_copy(update={"section": None}) if c.section == c.title else c)
    if where:
        parts.append(where)
    return " — ".join(parts)


def conflict_lines(answer: Answer) -> list[str]:
    """Each conflicting value with its year and source, one plain-text line per value."""
    lines = []
    for conflict in answer.conflicts:
        for v in conflict.values:
            year = f" ({v.year})" if v.year else ""
            title = f" — {v.title}" if v.title else ""
            lines.append(f"{conflict.quantity}: {v.value}{year}{title} [{v.citation}]")
    return lines


# --------------------------------------------------------------------------- corpus status
@dataclass(frozen=True)
class CorpusStatus:
    documents: int
    chunks: int
    last_ingest: str | None

    def describe(self) -> str:
        """'4 reports, 161 passages; last added 29 Nov 2026, 17:36' (local time)."""
        when = f"; last added {human_time(self.last_ingest)}" if self.last_ingest else ""
        return f"{plural(self.documents, 'report')}, {plural(self.chunks, 'passage')}{when}"


def corpus_status(records: Sequence[DocumentRecord]) -> CorpusStatus:
    stamps = [r.ingested_at for r in records if r.ingested_at]
    return CorpusStatus(len(records), sum(r.chunks for r in records), max(stamps, default=None))


def document_label(record: DocumentRecord) -> str:
    """How a report is named in the sidebar: 'Title (Publisher, May 2026)'."""
    bib = ", ".join(x for x in (record.publisher, human_date(record.date)) if x)
    title = record.title or Path(record.source).name
    return f"{title} ({bib})" if bib else title


# --------------------------------------------------------------------------- filters
class FilterError(ValueError):
    """A sidebar value the user must correct (shown as one line, in the form's words)."""


# The sidebar's date fields: labels of the form and the names its errors use.
DATE_FROM = "Dated from"
DATE_UNTIL = "Dated until"


def build_filters(
    doc_ids: Iterable[str] = (),
    publishers: Iterable[str] = (),
    after: str | None = None,
    before: str | None = None,
) -> RetrievalFilters:
    """Sidebar choices as :class:`RetrievalFilters` (the rules of every entry point),
    a value to correct said in the form's words."""
    labels = {"after": DATE_FROM, "before": DATE_UNTIL}
    try:
        return core_filters(publishers, (), after, before, doc_ids=doc_ids)
    except BadFilter as exc:
        if exc.field in labels:
            raise FilterError(f"“{labels[exc.field]}” {exc.reason}, not “{exc.value}”") from exc
        raise FilterError(f"“{DATE_FROM}” is later than “{DATE_UNTIL}”: {exc.reason}") from exc


def check_question(question: str) -> str | None:
    """Why a question cannot be asked (None when it can): the rule of every entry point,
    said as a sentence."""
    problem = question_problem(question)
    return f"{problem[0].upper()}{problem[1:]}." if problem else None


# --------------------------------------------------------------------------- uploads
def check_upload(name: str, size: int, max_mb: float) -> str | None:
    """Why an uploaded file is refused before ingest (None when it may go on)."""
    suffix = Path(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        allowed = ", ".join(sorted(SUPPORTED_SUFFIXES))
        return f"{name}: unsupported type {suffix or '(none)'} (allowed: {allowed})"
    if size == 0:
        return f"{name}: the file is empty"
    if size > max_mb * 1024 * 1024:
        return f"{name}: {size / 1024 / 1024:.1f} MB is over the {max_mb:g} MB limit"
    return None


def safe_upload_name(name: str) -> str:
    """A file name that cannot escape the upload folder or hide itself."""
    base = Path(name.replace("\\", "/")).name
    stem = re.sub(r"[^\w.-]+", "_", Path(base).stem).strip("._") or "upload"
    return f"{stem}{Path(base).suffix.lower()}"


# --------------------------------------------------------------------------- suggestions
_SHARE = re.compile(
    r"\b(?P<subj>[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?)\s+"
    r"(?:accounted for|accounts for|accounting for|commanded|commands|held|holds|controlled"
    r"|controls|produced|produces|supplied|supplies)\s+(?:[a-z]+\s+){0,2}?"
    r"\d{1,3}(?:\.\d+)?\s?(?:%|per ?cent)\s+of\s+(?P<what>(?:[^.,;:()\n]|[.,](?=\d)){4,70}?)"
    r"(?=\s+(?:in|by|as of|between|during)\s+(?:19|20)\d{2}|[.,](?!\d)|[;:(\n]|\s+and\b|$)"
)
_YEAR_AFTER = re.compile(r"\s+(?:in|by|as of|during)\s+((?:19|20)\d{2})")


def suggested_questions(passages: Iterable[Passage], limit: int = 4) -> list[str]:
    """Questions the corpus can answer, drawn from shares the reports state.

    "China accounted for 91% of global rare earth refining in 2024" becomes "What share of
    global rare earth refining did China account for in 2024?", so the empty chat offers
    questions with real answers. One question per phrase; documents take turns. Reports
    that state no shares offer their section headings instead ("What do the reports say
    about Export controls?").
    """
    passages = list(passages)
    per_doc: dict[str, list[str]] = {}
    seen: set[str] = set()
    for p in passages:
        if p.kind == "footnotes":
            continue
        for m in _SHARE.finditer(p.text):
            what = " ".join(m.group("what").split())
            subject = m.group("subj")
            if len(what.split()) < 2 or subject.split()[0] in ("The", "This", "These", "In"):
                continue
            year = _YEAR_AFTER.match(p.text, m.end())
            if year:
                q = f"What share of {what} did {subject} account for in {year.group(1)}?"
            else:
                q = f"What share of {what} does {subject} account for?"
            if q.lower() in seen:
                continue
            seen.add(q.lower())
            per_doc.setdefault(p.doc_id, []).append(q)
    headings: dict[str, list[str]] = {}
    for p in passages:
        section = " ".join((p.section or "").split())
        if p.doc_id in per_doc or not _usable_heading(section, p.title):
            continue
        q = f"What do the reports say about {section}?"
        if q.lower() not in seen:
            seen.add(q.lower())
            headings.setdefault(p.doc_id, []).append(q)
    out = _take_turns(per_doc, limit)
    return out + _take_turns(headings, limit - len(out))


def _take_turns(per_doc: dict[str, list[str]], limit: int) -> list[str]:
    """Up to ``limit`` questions, one document after another, round after round."""
    out: list[str] = []
    queues = [list(v) for _, v in sorted(per_doc.items())]
    while len(out) < limit and any(queues):
        for q in queues:
            if q and len(out) < limit:
                out.append(q.pop(0))
    return out


def _usable_heading(section: str, title: str | None) -> bool:
    """A heading that reads as a topic: 2-8 words, not the title, not a table/figure caption."""
    words = section.split()
    if not 2 <= len(words) <= 8 or section == (title or "").strip():
        return False
    return not re.match(r"(?i)(table|figure|fig\.|references|notes|contents)\b", section)


# --------------------------------------------------------------------------- export
FiltersUsed = RetrievalFilters | Sequence[RetrievalFilters | None] | None


def describe_filters(
    filters: RetrievalFilters | None, documents: Sequence[DocumentRecord] = ()
) -> str:
    """The filters an answer was drawn under, in words: 'none — all reports' when empty;
    reports are named by their title, with their id."""
    if filters is None:
        return "not recorded"
    if filters.is_empty():
        return "none — all reports"
    by_id = {r.doc_id: r for r in documents}
    parts = []
    if filters.publishers:
        parts.append("publishers: " + ", ".join(filters.publishers))
    if filters.doc_ids:
        names = [
            f"{by_id[d].title} ({d})" if d in by_id and by_id[d].title else d
            for d in filters.doc_ids
        ]
        parts.append("reports: " + ", ".join(names))
    if filters.after:
        parts.append(f"dated from {filters.after}")
    if filters.before:
        parts.append(f"dated until {filters.before}")
    return "; ".join(parts)


def _per_answer(filters: FiltersUsed, count: int) -> list[RetrievalFilters | None]:
    """One filter set per answer: the same for all, or the chat's own list (an answer whose
    filters were not kept is 'not recorded')."""
    if filters is None or isinstance(filters, RetrievalFilters):
        return [filters] * count
    listed = list(filters)[:count]
    return listed + [None] * (count - len(listed))


def _quote_block(text: str) -> str:
    return "\n".join(
        "> " + markdown_literal(line) if line.strip() else ">" for line in text.splitlines()
    )


def conversation_markdown(
    answers: Sequence[Answer],
    title: str = "reportqa conversation",
    *,
    filters: FiltersUsed = None,
    documents: Sequence[DocumentRecord] = (),
    exported_at: datetime | None = None,
) -> str:
    """The conversation as Markdown: when it was exported and under which filters
    (publishers, reports, dates), each question, answer, conflicts and citations, then a
    source list of every report cited.

    ``filters`` is one :class:`RetrievalFilters` for the whole conversation or one per
    answer (the sidebar may change between questions). Report text is escaped with
    backslashes, never HTML entities, so the file reads as the reports wrote it while no
    HTML, link or image in it is live in a Markdown viewer."""
    when = (exported_at or datetime.now(UTC)).astimezone(UTC)
    used = _per_answer(filters, len(answers))
    described = [describe_filters(f, documents) for f in used]
    same = len(set(described)) <= 1
    out = [f"# {markdown_literal(title)}", ""]
    out.append(f"Exported {when:%Y-%m-%d %H:%M} UTC; {len(answers)} questions.")
    if same:
        out.append(f"Filters: {markdown_literal(described[0] if described else 'none')}.")
    else:
        out.append("Filters: they changed during the conversation; each question names its own.")
    out.append("")
    sources: dict[str, Citation] = {}
    for i, a in enumerate(answers, start=1):
        out += [f"## Q{i}. {markdown_literal(a.question)}", ""]
        if a.understood_as and a.understood_as != a.question:  # a follow-up, read in full
            out += [f"*Understood as: {markdown_literal(a.understood_as)}*", ""]
        if not same:
            out += [f"*Filters: {markdown_literal(described[i - 1])}.*", ""]
        out += [markdown_literal(a.answer), ""]
        if a.notice:
            out += [f"*Note: {markdown_literal(a.notice)}*", ""]
        if a.status == "abstained":
            out += ["*The reports do not answer this question; related passages below.*", ""]
        lines = conflict_lines(a)
        if lines:
            out += ["**Sources disagree:**", ""]
            out += [f"- {markdown_literal(x)}" for x in lines] + [""]
        for c in a.citations:
            kind = "related" if c.related else "cited"
            label = markdown_literal(source_label(c)[len(f"[{c.n}] ") :])
            out += [f"[{c.n}] ({kind}) {label}", ""]
            out += [_quote_block(c.quote), ""]
            for f in c.footnotes:
                out += [f"- footnote {f.n}: {markdown_literal(f.text)}"]
            if c.footnotes:
                out.append("")
            sources.setdefault(c.doc_id, c)
    if sources:
        out += ["## Sources", ""]
        for c in sorted(sources.values(), key=lambda c: (c.title or c.source).lower()):
            bib = ", ".join(x for x in (c.publisher, c.date) if x)
            out.append(
                f"- {markdown_literal(c.title or c.source)}"
                + (f" — {markdown_literal(bib)}" if bib else "")
                + f" ({markdown_literal(c.source)})"
            )
        out.append("")
    return "\n".join(out)
