"""Plain-text rendering of passages for the terminal."""

from __future__ import annotations

import textwrap

from reportqa.models import ScoredPassage
from reportqa.printable import location, safe, visible


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
