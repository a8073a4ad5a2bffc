"""The check every answer goes through: each number it states must be stated by the
quote (or the footnotes) it cites. Extractive, synthesised and model-written answers are
all verified here."""

from __future__ import annotations

import re

from reportqa.answering.candidates import row_quantities, table_parts
from reportqa.models import Answer, Claim
from reportqa.numbers import find_quantities


def verify(answer: Answer) -> list[Claim]:
    """Every number in the answer must be stated by the quote (or footnotes) it cites."""
    claims: list[Claim] = []
    by_n = {c.n: c for c in answer.citations}
    for segment, n in _segments(answer.answer):
        citation = by_n.get(n) if n is not None else None
        support = []
        if citation is not None:
            in_table = "\t" in citation.quote
            context, header = table_parts(citation.passage) if in_table else ("", ())
            # a table cell is supported as written and with its caption's unit
            support = find_quantities(citation.quote) + list(
                row_quantities(citation.quote, context, header)
            )
            for f in citation.footnotes:
                support += find_quantities(f.text)
        for q in find_quantities(segment):
            ok = any(q.same_value(s) for s in support)
            claims.append(Claim(text=q.text, value=q.value, unit=q.unit, citation=n, verified=ok))
    return claims


def _segments(text: str) -> list[tuple[str, int | None]]:
    """Split an answer at its [n] markers: each piece is supported by the marker after it."""
    out: list[tuple[str, int | None]] = []
    last = 0
    for m in re.finditer(r"\[(\d+)\]", text):
        out.append((text[last : m.start()], int(m.group(1))))
        last = m.end()
    if text[last:].strip():
        out.append((text[last:], None))
    return out
