"""The answerer's judgements on small hand-made corpora: which figure answers, when two
figures disagree, and when the reports do not answer at all (no store, no model)."""

from __future__ import annotations

import pytest

from reportqa.answering import Answerer, Lens, analyse
from reportqa.config import Settings
from reportqa.corpus_stats import CorpusStats
from reportqa.models import Answer, DocumentRecord, ScoredPassage
from tests.unit.test_answer import passage

# These rules read the seed shelf's field profile (stages, actors, materials).
pytestmark = pytest.mark.usefixtures("corpus_profile")

TABLE = (
    "Table 1: Mine Production and Reserves by Country (in tonnes)\n"
    "Country\tMine Production (2023)\tMine Production (2024)\tReserves (2024)\n"
    "China\t255,000\t270,000\t44,000,000\n"
    "Australia\t16,000\t13,000\t5,700,000\n"
    "Madagascar\t7,200\t2,000\tNA"
)
QUOTAS = (
    "Table 4: Mining Quotas, 2023-25\n"
    "Year\tMining Quota (t REO)\tNotes\n"
    "2023\t255,000\tThree batches\n"
    "2024\t270,000\tTwo batches\n"
    "2025\tNot publicly released\tIssued internally"
)


def ask(question: str, passages: list[ScoredPassage], records=None) -> Answer:
    """The answerer with corpus statistics built from exactly these passages."""
    records = records or [
        DocumentRecord(doc_id=p.doc_id, source=p.source, path=p.source, content_hash=p.doc_id)
        for p in passages
    ]
    stats = CorpusStats.build(records, passages)
    answerer = Answerer(Settings(embedding={"backend": "fake"}), retriever=object())  # type: ignore[arg-type]
    return answerer._answer(
        question, passages, Lens(analyse(question), stats, stats.hints(question))
    )


def table(doc: str, text: str) -> ScoredPassage:
    return passage(doc, text, "Alpha", "2025-07", kind="table")


def test_a_table_cell_is_read_by_its_row_and_column():
    result = ask("What was Australia's rare earth mine production in 2024?", [table("a", TABLE)])
    assert result.status == "answered"
    assert (
        "Country: Australia" in result.answer and "Mine Production (2024): 13,000" in result.answer
    )
    assert all(c.verified for c in result.claims)


def test_a_country_no_report_names_is_not_answered_with_another_country():
    result = ask("What was Canada's rare earth mine production in 2024?", [table("a", TABLE)])
    assert result.status == "abstained"
    assert "canada" in result.answer.lower()


def test_other_rows_of_a_table_are_not_a_conflict():
    result = ask("What was Madagascar's rare earth mine production in 2023?", [table("a", TABLE)])
    assert result.status == "answered"
    assert "7,200" in result.answer


def test_a_year_row_without_a_figure_is_the_answer_not_another_years_figure():
    result = ask("What was China's rare earth mining quota for 2025?", [table("q", QUOTAS)])
    assert result.status == "answered"
    assert "Not publicly released" in result.answer
    assert "270,000" not in result.answer


def test_a_figure_of_another_stage_does_not_answer():
    p = passage(
        "a",
        "Up to 50,000 tonnes of sintered NdFeB magnet capacity is planned in the US by 2030. "
        "The capacity would be much higher than current US imports of around 3,000 tonnes.",
        "Alpha",
        "2026-06",
    )
    result = ask("What rare earth refining capacity target has the US set for 2030?", [p])
    assert result.status == "abstained"


def test_a_stockpile_is_not_mine_production_or_reserves():
    """The only stage the sentence names is the figure's, however far from it."""
    stock = passage(
        "a",
        "Stockpiles held by Canada were estimated at 187,000 tonnes at the end of 2024.",
        "Alpha",
        "2025-07",
    )
    for question in (
        "What was Canada's rare earth mine production in 2024?",
        "What are Canada's rare earth reserves?",
    ):
        assert ask(question, [stock]).status == "abstained", question
    answered = ask("How large were Canada's rare earth stockpiles at the end of 2024?", [stock])
    assert answered.status == "answered" and "187,000 tonnes" in answered.answer


def test_a_sentence_on_another_material_does_not_answer():
    lithium = passage(
        "a",
        "In 2021, Chile accounted for 89% of global lithium recycling capacity.",
        "Alpha",
        "2025-07",
    )
    question = "What share of global rare earth recycling capacity is located in Chile?"
    assert ask(question, [lithium]).status == "abstained"
    assert ask(question.replace("rare earth", "lithium"), [lithium]).status == "answered"
    # an element of the group answers for the group: dysprosium is a rare earth
    dysprosium = passage(
        "b", "In 2021, Chile held 12% of global dysprosium recycling capacity.", "Beta", "2025-07"
    )
    assert ask(question, [dysprosium]).status == "answered"


def test_materials_named_in_text() -> None:
    from reportqa.answering import materials_in

    assert materials_in("Rare-earth and REE exports") == {"rare earths"}
    assert materials_in("samarium-cobalt magnets") == {"samarium", "rare earths", "cobalt"}
    assert materials_in("aluminum, iron ore and NdFeB") == {"aluminium", "iron ore", "rare earths"}
    assert materials_in("Martin's tinkering with a copperplate hand") == frozenset()


def test_text_and_table_of_one_report_can_disagree():
    text = passage(
        "r",
        "In 2026, JOGMEC invested €110 million into France's Caremag to secure heavy rare earths.",
        "Beta",
        "2026-06",
    )
    rows = table(
        "r",
        "Table 5: JOGMEC Investments\nYear\tProject\tLocation\tAmount\n"
        "2025\tCaremag\tFrance\tUp to €110 m",
    ).model_copy(update={"chunk_id": "r-2"})
    result = ask("In which year did JOGMEC invest in France's Caremag project?", [rows, text])
    assert result.status == "conflict"
    assert {v.value for v in result.conflicts[0].values} == {"2025", "2026"}


def test_one_reports_figures_near_the_question_are_no_disagreement():
    total = passage("r", "Between 2012 and 2021, 230 922 cases of measles were reported in "
                    "the 30 member countries.", "Measles review", "2023-10")  # fmt: skip
    year = passage("r", "In 2021, 25 270 confirmed cases of measles were reported in the "
                   "member countries.", "Measles review", "2023-10")  # fmt: skip
    year = year.model_copy(update={"chunk_id": "r-2"})
    result = ask("How many measles cases were reported in the member countries over "
                 "2012-2021 in total?", [total, year])  # fmt: skip
    # a total over the years and one year's count: two quantities of one report
    assert result.status == "answered", result.answer
    assert "230 922" in result.answer


def test_a_year_conflict_is_anchored_on_the_figures_of_the_question():
    a = passage(
        "a", "In 2024, China's mine production was 270,000 tonnes of 390,000 tonnes.", "A", "2025"
    )
    b = passage(
        "b", "In 2025, it produced about 270,000 tonnes out of about 390,000 tonnes.", "B", "2026"
    )
    result = ask("In which year did China mine 270,000 tonnes out of 390,000 tonnes?", [a, b])
    assert result.status == "conflict"
    assert "2024" in result.answer and "2025" in result.answer


def test_a_list_sentence_is_quoted_with_its_enumeration():
    p = passage(
        "a",
        "Beijing introduced export controls on seven medium and heavy rare earth elements. "
        "These were samarium, gadolinium, terbium, dysprosium, lutetium, scandium and yttrium.",
        "Beta",
        "2026-06",
    )
    result = ask("Which seven rare earth elements did the export controls cover?", [p])
    assert "samarium" in result.answer and "yttrium" in result.answer
    assert result.citations[0].quote in p.text


def test_a_report_named_by_its_publisher_is_the_one_answering():
    a = passage(
        "a", "China accounted for 69% of global mine production in 2025.", "Andaman", "2026"
    )
    b = passage("b", "China accounted for 63% of global mine production in 2025.", "Other", "2025")
    records = [
        DocumentRecord(doc_id="a", source="a.txt", path="a", content_hash="1", publisher="Andaman"),
        DocumentRecord(doc_id="b", source="b.txt", path="b", content_hash="2", publisher="Other"),
    ]
    result = ask(
        "According to Andaman, what share of mine production did China have in 2025?",
        [a, b],
        records,
    )
    assert result.status == "answered"
    assert "69%" in result.answer and "63%" not in result.answer


def test_what_a_question_asks_for():
    assert analyse("Which major producer increased mine output in 2025?").intent == "text"
    assert analyse("What was Canada's mine production in 2024?").unit == "t"
    assert analyse("In which year did JOGMEC invest in Caremag?").intent == "year"
    assert analyse("On what date were the curbs first imposed?").intent == "date"
    assert analyse("What is the crustal abundance in parts per million?").unit == "ppm"
    assert analyse("What levy did the army impose on concentrates?").unit == "%"


CLINICS = (
    "Table 3: Clinics by district, 2024\n"
    "District\tClinics\tBeds\n"
    "Kisoro\t41\t880\n"
    "Mbale\t37\t1,204\n"
    "Lira\tNA\tNA"
)


def test_the_row_of_the_district_asked_answers_not_a_row_above_it():
    result = ask("How many clinics did Mbale district have in 2024?", [table("c", CLINICS)])
    assert result.status == "answered"
    assert "37" in result.answer and "41" not in result.answer


def test_a_row_of_the_district_asked_without_a_figure_is_no_answer():
    """The table labels a row with the district asked and gives it no figure: the report
    does not answer, whatever another district's row says."""
    result = ask("How many clinics did Lira district have in 2024?", [table("c", CLINICS)])
    assert result.status == "abstained"
    assert "no figure for: Lira" in result.answer


def _bay_report(*texts: str) -> list[ScoredPassage]:
    """Passages of one report, one after another."""
    out = []
    for k, text in enumerate(texts):
        p = passage("b", text, "Bay Agency", "2012-12")
        out.append(p.model_copy(update={"chunk_id": f"b-{k}", "char_start": 1000 * k}))
    return out


def test_a_word_carrying_the_question_said_only_elsewhere_in_the_report_is_no_answer():
    """The report speaks of phosphorus in passages of its own, but not where it gives a
    load: its nitrogen load does not answer for phosphorus, though every other word of
    the question fits."""
    loads, *rest = _bay_report(
        "Over 825,000 kg of nitrogen is estimated to be delivered to the bay each year.",
        "Phosphorus limits freshwater lakes upstream, which this study did not model.",
        "The bay was sampled at twelve stations in the estimated study area.",
        "Eelgrass beds in the bay have thinned since the last survey of the estuary.",
        "Phosphorus from septic systems is a concern for the ponds of the watershed.",
    )
    result = ask("What is the estimated annual phosphorus load to the bay?", [loads, *rest])
    assert result.status == "abstained"
    assert "phosphorus" in result.answer


def test_a_body_the_question_names_by_its_initials_need_not_be_said_again():
    """ "The EPA" names who wrote the report: the sentence of the figure need not say so,
    though the other words of the question are common in the report and the body's
    name carries much of its weight."""
    passages = _bay_report(
        "Over 825,000 kg of nitrogen is estimated to be delivered to the bay each year.",
        "This study was prepared by the EPA regional office.",
        "Nitrogen reaching the bay was estimated from river flows.",
        "The bay receives nitrogen estimated from twelve rivers.",
    )
    result = ask("How much nitrogen does the EPA estimate for the bay?", passages)
    assert result.status == "answered"
    assert "825,000 kg" in result.answer
