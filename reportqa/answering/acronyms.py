"""Questions that ask what an acronym stands for, and the words of a report that spell
it out."""

from __future__ import annotations

import re
from functools import lru_cache

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
    "of" may come between them): "Tidal Survey Office" for TSO."""
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
            after = words[j + 1] if j + 1 < len(words) else ""
            # "and" before "Allotments" in "Parks and Allotments Office" (PAO) joins
            # the capitalised words; it stands for no letter
            joins = w.lower() in _CONNECTORS and w.islower() and after[:1] == letters[k] and used
            # a later word may be in lower case ("Log Mean Divisia index"), not in a
            # two-letter acronym, where that would find any two words
            if joins:
                used.append(w)
            elif w[0].upper() == letters[k] and (w[0].isupper() or (k > 0 and len(letters) > 2)):
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


_DEFINED = re.compile(r"\(([A-Z][A-Za-z&]*[A-Z]\d*)\)")


@lru_cache(maxsize=8192)
def defined_in(text: str) -> tuple[tuple[str, str], ...]:
    """The acronyms a passage defines, with their long forms: "the Second Regional
    Conference on Fisheries (RCF2)" gives ("RCF2", "Regional Conference on Fisheries")."""
    found = []
    for m in _DEFINED.finditer(text):
        short = m.group(1)
        long = spell_out(re.sub(r"\d+$", "", short), text[max(0, m.start() - 160) : m.start()])
        if long:
            found.append((short, long))
    return tuple(dict(found).items())


def long_forms_used(sentence: str, passage: str) -> str:
    """The long forms of the acronyms ``sentence`` uses that its passage defined earlier
    ("RCF2 adopted the Harbour Charter" reads as the conference's name): what a reader
    of the passage knows the sentence speaks of."""
    return " ".join(
        long
        for short, long in defined_in(passage)
        if re.search(rf"\b{re.escape(short)}\b", sentence) and long not in sentence
    )
