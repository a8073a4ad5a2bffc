"""The ONNX query path gives the vectors (and so the rankings) of sentence-transformers."""

from __future__ import annotations

import json
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
