"""How close in meaning a candidate sentence is to the question, by the same embedder the
retriever uses.

Lexical coverage misses an analyst's paraphrase ("Which economy is set to shrink?" against
"output in the United Kingdom is projected to contract"); a sentence-level cosine catches it
with no word list. Sentence vectors are cached by text: a chat or a batch asks many questions
of the same passages. Those ingest saved (``reportqa.sentence_vectors``) are read, not made.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable, Sequence
from threading import Lock
from typing import Any

from reportqa.embedding import Embedder
from reportqa.sentence_vectors import SavedSentenceVectors


class SentenceSimilarity:
    """Cosine of question and sentences; vectors of seen sentences are kept (LRU)."""

    def __init__(
        self,
        embedder: Embedder,
        cache_size: int = 20000,
        saved: SavedSentenceVectors | None = None,
    ) -> None:
        self.embedder = embedder
        self.saved = saved
        self.cache_size = cache_size
        self._vectors: OrderedDict[str, Any] = OrderedDict()
        self._lock = Lock()

    def _sentence_vectors(self, texts: Sequence[str], doc_ids: Iterable[str] = ()) -> list[Any]:
        import numpy as np

        with self._lock:
            known = {t: self._vectors[t] for t in dict.fromkeys(texts) if t in self._vectors}
        missing = [t for t in dict.fromkeys(texts) if t not in known]
        if missing and self.saved is not None:
            known.update(self.saved.lookup(missing, doc_ids))
            missing = [t for t in missing if t not in known]
        if missing:
            fresh = self.embedder.embed_documents(missing)
            known.update(
                (t, np.asarray(v, dtype=np.float32)) for t, v in zip(missing, fresh, strict=True)
            )
        with self._lock:
            for text, vector in known.items():
                self._vectors[text] = vector
                self._vectors.move_to_end(text)
            while len(self._vectors) > self.cache_size:
                self._vectors.popitem(last=False)
        return [known[t] for t in texts]

    def scores(
        self, question: str, texts: Sequence[str], doc_ids: Iterable[str] = ()
    ) -> list[float]:
        """Cosine similarity of ``question`` with each text (vectors are unit length);
        ``doc_ids``: the reports the texts come from, whose saved vectors are read."""
        import numpy as np

        if not texts:
            return []
        query = np.asarray(self.embedder.embed_query(question), dtype=np.float32)
        vectors = np.stack(self._sentence_vectors(texts, doc_ids))
        return [float(x) for x in vectors @ query]
