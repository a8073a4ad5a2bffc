"""Faster retrieval, same rankings; and a cached registry that still sees every change.

The reference below is the retrieval as first written: dense through llama-index's
``ChromaVectorStore.query`` (similarity exp(-d)), BM25 ranked with ``sorted``, and the
registry read from Chroma for every query. The retriever now scores dense candidates with
an exact in-memory scan (``reportqa.dense``); on these small stores Chroma's search is
exact too (the reference asks it for every passage), so rankings must agree exactly once
passages of equal similarity are put in store order, the exact scan's rule for ties.
"""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from reportqa.asked_kinds import kinds_named
from reportqa.models import DocumentRecord, Passage, RetrievalFilters
from reportqa.retrieve import QUESTION_WORDS, HybridRetriever, passage_matches
from reportqa.store import ReportStore, passage_from_record
from reportqa.text import is_contents_listing
from reportqa.words import english_stemmer

QUESTIONS = [
    "What share of rare earth refining did China hold in 2024?",
    "JOGMEC investments in Lynas",
    "export controls on rare earth magnets",
    "How many working days do licence approvals take?",
    "Table 3 heavy rare earth prices",
    "who owns LCM",
]
FILTERS = [
    None,
    RetrievalFilters(publishers=["Andaman Partners"]),
    RetrievalFilters(after="2026-01"),
    RetrievalFilters(before="2025-12"),
]


def reference_tokens(question: str) -> list[list[str]]:
    """BM25 tokens of a question: Snowball stems, without stopwords or question words."""
    import bm25s
    from bm25s.stopwords import STOPWORDS_EN

    return bm25s.tokenize(
        [question],
        stopwords=[*STOPWORDS_EN, *QUESTION_WORDS],
        stemmer=english_stemmer().stemWords,
        show_progress=False,
        return_ids=False,
    )


def reference_retrieve(
    retriever: HybridRetriever, question: str, k: int, filters: RetrievalFilters | None
) -> list[tuple[str, float]]:
    from llama_index.core.vector_stores.types import VectorStoreQuery
    from llama_index.vector_stores.chroma import ChromaVectorStore

    from reportqa.store import chroma_where

    store = retriever.store
    settings = retriever.settings
    depth = max(settings.retrieval.candidates, k)
    live = set(store._docs.get(include=[])["ids"])
    vector = retriever.embedder.embed_query(question)
    where = chroma_where(filters)
    result = ChromaVectorStore(chroma_collection=store._chunks).query(
        VectorStoreQuery(query_embedding=vector, similarity_top_k=store.chunk_count()),
        **({"where": where} if where else {}),
    )
    index = retriever._passage_index()
    order = {p.chunk_id: i for i, p in enumerate(index.passages)}
    found = []
    for node, similarity in zip(result.nodes, result.similarities):
        meta = dict(node.metadata)
        passage = passage_from_record(node.node_id, node.get_content(), meta)
        if meta["doc_id"] in live and not is_contents_listing(passage.text, passage.section):
            found.append((passage, similarity))  # a table of contents is never searched
            assert -math.log(similarity) >= 0
    found.sort(key=lambda hit: (-round(hit[1], 5), order[hit[0].chunk_id]))
    dense = [passage for passage, _ in found[:depth]]

    lexical: list[Passage] = []
    tokens = reference_tokens(question)
    if tokens and tokens[0]:
        scores = index.retriever.get_scores(tokens[0])
        for i in sorted(range(len(index.passages)), key=lambda i: -scores[i]):
            if scores[i] <= 0 or len(lexical) >= depth:
                break
            if passage_matches(index.passages[i], filters):
                lexical.append(index.passages[i])

    rrf_k = settings.retrieval.rrf_k
    fused: dict[str, float] = {}
    for ranking in (dense, lexical):
        for rank, passage in enumerate(ranking, start=1):
            fused[passage.chunk_id] = fused.get(passage.chunk_id, 0.0) + 1.0 / (rrf_k + rank)
    best = 2.0 / (rrf_k + 1)
    ordered = sorted(fused, key=lambda cid: -fused[cid])[:k]
    return [(cid, round(fused[cid] / best, 4)) for cid in ordered]


def with_fusion(settings, fusion: str):
    retrieval = settings.retrieval.model_copy(update={"fusion": fusion})
    return settings.model_copy(update={"retrieval": retrieval})


@pytest.fixture
def retriever(fake_settings, corpus_copy: Path) -> HybridRetriever:
    """The retriever under the rrf rule, which the reference above spells out."""
    Ingestor(fake_settings).ingest([corpus_copy])
    return HybridRetriever(with_fusion(fake_settings, "rrf"))


@pytest.mark.parametrize("filters", FILTERS)
def test_rankings_unchanged(retriever: HybridRetriever, filters) -> None:
    for question in QUESTIONS:
        got = [(p.chunk_id, p.score) for p in retriever.retrieve(question, k=8, filters=filters)]
        expected = reference_retrieve(retriever, question, 8, filters)
        assert got == expected, question


def reference_dbsf(
    retriever: HybridRetriever, question: str, k: int, filters: RetrievalFilters | None
) -> tuple[list[str], dict[str, float]]:
    """dbsf written out: cosine and BM25 of every passage, each mapped by its mean +- 3 sd.

    Returns the top-k ids and every passage's fused score.
    """
    import numpy as np

    passages = retriever.passages()
    vector = np.asarray(retriever.embedder.embed_query(question))
    vectors = np.asarray(
        retriever.embedder.embed_documents(
            [f"{p.section}: {p.text}" if p.section else p.text for p in passages]
        )
    )
    dense = vectors @ vector
    tokens = reference_tokens(question)
    lexical = np.asarray(retriever._passage_index().retriever.get_scores(tokens[0]))

    def scaled(x):
        return (x - (x.mean() - 3 * x.std())) / (6 * x.std())

    weight = retriever.settings.retrieval.dense_weight
    fused = weight * scaled(dense) + (1 - weight) * scaled(lexical)
    # a question naming a kind of passage ("Table 3 ...") lifts passages of that kind
    named_kinds = kinds_named(question)
    lift = retriever.settings.retrieval.named_kind_boost
    fused = fused + lift * np.array([p.kind in named_kinds for p in passages], dtype=float)
    allowed = [i for i, p in enumerate(passages) if passage_matches(p, filters)]
    allowed.sort(key=lambda i: (-float(fused[i]), i))
    scores = {p.chunk_id: float(fused[i]) for i, p in enumerate(passages)}
    return [passages[i].chunk_id for i in allowed[:k]], scores


@pytest.mark.parametrize("filters", FILTERS)
def test_dbsf_ranks_by_fused_score_distributions(fake_settings, corpus_copy: Path, filters) -> None:
    Ingestor(fake_settings).ingest([corpus_copy])
    retriever = HybridRetriever(with_fusion(fake_settings, "dbsf"))
    for question in QUESTIONS:
        got = retriever.retrieve(question, k=8, filters=filters)
        expected, fused = reference_dbsf(retriever, question, 8, filters)
        # Same fused score at every position (passages of equal score may swap places).
        assert [fused[p.chunk_id] for p in got] == pytest.approx([fused[c] for c in expected])
        assert len(got) == len(expected)
        assert all(passage_matches(p, filters) for p in got)
        if got:
            assert got[0].score == 1.0 and all(0 <= p.score <= 1 for p in got)
        assert got or filters is not None


def test_dense_similarity_is_cosine(retriever: HybridRetriever) -> None:
    vector = retriever.embedder.embed_query(QUESTIONS[0])
    for passage, similarity in retriever.store.query(vector, 5):
        text = f"{passage.section}: {passage.text}" if passage.section else passage.text
        cosine = sum(a * b for a, b in zip(vector, retriever.embedder.embed_query(text)))
        assert similarity == pytest.approx(cosine, abs=1e-4)


class CountingCollection:
    """Counts full registry reads made through a Chroma collection."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.reads = 0

    def get(self, *args, **kwargs):
        if not kwargs.get("ids"):
            self.reads += 1
        return self.inner.get(*args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_registry_read_once_per_version(retriever: HybridRetriever, fake_settings) -> None:
    store = retriever.store
    counting = CountingCollection(store._docs)
    store._docs = counting
    retriever.retrieve(QUESTIONS[0])
    reads = counting.reads
    for question in QUESTIONS:
        retriever.retrieve(question)
        store.refresh()  # even when the version is checked every time
    assert counting.reads == reads  # unchanged registry: no further full reads

    # a write in this process, through another store object, is seen at once
    other = ReportStore(fake_settings)
    record = store.documents()[0].model_copy(update={"doc_id": "new-doc", "source": "zz.txt"})
    other.register(DocumentRecord.model_validate(record.model_dump()))
    assert "new-doc" in {r.doc_id for r in store.documents()}
    assert counting.reads == reads + 1
    other.unregister("new-doc")
    assert "new-doc" not in store.live_doc_ids()


def test_other_process_writes_seen_after_recheck(fake_settings, corpus_copy: Path) -> None:
    import reportqa.store as store_module

    store = ReportStore(fake_settings)
    Ingestor(fake_settings, store=store).ingest([corpus_copy])
    victim = store.documents()[0].doc_id
    # what another process does: delete the record and stamp a new version, raw Chroma
    raw = store.client.get_collection(store._docs.name)
    raw.delete(ids=[victim])
    raw.modify(metadata={"registry_version": "from-another-process"})
    assert victim in store.live_doc_ids()  # within the recheck window: cached
    store._checked_at -= store_module.REGISTRY_RECHECK_S  # the window has passed
    assert victim not in store.live_doc_ids()
    assert len(store.documents()) == 3


def test_unversioned_store_gets_a_version(fake_settings, corpus_copy: Path) -> None:
    store = ReportStore(fake_settings)
    Ingestor(fake_settings, store=store).ingest([corpus_copy])
    store._docs.modify(metadata={"registry_version": ""})  # as if made before versioning
    fresh = ReportStore(fake_settings)
    assert fresh.registry_version() is None
    assert len(fresh.documents()) == 4
    assert fresh.registry_version() is not None


def test_remove_orphans_keeps_live_chunks(fake_settings, corpus_copy: Path) -> None:
    store = ReportStore(fake_settings)
    Ingestor(fake_settings, store=store).ingest([corpus_copy])
    before = store.chunk_count()
    victim = store.documents()[0]
    store.unregister(victim.doc_id)  # chunks left behind, as by an interrupted ingest
    assert store.remove_orphans() == victim.chunks
    assert store.chunk_count() == before - victim.chunks
    assert store.remove_orphans() == 0


def test_version_checked_once_per_window(retriever: HybridRetriever, monkeypatch) -> None:
    store = retriever.store
    retriever.retrieve(QUESTIONS[0])
    store._checked_at -= 10  # the window has passed, the version is unchanged
    calls = []
    original = store.registry_version
    monkeypatch.setattr(store, "registry_version", lambda: calls.append(1) or original())
    for question in QUESTIONS * 3:
        retriever.retrieve(question)
    assert len(calls) == 1  # checked once, then trusted again for the window
