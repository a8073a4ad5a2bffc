"""The Streamlit page through streamlit's AppTest (no browser), with the fake embedder."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from ingest.pipeline import Ingestor
from reportqa.config import load_settings
from tests.conftest import ROOT


def test_page_searches_the_store(tmp_path, monkeypatch, corpus_copy):
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    Ingestor(load_settings()).ingest([corpus_copy])
    page = AppTest.from_file(str(ROOT / "app" / "streamlit_app.py"), default_timeout=60)
    page.run()
    assert not page.exception
    assert any("4 documents" in m.value for m in page.sidebar.markdown)
    page.text_input[0].input("JOGMEC investments in Lynas").run()
    assert not page.exception
    assert len(page.expander) == 5
    assert any("Table 5:" in t.value for t in page.text)
