"""Progress bars for long work (ingest), drawn on stderr with rich."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class _RichIngestProgress:
    def __init__(self, progress) -> None:  # rich.progress.Progress
        self._progress = progress
        self._files = progress.add_task("files", total=None)
        self._embed = progress.add_task("embedding", total=None, visible=False)

    def file_started(self, path: Path, index: int, total: int) -> None:
        self._progress.update(self._files, total=total, completed=index, description=path.name)

    def embedded(self, done: int, total: int) -> None:
        self._progress.update(
            self._embed, total=total, completed=done, visible=True, description="embedding"
        )

    def file_finished(self, outcome) -> None:
        self._progress.advance(self._files)
        self._progress.update(self._embed, visible=False)


class _NoProgress:
    def file_started(self, path: Path, index: int, total: int) -> None:
        return None

    def embedded(self, done: int, total: int) -> None:
        return None

    def file_finished(self, outcome) -> None:
        return None


@contextmanager
def ingest_progress(enabled: bool = True) -> Iterator[object]:
    if not enabled:
        yield _NoProgress()
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        yield _RichIngestProgress(progress)
