"""The chat in a real browser: `streamlit run` on 127.0.0.1, Debian's chromium via Playwright.

The store holds corpus/, a small reportlab PDF and a hostile report (a <script> in its
title, an <img onerror> in its text), embedded with the real model. The test checks that
Streamlit's Deploy button and developer menu are gone, asks questions, clicks a citation
chip and reads the quote highlighted in its report (the next passage a click away), opens
a PDF citation as its page image with the quote marked, finds the footnote, uploads a
report while watching the progress bar move, removes it from the shelf, downloads the
Markdown export, proves no report script ran, saves screenshots under
tests/browser/artifacts/ and records what the first question costs against later ones
(artifacts/timings.json; measured, never asserted).
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import playwright.sync_api as playwright_api  # dev extra; drives /usr/bin/chromium
import pytest

from ingest.pipeline import Ingestor
from reportqa.config import Settings
from tests.browser.serving import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from tests.conftest import CORPUS
from tests.fixtures.hostile import OUTSIDE_HOST, assert_inert_markdown
from tests.fixtures.pdfs import REPORT_PDF_FACTS, make_report_pdf, make_text_pdf

expect = playwright_api.expect
expect.set_options(timeout=30_000)

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SERVER_LIFETIME_S = 900  # the server stops by itself even if this test process dies

HOSTILE = f"""# Gallium briefing <script>window.pwned = 1</script>

Gallium refining output reached 600 tonnes in 2023 <img src=x onerror="window.pwned = 2; alert(2)">
according to the market survey. The **survey** also lists [a link](javascript:alert(3)).
Its annex is ![a pixel](http://{OUTSIDE_HOST}/pixel.png)
<img src="http://{OUTSIDE_HOST}/t.gif"> online.\x1b[0m
"""

# Long enough to be embedded in several batches, so the upload bar has stages to show.
UPLOADED = [
    "In 2024, Chile supplied 27% of global lithium brine output, according to the survey."
] + [
    f"Section {i} of the note describes evaporation pond number {i} in the salar, its "
    f"brine chemistry, the pumping schedule of well field {i}, and the permits that the "
    f"operator renewed for the {i}th time after consulting the local communities."
    for i in range(1, 120)
]  # paragraphs of a PDF titled "Lithium brine note"

# what the page may fetch: the app itself and what it draws in the page
LOCAL_URLS = ("http://127.0.0.1:", "ws://127.0.0.1:", "data:", "blob:", "about:")
TIMING = re.compile(r"^retrieve [\d,]+ ms")
TURNS = "[class*='st-key-turn-']"  # one keyed container per finished answer (or error)

# Every state the upload bar is drawn in, recorded in the page as it happens.
WATCH_PROGRESS = """() => {
  window.__progress = [];
  const seen = () => {
    for (const el of document.querySelectorAll('[data-testid="stProgress"]')) {
      const bar = el.querySelector('[role="progressbar"]');
      const item = (bar ? bar.getAttribute('aria-valuenow') : '?') + '|' + el.innerText.trim();
      if (window.__progress[window.__progress.length - 1] !== item) window.__progress.push(item);
    }
  };
  new MutationObserver(seen).observe(document.body, {
    subtree: true, childList: true, characterData: true, attributes: true
  });
}"""


def close_with_escape(page: Any, view: Any, attempts: int = 4) -> None:
    """Escape closes the source view; a key pressed while the app is still redrawing it
    can be lost, so it is pressed again until the view is gone (however slow the machine)."""
    for _ in range(attempts):
        page.keyboard.press("Escape")
        try:
            expect(view).to_have_count(0, timeout=30_000)
            return
        except AssertionError:
            continue
    expect(view).to_have_count(0)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("browser")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    make_report_pdf(corpus, "outlook.pdf")
    home = base / "store"
    report = Ingestor(Settings(home=home)).ingest([corpus])
    assert not report.failed, report.failed
    assert report.count("added") == 6
    return home


@pytest.fixture(scope="module")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    with streamlit_server(store, log_path, SERVER_LIFETIME_S) as url:
        yield url


def test_chat_in_chromium(server: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float | list[float] | list[str] | dict] = {}
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(
                accept_downloads=True, viewport={"width": 1400, "height": 1000}
            )
            page = context.new_page()
            page.set_default_timeout(120_000)
            dialogs: list[str] = []

            def on_dialog(dialog) -> None:
                dialogs.append(dialog.message)
                dialog.dismiss()

            page.on("dialog", on_dialog)
            requested: list[str] = []  # every request the page makes, to prove none left
            context.on("request", lambda request: requested.append(request.url))

            started = time.perf_counter()
            page.goto(server)
            chat = page.get_by_test_id("stChatInputTextArea")
            expect(chat).to_be_enabled(timeout=180_000)
            sidebar = page.get_by_test_id("stSidebar")
            expect(
                sidebar.get_by_text(re.compile(r"^6 reports, \d+ passages; last added "))
            ).to_be_visible()
            timings["page_ready_s"] = round(time.perf_counter() - started, 2)

            # a clean page: no Deploy button, no developer entries in the menu
            expect(page.get_by_test_id("stToolbar")).to_be_attached()
            assert page.get_by_test_id("stAppDeployButton").count() == 0
            assert page.get_by_role("button", name="Deploy").count() == 0
            menu = page.get_by_test_id("stMainMenu")
            if menu.count():
                menu.locator("button").first.click()
                items = page.get_by_test_id("stMainMenuList").inner_text()
                page.keyboard.press("Escape")
                for developer in ("Rerun", "Clear cache", "Deploy"):
                    assert developer not in items

            # the shelf: every report with its title, publisher, date, pages and passages
            shelf = sidebar.locator("[class*='st-key-shelf-']")
            expect(shelf).to_have_count(6)
            pdf_row = shelf.filter(has_text=REPORT_PDF_FACTS["title"])
            expect(
                pdf_row.get_by_text(
                    re.compile(r"^Test Institute · March 2026 · 3 pages · \d+ passages$")
                )
            ).to_be_visible()

            # empty state: suggested questions drawn from the corpus
            suggestion = page.get_by_role("button", name=re.compile("^What share of")).first
            expect(suggestion).to_be_visible()
            assert "\\" not in suggestion.inner_text()  # escaping is invisible
            page.screenshot(path=str(ARTIFACTS / "empty-state.png"))

            turns = page.locator(TURNS)

            def ask(question: str, n: int) -> float:
                t0 = time.perf_counter()
                chat.fill(question)
                chat.press("Enter")
                expect(turns).to_have_count(n, timeout=180_000)
                return round(time.perf_counter() - t0, 2)

            questions = [
                "What share of global rare earth refining did China hold in 2024?",
                "What is the source for the 270,000 tonnes?",
                "How many tonnes of gallium refining output in 2023?",
                "What share of rare earth mining does China account for?",
                "How many tonnes did mine output reach in 2023?",
            ]
            seconds = [ask(q, i) for i, q in enumerate(questions, start=1)]
            timings["first_question_s"] = seconds[0]
            timings["later_questions_s"] = seconds[1:]
            assert page.get_by_text(TIMING).count() == 0  # timings only on request

            messages = page.get_by_test_id("stChatMessage")
            expect(messages).to_have_count(2 * len(questions))

            # a citation chip [1] inside the first answer, and a chip button under it
            first_answer = messages.nth(1)
            expect(first_answer.locator("span.stMarkdownBadge").first).to_have_text("1")
            expect(first_answer.get_by_role("button", name="[1]", exact=True)).to_be_visible()

            # the footnoted answer's chip opens its passage in the report, quote marked
            messages.nth(3).get_by_role("button", name="[1]", exact=True).click()
            view = page.get_by_test_id("stDialog")
            expect(view).to_be_visible()
            expect(view.locator("span.stMarkdownColoredBackground").first).to_contain_text(
                "270,000 tonnes"
            )
            footnote = view.get_by_text("12. US Geological Survey, 'Rare Earths'.", exact=True)
            expect(footnote).to_be_visible()
            where = view.get_by_text(re.compile(r"^Passage \d+ of \d+"))
            number = int(where.inner_text().split()[1])
            page.screenshot(path=str(ARTIFACTS / "source-text.png"))
            view.get_by_role("button", name="Next passage").click()
            expect(view.get_by_text(re.compile(rf"^Passage {number + 1} of "))).to_be_visible()
            view.get_by_role("button", name="Back to the quote").click()
            expect(view.get_by_text(re.compile(rf"^Passage {number} of "))).to_be_visible()
            close_with_escape(page, view)

            # the same answer's source card: quote highlighted, footnote 12 shown
            card = messages.nth(3).get_by_test_id("stExpander").first
            card.locator("summary").click()
            details = card.get_by_test_id("stExpanderDetails")
            expect(details).to_be_visible()
            expect(details.locator("span.stMarkdownColoredBackground").first).to_contain_text(
                "270,000 tonnes"
            )
            expect(
                details.get_by_text("12. US Geological Survey, 'Rare Earths'.", exact=True)
            ).to_be_visible()
            card.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "source-card.png"))

            # a PDF citation opens its page as an image with the quote marked
            pdf_answer = messages.nth(9)
            pdf_card = (
                pdf_answer.get_by_test_id("stExpander")
                .filter(has_text=REPORT_PDF_FACTS["title"])
                .first
            )
            pdf_card.locator("summary").click()
            pdf_card.get_by_role("button", name="Open page 3").click()
            expect(view).to_be_visible()
            image = view.get_by_test_id("stImage").locator("img")
            expect(image).to_be_visible()
            assert image.evaluate("img => img.naturalWidth") > 500
            expect(view.get_by_text("Page 3 of 3 · the quote is marked (1 line)")).to_be_visible()
            expect(view.locator("span.stMarkdownColoredBackground").first).to_contain_text(
                "350,000 tonnes"
            )
            page.screenshot(path=str(ARTIFACTS / "source-pdf.png"))
            view.get_by_role("button", name="Previous page").click()
            expect(view.get_by_text(re.compile(r"^Page 2 of 3"))).to_be_visible()
            close_with_escape(page, view)

            # the hostile report is shown as text and nothing of it ran
            hostile = messages.nth(5)
            expect(hostile.get_by_text("<script>window.pwned = 1</script>").first).to_be_attached()
            expect(hostile.get_by_text(re.compile(r"<img src=x onerror=")).first).to_be_visible()
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert page.locator("img[onerror], a[href^='javascript']").count() == 0
            assert dialogs == []

            # a bad date blocks a question, which stays in the history with its error
            dated_from = sidebar.get_by_label("Dated from")
            dated_from.fill("last spring")
            dated_from.press("Enter")
            expect(sidebar.get_by_text(re.compile("^“Dated from” expects a date"))).to_be_visible()
            blocked_question = "What share of rare earth magnets did China produce?"
            ask(blocked_question, len(questions) + 1)
            blocked = messages.nth(2 * len(questions) + 1)
            expect(
                blocked.get_by_text(re.compile("^Not asked: “Dated from” expects"))
            ).to_be_visible()
            dated_from.fill("")
            dated_from.press("Enter")
            expect(sidebar.get_by_text(re.compile("^“Dated from”"))).to_have_count(0)
            expect(messages.nth(2 * len(questions)).get_by_text(blocked_question)).to_be_visible()
            answered_count = len(questions) + 1  # turns so far, the blocked one included

            # upload: the bar moves through reading, embedding and storing; the new report
            # is on the shelf and searchable at once; a broken PDF says why it failed
            note = ARTIFACTS / "upload"
            note.mkdir(exist_ok=True)
            make_text_pdf(note / "lithium_note.pdf", "Lithium brine note", UPLOADED)
            (note / "broken.pdf").write_bytes(b"this is not a PDF at all")
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
                [str(note / "lithium_note.pdf"), str(note / "broken.pdf")]
            )
            expect(page.get_by_text("broken.pdf")).to_be_visible()  # both uploaded
            page.evaluate(WATCH_PROGRESS)
            page.get_by_role("button", name="Ingest").click()
            try:
                expect(
                    sidebar.get_by_text(re.compile(r"^lithium_note\.pdf: added, \d+ passages$"))
                ).to_be_visible()
            finally:
                page.screenshot(path=str(ARTIFACTS / "upload.png"))
            progress: list[str] = page.evaluate("window.__progress")
            timings["upload_bar_states"] = progress
            values = [float(x.split("|", 1)[0]) for x in progress if x.split("|", 1)[0] != "?"]
            assert len(set(values)) >= 3, progress  # the bar moved
            assert values == sorted(values), progress  # and never went back
            said = " ".join(progress)
            assert "Embedding lithium_note.pdf" in said and "Storing lithium_note.pdf" in said
            expect(sidebar.get_by_text(re.compile(r"^broken\.pdf: \S"))).to_be_visible()
            expect(sidebar.get_by_text(re.compile(r"^7 reports, "))).to_be_visible()
            lithium_row = shelf.filter(has_text="Lithium brine note")
            expect(lithium_row).to_have_count(1)
            upload_question = "What share of global lithium brine output did Chile supply in 2024?"
            seconds.append(ask(upload_question, answered_count + 1))
            questions.append(upload_question)
            new_answer = messages.nth(2 * answered_count + 1)
            expect(new_answer.get_by_text("Lithium brine note").first).to_be_visible()
            expect(new_answer.get_by_text(re.compile("27%")).first).to_be_visible()
            timings["after_upload_question_s"] = seconds[-1]

            # export: the conversation as Markdown with citations and a source list
            # The button's data comes from the script run that drew it: a click while the
            # last run is still finishing can get the conversation one answer short.
            for _ in range(10):
                with page.expect_download() as download_info:
                    page.get_by_test_id("stDownloadButton").locator("button").click()
                download = download_info.value
                exported = Path(download.path()).read_text(encoding="utf-8")
                if questions[-1] in exported:
                    break
                page.wait_for_timeout(500)
            (ARTIFACTS / "conversation.md").write_text(exported, encoding="utf-8")
            assert download.suggested_filename.endswith(".md")
            for q in questions:
                assert q in exported
            assert "[1]" in exported and "## Sources" in exported
            assert "footnote 12: US Geological Survey" in exported
            assert "<script>" not in exported
            assert_inert_markdown(exported)  # opened in a Markdown viewer, nothing runs

            # remove the uploaded report from the shelf: gone from the shelf and the answers
            lithium_row.get_by_role("button", name="Remove").click()
            page.get_by_role("button", name="Remove from the shelf").click()
            expect(sidebar.get_by_text("Removed Lithium brine note.")).to_be_visible()
            expect(shelf.filter(has_text="Lithium brine note")).to_have_count(0)
            expect(sidebar.get_by_text(re.compile(r"^6 reports, "))).to_be_visible()
            page.screenshot(path=str(ARTIFACTS / "removed.png"))
            ask(upload_question, answered_count + 2)
            after_removal = messages.nth(2 * answered_count + 3)
            expect(after_removal.get_by_text("Lithium brine note")).to_have_count(0)

            # timings on request, behind the sidebar toggle (recorded, never asserted)
            sidebar.get_by_text("Show timings").click()
            expect(page.get_by_text(TIMING).first).to_be_visible()
            timings["server_timings_ms"] = page.get_by_text(TIMING).all_inner_texts()

            page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
            assert page.evaluate("typeof window.pwned") == "undefined" and dialogs == []
            outside = [u for u in requested if not u.startswith(LOCAL_URLS)]
            assert requested and not outside, outside  # no pixel, image or frame fetched

            # a second analyst (new session) shares the loaded model and store
            other = context.new_page()
            t0 = time.perf_counter()
            other.goto(server)
            other_chat = other.get_by_test_id("stChatInputTextArea")
            expect(other_chat).to_be_enabled()
            timings["second_session_page_ready_s"] = round(time.perf_counter() - t0, 2)
            t0 = time.perf_counter()
            other_chat.fill(questions[0])
            other_chat.press("Enter")
            expect(other.locator(TURNS)).to_have_count(1)
            timings["second_session_first_question_s"] = round(time.perf_counter() - t0, 2)
            expect(other.get_by_test_id("stChatMessage")).to_have_count(2)  # its own history
        finally:
            browser.close()
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=2), encoding="utf-8")
    print("browser timings:", json.dumps(timings))
    assert (ARTIFACTS / "chat.png").stat().st_size > 10_000
