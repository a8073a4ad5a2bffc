"""Sentence vectors made at ingest: answers read them instead of embedding when asked,
and give the same answers either way. A stand-in embedder counts what it is asked."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from reportqa import lexicon
from reportqa.answering import Answerer
from reportqa.config import Settings
from reportqa.embedding import HashEmbedder
from reportqa.retrieve import HybridRetriever
from reportqa.sentence_vectors import FOLDER, answer_texts
from reportqa.store import ReportStore
from tests.fixtures.embedders import CountingEmbedder

CLINICS = """# District Health Services Review 2023

## Staffing

The district employed 412 community nurses in 2023, down from 455 in 2021.
Most vacancies were in the northern valleys, where travel times exceed two hours.
Clinics closed on Fridays because the district could no longer pay overtime.

## Funding

The health budget was 18.4 million dollars in 2023. Donor grants covered 31 per cent of
running costs. The review recommends a rural allowance for nurses who stay five years.

| Service | Visits 2021 | Visits 2023 |
| --- | --- | --- |
| Antenatal care | 12,400 | 10,950 |
| Immunisation | 30,100 | 28,700 |
"""

QUESTIONS = [
    "How many community nurses did the district employ in 2023?",
    "Why did clinics close on Fridays?",
    "Summarise the district's staffing problems",
    "What does the review recommend?",
    "How many immunisation visits were there in 2023?",
]


@pytest.fixture(autouse=True)
def no_profile():
    lexicon.use(lexicon.EMPTY)
    yield


@pytest.fixture
def shelf(tmp_path: Path) -> Path:
    folder = tmp_path / "shelf"
    folder.mkdir()
    (folder / "clinics.md").write_text(CLINICS, encoding="utf-8")
    return folder


def settings_for(tmp_path: Path, saved: bool = True) -> Settings:
    return Settings(
        home=tmp_path / "store",
        embedding={"backend": "fake"},
        ingest={"sentence_vectors": saved},
    )


def answerer(settings: Settings, embedder: HashEmbedder) -> Answerer:
    store = ReportStore(settings)
    return Answerer(settings, HybridRetriever(settings, store=store, embedder=embedder))


def test_ingest_saves_every_sentence_an_answer_reads(tmp_path, shelf):
    settings = settings_for(tmp_path)
    embedder = CountingEmbedder()
    Ingestor(settings, embedder=embedder).ingest([shelf])
    files = list((settings.home / FOLDER).glob("*.npz"))
    assert len(files) == 1
    texts = answer_texts(ReportStore(settings).passages())
    assert "Donor grants covered 31 per cent of running costs." in " ".join(texts)
    assert set(texts) <= set(embedder.documents)  # each embedded at ingest


def test_answers_embed_no_sentence_when_asked_and_do_not_change(tmp_path, shelf):
    settings = settings_for(tmp_path)
    Ingestor(settings, embedder=HashEmbedder()).ingest([shelf])
    reading = CountingEmbedder()
    saved = [answerer(settings, reading).ask(q) for q in QUESTIONS]
    assert reading.documents == []  # every sentence read was saved by ingest
    assert any(a.status == "answered" for a in saved)

    unsaved_settings = settings_for(tmp_path, saved=False)
    embedding = CountingEmbedder()
    unsaved = [answerer(unsaved_settings, embedding).ask(q) for q in QUESTIONS]
    assert embedding.documents  # without the files, sentences are embedded when asked
    assert [a.answer for a in saved] == [a.answer for a in unsaved]


def test_a_store_made_before_is_given_its_vectors_by_the_next_ingest(tmp_path, shelf):
    old = settings_for(tmp_path, saved=False)
    Ingestor(old, embedder=HashEmbedder()).ingest([shelf])
    assert not (old.home / FOLDER).exists()
    embedder = CountingEmbedder()
    report = Ingestor(settings_for(tmp_path), embedder=embedder).ingest([shelf])
    assert report.count("unchanged") == 1 and report.embedded_chunks == 0
    assert len(list((old.home / FOLDER).glob("*.npz"))) == 1
    again = CountingEmbedder()
    Ingestor(settings_for(tmp_path), embedder=again).ingest([shelf])
    assert again.documents == []  # nothing left to do


def test_a_changed_or_removed_report_leaves_no_vectors_behind(tmp_path, shelf):
    settings = settings_for(tmp_path)
    Ingestor(settings, embedder=HashEmbedder()).ingest([shelf])
    before = {p.name for p in (settings.home / FOLDER).glob("*.npz")}
    (shelf / "clinics.md").write_text(CLINICS.replace("412", "420"), encoding="utf-8")
    Ingestor(settings, embedder=HashEmbedder()).ingest([shelf])
    after = {p.name for p in (settings.home / FOLDER).glob("*.npz")}
    assert len(after) == 1 and after != before
    (shelf / "clinics.md").unlink()
    (shelf / "roads.md").write_text("# Roads\n\nThe district paved 40 km of road.\n")
    Ingestor(settings, embedder=HashEmbedder()).ingest([shelf], prune=True)
    left = {p.name for p in (settings.home / FOLDER).glob("*.npz")}
    assert len(left) == 1 and not left & after  # only the new report's


def test_an_unreadable_file_is_embedded_when_asked(tmp_path, shelf, caplog):
    settings = settings_for(tmp_path)
    Ingestor(settings, embedder=HashEmbedder()).ingest([shelf])
    for path in (settings.home / FOLDER).glob("*.npz"):
        path.write_bytes(b"not a numpy file")
    reading = CountingEmbedder()
    with caplog.at_level(logging.WARNING, logger="reportqa"):
        answer = answerer(settings, reading).ask(QUESTIONS[1])
    assert reading.documents and answer.status == "answered"
    assert "unreadable" in caplog.text
