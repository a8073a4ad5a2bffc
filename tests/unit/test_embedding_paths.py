"""Which path the real embedder takes, without running the model: documents go through
the ONNX export when it exists, the export is made (once, announced) when it does not,
and only a failed export or backend="torch" falls back to sentence-transformers."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
import pytest

import reportqa.embedding as embedding
from reportqa.embedding import HashEmbedder, MiniLMEmbedder, prepare_embedder

REAL_EMBED_MANY = embedding.OnnxMiniLM.embed_many  # batching and order, kept as is


class FakeOnnx:
    """The ONNX model's interface; a vector is (length of the text, 1)."""

    batches: list[int] = []

    def __init__(self, path: Path, model_dir: Path | None = None) -> None:
        self.path = path

    def embed(self, texts):
        FakeOnnx.batches.append(len(texts))
        return np.array([[float(len(t)), 1.0] for t in texts])

    def embed_many(self, texts, batch_size):
        return REAL_EMBED_MANY(self, texts, batch_size)


@pytest.fixture
def onnx_at(tmp_path, monkeypatch) -> Path:
    """The export's place (absent until a test creates it); torch is out of bounds."""
    target = tmp_path / "cache" / "model.onnx"
    monkeypatch.setattr(embedding, "onnx_cache_path", lambda model_dir=None: target)
    monkeypatch.setattr(embedding, "OnnxMiniLM", FakeOnnx)
    monkeypatch.setattr(embedding, "MINILM_DIMENSION", 2)

    def no_torch(self):
        raise AssertionError("sentence-transformers was loaded")

    monkeypatch.setattr(MiniLMEmbedder, "_sentence_transformer", no_torch)
    FakeOnnx.batches = []
    return target


def test_documents_use_the_export_when_it_exists(onnx_at):
    onnx_at.parent.mkdir()
    onnx_at.write_bytes(b"onnx")
    embedder = MiniLMEmbedder(batch_size=2)
    assert not embedder.needs_export()
    vectors = embedder.embed_documents(["a", "abc", "ab", "abcd", "abcde"])
    assert [v[0] for v in vectors] == [1, 3, 2, 4, 5]  # in the order given
    assert FakeOnnx.batches == [2, 2, 1]  # in batches of batch_size


def test_a_missing_export_is_made_first(onnx_at, monkeypatch):
    made: list[Path] = []

    def export(self):
        made.append(onnx_at)
        onnx_at.parent.mkdir(exist_ok=True)
        onnx_at.write_bytes(b"onnx")
        self._export_tried = True
        return onnx_at

    monkeypatch.setattr(MiniLMEmbedder, "ensure_onnx", export)
    embedder = MiniLMEmbedder()
    assert embedder.needs_export()
    notes: list[str] = []
    prepare_embedder(embedder, notes.append)
    assert notes == [embedding.EXPORT_NOTICE] and made == [onnx_at]
    prepare_embedder(embedder, notes.append)  # in place now: nothing said, nothing done
    assert len(notes) == 1 and len(made) == 1
    assert embedder.embed_documents(["ab"]) == [[2.0, 1.0]]


def test_a_failed_export_falls_back_to_sentence_transformers(onnx_at, monkeypatch):
    class Model:
        def encode(self, texts, **kwargs):
            return np.array([[0.0, 1.0] for _ in texts])

    monkeypatch.setattr(MiniLMEmbedder, "_sentence_transformer", lambda self: Model())
    monkeypatch.setattr(embedding, "export_onnx", lambda model, target: 1 / 0)
    embedder = MiniLMEmbedder()
    assert embedder.embed_documents(["x", "y"]) == [[0.0, 1.0], [0.0, 1.0]]
    assert not embedder.needs_export()  # tried once: not again in this process
    assert FakeOnnx.batches == []


def test_the_torch_backend_never_uses_onnx(onnx_at, monkeypatch):
    onnx_at.parent.mkdir()
    onnx_at.write_bytes(b"onnx")
    monkeypatch.setattr(
        MiniLMEmbedder,
        "_sentence_transformer",
        lambda self: type("M", (), {"encode": lambda s, t, **k: np.zeros((len(t), 2))})(),
    )
    for embedder in (MiniLMEmbedder(backend="torch"), MiniLMEmbedder(query_backend="torch")):
        assert not embedder.needs_export()
        assert embedder.embed_documents(["x"]) == [[0.0, 0.0]]
        assert embedder.embed_query("x") == [0.0, 0.0]
    assert FakeOnnx.batches == []


def test_the_fake_embedder_needs_no_preparation():
    notes: list[str] = []
    prepare_embedder(HashEmbedder(), notes.append)
    assert notes == []


def test_the_export_is_named_by_the_weights_content(monkeypatch, tmp_path):
    """Two environments with the same model share one export; mtime does not matter."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    model_dir = embedding.minilm_model_path()
    weights = (model_dir / "model.safetensors").read_bytes()
    name = embedding.onnx_cache_path(model_dir).name
    assert name == f"minilm-l6-v2-sha256-{hashlib.sha256(weights).hexdigest()[:24]}.onnx"
    assert embedding.onnx_cache_path(model_dir).parent == tmp_path / "reportqa"


def test_weights_outside_the_installed_package_are_named_by_size_and_time(tmp_path):
    (tmp_path / "model.safetensors").write_bytes(b"weights")
    os.utime(tmp_path / "model.safetensors", ns=(1, 2))
    assert embedding.onnx_cache_path(tmp_path).name == "minilm-l6-v2-7-2.onnx"
