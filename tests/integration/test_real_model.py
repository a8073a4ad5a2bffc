"""The real all-MiniLM-L6-v2 from its wheel and a real Chroma on disk."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from evals.questions import hit_rank, load_retrieval_questions
from ingest.pipeline import Ingestor
from reportqa.config import Settings
from reportqa.embedding import MiniLMEmbedder, minilm_model_path
from reportqa.retrieve import HybridRetriever
from reportqa.store import ReportStore
from tests.conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def embedder() -> MiniLMEmbedder:
    model = MiniLMEmbedder()
    model.warm_up()
    return model


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, embedder):
    settings = Settings(home=tmp_path_factory.mktemp("real") / "store")
    store = ReportStore(settings)
    report = Ingestor(settings, store=store, embedder=embedder).ingest([CORPUS])
    assert not report.failed
    return settings, store


def test_model_ships_in_the_wheel(embedder):
    path = minilm_model_path()
    assert (path / "model.safetensors").is_file()
    assert "site-packages" in str(path)
    assert os.environ.get("HF_HUB_OFFLINE") == "1"


def test_embeddings_are_normalised_and_meaningful(embedder):
    a, b, c = embedder.embed_documents(
        [
            "China refines most of the world's rare earths.",
            "Most rare earth refining happens in China.",
            "The football match ended in a draw.",
        ]
    )
    assert len(a) == 384
    assert math.isclose(sum(x * x for x in a), 1.0, rel_tol=1e-4)

    def cos(u, v):
        return sum(x * y for x, y in zip(u, v))

    assert cos(a, b) > cos(a, c) + 0.3


def test_hybrid_retrieval_finds_the_evidence(ingested, embedder):
    settings, store = ingested
    retriever = HybridRetriever(settings, store=store, embedder=embedder)
    questions = load_retrieval_questions()
    ranks = [
        hit_rank([p.text for p in retriever.retrieve(q.question, k=5)], q.evidence)
        for q in questions
    ]
    hits = sum(1 for r in ranks if r)
    assert hits >= len(questions) - 1, ranks


def test_store_reopens_from_disk(ingested):
    settings, store = ingested
    reopened = ReportStore(settings)
    assert reopened.chunk_count() == store.chunk_count() > 100
    assert len(reopened.documents()) == 4


def test_cli_end_to_end_in_a_new_process(tmp_path):
    env = {**os.environ, "REPORTQA_HOME": str(tmp_path / "store")}
    cli = [sys.executable, "-m", "reportqa.cli"]
    first = subprocess.run(
        [*cli, "ingest", str(CORPUS)], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert first.returncode == 0, first.stderr
    assert "4 added" in first.stdout
    second = subprocess.run(
        [*cli, "ingest", str(CORPUS)], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert "4 unchanged" in second.stdout and "0 passages embedded" in second.stdout
    out = subprocess.run(
        [*cli, "retrieve", "Which companies produce rare earth metals outside China?", "--json"],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    passages = json.loads(out.stdout)["passages"]
    assert len(passages) == 5
    assert any(p["kind"] == "table" and "Table 6:" in p["text"] for p in passages)
    assert all(Path(ROOT / p["source"]).is_file() for p in passages)
