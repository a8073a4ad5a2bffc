"""The command line, question files and the chat refuse the same questions in the same words."""

from __future__ import annotations

import re

import pytest

from app.conversation import check_question
from reportqa.question_input import question_problem, readable
from reportqa.questions_file import QuestionFileError, load_questions


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ("   ", "the question is empty"),
        ("What share? " * 300, "the question is too long (3,599 characters, at most 2,000)"),
        ("What share\x1b[2J of refining?", "the question contains control characters"),
    ],
)
def test_one_rule_everywhere(tmp_path, question, problem):
    assert question_problem(question) == problem
    assert check_question(question) == problem[0].upper() + problem[1:] + "."
    path = tmp_path / "q.txt"
    path.write_text(f"What share of refining?\n{question}\n", encoding="utf-8")
    if question.strip():
        with pytest.raises(QuestionFileError, match=re.escape(problem)):
            load_questions(path)


def test_a_good_question_passes_and_undecodable_bytes_become_visible():
    assert question_problem("What share of refining did China hold in 2024?") is None
    assert readable("occupancy \udcff") == "occupancy \ufffd"
    assert "control characters" in question_problem("What share\x85 of refining?")
