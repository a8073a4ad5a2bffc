"""Plain-text rendering of passages for the terminal."""

from __future__ import annotations

import re
import textwrap

from reportqa.models import ScoredPassage, SourceRef
from reportqa.printable import visible


def location(p: SourceRef) -> str:
    """Where a passage or citation comes from, in one line: the CLI, briefings and check
    all name sources this way."""
    parts = [p.title or p.source]
    if p.publisher:
        parts.append(p.publisher)
    if p.date:
        parts.append(p.date)
    if p.page is not None:
        parts.append(f"p. {p.page}")
    if p.section:
        parts.append(f"§ {p.section}")
    return visible(" · ".join(parts))  # a name's newline or escape is shown, not obeyed


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def safe(text: str) -> str:
    """Report text made fit for a terminal: control characters (ESC sequences that would
    move the cursor or recolour the screen) dropped, rich markup ("[red]") shown as text."""

    from rich.markup import escape

    return escape(_CONTROL.sub("", text))


def print_passages(question: str, passages: list[ScoredPassage]) -> None:
    from rich.console import Console

    console = Console()
    if not passages:
        console.print("No passage matches.")
        return
    for rank, p in enumerate(passages, start=1):
        console.print(
            f"[bold]{rank}.[/bold] [cyan]{safe(location(p))}[/cyan] "
            f"[dim]({p.kind}, score {p.score:.3f}, "
            f"{safe(visible(p.source))}:{p.char_start}-{p.char_end})[/dim]"
        )
        snippet = p.text if len(p.text) <= 600 else p.text[:600] + "…"
        console.print(safe(textwrap.indent(snippet, "   ")), highlight=False)
        for f in p.footnotes:
            console.print(f"   [dim]{f.n}. {safe(f.text)}[/dim]", highlight=False)
        console.print()


def print_answer(answer) -> None:  # reportqa.models.Answer
    from rich.console import Console

    console = Console()
    style = {"answered": "green", "conflict": "yellow", "abstained": "red"}[answer.status]
    console.print(f"[bold {style}]{answer.status.upper()}[/bold {style}]")
    console.print(safe(answer.answer), highlight=False)
    unverified = [c.text for c in answer.claims if not c.verified]
    if unverified:
        console.print(f"[red]unverified numbers: {safe(', '.join(unverified))}[/red]")
    console.print()
    heading = "Related passages" if answer.status == "abstained" else "Sources"
    console.print(f"[bold]{heading}[/bold]")
    for c in answer.citations:
        console.print(f"[{c.n}] [cyan]{safe(location(c))}[/cyan]", highlight=False)
        quote = c.quote if len(c.quote) <= 500 else c.quote[:500] + "…"
        console.print(f"    “{safe(quote)}”", highlight=False)
        console.print(f"    [dim]{safe(visible(c.source))}:{c.char_start}-{c.char_end}[/dim]")
        for f in c.footnotes:
            console.print(f"    [dim]{f.n}. {safe(f.text)}[/dim]", highlight=False)
