"""Scale run: the same shelf at 4, 100 and 1,000 reports (the 4 real ones + synthetic).

One shelf of 1,000 reports is generated; the size-N store holds its first N reports. To
fit the 2-core machine, the stores are built as a chain: store-100 starts as a copy of
store-4 and ingests reports 5-100, store-1000 starts from store-100 and ingests 101-1000.
Per-file ingest work does not depend on what is already stored, so the ingest time of size
N is the sum of the chain up to N (the same work as a full ingest, minus process starts).
Each step runs in its own process so that its memory peak (ru_maxrss) is its own:

- ``ingest``: ingest the next slice of the shelf; seconds, passages, store size on disk,
  and a no-op re-ingest of all N reports (every file unchanged).
- ``query``: the golden questions against that store, warm (model loaded, first query
  excluded): retrieval p50/p95, ask p50/p95, and retrieval quality (hit@5 and MRR@5 of the
  gold evidence spans, evals/golden.jsonl) - which must not fall as distractors grow.

Results are JSON files under the output folder (default /tmp/bench/scale); ``bench.report``
turns them into tables and the plot. The two phases are separate so that a long ingest can
run in the background while the query side is being worked on.

    python -m bench.scale ingest --sizes 4 100 1000
    python -m bench.scale query --sizes 4 100 1000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.synth import generate

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "evals" / "golden.jsonl"


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation: a p95 is a latency someone saw)."""
    ordered = sorted(values)
    index = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def golden_questions() -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line]
    return [r for r in rows if r.get("evidence")]


def _settings(home: Path):
    from reportqa.config import Settings

    return Settings(home=home)


def shelf_files(corpus: Path) -> list[Path]:
    return sorted(corpus.glob("*.txt"))


def do_ingest(corpus: Path, home: Path, first: int, size: int) -> dict[str, Any]:
    """Ingest reports ``first..size`` of the shelf into ``home``; then a no-op re-ingest."""
    from ingest.pipeline import Ingestor

    files = shelf_files(corpus)
    settings = _settings(home)
    started = time.perf_counter()
    ingestor = Ingestor(settings)
    ingestor.embedder.warm_up()  # type: ignore[attr-defined]
    ingestor.embedder.embed_documents(["warm"])  # the model itself, not only the query path
    loaded = time.perf_counter()
    report = ingestor.ingest(files[first:size])
    done = time.perf_counter()
    noop = ingestor.ingest(files[:size])
    noop_done = time.perf_counter()
    return {
        "added": report.count("added"),
        "failed": len(report.failed),
        "passages": report.embedded_chunks,
        "model_load_s": loaded - started,
        "ingest_s": done - loaded,
        "noop_reingest_s": noop_done - done,
        "noop_unchanged": noop.count("unchanged"),
        "store_bytes": dir_size(home),
        "corpus_bytes": sum(p.stat().st_size for p in files[:size]),
        "peak_rss_mb": peak_rss_mb(),
    }


def do_query(home: Path, k: int = 5) -> dict[str, Any]:
    """Golden questions against the store at ``home``: latency and retrieval quality."""
    from reportqa.answering import Answerer
    from reportqa.retrieve import HybridRetriever

    settings = _settings(home)
    started = time.perf_counter()
    retriever = HybridRetriever(settings)
    retriever.warm_up()
    warm_s = time.perf_counter() - started
    answerer = Answerer(settings, retriever=retriever)
    questions = golden_questions()
    retriever.retrieve(questions[0]["question"], k=k)  # first query outside the timings
    retrieve_ms: list[float] = []
    ask_ms: list[float] = []
    hits = 0
    reciprocal = 0.0
    missed: list[str] = []  # golden ids whose evidence is not in the top-5
    displaced: list[str] = []  # ... of which a synthetic report is in the top-5
    for row in questions:
        retriever.forget_query()  # each step embeds its question anew
        t0 = time.perf_counter()
        passages = retriever.retrieve(row["question"], k=k)
        retrieve_ms.append((time.perf_counter() - t0) * 1000)
        rank = _hit_rank(row, passages)
        if rank is not None:
            hits += 1
            reciprocal += 1.0 / rank
        else:
            missed.append(row["id"])
            if any("synthetic_" in p.source for p in passages):
                displaced.append(row["id"])
        retriever.forget_query()
        t0 = time.perf_counter()
        answerer.ask(row["question"])
        ask_ms.append((time.perf_counter() - t0) * 1000)
    n = len(questions)
    baseline = _rank_fusion_quality(settings, retriever, questions, k)
    answers = _answer_quality(answerer)
    return {
        "documents": len(retriever.store.documents()),
        "passages": retriever.store.chunk_count(),
        "questions": n,
        "warm_up_s": warm_s,
        "retrieve_p50_ms": statistics.median(retrieve_ms),
        "retrieve_p95_ms": percentile(retrieve_ms, 95),
        "ask_p50_ms": statistics.median(ask_ms),
        "ask_p95_ms": percentile(ask_ms, 95),
        f"hit@{k}": hits / n,
        f"mrr@{k}": reciprocal / n,
        "peak_rss_mb": peak_rss_mb(),
        "missed": missed,
        "missed_with_distractor_in_top5": displaced,
        **baseline,
        **answers,
    }


def _answer_quality(answerer: Any) -> dict[str, Any]:
    """Every golden question (unanswerable ones too) asked of this store and judged as
    ``reportqa eval`` judges it: do the synthetic reports lead the answers astray?"""
    from evals.scoring import is_correct

    rows = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines() if line]
    judged = [(row, is_correct(answerer.ask(row["question"]).model_dump(), row)) for row in rows]
    unanswerable = [ok for row, ok in judged if row["kind"] == "unanswerable"]
    return {
        "answers": len(judged),
        "answers_correct": sum(ok for _, ok in judged),
        "abstained_correctly": sum(unanswerable),
        "unanswerable": len(unanswerable),
        "answers_wrong": [row["id"] for row, ok in judged if not ok],
    }


def _hit_rank(row: dict[str, Any], passages: list[Any]) -> int | None:
    """Rank (1-based) of the first passage holding a gold evidence span, or None."""
    from evals.questions import hit_rank

    ranks = []
    for ev in row["evidence"]:
        texts = [p.text for p in passages if p.source.endswith(ev["doc"])]
        rank_in_doc = hit_rank(texts, ev["span"])
        if rank_in_doc is not None:
            ranks.append(1 + [p.text for p in passages].index(texts[rank_in_doc - 1]))
    return min(ranks) if ranks else None


def _rank_fusion_quality(settings, retriever, questions, k: int) -> dict[str, float]:
    """hit@k and MRR@k of the same store under the previous rule, in the same run: reciprocal
    rank fusion of the two top-30 lists, no boost for a report the question names."""
    from reportqa.retrieve import HybridRetriever

    rules = settings.retrieval.model_copy(update={"fusion": "rrf", "named_report_boost": 0.0})
    rrf = HybridRetriever(
        settings.model_copy(update={"retrieval": rules}),
        store=retriever.store,
        embedder=retriever.embedder,
    )
    rrf._index = retriever._index  # the same passages, vectors and BM25: not built twice
    ranks = [_hit_rank(row, rrf.retrieve(row["question"], k=k)) for row in questions]
    found = [r for r in ranks if r is not None]
    return {
        f"rrf_hit@{k}": len(found) / len(questions),
        f"rrf_mrr@{k}": sum(1.0 / r for r in found) / len(questions),
    }


def run_child(args: list[str]) -> dict[str, Any]:
    """Run one step in a fresh interpreter and return its JSON result."""
    out = subprocess.run(
        [sys.executable, "-m", "bench.scale", *args],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def cold_asks(home: Path) -> dict[str, float]:
    """Wall seconds of a cold ``reportqa ask`` (new process) with no saved index (it reads
    the store and saves the index), then with the saved index, then once more."""
    from reportqa import index_cache

    cli = str(Path(sys.executable).parent / "reportqa")
    env = {**os.environ, "REPORTQA_HOME": str(home)}
    question = "What share of rare earth refining did China hold in 2024?"
    shutil.rmtree(index_cache.cache_dir(home), ignore_errors=True)
    walls = []
    for _ in range(3):
        started = time.perf_counter()
        subprocess.run([cli, "ask", question], env=env, check=True, capture_output=True)
        walls.append(time.perf_counter() - started)
    return {"cold_ask_build_s": walls[0], "cold_ask_saved_s": min(walls[1:])}


def query_rounds(out: Path, sizes: list[int], rounds: int) -> None:
    """Query every size ``rounds`` times, order reversed each round (4,100,1000,1000,100,4):
    a spell of load from other jobs then falls on all sizes alike."""
    runs: dict[int, list[dict[str, Any]]] = {size: [] for size in sizes}
    for r in range(rounds):
        for size in sizes if r % 2 == 0 else sizes[::-1]:
            home = out / f"store-{size}"
            result = run_child(["_query", "--home", str(home)])
            if r == 0:
                result.update(cold_asks(home))
            runs[size].append(result)
            print(f"query {size} round {r + 1}: {json.dumps(result)}", flush=True)
    for size, results in runs.items():
        merged = dict(results[0])
        for key in merged:
            if key.endswith("_ms") or key in ("warm_up_s", "peak_rss_mb"):
                merged[key] = statistics.median(x[key] for x in results)
        merged["rounds"] = len(results)
        # Chroma's HNSW search is approximate: a question may flip between rounds.
        merged["hit@5_rounds"] = [x["hit@5"] for x in results]
        merged["size"] = size
        (out / f"query-{size}.json").write_text(json.dumps(merged, indent=2))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phase", choices=["ingest", "query", "_ingest", "_query"])
    parser.add_argument("--sizes", type=int, nargs="+", default=[4, 100, 1000])
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench/scale"))
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--home", type=Path)
    parser.add_argument("--first", type=int, default=0)
    parser.add_argument("--size", type=int, default=0)
    parser.add_argument(
        "--short-from",
        type=int,
        default=None,
        help="synthetic reports from this number on are short notes (bench/synth.py); "
        "default: every report has the log-normal size of reports 5-100",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=2,
        help="query rounds, in alternating size order; latencies are medians over rounds",
    )
    parser.add_argument(
        "--resume", action="store_true", help="keep sizes whose ingest result exists"
    )
    args = parser.parse_args()

    if args.phase == "_ingest":
        print(json.dumps(do_ingest(args.corpus, args.home, args.first, args.size)))
        return
    if args.phase == "_query":
        print(json.dumps(do_query(args.home)))
        return

    args.out.mkdir(parents=True, exist_ok=True)
    if args.phase == "query":
        query_rounds(args.out, sorted(args.sizes), args.rounds)
        return
    corpus = args.out / "shelf"
    if args.phase == "ingest":  # idempotent: writes only files that differ
        generate(corpus, max(args.sizes), short_from=args.short_from)
    previous: tuple[int, Path] | None = None
    for size in sorted(args.sizes):
        home = args.out / f"store-{size}"
        result_file = args.out / f"{args.phase}-{size}.json"
        if args.phase == "ingest" and args.resume and result_file.exists() and home.exists():
            previous = (size, home)
            continue
        if args.phase == "ingest":
            if home.exists():
                shutil.rmtree(home)
            first = 0
            if previous is not None:
                shutil.copytree(previous[1], home)
                first = previous[0]
            step = ["--corpus", str(corpus), "--home", str(home)]
            result = run_child(["_ingest", *step, "--first", str(first), "--size", str(size)])
            result["chain_from"] = first
            previous = (size, home)
        result["size"] = size
        result_file.write_text(json.dumps(result, indent=2))
        print(f"{args.phase} {size}: {json.dumps(result)}", flush=True)


if __name__ == "__main__":
    main()
