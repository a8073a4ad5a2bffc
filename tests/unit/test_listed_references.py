"""Works cited by their number in a report's list of references ("… each year (4).")
are named from that list when the source of a claim is asked (made-up report)."""

from __future__ import annotations

import pytest

from reportqa import lexicon
from reportqa.answering import Answerer, Lens, analyse
from reportqa.answering.answerer import cited_numbers
from reportqa.config import Settings
from reportqa.corpus_stats import CorpusStats
from reportqa.models import DocumentRecord, ScoredPassage


@pytest.fixture(autouse=True)
def no_profile():
    lexicon.use(lexicon.EMPTY)
    yield


def passage(text: str, n: int, section: str) -> ScoredPassage:
    return ScoredPassage(
        doc_id="r", chunk_id=f"r-{n}", text=text, title="Road Safety Review", publisher=None,
        date="2021-03", source="r.pdf", page=n, char_start=1000 * n,
        char_end=1000 * n + len(text), kind="prose", score=0.9, section=section,
    )  # fmt: skip


CLAIM = passage(
    "About 40 000 road deaths could be avoided each year if speed limits near schools "
    "were lowered to 30 km/h (4). Helmets cut head injuries among cyclists (2).",
    3,
    "Why speed matters",
)
REFERENCES = passage(
    "1. Road traffic injuries. Geneva: World Health Organization; 2018.\n"
    "2. Olivier J, Creighton P. Bicycle injuries and helmet use. Int J Epidemiol. 2017; "
    "46(1):278–292.\n"
    "4. Vadeby A, Forsman A. Traffic safety effects of new speed limits in Sweden. "
    "Accid Anal Prev. 2018; 114:34–39.",
    9,
    "References",
)


def ask(question: str):
    shelf = [CLAIM, REFERENCES]
    records = [DocumentRecord(doc_id="r", source="r.pdf", path="r.pdf", content_hash="r",
                              title="Road Safety Review")]  # fmt: skip
    stats = CorpusStats.build(records, shelf)

    class Shelf:
        def passages(self) -> list[ScoredPassage]:
            return shelf

    answerer = Answerer(Settings(embedding={"backend": "fake"}), retriever=Shelf())  # type: ignore[arg-type]
    lens = Lens(analyse(question), stats, stats.hints(question))
    return answerer._answer(question, [CLAIM], lens)


def test_the_study_a_claim_relies_on_is_read_from_the_list_of_references():
    result = ask("Which study does the review rely on for its estimate of road deaths avoided?")
    assert result.status == "answered"
    assert "Vadeby A, Forsman A" in result.answer
    assert "Olivier" not in result.answer  # another sentence's work
    quotes = [c.quote for c in result.citations if not c.related]
    assert any(q.startswith("4. Vadeby") for q in quotes)  # the entry is cited where it is


def test_numbers_cited_in_brackets_are_works_not_years_or_amounts():
    assert cited_numbers("… each year (11).") == {11}
    assert cited_numbers("as shown before [4, 7] and (9–11)") == {4, 7, 9, 10, 11}
    assert cited_numbers("in 2014 (2014) it fell (to 5 g)") == set()
