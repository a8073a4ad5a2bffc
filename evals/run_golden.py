"""Run the golden set through the answerer and print accuracy by kind and latency.

    python -m evals.run_golden [--golden evals/golden.jsonl] [--failures]

Needs an ingested store (`reportqa ingest corpus/`). The answerer never sees the gold:
it receives only the question text.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from collections import defaultdict
from pathlib import Path

from evals.scoring import is_correct, unverified_numbers
from reportqa.answering import Answerer
from reportqa.config import load_settings

GOLDEN = Path(__file__).resolve().parent / "golden.jsonl"


def load_golden(path: Path = GOLDEN) -> list[dict]:
    return [json.loads(x) for x in path.read_text(encoding="utf-8").splitlines() if x.strip()]


def run(golden: list[dict], answerer: Answerer) -> dict:
    by_kind: dict[str, list[bool]] = defaultdict(list)
    latencies: list[float] = []
    unverified = 0
    failures = []
    answerer.warm_up()
    for gold in golden:
        t = time.perf_counter()
        answer = answerer.ask(gold["question"]).model_dump()
        latencies.append((time.perf_counter() - t) * 1000)
        ok = is_correct(answer, gold)
        by_kind[gold["kind"]].append(ok)
        unverified += unverified_numbers(answer)
        if not ok:
            failures.append((gold, answer))
    embed = answerer.retriever.embedder
    t = time.perf_counter()
    for gold in golden[:20]:
        embed.embed_query(gold["question"])
    embed_ms = (time.perf_counter() - t) * 1000 / min(20, len(golden))
    return {
        "by_kind": {k: (sum(v), len(v)) for k, v in sorted(by_kind.items())},
        "unverified": unverified,
        "p50_ms": statistics.median(latencies),
        "p95_ms": sorted(latencies)[int(0.95 * (len(latencies) - 1))],
        "embed_ms": embed_ms,
        "failures": failures,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--golden", type=Path, default=GOLDEN)
    parser.add_argument("--failures", action="store_true", help="print each failed question")
    args = parser.parse_args()
    result = run(load_golden(args.golden), Answerer(load_settings()))
    total = sum(c for c, _ in result["by_kind"].values())
    n = sum(t for _, t in result["by_kind"].values())
    print("| kind | correct | total |\n|---|---|---|")
    for kind, (correct, count) in result["by_kind"].items():
        print(f"| {kind} | {correct} | {count} |")
    print(f"| all | {total} | {n} |")
    print(f"unverified numbers: {result['unverified']}")
    print(
        f"warm ask p50 {result['p50_ms']:.1f} ms, p95 {result['p95_ms']:.1f} ms; "
        f"one query embedding {result['embed_ms']:.1f} ms "
        f"(p50 = {result['p50_ms'] / result['embed_ms']:.1f}x)"
    )
    if args.failures:
        for gold, answer in result["failures"]:
            print(f"\n{gold['id']} [{gold['kind']}] {gold['question']}")
            print(f"  expected {gold['expected']}")
            print(f"  got {answer['status']}: {answer['answer'][:300]}")


if __name__ == "__main__":
    main()
