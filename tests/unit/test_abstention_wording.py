"""An abstention says what the reports lack in the asker's own words."""

from __future__ import annotations

import pytest

from reportqa import lexicon
from reportqa.answering.compose import as_written
from tests.unit.test_answer_general import WARDS, ask


@pytest.fixture(autouse=True)
def no_profile():
    lexicon.use(lexicon.EMPTY)
    yield


def test_an_abstention_names_what_is_missing_as_the_question_wrote_it():
    result = ask("How many hospitals in Togo closed in 2022?", [WARDS])
    assert result.status == "abstained"
    assert "nothing on: Togo" in result.answer


def test_stems_map_back_to_the_words_of_the_question():
    question = "How many hospitals in Liberia closed in 2022?"
    assert as_written(question, ["liberia", "hospit", "absent"]) == [
        "Liberia",
        "hospitals",
        "absent",
    ]
