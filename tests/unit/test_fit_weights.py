"""The weight fit is plain functions over labelled candidates: checked on made-up rows."""

from __future__ import annotations

from evals.fit_weights import (
    QuestionCandidates,
    as_settings,
    first_right,
    leave_one_report_out,
    pairwise_fit,
)


def rows(report: str) -> list[QuestionCandidates]:
    """Questions where the right sentence has the higher 'coverage' and a lower
    'passage' score: only a weight on coverage ranks them right."""
    out = []
    for i in range(6):
        right = ({"coverage": 0.9, "passage": 0.5 + i / 20}, True)
        wrong = ({"coverage": 0.3, "passage": 0.9}, False)
        out.append(QuestionCandidates(report, f"{report}-{i}", [wrong, right]))
    return out


def test_the_fit_learns_the_sign_that_ranks_right_above_wrong():
    data = rows("a") + rows("b")
    fitted = pairwise_fit(data, ["coverage", "passage"])
    assert fitted["coverage"] > 0 > fitted["passage"]
    assert first_right(data, fitted) == (12, 12)
    assert first_right(data, {"passage": 1.0}) == (0, 12)


def test_held_out_reports_are_scored_with_weights_fitted_without_them():
    assert leave_one_report_out(rows("a") + rows("b"), ["coverage", "passage"], 0.01) == (12, 12)


def test_settings_keep_the_anchor_and_never_turn_a_penalty_into_a_bonus():
    got = as_settings({"coverage": 3.0, "passage": 1.0, "note_penalty": -0.4}, 1.5)
    assert got["answer"]["weights"] == {"coverage": 1.5, "passage": 0.5}
    assert got["answer"]["note_penalty"] == 0.0


def test_a_question_without_candidates_counts_for_nothing():
    empty = [QuestionCandidates("a", "a-1", [])]
    assert first_right(empty, {"coverage": 1.0}) == (0, 0)
    assert pairwise_fit(empty, ["coverage"]) == {"coverage": 0.0}


def test_a_table_row_is_labelled_as_the_answer_would_quote_it():
    """A row's bare cells name no unit; quoted with its header the value carries the
    column's currency, so the fit counts the row as the right answer it is."""
    from evals.fit_weights import quoted_alone
    from evals.scoring import is_correct
    from reportqa.answering.candidates import Candidate
    from reportqa.models import ScoredPassage

    text = "Top donors, 2024\nDonor\tAmount (US$)\nNorway\t4,678,581\nSpain\t809,061"
    table = ScoredPassage(
        doc_id="d", chunk_id="d-1", text=text, title="Fund", publisher=None, date="2024",
        source="d.pdf", page=3, char_start=0, char_end=len(text), kind="table", score=0.9,
    )  # fmt: skip
    start = text.index("Norway")
    row = Candidate(table, 0, start, start + len("Norway\t4,678,581"), "Norway\t4,678,581")
    gold = {"kind": "numeric", "expected": {"quantities": ["US$4,678,581"]}, "evidence": []}
    assert "US$4,678,581" in quoted_alone(row)["answer"]
    assert is_correct(quoted_alone(row), gold)
    bare = {"status": "answered", "answer": row.text, "citations": []}
    assert not is_correct(bare, gold)
