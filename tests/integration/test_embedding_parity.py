"""The ONNX path gives the vectors (and so the rankings) of sentence-transformers, for
queries and for documents, and embedding documents through it never imports torch."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from reportqa.embedding import MiniLMEmbedder, OnnxMiniLM

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def embedders() -> tuple[MiniLMEmbedder, MiniLMEmbedder]:
    fast = MiniLMEmbedder()
    path = fast.ensure_onnx()
    assert path is not None and path.exists(), "the ONNX export failed"
    fast.warm_up()
    assert isinstance(fast._onnx_model(), OnnxMiniLM)
    return fast, MiniLMEmbedder(query_backend="torch")


def golden() -> list[dict]:
    lines = (ROOT / "evals" / "golden.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_query_vectors_match(embedders) -> None:
    fast, reference = embedders
    questions = [row["question"] for row in golden()]
    # edge cases: truncation past 256 tokens, non-Latin text, a single token
    questions += ["rare earth " * 400, "稀土出口管制 2025", "REO"]
    a = np.array([fast.embed_query(q) for q in questions])
    b = np.array([reference.embed_query(q) for q in questions])
    assert a.shape == b.shape == (len(questions), 384)
    assert float(np.abs(a - b).max()) < 1e-5
    assert float((a * b).sum(axis=1).min()) > 0.99999


def test_rankings_match(embedders) -> None:
    """Over passages embedded as ingest embeds them, both query paths rank alike."""
    fast, reference = embedders
    rows = golden()
    passages = [e["span"] for row in rows for e in row.get("evidence", [])]
    corpus = (ROOT / "corpus" / "003_703b9a852f138040.txt").read_text(encoding="utf-8")
    passages += [p for p in corpus.split("\n\n") if len(p) > 200][:60]
    docs = np.array(reference.embed_documents(passages))
    for row in rows[:40]:
        ours = docs @ np.array(fast.embed_query(row["question"]))
        theirs = docs @ np.array(reference.embed_query(row["question"]))
        top_ours = np.argsort(-ours, kind="stable")[:10].tolist()
        top_theirs = np.argsort(-theirs, kind="stable")[:10].tolist()
        assert top_ours == top_theirs, row["question"]


def document_texts() -> list[str]:
    """Passages as ingest embeds them, plus the edge cases of truncation and padding."""
    corpus = (ROOT / "corpus" / "003_703b9a852f138040.txt").read_text(encoding="utf-8")
    paragraphs = [p for p in corpus.split("\n\n") if p.strip()]
    long_ones = [corpus[start : start + 3000] for start in range(0, 15000, 3000)]
    return [
        *paragraphs[:40],  # short and long paragraphs in one call: batches pad to the longest
        *long_ones,  # 3,000 characters of the report: well over 256 tokens, truncated
        "rare earth " * 400,  # 800 words: truncation of one repeated phrase
        "稀土出口管制 2025",  # non-Latin text
        "REO",  # a single token
        "",  # nothing at all: [CLS] [SEP]
    ]


def test_document_vectors_match(embedders) -> None:
    fast, reference = embedders
    texts = document_texts()
    token_counts = [len(fast._onnx_model().tokenizer.encode(t).ids) for t in texts]
    assert max(token_counts) == 256, "no text reached the truncation limit"
    assert sum(n == 256 for n in token_counts) >= 5
    a = np.array(fast.embed_documents(texts))
    b = np.array(reference.embed_documents(texts))
    assert a.shape == b.shape == (len(texts), 384)
    assert float(np.abs(a - b).max()) < 1e-4
    assert float((a * b).sum(axis=1).min()) >= 0.9999


def test_a_document_vector_does_not_depend_on_its_batch(embedders) -> None:
    """Padding to a longer neighbour, or the batch a text falls in, leaves its vector."""
    fast, _ = embedders
    texts = document_texts()
    together = np.array(fast.embed_documents(texts))
    alone = np.array([fast.embed_documents([t])[0] for t in texts])
    assert float((together * alone).sum(axis=1).min()) >= 0.9999
    small = MiniLMEmbedder(batch_size=3)
    small._onnx = fast._onnx_model()
    assert float(np.abs(np.array(small.embed_documents(texts)) - together).max()) < 1e-5


def test_truncation_keeps_the_first_256_tokens(embedders) -> None:
    """What lies past the limit does not change a document's vector, in either path."""
    fast, reference = embedders
    head = "Export quotas on refined rare earths were cut in 2024. " * 40
    for embedder in (fast, reference):
        one, two = embedder.embed_documents([head, head + " Gallium prices doubled." * 30])
        assert float(np.dot(one, two)) > 0.99999


NO_TORCH_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from pathlib import Path

    home, first, second = (Path(a) for a in sys.argv[1:4])
    from reportqa.cli import commands as cli

    # `reportqa ingest` as make run calls it
    try:
        cli.app(["--home", str(home), "ingest", str(first), "-q"], standalone_mode=False)
    except SystemExit:
        pass

    # the chat's upload: the answerer is warmed up, then the Ingestor gets its embedder
    from ingest.pipeline import Ingestor
    from reportqa.config import load_settings
    from reportqa.llm import make_answerer
    from reportqa.retrieve import HybridRetriever
    from reportqa.store import ReportStore

    settings = load_settings(home=home)
    retriever = HybridRetriever(settings, store=ReportStore(settings))
    make_answerer(settings, retriever=retriever).warm_up()
    report = Ingestor(settings, store=retriever.store, embedder=retriever.embedder).ingest(
        [second]
    )
    heavy = [m for m in ("torch", "sentence_transformers", "transformers") if m in sys.modules]
    stored = sorted(Path(r.path).name for r in retriever.store.documents())
    print(json.dumps({"added": report.count("added"), "stored": stored, "heavy": heavy}))
    """
)


def test_embedding_documents_never_imports_torch(embedders, tmp_path) -> None:
    """With the export in place, ingest and upload embed without torch at all."""
    first = tmp_path / "in" / "first.txt"
    second = tmp_path / "up" / "second.md"
    first.parent.mkdir()
    second.parent.mkdir()
    first.write_text("Policy note\n\nGallium export licences were required from 2023.\n")
    second.write_text("# Brief\n\nGermanium prices rose by 40 percent in 2024.\n")
    done = subprocess.run(
        [sys.executable, "-c", NO_TORCH_SCRIPT, str(tmp_path / "store"), str(first), str(second)],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"added": 1, "stored": ["first.txt", "second.md"], "heavy": []}, result
