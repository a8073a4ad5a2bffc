"""Names made fit for one printed line: control characters shown, never obeyed.

A file name or a title comes from whoever made the file. Printed raw, ``a\\nb.txt`` forges
a second output line, ``\\x1b[2J`` clears the screen and a right-to-left override turns
``cod.exe`` around. Every place that prints a name passes it through :func:`visible`,
which shows such characters as escapes (``\\n``, ``\\x1b``, ``\\u202e``) so the reader
sees that they are there. Standard library only: ``reportqa list`` imports it.
"""

from __future__ import annotations

import re

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
