"""Concurrent use of one store: a re-ingest (a `reportqa ingest` process) rewrites every
report while 200 questions are asked; a second ingest refuses in one line or waits.

Readers take no lock: the registry is written last, so an ask sees each report either in
its old or its new version, never half of it. The fake embedder keeps the re-ingest about
store writes (where concurrency can do harm) rather than model time.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from reportqa.answering import Answerer
from reportqa.config import Settings
from reportqa.models import Answer
from reportqa.retrieve import HybridRetriever
from reportqa.store import ReportStore
from tests.fixtures.reports import MINERALS, make_reports

REPORTS = 40
ASKS = 200
# Re-ingests run until ASKS asks have overlapped one; this many is only a bound on the
# work, so a regression that stops asks from overlapping writes ends instead of looping.
MAX_RUNS = 100
CLI = [sys.executable, "-m", "reportqa.cli"]


@pytest.fixture
def store_home(tmp_path) -> tuple[Path, Path]:
    folder = tmp_path / "reports"
    make_reports(folder, REPORTS, seed=1)
    home = tmp_path / "home"
    settings = Settings(home=home, embedding={"backend": "fake"})
    assert Ingestor(settings).ingest([folder]).count("added") == REPORTS
    make_reports(folder, REPORTS, seed=2)  # every report changes: the next ingest rewrites all
    return folder, home


def start_ingest(folder: Path, home: Path, *extra: str) -> subprocess.Popen:
    env = {
        **os.environ,
        "REPORTQA_HOME": str(home),
        "REPORTQA_EMBEDDING__BACKEND": "fake",
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(
        [*CLI, "ingest", str(folder), *extra],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for_first_file(child: subprocess.Popen) -> list[str]:
    """Lines of a `--verbose` ingest up to its first finished file (it holds the lock then)."""
    lines = []
    for line in child.stdout:
        lines.append(line)
        if line.startswith(("added:", "updated:")):
            return lines
    raise AssertionError(f"the ingest ended early: {lines} {child.stderr.read()[-2000:]}")


def test_200_asks_during_a_reingest_all_succeed(store_home):
    """Re-ingests (every report rewritten each time) run back to back until 200 asks have
    been issued while one was writing; every ask, during or between them, must succeed."""
    folder, home = store_home
    settings = Settings(home=home, embedding={"backend": "fake"})
    answerer = Answerer(settings, retriever=HybridRetriever(settings))
    answerer.retriever.warm_up()
    writing, stop, done = threading.Event(), threading.Event(), threading.Event()
    runs: list[tuple[int, str]] = []

    def reingest_loop() -> None:
        seed = 2
        try:
            while not stop.is_set() and len(runs) < MAX_RUNS:
                child = start_ingest(folder, home, "--verbose")
                for line in child.stdout:
                    if line.startswith("updated:"):
                        writing.set()  # the first report is rewritten: writes are under way
                child.wait()
                writing.clear()
                runs.append((child.returncode, child.stderr.read()))
                seed += 1
                make_reports(folder, REPORTS, seed=seed)
        finally:  # the bound is reached (or the loop failed): the askers stop too
            done.set()
            writing.set()

    results: list[tuple[Answer | Exception, bool]] = []
    seconds: list[float] = []
    lock = threading.Lock()

    def asker(worker: int) -> None:
        i = worker
        while not done.is_set():
            with lock:
                if sum(1 for _, during in results if during) >= ASKS:
                    return
            writing.wait()
            during = writing.is_set() and not done.is_set()
            mineral = MINERALS[i % len(MINERALS)]
            question = f"What share of global {mineral} refining did China hold in {2015 + i % 11}?"
            started = time.perf_counter()
            try:
                outcome: Answer | Exception = answerer.ask(question)
            except Exception as exc:  # recorded, so the test reports every failure
                outcome = exc
            with lock:
                results.append((outcome, during))
                seconds.append(time.perf_counter() - started)
            i += 4

    loop = threading.Thread(target=reingest_loop)
    loop.start()
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(asker, range(4)))
    stop.set()
    loop.join(600)

    failures = [repr(r) for r, _ in results if isinstance(r, Exception)]
    assert not failures, failures[:5]
    answers = [r for r, _ in results if isinstance(r, Answer)]
    during = sum(1 for _, d in results if d)
    assert during >= ASKS, f"{MAX_RUNS} re-ingests and only {during} asks overlapped one"
    assert all(a.status in ("answered", "conflict", "abstained") for a in answers)
    assert all(a.citations for a in answers)  # every answer shows its passages
    for answer in answers:
        for citation in answer.citations:
            assert citation.quote in citation.passage
    answered = sum(1 for a in answers if a.status != "abstained")
    assert answered >= len(answers) // 2, f"only {answered} of {len(answers)} answered"
    assert runs and all(code == 0 for code, _ in runs), runs
    seconds.sort()
    print(
        f"\n{len(results)} asks, {during} during {len(runs)} re-ingests, {answered} answered; "
        f"latency median {statistics.median(seconds):.2f}s, "
        f"p95 {seconds[int(0.95 * (len(seconds) - 1))]:.2f}s (4 threads)"
    )

    # The last re-ingest finished: the store is whole and holds no stale version.
    final = start_ingest(folder, home, "--quiet")
    out, err = final.communicate(timeout=600)
    assert final.returncode == 0, err
    store = ReportStore(settings)
    records = store.documents()
    assert len(records) == REPORTS
    ids = store.chunk_ids()
    assert len(ids) == len(set(ids)) == sum(r.chunks for r in records)


def test_second_ingest_refuses_in_one_line_then_waits(store_home):
    folder, home = store_home
    first = start_ingest(folder, home, "--verbose")
    try:
        wait_for_first_file(first)
        refused = start_ingest(folder, home, "--quiet")
        out, err = refused.communicate(timeout=300)
        assert first.poll() is None, "the first ingest ended before the second started"
        assert refused.returncode == 2, err
        lines = [line for line in err.splitlines() if not line.startswith("WARNING")]
        assert len(lines) == 1 and lines[0].startswith(
            "reportqa: error: another ingest is writing to "
        ), err
        assert f"(pid {first.pid} " in lines[0]

        waiting = start_ingest(folder, home, "--quiet", "--wait", "-1")
        out, err = waiting.communicate(timeout=600)
        assert waiting.returncode == 0, err
        # It got in only after the first had written everything: nothing left to do.
        assert f"{REPORTS} unchanged" in out and "0 failed" in out, out
    finally:
        first.communicate(timeout=600)
    assert first.returncode == 0
    records = ReportStore(Settings(home=home, embedding={"backend": "fake"})).documents()
    assert len(records) == REPORTS
