"""Words as retrieval and answering both read them: tokens, stop words, Snowball stems,
a text's content terms, and the active profile's generic words and other names.

One module, so the BM25 index, the corpus statistics and the answerer stem alike.
"""

from __future__ import annotations

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
