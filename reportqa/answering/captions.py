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
