"""Thresholds, golden-set hygiene and the reports, without a model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from evals.gate import THRESHOLDS, ThresholdError, check, load_thresholds
from evals.hygiene import KINDS, check_golden
from evals.report import deltas, load_previous, render_markdown, write_reports
from evals.run_eval import EvalError, load_golden_file
from evals.suite import QuestionResult, SuiteRun, summarize
from tests.conftest import CORPUS

GOLDEN = Path(__file__).resolve().parents[2] / "evals" / "golden.jsonl"


def write_thresholds(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "thresholds.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- thresholds
def test_the_shipped_thresholds_file_is_versioned_and_covers_the_metrics():
    t = load_thresholds(THRESHOLDS)
    assert t.version >= 1
    for name in ("accuracy", "recall@5", "mrr", "citation_precision", "footnote_accuracy"):
        assert name in t.minimum
    for name in ("abstention_precision", "abstention_recall", "conflict_recall"):
        assert name in t.minimum
    for kind in KINDS:
        assert f"accuracy.{kind}" in t.minimum
    assert t.maximum["unverified_numbers"] == 0
    assert {"latency_p50_ms", "latency_p95_ms"} <= t.maximum.keys()


def test_check_names_each_fallen_metric_and_by_how_much(tmp_path):
    path = write_thresholds(
        tmp_path,
        'version = 3\n[minimum]\n"accuracy" = 0.8\n"recall@5" = 0.9\n'
        '[maximum]\n"unverified_numbers" = 0\n',
    )
    thresholds = load_thresholds(path)
    breaches = check({"accuracy": 0.7, "recall@5": 0.95, "unverified_numbers": 2}, thresholds)
    assert [b.metric for b in breaches] == ["accuracy", "unverified_numbers"]
    assert breaches[0].by == pytest.approx(0.1)
    assert breaches[1].by == pytest.approx(2)
    assert "accuracy = 0.7, 0.1 below its floor 0.8" in breaches[0].message()
    assert "above its ceiling 0" in breaches[1].message()
    assert check({"accuracy": 0.8, "recall@5": 0.9, "unverified_numbers": 0}, thresholds) == []


def test_a_metric_that_was_not_measured_is_a_breach(tmp_path):
    thresholds = load_thresholds(
        write_thresholds(tmp_path, 'version = 1\n[minimum]\n"mrr" = 0.5\n')
    )
    (breach,) = check({}, thresholds)
    assert breach.metric == "mrr" and breach.value is None
    assert "not measured" in breach.message()


@pytest.mark.parametrize(
    "text", ["not toml [", '[minimum]\n"a" = 1\n', 'version = 1\n[minimum]\na = "x"\n']
)
def test_bad_thresholds_files_are_one_clear_error(tmp_path, text):
    with pytest.raises(ThresholdError):
        load_thresholds(write_thresholds(tmp_path, text))
    with pytest.raises(ThresholdError, match="not found"):
        load_thresholds(tmp_path / "missing.toml")


# ----------------------------------------------------------------------------- hygiene
def golden_rows() -> list[dict]:
    return load_golden_file(GOLDEN)


def test_the_shipped_golden_set_is_sound():
    assert check_golden(golden_rows(), CORPUS) == []


def test_hygiene_catches_a_changed_report(corpus_copy):
    rows = golden_rows()
    row = next(r for r in rows if r["evidence"])
    doc = corpus_copy / row["evidence"][0]["doc"]
    text = doc.read_text(encoding="utf-8")
    span = row["evidence"][0]["span"]
    assert span.split()[0] in text
    doc.write_text(text.replace(" ".join(span.split()[:3]), "EDITED"), encoding="utf-8")
    problems = check_golden(rows, corpus_copy)
    assert any(row["id"] in p and "no longer" in p for p in problems)


def test_hygiene_catches_duplicates_missing_kinds_and_missing_docs(tmp_path):
    rows = [r for r in golden_rows() if r["kind"] != "conflict"]
    rows.append(dict(rows[0]))
    rows.append({**rows[1], "id": "zz1", "evidence": [{"doc": "gone.txt", "span": "x"}]})
    problems = check_golden(rows, CORPUS)
    assert any("duplicate id" in p and rows[0]["id"] in p for p in problems)
    assert "no question of kind 'conflict'" in problems
    assert any("zz1" in p and "gone.txt" in p for p in problems)


def test_golden_file_errors_are_one_line(tmp_path):
    with pytest.raises(EvalError, match="not found"):
        load_golden_file(tmp_path / "none.jsonl")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a", "question": "q", "kind": "text"}\n{oops\n', encoding="utf-8")
    with pytest.raises(EvalError, match=":2:"):
        load_golden_file(bad)


# ----------------------------------------------------------------------------- reports
def fake_run() -> SuiteRun:
    right = {
        "status": "answered",
        "answer": "China accounted for 91% of global rare earth refining [1].",
        "citations": [
            {
                "n": 1,
                "quote": "China accounted for 91% of global rare earth refining",
                "passage": "In 2024, China accounted for 91% of global rare earth refining.",
                "footnotes": [],
            }
        ],
        "conflicts": [],
    }
    wrong = {**right, "answer": "It was 12% [1]."}
    abstained = {"status": "abstained", "answer": "The reports do not answer.", "citations": []}
    results = [
        QuestionResult({"id": "a", "kind": "numeric", "question": "q1"}, right, 10.0, 1, 2, True),
        QuestionResult(
            {"id": "b", "kind": "numeric", "question": "q2"}, wrong, 30.0, None, 4, unverified=1
        ),
        QuestionResult({"id": "c", "kind": "unanswerable", "question": "q3"}, abstained, 20.0),
    ]
    by_kind = {"all": (2, 3), "numeric": (1, 2), "unanswerable": (1, 1)}
    baseline = {"recall@1": 0.0, "recall@3": 0.0, "recall@5": 1.0, "recall@10": 1.0, "mrr": 0.375}
    baseline["evidence_in_context@5"] = 1.0
    return SuiteRun(results, summarize(results, by_kind), by_kind, baseline, {"answers": 1.0})


def test_summarize_computes_the_gate_metrics():
    metrics = fake_run().metrics
    assert metrics["accuracy"] == pytest.approx(2 / 3)
    assert metrics["accuracy.numeric"] == 0.5
    assert metrics["recall@1"] == 0.5 and metrics["mrr"] == 0.5
    assert metrics["abstention_recall"] == 1.0 and metrics["abstention_precision"] == 1.0
    assert metrics["unverified_numbers"] == 1
    assert metrics["citation_precision"] == 0.5
    assert metrics["latency_p50_ms"] == 20.0


def test_reports_are_written_with_baseline_failures_and_deltas(tmp_path):
    from evals.report import build_payload

    run = fake_run()
    thresholds = load_thresholds(THRESHOLDS)
    breaches = check(run.metrics, thresholds)
    payload = build_payload(run, thresholds, breaches, "golden.jsonl", [])
    previous = {"metrics": {**run.metrics, "accuracy": 0.5}}
    paths = write_reports(payload, thresholds, tmp_path / "out", previous)

    data = json.loads(paths["json"].read_text(encoding="utf-8"))
    assert data["passed"] is False and data["breaches"]
    assert data["compare"]["accuracy"] == pytest.approx(2 / 3 - 0.5)
    markdown = paths["markdown"].read_text(encoding="utf-8")
    assert "| metric | ours | vanilla llama-index | threshold | Δ vs previous |" in markdown
    assert "+16.7 pt" in markdown  # the accuracy delta
    assert "| retrieval recall@5 | 50.0% | 100.0% |" in markdown
    assert "### numeric (1 failed)" in markdown and "It was 12%" in markdown
    assert "## What fell" in markdown
    assert paths["png"].read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert load_previous(paths["json"])["metrics"]["accuracy"] == pytest.approx(2 / 3)


def test_markdown_without_previous_has_no_delta_column():
    run = fake_run()
    thresholds = load_thresholds(THRESHOLDS)
    from evals.report import build_payload

    payload = build_payload(run, thresholds, [], "golden.jsonl", [])
    assert "Δ" not in render_markdown(payload, thresholds)


def test_deltas_and_bad_previous_reports(tmp_path):
    assert deltas({"a": 0.5, "b": 1.0}, {"metrics": {"a": 0.25}}) == {"a": 0.25}
    bad = tmp_path / "prev.json"
    bad.write_text('{"something": 1}', encoding="utf-8")
    with pytest.raises(ValueError, match="no metrics"):
        load_previous(bad)
    with pytest.raises(ValueError, match="cannot read"):
        load_previous(tmp_path / "missing.json")


# ----------------------------------------------------------------------------- recording
class _CountingRetriever:
    """Ranks ten fixed passages; counts calls."""

    def __init__(self, candidates: int = 30) -> None:
        from reportqa.config import Settings

        self.settings = Settings(retrieval={"candidates": candidates})
        self.calls: list[tuple[str, int, object]] = []
        self.store = "the store"

    def retrieve(self, question, k=None, filters=None):
        self.calls.append((question, k, filters))
        return [f"{question}-{i}" for i in range(k or 5)]


def test_recording_retriever_serves_the_answerer_and_the_metrics_from_one_call():
    from evals.suite import RecordingRetriever
    from reportqa.models import RetrievalFilters

    inner = _CountingRetriever()
    recorder = RecordingRetriever(inner, depth=10)
    assert recorder.retrieve("q", k=8) == [f"q-{i}" for i in range(8)]
    assert recorder.ranking("q") == [f"q-{i}" for i in range(10)]
    assert len(inner.calls) == 1 and recorder.store == "the store"
    # filtered or deeper calls pass straight through and are not recorded
    recorder.retrieve("q", k=3, filters=RetrievalFilters(doc_ids=["d"]))
    recorder.retrieve("q", k=20)
    assert [c[1] for c in inner.calls] == [10, 3, 20]
    # a question the answerer never retrieved for is ranked on demand
    assert recorder.ranking("other")[0] == "other-0"
    # a shallow candidate depth would make top-8 differ from top-10's prefix: no reuse
    shallow = RecordingRetriever(_CountingRetriever(candidates=5), depth=10)
    shallow.retrieve("q", k=8)
    assert shallow._inner.calls == [("q", 8, None)]
