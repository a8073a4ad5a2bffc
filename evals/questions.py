"""Loading question sets and checking whether a passage holds a question's evidence."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

RETRIEVAL_QUESTIONS = Path(__file__).resolve().parent / "retrieval_questions.jsonl"


@dataclass(frozen=True)
class RetrievalQuestion:
    id: str
    question: str
    evidence: str
    doc: str


def load_retrieval_questions(path: Path = RETRIEVAL_QUESTIONS) -> list[RetrievalQuestion]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    return [RetrievalQuestion(**row) for row in rows]


def _squash(text: str) -> str:
    """Letters and digits only: spacing, case, punctuation, quote styles and footnote
    markers differ between a report as typed by a reader and as extracted (a trade
    mark sign too, read as the letters "TM" it stands for)."""
    return re.sub(r"[\W_⁰¹²³⁴⁵⁶⁷⁸⁹]+", "", text.replace("\u2122", "TM").lower())


def holds_evidence(passage_text: str, evidence: str) -> bool:
    """Containment ignoring spacing, case, punctuation and markers (raw files, cleaned
    text and a reader's transcription differ in those only)."""
    return _squash(evidence) in _squash(passage_text)


def hit_rank(passages: list[str], evidence: str) -> int | None:
    """1-based rank of the first passage holding the evidence, None if none does."""
    for rank, text in enumerate(passages, start=1):
        if holds_evidence(text, evidence):
            return rank
    return None
