"""The fresh held-out batch's scoring (evals/fresh_eval.py): plain functions over
(answer, gold)."""

from __future__ import annotations

from pathlib import Path

from evals.fresh_eval import causes, scored_items
from evals.real_set import RealReport, load_real_set


def answer(status: str, text: str, quote: str = "") -> dict:
    citations = [{"n": 1, "quote": quote, "passage": quote, "page": 2}] if quote else []
    return {"status": status, "answer": text, "citations": citations, "claims": []}


def test_each_wrong_fact_answer_is_counted_under_its_cause():
    gold = [
        {"kind": "numeric", "expected": {"quantities": ["41%"]},
         "evidence": [{"page": 2, "span": "Occupancy reached 41% in 2022"}]},
        {"kind": "numeric", "expected": {"quantities": ["41%"]},
         "evidence": [{"page": 2, "span": "Occupancy reached 41% in 2022"}]},
        {"kind": "unanswerable", "expected": {}, "evidence": []},
        {"kind": "text", "expected": {"any_of": ["east quay"]},
         "evidence": [{"page": 3, "span": "The east quay handles timber"}]},
    ]  # fmt: skip
    answers = [
        answer("abstained", "The reports do not answer this question."),
        answer("answered", "Occupancy reached 38% [1].", "Occupancy reached 38% in 2021."),
        answer("answered", "Tolls rose [1].", "Tolls rose."),
        answer("answered", "The east quay handles timber [1].", "The east quay handles timber."),
    ]
    assert causes(gold, answers) == {
        "abstained on an answerable question": 1,
        "the evidence in no cited passage": 1,
        "answered an unanswerable question": 1,
    }


def test_only_scored_kinds_are_asked_and_the_batch_loads_like_the_real_set(tmp_path):
    report = RealReport(
        "harbour",
        tmp_path / "harbour.pdf",
        {"split": "fresh"},
        [{"kind": "numeric"}, {"kind": "conflict-draft"}, {"kind": "summary"}],
    )
    assert [q["kind"] for q in scored_items([report])] == ["numeric", "summary"]
    # a manifest whose PDF is absent is left out, not an error
    (tmp_path / "manifest.d").mkdir()
    (tmp_path / "manifest.d" / "harbour.yaml").write_text("file: harbour.pdf\nsplit: fresh\n")
    assert load_real_set(Path(tmp_path)) == []
