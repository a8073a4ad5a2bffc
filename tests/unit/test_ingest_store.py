"""Ingest into a real embedded Chroma with the fake embedder: incremental, per-file errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from reportqa.embedding import HashEmbedder
from reportqa.models import RetrievalFilters
from reportqa.retrieve import HybridRetriever, RetrievalError, resolve_documents
from reportqa.store import ReportStore


class CountingEmbedder(HashEmbedder):
    def __init__(self) -> None:
        super().__init__()
        self.embedded = 0

    def embed_documents(self, texts):
        self.embedded += len(texts)
        return super().embed_documents(texts)


@pytest.fixture
def setup(fake_settings, corpus_copy):
    store = ReportStore(fake_settings)
    embedder = CountingEmbedder()
    ingestor = Ingestor(fake_settings, store=store, embedder=embedder)
    return ingestor, store, embedder, corpus_copy


def test_ingest_corpus_registers_documents_with_metadata(setup):
    ingestor, store, _, corpus = setup
    report = ingestor.ingest([corpus])
    assert report.count("added") == 4 and not report.failed
    records = {Path(r.source).name: r for r in store.documents()}
    rusi = records["003_703b9a852f138040.txt"]
    assert rusi.publisher == "RUSI (Royal United Services Institute)"
    assert rusi.author == "Henry Sanderson" and rusi.date == "2026-06"
    assert store.chunk_count() == sum(r.chunks for r in records.values())
    assert set(store.chunk_ids(rusi.doc_id)) and len(store.chunk_ids(rusi.doc_id)) == rusi.chunks


def test_unchanged_corpus_embeds_nothing(setup):
    ingestor, store, embedder, corpus = setup
    ingestor.ingest([corpus])
    first = embedder.embedded
    count = store.chunk_count()
    report = ingestor.ingest([corpus])
    assert embedder.embedded == first
    assert report.count("unchanged") == 4 and report.embedded_chunks == 0
    assert store.chunk_count() == count


def test_changed_file_replaces_its_chunks(setup):
    ingestor, store, _, corpus = setup
    ingestor.ingest([corpus])
    path = corpus / "000_883bab2b6c0bb2a2.txt"
    record = next(r for r in store.documents() if r.source.endswith(path.name))
    old_ids = set(store.chunk_ids(record.doc_id))
    path.write_text(path.read_text() + "\n\nA new closing paragraph about 2027 quotas.\n")
    report = ingestor.ingest([path])
    assert report.count("updated") == 1
    new_ids = set(store.chunk_ids(record.doc_id))
    assert new_ids and not (old_ids & new_ids)
    texts = [p.text for p in store.passages() if p.doc_id == record.doc_id]
    assert any("2027 quotas" in t for t in texts)
    assert store.document(record.doc_id).content_hash != record.content_hash


def test_bad_file_does_not_stop_the_others(setup):
    ingestor, store, _, corpus = setup
    (corpus / "broken.pdf").write_bytes(b"%PDF-1.4\n1 0 obj <<")
    (corpus / "zero.txt").write_bytes(b"")
    report = ingestor.ingest([corpus, corpus / "missing.txt"])
    failed = {Path(o.path).name: o.error for o in report.failed}
    assert set(failed) == {"broken.pdf", "zero.txt", "missing.txt"}
    assert "truncated" in failed["broken.pdf"] and failed["zero.txt"] == "empty file"
    assert report.count("added") == 4
    assert len(store.documents()) == 4


def test_prune_forgets_removed_files_only_when_asked(setup):
    ingestor, store, _, corpus = setup
    ingestor.ingest([corpus])
    (corpus / "001_2eee6fb68873430b.txt").unlink()
    ingestor.ingest([corpus])
    assert len(store.documents()) == 4
    report = ingestor.ingest([corpus], prune=True)
    assert report.count("removed") == 1
    assert len(store.documents()) == 3
    assert all(p.source.endswith("001_2eee6fb68873430b.txt") is False for p in store.passages())


def test_interrupted_document_is_redone_and_orphans_removed(setup):
    ingestor, store, _, corpus = setup
    ingestor.ingest([corpus])
    record = store.documents()[0]
    store.unregister(record.doc_id)  # as if killed after writing chunks, before registering
    assert all(p.doc_id != record.doc_id for p in store.passages())
    report = ingestor.ingest([corpus])
    assert report.count("added") == 1 and report.count("unchanged") == 3
    ids = store.chunk_ids()
    assert len(ids) == len(set(ids)) == sum(r.chunks for r in store.documents())


def test_hybrid_retrieval_and_filters(setup, fake_settings):
    ingestor, store, embedder, corpus = setup
    ingestor.ingest([corpus])
    retriever = HybridRetriever(fake_settings, store=store, embedder=embedder)
    top = retriever.retrieve("JOGMEC investments in foreign rare earths projects", k=3)
    assert len(top) == 3 and top[0].score >= top[1].score >= top[2].score
    assert any("Table 5:" in p.text for p in top)

    rusi = RetrievalFilters(publishers=["rusi (royal united services institute)"])
    assert {p.publisher for p in retriever.retrieve("China share", 10, rusi)} == {
        "RUSI (Royal United Services Institute)"
    }
    ids = resolve_documents(["002_03cee6a0564ba619"], store.documents())
    only = retriever.retrieve("China share of mining", 10, RetrievalFilters(doc_ids=ids))
    assert only and {p.doc_id for p in only} == set(ids)
    recent = retriever.retrieve("China share of mining", 20, RetrievalFilters(after="2026"))
    assert recent and all(p.date >= "2026" for p in recent)
    old = retriever.retrieve("China share of mining", 20, RetrievalFilters(before="2025-12"))
    assert old and all(p.date == "2025-07-31" for p in old)
    with pytest.raises(RetrievalError):
        resolve_documents(["nope"], store.documents())
    with pytest.raises(RetrievalError):
        retriever.retrieve("   ")


def test_retrieved_passages_carry_resolved_footnotes(setup, fake_settings):
    ingestor, store, embedder, corpus = setup
    ingestor.ingest([corpus])
    retriever = HybridRetriever(fake_settings, store=store, embedder=embedder)
    hits = retriever.retrieve("US Geological Survey 270,000 tonnes 390,000 global total 2025", k=5)
    cited = {f.n: f.text for p in hits for f in p.footnotes}
    assert cited.get(12) == "US Geological Survey, 'Rare Earths'."


def test_a_damaged_vector_index_is_rebuilt_from_the_files(fake_settings, corpus_copy, monkeypatch):
    """Chroma can fail to replay a write cut by SIGKILL; ingest then rebuilds the store."""
    from ingest.pipeline import Ingestor
    from reportqa.store import ReportStore

    store = ReportStore(fake_settings)
    Ingestor(fake_settings, store=store).ingest([corpus_copy])
    before = sorted(store.chunk_ids())

    def wedged(self):
        raise RuntimeError("Error executing plan: Failed to apply logs to the hnsw segment writer")

    monkeypatch.setattr(ReportStore, "remove_orphans", wedged)
    fresh = ReportStore(fake_settings)
    report = Ingestor(fake_settings, store=fresh).ingest([corpus_copy])
    assert report.repaired
    assert report.count("added") == 4 and not report.failed
    assert sorted(fresh.chunk_ids()) == before
    assert len(fresh.documents()) == 4
