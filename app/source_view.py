"""A citation read in its report: the passage around the quote, its neighbours, its notes.

The chat opens a citation in a source view. For a PDF the page image is drawn by
:mod:`app.page_image`; this module decides what is text: the report's passages in
reading order, which one holds the quote and where the quote sits in it (also in a
neighbouring passage that overlaps it), and every footnote of the sentence the quote
belongs to, not only those whose markers fall inside the quote itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from app.conversation import Highlight, location, quote_offsets
from reportqa.models import Citation, DocumentRecord, Footnote, Passage
from reportqa.text import find_markers, sentence_spans
from reportqa.wording import human_date, plural

PDF_SUFFIX = ".pdf"


# --------------------------------------------------------------------------- labels
def card_label(c: Citation) -> str:
    """How a source card is titled: '[1] Title — Publisher, May 2026 — p. 4 · Section'."""
    bib = ", ".join(x for x in (c.publisher, human_date(c.date)) if x)
    parts = [f"[{c.n}] {c.title or Path(c.source).name}"]
    if bib:
        parts.append(bib)
    where = location(c.model_copy(update={"section": None}) if c.section == c.title else c)
    if where:
        parts.append(where)
    return " — ".join(parts) + (" · related" if c.related else "")


def open_label(c: Citation, is_pdf: bool) -> str:
    """The card's button that opens the source view."""
    if is_pdf and c.page is not None:
        return f"Open page {c.page}"
    return "Read in the report"


# --------------------------------------------------------------------------- passages
def report_passages(passages: Iterable[Passage], doc_id: str) -> list[Passage]:
    """One report's passages in reading order (by where they start in its text)."""
    own = [p for p in passages if p.doc_id == doc_id]
    return sorted(own, key=lambda p: (p.char_start, p.char_end))


def cited_position(ordered: Sequence[Passage], c: Citation) -> int | None:
    """Index of the passage the citation was drawn from: its chunk, else the passage whose
    span holds the quote's start (None when the report no longer holds it)."""
    for i, p in enumerate(ordered):
        if p.chunk_id == c.chunk_id:
            return i
    for i, p in enumerate(ordered):
        if p.char_start <= c.char_start < p.char_end:
            return i
    return None


def quote_in(passage_text: str, passage_start: int, c: Citation) -> tuple[int, int] | None:
    """Where the citation's quote (or the part of it this passage holds) sits in a passage.

    Offsets are the report's, so a neighbouring passage that overlaps the cited one shows
    its share of the quote too; a passage whose text does not match the offsets (a table
    rebuilt from a flattened one) is searched for the quote instead.
    """
    a = max(c.char_start, passage_start) - passage_start
    b = min(c.char_end, passage_start + len(passage_text)) - passage_start
    if a < b:
        part = " ".join(passage_text[a:b].split())
        if part and part in " ".join(c.quote.split()):
            return a, b
    return quote_offsets(passage_text, c.quote)


def split_around(text: str, span: tuple[int, int] | None) -> Highlight:
    """``text`` cut at ``span`` (no highlight when there is none)."""
    if span is None:
        return Highlight(text, "", "")
    a, b = span
    return Highlight(text[:a], text[a:b], text[b:])


@dataclass(frozen=True)
class PassageView:
    """One passage of a report, as the source view shows it."""

    position: int  # index in the report's passages
    count: int
    passage: Passage
    highlight: Highlight

    @property
    def label(self) -> str:
        """'Passage 3 of 12 · p. 2 · Section' (whatever is known)."""
        where = location(self.passage)
        head = f"Passage {self.position + 1} of {self.count}"
        return f"{head} · {where}" if where else head

    @property
    def has_previous(self) -> bool:
        return self.position > 0

    @property
    def has_next(self) -> bool:
        return self.position + 1 < self.count


def passage_view(ordered: Sequence[Passage], position: int, c: Citation) -> PassageView:
    """The passage at ``position`` (clamped to the report), the quote marked where it is."""
    position = min(max(position, 0), len(ordered) - 1)
    p = ordered[position]
    return PassageView(
        position, len(ordered), p, split_around(p.text, quote_in(p.text, p.char_start, c))
    )


def cited_passage(c: Citation) -> PassageView:
    """The citation's own passage alone: the report is no longer in the store."""
    p = Passage(
        **c.model_dump(include=set(Passage.model_fields) - {"text", "char_start", "char_end"}),
        text=c.passage,
        char_start=c.char_start,
        char_end=c.char_start + len(c.passage),
    )
    return PassageView(0, 1, p, split_around(c.passage, quote_offsets(c.passage, c.quote)))


# --------------------------------------------------------------------------- footnotes
def sentence_span(passage_text: str, quote: tuple[int, int]) -> tuple[int, int]:
    """The whole sentence(s) a quote at ``quote`` belongs to (its trailing markers too)."""
    a, b = quote
    spans = [(s, e) for s, e in sentence_spans(passage_text) if s < b and e > a]
    if not spans:
        return a, b
    return min(a, spans[0][0]), max(b, spans[-1][1])


def sentence_footnotes(c: Citation, passage: Passage | None) -> list[Footnote]:
    """Every footnote of the sentence the quote is part of, in marker order.

    The citation itself carries only the notes whose markers fall inside the quote; a
    clause quoted out of a sentence whose marker stands at its end loses its source. The
    passage knows the text of each note it cites, so the sentence's markers are looked up
    there. Related passages (an abstention's nearest) keep all their passage's notes.
    """
    if passage is None or c.related:
        return list(c.footnotes)
    where = quote_in(passage.text, passage.char_start, c)
    if where is None:
        return list(c.footnotes)
    a, b = sentence_span(passage.text, where)
    known = {f.n: f for f in [*passage.footnotes, *c.footnotes]}
    notes = [known[n] for n in find_markers(passage.text[a:b]) if n in known]
    seen = {f.n for f in notes}
    return notes + [f for f in c.footnotes if f.n not in seen]


def passage_of(passages: Iterable[Passage], c: Citation) -> Passage | None:
    """The stored passage a citation was drawn from (None once its report is removed)."""
    return next((p for p in passages if p.chunk_id == c.chunk_id), None)


# --------------------------------------------------------------------------- the file
def is_pdf(record: DocumentRecord | None, c: Citation) -> bool:
    source = record.path if record is not None else c.source
    return Path(source).suffix.lower() == PDF_SUFFIX


def pdf_file(record: DocumentRecord | None) -> Path | None:
    """The PDF a page can be drawn from: the registered file, if it is still there."""
    if record is None or Path(record.path).suffix.lower() != PDF_SUFFIX:
        return None
    path = Path(record.path)
    return path if path.is_file() else None


def page_caption(page: int, pages: int | None, marked: int, cited: bool = True) -> str:
    """Under a drawn page: 'Page 2 of 3 · the quote is marked (2 lines)', or on the cited
    page, that it could not be found there (the passage text below still shows it)."""
    of = f" of {pages}" if pages else ""
    if marked:
        return f"Page {page}{of} · the quote is marked ({plural(marked, 'line')})"
    if cited:
        return f"Page {page}{of} · the quote could not be located on the page image"
    return f"Page {page}{of}"
