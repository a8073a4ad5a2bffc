"""Questions that ask what an acronym stands for, and the words of a report that spell
it out."""

from __future__ import annotations

import re

_STANDS_FOR = re.compile(
    r"\b(?i:what|which words?)\s+(?:does|do|did)\s+(?:the\s+)?(?:acronym\s+|abbreviation\s+)?"
    r"([A-Z][A-Za-z&.]*[A-Z])\s+(?:stand|stands)\s+for\b"
    r"|\b(?i:what)\s+is\s+([A-Z][A-Za-z&.]*[A-Z])\s+(?:short|an?\s+(?:acronym|abbreviation))\s+for\b",
)


_CONNECTORS = {"and", "of", "for", "the", "on", "in", "&"}


def asked_expansion(question: str) -> str | None:
    """The acronym a question asks to spell out ("What does FAF stand for?"), if any."""
    m = _STANDS_FOR.search(question)
    return (m.group(1) or m.group(2)) if m else None


def spell_out(short: str, text: str) -> str | None:
    """The words of ``text`` whose initials spell ``short`` (connectors such as "and" and
    "of" may come between them): "Freight Analysis Framework" for FAF."""
    letters = [ch for ch in short.upper() if ch.isalpha()]
    if len(letters) < 2:
        return None
    found = list(re.finditer(r"[A-Za-z][\w’'-]*|&", text))
    words = [m.group(0) for m in found]
    for i, first in enumerate(words):
        if not first[0].isupper() or first[0] != letters[0]:
            continue
        k, j, used = 0, i, []
        while j < len(words) and k < len(letters):
            w = words[j]
            # a later word may be in lower case ("Log Mean Divisia index"), not in a
            # two-letter acronym, where that would find any two words
            if w[0].upper() == letters[k] and (w[0].isupper() or (k > 0 and len(letters) > 2)):
                used.append(w)
                k += 1
            elif w.lower() in _CONNECTORS and used:
                used.append(w)
            else:
                break
            j += 1
        if k == len(letters) and used[-1].lower() not in _CONNECTORS:
            return text[found[i].start() : found[i + len(used) - 1].end()]  # as written
    return None
