"""The answerer on the held-out real PDFs: correctness and cited page, by split.

    python -m evals.real_eval [--home /tmp/reportqa-real] [--split dev|test] [--failures]

Ingests the real set's PDFs into their own store (skipped when already there), asks
every question and scores it with the golden set's scorer (evals.scoring). A citation is
on the right page when its quote holds a piece of evidence and is cited on that
evidence's page. Metadata questions are scored by their regex; summary, why,
recommendation and comparison by the key evidence their cited sentences hold.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from pathlib import Path
from typing import Any

from evals.questions import holds_evidence
from evals.real_set import RealReport, load_real_set
from evals.scoring import is_correct
from evals.synthesis_scoring import SYNTHESIS_KINDS, precise_citations, synthesis_correct

SCORED_KINDS = {"numeric", "text", "list", "unanswerable", "metadata"} | SYNTHESIS_KINDS


def ingest_real(reports: list[RealReport], settings: Any) -> None:
    from ingest.pipeline import Ingestor

    Ingestor(settings).ingest([r.path for r in reports])


def page_checks(answer: dict[str, Any], gold: dict[str, Any]) -> tuple[int, int]:
    """(cited quotes holding evidence, of those cited on the evidence's page)."""
    held = right = 0
    for citation in answer.get("citations", []):
        if citation.get("related"):
            continue
        for evidence in gold.get("evidence", []):
            if holds_evidence(citation["quote"], evidence["span"]) or holds_evidence(
                evidence["span"], citation["quote"]
            ):
                held += 1
                right += citation.get("page") == evidence.get("page")
                break
    return held, right


def run(reports: list[RealReport], answerer: Any) -> dict[str, Any]:
    by_split: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    pages: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    precision: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures: list[tuple[str, dict[str, Any], dict[str, Any]]] = []
    for report in reports:
        for gold in report.questions:
            if gold["kind"] not in SCORED_KINDS:
                continue
            answer = answerer.ask(gold["question"]).model_dump()
            if gold["kind"] == "metadata":  # who published it, when: a regex over the answer
                ok = bool(re.search(gold["expected"]["regex"], answer["answer"], re.I))
            elif gold["kind"] in SYNTHESIS_KINDS:  # key evidence covered, sentences precise
                ok = synthesis_correct(answer, gold)
                good, cited = precise_citations(answer, gold)
                precision[report.split][0] += good
                precision[report.split][1] += cited
            else:
                ok = is_correct(answer, gold)
            by_split[report.split][gold["kind"]].append(ok)
            held, right = page_checks(answer, gold)
            pages[report.split][0] += held
            pages[report.split][1] += right
            if not ok:
                failures.append((report.split, gold, answer))
    return {"by_split": by_split, "pages": pages, "precision": precision, "failures": failures}


def summary(result: dict[str, Any]) -> str:
    lines = ["| split | kind | correct |", "|---|---|---:|"]
    for split, kinds in sorted(result["by_split"].items()):
        total = [ok for oks in kinds.values() for ok in oks]
        for kind, oks in sorted(kinds.items()):
            lines.append(f"| {split} | {kind} | {sum(oks)}/{len(oks)} |")
        lines.append(f"| {split} | **all** | **{sum(total)}/{len(total)}** |")
        held, right = result["pages"][split]
        lines.append(f"| {split} | cited on the right page | {right}/{held} |")
        good, cited = result.get("precision", {}).get(split, (0, 0))
        if cited:
            lines.append(
                f"| {split} | many-sentence answers: cited sentences on key evidence "
                f"| {good}/{cited} |"
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    from reportqa.answer import Answerer
    from reportqa.config import load_settings

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", type=Path, default=Path("evals/real"))
    parser.add_argument("--home", type=Path, default=Path("/tmp/reportqa-real"))
    parser.add_argument("--split", choices=["dev", "test"])
    parser.add_argument("--failures", action="store_true")
    args = parser.parse_args(argv)
    reports = load_real_set(args.real)
    if not reports:
        print("no real PDFs found (see evals/real/README.md)")
        return 2
    settings = load_settings(home=args.home)
    ingest_real(reports, settings)
    chosen = [r for r in reports if args.split in (None, r.split)]
    result = run(chosen, Answerer(settings))
    print(summary(result))
    if args.failures:
        for split, gold, answer in result["failures"]:
            if split == "dev":
                print(
                    json.dumps(
                        {
                            "q": gold["question"],
                            "want": gold.get("expected"),
                            "got": answer["answer"][:200],
                        },
                        ensure_ascii=False,
                    )
                )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
