"""Drafts a person reads: the chat's Markdown export (its filters and date, report text
escaped with backslashes, nothing live) and `reportqa check` in a terminal (rendered by
rich, the summary line once) or in a pipe (Markdown)."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime

import pytest
from rich.console import Console
from typer.testing import CliRunner

from app.conversation import conversation_markdown, describe_filters
from reportqa import check as check_module
from reportqa.answering import candidates_of
from reportqa.check import CheckReport, find_claims, judge, print_report, render_markdown
from reportqa.cli import app
from reportqa.models import (
    Answer,
    Citation,
    DocumentRecord,
    Footnote,
    RetrievalFilters,
    ScoredPassage,
)

EXPORTED = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)


def citation(quote: str, doc: str = "d1", title: str = "Market note & review") -> Citation:
    return Citation(
        n=1,
        doc_id=doc,
        chunk_id=f"{doc}-1",
        title=title,
        publisher="Andaman Partners",
        date="2026-05",
        source=f"corpus/{doc}.txt",
        quote=quote,
        passage=quote,
        char_start=0,
        char_end=len(quote),
        footnotes=[Footnote(n=3, text="R&D spending &amp; <b>tariffs</b>, 2025.")],
    )


HOSTILE = (
    "China held 91% [1] of R&D <script>alert(1)</script> ![px](https://tracker.example/p.png)"
    " [click](javascript:alert(2)) &amp; more."
)


def answers() -> list[Answer]:
    return [
        Answer(
            question="What share <b>now</b>?",
            status="answered",
            answer=HOSTILE,
            citations=[citation(HOSTILE)],
        ),
        Answer(
            question="And in 2024?",
            status="answered",
            answer="91% [1].",
            citations=[citation("91%.")],
        ),
    ]


RECORDS = [
    DocumentRecord(
        doc_id="d1", source="corpus/d1.txt", path="/c/d1.txt", content_hash="h", title="Market note"
    )
]


# ------------------------------------------------------------------ the chat's export


def test_export_records_the_date_and_the_filters_used():
    filters = RetrievalFilters(
        publishers=["Andaman Partners"], doc_ids=["d1"], after="2025", before="2026-06"
    )
    md = conversation_markdown(answers(), filters=filters, documents=RECORDS, exported_at=EXPORTED)
    head = md.split("## Q1.")[0]
    assert "Exported 2026-03-04 09:30 UTC; 2 questions." in head
    assert (
        "Filters: publishers: Andaman Partners; reports: Market note \\(d1\\);"
        " dated from 2025; dated until 2026-06." in head
    )
    unfiltered = conversation_markdown(answers(), filters=RetrievalFilters(), exported_at=EXPORTED)
    assert "Filters: none — all reports." in unfiltered


def test_export_names_each_questions_filters_when_they_changed():
    per_answer = [RetrievalFilters(after="2025"), RetrievalFilters(publishers=["RUSI"])]
    md = conversation_markdown(answers(), filters=per_answer, exported_at=EXPORTED)
    assert "each question names its own" in md
    q1, q2 = md.split("## Q1.")[1].split("## Q2.")
    assert "*Filters: dated from 2025.*" in q1 and "*Filters: publishers: RUSI.*" in q2
    assert describe_filters(None) == "not recorded"


def test_export_escapes_report_text_with_backslashes_not_entities():
    md = conversation_markdown(answers(), exported_at=EXPORTED)
    assert not re.search(r"(?<!\\)&(amp|lt|gt);", md)  # no entity a viewer would decode
    assert "R&D" in md  # an ampersand is an ampersand
    assert "\\&amp; more" in md  # a report's literal "&amp;" stays literal in a viewer
    assert not re.search(r"(?<!\\)<(script|b)>", md)  # no tag opens
    assert "\\<script\\>" in md and "## Q1. What share \\<b\\>now\\</b\\>?" in md
    assert "![" not in md and "](" not in md  # no image loads, no link is live
    assert "`https://tracker.example/p.png`" in md
    assert "- footnote 3: R&D spending \\&amp; \\<b\\>tariffs\\</b\\>, 2025." in md
    assert "Market note & review — Andaman Partners, 2026-05 (corpus/d1.txt)" in md
    assert "China held 91% [1] of R&D" in md  # the answer's marker stays a marker


# ------------------------------------------------------------------ check's output


def passage(text: str) -> ScoredPassage:
    return ScoredPassage(
        doc_id="a",
        chunk_id="a-1",
        text=text,
        title="Report [red]a[/red] **bold**",
        publisher="Publisher a",
        date="2026-05",
        source="corpus/a.txt",
        char_start=0,
        char_end=len(text),
        score=0.9,
    )


def report() -> CheckReport:
    shelf = [passage("In 2024, China accounted for 91% of global rare earth refining.\x1b[2J")]
    candidates = [c for rank, p in enumerate(shelf) for c in candidates_of(p, rank)]
    sentences = [
        "In 2024, China held 91% of global rare earth refining.",
        "In 2024, China held 97% of global rare earth refining.",
        "Lithium prices fell 35% in 2025.",
    ]
    return CheckReport("draft.md", [judge(find_claims(s)[0], candidates) for s in sentences])


def rendered(report: CheckReport, colour: bool) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer, width=100, force_terminal=colour, color_system="standard" if colour else None
    )
    print_report(report, console)
    return buffer.getvalue()


@pytest.mark.usefixtures("corpus_profile")
def test_check_in_a_terminal_is_rendered_not_raw_markdown():
    r = report()
    assert [v.verdict for v in r.verdicts] == ["SUPPORTED", "CONTRADICTED", "NOT FOUND"]
    plain = rendered(r, colour=False)
    assert "**" not in plain.replace("Report [red]a[/red] **bold**", "")  # only the report's own
    assert not re.search(r"^#+ ", plain, re.M) and "> " not in plain
    assert plain.count(r.summary()) == 1 and plain.rstrip().endswith(r.summary())
    for label in ("1. SUPPORTED", "2. CONTRADICTED", "3. NOT FOUND"):
        assert label in plain
    assert "Report [red]a[/red] **bold**" in plain  # a report's "[red]" is text, not markup
    assert "\x1b" not in plain  # its ESC sequence is dropped
    coloured = rendered(r, colour=True)
    assert re.search(r"\x1b\[[0-9;]*31m[^\x1b]*CONTRADICTED", coloured)
    assert re.search(r"\x1b\[[0-9;]*32m[^\x1b]*SUPPORTED", coloured)
    assert "\x1b[2J" not in coloured  # shown as "[2J", never obeyed


@pytest.mark.usefixtures("corpus_profile")
def test_check_markdown_escapes_report_text():
    md = render_markdown(report())
    assert "Report \\[red\\]a\\[/red\\] \\*\\*bold\\*\\*" in md
    assert "\x1b" not in md and md.count("numeric claims:") == 1


def test_check_command_prints_the_summary_once(cli_store, monkeypatch):
    draft = cli_store / "draft.md"
    draft.write_text(
        "# Draft\n\nIn 2024, China held **97%** of global rare earth refining.\n", encoding="utf-8"
    )
    piped = CliRunner().invoke(app, ["check", str(draft)])
    assert piped.exit_code == 0, piped.output
    assert piped.output.startswith("# Numeric claims in draft.md")  # Markdown for a pipe
    assert piped.output.count("1 numeric claims:") == 1

    monkeypatch.setattr(check_module, "stdout_is_terminal", lambda: True)
    shown = CliRunner().invoke(app, ["check", str(draft)])
    assert shown.exit_code == 0, shown.output
    assert shown.output.count("1 numeric claims:") == 1
    assert "CONTRADICTED" in shown.output and "97%" in shown.output
    assert "**" not in shown.output and not re.search(r"^#+ ", shown.output, re.M)

    out = cli_store / "findings.md"
    written = CliRunner().invoke(app, ["check", str(draft), "-o", str(out)])
    assert written.output.strip().splitlines() == [
        f"1 numeric claims: 0 supported, 1 contradicted, 0 not found -> {out}"
    ]
    assert out.read_text(encoding="utf-8").startswith("# Numeric claims in draft.md")


def test_export_shows_how_a_follow_up_was_understood():
    turns = answers()
    turns[1].understood_as = "What share did China hold in 2024?"
    md = conversation_markdown(turns, exported_at=EXPORTED)
    assert "*Understood as: What share did China hold in 2024?*" in md
    assert md.count("Understood as") == 1  # a question asked in full is not restated
