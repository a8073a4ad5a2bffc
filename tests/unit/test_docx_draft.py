"""Briefing drafts worth sending: the DOCX is a real Word document (Word's styles, a
numbered bibliography the [n] markers point at, live links only to the reports' own
addresses, document properties), and no draft carries a timing line."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE

from ingest.pipeline import Ingestor
from reportqa.answering import Answerer
from reportqa.batch import BatchEntry, BatchResult, draft_title, run_batch
from reportqa.briefing import (
    BIBLIOGRAPHY,
    DISAGREE,
    NOT_COVERED,
    bibliography,
    render_markdown,
    write_briefing,
)
from reportqa.config import Settings
from reportqa.models import (
    Answer,
    Conflict,
    ConflictValue,
    DocumentRecord,
    Footnote,
)
from reportqa.questions_file import QuestionItem, QuestionSet, load_questions
from reportqa.retrieve import HybridRetriever
from reportqa.store import ReportStore
from tests.unit.test_batch import citation

CREATED = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
REPORT_URL = "https://example.org/reports/x"
HOSTILE_URL = "https://tracker.example/pixel.png"


def record(doc: str, url: str | None) -> DocumentRecord:
    return DocumentRecord(
        doc_id=doc, source=f"corpus/{doc}.txt", path=f"/c/{doc}.txt", content_hash=doc, url=url
    )


def result(quote_extra: str = "") -> BatchResult:
    """Two sections; the second answer cites report y first, so its own [1] must become the
    bibliography's [2]; report text carries a URL, HTML and emphasis."""
    items = [
        QuestionItem("a", "Share of refining in 2024?", "Markets"),
        QuestionItem("b", "Share of mining?", "Markets"),
        QuestionItem("c", "Price of lithium?", "Gaps"),
    ]
    answered = Answer(
        question=items[0].question,
        status="answered",
        answer="**China** held *91%* of refining in 2024 [1].",
        citations=[
            citation(
                1,
                "x",
                f"In 2024, China held 91% of refining (see {HOSTILE_URL}).{quote_extra}",
                page=3,
                footnotes=[Footnote(n=7, text="USGS, 'Rare Earths', <a href='x'>2025</a>.")],
            )
        ],
        timings_ms={"retrieve": 12.5, "answer": 3.25},
    )
    conflict = Answer(
        question=items[1].question,
        status="conflict",
        answer="The reports disagree. Y gives 63% [1]; X gives 69% [2].",
        citations=[
            citation(1, "y", "China holds 63% of mining."),
            citation(2, "x", "China held 69% of mining.", page=5),
        ],
        conflicts=[
            Conflict(
                quantity="China mining",
                values=[
                    ConflictValue(value="63%", citation=1),
                    ConflictValue(value="69%", year=2025, citation=2),
                ],
            )
        ],
    )
    abstained = Answer(
        question=items[2].question,
        status="abstained",
        answer="The reports do not answer this question.",
        citations=[citation(1, "z", "Unrelated text.", related=True)],
    )
    return BatchResult(
        "Rare earths briefing",
        [
            BatchEntry(items[0], answered),
            BatchEntry(items[1], conflict),
            BatchEntry(items[2], abstained),
        ],
        workers=3,
        wall_seconds=12.34,
        sections=["Markets", "Gaps"],
        created=CREATED,
        documents={
            "x": record("x", REPORT_URL),
            "y": record("y", "javascript:alert(1)"),  # never a link
            "z": record("z", "https://example.org/z"),
        },
    )


def hyperlinks(doc) -> list[tuple[str, str]]:
    return [(h.address, h.text) for p in doc.paragraphs for h in p.hyperlinks]


def external_targets(doc) -> set[str]:
    rels = doc.part.rels.values()
    return {r.target_ref for r in rels if r.reltype == RELATIONSHIP_TYPE.HYPERLINK}


def test_docx_draft_has_words_styles_in_order(tmp_path):
    out = tmp_path / "brief.docx"
    write_briefing(result(), out)
    doc = Document(str(out))
    styles = [p.style.name for p in doc.paragraphs if p.style.name != "Normal"]
    assert styles == [
        "Title",
        "Heading 1",  # Markets
        "Heading 2",  # Share of refining
        "List Bullet",  # [1] its quoted source
        "List Bullet 2",  # the footnote of that quote
        "Heading 2",  # Share of mining
        "List Bullet",
        "List Bullet",
        "Heading 1",  # Gaps
        "Heading 2",  # Price of lithium
        "List Bullet",  # a related passage
        "Heading 1",  # where the reports disagree
        "List Bullet",
        "List Bullet",
        "Heading 1",  # not covered
        "List Bullet",
        "Heading 1",  # bibliography
        "List Number",
        "List Number",
    ]
    heads = [p.text for p in doc.paragraphs if p.style.name.startswith(("Title", "Heading"))]
    assert heads[0] == "Rare earths briefing"
    assert heads[-3:] == [DISAGREE, NOT_COVERED, BIBLIOGRAPHY]


def test_docx_citations_point_at_the_numbered_bibliography(tmp_path):
    out = tmp_path / "brief.docx"
    r = result()
    write_briefing(r, out)
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    numbered = [p.text for p in doc.paragraphs if p.style.name == "List Number"]
    refs = bibliography(r)
    assert [f"{ref.describe()} {ref.url or ''}".strip() for ref in refs] == numbered
    assert numbered[0].startswith("Report x. Publisher x. 2026-05. pp. 3, 5. cited 2 times.")
    # report x is [1] everywhere, report y [2]: the conflict's own [1] and [2] are swapped
    assert "The reports disagree. Y gives 63% [2]; X gives 69% [1]." in texts
    assert any(t.startswith("[2] Report y") for t in texts)
    assert "63%: Publisher y [2]" in texts and "69% for 2025: Publisher x [1]" in texts
    markers = {int(n) for t in texts for n in re.findall(r"\[(\d+)\]", t)}
    assert markers == {1, 2} == set(range(1, len(numbered) + 1))
    assert "Footnote 7: USGS, 'Rare Earths', <a href='x'>2025</a>." in texts  # text, shown


def test_docx_links_only_the_reports_own_addresses(tmp_path):
    out = tmp_path / "brief.docx"
    write_briefing(result(), out)
    doc = Document(str(out))
    assert hyperlinks(doc) == [(REPORT_URL, REPORT_URL)]  # y's javascript: is no link
    assert external_targets(doc) == {REPORT_URL}  # the quote's URL is not a relationship
    assert any(HOSTILE_URL in p.text for p in doc.paragraphs)  # but it is shown
    link = next(h for p in doc.paragraphs for h in p.hyperlinks)
    assert link.runs[0].style.name == "Hyperlink"


def test_docx_has_no_markdown_stars_and_no_timings(tmp_path):
    out = tmp_path / "brief.docx"
    write_briefing(result(), out)
    doc = Document(str(out))
    texts = [p.text for p in doc.paragraphs]
    assert not any("*" in t for t in texts)
    answer = next(p for p in doc.paragraphs if p.text.startswith("China held"))
    assert answer.text == "China held 91% of refining in 2024 [1]."
    assert [(r.text, r.bold, r.italic) for r in answer.runs if r.bold or r.italic] == [
        ("China", True, None),
        ("91%", None, True),
    ]
    everything = "\n".join(texts)
    assert "12.3" not in everything and "worker" not in everything
    assert not re.search(r"\b\d+(\.\d+)?\s?(s|ms|seconds)\b", everything)
    assert (
        texts[1]
        == "3 questions: 1 answered, 1 conflicts, 1 abstained, 0 failed. Drafted 4 March 2026."
    )


def test_docx_core_properties_say_what_the_file_is(tmp_path):
    out = tmp_path / "brief.docx"
    r = result()
    r.author = "Policy unit"
    write_briefing(r, out)
    props = Document(str(out)).core_properties
    assert props.title == "Rare earths briefing"
    assert props.author == props.last_modified_by == "Policy unit"
    assert props.created == CREATED.replace(tzinfo=None) or props.created == CREATED
    assert props.subject == "Markets; Gaps"
    assert props.keywords == "Publisher x; Publisher y"
    assert "python-docx" not in f"{props.author}{props.comments}{props.last_modified_by}"
    default = tmp_path / "default.docx"
    write_briefing(result(), default)
    assert Document(str(default)).core_properties.author == "reportqa"


def test_a_control_character_in_a_cited_quote_does_not_break_the_docx(tmp_path):
    out = tmp_path / "brief.docx"
    write_briefing(result(quote_extra=" \x1b[31mred\x1b[0m\x00 \x0b\x0cend\ufffe"), out)
    texts = [p.text for p in Document(str(out)).paragraphs]
    source = next(t for t in texts if t.startswith("[1] Report x"))
    assert "[31mred[0m" in source and "end" in source
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe]", "".join(texts))


def test_markdown_draft_has_no_timing_line_and_one_live_link(tmp_path):
    md = render_markdown(result())
    assert "12.3" not in md and "worker" not in md
    assert "3 questions: 1 answered, 1 conflicts, 1 abstained, 0 failed." in md
    biblio = md.split(f"## {BIBLIOGRAPHY}")[1]
    assert (
        f"1. Report x. Publisher x. 2026-05. pp. 3, 5. cited 2 times. corpus/x.txt. <{REPORT_URL}>"
        in biblio
    )
    assert "2. Report y." in biblio and "javascript" not in biblio
    assert f"\\(see `{HOSTILE_URL}`\\)." in md  # shown as code, not live
    assert not re.search(r"(?<!\\)<a ", md) and "\\<a href" in md  # no tag opens
    assert "The reports disagree. Y gives 63% [2]; X gives 69% [1]." in md
    assert "  - Footnote 7: USGS" in md


def test_a_question_file_called_questions_does_not_title_the_draft(tmp_path):
    path = tmp_path / "questions.txt"
    path.write_text("What share?\n", encoding="utf-8")
    title = draft_title(load_questions(path).title, CREATED)
    assert title == "Briefing of 4 March 2026"
    assert draft_title("Rare_earths brief", CREATED) == "Rare_earths brief"
    assert draft_title("Mining questions", CREATED) == "Mining questions"


# ------------------------------------------------------------------ through run_batch


@pytest.fixture
def store_settings(tmp_path, corpus_copy) -> Settings:
    settings = Settings(
        home=tmp_path / "store", embedding={"backend": "fake"}, draft_author="Policy unit"
    )
    Ingestor(settings, store=ReportStore(settings)).ingest([corpus_copy])
    return settings


def test_run_batch_gives_the_draft_its_author_and_the_reports_addresses(store_settings, tmp_path):
    store = ReportStore(store_settings)
    answerer = Answerer(store_settings, retriever=HybridRetriever(store_settings, store=store))
    questions = QuestionSet(
        "Questions",
        [
            QuestionItem(
                "q1", "What share of global rare earth refining did China hold in 2024?", "S"
            )
        ],
    )
    r = run_batch(answerer, questions, workers=1)
    assert r.title.startswith("Briefing of ") and r.author == "Policy unit"
    out = tmp_path / "brief.docx"
    write_briefing(r, out)
    doc = Document(str(out))
    urls = {web for web in (rec.url for rec in store.documents()) if web}
    cited = {c.doc_id for c in r.entries[0].answer.citations}
    expected = {rec.url for rec in store.documents() if rec.doc_id in cited and rec.url}
    assert expected and expected <= urls
    assert {address for address, _ in hyperlinks(doc)} == expected
    assert doc.core_properties.author == "Policy unit"
    assert doc.paragraphs[0].style.name == "Title" and doc.paragraphs[0].text == r.title
