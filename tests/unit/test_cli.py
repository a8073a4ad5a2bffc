"""The CLI as a user types it (in-process), with the fake embedder."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from reportqa.cli import app


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def test_help_lists_the_commands():
    result = run("--help")
    assert result.exit_code == 0
    for command in ("ingest", "list", "retrieve", "chat"):
        assert command in result.output


def test_ingest_list_retrieve_json(env, corpus_copy):
    result = run("ingest", str(corpus_copy), "--quiet")
    assert result.exit_code == 0, result.output
    assert "4 added" in result.output
    listed = json.loads(run("list", "--json").output)
    assert len(listed) == 4 and {"doc_id", "title", "chunks"} <= set(listed[0])
    out = run("retrieve", "China share of rare earth refining 2024", "-k", "3", "--json")
    assert out.exit_code == 0, out.output
    payload = json.loads(out.output)
    assert payload["question"].startswith("China share")
    assert len(payload["passages"]) == 3
    first = payload["passages"][0]
    expected = {"doc_id", "chunk_id", "text", "title", "publisher", "date", "source", "page"}
    expected |= {"section", "char_start", "char_end", "footnotes", "kind", "score"}
    assert expected <= set(first)
    again = run("ingest", str(corpus_copy), "--quiet")
    assert "4 unchanged" in again.output and "0 passages embedded" in again.output


def test_ingest_failure_exit_code_and_one_line(env, corpus_copy):
    (corpus_copy / "bad.pdf").write_text("<html>not a pdf</html>")
    result = run("ingest", str(corpus_copy), "--quiet")
    assert result.exit_code == 1
    lines = [x for x in result.output.splitlines() if "bad.pdf" in x]
    assert lines == [f"reportqa: {corpus_copy / 'bad.pdf'}: named .pdf but is an HTML page"]
    assert "4 added" in result.output


def test_user_errors_are_one_line(env, corpus_copy):
    empty = run("retrieve", "anything")
    assert empty.exit_code == 2 and "store is empty" in empty.output
    assert "Traceback" not in empty.output
    run("ingest", str(corpus_copy), "--quiet")
    unknown = run("retrieve", "x", "--doc", "no-such-report")
    assert unknown.exit_code == 2 and "no document matches" in unknown.output
    bad_date = run("retrieve", "x", "--after", "last week")
    assert bad_date.exit_code == 2 and "--after expects a date" in bad_date.output


def test_unreachable_chroma_server_is_one_line(env):
    result = run("--chroma-url", "http://127.0.0.1:9", "list")
    assert result.exit_code == 2
    assert "cannot reach the Chroma server at http://127.0.0.1:9" in result.output
    assert "Traceback" not in result.output
