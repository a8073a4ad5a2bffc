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
        ("When was this version of the clinic survey updated?", "date"),
        ("When was the hospital guide last revised?", "date"),
        ("Which ministry issued this clinic bulletin?", "publisher"),
        ("Who produces the harbour review this summary covers?", "publisher"),
        ("Which city office issued these harbour guidelines?", "publisher"),
        ("When did clinic visits rise?", None),
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


def test_a_body_asked_beside_the_author_is_quoted_from_the_reports_credit() -> None:
    from reportqa.about_report import credit_line

    record = RECORD.model_copy(update={"publisher": None})
    first = opening("District Hospitals Review. Jane Doe, May 2023.")
    credit_text = "Crown copyright, prepared by Harbour Analytics under contract to the Ministry."
    credit = Passage(doc_id="d", chunk_id="c2", text=credit_text, source="review.pdf", page=2,
                     char_start=500, char_end=500 + len(credit_text))  # fmt: skip
    found = credit_line([credit])
    assert found is not None
    question = "Who prepared this review, for which ministry, and when?"
    answer = answer_about_report(question, "author", record, first, credit=found)
    assert answer is not None and "written by Jane Doe" in answer.answer
    # the record names no body; the report's own credit line does
    assert "prepared by Harbour Analytics" in answer.answer
    assert [c.page for c in answer.citations] == [1, 2]
    # asked only who wrote it, the credit is not added
    answer = answer_about_report("Who wrote this review?", "author", record, first, credit=found)
    assert answer is not None and "Harbour Analytics" not in answer.answer


@pytest.mark.parametrize(
    ("question", "about"),
    [
        ("Which body issued this discussion paper?", True),
        ("When was the review published?", True),
        ("Which agency issued the emergency order of 2019?", False),
        ("Who issued these operational guidelines?", True),
        ("What does this summary leave out?", True),
        ("In what year was the Harbour Response Plan published?", False),
        ("Which city office produced this harbour strategy?", True),
        ("When was this climate action plan adopted?", True),
        ("Which agency wrote the plan the town adopted?", False),
    ],
)
def test_a_question_is_about_the_report_only_when_it_speaks_of_one(question, about) -> None:
    from reportqa.about_report import refers_to_a_report

    assert refers_to_a_report(question) is about


@pytest.mark.parametrize(
    ("question", "words"),
    [
        ("Which city office produced this harbour plan?", "harbour"),
        ("Who produced this Borduria Food Security Outlook?", "Borduria Food Security"),
        ("Who wrote this report?", ""),
        ("Who prepared the summary notes of the workshop?", ""),  # "the": no pointing
    ],
)
def test_a_demonstrative_points_at_a_report_with_the_words_before_its_kind(question, words):
    from reportqa.about_report import pointing_words

    assert pointing_words(question) == words


def small_passages(texts: list[str], page: int = 1, start: int = 0) -> list[Passage]:
    out = []
    for n, text in enumerate(texts):
        out.append(Passage(doc_id="d", chunk_id=f"c{start + n}", text=text, source="r.pdf",
                           page=page, char_start=start + 100 * n,
                           char_end=start + 100 * n + len(text)))  # fmt: skip
    return out


def test_a_title_page_of_small_passages_is_quoted_whole() -> None:
    record = RECORD.model_copy(update={"author": None, "publisher": None})
    first = small_passages(["June 2021", "Prepared by:", "A Mensah K Osei"]) + small_passages(
        ["Hospital admissions rose in every district."], page=2, start=1000
    )
    answer = answer_about_report("Who prepared the review?", "author", record, first)
    assert answer is not None
    assert "A Mensah K Osei" in answer.answer and "June 2021" in answer.answer
    assert "admissions" not in answer.answer  # the next page is not the title page
    assert [c.quote for c in answer.citations] == ["June 2021", "Prepared by:", "A Mensah K Osei"]


def test_an_author_the_report_names_by_initials_is_told() -> None:
    record = RECORD.model_copy(
        update={"author": "Pan American Health Organization Statistics Unit", "publisher": None}
    )
    first = small_passages(["2022", "MAY"])
    body = "PAHO estimates that measles cases doubled."
    answer = answer_about_report("Who published this update?", "publisher", record, first, body)
    assert answer is not None
    assert "written by Pan American Health Organization" in answer.answer
    # a typist's name in the PDF's author field, which the report never gives, is not told
    typist = RECORD.model_copy(update={"author": "Smith, John K", "publisher": None})
    answer = answer_about_report("Who published this update?", "publisher", typist, first, body)
    assert answer is not None and "Smith" not in answer.answer


def test_where_the_report_says_who_made_it_is_quoted_when_the_record_does_not() -> None:
    from reportqa.about_report import credit_line

    record = RECORD.model_copy(update={"publisher": None, "author": None})
    first = opening("District Hospitals Review. Spring edition.")
    back = small_passages(
        ["© Ana Ruiz/Harbour Photo Agency", "Suggested citation: Harbour Health Institute. "
         "District Hospitals Review. Port Royal: HHI; 2023. Reproduction is authorised."],
        page=30, start=5000,
    )  # fmt: skip
    credit = credit_line(back)
    assert credit is not None  # the photo's credit is passed over for the report's
    answer = answer_about_report("Who published it?", "publisher", record, first, "", credit)
    assert answer is not None and "Harbour Health Institute" in answer.answer
    assert answer.citations[0].page == 30 and answer.citations[0].quote.startswith("Suggested")
    assert "opening page reads" in answer.answer  # the title page is still shown
    # the names set below "Prepared by:" come with it
    names = small_passages(["Meeting notes. Prepared by: Lia Chen, Omar Diaz. Spring 2020."])
    (passage, start, end) = credit_line(names)
    assert passage.text[start:end].strip() == "Prepared by: Lia Chen, Omar Diaz."
    # a report that says nothing of who made it: the opening page alone
    assert credit_line(opening("District Hospitals Review. Spring edition.")) is None


def test_a_note_citing_another_work_is_not_the_reports_credit() -> None:
    from reportqa.about_report import credit_line

    note_text = (
        "12. Harbour Board. 2009. Tidal Criteria for the Bay, prepared by Ann Lee, June 2009."
    )
    note = Passage(doc_id="d", chunk_id="n1", text=note_text, source="review.pdf", page=4,
                   char_start=900, char_end=900 + len(note_text), kind="footnotes")  # fmt: skip
    assert credit_line([note]) is None
    # the same words in the report's own text are its credit
    own = note.model_copy(update={"kind": "prose", "chunk_id": "p1"})
    assert credit_line([note, own]) is not None


def test_an_author_that_is_the_publisher_is_completed_by_the_citation_set_below_its_line():
    """A record whose author is its publisher names no writer; the report's "Please cite
    this publication as:" closes its passage, and the next passage names the people."""
    from reportqa.about_report import credit_line

    record = RECORD.model_copy(update={"author": "Ministry of Health"})
    first = opening("District Hospitals Review. Ministry of Health, May 2023.")
    back = small_passages(
        ["Please cite this publication as:",
         "Rao, P., and K. Lund. 2023. District hospitals review. Ministry of Health."],
        page=4, start=3000,
    )  # fmt: skip
    credit = credit_line(back)
    assert credit is not None and credit[0].text.startswith("Rao, P.")
    answer = answer_about_report("Who wrote this review?", "author", record, first, "", credit)
    assert answer is not None and "Rao, P., and K. Lund" in answer.answer
    assert [c.page for c in answer.citations] == [1, 4]


def test_report_as_a_verb_points_at_no_report():
    from reportqa.about_report import refers_to_a_report

    assert not refers_to_a_report("Why did the crews generally not report the near misses?")
    assert not refers_to_a_report("Why do the pilots report the incidents late?")
    assert refers_to_a_report("Summarise the limitations the report acknowledges.")
