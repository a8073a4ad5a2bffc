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


def saved_states(home: Path) -> list[Path]:
    folder = index_cache.cache_dir(home)
    return [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]


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
    assert len(saved_states(settings.home)) == 1

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
    assert len(saved_states(settings.home)) == 2


def test_an_unreadable_saved_index_is_rebuilt(shelf, monkeypatch) -> None:
    settings, _ = shelf
    expected = ranking(HybridRetriever(settings))
    [saved] = saved_states(settings.home)
    rows = saved / "passages.json"
    rows.write_bytes(rows.read_bytes()[:1000])  # truncated by a full disk, say
    retriever = HybridRetriever(settings)
    calls = reads(retriever.store, monkeypatch)
    assert ranking(retriever) == expected
    assert calls[0] == 1
    assert index_cache.load(settings.home, saved.name) is not None  # written again


def _parts(n: int) -> dict:
    from reportqa.corpus_stats import CorpusStats

    stats = CorpusStats.build([], [])
    stats.dates = {"doc": f"2026-0{n + 1}"}
    return {"passages": [], "vectors": None, "bm25": None, "stats": stats}


def test_only_the_newest_saved_indexes_are_kept(tmp_path: Path) -> None:
    import os

    for i in range(index_cache.KEEP + 2):
        index_cache.save(tmp_path, f"key{i}", _parts(i))
        os.utime(index_cache.cache_dir(tmp_path) / f"key{i}", (i, i))
    assert len(saved_states(tmp_path)) == index_cache.KEEP
    newest = index_cache.load(tmp_path, f"key{index_cache.KEEP + 1}")
    assert newest["stats"].dates == {"doc": f"2026-0{index_cache.KEEP + 2}"}
    assert index_cache.load(tmp_path, "absent") is None
    shutil.rmtree(index_cache.cache_dir(tmp_path))
    (tmp_path / "file-not-dir").write_text("x")
    index_cache.save(tmp_path / "file-not-dir" / "x", "k", _parts(0))  # cannot be written
    assert not list(tmp_path.rglob("*.tmp"))


class _Planted:
    """What a hostile file in a shared store would hold: code run when unpickled."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_a_planted_file_in_the_saved_index_runs_nothing(shelf, tmp_path: Path) -> None:
    import pickle

    settings, _ = shelf
    expected = ranking(HybridRetriever(settings))
    [saved] = saved_states(settings.home)
    marker = tmp_path / "planted-code-ran"
    # the old pickle file name, and a vectors file that is a pickle in disguise
    (index_cache.cache_dir(settings.home) / f"{saved.name}.pkl").write_bytes(
        pickle.dumps({"format": 3, "passages": _Planted(marker)})
    )
    np.save(saved / "vectors.npy", np.array([_Planted(marker)], dtype=object), allow_pickle=True)
    retriever = HybridRetriever(settings)
    assert ranking(retriever) == expected
    assert not marker.exists()


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
    # BM25 from kept token ids plus the new reports' equals BM25 tokenized afresh
    from reportqa.retrieve import _query_tokens, bm25_scores

    for question in QUESTIONS:
        tokens = list(_query_tokens(question))
        assert np.allclose(
            bm25_scores(ours.retriever, tokens), bm25_scores(theirs.retriever, tokens), atol=1e-5
        )
    # the word statistics too: kept for unchanged reports, recounted for the others
    mine, reference = retriever.corpus_stats(), full.corpus_stats()
    assert mine.idf == reference.idf and mine.docs_with == reference.docs_with
    assert mine.meta_terms == reference.meta_terms and mine.dates == reference.dates
    assert set(mine.per_document) == {r.doc_id for r in retriever.store.documents()}


def test_word_statistics_reuse_the_reports_that_did_not_change(shelf) -> None:
    """Built from an earlier state, only new or edited reports are counted again; the saved
    copy leaves the per-report counts out (they only serve the process that made them)."""
    import pickle

    from reportqa.corpus_stats import CorpusStats

    settings, _ = shelf
    retriever = HybridRetriever(settings)
    records, passages = retriever.store.documents(), retriever.passages()
    edited = records[0]
    earlier = CorpusStats.build(records, passages)
    changed = [r.model_copy(update={"content_hash": "new"}) if r is edited else r for r in records]
    later = CorpusStats.build(changed, passages, previous=earlier)
    for record in records[1:]:
        assert later.per_document[record.doc_id] is earlier.per_document[record.doc_id]
    assert later.per_document[edited.doc_id] is not earlier.per_document[edited.doc_id]
    assert later.idf == earlier.idf and later.docs_with == earlier.docs_with
    restored = pickle.loads(pickle.dumps(later))
    assert restored.per_document == {} and restored.idf == later.idf
