"""The passage store: Chroma (embedded or server) behind one interface.

Passages go through llama-index's ``ChromaVectorStore`` as ``TextNode``s; a second, tiny
collection is the document registry (content hash, metadata, chunk count) that makes
ingest incremental. The registry record is written last: a document is only "in" once
all its chunks are, so an ingest killed half-way is redone on the next run and
retrieval never returns chunks of a document that is not registered.

Every query needs the registry (the live-document filter, the BM25 index key), and reading
and validating it costs more than the query itself once there are hundreds of reports.
So every registry write also stamps a new version on the registry collection's metadata,
and the parsed registry is cached per version: a query reads one small collection record
instead of every document record, and still sees a document another process just added.
Within ``REGISTRY_RECHECK_S`` of the last check even that read is skipped (a burst of
queries, or the several registry uses of one ``ask``, cost nothing); writes made in this
process, through any ``ReportStore``, are seen at once.

Queries go straight to the Chroma collection (the same nearest-neighbour call
llama-index's ``ChromaVectorStore`` makes) so that a cold ``ask`` need not import
llama-index; writes still go through ``ChromaVectorStore`` as ``TextNode``s.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlparse

from reportqa import registry_snapshot
from reportqa.config import Settings
from reportqa.dates import date_key
from reportqa.models import DocumentRecord, Footnote, Passage, RetrievalFilters

if TYPE_CHECKING:  # pragma: no cover
    from llama_index.core.schema import TextNode

_REGISTRY_VECTOR = [1.0]
_VERSION_KEY = "registry_version"
# How long a checked registry version is trusted before asking Chroma again: the delay
# after which a document written by another process shows up in queries.
REGISTRY_RECHECK_S = 1.0
_local_writes = 0  # registry writes by any ReportStore of this process


def is_damaged_index(exc: BaseException) -> bool:
    """Chroma's local vector index cannot apply its own write log any more: a known Chroma
    failure after a process is killed mid-write (chroma-core/chroma#7678)."""
    text = str(exc).lower()
    return "segment writer" in text or "failed to apply logs" in text or "backfill" in text


def is_concurrent_write_error(exc: BaseException) -> bool:
    """Chroma could not find a record it had just listed: another process deleted it
    mid-read (a re-ingest replacing a report's passages). Reading again is the fix."""
    return "error finding id" in str(exc).lower()


class StoreError(RuntimeError):
    """The store cannot be used (server unreachable, corrupt directory...)."""


def is_timeout(exc: BaseException) -> bool:
    """An HTTP request to the Chroma server ran out of time, possibly wrapped by chromadb
    (its client turns a failed tenant check into a plain ``ValueError``)."""
    import httpx

    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        if isinstance(current, httpx.TimeoutException):
            return True
        seen.add(id(current))
        current = current.__cause__ or current.__context__
    return False


def timeout_message(settings: Settings) -> str:
    """The one line for a Chroma server that accepts connections but does not answer."""
    return (
        f"the Chroma server at {settings.chroma_url} did not answer within "
        f"{settings.chroma_timeout:g} s; check that it is running and not stopped or "
        "overloaded, or raise REPORTQA_CHROMA_TIMEOUT"
    )


# The request timeout given to chromadb HTTP sessions opened while it is set (see
# ``_bounded_http_client``); a ContextVar so that threads opening clients do not mix.
_HTTP_TIMEOUT: ContextVar[float | None] = ContextVar("reportqa_chroma_timeout", default=None)


def _install_session_timeout() -> None:
    """Give chromadb's HTTP sessions the timeout in ``_HTTP_TIMEOUT``.

    chromadb (1.x) opens its ``httpx.Client`` with ``timeout=None`` and has no setting for
    it, and ``HttpClient()`` already sends requests (identity, tenant, database) before it
    returns: against a stopped server that accepts the connection and never answers, the
    constructor itself blocks for ever. Wrapping the session's creation is the only point
    that bounds those first requests too; it is done once per process.
    """
    import httpx
    from chromadb.api.fastapi import FastAPI

    if getattr(FastAPI.__init__, "_reportqa_timeout", False):
        return
    original = FastAPI.__init__

    def __init__(self: Any, system: Any) -> None:
        original(self, system)
        seconds = _HTTP_TIMEOUT.get()
        if seconds is not None:
            self._session.timeout = httpx.Timeout(seconds)

    __init__._reportqa_timeout = True  # type: ignore[attr-defined]
    FastAPI.__init__ = __init__  # type: ignore[method-assign]


@contextmanager
def _bounded_http_client(seconds: float) -> Iterator[None]:
    """Chroma HTTP clients created inside this block wait at most ``seconds`` per request."""
    _install_session_timeout()
    token = _HTTP_TIMEOUT.set(seconds)
    try:
        yield
    finally:
        _HTTP_TIMEOUT.reset(token)


def _passage_metadata(passage: Passage) -> dict[str, Any]:
    meta: dict[str, Any] = {
        "doc_id": passage.doc_id,
        "source": passage.source,
        "char_start": passage.char_start,
        "char_end": passage.char_end,
        "kind": passage.kind,
        "footnotes_json": json.dumps([f.model_dump() for f in passage.footnotes]),
        "title": passage.title or "",
        "publisher": passage.publisher or "",
        "publisher_lc": (passage.publisher or "").lower(),
        "date": passage.date or "",
        "date_key": date_key(passage.date) if passage.date else 0,
        "page": passage.page or 0,
        "section": passage.section or "",
    }
    if passage.page_runs:
        meta["page_runs_json"] = json.dumps(passage.page_runs)
    return meta


def passage_from_record(chunk_id: str, text: str, meta: dict[str, Any]) -> Passage:
    return Passage(
        doc_id=meta["doc_id"],
        chunk_id=chunk_id,
        text=text,
        title=meta.get("title") or None,
        publisher=meta.get("publisher") or None,
        date=meta.get("date") or None,
        source=meta.get("source", ""),
        page=meta.get("page") or None,
        section=meta.get("section") or None,
        char_start=int(meta.get("char_start", 0)),
        char_end=int(meta.get("char_end", 0)),
        footnotes=[Footnote(**f) for f in json.loads(meta.get("footnotes_json") or "[]")],
        kind=meta.get("kind", "prose"),
        page_runs=[tuple(r) for r in json.loads(meta.get("page_runs_json") or "[]")],
    )


def passage_to_node(passage: Passage, embedding: list[float]) -> TextNode:
    from llama_index.core.schema import NodeRelationship, RelatedNodeInfo, TextNode

    return TextNode(
        id_=passage.chunk_id,
        text=passage.text,
        metadata=_passage_metadata(passage),
        embedding=embedding,
        start_char_idx=passage.char_start,
        end_char_idx=passage.char_end,
        relationships={NodeRelationship.SOURCE: RelatedNodeInfo(node_id=passage.doc_id)},
    )


def chroma_where(filters: RetrievalFilters | None) -> dict[str, Any] | None:
    """Chroma ``where`` clause for retrieval filters (None when unfiltered)."""
    if filters is None or filters.is_empty():
        return None
    clauses: list[dict[str, Any]] = []
    if filters.publishers:
        clauses.append({"publisher_lc": {"$in": [p.lower() for p in filters.publishers]}})
    if filters.doc_ids:
        clauses.append({"doc_id": {"$in": list(filters.doc_ids)}})
    if filters.after:
        clauses.append({"date_key": {"$gte": date_key(filters.after)}})
    if filters.before:
        clauses.append({"date_key": {"$lte": date_key(filters.before, upper=True)}})
        clauses.append({"date_key": {"$gt": 0}})
    return clauses[0] if len(clauses) == 1 else {"$and": clauses}


def make_client(settings: Settings) -> Any:
    """PersistentClient under ``settings.home`` or HttpClient for ``settings.chroma_url``."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        try:
            with _bounded_http_client(settings.chroma_timeout):
                client = chromadb.HttpClient(
                    host=url.hostname or "127.0.0.1",
                    port=url.port or (443 if url.scheme == "https" else 8000),
                    ssl=url.scheme == "https",
                    settings=chroma_settings,
                )
            client.heartbeat()
        except Exception as exc:
            if is_timeout(exc):
                raise StoreError(timeout_message(settings)) from exc
            raise StoreError(
                f"cannot reach the Chroma server at {settings.chroma_url} "
                f"({type(exc).__name__}); is `chroma run` up?"
            ) from exc
        return client
    path = Path(settings.home) / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(
            f"cannot use {settings.home} as the store home: {exc.strerror or exc}"
        ) from exc
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class ReportStore:
    """Passages and the document registry of one collection (one embedder + chunking)."""

    def __init__(self, settings: Settings, client: Any | None = None) -> None:
        self.settings = settings
        self.client = client if client is not None else make_client(settings)
        name = settings.collection_name
        try:
            self._chunks = self.client.get_or_create_collection(name, embedding_function=None)
            self._docs = self.client.get_or_create_collection(
                f"{name}-docs", embedding_function=None
            )
        except Exception as exc:
            if is_timeout(exc):
                raise StoreError(timeout_message(settings)) from exc
            raise StoreError(f"cannot open the Chroma collection {name}: {exc}") from exc
        self._vector_store: Any = None
        self._registry: tuple[str, list[DocumentRecord], frozenset[str]] | None = None
        self._checked_at = float("-inf")
        self._checked_writes = -1

    def rebuild(self) -> None:
        """Drop both collections and start empty: the store is derived from the report
        files, so a damaged vector index is repaired by ingesting them again."""
        name = self.settings.collection_name
        self._invalidate_snapshot()
        for collection in (name, f"{name}-docs"):
            try:
                self.client.delete_collection(collection)
            except Exception:  # already gone, or too damaged to delete cleanly
                pass
        self._chunks = self.client.get_or_create_collection(name, embedding_function=None)
        self._docs = self.client.get_or_create_collection(f"{name}-docs", embedding_function=None)
        self._vector_store = None
        self._registry = None
        self._checked_at = float("-inf")
        self._bump_version()

    @property
    def vector_store(self) -> Any:
        """llama-index's ChromaVectorStore over the passages (imported on first write)."""
        if self._vector_store is None:
            from llama_index.vector_stores.chroma import ChromaVectorStore

            self._vector_store = ChromaVectorStore(chroma_collection=self._chunks)
        return self._vector_store

    # ---------------------------------------------------------------- registry
    def registry_version(self) -> str | None:
        """The version stamped by the last registry write (None for stores without one)."""
        meta = self.client.get_collection(self._docs.name).metadata or {}
        version = meta.get(_VERSION_KEY)
        return str(version) if version else None

    def _bump_version(self) -> None:
        """Stamp a new registry version; every registry write ends here. The on-disk copy
        of the registry is deleted before the write (``_invalidate_snapshot``) and again
        after the stamp (``reportqa.registry_snapshot`` says why both)."""
        global _local_writes
        self._docs.modify(metadata={_VERSION_KEY: uuid.uuid4().hex})
        _local_writes += 1
        self._invalidate_snapshot()

    @property
    def _snapshot_home(self) -> Path | None:
        """Where the registry copy lives; None for a Chroma server (written from anywhere)."""
        return None if self.settings.chroma_url else Path(self.settings.home)

    def _invalidate_snapshot(self) -> None:
        if self._snapshot_home is not None:
            registry_snapshot.invalidate(self._snapshot_home, self.settings.collection_name)

    def save_snapshot(self) -> bool:
        """Write the on-disk copy of the registry that ``reportqa list`` reads without
        Chroma (embedded stores only); True when a copy is in place."""
        home = self._snapshot_home
        if home is None:
            return False
        self.refresh()
        version, records, _live = self._load_registry()
        if version is None:
            return False
        return registry_snapshot.write(
            home,
            self.settings.collection_name,
            version,
            [r.model_dump() for r in records],
            self.registry_version,
        )

    def refresh(self) -> None:
        """Check the registry version on the next use (another process wrote to it)."""
        self._checked_at = float("-inf")

    def _load_registry(self) -> tuple[str | None, list[DocumentRecord], frozenset[str]]:
        now = time.monotonic()
        recent = now - self._checked_at < REGISTRY_RECHECK_S
        if self._registry is not None and recent and self._checked_writes == _local_writes:
            return self._registry
        version = self.registry_version()
        if version is None:  # a store from before versioning: stamp it once
            try:
                self._bump_version()
                version = self.registry_version()
            except Exception:  # read-only store: no cache, read every time
                version = None
        if version is not None and self._registry and self._registry[0] == version:
            self._checked_at = now
            self._checked_writes = _local_writes
            return self._registry
        got = self._docs.get(include=["metadatas"])
        records = [DocumentRecord.model_validate_json(m["record"]) for m in got["metadatas"] or []]
        records.sort(key=lambda r: r.source)
        state = (version, records, frozenset(r.doc_id for r in records))
        self._registry = state if version is not None else None
        self._checked_at = now
        self._checked_writes = _local_writes
        return state

    def registry_state(self) -> tuple[str | None, list[DocumentRecord], frozenset[str]]:
        """(version, documents sorted by source, live doc ids), one registry read.

        Callers that need the registry several times for one query take it once here.
        """
        return self._load_registry()

    def documents(self) -> list[DocumentRecord]:
        return list(self._load_registry()[1])

    def live_doc_ids(self) -> frozenset[str]:
        return self._load_registry()[2]

    def document(self, doc_id: str) -> DocumentRecord | None:
        got = self._docs.get(ids=[doc_id], include=["metadatas"])
        if not got["ids"]:
            return None
        return DocumentRecord.model_validate_json(got["metadatas"][0]["record"])

    def register(self, record: DocumentRecord) -> None:
        self._invalidate_snapshot()
        self._docs.upsert(
            ids=[record.doc_id],
            embeddings=[_REGISTRY_VECTOR],
            metadatas=[
                {
                    "record": record.model_dump_json(),
                    "source": record.source,
                    "content_hash": record.content_hash,
                }
            ],
            documents=[record.title or record.source],
        )
        self._bump_version()

    def unregister(self, doc_id: str) -> None:
        self._invalidate_snapshot()
        self._docs.delete(ids=[doc_id])
        self._bump_version()

    # ---------------------------------------------------------------- passages
    def delete_document(self, doc_id: str) -> None:
        """Unregister first, then drop its chunks: a crash in between leaves no live doc."""
        self.unregister(doc_id)
        self.vector_store.delete(ref_doc_id=doc_id)

    def add_passages(self, passages: Sequence[Passage], embeddings: Sequence[list[float]]) -> None:
        nodes = [passage_to_node(p, e) for p, e in zip(passages, embeddings, strict=True)]
        if nodes:
            self.vector_store.add(nodes)

    def chunk_count(self) -> int:
        return self._chunks.count()

    def chunk_ids(self, doc_id: str | None = None) -> list[str]:
        where = {"doc_id": doc_id} if doc_id else None
        return self._chunks.get(where=where, include=[])["ids"]

    def remove_orphans(self) -> int:
        """Delete chunks whose document is not registered (left by an interrupted ingest)."""
        live = sorted(self.live_doc_ids())
        where = {"doc_id": {"$nin": live}} if live else None
        orphans = self._chunks.get(where=where, include=[])["ids"]
        if orphans:
            self._chunks.delete(ids=orphans)
        return len(orphans)

    def passages(self, filters: RetrievalFilters | None = None) -> list[Passage]:
        """All passages of registered documents (for BM25), optionally filtered."""
        live = self.live_doc_ids()
        got = self._chunks.get(where=chroma_where(filters), include=["documents", "metadatas"])
        return [
            passage_from_record(cid, text, meta)
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"])
            if meta is not None and meta["doc_id"] in live
        ]

    def passages_and_vectors(
        self, doc_ids: Sequence[str] | None = None
    ) -> tuple[list[Passage], Any]:
        """Passages of registered documents (all, or of ``doc_ids``) and their vectors,
        rows aligned, in one read.

        The retriever keeps both in memory for exact dense search (``reportqa.dense``).
        """
        live = self.live_doc_ids()
        if doc_ids is not None and not doc_ids:
            return [], []
        where = {"doc_id": {"$in": list(doc_ids)}} if doc_ids is not None else None
        got = self._chunks.get(where=where, include=["documents", "metadatas", "embeddings"])
        passages: list[Passage] = []
        rows: list[int] = []
        for i, (cid, text, meta) in enumerate(zip(got["ids"], got["documents"], got["metadatas"])):
            if meta is not None and meta["doc_id"] in live:
                passages.append(passage_from_record(cid, text, meta))
                rows.append(i)
        embeddings = got["embeddings"]
        vectors = [embeddings[i] for i in rows] if embeddings is not None else []
        return passages, vectors

    def query(
        self,
        embedding: list[float],
        k: int,
        filters: RetrievalFilters | None = None,
        live: frozenset[str] | None = None,
    ) -> list[tuple[Passage, float]]:
        """Nearest passages by cosine similarity (embeddings are normalised).

        ``live`` is the set of registered doc ids when the caller already has it.
        """
        live = self.live_doc_ids() if live is None else live
        if not live:  # nothing registered: no chunk could be returned
            return []
        where = chroma_where(filters)
        result = self._chunks.query(
            query_embeddings=[embedding],
            n_results=k,
            include=["documents", "metadatas", "distances"],
            **({"where": where} if where else {}),
        )
        out: list[tuple[Passage, float]] = []
        for cid, text, meta, distance in zip(
            result["ids"][0],
            result["documents"][0],
            result["metadatas"][0],
            result["distances"][0],
        ):
            # meta is None for a chunk deleted by a concurrent ingest after the index
            # lookup: that document is being replaced, so the chunk is skipped.
            if meta is None or meta.get("doc_id") not in live:
                continue
            # Chroma's l2 space reports the squared distance; for unit vectors
            # cos = 1 - L2^2 / 2.
            out.append((passage_from_record(cid, text or "", dict(meta)), 1.0 - distance / 2.0))
        return out
