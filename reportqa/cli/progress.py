"""Progress for long work (ingest) on stderr: a bar on a terminal, lines in a log.

On a terminal it is a rich bar with a spinner and the time taken, so a long step (the
one-time model export, a big PDF) still shows it is alive. When stderr is a pipe or a
log, a bar would print nothing useful; it is then a line saying what is being done, at
most and at least every ``every`` seconds. A note (a one-off step such as the export) is
always printed at once, as a line of its own.

The bar names the file being read; the name is shown with its control characters escaped
and its brackets as text, so a file called "[red]a\\x1b[2J" is shown, not obeyed.
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

ProgressStyle = Literal["bar", "lines", "none"]


class _RichIngestProgress:
    def __init__(self, progress) -> None:  # rich.progress.Progress
        self._progress = progress
        self._files = progress.add_task("starting", total=None)
        self._embed = progress.add_task("embedding", total=None, visible=False)

    def file_started(self, path: Path, index: int, total: int) -> None:
        from rich.markup import escape

        from reportqa.printable import visible

        name = escape(visible(path.name))
        self._progress.update(self._files, total=total, completed=index, description=name)

    def embedded(self, done: int, total: int, what: str = "passages") -> None:
        self._progress.update(
            self._embed, total=total, completed=done, visible=True, description=f"embedding {what}"
        )

    def file_finished(self, outcome) -> None:
        self._progress.advance(self._files)
        self._progress.update(self._embed, visible=False)

    def note(self, message: str) -> None:
        """A one-off step: printed above the bar (it stays), and named on the bar."""
        from rich.markup import escape

        from ingest.pipeline import one_line

        self._progress.console.print(escape(one_line(message)), highlight=False)
        self._progress.update(self._files, description=escape(one_line(message.split(":")[0])))


class LineProgress:
    """Progress as plain lines for a log or a pipe: the current step, printed when it
    changes at most every ``every`` seconds, and repeated by ``tick`` (called from a
    heartbeat thread) once ``every`` seconds pass without a line, with the time taken."""

    def __init__(
        self,
        echo: Callable[[str], object],
        every: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._echo = echo
        self._every = every
        self._clock = clock
        self._started = clock()
        self._last: float | None = None
        self._state = "starting"
        self._file = ""
        self._lock = threading.Lock()

    def _say(self, force: bool = False) -> None:
        with self._lock:
            now = self._clock()
            if not force and self._last is not None and now - self._last < self._every:
                return
            self._last = now
            self._echo(f"ingest {now - self._started:5.0f}s: {self._state}")

    def file_started(self, path: Path, index: int, total: int) -> None:
        from ingest.pipeline import one_line

        self._file = f"file {index + 1} of {total}, {one_line(path.name)}"
        self._state = self._file
        self._say(force=index == 0)

    def embedded(self, done: int, total: int, what: str = "passages") -> None:
        self._state = f"{self._file}: {done} of {total} {what} embedded"
        self._say()

    def file_finished(self, outcome) -> None:
        self._state = f"{self._file}: {outcome.status}"
        self._say()

    def note(self, message: str) -> None:
        from ingest.pipeline import one_line

        self._state = one_line(message)
        self._say(force=True)

    def tick(self) -> None:
        """The heartbeat: the current step again if nothing was said for a while."""
        self._say()


class _NoProgress:
    def file_started(self, path: Path, index: int, total: int) -> None:
        return None

    def embedded(self, done: int, total: int, what: str = "passages") -> None:
        return None

    def file_finished(self, outcome) -> None:
        return None

    def note(self, message: str) -> None:
        return None


def _stderr_line(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


@contextmanager
def ingest_progress(style: ProgressStyle = "bar", every: float = 5.0) -> Iterator[object]:
    """The progress object for ``Ingestor`` (it also takes ``note``) for the duration."""
    if style == "none":
        yield _NoProgress()
        return
    if style == "lines":
        lines = LineProgress(_stderr_line, every)
        stop = threading.Event()

        def heartbeat() -> None:
            while not stop.wait(min(every, 1.0)):
                lines.tick()

        beat = threading.Thread(target=heartbeat, name="ingest-progress", daemon=True)
        beat.start()
        try:
            yield lines
        finally:
            stop.set()
            beat.join()
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        yield _RichIngestProgress(progress)
