"""The passages next to a passage in its report: what the answerer reads around a quote."""

from __future__ import annotations

from pathlib import Path

from ingest.pipeline import Ingestor
from reportqa.config import Settings
from reportqa.retrieve import HybridRetriever
from reportqa.store import ReportStore


def test_neighbours_are_the_passages_before_and_after_in_the_same_report(tmp_path: Path):
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    paragraphs = [
        f"Paragraph {n} of the harbour report speaks of berth {n}. " * 12 for n in range(6)
    ]
    (shelf / "harbour.txt").write_text("\n\n".join(paragraphs), encoding="utf-8")
    (shelf / "other.txt").write_text("A different report on rail freight. " * 40, encoding="utf-8")
    settings = Settings(home=tmp_path / "store", embedding={"backend": "fake"},
                        chunking={"size": 400, "overlap": 0})  # fmt: skip
    Ingestor(settings, store=ReportStore(settings)).ingest([shelf])
    retriever = HybridRetriever(settings)
    harbour = sorted(
        (p for p in retriever.passages() if p.source.endswith("harbour.txt")),
        key=lambda p: p.char_start,
    )
    assert len(harbour) >= 3
    before, after = retriever.neighbours(harbour[1].chunk_id)
    assert before is not None and before.chunk_id == harbour[0].chunk_id
    assert after is not None and after.chunk_id == harbour[2].chunk_id
    assert retriever.neighbours(harbour[0].chunk_id)[0] is None
    assert retriever.neighbours(harbour[-1].chunk_id)[1] is None
    assert retriever.neighbours("no-such-chunk") == (None, None)
