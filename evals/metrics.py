"""Eval metrics as plain functions over answers (Answer JSON dicts) and golden rows.

Each function takes already-computed facts (ranks, statuses, answers) and returns a number,
so every one can be unit-tested on hand-made inputs without a model or a store. Numbers are
compared through reportqa.numbers, never as strings ("69 per cent" is "69%").
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from reportqa.answering import verify
from reportqa.models import Answer
from reportqa.numbers import find_quantities

_MARKER = re.compile(r"\[(\d+(?:\s*,\s*\d+)*)\]")
_WORD = re.compile(r"[^\W\d_]{3,}")


# --------------------------------------------------------------------------- retrieval
def recall_at_k(ranks: Sequence[int | None], k: int) -> float:
    """Share of questions whose evidence is in the top ``k`` (rank is 1-based, None = missed)."""
    if not ranks:
        return 0.0
    return sum(1 for r in ranks if r is not None and r <= k) / len(ranks)


def mean_reciprocal_rank(ranks: Sequence[int | None]) -> float:
    """Mean of 1/rank of the first passage holding the evidence (0 when never retrieved)."""
    if not ranks:
        return 0.0
    return sum(1.0 / r for r in ranks if r) / len(ranks)


# --------------------------------------------------------------------------- answers
def accuracy_by_kind(outcomes: Iterable[tuple[str, bool]]) -> dict[str, tuple[int, int]]:
    """(kind, correct) pairs -> {kind: (correct, total)}, plus ``all``."""
    table: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for kind, ok in outcomes:
        for key in (kind, "all"):
            table[key][0] += int(ok)
            table[key][1] += 1
    return {k: (v[0], v[1]) for k, v in sorted(table.items())}


def rate(correct_total: tuple[int, int]) -> float:
    correct, total = correct_total
    return correct / total if total else 0.0


def _content_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def cited_sentences(answer_text: str) -> dict[int, list[str]]:
    """Citation number -> the answer segments that end in its ``[n]`` marker."""
    out: dict[int, list[str]] = defaultdict(list)
    start = 0
    for m in _MARKER.finditer(answer_text):
        segment = answer_text[start : m.start()].strip()
        for n in (int(x) for x in m.group(1).split(",")):
            out[n].append(segment)
        start = m.end()
    return dict(out)


def quote_supports(
    sentence: str, quote: str, passage: str, footnotes: str = "", min_overlap: float = 0.5
) -> bool:
    """Does this quote back this sentence?

    The quote must be a verbatim span of its passage, every number of the sentence must be
    stated in the quote or its footnotes (unit-aware), and the sentence must draw on the
    quote: at least ``min_overlap`` of the quote's content words appear in it.
    """
    if not quote.strip() or quote not in passage:
        return False
    in_quote = find_quantities(quote) + find_quantities(footnotes)
    for q in find_quantities(sentence):
        if not any(q.same_value(other) for other in in_quote):
            return False
    words = _content_words(quote)
    if not words:
        return True
    return len(words & _content_words(sentence)) / len(words) >= min_overlap


def citation_support(answer: dict[str, Any]) -> tuple[int, int]:
    """(supported, total) over the answer's supporting citations and its ``[n]`` markers.

    A citation no sentence points at, or a marker pointing at no citation, is unsupported;
    "related" citations of an abstention are not claims and are left out.
    """
    sentences = cited_sentences(answer.get("answer", ""))
    citations = {c["n"]: c for c in answer.get("citations", []) if not c.get("related")}
    supported = total = 0
    for n in set(citations) | set(sentences):
        total += 1
        c = citations.get(n)
        said = sentences.get(n, [])
        if c is None or not said:
            continue
        notes = " ".join(f.get("text", "") for f in c.get("footnotes", []))
        if all(quote_supports(s, c.get("quote", ""), c.get("passage", ""), notes) for s in said):
            supported += 1
    return supported, total


def citation_precision(answers: Iterable[dict[str, Any]]) -> float:
    """Share of citations (over all answers) whose quote supports the sentence citing it."""
    supported = total = 0
    for answer in answers:
        s, t = citation_support(answer)
        supported += s
        total += t
    return supported / total if total else 0.0


def footnote_correct(answer: dict[str, Any], gold: dict[str, Any]) -> bool | None:
    """For a golden row naming a footnote: is that footnote cited, with the expected source?

    None when the row names no footnote (the metric does not apply).
    """
    expected = gold.get("expected", {})
    number = expected.get("footnote")
    if number is None:
        return None
    terms = [t.lower() for t in expected.get("any_of", [])]
    for c in answer.get("citations", []):
        if c.get("related"):
            continue
        for note in c.get("footnotes", []):
            text = note.get("text", "").lower()
            if note.get("n") == number and (not terms or any(t in text for t in terms)):
                return True
    return False


def abstention_scores(pairs: Iterable[tuple[str, str]]) -> tuple[float, float]:
    """(gold kind, answer status) pairs -> (abstention precision, abstention recall).

    Precision: of the abstentions, how many were on unanswerable questions (1.0 if the
    answerer never abstained, so a silent answerer is caught by recall instead).
    """
    abstained = unanswerable = hit = 0
    for kind, status in pairs:
        is_abstained = status == "abstained"
        abstained += is_abstained
        unanswerable += kind == "unanswerable"
        hit += is_abstained and kind == "unanswerable"
    precision = hit / abstained if abstained else 1.0
    recall = hit / unanswerable if unanswerable else 1.0
    return precision, recall


def conflict_recall(pairs: Iterable[tuple[str, dict[str, Any]]]) -> float:
    """Share of golden conflict questions answered with status ``conflict`` and its values."""
    flagged = total = 0
    for kind, answer in pairs:
        if kind != "conflict":
            continue
        total += 1
        flagged += answer.get("status") == "conflict" and bool(answer.get("conflicts"))
    return flagged / total if total else 1.0


def unverified_numbers(answer: dict[str, Any]) -> int:
    """Numbers in the answer text that no cited quote states, re-checked here.

    The answer's own ``claims`` are not trusted: a regressed answerer could report them
    wrongly, so the verifier runs again on the text and citations as given.
    """
    return sum(1 for claim in verify(Answer.model_validate(answer)) if not claim.verified)


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100): an observed value, stable for small samples."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = max(0, math.ceil(q / 100 * len(ordered)) - 1)
    return ordered[index]
