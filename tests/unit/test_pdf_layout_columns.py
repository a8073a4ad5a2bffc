"""Columns where a page's own columns are not the whole story: inside boxes and shaded
tables, beside a box standing in one column, in a form's column of short answers, and
headings whose enumerator sits a hair off their baseline. Each fixture of
tests/fixtures/layout_pdfs_columns.py is read with ``read_pdf`` and its clean text is
compared exactly."""

from __future__ import annotations

from functools import cache

import pytest

from ingest.pdf import PdfDocument, read_pdf
from tests.fixtures import layout_pdfs_columns as F

pytestmark = pytest.mark.unit


@cache
def _read(name: str) -> PdfDocument:
    return read_pdf(getattr(F, name)())


def _blocks(doc: PdfDocument, kind: str) -> list[str]:
    c = doc.composed
    return [c.text[b.start : b.end] for b in c.blocks if b.kind == kind]


def test_box_in_two_columns_reads_one_column_then_the_other():
    doc = _read("two_column_box_pdf")
    assert doc.composed.text == F.two_column_box_text()
    (box,) = _blocks(doc, "box")
    assert box.startswith(F.TWO_COLUMN_BOX["title"] + "\n\n")


def test_ruled_form_reads_each_question_with_its_answers():
    doc = _read("form_pdf")
    assert doc.composed.text == F.form_text()


def test_short_last_cell_does_not_run_into_the_next_page():
    doc = _read("form_pdf")
    assert "\tYes No\n\n" + F.FORM["page2"] in doc.composed.text


def test_table_shaded_by_header_and_column_strips_is_one_box_read_by_column():
    doc = _read("shaded_table_pdf")
    assert _blocks(doc, "box") == [F.shaded_table_box()]
    caption = F.SHADED_TABLE["caption"]
    assert doc.composed.text == "\n\n".join(
        [caption, F.shaded_table_box(), F.SHADED_TABLE["page2"]]
    )


def test_enumerator_a_hair_below_its_heading_comes_first():
    doc = _read("enumerated_heading_pdf")
    assert doc.composed.text == F.enumerated_heading_text()
    assert _blocks(doc, "heading")[:3] == [
        f"{number} {heading}" for number, heading, _ in F.ENUMERATED["sections"]
    ]


def test_box_in_the_left_column_keeps_the_columns_apart():
    doc = _read("box_in_column_pdf")
    assert doc.composed.text == F.box_in_column_text()


def test_paragraph_over_three_pages_is_whole_with_both_pages_notes_after_it():
    doc = _read("long_paragraph_pdf")
    c = doc.composed
    assert c.text == F.long_paragraph_text()
    assert c.page_at(c.text.index("limit the trim system")) == 2
    assert c.page_at(c.text.index("the fourth would separate")) == 3
    notes = {**F.LONG_PARAGRAPH["notes1"], **F.LONG_PARAGRAPH["notes2"]}
    assert sorted(c.marker_notes.values()) == sorted(notes.items())


def test_bold_lead_sentence_opens_its_paragraph_and_is_no_heading():
    doc = _read("run_in_lead_pdf")
    assert doc.composed.text == F.run_in_lead_text()
    assert _blocks(doc, "heading") == []


def test_terms_beside_their_definitions_are_read_row_by_row():
    doc = _read("glossary_pdf")
    assert doc.composed.text == F.glossary_text()


def test_line_opening_with_a_short_word_and_full_stop_is_no_list_item():
    doc = _read("short_word_line_pdf")
    assert doc.composed.text == F.short_word_line_text()


def test_markers_resolve_to_a_numbered_list_of_references_after_them():
    doc = _read("endnotes_pdf")
    c = doc.composed
    assert c.unresolved == []
    assert sorted(c.marker_notes.values()) == sorted(F.ENDNOTES["notes"].items())
    first = c.text.index("two decades.¹") + len("two decades.")
    assert c.marker_notes[first] == (1, F.ENDNOTES["notes"][1])


def test_notes_start_at_a_cited_number_not_at_a_small_row_opening_with_a_number():
    doc = _read("table_over_notes_pdf")
    c = doc.composed
    assert c.notes == F.TABLE_OVER_NOTES["notes"]
    assert sorted(c.marker_notes.values()) == sorted(F.TABLE_OVER_NOTES["notes"].items())
    notes = [c.text[b.start : b.end] for b in c.blocks if b.kind == "footnotes"]
    assert notes == ["\n".join(f"{n}. {t}" for n, t in F.TABLE_OVER_NOTES["notes"].items())]


def test_axis_numbers_beside_a_legend_are_no_note_markers():
    doc = _read("axis_labels_pdf")
    c = doc.composed
    assert c.unresolved == [] and c.marker_notes == {}
    figure = "\n".join(["140", "120", "West Texas", "100", "Intermediate spot price", "80"])
    assert c.text == "\n\n".join([F.AXIS["before"], figure, F.AXIS["after"]])
