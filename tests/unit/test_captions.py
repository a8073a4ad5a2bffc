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


def _licences(n: int, text: str, kind: str = "table", page: int = 9, section=None) -> Passage:
    return Passage(
        doc_id="port", chunk_id=f"port-{n}", text=text, title="Port Licensing Annual Review",
        source="port.pdf", page=page, char_start=100 * n, char_end=100 * n + len(text),
        kind=kind, section=section or "Licensing",
    )  # fmt: skip


REFERS = _licences(1, "As shown in Table 4, the authority closed about 120 complaint cases in "
                   "2023.", "prose", 8)  # fmt: skip
TABLE_4 = _licences(2, "Table 4\nLicence investigations\tOpen\tClosed\nVessel licence renewal"
                    "\t31\t406\nNew berth licence\t12\t95")  # fmt: skip
TABLE_4_ROWS = _licences(3, "Crew permit review\t8\t77\nDredging permit\t2\t19", page=10,
                         section="Complaints")  # fmt: skip
AFTER = _licences(4, "The authority also inspected 57 vessels.", "prose", 10)
TABLE_14 = _licences(5, "Table 14\nVessel licence renewal\t5\t50")


def test_a_pointed_table_is_known_by_its_number_and_read_over_its_passages():
    from reportqa.answering.captions import pointed_tables, tables_pointed_at

    assert pointed_tables("Per Table 4, how many renewals were closed?") == {"4"}
    assert pointed_tables("In Table A-3 of the review, what …?") == {"a3"}
    assert pointed_tables("How many renewals were closed?") == set()
    shelf = [TABLE_14, AFTER, TABLE_4_ROWS, TABLE_4, REFERS]
    got = tables_pointed_at(shelf, {"4"}, {"port"})
    # its rows on the next page come with it; prose, and Table 14, do not
    assert [p.chunk_id for p in got] == ["port-2", "port-3"]
    assert tables_pointed_at(shelf, {"4"}, {"another"}) == []
    assert [p.chunk_id for p in tables_pointed_at(shelf, {"14"}, {"port"})] == ["port-5"]


def test_the_answer_comes_from_the_pointed_table_not_the_prose_that_cites_it():
    from reportqa.answering import Answerer
    from reportqa.config import Settings
    from reportqa.corpus_stats import CorpusStats
    from reportqa.models import DocumentRecord

    shelf = [REFERS, TABLE_4, TABLE_4_ROWS, AFTER]
    record = DocumentRecord(doc_id="port", source="port.pdf", path="port.pdf",
                            content_hash="port", title="Port Licensing Annual Review")  # fmt: skip

    class Retriever:  # retrieval finds the prose that cites the table, not the table
        def corpus_stats(self):
            return CorpusStats.build([record], shelf)

        def retrieve(self, question, k=None, filters=None):
            return [with_score(REFERS, 0.9), with_score(AFTER, 0.5)]

        def passages(self):
            return shelf

    answerer = Answerer(Settings(embedding={"backend": "fake"}), retriever=Retriever())  # type: ignore[arg-type]
    asked = "According to Table 4, how many vessel licence renewal investigations were closed?"
    result = answerer.ask(asked)
    assert result.status == "answered" and "406" in result.answer, result.answer
    assert "120" not in result.answer
    # without the pointer, only the passages retrieved are read
    unpointed = answerer.ask("How many vessel licence renewal investigations were closed?")
    assert "406" not in unpointed.answer
