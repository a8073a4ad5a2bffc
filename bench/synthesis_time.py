"""Warm answer time of many-sentence answers (summary, why, …) against numeric answers,
asked of the same store in the same process, alternating.

    python -m bench.synthesis_time [--home /tmp/reportqa-real] [--repeats 3]

Prints the median of each and their ratio (the bar: a summary under 3x a numeric answer).
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from evals.real_set import load_real_set
from evals.synthesis_scoring import SYNTHESIS_KINDS


def main(argv: list[str] | None = None) -> int:
    from reportqa.answering import Answerer
    from reportqa.config import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=Path("evals/real"))
    parser.add_argument("--home", type=Path, default=Path("/tmp/reportqa-real"))
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    questions = [q for r in load_real_set(args.real) for q in r.questions]
    many = [q["question"] for q in questions if q["kind"] in SYNTHESIS_KINDS]
    numeric = [q["question"] for q in questions if q["kind"] == "numeric"][: len(many)]
    if not many:
        print("no real set found (see evals/real/README.md)")
        return 2
    answerer = Answerer(load_settings(home=args.home))
    answerer.warm_up()
    for q in many + numeric:  # warm every cache once
        answerer.ask(q)
    times: dict[str, list[float]] = {"many": [], "numeric": []}
    for _ in range(args.repeats):
        for a, b in zip(many, numeric, strict=False):
            for name, question in (("many", a), ("numeric", b)):
                started = time.perf_counter()
                answerer.ask(question)
                times[name].append(time.perf_counter() - started)
    m, n = statistics.median(times["many"]), statistics.median(times["numeric"])
    print(
        f"warm many-sentence answer p50 {m * 1000:.1f} ms, numeric {n * 1000:.1f} ms: {m / n:.2f}x"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
