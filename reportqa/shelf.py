"""The shelf: the reports in the store as an analyst reads them, and taking one off it.

The chat's shelf panel shows, for every report, its title, publisher, date, pages,
passages and when it was added, in words ("May 2026", "29 Nov 2026, 17:36", "1 passage")
rather than the registry's ISO stamps; removing a report is a store write, so it takes
the ingest lock like any ingest does, and it drops the copy an upload left in the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path

from reportqa.lock import ingest_lock
from reportqa.models import DocumentRecord
from reportqa.store import ReportStore, StoreError
from reportqa.wording import human_date, human_time, plural

UPLOADS_DIR = "uploads"  # under the store home: where the chat saves uploaded files


# --------------------------------------------------------------------------- rows
@dataclass(frozen=True)
class ShelfRow:
    """One report on the shelf, every field already in words."""

    doc_id: str
    title: str
    publisher: str
    date: str
    pages: str
    passages: str
    added: str
    file: str

    @property
    def details(self) -> str:
        """'Publisher · May 2026 · 3 pages · 7 passages' (whatever is known)."""
        return " · ".join(x for x in (self.publisher, self.date, self.pages, self.passages) if x)


def shelf_row(record: DocumentRecord, zone: tzinfo | None = None) -> ShelfRow:
    return ShelfRow(
        doc_id=record.doc_id,
        title=record.title or Path(record.source).name,
        publisher=record.publisher or "",
        date=human_date(record.date),
        pages=plural(record.pages, "page") if record.pages else "",
        passages=plural(record.chunks, "passage"),
        added=f"added {human_time(record.ingested_at, zone)}" if record.ingested_at else "",
        file=Path(record.source).name,
    )


def shelf_rows(records: Sequence[DocumentRecord], zone: tzinfo | None = None) -> list[ShelfRow]:
    """The shelf in title order (case-insensitive), one row per report."""
    rows = [shelf_row(r, zone) for r in records]
    return sorted(rows, key=lambda r: (r.title.casefold(), r.file))


# --------------------------------------------------------------------------- removing
class ShelfError(StoreError):
    """A report cannot be removed (gone already, or the store is busy): one line."""


def remove_report(store: ReportStore, doc_id: str, wait: float | None = None) -> DocumentRecord:
    """Take a report off the shelf: its registry entry, then its passages, under the ingest
    lock (an ingest running now would otherwise re-register what it read before); the
    registry copy that ``reportqa list`` reads is rewritten, and a file the chat uploaded
    into the store is deleted with it. Returns the removed record.

    Readers holding an index of the store (the chat's answerer) see the registry version
    change on their next question and rebuild without the report.
    """
    settings = store.settings
    timeout = settings.chat.remove_wait if wait is None else wait
    with ingest_lock(settings, timeout=timeout):
        store.refresh()
        record = store.document(doc_id)
        if record is None:
            raise ShelfError("that report is no longer on the shelf")
        store.delete_document(doc_id)
        store.save_snapshot()
    uploaded = uploads_folder(settings.home)
    path = Path(record.path)
    if path.parent.resolve() == uploaded.resolve():
        path.unlink(missing_ok=True)
    return record


def uploads_folder(home: Path | str) -> Path:
    """Where the chat saves the files it is given (inside the store home)."""
    return Path(home) / UPLOADS_DIR
