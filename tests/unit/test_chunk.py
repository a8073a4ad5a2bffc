import pytest

from ingest.chunk import DocumentInfo, make_passages
from ingest.clean import clean_document
from ingest.loaders import RawDocument
from ingest.structure import parse_structure
from reportqa.text import sentence_spans
from tests.conftest import CORPUS

NAMES = sorted(p.name for p in CORPUS.glob("*.txt"))


def passages_of(name: str, size: int = 1000, overlap: int = 150, content_hash: str = "h"):
    path = CORPUS / name
    cleaned = clean_document(RawDocument(path, "text", [path.read_text(encoding="utf-8")], b""))
    structure = parse_structure(cleaned.text)
    info = DocumentInfo(name, content_hash, f"corpus/{name}", "T", "P", "2026-05")
    return cleaned, make_passages(cleaned, structure, info, size, overlap)


@pytest.mark.parametrize("name", NAMES)
def test_passage_text_is_the_span_of_the_cleaned_text(name):
    cleaned, passages = passages_of(name)
    assert passages
    for p in passages:
        assert cleaned.text[p.char_start : p.char_end] == p.text
        assert p.text.strip() == p.text


@pytest.mark.parametrize("name", NAMES)
def test_prose_passages_respect_size_and_end_on_sentences(name):
    cleaned, passages = passages_of(name, size=600, overlap=100)
    for p in passages:
        if p.kind == "prose" and len(p.text) > 600:
            # only a single sentence longer than the limit may exceed it
            assert len(sentence_spans(cleaned.text, p.char_start, p.char_end)) == 1
        if p.kind == "prose":
            assert p.text[-1] in ".!?:;)’'\"”%⁰¹²³⁴⁵⁶⁷⁸⁹" or "\n" not in p.text[-3:]


def test_overlap_between_consecutive_prose_passages():
    _, passages = passages_of("003_703b9a852f138040.txt", size=800, overlap=200)
    prose = [p for p in passages if p.kind == "prose"]
    overlaps = [
        a.char_end - b.char_start for a, b in zip(prose, prose[1:]) if b.char_start < a.char_end
    ]
    assert overlaps, "some passages should overlap"
    assert all(0 < o <= 200 for o in overlaps)


def test_tables_never_split_and_carry_captions():
    _, passages = passages_of("003_703b9a852f138040.txt", size=300, overlap=0)
    tables = [p for p in passages if p.kind == "table"]
    captions = [p.text.split("\n", 1)[0] for p in tables if p.text.startswith("Table")]
    assert [c.split(":")[0] for c in captions] == [f"Table {n}" for n in range(1, 7)]
    table3 = next(p for p in tables if p.text.startswith("Table 3:"))
    assert len(table3.text) > 300 and "Yttrium\tMilitary lasers" in table3.text


def test_footnotes_are_resolved_in_passages():
    _, passages = passages_of("003_703b9a852f138040.txt")
    p = next(p for p in passages if "according to the US Geological Survey.¹²" in p.text)
    assert {f.n: f.text for f in p.footnotes}[12] == "US Geological Survey, 'Rare Earths'."
    cited = {f.n for p in passages if p.kind == "prose" for f in p.footnotes}
    assert cited == set(range(1, 69))
    lists = [p for p in passages if p.kind == "footnotes"]
    assert {f.n for p in lists for f in p.footnotes} == set(range(1, 69))


def test_chunk_ids_are_stable_and_change_with_content():
    _, first = passages_of("000_883bab2b6c0bb2a2.txt")
    _, again = passages_of("000_883bab2b6c0bb2a2.txt")
    _, changed = passages_of("000_883bab2b6c0bb2a2.txt", content_hash="other")
    assert [p.chunk_id for p in first] == [p.chunk_id for p in again]
    assert not {p.chunk_id for p in first} & {p.chunk_id for p in changed}
    assert len({p.chunk_id for p in first}) == len(first)


def test_sentence_splitter_keeps_abbreviations_and_numbers():
    text = "The U.S. output rose 2.5x in 2024. Prices fell (No. 11 notice). Next one."
    spans = [text[a:b] for a, b in sentence_spans(text)]
    assert spans == [
        "The U.S. output rose 2.5x in 2024.",
        "Prices fell (No. 11 notice).",
        "Next one.",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A monthly pension of Rs. 3000/- is paid from the age of 60. It is assured.",
            ["A monthly pension of Rs. 3000/- is paid from the age of 60.", "It is assured."],
        ),
        (
            "As set out in Art. 5 and on p. 12 of the act.",
            ["As set out in Art. 5 and on p. 12 of the act."],
        ),
        (  # a table's lettered notes, run on in one line
            "a Rates are those of 2020. b Including lines in HS17. c Peaks exceed 15%.",
            ["a Rates are those of 2020.", "b Including lines in HS17.", "c Peaks exceed 15%."],
        ),
        (
            "Turnout fell across the EU. 2019 was the low point.",
            ["Turnout fell across the EU.", "2019 was the low point."],
        ),
    ],
)
def test_sentences_end_where_a_reader_would_end_them(text, expected):
    assert [text[a:b] for a, b in sentence_spans(text)] == expected


def _laid_out(parts: list[tuple[str, str]], pages: list[int]):
    """A laid-out document from (kind, text) blocks, each block on its page."""
    from ingest.clean import CleanedDocument
    from ingest.structure import Block, structure_from_layout

    text, blocks, runs = "", [], []
    for (kind, body), page in zip(parts, pages, strict=True):
        start = len(text) + (2 if text else 0)
        text += ("\n\n" if text else "") + body
        blocks.append(Block(kind, start, len(text), "Harbour finances"))  # type: ignore[arg-type]
        if not runs or runs[-1][1] != page:
            runs.append((start, page))
    cleaned = CleanedDocument(text, runs)
    structure = structure_from_layout(text, blocks, {}, {}, "Harbour report")
    info = DocumentInfo("d", "h", "d.pdf", "Harbour report", None, None)
    return make_passages(cleaned, structure, info, 1000, 150, caption_reach=3)


def test_a_table_whose_caption_was_set_apart_takes_the_caption_as_its_section():
    caption = "Table 4. Dues paid by pleasure craft per season, 2020 (dollars)"
    parts = [
        ("box", caption),
        ("prose", "Dues charged at each berth"),
        ("table", "North quay\t120\nSouth quay\t95"),
        ("prose", "The board sets the dues each spring."),
        ("table", "Pier\t40\nSlipway\t15"),
    ]
    # the second table is on the next page: the caption is not its own
    passages = _laid_out(parts, [3, 3, 3, 3, 4])
    tables = [p for p in passages if p.kind == "table"]
    assert [p.section for p in tables] == [caption, "Harbour finances"]
    assert tables[0].text == "North quay\t120\nSouth quay\t95"  # the text stays in place


def test_a_source_line_under_a_table_is_part_of_the_table():
    parts = [
        ("table", "Table 2. Berths let per season\nNorth quay\t120\nSouth quay\t95"),
        ("prose", "Source: Harbour Office, Berth Register Note: 2024 provisional"),
        ("prose", "The board sets the dues each spring."),
        ("table", "Pier\t40\nSlipway\t15"),
        ("prose", "Source: Harbour Office"),
    ]
    # the second source line is printed on the page after its table: not its own
    passages = _laid_out(parts, [3, 3, 3, 4, 5])
    tables = [p for p in passages if p.kind == "table"]
    assert tables[0].text.endswith("Note: 2024 provisional")
    assert tables[0].text.startswith("Table 2.")
    assert tables[1].text == "Pier\t40\nSlipway\t15"
    prose = [p.text for p in passages if p.kind == "prose"]
    assert prose == ["The board sets the dues each spring.", "Source: Harbour Office"]


def test_a_signature_set_as_a_heading_is_kept_as_a_passage():
    """A foreword's signature printed large ("Honourable Minister …") is laid out as a
    heading; it says who signed, so it is a passage. A heading of words is not."""
    parts = [
        ("prose", "The harbour plan sets out the works for the next decade."),
        ("heading", "Honourable Minister Tomas K. Ruud MINISTER OF PORTS AND SHIPPING"),
        ("heading", "EXECUTIVE SUMMARY"),
        ("prose", "Traffic through the harbour grew by 4% a year."),
    ]
    passages = _laid_out(parts, [3, 3, 4, 4])
    texts = [p.text for p in passages]
    assert "Honourable Minister Tomas K. Ruud MINISTER OF PORTS AND SHIPPING" in texts
    assert "EXECUTIVE SUMMARY" not in texts
