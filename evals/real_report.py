"""The real set's reports: eval-real.json for machines, eval-real.md for people.

One table carries the result: a row per kind, then all, the right page and the precision
of cited sentences; the columns are dev reportqa | dev vanilla | test reportqa | test
vanilla, so every figure stands beside the baseline's on the same questions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evals.gate import Breach, Thresholds
from evals.report import _fmt, _threshold_cell, failure_table, time_lines
from evals.scoring import FAILURE_CAUSES
from evals.side_by_side import render_table

HOW_TO_READ = (
    "Each cell is the share right and its counts. numeric, text, list and unanswerable are "
    "scored as in the golden set (numbers unit-aware, the evidence cited); metadata by its "
    "pattern over the answer; summary, why, recommendation and comparison by the key "
    "evidence their cited sentences hold. *Cited on the right page*: of the cited quotes "
    "holding a piece of evidence, those cited on that evidence's page. *Cited-sentence "
    "precision*: of the sentences many-sentence answers cite, those holding key evidence."
)
VANILLA = (
    "Vanilla llama-index: the PDFs as pypdf reads them, one document per page, "
    "SentenceSplitter(512) + the same MiniLM embedder + Chroma, top-5. Without a model its "
    "answer is those five chunks, each cited on its page (a chunk counts as one cited "
    "sentence): the generous reading 'the evidence is in the context'. It never abstains."
)


def render_real_markdown(payload: dict[str, Any], thresholds: Thresholds) -> str:
    verdict = "PASSED" if payload["passed"] else "FAILED"
    by_split: dict[str, list[str]] = {}
    for report in payload["reports"]:
        by_split.setdefault(report["split"], []).append(report["stem"])
    sets = "; ".join(f"{split}: {', '.join(stems)}" for split, stems in by_split.items())
    lines = [
        f"# reportqa eval --real: {verdict}",
        "",
        f"{payload['questions_total']} questions on {len(payload['reports'])} real reports "
        f"(`{payload['real_set']}`; {sets}), thresholds v{payload['thresholds_version']}, "
        f"{payload['created']}. Rules may be tuned on dev; test is never looked at while "
        "tuning, and its figure is the result.",
        "",
    ]
    if payload["breaches"]:
        lines += ["## What fell", ""]
        lines += [f"- {Breach(**b).message()}" for b in payload["breaches"]]
        lines.append("")
    lines += ["## Dev and test, each beside vanilla llama-index", ""]
    lines += render_table(payload["columns"])
    lines += ["", HOW_TO_READ, "", VANILLA, ""]
    lines += _gate_table(payload, thresholds)
    lines += _cause_table(payload.get("causes") or {})
    lines += ["## Failed dev questions", ""]
    failed = payload["dev_failures"]
    lines += failure_table(failed) if failed else ["None."]
    lines += ["", "Failed test questions are not listed: the test reports are held out.", ""]
    lines += time_lines(payload.get("timings_s", {}))
    return "\n".join(lines)


def _cause_table(causes: dict[str, dict[str, int]]) -> list[str]:
    """How many numeric, text, list and unanswerable answers of each split went wrong,
    and why: where to look first, given for test as counts only."""
    if not causes:
        return []
    splits = list(causes)
    lines = ["## Why answers were wrong (numeric, text, list, unanswerable)", ""]
    lines.append("| cause | " + " | ".join(splits) + " |")
    lines.append("|---|" + "---:|" * len(splits))
    for cause in FAILURE_CAUSES:
        lines.append(
            f"| {cause} | " + " | ".join(str(causes[s].get(cause, 0)) for s in splits) + " |"
        )
    return [*lines, ""]


def _gate_table(payload: dict[str, Any], thresholds: Thresholds) -> list[str]:
    limits = {"minimum": thresholds.minimum, "maximum": thresholds.maximum}
    names = [*thresholds.minimum, *thresholds.maximum]
    baseline = payload.get("baseline") or {}
    lines = ["## The gate", "", "| metric | reportqa | vanilla | threshold |"]
    lines.append("|---|---:|---:|---:|")
    for name in names:
        ours, theirs = payload["metrics"].get(name), baseline.get(name)
        lines.append(
            f"| {name} | {_fmt(ours, True)} | {_fmt(theirs, True)} "
            f"| {_threshold_cell(name, limits, True)} |"
        )
    return [*lines, ""]


def write_real_reports(
    payload: dict[str, Any], thresholds: Thresholds, report_dir: Path
) -> dict[str, Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    paths = {"json": report_dir / "eval-real.json", "markdown": report_dir / "eval-real.md"}
    paths["json"].write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    paths["markdown"].write_text(render_real_markdown(payload, thresholds), encoding="utf-8")
    return paths
