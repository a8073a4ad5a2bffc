"""`reportqa eval --real`: the held-out real reports, dev and test, each beside vanilla RAG.

The real PDFs are ingested into their own store (a re-run skips what is already there,
by content hash), every question is asked of the reportqa answerer and of the vanilla
llama-index baseline over the same PDFs, both are scored by the same functions
(evals.tally), and the ``[real]`` limits of the thresholds file gate reportqa's figures.
The PDFs are not committed: when any is missing the run stops with one line saying where
to put them, rather than passing on what it did not measure.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evals.gate import Breach, ThresholdError, check, load_thresholds
from evals.real_report import write_real_reports
from evals.real_set import SHARED_COPY, RealReport, ingest_real, load_real_set, missing_pdfs
from evals.report import REPORT_VERSION, question_fields
from evals.run_eval import EvalError
from evals.side_by_side import SYSTEMS, cell, columns_of
from evals.tally import score_side_by_side

SPLITS = ("dev", "test")
SECTION = "real"  # the thresholds file's table for this run


@dataclass
class RealOutcome:
    payload: dict[str, Any]
    breaches: list[Breach]
    paths: dict[str, Path] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.breaches

    def summary_lines(self) -> list[str]:
        """One line per split: all questions right, reportqa beside vanilla."""
        columns = self.payload["columns"]
        lines = []
        for split in SPLITS:
            cells = [
                f"{system} {cell(*columns[title]['all'])}"
                for system in SYSTEMS
                if (title := f"{split} {system}") in columns
            ]
            lines.append(f"{split}: " + ", ".join(cells))
        return lines


def real_set_or_fail(real_dir: Path) -> list[RealReport]:
    """The whole set, or an EvalError saying what is missing and where it belongs."""
    if not any((real_dir / "manifest.d").glob("*.yaml")):
        raise EvalError(f"no real set in {real_dir}: it needs manifest.d/*.yaml")
    missing = missing_pdfs(real_dir)
    if missing:
        more = f" and {len(missing) - 1} more" if len(missing) > 1 else ""
        raise EvalError(
            f"the real set's PDFs are not here ({missing[0]}{more} missing): put them in "
            f"{real_dir / 'pdfs'}/ or {SHARED_COPY}/ (each manifest in "
            f"{real_dir / 'manifest.d'}/ names its origin and sha256)"
        )
    return load_real_set(real_dir)


def _dev_failures(tallies: dict[tuple[str, str], Any]) -> list[dict[str, Any]]:
    """Failed dev questions of reportqa. Test failures are not shown: the test reports
    are held out of tuning, and a list of their misses would invite it."""
    tally = tallies.get(("dev", "reportqa"))
    return [question_fields(gold, answer) for gold, answer in (tally.failures if tally else [])]


def evaluate_real(
    settings: Any,
    real_dir: Path,
    report_dir: Path,
    thresholds_path: Path,
    with_baseline: bool = True,
    answerer_spec: str | None = None,
) -> RealOutcome:
    """Ingest, ask, score and gate the real set; ``settings.home`` is the real store."""
    from evals.suite import load_answerer
    from reportqa.retrieve import HybridRetriever

    reports = real_set_or_fail(real_dir)
    try:
        thresholds = load_thresholds(thresholds_path, section=SECTION)
    except ThresholdError as exc:
        raise EvalError(str(exc)) from exc
    timings: dict[str, float] = {}
    t = time.perf_counter()
    problems = ingest_real(reports, settings)
    if problems:
        raise EvalError(f"cannot ingest {problems[0]}")
    timings["ingest"] = time.perf_counter() - t
    retriever = HybridRetriever(settings)
    try:
        answerer = load_answerer(answerer_spec, settings, retriever)
    except ValueError as exc:
        raise EvalError(str(exc)) from exc
    t = time.perf_counter()
    (getattr(answerer, "warm_up", None) or retriever.warm_up)()
    timings["warm_up"] = time.perf_counter() - t
    vanilla = None
    if with_baseline:
        from evals.baseline import VanillaRag

        t = time.perf_counter()
        pdfs = [r.path for r in reports]
        vanilla = VanillaRag(pdfs, retriever.embedder, Path(settings.home) / "vanilla")
        timings["baseline_index"] = time.perf_counter() - t
    groups = {s: [q for r in reports if r.split == s for q in r.questions] for s in SPLITS}
    t = time.perf_counter()
    tallies = score_side_by_side(groups, answerer, vanilla)
    timings["answers"] = time.perf_counter() - t

    metrics: dict[str, float] = {}
    baseline: dict[str, float] = {}
    for split in SPLITS:
        metrics.update(tallies[(split, "reportqa")].metrics(f"{split}."))
        if (split, "vanilla") in tallies:
            baseline.update(tallies[(split, "vanilla")].metrics(f"{split}."))
    breaches = check(metrics, thresholds)
    columns = columns_of(tallies, SPLITS)
    payload = {
        "report_version": REPORT_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "real_set": str(real_dir),
        "reports": [
            {"stem": r.stem, "split": r.split, "questions": len(r.questions)} for r in reports
        ],
        "questions_total": sum(c["all"][1] for t, c in columns.items() if "reportqa" in t),
        "thresholds_version": thresholds.version,
        "passed": not breaches,
        "breaches": [b.to_dict() for b in breaches],
        "metrics": metrics,
        "baseline": baseline or None,
        "columns": columns,
        "dev_failures": _dev_failures(tallies),
        "causes": {
            split: tallies[(split, "reportqa")].causes
            for split in SPLITS
            if (split, "reportqa") in tallies
        },
        "timings_s": timings,
    }
    paths = write_real_reports(payload, thresholds, report_dir)
    return RealOutcome(payload, breaches, paths)
