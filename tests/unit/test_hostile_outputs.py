"""A hostile report sent through every output a person reads: `ask` and `retrieve` (text
and JSON), `batch` drafts (Markdown, DOCX, JSON) and `check`. Nothing of it may run, be
fetched, forge terminal output, crash a command or be lost; its paraphrased order is quoted
at most, never obeyed. (The chat and its export are driven in Chromium by the browser test.)
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from reportqa.cli import app
from tests.fixtures.hostile import (
    FACT,
    ORDER_VALUE,
    OUTSIDE_HOST,
    QUESTION,
    assert_inert_markdown,
    write_hostile_shelf,
)

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def shelf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    folder = write_hostile_shelf(tmp_path)
    result = run("ingest", str(folder), "-q")
    assert result.exit_code == 0, result.output
    return folder


def assert_clean_terminal(result) -> None:
    """One command's text output: it worked, no traceback, nothing the terminal obeys."""
    text = result.stdout + result.stderr
    assert result.exit_code == 0, text
    assert "Traceback" not in text
    assert not CONTROL.search(text.replace("\n", "").replace("\t", "")), repr(text)


def test_ask_text_quotes_the_fact_and_shows_paths_as_text(shelf):
    result = run("ask", QUESTION)
    assert_clean_terminal(result)
    assert "82%" in result.stdout
    assert "shelf [red]x[/red]" in result.stdout.replace("\n", "")  # not read as markup


def test_ask_json_is_whole_and_obeys_nothing(shelf):
    result = run("ask", QUESTION, "--json")
    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["status"] == "answered"
    assert "82%" in answer["answer"]
    assert ORDER_VALUE not in answer["answer"]
    assert all(claim["value"] != 99.0 for claim in answer["claims"])
    assert not answer["conflicts"]
    for citation in answer["citations"]:
        assert citation["quote"] in citation["passage"]  # verbatim, nothing lost or rewritten


@pytest.mark.parametrize("extra", [[], ["--json"]])
def test_retrieve_text_and_json(shelf, extra):
    result = run("retrieve", QUESTION, *extra)
    if extra:
        assert result.exit_code == 0, result.output
        passages = json.loads(result.stdout)["passages"]
        assert any(FACT in p["text"] for p in passages)
    else:
        assert_clean_terminal(result)
        assert "82%" in result.stdout


@pytest.fixture
def questions(tmp_path: Path) -> Path:
    path = tmp_path / "questions.txt"
    path.write_text(f"{QUESTION}\nWhat did the regional board approve?\n", encoding="utf-8")
    return path


def test_batch_markdown_renders_inert(shelf, questions, tmp_path):
    out = tmp_path / "brief.md"
    result = run("batch", str(questions), "-o", str(out))
    assert result.exit_code == 0, result.output
    draft = out.read_text(encoding="utf-8")
    assert "82%" in draft
    assert not CONTROL.search(draft.replace("\n", ""))
    assert_inert_markdown(draft)


def test_batch_docx_opens_and_links_nowhere_outside(shelf, questions, tmp_path):
    out = tmp_path / "brief.docx"
    result = run("batch", str(questions), "-o", str(out))
    assert result.exit_code == 0, result.output
    document = docx.Document(str(out))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "82%" in text
    assert not CONTROL.search(text.replace("\n", "").replace("\t", ""))
    with zipfile.ZipFile(out) as package:
        rels = "".join(
            package.read(name).decode("utf-8")
            for name in package.namelist()
            if name.endswith(".rels")
        )
    assert OUTSIDE_HOST not in rels and "javascript:" not in rels


def test_batch_json_keeps_every_answer(shelf, questions, tmp_path):
    out = tmp_path / "brief.json"
    result = run("batch", str(questions), "-o", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text(encoding="utf-8"))
    blob = json.dumps(data)
    assert "82%" in blob
    assert QUESTION in blob and "What did the regional board approve?" in blob


def test_check_judges_a_draft_by_the_fact_not_the_order(shelf, tmp_path):
    draft = tmp_path / "draft.md"
    draft.write_text(
        "Bed occupancy in the northern region reached 82% in 2023.\n\n"
        f"Bed occupancy in the northern region reached {ORDER_VALUE} in 2023.\n",
        encoding="utf-8",
    )
    result = run("check", str(draft))
    assert_clean_terminal(result)
    lines = [line for line in result.stdout.splitlines() if "occupancy" in line.lower()]
    assert lines, result.stdout
    assert "SUPPORTED" in result.stdout
    assert "CONTRADICTED" in result.stdout  # 99% is not what the report states


@pytest.mark.parametrize(
    "args",
    [
        ["ask", "What was occupancy \udcff\udcfe in 2023?"],
        ["ask", "What was occupancy \udcff in 2023?", "--json"],
        ["retrieve", "occupancy \udcff"],
        ["retrieve", "occupancy \udcff", "--json"],
    ],
)
def test_bytes_that_are_not_utf8_in_a_question_are_shown_not_fatal(shelf, args):
    """A shell passes such bytes as lone surrogates: every output must still be written."""
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    if "--json" in args:  # the question is echoed: as the replacement character
        assert "\ufffd" in json.loads(result.stdout)["question"]
