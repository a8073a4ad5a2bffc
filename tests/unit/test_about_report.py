"""Questions about a report itself, read from their form and answered from its record."""

from __future__ import annotations

import pytest

from reportqa.about_report import answer_about_report, asks_about_report
from reportqa.models import DocumentRecord, Passage


@pytest.mark.parametrize(
    ("question", "field"),
    [
        ("Who wrote the review of district hospitals?", "author"),
        ("Who prepared the meeting notes?", "author"),
        ("Which agency published the outlook?", "publisher"),
        ("When was the survey of clinics published?", "date"),
        ("What is the full title of the guide?", "title"),
        ("How many clinics closed in 2022?", None),
        ("Who funds the clinics?", None),
    ],
)
def test_the_form_says_which_record_field_is_asked(question: str, field: str | None) -> None:
    assert asks_about_report(question) == field


RECORD = DocumentRecord(
    doc_id="d", source="review.pdf", path="review.pdf", content_hash="h",
    title="District Hospitals Review", publisher="Ministry of Health", date="2023-05",
    author="Jane Doe",
)  # fmt: skip


def opening(text: str) -> list[Passage]:
    return [Passage(doc_id="d", chunk_id="c1", text=text, source="review.pdf", page=1,
                    char_start=0, char_end=len(text))]  # fmt: skip


def test_the_publisher_and_date_are_told_and_cited_where_the_report_says_them() -> None:
    first = opening("District Hospitals Review. Published by the Ministry of Health, May 2023.")
    answer = answer_about_report("Who published it?", "publisher", RECORD, first)
    assert answer is not None and answer.status == "answered"
    assert answer.answer.startswith("District Hospitals Review was published by Ministry of Health")
    assert "May 2023" in answer.answer
    assert answer.citations[0].quote == "Published by the Ministry of Health, May 2023."
    assert answer.citations[0].page == 1


def test_an_author_the_opening_pages_do_not_name_is_not_told() -> None:
    first = opening("District Hospitals Review. Published by the Ministry of Health.")
    answer = answer_about_report("Who wrote it?", "author", RECORD, first)
    assert answer is not None
    assert "Jane Doe" not in answer.answer and "opening page reads" in answer.answer


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("Which body issued this discussion paper?", True),
        ("When was the review published?", True),
        ("Which agency issued the emergency order of 2019?", False),
    ],
)
def test_a_question_is_about_the_report_only_when_it_speaks_of_one(question, about) -> None:
    from reportqa.about_report import refers_to_a_report

    assert refers_to_a_report(question) is about
