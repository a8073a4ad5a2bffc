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

The store's folder may be shared (a team drive), so what is saved is data only, never
code: passages and statistics as JSON, vectors as ``.npy`` read with
``allow_pickle=False``, BM25 in bm25s's own JSON + ``.npy`` format. Each state is a
folder ``<home>/index-cache/<key>/``, written under a temporary name and renamed; the
newest few are kept. Anything that cannot be read is ignored (one warning) and rebuilt.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from reportqa.models import DocumentRecord

FORMAT = 13  # bump when what is saved changes (13: a cover's headings are cover words)
KEEP = 3  # states kept: the current registry state and the few before it
_log = logging.getLogger("reportqa")


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
    """The saved parts for ``key`` (passages, vectors, bm25, stats), or None."""
    folder = cache_dir(home) / key
    if not folder.is_dir():
        return None
    try:
        return _read(folder)
    except Exception as exc:  # noqa: BLE001 - whatever is wrong, the index is rebuilt
        _log.warning("reportqa: the saved index %s is unreadable (%s); rebuilding it", folder, exc)
        return None


def _read(folder: Path) -> dict[str, Any] | None:
    import numpy as np

    from reportqa.corpus_stats import CorpusStats
    from reportqa.models import Passage

    meta = json.loads((folder / "format.json").read_text(encoding="utf-8"))
    if meta.get("format") != FORMAT:
        return None
    rows = json.loads((folder / "passages.json").read_text(encoding="utf-8"))
    passages = [Passage.model_validate(row) for row in rows]
    vectors = None
    if (folder / "vectors.npy").is_file():
        vectors = np.load(folder / "vectors.npy", allow_pickle=False)
        if vectors.ndim != 2 or len(vectors) != len(passages):
            raise ValueError("vectors do not match the passages")
    bm25 = None
    if (folder / "bm25").is_dir():
        import bm25s

        bm25 = bm25s.BM25.load(str(folder / "bm25"), allow_pickle=False)
    stats = CorpusStats.from_json(json.loads((folder / "stats.json").read_text(encoding="utf-8")))
    return {"passages": passages, "vectors": vectors, "bm25": bm25, "stats": stats}


def save(home: Path, key: str, parts: dict[str, Any]) -> None:
    """Write under a temporary name, rename, then keep only the newest ``KEEP`` states.
    Failures are ignored: the cache only saves time."""
    import numpy as np

    root = cache_dir(home)
    partial = root / f".{key}.{os.getpid()}.tmp"
    try:
        partial.mkdir(parents=True, exist_ok=True)
        rows = [p.model_dump(mode="json") for p in parts["passages"]]
        (partial / "passages.json").write_text(json.dumps(rows), encoding="utf-8")
        if parts.get("vectors") is not None:
            np.save(partial / "vectors.npy", np.asarray(parts["vectors"]), allow_pickle=False)
        if parts.get("bm25") is not None:
            parts["bm25"].save(str(partial / "bm25"), allow_pickle=False)
        (partial / "stats.json").write_text(json.dumps(parts["stats"].to_json()), encoding="utf-8")
        (partial / "format.json").write_text(json.dumps({"format": FORMAT}), encoding="utf-8")
        target = root / key
        if target.exists():
            shutil.rmtree(target, ignore_errors=True)
        os.replace(partial, target)
        _prune(root)
    except Exception:  # noqa: BLE001 - a full disk, a read-only store
        shutil.rmtree(partial, ignore_errors=True)


def _prune(root: Path) -> None:
    states = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]
    states.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in states[KEEP:]:
        shutil.rmtree(old, ignore_errors=True)
    for stale in root.glob("*.pkl"):  # what earlier versions saved: never read, removed
        stale.unlink(missing_ok=True)
