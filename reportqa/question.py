"""What a question asks for: the quantity, year, supply-chain stage, entity and intent.

Enough understanding to pick the right sentence among retrieved passages and to know
when two sentences from different reports speak of the same quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from reportqa.numbers import find_years

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
GENERIC = {
    "rare",
    "earth",
    "earths",
    "element",
    "elements",
    "ree",
    "rees",
    "global",
    "world",
    "world's",
    "china",
    "china's",
    "chinese",
    "supply",
    "chain",
    "chains",
    "year",
    "years",
    "country",
    "countries",
    "source",
    "sources",
    "cite",
    "cited",
    "cites",
    "reference",
    "references",
    "based",
    "come",
}
STAGES: dict[str, tuple[str, ...]] = {
    "mining": ("mining", "mine", "mined", "extraction", "mine production", "mine output"),
    "processing": (
        "processing",
        "refining",
        "refined",
        "refine",
        "refiner",
        "separation",
        "separating",
        "smelting",
    ),
    "magnets": ("magnet", "magnets", "ndfeb", "sintered"),
    "recycling": ("recycling", "recycled", "recycle"),
    "imports": ("import", "imports", "imported"),
    "exports": ("export", "exports", "exported"),
    "reserves": ("reserves", "reserve"),
    # material held in store: neither mined nor in the ground ("stockpiles held by ...")
    "stockpiles": ("stockpile", "stockpiles", "stockpiled"),
    "quota": ("quota", "quotas"),
}
ENTITIES: dict[str, tuple[str, ...]] = {
    "China": ("china", "china's", "chinese", "beijing"),
    "US": ("us", "u.s.", "united states", "american", "america", "us'"),
    "UK": ("uk", "united kingdom", "britain", "british"),
    "Japan": ("japan", "japanese"),
    "Myanmar": ("myanmar", "burma"),
    "Australia": ("australia", "australian"),
    "Malaysia": ("malaysia", "malaysian"),
    "EU": ("eu", "europe", "european"),
}
_UNIT_CUES: list[tuple[str, str]] = [
    (r"\b(which|what) year\b", "year"),
    (r"\b(what|which|on what) (date|day)\b", "date"),
    (r"\bhow long\b|\bhow many (days|weeks|months|years)\b|\byears to\b", "duration"),
    (r"\b(parts per million|ppm)\b", "ppm"),
    (
        r"\b(shares?|percent|percentage|per cent|proportion|%|how much of|rate|levy|"
        r"threshold|growth)\b",
        "%",
    ),
    (
        r"\b(cost|costs|invest|invested|investment|capital|prices?|dollars|billion|"
        r"spend|spent|funding|fund|budget|committed)\b",
        "money",
    ),
    (r"\b(tonnes|tons|tonnage|how much .*(produce|mine|import|export)|volume)\b", "t"),
]
# Words that ask for tonnes only in a "what/how much" question: "Which producer increased
# output?" asks for a producer, not a figure.
_WEAK_TONNES = re.compile(r"\b(quotas?|reserves|production|output|capacity)\b")
_ASKS_ENTITY = re.compile(r"^\s*(which|who|whom|whose|where|when)\b", re.I)
_SOURCE_CUE = re.compile(
    r"\b(source|sources|cited|cite|cites|reference|referenced|where does .* come from|"
    r"according to (which|what|whom)|who (says|reported|estimates)|based on what)\b",
    re.I,
)
_LIST_CUE = re.compile(
    r"^\s*(which|what|name|list)\s+([\w'’-]+\s+){0,6}?(elements|companies|countries|sectors|"
    r"stages|constraints|members|firms|entities|groups|announcements)\b",
    re.I,
)
_MONTHS = set(
    "january february march april may june july august september october november december".split()
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


_STAGE_RES = {
    stage: re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b")
    for stage, words in STAGES.items()
}
_ENTITY_RES = {
    name: re.compile(
        r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in words if w != "us") + r")(?![\w])"
    )
    for name, words in ENTITIES.items()
}
_US = re.compile(r"(?<![\w.])(US|U\.S\.)(?![\w])")  # only the country, written in capitals


@lru_cache(maxsize=16384)
def stages_in(text: str) -> frozenset[str]:
    low = f" {text.lower()} "
    return frozenset(stage for stage, pattern in _STAGE_RES.items() if pattern.search(low))


@lru_cache(maxsize=16384)
def entities_in(text: str) -> frozenset[str]:
    low = f" {text.lower()} "
    found = {name for name, pattern in _ENTITY_RES.items() if pattern.search(low)}
    if _US.search(text):
        found.add("US")
    return frozenset(found)


# Countries known by two names, as reports and statistical tables write them (USGS tables
# still say "Burma"): a search for one name also looks for the other. Only names that mean
# nothing else are here ("US" is also a pronoun), by their telling words ("Czech Republic"
# by "czech": "republic" would find the People's Republic of China).
COUNTRY_NAMES: tuple[tuple[str, ...], ...] = (
    ("myanmar", "burma"),
    ("türkiye", "turkey"),
    ("czechia", "czech"),
    ("eswatini", "swaziland"),
    ("côte d'ivoire", "ivory coast"),
    ("timor-leste", "east timor"),
    ("cabo verde", "cape verde"),
    ("drc", "congo"),
)
_COUNTRY_NAME_RE = re.compile(
    r"(?<![\w-])("
    + "|".join(re.escape(n) for names in COUNTRY_NAMES for n in names)
    + r")(?![\w-])"
)


def other_country_names(text: str) -> list[str]:
    """The other names of the countries ``text`` names ("Myanmar" -> ["burma"])."""
    found = {m.group(1) for m in _COUNTRY_NAME_RE.finditer(text.lower())}
    return [n for names in COUNTRY_NAMES if found & set(names) for n in names if n not in found]


# The materials a question or a sentence can be about. A rare earth element is also a
# rare earth: a sentence on dysprosium prices speaks to a question on rare earth prices.
RARE_EARTH_ELEMENTS = (
    "lanthanum cerium praseodymium neodymium promethium samarium europium gadolinium "
    "terbium dysprosium holmium erbium thulium ytterbium lutetium yttrium scandium"
).split()
OTHER_MATERIALS = (
    "lithium cobalt nickel copper graphite manganese tin tungsten titanium zinc gallium "
    "germanium antimony vanadium platinum palladium rhodium uranium aluminium aluminum "
    "bauxite niobium tantalum magnesium indium bismuth chromium molybdenum zirconium "
    "hafnium tellurium beryllium helium potash phosphate"
).split()
_MATERIAL_RE = re.compile(
    r"\b(rare[\s-]+earths?|rees?|reo|ndfeb|"
    + "|".join(RARE_EARTH_ELEMENTS + OTHER_MATERIALS)
    + r"|iron ore)\b"
)


@lru_cache(maxsize=16384)
def materials_in(text: str) -> frozenset[str]:
    """The materials ``text`` names: "rare earths" (for the group or any of its elements),
    each element by name, and other minerals and metals."""
    found: set[str] = set()
    for m in _MATERIAL_RE.finditer(text.lower()):
        word = m.group(1)
        if word in OTHER_MATERIALS or word == "iron ore":
            found.add("aluminium" if word == "aluminum" else word)
            continue
        found.add("rare earths")
        if word in RARE_EARTH_ELEMENTS:
            found.add(word)
    return frozenset(found)


QUESTION_FORM = {"long", "take", "need", "needed", "set", "located", "attribute", "major", "one"}


def acronym_in(acronym: str, text: str) -> bool:
    """'USGS' is spelled out as 'U.S. Geological Survey': initials of capitalised words."""
    letters = acronym.replace(".", "").upper()
    if len(letters) < 2:
        return False
    initials = "".join(
        "".join(ch for ch in w if ch.isupper()) if "." in w else w[0]
        for w in re.findall(r"[A-Z][\w.]*", text)
    )
    return letters in initials


def names_in(question: str) -> list[str]:
    """Proper names the question asks about (Vietnam, MP Materials, JOGMEC), as terms.

    A passage that answers must speak of them; a name no report mentions means the
    reports do not cover the question.
    """
    words = re.findall(r"[A-Za-z][\w&’'./]*", question)
    aliases = {w for names in ENTITIES.values() for w in names}
    out = []
    for i, w in enumerate(words):
        w = re.sub(r"['’]s$", "", w).strip(".'’")
        if not w or not (w[0].isupper() or w.isupper()):
            continue
        if (i == 0 and not w.isupper()) or w.lower() in _MONTHS or w.lower() in aliases:
            continue
        for t in content_terms(w):
            if t not in {stem(g) for g in GENERIC} and t not in out:
                out.append(t)
    return out


def name_runs(question: str) -> list[tuple[list[str], str]]:
    """Multi-word names of a question with their initials: ("Less Common Metals", "LCM").

    Reports often write such a name once and its initials afterwards.
    """
    runs = []
    for m in re.finditer(r"(?:[A-Z][a-z]+\s+(?:of\s+|and\s+)?){1,4}[A-Z][a-z]+", question):
        words = [w for w in m.group(0).split() if w[0].isupper()]
        terms = [t for w in words for t in content_terms(w)]
        runs.append((terms, "".join(w[0] for w in words)))
    return runs


@dataclass
class QuestionFrame:
    text: str
    terms: list[str]
    unit: str | None
    years: list[int]
    stages: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    intent: str = "text"  # numeric | year | date | source | list | text
    materials: frozenset[str] = frozenset()

    def speaks_of_another_material(self, text: str) -> bool:
        """``text`` names materials and none the question asks about: a sentence on
        lithium recycling does not answer a question on rare earth recycling."""
        named = materials_in(text)
        return bool(self.materials and named and not self.materials & named)

    @property
    def specific_terms(self) -> list[str]:
        """Terms that must be found for the corpus to be about this question."""
        generic = {stem(w) for w in GENERIC}
        return [t for t in self.terms if t not in generic and len(t) > 2]


def analyse(question: str) -> QuestionFrame:
    unit = None
    low = question.lower()
    for pattern, cue_unit in _UNIT_CUES:
        if re.search(pattern, low):
            unit = cue_unit
            break
    if unit is None and _WEAK_TONNES.search(low) and not _ASKS_ENTITY.search(question):
        unit = "t"
    if unit is None and re.search(r"\bhow many\b", low):
        unit = "count"
    if _SOURCE_CUE.search(question):
        intent = "source"
    elif unit in ("year", "date"):
        intent = unit
    elif _LIST_CUE.search(question):
        intent = "list"
    elif unit is not None:
        intent = "numeric"
    else:
        intent = "text"
    return QuestionFrame(
        text=question,
        terms=content_terms(question),
        unit=unit,
        years=find_years(question),
        stages=stages_in(question),
        entities=entities_in(question),
        intent=intent,
        materials=materials_in(question),
    )
