"""Counting scored answers into one column of a side-by-side table.

A :class:`Tally` is one column (reportqa on the dev reports, vanilla on the test reports,
...): per kind how many items were right, how many cited quotes that hold evidence were
cited on the evidence's page, and how many cited sentences of many-sentence answers hold
key evidence. The real set's table, the analyst questions of the default eval and
``python -m evals.real_eval`` all count through it, so their figures mean the same.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from evals.scoring import failure_cause, item_correct, page_checks
from evals.synthesis_scoring import SYNTHESIS_KINDS, precise_citations

# the rows of a side-by-side table, in order; items of other kinds are not scored here
ROW_KINDS = (
    "numeric",
    "text",
    "list",
    "unanswerable",
    "metadata",
    "summary",
    "why",
    "recommendation",
    "comparison",
)
SCORED_KINDS = frozenset(ROW_KINDS)
PAGES = "cited on the right page"
PRECISION = "cited-sentence precision"


@dataclass
class Tally:
    """Counts of one system on one set of items."""

    kinds: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    pages: list[int] = field(default_factory=lambda: [0, 0])  # [right page, held evidence]
    precision: list[int] = field(default_factory=lambda: [0, 0])  # [on key evidence, cited]
    failures: list[tuple[dict[str, Any], dict[str, Any]]] = field(default_factory=list)
    causes: dict[str, int] = field(default_factory=dict)  # why answers were wrong

    def add(self, gold: dict[str, Any], answer: dict[str, Any]) -> bool:
        """Score one answer to one item and count it; True when it is right."""
        ok = item_correct(answer, gold)
        counts = self.kinds[gold["kind"]]
        counts[0] += ok
        counts[1] += 1
        held, right = page_checks(answer, gold)
        self.pages[0] += right
        self.pages[1] += held
        if gold["kind"] in SYNTHESIS_KINDS:
            good, cited = precise_citations(answer, gold)
            self.precision[0] += good
            self.precision[1] += cited
        if not ok:
            self.failures.append((gold, answer))
            cause = failure_cause(answer, gold)
            if cause is not None:
                self.causes[cause] = self.causes.get(cause, 0) + 1
        return ok

    def rows(self) -> dict[str, tuple[int, int]]:
        """Row label -> (hits, out of): each kind, ``all``, right page, precision."""
        out = {kind: (c[0], c[1]) for kind, c in self.kinds.items()}
        out["all"] = (
            sum(c[0] for c in self.kinds.values()),
            sum(c[1] for c in self.kinds.values()),
        )
        out[PAGES] = (self.pages[0], self.pages[1])
        out[PRECISION] = (self.precision[0], self.precision[1])
        return out

    def metrics(self, prefix: str = "") -> dict[str, float]:
        """The rates the thresholds speak in (a rate over nothing is left out)."""
        names = {"all": "accuracy", PAGES: "page_accuracy", PRECISION: "cited_precision"}
        out: dict[str, float] = {}
        for row, (hits, total) in self.rows().items():
            if total:
                out[prefix + names.get(row, f"accuracy.{row}")] = hits / total
        return out


def score_side_by_side(
    groups: dict[str, list[dict[str, Any]]], answerer: Any, vanilla: Any = None
) -> dict[tuple[str, str], Tally]:
    """Ask every scored item of every group with ``answerer`` (``.ask(question)``) and, when
    given, with the vanilla baseline (``.answer(question, k)``): (group, system) -> Tally,
    the systems being ``reportqa`` and ``vanilla``. Only the question text is asked."""
    from evals.suite import BASELINE_K

    tallies: dict[tuple[str, str], Tally] = {}
    for group, items in groups.items():
        ours = tallies[(group, "reportqa")] = Tally()
        theirs = None
        if vanilla is not None:
            theirs = tallies[(group, "vanilla")] = Tally()
        for gold in items:
            if gold["kind"] not in SCORED_KINDS:
                continue
            answer = answerer.ask(gold["question"])
            ours.add(gold, answer if isinstance(answer, dict) else answer.model_dump())
            if theirs is not None:
                theirs.add(gold, vanilla.answer(gold["question"], k=BASELINE_K))
    return tallies
