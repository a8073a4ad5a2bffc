"""app.conversation: what the chat page shows, decided without a browser."""

from __future__ import annotations

import re

import pytest

from app.conversation import (
    SUPPORTED_SUFFIXES as CHAT_SUFFIXES,
)
from app.conversation import (
    FilterError,
    answer_markdown,
    build_filters,
    check_question,
    check_upload,
    conflict_lines,
    conversation_markdown,
    corpus_status,
    escape_markdown,
    highlight,
    highlight_markdown,
    quote_offsets,
    safe_upload_name,
    source_label,
    suggested_questions,
)
from ingest.loaders import SUPPORTED_SUFFIXES
from reportqa.models import (
    Answer,
    Citation,
    Conflict,
    ConflictValue,
    DocumentRecord,
    Footnote,
    Passage,
)


def citation(n: int = 1, **kw) -> Citation:
    base = {
        "doc_id": "d1",
        "chunk_id": "c1",
        "title": "Rare Earths Note",
        "publisher": "Andaman Partners",
        "date": "2026-05",
        "source": "corpus/000.txt",
        "section": "Market",
        "n": n,
        "quote": "In 2024, China accounted for 91% of global rare earth refining.",
        "passage": "Intro text. In 2024, China accounted for 91% of global rare earth "
        "refining. Closing text.",
        "char_start": 12,
        "char_end": 75,
    }
    return Citation(**{**base, **kw})


def test_escape_markdown_leaves_nothing_active():
    hostile = "<script>alert(1)</script> **bold** [x](javascript:y) $x$ :red[r] # h\n    code"
    out = escape_markdown(hostile)
    # every ASCII punctuation character is backslash-escaped
    assert not re.search(r"(?<!\\)[<>*\[\]()$:#`_]", out.replace("\\\\", ""))
    assert "\\<script\\>" in out
    assert "  \n" in out and "\n    code" not in out  # line break kept, no code block
    # removing the escapes gives the text back (indentation aside)
    assert re.sub(r"\\(.)", r"\1", out).replace("  \n", "\n") == hostile.replace("    ", "")


def test_answer_markers_become_chips_and_text_is_escaped():
    out = answer_markdown("China held 91% [1] and <b>90%</b> [2].")
    assert ":blue-badge[1]" in out and ":blue-badge[2]" in out
    assert "\\<b\\>" in out and "91\\%" in out


def test_quote_offsets_exact_and_whitespace_tolerant():
    passage = "Alpha beta.\nIn 2024, China\taccounted   for 91%."
    assert quote_offsets(passage, "Alpha beta.") == (0, 11)
    start, end = quote_offsets(passage, "In 2024, China accounted for 91%.")
    assert passage[start:end].startswith("In 2024") and passage[start:end].endswith("91%.")
    assert quote_offsets(passage, "not there") is None
    assert quote_offsets(passage, "   ") is None


def test_highlight_splits_the_passage_around_the_quote():
    c = citation()
    h = highlight(c)
    assert h.found and h.before + h.quote + h.after == c.passage
    assert h.quote == c.quote
    md = highlight_markdown(h.before, h.quote, h.after)
    assert md.count(":orange-background[") == 1 and "Intro text\\." in md
    missing = highlight(citation(quote="never said"))
    assert not missing.found and missing.before == c.passage


def test_source_label_and_conflict_lines():
    c = citation(page=4)
    assert source_label(c) == "[1] Rare Earths Note — Andaman Partners, 2026-05 — p. 4 · Market"
    same = citation(section="Rare Earths Note", publisher=None)
    assert source_label(same) == "[1] Rare Earths Note — 2026-05"  # a title is not repeated
    a = Answer(
        question="q",
        status="conflict",
        answer="x",
        citations=[c],
        conflicts=[
            Conflict(
                quantity="China mining",
                values=[
                    ConflictValue(value="69%", year=2025, citation=1, title="A"),
                    ConflictValue(value="63%", citation=2, title="B"),
                ],
            )
        ],
    )
    assert conflict_lines(a) == ["China mining: 69% (2025) — A [1]", "China mining: 63% — B [2]"]


def test_corpus_status():
    records = [
        DocumentRecord(
            doc_id="a", source="a", path="/a", content_hash="h", chunks=3, ingested_at="2026-01-02"
        ),
        DocumentRecord(
            doc_id="b", source="b", path="/b", content_hash="h", chunks=4, ingested_at="2026-03-01"
        ),
    ]
    status = corpus_status(records)
    assert (status.documents, status.chunks, status.last_ingest) == (2, 7, "2026-03-01")
    assert status.describe() == "2 reports, 7 passages; last added 1 Mar 2026, 00:00"
    assert corpus_status([]).describe() == "0 reports, 0 passages"
    assert corpus_status(records[:1]).describe().startswith("1 report, 3 passages;")


def test_build_filters():
    f = build_filters(["d1"], ["RUSI"], "May 2025", " 2026 ")
    assert (f.doc_ids, f.publishers, f.after, f.before) == (["d1"], ["RUSI"], "2025-05", "2026")
    assert build_filters().is_empty()
    # errors name the fields as the form labels them, never the code's names
    with pytest.raises(FilterError, match="^“Dated from” expects a date.*not “last spring”$"):
        build_filters(after="last spring")
    with pytest.raises(FilterError, match="^“Dated until” expects a date"):
        build_filters(before="soon")
    with pytest.raises(FilterError, match="^“Dated from” is later than “Dated until”"):
        build_filters(after="2026", before="2025")


def test_uploads_are_checked_and_named_safely():
    assert check_upload("r.pdf", 10, 1) is None
    assert check_upload("R.HTML", 10, 1) is None
    assert "unsupported type .exe" in check_upload("x.exe", 10, 1)
    assert "unsupported type (none)" in check_upload("README", 10, 1)
    assert "empty" in check_upload("r.txt", 0, 1)
    assert "over the 1 MB limit" in check_upload("r.txt", 2 * 1024 * 1024, 1)
    assert set(CHAT_SUFFIXES) == SUPPORTED_SUFFIXES
    assert safe_upload_name("../../etc/passwd.txt") == "passwd.txt"
    assert safe_upload_name("C:\\tmp\\My Report (v2).PDF") == "My_Report_v2.pdf"
    assert safe_upload_name(".hidden.md") == "hidden.md"


def test_check_question():
    assert check_question("What share?") is None
    assert "empty" in check_question("  ")
    assert "too long" in check_question("x" * 2001)


def passage(doc: str, text: str, kind: str = "prose", section: str | None = None) -> Passage:
    return Passage(
        doc_id=doc, chunk_id=doc + text[:5], source=doc, text=text, char_start=0,
        char_end=len(text), kind=kind, section=section, title="The Title",
    )  # fmt: skip


def test_suggested_questions_come_from_stated_shares():
    passages = [
        passage("a", "In 2024, China accounted for 91% of global rare earth refining. More."),
        passage("a", "China accounted for roughly 69% of global mine production in 2025 and so."),
        passage("b", "Myanmar accounted for 52% of China's imports of rare earth raw materials."),
        passage("b", "The sector held 40% of total output, which is generic."),
        passage("c", "China accounted for 99% of global widget output.", kind="footnotes"),
        passage("d", "No shares here at all."),
    ]
    qs = suggested_questions(passages, limit=3)
    assert qs == [
        "What share of global rare earth refining does China account for?",
        "What share of China's imports of rare earth raw materials does Myanmar account for?",
        "What share of global mine production did China account for in 2025?",
    ]
    assert suggested_questions(passages[-1:]) == []
    # reports without stated shares offer their headings, after the share questions
    headed = [
        passage("e", "Text.", section="Export controls and licensing"),
        passage("e", "More.", section="Table 3: Licences granted"),
        passage("f", "Text.", section="The Title"),
        passage("g", "Text.", section="Summary"),
    ]
    assert suggested_questions(headed) == [
        "What do the reports say about Export controls and licensing?"
    ]
    mixed = suggested_questions(headed + passages, limit=10)
    assert mixed[:3] == qs and mixed[-1].startswith("What do the reports say about Export")
    assert len(suggested_questions(passages * 3, limit=10)) == 3  # no duplicates


def test_conversation_markdown_has_citations_footnotes_and_sources():
    c1 = citation(footnotes=[Footnote(n=12, text="US Geological Survey, 'Rare Earths'.")])
    c2 = citation(2, doc_id="d2", title="Other <b>Report</b>", quote="63% of <mining>")
    a1 = Answer(question="Share <q>?", status="answered", answer="91% [1] and 63% [2].",
                citations=[c1, c2])  # fmt: skip
    a2 = Answer(
        question="Peru 1850?",
        status="abstained",
        answer="The reports do not answer this question.",
        citations=[citation(related=True)],
        notice="the LLM server did not answer; this is the extractive answer.",
    )
    md = conversation_markdown([a1, a2])
    assert "*Note: the LLM server did not answer; this is the extractive answer.*" in md
    assert md.startswith("# reportqa conversation")
    assert "## Q1. Share \\<q\\>?" in md and "## Q2. Peru 1850?" in md
    assert "[1] (cited) Rare Earths Note — Andaman Partners, 2026-05 — Market" in md
    assert "> In 2024, China accounted for 91%" in md
    assert "- footnote 12: US Geological Survey, 'Rare Earths'." in md
    assert "(related)" in md and "do not answer" in md
    sources = md.split("## Sources", 1)[1]
    assert sources.count("\n- ") == 2  # one line per cited report
    assert "Other \\<b\\>Report\\</b\\>" in sources
    assert "<b>" not in md and "<mining>" not in md and "&lt;" not in md
