"""A follow-up in the chat, in a real browser: `streamlit run` on 127.0.0.1 over corpus/
(embedded with the real model), Debian's chromium via Playwright.

Asks a question, then "And what about mining?": the answer says how the follow-up was
understood and gives the figure its typed-out version gives. A screenshot is saved under
tests/browser/artifacts/.
"""

from __future__ import annotations

import os
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
from reportqa.answer import Answerer
from reportqa.config import Settings
from tests.conftest import CORPUS, ROOT

expect = playwright_api.expect
expect.set_options(timeout=30_000)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
APP = ROOT / "app" / "streamlit_app.py"
SERVER_LIFETIME_S = 600  # the server stops by itself even if this test process dies

FIRST = "What share of global rare earth refining did China hold in 2024?"
FOLLOW_UP = "And what about mining?"
TYPED_OUT = "What share of global rare earth mining did China hold in 2024?"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    home = tmp_path_factory.mktemp("followup-browser") / "store"
    report = Ingestor(Settings(home=home)).ingest([CORPUS])
    assert not report.failed, report.failed
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
