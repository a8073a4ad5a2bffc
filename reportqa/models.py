"""The data contracts shared by ingest, retrieval, the CLI and the app (see DESIGN.md)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

PassageKind = Literal["prose", "table", "footnotes", "box", "figure"]


def page_at(runs: list[tuple[int, int]] | None, offset: int) -> int | None:
    """The page of a character offset, from (offset, page) runs in ascending offsets."""
    if not runs:
        return None
    import bisect

    index = bisect.bisect_right([o for o, _ in runs], offset) - 1
    return runs[max(0, index)][1]


class Footnote(BaseModel):
    n: int
    text: str


class SourceRef(BaseModel):
    """Where a piece of text comes from: report, bibliographic data, page and section."""

    doc_id: str
    chunk_id: str
    title: str | None = None
    publisher: str | None = None
    date: str | None = None
    source: str
    page: int | None = None
    section: str | None = None


class Passage(SourceRef):
    """One chunk of a report; ``text == cleaned_document[char_start:char_end]``."""

    text: str
    char_start: int
    char_end: int
    footnotes: list[Footnote] = Field(default_factory=list)
    kind: PassageKind = "prose"
    # (offset, page) where the page changes inside the passage (PDFs); ``page`` is the first
    page_runs: list[tuple[int, int]] = Field(default_factory=list)

    def page_at(self, offset: int) -> int | None:
        """The page a quote starting at ``offset`` is printed on."""
        return page_at(self.page_runs, offset) or self.page

    def source_ref_at(self, offset: int) -> dict:
        """The SourceRef fields of a quote starting at ``offset``: its own page."""
        ref = self.model_dump(include=set(SourceRef.model_fields))
        ref["page"] = self.page_at(offset)
        return ref


class ScoredPassage(Passage):
    score: float = 0.0


def with_score(passage: Passage, score: float) -> ScoredPassage:
    """A scored copy; passages were validated when read from the store, so not again."""
    if isinstance(passage, ScoredPassage):
        return passage.model_copy(update={"score": score})  # shallow: a few microseconds
    return ScoredPassage.model_construct(**dict(passage), score=score)


class DocumentRecord(BaseModel):
    """What the store remembers about one ingested file (used to skip unchanged files)."""

    doc_id: str
    source: str
    path: str  # absolute path, to find files removed from an ingested folder
    content_hash: str
    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    kind: str | None = None
    url: str | None = None
    chunks: int = 0
    pages: int | None = None
    ingested_at: str | None = None


class RetrievalFilters(BaseModel):
    """Restrict retrieval to some reports; dates are ISO prefixes (YYYY, YYYY-MM, YYYY-MM-DD)."""

    publishers: list[str] = Field(default_factory=list)
    doc_ids: list[str] = Field(default_factory=list)
    after: str | None = None
    before: str | None = None

    def is_empty(self) -> bool:
        return not (self.publishers or self.doc_ids or self.after or self.before)


AnswerStatus = Literal["answered", "conflict", "abstained"]


class Citation(SourceRef):
    """One numbered source of an answer: the quote (a verbatim span) inside its passage."""

    n: int
    quote: str
    passage: str
    char_start: int
    char_end: int
    footnotes: list[Footnote] = Field(default_factory=list)
    score: float = 0.0
    related: bool = False  # shown as nearest passages of an abstention, not as support


class Claim(BaseModel):
    text: str
    value: float
    unit: str
    citation: int | None
    verified: bool


class ConflictValue(BaseModel):
    value: str
    year: int | None = None
    citation: int
    title: str | None = None


class Conflict(BaseModel):
    quantity: str
    values: list[ConflictValue]


class Answer(BaseModel):
    question: str
    status: AnswerStatus
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    conflicts: list[Conflict] = Field(default_factory=list)
    timings_ms: dict[str, float] = Field(default_factory=dict)
    # Set when the answer is not what was asked for: e.g. the LLM server failed and the
    # extractive answer is shown instead, or generated sentences were removed unverified.
    notice: str | None = None
    # A follow-up ("And what about Peru?") as read against the conversation: the full
    # question that was answered. None for a question answered as asked.
    understood_as: str | None = None
