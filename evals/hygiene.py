"""Golden-set hygiene: the gate is only as good as its questions.

A golden row whose evidence span no longer exists in corpus/ (a report was re-extracted or
edited) silently turns into a question nobody can pass; a duplicated id hides a question;
a missing kind means a whole behaviour goes unmeasured. Each is reported, loudly.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from evals.questions import holds_evidence

KINDS = ("numeric", "text", "source", "list", "unanswerable", "conflict")


def check_golden(golden: list[dict[str, Any]], corpus: Path) -> list[str]:
    """Every problem of the golden set as one line; an empty list means it is sound."""
    problems: list[str] = []
    if not golden:
        return ["the golden set is empty"]
    counts = Counter(row.get("id") for row in golden)
    problems += [f"duplicate id {i!r} ({n} rows)" for i, n in sorted(counts.items()) if n > 1]
    kinds = Counter(row.get("kind") for row in golden)
    problems += [f"no question of kind {k!r}" for k in KINDS if not kinds.get(k)]
    problems += [
        f"{r.get('id')}: unknown kind {r.get('kind')!r}"
        for r in golden
        if r.get("kind") not in KINDS
    ]
    texts: dict[str, str | None] = {}
    for row in golden:
        rid = row.get("id")
        if not str(row.get("question", "")).strip():
            problems.append(f"{rid}: empty question")
        evidence = row.get("evidence", [])
        if row.get("kind") != "unanswerable" and not evidence:
            problems.append(f"{rid}: answerable question without evidence")
        for item in evidence:
            doc = item.get("doc", "")
            if doc not in texts:
                path = corpus / doc
                texts[doc] = path.read_text(encoding="utf-8") if path.is_file() else None
            text = texts[doc]
            if text is None:
                problems.append(f"{rid}: evidence document {doc!r} is not in {corpus}")
            elif not holds_evidence(text, item.get("span", "")):
                problems.append(f"{rid}: evidence span no longer in {doc}: {item.get('span')!r}")
    return problems
