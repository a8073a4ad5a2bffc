"""The retriever's in-memory index, saved beside the store and keyed by its content.

A new process (a cold ``reportqa ask``) had to read every passage and vector back from
Chroma, tokenise and index them for BM25 and count the corpus statistics before its first
answer: 4-6 s on a 1,000-report shelf, against 1.4 s on the 4 reports of corpus/. What it
builds depends only on which reports are registered (doc id + content hash) and on the
collection (embedder + chunking), and every registry state has a consistent set of live
passages (ingest unregisters a report before replacing its passages and registers it only
once they are all written), so the built index is saved under a digest of exactly that and
loaded by the next process. Unchanged reports, no work: the same content-hash rule as
ingest.

The file lives in the store's own directory (``<home>/index-cache/``), written atomically;
the newest few are kept. A file that cannot be read is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportqa.models import DocumentRecord

FORMAT = 3  # bump when what is saved changes shape (3: CorpusStats.title_terms)
KEEP = 3  # files kept: the current registry state and the few before it


def cache_dir(home: Path) -> Path:
    return Path(home) / "index-cache"


def cache_key(collection: str, records: Sequence[DocumentRecord], exact: bool) -> str:
    """Digest of what the index is built from: the collection, every registered report
    (id, content hash, where it is, how many passages) and the dense mode."""
    digest = hashlib.sha256(f"{FORMAT}\0{collection}\0{int(exact)}".encode())
    for r in sorted(records, key=lambda r: r.doc_id):
        digest.update(f"\0{r.doc_id}:{r.content_hash}:{r.source}:{r.chunks}".encode())
    return digest.hexdigest()[:32]


def load(home: Path, key: str) -> dict[str, Any] | None:
    """The saved parts for ``key``, or None (absent, unreadable, or of another format)."""
    path = cache_dir(home) / f"{key}.pkl"
    try:
        with path.open("rb") as saved:
            parts = pickle.load(saved)  # our own file, in the store directory Chroma uses
    except FileNotFoundError:
        return None
    except Exception:
        return None  # truncated or from another version: built again, then overwritten
    if not isinstance(parts, dict) or parts.get("format") != FORMAT:
        return None
    return parts


def save(home: Path, key: str, parts: dict[str, Any]) -> None:
    """Write atomically, then keep only the newest ``KEEP`` files. Failures are ignored:
    the cache only saves time."""
    folder = cache_dir(home)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f"{key}.{os.getpid()}.tmp"
        with partial.open("wb") as out:
            pickle.dump({**parts, "format": FORMAT}, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(partial, folder / f"{key}.pkl")
        saved = sorted(folder.glob("*.pkl"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in saved[KEEP:]:
            old.unlink(missing_ok=True)
    except Exception:  # a full disk, a read-only store, something that does not pickle
        partial.unlink(missing_ok=True) if "partial" in locals() else None
        return
