"""The golden questions as one batch, through the real model: a .docx briefing, reopened.

The questions come from evals/golden.jsonl (read here, in the test, never by the library).
The same batch runs with 1 and 2 workers in this one run: the answers must be identical
(the shared Answerer is safe to use from threads) and both wall times are printed.
"""

from __future__ import annotations

import re

import pytest
from docx import Document

from evals.run_golden import load_golden
from reportqa.answering import Answerer
from reportqa.batch import run_batch
from reportqa.briefing import (
    BIBLIOGRAPHY,
    DISAGREE,
    NOT_COVERED,
    reference_numbers,
    renumber,
    write_briefing,
)
from reportqa.config import Settings
from reportqa.docx_draft import shown_text
from reportqa.questions_file import QuestionItem, QuestionSet
from reportqa.retrieve import HybridRetriever


@pytest.fixture(scope="module")
def answerer(corpus_store: Settings):
    answerer = Answerer(corpus_store, retriever=HybridRetriever(corpus_store))
    answerer.warm_up()
    return answerer


@pytest.fixture(scope="module")
def golden_set() -> QuestionSet:
    items = [
        QuestionItem(g["id"], g["question"], f"{g['kind'].capitalize()} questions")
        for g in load_golden()
    ]
    return QuestionSet("Golden questions briefing", items)


@pytest.fixture(scope="module")
def runs(answerer, golden_set):
    """Alternating 1, 2, 1, 2 workers on a warm answerer; the best time of each is printed
    (the machine is shared, so a single run is noisy)."""
    serial, parallel = [], []
    for _ in range(2):
        serial.append(run_batch(answerer, golden_set, workers=1))
        parallel.append(run_batch(answerer, golden_set, workers=2))
    one = min(r.wall_seconds for r in serial)
    two = min(r.wall_seconds for r in parallel)
    print(
        f"\nbatch of {len(golden_set.items)} golden questions (best of 2): 1 worker {one:.1f}s,"
        f" 2 workers {two:.1f}s (2 workers / 1 worker = {two / one:.2f});"
        f" all runs 1: {[round(r.wall_seconds, 1) for r in serial]},"
        f" 2: {[round(r.wall_seconds, 1) for r in parallel]}; {parallel[0].summary()}"
    )
    return serial[0], parallel[0]


def test_two_workers_give_the_same_briefing_as_one(runs):
    serial, parallel = runs
    assert [e.item.id for e in parallel.entries] == [e.item.id for e in serial.entries]
    assert [(e.outcome, e.answer and e.answer.answer) for e in parallel.entries] == [
        (e.outcome, e.answer and e.answer.answer) for e in serial.entries
    ]
    assert serial.counts()["failed"] == 0


def test_docx_briefing_reopens_with_headings_citations_and_bibliography(runs, tmp_path):
    _, result = runs
    out = tmp_path / "golden.docx"
    write_briefing(result, out)
    doc = Document(str(out))
    paragraphs = [(p.style.name, p.text) for p in doc.paragraphs]
    headings = [t for s, t in paragraphs if s.startswith("Heading") or s == "Title"]
    assert headings[0] == "Golden questions briefing"
    for section in result.sections:
        assert section in headings
    for heading in (DISAGREE, NOT_COVERED, BIBLIOGRAPHY):
        assert heading in headings
    questions = {e.item.question for e in result.entries}
    assert questions <= set(headings)  # one heading per question

    answered = [e for e in result.entries if e.outcome in ("answered", "conflict")]
    texts = [t for _, t in paragraphs]
    with_markers = [t for t in texts if re.search(r"\[\d+\]", t)]
    assert len(with_markers) >= len(answered) > 0
    numbers = reference_numbers(result)  # [n] is the report's number in the bibliography
    for e in answered:  # every answer paragraph and its [n] sources are in the document
        own = {c.n: numbers[c.doc_id] for c in e.answer.citations if c.doc_id in numbers}
        shown = shown_text(renumber(e.answer.answer, own))  # *emphasis* is italic, no stars
        assert any(shown in t for t in texts)
        for c in e.answer.citations:
            mark = f"[{numbers[c.doc_id]}] "
            assert any(t.startswith(mark) and c.quote.split()[0] in t for t in texts)

    biblio = texts[texts.index(BIBLIOGRAPHY) + 1 :]
    cited_docs = {
        c.source for e in answered for c in e.answer.citations if not c.related
    }  # fmt: skip
    assert len(biblio) == len(cited_docs)  # each report once
    for source in cited_docs:
        entry = [t for t in biblio if source in t]
        assert len(entry) == 1
        assert "cited" in entry[0] and (
            "pp." in entry[0] or "p." in entry[0] or "no page" in entry[0]
        )
    summary = texts[1]
    assert summary.startswith(f"{len(result.entries)} questions:")
