"""Names made fit for one printed line: control characters shown, never obeyed.

A file name or a title comes from whoever made the file. Printed raw, ``a\\nb.txt`` forges
a second output line, ``\\x1b[2J`` clears the screen and a right-to-left override turns
``cod.exe`` around. Every place that prints a name passes it through :func:`visible`,
which shows such characters as escapes (``\\n``, ``\\x1b``, ``\\u202e``) so the reader
sees that they are there. :func:`location` names a source in one such line; :func:`safe`
makes report text fit for a terminal.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # standard library only at run time: `reportqa list` imports this
    from reportqa.models import SourceRef

# C0 and C1 controls, DEL, line/paragraph separators, and the bidirectional marks that
# reorder what follows them on screen.
_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_SHORT = {"\n": "\\n", "\r": "\\r"}


def _escape(match: re.Match[str]) -> str:
    ch = match.group()
    code = ord(ch)
    return _SHORT.get(ch) or (f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def visible(text: str) -> str:
    """``text`` with every character that would act on the terminal shown escaped."""
    return _HIDDEN.sub(_escape, text)


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
