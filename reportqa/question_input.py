"""One rule for what can be asked, shared by the command line, question files and the chat.

A question is text a person typed or a file held: empty, oversized or binary input is
refused with the same words wherever it comes from; bytes that were not UTF-8 are shown as
U+FFFD rather than crashing whatever writes the question out.
"""

from __future__ import annotations

MAX_QUESTION_CHARS = 2000


def readable(question: str) -> str:
    """A question as text: bytes that were not UTF-8 in the command line (kept by Python as
    lone surrogates, which no file, JSON or terminal can write) become U+FFFD."""
    return question.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def question_problem(question: str) -> str | None:
    """Why a question cannot be asked (empty, oversized, control characters), or None."""
    text = question.strip()
    if not text:
        return "the question is empty"
    if len(text) > MAX_QUESTION_CHARS:
        limit = MAX_QUESTION_CHARS
        return f"the question is too long ({len(text):,} characters, at most {limit:,})"
    if any((ord(ch) < 32 and ch not in "\t\n\r") or 127 <= ord(ch) < 160 for ch in text):
        return "the question contains control characters"
    return None
