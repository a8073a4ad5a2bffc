"""Batch answering: question files, the worker pool, failures, the three output formats."""

from __future__ import annotations

import json
import threading

import pytest
from docx import Document
from typer.testing import CliRunner

from ingest.pipeline import Ingestor
from reportqa.answering import Answerer
from reportqa.batch import run_batch
from reportqa.briefing import (
    BIBLIOGRAPHY,
    DISAGREE,
    NOT_COVERED,
    BriefingError,
    bibliography,
    check_output_path,
    render_json,
    render_markdown,
    write_briefing,
)
from reportqa.cli import app
from reportqa.models import Answer, Citation, Conflict, ConflictValue
from reportqa.questions_file import QuestionFileError, QuestionItem, QuestionSet, load_questions
from reportqa.retrieve import HybridRetriever
from reportqa.store import ReportStore

# ------------------------------------------------------------------ question files


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_txt_skips_blank_lines_and_comments(tmp_path):
    qs = load_questions(write(tmp_path, "brief.txt", "# header\n\nFirst?\n  # x\nSecond?\n"))
    assert [i.question for i in qs.items] == ["First?", "Second?"]
    assert [i.id for i in qs.items] == ["q1", "q2"]
    assert qs.title == "Brief"


def test_csv_columns_sections_and_filters(tmp_path):
    path = write(
        tmp_path,
        "q.csv",
        "id,question,section,publisher,after\n"
        "a,What share?,Markets,Andaman Partners;RUSI,2025\n"
        "b,What tonnage?,Volumes,,\n",
    )
    qs = load_questions(path)
    assert [(i.id, i.section) for i in qs.items] == [("a", "Markets"), ("b", "Volumes")]
    assert qs.items[0].filters.publishers == ["Andaman Partners", "RUSI"]
    assert qs.items[0].filters.after == "2025"
    assert qs.items[1].filters.is_empty()
    assert qs.sections == ["Markets", "Volumes"]


def test_csv_quoted_cells_may_span_lines_and_extra_cells_are_refused(tmp_path):
    qs = load_questions(write(tmp_path, "m.csv", 'id,question\na,"Multi\nline?"\nb,Two?\n'))
    assert [(i.id, i.question) for i in qs.items] == [("a", "Multi line?"), ("b", "Two?")]
    with pytest.raises(QuestionFileError, match="m2.csv:3: more cells than columns"):
        load_questions(write(tmp_path, "m2.csv", "question,id\nWhy?,a\nHow?,b,extra\n"))


def test_yaml_sections_and_filter_inheritance(tmp_path):
    path = write(
        tmp_path,
        "q.yaml",
        "title: Briefing\n"
        "filters: {after: 2025}\n"
        "sections:\n"
        "  - title: One\n"
        "    filters: {publisher: RUSI}\n"
        "    questions:\n"
        "      - Plain?\n"
        "      - {question: 'Own?', id: own, filters: {publisher: [A, B], before: July 2026}}\n"
        "  - title: Two\n"
        "    questions: ['Other?']\n",
    )
    qs = load_questions(path)
    assert qs.title == "Briefing"
    plain, own, other = qs.items
    assert plain.filters.publishers == ["RUSI"] and plain.filters.after == "2025"
    assert own.id == "own" and own.filters.publishers == ["A", "B"]
    assert own.filters.before == "2026-07" and own.filters.after == "2025"
    assert other.section == "Two" and other.filters.publishers == []


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("q.pdf", "x", "unsupported question file type"),
        ("q.txt", "# only comments\n\n", "no questions found"),
        ("q.csv", "query,id\nx,1\n", "needs a 'question' column"),
        ("q.csv", "question,colour\nx,red\n", "unknown column(s) colour"),
        ("q.csv", "question,id\nWhy?,a\nHow?,a\n", "id 'a' is used twice"),
        ("q.yaml", "title: [unclosed\n", "q.yaml:"),
        ("q.yaml", "sections: {a: 1}\n", "'sections' must be a list"),
        ("q.yaml", "sections:\n  - title: S\n    questions: []\n", "non-empty list"),
        ("q.yaml", "questions:\n  - 42\n", "must be text"),
        ("q.yaml", "questions: ['Q?']\nfilters: {after: someday}\n", "expects a date"),
        ("q.yaml", "questions: ['Q?']\nfilters: {colour: red}\n", "unknown filter 'colour'"),
        ("q.yaml", "titel: x\nquestions: ['Q?']\n", "unknown key 'titel'"),
    ],
)
def test_bad_question_files_are_one_clear_line(tmp_path, name, text, message):
    with pytest.raises(QuestionFileError) as err:
        load_questions(write(tmp_path, name, text))
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(QuestionFileError, match="no such file"):
        load_questions(tmp_path / "absent.txt")
    path = tmp_path / "latin.txt"
    path.write_bytes("Qu\xe9?\n".encode("latin-1"))
    with pytest.raises(QuestionFileError, match="not UTF-8"):
        load_questions(path)


# ------------------------------------------------------------------ writers (no store)


def citation(n: int, doc: str, quote: str, page: int | None = None, **extra) -> Citation:
    return Citation(
        n=n,
        doc_id=doc,
        chunk_id=f"{doc}-{n}",
        title=f"Report {doc}",
        publisher=f"Publisher {doc}",
        date="2026-05",
        source=f"corpus/{doc}.txt",
        page=page,
        quote=quote,
        passage=quote,
        char_start=0,
        char_end=len(quote),
        **extra,
    )


def fake_result():
    """A BatchResult with one answer of each kind and one failure, without a store."""
    from reportqa.batch import BatchEntry, BatchResult

    items = [
        QuestionItem("a", "Share of refining in 2024?", "Markets"),
        QuestionItem("b", "Share of mining?", "Markets"),
        QuestionItem("c", "Price of lithium?", "Other"),
        QuestionItem("d", "Broken?", "Other"),
    ]
    answered = Answer(
        question=items[0].question,
        status="answered",
        answer="China held 91% of refining in 2024 [1].",
        citations=[citation(1, "x", "In 2024, China held 91% of refining.", page=3)],
    )
    conflict = Answer(
        question=items[1].question,
        status="conflict",
        answer="The reports disagree. X gives 69% [1] Y gives 63% [2]",
        citations=[
            citation(1, "x", "China held 69% of mining.", page=5),
            citation(2, "y", "China holds 63% of mining."),
        ],
        conflicts=[
            Conflict(
                quantity="China mining",
                values=[
                    ConflictValue(value="69%", year=2025, citation=1),
                    ConflictValue(value="63%", citation=2),
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
    entries = [
        BatchEntry(items[0], answer=answered),
        BatchEntry(items[1], answer=conflict),
        BatchEntry(items[2], answer=abstained),
        BatchEntry(items[3], error="RuntimeError: boom"),
    ]
    return BatchResult("Test briefing", entries, sections=["Markets", "Other"])


def test_bibliography_lists_each_report_once_with_pages_and_skips_related():
    refs = bibliography(fake_result())
    assert [r.source for r in refs] == ["corpus/x.txt", "corpus/y.txt"]
    assert refs[0].pages == {3, 5} and refs[0].citations == 2
    assert "pp. 3, 5" in refs[0].describe() and "Publisher x" in refs[0].describe()
    assert "no page numbers" in refs[1].describe()


def test_markdown_has_sections_conflicts_abstentions_failures_and_bibliography():
    md = render_markdown(fake_result())
    lines = md.splitlines()
    assert lines[0] == "# Test briefing"
    assert "1 answered, 1 conflicts, 1 abstained, 1 failed" in md
    for heading in (
        "## Markets",
        "## Other",
        f"## {DISAGREE}",
        f"## {NOT_COVERED}",
        f"## {BIBLIOGRAPHY}",
    ):
        assert heading in lines
    disagree = md.split(f"## {DISAGREE}")[1].split("## ")[0]
    assert "69% for 2025: Publisher x" in disagree and "63%: Publisher y" in disagree
    assert "Price of lithium?" in md.split(f"## {NOT_COVERED}")[1].split("## ")[0]
    assert "Failed: RuntimeError: boom" in md
    biblio = md.split(f"## {BIBLIOGRAPHY}")[1]
    assert biblio.count("Report x") == 1 and "Report z" not in biblio
    assert "- [1] Report x" in md and "“In 2024, China held 91% of refining.”" in md


def test_json_is_a_list_of_answers_with_failures_recorded():
    data = json.loads(render_json(fake_result()))
    assert [d["status"] for d in data] == ["answered", "conflict", "abstained", "failed"]
    assert Answer.model_validate(data[0]).citations[0].quote.startswith("In 2024")
    assert data[3]["error"] == "RuntimeError: boom" and data[3]["id"] == "d"


def test_docx_has_title_headings_citations_and_bibliography(tmp_path):
    out = tmp_path / "brief.docx"
    write_briefing(fake_result(), out)
    doc = Document(str(out))
    headings = [
        (p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith(("Head", "Title"))
    ]
    assert ("Title", "Test briefing") in headings
    assert ("Heading 1", BIBLIOGRAPHY) in headings and ("Heading 1", DISAGREE) in headings
    assert ("Heading 2", "Share of refining in 2024?") in headings
    texts = [p.text for p in doc.paragraphs]
    assert any(t.endswith("[1].") and "91%" in t for t in texts)
    assert texts[-2:] == [r.describe() for r in bibliography(fake_result())]


@pytest.mark.parametrize("name", ["brief.pdf", "brief", "missing/dir/brief.md"])
def test_bad_output_paths(tmp_path, name):
    with pytest.raises(BriefingError):
        check_output_path(tmp_path / name)


# ------------------------------------------------------------------ with a store (fake embedder)


@pytest.fixture
def answerer(fake_settings, corpus_copy):
    store = ReportStore(fake_settings)
    Ingestor(fake_settings, store=store).ingest([corpus_copy])
    return Answerer(fake_settings, retriever=HybridRetriever(fake_settings, store=store))


QUESTIONS = [
    "What share of global rare earth refining did China hold in 2024?",
    "What share of rare earth mining does China account for?",
    "How many tonnes of rare earths did China mine in 2024?",
    "How long can export licence approval take?",
    "What investment is needed for new processing facilities?",
    "What is the price of lithium carbonate in Chile?",
]


def question_set(questions=QUESTIONS) -> QuestionSet:
    return QuestionSet("T", [QuestionItem(f"q{i}", q, "S") for i, q in enumerate(questions)])


def test_parallel_batch_gives_the_same_answers_in_file_order(answerer):
    serial = run_batch(answerer, question_set(), workers=1)
    parallel = run_batch(answerer, question_set(QUESTIONS * 3), workers=4)
    assert [e.item.question for e in parallel.entries] == QUESTIONS * 3
    expected = [(e.outcome, e.answer.answer) for e in serial.entries]
    got = [(e.outcome, e.answer.answer if e.answer else e.error) for e in parallel.entries]
    assert got == expected * 3


def test_a_failing_question_is_recorded_and_the_rest_go_on(answerer, monkeypatch):
    real_ask = answerer.ask
    seen: list[str] = []
    lock = threading.Lock()

    def ask(question, k=None, filters=None):
        with lock:
            seen.append(question)
        if "tonnes" in question:
            raise RuntimeError("the store went away")
        return real_ask(question, k=k, filters=filters)

    monkeypatch.setattr(answerer, "ask", ask)
    done = []
    result = run_batch(answerer, question_set(), workers=2, on_done=done.append)
    assert len(seen) == len(QUESTIONS) == len(done)
    failed = [e for e in result.entries if e.outcome == "failed"]
    assert len(failed) == 1 and "store went away" in failed[0].error
    assert result.counts()["failed"] == 1 and sum(result.counts().values()) == len(QUESTIONS)


def test_unknown_document_filter_fails_that_question_only(answerer, tmp_path):
    qs = load_questions(
        write(
            tmp_path,
            "q.yaml",
            "questions:\n  - Q one?\n  - {question: 'Q two?', filters: {doc: nope}}\n",
        )
    )
    result = run_batch(answerer, qs, workers=1)
    assert [e.outcome == "failed" for e in result.entries] == [False, True]
    assert "no document matches 'nope'" in result.entries[1].error


# ------------------------------------------------------------------ the command


def test_batch_command_writes_each_format(cli_store):
    questions = write(cli_store, "q.txt", "\n".join(QUESTIONS[:3]) + "\n")
    for suffix in ("md", "docx", "json"):
        out = cli_store / f"brief.{suffix}"
        result = CliRunner().invoke(app, ["batch", str(questions), "-o", str(out), "-w", "2"])
        assert result.exit_code == 0, result.output
        assert "3 questions:" in result.output and out.stat().st_size > 0
    assert len(json.loads((cli_store / "brief.json").read_text())) == 3


def test_batch_command_user_errors_are_one_line(cli_store):
    questions = write(cli_store, "q.txt", "Q?\n")
    cases = [
        (["batch", str(cli_store / "none.txt"), "-o", str(cli_store / "b.md")], "no such file"),
        (["batch", str(questions), "-o", str(cli_store / "b.pdf")], "unsupported output type"),
        (
            ["batch", str(write(cli_store, "bad.csv", "x\n1\n")), "-o", str(cli_store / "b.md")],
            "'question'",
        ),
    ]
    for args, message in cases:
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2
        assert message in result.output and "Traceback" not in result.output
        assert len(result.output.strip().splitlines()) == 1


def test_batch_on_an_empty_store_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "empty"))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    questions = write(tmp_path, "q.txt", "Q?\n")
    result = CliRunner().invoke(app, ["batch", str(questions), "-o", str(tmp_path / "b.md")])
    assert result.exit_code == 2 and "store is empty" in result.output


def test_report_text_in_a_markdown_draft_is_shown_not_run():
    from reportqa.briefing import markdown_literal

    hostile = (
        "Rose 91% [1]. <script>alert(1)</script> <img src=x onerror=alert(2)> "
        "![pixel](http://tracker.example/p.png) [click](javascript:alert(3)) \x1b[31m"
    )
    md = markdown_literal(hostile)
    import re

    assert not re.search(r"(?<!\\)<", md) and "\x1b" not in md  # no tag opens
    assert "![" not in md and "](" not in md
    assert "`http://tracker.example/p.png`" in md  # shown as code, not loaded
    assert md.startswith("Rose 91% [1].")  # the draft's own marker stays
