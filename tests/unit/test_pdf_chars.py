"""Characters as the page shows them: a glyph drawn twice for a shadow is one glyph, text
parked outside the page is not read, a heading set with wide letter spacing is words."""

from __future__ import annotations

from ingest.pdf.chars import Char, on_the_page, without_shadow_copies
from ingest.pdf.lines import build_words

SPACE = Char(" ", 0.0, 0.0, 0.0, 1.0)


def spaced(text: str, x: float, baseline: float, size: float, step: float) -> list[Char]:
    """Letters set one by one, ``step`` points apart, each followed by a drawn space."""
    out: list[Char] = []
    for ch in text:
        if ch != " ":
            out += [Char(ch, x, x + 0.6 * size, baseline, size, True), SPACE]
        x += step
    return out


def test_a_shadow_copy_of_a_heading_is_read_once():
    letters = [
        Char(ch, 150.0 + 30 * i, 170.0 + 30 * i, 400.3, 27.7) for i, ch in enumerate("HARBOUR")
    ]
    shadows = [Char(c.text, c.x0 + 2.5, c.x1 + 2.5, c.baseline + 1.6, c.size) for c in letters]
    drawn = [x for pair in zip(letters, shadows) for x in pair]  # each letter, then its copy
    assert without_shadow_copies(drawn) == letters
    # two letters side by side, or a chance overlap of one letter, are no shadow
    beside = Char("R", 361.0, 381.0, 400.3, 27.7)
    assert without_shadow_copies([*letters, beside]) == [*letters, beside]
    one = [letters[0], shadows[0]]
    assert without_shadow_copies(one) == one
    f1 = Char("f", 387.0, 393.2, 705.8, 9.9)
    f2 = Char("f", 389.2, 395.3, 705.8, 9.9)  # "ff" of "Staff", kerned tight
    assert without_shadow_copies([f1, f2]) == [f1, f2]


def test_the_letters_of_a_ligature_sharing_one_box_are_kept():
    f1 = Char("f", 100.0, 108.0, 200.0, 10.0)
    f2 = Char("f", 100.0, 108.0, 200.0, 10.0)
    assert without_shadow_copies([f1, f2]) == [f1, f2]


def test_text_set_outside_the_page_is_not_read():
    shown = Char("A", 100.0, 110.0, 400.0, 12.0)
    below = Char("A", 100.0, 110.0, 1302.0, 12.0)  # a copy parked under an 828-pt page
    assert on_the_page([shown, SPACE, below], 595.0, 828.0) == [shown, SPACE]


def test_a_heading_with_wide_letter_spacing_reads_as_words():
    chars = spaced("HARBOUR   WORKS   IN   2024", 100.0, 300.0, 20.0, 18.0)
    words = [w.text for w in build_words(chars, 0.7, 0.2)]
    assert words == ["HARBOUR", "WORKS", "IN", "2", "0", "2", "4"]


def test_single_letters_in_a_table_row_stay_apart():
    row = spaced("A    B    C    D", 100.0, 300.0, 10.0, 12.0)  # columns wider than a letter
    assert [w.text for w in build_words(row, 0.7, 0.2)] == ["A", "B", "C", "D"]


def test_a_heading_in_small_capitals_is_one_word_a_word():
    big = Char("E", 100.0, 108.0, 300.0, 14.0)
    small = [Char(ch, 108.0 + 7 * i, 115.0 + 7 * i, 300.0, 10.0) for i, ch in enumerate("THICAL")]
    words = [w.text for w in build_words([big, *small], 0.7, 0.2)]
    assert words == ["ETHICAL"]


def _turned_page_pdf(rotation: int) -> bytes:
    """A landscape table on a page the PDF shows turned by ``rotation`` (its drawing is
    792 wide, 612 high): each cell is drawn running along the drawing's short side,
    upright once the page is turned."""
    from io import BytesIO

    from reportlab.pdfgen import canvas

    buffer = BytesIO()
    c = canvas.Canvas(buffer, pagesize=(612, 792))
    c.setPageRotation(rotation)
    c.setFont("Helvetica", 12)
    rows = [("Harbour berths", "2021", "2022"), ("Container", "14", "17"), ("Ferry", "6", "5")]
    for i, row in enumerate(rows):
        for offset, cell in zip((0, 230, 330), row):
            c.saveState()
            if rotation == 90:  # running up the drawing, rows left to right
                c.translate(80 + 20 * i, 72 + offset)
                c.rotate(90)
            else:  # 270: running down it, rows right to left
                c.translate(712 - 20 * i, 540 - offset)
                c.rotate(-90)
            c.drawString(0, 0, cell)
            c.restoreState()
    c.showPage()
    c.save()
    return buffer.getvalue()


def test_a_page_shown_turned_is_read_as_it_is_shown():
    from ingest.pdf.reader import read_pdf

    for rotation in (90, 270):
        text = read_pdf(_turned_page_pdf(rotation)).composed.text
        words = text.split()
        assert "Container" in words and "Ferry" in words, (rotation, text)
        # read across the turned page, row by row
        assert words.index("Container") < words.index("14") < words.index("17")
        assert words.index("17") < words.index("Ferry")
