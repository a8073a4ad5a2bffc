"""`reportqa check`: reading drafts, finding claims, verdicts on hand-made passages, output."""

from __future__ import annotations

import json

import pytest
from docx import Document
from typer.testing import CliRunner

from reportqa.answering import candidates_of
from reportqa.check import (
    CheckError,
    CheckReport,
    DraftChecker,
    check_report_path,
    find_claims,
    judge,
    read_draft,
    render_json,
    render_markdown,
)
from reportqa.cli import app
from reportqa.models import ScoredPassage

# The judgements on stages and actors read the seed shelf's field profile.
pytestmark = pytest.mark.usefixtures("corpus_profile")


def passage(doc: str, text: str, date: str | None = "2026-05", kind="prose") -> ScoredPassage:
    return ScoredPassage(
        doc_id=doc,
        chunk_id=f"{doc}-1",
        text=text,
        title=f"Report {doc}",
        publisher=f"Publisher {doc}",
        date=date,
        source=f"corpus/{doc}.txt",
        char_start=1000,
        char_end=1000 + len(text),
        score=0.9,
        kind=kind,
    )


SHELF = [
    passage(
        "a", "Markets were calm. In 2024, China accounted for 91% of global rare earth refining."
    ),
    passage(
        "b", "China presently accounts for approximately 63% of the world's rare earth mining."
    ),
    passage("c", "Licences can take up to 45 working days for approval.", date="2025-07-31"),
    passage(
        "d",
        "Overall, China is the leading refiner for 19 out of 20 strategic minerals, holding an"
        " average market share of approximately 75%.",
    ),
]


def verdict_of(sentence: str, shelf=SHELF, which: int = 0):
    claims = find_claims(sentence)
    candidates = [c for rank, p in enumerate(shelf) for c in candidates_of(p, rank)]
    return judge(claims[which], candidates)


# ------------------------------------------------------------------ reading drafts


def test_markdown_draft_loses_its_markup(tmp_path):
    path = tmp_path / "d.md"
    path.write_text(
        "# Title 2026\n\n- **China** held *91%* of [refining](http://x) in 2024.\n> Quote 5%.\n"
    )
    text = read_draft(path)
    assert text.splitlines()[2] == "China held 91% of refining in 2024."
    assert "Quote 5%." in text and "#" not in text


def test_docx_draft_reads_paragraphs_and_tables(tmp_path):
    doc = Document()
    doc.add_heading("Draft", 0)
    doc.add_paragraph("China held 91% of refining in 2024.")
    table = doc.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Mining share"
    table.rows[0].cells[1].text = "69%"
    path = tmp_path / "d.docx"
    doc.save(str(path))
    text = read_draft(path)
    assert "China held 91% of refining in 2024." in text.splitlines()
    assert "Mining share\t69%" in text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("d.pdf", b"%PDF", "unsupported draft type"),
        ("d.docx", b"not a zip", "not a readable .docx"),
        ("d.txt", "Qu\xe9 91%".encode("latin-1"), "not UTF-8"),
    ],
)
def test_bad_drafts_are_one_line(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CheckError, match=message) as err:
        read_draft(path)
    assert "\n" not in str(err.value)


def test_missing_draft_and_bad_report_type(tmp_path):
    with pytest.raises(CheckError, match="no such file"):
        read_draft(tmp_path / "absent.md")
    with pytest.raises(CheckError, match="unsupported report type"):
        check_report_path(tmp_path / "r.docx")


def test_claims_are_quantities_per_sentence_not_citation_markers_or_years():
    claims = find_claims(
        "China held 91% of refining in 2024 [3]. Table 2 shows it.\nNo number here.\n"
        "Output was 270,000 tonnes and reserves 44 million tonnes."
    )
    assert [c.text for c in claims] == ["91%", "270,000 tonnes", "44 million tonnes"]
    assert claims[0].sentence.startswith("China held") and claims[0].line == 1
    assert claims[1].line == 3 and claims[1].sentence == claims[2].sentence


# ------------------------------------------------------------------ verdicts


def test_same_value_same_quantity_same_year_is_supported_with_its_passage():
    v = verdict_of("In 2024, China held 91% of global rare earth refining.")
    assert v.verdict == "SUPPORTED"
    assert v.evidence.doc_id == "a" and "91%" in v.evidence.quote
    assert (
        v.evidence.quote == SHELF[0].text[v.evidence.char_start - 1000 : v.evidence.char_end - 1000]
    )


def test_qualifiers_and_spelling_do_not_matter():
    assert verdict_of("China accounts for 63 per cent of rare earth mining.").verdict == "SUPPORTED"


def test_another_value_for_the_same_quantity_is_contradicted_and_cited():
    v = verdict_of("In 2024, China held 97% of global rare earth refining.")
    assert v.verdict == "CONTRADICTED"
    assert v.report_value == "91%" and v.evidence.doc_id == "a"
    assert "91%" in v.reason and "97%" in v.reason


def test_the_right_value_for_the_wrong_year_is_contradicted():
    v = verdict_of("In 2019, China held 91% of global rare earth refining.")
    assert v.verdict == "CONTRADICTED" and "2024" in v.reason


def test_an_undated_figure_speaks_of_its_report_date():
    # report b is dated 2026-05: "presently" covers 2024-2026, not 2015.
    assert verdict_of("In 2025, China held 63% of rare earth mining.").verdict == "SUPPORTED"
    assert verdict_of("In 2015, China held 63% of rare earth mining.").verdict == "CONTRADICTED"


def test_a_figure_of_another_stage_neither_supports_nor_contradicts():
    # 75% in report d is a refining share, 91% is refining: neither is about mining in 2024.
    v = verdict_of("In 2024, China held 75% of rare earth mining.", shelf=[SHELF[0], SHELF[3]])
    assert v.verdict == "NOT FOUND"


def test_an_absent_figure_is_not_found_with_the_nearest_passage():
    v = verdict_of("Lithium prices fell 35% in 2025.")
    assert v.verdict == "NOT FOUND" and v.evidence is not None


def test_durations_compare_by_unit():
    assert verdict_of("Approval can take up to 45 working days.").verdict == "SUPPORTED"
    assert verdict_of("Approval can take up to 45 weeks.").verdict == "NOT FOUND"


def test_table_rows_carry_their_stage():
    table = passage(
        "t",
        "Table 2: China's Dominance Across the Rare Earth Supply Chain\n"
        "Supply Chain Stage\tChina's Global Market Share\nMining\t~63%\nProcessing\t~85%",
        kind="table",
    )
    assert verdict_of("China holds 85% of processing.", shelf=[table]).verdict == "SUPPORTED"
    v = verdict_of("China holds 70% of rare earth mining.", shelf=[table])
    assert v.verdict == "CONTRADICTED" and v.report_value == "~63%"


def test_stageless_figures_are_contradicted_only_when_they_count_the_same_thing():
    shelf = [
        passage(
            "u",
            "The strategy caps reliance on any single foreign supplier at 60% for each mineral.",
        )
    ]
    same = verdict_of(
        "The strategy caps reliance on one foreign supplier at 45% for each mineral.", shelf
    )
    assert same.verdict == "CONTRADICTED" and same.report_value == "60%"
    other = verdict_of("Recycling rates remain below 45% for magnets.", shelf)
    assert other.verdict == "NOT FOUND"


def test_a_table_row_speaks_only_of_its_first_cell():
    table = passage(
        "t",
        "Table 1: Reserves by country (tonnes)\nCountry\tReserves (2024)\nIndia\t6,900,000\n"
        "China\t44,000,000",
        kind="table",
    )
    assert (
        verdict_of("Vietnam holds 22 million tonnes of reserves.", [table]).verdict == "NOT FOUND"
    )
    v = verdict_of("China holds 50 million tonnes of reserves.", [table])
    assert v.verdict == "CONTRADICTED" and v.report_value == "44,000,000"


def test_it_in_a_report_sentence_refers_to_the_sentence_before():
    p = passage(
        "r",
        "China is the largest producer. In 2025, it produced 270,000 tonnes, according to the US"
        " Geological Survey.",
    )
    assert verdict_of("In 2025, China produced 270,000 tonnes.", [p]).verdict == "SUPPORTED"
    assert verdict_of("In 2025, Japan produced 270,000 tonnes.", [p]).verdict == "NOT FOUND"


# ------------------------------------------------------------------ output


def report() -> CheckReport:
    sentences = [
        "In 2024, China held 91% of global rare earth refining.",
        "In 2024, China held 97% of global rare earth refining.",
        "Lithium prices fell 35% in 2025.",
    ]
    candidates = [c for rank, p in enumerate(SHELF) for c in candidates_of(p, rank)]
    return CheckReport("draft.md", [judge(find_claims(s)[0], candidates) for s in sentences])


def test_markdown_and_json_reports():
    r = report()
    assert r.counts() == {"SUPPORTED": 1, "CONTRADICTED": 1, "NOT FOUND": 1}
    md = render_markdown(r)
    assert "## 2. CONTRADICTED: 97%" in md and "Deciding passage: Report a" in md
    assert "corpus/a.txt:" in md and "Nearest passage" in md
    data = json.loads(render_json(r))
    assert data["counts"]["CONTRADICTED"] == 1
    assert [c["verdict"] for c in data["claims"]] == ["SUPPORTED", "CONTRADICTED", "NOT FOUND"]
    assert data["claims"][1]["evidence"]["quote"].startswith("In 2024")


class FakeRetriever:
    def __init__(self):
        self.calls: list[str] = []

    def retrieve(self, question, k=None, filters=None):
        self.calls.append(question)
        return SHELF


def test_checker_retrieves_once_per_sentence():
    retriever = FakeRetriever()
    r = DraftChecker(retriever).check_text(
        "In 2024, China held 91% of refining and 63% of rare earth mining. Approval takes 45 days."
    )
    assert len(r.verdicts) == 3 and len(retriever.calls) == 2


# ------------------------------------------------------------------ the command


def test_check_command_strict_and_report_file(cli_store):
    draft = cli_store / "draft.txt"
    draft.write_text("In 2024, China accounted for 97% of global rare earth refining.\n")
    out = cli_store / "report.json"
    lenient = CliRunner().invoke(app, ["check", str(draft), "-o", str(out)])
    assert lenient.exit_code == 0, lenient.output
    assert "1 numeric claims: 0 supported, 1 contradicted" in lenient.output
    assert json.loads(out.read_text())["claims"][0]["report_value"] == "91%"
    strict = CliRunner().invoke(app, ["check", str(draft), "--strict"])
    assert strict.exit_code == 1 and "CONTRADICTED: 97%" in strict.output


def test_check_command_user_errors_are_one_line(cli_store):
    draft = cli_store / "draft.md"
    draft.write_text("China held 91% of refining.\n")
    cases = [
        (["check", str(cli_store / "none.md")], "no such file"),
        (["check", str(draft), "-o", str(cli_store / "r.docx")], "unsupported report type"),
        (["check", str(cli_store / "d.pdf")], "unsupported draft type"),
    ]
    for args, message in cases:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2 and message in result.output
        assert len(result.output.strip().splitlines()) == 1 and "Traceback" not in result.output
