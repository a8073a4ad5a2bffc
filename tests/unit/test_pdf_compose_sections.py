"""The section each part of a PDF is filed under (ingest/pdf/compose.py): a figure's or a
table's bold caption names what is under it, not the section the text goes on in."""

from __future__ import annotations

from ingest.pdf.compose import compose
from ingest.pdf.layout import Block
from ingest.pdf.lines import Line, Word


def line(text: str, y: float, size: float = 10.0, bold: bool = False) -> Line:
    words, x = [], 72.0
    for w in text.split():
        words.append(Word(w, x, x + 5.0 * len(w), y, size, bold))
        x += 5.0 * len(w) + 3.0
    return Line(words, page=1)


def sections(blocks: list[Block]) -> list[tuple[str, str | None]]:
    composed = compose([blocks])
    return [(b.kind, b.section) for b in composed.blocks]


def test_a_caption_set_as_a_heading_files_its_figure_not_the_text_after_it():
    blocks = [
        Block("heading", [line("Tidal Flows", 700, 14, True)], 1),
        Block("prose", [line("The estuary floods twice a day.", 680)], 1),
        Block("heading", [line("Figure 3. Map of the estuary", 660, 10, True)], 1),
        Block("figure", [line("North Quay  South Quay", 640)], 1),
        Block("prose", [line("Silt settles where the flow slows.", 600)], 1),
        Block("heading", [line("Table 2: Dredging by year", 580, 10, True)], 1),
        Block("table", [line("2019 400", 560)], 1, rows=[["2019", "400"]]),
        Block("prose", [line("Dredging costs rose each year.", 540)], 1),
    ]
    assert sections(blocks) == [
        ("heading", "Tidal Flows"),
        ("prose", "Tidal Flows"),
        ("heading", "Figure 3. Map of the estuary"),
        ("figure", "Figure 3. Map of the estuary"),
        ("prose", "Tidal Flows"),  # the text goes on in its section
        ("heading", "Table 2: Dredging by year"),
        ("table", "Table 2: Dredging by year"),
        ("prose", "Tidal Flows"),
    ]


def test_a_heading_that_is_no_caption_opens_a_section():
    blocks = [
        Block("heading", [line("Tables and Charts Used", 700, 14, True)], 1),
        Block("prose", [line("Each chart shows one year.", 680)], 1),
    ]
    assert sections(blocks) == [
        ("heading", "Tables and Charts Used"),
        ("prose", "Tables and Charts Used"),
    ]
