"""Metrics as plain functions over (answer, gold): easy to read and to unit-test.

``answer`` is an Answer as a dict (the JSON contract); ``gold`` a golden.jsonl row.
Numbers are compared through reportqa.numbers, so "69 per cent" matches "69%".
"""

from __future__ import annotations

import math
import re
from typing import Any

from evals.questions import holds_evidence
from evals.synthesis_scoring import SYNTHESIS_KINDS, synthesis_correct
from reportqa.numbers import (
    Quantity,
    find_quantities,
    find_years,
    parse_quantity,
    spelled_number,
    spells,
)


def _answer_quantities(answer: dict[str, Any]):
    return find_quantities(answer.get("answer", ""))


def quantities_match(answer: dict[str, Any], expected: list[str], tolerance: float = 0.0) -> bool:
    """Every expected quantity is stated in the answer text (unit-aware)."""
    got = _answer_quantities(answer)
    years = set(find_years(answer.get("answer", "")))
    for text in expected:
        if re.fullmatch(r"(1[89]|20)\d\d", text.strip()):  # a year is asked as a number
            if int(text) in years:
                continue
            return False
        word = spelled_number(text)
        want = parse_quantity(text) if word is None else parse_quantity(str(word))
        if want is None:
            return False
        if any(q.same_value(want) or (tolerance and q.within(want, tolerance)) for q in got):
            continue
        if not want.is_range and any(_an_end_of(q, want) for q in got):
            continue  # "between Rs.55 to Rs.200" states Rs 55 and Rs 200
        if not want.unit and spells(answer.get("answer", ""), want.value):
            continue  # a count written in words: "four consecutive seasons"
        return False
    return True


def _an_end_of(got: Quantity, want: Quantity) -> bool:
    """Is ``want`` one end of the range ``got`` states, in the same unit?"""
    if not got.is_range or got.unit != want.unit:
        return False
    return any(
        math.isclose(end, want.value, rel_tol=0.005, abs_tol=1e-9)
        for end in (got.value, got.high or 0.0)
    )


def terms_present(answer: dict[str, Any], terms: list[str], need_all: bool) -> bool:
    haystack = answer.get("answer", "").lower()
    for c in answer.get("citations", []):
        haystack += " " + " ".join(f["text"].lower() for f in c.get("footnotes", []))
    hits = [t.lower() in haystack for t in terms]
    return all(hits) if need_all else any(hits)


def cites_evidence(answer: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Some citation's passage, or a footnote it cites, holds one of the gold evidence
    spans."""
    spans = [e["span"] for e in gold.get("evidence", [])]
    if not spans:
        return True
    passages: list[str] = []
    for c in answer.get("citations", []):
        if c.get("related"):
            continue
        cited = [c["passage"], *(f["text"] for f in c.get("footnotes", []))]
        if any(holds_evidence(text, s) for text in cited for s in spans):
            return True
        if c["passage"] not in passages:
            passages.append(c["passage"])
    # a list whose items are passages of their own, cited one after the other
    together = "\n".join(passages)
    return len(passages) > 1 and any(holds_evidence(together, s) for s in spans)


def conflict_values_found(answer: dict[str, Any], expected: dict[str, Any]) -> int:
    """How many distinct expected values (quantities, or years for "which year" conflicts)
    the answer states."""
    got = _answer_quantities(answer)
    years = set(find_years(answer.get("answer", "")))
    found = set()
    for v in expected.get("values", []):
        text = v["quantity"]
        want = parse_quantity(text)
        if want is not None and any(q.within(want, 1.0) for q in got):
            found.add(text)
        elif want is None and text.isdigit() and int(text) in years:
            found.add(text)
    return len(found)


def is_correct(answer: dict[str, Any], gold: dict[str, Any]) -> bool:
    kind, expected = gold["kind"], gold.get("expected", {})
    status = answer.get("status")
    if kind == "unanswerable":
        return status == "abstained"
    if status == "abstained":
        return False
    if kind == "conflict":
        return status == "conflict" and conflict_values_found(answer, expected) >= 2
    if kind == "numeric":
        ok = quantities_match(
            answer, expected.get("quantities", []), expected.get("tolerance", 0.0)
        )
    elif kind == "list":
        ok = terms_present(answer, expected.get("all_of", []), need_all=True)
    else:
        ok = terms_present(answer, expected.get("any_of", []), need_all=False)
    return ok and cites_evidence(answer, gold)


def unverified_numbers(answer: dict[str, Any]) -> int:
    return sum(1 for c in answer.get("claims", []) if not c.get("verified"))


def item_correct(answer: dict[str, Any], gold: dict[str, Any]) -> bool:
    """Any item of the golden, real or analyst sets, by its kind: who/when by the item's
    regex over the answer text, summary/why/recommendation/comparison by the key evidence
    their cited sentences hold, the others as :func:`is_correct`."""
    if gold["kind"] == "metadata":
        return bool(re.search(gold["expected"]["regex"], answer.get("answer", ""), re.I))
    if gold["kind"] in SYNTHESIS_KINDS:
        return synthesis_correct(answer, gold)
    return is_correct(answer, gold)


def page_checks(answer: dict[str, Any], gold: dict[str, Any]) -> tuple[int, int]:
    """(cited quotes holding evidence, of those cited on the evidence's page: its
    ``page``, or any of its ``pages`` when the report prints the span on several)."""
    held = right = 0
    for citation in answer.get("citations", []):
        if citation.get("related"):
            continue
        for evidence in gold.get("evidence", []):
            if holds_evidence(citation["quote"], evidence["span"]) or holds_evidence(
                evidence["span"], citation["quote"]
            ):
                held += 1
                right += citation.get("page") in evidence.get("pages", [evidence.get("page")])
                break
    return held, right


FAILURE_CAUSES = (
    "abstained on an answerable question",
    "answered an unanswerable question",
    "the evidence in no cited passage",
    "the evidence cited, the answer short of it",
)


def failure_cause(answer: dict[str, Any], gold: dict[str, Any]) -> str | None:
    """Why a numeric, text or list answer (or an abstention) is wrong, in one of
    :data:`FAILURE_CAUSES`; None when it is right or of another kind. Read from the answer
    and the gold alone: the part of the pipeline to look at first."""
    if gold["kind"] not in ("numeric", "text", "list", "unanswerable") or is_correct(answer, gold):
        return None
    if gold["kind"] == "unanswerable":
        return FAILURE_CAUSES[1]
    if answer.get("status") == "abstained":
        return FAILURE_CAUSES[0]
    return FAILURE_CAUSES[3] if cites_evidence(answer, gold) else FAILURE_CAUSES[2]
