"""What a figure measures, against what the question asks: the asked quantity, or a
share of another thing, another item of the kind, the whole of the kind, another year or
part of a year, another clause's subject.

A sentence may hold the asked unit and still answer nothing: these rules tell which of
its figures, if any, is the one asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from reportqa.answering.candidates import Candidate, group_label
from reportqa.answering.figures import caption_years, figure_clause, stage_of, years_of
from reportqa.answering.lens import Lens, same_name
from reportqa.answering.question import QuestionFrame, names_in
from reportqa.answering.scoring import (
    counted_head,
    counted_kind,
    counted_terms,
    names_asked_unit,
    quantities_of,
    rate_kind,
    unit_matches,
    words_after,
)
from reportqa.numbers import Quantity, find_years, spelled_counts
from reportqa.words import STOPWORDS, content_terms, term_index, tokens


def answering_quantity(
    frame: QuestionFrame, c: Candidate, any_unit: bool = False, lens: Lens | None = None
) -> Quantity | None:
    """A quantity of the asked unit that is not about another stage of the chain; with
    ``lens``, of several such the one whose own clause says most of the question ("a 0.4
    point upward revision …, due to rate hikes to a peak of 5.1 percent": the peak).

    With ``any_unit``, a figure of another unit than the one the question's wording
    suggests (a price index "at 160 points" for "what high did the price index reach"):
    the answerer takes it at a penalty when no figure of the suggested unit is as good."""
    found = list(_answering_quantities(frame, c, any_unit))
    if lens is None or len(found) < 2:
        return found[0] if found else None
    return max(found, key=lambda q: lens.coverage(figure_clause(c, q)))  # the first on a tie


def _answering_quantities(frame: QuestionFrame, c: Candidate, any_unit: bool) -> Iterator[Quantity]:
    if speaks_of_the_whole(frame, c) or averages_a_group(frame, c):
        return
    quantities = c.quantities
    if frame.unit == "count" and c.passage.kind != "table":
        worded = spelled_counts(c.text)  # "seven community lifelines": counting what is asked
        quantities = quantities + [q for q in worded if names_asked_unit(frame, c.text, q)]
    given = quantities_of(frame.text)
    for q in quantities:
        if any(g.same_value(q) for g in given):
            continue  # "How many residents aged 65 and over …?": the 65 is given, not asked
        if numbers_its_line(c.text, q) or _after_a_reference_label(c.text, q):
            continue  # "14. P.L. 119-4 …", "5. As the base effects fade …": a note's number
        if any_unit:
            if q.unit in ("year", "date") or is_marker_like(c.text, q):
                continue
        elif not (unit_matches(frame.unit, q.unit) or names_asked_unit(frame, c.text, q)):
            continue
        if not whole_if_counted(frame, q) or _rate_for_a_count(frame, c, q):
            continue
        if frame.unit in ("count", "score") and _names_a_kind(frame, c.text, q):
            continue  # "an 8-digit line", "85+": a kind of thing, not how many
        stages = stage_of(c, q)
        if frame.stages and stages and not frame.stages & stages:
            continue
        if not _year_fits(frame, c, q) or for_part_of_a_year(frame, c, q):
            continue
        if over_a_span_of_years(frame, c, q):
            continue
        if _share_of_another_thing(frame, c, q) or _counts_another_thing(frame, c, q):
            continue
        if _of_another_kind(frame, c, q) or _a_change_not_asked(frame, c, q):
            continue
        if _a_target_not_asked(frame, c, q):
            continue
        if _among_a_group_not_asked(frame, c, q) or _not_the_rate_asked(frame, c, q):
            continue
        yield q


# a figure aimed at, not reached: "a goal of … 90 percent", "met the target of $108.29"
_AIM_WORD = r"\b(?:targets?|goals?|aims?|objectives?|ambitions?|pledges?)\b"
_AIMED_AT = re.compile(rf"{_AIM_WORD}[^.;,:]{{0,80}}$", re.I)
_ASKS_AN_AIM = re.compile(rf"{_AIM_WORD}|\b(?:aim|aimed|pledged|committed|intend)\b", re.I)


def _a_target_not_asked(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """A target is not the level reached: "How large was the backlog?" is not answered by
    the goal set for it, unless the question asks for the target."""
    if _ASKS_AN_AIM.search(frame.text) or c.passage.kind == "table":
        return False
    return bool(_AIMED_AT.search(c.text[max(0, q.start - 90) : q.start]))


# a figure that is the size of a change: "increased $229.0 billion", "declined by 95
# bps", "up 1.1%", "a 2.9 percent increase"
_CHANGE_VERB = (
    r"(?:increas|decreas|declin|rise|rose|risen|rising|fell|fall|grew|grow|drop|cut|"
    r"reduc|lower|rais|gain|los|climb|jump|slid|shrank|shrunk|expand|contract)\w*"
)
_CHANGED_BY = re.compile(
    rf"\b(?:{_CHANGE_VERB}(?:\s+\w+ly)?\s+(?:by\s+)?|{_CHANGE_VERB}[^,.;:]{{0,40}}\bby\s+"
    # "up 2.4%" said of a level ("sales were up 2.4%", ", up 2.4% from"), not "made up 73%"
    r"|(?:^|[,;(\u2013\u2014]\s*|\b(?:is|are|was|were|be|been|being|remains?|remained)\s+)"
    r"(?:up|down)\s+(?:by\s+)?)"
    r"(?:(?:about|approximately|around|nearly|almost|some|over|more than|less than)\s+)?$",
    re.I,
)
_CHANGE_NOUN = re.compile(
    r"^\s*(?:\w+\s+)?(?:increase|decrease|rise|decline|drop|reduction|cut|gain|loss|growth|"
    r"jump|fall|hike)s?\b",
    re.I,
)
# a question about a change: its size, or whether and why something changed
_ASKS_A_CHANGE = re.compile(rf"\b(?:{_CHANGE_VERB}|chang\w*|growth|by how much)\b", re.I)


def _a_change_not_asked(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """A level is asked ("What were the department's total net costs?") and the figure
    is the size of a change ("net costs increased $229.0 billion"): another quantity."""
    if _ASKS_A_CHANGE.search(frame.text) or c.passage.kind == "table":
        return False
    before = c.text[max(0, q.start - 40) : q.start]
    return bool(_CHANGED_BY.search(before) or _CHANGE_NOUN.match(c.text[q.end : q.end + 30]))


def _of_another_kind(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """ "How many cases of congenital measles" is not answered by cases of measles, nor
    "how many grams of dietary fibre" by grams of salt: the kind after "of" is said where
    the figure is (its sentence, the one before, or its table column and row)."""
    kind = counted_kind(frame.text)
    rate = rate_kind(frame.text)
    if (not kind and not rate) or frame.unit is None:
        return False
    where = f"{c.window}\n{c.previous}"
    if c.passage.kind == "table":
        column, label = c.column_of(q)
        where = f"{where}\n{column}\n{label}"
    said = set(content_terms(where))
    if rate and not _says_the_kind(rate, said, where):
        return True  # "the unemployment rate" is not answered by a debt ratio
    return not kind <= said


def _says_the_kind(rate: tuple[str, str, tuple[str, ...]], said: set[str], where: str) -> bool:
    kind, short, owners = rate
    if short and re.search(rf"\b{re.escape(short)}\b", where):
        return True  # "WACR" for "the call rate (WACR)"
    for owner in owners:  # "the Federal Reserve rate" for "the Federal Reserve's policy rate"
        if re.search(rf"\b{re.escape(owner)}\w*(?:'s|’s)?\s+(?:rate|ratio)s?\b", where, re.I):
            return True
    return kind in said or (len(kind) >= 6 and any(t[:5] == kind[:5] for t in said))


# "1 of 8 cars", "3 of the 12 regions": a part counted of a whole of the things named after
_PART_OF = re.compile(
    r"\s+of\s+(?:the\s+|its\s+|their\s+)?[\d,.]+\s+([a-z][\w-]*)(?:\s+([a-z][\w-]*))?"
)


def _counts_another_thing(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """ "How many stations …?" is not answered by "700,000 passengers" nor by "1 of 8
    cars": a bare count followed by what it counts, none of it what the question counts."""
    if frame.unit != "count" or q.unit:
        return False
    head = counted_head(frame.text)
    if head == "time":  # "how many times …": how often, whatever the sentence calls each
        return False  # ("on 12 occasions", "12 visits")
    if c.passage.kind == "table":
        # a table's cells count what its caption, header or row says: "how many deaths"
        # is not answered by a table of cases
        if head is None:
            return False
        column, label = c.column_of(q)
        return head not in content_terms(f"{c.window}\n{column}\n{label}")
    part = _PART_OF.match(c.text[q.end : q.end + 60])
    words = [w for w in part.groups() if w] if part else words_after(c.text, q)
    asked = counted_terms(frame.text)
    if not asked or not words:
        return False
    counted = set(content_terms(words[0]))
    also = {t for w in words[1:] for t in content_terms(w)}  # "train stations"
    if head is not None:
        # "how many malaria tests" is not answered by "4 120 confirmed malaria cases":
        # the phrases share a word, but not the thing counted
        return bool(counted) and not any(_same_head(head, t) for t in counted | also)
    return bool(counted) and not (counted | also) & asked


_SHORTEST_HEAD = 4  # letters of the shorter word of a compound read as its head


def _same_head(asked: str, said: str) -> bool:
    """Do two stems name the same thing counted? A compound written as one word has the
    head of its last part: "microloans" are loans, "substations" stations."""
    short, long = sorted((asked, said), key=len)
    return short == long or (len(short) >= _SHORTEST_HEAD and long.endswith(short))


# "7.0 cases per 100 000 population", "3 deaths per 1,000": a rate, though it names what
# it counts
_PER_NUMBER = re.compile(r"\s*(?:[a-z][\w-]*\s+){0,3}per\s+\d[\d ,.]*\b", re.I)


def _rate_for_a_count(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """A figure per so many of a population is a rate: it answers no "how many"."""
    return frame.unit == "count" and not q.unit and bool(_PER_NUMBER.match(c.text[q.end :]))


def is_marker_like(text: str, q: Quantity) -> bool:
    """A bare figure glued to a word or after a section sign is a reference, not a value."""
    before = text[max(0, q.start - 1) : q.start]
    return not q.unit and (before.isalpha() or before in "§#")


# what numbers a document, a law or a part of one: "P.L. 117-328", "No. 12", "Vol. 3"
_REFERENCE_LABEL = re.compile(
    r"(?:\b(?:[A-Z]\.){2,3}|\b(?:No|Nos|Vol|Art|Para|Sec|Ch|Pub|Doc)\.)\s?$"
)


# a part of a law or a document named with its number, and the numbers listed after it:
# "Chapters 33.1-03-08 and 33.1-18-01", "Sections 4 and 5", "Article 12(3)"
_PART_LABEL = re.compile(
    r"\b(?:Chapters?|Sections?|Articles?|Paragraphs?|Clauses?|Subsections?|Titles?|Rules?|"
    r"Regulations?|Schedules?|Annex(?:es)?|Appendix|Appendices|Parts?)\s+"
    r"(?:[\dA-Z][\w.()\-\u2013]*(?:\s*(?:,|and|or|to|through)\s+|\s*,\s*))*"
    r"(?:[\dA-Z][\w.()\-\u2013]*[\-\u2013])?$"  # the number's own first part: "33.1-03-" of "…-08"
)


def _after_a_reference_label(text: str, q: Quantity) -> bool:
    """Does a bare ``q`` number a law, a document or a part of one ("P.L. 117-328",
    "NDAC Chapters 33.1-03-08 and 33.1-18-01")?"""
    if q.unit:
        return False
    before = text[max(0, q.start - 60) : q.start]
    return bool(_REFERENCE_LABEL.search(before[-8:]) or _PART_LABEL.search(before))


_LINE_NUMBER = re.compile(r"^\s*\(?\d{1,3}[.)]\s")


def _names_a_kind(frame: QuestionFrame, text: str, q: Quantity) -> bool:
    """Is a bare ``q`` joined to the word after it ("8-digit") or an open range's label
    ("85+")? It says what kind of thing, not how many; unless the word it is joined to is
    what the question counts ("the 36-member council" for "how many members")."""
    if q.unit:
        return False
    after = text[q.end :]
    # "8-digit", and the first of a pair sharing its word: "16- and 17-year-old"
    joined = re.match(r"(?:-\s+(?:and|or|to)\s+\d+)?-([A-Za-z]+)", after)
    if joined is None:
        return after.startswith("+")
    return not set(content_terms(joined.group(1))) & set(frame.terms)


def numbers_its_line(text: str, q: Quantity) -> bool:
    """Is ``q`` the number a note, a paragraph or a list item opens with ("14. P.L. …",
    "(3) The fund …")? It orders the text; it measures nothing."""
    m = _LINE_NUMBER.match(text)
    return bool(m) and not q.unit and q.start < m.end()


def whole_if_counted(frame: QuestionFrame, q: Quantity) -> bool:
    """A count ("how many") is a whole number: 3.1 in a table of rates counts nothing."""
    return frame.unit != "count" or q.unit != "" or float(q.value).is_integer()


def _year_fits(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """The quantity is for the asked year, or its sentence follows one that sets it
    ("...in 2010, when exports were halted... prices rose from $91/kg in 2009")."""
    years = years_of(c, q) or caption_years(c)  # a table's caption dates its cells
    if not years and frame.years and _after_the_report(frame, c):
        return False
    if not frame.years or not years or set(frame.years) & set(years):
        return True
    return c.passage.kind == "prose" and bool(set(frame.years) & set(find_years(c.previous)))


# "What was …", "What did … set": a question on what happened, not on a forecast
_ASKS_THE_PAST = re.compile(r"\b(?:was|were|did|had)\b", re.I)


def _after_the_report(frame: QuestionFrame, c: Candidate) -> bool:
    """A question on what happened in a year after the report was dated ("What was the
    rate at the end of FY 2024?" of a report of 2021) is not answered by a figure its
    sentence gives no year for: the report can only have meant its own time."""
    dated = find_years(c.passage.date or "")
    if not dated or not _ASKS_THE_PAST.search(frame.text):
        return False
    return min(frame.years) > dated[0]


_PART_OF_YEAR = re.compile(
    r"\b(?:(?:first|second|third|fourth|last)\s+quarter|Q[1-4]|(?:first|second)\s+half|"
    r"end|middle|beginning|start)\s+(?:of\s+)?(?:19|20)\d\d"
    r"|\b(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December)\s+(?:19|20)\d\d",
    re.I,
)


# a question on the level a change reached ("To what level was the ratio cut …?"), and
# a figure given as that level ("cut … to 3.0 per cent", "reached 5 percent")
_ASKS_LEVEL_REACHED = re.compile(r"^\s*to what\b|\bwhat (?:level|peak|high|low)\b.*\breach", re.I)
_REACHED_BEFORE = re.compile(
    r"(?:\bto|\breach(?:ed|ing)?)\s*(?:about|around|nearly|almost)?\s*$", re.I
)


def for_part_of_a_year(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """A figure dated to a quarter, a month or the end of a year ("to 4.5 percent by the
    fourth quarter of 2023") is not the year's figure ("for 2023"), unless the question
    itself asks for such a part."""
    if c.passage.kind == "table" or not frame.years:
        return False
    if _ASKS_LEVEL_REACHED.search(frame.text) and _REACHED_BEFORE.search(c.text[: q.start]):
        return False  # "to what level was it cut in 2025?": reached within the year
    later = [x.start for x in c.quantities if x.start >= q.end]
    after = c.text[q.end : min(later, default=len(c.text))]
    after = re.split(r"[,;:]\s|\.\s", after, maxsplit=1)[0]
    asked = {_norm_space(m.group(0)) for m in _PART_OF_YEAR.finditer(frame.text)}
    return any(
        _norm_space(m.group(0)) not in asked and set(find_years(m.group(0))) & set(frame.years)
        for m in _PART_OF_YEAR.finditer(after)
    )


# "Between 2012 and 2021, …", "from 2015 to 2020": the years a total is summed over
_YEARS_SPANNED = re.compile(
    r"\b(?:between|from)\s+((?:19|20)\d\d)\s+(?:and|to|through|until|till)\s+((?:19|20)\d\d)\b",
    re.I,
)


def over_a_span_of_years(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """ "Between 2012 and 2021, more than 230 000 cases were reported" is a total over ten
    years, not the figure of 2021: when the span is the last dating before the figure
    and no year follows it, it answers only a question asking for that span."""
    if c.passage.kind == "table" or not frame.years:
        return False
    earlier = [x.end for x in c.quantities if x.end <= q.start]
    before = c.text[max(earlier, default=0) : q.start]
    spans = list(_YEARS_SPANNED.finditer(before))
    if not spans or find_years(before[spans[-1].end() :]):
        return False
    later = [x.start for x in c.quantities if x.start >= q.end]
    after = c.text[q.end : min(later, default=len(c.text))]
    after = re.split(r"[,;:]\s|\.\s", after, maxsplit=1)[0]
    if find_years(after):
        return False
    first, last = int(spans[-1].group(1)), int(spans[-1].group(2))
    return not {first, last} <= set(frame.years)


def answering_quantities(frame: QuestionFrame, c: Candidate) -> list[Quantity]:
    """Every figure of the sentence that is the asked quantity (of the asked unit)."""
    return list(_answering_quantities(frame, c, any_unit=False))


def _norm_space(text: str) -> str:
    return " ".join(text.lower().split())


# "of" and the noun phrase after it, up to punctuation, a verb-like "are/were/is", or a
# preposition that starts another phrase; an aside may come between the figure and its
# "of" ("400 g, or five portions, of fruit")
_SHARE_OF = re.compile(
    r"^\s*(?:,[^,.;()]{1,30},\s*|\([^()]{1,30}\)\s*)?"
    r"of\s+((?:(?!(?:are|were|is|was|in|by|for|from|to|with|than|at|on|per|each|a)\b)[\w'’-]+\s*){1,6})"
)


def _share_of_another_thing(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """ "84 percent of countries" is a share of countries, "400 g of fruit" a weight of
    fruit: it answers a question on a rate, or on grams of fibre, only if the question
    speaks of countries, or fruit, too."""
    if q.unit in ("", "year", "date") or c.passage.kind == "table":
        return False
    m = _SHARE_OF.match(c.text[q.end : q.end + 70])
    if not m:
        return False
    phrase = content_terms(m.group(1))
    if not phrase or set(phrase) & set(frame.terms):
        return False
    return not _level_of_the_subject(frame, c, q)


# a level reached or held: "… was reduced by 100 bps to 3.0 per cent of …", "stood at"
_LEVEL_BEFORE = re.compile(
    r"\b(?:to|at|is|are|was|were|equals?|equalled|equaled|totals?|totalled|totaled)\s*"
    r"(?:about|around|nearly|almost|some)?\s*$",
    re.I,
)


def _level_of_the_subject(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """ "The reserve ratio was cut to 3.0 per cent of liabilities", "total emissions equal
    48,210 tons of CO2": the figure is the level its clause's subject reached or is, and
    "of liabilities" is what that ratio is taken of (the CO2 what the emissions are of),
    when the clause before the figure speaks of the question's thing."""
    before = c.text[: q.start]
    if not _LEVEL_BEFORE.search(before):
        return False
    clause = re.split(r"[;:]\s|,\s(?:while|whereas|but)\b|\.\s", before)[-1]
    return bool(set(content_terms(clause)) & set(frame.terms))


# "What price per dollar of tax credit …", "cost per visit": money by the unit of a thing
_ASKS_RATE = re.compile(
    r"\b(?:price|cost|fee|charge|rate|amount|spending|pay)s?\s+per\s+([\w-]+)", re.I
)
# a figure by the unit: "$0.85 per dollar", "$5 a day", "US$40/visit", "for each credit"
_RATE_AFTER = re.compile(r"\s*(?:per|a|an|each|for each|every)\s+\w|\s*/\s*\w", re.I)


def _not_the_rate_asked(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """A question on money by the unit ("price per dollar of credit") is not answered by
    a sum ("funds of about $95 million"): the figure must be given by some unit too, or
    its sentence name the unit asked ("the price of oil a barrel … is $81")."""
    if frame.unit != "money" or c.passage.kind == "table" or "/" in q.unit:
        return False
    asked = _ASKS_RATE.search(frame.text)
    if asked is None:
        return False
    by = set(content_terms(asked.group(1)))  # "a barrel" before the figure says it too
    if by & set(content_terms(c.text)):
        return False
    return not _RATE_AFTER.match(c.text[q.end : q.end + 20])


# "31.0% among those aged 45 years and over": the figure of a group, named after it
_AMONG = re.compile(r"\W{0,3}among\s+([^,;:.()]{3,80})", re.I)


def _among_a_group_not_asked(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """ "31.0% among those aged 45 and over" is the figure of a group: it answers a
    question on the whole ("what share of the unemployed …") only if the question names
    that group too."""
    if c.passage.kind == "table":
        return False
    m = _AMONG.match(c.text[q.end : q.end + 90])
    if not m:
        return False
    group = set(content_terms(m.group(1)))
    return bool(group) and not group & set(frame.terms)


# a word that makes a noun the whole of a kind: "all sectors", "the average country"
_AGGREGATE = re.compile(
    r"\b(?:all|every|each|total|overall|combined|average|across)\s+(?:the\s+|of\s+the\s+)?"
    r"([A-Za-z][\w-]+)",
    re.I,
)


@lru_cache(maxsize=4096)
def _item_pairs(question: str) -> tuple[tuple[str, str], ...]:
    """(modifier, noun) stems of the question's adjacent content words: "transportation
    sector" -> ("transport", "sector")."""
    words = tokens(question)
    pairs = []
    for a, b in zip(words, words[1:]):
        ta, tb = content_terms(a), content_terms(b)
        if ta and tb:
            pairs.append((ta[0], tb[0]))
    return tuple(pairs)


_WHOLE_WORDS = 3  # the words after "all" that say what the question takes whole


def _wholes_asked(question: str) -> set[str]:
    """The stems of the things a question itself takes as a whole ("all Norwegian
    political parties": norwegian, polit, parti)."""
    wholes: set[str] = set()
    for m in _AGGREGATE.finditer(question):
        if m.group(0).split()[0].lower() in ("all", "every", "each"):
            phrase = re.split(r"[,;:?.!'’]", question[m.start(1) :], maxsplit=1)[0]
            wholes.update(content_terms(phrase)[:_WHOLE_WORDS])
    return wholes


def speaks_of_the_whole(frame: QuestionFrame, c: Candidate) -> bool:
    """The question asks of one item of a kind ("the transportation sector") and the
    sentence speaks of the whole kind ("energy intensity in all sectors"), never naming
    the item: its figure is the whole's, not the item's."""
    pairs = _item_pairs(frame.text)
    if not pairs:
        return False
    have = set(content_terms(c.text))
    asked = {w.lower() for w in tokens(frame.text)}
    wholes = _wholes_asked(frame.text)
    for m in _AGGREGATE.finditer(c.text):
        word = m.group(0).split()[0].lower()
        if word in ("total", "overall", "combined") and word in asked:
            continue  # "What were total CO2 emissions?": the total is what is asked
        noun = content_terms(m.group(1))
        if noun and noun[0] in wholes:
            continue  # "the share of all Norwegian political parties' income": all asked
        for modifier, head in pairs:
            if noun and noun[0] == head and modifier not in have:
                return True
    return False


# "On average across the OECD", "the EU average", "among Member States on average": a
# figure of a group of the things named
_GROUP_AVERAGE = re.compile(
    r"\bon average\b|\baverage (?:across|among|of|for|in)\s+(?:the\s+)?[A-Z]"
    r"|\b[A-Z][\w-]*\s+average\b"
)
_ASKS_AVERAGE = re.compile(r"\b(?:average|mean|median|typical)\b", re.I)


def averages_a_group(frame: QuestionFrame, c: Candidate) -> bool:
    """The question names one place or body ("Veldorian adults") and the sentence gives
    a group's average ("On average across the OECD, …") without naming it: its figures
    are the group's, not the one asked about."""
    if c.passage.kind == "table" or _ASKS_AVERAGE.search(frame.text):
        return False
    if not _GROUP_AVERAGE.search(c.text):
        return False
    asked = names_in(frame.text)
    have = set(content_terms(c.text))
    return bool(asked) and not any(same_name(t, h) for t in asked for h in have)


def counts_another_item(frame: QuestionFrame, c: Candidate, q: Quantity) -> bool:
    """A count followed by what it counts ("17 emerging market and developing economies")
    whose noun is the question's but not with the question's word before it ("advanced
    economies"): it counts other items of the kind."""
    if q.unit != "" or c.passage.kind == "table":
        return False
    later = [x.start for x in c.quantities if x.start > q.end]
    after = c.text[q.end : min(later, default=len(c.text))]
    phrase = re.split(r"[,;:.()]|\s(?:in|on|at|by|for|from|with|than|to|since)\s", after)[0]
    have = set(content_terms(phrase))
    return any(head in have and modifier not in have for modifier, head in _item_pairs(frame.text))


# the verb after a clause's subject: "world trade growth | is expected to decline"
_AUXILIARY = re.compile(
    r"\s(?:is|are|was|were|has|have|had|will|would|can|could|may|might|should|remains?|"
    r"remained)\s"
)


def subject_of_another_thing(lens: Lens, clause: str, q: Quantity, c: Candidate) -> bool:
    """The clause's subject, before its verb and after any opening phrase ("Following the
    path of global demand, world trade growth is expected to ..."), shares no telling
    word with the question: the figure measures that subject, not what is asked."""
    if c.passage.kind == "table":
        return False
    head = clause[: max(0, clause.find(c.text[q.start : q.end]))]
    head = re.split(r":\s", head)[-1]  # "... regions: Kenya accounts for 41%" starts anew
    verb = _AUXILIARY.search(head)
    if verb is None:
        return False
    subject = re.split(r",\s", head[: verb.start()])[-1]
    terms = set(content_terms(subject))
    return bool(terms) and not terms & set(lens.key_terms)


_YEAR_BEFORE_NOUN = re.compile(r"\b((?:19|20)\d\d)\s+([a-z][a-z-]+)\b")


_SINCE_WHEN = re.compile(r"\bsince (?:what|which) year\b|\bsince when\b", re.I)


_YEAR_RANGE = re.compile(r"\b(?:19|20)\d\d\s?[-–/]\s?(?:(?:19|20)\d\d|\d\d)\b")


def single_years(frame: QuestionFrame, text: str) -> list[int]:
    """The years a sentence gives as the answer to a "which year" question: not the ends
    of a span ("its Strategic Plan, 2022–2025" is a period), and, for "since what
    year", only a year the sentence says something has lasted since."""
    bare = _YEAR_RANGE.sub(" ", text)
    # "this 2020 workshop", "below 2010 levels": a year naming a thing, unless the
    # question speaks of that thing too
    for m in _YEAR_BEFORE_NOUN.finditer(bare):
        noun = content_terms(m.group(2))
        if m.group(2).lower() not in STOPWORDS and noun and noun[0] not in frame.terms:
            bare = bare[: m.start(1)] + "    " + bare[m.end(1) :]
    if _SINCE_WHEN.search(frame.text):
        return sorted({int(y) for y in re.findall(r"\b[Ss]ince\s+((?:19|20)\d\d)\b", bare)})
    return find_years(bare)


def term_set(text: str) -> set[str]:
    return set(term_index(text)[0])


def row_without_figure(
    frame: QuestionFrame, best: Candidate | None, ranked: list[Candidate]
) -> Candidate | None:
    """A table row for the asked year that gives no figure (a quota "not publicly
    released"), ranked above any figure: the honest answer is that row, not another
    year's number."""
    if not frame.years:
        return None
    for c in ranked:
        if best is not None and (c is best or c.score < best.score):
            return None
        if c.passage.kind != "table" or not re.search(r"\t|\|", c.text):
            continue
        if c.text.strip() == "\t".join(c.header):
            continue  # the header row
        if (
            set(find_years(c.first_cell)) & set(frame.years)
            and answering_quantity(frame, c) is None
            and not _of_another_unit(frame, c)
        ):
            return c
    return None


def row_of_the_name(
    lens: Lens, best: Candidate | None, ranked: list[Candidate], answering: list[Candidate]
) -> tuple[Candidate | None, list[str]]:
    """In a table, the row the question names. A best row labelled with another name
    ("New Mexico" for "bridges in Guam") does not answer for the row of the table that
    is labelled with the asked name: that row is the answer when it gives a figure; when
    it gives none ("Guam  NA  NA"), the report does not answer. (row, names) where
    ``row`` replaces ``best`` and ``names`` say what no figure is given for."""
    if best is None or best.passage.kind != "table" or not re.search(r"\t|\|", best.text):
        return None, []
    # the names its label, caption, header and group of rows give ("Fiscal balance
    # (percentage of GDP)" over "Public debt" gives GDP)
    group = group_label(best.passage.text, best.start - best.passage.char_start)
    held = term_set(f"{best.first_cell} {best.caption} {group} {' '.join(best.header)}")
    asked = [t for t in lens.names if t not in held]
    if not asked:
        return None, []
    for c in ranked:
        if c.passage.chunk_id != best.passage.chunk_id or c is best:
            continue
        label = term_set(c.first_cell)
        named = [t for t in asked if t in label]
        if not named or c.text.strip() == "\t".join(c.header).strip():
            continue
        if any(a is c for a in answering):
            return c, []
        return None, named
    return None, []


def _of_another_unit(frame: QuestionFrame, c: Candidate) -> bool:
    """Does the row give figures in a unit of its own that is not the one asked (money
    where a share is asked)? Then it measures something else; it is no gap in the asked
    measure."""
    q = answering_quantity(frame, c, any_unit=True)
    return bool(q is not None and q.unit and frame.unit and not unit_matches(frame.unit, q.unit))


def row_of_the_year(
    frame: QuestionFrame, best: Candidate | None, candidates: list[Candidate]
) -> Candidate | None:
    """In a table whose rows are years, the row of the year asked: the best row labelled
    with another year ("2008 … Baseline" for "the cut from the 2008 baseline targeted for
    2031") gives way to its table's row for the asked year, which gives a figure."""
    if best is None or not frame.years or best.passage.kind != "table":
        return None
    label_years = set(find_years(best.first_cell))
    if not label_years or label_years & set(frame.years):
        return None
    for c in candidates:
        if (
            c.passage.chunk_id == best.passage.chunk_id
            and c is not best
            and set(find_years(c.first_cell)) & set(frame.years)
        ):
            return c
    return None


def row_of_the_plain_label(
    lens: Lens, best: Candidate | None, candidates: list[Candidate]
) -> Candidate | None:
    """In a table, the row whose label says no more than the question: "GDP, nominal"
    for "nominal GDP", where "GDP per capita, nominal" says as much of the question and
    more besides. A label's words the question does not say narrow its measure (per
    capita, per vessel); its unit set apart ("(millions of dollars)") does not count."""
    if best is None or best.passage.kind != "table" or "\t" not in best.text:
        return None
    asked = set(lens.frame.terms)

    def label_words(c: Candidate) -> set[str]:
        label = re.sub(r"\s*\([^()]*\)\s*$", "", c.first_cell)  # its unit
        return term_set(label)

    own = label_words(best)
    extra = own - asked
    if not extra or not own & asked:  # "Freshwater" for inland: no word of the question
        return None
    for c in candidates:
        if c is best or c.passage.chunk_id != best.passage.chunk_id or "\t" not in c.text:
            continue
        words = label_words(c)
        if words & asked >= own & asked and words - asked < extra:
            return c
    return None
