"""Questions that ask what an acronym stands for, and the words of a report that spell
it out."""

from __future__ import annotations

import re

from reportqa.words import defined_in, spell_out

__all__ = ["asked_expansion", "defined_in", "long_forms_used", "spell_out"]

_STANDS_FOR = re.compile(
    r"\b(?i:what|which words?)\s+(?:does|do|did)\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+)?"
    r"([A-Z][A-Za-z&.]*[A-Z])\s+(?:stand|stands)\s+for\b"
    r"|\b(?i:what)\s+is\s+([A-Z][A-Za-z&.]*[A-Z])\s+(?:short|an?\s+(?:acronym|abbreviation))\s+for\b",
)


def asked_expansion(question: str) -> str | None:
    """The acronym a question asks to spell out ("What does FAF stand for?"), if any."""
    m = _STANDS_FOR.search(question)
    return (m.group(1) or m.group(2)) if m else None


def long_forms_used(sentence: str, passage: str) -> str:
    """The long forms of the acronyms ``sentence`` uses that its passage defined earlier
    ("RCF2 adopted the Harbour Charter" reads as the conference's name): what a reader
    of the passage knows the sentence speaks of."""
    return " ".join(
        long
        for short, long in defined_in(passage)
        if re.search(rf"\b{re.escape(short)}\b", sentence) and long not in sentence
    )
