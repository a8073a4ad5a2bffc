"""The chat's history: every question asked, with its answer or the reason it got none.

A question the page could not ask (a date in the sidebar that is not a date, a question
too long) stays in the history with its error, so the analyst sees what was typed and
why nothing came back, instead of the question silently vanishing on the next rerun.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reportqa.models import Answer, RetrievalFilters


@dataclass(frozen=True)
class Turn:
    """One question of the conversation and what became of it."""

    question: str
    answer: Answer | None = None
    error: str | None = None  # why there is no answer (shown in place of one)
    filters: RetrievalFilters | None = None  # what the answer was drawn under


def answered(turns: Sequence[Turn]) -> list[Answer]:
    """The answers, in order (what the Markdown export writes)."""
    return [t.answer for t in turns if t.answer is not None]


def filters_of(turns: Sequence[Turn]) -> list[RetrievalFilters | None]:
    """The filters of each answered turn, aligned with :func:`answered`."""
    return [t.filters for t in turns if t.answer is not None]


def blocked_by_filters(problem: str) -> str:
    """Why a question was not asked: the sidebar's filter error, and what to do."""
    return f"Not asked: {problem.rstrip('.')}. Correct it in the sidebar and ask again."


def timing_line(answer: Answer) -> str:
    """'retrieve 12 ms · answer 4 ms' (shown only when the analyst asks for timings)."""
    return " · ".join(f"{k} {v:,.0f} ms" for k, v in answer.timings_ms.items())


def checked_line(answer: Answer) -> str:
    """'Numbers checked against their quotes: 2 of 2' ('' when the answer states none)."""
    checked = [c for c in answer.claims if c.citation is not None]
    if not checked:
        return ""
    ok = sum(c.verified for c in checked)
    return f"Numbers checked against their quotes: {ok} of {len(checked)}"
