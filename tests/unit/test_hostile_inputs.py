"""Nothing a report, a file name or a question file contains can hurt the reader: no
passage over the size, no document lost to its own running heads, no question file
silently swallowed, no forged output line, no impossible date taken as a filter."""

from __future__ import annotations

import json
import shutil
from io import BytesIO
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.pipeline import one_line, parse_file
from reportqa.cli import app
from reportqa.config import Settings
from tests.conftest import CORPUS

SIZE = 400


def run(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(
        home=tmp_path / "store",
        embedding={"backend": "fake"},
        chunking={"size": SIZE, "overlap": 60},
    )


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A shelf with one good report, the store chosen through the environment."""
    monkeypatch.setenv("REPORTQA_HOME", str(tmp_path / "store"))
    monkeypatch.setenv("REPORTQA_EMBEDDING__BACKEND", "fake")
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    shutil.copy(CORPUS / "000_883bab2b6c0bb2a2.txt", shelf / "good.txt")
    return shelf


def passages_of(path: Path, text: str, settings: Settings):
    path.write_text(text, encoding="utf-8")
    return parse_file(path, settings).passages


def assert_exact_spans_covering(passages, text: str) -> None:
    """Every passage is a span of the text, and together they hold all of it."""
    covered = bytearray(len(text))
    for p in passages:
        assert text[p.char_start : p.char_end] == p.text
        covered[p.char_start : p.char_end] = b"\x01" * (p.char_end - p.char_start)
    assert all(covered[i] or text[i].isspace() for i in range(len(text)))


# --------------------------------------------------------------- 1. passage size


def test_a_line_without_spaces_is_cut_to_the_passage_size(settings, tmp_path):
    text = "x" * 50_000
    passages = passages_of(tmp_path / "line.txt", text, settings)
    assert max(len(p.text) for p in passages) <= SIZE
    assert_exact_spans_covering(passages, text)


def test_cjk_text_is_cut_after_its_sentence_ends(settings, tmp_path):
    sentences = ["稀土是重要的战略资源。", "中国的产量在二〇二四年增长了！", "出口管制会持续吗？"]
    text = "".join(sentences[i % 3] for i in range(600))
    passages = passages_of(tmp_path / "cjk.txt", text, settings)
    assert len(passages) > 1
    assert max(len(p.text) for p in passages) <= SIZE
    assert all(p.text[-1] in "。！？" for p in passages)
    assert_exact_spans_covering(passages, text)


def test_words_without_a_sentence_end_are_cut_between_words(settings, tmp_path):
    text = " ".join(f"word{i}" for i in range(5_000))
    passages = passages_of(tmp_path / "words.txt", text, settings)
    assert max(len(p.text) for p in passages) <= SIZE
    for p in passages:
        assert p.char_end == len(text) or text[p.char_end] == " "
        assert p.char_start == 0 or text[p.char_start - 1] == " "
    assert_exact_spans_covering(passages, text)


def test_a_letter_keeps_its_combining_accent(settings, tmp_path):
    text = "e\u0301" * 5_000  # é as a letter and a combining acute accent
    passages = passages_of(tmp_path / "accents.txt", text, settings)
    assert max(len(p.text) for p in passages) <= SIZE
    assert all(p.text[0] == "e" and p.text[-1] == "\u0301" for p in passages)


def test_sentences_of_a_long_line_are_judged_from_a_short_look_back(monkeypatch):
    """Each sentence end is checked against the few characters before it, not the whole
    line so far: a report of one line and many sentences is split in linear time."""
    from reportqa import text as text_module

    class Spy:
        read = 0

        def search(self, string: str, pos: int = 0, endpos: int | None = None):
            end = len(string) if endpos is None else endpos
            Spy.read += end - pos
            return real.search(string, pos, end)

    real = text_module._ABBREVIATIONS
    monkeypatch.setattr(text_module, "_ABBREVIATIONS", Spy())
    line = "Output rose again. " * 3_000
    spans = text_module.sentence_spans(line, 0, len(line))
    assert len(spans) == 3_000
    assert Spy.read <= 2 * len(line)


def test_retrieve_json_stays_small_for_a_huge_spaceless_report(env):
    (env / "blob.txt").write_text("Z" * 300_000, encoding="utf-8")
    assert run("ingest", str(env), "-q").exit_code == 0
    result = run("retrieve", "ZZZZ", "-k", "5", "--json")
    assert result.exit_code == 0
    passages = json.loads(result.stdout)["passages"]
    assert passages and all(len(p["text"]) <= Settings().chunking.size for p in passages)


# --------------------------------------------------------------- 2. running heads

FORM_LINE = "Municipal Water Board - Monthly Inspection Form"


def _form_pdf(pages: int, body: str | None = None) -> bytes:
    """Every page holds the same header line and a folio, and (optionally) body text."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.pdfgen.canvas import Canvas

    width, height = LETTER
    buffer = BytesIO()
    c = Canvas(buffer, pagesize=LETTER, invariant=1)
    for number in range(1, pages + 1):
        c.setFont("Helvetica", 9)
        c.drawString(72, height - 40, FORM_LINE)
        c.drawCentredString(width / 2, 30, str(number))
        if body:
            c.setFont("Times-Roman", 11)
            c.drawString(72, height / 2, f"{body} (page {number}).")
        c.showPage()
    c.save()
    return buffer.getvalue()


def test_a_pdf_whose_only_text_is_a_running_head_keeps_one_copy(env):
    (env / "form.pdf").write_bytes(_form_pdf(30))
    result = run("ingest", str(env), "-q")
    assert result.exit_code == 0, result.output
    [warning] = result.stderr.splitlines()
    assert warning.startswith("reportqa: warning: ") and "form.pdf: " in warning
    assert "repeated across its pages" in warning and "one copy is kept" in warning
    listed = {Path(r["source"]).name: r for r in json.loads(run("list", "--json").stdout)}
    assert listed["form.pdf"]["chunks"] == 1
    found = json.loads(run("retrieve", "inspection form", "--doc", "form", "--json").stdout)
    assert [p["text"] for p in found["passages"]] == [FORM_LINE]


def test_running_heads_still_go_when_the_pages_have_text():
    from ingest.pdf.reader import read_pdf

    pdf = read_pdf(_form_pdf(30, body="Inspectors found the east main sound"))
    assert FORM_LINE not in pdf.composed.text
    assert "Inspectors found the east main sound (page 7)." in pdf.composed.text
    assert pdf.warnings == []


def test_a_text_file_of_one_repeated_line_is_kept(settings, tmp_path):
    passages = passages_of(tmp_path / "form.txt", f"{FORM_LINE}\n\n" * 30, settings)
    assert [p.text for p in passages] == [FORM_LINE]


# --------------------------------------------------------------- 3. CSV question files


def test_an_unterminated_quote_is_one_error_naming_its_line(env, tmp_path):
    from reportqa.questions_file import QuestionFileError, load_questions

    path = tmp_path / "questions.csv"
    path.write_text(
        "id,question\n"
        "a,What share of refining did China hold in 2024?\n"
        'b,"How many tonnes were mined?\n'
        "c,What did the quotas cover?\n"
        "d,Who published the review?\n",
        encoding="utf-8",
    )
    with pytest.raises(QuestionFileError) as caught:
        load_questions(path)
    assert str(caught.value) == "questions.csv:3: a quote opens here and is never closed"
    assert run("ingest", str(env), "-q").exit_code == 0
    result = run("batch", str(path), "-o", str(tmp_path / "brief.md"), "-q")
    assert result.exit_code != 0
    assert result.stderr.splitlines() == [
        "reportqa: error: questions.csv:3: a quote opens here and is never closed"
    ]
    assert not (tmp_path / "brief.md").exists()


@pytest.mark.parametrize(
    "body",
    [
        '"What is the ""refining"" share?"\n',
        '"What changed in 2024,\nand why?"\n',
        'He asked "why\n',  # a quote inside an unquoted cell is text
        '"Were quotas raised?"""\n',
    ],
)
def test_well_formed_quotes_still_read(tmp_path, body):
    from reportqa.questions_file import load_questions

    path = tmp_path / "questions.csv"
    path.write_text("question\n" + body, encoding="utf-8")
    [item] = load_questions(path).items
    assert item.question


def test_a_quote_escaped_at_the_end_of_the_file_is_still_open(tmp_path):
    from reportqa.questions_file import QuestionFileError, load_questions

    path = tmp_path / "q.csv"
    path.write_text('question\nWhat rose?\n"And what ""fell""\n', encoding="utf-8")
    with pytest.raises(QuestionFileError, match=r"^q\.csv:3: a quote opens here"):
        load_questions(path)


def test_a_field_over_the_csv_limit_is_one_error(tmp_path):
    from reportqa.questions_file import QuestionFileError, load_questions

    path = tmp_path / "q.csv"
    path.write_text('question\n"' + "x" * 200_000 + '"\n', encoding="utf-8")
    with pytest.raises(QuestionFileError, match=r"^q\.csv:2: not readable as CSV"):
        load_questions(path)


def test_a_question_with_control_characters_is_refused(tmp_path):
    from reportqa.questions_file import QuestionFileError, load_questions

    path = tmp_path / "q.txt"
    path.write_text("What rose\x1b[2J in 2024?\n", encoding="utf-8")
    with pytest.raises(QuestionFileError, match=r"^q\.txt:1: the question contains control"):
        load_questions(path)


# --------------------------------------------------------------- 4. names in output

FORGED = "a\nreportqa: forged [red]x\x1b[2J\u202e.txt"
SHOWN = "a\\nreportqa: forged [red]x\\x1b[2J\\u202e.txt"


def test_listing_shows_control_characters_in_every_field():
    from reportqa.cli.listing import listing_text

    record = {
        "doc_id": "d1",
        "title": "Title\x1b[31m\nforged: line",
        "publisher": "P\x9b2J",
        "date": "2025",
        "chunks": 2,
        "source": f"inbox/{FORGED}",
    }
    text = listing_text([record], width=100)
    assert text.splitlines() == [
        "1 document, 2 passages",
        "",
        "d1  Title\\x1b[31m\\nforged: line",
        "    P\\x9b2J · 2025 · 2 passages",
        f"    inbox/{SHOWN}",
    ]


def test_an_outcome_line_escapes_c1_controls_and_direction_marks():
    assert one_line("ok\x9b2J \u2028x \u202egnp.exe") == "ok\\x9b2J \\u2028x \\u202egnp.exe"


def test_the_progress_bar_shows_a_name_as_text():
    from reportqa.cli.progress import _RichIngestProgress

    class Recorder:
        def __init__(self) -> None:
            self.updates: list[dict] = []

        def add_task(self, *args, **kwargs) -> int:
            return len(self.updates)

        def update(self, task, **fields) -> None:
            self.updates.append(fields)

    recorder = Recorder()
    _RichIngestProgress(recorder).file_started(Path("inbox") / FORGED, 0, 1)
    description = recorder.updates[-1]["description"]
    assert "\n" not in description and "\x1b" not in description
    from rich.text import Text

    assert Text.from_markup(description).plain == SHOWN


@pytest.fixture
def forged_shelf(env: Path) -> Path:
    (env / FORGED).write_text("Nickel output rose 8% in 2024 across the region.\n")
    result = run("ingest", str(env), "-v")
    assert result.exit_code == 0
    assert f"added: {env.name}/{SHOWN} (1 passages)" in result.stdout.replace(str(env), env.name)
    return env


@pytest.mark.parametrize(
    "args",
    [
        ["list"],
        ["retrieve", "nickel output in 2024", "-k", "2"],
        ["ask", "How much did nickel output rise in 2024?"],
    ],
)
def test_a_file_name_cannot_forge_lines_in_text_output(forged_shelf, args):
    result = run(*args)
    assert result.exit_code == 0
    assert not any(line.startswith("reportqa: forged") for line in result.stdout.splitlines())
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout
    # however the terminal wrapped it (a wrap at a space drops the space: the temporary
    # directory's length decides where the name is cut)
    assert SHOWN.replace(" ", "") in "".join(result.stdout.split())


# --------------------------------------------------------------- 5. impossible dates


@pytest.mark.parametrize("command", ["ask", "retrieve"])
@pytest.mark.parametrize(("flag", "value"), [("--before", "2025-13-45"), ("--after", "2025-02-30")])
def test_an_impossible_date_flag_is_refused_in_one_line(env, command, flag, value):
    assert run("ingest", str(env), "-q").exit_code == 0
    result = run(command, "What share of refining?", flag, value)
    assert result.exit_code != 0
    assert result.stderr.splitlines() == [
        f"reportqa: error: {flag} expects a date like 2025, 2025-07 or 2025-07-31, got '{value}'"
    ]


@pytest.mark.parametrize(
    ("name", "content", "where"),
    [
        (
            "q.yaml",
            "filters: {before: 2025-13-45}\nquestions:\n  - What share of refining?\n",
            "q.yaml: filters",
        ),
        ("q.csv", "question,after\nWhat share of refining?,2025-02-30\n", "q.csv:2"),
    ],
)
def test_an_impossible_date_in_a_batch_filter_is_refused(env, tmp_path, name, content, where):
    assert run("ingest", str(env), "-q").exit_code == 0
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    result = run("batch", str(path), "-o", str(tmp_path / "brief.md"), "-q")
    assert result.exit_code != 0
    [line] = result.stderr.splitlines()
    assert line.startswith(f"reportqa: error: {where}: filter ") and "expects a date" in line
