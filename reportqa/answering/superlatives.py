"""Questions asking which row of a table holds the extreme value ("Which berth had the
lowest winter occupancy?"): a table gives every row's value and no sentence says
which is lowest, so the answer is read off the column, as an analyst would.

The superlatives are English grammar, not a field's words.
"""

from __future__ import annotations

import re
from collections import Counter

from reportqa.answering.candidates import YEAR, Candidate, column_groups
from reportqa.numbers import Quantity, find_years
from reportqa.words import content_terms

_LOWEST = re.compile(r"\b(?:lowest|smallest|fewest)\b", re.I)
_HIGHEST = re.compile(r"\b(?:highest|largest|biggest|greatest|the most)\b", re.I)
_AGGREGATE = re.compile(r"\b(?:total|sum|all|average|mean|median)\b", re.I)


# a sentence that says which is first or last: "had the fewest", "the most significant"
_SAYS_EXTREME = re.compile(
    r"\b(?:most|least|fewest|highest|lowest|largest|smallest|biggest|greatest|best|worst|"
    r"strongest|weakest|steepest|sharpest)\b",
    re.I,
)


def says_an_extreme(text: str) -> bool:
    """Does the text itself say which is highest or lowest?"""
    return bool(_SAYS_EXTREME.search(text))


def asked_extreme(question: str) -> str | None:
    """'min' or 'max' when the question asks for the lowest or highest of something."""
    low, high = _LOWEST.search(question), _HIGHEST.search(question)
    if bool(low) == bool(high):
        return None  # neither, or both ("the highest and the lowest"): no one row
    return "min" if low else "max"


def _cell(row: Candidate, q: Quantity) -> int:
    """The index of the cell holding ``q`` in its row."""
    return len(re.findall(r"\t|\|", row.text[: q.start]))


def _column_of_year(question: str, header: list[str]) -> int | None:
    """The column a year the question asks heads ("… the most fish in 2024": the 2024
    column of a table of districts by year); None when it asks none or none is headed so.
    A year set over a group of columns ("2024" over "Marine", "Inland", "Total") heads
    each of them: of its group, the column the question names, else its total."""
    for year in find_years(question):
        for k, cell in enumerate(header):
            if k and re.search(rf"\b{year}\b", cell):
                return _column_in_group(question, header, k)
    return None


def _column_in_group(question: str, header: list[str], k: int) -> int:
    """Of the group of columns a year heads, the one whose label the question uses,
    else the one that totals the group; ``k`` when the header sets no group."""
    group = next((g for g in column_groups(tuple(header)) if k in g), None)
    if group is None:
        return k
    labels = [YEAR.sub("", header[j]).strip() for j in group]
    asked = set(content_terms(question))
    named = [j for j, label in zip(group, labels, strict=True) if asked & set(content_terms(label))]
    if len(named) == 1:
        return named[0]
    totals = [j for j, label in zip(group, labels, strict=True) if _AGGREGATE.search(label)]
    return totals[0] if len(totals) == 1 else k


def extreme_row(
    question: str, best: Candidate, candidates: list[Candidate], min_rows: int
) -> Candidate | None:
    """The row of ``best``'s table whose value, in the column where ``best`` gives its
    first value (or most rows do, when ``best`` is the caption), is the lowest or highest
    the question asks; None when the question asks no extreme, the best sentence is not
    in a table, or fewer than ``min_rows`` rows give a value in that column (then no
    ranking is worth stating)."""
    direction = asked_extreme(question)
    if direction is None or best.passage.kind != "table":
        return None
    rows = [c for c in candidates if c.passage.chunk_id == best.passage.chunk_id and c.quantities]
    dated = _column_of_year(question, best.header)
    if dated is not None:  # "… in 2024" of a table with a column a year: that column
        column = dated
    elif best.quantities:
        column = _cell(best, best.quantities[0])
    elif rows:  # the best line is the caption or header: the column most rows start in
        starts = Counter(_cell(row, row.quantities[0]) for row in rows)
        column = starts.most_common(1)[0][0]
    else:
        return None
    values: list[tuple[float, Candidate]] = []
    for row in rows:
        labels = [cell for cell in re.split(r"\t|\|", row.text) if not re.search(r"\d", cell)]
        if any(_AGGREGATE.search(label) for label in labels):
            continue  # a total or an average is no row of its own
        in_column = [q for q in row.quantities if _cell(row, q) == column]
        if len(in_column) == 1:
            values.append((in_column[0].value, row))
    if len(values) < min_rows:
        return None
    pick = min if direction == "min" else max
    return pick(values, key=lambda pair: pair[0])[1]
