"""What a question asks for: the quantity, year, supply-chain stage, entity and intent.

Enough understanding to pick the right sentence among retrieved passages and to know
when two sentences from different reports speak of the same quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

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
    "magnets": ("magnet", "magnets"),
    "imports": ("import", "imports", "imported"),
    "exports": ("export", "exports", "exported"),
    "reserves": ("reserves", "reserve"),
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
    (r"\b(share|percent|percentage|per cent|proportion|%|what part|how much of)\b", "%"),
    (r"\b(tonnes|tons|tonnage|how much .*(produce|mine|import|export)|volume|quota)\b", "t"),
    (
        r"\b(cost|costs|invest|invested|investment|capital|price|dollars|\$|billion|million|"
        r"spend|spent|funding|fund)\b",
        "money",
    ),
    (r"\b(how long|how many (days|weeks|months|years)|days|years to)\b", "duration"),
]
_SOURCE_CUE = re.compile(
    r"\b(source|sources|cited|cite|cites|reference|referenced|where does .* come from|"
    r"according to (which|what|whom)|who (says|reported|estimates)|based on what)\b",
    re.I,
)
_LIST_CUE = re.compile(
    r"^\s*(which|what|name|list)\b.*\b(elements|companies|countries|"
    r"sectors|rare earths|seven|members|firms|entities)\b",
    re.I,
)


def tokens(text: str) -> list[str]:
    text = re.sub(r"['’]s\b", "", text)
    return [t.strip("'’") for t in re.findall(r"[\w'’.$%-]+", text.lower()) if t.strip("'’.-")]


def stem(word: str) -> str:
    """A crude plural/verb-ending strip: enough to match 'quotas'/'quota', 'refined'/'refine'."""
    for suffix in ("ies", "es", "s", "ed", "ing"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_terms(text: str) -> list[str]:
    out = []
    for t in tokens(text):
        t = t.strip(".")
        if t and t not in STOPWORDS and not t.isdigit() and len(t) > 1:
            out.append(stem(t))
    return out


def stages_in(text: str) -> set[str]:
    low = f" {text.lower()} "
    return {
        stage
        for stage, words in STAGES.items()
        if any(re.search(rf"\b{re.escape(w)}\b", low) for w in words)
    }


def entities_in(text: str) -> set[str]:
    low = f" {text.lower()} "
    found = set()
    for name, words in ENTITIES.items():
        for w in words:
            pattern = rf"(?<![\w.]){re.escape(w)}(?![\w])"
            if w == "us":  # only the country, written in capitals
                if re.search(r"(?<![\w.])(US|U\.S\.)(?![\w])", text):
                    found.add(name)
                continue
            if re.search(pattern, low):
                found.add(name)
    return found


@dataclass
class QuestionFrame:
    text: str
    terms: list[str]
    unit: str | None
    years: list[int]
    stages: set[str] = field(default_factory=set)
    entities: set[str] = field(default_factory=set)
    intent: str = "text"  # numeric | source | list | text

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
    if unit is None and re.search(r"\bhow many\b", low):
        unit = "count"
    if _SOURCE_CUE.search(question):
        intent = "source"
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
    )
