"""Vanilla llama-index RAG over the same corpus: the yardstick our numbers are shown against.

VectorStoreIndex + SentenceSplitter(chunk_size=512) + the same MiniLM embedder + Chroma,
top-k dense retrieval, raw files as documents (a PDF as one document per page, its text as
pypdf extracts it, as llama-index's PDF reader does): what a team gets from the tutorial.
"""

from __future__ import annotations

import hashlib
import tempfile
from collections.abc import Sequence
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


def _pages(path: Path) -> list[tuple[int | None, str]]:
    """(1-based page, text) of a PDF, or (None, text) of a text file."""
    if path.suffix.lower() != ".pdf":
        return [(None, path.read_text(encoding="utf-8"))]
    import logging

    from pypdf import PdfReader

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings on odd PDFs are noise
    return [(n, page.extract_text() or "") for n, page in enumerate(PdfReader(path).pages, 1)]


def fingerprint(files: Sequence[Path], embedder: Embedder) -> str:
    """Names and bytes of the files and the embedder: an index built from them is reusable."""
    digest = hashlib.sha256(f"{embedder.name}|512|20".encode())
    for path in files:
        digest.update(path.name.encode() + b"\0" + hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


class VanillaRag:
    """Build once over a folder of text files (or a list of text and PDF files), then
    retrieve top-k chunk texts. A list's index is kept in ``persist_dir`` and reused while
    the files and the embedder are the same."""

    def __init__(
        self, corpus: Path | Sequence[Path], embedder: Embedder, persist_dir: Path | None = None
    ) -> None:
        import chromadb
        from chromadb.config import Settings as ChromaSettings
        from llama_index.core import Document, StorageContext, VectorStoreIndex
        from llama_index.core.node_parser import SentenceSplitter
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self._tmp = None
        if persist_dir is None:
            self._tmp = tempfile.TemporaryDirectory(prefix="vanilla-rag-")
            persist_dir = Path(self._tmp.name)
        files = sorted(corpus.glob("*.txt")) if isinstance(corpus, Path) else list(corpus)
        name = "vanilla" if isinstance(corpus, Path) else f"vanilla-{fingerprint(files, embedder)}"
        built = persist_dir / f"{name}.built"
        client = chromadb.PersistentClient(
            path=str(persist_dir), settings=ChromaSettings(anonymized_telemetry=False)
        )
        if not built.exists():  # a build cut short is started again
            try:
                client.delete_collection(name)
            except Exception:  # noqa: BLE001 - there was none
                pass
        collection = client.get_or_create_collection(name, embedding_function=None)
        vector_store = ChromaVectorStore(collection)
        embed_model = llama_embedding(embedder)
        if built.exists():
            self.index = VectorStoreIndex.from_vector_store(vector_store, embed_model=embed_model)
        else:
            documents = [
                Document(text=text, metadata={"file_name": path.name, "page": page})
                if page
                else Document(text=text, metadata={"file_name": path.name})
                for path in files
                for page, text in _pages(path)
            ]
            self.index = VectorStoreIndex.from_documents(
                documents,
                storage_context=StorageContext.from_defaults(vector_store=vector_store),
                embed_model=embed_model,
                transformations=[SentenceSplitter(chunk_size=512, chunk_overlap=20)],
            )
            if not isinstance(corpus, Path):
                built.write_text(name, encoding="utf-8")
        self.chunks = collection.count()

    def _nodes(self, question: str, k: int) -> list[Any]:
        return self.index.as_retriever(similarity_top_k=k).retrieve(question)

    def retrieve(self, question: str, k: int = 5) -> list[str]:
        return [n.node.get_content() for n in self._nodes(question, k)]

    def answer(self, question: str, k: int = 5) -> dict[str, Any]:
        """Vanilla RAG without a model, as an Answer dict: its top-k chunks are the answer,
        each cited on its page. It never abstains; scored like ours, this is the generous
        reading "the evidence is in the context"."""
        citations = []
        for n, node in enumerate(self._nodes(question, k), start=1):
            text = node.node.get_content()
            page = node.node.metadata.get("page")
            citations.append({"n": n, "quote": text, "passage": text, "page": page})
        return {
            "question": question,
            "status": "answered",
            "answer": "\n\n".join(c["quote"] for c in citations),
            "citations": citations,
            "conflicts": [],
        }
