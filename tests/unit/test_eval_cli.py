"""`reportqa eval` through the CLI with the fake embedder: exit codes, reports, user errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportqa.cli import app
from reportqa.models import Answer
from tests.conftest import ROOT

FULL_GOLDEN = ROOT / "evals" / "golden.jsonl"
HERE = "tests.unit.test_eval_cli"


class _Canned:
    """Answers every question with a fixed status and no citations (deterministic, fast)."""

    def __init__(self, status: str) -> None:
        self.status = status

    def ask(self, question: str) -> Answer:
        return Answer(question=question, status=self.status, answer="The reports say nothing.")


def always_abstains(settings, retriever):
    return _Canned("abstained")


def always_answers(settings, retriever):
    return _Canned("answered")


@pytest.fixture(scope="module")
def golden(tmp_path_factory) -> Path:
    """Two questions of each kind: every code path of the eval, a fraction of the time."""
    rows = [json.loads(x) for x in FULL_GOLDEN.read_text(encoding="utf-8").splitlines() if x]
    picked: dict[str, list[dict]] = {}
    for row in rows:
        picked.setdefault(row["kind"], [])
        if len(picked[row["kind"]]) < 2:
            picked[row["kind"]].append(row)
    path = tmp_path_factory.mktemp("eval-golden") / "golden.jsonl"
    lines = [json.dumps(r, ensure_ascii=False) for group in picked.values() for r in group]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("eval-cli") / "store"
    runner = CliRunner()
    corpus = ROOT / "corpus"
    env = {"REPORTQA_EMBEDDING__BACKEND": "fake"}
    result = runner.invoke(app, ["--home", str(home), "ingest", str(corpus), "-q"], env=env)
    assert result.exit_code == 0, result.output
    return home


def thresholds(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "thresholds.toml"
    path.write_text(f"version = 7\n{body}", encoding="utf-8")
    return path


def run(home: Path, tmp_path: Path, *extra: str, golden: Path = FULL_GOLDEN):
    args = ["--home", str(home), "eval", "--golden", str(golden), "--corpus", str(ROOT / "corpus")]
    args += ["--report-dir", str(tmp_path / "report"), "--no-baseline", *extra]
    return CliRunner().invoke(app, args, env={"REPORTQA_EMBEDDING__BACKEND": "fake"})


def test_help_explains_the_options_and_hides_the_answerer_hook():
    result = CliRunner().invoke(app, ["eval", "--help"])
    assert result.exit_code == 0
    for option in ("--golden", "--report-dir", "--compare", "--thresholds", "--no-baseline"):
        assert option in result.output
    assert "--answerer" not in result.output


def test_passing_and_failing_runs_exit_0_and_1(home, golden, tmp_path):
    ok = thresholds(tmp_path, '[minimum]\n"abstention_recall" = 1.0\n')
    abstains = f"{HERE}:always_abstains"
    result = run(home, tmp_path, "--thresholds", str(ok), "--answerer", abstains, golden=golden)
    assert result.exit_code == 0, result.output
    assert "PASSED" in result.output
    for name in ("eval.json", "eval.md", "eval.png"):
        assert (tmp_path / "report" / name).is_file()

    answers = f"{HERE}:always_answers"
    result = run(home, tmp_path, "--thresholds", str(ok), "--answerer", answers, golden=golden)
    assert result.exit_code == 1
    assert "regression: abstention_recall = 0, 1 below its floor 1" in result.stderr
    data = json.loads((tmp_path / "report" / "eval.json").read_text(encoding="utf-8"))
    assert data["passed"] is False and data["breaches"][0]["metric"] == "abstention_recall"


def test_every_fallen_metric_is_named(home, golden, tmp_path):
    strict = thresholds(
        tmp_path, '[minimum]\n"accuracy" = 0.99\n"conflict_recall" = 0.5\n[maximum]\n"mrr" = -1\n'
    )
    result = run(
        home, tmp_path, "--thresholds", str(strict), "--answerer", f"{HERE}:always_answers"
    )
    assert result.exit_code == 1
    for metric in ("accuracy", "conflict_recall", "mrr"):
        assert f"regression: {metric} = " in result.stderr
    assert "FAILED: 3 metric(s)" in result.stderr


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--golden", "/nonexistent/golden.jsonl"], "golden set not found"),
        (["--thresholds", "/nonexistent/t.toml"], "thresholds file not found"),
        (["--compare", "/nonexistent/prev.json"], "cannot read previous report"),
        (["--answerer", "nosuchmodule:factory"], "cannot load answerer"),
        (["--answerer", "no-colon"], "expects module:factory"),
        (["--corpus", "/nonexistent/corpus"], "corpus folder not found"),
    ],
)
def test_user_errors_are_one_line_exit_2(home, golden, tmp_path, extra, message):
    result = run(home, tmp_path, *extra, golden=golden)  # a later --golden wins
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_empty_store_is_a_clear_error(tmp_path):
    result = run(tmp_path / "empty", tmp_path)
    assert result.exit_code == 2
    assert "store is empty" in result.stderr


def test_a_broken_golden_set_fails_loudly(home, tmp_path, corpus_copy):
    rows = [
        json.loads(x) for x in FULL_GOLDEN.read_text(encoding="utf-8").splitlines() if x.strip()
    ]
    rows.append(dict(rows[0]))  # a duplicated id
    golden = tmp_path / "golden.jsonl"
    golden.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    result = run(home, tmp_path, "--golden", str(golden))
    assert result.exit_code == 1
    assert f"golden set: duplicate id {rows[0]['id']!r}" in result.stderr
