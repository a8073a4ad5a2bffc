"""Plain-text rendering of passages for the terminal."""

from __future__ import annotations

import textwrap

from reportqa.models import ScoredPassage


def location(p: ScoredPassage) -> str:
    parts = [p.title or p.source]
    if p.date:
        parts.append(p.date)
    if p.page:
        parts.append(f"p. {p.page}")
    if p.section:
        parts.append(f"§ {p.section}")
    return " · ".join(parts)


def print_passages(question: str, passages: list[ScoredPassage]) -> None:
    from rich.console import Console
    from rich.markup import escape

    console = Console()
    if not passages:
        console.print("No passage matches.")
        return
    for rank, p in enumerate(passages, start=1):
        console.print(
            f"[bold]{rank}.[/bold] [cyan]{escape(location(p))}[/cyan] "
            f"[dim]({p.kind}, score {p.score:.3f}, {p.source}:{p.char_start}-{p.char_end})[/dim]"
        )
        snippet = p.text if len(p.text) <= 600 else p.text[:600] + "…"
        console.print(escape(textwrap.indent(snippet, "   ")), highlight=False)
        for f in p.footnotes:
            console.print(f"   [dim]{f.n}. {escape(f.text)}[/dim]", highlight=False)
        console.print()
