"""Shared fixtures; tests under tests/unit are marked unit, tests/integration integration."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from reportqa.config import Settings

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        parts = Path(str(item.fspath)).parts
        for marker in ("unit", "integration", "server", "browser"):
            if marker in parts:
                item.add_marker(getattr(pytest.mark, marker))


@pytest.fixture
def corpus_copy(tmp_path: Path) -> Path:
    """A private copy of corpus/ that a test may modify."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture
def fake_settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "store", embedding={"backend": "fake"})


@pytest.fixture
def real_settings(tmp_path: Path) -> Settings:
    return Settings(home=tmp_path / "store")


@pytest.fixture(scope="session")
def corpus_store(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a fresh store holding corpus/, embedded with the real model, once per run.

    Ingesting the corpus is the costliest step of the integration tests: tests that only
    read the store share this one. Do not write to it (use real_settings for that).
    """
    from ingest.pipeline import Ingestor
    from reportqa.store import ReportStore

    settings = Settings(home=tmp_path_factory.mktemp("corpus-store") / "store")
    Ingestor(settings, store=ReportStore(settings)).ingest([CORPUS])
    return settings


@pytest.fixture
def cli_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, corpus_copy: Path) -> Path:
    """A fake-embedder store of corpus/, chosen through the environment as a user would,
    for tests of CLI commands; returns the test's tmp dir."""
    from typer.testing import CliRunner

    from reportqa.cli import app

    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    assert CliRunner().invoke(app, ["ingest", str(corpus_copy), "-q"]).exit_code == 0
    return tmp_path


def corpus_text(name: str) -> str:
    return (CORPUS / name).read_text(encoding="utf-8")


@pytest.fixture
def corpus_profile():
    """The seed shelf's field profile (corpus/profile.yaml) for tests of the rules that
    read it; question analysis goes back to no profile afterwards."""
    from reportqa import lexicon

    lexicon.use(lexicon.load_profile(CORPUS / lexicon.PROFILE_NAME))
    yield
    lexicon.use(lexicon.EMPTY)
