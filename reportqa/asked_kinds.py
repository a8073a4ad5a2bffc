"""The parts of a report a question points at by their kind: "according to the partner
table", "in the box on commercial real estate", "the note on sources", "on the map".

Words of document structure, common to every field: the retriever lifts passages of the
kind named (tables, notes, boxes, figure labels), which plain similarity ranks low because
a table row or a map label shares few words and little meaning with a question.
"""

from __future__ import annotations

import re

from reportqa.models import PassageKind

_KIND_WORDS: tuple[tuple[PassageKind, re.Pattern[str]], ...] = (
    ("table", re.compile(r"\btables?\b|\btabulat", re.I)),
    ("footnotes", re.compile(r"\b(?:foot|end)?notes?\b", re.I)),
    ("box", re.compile(r"\b(?:text )?box(?:es)?\b|\bsidebars?\b|\bpanel\b", re.I)),
    (
        "figure",
        re.compile(
            r"\b(?:figures?|charts?|graphs?|maps?|diagrams?|infographics?|captions?)\b", re.I
        ),
    ),
)


def kinds_named(question: str) -> frozenset[PassageKind]:
    """The passage kinds a question names ("the partner contributions table" -> table)."""
    return frozenset(kind for kind, words in _KIND_WORDS if words.search(question))


# what a reader calls a passage of each kind, seeing it on the page
_KIND_NAMES: dict[str, str] = {
    "table": "table",
    "footnotes": "footnote note",
    "box": "box",
    "figure": "figure chart graph map diagram",
}


def kind_names(kind: str) -> str:
    """The words a question would name a passage of ``kind`` by ("" for prose)."""
    return _KIND_NAMES.get(kind, "")
