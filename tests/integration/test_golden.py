"""The golden set through the real pipeline: a regression floor, not the target.

Floors sit just under what main achieves today; raise them as the answerer improves.
"""

from __future__ import annotations

import pytest

from evals.run_golden import load_golden, run
from ingest.pipeline import Ingestor
from reportqa.answer import Answerer
from reportqa.config import Settings
from reportqa.retrieve import HybridRetriever
from reportqa.store import ReportStore
from tests.conftest import CORPUS

FLOOR_ACCURACY = 0.55


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    settings = Settings(home=tmp_path_factory.mktemp("golden") / "store")
    store = ReportStore(settings)
    Ingestor(settings, store=store).ingest([CORPUS])
    answerer = Answerer(settings, retriever=HybridRetriever(settings, store=store))
    return run(load_golden(), answerer)


def test_no_unverified_number_in_any_answer(result):
    assert result["unverified"] == 0


def test_accuracy_does_not_regress(result):
    correct = sum(c for c, _ in result["by_kind"].values())
    total = sum(t for _, t in result["by_kind"].values())
    assert total >= 60
    assert correct / total >= FLOOR_ACCURACY, result["by_kind"]
