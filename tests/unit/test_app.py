"""The chat page through streamlit's AppTest (no browser), with the fake embedder."""

from __future__ import annotations

import re
import socket
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from ingest.pipeline import Ingestor
from reportqa.config import load_settings
from reportqa.store import ReportStore
from tests.conftest import ROOT

APP = str(ROOT / "app" / "streamlit_app.py")


@pytest.fixture
def store_env(tmp_path, monkeypatch, corpus_copy) -> Path:
    """A fake-embedder store holding corpus/ plus a hostile report, selected by env."""
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    (corpus_copy / "hostile.md").write_text(
        "# Gallium note <script>window.pwned=1</script>\n\n"
        "Gallium output reached 600 tonnes in 2023 <img src=x onerror=alert(1)> "
        "according to the **bold** claim.\n",
        encoding="utf-8",
    )
    Ingestor(load_settings()).ingest([corpus_copy])
    return tmp_path / "store"


def new_page() -> AppTest:
    page = AppTest.from_file(APP, default_timeout=120)
    page.run()
    assert not page.exception, page.exception
    return page


def all_markdown(page: AppTest) -> str:
    return "\n".join(m.value for m in page.markdown)


def ask(page: AppTest, question: str) -> AppTest:
    page.chat_input[0].set_value(question).run()
    assert not page.exception, page.exception
    return page


def test_empty_state_shows_corpus_status_and_suggestions(store_env):
    page = new_page()
    assert any("5 documents" in m.value for m in page.sidebar.markdown)
    labels = [b.label for b in page.button]
    suggested = [x for x in labels if x.startswith("What share of")]
    assert 1 <= len(suggested) <= 4
    # clicking a suggestion asks it
    next(b for b in page.button if b.label == suggested[0]).click().run()
    assert not page.exception
    assert len(page.session_state.answers) == 1
    assert page.session_state.answers[0].question.startswith("What share of")


def test_ask_shows_cited_answer_with_source_cards(store_env):
    page = ask(new_page(), "What share of global rare earth refining did China hold in 2024?")
    answers = page.session_state.answers
    assert len(answers) == 1 and answers[0].citations
    text = all_markdown(page)
    assert ":blue-badge[1]" in text  # the [1] marker as a chip
    assert len(page.expander) == len(answers[0].citations)
    assert any("background[" in m.value for m in page.markdown)  # quote highlighted
    # history: a second question keeps the first
    ask(page, "What is the source for the 270,000 tonnes?")
    assert [a.question for a in page.session_state.answers][0].startswith("What share")
    assert len(page.chat_message) == 4
    footnotes = [m.value for m in page.markdown if m.value.startswith("12\\.")]
    assert footnotes, "the footnote behind the quote is shown"
    assert page.sidebar.get("download_button")


def test_conflict_is_a_callout_with_each_value(store_env):
    page = ask(new_page(), "What share of rare earth processing does China account for?")
    answer = page.session_state.answers[0]
    assert answer.status == "conflict"
    assert len(page.warning) == 1
    callout = page.warning[0].value
    assert "disagree" in callout
    for value in answer.conflicts[0].values:
        assert value.value.replace(".", "\\.").replace("%", "\\%") in callout


def test_abstention_says_so_and_offers_related_passages(store_env):
    page = ask(new_page(), "What was the population of Peru in 1850?")
    answer = page.session_state.answers[0]
    assert answer.status == "abstained"
    assert any("do not cover" in i.value for i in page.info)
    assert answer.citations and all(c.related for c in answer.citations)
    assert all("related" in e.label for e in page.expander)


def test_filters_restrict_the_search(store_env):
    page = new_page()
    records = ReportStore(load_settings()).documents()
    target = next(r for r in records if r.source.endswith("000_883bab2b6c0bb2a2.txt"))
    page.sidebar.multiselect[0].set_value([target.doc_id]).run()
    ask(page, "What share of rare earth mining does China account for?")
    answer = page.session_state.answers[0]
    assert answer.citations and {c.doc_id for c in answer.citations} == {target.doc_id}


def test_bad_date_filter_is_one_clear_error(store_env):
    page = new_page()
    page.sidebar.text_input[0].input("last spring").run()
    assert any("expects a date" in e.value for e in page.sidebar.error)
    ask(page, "What share of rare earth mining does China account for?")
    assert not page.session_state.answers


def test_report_html_is_shown_as_text(store_env):
    page = ask(new_page(), "How many tonnes of gallium output in 2023?")
    shown = all_markdown(page) + "\n".join(e.label for e in page.expander)
    assert "\\<script\\>" in shown and "\\<img" in shown  # escaped, i.e. visible as text
    assert not re.search(r"(?<!\\)[<>]", shown), "every angle bracket is escaped"


def test_upload_is_checked_ingested_and_searchable_at_once(store_env):
    page = new_page()
    page.sidebar.file_uploader[0].set_value(
        [
            ("lithium note.txt", b"# Lithium brine note\n\nIn 2024, Chile supplied 27% of "
             b"global lithium brine output, according to the survey.\n", "text/plain"),
            ("empty.md", b"", "text/markdown"),
            ("scan.pdf", b"not a pdf at all", "application/pdf"),
        ]
    ).run()  # fmt: skip
    next(b for b in page.sidebar.button if b.label == "Ingest").click().run()
    assert not page.exception, page.exception
    ok = [s.value for s in page.sidebar.success]
    errors = [e.value for e in page.sidebar.error]
    assert ok == ["lithium\\_note\\.txt\\: added\\, 1 passages"]
    assert any(e.startswith("empty\\.md\\: the file is empty") for e in errors)
    assert any(e.startswith("scan\\.pdf\\: ") for e in errors)  # the loader says why
    assert (store_env / "uploads" / "lithium_note.txt").exists()
    assert any("6 documents" in m.value for m in page.sidebar.markdown)
    ask(page, "What share of global lithium brine output did Chile supply in 2024?")
    answer = page.session_state.answers[0]
    assert answer.citations[0].title == "Lithium brine note"
    assert "27%" in answer.answer


def test_empty_store_says_how_to_fill_it(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "empty"))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    page = new_page()
    assert any("store is empty" in i.value for i in page.info)
    assert page.chat_input[0].disabled
    assert not [b for b in page.button if b.label.startswith("What share")]


def test_bad_setting_is_one_line_not_a_traceback(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "x"))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "word2vec")
    page = AppTest.from_file(APP, default_timeout=60)
    page.run()
    assert not page.exception
    assert page.error[0].value.startswith("Bad setting embedding.backend")


def test_llm_server_down_falls_back_with_a_visible_note(store_env, monkeypatch):
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    monkeypatch.setenv("REPORTQA_LLM_URL", f"http://127.0.0.1:{port}/v1")
    monkeypatch.setenv("REPORTQA_LLM_API_KEY", "sk-test")
    monkeypatch.setenv("REPORTQA_LLM__MAX_RETRIES", "0")
    page = ask(new_page(), "What share of global rare earth refining did China hold in 2024?")
    answer = page.session_state.answers[0]
    assert answer.notice and answer.citations
    assert any(c.value.startswith("Note\\:") for c in page.caption)


def test_llm_answer_streams_then_shows_the_verified_answer(store_env, monkeypatch):
    from tests.fixtures.fake_llm import FakeLLMServer
    from tests.unit.test_llm import refining_91, says

    with FakeLLMServer([says(refining_91, "Ignore the rest; China holds 99% [1].")]) as server:
        monkeypatch.setenv("REPORTQA_LLM_URL", server.url)
        monkeypatch.setenv("REPORTQA_LLM_API_KEY", "sk-test")
        page = ask(new_page(), "What share of global rare earth refining did China hold in 2024?")
        assert server.requests and server.requests[0].get("stream") is True
    answer = page.session_state.answers[0]
    assert "91%" in answer.answer and "99%" not in answer.answer
    assert all(c.verified for c in answer.claims)
