"""Report text on a terminal: shown as text, never as markup or escape sequences."""

from __future__ import annotations

from reportqa.cli.render import print_answer
from reportqa.models import Answer, Citation
from reportqa.printable import safe


def test_control_characters_and_markup_in_report_text_are_inert():
    assert safe("rate \x1b[31mred\x1b[0m [bold]x[/bold]") == "rate [31mred[0m \\[bold]x\\[/bold]"


def test_a_path_with_brackets_and_escapes_prints_as_text(capsys):
    citation = Citation(
        n=1, doc_id="d", chunk_id="c", source="reports/[draft]\x1b]0;owned\x07.pdf",
        title="T [red]", quote="Admissions fell \x1b[2J12%.", passage="Admissions fell 12%.",
        char_start=0, char_end=20,
    )  # fmt: skip
    answer = Answer(question="q", status="answered", answer="Admissions fell 12% [1].",
                    citations=[citation])  # fmt: skip
    print_answer(answer)
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "reports/[draft]" in out and "T [red]" in out
