"""The retriever's index saved beside the store: loaded by the next process, rebuilt when
the registered reports change, ignored when unreadable."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from ingest.pipeline import Ingestor
from reportqa import index_cache
from reportqa.retrieve import HybridRetriever

QUESTIONS = ["China refining share 2024", "JOGMEC Lynas investment", "export licence days"]


def ranking(retriever: HybridRetriever) -> list[list[tuple[str, float]]]:
    out = []
    for question in QUESTIONS:
        retriever.forget_query()
        out.append([(p.chunk_id, p.score) for p in retriever.retrieve(question, k=5)])
    return out


def reads(store, monkeypatch) -> list[int]:
    """Count the full reads of passages and vectors from Chroma."""
    calls = [0]
    real = store.passages_and_vectors

    def counted(doc_ids=None):
        calls[0] += 1
        return real(doc_ids)

    monkeypatch.setattr(store, "passages_and_vectors", counted)
    return calls


@pytest.fixture
def shelf(fake_settings, corpus_copy: Path):
    Ingestor(fake_settings).ingest([corpus_copy])
    return fake_settings, corpus_copy


def test_a_new_process_loads_the_saved_index_instead_of_reading_the_store(
    shelf, monkeypatch
) -> None:
    settings, _ = shelf
    first = HybridRetriever(settings)
    first_calls = reads(first.store, monkeypatch)
    expected = ranking(first)
    assert first_calls[0] == 1
    assert len(list(index_cache.cache_dir(settings.home).glob("*.pkl"))) == 1

    second = HybridRetriever(settings)  # as in a new process: nothing in memory
    second_calls = reads(second.store, monkeypatch)
    assert ranking(second) == expected
    assert second_calls[0] == 0
    assert second.corpus_stats().idf == first.corpus_stats().idf


def test_a_changed_shelf_is_read_again(shelf, monkeypatch) -> None:
    settings, corpus = shelf
    HybridRetriever(settings).retrieve("warm", k=1)
    (corpus / "extra.txt").write_text("# Extra\n\nJOGMEC took a stake in Lynas in 2011.\n")
    Ingestor(settings).ingest([corpus])
    retriever = HybridRetriever(settings)
    calls = reads(retriever.store, monkeypatch)
    hits = retriever.retrieve("JOGMEC stake Lynas 2011", k=3)
    assert calls[0] == 1
    assert any(p.source.endswith("extra.txt") for p in hits)
    assert len(list(index_cache.cache_dir(settings.home).glob("*.pkl"))) == 2


def test_an_unreadable_saved_index_is_rebuilt(shelf, monkeypatch) -> None:
    settings, _ = shelf
    expected = ranking(HybridRetriever(settings))
    [saved] = index_cache.cache_dir(settings.home).glob("*.pkl")
    saved.write_bytes(saved.read_bytes()[:1000])  # truncated by a full disk, say
    retriever = HybridRetriever(settings)
    calls = reads(retriever.store, monkeypatch)
    assert ranking(retriever) == expected
    assert calls[0] == 1
    assert index_cache.load(settings.home, saved.stem) is not None  # written again


def test_only_the_newest_saved_indexes_are_kept(tmp_path: Path) -> None:
    for i in range(index_cache.KEEP + 2):
        index_cache.save(tmp_path, f"key{i}", {"n": i})
    kept = sorted(p.stem for p in index_cache.cache_dir(tmp_path).glob("*.pkl"))
    assert len(kept) == index_cache.KEEP
    assert index_cache.load(tmp_path, f"key{index_cache.KEEP + 1}")["n"] == index_cache.KEEP + 1
    assert index_cache.load(tmp_path, "absent") is None
    shutil.rmtree(index_cache.cache_dir(tmp_path))
    index_cache.save(tmp_path / "file-not-dir" / "x", "k", {"n": lambda: 1})  # unpicklable
    assert not list(tmp_path.rglob("*.tmp"))


def test_after_a_change_only_new_or_changed_reports_are_read(shelf, monkeypatch) -> None:
    """A process holding the index reads only what changed, and ends with the same index
    a process reading everything builds (same rows, same order, same rankings)."""
    settings, corpus = shelf
    retriever = HybridRetriever(settings)
    ranking(retriever)
    asked: list[list[str] | None] = []
    real = retriever.store.passages_and_vectors

    def recorded(doc_ids=None):
        asked.append(None if doc_ids is None else list(doc_ids))
        return real(doc_ids)

    monkeypatch.setattr(retriever.store, "passages_and_vectors", recorded)
    (corpus / "extra.txt").write_text("# Extra\n\nJOGMEC took a stake in Lynas in 2011.\n")
    edited = sorted(corpus.glob("0*.txt"))[0]
    edited.write_text(edited.read_text() + "\nA closing line added in a new edition.\n")
    removed = sorted(corpus.glob("0*.txt"))[1]
    removed.unlink()
    Ingestor(settings).ingest([corpus], prune=True)
    incremental = ranking(retriever)
    new_ids = {r.doc_id for r in retriever.store.documents() if r.source.endswith("extra.txt")}
    changed = {r.doc_id for r in retriever.store.documents() if r.source.endswith(edited.name)}
    assert asked == [sorted(new_ids | changed)]  # one read, of those two reports only

    shutil.rmtree(index_cache.cache_dir(settings.home))
    full = HybridRetriever(settings)
    assert ranking(full) == incremental
    ours, theirs = retriever._passage_index(), full._passage_index()
    assert [p.chunk_id for p in ours.passages] == [p.chunk_id for p in theirs.passages]
    assert np.allclose(ours.dense.matrix, theirs.dense.matrix, atol=1e-6)
    assert not any(p.source.endswith(removed.name) for p in ours.passages)
