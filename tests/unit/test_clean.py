from ingest.clean import clean_text
from tests.conftest import corpus_text


def test_escaped_dollar_becomes_dollar():
    cleaned = clean_text("Japan invested \\$120 Million and \\$250 million (m).")
    assert "\\$" not in cleaned
    assert "$120 Million" in cleaned and "$250 million" in cleaned


def test_whitespace_normalised_and_decoration_dropped():
    cleaned = clean_text(
        "Title  with   spaces \n\n-\n\n\\\n\n-----///-----\n\n\n\n\nNext\u00a0line"
    )
    assert cleaned == "Title with spaces\n\nNext line"


def test_repeated_paragraphs_collapse_to_one():
    raw = corpus_text("001_2eee6fb68873430b.txt")
    cleaned = clean_text(raw)
    paragraph = "GlobalData estimates global rare earth mine production reached 350,000t REO"
    assert raw.count(paragraph) == 2
    assert cleaned.count(paragraph) == 1
    assert cleaned.count("A Malaysian engineering study") == 1


def test_short_repeated_cells_are_not_deduplicated():
    cells = ["Country", "A", "B", "India", "2,900", "2,900", "Russia", "2,500", "2,500"]
    text = "Table 9: Output\n\n" + "\n\n".join(cells)
    cleaned = clean_text(text)
    assert "India\t2,900\t2,900" in cleaned
    assert "Russia\t2,500\t2,500" in cleaned


def test_one_cell_per_line_table_is_rebuilt_into_rows():
    cleaned = clean_text(corpus_text("002_03cee6a0564ba619.txt"))
    assert "Country\tMine Production (2023)\tMine Production (2024)\tReserves (2024)" in cleaned
    assert "China\t255,000\t270,000\t44,000,000" in cleaned
    assert "World Total\t376,000\t390,000\t>90,000,000" in cleaned
    assert "Supply Chain Stage\tChina's Global Market Share" in cleaned
    assert "Mining\t~63% , >69%" in cleaned
    assert "Processing\t~85% , ~90%" in cleaned


def test_sentence_split_across_paragraphs_is_rejoined():
    cleaned = clean_text(corpus_text("002_03cee6a0564ba619.txt"))
    assert "In 2023, China commanded over 69%" in cleaned


def test_duplicate_title_line_dropped():
    cleaned = clean_text(corpus_text("002_03cee6a0564ba619.txt"))
    assert cleaned.count("China Still Restricting Rare Earth Supply Even After Trade Truce") == 1
