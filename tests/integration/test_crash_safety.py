"""kill -9 in the middle of `reportqa ingest`, then a re-run: nothing lost, nothing doubled.

The ingest runs as the user runs it (a `reportqa ingest` process on a real embedded Chroma
on disk) over generated reports, and is SIGKILLed part-way, several times. The fake
embedder is used on purpose: it makes the store writes, where a kill can do harm, the
bulk of the run (a kill during embedding has written nothing yet).

After each kill: every registered document is whole (all its chunks, none of another
version). After the final re-run: every document is present with its current content
hash, no chunk id is duplicated, no orphan chunk is left, and the chunk ids are exactly
those of a clean ingest of the same files.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor, content_hash_of, document_id
from reportqa.config import Settings
from reportqa.store import ReportStore
from tests.fixtures.reports import make_reports

REPORTS = 40
CLI = [sys.executable, "-m", "reportqa.cli"]


def settings_for(home: Path) -> Settings:
    return Settings(home=home, embedding={"backend": "fake"})


def env_for(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "REPORTQA_HOME": str(home),
        "REPORTQA_EMBEDDING__BACKEND": "fake",
        "PYTHONUNBUFFERED": "1",
    }


def clean_ingest_of(folder: Path, home: Path, count: int) -> tuple[dict[str, str], set[str]]:
    """Reference: {doc_id: content hash} and the chunk ids of an uninterrupted ingest."""
    store = ReportStore(settings_for(home))
    report = Ingestor(settings_for(home), store=store).ingest([folder])
    assert report.count("added") == count and not report.failed
    return {r.doc_id: r.content_hash for r in store.documents()}, set(store.chunk_ids())


def clean_ingest(folder: Path, home: Path) -> tuple[dict[str, str], set[str]]:
    return clean_ingest_of(folder, home, REPORTS)


def ingest_and_kill(folder: Path, home: Path, after_files: int, rng: random.Random) -> int:
    """Start `reportqa ingest -v`, SIGKILL it once ``after_files`` more files are done
    (plus a random fraction of a file); returns how many files it reported done."""
    child = subprocess.Popen(
        [*CLI, "ingest", str(folder), "--verbose"],
        env=env_for(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    done = 0
    try:
        for line in child.stdout:
            if line.startswith(("added:", "updated:")):
                done += 1
                if done >= after_files:
                    time.sleep(rng.uniform(0.0, 0.3))
                    break
    finally:
        kill_now(child)
    assert child.returncode == -signal.SIGKILL, "the ingest finished before it was killed"
    return done


def kill_now(child: subprocess.Popen) -> None:
    """SIGKILL the child (as a crash would) and reap it."""
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)
    child.wait(30)


def assert_whole_or_absent(folder: Path, home: Path) -> int:
    """Every registered document has exactly its own chunks; returns how many are registered."""
    store = ReportStore(settings_for(home))
    records = store.documents()
    for record in records:
        ids = store.chunk_ids(record.doc_id)
        assert len(ids) == len(set(ids)) == record.chunks, record.source
    live = {r.doc_id for r in records}
    assert {p.doc_id for p in store.passages()} <= live  # readers never see orphans
    return len(records)


def test_kill_9_mid_ingest_then_rerun_equals_clean_ingest(tmp_path):
    rng = random.Random(20260)
    folder = tmp_path / "reports"
    make_reports(folder, REPORTS)
    expected_hashes, expected_ids = clean_ingest(folder, tmp_path / "clean-home")

    home = tmp_path / "home"
    registered = []
    for after in (4, 9, 9):  # three kills, each further into the corpus
        ingest_and_kill(folder, home, after, rng)
        registered.append(assert_whole_or_absent(folder, home))
    assert 0 < registered[0] < registered[-1] < REPORTS, registered

    rerun = subprocess.run(
        [*CLI, "ingest", str(folder), "--quiet"],
        env=env_for(home),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "0 failed" in rerun.stdout

    store = ReportStore(settings_for(home))
    records = store.documents()
    assert {r.doc_id: r.content_hash for r in records} == expected_hashes
    for path in folder.iterdir():
        record = store.document(document_id(path))
        assert record is not None and record.content_hash == content_hash_of(
            path, path.read_bytes()
        )
    ids = store.chunk_ids()
    assert len(ids) == len(set(ids))
    assert set(ids) == expected_ids
    assert store.chunk_count() == len(expected_ids) == sum(r.chunks for r in records)


def test_kill_9_during_an_update_keeps_old_or_new_never_half(tmp_path):
    rng = random.Random(9)
    folder = tmp_path / "reports"
    make_reports(folder, REPORTS, seed=1)
    home = tmp_path / "home"
    clean_ingest(folder, home)  # the store holds version 1 of every report
    old_hashes = {r.doc_id: r.content_hash for r in ReportStore(settings_for(home)).documents()}

    make_reports(folder, REPORTS, seed=2)  # every report changes
    expected_hashes, expected_ids = clean_ingest(folder, tmp_path / "clean-home")
    ingest_and_kill(folder, home, 12, rng)

    store = ReportStore(settings_for(home))
    assert_whole_or_absent(folder, home)
    states = {"new": 0, "old": 0, "absent": 0}
    for doc_id, new_hash in expected_hashes.items():
        record = store.document(doc_id)
        if record is None:
            states["absent"] += 1
        else:
            assert record.content_hash in (new_hash, old_hashes[doc_id])
            states["new" if record.content_hash == new_hash else "old"] += 1
    assert states["new"] >= 12 and states["old"] > 0, states

    rerun = subprocess.run(
        [*CLI, "ingest", str(folder), "--quiet"], env=env_for(home), capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    store = ReportStore(settings_for(home))
    assert {r.doc_id: r.content_hash for r in store.documents()} == expected_hashes
    ids = store.chunk_ids()
    assert len(ids) == len(set(ids)) and set(ids) == expected_ids


PAUSING_CHILD = """
import os, sys, time
from reportqa import store
method = os.environ["PAUSE_AFTER_METHOD"]
calls = int(os.environ["PAUSE_AFTER_CALLS"])
original = getattr(store.ReportStore, method)
seen = [0]
def paused(self, *args, **kwargs):
    result = original(self, *args, **kwargs)
    seen[0] += 1
    if seen[0] == calls:
        print("PAUSED", flush=True)
        time.sleep(600)
    return result
setattr(store.ReportStore, method, paused)
from reportqa.cli import app
app(sys.argv[1:], prog_name="reportqa")
"""


@pytest.mark.parametrize(
    ("method", "state"),
    [
        ("delete_document", "old version removed, new one not yet stored"),
        ("add_passages", "new chunks stored, document not yet registered"),
    ],
)
def test_kill_9_at_the_worst_moment_of_an_update(tmp_path, method, state):
    """The kill lands exactly between two store writes of one report (the ingest is paused
    there by a wrapper in the child), the worst moments a random kill could hit."""
    folder = tmp_path / "reports"
    make_reports(folder, 12, paragraphs=10, seed=1)
    home = tmp_path / "home"
    clean_ingest_of(folder, home, 12)
    make_reports(folder, 12, paragraphs=10, seed=2)
    expected_hashes, expected_ids = clean_ingest_of(folder, tmp_path / "clean-home", 12)

    env = {**env_for(home), "PAUSE_AFTER_METHOD": method, "PAUSE_AFTER_CALLS": "5"}
    child = subprocess.Popen(
        [sys.executable, "-c", PAUSING_CHILD, "ingest", str(folder), "--quiet"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert child.stdout.readline().strip() == "PAUSED", state
    finally:
        kill_now(child)

    store = ReportStore(settings_for(home))
    registered = assert_whole_or_absent(folder, home)
    assert registered == 11, state  # the fifth report is absent, the other eleven whole
    orphans = store.chunk_count() - sum(r.chunks for r in store.documents())
    assert (orphans > 0) == (method == "add_passages"), orphans

    rerun = subprocess.run(
        [*CLI, "ingest", str(folder), "--quiet"], env=env_for(home), capture_output=True, text=True
    )
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert "1 added" in rerun.stdout and "0 failed" in rerun.stdout, rerun.stdout
    store = ReportStore(settings_for(home))
    assert {r.doc_id: r.content_hash for r in store.documents()} == expected_hashes
    ids = store.chunk_ids()
    assert len(ids) == len(set(ids)) and set(ids) == expected_ids
