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
        # a hyphenated word: one letter, or one for each capitalised part
        ("OECD", "the Organisation for Economic Co-operation and Development",
         "Organisation for Economic Co-operation and Development"),
        ("SOL", "the resources available through Services On-Line", "Services On-Line"),
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


def test_bm25_reads_the_long_form_of_an_acronym_its_report_spells_out():
    from reportqa.models import Passage
    from reportqa.retrieve import HybridRetriever, _long_forms_by_report

    def passage(n: int, text: str) -> Passage:
        return Passage(
            doc_id="h", chunk_id=f"h-{n}", text=text, title="Harbour review", source="h.pdf",
            char_start=100 * n, char_end=100 * n + len(text),
        )  # fmt: skip

    defines = passage(1, "The ministry hosted the Regional Conference on Fisheries (RCF).")
    uses = passage(2, "The RCF adopted the Harbour Charter.")
    forms = _long_forms_by_report([defines, uses])
    assert forms == {"h": {"RCF": "Regional Conference on Fisheries"}}
    assert HybridRetriever._bm25_text(uses, forms["h"]).endswith(
        "\nRegional Conference on Fisheries"
    )
    # the passage that spells it out already reads it; other passages are unchanged
    assert HybridRetriever._bm25_text(defines, forms["h"]) == f"\n{defines.text}"
    plain = passage(3, "Dues rose in 2022.")
    assert HybridRetriever._bm25_text(plain, forms["h"]) == f"\n{plain.text}"


def test_a_long_form_in_lower_case_before_its_acronym_is_spelled_out():
    text = (
        "The post-stress harbour dues recovery ratio (HDRR2) fell, and net present value (NPV) too."
    )
    assert defined_in(text) == (
        ("HDRR2", "harbour dues recovery ratio"),
        ("NPV", "net present value"),
    )
    assert defined_in("a part of the plan (POP) and the table on page (TOP)") == ()


def test_bm25_reads_the_acronym_of_a_long_form_a_passage_writes():
    from reportqa.models import Passage
    from reportqa.retrieve import HybridRetriever

    caption = Passage(
        doc_id="h", chunk_id="h-4", text="Table 3. Harbour dues recovery ratio by port",
        title="Harbour review", source="h.pdf", char_start=400, char_end=444,
    )  # fmt: skip
    forms = {"HDRR": "harbour dues recovery ratio"}
    assert HybridRetriever._bm25_text(caption, forms).endswith("\nHDRR")
