"""A Chroma server that is stopped (SIGSTOP) keeps accepting connections and never answers.

Without a request timeout every command against it waits for ever; with
``chroma_timeout`` each gives up with one line naming the server and the timeout. The
commands run in subprocesses (or a thread) under an outer deadline many times the
configured timeout, so a regression fails the test instead of hanging the suite.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from ingest.pipeline import Ingestor
from reportqa.cli import app
from reportqa.config import Settings
from reportqa.store import ReportStore
from tests.server.conftest import ChromaServer

TIMEOUT_S = 2.0  # the configured Chroma timeout
OUTER_S = 90.0  # safety deadline per command: start-up plus many times TIMEOUT_S
QUESTION = "What share of magnet production moved to new plants in 2024?"
REPORT = """Magnet supply review

In 2024 about 12 percent of magnet production moved to new plants outside the main
producing region, according to the survey of manufacturers.

Refining capacity grew more slowly, and most of the new plants still buy separated oxide
from the established refiners.
"""


@pytest.fixture
def stopped(private_chroma: ChromaServer, tmp_path: Path) -> Iterator[Settings]:
    """A server holding one ingested report, then stopped; resumed (and, by
    ``private_chroma``, shut down) afterwards so nothing is left running."""
    reports = tmp_path / "reports"
    reports.mkdir()
    (reports / "magnets.txt").write_text(REPORT, encoding="utf-8")
    private_chroma.start()
    settings = Settings(
        home=tmp_path / "home",
        chroma_url=private_chroma.url,
        chroma_timeout=TIMEOUT_S,
        embedding={"backend": "fake"},
    )
    report = Ingestor(settings, store=ReportStore(settings)).ingest([reports])
    assert report.count("added") == 1 and not report.failed
    private_chroma.pause()
    try:
        yield settings
    finally:
        private_chroma.resume()


def assert_timeout_line(stderr: str, settings: Settings) -> None:
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("reportqa: error: the Chroma server at "), lines[0]
    assert settings.chroma_url in lines[0]
    assert f"did not answer within {TIMEOUT_S:g} s" in lines[0]
    assert "REPORTQA_CHROMA_TIMEOUT" in lines[0]


@pytest.mark.parametrize(
    "command",
    [["list"], ["retrieve", QUESTION], ["ask", QUESTION], ["ingest", "-q", "reports"]],
    ids=["list", "retrieve", "ask", "ingest"],
)
def test_stopped_server_gives_one_line(
    stopped: Settings, tmp_path: Path, command: list[str]
) -> None:
    """Each command, started against the stopped server, exits non-zero with one line."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("REPORTQA_")}
    env |= {
        "REPORTQA_HOME": str(stopped.home),
        "REPORTQA_CHROMA_URL": str(stopped.chroma_url),
        "REPORTQA_CHROMA_TIMEOUT": str(TIMEOUT_S),
        "REPORTQA_EMBEDDING__BACKEND": "fake",
    }
    try:
        done = subprocess.run(
            [sys.executable, "-m", "reportqa.cli", *command],
            capture_output=True,
            text=True,
            env=env,
            cwd=tmp_path,
            timeout=OUTER_S,
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"`reportqa {command[0]}` hung on a stopped Chroma server")
    assert done.returncode != 0
    assert_timeout_line(done.stderr, stopped)


def invoke_with_deadline(args: list[str]) -> Result:
    """CliRunner.invoke in a thread, failing the test if it has not returned in time."""
    out: list[Result] = []
    worker = threading.Thread(target=lambda: out.append(CliRunner().invoke(app, args)))
    worker.daemon = True  # resumed by the fixture's teardown if it ever hangs
    worker.start()
    worker.join(OUTER_S)
    if worker.is_alive():
        pytest.fail(f"`reportqa {' '.join(args)}` hung on a stopped Chroma server")
    return out[0]


def test_server_stopped_after_the_client_connected(
    private_chroma: ChromaServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A store opened while the server answered keeps the timeout: a request made after
    the server stopped, mid-command, ends in the same one line, not an httpx traceback."""
    private_chroma.start()
    settings = Settings(
        home=tmp_path / "home",
        chroma_url=private_chroma.url,
        chroma_timeout=TIMEOUT_S,
        embedding={"backend": "fake"},
    )
    store = ReportStore(settings)  # connected, collections open
    monkeypatch.setattr("reportqa.store.ReportStore", lambda _settings: store)
    monkeypatch.setenv("REPORTQA_CHROMA_TIMEOUT", str(TIMEOUT_S))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    monkeypatch.setenv("REPORTQA_HOME", str(settings.home))
    monkeypatch.delenv("REPORTQA_CHROMA_URL", raising=False)
    private_chroma.pause()
    try:
        result = invoke_with_deadline(["--chroma-url", private_chroma.url, "list"])
    finally:
        private_chroma.resume()
    assert result.exit_code != 0
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert_timeout_line(result.stderr, settings)
