"""The default `reportqa eval` also asks the analyst questions (evals/synthesis.jsonl):
their own section of eval.md beside the baseline, and `synthesis.*` floors that gate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from evals.gate import THRESHOLDS, load_thresholds
from reportqa.cli import app
from reportqa.models import Answer, Citation
from tests.conftest import ROOT

HERE = "tests.unit.test_eval_analyst"
ENV = {"REPORTQA_EMBEDDING__BACKEND": "fake"}
SYNTHESIS = ROOT / "evals" / "synthesis.jsonl"
GOLDEN = ROOT / "evals" / "golden.jsonl"
ITEMS = [json.loads(line) for line in SYNTHESIS.read_text(encoding="utf-8").splitlines() if line]


def _pick(kinds: tuple[str, ...]) -> list[dict]:
    """The first item of each kind."""
    return [next(item for item in ITEMS if item["kind"] == kind) for kind in kinds]


PICKED = _pick(("summary", "why", "comparison", "metadata"))


class _QuotesKeyEvidence:
    """A stand-in answerer that quotes the key evidence of the analyst items it is given
    (the test knows them; the answer layer never does) and abstains on anything else."""

    def ask(self, question: str) -> Answer:
        item = next((i for i in PICKED if i["question"] == question), None)
        if item is None or item["kind"] == "metadata":
            return Answer(question=question, status="abstained", answer="Not in the reports.")
        spans = item["expected"]["key_evidence"]
        citations = [
            Citation(
                doc_id="d",
                chunk_id="c",
                source="s",
                n=n,
                quote=span,
                passage=span,
                char_start=0,
                char_end=len(span),
            )  # fmt: skip
            for n, span in enumerate(spans, start=1)
        ]
        text = " ".join(f"{span} [{n}]." for n, span in enumerate(spans, start=1))
        return Answer(question=question, status="answered", answer=text, citations=citations)


def quotes_key_evidence(settings, retriever):
    return _QuotesKeyEvidence()


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("eval-analyst") / "store"
    result = CliRunner().invoke(
        app, ["--home", str(home), "ingest", str(ROOT / "corpus"), "-q"], env=ENV
    )
    assert result.exit_code == 0, result.output
    return home


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> tuple[Path, Path]:
    """A golden set of one question per kind and four analyst items."""
    folder = tmp_path_factory.mktemp("eval-analyst-sets")
    rows = [json.loads(x) for x in GOLDEN.read_text(encoding="utf-8").splitlines() if x]
    first = {row["kind"]: row for row in reversed(rows)}
    golden, synthesis = folder / "golden.jsonl", folder / "synthesis.jsonl"
    golden.write_text("\n".join(json.dumps(r) for r in first.values()), encoding="utf-8")
    synthesis.write_text("\n".join(json.dumps(r) for r in PICKED), encoding="utf-8")
    return golden, synthesis


def run(home: Path, files: tuple[Path, Path], out: Path, floors: str, *extra: str):
    golden, synthesis = files
    thresholds = out.parent / f"{out.name}-thresholds.toml"
    thresholds.write_text(f"version = 3\n[minimum]\n{floors}", encoding="utf-8")
    args = ["--home", str(home), "eval", "--golden", str(golden), "--synthesis", str(synthesis)]
    args += ["--corpus", str(ROOT / "corpus"), "--report-dir", str(out)]
    args += ["--thresholds", str(thresholds), "--answerer", f"{HERE}:quotes_key_evidence"]
    return CliRunner().invoke(app, [*args, *extra], env=ENV)


def test_analyst_questions_have_their_own_section_beside_the_baseline(home, files, tmp_path):
    result = run(home, files, tmp_path / "out", '"synthesis.accuracy" = 0.7\n')
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "out" / "eval.md").read_text(encoding="utf-8")
    section = markdown[markdown.index("## Analyst questions") :]
    assert "| kind | reportqa | vanilla |" in section
    assert "| summary | 100.0% (1/1) |" in section and "| comparison | 100.0% (1/1) |" in section
    assert "| metadata | 0.0% (0/1) |" in section  # it abstained on who wrote the report
    assert "| all | 75.0% (3/4) |" in section
    assert "| cited-sentence precision | 100.0% " in section
    assert "gate: synthesis.accuracy = 75.0%, ≥ 70.0%" in section
    assert "cited on the right page" not in section  # the corpus is text: no pages
    data = json.loads((tmp_path / "out" / "eval.json").read_text(encoding="utf-8"))
    assert data["metrics"]["synthesis.accuracy"] == pytest.approx(0.75)
    assert data["metrics"]["synthesis.cited_precision"] == 1.0
    assert "synthesis.accuracy" in data["synthesis"]["baseline"]
    assert [f["id"] for f in data["synthesis"]["failures"]] == [PICKED[-1]["id"]]


def test_a_synthesis_floor_fails_the_run_naming_it(home, files, tmp_path):
    floors = '"synthesis.accuracy" = 0.8\n"synthesis.accuracy.metadata" = 0.5\n'
    result = run(home, files, tmp_path / "out", floors, "--no-baseline")
    assert result.exit_code == 1
    assert "regression: synthesis.accuracy = 0.75, 0.05 below its floor 0.8" in result.stderr
    assert "regression: synthesis.accuracy.metadata = 0, 0.5 below" in result.stderr
    markdown = (tmp_path / "out" / "eval.md").read_text(encoding="utf-8")
    assert "| kind | reportqa |\n" in markdown  # no baseline column without the baseline


def test_a_missing_synthesis_file_is_one_line(home, files, tmp_path):
    result = run(home, files, tmp_path / "out", "", "--synthesis", str(tmp_path / "none.jsonl"))
    assert result.exit_code == 2
    assert f"analyst questions not found: {tmp_path / 'none.jsonl'}" in result.stderr


def test_the_shipped_thresholds_gate_the_analyst_questions():
    limits = load_thresholds(THRESHOLDS).minimum
    assert {"synthesis.accuracy", "synthesis.cited_precision"} <= limits.keys()


def test_every_analyst_question_is_answered_on_a_store_just_ingested(tmp_path):
    """The default eval asks these of a store it has just ingested, whose passage index is
    built in the process rather than read back: no question may crash the answerer."""
    from ingest.pipeline import Ingestor
    from reportqa.answering import Answerer
    from reportqa.config import Settings

    settings = Settings(home=tmp_path / "store", embedding={"backend": "fake"})
    Ingestor(settings).ingest([ROOT / "corpus"])
    answerer = Answerer(settings)
    answerer.warm_up()
    statuses = {answerer.ask(item["question"]).status for item in ITEMS}
    assert statuses <= {"answered", "abstained", "conflict"}
