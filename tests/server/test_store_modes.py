"""The same store, ingest, retrieve and ask cases over embedded Chroma and a `chroma run`.

Server mode is configuration only (``chroma_url``); these tests hold both clients to the
same behaviour, including the failure cases a team meets: a server that is not there, and
a server that goes away in the middle of an ingest.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.pipeline import Ingestor
from reportqa.answering import Answerer
from reportqa.cli import app
from reportqa.config import Settings
from reportqa.llm import LLMAnswerer
from reportqa.models import Answer, RetrievalFilters
from reportqa.retrieve import HybridRetriever
from reportqa.store import ReportStore, StoreError
from tests.fixtures.fake_llm import FakeLLMServer, Reply
from tests.server.conftest import ChromaServer, free_port

REFINING = "What share of global rare earth refining did China hold in 2024?"
RUSI = "RUSI (Royal United Services Institute)"
COPIES = 12  # reports in the interrupted ingest: enough that it is stopped half-way


def assert_consistent(store: ReportStore) -> None:
    """Every registered report has exactly its chunks, and no chunk lacks its report."""
    records = store.documents()
    for record in records:
        assert len(store.chunk_ids(record.doc_id)) == record.chunks, record.source
    assert store.chunk_count() == sum(r.chunks for r in records)


def test_client_matches_the_mode(mode_settings: Settings) -> None:
    store = ReportStore(mode_settings)
    kind = type(store.client).__name__
    if mode_settings.chroma_url:
        assert not (Path(mode_settings.home) / "chroma").exists()  # nothing written locally
        assert store.client.heartbeat() > 0
    else:
        assert (Path(mode_settings.home) / "chroma").is_dir(), kind


def test_ingest_is_incremental(mode_settings: Settings, corpus_copy: Path) -> None:
    store = ReportStore(mode_settings)
    ingestor = Ingestor(mode_settings, store=store)
    first = ingestor.ingest([corpus_copy])
    assert first.count("added") == 4 and not first.failed
    assert_consistent(store)
    again = ingestor.ingest([corpus_copy])
    assert again.count("unchanged") == 4 and again.embedded_chunks == 0
    assert_consistent(store)


def test_update_and_prune(mode_settings: Settings, corpus_copy: Path) -> None:
    store = ReportStore(mode_settings)
    ingestor = Ingestor(mode_settings, store=store)
    ingestor.ingest([corpus_copy])
    changed = corpus_copy / "000_883bab2b6c0bb2a2.txt"
    record = next(r for r in store.documents() if r.source.endswith(changed.name))
    old_ids = set(store.chunk_ids(record.doc_id))
    changed.write_text(changed.read_text() + "\n\nA closing note on 2027 export quotas.\n")
    (corpus_copy / "001_2eee6fb68873430b.txt").unlink()
    report = ingestor.ingest([corpus_copy], prune=True)
    assert report.count("updated") == 1 and report.count("removed") == 1
    assert not old_ids & set(store.chunk_ids(record.doc_id))
    assert len(store.documents()) == 3
    assert_consistent(store)


def test_retrieve_with_filters(mode_settings: Settings, corpus_copy: Path) -> None:
    Ingestor(mode_settings).ingest([corpus_copy])
    retriever = HybridRetriever(mode_settings)
    hits = retriever.retrieve("rare earth refining share", k=5)
    assert len(hits) == 5
    only = retriever.retrieve(
        "rare earth refining share", k=5, filters=RetrievalFilters(publishers=[RUSI])
    )
    assert only and all(p.publisher == RUSI for p in only)


def test_ask(mode_settings: Settings, corpus_copy: Path) -> None:
    Ingestor(mode_settings).ingest([corpus_copy])
    answer = Answerer(mode_settings).ask(REFINING)
    assert answer.status in ("answered", "conflict")
    assert "91%" in answer.answer
    assert answer.claims and all(c.verified for c in answer.claims)
    assert any("91%" in c.quote for c in answer.citations)


def test_ask_through_an_llm(mode_settings: Settings, corpus_copy: Path) -> None:
    Ingestor(mode_settings).ingest([corpus_copy])

    def reply(body: dict) -> str:
        user = body["messages"][-1]["content"]
        for n, text in re.findall(r'<passage n="(\d+)"[^>]*>\n(.*?)\n</passage>', user, re.S):
            if "91% of global rare earth refining" in text:
                return f"China accounted for 91% of global rare earth refining in 2024 [{n}]."
        return "No passage says so."

    with FakeLLMServer([Reply(reply)]) as llm:
        settings = mode_settings.model_copy(
            update={"llm": mode_settings.llm.model_copy(update={"url": llm.url})}
        )
        answer = LLMAnswerer(settings).ask(REFINING)
    assert answer.notice is None and "llm" in answer.timings_ms
    assert answer.answer.endswith("[1].") and "91%" in answer.citations[0].quote
    assert all(c.verified for c in answer.claims)


def test_cli_round_trip(mode_settings: Settings, corpus_copy: Path, monkeypatch) -> None:
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    monkeypatch.delenv("REPORTQA_LLM_URL", raising=False)
    base = ["--home", str(mode_settings.home)]
    if mode_settings.chroma_url:
        base += ["--chroma-url", mode_settings.chroma_url]
    runner = CliRunner()
    ingested = runner.invoke(app, [*base, "ingest", "-q", str(corpus_copy)])
    assert ingested.exit_code == 0, ingested.output
    assert "4 added" in ingested.stdout
    listed = runner.invoke(app, [*base, "list", "--json"])
    assert listed.exit_code == 0 and listed.stdout.count('"doc_id"') == 4
    asked = runner.invoke(app, [*base, "ask", REFINING, "--json"])
    assert asked.exit_code == 0, asked.output
    answer = Answer.model_validate_json(asked.stdout)
    assert "91%" in answer.answer and all(c.verified for c in answer.claims)


# ------------------------------------------------------------------ failure cases
def test_unreachable_server_is_one_clear_line(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    url = f"http://127.0.0.1:{free_port()}"
    with pytest.raises(StoreError, match="cannot reach the Chroma server"):
        ReportStore(Settings(home=tmp_path, chroma_url=url, embedding={"backend": "fake"}))
    result = CliRunner().invoke(app, ["--chroma-url", url, "list"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("reportqa: error: cannot reach the Chroma")
    assert "Traceback" not in result.output


def _registered(server: ChromaServer, name: str) -> int:
    try:
        return server.client().get_collection(f"{name}-docs").count()
    except Exception:
        return 0


def test_server_lost_mid_ingest(private_chroma: ChromaServer, tmp_path: Path) -> None:
    """Stop the server during a CLI ingest: one error line, non-zero exit, no success
    claimed; after a restart every registered report is complete and a re-run finishes."""
    reports = tmp_path / "reports"
    reports.mkdir()
    body = (Path(__file__).resolve().parents[2] / "corpus" / "003_703b9a852f138040.txt").read_text()
    for i in range(COPIES):
        (reports / f"r{i:02d}.txt").write_text(f"Copy {i} of the report.\n\n{body}")
    private_chroma.start()
    settings = Settings(
        home=tmp_path / "home", chroma_url=private_chroma.url, embedding={"backend": "fake"}
    )
    env = {**os.environ, "REPORTQA_EMBEDDING__BACKEND": "fake"}
    env.pop("REPORTQA_LLM_URL", None)
    command = [sys.executable, "-m", "reportqa.cli", "--chroma-url", private_chroma.url]
    ingest = subprocess.Popen(
        [*command, "ingest", "-q", str(reports)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    deadline = time.monotonic() + 120
    while _registered(private_chroma, settings.collection_name) < 1:
        assert ingest.poll() is None, "the ingest ended before the server could be stopped"
        assert time.monotonic() < deadline
        time.sleep(0.1)
    private_chroma.stop()
    out, err = ingest.communicate(timeout=120)
    assert ingest.returncode != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("reportqa: error: lost the connection to the Chroma server")
    assert "Traceback" not in err and "added" not in out

    private_chroma.start()
    store = ReportStore(settings)
    done = len(store.documents())
    assert 1 <= done < COPIES
    for record in store.documents():
        assert len(store.chunk_ids(record.doc_id)) == record.chunks
    rerun = Ingestor(settings, store=store).ingest([reports])
    assert rerun.count("unchanged") == done and rerun.count("added") == COPIES - done
    assert len(store.documents()) == COPIES
    assert_consistent(store)
