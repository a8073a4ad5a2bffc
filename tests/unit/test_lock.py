"""The ingest lock: a second writer refuses (or waits), readers never block, death frees it."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest
from typer.testing import CliRunner

from ingest.pipeline import Ingestor
from reportqa.cli import app
from reportqa.lock import StoreBusy, ingest_lock, lock_path
from reportqa.retrieve import HybridRetriever
from reportqa.store import ReportStore


def test_second_ingest_refuses_with_holder(fake_settings, corpus_copy):
    with ingest_lock(fake_settings):
        with pytest.raises(StoreBusy, match=r"another ingest is writing to .*\(pid \d+ on "):
            Ingestor(fake_settings).ingest([corpus_copy])
    assert ReportStore(fake_settings).documents() == []


def test_second_ingest_waits_when_asked(fake_settings, corpus_copy):
    held = threading.Event()

    def hold_briefly() -> None:
        with ingest_lock(fake_settings):
            held.set()
            time.sleep(1.0)

    holder = threading.Thread(target=hold_briefly)
    holder.start()
    held.wait(5)
    started = time.perf_counter()
    report = Ingestor(fake_settings, lock_timeout=30).ingest([corpus_copy])
    waited = time.perf_counter() - started
    holder.join()
    assert report.count("added") == 4
    assert waited >= 0.5  # it really waited for the holder


def test_wait_gives_up_with_a_clear_message(fake_settings, corpus_copy):
    with ingest_lock(fake_settings):
        with pytest.raises(StoreBusy, match=r"after waiting 0.3s"):
            Ingestor(fake_settings, lock_timeout=0.3).ingest([corpus_copy])


def test_readers_do_not_take_the_lock(fake_settings, corpus_copy):
    Ingestor(fake_settings).ingest([corpus_copy])
    with ingest_lock(fake_settings):
        found = HybridRetriever(fake_settings).retrieve("China rare earth refining", k=3)
    assert found


def test_cli_refuses_in_one_line(tmp_path, monkeypatch, fake_settings, corpus_copy):
    monkeypatch.setenv("REPORTQA_HOME", str(fake_settings.home))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    with ingest_lock(fake_settings):
        result = CliRunner().invoke(app, ["ingest", str(corpus_copy), "-q"])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("reportqa: error: another ingest is writing to ")
    assert "--wait" in line


def test_killed_holder_leaves_no_stale_lock(fake_settings, corpus_copy):
    code = (
        "import sys, time; from filelock import FileLock; "
        "lock = FileLock(sys.argv[1]); lock.acquire(); print('held', flush=True); time.sleep(60)"
    )
    lock_path(fake_settings).parent.mkdir(parents=True, exist_ok=True)
    child = subprocess.Popen(
        [sys.executable, "-c", code, str(lock_path(fake_settings))],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "held"
        with pytest.raises(StoreBusy):
            Ingestor(fake_settings).ingest([corpus_copy])
    finally:
        child.kill()
        child.wait()
    assert Ingestor(fake_settings).ingest([corpus_copy]).count("added") == 4
