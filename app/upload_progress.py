"""Ingest progress as one bar that moves through each file's stages: read, embed, store,
index.

The ingest pipeline reports a file starting, its passages embedded batch by batch, then
the sentences answers quote, and the file finished; between the last passage batch and the
first sentence batch its passages are written to the store. :class:`UploadStages` turns
those calls into (share done, what is happening) for whatever draws the bar (the chat's
``st.progress``), so the bar never stands still at "Reading" while a long file is
embedded, nor at 100% while it is stored.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from reportqa.wording import plural

# Share of one file's slice of the bar that each stage fills (reading, then embedding;
# storing fills the rest). Embedding is the long stage on a CPU.
READ_SHARE = 0.15
EMBED_SHARE = 0.75
PASSAGE_SHARE = 0.5  # of the embedding stage: passages, then the sentences answers quote

Show = Callable[[float, str], None]


def outcome_line(name: str, status: str, chunks: int = 0, error: str | None = None) -> str:
    """One ingested file in words: 'note.txt: added, 1 passage' or 'x.pdf: <why it failed>'."""
    if error and status == "failed":
        return f"{name}: {error}"
    detail = f", {plural(chunks, 'passage')}" if status in ("added", "updated") else ""
    note = f" ({error})" if error else ""
    return f"{name}: {status}{detail}{note}"


class UploadStages:
    """ingest.pipeline's progress protocol (``file_started``, ``embedded``,
    ``file_finished``) as calls of ``show(share, text)``; ``share`` never goes back."""

    def __init__(self, show: Show) -> None:
        self.show = show
        self.index, self.total, self.name = 0, 1, ""
        self.share = 0.0
        self.stages: list[str] = []  # the stages shown, in order (read, embed, store, done)

    def _at(self, within: float, stage: str, text: str) -> None:
        share = (self.index + min(max(within, 0.0), 1.0)) / self.total
        self.share = max(self.share, min(share, 1.0))
        if not self.stages or self.stages[-1] != stage:
            self.stages.append(stage)
        self.show(self.share, text)

    def _of(self) -> str:
        return f" ({self.index + 1} of {self.total})" if self.total > 1 else ""

    def file_started(self, path: Path, index: int, total: int) -> None:
        self.index, self.total, self.name = index, max(total, 1), Path(path).name
        self._at(0.0, "read", f"Reading {self.name}{self._of()}")

    def embedded(self, done: int, total: int, what: str = "passages") -> None:
        part = done / max(total, 1)
        if what != "passages":  # the sentences answers quote, embedded once stored
            self._at(
                READ_SHARE + EMBED_SHARE * (PASSAGE_SHARE + (1 - PASSAGE_SHARE) * part),
                "index",
                f"Indexing {self.name}: {done}/{total} {what}{self._of()}",
            )
            return
        self._at(
            READ_SHARE + EMBED_SHARE * PASSAGE_SHARE * part,
            "embed",
            f"Embedding {self.name}: {done}/{total} passages{self._of()}",
        )
        if done >= total:
            self._at(
                READ_SHARE + EMBED_SHARE * PASSAGE_SHARE,
                "store",
                f"Storing {self.name}{self._of()}",
            )

    def file_finished(self, outcome: Any) -> None:  # ingest.pipeline.FileOutcome
        line = outcome_line(self.name, outcome.status, outcome.chunks, outcome.error)
        self._at(1.0, "done", line)
