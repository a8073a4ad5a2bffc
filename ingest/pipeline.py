"""Ingest: files -> passages -> embeddings -> store, skipping what has not changed.

Per file: read and hash; if the registry holds the same hash, skip. Otherwise parse and
embed first (the slow part, which touches nothing), then replace the document's chunks
and register it last. A failure in one file is recorded and the others go on, and since
nothing is written before a file has parsed and embedded, a bad file leaves no trace.

One copy per content: a file whose content hash is already registered under another
path that still holds it is reported as a duplicate and not stored twice. One writer per
store: the whole run holds the ingest lock (reportqa.lock); readers never take it.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, Protocol

from ingest.chunk import DocumentInfo, make_passages
from ingest.clean import CleanedDocument, clean_document
from ingest.errors import IngestError
from ingest.loaders import SUPPORTED_SUFFIXES, RawDocument, load_file, too_big_message
from ingest.metadata import folder_metadata, is_metadata_file, report_metadata
from ingest.structure import DocumentStructure, parse_structure, structure_from_layout
from reportqa.config import Settings
from reportqa.embedding import Embedder, get_embedder
from reportqa.lock import ingest_lock
from reportqa.models import DocumentRecord, Passage, RetrievalFilters
from reportqa.printable import visible
from reportqa.sentence_vectors import answer_texts, has_vectors, prune_vectors, save_vectors
from reportqa.store import ReportStore, is_damaged_index

Status = Literal["added", "updated", "unchanged", "duplicate", "failed", "removed"]


@dataclass
class FileOutcome:
    path: str
    status: Status
    chunks: int = 0
    error: str | None = None
    doc_id: str | None = None
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # stored, but not quite as written


@dataclass
class IngestReport:
    outcomes: list[FileOutcome] = field(default_factory=list)
    embedded_chunks: int = 0
    repaired: bool = False  # the vector index was damaged and rebuilt from the files

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def failed(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status == "failed"]


class IngestProgress(Protocol):
    def file_started(self, path: Path, index: int, total: int) -> None: ...

    def embedded(self, done: int, total: int, what: str = "passages") -> None: ...

    def file_finished(self, outcome: FileOutcome) -> None: ...


class _Silent:
    def file_started(self, path: Path, index: int, total: int) -> None:
        return None

    def embedded(self, done: int, total: int, what: str = "passages") -> None:
        return None

    def file_finished(self, outcome: FileOutcome) -> None:
        return None


def one_line(text: str) -> str:
    """A message made safe for one log line: a file named "a\\nreportqa: ..." cannot forge
    a second line or move the cursor, its control characters are shown escaped."""
    return visible(text)


class LineLog:
    """Progress as one printed line per finished file, for logs and pipes (no tty)."""

    def __init__(self, echo: Callable[[str], object]) -> None:
        self._echo = echo

    def file_started(self, path: Path, index: int, total: int) -> None:
        return None

    def embedded(self, done: int, total: int, what: str = "passages") -> None:
        return None

    def file_finished(self, outcome: FileOutcome) -> None:
        detail = outcome.error or f"{outcome.chunks} passages"
        self._echo(one_line(f"{outcome.status}: {outcome.path} ({detail})"))


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
    warnings: list[str] = field(default_factory=list)


def max_bytes_of(settings: Settings) -> int:
    return int(settings.ingest.max_file_mb * 1024 * 1024)


def parse_file(
    path: Path, settings: Settings, data_hash: str | None = None, data: bytes | None = None
) -> ParsedDocument:
    """Load, clean, structure and chunk one file (no embedding, no store)."""
    raw = load_file(path, max_bytes=max_bytes_of(settings), data=data, pdf_settings=settings.pdf)
    cleaned = clean_document(raw)
    if not cleaned.text.strip():
        raise IngestError("no text left after cleaning")
    structure = document_structure(raw, cleaned)
    meta = report_metadata(path, cleaned.text, structure.title, raw.pdf)
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
        cleaned,
        structure,
        info,
        settings.chunking.size,
        settings.chunking.overlap,
        settings.chunking.caption_reach,
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
        pages=raw.pdf.pages if raw.pdf is not None else None,
    )
    return ParsedDocument(record, passages, list(raw.pdf.warnings) if raw.pdf else [])


def document_structure(raw: RawDocument, cleaned: CleanedDocument) -> DocumentStructure:
    """A PDF's structure comes from its layout; text formats are parsed line by line."""
    if raw.pdf is None:
        return parse_structure(cleaned.text)
    composed = raw.pdf.composed
    return structure_from_layout(
        cleaned.text, composed.blocks, composed.notes, composed.marker_notes, raw.pdf.title
    )


def content_hash_of(path: Path, data: bytes) -> str:
    """Hash of the bytes and of the metadata given for the file (editing either re-ingests)."""
    meta = folder_metadata(path.parent).get(path.name, {})
    digest = hashlib.sha256(data)
    digest.update(json.dumps(meta, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def embedding_text(passage: Passage) -> str:
    """What is embedded: the section heading gives a passage its topic."""
    return f"{passage.section}: {passage.text}" if passage.section else passage.text


def _link_problem(path: Path) -> str | None:
    """Why a path that looks like a file cannot be opened through its links, if it cannot."""
    try:
        path.stat()
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "symbolic link loop"
        if path.is_symlink():
            return f"broken symbolic link (to {os.readlink(path)})"
        return "no such file or directory" if exc.errno == errno.ENOENT else exc.strerror
    return None


def discover(paths: list[Path]) -> tuple[list[Path], list[FileOutcome]]:
    """Supported files under the given paths; unusable paths become failures.

    Missing paths, symlink loops, broken links and folders without any report are each
    one failed outcome; links are not followed into folders (no cycles), and a file
    reached twice (by two links or two arguments) is taken once.
    """
    files: list[Path] = []
    problems: list[FileOutcome] = []
    seen: set[Path] = set()
    for path in paths:
        problem = _link_problem(path)
        if problem:
            problems.append(FileOutcome(str(path), "failed", error=problem))
            continue
        if path.is_dir():
            found = []
            unreadable: list[OSError] = []
            for root, _dirs, names in os.walk(path, onerror=unreadable.append, followlinks=False):
                for name in names:
                    candidate = Path(root) / name
                    if candidate.suffix.lower() in SUPPORTED_SUFFIXES and not name.startswith("."):
                        found.append(candidate)
            for exc in unreadable:  # a folder that cannot be listed is not silently skipped
                reason = (
                    "permission denied (folder not readable)"
                    if isinstance(exc, PermissionError)
                    else (exc.strerror or str(exc))
                )
                where = Path(exc.filename) if exc.filename else path
                problems.append(FileOutcome(display_path_safe(where), "failed", error=reason))
            candidates = sorted(c for c in found if not is_metadata_file(c))
            if not candidates and not unreadable:
                kinds = " ".join(sorted(SUPPORTED_SUFFIXES))
                problems.append(
                    FileOutcome(str(path), "failed", error=f"no reports in this folder ({kinds})")
                )
        else:
            candidates = [] if is_metadata_file(path) else [path]
        for candidate in candidates:
            problem = _link_problem(candidate)
            if problem:
                problems.append(FileOutcome(display_path_safe(candidate), "failed", error=problem))
                continue
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                files.append(candidate)
    return files, problems


def display_path_safe(path: Path) -> str:
    """display_path for paths that do not resolve (loops, broken links): the link itself."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(absolute)


class Ingestor:
    """Ingests files into one store; ``lock_timeout`` is how long to wait for another ingest
    (0: refuse at once, negative: wait forever)."""

    def __init__(
        self,
        settings: Settings,
        store: ReportStore | None = None,
        embedder: Embedder | None = None,
        progress: IngestProgress | None = None,
        lock_timeout: float = 0.0,
    ) -> None:
        self.settings = settings
        self.store = store or ReportStore(settings)
        self.embedder = embedder or get_embedder(settings.embedding)
        self.progress = progress or _Silent()
        self.lock_timeout = lock_timeout
        self._by_hash: dict[str, DocumentRecord] = {}

    def ingest(self, paths: list[Path], prune: bool = False) -> IngestReport:
        with ingest_lock(self.settings, timeout=self.lock_timeout):
            return self._ingest_locked(paths, prune)

    def _ingest_locked(self, paths: list[Path], prune: bool) -> IngestReport:
        report = IngestReport()
        try:
            self.store.remove_orphans()
        except Exception as exc:
            if not is_damaged_index(exc):
                raise
            # Chroma cannot replay a write cut by a crash: rebuild from the report files.
            self.store.rebuild()
            report.repaired = True
        self._by_hash = {r.content_hash: r for r in self.store.documents()}
        files, problems = discover(paths)
        report.outcomes.extend(problems)
        report.outcomes.extend(self._take_profile(paths))
        for index, path in enumerate(files):
            self.progress.file_started(path, index, len(files))
            outcome = self._ingest_one(path, report)
            report.outcomes.append(outcome)
            self.progress.file_finished(outcome)
        if prune:
            report.outcomes.extend(self._prune(paths, files, problems))
        prune_vectors(self.settings.home, self.store.documents())
        self.store.save_snapshot()  # `reportqa list` then reads it without Chroma
        return report

    def _take_profile(self, paths: list[Path]) -> list[FileOutcome]:
        """A folder's profile.yaml (the field's vocabulary, optional) is copied into the
        store's home, where the answerer looks for it; a bad one is one failed line."""
        from reportqa.lexicon import PROFILE_NAME, ProfileError, load_profile, record_scope

        outcomes: list[FileOutcome] = []
        for folder in (p for p in paths if p.is_dir()):
            source = folder / PROFILE_NAME
            if not source.is_file():
                continue
            try:
                load_profile(source)
                target = self.settings.home / PROFILE_NAME
                target.parent.mkdir(parents=True, exist_ok=True)
                new_profile = not target.is_file() or target.read_bytes() != source.read_bytes()
                if new_profile:
                    temporary = target.with_suffix(".tmp")
                    temporary.write_bytes(source.read_bytes())
                    os.replace(temporary, target)
                # the profile speaks for this folder's reports, not the whole shelf's
                record_scope(self.settings.home, folder, new_profile)
            except (ProfileError, OSError) as exc:
                outcomes.append(FileOutcome(display_path(source), "failed", error=str(exc)))
        return outcomes

    def _read(self, path: Path) -> bytes:
        """The file's bytes, refusing oversized files before reading them."""
        limit = max_bytes_of(self.settings)
        try:
            size = path.stat().st_size
            if size > limit:
                raise IngestError(too_big_message(size, limit))
            with path.open("rb") as handle:
                return handle.read(limit + 1)
        except PermissionError as exc:
            raise IngestError("permission denied (not readable)") from exc
        except IsADirectoryError as exc:
            raise IngestError("is a directory") from exc
        except OSError as exc:
            raise IngestError(exc.strerror or str(exc)) from exc

    def _duplicate_of(self, doc_id: str, data_hash: str) -> DocumentRecord | None:
        """The registered document holding this exact content under another, live path.

        A record whose file is gone or changed is stale (the file was renamed or edited):
        it is dropped so the content is stored once, under the path that has it now.
        """
        other = self._by_hash.get(data_hash)
        if other is None or other.doc_id == doc_id:
            return None
        other_path = Path(other.path)
        try:
            still_there = content_hash_of(other_path, other_path.read_bytes()) == data_hash
        except OSError:
            still_there = False
        if still_there:
            return other
        self.store.delete_document(other.doc_id)
        self._by_hash.pop(data_hash, None)
        return None

    def _ingest_one(self, path: Path, report: IngestReport) -> FileOutcome:
        started = time.perf_counter()
        shown = display_path(path)
        doc_id = document_id(path)
        try:
            data = self._read(path)
            data_hash = content_hash_of(path, data)
            existing = self.store.document(doc_id)
            if existing and existing.content_hash == data_hash:
                if self.settings.ingest.sentence_vectors and not has_vectors(
                    self.settings.home, existing
                ):  # a store made before sentences were embedded at ingest
                    own = RetrievalFilters(doc_ids=[existing.doc_id])
                    self._save_sentence_vectors(existing, self.store.passages(own))
                return FileOutcome(shown, "unchanged", existing.chunks, doc_id=existing.doc_id)
            original = self._duplicate_of(doc_id, data_hash)
            if original is not None:
                if existing:  # this file's older version is outdated: keep only the copy
                    self.store.delete_document(doc_id)
                    self._by_hash.pop(existing.content_hash, None)
                return FileOutcome(
                    shown,
                    "duplicate",
                    error=f"same content as {original.source}; one copy kept",
                    doc_id=original.doc_id,
                )
            parsed = _parse_guarded(path, self.settings, data_hash, data)
        except IngestError as exc:
            return FileOutcome(shown, "failed", error=str(exc))
        vectors = self._embed(parsed.passages)
        record = parsed.record
        record.ingested_at = datetime.now(UTC).isoformat(timespec="seconds")
        if existing:
            self._by_hash.pop(existing.content_hash, None)
        self.store.delete_document(record.doc_id)
        self.store.add_passages(parsed.passages, vectors)
        if self.settings.ingest.sentence_vectors:
            self._save_sentence_vectors(record, parsed.passages)
        self.store.register(record)
        self._by_hash[record.content_hash] = record
        report.embedded_chunks += len(vectors)
        status: Status = "updated" if existing else "added"
        elapsed = time.perf_counter() - started
        return FileOutcome(
            shown,
            status,
            len(parsed.passages),
            doc_id=record.doc_id,
            seconds=elapsed,
            warnings=parsed.warnings,
        )

    def _embed(self, passages: list[Passage]) -> list[list[float]]:
        return self._embed_texts([embedding_text(p) for p in passages], "passages")

    def _embed_texts(self, texts: list[str], what: str) -> list[list[float]]:
        """Batch by batch (the progress bar moves), longest first: a batch pads to its
        longest text, so texts of one length go together (sentences range from a few
        words to a table row with its header)."""
        batch = self.settings.embedding.batch_size
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            fresh = self.embedder.embed_documents([texts[i] for i in rows])
            for i, vector in zip(rows, fresh, strict=True):
                vectors[i] = vector
            self.progress.embedded(min(start + batch, len(texts)), len(texts), what)
        return vectors

    def _save_sentence_vectors(self, record: DocumentRecord, passages: list[Passage]) -> None:
        """Embed the sentences answers will read for meaning, now rather than when asked
        (``reportqa.sentence_vectors``)."""
        texts = answer_texts(passages)
        save_vectors(self.settings.home, record, texts, self._embed_texts(texts, "sentences"))

    def _prune(
        self, paths: list[Path], files: list[Path], problems: list[FileOutcome]
    ) -> list[FileOutcome]:
        """Forget documents that lived under an ingested folder but are gone from it.

        Nothing under a path that could not be looked at (an unreadable folder) is
        forgotten: not seeing a file is not knowing it is gone.
        """
        folders = [p.resolve() for p in paths if p.is_dir()]
        unseen = [Path(os.path.abspath(o.path)) for o in problems]
        present = {str(f.resolve()) for f in files}
        removed: list[FileOutcome] = []
        for record in self.store.documents():
            doc_path = Path(record.path)
            inside = any(doc_path.is_relative_to(folder) for folder in folders)
            hidden = any(doc_path.is_relative_to(place) for place in unseen)
            if inside and not hidden and record.path not in present:
                self.store.delete_document(record.doc_id)
                removed.append(FileOutcome(record.source, "removed", doc_id=record.doc_id))
        return removed


def _parse_guarded(path: Path, settings: Settings, data_hash: str, data: bytes) -> ParsedDocument:
    """parse_file, with any parser crash on odd input turned into this file's failure.

    Parsing touches nothing outside the file, so a failure here cannot leave half a
    document behind; store and embedding errors are not caught (they concern every file).
    """
    try:
        return parse_file(path, settings, data_hash, data)
    except IngestError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise IngestError(f"too complex to parse ({type(exc).__name__})") from exc
    except Exception as exc:
        raise IngestError(f"could not be parsed ({type(exc).__name__}: {exc})") from exc
