"""Warm answer time of many-sentence answers (summary, why, …) against numeric answers,
asked of the same store in the same process.

    python -m bench.synthesis_time [--home /tmp/reportqa-real] [--split dev]

Each question is asked once, in a process whose model and indexes are loaded (warm) but
whose sentence cache has not seen the question's passages: a repeated question would
time the cache, not the answer. Many-sentence and numeric questions alternate. Two
answerers take turns on the same questions: one reading the sentence vectors ingest saved,
one embedding sentences when asked (the baseline, as before ingest saved them). Prints the
median of each kind and the ratio (the bar: a summary under 3x a numeric answer).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from evals.real_set import load_real_set
from evals.synthesis_scoring import SYNTHESIS_KINDS


def _timed(answerer, question: str) -> float:
    started = time.perf_counter()
    answerer.ask(question)
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    from reportqa.answering import Answerer
    from reportqa.config import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=Path("evals/real"))
    parser.add_argument("--home", type=Path, default=Path("/tmp/reportqa-real"))
    parser.add_argument("--split", choices=["dev", "test"], default=None)
    args = parser.parse_args(argv)
    questions = [q for r in load_real_set(args.real, args.split) for q in r.questions]
    many = [q["question"] for q in questions if q["kind"] in SYNTHESIS_KINDS]
    numeric = [q["question"] for q in questions if q["kind"] == "numeric"][: len(many)]
    if not many or not numeric:
        print("no real set found (see evals/real/README.md)")
        return 2
    settings = load_settings(home=args.home)
    answerers = {
        "saved": Answerer(settings),
        "embedded when asked": Answerer(
            settings.model_copy(
                update={"ingest": settings.ingest.model_copy(update={"sentence_vectors": False})}
            )
        ),
    }
    for answerer in answerers.values():
        answerer.warm_up()
        answerer.ask("What is the total?")  # the code paths, not the passages
    times = {(name, kind): [] for name in answerers for kind in ("many", "numeric")}
    for a, b in zip(many, numeric, strict=False):
        for kind, question in (("many", a), ("numeric", b)):
            for name, answerer in answerers.items():
                times[(name, kind)].append(_timed(answerer, question))
    for name in answerers:
        m = statistics.median(times[(name, "many")])
        n = statistics.median(times[(name, "numeric")])
        print(
            f"{name}: many-sentence p50 {m * 1000:.1f} ms, numeric p50 {n * 1000:.1f} ms, "
            f"{m / n:.2f}x ({len(times[(name, 'many')])} of each, each asked once)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
