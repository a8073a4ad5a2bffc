"""Ingest: files -> passages -> embeddings -> store, skipping what has not changed.

Per file: read and hash; if the registry holds the same hash, skip. Otherwise parse and
embed first (the slow part, which touches nothing), then replace the document's chunks
and register it last. A failure in one file is recorded and the others go on.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from ingest.chunk import DocumentInfo, make_passages
from ingest.clean import clean_document
from ingest.errors import IngestError
from ingest.loaders import SUPPORTED_SUFFIXES, load_file
from ingest.metadata import folder_metadata, is_metadata_file, report_metadata
from ingest.structure import parse_structure
from reportqa.config import Settings
from reportqa.embedding import Embedder, get_embedder
from reportqa.models import DocumentRecord, Passage
from reportqa.store import ReportStore

Status = Literal["added", "updated", "unchanged", "failed", "removed"]


@dataclass
class FileOutcome:
    path: str
    status: Status
    chunks: int = 0
    error: str | None = None
    doc_id: str | None = None
    seconds: float = 0.0


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    embedded_chunks: int = 0

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


class IngestProgress(Protocol):
    def file_started(self, path: Path, index: int, total: int) -> None: ...

    def embedded(self, done: int, total: int) -> None: ...

    def file_finished(self, outcome: FileOutcome) -> None: ...


class _Silent:
    def file_started(self, path: Path, index: int, total: int) -> None:
        return None

    def embedded(self, done: int, total: int) -> None:
        return None

    def file_finished(self, outcome: FileOutcome) -> None:
        return None


def display_path(path: Path) -> str:
    """Relative to the working directory when inside it (stable, readable citations)."""
    resolved = path.resolve()
    try:
        return str(resolved.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(resolved)


def document_id(path: Path) -> str:
    return hashlib.sha1(str(path.resolve()).encode()).hexdigest()[:16]


@dataclass
class ParsedDocument:
    record: DocumentRecord
    passages: list[Passage]


def parse_file(path: Path, settings: Settings, data_hash: str | None = None) -> ParsedDocument:
    """Load, clean, structure and chunk one file (no embedding, no store)."""
    max_bytes = int(settings.ingest.max_file_mb * 1024 * 1024)
    raw = load_file(path, max_bytes=max_bytes)
    cleaned = clean_document(raw.pages, raw.paginated)
    if not cleaned.text.strip():
        raise IngestError("no text left after cleaning")
    structure = parse_structure(cleaned.text)
    meta = report_metadata(path, cleaned.text, structure.title)
    content_hash = data_hash or content_hash_of(path, raw.raw_bytes)
    doc_id = document_id(path)
    info = DocumentInfo(
        doc_id=doc_id,
        content_hash=content_hash,
        source=display_path(path),
        title=meta["title"],
        publisher=meta["publisher"],
        date=meta["date"],
    )
    passages = make_passages(
        cleaned, structure, info, settings.chunking.size, settings.chunking.overlap
    )
    if not passages:
        raise IngestError("no passages could be made from the text")
    record = DocumentRecord(
        doc_id=doc_id,
        source=info.source,
        path=str(path.resolve()),
        content_hash=content_hash,
        title=meta["title"],
        publisher=meta["publisher"],
        author=meta["author"],
        date=meta["date"],
        kind=meta["kind"],
        url=meta["url"],
        chunks=len(passages),
        pages=len(raw.pages) if raw.paginated else None,
    )
    return ParsedDocument(record, passages)


def content_hash_of(path: Path, data: bytes) -> str:
    """Hash of the bytes and of the metadata given for the file (editing either re-ingests)."""
    meta = folder_metadata(path.parent).get(path.name, {})
    digest = hashlib.sha256(data)
    digest.update(json.dumps(meta, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def embedding_text(passage: Passage) -> str:
    """What is embedded: the section heading gives a passage its topic."""
    return f"{passage.section}: {passage.text}" if passage.section else passage.text


def discover(paths: list[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Supported files under the given paths; missing paths become failures."""
    files: list[Path] = []
    problems: list[FileOutcome] = []
    seen: set[Path] = set()
    for path in paths:
        if not path.exists():
            problems.append(FileOutcome(str(path), "failed", error="no such file or directory"))
            continue
        if path.is_dir():
            found = []
            for root, _dirs, names in os.walk(path, followlinks=False):
                for name in names:
                    candidate = Path(root) / name
                    if candidate.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."):
                        found.append(candidate)
            candidates = sorted(found)
        else:
            candidates = [path]
        for candidate in candidates:
            if is_metadata_file(candidate):
                continue
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                files.append(candidate)
    return files, problems


class Ingestor:
    def __init__(
        self,
        settings: Settings,
        store: ReportStore | None = None,
        embedder: Embedder | None = None,
        progress: IngestProgress | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or ReportStore(settings)
        self.embedder = embedder or get_embedder(settings.embedding)
        self.progress = progress or _Silent()

    def ingest(self, paths: list[Path], prune: bool = False) -> IngestReport:
        report = IngestReport()
        self.store.remove_orphans()
        files, problems = discover(paths)
        report.outcomes.extend(problems)
        for index, path in enumerate(files):
            self.progress.file_started(path, index, len(files))
            outcome = self._ingest_one(path, report)
            report.outcomes.append(outcome)
            self.progress.file_finished(outcome)
        if prune:
            report.outcomes.extend(self._prune(paths, files))
        return report

    def _ingest_one(self, path: Path, report: IngestReport) -> FileOutcome:
        started = time.perf_counter()
        shown = display_path(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            reason = "permission denied" if isinstance(exc, PermissionError) else exc.strerror
            return FileOutcome(shown, "failed", error=reason or str(exc))
        try:
            data_hash = content_hash_of(path, data)
            existing = self.store.document(document_id(path))
            if existing and existing.content_hash == data_hash:
                return FileOutcome(shown, "unchanged", existing.chunks, doc_id=existing.doc_id)
            parsed = parse_file(path, self.settings, data_hash)
            vectors = self._embed(parsed.passages)
            record = parsed.record
            record.ingested_at = datetime.now(UTC).isoformat(timespec="seconds")
            self.store.delete_document(record.doc_id)
            self.store.add_passages(parsed.passages, vectors)
            self.store.register(record)
            report.embedded_chunks += len(vectors)
        except IngestError as exc:
            return FileOutcome(shown, "failed", error=str(exc))
        status: Status = "updated" if existing else "added"
        elapsed = time.perf_counter() - started
        return FileOutcome(
            shown, status, len(parsed.passages), doc_id=record.doc_id, seconds=elapsed
        )

    def _embed(self, passages: list[Passage]) -> list[list[float]]:
        batch = self.settings.embedding.batch_size
        texts = [embedding_text(p) for p in passages]
        vectors: list[list[float]] = []
        for start in range(0, len(texts), batch):
            vectors.extend(self.embedder.embed_documents(texts[start : start + batch]))
            self.progress.embedded(len(vectors), len(texts))
        return vectors

    def _prune(self, paths: list[Path], files: list[Path]) -> list[FileOutcome]:
        """Forget documents that lived under an ingested folder but are gone from it."""
        folders = [p.resolve() for p in paths if p.is_dir()]
        present = {str(f.resolve()) for f in files}
        removed: list[FileOutcome] = []
        for record in self.store.documents():
            doc_path = Path(record.path)
            inside = any(doc_path.is_relative_to(folder) for folder in folders)
            if inside and record.path not in present:
                self.store.delete_document(record.doc_id)
                removed.append(FileOutcome(record.source, "removed", doc_id=record.doc_id))
        return removed
