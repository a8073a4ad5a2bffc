"""Words as retrieval and answering both read them: tokens, stop words, Snowball stems,
a text's content terms, and the active profile's generic words and other names.

One module, so the BM25 index, the corpus statistics and the answerer stem alike.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

from reportqa.lexicon import Lexicon, active

STOPWORDS = set(
    """a an the of in on at to for by with from and or as is are was were be been being what
    which who whom whose when where why how much many does did do doing has have had having
    that this these those it its into over under than then there their they them he she his
    her our we you your i me my according report reports say says said stated state about
    per cent percent share hold held account accounted accounts give gives given figure
    figures number amount level total rate value much can could would should will may might
    between during after before since until whether any all some more most other such only
    just also not no nor so if".split()""".split()
)


def tokens(text: str) -> list[str]:
    text = re.sub(r"['’]s\b", "", text)
    words = re.findall(r"[\w'’.$%]+", text.lower().replace("-", " ").replace("\u2013", " "))
    return [t.strip("'’") for t in words if t.strip("'’.-")]


@lru_cache(maxsize=1)
def english_stemmer():  # -> Stemmer.Stemmer (Snowball, as BM25 tools use)
    """One Snowball stemmer for the answer layer and the BM25 index."""
    import Stemmer

    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """Snowball stem, so 'shares'/'share' and 'refined'/'refining' meet."""
    return english_stemmer().stemWord(word)


def content_terms(text: str) -> list[str]:
    return list(_content_terms(text))


@lru_cache(maxsize=16384)
def _content_terms(text: str) -> tuple[str, ...]:
    out = []
    for t in tokens(text):
        t = t.strip(".")
        if t and t not in STOPWORDS and not t.isdigit() and len(t) > 1:
            out.append(stem(t))
    return tuple(out)


@lru_cache(maxsize=16384)
def term_index(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The stems of ``text`` and their five-letter prefixes, cached per text."""
    have = frozenset(_content_terms(text))
    return have, frozenset(h[:5] for h in have if len(h) >= 5)


# English verbs of change, by direction: a question asking why notifications "fell" is
# answered by a sentence on their "decrease" (grammar, not a field's words)
_CHANGE_DOWN = frozenset(
    stem(w)
    for w in "fall fell fallen decrease decline drop shrink shrank reduce reduction dip "
    "dipped slump slumped plunge plunged".split()
)
_CHANGE_UP = frozenset(
    stem(w)
    for w in "rise rose risen increase grow grew grown climb expand surge surged "
    "jump jumped".split()
)


_NAME_ENDING = 3  # letters a name's other form adds: "Hungary" → "Hungarian"
_NAME_STEM = 5  # the shortest stem another form of a name is read from


def name_stems(term: str) -> list[str]:
    """The stems a name's other forms share with it: "hungarian" is "hungari" (Hungary)
    with an ending; "brazilian" is "brazil". Longest first; the name itself included."""
    shortest = max(_NAME_STEM, len(term) - _NAME_ENDING)
    return [term[:n] for n in range(len(term), shortest - 1, -1)] or [term]


# endings that make the name of a place's people, or its adjective, of the place's name
# (on stems: "norwegian", "swedish", "chines", "kenyan", "israeli")
_PEOPLE_ENDINGS = ("ian", "ish", "ese", "es", "an", "i")
_PEOPLE_SHARED = 4  # letters the two names must share at least
_PEOPLE_SLACK = (2, 3)  # letters past the shared ones: of the people's word, of the place


def people_of(asked: str, place: str) -> bool:
    """Is the stem ``asked`` the adjective of the place ``place`` ("norwegian" of
    "norway", "british" of "britain")? Not of another place that starts the same way
    ("austrian" is not of "australia")."""
    for ending in _PEOPLE_ENDINGS:
        base = asked[: -len(ending)]
        if not asked.endswith(ending) or len(base) < _PEOPLE_SHARED:
            continue
        shared = len(os.path.commonprefix([base, place]))
        if (
            shared >= _PEOPLE_SHARED
            and len(base) - shared <= _PEOPLE_SLACK[0]
            and len(place) - shared <= _PEOPLE_SLACK[1]
        ):
            return True
    return False


def same_change(term: str) -> frozenset[str]:
    """The stems saying the same direction of change as ``term`` (none if it says none)."""
    for group in (_CHANGE_DOWN, _CHANGE_UP):
        if term in group:
            return group
    return frozenset()


def generic_stems() -> frozenset[str]:
    """Words of the profile too common in its field to tell passages apart."""
    return _generic_stems(active())


@lru_cache(maxsize=8)
def _generic_stems(lexicon: Lexicon) -> frozenset[str]:
    return frozenset(stem(w) for w in lexicon.generic)


def other_names(text: str) -> list[str]:
    """The other names of the things ``text`` names, from the profile ("Eswatini" ->
    ["swaziland"]); none without a profile."""
    low = text.lower()
    out: list[str] = []
    for names in active().other_names:
        if any(re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", low) for n in names):
            out += [n for n in names if not re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", low)]
    return out


# --------------------------------------------------------------------------- acronyms

_CONNECTORS = {"and", "of", "for", "the", "on", "in", "&"}


def initialisms(text: str) -> list[str]:
    """The initials of each run of three to five words with no stop word in it, lower
    case: "institutional review board" may be written "IRB" by a report that never
    spells it out."""
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    out: list[str] = []
    for n in (3, 4, 5):
        for i in range(len(words) - n + 1):
            run = words[i : i + n]
            if not any(w.lower() in STOPWORDS for w in run):
                out.append("".join(w[0] for w in run).lower())
    return list(dict.fromkeys(out))


def spell_out(short: str, text: str) -> str | None:
    """The words of ``text`` whose initials spell ``short`` (connectors such as "and" and
    "of" may come between them): "Tidal Survey Office" for TSO."""
    letters = [ch for ch in short.upper() if ch.isalpha()]
    if len(letters) < 2:
        return None
    # a hyphenated word gives one letter ("Co-operation": OECD) or, its parts capitalised,
    # one each ("Services On-Line": SOL)
    return (
        _spelled_by(letters, text, r"[A-Za-z][\w’'-]*|&")
        or _spelled_by(letters, text, r"[A-Za-z][\w’']*|&")
        or _spelled_just_before(letters, text)
    )


def _spelled_by(letters: list[str], text: str, word: str) -> str | None:
    found = list(re.finditer(word, text))
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


def _spelled_just_before(letters: list[str], text: str) -> str | None:
    """A long form in lower case right before its acronym ("common equity tier 1 (CET1)"):
    the last words before the bracket, one a letter, digits after them as in the acronym.
    Three letters at least: two lower-case words spell too many pairs."""
    if len(letters) < 3:
        return None
    head = text.rstrip()
    bare = re.sub(r"\s*\d+$", "", head)
    found = list(re.finditer(r"[A-Za-z][\w’'-]*", bare))[-len(letters) :]
    if len(found) < len(letters) or found[-1].end() != len(bare):
        return None
    if any(m.group(0)[0].upper() != ch for m, ch in zip(found, letters, strict=True)):
        return None
    if any(m.group(0).lower() in _CONNECTORS | {"a", "an", "the"} for m in found):
        return None
    return head[found[0].start() :]


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
