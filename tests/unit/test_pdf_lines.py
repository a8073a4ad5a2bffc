"""Lines from words on one baseline (ingest/pdf/lines.py): a gap as wide as a column's
splits a row, unless the row is prose justified wide."""

from __future__ import annotations

from ingest.pdf.lines import Word, build_lines
from reportqa.config import PdfSettings

CFG = PdfSettings()
JUSTIFIED = (CFG.justified_min_words, CFG.justified_evenness, CFG.justified_prose_share)


def row(texts: list[str], gaps: list[float], size: float = 10.0) -> list[Word]:
    """Words of ``texts`` on one baseline, 5 points a letter, ``gaps`` apart."""
    words, x = [], 72.0
    for text, gap in zip(texts, [0.0, *gaps], strict=True):
        x += gap
        words.append(Word(text, x, x + 5.0 * len(text), 700.0, size, False))
        x += 5.0 * len(text)
    return words


def texts(words: list[Word]) -> list[str]:
    lines = build_lines(words, 1, CFG.segment_gap, JUSTIFIED)
    return [" ".join(w.text for w in line.words) for line in lines]


def test_a_note_line_justified_with_em_wide_gaps_is_one_line():
    words = "In 2012, the public funding reached 74 per cent of the total income".split()
    gaps = [(10.1, 10.2, 10.3)[k % 3] for k in range(len(words) - 1)]  # each about 1 em
    assert texts(row(words, gaps)) == [" ".join(words)]


def test_years_at_an_even_pitch_stay_cells():
    years = ["2014", "2015", "2016", "2017", "2018", "2019"]
    assert texts(row(years, [12.0] * 5)) == years


def test_cells_at_gaps_that_vary_stay_cells():
    cells = ["the", "coastal", "fleet", "grew", "in", "size"]
    assert texts(row(cells, [12.0, 25.0, 14.0, 30.0, 12.0])) == cells
