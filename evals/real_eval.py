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
from pathlib import Path
from typing import Any

from evals.real_set import RealReport, ingest_real, load_real_set
from evals.side_by_side import columns_of, render_table
from evals.tally import Tally, score_side_by_side

SPLITS = ("dev", "test")


def run(reports: list[RealReport], answerer: Any) -> dict[tuple[str, str], Tally]:
    """(split, "reportqa") -> its tally, for the splits of ``reports``."""
    groups = {s: [q for r in reports if r.split == s for q in r.questions] for s in SPLITS}
    return score_side_by_side({s: items for s, items in groups.items() if items}, answerer)


def summary(tallies: dict[tuple[str, str], Tally]) -> str:
    return "\n".join(render_table(columns_of(tallies, SPLITS)))


def main(argv: list[str] | None = None) -> int:
    from reportqa.answering import Answerer
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
    tallies = run(chosen, Answerer(settings))
    print(summary(tallies))
    if args.failures and ("dev", "reportqa") in tallies:
        for gold, answer in tallies[("dev", "reportqa")].failures:  # test stays unseen
            want, got = gold.get("expected"), answer["answer"][:200]
            print(json.dumps({"q": gold["question"], "want": want, "got": got}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
