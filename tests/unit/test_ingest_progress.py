"""What `reportqa ingest` shows while it works: lines in a log, a bar on a terminal, and
the one-time model export announced before it starts."""

from __future__ import annotations

import re
import threading
from pathlib import Path

from typer.testing import CliRunner

from reportqa.cli import commands as cli
from reportqa.cli.progress import LineProgress, ingest_progress


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Outcome:
    status = "added"


def line_progress(every: float = 5.0) -> tuple[LineProgress, list[str], Clock]:
    lines: list[str] = []
    clock = Clock()
    return LineProgress(lines.append, every, clock=clock), lines, clock


def test_the_first_file_is_said_at_once_then_at_most_every_interval():
    progress, lines, clock = line_progress(every=5)
    progress.file_started(Path("a.txt"), 0, 3)
    assert lines == ["ingest     0s: file 1 of 3, a.txt"]
    clock.now += 1
    progress.embedded(32, 64)
    progress.file_finished(Outcome())
    progress.file_started(Path("b.pdf"), 1, 3)
    assert len(lines) == 1  # a second later: nothing new is printed
    clock.now += 5
    progress.embedded(32, 90)
    assert lines[-1] == "ingest     6s: file 2 of 3, b.pdf: 32 of 90 passages embedded"


def test_the_heartbeat_repeats_a_long_step():
    """One step that lasts (a big file, the model export) is said again with its time."""
    progress, lines, clock = line_progress(every=5)
    progress.file_started(Path("big.pdf"), 0, 1)
    clock.now += 3
    progress.tick()
    assert len(lines) == 1
    for _ in range(3):
        clock.now += 5
        progress.tick()
    assert lines[1:] == [
        "ingest     8s: file 1 of 1, big.pdf",
        "ingest    13s: file 1 of 1, big.pdf",
        "ingest    18s: file 1 of 1, big.pdf",
    ]


def test_a_note_is_printed_at_once():
    progress, lines, clock = line_progress(every=5)
    progress.file_started(Path("a.txt"), 0, 2)
    progress.note("preparing the model: once")
    assert lines[-1] == "ingest     0s: preparing the model: once"


def test_a_file_name_cannot_forge_lines():
    progress, lines, _ = line_progress()
    progress.file_started(Path("a\nfile 9 of 9, fake\x1b[2J.txt"), 0, 1)
    assert len(lines) == 1 and "\n" not in lines[0] and "\x1b" not in lines[0]
    assert "a\\nfile 9 of 9, fake\\x1b[2J.txt" in lines[0]


def test_the_heartbeat_thread_ends_with_the_ingest():
    with ingest_progress("lines", every=5) as progress:
        assert isinstance(progress, LineProgress)
        assert any(t.name == "ingest-progress" for t in threading.enumerate())
    assert not any(t.name == "ingest-progress" for t in threading.enumerate())


def test_every_style_takes_a_note():
    for style in ("bar", "lines", "none"):
        with ingest_progress(style, every=5) as progress:
            progress.note("a one-off step")  # type: ignore[attr-defined]


def ingest_cli(folder: Path, home: Path, *extra: str):
    env = {"REPORTQA_EMBEDDING__BACKEND": "fake"}
    return CliRunner().invoke(
        cli.app, ["--home", str(home), "ingest", str(folder), *extra], env=env
    )


def test_ingest_in_a_log_prints_progress_lines(tmp_path):
    """stderr is not a terminal here: it used to stay silent until the summary."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for i in range(3):
        (folder / f"r{i}.txt").write_text(f"Report {i}\n\nGallium output rose {i} percent.\n")
    result = ingest_cli(folder, tmp_path / "store")
    assert result.exit_code == 0, result.output
    assert re.search(r"^ingest +\d+s: file 1 of 3, r0\.txt$", result.stderr, re.M)
    assert result.stdout.strip().startswith("3 added")
    quiet = ingest_cli(folder, tmp_path / "store2", "--quiet")
    assert quiet.stderr == ""


def test_ingest_announces_the_model_export_before_the_files(tmp_path, monkeypatch):
    import reportqa.embedding as embedding

    def fake_prepare(embedder, notify):
        notify("preparing the embedding model: a one-time export")

    monkeypatch.setattr(embedding, "prepare_embedder", fake_prepare)
    folder = tmp_path / "reports"
    folder.mkdir()
    (folder / "r.txt").write_text("Report\n\nGallium output rose 4 percent.\n")
    result = ingest_cli(folder, tmp_path / "store")
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0].endswith("preparing the embedding model: a one-time export")
    assert lines[1].endswith("file 1 of 1, r.txt")
    verbose = ingest_cli(folder, tmp_path / "store2", "-v")
    assert "reportqa: note: preparing the embedding model" in verbose.stderr
