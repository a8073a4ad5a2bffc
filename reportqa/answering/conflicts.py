"""Reports that give different values for one quantity: each value stated with its
source and year, and no winner chosen.

A rival value counts only when it measures the same thing as the best answer: the same
unit, stage, entity and comparable year, in a clause that speaks of what is asked.
"""

from __future__ import annotations

import re

from reportqa.answering.candidates import Candidate, sentence_text
from reportqa.answering.compose import compose
from reportqa.answering.figures import figure_clause, stage_of, years_of
from reportqa.answering.lens import Lens
from reportqa.answering.novelty import names_of
from reportqa.answering.quantity_identity import (
    answering_quantities,
    answering_quantity,
    counts_another_item,
    for_part_of_a_year,
    single_years,
    subject_of_another_thing,
    whole_if_counted,
)
from reportqa.answering.question import asks_for_several_values, entities_in
from reportqa.answering.scoring import content_score, scoped_to_another_name, unit_matches
from reportqa.config import AnswerSettings
from reportqa.models import Answer, Conflict, ConflictValue
from reportqa.numbers import find_quantities, parse_quantity


def conflict(
    question: str, lens: Lens, candidates: list[Candidate], cfg: AnswerSettings
) -> Answer | None:
    """Different values for one quantity (stage, entity, comparable year) in the reports.

    Each value is stated with its source and year; no winner is chosen. A figure's
    rivals come from other reports: within one report, two figures near a question's
    words are nearly always two quantities (a total over the years and one year's, the
    aid and the debt as shares of GDP, a rounded restatement), and "the reports
    disagree" would be wrong far more often than right. The year of one event is one
    fact, so a report's text and table giving two years for it do disagree. A question
    asking for several values ("in dollars and as a share") has no rival values.
    """
    frame = lens.frame
    if asks_for_several_values(question):
        return None  # "in dollars and as a share", "compared with the nonprofits"
    best = candidates[0]
    # the question's names that the best sentence gives ("Child Protection"): a rival
    # value must give them too, or it is another thing's ("Education thematic funding")
    kept_names = names_of(question) & _words(best.window)
    top = content_score(best, cfg.weights)
    by_value: dict[str, tuple[Candidate, str, int | None]] = {}
    anchored = frame.intent == "year" and bool(find_quantities(frame.text))
    best_cover = lens.coverage(candidates[0].window, candidates[0].passage.doc_id)
    rival_share = cfg.same_quantity_coverage
    least = _clause_cover(lens, best, rival_share) if frame.intent == "numeric" else None
    # a size asked in no unit ("how large"): rival values are in the best one's unit
    unit = None
    if frame.unit in ("number", "amount", "score"):
        found = answering_quantities(frame, best)
        unit = found[0].unit if found else None
    for c in candidates:
        if content_score(c, cfg.weights) < cfg.rival_share * top and not anchored:
            continue
        if lens.hints.doc_ids and c.passage.doc_id not in lens.hints.doc_ids:
            continue
        if c.passage.kind == "footnotes":
            continue  # a note's figure belongs to the title of the work it cites
        if scoped_to_another_name(frame, c):
            continue  # "In Ghana, ...": one part's figure, not the whole's
        share = cfg.same_year_coverage if frame.intent == "year" else cfg.same_quantity_coverage
        if not anchored and lens.coverage(c.window, c.passage.doc_id) < share * best_cover:
            continue  # it measures something else: its figure is no rival value
        same_report = c is not best and c.passage.doc_id == best.passage.doc_id
        if same_report and (frame.intent != "year" or _other_row(c, best)):
            continue  # one report's other figures, another item's row: other quantities
        if kept_names - _words(c.window):
            continue  # it leaves out a name of the question that the best one gives
        for text, year, key in _conflict_values(lens, c, least, unit):
            if not any(_same(key, other) for other in by_value):
                by_value[key] = (c, text, year)
    if len(by_value) < 2:
        return None
    picks = sorted(by_value.values(), key=lambda v: -v[0].score)[:4]
    text_for: dict[int, str] = {}
    values: list[ConflictValue] = []
    for n, (c, text, year) in enumerate(picks, start=1):
        who = c.passage.publisher or c.passage.title or c.passage.source
        if frame.intent == "year":
            said = f"{who} gives {text}:"
        else:
            when = f" for {year}" if year else ""
            dated = f" (report of {c.passage.date})" if c.passage.date and not year else ""
            said = f"{who} gives {text}{when}{dated}:"
        text_for[n] = f"{said} \u201c{sentence_text(c)}\u201d"
        values.append(ConflictValue(value=text, year=year, citation=n, title=c.passage.title))
    label = "year" if frame.intent == "year" else " ".join(sorted(frame.stages))
    disagreement = Conflict(
        quantity=f"{', '.join(sorted(frame.entities))} {label or 'this quantity'}".strip(),
        values=values,
    )
    return compose(
        question,
        "conflict",
        [c for c, _, _ in picks],
        text_for=text_for,
        conflicts=[disagreement],
        lead="The reports disagree.",
    )


def _other_row(c: Candidate, best: Candidate) -> bool:
    """Two rows of one report's tables with different labels: each row is an item of its
    own, and their values are two quantities, never a disagreement."""
    if c.passage.kind != "table" or best.passage.kind != "table":
        return False
    return c.first_cell.lower() != best.first_cell.lower()


def _words(text: str) -> set[str]:
    return {w.lower() for w in re.findall(r"[\w'’&-]+", text)}


def _same(a: str, b: str) -> bool:
    qa, qb = parse_quantity(a), parse_quantity(b)
    if qa is None or qb is None:
        return a == b
    tolerance = 1.0 if qa.unit == "%" else 0.0
    return qa.same_value(qb) or qa.within(qb, tolerance)


def _clause_cover(lens: Lens, best: Candidate, share: float) -> float | None:
    """How much of the question the best figure's own clause holds, times ``share``: a
    rival value's clause must hold as much, or it measures another thing."""
    q = answering_quantity(lens.frame, best, lens=lens)
    return None if q is None else share * lens.coverage(figure_clause(best, q))


def _best_column(lens: Lens, c: Candidate) -> str | None:
    """For a table row, the header of the column that says most of what is asked, among
    those whose cells answer ("Projections 2023" or "Difference from October 2023"):
    one row gives one value of one quantity."""
    if c.passage.kind != "table":
        return None
    columns = [
        c.column_of(q)[0]
        for q in c.quantities
        if unit_matches(lens.frame.unit, q.unit) and c.column_of(q)[0]
    ]
    if len(set(columns)) < 2:
        return None
    return max(dict.fromkeys(columns), key=lambda h: lens.coverage(h))


def _conflict_values(
    lens: Lens, c: Candidate, least: float | None = None, unit: str | None = None
) -> list[tuple[str, int | None, str]]:
    """The values this candidate gives for the asked quantity: (as written, year, key).

    Usually one; a table cell such as "~63% , >69%" gives two. With ``least``, only a
    figure whose own clause covers that much of the question measures the same thing;
    with ``unit``, only a figure in that unit.
    """
    frame = lens.frame
    if frame.intent == "year":
        anchors = find_quantities(frame.text)
        if anchors and not all(any(a.within(q, 0.0) for q in c.quantities) for a in anchors):
            return []
        if not anchors and lens.missing_names(c.window):
            return []
        given = [y for y in single_years(frame, c.text) if y not in set(frame.years)]
        return [(str(given[0]), given[0], str(given[0]))] if given else []
    if frame.entities and not (frame.entities & entities_in(c.window)):
        return []
    if lens.missing_names(c.window):
        return []  # another country's row, another company's figure
    if not frame.entities and c.passage.kind == "table" and entities_in(c.text.split("\t")[0]):
        return []  # a country's row does not answer a question about the world
    out = []
    column = _best_column(lens, c)
    # a rival value is a figure that would answer the question itself: a share of
    # another thing, a group's figure or a count of other things is none
    answering = {(q.start, q.end) for q in answering_quantities(frame, c)}
    for q in c.quantities:
        if not unit_matches(frame.unit, q.unit) or not whole_if_counted(frame, q):
            continue
        if unit is not None and q.unit != unit:
            continue
        if (q.start, q.end) not in answering:
            continue
        if column is not None and c.column_of(q)[0] != column:
            continue  # another column of the row measures another quantity
        if counts_another_item(frame, c, q):
            continue  # "17 emerging market economies" are not "advanced economies"
        stages = stage_of(c, q)
        if frame.stages and not (frame.stages & stages):
            continue
        q_years = years_of(c, q)
        if frame.years and not set(frame.years) & set(q_years):
            continue  # an undated figure is not comparable with a dated question
        if for_part_of_a_year(frame, c, q):
            continue  # a quarter's figure is not the year's
        if least is not None and lens.coverage(figure_clause(c, q)) < least:
            continue  # its clause measures another thing
        if least is not None and subject_of_another_thing(lens, figure_clause(c, q), q, c):
            continue  # "world trade growth is expected to ..." is not inflation
        year = next((y for y in q_years if not frame.years or y in frame.years), None)
        key = f"{q.value:g}{q.unit}" if q.unit else q.text
        out.append((q.text, year, key))
        if c.passage.kind != "table":
            break  # in prose, the first matching figure is the one the sentence gives
    return out
