"""Acronyms a report spells out, and the long forms a sentence using one speaks of."""

from __future__ import annotations

import pytest

from reportqa.answering.acronyms import defined_in, long_forms_used, spell_out

pytestmark = pytest.mark.unit


@pytest.mark.parametrize(
    ("short", "text", "long"),
    [
        ("FAF", "data from the Freight Analysis Framework were", "Freight Analysis Framework"),
        # "and" joins capitalised words and stands for no letter, though it starts with A
        ("FAO", "the Food and Agriculture Organization of the United Nations",
         "Food and Agriculture Organization"),
        ("DOE", "the U.S. Department of Energy", "Department of Energy"),
        ("LMDI", "a Log Mean Divisia index", "Log Mean Divisia index"),
    ],
)  # fmt: skip
def test_an_acronym_is_spelled_out_by_the_initials_of_the_words_before_it(short, text, long):
    assert spell_out(short, text) == long


def test_a_sentence_using_an_acronym_its_passage_defined_speaks_of_the_long_form():
    passage = (
        "In 2014 the ministry hosted the Second Regional Conference on Fisheries (RCF2). "
        "RCF2 adopted the Harbour Charter and a plan for action."
    )
    assert defined_in(passage) == (("RCF2", "Regional Conference on Fisheries"),)
    used = long_forms_used("RCF2 adopted the Harbour Charter and a plan for action.", passage)
    assert used == "Regional Conference on Fisheries"
    # the defining sentence already writes it; a sentence without the acronym gets nothing
    assert long_forms_used("The ministry hosted the Second Regional Conference on Fisheries "
                           "(RCF2).", passage) == ""  # fmt: skip
    assert long_forms_used("The plan was adopted in 2015.", passage) == ""
