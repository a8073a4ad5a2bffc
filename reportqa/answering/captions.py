"""A table's caption, retrieved, brings its table.

A table's rows say their figures in words a question seldom uses ("Citizens 6.4" under
"Table 4. Projected minimum common equity tier 1 capital ratio …"), so retrieval finds the
caption and misses the rows. Ingest files a table under its caption (the table passage's
section); the table whose caption was retrieved is read as if it had been retrieved too.
Only captions in the form of print ("Table 4.", "Table B-1:") are followed: a heading
that merely repeats words is no caption.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence

from reportqa.models import Passage, ScoredPassage, with_score

_CAPTION = re.compile(r"^\s*table\s+[a-z]?[\d.-]*\d[a-z]?\b", re.I)
_KEY_CHARS = 60  # a caption is known by its first characters (a PDF may cut it short)


def caption_key(text: str) -> str | None:
    """The caption a text opens with, normalised, or None when it opens with none."""
    if not _CAPTION.match(text):
        return None
    return " ".join(text.split()).lower()[:_KEY_CHARS]


def with_captioned_tables(
    passages: Sequence[ScoredPassage],
    shelf: Callable[[], Iterable[Passage]],
    discount: float,
) -> list[ScoredPassage]:
    """``passages`` and, after them, every table of the shelf (``shelf()``, read only
    when a caption was retrieved) whose caption one of them is, at the caption's score
    times ``discount``; a table retrieved already is not read twice."""
    out = list(passages)
    captions: dict[tuple[str, str], ScoredPassage] = {}
    for p in passages:
        key = caption_key(p.text) if p.kind != "table" else None
        if key is not None:
            captions.setdefault((p.doc_id, key), p)
    if not captions:
        return out
    seen = {p.chunk_id for p in passages}
    for table in shelf():
        if table.kind != "table" or table.chunk_id in seen or not table.section:
            continue
        key = caption_key(table.section)
        caption = captions.get((table.doc_id, key)) if key is not None else None
        if caption is not None:
            out.append(with_score(table, caption.score * discount))
            seen.add(table.chunk_id)
    return out


# a question's pointer at a table ("per Table 7", "in Table A-3 of …") and a caption's own
# number ("Table 7", "Table 7:", "TABLE A-3."): the same table when the numbers agree
_NUMBER = r"([a-z]?[.\-–]?\d+(?:[.\-–]\d+)*[a-z]?)\b"
_POINTED = re.compile(rf"\btable\s+{_NUMBER}", re.I)
_NUMBERED = re.compile(rf"^\s*table\s+{_NUMBER}", re.I)


def pointed_tables(question: str) -> set[str]:
    """The numbers of the tables a question points at ("Table 7" → "7", "Table A-3" →
    "a3"); none when it points at no table."""
    return {_table_number(m.group(1)) for m in _POINTED.finditer(question)}


def _table_number(raw: str) -> str:
    """One spelling of a table's number: "A-3", "A.3" and "A3" are the same table."""
    return re.sub(r"^([a-z])[.\-–]", r"\1", raw.lower().replace("–", "-"))


def table_number(passage: Passage) -> str | None:
    """The number of the table a passage opens with or is filed under, if it has one."""
    for text in (passage.text, passage.section or ""):
        m = _NUMBERED.match(text)
        if m:
            return _table_number(m.group(1))
    return None


def tables_pointed_at(
    shelf: Iterable[Passage], pointed: set[str], doc_ids: set[str]
) -> list[Passage]:
    """The passages of the tables numbered as the question points ("per Table 12") in
    the reports ``doc_ids``: retrieval seldom finds a table by its rows, but the analyst
    has said which one. A table set out over several passages is read whole: its
    numbered passage (or the caption set apart above it), then the passages of rows
    after it, until another caption, a passage of prose or a page more than one on."""
    if not pointed or not doc_ids:
        return []
    own = sorted((p for p in shelf if p.doc_id in doc_ids), key=lambda p: (p.doc_id, p.char_start))
    found: list[Passage] = []
    current: Passage | None = None  # the pointed table being read
    for p in own:
        number = table_number(p)
        if number is not None:  # a table, or a caption set apart from its rows
            caption = p.kind == "table" or "\n" not in p.text.strip()
            current = p if number in pointed and caption else None
        elif current is not None and not (
            p.kind == "table"
            and p.doc_id == current.doc_id
            and abs((p.page or 0) - (current.page or 0)) <= 1
        ):
            current = None
        if current is not None and p.kind == "table":
            found.append(p)
    return found
