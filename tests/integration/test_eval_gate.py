"""The CI regression gate: `reportqa eval` on a fresh store of corpus/, through its exit code.

One model load (the embedder is cached per process), one ingest (the session's shared
`corpus_store`) and the CLI run in-process, so the real answerer's run and the broken
answerers' runs share both.
The broken answerers wrap the real one and break one thing each; the gate must catch
every one of them, naming the metric, and must let the real one through.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportqa.answering import Answerer
from reportqa.cli import app
from reportqa.models import Answer
from reportqa.numbers import find_quantities
from tests.conftest import CORPUS, ROOT

GOLDEN = ROOT / "evals" / "golden.jsonl"
HERE = "tests.integration.test_eval_gate"

# ----------------------------------------------------------------------------- broken answerers
_REAL_ANSWERS: dict[str, Answer] = {}  # the real answers, computed once for all broken runs


class _Broken:
    """The real answerer with one defect applied to every answer it gives."""

    def __init__(self, settings, retriever, defect) -> None:
        self.real = Answerer(settings, retriever=retriever)
        self.defect = defect

    def warm_up(self) -> None:
        self.real.warm_up()

    def ask(self, question: str) -> Answer:
        if question not in _REAL_ANSWERS:
            _REAL_ANSWERS[question] = self.real.ask(question)
        return self.defect(_REAL_ANSWERS[question].model_copy(deep=True))


def _drop_citations(answer: Answer) -> Answer:
    answer.citations = []
    return answer


def _change_a_number(answer: Answer) -> Answer:
    """Nudge the first number of the answer (91% -> 98%), leaving its claims as they were."""
    quantities = find_quantities(answer.answer)
    if quantities:
        q = quantities[0]
        changed = re.sub(r"\d+", lambda m: str(int(m.group()) + 7), q.text, count=1)
        answer.answer = answer.answer[: q.start] + changed + answer.answer[q.end :]
    return answer


def _never_abstain(answer: Answer) -> Answer:
    """Instead of abstaining, state the nearest passage's sentence as if it answered."""
    if answer.status == "abstained" and answer.citations:
        first = answer.citations[0].model_copy(update={"related": False, "n": 1})
        answer.status = "answered"
        answer.answer = f"{first.quote} [1]"
        answer.citations = [first]
    return answer


def drops_citations(settings, retriever):
    return _Broken(settings, retriever, _drop_citations)


def changes_a_number(settings, retriever):
    return _Broken(settings, retriever, _change_a_number)


def never_abstains(settings, retriever):
    return _Broken(settings, retriever, _never_abstain)


# ----------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def home(corpus_store) -> Path:
    """A fresh store of corpus/ with the real model: the session's one shared ingest."""
    return corpus_store.home


def run_eval(home: Path, report_dir: Path, *extra: str):
    args = ["--home", str(home), "eval", "--golden", str(GOLDEN), "--corpus", str(CORPUS)]
    args += ["--report-dir", str(report_dir), *extra]
    t = time.perf_counter()
    result = CliRunner().invoke(app, args)
    return result, time.perf_counter() - t


@pytest.fixture(scope="module")
def real_run(home, tmp_path_factory):
    """The real answerer with the baseline; REPORTQA_EVAL_REPORT_DIR keeps the report (CI)."""
    keep = os.environ.get("REPORTQA_EVAL_REPORT_DIR")
    report_dir = Path(keep) if keep else tmp_path_factory.mktemp("eval-report")
    result, seconds = run_eval(home, report_dir)
    return result, report_dir, seconds


# ----------------------------------------------------------------------------- the gate
def test_the_real_answerer_passes_the_gate(real_run):
    result, report_dir, seconds = real_run
    assert result.exit_code == 0, result.output
    assert "PASSED" in result.output
    print(f"\nreportqa eval (with baseline) took {seconds:.1f} s")


def test_the_real_run_writes_json_markdown_and_png_with_the_baseline(real_run):
    _, report_dir, _ = real_run
    data = json.loads((report_dir / "eval.json").read_text(encoding="utf-8"))
    assert data["passed"] is True and data["questions_total"] >= 60
    assert data["metrics"]["unverified_numbers"] == 0
    # the reason for the project: ahead of plain RAG on the same questions
    assert data["metrics"]["recall@5"] > data["baseline"]["recall@5"]
    markdown = (report_dir / "eval.md").read_text(encoding="utf-8")
    assert "| metric | ours | vanilla llama-index | threshold |" in markdown
    assert (report_dir / "eval.png").read_bytes()[:4] == b"\x89PNG"


@pytest.mark.parametrize(
    ("factory", "must_name"),
    [
        ("drops_citations", ["citation_precision", "accuracy"]),
        ("changes_a_number", ["unverified_numbers", "accuracy.numeric"]),
        ("never_abstains", ["abstention_recall", "accuracy.unanswerable"]),
    ],
)
def test_a_broken_answerer_fails_the_gate_naming_the_metric(home, tmp_path, factory, must_name):
    result, _ = run_eval(home, tmp_path, "--no-baseline", "--answerer", f"{HERE}:{factory}")
    assert result.exit_code == 1, result.output
    fallen = re.findall(r"regression: (\S+) = ", result.stderr)
    for metric in must_name:
        assert metric in fallen, result.stderr
    assert "FAILED" in result.stderr
    assert json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))["passed"] is False


def test_compare_puts_the_fall_in_a_delta_column(home, real_run, tmp_path):
    """Last good report beside a regressed run (answers reused: no extra answering cost)."""
    _, report_dir, _ = real_run
    previous = str(report_dir / "eval.json")
    broken = f"{HERE}:drops_citations"
    result, _ = run_eval(
        home, tmp_path, "--no-baseline", "--answerer", broken, "--compare", previous
    )
    assert result.exit_code == 1
    data = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    assert data["compare"]["recall@5"] == pytest.approx(0.0)
    assert data["compare"]["citation_precision"] < -0.5
    markdown = (tmp_path / "eval.md").read_text(encoding="utf-8")
    assert "Δ vs previous" in markdown and "| citation precision | 0.0% |" in markdown
