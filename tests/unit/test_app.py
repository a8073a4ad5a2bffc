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
from tests.fixtures.pdfs import REPORT_PDF_FACTS, make_report_pdf

APP = str(ROOT / "app" / "streamlit_app.py")


@pytest.fixture
def store_env(tmp_path, monkeypatch, corpus_copy) -> Path:
    """A fake-embedder store holding corpus/, a small PDF and a hostile report, by env."""
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    (corpus_copy / "hostile.md").write_text(
        "# Gallium note <script>window.pwned=1</script>\n\n"
        "Gallium output reached 600 tonnes in 2023 <img src=x onerror=alert(1)> "
        "according to the **bold** claim.\n",
        encoding="utf-8",
    )
    make_report_pdf(corpus_copy, "outlook.pdf")
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


def answers(page: AppTest) -> list:
    return [t.answer for t in page.session_state.turns if t.answer is not None]


def click(page: AppTest, key: str) -> AppTest:
    page.button(key=key).click().run()
    assert not page.exception, page.exception
    return page


def source_view(page: AppTest):
    """The open source dialog (fails when none is open)."""
    dialogs = page.get("dialog")
    assert len(dialogs) == 1, "one source view is open"
    return dialogs[0]


def texts(node, kind: str) -> list[str]:
    return [x.value for x in node.get(kind)]


TIMING = re.compile(r"^retrieve [\d,]+ ms")


def test_empty_state_shows_the_shelf_and_suggestions(store_env):
    page = new_page()
    status = page.sidebar.markdown[0].value
    assert status.startswith("6 reports\\, ") and "last added " in status
    shelf = page.get_by_key("shelf")
    titles = [m.value for m in shelf.get("markdown") if m.value.startswith("**")]
    assert len(titles) == 6 and f"**{REPORT_PDF_FACTS['title']}**" in titles
    details = [c.value for c in shelf.get("caption")]
    # the publisher its running heads name, a human date, pages
    assert any(d.startswith("Test Institute · March 2026 · 3 pages · ") for d in details)
    assert any(d == "1 passage" for d in details)  # the hostile one-paragraph note
    assert not any(re.search(r"\d{4}-\d{2}-\d{2}T", d) for d in details)  # no raw stamps
    labels = [b.label for b in page.button]
    suggested = [x for x in labels if x.startswith("What share of")]
    assert 1 <= len(suggested) <= 4
    # clicking a suggestion asks it
    next(b for b in page.button if b.label == suggested[0]).click().run()
    assert not page.exception
    assert len(answers(page)) == 1
    assert answers(page)[0].question.startswith("What share of")


def test_ask_shows_cited_answer_with_chips_and_source_cards(store_env):
    page = ask(new_page(), "What share of global rare earth refining did China hold in 2024?")
    got = answers(page)
    assert len(got) == 1 and got[0].citations
    text = all_markdown(page)
    assert ":blue-badge[1]" in text  # the [1] marker as a chip in the text
    chips = [b for b in page.button if (b.key or "").startswith("chip-0-")]
    assert [b.label for b in chips] == [f"\\[{c.n}\\]" for c in got[0].citations]
    assert len(page.main.expander) == len(got[0].citations)
    assert any("background[" in m.value for m in page.markdown)  # quote highlighted
    assert not [c for c in page.caption if TIMING.match(c.value)]  # no timing line
    # history: a second question keeps the first
    ask(page, "What is the source for the 270,000 tonnes?")
    assert [a.question for a in answers(page)][0].startswith("What share")
    assert len(page.chat_message) == 4
    footnotes = [m.value for m in page.markdown if m.value.startswith("12\\.")]
    assert footnotes, "the footnote behind the quote is shown"
    assert page.sidebar.get("download_button")


def test_a_chip_opens_the_passage_in_its_report_with_its_neighbours(store_env):
    page = ask(new_page(), "What is the source for the 270,000 tonnes?")
    assert not page.get("dialog")
    view = source_view(click(page, "chip-0-1"))
    marked = [m for m in texts(view, "markdown") if "background[" in m]
    assert marked and "270\\,000 tonnes" in marked[0]
    assert "12\\. US Geological Survey\\, \\'Rare Earths\\'\\." in texts(view, "markdown")
    label = next(c for c in texts(view, "caption") if c.startswith("Passage "))
    number = int(label.split()[1])
    # the next passage is a click away, and the way back to the quote
    view = source_view(click(page, "passage-next"))
    assert any(c.startswith(f"Passage {number + 1} of ") for c in texts(view, "caption"))
    view = source_view(click(page, "passage-back"))
    assert any(c.startswith(f"Passage {number} of ") for c in texts(view, "caption"))
    # the card opens the same view
    page.session_state["source"] = None
    page.run()
    view = source_view(click(page, "open-0-1"))
    assert any("background[" in m for m in texts(view, "markdown"))


def test_a_pdf_citation_opens_its_page_with_the_quote_marked(store_env):
    page = ask(new_page(), "How many tonnes did mine output reach in 2023?")
    cited = answers(page)[0].citations
    pdf = next(c for c in cited if c.source.endswith("outlook.pdf"))
    assert pdf.page == 3
    assert page.button(key=f"open-0-{pdf.n}").label == "Open page 3"
    view = source_view(click(page, f"open-0-{pdf.n}"))
    images = view.get("image")
    assert len(images) == 1
    caption = images[0].proto.imgs[0].caption
    assert caption == "Page 3 of 3 · the quote is marked (1 line)"
    assert page.button(key="page-next").disabled
    view = source_view(click(page, "page-prev"))
    assert view.get("image")[0].proto.imgs[0].caption.startswith("Page 2 of 3")
    view = source_view(click(page, "page-back"))
    assert view.get("image")[0].proto.imgs[0].caption.startswith("Page 3 of 3 · the quote")


def test_timings_are_shown_only_when_asked_for(store_env):
    page = ask(new_page(), "What share of global rare earth refining did China hold in 2024?")
    assert not [c for c in page.caption if TIMING.match(c.value)]
    page.toggle(key="show_timings").set_value(True).run()
    assert [c for c in page.caption if TIMING.match(c.value)]


def test_conflict_is_a_callout_with_each_value_said_once(store_env):
    page = ask(new_page(), "What share of rare earth processing does China account for?")
    answer = answers(page)[0]
    assert answer.status == "conflict"
    assert len(page.warning) == 1
    callout = page.warning[0].value
    assert "disagree" in callout
    for value in answer.conflicts[0].values:
        assert value.value.replace(".", "\\.").replace("%", "\\%") in callout
    shown = all_markdown(page) + callout
    assert shown.count("reports disagree") == 1


def test_abstention_says_so_and_offers_related_passages(store_env):
    page = ask(new_page(), "What was the population of Peru in 1850?")
    answer = answers(page)[0]
    assert answer.status == "abstained"
    assert any("do not cover" in i.value for i in page.info)
    assert answer.citations and all(c.related for c in answer.citations)
    assert all("related" in e.label for e in page.main.expander)


def test_filters_restrict_the_search(store_env):
    page = new_page()
    records = ReportStore(load_settings()).documents()
    target = next(r for r in records if r.source.endswith("000_883bab2b6c0bb2a2.txt"))
    page.sidebar.multiselect[0].set_value([target.doc_id]).run()
    ask(page, "What share of rare earth mining does China account for?")
    answer = answers(page)[0]
    assert answer.citations and {c.doc_id for c in answer.citations} == {target.doc_id}


def test_a_question_blocked_by_a_bad_date_stays_with_its_error(store_env):
    page = new_page()
    page.sidebar.text_input[0].input("last spring").run()
    errors = [e.value for e in page.sidebar.error]
    assert errors and errors[0].startswith("“Dated from” expects a date")
    assert "after" not in errors[0]
    question = "What share of rare earth mining does China account for?"
    ask(page, question)
    assert not answers(page)
    page.run()  # a later rerun: the question and why it was not asked are still there
    assert len(page.chat_message) == 2
    assert page.chat_message[0].markdown[0].value == question.replace("?", "\\?")
    blocked = page.chat_message[1].error[0].value
    assert blocked.startswith("Not asked\\: “Dated from” expects a date")
    # corrected, the next question is answered under the blocked one
    page.sidebar.text_input[0].input("2025").run()
    ask(page, question)
    assert len(answers(page)) == 1 and len(page.chat_message) == 4


def test_report_html_is_shown_as_text(store_env):
    page = ask(new_page(), "How many tonnes of gallium output in 2023?")
    shown = all_markdown(page) + "\n".join(e.label for e in page.expander)
    assert "\\<script\\>" in shown and "\\<img" in shown  # escaped, i.e. visible as text
    assert not re.search(r"(?<!\\)[<>]", shown), "every angle bracket is escaped"


def test_upload_then_remove_from_the_shelf(store_env):
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
    assert ok == ["lithium\\_note\\.txt\\: added\\, 1 passage"]
    assert any(e.startswith("empty\\.md\\: the file is empty") for e in errors)
    assert any(e.startswith("scan\\.pdf\\: ") for e in errors)  # the loader says why
    uploaded = store_env / "uploads" / "lithium_note.txt"
    assert uploaded.exists()
    assert page.sidebar.markdown[0].value.startswith("7 reports")
    question = "What share of global lithium brine output did Chile supply in 2024?"
    ask(page, question)
    answer = answers(page)[0]
    assert answer.citations[0].title == "Lithium brine note"
    assert "27%" in answer.answer
    # on the shelf, then removed from it: store, uploaded copy and the answers' index
    lithium = next(r for r in ReportStore(load_settings()).documents() if "lithium" in r.source)
    assert "**Lithium brine note**" in texts(page.get_by_key(f"shelf-{lithium.doc_id}"), "markdown")
    click(page, f"remove-{lithium.doc_id}")
    assert [s.value for s in page.sidebar.success] == ["Removed Lithium brine note\\."]
    assert page.sidebar.markdown[0].value.startswith("6 reports")
    assert not [r for r in ReportStore(load_settings()).documents() if "lithium" in r.source]
    assert not uploaded.exists()
    assert not any("Lithium brine note" in m.value for m in page.sidebar.markdown)
    ask(page, question)
    again = answers(page)[1]
    assert all(c.doc_id != lithium.doc_id for c in again.citations)
    # the first answer's source still opens: its passage, as it was cited
    view = source_view(click(page, "chip-0-1"))
    assert any("no longer on the shelf" in i.value for i in view.get("info"))


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
    answer = answers(page)[0]
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
    answer = answers(page)[0]
    assert "91%" in answer.answer and "99%" not in answer.answer
    assert all(c.verified for c in answer.claims)
