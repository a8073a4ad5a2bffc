import re

from ingest.clean import clean_text
from ingest.structure import parse_structure
from reportqa.text import find_markers
from tests.conftest import corpus_text


def structure_of(name: str):
    return parse_structure(clean_text(corpus_text(name)))


def test_every_marker_of_the_research_paper_resolves():
    s = structure_of("003_703b9a852f138040.txt")
    markers = find_markers(s.text)
    assert sorted(markers) == list(range(1, 69))
    assert set(markers) <= set(s.footnotes)
    assert s.footnotes[12] == "US Geological Survey, 'Rare Earths'."
    assert s.footnotes[59] == "*Ibid.*"
    assert s.footnotes[45].startswith("Yuka Obayashi, 'Japan's JOGMEC, Iwatani to Invest $120")
    assert s.footnotes[32].startswith("‘中华人民共和国海关总署")


def test_superscript_after_a_digit_is_a_marker_not_part_of_the_number():
    assert find_markers("output rose to 2²⁷ in the year") == [27]
    s = parse_structure("Exports rose 2²⁷ percent.\n\n27. Customs data, 2025.")
    assert s.footnotes == {27: "Customs data, 2025."}
    assert s.footnotes_in(0, len(s.text)) == [(27, "Customs data, 2025.")]


def test_exponents_and_other_marker_styles():
    assert find_markers("an area of 40 km² was cleared") == []
    assert find_markers("as shown [7] and noted ^8.") == [7, 8]
    s = parse_structure("Prices rose [2].\n\n[2] Argus Media, 2026.")
    assert s.footnotes == {2: "Argus Media, 2026."}


def test_numbered_list_without_markers_is_not_footnotes():
    s = parse_structure("Steps:\n\n1. Stockpile magnets.\n\n2. Fund refining.")
    assert s.footnotes == {}
    assert all(b.kind != "footnotes" for b in s.blocks)


def test_sections_follow_headings():
    s = structure_of("003_703b9a852f138040.txt")
    sections = [b.section for b in s.blocks if b.kind == "heading"]
    assert "Executive Summary" in sections
    assert "China's Production Dominance" in sections
    table4 = next(
        b for b in s.blocks if b.kind == "table" and "Table 4:" in s.text[b.start : b.end]
    )
    assert table4.section == "Conserving Domestic Resources"


def test_tables_are_whole_with_caption_rows_and_source():
    s = structure_of("003_703b9a852f138040.txt")
    tables = [s.text[b.start : b.end] for b in s.blocks if b.kind == "table"]
    for n in range(1, 7):
        matching = [t for t in tables if t.startswith(f"Table {n}:")]
        assert len(matching) == 1, f"Table {n} should be one block"
    table1 = next(t for t in tables if t.startswith("Table 1:"))
    assert "58\tCerium\tCe\t68\t43%\t49%" in table1
    assert "61\tPromethium\tPm\t0\t0%\t0%" in table1
    assert "Source: J S McIndoe" in table1
    table2 = next(t for t in tables if t.startswith("Table 2:"))
    assert "* Element subject to export controls in China." in table2
    table5 = next(t for t in tables if t.startswith("Table 5:"))
    assert "2011\tLynas\tAustralia / Malaysia\t$250 million (m)" in table5


def test_flattened_and_markdown_tables_are_tables():
    s = structure_of("002_03cee6a0564ba619.txt")
    tables = [s.text[b.start : b.end] for b in s.blocks if b.kind == "table"]
    assert len(tables) == 2
    assert tables[0].startswith("Table 1: Global Rare Earth Production")
    assert (
        tables[0]
        .rstrip()
        .endswith("U.S. Geological Survey, Mineral Commodity Summaries, January 2025")
    )
    md = structure_of("001_2eee6fb68873430b.txt")
    md_tables = [md.text[b.start : b.end] for b in md.blocks if b.kind == "table"]
    assert len(md_tables) == 1 and md_tables[0].count("| RPT-") == 4


def test_headings_are_not_sentences_dates_or_cells():
    s = structure_of("000_883bab2b6c0bb2a2.txt")
    headings = [s.text[b.start : b.end] for b in s.blocks if b.kind == "heading"]
    assert "May 2026" not in headings
    assert not any(re.search(r"[.:]$", h) for h in headings)
    assert (
        s.title
        == "Rare Earths Remain a China-Controlled Supply Chain Despite Diversification Efforts"
    )
