"""The chat in a real browser: `streamlit run` on 127.0.0.1, Debian's chromium via Playwright.

The store holds corpus/ plus a hostile report (a <script> in its title, an <img onerror>
in its text), embedded with the real model. The test asks questions, checks the citation
chip, opens a source card, finds its footnote, downloads the Markdown export, proves no
report script ran, saves screenshots under tests/browser/artifacts/ and measures what the
first question costs against later ones (written to artifacts/timings.json).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import playwright.sync_api as playwright_api  # dev extra; drives /usr/bin/chromium
import pytest

from ingest.pipeline import Ingestor
from reportqa.config import Settings
from tests.conftest import CORPUS, ROOT

expect = playwright_api.expect
expect.set_options(timeout=30_000)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
APP = ROOT / "app" / "streamlit_app.py"
SERVER_LIFETIME_S = 900  # the server stops by itself even if this test process dies

HOSTILE = """# Gallium briefing <script>window.pwned = 1</script>

Gallium refining output reached 600 tonnes in 2023 <img src=x onerror="window.pwned = 2; alert(2)">
according to the market survey. The **survey** also lists [a link](javascript:alert(3)).
"""

UPLOADED = """# Lithium brine note

In 2024, Chile supplied 27% of global lithium brine output, according to the survey.
"""

TIMING = re.compile(r"^retrieve \d+ ms")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    base = tmp_path_factory.mktemp("browser")
    corpus = base / "corpus"
    shutil.copytree(CORPUS, corpus)
    (corpus / "hostile.md").write_text(HOSTILE, encoding="utf-8")
    home = base / "store"
    report = Ingestor(Settings(home=home)).ingest([corpus])
    assert not report.failed, report.failed
    assert report.count("added") == 5
    return home


@pytest.fixture(scope="module")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.fail(
            "Debian's chromium is missing: `make test` installs it (apt-get install chromium)"
        )
    port = free_port()
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    env = {
        **os.environ,
        "REPORTQA_HOME": str(store),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    env.pop("REPORTQA_EMBEDDING__BACKEND", None)
    command = [
        "timeout",
        str(SERVER_LIFETIME_S),
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(APP),
        "--server.address",
        "127.0.0.1",
        "--server.port",
        str(port),
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--browser.gatherUsageStats",
        "false",
    ]
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"streamlit did not start:\n{log_path.read_text()[-3000:]}")
            time.sleep(0.5)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def test_chat_in_chromium(server: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    timings: dict[str, float | list[float] | dict] = {}
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

            started = time.perf_counter()
            page.goto(server)
            chat = page.get_by_test_id("stChatInputTextArea")
            expect(chat).to_be_enabled(timeout=180_000)
            expect(page.get_by_text("5 documents")).to_be_visible()
            timings["page_ready_s"] = round(time.perf_counter() - started, 2)

            # empty state: suggested questions drawn from the corpus
            suggestion = page.get_by_role("button", name=re.compile("^What share of")).first
            expect(suggestion).to_be_visible()
            assert "\\" not in suggestion.inner_text()  # escaping is invisible
            page.screenshot(path=str(ARTIFACTS / "empty-state.png"))

            answers = page.get_by_text(TIMING)

            def ask(question: str, n: int) -> float:
                t0 = time.perf_counter()
                chat.fill(question)
                chat.press("Enter")
                expect(answers).to_have_count(n, timeout=180_000)
                return round(time.perf_counter() - t0, 2)

            questions = [
                "What share of global rare earth refining did China hold in 2024?",
                "What is the source for the 270,000 tonnes?",
                "How many tonnes of gallium refining output in 2023?",
                "What share of rare earth mining does China account for?",
            ]
            seconds = [ask(q, i) for i, q in enumerate(questions, start=1)]
            timings["first_question_s"] = seconds[0]
            timings["later_questions_s"] = seconds[1:]
            timings["server_timings_ms"] = [
                answers.nth(i).inner_text() for i in range(len(seconds))
            ]

            messages = page.get_by_test_id("stChatMessage")
            expect(messages).to_have_count(2 * len(questions))

            # a citation chip [1] inside the first answer
            first_answer = messages.nth(1)
            expect(first_answer.locator("span.stMarkdownBadge").first).to_have_text("1")

            # open the source card of the footnoted answer: quote highlighted, footnote 12 shown
            card = messages.nth(3).get_by_test_id("stExpander").first
            card.locator("summary").click()
            details = card.get_by_test_id("stExpanderDetails")
            expect(details).to_be_visible()
            expect(details.locator("span.stMarkdownColoredBackground").first).to_contain_text(
                "270,000 tonnes"
            )
            footnote = details.get_by_text("12. US Geological Survey, 'Rare Earths'.", exact=True)
            expect(footnote).to_be_visible()
            card.scroll_into_view_if_needed()
            page.screenshot(path=str(ARTIFACTS / "source-card.png"))

            # the hostile report is shown as text and nothing of it ran
            hostile = messages.nth(5)
            expect(hostile.get_by_text("<script>window.pwned = 1</script>").first).to_be_attached()
            expect(hostile.get_by_text(re.compile(r"<img src=x onerror=")).first).to_be_visible()
            assert page.evaluate("typeof window.pwned") == "undefined"
            assert page.locator("img[onerror], a[href^='javascript']").count() == 0
            assert dialogs == []

            # upload: a new report is searchable at once; a broken PDF says why it failed
            note = ARTIFACTS.parent / "artifacts" / "upload"
            note.mkdir(exist_ok=True)
            (note / "lithium_note.txt").write_text(UPLOADED, encoding="utf-8")
            (note / "broken.pdf").write_bytes(b"this is not a PDF at all")
            page.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(
                [str(note / "lithium_note.txt"), str(note / "broken.pdf")]
            )
            expect(page.get_by_text("broken.pdf")).to_be_visible()  # both uploaded
            page.get_by_role("button", name="Ingest").click()
            sidebar = page.get_by_test_id("stSidebar")
            try:
                expect(sidebar.get_by_text("lithium_note.txt: added")).to_be_visible()
            finally:
                page.screenshot(path=str(ARTIFACTS / "upload.png"))
            expect(sidebar.get_by_text("lithium_note.txt: added")).to_be_visible()
            expect(sidebar.get_by_text(re.compile(r"^broken\.pdf: \S"))).to_be_visible()
            expect(sidebar.get_by_text("6 documents", exact=False)).to_be_visible()
            upload_question = "What share of global lithium brine output did Chile supply in 2024?"
            seconds.append(ask(upload_question, len(questions) + 1))
            questions.append(upload_question)
            new_answer = messages.nth(2 * len(questions) - 1)
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
            assert "<script>" not in exported and "\\<script\\>" in exported
            assert "&lt;" not in exported and "\nFilters: " in exported  # the filters used

            page.screenshot(path=str(ARTIFACTS / "chat.png"), full_page=True)
            assert page.evaluate("typeof window.pwned") == "undefined" and dialogs == []

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
            expect(other.get_by_text(TIMING)).to_have_count(1)
            timings["second_session_first_question_s"] = round(time.perf_counter() - t0, 2)
            expect(other.get_by_test_id("stChatMessage")).to_have_count(2)  # its own history
        finally:
            browser.close()
    (ARTIFACTS / "timings.json").write_text(json.dumps(timings, indent=2), encoding="utf-8")
    print("browser timings:", json.dumps(timings))
    assert (ARTIFACTS / "chat.png").stat().st_size > 10_000
