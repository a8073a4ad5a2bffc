"""Questions that point at a part of a report by its kind lift passages of that kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from reportqa.asked_kinds import kinds_named
from reportqa.config import Settings
from reportqa.retrieve import HybridRetriever
from reportqa.store import ReportStore


@pytest.mark.parametrize(
    ("question", "kinds"),
    [
        ("How much did Norway give, according to the partner contributions table?", {"table"}),
        ("What does the box on commercial property say about vacancies?", {"box"}),
        ("Which country received the largest allocation shown on the map?", {"figure"}),
        ("What source does footnote 12 cite?", {"footnotes"}),
        ("How much did Norway give to the fund in 2024?", set()),
    ],
)
def test_the_kind_a_question_names(question, kinds):
    assert kinds_named(question) == kinds


def _rank_of_table(tmp_path: Path, boost: float, question: str) -> int:
    shelf = tmp_path / "shelf"
    shelf.mkdir(exist_ok=True)
    prose = "\n\n".join(
        f"Partners in region {n} gave to the harbour fund in 2024 and contributions rose." * 3
        for n in range(8)
    )
    table = (
        "Table 2: Partner contributions, 2024\n\n"
        "| Partner | Amount |\n|---|---|\n| Norway | 4,678,581 |\n| Sweden | 3,399,709 |\n"
    )
    (shelf / "fund.md").write_text(f"# Fund\n\n{prose}\n\n{table}", encoding="utf-8")
    settings = Settings(home=tmp_path / f"store-{boost}", embedding={"backend": "fake"},
                        retrieval={"named_kind_boost": boost})  # fmt: skip
    Ingestor(settings, store=ReportStore(settings)).ingest([shelf])
    hits = HybridRetriever(settings).retrieve(question, k=20)
    kinds = [p.kind for p in hits]
    assert "table" in kinds
    return kinds.index("table")


def test_a_question_naming_a_table_lifts_the_table(tmp_path: Path):
    question = "How much did partners give to the fund in 2024, per the contributions table?"
    plain = _rank_of_table(tmp_path, 0.0, question)
    lifted = _rank_of_table(tmp_path, 0.5, question)
    assert plain > 0 and lifted == 0
