"""A table's caption, retrieved, brings its table (reportqa.answering.captions). Text
from a health service's report."""

from __future__ import annotations

import pytest

from reportqa.answering.captions import caption_key, with_captioned_tables
from reportqa.models import Passage, with_score

pytestmark = pytest.mark.unit


def _passage(n: int, text: str, kind: str = "prose", section: str | None = None) -> Passage:
    return Passage(
        doc_id="clinics", chunk_id=f"clinics-{n}", text=text, title="Clinic Access Review",
        source="clinics.pdf", page=4, char_start=100 * n, char_end=100 * n + len(text),
        kind=kind, section=section,
    )  # fmt: skip


CAPTION = "Table 2. Median waiting time by clinic, 2023 (days)"
ROWS = _passage(2, "Northgate\t18\nRiverside\t34\nHillcrest\t12\nOakfield\t25", "table", CAPTION)
OTHER = _passage(3, "Northgate\t4\nRiverside\t6", "table", "Table 3. Staff vacancies by clinic")


def test_a_retrieved_caption_brings_its_table_and_only_its_own():
    caption = with_score(_passage(1, CAPTION), 0.8)
    got = with_captioned_tables([caption], lambda: [caption, ROWS, OTHER], discount=0.9)
    assert [p.chunk_id for p in got] == ["clinics-1", "clinics-2"]
    assert got[1].score == pytest.approx(0.72)
    # a table already retrieved is not read twice
    again = with_captioned_tables([caption, with_score(ROWS, 0.5)], lambda: [ROWS, OTHER], 0.9)
    assert [p.chunk_id for p in again] == ["clinics-1", "clinics-2"]


def test_only_a_caption_in_the_form_of_print_is_followed():
    assert caption_key("Table B-1: Effective tax rates") is not None
    assert caption_key("Median waiting time by clinic") is None  # a heading, no caption
    heading = with_score(_passage(1, "Median waiting time by clinic, 2023 (days)"), 0.8)
    unread = []
    assert with_captioned_tables([heading], lambda: unread.append(1) or [ROWS], 0.9) == [heading]
    assert not unread  # no caption retrieved: the shelf is not read
