"""The extractive answerer on small hand-made passages (no store, no model)."""

from __future__ import annotations

from reportqa.answering import Answerer, verify
from reportqa.config import Settings
from reportqa.models import Answer, Citation, Footnote, ScoredPassage


def passage(doc: str, text: str, publisher: str, date: str, **extra) -> ScoredPassage:
    return ScoredPassage(
        doc_id=doc,
        chunk_id=f"{doc}-1",
        text=text,
        title=f"Report {doc}",
        publisher=publisher,
        date=date,
        source=f"{doc}.txt",
        char_start=100,
        char_end=100 + len(text),
        score=0.9,
        **extra,
    )


def answer(question: str, passages: list[ScoredPassage]) -> Answer:
    answerer = Answerer(Settings(embedding={"backend": "fake"}), retriever=object())  # type: ignore[arg-type]
    return answerer._answer(question, passages)


def test_answer_quotes_a_verbatim_span_and_verifies_its_number():
    p = passage(
        "a",
        "Markets were calm. In 2024, China accounted for 91% of global refining.",
        "X",
        "2026-05",
    )
    result = answer("What share of global refining did China hold in 2024?", [p])
    assert result.status == "answered"
    assert "91%" in result.answer and result.answer.endswith("[1]")
    cite = result.citations[0]
    assert cite.quote == "In 2024, China accounted for 91% of global refining."
    assert p.text[cite.char_start - p.char_start : cite.char_end - p.char_start] == cite.quote
    assert [(c.text, c.verified) for c in result.claims] == [("91%", True)]


def test_conflicting_reports_are_flagged_with_each_value():
    a = passage(
        "a", "China holds approximately 63% of the world's rare earth mining.", "Alpha", "2025-07"
    )
    b = passage(
        "b", "China accounts for roughly 69% of global rare earth mining.", "Beta", "2026-05"
    )
    result = answer("What share of rare earth mining does China account for?", [a, b])
    assert result.status == "conflict"
    assert "63%" in result.answer and "69%" in result.answer
    assert {v.value for v in result.conflicts[0].values} == {"approximately 63%", "roughly 69%"}
    assert all(c.verified for c in result.claims)


def test_same_value_in_two_reports_is_not_a_conflict():
    a = passage("a", "China holds 91% of global rare earth refining.", "Alpha", "2025-07")
    b = passage("b", "China accounts for 91% of global rare earth refining.", "Beta", "2026-05")
    result = answer("What share of rare earth refining does China hold?", [a, b])
    assert result.status == "answered"


def test_abstains_when_the_reports_do_not_cover_it():
    p = passage("a", "China accounted for 91% of global rare earth refining in 2024.", "X", "2026")
    result = answer("What is the price of lithium carbonate in Chile?", [p])
    assert result.status == "abstained"
    assert "do not answer" in result.answer
    assert all(c.related for c in result.citations)
    assert not any(ch.isdigit() for ch in result.answer)


def test_source_question_is_answered_by_the_footnote():
    p = passage(
        "a",
        "In 2025, it produced an estimated 270,000 tonnes, according to the USGS.¹²",
        "RUSI",
        "2026-06",
        footnotes=[Footnote(n=12, text="US Geological Survey, 'Rare Earths'.")],
    )
    result = answer("What is the source for the 270,000 tonnes produced in 2025?", [p])
    assert "US Geological Survey, 'Rare Earths'." in result.answer
    assert result.citations[0].footnotes[0].n == 12
    assert all(c.verified for c in result.claims)


def test_verifier_flags_a_number_not_in_the_quote():
    cite = Citation(
        n=1,
        doc_id="a",
        chunk_id="c",
        source="a.txt",
        quote="China accounted for 91% of refining.",
        passage="China accounted for 91% of refining.",
        char_start=0,
        char_end=36,
    )
    bad = Answer(question="q", status="answered", answer="China held 95% [1].", citations=[cite])
    assert [(c.text, c.verified) for c in verify(bad)] == [("95%", False)]
    uncited = Answer(question="q", status="answered", answer="China held 91%.", citations=[cite])
    assert [c.verified for c in verify(uncited)] == [False]


def test_a_note_repeating_the_note_before_it_is_quoted_with_that_note():
    first = passage(
        "a", "Harbour traffic fell by a third in 2022.¹", "Port Office", "2023-04",
        footnotes=[Footnote(n=1, text="Coastal Freight Monitor, Annual Review 2023, p. 4.")],
    )  # fmt: skip
    later = passage(
        "a", "Ferry crossings were cut to 40 a week in 2023.²", "Port Office", "2023-04",
        footnotes=[Footnote(n=2, text="Idem, p. 9.")],
    ).model_copy(update={"chunk_id": "a-2", "char_start": 400, "char_end": 447})  # fmt: skip

    class Shelf:
        def passages(self) -> list[ScoredPassage]:
            return [first, later]

    answerer = Answerer(Settings(embedding={"backend": "fake"}), retriever=Shelf())  # type: ignore[arg-type]
    result = answerer._answer(
        "What is the source of the figure of 40 ferry crossings a week?", [later]
    )
    assert "Idem, p. 9, that is (¹) Coastal Freight Monitor" in result.answer, result.answer
    assert result.citations[1].quote == "Harbour traffic fell by a third in 2022.¹"
    assert all(c.verified for c in result.claims)
    alone = answer("What is the source of the figure of 40 ferry crossings a week?", [later])
    assert "Coastal Freight Monitor" not in alone.answer
