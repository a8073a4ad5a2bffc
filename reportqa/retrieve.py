"""Hybrid retrieval: dense (Chroma) + BM25 (bm25s), fused by reciprocal rank.

Dense vectors find paraphrases; BM25 finds exact terms analysts type (names, figures,
"REO", "JOGMEC"). Reciprocal rank fusion needs no score calibration between the two.
The BM25 index and an exact in-memory dense index (``reportqa.dense``) are built from one
read of the store's passages and vectors, and cached until the registry changes;
each query reads the registry once (a cached, versioned read in the store) and shares it
between the BM25 freshness check and the dense live-document filter.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from reportqa.config import Settings
from reportqa.dates import date_key
from reportqa.dense import ExactDenseIndex
from reportqa.embedding import Embedder, get_embedder
from reportqa.models import DocumentRecord, Passage, RetrievalFilters, ScoredPassage
from reportqa.store import ReportStore


class RetrievalError(ValueError):
    """A retrieval request the user can fix (unknown document, empty store...)."""


def passage_matches(passage: Passage, filters: RetrievalFilters | None) -> bool:
    """The same semantics as the Chroma ``where`` clause, for in-memory candidates."""
    if filters is None or filters.is_empty():
        return True
    if filters.publishers and (passage.publisher or "").lower() not in {
        p.lower() for p in filters.publishers
    }:
        return False
    if filters.doc_ids and passage.doc_id not in filters.doc_ids:
        return False
    key = date_key(passage.date) if passage.date else 0
    if filters.after and key < date_key(filters.after):
        return False
    if filters.before and (key == 0 or key > date_key(filters.before, upper=True)):
        return False
    return True


def resolve_documents(names: list[str], records: list[DocumentRecord]) -> list[str]:
    """Doc ids for names given by a user: a doc id, a source path, a file name or its stem."""
    ids: list[str] = []
    for name in names:
        matches = [
            r.doc_id
            for r in records
            if name in (r.doc_id, r.source, r.path)
            or r.source.endswith("/" + name)
            or r.source.rsplit("/", 1)[-1].rsplit(".", 1)[0] == name
            or r.source.rsplit("/", 1)[-1] == name
        ]
        if not matches:
            raise RetrievalError(f"no document matches {name!r}; see `reportqa list`")
        ids.extend(matches)
    return ids


@dataclass
class _PassageIndex:
    """What one registry state of the store is searched through: BM25 and exact dense."""

    key: tuple[Any, ...]
    passages: list[Passage]
    retriever: Any  # bm25s.BM25, None for an empty store
    dense: ExactDenseIndex | None  # None above ``exact_max_passages``: Chroma is queried
    records: list[DocumentRecord] | None = None  # the registry list the key was checked on


class HybridRetriever:
    """Dense + BM25 retrieval over one store; cheap to construct, warm on first use."""

    def __init__(
        self,
        settings: Settings,
        store: ReportStore | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or ReportStore(settings)
        self.embedder = embedder or get_embedder(settings.embedding)
        self._index: _PassageIndex | None = None
        self._index_lock = threading.Lock()
        self.last_timings: dict[str, float] = {}
        self._last_query: tuple[str, list[float]] | None = None

    def warm_up(self) -> None:
        warm = getattr(self.embedder, "warm_up", None)
        if warm:
            warm()
        self._passage_index()

    def passages(self) -> list[Passage]:
        """Every passage of the registered reports (the cached read the indexes share)."""
        return list(self._passage_index().passages)

    def _passage_index(self, registry: tuple[Any, ...] | None = None) -> _PassageIndex:
        _version, records, _live = registry or self.store.registry_state()
        index = self._index
        if index is not None and index.records is records:
            return index  # the same cached registry object: nothing changed
        key = tuple(sorted((r.doc_id, r.content_hash) for r in records))
        with self._index_lock:  # threads of one batch build it once, not once each
            index = self._index
            if index is None or index.key != key:
                index = self._build_index(key)
                self._index = index
            index.records = records
        return index

    def _build_index(self, key: tuple[Any, ...]) -> _PassageIndex:
        import bm25s

        exact = self.store.chunk_count() <= self.settings.retrieval.exact_max_passages
        if exact:
            passages, vectors = self.store.passages_and_vectors()
        else:
            passages, vectors = self.store.passages(), None
        retriever = None
        if passages:
            tokens = bm25s.tokenize(
                [self._bm25_text(p) for p in passages], stopwords="en", show_progress=False
            )
            retriever = bm25s.BM25()
            retriever.index(tokens, show_progress=False)
        dense = ExactDenseIndex(passages, vectors) if exact and passages else None
        return _PassageIndex(key, passages, retriever, dense)

    @staticmethod
    def _bm25_text(passage: Passage) -> str:
        return f"{passage.section or ''}\n{passage.text}"

    def _bm25_ranking(
        self,
        question: str,
        filters: RetrievalFilters | None,
        depth: int,
        registry: tuple[Any, ...] | None = None,
    ) -> list[Passage]:
        import bm25s
        import numpy as np

        index = self._passage_index(registry)
        if index.retriever is None:
            return []
        query = bm25s.tokenize([question], stopwords="en", show_progress=False, return_ids=False)
        if not query or not query[0]:
            return []
        scores = np.asarray(index.retriever.get_scores(query[0]))
        # A stable sort on -score: ties keep passage order, as sorted() did.
        ranked = np.argsort(-scores, kind="stable").tolist()
        out: list[Passage] = []
        for i in ranked:
            if scores[i] <= 0 or len(out) >= depth:
                break
            if passage_matches(index.passages[i], filters):
                out.append(index.passages[i])
        return out

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        filters: RetrievalFilters | None = None,
    ) -> list[ScoredPassage]:
        question = question.strip()
        if not question:
            raise RetrievalError("the question is empty")
        k = k or self.settings.retrieval.k
        depth = max(self.settings.retrieval.candidates, k)
        rrf_k = self.settings.retrieval.rrf_k
        t0 = time.perf_counter()
        last = self._last_query  # a second pass over named reports reuses the vector
        if last is not None and last[0] == question:
            vector = last[1]
        else:
            vector = self.embedder.embed_query(question)
            self._last_query = (question, vector)
        t1 = time.perf_counter()
        registry = self.store.registry_state()
        index = self._passage_index(registry)
        if index.dense is not None:
            dense = index.dense.search(vector, depth, filters, passage_matches)
        else:
            dense = self.store.query(vector, depth, filters, live=registry[2])
        t2 = time.perf_counter()
        lexical = self._bm25_ranking(question, filters, depth, registry)
        t3 = time.perf_counter()

        fused: dict[str, float] = {}
        by_id: dict[str, Passage] = {}
        for ranking in ([p for p, _ in dense], lexical):
            for rank, passage in enumerate(ranking, start=1):
                fused[passage.chunk_id] = fused.get(passage.chunk_id, 0.0) + 1.0 / (rrf_k + rank)
                by_id.setdefault(passage.chunk_id, passage)
        best = 2.0 / (rrf_k + 1)
        ordered = sorted(fused, key=lambda cid: -fused[cid])[:k]
        self.last_timings = {
            "embed_ms": (t1 - t0) * 1000,
            "dense_ms": (t2 - t1) * 1000,
            "bm25_ms": (t3 - t2) * 1000,
        }
        return [
            ScoredPassage(**by_id[cid].model_dump(), score=round(fused[cid] / best, 4))
            for cid in ordered
        ]
