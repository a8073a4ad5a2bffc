"""Fit the answerer's sentence weights on the dev split, and say how well they hold.

    python -m evals.fit_weights --home DIR [--corpus-home DIR] [--l2 0.01]

Every candidate sentence of a fact question carries the signs its score is made of
(``Candidate.features``, named as the weights in ``answer.weights`` and ``answer``). For
each dev question (numeric, text, list) of the real set, and of ``evals/golden.jsonl``
when ``--corpus-home`` holds the seed corpus, a candidate is *right* when quoting it alone
would be scored correct. A pairwise logistic fit (right above wrong, each question
weighing the same) gives the weights; they are printed as settings, scaled so that the
question-coverage weight keeps its value. Leave-one-report-out accuracy of the first
candidate tells whether the fit carries to a report it was not fitted on; the test split
is never read.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.scoring import is_correct

FACT_KINDS = ("numeric", "text", "list")
ANCHOR = "coverage"  # the weight kept as it is: the others are scaled to it
# features the answerer records as -1.0 whose weight is a penalty setting of ``answer``
PENALTIES = (
    "note_penalty",
    "scope_penalty",
    "unit_mismatch_penalty",
    "figure_clause_weight",
)
CONTEXT = ("context_weight",)


@dataclass
class QuestionCandidates:
    """One question's ranked candidates: (features, right) each."""

    report: str
    question_id: str
    candidates: list[tuple[dict[str, float], bool]]


def candidate_rows(answerer: Any, report: str, questions: Iterable[dict[str, Any]],
                   depth: int = 40) -> list[QuestionCandidates]:  # fmt: skip
    """Ask each fact question and label its first ``depth`` candidates."""
    rows = []
    for gold in questions:
        if gold["kind"] not in FACT_KINDS:
            continue
        answerer.ask(gold["question"])
        labelled = []
        for c in answerer.last_ranking[:depth]:
            labelled.append((dict(c.features), bool(is_correct(quoted_alone(c), gold))))
        rows.append(QuestionCandidates(report, gold["id"], labelled))
    return rows


def quoted_alone(candidate: Any) -> dict[str, Any]:
    """The answer quoting ``candidate`` alone, as the answerer words it: a table row with
    its column labels and unit ("Berth: Pier; Dues (US$): US$40"), not its
    bare cells, which name no unit."""
    from reportqa.answering.candidates import sentence_text

    said = sentence_text(candidate)
    return {
        "status": "answered",
        "answer": said,
        "citations": [{"passage": candidate.passage.text, "quote": candidate.text, "page": None}],
    }


def feature_names(rows: Sequence[QuestionCandidates]) -> list[str]:
    return sorted({n for r in rows for f, _ in r.candidates for n in f})


def pairwise_fit(rows: Sequence[QuestionCandidates], names: Sequence[str], l2: float = 0.01,
                 iters: int = 3000, step: float = 0.5) -> dict[str, float]:  # fmt: skip
    """Weights under which right candidates outscore wrong ones of the same question:
    logistic loss on (right - wrong) feature differences, each question's pairs weighing
    one in all, with an L2 penalty."""
    import numpy as np

    diffs, weights = [], []
    for r in rows:
        right = [f for f, ok in r.candidates if ok]
        wrong = [f for f, ok in r.candidates if not ok]
        for a in right:
            for b in wrong:
                diffs.append([a.get(n, 0.0) - b.get(n, 0.0) for n in names])
                weights.append(1.0 / (len(right) * len(wrong)))
    theta = np.zeros(len(names))
    if not diffs:
        return dict.fromkeys(names, 0.0)
    x, w = np.asarray(diffs), np.asarray(weights)
    w = w / w.sum()
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(x @ theta)))
        theta -= step * (-(x * ((1.0 - p) * w)[:, None]).sum(axis=0) + l2 * theta)
    return {n: float(v) for n, v in zip(names, theta, strict=True)}


def first_right(rows: Sequence[QuestionCandidates], weights: dict[str, float]) -> tuple[int, int]:
    """(questions whose best candidate under ``weights`` is right, questions with any)."""
    hits = total = 0
    for r in rows:
        if not r.candidates:
            continue
        total += 1
        best = max(r.candidates, key=lambda c: _weighted(c[0], weights))
        hits += best[1]
    return hits, total


def _weighted(features: dict[str, float], weights: dict[str, float]) -> float:
    return sum(weights.get(n, 0.0) * v for n, v in features.items())


def leave_one_report_out(rows: Sequence[QuestionCandidates], names: Sequence[str],
                         l2: float) -> tuple[int, int]:  # fmt: skip
    """First-candidate accuracy on each report under weights fitted on the others."""
    hits = total = 0
    for report in sorted({r.report for r in rows}):
        fitted = pairwise_fit([r for r in rows if r.report != report], names, l2)
        h, t = first_right([r for r in rows if r.report == report], fitted)
        hits, total = hits + h, total + t
    return hits, total


def as_settings(fitted: dict[str, float], anchor_value: float) -> dict[str, Any]:
    """The fitted weights as ``answer`` settings, scaled so the anchor keeps its value.
    Penalty settings are taken off (the feature is -1), so they cannot go below 0."""
    scale = anchor_value / fitted[ANCHOR] if fitted.get(ANCHOR) else 1.0
    answer: dict[str, Any] = {"weights": {}}
    for name, value in fitted.items():
        v = round(value * scale, 2)
        if name in PENALTIES or name in CONTEXT:
            answer[name] = max(0.0, v)
        else:
            answer["weights"][name] = v
    return {"answer": answer}


def _dev_rows(home: Path, corpus_home: Path | None) -> list[QuestionCandidates]:
    from evals.real_set import load_real_set
    from reportqa.answering import Answerer
    from reportqa.config import load_settings

    answerer = Answerer(load_settings(home=home))
    rows: list[QuestionCandidates] = []
    for report in load_real_set(Path(__file__).parent / "real", split="dev"):
        rows += candidate_rows(answerer, report.stem, report.questions)
    if corpus_home is not None:
        golden = Path(__file__).parent / "golden.jsonl"
        questions = [json.loads(line) for line in golden.read_text().splitlines() if line]
        rows += candidate_rows(Answerer(load_settings(home=corpus_home)), "corpus", questions)
    return rows


def main(argv: Sequence[str] | None = None) -> int:
    from reportqa.config import Settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a store holding the real set")
    parser.add_argument("--corpus-home", type=Path, help="a store holding corpus/ (optional)")
    parser.add_argument("--l2", type=float, nargs="+", default=[0.01, 0.03, 0.1, 0.3])
    args = parser.parse_args(argv)
    rows = _dev_rows(args.home, args.corpus_home)
    names = feature_names(rows)
    current = Settings(embedding={"backend": "fake"}).answer
    now = {n: getattr(current.weights, n, None) for n in names}
    # a penalty's feature is -1 (or -gap): its weight is the setting itself
    now.update({n: getattr(current, n) for n in (*PENALTIES, *CONTEXT) if n in names})
    h, t = first_right(rows, {n: v for n, v in now.items() if v is not None})
    print(f"current weights: first candidate right {h}/{t}")
    best = max(args.l2, key=lambda l2: leave_one_report_out(rows, names, l2)[0])
    for l2 in args.l2:
        h, t = leave_one_report_out(rows, names, l2)
        print(f"l2={l2}: leave-one-report-out first candidate right {h}/{t}")
    print(json.dumps(as_settings(pairwise_fit(rows, names, best), current.weights.coverage),
                     indent=2))  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
