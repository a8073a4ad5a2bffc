"""Who signed a report: the name and office set under a letter, a foreword or a note.

A signature block is a convention of print in any field: a valediction ("Sincerely
yours,") or nothing, then a person's name in capitalised words and the office they hold
("Daniel Garcia-Diaz Director, Financial Markets and Community Investment"; "Honourable
Minister A. B. Name MINISTER OF TRANSPORT"). It is read from that shape alone.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from reportqa.models import Passage

# closing a letter: the signature is the next lines
VALEDICTION = re.compile(
    r"^\s*(?:(?:yours\s+)?(?:sincerely|faithfully|truly|respectfully)(?:\s+yours)?|"
    r"(?:with\s+)?(?:kind|best|warm)\s+regards|regards)\s*,?\s*$",
    re.I,
)
# what stands before a signer's name: a form of address, or the office itself
_ADDRESS = re.compile(
    r"^(?:(?:the\s+)?(?:Right\s+)?Hono(?:u)?rable|Hon\.?|H\.\s?E\.|His Excellency|Her Excellency|"
    r"Dr\.?|Prof\.?|Professor|Mr\.?|Mrs\.?|Ms\.?|Sir|Dame)\s+",
    re.I,
)
# the offices people sign in, in any field (English titles of posts)
_OFFICE = re.compile(
    r"\b(?:Director|Deputy|Minister|Secretary|Statistician|Chair(?:man|woman|person)?|"
    r"President|Vice[- ]President|Commissioner|Governor|Administrator|Chief|Head|Manager|"
    r"Coordinator|Co-ordinator|Officer|Comptroller|Auditor|Ambassador|Mayor|Superintendent|"
    r"Registrar|Principal|Dean|Rector|Representative|Executive|Leader|Adviser|Advisor|"
    r"Inspector|Controller|Treasurer|Editor|Author)\b",
    re.I,
)
# a word of a person's name: "Garcia-Diaz", "O'Neill", "E.", "McKay" (not in capitals
# throughout: that is a heading's word)
_NAME_WORD = re.compile(r"(?!Dear\b)[A-Z](?:\.|[a-z]+(?:[-'’][A-Z]?[a-z]+)*|[a-z]*[A-Z][a-z]+)")
# the only small words a name and office may hold
_JOINERS = {"of", "and", "for", "the", "&", "on", "in"}
_MAX_WORDS = 30


def _office_at(words: list[str]) -> int | None:
    """Index of the first word naming an office, if any."""
    for i, w in enumerate(words):
        if _OFFICE.fullmatch(w.strip(",.;:")):
            return i
    return None


def signature_of(text: str, report: str = "") -> tuple[str, str] | None:
    """(name, office) when ``text`` is a signature block: a name of two to five
    capitalised words, then an office, every word capitalised but the joiners. With the
    ``report``'s text, half the words of the name must be words it never writes in lower
    case: "Local Emergency Manager" names a post, "Maria Okafor Director" a person."""
    line = " ".join(text.split())
    words = line.split()
    if not 3 <= len(words) <= _MAX_WORDS:
        return None
    for w in words:
        bare = w.strip(",.;:()")
        if not bare or bare.lower() in _JOINERS or bare[0].isupper() or bare[0].isdigit():
            continue
        return None  # a word in lower case: a sentence, not a signature
    rest = _ADDRESS.sub("", line)
    # "Minister A. B. Name": the office before the name is part of the form of address
    lead = rest.split()
    if lead and _OFFICE.fullmatch(lead[0].strip(",.")):
        rest = " ".join(lead[1:])
    words = rest.split()
    at = _office_at(words)
    if at is None or not 2 <= at <= 5:
        return None
    name = " ".join(words[:at]).strip(" ,")
    parts = name.replace(",", " ").split()
    if not all(_NAME_WORD.fullmatch(w) for w in parts):
        return None  # "LETTER FROM", "Dear Mr.", "Department/Agency": no person's name
    if report:
        spelled = [w.lower() for w in parts if len(w) > 2 and not w.endswith(".")]
        common = sum(1 for w in spelled if re.search(rf"\b{re.escape(w)}\b", report))
        if spelled and 2 * common > len(spelled):
            return None
    return name, " ".join(words[at:]).strip(" ,.")


def signatures(passages: Sequence[Passage], max_mentions: int = 3) -> list[Passage]:
    """A report's signature blocks, in its order (``passages`` of one report, in order).
    The passage after a valediction comes first: that one is signed for certain. A
    "name" the report writes more than ``max_mentions`` times is a body's or a
    programme's ("State Data Center Manager"), not a person signing."""
    signed: list[Passage] = []
    after: list[Passage] = []
    text = " ".join(" ".join(p.text.split()) for p in passages)
    low = text.lower()
    for i, p in enumerate(passages):
        if p.kind in ("footnotes", "table"):
            continue
        found = signature_of(p.text, text)
        if found is None or low.count(found[0].lower()) > max_mentions:
            continue
        before = passages[i - 1].text if i else ""
        (after if VALEDICTION.match(before.strip()) else signed).append(p)
    return after + signed
