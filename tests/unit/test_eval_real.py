"""`reportqa eval --real` on a tiny fake real set (two reportlab PDFs, one dev, one test):
the side-by-side table, the [real] gate's exit codes, and the line for missing PDFs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas
from typer.testing import CliRunner

from evals.side_by_side import ROWS, cell, columns_of, render_table
from evals.tally import PAGES, PRECISION, Tally
from reportqa.cli import app

CANNED = "tests.unit.test_eval_cli"  # its always_abstains and always_answers
ENV = {"REPORTQA_EMBEDDING__BACKEND": "fake"}
HEADER = "| kind | dev reportqa | dev vanilla | test reportqa | test vanilla |"

# stem -> (split, title, pages of lines)
REPORTS = {
    "harbour": (
        "dev",
        "Harbour Authority Annual Review",
        [
            ["Harbour Authority Annual Review", "Published by the Harbour Authority, May 2031"],
            ["The harbour handled 4.2 million containers in 2030.", "Ferry traffic was flat."],
            ["Dredging costs rose because the channel silted up after the winter storms."],
        ],
    ),
    "orchard": (
        "test",
        "Orchard Survey of the Valley",
        [
            ["Orchard Survey of the Valley", "Prepared by the Valley Growers Board, 2029"],
            ["Apple yields fell by 12 percent in 2028.", "Pear yields were unchanged."],
            ["The board recommends planting frost-resistant varieties on the lower slopes."],
        ],
    ),
}


# stem -> (question, kind, expected, [(page, evidence span)])
ITEMS = {
    "harbour": [
        (
            "How many containers did the harbour handle in 2030?",
            "numeric",
            {"quantities": ["4.2 million"]},
            [(2, "The harbour handled 4.2 million containers in 2030")],
        ),
        ("How many cruise ships called at the harbour?", "unanswerable", {}, []),
        (
            "Why did dredging costs rise?",
            "why",
            {"key_evidence": ["the channel silted up after the winter storms"], "min_cited": 1},
            [(3, "the channel silted up after the winter storms")],
        ),
    ],
    "orchard": [
        (
            "By how much did apple yields fall in 2028?",
            "numeric",
            {"quantities": ["12%"]},
            [(2, "Apple yields fell by 12 percent in 2028")],
        ),
        ("How many beehives does the valley keep?", "unanswerable", {}, []),
        (
            "Who prepared the orchard survey?",
            "metadata",
            {"regex": "Valley Growers Board"},
            [(1, "Prepared by the Valley Growers Board")],
        ),
    ],
}
QUESTIONS = {
    stem: [
        {
            "id": f"{stem}-{n:03d}",
            "doc": f"{stem}.pdf",
            "question": question,
            "kind": kind,
            "tags": ["body"],
            "expected": expected,
            "evidence": [{"doc": f"{stem}.pdf", "page": p, "span": span} for p, span in evidence],
        }
        for n, (question, kind, expected, evidence) in enumerate(items, start=1)
    ]
    for stem, items in ITEMS.items()
}


def _pdf(path: Path, title: str, pages: list[list[str]]) -> None:
    canvas = Canvas(str(path), pagesize=A4, invariant=1)
    canvas.setTitle(title)
    for lines in pages:
        text = canvas.beginText(72, 760)
        text.setFont("Helvetica", 11, leading=16)
        text.textLines(lines)
        canvas.drawText(text)
        canvas.showPage()
    canvas.save()


def make_real_set(root: Path, with_pdfs: bool = True) -> Path:
    for folder in ("manifest.d", "questions", "pdfs"):
        (root / folder).mkdir(parents=True, exist_ok=True)
    for stem, (split, title, pages) in REPORTS.items():
        manifest = f"file: {stem}.pdf\ntitle: {title}\nsplit: {split}\npages: {len(pages)}\n"
        (root / "manifest.d" / f"{stem}.yaml").write_text(manifest, encoding="utf-8")
        lines = [json.dumps(q) for q in QUESTIONS[stem]]
        (root / "questions" / f"{stem}.jsonl").write_text("\n".join(lines), encoding="utf-8")
        if with_pdfs:
            _pdf(root / "pdfs" / f"{stem}.pdf", title, pages)
    return root


def thresholds(tmp_path: Path, real: str, name: str = "thresholds.toml") -> Path:
    path = tmp_path / name
    path.write_text(f'version = 5\n[minimum]\n"accuracy" = 0.5\n{real}', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def real_set(tmp_path_factory) -> Path:
    return make_real_set(tmp_path_factory.mktemp("real-set"))


@pytest.fixture(scope="module")
def real_home(tmp_path_factory) -> Path:
    """One store for the module: the first run ingests, the later ones skip the PDFs."""
    return tmp_path_factory.mktemp("real-home") / "store"


def run_real(real_set: Path, home: Path, report_dir: Path, *extra: str):
    args = ["eval", "--real", "--real-set", str(real_set), "--real-home", str(home)]
    return CliRunner().invoke(app, [*args, "--report-dir", str(report_dir), *extra], env=ENV)


# ----------------------------------------------------------------------------- the table
def test_the_report_puts_dev_and_test_side_by_side_each_beside_vanilla(
    real_set, real_home, tmp_path
):
    floors = thresholds(tmp_path, '[real.minimum]\n"dev.accuracy" = 0.0\n')
    result = run_real(real_set, real_home, tmp_path / "out", "--thresholds", str(floors))
    assert result.exit_code == 0, result.output
    assert "PASSED" in result.output

    markdown = (tmp_path / "out" / "eval-real.md").read_text(encoding="utf-8")
    table = markdown[markdown.index(HEADER) :].split("\n\n")[0].splitlines()
    assert table[0] == HEADER
    assert [line.split(" | ")[0].removeprefix("| ") for line in table[2:]] == list(ROWS)
    assert "| comparison | – | – | – | – |" in table  # a kind with no item reads as dashes

    data = json.loads((tmp_path / "out" / "eval-real.json").read_text(encoding="utf-8"))
    columns = data["columns"]
    assert list(columns) == ["dev reportqa", "dev vanilla", "test reportqa", "test vanilla"]
    for title in columns:
        assert columns[title]["all"][1] == 3  # three questions per split, both systems
    # vanilla cites its five best chunks, every page of this tiny set, each on its page;
    # it never abstains, and the numbers are in its context
    for split in ("dev", "test"):
        right, held = columns[f"{split} vanilla"][PAGES]
        assert held >= 1 and right == held
        assert columns[f"{split} vanilla"]["unanswerable"] == [0, 1]
        assert columns[f"{split} vanilla"]["numeric"] == [1, 1]
    assert data["metrics"]["dev.accuracy"] == pytest.approx(columns["dev reportqa"]["all"][0] / 3)
    assert "test.accuracy.unanswerable" in data["baseline"]
    assert "## Failed dev questions" in markdown
    # why answers went wrong, per split, as counts only
    wrong = {s: 3 - columns[f"{s} reportqa"]["all"][0] for s in ("dev", "test")}
    causes = data["causes"]
    for split in ("dev", "test"):
        assert sum(causes[split].values()) == wrong[split]
    assert "## Why answers were wrong" in markdown
    assert "orchard-0" not in markdown  # test questions are held out of the report's lists
    # the vanilla index was kept in the real store, for the next run to reuse
    assert list((real_home / "vanilla").glob("vanilla-*.built"))


def test_the_gate_exits_1_naming_the_fallen_real_metric(real_set, real_home, tmp_path):
    floors = thresholds(tmp_path, '[real.minimum]\n"test.accuracy.unanswerable" = 1.0\n')
    common = ("--thresholds", str(floors), "--no-baseline")
    passing = run_real(
        real_set, real_home, tmp_path / "a", *common, "--answerer", f"{CANNED}:always_abstains"
    )
    assert passing.exit_code == 0, passing.output
    failing = run_real(
        real_set, real_home, tmp_path / "b", *common, "--answerer", f"{CANNED}:always_answers"
    )
    assert failing.exit_code == 1, failing.output
    assert "regression: test.accuracy.unanswerable = 0, 1 below its floor 1" in failing.stderr
    data = json.loads((tmp_path / "b" / "eval-real.json").read_text(encoding="utf-8"))
    assert data["passed"] is False
    assert list(data["columns"]) == ["dev reportqa", "test reportqa"]  # --no-baseline
    assert "## What fell" in (tmp_path / "b" / "eval-real.md").read_text(encoding="utf-8")


def test_missing_pdfs_are_one_line_saying_where_to_put_them(tmp_path):
    real_set = make_real_set(tmp_path / "no-pdfs", with_pdfs=False)
    result = run_real(real_set, tmp_path / "home", tmp_path / "out")
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "PDFs are not here" in line and "harbour.pdf and 1 more missing" in line
    assert f"put them in {real_set / 'pdfs'}/" in line
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "eval-real.json").exists()  # not a pass, no report


def test_a_thresholds_file_without_real_limits_is_an_error(real_set, tmp_path):
    plain = thresholds(tmp_path, "")
    result = run_real(real_set, tmp_path / "home", tmp_path / "out", "--thresholds", str(plain))
    assert result.exit_code == 2
    assert "has no [real] limits" in result.stderr


def test_the_shipped_thresholds_gate_the_real_set_by_split():
    from evals.gate import THRESHOLDS, load_thresholds

    limits = load_thresholds(THRESHOLDS, section="real").minimum
    for split in ("dev", "test"):
        assert f"{split}.accuracy" in limits
    assert "test.page_accuracy" in limits and "test.cited_precision" in limits


# ----------------------------------------------------------------------------- pieces
def _answer(text: str, quotes: list[tuple[str, int | None]], status: str = "answered") -> dict:
    citations = [
        {"n": n, "quote": q, "passage": q, "page": p} for n, (q, p) in enumerate(quotes, 1)
    ]
    return {"status": status, "answer": text, "citations": citations, "conflicts": []}


def test_a_tally_counts_kinds_pages_and_cited_sentence_precision():
    numeric, why = QUESTIONS["harbour"][0], QUESTIONS["harbour"][2]
    tally = Tally()
    assert tally.add(numeric, _answer("4.2 million [1]", [(numeric["evidence"][0]["span"], 2)]))
    assert not tally.add(why, _answer("Ferry traffic was flat [1].", [("Ferry traffic", 2)]))
    assert tally.add(
        why,
        _answer(
            "x",
            [
                ("after the winter storms the channel silted up", 3),
                ("Dredging costs rose because the channel silted up after the winter storms.", 1),
            ],
        ),
    )
    rows = tally.rows()
    assert rows["numeric"] == (1, 1) and rows["why"] == (1, 2) and rows["all"] == (2, 3)
    assert rows[PAGES] == (1, 2)  # the second why cites the evidence, on the wrong page
    assert rows[PRECISION] == (1, 3)
    metrics = tally.metrics("dev.")
    assert metrics["dev.accuracy"] == pytest.approx(2 / 3)
    assert metrics["dev.cited_precision"] == pytest.approx(1 / 3)
    assert "dev.accuracy.text" not in metrics  # no item, no rate
    assert [gold["id"] for gold, _ in tally.failures] == ["harbour-003"]


def test_render_table_shows_rate_and_counts_in_every_column():
    ours, theirs = Tally(), Tally()
    gold = QUESTIONS["orchard"][1]
    ours.add(gold, _answer("No.", [], status="abstained"))
    theirs.add(gold, _answer("Anything", [("Anything", 1)]))
    lines = render_table(columns_of({("", "reportqa"): ours, ("", "vanilla"): theirs}, [""]))
    assert lines[0] == "| kind | reportqa | vanilla |"
    assert "| unanswerable | 100.0% (1/1) | 0.0% (0/1) |" in lines
    assert "| numeric | – | – |" in lines
    assert cell(2, 3) == "66.7% (2/3)" and cell(0, 0) == "–"
