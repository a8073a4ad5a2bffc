"""Sentences that lean on the one before them.

A report often states a thing in one sentence and its figure in the next: "In Hungary,
71% of … compared to only 6% …. This tertiary-attainment gap of 65 percentage points is
one of the largest". The second sentence refers back ("This gap", "They", "The abatement
equipment" of the sentence before); quoted alone it does not say what it speaks of, and
an answer that quotes only the first leaves out what the second adds. This module says
which sentence refers back, by general grammar: a demonstrative or personal pronoun
opening it, or a definite noun phrase repeating a word of the sentence before.
"""

from __future__ import annotations

import re

from reportqa.answering.candidates import Candidate
from reportqa.words import content_terms

# a short phrase set off before the subject: "Today, they …", "In 2021, this …"
_LEAD_IN = r"^\W*(?:(?:[\w’'-]+\s+){0,3}[\w’'-]+,\s+)?"
# an opening that points back at what was just said
_POINTS_BACK = re.compile(
    _LEAD_IN + r"(?:this|these|that|those|they|their|its|such|both|the\s+same|of\s+these|"
    r"of\s+this|in\s+this\s+way|as\s+a\s+result)\b",
    re.I,
)
# "The abatement equipment was …": a definite noun phrase of common nouns opening the
# sentence ("The Kestrel Basin is …" names its subject in full: it stands on its own)
_DEFINITE_OPENING = re.compile(_LEAD_IN + r"(?i:the)\s+((?:[a-z][\w’'-]*\s+){0,2}[a-z][\w’'-]*)")


def refers_back(text: str, previous: str) -> bool:
    """Does the sentence ``text`` lean on ``previous``, the sentence before it?"""
    if not previous.strip():
        return False
    if _POINTS_BACK.match(text):
        return True
    m = _DEFINITE_OPENING.match(text)
    if m is None:
        return False
    said_before = set(content_terms(previous))
    opening = content_terms(m.group(1))
    return bool(opening) and opening[0] in said_before


def adjacent(passage_text: str, base: int, first: Candidate, second: Candidate) -> bool:
    """Are ``first`` and ``second`` next to each other in their passage, with nothing but
    spaces and note markers between them?"""
    if first.passage.chunk_id != second.passage.chunk_id or second.start < first.end:
        return False
    between = passage_text[first.end - base : second.start - base]
    return not re.sub(r"[\s\d\u00b9\u00b2\u00b3\u2070-\u2079*†‡]", "", between)


def sentence_before(c: Candidate, sentences: list[Candidate]) -> Candidate | None:
    """The sentence right before ``c`` in its passage, among ``sentences``."""
    text, base = c.passage.text, c.passage.char_start
    before = [s for s in sentences if s is not c and adjacent(text, base, s, c)]
    return max(before, key=lambda s: s.start, default=None)


def sentence_after(c: Candidate, sentences: list[Candidate]) -> Candidate | None:
    """The sentence right after ``c`` in its passage, among ``sentences``."""
    text, base = c.passage.text, c.passage.char_start
    after = [s for s in sentences if s is not c and adjacent(text, base, c, s)]
    return min(after, key=lambda s: s.start, default=None)
