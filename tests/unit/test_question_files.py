"""The committed question sets of real reports (evals/real, evals/fresh*) keep their
contract: every line parses, ids are unique, each kind carries what its scorer reads,
and every question file has its manifest (PDFs are not committed, so not read here)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

EVALS = Path(__file__).resolve().parents[2] / "evals"
SETS = [EVALS / "real", *sorted(EVALS.glob("fresh*"))]
NEEDS = {
    "numeric": "quantities",
    "text": "any_of",
    "list": "all_of",
    "metadata": "regex",
    "summary": "key_evidence",
    "why": "key_evidence",
    "recommendation": "key_evidence",
    "comparison": "key_evidence",
}


def question_files() -> list[Path]:
    return sorted(p for root in SETS for p in (root / "questions").glob("*.jsonl"))


@pytest.mark.parametrize("path", question_files(), ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_a_question_file_keeps_the_contract(path: Path):
    manifest = yaml.safe_load((path.parent.parent / "manifest.d" / f"{path.stem}.yaml").read_text())
    assert manifest["split"] in ("dev", "test", "fresh")
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    assert items and len({q["id"] for q in items}) == len(items)
    for q in items:
        assert q["doc"] == manifest["file"], q["id"]
        if q["kind"] == "unanswerable":
            assert not q["evidence"], q["id"]
            continue
        assert q["expected"][NEEDS[q["kind"]]], q["id"]
        assert all(e["span"].strip() and e["page"] >= 1 for e in q["evidence"]), q["id"]


def test_both_sets_have_questions():
    assert {"real", "fresh"} <= {p.parent.parent.name for p in question_files()}
