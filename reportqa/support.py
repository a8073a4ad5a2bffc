"""How much of a generated sentence does the passage it cites actually say?

A model may cite a real passage for a sentence the passage does not support ("Kenya's
lead is explained by lax licensing rules [1]" citing a passage about market
shares). The number verifier only sees figures; this sees words. Support is the share of the
sentence's content words that the cited passage (its text, title, publisher, section and
notes) contains, each word weighted by how rare it is among the passages the model was
given: a word every passage has ("water", "district") says little, a word no passage has says
the sentence was invented. Paraphrase mostly keeps content words (stems and five-letter
prefixes are matched, so "vaccinated"/"vaccination" and "dominates"/"dominance" meet); an
unsupported sentence brings its own. The threshold is ``LLMSettings.support_threshold``,
chosen on a labelled set (``tests/fixtures/support.py``).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from reportqa.models import ScoredPassage
from reportqa.words import content_terms, stem, term_index

# Words with which a sentence attributes or frames what it says ("the passage notes", "the
# report suggests"): they are the sentence's own, not a claim the passage must contain.
_FRAMING = frozenset(
    stem(w)
    for w in (
        "passage passages source sources document documents text paper study studies note "
        "notes noted mention mentions mentioned indicate indicates indicated suggest suggests "
        "suggested show shows showed shown find finds found describe describes described "
        "argue argues argued highlight highlights highlighted explain explains explained "
        "write writes wrote written add adds added point points pointed estimate estimates "
        "estimated provide provides provided"
    ).split()
)


def sentence_terms(sentence: str) -> list[str]:
    """The sentence's content words (stems) that a passage must contain to support it."""
    return [
        t
        for t in dict.fromkeys(content_terms(sentence))
        if t not in _FRAMING and not any(ch.isdigit() for ch in t) and len(t) > 2
    ]


def support_text(passage: ScoredPassage) -> str:
    """What a citation of the passage vouches for: its text, where it is from, its notes."""
    about = " ".join(
        x for x in (passage.title, passage.publisher, passage.date, passage.section) if x
    )
    notes = " ".join(f.text for f in passage.footnotes)
    return f"{about}\n{passage.text}\n{notes}"


@dataclass
class SupportScorer:
    """Scores sentences against the passages of one prompt (their words set the weights)."""

    texts: Sequence[str]

    def __post_init__(self) -> None:
        self._index = [term_index(t) for t in self.texts]
        self._df: dict[str, int] = {}
        for stems, _prefixes in self._index:
            for t in stems:
                self._df[t] = self._df.get(t, 0) + 1

    @classmethod
    def for_passages(cls, passages: Sequence[ScoredPassage]) -> SupportScorer:
        return cls([support_text(p) for p in passages])

    def weight(self, term: str) -> float:
        """Inverse document frequency over the prompt's passages; a word none has weighs most."""
        n = len(self.texts)
        return math.log(1.0 + (n + 1) / (self._df.get(term, 0) + 0.5))

    def support(self, sentence: str, cited: Sequence[int]) -> float | None:
        """Weighted share of the sentence's content words found in the cited passages
        (0-based indices into ``texts``); None when the sentence has no content word."""
        terms = sentence_terms(sentence)
        if not terms:
            return None
        stems: set[str] = set()
        prefixes: set[str] = set()
        for i in cited:
            s, p = self._index[i]
            stems |= s
            prefixes |= p
        total = found = 0.0
        for t in terms:
            w = self.weight(t)
            total += w
            if t in stems or (len(t) >= 5 and t[:5] in prefixes):
                found += w
        return found / total
