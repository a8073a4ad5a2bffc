"""The word that sets a question apart, and the owner of a rate: rules read on made-up
reports of fields other than the seed corpus."""

from __future__ import annotations

import pytest

from reportqa import lexicon
from reportqa.answering.question import verb_and_frame_stems
from reportqa.answering.scoring import rate_kind
from reportqa.models import Answer, ScoredPassage
from tests.unit.test_answer_general import ask as ask_with


@pytest.fixture(autouse=True)
def no_profile():
    lexicon.use(lexicon.EMPTY)
    yield


def passage(doc: str, text: str, n: int = 1, title: str = "Nursing Review") -> ScoredPassage:
    return ScoredPassage(
        doc_id=doc, chunk_id=f"{doc}-{n}", text=text, title=title, publisher=None,
        date="2023-05", source=f"{doc}.pdf", page=n, char_start=1000 * n,
        char_end=1000 * n + len(text), kind="prose", score=0.9,
    )  # fmt: skip


def ask(question: str, retrieved: list[ScoredPassage], shelf: list[ScoredPassage]) -> Answer:
    """The answer from ``retrieved``, read with the statistics of the whole ``shelf``."""
    return ask_with(question, retrieved, shelf)


NURSES = passage(
    "n",
    "In 2021, hospitals in the region employed 38 nurses each. Nurse numbers rose by "
    "4 percent in 2021.",
)
FARMS = passage(
    "f",
    "The median age of farm holders was 57 years in 2020. Farm incomes fell by 3 percent. "
    "Cooperatives raise funds from members and sit on regional boards.",
    title="Farm Structure Survey",
)
PORTS = passage(
    "p",
    "Port traffic grew by 6 percent in 2020. Container volumes reached a record.",
    title="Port Statistics",
)
CLINICS = passage(
    "c",
    "Hospitals hired more nurses in 2020 than in any year before.",
    title="Clinic Staffing Note",
)
SHELF = [NURSES, FARMS, PORTS, CLINICS]


def test_a_passage_without_the_word_that_sets_the_question_apart_does_not_answer():
    result = ask("What was the median number of nurses per hospital in 2021?", [NURSES], SHELF)
    assert result.status == "abstained"
    assert "median" in result.answer


def test_the_questions_own_verb_is_no_such_word():
    donors = passage(
        "d",
        "In 2022, the health fund mobilized $4 million in flexible funding from donors.",
        title="Health Fund Annual Report",
    )
    result = ask(
        "How much flexible funding did the health fund raise from donors in 2022?",
        [donors],
        [*SHELF, donors],
    )
    assert result.status == "answered" and "$4 million" in result.answer


def test_verbs_and_sort_nouns_of_a_question_are_known_by_its_grammar():
    assert verb_and_frame_stems("How much did the fund raise from donors?") == {"rais"}
    assert verb_and_frame_stems("Which agency stopped reporting after 2019?") == {"stop"}
    assert "sit" in verb_and_frame_stems("How many members sit on the board?")
    assert "kind" in verb_and_frame_stems("What two kinds of loans do lenders offer?")
    assert verb_and_frame_stems("What was the median age of farm holders in 2020?") == frozenset()


def test_a_rate_named_by_its_owner_answers_for_the_owners_policy_rate():
    bank = passage(
        "b",
        "Growth is projected to rise to 2.1 percent in 2024. There is a 0.3 percentage "
        "point downward revision for 2025 due to the steeper path of Central Bank rate "
        "hikes, to a peak of about 6.5 percent in 2024.",
        title="Economic Outlook",
    )
    question = "To what peak will the Central Bank's policy rate rise in 2024?"
    assert rate_kind(question) == ("polici", "", ("central", "bank"))
    result = ask(question, [bank], [*SHELF, bank])
    assert "6.5 percent" in result.answer
