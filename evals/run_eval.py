"""`reportqa eval` end to end: hygiene, the suite, the gate, the three reports.

The CLI command is a thin wrapper around :func:`evaluate`; everything a user can get wrong
(a missing golden file, a bad thresholds file, an unreadable --compare report) raises
:class:`EvalError` with one line to print.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evals.gate import Breach, ThresholdError, check, load_thresholds
from evals.hygiene import check_golden
from evals.report import build_payload, load_previous, question_fields, write_reports
from evals.side_by_side import columns_of
from evals.suite import RECALL_KS, RecordingRetriever, load_answerer, run_suite
from evals.tally import score_side_by_side
from reportqa.retrieve import HybridRetriever

SYNTHESIS = Path(__file__).resolve().parent / "synthesis.jsonl"


class EvalError(ValueError):
    """A user error of `reportqa eval` (shown as one line, exit 2)."""


@dataclass
class EvalOutcome:
    payload: dict[str, Any]
    breaches: list[Breach]
    hygiene: list[str]
    paths: dict[str, Path] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        return not self.breaches and not self.hygiene


def load_golden_file(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        raise EvalError(f"golden set not found: {path}")
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise EvalError(f"{path}:{number}: not a JSON line ({exc.msg})") from exc
        if not isinstance(row, dict) or not {"id", "question", "kind"} <= row.keys():
            raise EvalError(f"{path}:{number}: a golden row needs id, question and kind")
        rows.append(row)
    return rows


def _shown(path: Path | None) -> str:
    """A path as a report shows it: relative to the working folder when inside it."""
    if path is None:
        return ""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def analyst_section(
    items: list[dict[str, Any]], answerer: Any, baseline: Any, source: str
) -> dict[str, Any]:
    """The analyst questions (summary, why, recommendation, comparison, metadata) asked
    of reportqa and the baseline: right by key evidence (metadata by its pattern) and the
    precision of cited sentences. ``metrics`` (``synthesis.*``) join the gated ones."""
    tallies = score_side_by_side({"": items}, answerer, baseline)
    ours, theirs = tallies[("", "reportqa")], tallies.get(("", "vanilla"))
    metrics, vanilla = ours.metrics("synthesis."), theirs.metrics("synthesis.") if theirs else None
    for rates in (metrics, vanilla or {}):  # corpus reports are text: every page is None
        rates.pop("synthesis.page_accuracy", None)
    return {
        "questions": source,
        "metrics": metrics,
        "baseline": vanilla,
        "columns": columns_of(tallies, [""]),
        "failures": [question_fields(gold, answer) for gold, answer in ours.failures],
    }


def evaluate(
    retriever: HybridRetriever,
    golden_path: Path,
    report_dir: Path,
    thresholds_path: Path,
    corpus: Path,
    compare: Path | None = None,
    with_baseline: bool = True,
    answerer_spec: str | None = None,
    synthesis_path: Path | None = SYNTHESIS,
) -> EvalOutcome:
    """Run the golden set and the analyst questions (``synthesis_path``, None: not asked)
    against the retriever's (already ingested) store and gate them."""
    golden = load_golden_file(golden_path)
    if synthesis_path and not synthesis_path.is_file():
        raise EvalError(f"analyst questions not found: {synthesis_path}")
    analyst = load_golden_file(synthesis_path) if synthesis_path else []
    try:
        thresholds = load_thresholds(thresholds_path)
        previous = load_previous(compare) if compare else None
        recorder = RecordingRetriever(retriever, depth=max(RECALL_KS))
        answerer = load_answerer(answerer_spec, retriever.settings, recorder)
    except (ThresholdError, ValueError) as exc:
        raise EvalError(str(exc)) from exc
    if not corpus.is_dir():
        raise EvalError(f"corpus folder not found: {corpus}")

    hygiene = check_golden(golden, corpus)
    if hygiene:
        return EvalOutcome({}, [], hygiene)

    extra: dict[str, float] = {}
    baseline = None
    with tempfile.TemporaryDirectory(prefix="reportqa-eval-") as tmp:
        if with_baseline:
            from evals.baseline import VanillaRag

            t = time.perf_counter()
            baseline = VanillaRag(corpus, retriever.embedder, Path(tmp) / "vanilla")
            extra["baseline_index"] = time.perf_counter() - t
        run = run_suite(golden, answerer, recorder, baseline)
        t = time.perf_counter()
        section = analyst_section(analyst, answerer, baseline, _shown(synthesis_path))
        extra["analyst_questions"] = time.perf_counter() - t
    run.metrics.update(section["metrics"])
    metrics: dict[str, Any] = dict(run.metrics)
    breaches = check(metrics, thresholds)
    payload = build_payload(run, thresholds, breaches, str(golden_path), [], extra)
    if analyst:
        payload["synthesis"] = section
    paths = write_reports(payload, thresholds, report_dir, previous)
    return EvalOutcome(payload, breaches, [], paths)
