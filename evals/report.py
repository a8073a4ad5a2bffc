"""Eval reports: eval.json for machines, eval.md for people, eval.png at a glance.

The JSON is also what ``--compare`` reads back, so a report of last week's main can be
put beside today's run with a delta column.
"""

from __future__ import annotations

import json
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from evals.gate import Breach, Thresholds
from evals.side_by_side import render_table
from evals.suite import RECALL_KS, SuiteRun
from evals.tally import PRECISION

REPORT_VERSION = 1

# (metric, label, is_rate) in the order of the headline table
HEADLINE: list[tuple[str, str, bool]] = [
    ("accuracy", "answer accuracy, all questions", True),
    (
        "accuracy.answerable",
        "answerable: correct, evidence cited (baseline: evidence in top-5)",
        True,
    ),
    *[(f"recall@{k}", f"retrieval recall@{k}", True) for k in RECALL_KS],
    ("mrr", "retrieval MRR@10", False),
    ("citation_precision", "citation precision", True),
    ("footnote_accuracy", "footnote accuracy", True),
    ("abstention_precision", "abstention precision", True),
    ("abstention_recall", "abstention recall", True),
    ("conflict_recall", "conflict recall", True),
    ("unverified_numbers", "unverified numbers", False),
    ("latency_p50_ms", "warm ask latency p50 (ms)", False),
    ("latency_p95_ms", "warm ask latency p95 (ms)", False),
]
BASELINE_KEY = {"accuracy.answerable": "evidence_in_context@5"}


def question_fields(gold: dict[str, Any], answer: dict[str, Any]) -> dict[str, Any]:
    """What a report shows of one question and its answer."""
    cited = [c for c in answer.get("citations", []) if not c.get("related")]
    return {
        "id": gold["id"],
        "kind": gold["kind"],
        "question": gold["question"],
        "expected": gold.get("expected", {}),
        "status": answer.get("status"),
        "answer": answer.get("answer", ""),
        "quotes": [c.get("quote", "") for c in cited],
    }


def build_payload(
    run: SuiteRun,
    thresholds: Thresholds,
    breaches: list[Breach],
    golden_path: str,
    hygiene: list[str],
    extra_timings: dict[str, float] | None = None,
) -> dict[str, Any]:
    questions = []
    for r in run.results:
        questions.append(
            {
                **question_fields(r.gold, r.answer),
                "correct": r.correct,
                "rank": r.rank,
                "baseline_rank": r.baseline_rank,
                "unverified": r.unverified,
                "footnote_ok": r.footnote_ok,
                "latency_ms": round(r.latency_ms, 2),
            }
        )
    return {
        "report_version": REPORT_VERSION,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "golden": golden_path,
        "questions_total": len(run.results),
        "thresholds_version": thresholds.version,
        "passed": not breaches and not hygiene,
        "breaches": [b.to_dict() for b in breaches],
        "hygiene": hygiene,
        "metrics": run.metrics,
        "by_kind": {k: list(v) for k, v in run.by_kind.items()},
        "baseline": run.baseline,
        "timings_s": {**run.timings_s, **(extra_timings or {})},
        "questions": questions,
    }


def load_previous(path: Path) -> dict[str, Any]:
    """A report written by an earlier run (ValueError when it is not one)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"cannot read previous report {path}: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("metrics"), dict):
        raise ValueError(f"{path} is not a `reportqa eval` JSON report (no metrics)")
    return data


def deltas(current: dict[str, float], previous: dict[str, Any]) -> dict[str, float]:
    """Metric -> current minus previous, for metrics both runs measured."""
    before = previous.get("metrics", {})
    return {
        k: v - float(before[k])
        for k, v in current.items()
        if isinstance(before.get(k), int | float) and v is not None
    }


def _fmt(value: float | None, is_rate: bool) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if is_rate:
        return f"{value:.1%}"
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:.3f}" if abs(value) < 10 else f"{value:,.1f}"


def _fmt_delta(value: float | None, is_rate: bool) -> str:
    if value is None:
        return "–"
    if abs(value) < 1e-12:
        return "±0"
    if is_rate:
        return f"{value * 100:+.1f} pt"
    return f"{value:+.3f}" if abs(value) < 10 else f"{value:+,.1f}"


def _cell(text: str, limit: int = 300) -> str:
    text = " ".join(str(text).split()).replace("|", "\\|")
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _threshold_cell(metric: str, thresholds: dict[str, Any], is_rate: bool) -> str:
    """The limit in the same form as the value beside it (a rate as a percentage)."""
    if metric in thresholds.get("minimum", {}):
        return f"≥ {_fmt(thresholds['minimum'][metric], is_rate)}"
    if metric in thresholds.get("maximum", {}):
        return f"≤ {_fmt(thresholds['maximum'][metric], is_rate)}"
    return ""


def failure_table(rows: list[dict[str, Any]]) -> list[str]:
    """Failed questions (id, question, expected, status, answer, quotes) as table lines."""
    lines = ["| id | question | expected | got | cited quote |", "|---|---|---|---|---|"]
    for q in rows:
        got = f"**{q['status']}**: {q['answer']}"
        quote = " / ".join(q["quotes"]) or "(none)"
        lines.append(
            f"| {q['id']} | {_cell(q['question'], 200)} | "
            f"{_cell(json.dumps(q['expected'], ensure_ascii=False), 200)} | "
            f"{_cell(got)} | {_cell(quote)} |"
        )
    return lines


ANALYST_ROWS = ("summary", "why", "recommendation", "comparison", "metadata", "all", PRECISION)


def analyst_lines(section: dict[str, Any] | None, limits: dict[str, Any]) -> list[str]:
    """The analyst questions beside the baseline, their floors and their failures."""
    if not section:
        return []
    lines = [
        "",
        f"## Analyst questions (`{section['questions']}`)",
        "",
        *render_table(section["columns"], ANALYST_ROWS),
        "",
        "Right when the cited sentences hold at least the item's number of key evidence "
        "spans (who/when questions: the item's pattern over the answer); cited-sentence "
        "precision is the share of cited sentences that hold key evidence. The baseline's "
        "answer is its top-5 chunks, each counted as a cited sentence.",
        "",
    ]
    gated = [k for k in (*limits["minimum"], *limits["maximum"]) if k.startswith("synthesis.")]
    for key in gated:
        value = section["metrics"].get(key)
        lines.append(f"- gate: {key} = {_fmt(value, True)}, {_threshold_cell(key, limits, True)}")
    if section["failures"]:
        lines += ["", f"### analyst questions ({len(section['failures'])} failed)", ""]
        lines += failure_table(section["failures"])
    return lines


def render_markdown(
    payload: dict[str, Any], thresholds: Thresholds, previous: dict[str, Any] | None = None
) -> str:
    metrics, baseline = payload["metrics"], payload.get("baseline") or {}
    limits = {"minimum": thresholds.minimum, "maximum": thresholds.maximum}
    delta = deltas(metrics, previous) if previous else {}
    verdict = "PASSED" if payload["passed"] else "FAILED"
    lines = [
        f"# reportqa eval: {verdict}",
        "",
        f"{payload['questions_total']} questions from `{payload['golden']}`, "
        f"thresholds v{payload['thresholds_version']}, {payload['created']}.",
        "",
    ]
    if payload["breaches"] or payload["hygiene"]:
        lines += ["## What fell", ""]
        lines += [f"- golden set: {p}" for p in payload["hygiene"]]
        lines += [f"- {Breach(**b).message()}" for b in payload["breaches"]]
        lines.append("")
    header = "| metric | ours | vanilla llama-index | threshold |"
    rule = "|---|---:|---:|---:|"
    if previous:
        header += " Δ vs previous |"
        rule += "---:|"
    lines += ["## Headline", "", header, rule]
    for key, label, is_rate in HEADLINE:
        base = baseline.get(BASELINE_KEY.get(key, key)) if baseline else None
        row = (
            f"| {label} | {_fmt(metrics.get(key), is_rate)} | {_fmt(base, is_rate)} "
            f"| {_threshold_cell(key, limits, is_rate)} |"
        )
        if previous:
            row += f" {_fmt_delta(delta.get(key), is_rate)} |"
        lines.append(row)
    lines += [
        "",
        "Vanilla llama-index: VectorStoreIndex + SentenceSplitter(512) + the same MiniLM "
        "embedder + Chroma, top-5; it retrieves but cannot abstain, flag a conflict or cite "
        "a footnote, so its answerable score is the generous 'evidence in the context'.",
        "",
        "## Accuracy by kind",
        "",
        "| kind | correct | total | accuracy | threshold |"
        + (" Δ vs previous |" if previous else ""),
        "|---|---:|---:|---:|---:|" + ("---:|" if previous else ""),
    ]
    for kind, (correct, total) in payload["by_kind"].items():
        key = "accuracy" if kind == "all" else f"accuracy.{kind}"
        row = (
            f"| {kind} | {correct} | {total} | {_fmt(metrics.get(key), True)} "
            f"| {_threshold_cell(key, limits, True)} |"
        )
        if previous:
            row += f" {_fmt_delta(delta.get(key), True)} |"
        lines.append(row)
    lines += analyst_lines(payload.get("synthesis"), limits)
    lines += ["", "## Failed questions, by kind", ""]
    failed = [q for q in payload["questions"] if not q["correct"]]
    if not failed:
        lines.append("None.")
    for kind in payload["by_kind"]:
        rows = [q for q in failed if q["kind"] == kind]
        if kind == "all" or not rows:
            continue
        lines += [f"### {kind} ({len(rows)} failed)", "", *failure_table(rows), ""]
    lines += time_lines(payload.get("timings_s", {}))
    return "\n".join(lines)


def time_lines(timings: dict[str, float]) -> list[str]:
    if not timings:
        return []
    lines = ["## Time", "", "| step | seconds |", "|---|---:|"]
    return [*lines, *(f"| {k} | {v:.1f} |" for k, v in timings.items()), ""]


def plot_png(payload: dict[str, Any], path: Path) -> None:
    """Accuracy by kind, and recall@k for us and the baseline, side by side."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    by_kind = {k: v for k, v in payload["by_kind"].items()}
    kinds = list(by_kind)
    values = [c / t if t else 0.0 for c, t in by_kind.values()]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    bars = left.bar(kinds, values, color=["#4c72b0" if k != "all" else "#222" for k in kinds])
    left.bar_label(bars, labels=[f"{c}/{t}" for c, t in by_kind.values()], fontsize=8)
    left.set_ylim(0, 1.1)
    left.set_title("Answer accuracy by kind")
    left.tick_params(axis="x", rotation=30)

    ks = list(RECALL_KS)
    ours = [payload["metrics"].get(f"recall@{k}", 0.0) for k in ks]
    right.plot(ks, ours, marker="o", label="reportqa (hybrid)")
    if payload.get("baseline"):
        base = [payload["baseline"].get(f"recall@{k}", 0.0) for k in ks]
        right.plot(ks, base, marker="s", linestyle="--", label="vanilla llama-index")
    right.set_xticks(ks)
    right.set_ylim(0, 1.05)
    right.set_xlabel("k")
    right.set_title("Retrieval recall@k (evidence in a passage)")
    right.legend(loc="lower right")
    fig.suptitle("reportqa eval: " + ("passed" if payload["passed"] else "FAILED"))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_reports(
    payload: dict[str, Any],
    thresholds: Thresholds,
    report_dir: Path,
    previous: dict[str, Any] | None = None,
) -> dict[str, Path]:
    report_dir.mkdir(parents=True, exist_ok=True)
    paths = {
        "json": report_dir / "eval.json",
        "markdown": report_dir / "eval.md",
        "png": report_dir / "eval.png",
    }
    if previous:
        payload = {**payload, "compare": deltas(payload["metrics"], previous)}
    paths["json"].write_text(json.dumps(payload, indent=2, ensure_ascii=False), encoding="utf-8")
    paths["markdown"].write_text(render_markdown(payload, thresholds, previous), encoding="utf-8")
    plot_png(payload, paths["png"])
    return paths
