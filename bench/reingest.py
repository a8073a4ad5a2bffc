"""Answers while a large shelf grows: the next retrieve after one new report is ingested.

A process that holds the index (the chat, a batch) reads only the reports added or changed
since (``HybridRetriever._read_index``), and tokenizes for BM25 and counts the word
statistics of those reports only (``CorpusStats.build(previous=...)``). The baseline, in
the same process and rounds alternating, tokenizes and counts every report, as before.

Works on a copy of a store built by ``bench.scale`` (default: its 1,000-report store):

    python -m bench.reingest [--store /tmp/bench/scale/store-1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, default=Path("/tmp/bench/scale/store-1000"))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, help="write the result as JSON here")
    args = parser.parse_args()

    from ingest.pipeline import Ingestor
    from reportqa.config import Settings
    from reportqa.corpus_stats import CorpusStats
    from reportqa.retrieve import HybridRetriever

    work = Path(tempfile.mkdtemp(prefix="reportqa-reingest-"))
    try:
        home = work / "store"
        shutil.copytree(args.store, home)
        settings = Settings(home=home)
        retriever = HybridRetriever(settings)
        retriever.warm_up()
        ingestor = Ingestor(settings)
        ingestor.embedder.embed_documents(["warm up"])
        incremental = CorpusStats.build.__func__  # type: ignore[attr-defined]

        def recount_all(cls: Any, records: Any, passages: Any, previous: Any = None) -> Any:
            return incremental(cls, records, passages)

        rules = {"incremental": incremental, "all reports recounted": recount_all}
        forget = {"incremental": False, "all reports recounted": True}
        # One report first, so the held statistics are this process's own (a loaded index
        # carries no per-report counts).
        first = work / "first.txt"
        first.write_text("# First\n\nA note added before the timings.\n")
        ingestor.ingest([first])
        retriever.retrieve("first note")
        times: dict[str, list[float]] = {name: [] for name in rules}
        for n in range(args.rounds):
            for name, build in rules.items():
                CorpusStats.build = classmethod(build)  # type: ignore[method-assign]
                if forget[name] and retriever._index is not None:
                    retriever._index.token_ids = None  # every passage tokenized again
                note = work / f"note-{n}-{len(times[name])}-{name[0]}.txt"
                note.write_text(  # new content every time: a copy would be a duplicate
                    f"# Note {note.stem}\n\nJapan imported {4000 + n} tonnes of magnets.\n"
                )
                report = ingestor.ingest([note])
                assert report.count("added") == 1, report
                retriever.store.refresh()
                retriever.forget_query()
                started = time.perf_counter()
                retriever.retrieve("Japan magnet imports 2025")
                times[name].append(time.perf_counter() - started)
        CorpusStats.build = classmethod(incremental)  # type: ignore[method-assign]
        result = {
            "reports": len(retriever.store.documents()),
            **{f"{name}_s": statistics.median(t) for name, t in times.items()},
            "rounds": args.rounds,
        }
        result["ratio"] = result["incremental_s"] / result["all reports recounted_s"]
        print(json.dumps(result))
        if args.out:
            args.out.write_text(json.dumps(result, indent=2))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
