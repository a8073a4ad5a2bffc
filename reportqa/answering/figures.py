"""Where a figure stands in its sentence: the stage it speaks of, the years it is for,
the clause it belongs to. Read from the sentence (or the table row) alone."""

from __future__ import annotations

import re

from reportqa.answering.candidates import Candidate, caption_line
from reportqa.answering.question import stages_in
from reportqa.numbers import Quantity, find_years


def stage_of(c: Candidate, q: Quantity) -> set[str]:
    """Stages a quantity speaks of: its column and row in a table; in prose the words
    right after it ("63% of ... mining"), else just before it ("US imports of 3,000t")."""
    if c.passage.kind == "table":
        column, label = c.column_of(q)
        return stages_in(f"{column or c.passage.text.split(chr(10), 1)[0]} {label}")
    after = c.text[q.end : q.end + 70]
    nxt = [x.start for x in c.quantities if x.start > q.end]
    if nxt:
        after = c.text[q.end : min(q.end + 70, nxt[0])]
    found = stages_in(after)
    if not found:
        found = stages_in(c.text[max(0, q.start - 35) : q.start])
    if not found:
        # "Stockpiles held by Canada were estimated at 187,000 tonnes": a sentence that
        # names one stage only speaks of it, however far the word is from the figure
        whole = stages_in(c.text)
        if len(whole) == 1:
            found = whole
    return found


def years_of(c: Candidate, q: Quantity) -> list[int]:
    """Years a quantity is for: its column header or row in a table, else its sentence."""
    if c.passage.kind == "table":
        column, _ = c.column_of(q)
        if not column:  # a row that does not line up with its header: the caption's years
            return find_years(c.text) or find_years(c.passage.text.split("\n", 1)[0])
        return find_years(column) or find_years(c.text)
    return prose_years(c.text, q, c.quantities)


def caption_years(c: Candidate) -> set[int]:
    """The years a table's caption says its figures are for ("Applied MFN tariff summary,
    2020"; every year of a span, "2014-20", "FY2022 to FY2026"); none for a prose
    sentence, or a table whose caption gives no year."""
    if c.passage.kind != "table":
        return set()
    caption = caption_line(c.context, tuple(c.header))
    years = set(find_years(caption))
    for m in _CAPTION_SPAN.finditer(caption):
        first, last = int(m.group(1)), m.group(2)
        end = int(last) if len(last) == 4 else int(m.group(1)[:2] + last)
        if first < end <= first + _LONGEST_SPAN:
            years |= set(range(first, end + 1))
    return years


# a caption's span of years: "2014-20", "2010 - 2024", "FY2022 to FY2026"
_CAPTION_SPAN = re.compile(
    r"(?<!\d)((?:19|20)\d{2})\s*(?:-|–|—|to|through)\s*(?:FY\s*)?((?:19|20)\d{2}|\d{2})(?!\d)"
)
_LONGEST_SPAN = 60


def prose_years(text: str, q: Quantity, figures: list[Quantity]) -> list[int]:
    """The years a figure of a sentence is for, read from where they stand: the years
    after it up to the next figure or the clause's end ("8.8 percent in 2022 to 6.6
    percent in 2023"), else those before it since the previous figure ("In 2023, oil
    prices fall by 16 percent"), else every year of the sentence."""
    # a figure in brackets right after it says the same in another unit ("57 percent ($52
    # million) of the fiscal year 2006 funds"): the year after both is the figure's
    later = [x.start for x in figures if x.start >= q.end and not _restates(text, q, x)]
    after = text[q.end : min(later, default=len(text))]
    after = re.split(r"[,;:]\s|\.\s|\s[–—]\s", after, maxsplit=1)[0]
    found = find_years(after)
    if found:
        return found
    earlier = [x.end for x in figures if x.end <= q.start]
    before = list(_YEAR_SPAN.finditer(text[max(earlier, default=0) : q.start]))
    if before:
        return find_years(before[-1].group(0))
    # every year of the sentence, but a year it compares with ("a 5 day improvement
    # over FY 2012", "higher than in 2019") is the base of a change, not the figure's year
    return find_years(_BASE_YEAR.sub(" ", text))


def _restates(text: str, q: Quantity, other: Quantity) -> bool:
    """Is ``other`` set in brackets right after ``q`` ("57 percent ($52 million)")?"""
    return text[q.end : other.start].strip() in ("(", "[", "(or", "(about", "(around")


# a year a sentence measures against: after "over", "since", "compared with" …
_BASE_YEAR = re.compile(
    r"\b(?:over|since|than(?:\s+in)?|compared\s+(?:with|to)|relative\s+to|versus|vs\.?)"
    r"\s+(?:the\s+)?(?:(?:FY|fiscal\s+year|calendar\s+year|year)\s*)?"
    r"(?:19|20)\d{2}(?:[-–/]\d{2})?\b",
    re.I,
)


# a year, or a span of years ("2017–19"), as find_years reads them
_YEAR_SPAN = re.compile(r"(?<![\d,.])(?:1[89]|20|21)\d{2}(?:[-–/]\d{2}(?![\d-]))?(?!\d|,\d|%)")


# where one clause of a sentence ends and another, about another thing, starts: "oil
# prices fall by 16 percent, while nonfuel prices fall by 6.3 percent"
_CLAUSE_BREAK = re.compile(
    r";\s|,\s(?:while|whereas|but|although|though|compared with)\b|\s(?:while|whereas)\s"
    r"|\s?(?:––|—)\s?|\s–\s"
)


def figure_clause(c: Candidate, q: Quantity) -> str:
    """The clause a figure stands in (a table row: its row with caption and header)."""
    if c.passage.kind == "table":
        return c.window
    breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(c.text)]
    start = max((e for s, e in breaks if e <= q.start), default=0)
    end = min((s for s, e in breaks if s >= q.end), default=len(c.text))
    return c.text[start:end]
