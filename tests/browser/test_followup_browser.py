"""A follow-up in the chat, in a real browser: `streamlit run` on 127.0.0.1 over corpus/
(embedded with the real model), Debian's chromium via Playwright.

Asks a question, then "And what about mining?": the answer says how the follow-up was
understood and gives the figure its typed-out version gives. A screenshot is saved under
tests/browser/artifacts/.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import playwright.sync_api as playwright_api  # dev extra; drives /usr/bin/chromium
import pytest

from ingest.pipeline import Ingestor
from reportqa.answering import Answerer
from reportqa.config import Settings
from tests.browser.serving import CHROMIUM, CHROMIUM_ARGS, streamlit_server
from tests.conftest import CORPUS

expect = playwright_api.expect
expect.set_options(timeout=30_000)

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SERVER_LIFETIME_S = 600  # the server stops by itself even if this test process dies

FIRST = "What share of global rare earth refining did China hold in 2024?"
FOLLOW_UP = "And what about mining?"
TYPED_OUT = "What share of global rare earth mining did China hold in 2024?"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("followup-browser") / "store"
    report = Ingestor(Settings(home=home)).ingest([CORPUS])
    assert not report.failed, report.failed
    return home


@pytest.fixture(scope="module")
def server(store: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    log_path = tmp_path_factory.mktemp("server") / "streamlit.log"
    with streamlit_server(store, log_path, SERVER_LIFETIME_S) as url:
        yield url


def test_a_follow_up_in_the_chat_is_understood_against_the_first_question(
    server: str, store: Path
) -> None:
    typed = Answerer(Settings(home=store)).ask(TYPED_OUT)
    figures = [c.text for c in typed.claims if c.verified]
    assert figures, typed.answer  # the typed-out question has a figure to look for
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            page.set_default_timeout(120_000)
            page.goto(server)
            chat = page.get_by_test_id("stChatInputTextArea")
            expect(chat).to_be_enabled(timeout=180_000)
            messages = page.get_by_test_id("stChatMessage")

            chat.fill(FIRST)
            chat.press("Enter")
            expect(messages).to_have_count(2, timeout=180_000)
            expect(messages.nth(1)).to_contain_text("91%", timeout=180_000)
            expect(messages.nth(1)).not_to_contain_text("Understood as")

            chat.fill(FOLLOW_UP)
            chat.press("Enter")
            expect(messages).to_have_count(4, timeout=180_000)
            answer = messages.nth(3)
            expect(answer).to_contain_text(f"Understood as: {TYPED_OUT}", timeout=180_000)
            expect(answer).to_contain_text(figures[0])
            expect(messages.nth(2)).to_contain_text(FOLLOW_UP)  # the asker's words stay
            page.screenshot(path=str(ARTIFACTS / "follow-up.png"), full_page=True)
        finally:
            browser.close()
