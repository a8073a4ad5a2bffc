"""Start-up, cold ask, warm ask and ingest of corpus/, each against a baseline run here.

The machines are shared and noisy, so every figure is a ratio against a baseline measured
in the same run, and cold runs of ours and of the baseline alternate. Cold runs report
wall time and CPU time (user + sys of the child): wall time is what a user waits, CPU time
is what the code costs when other jobs share the cores.

- ``--help``: ``reportqa --help`` in a new process (served from the help cache), and the
  uncached render (``python -m reportqa.cli --help``), against a cold ``reportqa ask``.
- ``list``: ``reportqa list`` from the store's registry copy, and the full way through
  Chroma (taken when a setting is given in the environment), against a cold ask.
- cold ask: ``reportqa ask`` in a new process on a built store, against a vanilla
  llama-index cold query (import, load the same MiniLM through sentence-transformers, open
  the same persisted Chroma index, retrieve top-5; ``evals.baseline.VanillaRag`` built it).
- warm ask: ``Answerer.ask`` p50 over the golden questions, against one query embedding
  p50 in the same process (ours, ONNX, and sentence-transformers for reference).
- ingest: full ingest of corpus/ (chunks/s) next to the vanilla pipeline, and a no-op
  re-ingest against the full ingest.

    python -m bench.run [--out /tmp/bench/main] [--repeats 3]
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

from bench.scale import golden_questions

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
QUESTION = "What share of rare earth refining did China hold in 2024?"

VANILLA_COLD = """
import sys
import chromadb
from chromadb.config import Settings as ChromaSettings
from llama_index.core import VectorStoreIndex
from llama_index.vector_stores.chroma import ChromaVectorStore
from evals.baseline import llama_embedding
from reportqa.embedding import MiniLMEmbedder

quiet = ChromaSettings(anonymized_telemetry=False)
client = chromadb.PersistentClient(path=sys.argv[1], settings=quiet)
store = ChromaVectorStore(chroma_collection=client.get_collection("vanilla"))
embed = llama_embedding(MiniLMEmbedder(query_backend="torch"))
index = VectorStoreIndex.from_vector_store(store, embed_model=embed)
nodes = index.as_retriever(similarity_top_k=5).retrieve(sys.argv[2])
assert len(nodes) == 5
"""


FULL_LIST_ENV = {"REPORTQA_CHUNKING__SIZE": "1000"}


def timed_child(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one child process; it must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def median_pair(runs: list[tuple[float, float]]) -> dict[str, float]:
    return {
        "wall_s": statistics.median(r[0] for r in runs),
        "cpu_s": statistics.median(r[1] for r in runs),
        "runs": len(runs),
    }


def ingest_phase(out: Path) -> dict[str, Any]:
    """Full and no-op ingest of corpus/, and the vanilla pipeline over the same files."""
    from evals.baseline import VanillaRag
    from ingest.pipeline import Ingestor
    from reportqa.config import Settings
    from reportqa.embedding import MiniLMEmbedder

    home = out / "store"
    shutil.rmtree(home, ignore_errors=True)
    ingestor = Ingestor(Settings(home=home))
    ingestor.embedder.embed_documents(["warm up"])  # model load outside the timings
    ingestor.embedder.ensure_onnx()  # type: ignore[attr-defined]  # a one-off, not per ingest
    t0 = time.perf_counter()
    full = ingestor.ingest([CORPUS])
    t1 = time.perf_counter()
    noop = ingestor.ingest([CORPUS])
    t2 = time.perf_counter()

    vanilla_dir = out / "vanilla"
    shutil.rmtree(vanilla_dir, ignore_errors=True)
    embedder = MiniLMEmbedder(query_backend="torch")
    embedder.embed_documents(["warm up"])
    t3 = time.perf_counter()
    vanilla = VanillaRag(CORPUS, embedder, persist_dir=vanilla_dir)
    t4 = time.perf_counter()
    return {
        "full_s": t1 - t0,
        "passages": full.embedded_chunks,
        "chunks_per_s": full.embedded_chunks / (t1 - t0),
        "noop_s": t2 - t1,
        "noop_unchanged": noop.count("unchanged"),
        "noop_ratio": (t2 - t1) / (t1 - t0),
        "vanilla_s": t4 - t3,
        "vanilla_chunks": vanilla.chunks,
        "vanilla_chunks_per_s": vanilla.chunks / (t4 - t3),
    }


def cold_phase(out: Path, repeats: int) -> dict[str, Any]:
    """Alternating cold runs: --help, our ask, the vanilla query."""
    env = {**os.environ, "REPORTQA_HOME": str(out / "store")}
    cli = str(Path(sys.executable).parent / "reportqa")
    runs: dict[str, list[tuple[float, float]]] = {
        "help": [],
        "help_render": [],
        "list": [],
        "list_full": [],
        "ask": [],
        "vanilla": [],
    }
    vanilla = [sys.executable, "-c", VANILLA_COLD, str(out / "vanilla"), QUESTION]
    timed_child([cli, "--help"], env)  # the first --help renders and caches the text
    for _ in range(repeats):
        runs["help"].append(timed_child([cli, "--help"], env))
        # what every --help cost before the cache: build typer's tree and render
        render = [sys.executable, "-m", "reportqa.cli", "--help"]
        runs["help_render"].append(timed_child(render, env))
        # `list` from the registry copy, and the full way (Chroma) that a setting given in
        # the environment still takes (here the default chunk size, so the same store)
        runs["list"].append(timed_child([cli, "list"], env))
        runs["list_full"].append(timed_child([cli, "list"], {**env, **FULL_LIST_ENV}))
        runs["ask"].append(timed_child([cli, "ask", QUESTION], env))
        runs["vanilla"].append(timed_child(vanilla, env))
    result = {name: median_pair(r) for name, r in runs.items()}
    for unit in ("wall_s", "cpu_s"):
        key = unit.removesuffix("_s")
        result[f"ask_vs_vanilla_{key}"] = result["ask"][unit] / result["vanilla"][unit]
        result[f"help_vs_ask_{key}"] = result["help"][unit] / result["ask"][unit]
        result[f"help_render_vs_ask_{key}"] = result["help_render"][unit] / result["ask"][unit]
        result[f"list_vs_ask_{key}"] = result["list"][unit] / result["ask"][unit]
        result[f"list_full_vs_ask_{key}"] = result["list_full"][unit] / result["ask"][unit]
    return result


def warm_phase(out: Path, rounds: int = 3) -> dict[str, Any]:
    """In one process: ask p50 against one query embedding p50 (``rounds`` passes)."""
    from reportqa.answering import Answerer
    from reportqa.config import Settings
    from reportqa.embedding import MiniLMEmbedder
    from reportqa.retrieve import HybridRetriever

    settings = Settings(home=out / "store")
    retriever = HybridRetriever(settings)
    answerer = Answerer(settings, retriever=retriever)
    questions = [row["question"] for row in golden_questions()]
    answerer.ask(questions[0])
    torch_path = MiniLMEmbedder(query_backend="torch")
    torch_path.embed_query(questions[0])

    # Interleaved per question, so that a burst of load from other jobs hits all three alike.
    # The retriever remembers the last question's vector (an ask's second pass over the
    # reports it names reuses it): forgotten before each step, so each one embeds anew.
    # The sentence-transformers reference runs in a pass of its own: torch's threads keep
    # spinning for a while after each call and would slow whatever step came next.
    steps = {
        "embed": retriever.embedder.embed_query,
        "retrieve": retriever.retrieve,
        "ask": answerer.ask,
    }
    times: dict[str, list[float]] = {name: [] for name in [*steps, "torch"]}
    for _ in range(rounds):
        for q in questions:
            for name, action in steps.items():
                retriever.forget_query()
                t0 = time.perf_counter()
                action(q)
                times[name].append((time.perf_counter() - t0) * 1000)
    for q in questions:
        t0 = time.perf_counter()
        torch_path.embed_query(q)
        times["torch"].append((time.perf_counter() - t0) * 1000)
    embed_ms, torch_ms, retrieve_ms, ask_ms = (
        statistics.median(times[n]) for n in ("embed", "torch", "retrieve", "ask")
    )
    return {
        "questions": len(questions),
        "rounds": rounds,
        "query_backend": type(retriever.embedder._onnx_model()).__name__,  # type: ignore[attr-defined]
        "embed_p50_ms": embed_ms,
        "embed_torch_p50_ms": torch_ms,
        "retrieve_p50_ms": retrieve_ms,
        "ask_p50_ms": ask_ms,
        "ask_vs_embed": ask_ms / embed_ms,
        "ask_vs_torch_embed": ask_ms / torch_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=Path("/tmp/bench/main"))
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--phases",
        nargs="+",
        choices=["ingest", "warm", "cold"],
        default=["ingest", "warm", "cold"],
        help="run only these (the others are kept from an earlier run.json; warm and cold "
        "need the store that ingest builds)",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    previous = args.out / "run.json"
    results: dict[str, Any] = json.loads(previous.read_text()) if previous.exists() else {}
    results["machine"] = {"cpus": os.cpu_count(), "load": os.getloadavg()}
    for name, phase in (
        ("ingest", lambda: ingest_phase(args.out)),
        ("warm", lambda: warm_phase(args.out)),
        ("cold", lambda: cold_phase(args.out, args.repeats)),
    ):
        if name not in args.phases:
            continue
        results[name] = phase()
        print(f"{name}: {json.dumps(results[name])}", flush=True)
    results["machine"]["load_after"] = os.getloadavg()
    (args.out / "run.json").write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
