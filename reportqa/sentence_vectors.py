"""Vectors of the sentences answers are chosen from, made once at ingest and kept beside
the store.

An answer reads every candidate sentence of its passages for meaning (a cosine with the
question). Embedding them at question time cost a summary, which reads a few hundred
sentences, about ten times a numeric answer. They depend only on the report's text, so
ingest embeds them with the passages and saves them per report, under the report's id and
content hash: an unchanged report is not embedded again, a changed one gets a new file,
and a file no registered report matches is deleted by the next ingest. A sentence not in
any file (a store made before this, a Chroma server fed from another machine) is embedded
when asked, as before: the files only save time, they never change an answer.

The folder may be shared, so what is saved is data only: ``.npz`` of a uint64 key per text
(a digest) and a float32 matrix, read with ``allow_pickle=False``.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from threading import Lock
from typing import Any

from reportqa.models import DocumentRecord, Passage

FOLDER = "sentence-vectors"
# bump when the texts an answer reads change (how candidates are cut or a table row is
# written): files of another version are made again by the next ingest
TEXTS_VERSION = 4
_log = logging.getLogger("reportqa")


def text_key(text: str) -> int:
    """A 64-bit digest of a text: the key its vector is saved under."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def answer_texts(passages: Iterable[Passage]) -> list[str]:
    """Every text an answer may read for meaning in these passages, once: each candidate
    as quoted, a table row or cell with its caption and header."""
    from reportqa.answering.candidates import candidates_of, sentence_text
    from reportqa.models import with_score

    texts = {
        sentence_text(c): None
        for passage in passages
        for c in candidates_of(with_score(passage, 0.0), 0)
    }
    return [t for t in texts if t]


def _safe(doc_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", doc_id)


def vectors_path(home: Path, doc_id: str, content_hash: str) -> Path:
    return Path(home) / FOLDER / f"{_safe(doc_id)}.{content_hash[:16]}.v{TEXTS_VERSION}.npz"


def has_vectors(home: Path, record: DocumentRecord) -> bool:
    return vectors_path(home, record.doc_id, record.content_hash).is_file()


def save_vectors(
    home: Path,
    record: DocumentRecord,
    texts: Sequence[str],
    vectors: Sequence[Sequence[float]],
) -> Path:
    """Write one report's sentence vectors (under a temporary name, then renamed: a
    reader never sees half a file)."""
    import numpy as np

    target = vectors_path(home, record.doc_id, record.content_hash)
    target.parent.mkdir(parents=True, exist_ok=True)
    keys = np.array([text_key(t) for t in texts], dtype=np.uint64)
    matrix = np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with temporary.open("wb") as handle:
        np.savez(handle, keys=keys, vectors=matrix)
    os.replace(temporary, target)
    return target


def prune_vectors(home: Path, records: Sequence[DocumentRecord]) -> int:
    """Delete the files of reports no longer registered (or since changed)."""
    folder = Path(home) / FOLDER
    if not folder.is_dir():
        return 0
    live = {vectors_path(home, r.doc_id, r.content_hash).name for r in records}
    removed = 0
    for path in folder.glob("*.npz"):
        if path.name not in live:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


class SavedSentenceVectors:
    """The saved vectors of the registered reports, each report's file read the first
    time one of its sentences is asked for (a large shelf is not read whole for a
    question on two reports). ``records`` gives the reports registered now."""

    def __init__(self, home: Path, records: Callable[[], Sequence[DocumentRecord]]) -> None:
        self.home = Path(home)
        self.records = records
        self._tables: dict[str, dict[int, Any]] = {}  # file name -> text key -> vector
        self._lock = Lock()

    def _table(self, path: Path) -> dict[int, Any]:
        table = self._tables.get(path.name)
        if table is not None:
            return table
        table = {}
        if path.is_file():
            import numpy as np

            try:
                with np.load(path, allow_pickle=False) as data:
                    keys, vectors = data["keys"], data["vectors"]
                table = dict(zip(keys.tolist(), vectors, strict=True))
            except Exception as exc:  # noqa: BLE001 - the texts are embedded when asked
                _log.warning("reportqa: %s is unreadable (%s); not used", path, exc)
            self._tables[path.name] = table  # a missing file is looked for again
        return table

    def lookup(self, texts: Iterable[str], doc_ids: Iterable[str]) -> dict[str, Any]:
        """The saved vector of each text that has one in the files of ``doc_ids``."""
        wanted = set(doc_ids)
        with self._lock:
            records = [r for r in self.records() if r.doc_id in wanted]
            tables = [
                self._table(vectors_path(self.home, r.doc_id, r.content_hash)) for r in records
            ]
        found = {}
        for text in texts:
            key = text_key(text)
            for table in tables:
                vector = table.get(key)
                if vector is not None:
                    found[text] = vector
                    break
        return found
