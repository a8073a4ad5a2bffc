"""Retrieval check of the foundation: is the passage holding each answer in the top 5?

Runs, in one process and on the same machine state: a full ingest of corpus/ into an
empty store, a no-op re-ingest, our hybrid retrieval on the question set, and the vanilla
llama-index baseline on the same questions. Prints a table and the ratios.

    python -m evals.retrieval_check [--corpus corpus] [-k 5]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections import Counter
from pathlib import Path

from evals.baseline import VanillaRag
from evals.questions import hit_rank, load_retrieval_questions
from ingest.pipeline import Ingestor
from reportqa.config import Settings
from reportqa.embedding import get_embedder
from reportqa.retrieve import HybridRetriever
from reportqa.store import ReportStore


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=Path("corpus"))
    parser.add_argument("-k", type=int, default=5)
    args = parser.parse_args()
    questions = load_retrieval_questions()

    with tempfile.TemporaryDirectory(prefix="reportqa-check-") as tmp:
        settings = Settings(home=Path(tmp) / "store")
        embedder = get_embedder(settings.embedding)
        t = time.perf_counter()
        embedder.warm_up()  # type: ignore[attr-defined]
        model_load = time.perf_counter() - t

        store = ReportStore(settings)
        ingestor = Ingestor(settings, store=store, embedder=embedder)
        t = time.perf_counter()
        report = ingestor.ingest([args.corpus])
        full_ingest = time.perf_counter() - t
        t = time.perf_counter()
        ingestor.ingest([args.corpus])
        noop_ingest = time.perf_counter() - t
        chunks = Counter({Path(r.source).name: r.chunks for r in store.documents()})

        t = time.perf_counter()
        vanilla = VanillaRag(args.corpus, embedder, Path(tmp) / "vanilla")
        vanilla_ingest = time.perf_counter() - t

        retriever = HybridRetriever(settings, store=store, embedder=embedder)
        retriever.warm_up()
        rows = []
        for q in questions:
            ours = hit_rank([p.text for p in retriever.retrieve(q.question, k=args.k)], q.evidence)
            base = hit_rank(vanilla.retrieve(q.question, k=args.k), q.evidence)
            rows.append((q, ours, base))

    print(f"model load: {model_load:.2f} s (not counted below)")
    print("passages per report:")
    for name, n in sorted(chunks.items()):
        print(f"  {name}: {n}")
    print(f"  total: {sum(chunks.values())} (vanilla 512-token chunks: {vanilla.chunks})")
    print(
        f"full ingest: {full_ingest:.2f} s ({report.embedded_chunks} passages); "
        f"no-op re-ingest: {noop_ingest:.3f} s = {noop_ingest / full_ingest:.1%} of full; "
        f"vanilla ingest: {vanilla_ingest:.2f} s"
    )
    print(f"\n| id | question | ours rank@{args.k} | vanilla rank@{args.k} |")
    print("|---|---|---|---|")
    for q, ours, base in rows:
        print(f"| {q.id} | {q.question} | {ours or '-'} | {base or '-'} |")
    ours_hits = sum(1 for _, o, _ in rows if o)
    base_hits = sum(1 for _, _, b in rows if b)
    print(f"\nhit@{args.k}: ours {ours_hits}/{len(rows)}, vanilla {base_hits}/{len(rows)}")
    mrr = sum(1 / o for _, o, _ in rows if o) / len(rows)
    base_mrr = sum(1 / b for _, _, b in rows if b) / len(rows)
    print(f"MRR@{args.k}: ours {mrr:.3f}, vanilla {base_mrr:.3f}")


if __name__ == "__main__":
    main()
