"""The layout-aware PDF reader (ingest/pdf/) on the layouts real reports use.

Each fixture in tests/fixtures/layout_pdfs.py is read with ``read_pdf`` and the clean
text (or the text of its blocks) is compared with what a careful reader would write
down: columns read one after the other, running heads and printer's slugs gone,
footnote markers as superscripts after their word, the page's notes after the paragraph
a page break interrupts, tables as TAB-separated rows, a box as its own block.
"""

from __future__ import annotations

from functools import cache

import pytest

from ingest.pdf import PdfDocument, read_pdf
from tests.fixtures import layout_pdfs as L

pytestmark = pytest.mark.unit


@cache
def _read(name: str) -> PdfDocument:
    return read_pdf(getattr(L, name)())


def blocks(doc: PdfDocument, kind: str | None = None) -> list[tuple[str, str]]:
    """(kind, text) of the composed blocks, in order."""
    c = doc.composed
    return [(b.kind, c.text[b.start : b.end]) for b in c.blocks if kind in (None, b.kind)]


def page_of(doc: PdfDocument, phrase: str) -> int | None:
    """The page the composed text's page map gives for the first character of ``phrase``."""
    offset = doc.composed.text.index(phrase)
    runs = doc.composed.page_runs
    page = None
    for start, number in runs:
        if start <= offset:
            page = number
    assert page == doc.composed.page_at(offset)
    return page


def notes_text(notes: dict[int, str]) -> str:
    return "\n".join(f"{n}. {text}" for n, text in notes.items())


# --------------------------------------------------------------------------- 1. two columns


def test_two_columns_read_column_by_column_around_a_spanning_heading():
    doc = _read("two_column_pdf")
    data = L.TWO_COLUMN
    expected = "\n\n".join(
        [data["title"], *data["above"], data["heading"], *data["below"]]
        + [L.plain(p) for p in data["page2"]]
    )
    assert doc.composed.text == expected


def test_two_columns_title_and_headings():
    doc = _read("two_column_pdf")
    assert doc.title == L.TWO_COLUMN["title"]
    assert [text for _, text in blocks(doc, "heading")] == [
        L.TWO_COLUMN["title"],
        L.TWO_COLUMN["heading"],
    ]


def test_two_columns_page_two_rejoins_hyphenated_word_and_knows_its_page():
    doc = _read("two_column_pdf")
    text = doc.composed.text
    assert "Grid resilience is the third factor." in text
    assert "resil-" not in text
    assert L.plain(L.TWO_COLUMN["page2"][1]) in text
    assert page_of(doc, L.TWO_COLUMN["page2_fact"]) == 2
    assert page_of(doc, "Households on small islands pay") == 1


# --------------------------------------------------------------------------- 2. Federal Register


def test_federal_register_running_header_and_printer_slug_are_gone():
    doc = _read("federal_register_pdf")
    text = doc.composed.text
    assert doc.pages == L.federal_register_pages() == 2
    for gone in (
        "Federal Register",
        "Vol. 85",
        "Proposed Rules",
        "47730",
        "47731",
        "VerDate",
        "Jkt 250001",
        "Frm 000",
        "Sfmt 4702",
        "06AUP1",
    ):
        assert gone not in text, gone
    assert text.startswith("I. Background")


def test_federal_register_three_columns_read_in_order():
    doc = _read("federal_register_pdf")
    parts = [L.plain(text) for _, text in L.FEDERAL_REGISTER["body"]]
    assert doc.composed.text == "\n\n".join(parts)


def test_federal_register_headings_are_blocks():
    doc = _read("federal_register_pdf")
    headings = [text for kind, text in L.FEDERAL_REGISTER["body"] if kind == "heading"]
    assert [text for _, text in blocks(doc, "heading")] == headings


def test_federal_register_paragraph_across_columns_and_pages_is_whole():
    doc = _read("federal_register_pdf")
    paragraphs = [text for _, text in blocks(doc, "prose")]
    for kind, text in L.FEDERAL_REGISTER["body"]:
        if kind == "para":
            assert text in paragraphs, text[:60]
    assert page_of(doc, L.FEDERAL_REGISTER["fact"]) == 2
    assert page_of(doc, "Several commenters stated that") == 1


# --------------------------------------------------------------------------- 3. footnotes


def _paragraph(lines: list[list]) -> str:
    return L.segments_text(lines)


def test_footnote_markers_after_words_and_punctuation_and_plain_numbers_kept():
    doc = _read("footnotes_pdf")
    data = L.FOOTNOTES
    body = [text for kind, text in blocks(doc) if kind != "footnotes"]
    assert body == [
        data["chapter"],
        data["title"],
        *[_paragraph(p) for p in data["page1"]],
        *[_paragraph(p) for p in data["page2"]],
    ]
    text = doc.composed.text
    assert "public disaster funds.¹ Uninsured losses² are harder" in text
    assert "between countries.³ Where" in text
    assert "exceeds a quarter,⁴ and households" in text
    # plain numbers at body size and on the baseline are not markers
    assert "As Figure 1.6 shows" in text
    assert "a minimum 4.5 percent of common equity" in text
    assert text.startswith("CHAPTER 1\n\n")
    assert page_of(doc, L.FOOTNOTES["fact"]) == 1


def test_footnotes_set_as_number_then_text():
    doc = _read("footnotes_pdf")
    notes = blocks(doc, "footnotes")
    assert notes, "no footnotes block"
    first = notes[0][1].split("\n")
    assert first[:2] == [
        f"1. {L.FOOTNOTES['notes1'][1]}",
        f"2. {L.FOOTNOTES['notes1'][2]}",
    ]


def test_footnote_numbers_in_hanging_indent_same_size():
    doc = _read("footnotes_pdf")
    assert [text for _, text in blocks(doc, "footnotes")][0] == notes_text(L.FOOTNOTES["notes1"])


def test_footnote_numbers_raised_in_hanging_indent():
    doc = _read("footnotes_pdf")
    assert [text for _, text in blocks(doc, "footnotes")][1] == notes_text(L.FOOTNOTES["notes2"])


def test_footnotes_whole_text():
    doc = _read("footnotes_pdf")
    data = L.FOOTNOTES
    expected = "\n\n".join(
        [data["chapter"], data["title"]]
        + [_paragraph(p) for p in data["page1"]]
        + [notes_text(data["notes1"])]
        + [_paragraph(p) for p in data["page2"]]
        + [notes_text(data["notes2"])]
    )
    assert doc.composed.text == expected


def test_every_marker_links_to_its_note():
    doc = _read("footnotes_pdf")
    c = doc.composed
    notes = {**L.FOOTNOTES["notes1"], **L.FOOTNOTES["notes2"]}
    linked = {number: text for number, text in c.marker_notes.values()}
    assert linked == notes
    assert c.unresolved == []
    for offset, (number, _) in c.marker_notes.items():
        assert c.text[offset] == "⁰¹²³⁴⁵⁶⁷⁸⁹"[number]


# --------------------------------------------------------------------------- 4. page break


def test_sentence_across_page_break_is_whole_and_notes_follow_it():
    doc = _read("page_break_sentence_pdf")
    data = L.PAGE_BREAK
    expected = "\n\n".join(
        [
            data["heading"],
            _paragraph(data["page1"][0]),
            _paragraph(data["page1"][1] + data["page2"][0]),
            notes_text(data["notes1"]),
            _paragraph(data["page2"][1]),
            notes_text(data["notes2"]),
        ]
    )
    assert doc.composed.text == expected


def test_halves_of_the_broken_sentence_keep_their_pages():
    doc = _read("page_break_sentence_pdf")
    c = doc.composed
    assert page_of(doc, L.PAGE_BREAK["first_half"]) == 1
    assert page_of(doc, L.PAGE_BREAK["second_half"]) == 2
    assert page_of(doc, "1. The annex sets out") == 1
    assert page_of(doc, "The levy would raise") == 2
    assert sorted(c.marker_notes.values()) == sorted(
        {**L.PAGE_BREAK["notes1"], **L.PAGE_BREAK["notes2"]}.items()
    )
    marker = c.text.index("without it.²") + len("without it.")
    assert c.marker_notes[marker] == (2, L.PAGE_BREAK["notes2"][2])


# --------------------------------------------------------------------------- 5. table


def test_table_drawn_cell_by_cell_is_one_table_block():
    doc = _read("table_pdf")
    assert blocks(doc, "table") == [("table", L.table_text())]


def test_table_page_text():
    doc = _read("table_pdf")
    expected = "\n\n".join([L.TABLE["before"], L.table_text(), L.TABLE["after"], L.TABLE["page2"]])
    assert doc.composed.text == expected
    assert page_of(doc, "Site preparation\t7.8") == 1
    assert page_of(doc, "The next section compares") == 2


# --------------------------------------------------------------------------- 6. text box


def test_text_box_is_its_own_block_out_of_the_body():
    doc = _read("text_box_pdf")
    data = L.BOX
    boxes = [text for _, text in blocks(doc, "box")]
    assert len(boxes) == 1
    for part in (data["title"], *data["paragraphs"]):
        assert part in boxes[0]
    assert [text for _, text in blocks(doc, "prose")] == [
        data["before"],
        data["after"],
        data["page2"],
    ]


def test_text_box_keeps_its_title_and_paragraphs_apart():
    doc = _read("text_box_pdf")
    data = L.BOX
    box = "\n\n".join([data["title"], *data["paragraphs"]])
    assert blocks(doc, "box") == [("box", box)]
    assert doc.composed.text == "\n\n".join([data["before"], box, data["after"], data["page2"]])


# --------------------------------------------------------------------------- 7. ligatures


def test_ligature_glyphs_read_as_plain_letters():
    doc = _read("ligature_pdf")
    first = " ".join(L.LIGATURES["drawn"])
    expected = "\n\n".join([first, L.LIGATURES["page2"]])
    expected = expected.replace("ﬁ", "fi").replace("ﬂ", "fl").replace("ﬀ", "ff")
    expected = expected.replace("ﬃ", "ffi")
    assert doc.composed.text == expected
    assert "The first effect of the levy was a shift in traffic flows" in doc.composed.text


# --------------------------------------------------------------------------- 8. template pages


def test_pages_of_template_only_leave_the_body():
    doc = _read("template_pages_pdf")
    data = L.TEMPLATE
    assert doc.pages == 3
    assert doc.composed.text == "\n\n".join([data["heading"], *data["paragraphs"]])
    assert page_of(doc, "We also opened four regional offices") == 2
    assert doc.composed.page_runs == [(0, 2)]
