"""Who signed a report: signature blocks read from their shape, in any field."""

from __future__ import annotations

from reportqa.about_report import asks_about_report, signer_answer
from reportqa.models import DocumentRecord, Passage
from reportqa.signatures import signature_of, signatures


def _passages(*texts: str) -> list[Passage]:
    out, at = [], 0
    for n, text in enumerate(texts):
        out.append(
            Passage(doc_id="r", chunk_id=f"r-{n}", text=text, title="Harbour Dredging Review",
                    publisher=None, date="2019-04", source="r.pdf", page=n + 1,
                    char_start=at, char_end=at + len(text), kind="prose")
        )  # fmt: skip
        at += len(text) + 2
    return out


def test_a_name_then_an_office_is_a_signature():
    assert signature_of("Maria Okafor Director, Port Infrastructure and Dredging") == (
        "Maria Okafor",
        "Director, Port Infrastructure and Dredging",
    )
    # a form of address and the office before the name belong to the address
    assert signature_of("Honourable Minister Tomas K. Ruud MINISTER OF FISHERIES") == (
        "Tomas K. Ruud",
        "MINISTER OF FISHERIES",
    )


def test_sentences_headings_and_salutations_are_no_signature():
    assert signature_of("The Director approved the dredging plan in 2019.") is None
    assert signature_of("LETTER FROM THE HARBOUR MASTER") is None
    assert signature_of("Dear Mr. Chairman:") is None
    assert signature_of("Director") is None  # an office, no name


def test_the_block_after_a_valediction_comes_first():
    shelf = _passages(
        "The Honorable Ana Lind Chairman Committee on Harbours",
        "Dredging costs rose by 12% in 2018.",
        "Sincerely yours,",
        "Maria Okafor Director, Port Infrastructure",
    )
    assert [p.chunk_id for p in signatures(shelf)] == ["r-3", "r-0"]


def test_a_name_the_report_repeats_is_a_bodys_not_a_signers():
    shelf = _passages(
        "Harbour Data Centre Manager",
        "The Harbour Data Centre collects tonnage. The Harbour Data Centre publishes it.",
        "Figures are checked by the Harbour Data Centre and the Harbour Data Centre board.",
    )
    assert signatures(shelf) == []


def test_who_signed_is_answered_from_the_signature_block():
    question = "Who signed the dredging review, and when was it issued?"
    assert asks_about_report(question) == "signer"
    record = DocumentRecord(doc_id="r", source="r.pdf", path="r.pdf", content_hash="r",
                            title="Harbour Dredging Review", date="2019-04")  # fmt: skip
    shelf = _passages("Sincerely yours,", "Maria Okafor Director, Port Infrastructure")
    answer = signer_answer(question, record, signatures(shelf))
    assert answer is not None and answer.status == "answered"
    assert "Maria Okafor" in answer.answer and "April 2019" in answer.answer
    assert answer.citations[0].page == 2
    # no signature block: the question is left to the answerer
    assert signer_answer(question, record, signatures(_passages("Costs rose."))) is None


def test_things_signed_are_no_question_about_the_reports_signer():
    assert asks_about_report("Which countries signed the harbour accord?") is None
    assert asks_about_report("Which harbour director signed the review?") == "signer"
