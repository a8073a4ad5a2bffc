"""An answer put together from chosen sentences: each quoted with its ``[n]`` and
citation, the numbers verified; or an abstention that shows the nearest passages."""

from __future__ import annotations

import re

from reportqa.answering.candidates import Candidate, footnotes_of, sentence_text
from reportqa.answering.verification import verify
from reportqa.models import Answer, Citation, Conflict, ScoredPassage
from reportqa.words import content_terms


def citation(n: int, c: Candidate, related: bool = False) -> Citation:
    """The ``[n]`` source of a quoted sentence: where it stands in its report, and the
    footnotes its own markers point to (all the passage's, for a related passage)."""
    p = c.passage
    return Citation(
        **p.source_ref_at(c.start),
        n=n,
        quote=c.text,
        passage=p.text,
        char_start=c.start,
        char_end=c.end,
        footnotes=footnotes_of(c) if not related else p.footnotes,
        score=p.score,
        related=related,
    )


def compose(
    question: str,
    status: str,
    chosen: list[Candidate],
    text_for: dict[int, str] | None = None,
    conflicts: list[Conflict] | None = None,
    lead: str = "",
) -> Answer:
    """The chosen sentences, each followed by its ``[n]`` (or the text ``text_for``
    gives for it), with the numbers checked against the quotes they cite."""
    citations: list[Citation] = []
    parts: list[str] = []
    for n, c in enumerate(chosen, start=1):
        citations.append(citation(n, c))
        body = (text_for or {}).get(n, sentence_text(c))
        parts.append(f"{body} [{n}]")
    answer_text = (lead + " " if lead else "") + " ".join(parts)
    answer = Answer(
        question=question,
        status=status,  # type: ignore[arg-type]
        answer=answer_text.strip(),
        citations=citations,
        conflicts=conflicts or [],
    )
    answer.claims = verify(answer)
    return answer


def abstain(
    question: str, passages: list[ScoredPassage], missing: list[str], said: str = "nothing on"
) -> Answer:
    """No answer, said plainly, with the names nothing spoke of (or, ``said`` "no figure
    for", the names a table labels a row with and gives no figure) and the nearest
    passages as related sources instead of a guess."""
    related = [
        citation(n, Candidate(p, i, p.char_start, p.char_end, p.text), related=True)
        for n, (i, p) in enumerate(enumerate(passages[:3]), start=1)
    ]
    shown = as_written(question, missing)
    detail = f" ({said}: {', '.join(shown)})" if shown else ""
    return Answer(
        question=question,
        status="abstained",
        answer=(
            "The reports do not answer this question"
            f"{detail}. The nearest passages are listed as related sources."
        ),
        citations=related,
    )


def as_written(question: str, stems: list[str]) -> list[str]:
    """The question's own words for term stems ("liberia" -> "Liberia"), each once."""
    words = re.findall(r"[\w'’.-]+", question)
    out: list[str] = []
    for t in stems:
        word = next((w.strip(".'’") for w in words if t in content_terms(w)), t)
        if word not in out:
            out.append(word)
    return out
