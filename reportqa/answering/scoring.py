"""How well a sentence answers a question: one score per candidate, to rank them.

The score adds up what a reader looks for: the question's telling words, the report it
names, the figure it quotes, the asked unit, stage, actor and year; and takes off for a
name left out or a sentence scoped to another place.
"""

from __future__ import annotations

import re
from functools import lru_cache

from reportqa.answering.acronyms import long_forms_used
from reportqa.answering.candidates import Candidate
from reportqa.answering.lens import STRUCTURE_REF, Lens
from reportqa.answering.novelty import asks_for_a_name, new_names
from reportqa.answering.question import HOW_MANY_PHRASE, QuestionFrame, entities_in, stages_in
from reportqa.config import ScoreWeights
from reportqa.numbers import (
    Quantity,
    find_quantities,
    find_years,
    is_currency,
    same_period,
    year_spans,
)
from reportqa.words import content_terms, stem

DURATIONS = {"minutes", "hours", "days", "weeks", "months", "years"}


# the lower-case words right after a figure ("390 basis points"; not "42 Federal Response")
# a name or an acronym may come between ("28 EU/EEA countries", "700,000 Bayline riders")
# the phrase runs on to its head ("4 120 confirmed malaria cases were …"), up to a word
# that starts another phrase
_PHRASE_GOES_ON = (
    r"(?:\s+[A-Z][\w/&.-]*)?(?:\s+(?:and|or))?\s+"  # past a name, or "poor or failed"
    r"(?!(?:a|an|the|of|in|per|was|were|is|are|be|been|has|have|had|and|or|to|for|from|"
    r"with|by|on|at|as|than|that|which|who|this|these|those)\b)([a-z][\w-]*)"
)
_WORDS_AFTER = re.compile(
    r"\s*(?:[A-Z][\w/&.-]*\s+)?([a-z][\w-]*)"
    + "".join(f"(?:{_PHRASE_GOES_ON}" for _ in range(4))
    + ")?" * 4
)


_WEIGHTS = ScoreWeights()


def words_after(text: str, q: Quantity) -> list[str]:
    """The lower-case words right after a figure (past one name), up to five: what a
    bare figure counts ("700,000 passengers a day", "28 EU/EEA countries", "4 120
    confirmed malaria cases"), none when a sign follows."""
    m = _WORDS_AFTER.match(text[q.end : q.end + 80])
    return [w for w in m.groups() if w] if m else []


# units a figure carries written with it ("%", "$", "g"), never named by the words after it
_WRITTEN_UNITS = ("%", "money", "g")


def names_asked_unit(frame: QuestionFrame, text: str, q: Quantity) -> bool:
    """ "390 basis points", "16 sectors": the words right after a bare figure name what
    it counts; when the question names them too, that is the unit it asks for."""
    if q.unit:
        return False
    counted = counted_terms(frame.text)
    if frame.unit in _WRITTEN_UNITS and not counted:
        return False  # a share, a sum of money, a mass is written as one: "10 highest
        # allocations" answers no "what percentage …" (but "how many basis points" names it)
    asked = counted or set(frame.terms)
    return any(stem(w.lower()) in asked for w in words_after(text, q))


def counted_terms(question: str) -> set[str]:
    """What a "how many" question counts (the stems of the words after it), or nothing."""
    m = HOW_MANY_PHRASE.search(question)
    return set(content_terms(m.group(1))) if m else set()


def counted_head(question: str) -> str | None:
    """The head of what a "how many" question counts, the last plural noun of its
    phrase: "malaria tests" counts tests, "measles deaths" deaths, "families live in …"
    families; None when no word of the phrase is plainly plural."""
    m = HOW_MANY_PHRASE.search(question)
    head = before = None
    for word in m.group(1).split() if m else []:
        low = word.strip("()").lower()
        if low in _IRREGULAR_PLURALS or (
            low.endswith("s") and not low.endswith(("ss", "is", "us")) and len(low) > 3
        ):
            terms = content_terms(low)
            head = terms[0] if terms else None
            if head in _CLASSIFIERS and before:
                head = before  # "park units" counts parks: "66 parks were closed"
        elif head is not None:
            break  # past the noun phrase: "families live …"
        else:
            terms = content_terms(low)
            before = terms[0] if terms else before
    return head


# nouns that only say things are counted one by one ("park units", "data items"): the
# word before them names what is counted
_CLASSIFIERS = frozenset(stem(w) for w in ("unit", "item", "entity", "piece", "instance"))


def counted_kind(question: str) -> set[str]:
    """The kind a "how many" question narrows its count to, the stems of the phrase after
    "of" ("how many cases of congenital measles": congenital, measles); empty when its
    phrase has no "of". Cases of another kind do not answer it."""
    m = HOW_MANY_PHRASE.search(question)
    after = _OF_PHRASE.match(question[m.end() :]) if m else None
    kind: list[str] = []
    for k, word in enumerate(after.group(1).split() if after else []):
        low = word.lower()
        if _ENDS_THE_PHRASE.fullmatch(low) or (k and low.endswith("ed")):
            break  # a verb: "of talks took place", "of cases reported"
        kind.append(word)
    return set(content_terms(" ".join(kind[:_KIND_WORDS])))


def rate_kind(question: str) -> tuple[str, str, tuple[str, ...]] | None:
    """The kind a rate or ratio asked is of, the noun right before it ("the unemployment
    rate", "what repo rate", "the average interest rate"), with the acronym the question
    gives the rate ("the call rate (WACR)") and the words naming whose rate it is ("the
    Federal Reserve's policy rate": a report may say "the Federal Reserve rate"): a rate
    of another kind does not answer. None when the question asks no such rate."""
    m = _RATE_OF_KIND.search(question)
    if m is None or m.group(2).lower() in _NOT_A_KIND:
        return None
    terms = content_terms(m.group(2))
    owners = tuple(content_terms(m.group(1)))
    return (terms[0], m.group(3) or "", owners) if terms else None


_RATE_OF_KIND = re.compile(
    r"\b(?:what|which|the)\s+((?:[\w.'’-]+\s+){0,2}?)([a-z][a-z-]{2,})\s+(?:rate|ratio)s?\b"
    r"(?:\s+\(([A-Z][A-Za-z]{1,7})\))?",
    re.I,
)
# words before "rate" that say which figure of the rate, not what it is a rate of
_NOT_A_KIND = frozenset(
    "average mean median annual monthly quarterly daily overall total current new high "
    "low higher lower highest lowest peak minimum maximum projected expected estimated "
    "actual real nominal effective headline".split()
)


_OF_PHRASE = re.compile(r"\s*of\s+([\w'’ -]+)")
_KIND_WORDS = 3
# what ends the phrase after "of": a preposition, an article, a relative, an auxiliary
# or one of the common verbs whose past is irregular
_ENDS_THE_PHRASE = re.compile(
    r"do|does|did|is|are|was|were|has|have|had|will|would|can|could|in|of|for|to|on|at|"
    r"by|with|from|during|per|since|after|before|the|a|an|that|which|who|took|made|came|"
    r"went|got|gave|held|met|left|became|began|saw|ran|won|lost|fell|rose|grew|took|"
    r"remain|remained|occur|occurred|take|make|get|receive|need"
)


_IRREGULAR_PLURALS = frozenset({"people", "children", "men", "women", "persons", "staff"})


def unit_matches(frame_unit: str | None, quantity_unit: str) -> bool:
    if frame_unit is None:
        return False
    if "|" in frame_unit:  # a change, in the thing's unit or in per cent
        return any(unit_matches(u, quantity_unit) for u in frame_unit.split("|"))
    if frame_unit == "money":
        return is_currency(quantity_unit.split("/")[0])
    if frame_unit == "duration":
        return quantity_unit in DURATIONS
    if frame_unit == "count":
        return quantity_unit in ("", "t")
    if frame_unit == "number":  # a size, in the unit the report gives: not a bare figure
        return quantity_unit not in ("", "x", "year", "date", *DURATIONS)
    if frame_unit == "score":  # points on a scale: a bare figure, never a share
        return quantity_unit in ("", "points")
    if frame_unit == "amount":  # a total, in the unit the report gives: no share of it
        return quantity_unit not in ("", "x", "year", "date", "%", "bp", *DURATIONS)
    if {frame_unit, quantity_unit} == {"%", "bp"}:
        return True  # a rate's change in basis points answers one asked in per cent
    if frame_unit == "ppm":
        return quantity_unit in ("", "ppm")
    return frame_unit == quantity_unit


def _term_overlap(frame: QuestionFrame, text: str, specific: float = 2.0) -> float:
    terms = set(frame.terms)
    if not terms:
        return 0.0
    have = set(content_terms(text))
    weights = {t: (specific if t in frame.specific_terms else 1.0) for t in terms}
    return sum(w for t, w in weights.items() if t in have) / sum(weights.values())


def features(frame: QuestionFrame, c: Candidate, lens: Lens | None = None) -> dict[str, float]:
    """What a reader looks for in the sentence ``c``, each sign by the name of its weight
    in :class:`ScoreWeights`: 1.0 for a sign present, a share or a score where it is
    graded. Kept apart from the weights so that they can be fitted on the dev split."""
    f: dict[str, float] = {}
    if lens is None:
        f["term_overlap"] = _term_overlap(frame, f"{c.context}\n{c.text}", _WEIGHTS.specific_term)
    else:
        f["coverage"] = lens.coverage(
            f"{c.window} {long_forms_used(c.text, c.passage.text)}", c.passage.doc_id
        )
        if lens.hints.doc_ids:
            f["named_report" if c.passage.doc_id in lens.hints.doc_ids else "other_report"] = 1.0
        if c.passage.chunk_id in lens.pointed_passages:
            f["pointed_table"] = 1.0
        if lens.names:
            where = f"{c.passage.section or ''} {c.passage.text}"
            missing = lens.missing_names(where, c.passage.doc_id)
            f["missing_name"] = len(missing) / len(lens.names)
    asked = quantities_of(frame.text)
    if asked and any(a.same_value(q) for a in asked for q in c.quantities):
        f["quoted_figure"] = 1.0  # the question quotes this very figure
    if frame.intent == "list" and c.text.count(",") + c.text.count(";") >= 3:
        f["enumeration"] = 1.0  # items set off by commas, or by semicolons
    f["passage"] = c.passage.score
    stages = stages_in(c.text)
    if frame.stages:
        f["same_stage" if frame.stages & stages else "other_stage"] = 1.0
    if frame.entities:
        f["same_actor" if frame.entities & entities_in(c.text) else "other_actor"] = 1.0
    years = find_years(c.text)
    if frame.years:
        # a financial year asked ("2026-27") is not met by another holding one of its years
        other_span = bool(year_spans(frame.text)) and not same_period(frame.text, c.text)
        if set(frame.years) & set(years) and not other_span:
            f["same_year"] = 1.0
        elif years:
            f["other_year"] = 1.0
    if frame.intent == "numeric":
        of_unit = any(
            unit_matches(frame.unit, q.unit) or names_asked_unit(frame, c.text, q)
            for q in c.quantities
        )
        f["asked_unit" if of_unit else "no_asked_unit"] = 1.0
    if frame.intent == "text" and asks_for_a_name(frame.text):
        # "Which bank …?", "Who signed …?": the answer names someone the question does not
        f["new_name"] = 1.0 if new_names(frame.text, c.text) else 0.0
    if c.passage.kind == "table" and c.text.startswith(("Table", "Source", "Note")):
        f["caption_row"] = 1.0  # a caption or source line is not the answer row
    if c.passage.kind == "table" and _ASKS_A_TOTAL.search(frame.text):
        f["total_row"] = 1.0 if _TOTAL_LABEL.match(c.first_cell) else 0.0
    labels = numbered_labels(frame.text)
    # a table row's own label is its header's first cell and its first cell ("Type" and "4")
    row_label = _row_label(c) if labels else ""
    for word, number in labels:
        said = {m.group(1) for m in _label_pattern(word).finditer(row_label)}
        said = said or {m.group(1) for m in _label_pattern(word).finditer(c.window)}
        if number in said:
            f["same_label"] = 1.0
        elif said:
            f["other_label"] = 1.0
    return f


# a question on a whole ("the total output", "overall", "in all") and the label of the
# row that sums a table's items ("Total", "All regions", "Grand total")
_ASKS_A_TOTAL = re.compile(r"\b(?:total|overall|altogether|in all|combined)\b", re.I)
_TOTAL_LABEL = re.compile(r"\W*(?:grand\s+)?(?:total|all|overall|sum)\b", re.I)


def _row_label(c: Candidate) -> str:
    header = c.header
    if not header or "\t" not in c.text and "|" not in c.text:
        return ""
    return f"{header[0]} {c.first_cell}"


# a numbered label a question asks about: a capitalised word and its number ("Type 5",
# "Phase 4", "Tier 2"); a year is no label's number
_LABEL = re.compile(r"(?<!^)(?<![.?!]\s)\b([A-Z][a-z]{2,}|[A-Z]{2,})\s+(\d{1,2}[A-Za-z]?)\b")


def numbered_labels(question: str) -> list[tuple[str, str]]:
    return list(dict.fromkeys(_LABEL.findall(question)))


def gives_labels(question: str, text: str) -> bool:
    """Does ``text`` write every numbered label the question asks about ("SDG 4" where
    another report writes only "SDG 5" and "SDG 8")?"""
    return all(
        number in {m.group(1) for m in _label_pattern(word).finditer(text)}
        for word, number in numbered_labels(question)
    )


@lru_cache(maxsize=256)
def _label_pattern(word: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(word)}s?\s+(\d{{1,2}}[A-Za-z]?)\b")


def weighted(f: dict[str, float], w: ScoreWeights = _WEIGHTS) -> float:
    """The score of a sentence of features ``f``: each sign times its weight."""
    return sum(getattr(w, name) * value for name, value in f.items())


def content_score(c: Candidate, w: ScoreWeights = _WEIGHTS) -> float:
    """Its score without its passage's retrieval score: what the sentence itself says.
    Whether another sentence is a rival value or a second reading is judged on this;
    every sentence of a passage shares the retrieval score, which would blur shares."""
    return c.score - w.passage * c.features.get("passage", 0.0)


def score(
    frame: QuestionFrame, c: Candidate, lens: Lens | None = None, w: ScoreWeights = _WEIGHTS
) -> float:
    """How well the sentence ``c`` answers the question, by the weights ``w``: the
    question's words it covers (with ``lens``, weighted by the corpus), the report, the
    figure, year and unit asked."""
    return weighted(features(frame, c, lens), w)


@lru_cache(maxsize=4096)
def quantities_of(text: str) -> tuple[Quantity, ...]:
    """A question's figures, read once: every candidate sentence is checked against them."""
    return tuple(find_quantities(text))


# a sentence that opens on the place or body it speaks of: "In Bangladesh, ...", "• For
# the Northern Region, ..."
_OPENING_SCOPE = re.compile(
    r"^\W*(?:In|Across|For|At|Within)\s+(?:the\s+)?((?:[A-Z][\w’'-]+\s*){1,4}),"
)


def scoped_to_another_name(frame: QuestionFrame, c: Candidate) -> bool:
    """The sentence speaks of one named part ("In Bangladesh, UNICEF helped register 7.29
    million births") that the question does not name: a question that names no part
    asks about the whole."""
    if c.passage.kind != "prose":
        return False
    m = _OPENING_SCOPE.match(c.text)
    if m is None or STRUCTURE_REF.match(m.group(1)) or find_years(m.group(1)):
        return False
    named = set(content_terms(m.group(1)))
    return bool(named) and not named & set(frame.terms)
