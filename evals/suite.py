"""Run the golden set once: answers, retrieval ranks and the vanilla baseline, then metrics.

The expensive parts are shared: one embedder (cached per process by get_embedder), one
store the caller has ingested, one baseline index. The answerer only ever receives the
question text; the gold stays here.
"""

from __future__ import annotations

import importlib
import time
from dataclasses import dataclass, field
from typing import Any, Protocol

from evals.baseline import VanillaRag
from evals.metrics import (
    abstention_scores,
    accuracy_by_kind,
    citation_precision,
    conflict_recall,
    footnote_correct,
    mean_reciprocal_rank,
    percentile,
    rate,
    recall_at_k,
    unverified_numbers,
)
from evals.questions import hit_rank
from evals.scoring import is_correct
from reportqa.retrieve import HybridRetriever

RECALL_KS = (1, 3, 5, 10)  # recall@k cut-offs; the largest is the ranking depth
BASELINE_K = 5  # the vanilla pipeline's context: top-5 chunks


class RecordingRetriever:
    """The retriever the answerer uses, remembering each question's first ranking.

    The retrieval metrics need the top 10 for every question, and the answerer retrieves
    anyway: it gets the prefix of one top-10 call (fusion ranks a fixed candidate depth, so
    top-k is a prefix of top-10), and the eval reads the same ranking instead of
    retrieving twice. Everything else is the wrapped retriever's.
    """

    def __init__(self, inner: HybridRetriever, depth: int = 10) -> None:
        self._inner = inner
        self.depth = depth
        self.rankings: dict[str, list[Any]] = {}

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)

    def retrieve(self, question: str, k: int | None = None, filters: Any = None) -> list[Any]:
        settings = self._inner.settings.retrieval
        k = k or settings.k
        filtered = filters is not None and not filters.is_empty()
        if k > self.depth or filtered or settings.candidates < self.depth:
            return self._inner.retrieve(question, k=k, filters=filters)
        passages = self._inner.retrieve(question, k=self.depth)
        self.rankings.setdefault(question.strip(), passages)
        return passages[:k]

    def ranking(self, question: str) -> list[Any]:
        """The recorded top-``depth`` for a question (retrieved now if the answerer did not)."""
        key = question.strip()
        if key not in self.rankings:
            self.rankings[key] = self._inner.retrieve(question, k=self.depth)
        return self.rankings[key]


class AnswererLike(Protocol):
    def ask(self, question: str) -> Any: ...


def load_answerer(spec: str | None, settings: Any, retriever: Any) -> AnswererLike:
    """The real Answerer, or ``module:factory`` called as ``factory(settings, retriever)``.

    The hook lets tests put a deliberately broken answerer behind the same CLI and gate.
    """
    if not spec:
        from reportqa.answering import Answerer

        return Answerer(settings, retriever=retriever)
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise ValueError(f"--answerer expects module:factory, got {spec!r}")
    try:
        factory = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise ValueError(f"cannot load answerer {spec!r}: {exc}") from exc
    return factory(settings, retriever)


@dataclass
class QuestionResult:
    gold: dict[str, Any]
    answer: dict[str, Any]
    latency_ms: float
    rank: int | None = None
    baseline_rank: int | None = None
    correct: bool = False
    unverified: int = 0
    footnote_ok: bool | None = None

    @property
    def answerable(self) -> bool:
        return self.gold["kind"] != "unanswerable"


@dataclass
class SuiteRun:
    results: list[QuestionResult]
    metrics: dict[str, float]
    by_kind: dict[str, tuple[int, int]]
    baseline: dict[str, float] | None
    timings_s: dict[str, float] = field(default_factory=dict)


def _rank(texts: list[str], gold: dict[str, Any]) -> int | None:
    ranks = [hit_rank(texts, e["span"]) for e in gold.get("evidence", [])]
    found = [r for r in ranks if r is not None]
    return min(found) if found else None


def _as_dict(answer: Any) -> dict[str, Any]:
    return answer if isinstance(answer, dict) else answer.model_dump()


def run_suite(
    golden: list[dict[str, Any]],
    answerer: AnswererLike,
    retriever: RecordingRetriever,
    baseline: VanillaRag | None = None,
) -> SuiteRun:
    """Ask every question once; ``answerer`` must have been built on ``retriever``."""
    timings: dict[str, float] = {}
    t = time.perf_counter()
    warm = getattr(answerer, "warm_up", None) or retriever.warm_up
    warm()
    timings["warm_up"] = time.perf_counter() - t

    results: list[QuestionResult] = []
    t = time.perf_counter()
    for gold in golden:
        start = time.perf_counter()
        answer = _as_dict(answerer.ask(gold["question"]))
        latency = (time.perf_counter() - start) * 1000
        results.append(
            QuestionResult(
                gold=gold,
                answer=answer,
                latency_ms=latency,
                correct=is_correct(answer, gold),
                unverified=unverified_numbers(answer),
                footnote_ok=footnote_correct(answer, gold),
            )
        )
    timings["answers"] = time.perf_counter() - t

    t = time.perf_counter()
    k_max = max(RECALL_KS)
    for r in results:
        if r.answerable:
            passages = retriever.ranking(r.gold["question"])
            r.rank = _rank([p.text for p in passages], r.gold)
    timings["retrieval"] = time.perf_counter() - t

    baseline_metrics = None
    if baseline is not None:
        t = time.perf_counter()
        for r in results:
            if r.answerable:
                r.baseline_rank = _rank(baseline.retrieve(r.gold["question"], k=k_max), r.gold)
        baseline_metrics = baseline_summary(results)
        timings["baseline_queries"] = time.perf_counter() - t

    by_kind = accuracy_by_kind((r.gold["kind"], r.correct) for r in results)
    return SuiteRun(results, summarize(results, by_kind), by_kind, baseline_metrics, timings)


def _retrieval_metrics(ranks: list[int | None]) -> dict[str, float]:
    out = {f"recall@{k}": recall_at_k(ranks, k) for k in RECALL_KS}
    out["mrr"] = mean_reciprocal_rank(ranks)
    return out


def summarize(
    results: list[QuestionResult], by_kind: dict[str, tuple[int, int]]
) -> dict[str, float]:
    """The flat metric dict the thresholds file and the reports speak in."""
    metrics: dict[str, float] = {"accuracy": rate(by_kind.get("all", (0, 0)))}
    for kind, counts in by_kind.items():
        if kind != "all":
            metrics[f"accuracy.{kind}"] = rate(counts)
    answerable = [r.correct for r in results if r.answerable]
    metrics["accuracy.answerable"] = sum(answerable) / len(answerable) if answerable else 0.0
    metrics.update(_retrieval_metrics([r.rank for r in results if r.answerable]))
    answers = [r.answer for r in results]
    metrics["citation_precision"] = citation_precision(answers)
    notes = [r.footnote_ok for r in results if r.footnote_ok is not None]
    metrics["footnote_accuracy"] = sum(notes) / len(notes) if notes else 1.0
    precision, recall = abstention_scores((r.gold["kind"], r.answer["status"]) for r in results)
    metrics["abstention_precision"] = precision
    metrics["abstention_recall"] = recall
    metrics["conflict_recall"] = conflict_recall((r.gold["kind"], r.answer) for r in results)
    metrics["unverified_numbers"] = float(sum(r.unverified for r in results))
    latencies = [r.latency_ms for r in results]
    metrics["latency_p50_ms"] = percentile(latencies, 50)
    metrics["latency_p95_ms"] = percentile(latencies, 95)
    return metrics


def baseline_summary(results: list[QuestionResult]) -> dict[str, float]:
    """Vanilla RAG: retrieval only, so its 'answer' is the top-5 context.

    ``accuracy`` is the generous reading, "the evidence is somewhere in the context",
    over answerable questions; it has no way to abstain or flag a conflict.
    """
    ranks = [r.baseline_rank for r in results if r.answerable]
    out = _retrieval_metrics(ranks)
    out["evidence_in_context@5"] = recall_at_k(ranks, BASELINE_K)
    out["abstention_recall"] = 0.0
    out["conflict_recall"] = 0.0
    return out
