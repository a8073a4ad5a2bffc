"""`reportqa list` as text: one block per document, fitted to the width."""

from __future__ import annotations

from reportqa.cli.listing import EMPTY, as_json, listing_text

RECORDS = [
    {
        "doc_id": "f21ea69cb2cac875",
        "title": "China and Rare Earth Supply Chains: Export Controls, Dual-Use Governance "
        "and UK Exposure",
        "publisher": "RUSI (Royal United Services Institute)",
        "date": "2026-06",
        "kind": "research paper",
        "chunks": 130,
        "pages": None,
        "source": "corpus/003_703b9a852f138040.txt",
    },
    {"doc_id": "a1", "title": None, "chunks": 1, "source": "notes/a.md", "pages": 3},
]


def test_each_document_is_a_block_within_the_width() -> None:
    text = listing_text(RECORDS, width=60)
    lines = text.splitlines()
    assert lines[0] == "2 documents, 131 passages"
    assert all(len(line) <= 60 for line in lines if not line.lstrip().startswith(("corpus/",)))
    assert lines[2].startswith("f21ea69cb2cac875  China and Rare Earth")
    indent = " " * len("f21ea69cb2cac875  ")
    block = text.split("\n\n")[1]
    assert all(line.startswith(indent) for line in block.splitlines()[1:])
    flat = block.replace("\n" + indent, " ")  # the block with its wrapping undone
    assert "Governance and UK Exposure RUSI (Royal United Services Institute) · 2026-06" in flat
    assert block.splitlines()[-1] == indent + "corpus/003_703b9a852f138040.txt"
    last = text.split("\n\n")[2].splitlines()
    assert last == ["a1  (untitled)", "    1 passage · 3 pages", "    notes/a.md"]


def test_empty_store_and_json() -> None:
    assert listing_text([]) == EMPTY
    assert as_json(RECORDS).startswith('[\n  {\n    "doc_id": "f21ea69cb2cac875"')
