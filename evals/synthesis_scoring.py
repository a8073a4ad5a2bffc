"""Scoring many-sentence answers (summary, why, recommendation, comparison) by key evidence.

An item lists the evidence sentences a good answer holds and how many it must cite at
least. Plain functions over (answer, gold), as the other metrics.
"""

from __future__ import annotations

from typing import Any

from evals.questions import holds_evidence

SYNTHESIS_KINDS = frozenset({"summary", "why", "recommendation", "comparison"})


def holds_span(quote: str, span: str) -> bool:
    """Does a quote hold a key span (or the span the quote: a clause of it quoted)?"""
    return holds_evidence(quote, span) or holds_evidence(span, quote)


def cited_quotes(answer: dict[str, Any]) -> list[str]:
    """The quotes the answer stands on (related sources shown on abstention are not)."""
    if answer.get("status") == "abstained":
        return []
    return [c["quote"] for c in answer.get("citations", []) if not c.get("related")]


def evidence_covered(answer: dict[str, Any], gold: dict[str, Any]) -> int:
    """How many of the key evidence spans some cited quote holds."""
    quotes = cited_quotes(answer)
    spans = gold["expected"]["key_evidence"]
    return sum(any(holds_span(q, span) for q in quotes) for span in spans)


def precise_citations(answer: dict[str, Any], gold: dict[str, Any]) -> tuple[int, int]:
    """(cited sentences holding some key evidence, cited sentences)."""
    quotes = cited_quotes(answer)
    spans = gold["expected"]["key_evidence"]
    return sum(any(holds_span(q, s) for s in spans) for q in quotes), len(quotes)


def synthesis_correct(answer: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Right when the answer cites at least ``min_cited`` of the key evidence."""
    return evidence_covered(answer, gold) >= int(gold["expected"].get("min_cited", 1))
