"""The analyst-question golden set (evals/synthesis.jsonl) is well formed and true to the
corpus: every key-evidence span is text of the report it names, so a scorer that counts
cited key evidence measures the answerer and not a typo in the set."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from evals.questions import holds_evidence

ROOT = Path(__file__).resolve().parents[2]
SYNTHESIS = ROOT / "evals" / "synthesis.jsonl"
CORPUS = ROOT / "corpus"

FIELDS = {"id", "doc", "question", "kind", "tags", "expected", "evidence", "notes"}
KINDS = {"summary", "why", "recommendation", "comparison", "metadata"}
TAGS = {
    "body",
    "footnote",
    "table",
    "box",
    "figure",
    "title-page",
    "list",
    "who",
    "when",
    "across-page",
}
# The questions analysts asked for in the project's issue tracker.
REQUESTED = {
    "Summarise the UK's exposure to Chinese export controls",
    "What does the RUSI paper recommend?",
    "Who wrote the RUSI paper?",
    "When was the Andaman Partners note published?",
    "What did China's export controls of October 2025 cover?",
}
# Code that answers questions must never read the golden set.
ANSWER_LAYER = ("reportqa", "ingest", "app")


def _load() -> list[dict[str, Any]]:
    lines = SYNTHESIS.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


ITEMS = _load()
IDS = [item.get("id", f"line{n}") for n, item in enumerate(ITEMS, start=1)]


def _report(doc: str) -> str:
    path = CORPUS / doc
    assert path.is_file(), f"no report {doc} in corpus/"
    return path.read_text(encoding="utf-8")


def _docs(item: dict[str, Any]) -> list[str]:
    return item["docs"] if item["kind"] == "comparison" else [item["doc"]]


def test_set_is_large_enough_and_covers_every_kind() -> None:
    kinds = [item["kind"] for item in ITEMS]
    assert len(ITEMS) >= 20
    assert set(kinds) == KINDS
    assert kinds.count("metadata") >= 3
    assert kinds.count("comparison") >= 3


def test_ids_and_questions_are_unique() -> None:
    ids = [item["id"] for item in ITEMS]
    questions = [item["question"].strip().lower() for item in ITEMS]
    assert len(ids) == len(set(ids))
    assert len(questions) == len(set(questions))


def test_requested_questions_are_in_the_set() -> None:
    assert REQUESTED <= {item["question"] for item in ITEMS}


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_item_has_the_fields_and_a_known_kind(item: dict[str, Any]) -> None:
    assert FIELDS <= set(item), FIELDS - set(item)
    assert item["kind"] in KINDS
    assert item["question"].strip()
    assert item["tags"] and set(item["tags"]) <= TAGS
    assert item["evidence"], "no evidence"
    for evidence in item["evidence"]:
        assert set(evidence) == {"doc", "page", "span"}
        assert evidence["page"] is None  # plain-text reports have no pages


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_item_names_its_reports(item: dict[str, Any]) -> None:
    if item["kind"] == "comparison":
        assert item["doc"] is None
        assert len(set(item["docs"])) == len(item["docs"]) >= 2
    else:
        assert "docs" not in item
    for doc in _docs(item):
        _report(doc)
    assert {e["doc"] for e in item["evidence"]} <= set(_docs(item))


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_every_evidence_span_is_text_of_its_report(item: dict[str, Any]) -> None:
    for evidence in item["evidence"]:
        text = _report(evidence["doc"])
        assert holds_evidence(text, evidence["span"]), (evidence["doc"], evidence["span"])


@pytest.mark.parametrize(
    "item", [i for i in ITEMS if i["kind"] != "metadata"], ids=lambda i: i["id"]
)
def test_key_evidence_is_found_in_its_report(item: dict[str, Any]) -> None:
    expected = item["expected"]
    spans = expected["key_evidence"]
    assert 2 <= len(spans) <= 5
    assert len(set(spans)) == len(spans)
    min_cited = expected["min_cited"]
    assert isinstance(min_cited, int) and 1 <= min_cited <= 3
    assert min_cited <= len(spans)
    where = {e["span"]: e["doc"] for e in item["evidence"]}
    for span in spans:
        assert span in where, f"key evidence without its report: {span!r}"
        assert holds_evidence(_report(where[span]), span), (where[span], span)
    if item["kind"] == "comparison":
        assert min_cited >= 2
        cited_docs = {where[span] for span in spans}
        assert cited_docs == set(item["docs"]), "every compared report needs key evidence"


@pytest.mark.parametrize(
    "item", [i for i in ITEMS if i["kind"] == "metadata"], ids=lambda i: i["id"]
)
def test_metadata_regex_finds_the_fact_and_not_an_abstention(item: dict[str, Any]) -> None:
    assert set(item["expected"]) == {"regex"}
    pattern = re.compile(item["expected"]["regex"], re.I)
    assert any(pattern.search(e["span"]) for e in item["evidence"])
    assert not pattern.search("The reports do not say.")


def test_answer_layer_never_reads_the_set() -> None:
    readers = [
        path
        for package in ANSWER_LAYER
        for path in (ROOT / package).rglob("*.py")
        if SYNTHESIS.name in path.read_text(encoding="utf-8", errors="ignore")
    ]
    assert readers == []
