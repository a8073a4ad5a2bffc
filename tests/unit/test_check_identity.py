"""`reportqa check` reads a figure's year where it is written, in the draft and in the
reports: a sentence of several years gives each figure its own."""

from __future__ import annotations

import pytest

from reportqa import lexicon
from reportqa.answering import candidates_of
from reportqa.check import find_claims, judge
from reportqa.models import ScoredPassage


@pytest.fixture(autouse=True)
def no_profile():
    lexicon.use(lexicon.EMPTY)
    yield


def verdict(draft: str, report: str):
    p = ScoredPassage(
        doc_id="h", chunk_id="h-1", text=report, title="Hospital Outlook",
        publisher="Health Office", date="2023-01", source="h.pdf",
        char_start=0, char_end=len(report), score=0.9,
    )  # fmt: skip
    (claim,) = find_claims(draft)
    return judge(claim, candidates_of(p, 0))


REPORT = (
    "Hospital infection rates are expected to fall from 8.8 percent in 2022 to 6.6 percent in 2023."
)


def test_a_figure_of_another_year_in_the_same_sentence_does_not_support_a_claim():
    v = verdict("Hospital infection rates are expected to be 8.8 percent in 2023.", REPORT)
    assert v.verdict != "SUPPORTED"


def test_the_figure_written_next_to_the_year_supports_it():
    v = verdict("Hospital infection rates are expected to be 6.6 percent in 2023.", REPORT)
    assert v.verdict == "SUPPORTED" and v.report_value == "6.6 percent"
    v = verdict("Hospital infection rates were 8.8 percent in 2022.", REPORT)
    assert v.verdict == "SUPPORTED"
