"""Vanilla llama-index RAG over the same corpus: the yardstick our numbers are shown against.

VectorStoreIndex + SentenceSplitter(chunk_size=512) + the same MiniLM embedder + Chroma,
top-k dense retrieval, raw files as documents: what a team gets from the tutorial.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from reportqa.embedding import Embedder


def llama_embedding(embedder: Embedder) -> Any:
    """Our embedder behind llama-index's BaseEmbedding interface (same vectors)."""
    from llama_index.core.embeddings import BaseEmbedding
    from pydantic import PrivateAttr

    class _Adapter(BaseEmbedding):
        _inner: Any = PrivateAttr()

        def __init__(self, inner: Embedder) -> None:
            super().__init__(model_name=inner.name, embed_batch_size=32)
            self._inner = inner

        def _get_query_embedding(self, query: str) -> list[float]:
            return self._inner.embed_query(query)

        async def _aget_query_embedding(self, query: str) -> list[float]:
            return self._inner.embed_query(query)

        def _get_text_embedding(self, text: str) -> list[float]:
            return self._inner.embed_documents([text])[0]

        def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
            return self._inner.embed_documents(texts)

    return _Adapter(embedder)


class VanillaRag:
    """Build once over a folder of text files, then retrieve top-k chunk texts."""

    def __init__(self, corpus: Path, embedder: Embedder, persist_dir: Path | None = None) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from llama_index.core import Document, StorageContext, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self._tmp = None
        if persist_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="vanilla-rag-")
            persist_dir = Path(self._tmp.name)
        client = chromadb.PersistentClient(
            path=str(persist_dir), settings=ChromaSettings(anonymized_telemetry=False)
        )
        collection = client.get_or_create_collection("vanilla", embedding_function=None)
        storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(collection))
        documents = [
            Document(text=path.read_text(encoding="utf-8"), metadata={"file_name": path.name})
            for path in sorted(corpus.glob("*.txt"))
        ]
        self.index = VectorStoreIndex.from_documents(
            documents,
            storage_context=storage,
            embed_model=llama_embedding(embedder),
            transformations=[SentenceSplitter(chunk_size=512, chunk_overlap=20)],
        )
        self.chunks = collection.count()

    def retrieve(self, question: str, k: int = 5) -> list[str]:
        retriever = self.index.as_retriever(similarity_top_k=k)
        return [n.node.get_content() for n in retriever.retrieve(question)]
