"""Exact nearest passages from an in-memory copy of the store's vectors.

Chroma stays the store of record; this is a read cache of its vectors, loaded with the
passages the BM25 index already reads (one ``get`` per registry change). On a shelf of
reports (thousands to tens of thousands of passages) one matrix-vector product scores
every passage in well under a millisecond, while a Chroma query costs several: it was
most of a warm ``ask`` after the query embedding. It is also exact, where Chroma's HNSW
search is approximate and could rank a few passages differently from one store to the
next. Above ``RetrievalSettings.exact_max_passages`` the retriever queries Chroma instead.

Every filter (publisher, document, dates) is a property of a document, so a filter is
resolved once per document and applied to the scores as a mask.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache
from typing import Any

from reportqa.models import Passage, RetrievalFilters


@lru_cache(maxsize=1)
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def one_blas_thread() -> Any:
    """A context in which BLAS runs on one thread.

    A matrix-vector product this size gains nothing from threads, and BLAS threads left
    spinning after it compete with onnxruntime's for the machine's cores: measured on a
    1,000-report store (2 cores), the next query embedding took 8.7 ms instead of 4.7 and
    the product itself 3 ms instead of 0.1.
    """
    return _blas_controller().limit(limits=1, user_api="blas")


class ExactDenseIndex:
    """Unit-normalised passage vectors in one float32 matrix, rows aligned with passages."""

    def __init__(self, passages: Sequence[Passage], vectors: Any) -> None:
        import numpy as np

        self.passages = list(passages)
        matrix = np.asarray(vectors, dtype=np.float32)
        if not self.passages:
            matrix = np.zeros((0, 1), dtype=np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        self.matrix = matrix / np.where(norms == 0, 1.0, norms)
        self._doc_ids = sorted({p.doc_id for p in self.passages})
        code = {doc_id: i for i, doc_id in enumerate(self._doc_ids)}
        self._doc_code = np.fromiter(
            (code[p.doc_id] for p in self.passages), dtype=np.int32, count=len(self.passages)
        )
        self._first_of_doc = {}
        for p in self.passages:
            self._first_of_doc.setdefault(p.doc_id, p)

    def __len__(self) -> int:
        return len(self.passages)

    def scores(self, vector: Sequence[float]) -> Any:
        """Cosine similarity of ``vector`` to every passage (one matrix-vector product)."""
        import numpy as np

        query = np.asarray(vector, dtype=np.float32)
        norm = float(np.linalg.norm(query))
        with one_blas_thread():
            return self.matrix @ (query / norm if norm else query)

    def allowed(
        self,
        filters: RetrievalFilters | None,
        matches: Callable[[Passage, RetrievalFilters | None], bool],
    ) -> Any:
        """A boolean row mask for ``filters`` (None when unfiltered), one test per document."""
        import numpy as np

        if filters is None or filters.is_empty():
            return None
        codes = [i for i, d in enumerate(self._doc_ids) if matches(self._first_of_doc[d], filters)]
        return np.isin(self._doc_code, codes)

    def rows_of(self, doc_ids: set[str] | frozenset[str]) -> Any:
        """A boolean row mask: the passages of these documents."""
        import numpy as np

        codes = [i for i, d in enumerate(self._doc_ids) if d in doc_ids]
        return np.isin(self._doc_code, codes)

    def rows_of_kinds(self, kinds: frozenset[str]) -> Any:
        """A boolean row mask: the passages of these kinds (table, box, ...)."""
        import numpy as np

        return np.fromiter(
            (p.kind in kinds for p in self.passages), dtype=bool, count=len(self.passages)
        )

    def search(
        self,
        vector: Sequence[float],
        depth: int,
        filters: RetrievalFilters | None,
        matches: Callable[[Passage, RetrievalFilters | None], bool],
    ) -> list[tuple[Passage, float]]:
        """The ``depth`` passages most similar to ``vector`` (cosine), best first.

        ``matches`` is the retriever's filter predicate, applied to one passage per
        document: the same semantics as the Chroma ``where`` clause.
        """
        if not self.passages:
            return []
        return self.best(self.scores(vector), depth, self.allowed(filters, matches))

    def best(self, scores: Any, depth: int, mask: Any = None) -> list[tuple[Passage, float]]:
        """The ``depth`` highest ``scores`` among rows ``mask`` allows; ties in row order."""
        import numpy as np

        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        depth = min(depth, len(self.passages))
        if depth <= 0:
            return []
        if depth < len(self.passages):
            top = np.argpartition(-scores, depth - 1)[:depth]
        else:
            top = np.arange(len(self.passages))
        top = top[np.lexsort((top, -scores[top]))]
        return [(self.passages[i], float(scores[i])) for i in top.tolist() if scores[i] > -np.inf]
