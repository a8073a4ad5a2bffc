"""Fit the weights of many-sentence answers on dev questions, and say how well they hold.

    python -m evals.fit_synthesis --home DIR [--l2 0.01 0.1]

Every sentence a summary, why or recommendation answer chooses from carries the signs its
score is made of (``ScoredSentence.features``, named as the ``synthesis`` settings that
weigh them). For each dev question of these kinds (the dev split of ``evals/real`` and the
fresh batches whose first figure is recorded, all of them in the store at ``--home``), a
sentence is *right* when it holds one of the item's key evidence spans. A pairwise logistic
fit (right above wrong, each question weighing the same) gives the weights, scaled so that
the topic-coverage weight keeps its value. Each question's sentences are then chosen again
as the answerer chooses them (best first, the least redundant next) under the weights
fitted on the other reports: leave-one-report-out, the number of questions whose chosen
sentences hold enough key evidence says whether the fit carries to a report it was not
fitted on. The test split is never read.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from evals.fit_weights import QuestionCandidates, pairwise_fit
from evals.synthesis_scoring import SYNTHESIS_KINDS, holds_span

EVALS = Path(__file__).resolve().parent
ANCHOR = "coverage_weight"  # the weight kept as it is: the others are scaled to it
# signs recorded as -1 whose weight is a penalty: it cannot go below 0
PENALTIES = ("apparatus_penalty", "note_penalty", "table_penalty")


@dataclass
class QuestionSentences:
    """One question's sentences, and which key spans each holds."""

    report: str
    gold: dict[str, Any]
    sentences: list[Any]  # reportqa.synthesis.ScoredSentence
    spans_held: list[frozenset[int]]

    def as_candidates(self) -> QuestionCandidates:
        labelled = [
            (dict(s.features), bool(held))
            for s, held in zip(self.sentences, self.spans_held, strict=True)
        ]
        return QuestionCandidates(self.report, self.gold["id"], labelled)


def spans_held(text: str, spans: Sequence[str]) -> frozenset[int]:
    return frozenset(i for i, span in enumerate(spans) if holds_span(text, span))


def covered(question: QuestionSentences, weights: dict[str, float], cfg: Any) -> bool:
    """Would the sentences chosen under ``weights`` hold enough key evidence?"""
    from reportqa.synthesis import choose

    for s in question.sentences:
        s.score = sum(weights.get(n, 0.0) * v for n, v in s.features.items())
    kept = {id(s) for s in choose(question.sentences, cfg)}
    held = set().union(
        *(h for s, h in zip(question.sentences, question.spans_held, strict=True) if id(s) in kept)
    )
    return len(held) >= int(question.gold["expected"].get("min_cited", 1))


def leave_one_report_out(
    rows: Sequence[QuestionSentences], names: Sequence[str], l2: float, cfg: Any
) -> tuple[int, int]:
    hits = 0
    for report in sorted({r.report for r in rows}):
        fitted = pairwise_fit([r.as_candidates() for r in rows if r.report != report], names, l2)
        hits += sum(covered(r, fitted, cfg) for r in rows if r.report == report)
    return hits, len(rows)


def recorded_batches() -> list[Path]:
    """The fresh batches whose held-out figure is recorded: from then on, dev material."""
    out = []
    for batch in sorted(EVALS.glob("fresh*")):
        readme = batch / "README.md"
        if readme.is_file() and "## First figure" in readme.read_text(encoding="utf-8"):
            out.append(batch)
    return out


def dev_rows(home: Path) -> list[QuestionSentences]:
    """Ask each dev question of a many-sentence kind, keep the sentences it chose from."""
    from evals.real_set import load_real_set
    from reportqa.answering import Answerer
    from reportqa.config import load_settings

    answerer = Answerer(load_settings(home=home))
    reports = load_real_set(EVALS / "real", split="dev")
    reports += [r for batch in recorded_batches() for r in load_real_set(batch)]
    rows = []
    for report in reports:
        for gold in report.questions:
            if gold["kind"] not in SYNTHESIS_KINDS:
                continue
            answerer.ask(gold["question"])
            sentences = list(answerer.last_synthesis)
            spans = gold["expected"]["key_evidence"]
            held = [spans_held(s.candidate.text, spans) for s in sentences]
            rows.append(QuestionSentences(report.stem, gold, sentences, held))
    return rows


def as_settings(fitted: dict[str, float], anchor_value: float) -> dict[str, Any]:
    scale = anchor_value / fitted[ANCHOR] if fitted.get(ANCHOR) else 1.0
    out = {n: round(v * scale, 2) for n, v in fitted.items()}
    return {"synthesis": {n: max(0.0, v) if n in PENALTIES else v for n, v in out.items()}}


def main(argv: Sequence[str] | None = None) -> int:
    from reportqa.config import load_settings

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, required=True, help="a store holding the dev reports")
    parser.add_argument("--l2", type=float, nargs="+", default=[0.003, 0.01, 0.03, 0.1, 0.3])
    args = parser.parse_args(argv)
    cfg = load_settings(home=args.home).synthesis
    rows = dev_rows(args.home)
    names = sorted({n for r in rows for s in r.sentences for n in s.features})
    now = {n: getattr(cfg, n) for n in names}
    print(
        f"{len(rows)} questions; current weights: {sum(covered(r, now, cfg) for r in rows)} covered"
    )
    scores = {l2: leave_one_report_out(rows, names, l2, cfg) for l2 in args.l2}
    for l2, (h, t) in scores.items():
        print(f"l2={l2}: leave-one-report-out {h}/{t} covered")
    best = max(args.l2, key=lambda l2: scores[l2][0])
    fitted = pairwise_fit([r.as_candidates() for r in rows], names, best)
    print(json.dumps(as_settings(fitted, cfg.coverage_weight), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
