"""Lines from words on one baseline (ingest/pdf/lines.py): a gap as wide as a column's
splits a row, unless the row is prose justified wide; and a table's cells from its lines
(ingest/pdf/layout.py), stacked header rows read as one."""

from __future__ import annotations

from ingest.pdf.layout import table_cells, table_runs
from ingest.pdf.lines import Line, Word, build_lines
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


def cell(text: str, x0: float, x1: float, y: float) -> Line:
    """One cell's line: its words spread over [x0, x1] on baseline ``y``."""
    words, parts = [], text.split()
    step = (x1 - x0) / len(parts)
    for k, part in enumerate(parts):
        words.append(Word(part, x0 + k * step, x0 + (k + 1) * step - 2.0, y, 9.0, False))
    return Line(words, 1)


def test_stacked_header_rows_head_each_column_with_all_their_labels():
    spans = [(95, 118), (180, 220), (243, 266), (295, 312), (332, 353), (384, 407), (445, 462),
             (496, 517)]  # fmt: skip
    lines = [
        cell("All", 194, 206, 100),
        cell("Condition Rating (number)", 235, 349, 100),
        cell("Condition Rating (percentage)", 376, 504, 100),
        cell("Bridges", 184, 216, 110),
        *(cell(t, *spans[k], 120) for k, t in enumerate(
            ["State", "(number)", "Good", "Fair", "Poor", "Good", "Fair", "Poor"])),
        *(cell(t, *spans[k], 132) for k, t in enumerate(
            ["Alabama", "16,181", "5,801", "9,835", "545", "35.9", "60.8", "3.4"])),
        *(cell(t, *spans[k], 144) for k, t in enumerate(
            ["Iowa", "23,716", "9,329", "9,964", "4,423", "39.3", "42.0", "18.6"])),
    ]  # fmt: skip
    rows = table_cells(lines)
    assert rows[0] == [
        "State",
        "All Bridges (number)",
        "Condition Rating (number) Good",
        "Condition Rating (number) Fair",
        "Condition Rating (number) Poor",
        "Condition Rating (percentage) Good",
        "Condition Rating (percentage) Fair",
        "Condition Rating (percentage) Poor",
    ]
    assert rows[2] == ["Iowa", "23,716", "9,329", "9,964", "4,423", "39.3", "42.0", "18.6"]


def test_a_header_cell_wrapped_onto_a_line_of_its_own_stays_in_the_table():
    spans = [(95, 118), (180, 220), (243, 266), (295, 312)]
    lines = [
        cell("All", 194, 206, 100),
        cell("Condition (number)", 235, 312, 100),
        cell("Bridges", 184, 216, 110),
        *(cell(t, *spans[k], 120) for k, t in enumerate(["State", "(number)", "Good", "Poor"])),
        *(cell(t, *spans[k], 132) for k, t in enumerate(["Alabama", "16,181", "5,801", "545"])),
        *(cell(t, *spans[k], 144) for k, t in enumerate(["Iowa", "23,716", "9,329", "4,423"])),
        *(cell(t, *spans[k], 156) for k, t in enumerate(["Ohio", "27,001", "9,101", "1,302"])),
    ]  # fmt: skip
    tables = table_runs(lines, 9.0, CFG)
    assert len(tables) == 1
    assert table_cells(tables[0])[0] == [
        "State", "All Bridges (number)", "Condition (number) Good", "Condition (number) Poor",
    ]  # fmt: skip


def _row(labels: list[str], spans: list[tuple[float, float]], y: float) -> list[Line]:
    return [cell(t, *spans[k], y) for k, t in enumerate(labels)]


def test_rows_set_wide_apart_stay_one_table_when_their_cells_line_up():
    """A loose table of three rows, a row every three lines of body text: each row's
    cells stand under the cells above, so the rows are one table, read row by row."""
    spans = [(55, 118), (176, 200), (242, 271), (311, 339), (381, 405)]
    head = ["2020-2025", "2025-2030", "2030-2035", "2035-2040"]
    lines = [
        *_row(head, spans[1:], 311),
        *_row(["Natural change", "6,102", "16,404", "10,321", "1,083"], spans, 345),
        *_row(["Net migration", "7,717", "18,154", "23,539", "23,948"], spans, 376),
        *_row(["Total change", "13,819", "34,558", "33,860", "25,031"], spans, 408),
    ]
    tables = table_runs(lines, 10.0, CFG)
    assert len(tables) == 1
    rows = table_cells(tables[0])
    assert rows[0] == ["", *head]
    assert rows[2] == ["Net migration", "7,717", "18,154", "23,539", "23,948"]


def test_rows_set_wide_apart_whose_cells_do_not_line_up_are_no_table():
    """Figures beside text as far apart, not under one another: no grid, no table."""
    lines = [
        *_row(["Natural change", "6,102", "16,404"], [(55, 118), (176, 200), (242, 271)], 345),
        *_row(["Net migration", "7,717", "18,154"], [(55, 110), (300, 324), (400, 429)], 376),
        *_row(["Total change", "13,819", "34,558"], [(55, 118), (176, 200), (242, 271)], 408),
    ]
    assert table_runs(lines, 10.0, CFG) == []


def test_a_figure_with_its_scale_is_a_number_cell():
    assert cell("$10 million", 228, 268, 100).is_numeric()
    assert cell("4.2 bn", 228, 268, 100).is_numeric()
    assert not cell("10 millionaires", 228, 268, 100).is_numeric()


def test_labels_alone_in_the_label_column_stay_inside_the_table():
    """A label over the rows below ("Appropriations"), a label wrapped onto a line of its
    own ("of 2018"), a label over a row whose own label is its unit: all the table's,
    and the rows read with their whole labels."""
    spans = [(96, 200), (228, 268), (291, 331), (354, 394)]
    lines = [
        *_row(["Funding", "FY2022", "FY2023", "FY2024"], spans, 138),
        cell("Spending Limits", 96, 163, 157),
        *_row(["Loan subsidies", "$10 million", "$15 million", "$10 million"], spans, 174),
        *_row(["Loan authority", "$50 million", "$75 million", "$50 million"], spans, 190),
        cell("Appropriations", 96, 190, 207),
        *_row(["Improvement Act", "$5 million", "$5 million", "$5 million"], spans, 224),
        cell("of 2018", 96, 126, 235),
        cell("Cushion interest", 96, 190, 251),
        *_row(["(fees)", "$20 million", "$23 million", "$23 million"], spans, 262),
        *_row(["Total", "$75 million", "$103 million", "$103 million"], spans, 278),
    ]
    tables = table_runs(lines, 10.0, CFG)
    assert len(tables) == 1 and len(tables[0]) == len(lines)
    rows = table_cells(tables[0])
    assert ["Improvement Act of 2018", "$5 million", "$5 million", "$5 million"] in rows
    assert ["Cushion interest (fees)", "$20 million", "$23 million", "$23 million"] in rows
    assert rows[-1] == ["Total", "$75 million", "$103 million", "$103 million"]


def test_a_lettered_item_or_a_note_under_a_row_is_no_wrapped_label():
    spans = [(96, 200), (228, 268), (291, 331)]
    lines = [
        *_row(["Oversight", "2,980", "$322,847"], spans, 100),
        cell("b - administration", 96, 180, 111),
        *_row(["Modelling", "1,040", "$145,600"], spans, 122),
        *_row(["Nuisance rates", "0.0", "0.0"], spans, 133),
        cell("n.a. Not applicable.", 96, 180, 144),
    ]
    rows = table_cells(table_runs(lines, 10.0, CFG)[0])
    assert rows[0][0] == "Oversight" and rows[-1][0] == "Nuisance rates"


def test_facts_set_over_a_picture_are_read_one_fact_a_line_group():
    """An infographic's facts, one under another without full stops: a line goes on
    the fact above when it starts in lower case or the line above breaks off on "the";
    else it starts a fact of its own. Chart labels are no sentences."""
    from ingest.pdf.reader import _facts, _reads_as_prose

    texts = [
        "16 testing facilities were licensed",
        "by the end of 2014",
        "8 were provisionally certified for",
        "potency testing",
        "MED licenses and monitors the",
        "testing facilities, and the",
        "Laboratory Service Division of the",
        "Department of Public Health",
    ]
    lines = [cell(t, 108, 270, 300 + 15 * k) for k, t in enumerate(texts)]
    for ln in lines:
        ln.column = 0
    assert _reads_as_prose(lines, CFG)
    facts = [" ".join(ln.plain for ln in fact) for fact in _facts(lines)]
    assert facts == [
        "16 testing facilities were licensed by the end of 2014",
        "8 were provisionally certified for potency testing",
        "MED licenses and monitors the testing facilities, and the Laboratory Service "
        "Division of the Department of Public Health",
    ]
    labels = [
        cell(t, 108, 140, 300 + 15 * k)
        for k, t in enumerate(["2019", "2020", "Coal", "Gas", "Wind power", "Solar"])
    ]
    assert not _reads_as_prose(labels, CFG)


def test_a_raised_note_letter_after_a_label_is_no_part_of_its_word():
    """ "Public debtᵈ": a table note's letter, set small and raised after a row's label,
    is left out of the word (a search for "debt" finds the row); an ordinal's raised
    suffix after a figure ("95ᵗʰ") and a letter raised after one capital ("Mᶜ") stay."""

    def rendered(base: str, raised: str) -> str:
        word = Word(base, 72.0, 72.0 + 5.0 * len(base), 700.0, 9.0, False)
        mark = Word(raised, word.x1 + 0.3, word.x1 + 3.3, 697.0, 6.0, False, raised=True)
        return Line([word, mark], 1).render()[0]

    assert rendered("debt", "d") == "debt"
    assert rendered("95", "th") == "95th"
    assert rendered("M", "c") == "Mc"


def test_a_year_header_over_a_label_of_the_rows_heads_the_table():
    """ "1995 … 2021*" over "Macroeconomic performance" over the rows: the label
    between them is the first rows' heading, and the years are the columns' header, not
    a chart's axis."""
    spans = [(28, 140), (248, 262), (282, 296), (316, 332)]
    lines = [
        *_row(["1995", "1999", "2021*"], spans[1:], 219),
        cell("Macroeconomic performance", 28, 144, 234),
        *_row(["Real GDP growth (percentage)", "7.1", "8.3", "-12.5"], spans, 247),
        *_row(["GDP, nominal (millions)", "3 283", "4 271", "3 556"], spans, 260),
        *_row(["Population (millions)", "2.34", "2.96", "3.23"], spans, 273),
    ]
    tables = table_runs(lines, 9.0, CFG)
    assert len(tables) == 1
    rows = table_cells(tables[0])
    assert rows[0] == ["", "1995", "1999", "2021*"]
    assert rows[-1] == ["Population (millions)", "2.34", "2.96", "3.23"]


def test_a_long_label_set_a_little_below_its_figures_leads_its_row():
    """ "Revenue net of arrears/clearance withheld", longer than a cell and set half a
    point lower than its row's figures, is still the row's label: the row stays in the
    table instead of leaving its figures to a chart."""
    spans = [(28, 180), (248, 262), (282, 296), (316, 332)]
    revenue = _row(["Revenue net of arrears/clearance withheld", "13.0", "23.4", "8.2"], spans, 440)
    revenue[0].words[:] = [
        Word(w.text, w.x0, w.x1, 440.4, w.size, w.bold) for w in revenue[0].words
    ]  # fmt: skip
    lines = [
        *_row(["Total employment", "417", "588", "452"], spans, 414),
        *_row(["In public sector", "51", "103", "105"], spans, 427),
        *revenue,
        *_row(["Current expenditure", "15.0", "22.1", "28.0"], spans, 453),
    ]
    tables = table_runs(lines, 9.0, CFG)
    assert len(tables) == 1
    assert ["Revenue net of arrears/clearance withheld", "13.0", "23.4", "8.2"] in table_cells(
        tables[0]
    )


def test_an_amount_after_a_currencys_one_letter_sign_is_a_number_cell():
    assert cell("K5 Million", 306, 350, 100).is_numeric()
    assert cell("K 16 Million", 306, 350, 100).is_numeric()
    assert not cell("K5 units", 306, 350, 100).is_numeric()
    assert not cell("Phase 5 Million", 306, 370, 100).is_numeric()


def test_rows_split_off_by_a_row_the_reader_cannot_read_stay_under_their_header():
    """A budget of two columns, one label wrapped round its amount ("Harbour dredging
    operation K15 Million / works"): the rows below it are the same table's, with its
    header, and no row is read twice."""
    spans = [(72, 280), (306, 360)]
    lines = [
        *_row(["Budget line", "Estimated amount"], spans, 378),
        *_row(["Quay repairs", "K5 Million"], spans, 392),
        *_row(["Crane purchase", "K3 Million"], spans, 406),
        *_row(["Fuel depot", "K 2 Million"], spans, 420),
        *_row(["Harbour dredging", "operation K15 Million"], [(72, 240), (249, 360)], 434),
        cell("works", 72, 100, 447),
        *_row(["Pilot boats", "K 15 Million"], spans, 461),
        *_row(["Staff training", "K 4.5 Million"], spans, 475),
        *_row(["TOTAL", "K44.5 Million"], spans, 489),
    ]
    tables = table_runs(lines, 10.0, CFG)
    assert len(tables) == 1 and len(tables[0]) == len(lines)
    rows = table_cells(tables[0])
    assert rows[0] == ["Budget line", "Estimated amount"]
    assert ["TOTAL", "K44.5 Million"] in rows


def test_a_table_with_its_own_header_under_another_is_another_table():
    spans = [(72, 200), (228, 268), (291, 331)]
    lines = [
        *_row(["By source", "Cost", "Share"], spans, 100),
        *_row(["Grants", "$10", "40%"], spans, 112),
        *_row(["Loans", "$10", "40%"], spans, 124),
        *_row(["Fees", "$5", "20%"], spans, 136),
        *_row(["By recipient", "Cost", "Share"], spans, 148),
        *_row(["Ports", "$15", "60%"], spans, 160),
        *_row(["Roads", "$5", "20%"], spans, 172),
        *_row(["Rail", "$5", "20%"], spans, 184),
    ]
    tables = table_runs(lines, 10.0, CFG)
    assert [table_cells(t)[0][0] for t in tables] == ["By source", "By recipient"]
    assert sum(len(t) for t in tables) == len(lines)  # no row read twice
