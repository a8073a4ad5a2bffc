"""Score the fresh held-out batch (evals/fresh) beside vanilla llama-index.

    python -m evals.fresh_eval --home DIR [--batch fresh2] [--no-baseline] [--failures]

Each batch is a directory ``evals/fresh*`` gathered at a later time than the one before.
The store at ``--home`` is given the real set's PDFs and those of every batch: an analyst's
shelf where every report is a distractor for the others' questions. Only the items of the
batch asked for are scored; ``--failures`` prints why each wrong one failed (only once the
batch's first figure has been recorded: until then it is held out like the test split).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from evals.real_set import RealReport, ingest_real, load_real_set
from evals.scoring import failure_cause
from evals.side_by_side import columns_of, render_table
from evals.tally import SCORED_KINDS, Tally, score_side_by_side

EVALS = Path(__file__).resolve().parent
REAL = EVALS / "real"
GROUP = "fresh"


def batches() -> list[str]:
    """The fresh batches on disk, oldest first (``fresh``, ``fresh2``, ...)."""
    dirs = [p for p in EVALS.glob("fresh*") if (p / "manifest.d").is_dir()]
    return [p.name for p in sorted(dirs, key=lambda p: (len(p.name), p.name))]


def causes(items: list[dict[str, Any]], answers: list[dict[str, Any]]) -> Counter[str]:
    """How many wrong fact answers fall under each of :data:`evals.scoring.FAILURE_CAUSES`."""
    return Counter(c for g, a in zip(items, answers, strict=True) if (c := failure_cause(a, g)))


def scored_items(reports: list[RealReport]) -> list[dict[str, Any]]:
    return [q for r in reports for q in r.questions if q["kind"] in SCORED_KINDS]


def main(argv: list[str] | None = None) -> int:
    from reportqa.answering import Answerer
    from reportqa.config import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, default=Path("/tmp/reportqa-fresh"))
    parser.add_argument("--batch", default="fresh", choices=batches(), help="which batch to score")
    parser.add_argument("--no-baseline", action="store_true")
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args(argv)
    fresh = load_real_set(EVALS / args.batch)
    if not fresh:
        print(f"no PDFs found for evals/{args.batch} (see evals/fresh/README.md)")
        return 2
    settings = load_settings(home=args.home)
    shelf = load_real_set(REAL) + [r for b in batches() for r in load_real_set(EVALS / b)]
    for line in ingest_real(shelf, settings):
        print(line)
    answerer = Answerer(settings)
    vanilla = None
    if not args.no_baseline:
        from evals.baseline import VanillaRag

        pdfs = [r.path for r in shelf]
        vanilla = VanillaRag(pdfs, answerer.retriever.embedder, Path(settings.home) / "vanilla")
    items = scored_items(fresh)
    recorded: list[dict[str, Any]] = []

    class Recording:
        """The answerer, keeping each answer for the failure causes."""

        def ask(self, question: str) -> dict[str, Any]:
            answer = answerer.ask(question).model_dump()
            recorded.append(answer)
            return answer

    tallies: dict[tuple[str, str], Tally] = score_side_by_side({GROUP: items}, Recording(), vanilla)
    print(f"{len(fresh)} fresh reports, {len(items)} scored questions")
    print("\n".join(render_table(columns_of(tallies, (GROUP,)))))
    print("\n| why a fact answer is wrong | items |\n|---|---:|")
    for cause, n in causes(items, recorded).most_common():
        print(f"| {cause} | {n} |")
    if args.failures:
        for gold, answer in tallies[(GROUP, "reportqa")].failures:
            want, got = gold.get("expected"), answer["answer"][:200]
            print(json.dumps({"id": gold["id"], "want": want, "got": got}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
