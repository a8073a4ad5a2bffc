"""Layouts of real reports that a careless reading damages: a table template repeated
on every appendix page, a column rule drawn with a wide pen, a note whose wrapped line
opens with a number, an axis counting down to 0, a short column starting inside the
strip beside it. Each fixture of tests/fixtures/layout_pdfs_reading.py is read with
``read_pdf`` and its clean text is compared exactly."""

from __future__ import annotations

from functools import cache

import pytest

from ingest.pdf import PdfDocument, read_pdf
from tests.fixtures import layout_pdfs_reading as F

pytestmark = pytest.mark.unit


@cache
def _read(name: str) -> PdfDocument:
    return read_pdf(getattr(F, name)())


def _blocks(doc: PdfDocument, kind: str | None = None) -> list[str]:
    c = doc.composed
    return [c.text[b.start : b.end] for b in c.blocks if kind in (None, b.kind)]


def test_table_template_repeated_on_every_page_does_not_set_the_body_size():
    doc = _read("table_appendix_pdf")
    c = doc.composed
    opening = F.table_appendix_opening()
    assert c.text.startswith(opening + "\n\n")
    notes = F.notes_text(F.TABLE_APPENDIX["notes1"])
    assert c.unresolved == []
    assert sorted(c.marker_notes.values()) == sorted(notes.items())
    assert _blocks(doc, "table")[0] == F.table_appendix_table(0)


def test_column_rule_drawn_with_a_wide_pen_frames_no_box():
    doc = _read("wide_pen_rule_pdf")
    assert doc.composed.text == F.wide_pen_rule_text()
    assert _blocks(doc, "box") == []


def test_number_opening_a_wrapped_note_line_is_the_notes_text():
    doc = _read("note_number_wrapped_pdf")
    c = doc.composed
    assert c.text == F.note_number_wrapped_text()
    assert c.notes == F.notes_text(F.WRAPPED_NOTE["notes"])
    assert c.unresolved == []


def test_axis_counting_down_to_zero_has_no_note_marker():
    doc = _read("axis_to_zero_pdf")
    c = doc.composed
    assert c.text == F.axis_to_zero_text()
    assert c.unresolved == [] and c.marker_notes == {}


def test_short_column_starting_inside_the_strip_beside_it_is_read_as_a_column():
    doc = _read("short_right_column_pdf")
    assert doc.composed.text == F.short_right_column_text()


def test_memo_header_reads_each_label_with_its_value():
    doc = _read("memo_pdf")
    assert doc.composed.text == F.memo_text()


def test_items_set_a_little_apart_enumerations_and_other_list_marks():
    doc = _read("spaced_items_pdf")
    assert doc.composed.text == F.spaced_items_text()


def test_figures_set_large_are_read_with_their_captions():
    doc = _read("callouts_pdf")
    c = doc.composed
    assert c.text == F.callouts_text()
    assert _blocks(doc, "figure") == [F.CALLOUTS["beside"][0], F.CALLOUTS["inline"][0]]
    assert c.page_at(c.text.index(F.CALLOUTS["inline"][0])) == 3


def test_contents_entries_and_enumerated_rows_are_items_not_headings():
    doc = _read("contents_pdf")
    assert doc.composed.text == F.contents_text()
    assert _blocks(doc, "heading") == [F.CONTENTS["heading"], F.CONTENTS["heading2"]]


def test_wide_spaces_of_a_justified_line_do_not_end_its_paragraph():
    doc = _read("wide_spaces_pdf")
    assert doc.composed.text == F.wide_spaces_text()


@pytest.mark.parametrize("key", sorted(F.TITLES))
def test_title_is_the_one_printed_on_the_title_page(key: str):
    assert read_pdf(F.title_pdf(key)).title == F.TITLES[key]["title"]


def test_memo_title_is_its_subject():
    title = " ".join(dict(F.MEMO["fields"])["Subject:"])
    assert _read("memo_pdf").title == title


def test_hyphens_ending_lines_are_kept_in_compounds_and_dropped_in_broken_words():
    doc = _read("hyphens_pdf")
    c = doc.composed
    assert c.text == F.hyphens_text()
    assert c.unresolved == []


def test_table_in_one_column_and_each_columns_notes_on_a_page_of_small_type():
    doc = _read("side_tables_pdf")
    c = doc.composed
    assert c.text == F.side_tables_text()
    liens = c.text.index("Junior liens¹") + len("Junior liens")
    assert c.marker_notes[liens] == (1, " ".join(F.SIDE_TABLES["notes"][1]))
    loans = c.text.index("Other loans²") + len("Other loans")
    assert c.marker_notes[loans] == (2, " ".join(F.SIDE_TABLES["notes"][2]))


def test_markers_drawn_after_the_footer_join_the_words_they_follow():
    doc = _read("late_markers_pdf")
    c = doc.composed
    assert c.text == F.late_markers_text()
    assert c.unresolved == []
    assert sorted(n for n, _ in c.marker_notes.values()) == [13, 14]


def test_bold_lead_broken_after_an_article_goes_on_past_a_figure_in_the_margin():
    doc = _read("margin_figure_pdf")
    data = F.MARGIN_FIGURE
    sentence = " ".join(data["lead"] + data["rest"])
    prose = _blocks(doc, "prose")
    assert sentence in prose
    assert data["label"] in _blocks(doc, "figure")
    assert not any(data["label"] in p or data["next_label"] in p for p in prose if p != sentence)
    assert not any(b.startswith(data["lead"][0]) for b in _blocks(doc, "heading"))


def test_ruled_table_with_wrapped_cells_is_read_row_by_row():
    doc = _read("ruled_wrapped_table_pdf")
    c = doc.composed
    table = _blocks(doc, "table")
    assert table == ["\n".join(F.ruled_wrapped_table_rows())]
    # the note set inside the frame across its width stays a line of its own
    assert F.RULED_TABLE["note"] in _blocks(doc, "prose")
    assert [n for n, _ in c.marker_notes.values()] == [F.RULED_TABLE["marker"]]
    assert c.unresolved == []


def test_statistics_side_by_side_are_read_one_after_the_other():
    prose = _blocks(_read("side_stats_pdf"), "prose")
    for statement in F.side_stats_blocks():
        assert statement in prose


def test_a_row_label_merged_over_several_rows_labels_each_of_them():
    assert _blocks(_read("merged_label_pdf"), "table") == ["\n".join(F.merged_label_rows())]


def test_a_line_repeated_far_apart_or_running_on_is_no_running_head():
    text = _read("checklist_sections_pdf").composed.text
    data = F.CHECKLIST
    instruction = " ".join(data["instruction"])
    # the same instruction opening two sections seven pages apart is text, both times
    assert text.count(instruction) == 2
    # a section's head printed again over its next page, going on in lower case, is kept
    head = data["heads"][2]
    assert f"{head[0]} {head[1]} (continued)" in text
    assert data["footer"] not in text  # the footer on every page is still a running line


def test_a_timelines_entries_set_side_by_side_are_read_one_by_one():
    doc = _read("timeline_pdf")
    items = [part for block in _blocks(doc, "box") for part in block.split("\n\n")]
    assert items == F.timeline_items()
    # a table of one-line capitalised cells below is no row of items: read row by row
    cells = [cell for row in F.TIMELINE["table"] for cell in row]
    text = doc.composed.text
    start = text.index(cells[0])
    places = [text.index(cell, start) for cell in cells]
    assert places == sorted(places)


def test_a_marker_whose_note_is_not_printed_is_named_in_the_warnings():
    doc = _read("lost_note_pdf")
    marker = F.LOST_NOTE["marker"]
    assert doc.composed.unresolved == [(1, marker)]
    assert doc.warnings == [f"no note was found for 1 footnote marker ({marker} on page 1)"]
    # the raised number stays a marker: it is not read into the sentence as a figure
    assert f"{F.LOST_NOTE['sentence']} {marker}" not in doc.composed.text


def test_a_gazette_sections_name_is_followed_by_the_notices_own_title():
    data = F.GAZETTE
    assert _read("gazette_pdf").title == f"{data['section']}: {data['heads'][1]}"


def test_a_chapter_number_is_no_title_its_heading_after_the_whole_is():
    data = F.CHAPTER
    doc = _read("chapter_pdf")
    assert doc.title == f"{data['series']}: {data['heading']}"
    # a typist's login in the author field names no author
    assert doc.author is None


@pytest.mark.parametrize("blank_cover", [False, True])
def test_a_title_in_the_bodys_size_is_the_headings_opening_the_first_page_with_text(blank_cover):
    heads = F.PLAIN_TITLE["heads"]
    doc = read_pdf(F.plain_title_pdf(blank_cover=blank_cover))
    assert doc.title == f"{heads[0]}: {heads[1]}"


def test_an_issue_of_a_series_is_titled_with_the_opening_line_naming_its_place():
    data = F.SERIES_ISSUE
    title = _read("series_issue_pdf").title
    # the place the whole issue is about is in its title, before the issue's headline
    assert title is not None and title.startswith(f"{data['place']} - {data['series']}")
    assert title.endswith(f": {data['headline']}")


def test_a_title_field_naming_a_later_section_gives_way_to_the_cover():
    assert _read("section_title_pdf").title == F.SECTION_TITLE["cover"]


def test_a_title_field_the_cover_does_not_print_gives_way_to_the_cover():
    assert _read("stale_title_pdf").title == " ".join(F.STALE_TITLE["cover"])


def test_a_memos_title_is_its_kind_and_its_subject():
    subject = F.KIND_MEMO["header"][-1].removeprefix("Subject: ")
    assert _read("kind_memo_pdf").title == f"{F.KIND_MEMO['kind']}: {subject}"


def test_endnote_marks_in_roman_numerals_are_markers_and_keep_the_paragraph_whole():
    doc = _read("roman_marks_pdf")
    prose = _blocks(doc, "prose")
    assert len(prose) == 1, prose  # no block of its own for "xix" cuts the paragraph
    assert "Corran and Dunmore.¹⁹ The town" in prose[0]
    assert prose[0].endswith("shore power use.²⁰")


def test_a_row_label_wrapping_past_a_rule_stays_one_label():
    assert _blocks(_read("wrapped_label_pdf"), "table") == ["\n".join(F.wrapped_label_rows())]


def test_a_sentence_interrupted_by_a_chart_resumes_after_its_labels():
    doc = _read("chart_in_sentence_pdf")
    data = F.CHART_IN_SENTENCE
    sentence = " ".join([*data["lead"], data["resumed"]])
    assert sentence in doc.composed.text
    figures = _blocks(doc, "figure")
    assert any(b.startswith(data["caption"]) and "Reefer points" in b for b in figures)
