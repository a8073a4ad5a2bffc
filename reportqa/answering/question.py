"""What a question asks for: the quantity, year, intent, and (with a field profile) the
stage, actors and things it names.

Enough understanding to pick the right sentence among retrieved passages and to know
when two sentences from different reports speak of the same quantity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from reportqa.lexicon import Lexicon, active, word_pattern
from reportqa.numbers import find_years
from reportqa.words import content_terms, generic_stems, stem

_UNIT_CUES: list[tuple[str, str]] = [
    (r"\b(which|what) year\b", "year"),
    (r"\b(what|which|on what) (date|day)\b", "date"),
    (r"\bhow long\b|\bhow many (hours|days|weeks|months|years)\b|\byears to\b", "duration"),
    (r"\b(parts per million|ppm)\b", "ppm"),
    (r"\b(basis points?|bps)\b", "bp"),
    (r"\bhow (?:many|much)\b.*\b(?:kilo|milli)?grams?\b|\bin (?:kilo|milli)?grams\b", "g"),
    (
        r"\b(shares?|percent|percentage|per cent|proportion|%|how much of|rate|levy|"
        r"threshold|growth|ratios?|prevalence)\b",
        "%",
    ),
    (
        # a money word before a measure's name is no money: "price index", "capital ratio"
        # ("spent" before its noun is no spending: "spent fuel", "spent grain")
        r"\b(cost|costs|invest|invested|investment|capital|prices?|dollars?|billion|"
        r"spend|spent(?!\s+(?!(?:on|in|for|by|to|from|at|during|over|per|about|nearly)\b)"
        r"[a-z])|funding|fund|budget|committed|payments?|wages?|salar(?:y|ies)|fees?|"
        r"fares?|fines?|revenues?)\b(?!\s+(?:index|indices|indexes|ratios?|rates?|inflation|growth)\b)",
        "money",
    ),
    (r"\b(tonnes|tons|tonnage|how much .*(produce|mine|import|export)|volume)\b", "t"),
]


# Words that ask for tonnes only in a "what/how much" question: "Which producer increased
# output?" asks for a producer, not a figure.
_WEAK_TONNES = re.compile(r"\b(quotas?|reserves|production|output|capacity)\b")


_ASKS_AMOUNT = re.compile(
    r"\bhow (?:much|many|large|big|high|far)\b|\b(?:what|which) (?:share|percentage|proportion|"
    r"amount|sum|value|level|rate|number|price|cost)\b"
)


_ASKS_SIZE = re.compile(r"\bhow (?:large|big)\b")
# "the", or a possessive: "Qatar's", "North Dakota's", "the agency's"
_DETERMINER = r"(?:the\s+|(?:[\w.&-]+\s+){0,3}?[\w.&-]+['’]s\s+)?"
# "What is the projected number of residents …?", "What 2050 population does …?", "What
# was the population of the county …?": a count, however the noun is dated or qualified
# ("Which population was surveyed?", "What population groups …?" ask for a thing)
_ASKS_A_COUNT = re.compile(
    rf"\bwhat\s+(?:(?:is|was|are|were|will be)\s+)?{_DETERMINER}(?:(?:19|20)\d\d\s+)?"
    r"(?:[a-z]+ed\s+|total\s+)?(?:number|population|count)"
    r"\s+(?:of|in|for|is|was|are|were|will|does|do|did|has|had)\b"
)
# "How much nitrogen do the drains carry?" (not "How much did output grow?": a change)
_HOW_MUCH = re.compile(r"\bhow much\b")
# "how much nitrogen …", "how much land …": a noun right after it, not a verb ("how much
# did …"), "of" ("how much of the budget") or a comparison ("how much more, higher …")
_HOW_MUCH_OF_A_THING = re.compile(
    r"\bhow much\s+(?!(?:of|do|does|did|is|are|was|were|has|have|had|will|would|can|could|"
    r"should|more|less|fewer|higher|lower|larger|smaller|bigger|greater|further|longer|"
    r"shorter|faster|slower|money|funding)\b)[a-z][\w-]*\s+(?:do|does|did|is|are|was|were|"
    r"has|have|had|will|would|can|could|should|remains?|remained|went|goes|flows?|flowed|"
    r"enters?|entered|reaches|reached|comes?|came)\b"
)
# "What is the average class size …?", "What was the median age …?": a figure counting
# what is asked (a money or a share word says so before); an age, a stay, a wait is a
# length of time
_ASKS_TYPICAL = re.compile(
    rf"\b(?:what|which) (?:is|was|are|were) {_DETERMINER}(?:simple |weighted )?"
    r"(?:median|mean|average|typical) ([a-z]+)"
    # "What average party size does the survey assume …?": the noun, then its verb
    r"|\bwhat (?:simple |weighted )?(?:median|mean|average|typical) ([a-z]+)(?: [a-z]+)? "
    r"(?:do|does|did|is|are|was|were|has|have|had|will|would)\b"
)
_LENGTH_OF_TIME = frozenset({"age", "duration", "time", "length", "period", "stay", "wait"})
# "What were total emissions …?", "What is the combined capacity …?": a sum is a figure,
# in whatever unit the report gives it, and never a share of it
_ASKS_A_SUM = re.compile(
    r"\b(?:what|which) (?:is|was|are|were|will be) (?:the )?(?:total|combined) (number\b)?"
)


# where the asking word stands: the question's start, or after a scene-setting phrase
# ("Besides class size, which …"), with the preposition it may take ("On which days …",
# "From which fields …")
_LEAD = (
    r"(?:^|[,;:])\s*(?:(?:on|in|at|from|for|to|by|under|with|of|into|through|during|"
    r"between|among|against|about|after|before|since|until)\s+)?"
)
_ASKS_ENTITY = re.compile(rf"{_LEAD}(which|who|whom|whose|where|when)\b", re.I)
# "What criteria does the fund use …?", "What programme was scaled up …?": the thing the
# noun after "what" names, unless that noun is itself a measure (see _names_a_thing)
_WHAT_NOUN = re.compile(
    rf"{_LEAD}what\s+([a-z-]+)\s+(?:do|does|did|is|are|was|were|has|have|had)\b", re.I
)
# "What kinds of other revenues …?": sorts of a thing, not an amount of it
_KINDS_OF = re.compile(r"\bwhat\s+(?:kinds?|types?|sorts?|forms?|categories)\s+of\b", re.I)
_MEASURE_NOUN = re.compile(
    r"^(?:share|percentage|proportion|amount|sum|value|level|rate|number|price|cost|percent|"
    r"fraction|total|size|figure|budget|volume|quantity|count|growth|allocation|spending|"
    r"revenue|income|loss|gain)(?:s|es)?$"
)


# "the five most significant sources of carbon dioxide", "the main source of income":
# where a thing comes from, ranked or counted, not where a report's claim comes from
_RANKED_SOURCES = re.compile(
    r"\b(?:two|three|four|five|six|seven|eight|nine|ten|\d+|main|major|largest|biggest|"
    r"greatest|primary|principal|key|leading|dominant|significant|important)\s+sources?\b",
    re.I,
)
# "…, as cited by the Committee?", "…, according to DOE figures cited in the review?":
# whose figure it is, not a question about sources
_ATTRIBUTION = re.compile(
    r",?\s*\bas (?:cited|quoted|reported|stated|given) (?:by|in)\b[^,?]*"
    r"|,?\s*\baccording to\b[^,?]*\b(?:cited|quoted|reported) (?:by|in)\b[^,?]*",
    re.I,
)
_SOURCE_CUE = re.compile(
    r"\b(source|sources|cited|cite|cites|reference|referenced|where does .* come from|"
    r"according to (which|what|whom)|who (says|reported|estimates)|based on what|"
    r"(which|what) (study|studies|survey|paper|article|publication|analysis|work)\b.*"
    r"\b(rel(y|ies|ied) on|draws? on|drew on|based on|cites?))\b",
    re.I,
)

# what only a question on where a claim comes from says: "What is the source for the
# figure …", "Which firm is the source of …", "According to which source …", "What
# source supports …"
_ASKS_A_SOURCE = re.compile(
    r"\bthe\s+sources?\s+(?:of|for)\b|\b(?:is|are|was|were)\s+the\s+sources?\b"
    r"|\baccording\s+to\s+(?:which|what|whom)\b|\b(?:what|which)\s+sources?\b",
    re.I,
)

# "By how much …", "How far …", "What share …": a figure is asked, whatever its unit
_ASKS_A_FIGURE = re.compile(
    r"\bhow\s+(?:much|many|far|long|large|big|high|low|wide|deep|often|fast)\b"
    r"|\bwhat\s+(?:share|percentage|proportion|fraction|number|amount)\b"
)


# "List the ...", "Name the ...", "Which three measures ...", "Which agencies were ...":
# a request for several things, read from the form of the question.
_LIST_CUE = re.compile(
    r"^\s*(?:list|name|enumerate)\b"
    rf"|{_LEAD}(?:which|what)\s+(?:(?:are|were)\s+the\s+)?"
    r"(?:two|three|four|five|six|seven|eight|nine|ten|\d+)\s"
    r"(?!(?:percent|per\s+cent|percentage|million|billion|thousand|years?|months?|days?)\b)"
    rf"|{_LEAD}(?:which|what)\s+(?:[\w'’-]+\s+){{0,2}}?(?:[\w'’-]{{3,}}(?<![siu])s|"
    # English plurals not in -s (a singular in -ss, -is or -us is none)
    r"criteria|phenomena|people|children|women|men)\s+"
    r"(?:are|were|have|had|did|do|does|will|would|could|can|should|must)\b",
    re.I,
)


_MONTHS = set(
    "january february march april may june july august september october november december".split()
)


@lru_cache(maxsize=8)
def _patterns(lexicon: Lexicon) -> dict[str, dict[str, re.Pattern[str]]]:
    """The lexicon's word groups as patterns, compiled once per profile."""
    out: dict[str, dict[str, re.Pattern[str]]] = {}
    for part in ("stages", "entities", "materials", "members"):
        groups: dict[str, tuple[str, ...]] = getattr(lexicon, part)
        compiled = {}
        for name, words in groups.items():
            # a short name that is also a word ("us", "eu") is the actor only in capitals
            lower = tuple(w for w in words if len(w) > 3 or part != "entities")
            pattern = word_pattern(lower)
            if pattern is not None:
                compiled[name] = pattern
        out[part] = compiled
    return out


@lru_cache(maxsize=8)
def _short_names(lexicon: Lexicon) -> dict[str, re.Pattern[str]]:
    out = {}
    for name, words in lexicon.entities.items():
        short = [w.upper() for w in words if len(w) <= 3]
        if short:
            out[name] = re.compile(
                r"(?<![\w.])(?:" + "|".join(re.escape(w) for w in short) + r")(?![\w])"
            )
    return out


def _found(part: str, text: str, lexicon: Lexicon) -> frozenset[str]:
    low = f" {text.lower()} "
    return frozenset(n for n, p in _patterns(lexicon)[part].items() if p.search(low))


def stages_in(text: str) -> frozenset[str]:
    """The kinds of quantity (the profile's stages) ``text`` speaks of."""
    return _stages_in(text, active())


def entities_in(text: str) -> frozenset[str]:
    """The profile's actors ``text`` names."""
    return _entities_in(text, active())


def materials_in(text: str) -> frozenset[str]:
    """The things (the profile's materials) ``text`` names: a group also when one of its
    members is named ("BCG" is also "vaccines"), and each member by name."""
    return _materials_in(text, active())


# cached per lexicon: one question may be read without the profile while another, in
# another thread, is read with it
@lru_cache(maxsize=16384)
def _stages_in(text: str, lexicon: Lexicon) -> frozenset[str]:
    return _found("stages", text, lexicon)


@lru_cache(maxsize=16384)
def _entities_in(text: str, lexicon: Lexicon) -> frozenset[str]:
    found = set(_found("entities", text, lexicon))
    for name, pattern in _short_names(lexicon).items():
        if pattern.search(text.replace("U.S.", "US").replace("U.K.", "UK").replace("E.U.", "EU")):
            found.add(name)
    return frozenset(found)


@lru_cache(maxsize=16384)
def _materials_in(text: str, lexicon: Lexicon) -> frozenset[str]:
    found = set(_found("materials", text, lexicon))
    for group, pattern in _patterns(lexicon)["members"].items():
        for m in pattern.finditer(f" {text.lower()} "):
            found.add(group)
            found.add(m.group(0))
    return frozenset(found)


def question_word_stems() -> frozenset[str]:
    return frozenset(stem(w) for w in active().question_words)


def clear_caches() -> None:
    """Forget analyses made under another lexicon."""
    for cached in (_stages_in, _entities_in, _materials_in):
        cached.cache_clear()


# "did the fund raise from …", "do syndicators manage?": the verb after do-support's
# subject, known by what follows it (a preposition, an article, the question's end)
_DO_SUPPORT_VERB = re.compile(
    r"\b(?:do|does|did)\s+(?:[\w'’.-]+\s+){1,6}?([a-z]+)"
    r"(?=\s+(?:to|from|on|in|into|for|of|with|by|at|about|as|over|under|up|out|the|a|an|"
    r"its|their|his|her|this|that|these|those)\b|\s+[\d$€£]|\s*[?,]|\s*$)"
)
# "which country stopped …", "what originally prompted …": a past form after the asked noun
_PAST_FORM = re.compile(r"\b([a-z]{3,}ed)\b")
# "how many members sit on …", "which agencies report to …": the verb right after the
# asked noun, before its preposition
_WH_NOUN_VERB = re.compile(
    r"^\s*(?:how\s+(?:many|much)|which|what)\s+[a-z]+\s+([a-z]+)"
    r"(?=\s+(?:to|from|on|in|into|for|with|by|at|about|up|out)\b)",
    re.I,
)
# "what two kinds of funds": the words that ask for sorts of a thing, not the thing
_SORT_NOUN = re.compile(r"\b(kinds?|types?|sorts?|forms?|categories|category)\s+of\b", re.I)


def verb_and_frame_stems(question: str) -> frozenset[str]:
    """The question's own verbs and sort-asking nouns ("raise", "stopped", "kinds"): a
    report says what is asked in its own verbs ("mobilized"), so their absence from a
    passage says nothing of whether it answers."""
    found = {m.group(1) for m in _DO_SUPPORT_VERB.finditer(question)}
    found |= {m.group(1) for m in _PAST_FORM.finditer(question)}
    found |= {m.group(1) for m in _WH_NOUN_VERB.finditer(question)}
    found |= {m.group(1).lower() for m in _SORT_NOUN.finditer(question)}
    found |= _PARTICLES & set(question.lower().split())
    return frozenset(stem(w.lower()) for w in found)


# the adverbs of phrasal verbs and compound prepositions ("out of", "set up", "cut back"):
# a report says the same with other words ("of", "founded", "reduced")
_PARTICLES = frozenset({"out", "up", "off", "down", "away", "back", "over"})


def acronym_in(acronym: str, text: str) -> bool:
    """'USGS' is spelled out as 'U.S. Geological Survey': initials of capitalised words;
    'TR2' as 'tidal range 2': the words' initials, in any case, and its number."""
    numbered = re.fullmatch(r"([A-Z.]+?)(\d+)", acronym)
    if numbered:
        letters = numbered.group(1).replace(".", "")
        words = r"\s+".join(rf"{re.escape(ch)}[\w’'-]*" for ch in letters)
        found = re.search(rf"\b{words}\s+{numbered.group(2)}\b", text, re.I)
        return len(letters) >= 2 and found is not None
    letters = acronym.replace(".", "").upper()
    if len(letters) < 2:
        return False
    initials = "".join(
        "".join(ch for ch in w if ch.isupper()) if "." in w else w[0]
        for w in re.findall(r"[A-Z][\w.]*", text)
    )
    return letters in initials


# titles before a person's name, which a report may leave out
_HONORIFICS = frozenset("dr mr mrs ms mx prof sir dame hon rev".split())


def names_in(question: str) -> list[str]:
    """Proper names the question asks about (Vietnam, MP Materials, JOGMEC), as terms.

    A passage that answers must speak of them; a name no report mentions means the
    reports do not cover the question.
    """
    words = re.findall(r"[A-Za-z][\w&’'./]*", question)
    aliases = {w for names in active().entities.values() for w in names}
    out = []
    for i, w in enumerate(words):
        w = re.sub(r"['’]s$", "", w).strip(".'’")
        if not w or not (w[0].isupper() or w.isupper()):
            continue
        if (i == 0 and not w.isupper()) or w.lower() in _MONTHS or w.lower() in aliases:
            continue
        if w.lower() in _HONORIFICS and not w.isupper():  # "Dr. Ma": the name is Ma
            continue
        generic = generic_stems()
        for t in content_terms(w):
            if t not in generic and t not in out:
                out.append(t)
    return out


def name_runs(question: str) -> list[tuple[list[str], str]]:
    """Multi-word names of a question with their initials: ("Less Common Metals", "LCM"),
    ("Department of Defense", "DoD").

    Reports often write such a name once and its initials afterwards.
    """
    runs = []
    word = r"[A-Z][a-z]+(?:-[A-Z][a-z]+)*"  # "Clarion-Clipperton": two initials
    for m in re.finditer(rf"(?:{word}\s+(?:of\s+|and\s+)?){{1,4}}{word}", question):
        words = m.group(0).split()
        terms = [t for w in words if w[0].isupper() for t in content_terms(w)]
        # a joining word's letter in lower case: "Department of Defense", "DoD"
        runs.append((terms, "".join(part[0] for w in words for part in w.split("-"))))
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
        generic = generic_stems()
        return [t for t in self.terms if t not in generic and len(t) > 2]


def _asks_for_listed(question: str) -> bool:
    """The profile's plural nouns that ask for a list ("Which elements ...")."""
    nouns = active().list_nouns
    if not nouns:
        return False
    m = re.match(r"^\s*(?:which|what)\s+((?:[\w'’-]+\s+){0,6}?)([\w'’-]+)\b", question, re.I)
    words = re.findall(r"[\w'’-]+", question.lower())[:9]
    return bool(m) and any(w in nouns for w in words)


_MONTH_YEAR = re.compile(
    r"\b(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december)\s+((?:19|20)\d\d)\b",
    re.I,
)


def asked_years(question: str) -> list[int]:
    """The years a question asks about. "The January 2023 update" dates a report; when the
    question gives another year too, that is the one asked."""
    years = find_years(question)
    dating = {int(m.group(1)) for m in _MONTH_YEAR.finditer(question)}
    # "the State Data Center's 2024 projections", "GAO's 2005 report": the year names the
    # report, as a month and year do
    dating |= {int(m.group(1)) for m in _YEAR_OF_A_REPORT.finditer(question)}
    rest = [y for y in years if y not in dating or question.count(str(y)) > 1]
    # "a cut from the 2008 baseline … for 2023": the year a change is measured from is a
    # reference, not the year asked, when the question asks another
    reference = {
        int(m.group("year") or m.group("year2")) for m in _REFERENCE_YEAR.finditer(question)
    }
    asked = [y for y in rest if y not in reference]
    return asked or rest or years


_YEAR_OF_A_REPORT = re.compile(
    # "GAO's 2005 Managing for Results report": a title's small words between its capitals
    r"\b((?:19|20)\d\d)\s+(?:[A-Z][\w&'’-]*\s+(?:(?:for|of|and|on|in|the|to)\s+)?){0,5}"
    r"(?i:report|review|projections|plan|outlook|"
    r"survey|update|edition|study|assessment|bulletin|brief|paper|evaluation|inquiry)\b"
)
_REFERENCE_YEAR = re.compile(
    r"\b(?P<year>(?:19|20)\d\d)\s+(?:baseline|base year|base|levels?|benchmark)\b"
    r"|\b(?:relative to|below|above)\s+(?:the\s+)?(?P<year2>(?:19|20)\d\d)\b",
    re.I,
)


def dating_months(question: str, years: list[int]) -> set[str]:
    """Stems of the months that date a report in the question ("the January 2023
    update" when 2025 is asked): words of the report's date, not of the subject."""
    return {
        stem(m.group(0).split()[0].lower())
        for m in _MONTH_YEAR.finditer(question)
        if int(m.group(1)) not in years
    }


# "By how much are prices expected to fall?": the size of a change, which reports give
# as a percentage as often as in the thing's own unit
_CHANGE_VERBS = (
    r"\b(?:fall|fell|fallen|rise|rose|risen|increase|increased|decrease|decreased|decline|"
    r"declined|grow|grew|grown|drop|dropped|cut|raise|raised|reduce|reduced|change|changed|"
    r"expand|expanded|shrink|shrank|contract|contracted|revise|revised|slow|slowed)\b"
)
_ASKS_CHANGE = re.compile(
    rf"\bby (?:how much|how many|what (?:amount|margin|proportion))\b.*{_CHANGE_VERBS}"
)
_HOW_MUCH_CHANGED = re.compile(rf"\bhow much\b.*{_CHANGE_VERBS}")


# a question whose asked thing is a span of time ("What plan period", "Which time
# frame"): a period, whatever money or share words the rest of it holds
_ASKS_PERIOD = re.compile(
    r"^\s*(?:what|which)\s+(?:[\w'’-]+\s+){0,4}?(?:period|time ?frame|time span|era)s?\b", re.I
)


# "cost-of-living adjustment", and a hyphened pair before the noun it qualifies ("the
# three plant-growth tiers" are tiers, not a growth)
_COMPOUND_MODIFIER = re.compile(
    r"\b[a-z]+(?:-(?:of|in|for|and|to)-[a-z]+)\b|\b[a-z]+-[a-z]+\b(?=\s+[a-z]{3,}\b)"
)


def _asks_for_a_thing(question: str) -> bool:
    """Who/which/where/when, or "what" and a noun that is no measure: a unit word further
    on ("fund", "price") names what the thing is about, not what the answer is. A noun
    that is a unit cue itself ("What levy …") still asks for a figure."""
    if _ASKS_ENTITY.search(question) or _KINDS_OF.search(question):
        return True
    m = _WHAT_NOUN.search(question)
    if m is None:
        return False
    noun = m.group(1).lower()
    return not _MEASURE_NOUN.match(noun) and not any(
        re.search(pattern, noun) for pattern, _ in _UNIT_CUES
    )


# "in dollars and as a share of assets", "compared with the nonprofits", "each", "both":
# the question asks for two or more values, which are no disagreement
_SEVERAL_VALUES = re.compile(
    r"\b(?:versus|vs\.?|compared (?:with|to)|as opposed to|respectively|both)\b"
    r"|\beach\b(?!\s+(?:year|month|week|day|quarter)\b)"
    r"|\band\s+(?:as|in)\s+(?:a\s+|the\s+)?(?:share|percentage|per\s?cent|proportion|terms)\b"
    r"|,?\s+and\s+(?:how|what|at what|by how|which)\b"
    # "for men aged 15-24 and for women aged 15-24": the same measure of two groups
    r"|\b(for|in|of|among)\s+[^?]{1,60}?\s+and\s+\1\s",
    re.I,
)


def asks_for_several_values(question: str) -> bool:
    """Whether the question asks for two or more values at once."""
    return bool(_SEVERAL_VALUES.search(question))


# a run of two or more capitalised words after the first: a name ("the Global Education
# Thematic Fund", "International Monetary Fund"), whose words are no unit cues unless the
# question asks how much or how many
_NAME_RUN = re.compile(r"(?<=\s)(?:[A-Z][\w'’&-]*\s+(?:of\s+|and\s+|for\s+)?)+[A-Z][\w'’&-]*")


# "what/which" and the words of the noun it asks for, up to the verb (the question may
# open on a phrase: "To raise the response rate, what payment …")
_ASKED_NOUN = re.compile(
    rf"{_LEAD}(?:what|which)\s+((?:(?!(?:do|does|did|is|are|was|were|has|have|had|will|would|"
    r"can|could|should|must|of|in|for|to|on|at|by)\b)[\w'’-]+\s+){1,4})"
)


# "how many" and the noun phrase it counts, up to the verb or a preposition: "how many
# variable rate mortgage auctions did …" counts auctions, "how many deaths from measles"
# deaths
HOW_MANY_PHRASE = re.compile(
    r"\bhow many\s+((?:(?!(?:do|does|did|is|are|was|were|has|have|had|will|would|can|could|"
    r"should|must|in|of|for|to|on|at|by|with|from|about|among|across|during|under|over|per|"
    r"within|between|since|after|before|a|an|the)\b)[\w'’()/-]+\s*){1,6})",
    re.I,
)


_HOW_MANY_DID = re.compile(
    r"\bhow many\s+(?:do|does|did|is|are|was|were|has|have|had|will|would|can|could)\b"
)
# "What was Poland's PISA mathematics score in 2006?": a score is a figure, in the
# points the report gives
_ASKS_A_SCORE = re.compile(
    rf"\bwhat (?:is|was|are|were|will be) {_DETERMINER}(?:[\w'’-]+\s+){{0,3}}?scores?\b"
)


# "What was the approach speed of the aircraft?", "What temperature did the river
# reach?": a physical measure is a figure, in the unit the report gives
_MEASURES = (
    r"(?:speeds?|velocit(?:y|ies)|heights?|altitudes?|elevations?|depths?|widths?|"
    r"distances?|temperatures?|diameters?|rainfall|wind speeds?)"
)
_ASKS_A_MEASURE = re.compile(
    rf"\bwhat (?:is|was|are|were|will be) {_DETERMINER}(?:[\w'’-]+\s+){{0,3}}?{_MEASURES}\b"
    rf"|\bwhat (?:[\w'’-]+\s+)?{_MEASURES}\s+(?:do|does|did|is|was|were|will|would|had|has)\b"
)


def _counts_a_thing(low: str) -> bool:
    """ "How many … auctions": a unit word inside the counted phrase ("rate" of "variable
    rate repo auctions") modifies its head; only a unit word at its end ("how many
    tonnes", "how many percentage points") names the unit."""
    if _HOW_MANY_DID.search(low):
        return True  # "Of the applications, how many did FHWA recommend?": of those named
    m = HOW_MANY_PHRASE.search(low)
    if m is None:
        return False
    words = m.group(1).split()
    tail = " ".join(words[-2:] if words[-1] in ("point", "points") else words[-1:])
    return not any(re.search(pattern, tail) for pattern, _ in _UNIT_CUES)


# the unit stated at the question's end: in brackets, or after a comma and "in"
_STATED_UNIT = re.compile(r"(?:\((?:in\s+)?([^()]{2,40})\)|,\s*in\s+([^,()?]{2,40}))\s*\??\s*$")


def _is_money_word(noun: str) -> bool:
    """Is ``noun`` a word for money, or the gerund of one ("spending" of "spend")?"""
    money = next(pattern for pattern, unit in _UNIT_CUES if unit == "money")
    return any(re.fullmatch(money, word) for word in (noun, noun.removesuffix("ing")))


def analyse(question: str) -> QuestionFrame:
    unit = None
    low = question.lower()
    cues = low
    if not _ASKS_AMOUNT.search(low):  # "What does the Harbour Fund report say about …?"
        cues = _NAME_RUN.sub(lambda m: " " * len(m.group(0)), question).lower()
    # a word inside a compound modifier is not what is measured: "cost-of-living
    # adjustment" asks for an adjustment, not a cost
    cues = _COMPOUND_MODIFIER.sub(lambda m: " " * len(m.group(0)), cues)
    # the noun the question asks for says the unit first: "What payment increase did
    # the team plan to raise the response rate?" asks for money, not a rate
    asked = _ASKED_NOUN.search(cues)
    # a unit the asker states at the end ("…, in metric tons?", "(in millions of rupees)")
    # is the unit, whatever other words cue
    stated = _STATED_UNIT.search(low)
    texts = [stated.group(1) or stated.group(2)] if stated else []
    texts += [asked.group(1), cues] if asked else [cues]
    for text in texts:
        unit = next((u for pattern, u in _UNIT_CUES if re.search(pattern, text)), None)
        if unit is not None:
            break
    if unit in ("%", "money") and _counts_a_thing(low):
        unit = "count"
    if unit not in (None, "year", "date") and _ASKS_PERIOD.search(question):
        unit = None  # "What Strategic Plan period do the funding contributions relate to?"
    if unit not in (None, "%", "year", "date") and _ASKS_CHANGE.search(low):
        unit = f"{unit}|%"  # a change of a price, a tonnage, a count: or in per cent
    # "Where/who/which ... fund(ing)?" asks for a place, a person or a thing: a unit word
    # in it makes it a figure only when the question also asks how much or how many
    if unit not in (None, "year", "date", "duration") and _asks_for_a_thing(question):
        if not _ASKS_AMOUNT.search(low):
            unit = None
    if unit is None and _WEAK_TONNES.search(low) and not _ASKS_ENTITY.search(question):
        unit = "t"
    if unit is None and (re.search(r"\bhow many\b", low) or _ASKS_A_COUNT.search(low)):
        unit = "count"
    total = _ASKS_A_SUM.search(low) if unit is None else None
    if total is not None:
        unit = "count" if total.group(1) else "amount"
    how_much = _HOW_MUCH.search(low) and not _HOW_MUCH_CHANGED.search(low)
    if unit is None and _ASKS_A_SCORE.search(low):
        unit = "score"  # points on a scale, written bare: "495 in 2006"
    if unit is None and _ASKS_A_MEASURE.search(low):
        unit = "number"
    if unit is None and how_much and _HOW_MUCH_OF_A_THING.search(low):
        # "How much nitrogen do the drains carry?": a quantity of the thing, in the unit
        # the report gives; a share of it ("about 1%") is not how much there is
        unit = "amount"
    if unit is None and (_ASKS_SIZE.search(low) or how_much):
        # "How large is the zone?": a figure, in the unit the report gives
        unit = "number"
    typical = _ASKS_TYPICAL.search(low) if unit is None else None
    if typical is not None:
        noun = typical.group(1) or typical.group(2)
        unit = "duration" if noun in _LENGTH_OF_TIME else "count"
        if _is_money_word(noun):
            # "the average spending per party", "the average cost": money, not a count
            unit = "money"
    # "…, as cited by the Committee?" says whose figure it is; it does not ask for a source
    attributed = _ATTRIBUTION.sub(" ", question)
    asks_source = _SOURCE_CUE.search(attributed) and not _RANKED_SOURCES.search(question)
    figure = unit not in (None, "year", "date") or _ASKS_A_FIGURE.search(low)
    if asks_source and figure and not _ASKS_A_SOURCE.search(question):
        # "How much of the city's energy comes from renewable sources?", "by how much did it
        # cut emissions from that source?": a figure is asked; the word names a thing
        asks_source = None
    if asks_source:
        intent = "source"
    elif unit in ("year", "date"):
        intent = unit
    elif (_LIST_CUE.search(question) or _asks_for_listed(question)) and not (
        _ASKS_AMOUNT.search(low) or _ASKS_A_COUNT.search(low)
    ):
        intent = "list"
    elif unit is not None:
        intent = "numeric"
    else:
        intent = "text"
    return QuestionFrame(
        text=question,
        terms=content_terms(question),
        unit=unit,
        years=asked_years(question),
        stages=stages_in(question),
        entities=entities_in(question),
        intent=intent,
        materials=materials_in(question),
    )
