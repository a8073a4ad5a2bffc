"""The answerer's general rules on reports of other fields, with no field profile: what a
question asks comes from its form and the shelf's statistics only."""

from __future__ import annotations

import pytest

from reportqa import lexicon
from reportqa.answering import Answerer, Lens, analyse
from reportqa.answering.candidates import candidates_of
from reportqa.answering.quantity_identity import speaks_of_the_whole
from reportqa.answering.question import asks_for_several_values
from reportqa.answering.scoring import content_score, features, weighted
from reportqa.config import ScoreWeights, Settings
from reportqa.corpus_stats import CorpusStats
from reportqa.models import Answer, DocumentRecord, ScoredPassage


@pytest.fixture(autouse=True)
def no_profile():
    lexicon.use(lexicon.EMPTY)
    yield


def passage(doc: str, text: str, n: int = 1, kind: str = "prose", title: str = "Health Review",
            score: float = 0.9) -> ScoredPassage:  # fmt: skip
    return ScoredPassage(
        doc_id=doc, chunk_id=f"{doc}-{n}", text=text, title=title, publisher=None,
        date="2023-05", source=f"{doc}.pdf", page=n, char_start=1000 * n,
        char_end=1000 * n + len(text), kind=kind, score=score,
    )  # fmt: skip


def _stats_of(*passages: ScoredPassage) -> CorpusStats:
    """The statistics of a shelf of these passages, one report per document id."""
    records = [
        DocumentRecord(doc_id=p.doc_id, source=f"{p.doc_id}.pdf", path=f"{p.doc_id}.pdf",
                       content_hash=p.doc_id, title=p.title)
        for p in passages
    ]  # fmt: skip
    return CorpusStats.build(records, list(passages))


def ask(
    question: str,
    passages: list[ScoredPassage],
    shelf: list[ScoredPassage] | None = None,
    **answer_settings,
) -> Answer:
    """The answer from the retrieved ``passages``, read with the statistics of the
    ``shelf`` (the whole reports; the passages themselves when not given)."""
    shelf = shelf or passages
    records = [
        DocumentRecord(doc_id=d, source=f"{d}.pdf", path=f"{d}.pdf", content_hash=d,
                       title=next(p.title for p in shelf if p.doc_id == d))
        for d in dict.fromkeys(p.doc_id for p in shelf)
    ]  # fmt: skip
    stats = CorpusStats.build(records, shelf)

    class Shelf:
        def passages(self) -> list[ScoredPassage]:
            return shelf

    settings = Settings(embedding={"backend": "fake"}, answer=answer_settings)
    answerer = Answerer(settings, retriever=Shelf())  # type: ignore[arg-type]
    return answerer._answer(
        question, passages, Lens(analyse(question), stats, stats.hints(question))
    )


WARDS = passage(
    "h",
    "Hospital admissions in Liberia fell by 12% in 2022. Staff shortages were reported in "
    "every county. The ministry opened 14 new clinics in 2021.",
)


def test_a_country_in_the_question_is_a_term_without_a_profile():
    result = ask("By how much did hospital admissions in Liberia fall in 2022?", [WARDS])
    assert result.status == "answered" and "12%" in result.answer


def test_a_footnote_answers_when_it_alone_holds_the_figure():
    body = passage("h", "Prisons remained overcrowded, at 269% of capacity.⁹", n=1)
    notes = passage(
        "h", "9. Pre-trial detainees made up 73 per cent of the prison population in 2021.",
        n=2, kind="footnotes",
    )  # fmt: skip
    result = ask("What share of the prison population were pre-trial detainees in 2021?",
                 [body, notes])  # fmt: skip
    assert result.status == "answered"
    assert "73 per cent" in result.answer
    assert result.citations[0].page == 2


def test_years_of_other_events_in_one_report_are_no_conflict():
    p = passage(
        "e",
        "The indicator system was initiated in 2002 to track progress in efficiency. "
        "Because it has been nearly 20 years since then, the 2020 meeting reviewed the data.",
    )
    result = ask("In what year was the indicator system initiated?", [p])
    assert result.status == "answered"
    assert "2002" in result.answer and result.conflicts == []


def test_words_quoting_a_reports_title_do_not_pick_the_sentence():
    title = "World Health Outlook Update"
    p = passage(
        "w",
        "The previous World Health Outlook Update put spending at 6.1 percent in 2023. "
        "Global health spending is projected to rise to 9.8 percent of output in 2023.",
        title=title,
    )
    # another report uses the title's words too, so they do not single the report out
    other = passage("x", "The world health outlook of clinics worsened with every update.",
                    title="Clinic Survey")  # fmt: skip
    result = ask(f"What health spending does the {title} project for 2023?", [p, other])
    assert result.status == "answered"
    assert "9.8 percent" in result.answer and "6.1" not in result.answer


def test_a_where_question_about_funding_asks_for_a_place_not_a_figure():
    p = passage(
        "u",
        "We encourage partners to visit the Transparency Portal for real-time information on "
        "spending in each country. The fund mobilized US$10.9 million in 2024.",
    )
    result = ask("Where can partners find real-time information on spending?", [p])
    assert result.status == "answered" and "Transparency Portal" in result.answer


def test_k_given_by_the_asker_is_honoured():
    settings = Settings(embedding={"backend": "fake"}, answer={"k": 12})
    seen: list[int] = []

    class Retriever:
        def corpus_stats(self):
            return CorpusStats.build([], [])

        def retrieve(self, question, k=None, filters=None):
            seen.append(k)
            return [WARDS]

    Answerer(settings, retriever=Retriever()).ask("Did admissions fall?", k=3)  # type: ignore[arg-type]
    Answerer(settings, retriever=Retriever()).ask("Did admissions fall?")  # type: ignore[arg-type]
    assert seen == [3, 12]


def test_a_share_of_another_thing_does_not_answer_a_rate():
    p = passage(
        "i",
        "About 84 percent of countries are expected to have lower inflation in 2023. "
        "Global inflation is expected to fall to 6.6 percent in 2023.",
    )
    result = ask("What rate of global inflation is expected in 2023?", [p])
    assert "6.6 percent" in result.answer and "84 percent" not in result.answer


def test_a_weight_of_another_thing_does_not_answer_grams_of_the_asked_one():
    p = passage(
        "n",
        "Eating at least 300 g, or four servings, of pulses a week lowers the risk of anaemia, "
        "and helps ensure an adequate intake of iron.",
    )
    asked = "How many grams of iron per day does the guide recommend for adults?"
    assert ask(asked, [p]).status == "abstained"
    pulses = "How many grams of pulses a week does the guide recommend?"
    assert "300 g" in ask(pulses, [p]).answer


def test_a_titles_initials_name_the_report():
    from reportqa.corpus_stats import CorpusStats

    record = DocumentRecord(doc_id="w", source="w.pdf", path="w.pdf", content_hash="w",
                            title="World Economic Outlook Update")  # fmt: skip
    stats = CorpusStats.build([record], [passage("w", "Growth slowed.", title=record.title)])
    terms = analyse("What does the WEO Update expect for inflation?").terms
    assert stats.title_runs(terms) == {"weo", "updat"}


PROJECTIONS = (
    "Table 1. Overview of the Projections (Percent change)\n"
    "\t\tEstimate\tProjections\tProjections\n"
    "\t2021\t2022\t2023\t2024\n"
    "World Output\t6.2\t3.4\t2.9\t3.1\n"
    "Germany\t2.6\t1.9\t0.1\t1.4\n"
    "Russia\t4.7\t–2.2\t0.3\t2.1"
)


def test_a_table_row_is_told_with_its_headers_and_the_captions_unit():
    table = passage("t", PROJECTIONS, kind="table")
    result = ask("What growth is projected for Germany in 2023?", [table])
    assert result.status == "answered"
    assert "Germany" in result.answer and "Projections 2023: 0.1%" in result.answer
    assert all(claim.verified for claim in result.claims)
    assert result.citations[0].quote == "Germany\t2.6\t1.9\t0.1\t1.4"


def test_a_date_in_the_title_dates_the_report(tmp_path):
    from ingest.metadata import report_metadata

    path = tmp_path / "r.txt"
    path.write_text("x")
    meta = report_metadata(path, "As the October 2022 Outlook said, growth slowed.",
                           "World Outlook Update, January 2023: Growth Slows")  # fmt: skip
    assert meta["date"] == "2023-01"


GRANTS = (
    "Largest research grants awarded, 2023\n"
    "Funder\t\tAmount (US$)\n"
    "Wellcome Trust\t\t4,250,000\n"
    "Public Norway\t\t910,500\n"
    "\tGrand Total\t5,160,500"
)


def test_a_tables_currency_header_gives_its_bare_cells_that_currency():
    table = passage("g", GRANTS, kind="table")
    result = ask("How much did Norway award in 2023?", [table])
    assert result.status == "answered"
    assert "US$910,500" in result.answer
    assert [(c.value, c.unit, c.verified) for c in result.claims] == [(910_500, "USD", True)]


def test_a_header_scale_multiplies_bare_amounts():
    from reportqa.answering.candidates import row_quantities

    (q,) = row_quantities("Clinics\t12.5", "Spending by programme (USD million)")
    assert (q.value, q.unit) == (12.5e6, "USD")


def test_a_shortened_name_in_a_table_keeps_its_telling_word():
    prose = passage("g", "The Government of Norway and the Wellcome Trust funded the study.", n=1)
    table = passage("g", GRANTS, n=2, kind="table")
    # as in any report, "government" is a commoner word than the country's name
    budget = passage("g", "The government budget office and two government agencies helped.", n=4)
    result = ask(
        "How much did the Government of Norway award in 2023?",
        [prose, table],
        [prose, table, budget],
    )
    assert result.status == "answered" and "910,500" in result.answer
    # a name the report never writes in full is still missing
    other = passage("h", GRANTS.replace("2023", "2022"), n=3, kind="table")
    result = ask("How much did the Government of Norway award in 2022?", [other])
    assert result.status == "abstained"


def _ask_with_shelf(question: str, retrieved: list[ScoredPassage], shelf: list[ScoredPassage]):
    """Like ask(), with a retriever that holds the whole report (its later passages)."""
    records = [DocumentRecord(doc_id="s", source="s.pdf", path="s.pdf", content_hash="s",
                              title="Health Review")]  # fmt: skip
    stats = CorpusStats.build(records, shelf)

    class Shelf:
        def passages(self):
            return shelf

    answerer = Answerer(Settings(embedding={"backend": "fake"}), retriever=Shelf())  # type: ignore[arg-type]
    return answerer._answer(
        question, retrieved, Lens(analyse(question), stats, stats.hints(question))
    )


def test_a_sentence_announcing_a_list_brings_the_items_under_it():
    lead = passage(
        "s",
        "Clinics were surveyed on staffing. Three causes of missed vaccinations were "
        "identified by the inspectors, as follows:",
        n=1,
    )
    items = [
        passage("s", text, n=n)
        for n, text in enumerate(
            ["• distance to the nearest clinic", "• cost of transport",
             "• lack of reminders", "The survey then turned to staffing."],
            start=2,
        )
    ]  # fmt: skip
    for p in items:  # the next passages of the same report and section
        p.section = lead.section
    result = _ask_with_shelf(
        "Which causes of missed vaccinations did the inspectors identify?", [lead], [lead, *items]
    )
    assert result.status == "answered"
    for item in ("distance", "transport", "reminders"):
        assert item in result.answer
    assert "turned to staffing" not in result.answer
    assert len(result.citations) == 4


def test_list_items_inside_the_passage_are_quoted_too():
    p = passage("s", "Two risks were named by the auditors:\n• fraud in procurement\n"
                "• delays in payment")  # fmt: skip
    result = _ask_with_shelf("Which risks did the auditors name?", [p], [p])
    assert "fraud in procurement" in result.answer and "delays in payment" in result.answer


def test_by_how_much_a_price_falls_may_be_answered_in_per_cent():
    p = passage(
        "m",
        "The average wholesale price of insulin is $31.50 a vial in 2024. "
        "Generic drug prices are expected to fall by, on average, 4.2 percent in 2024.",
    )
    result = ask("By how much are generic drug prices expected to fall on average in 2024?", [p])
    assert result.status == "answered"
    assert "4.2 percent" in result.answer and "$31.50" not in result.answer


def test_a_price_asked_as_such_still_wants_money():
    assert analyse("What is the average price of a vial of insulin?").unit == "money"
    assert analyse("By how much did the price of insulin rise?").unit == "money|%"


def test_a_figures_year_is_the_one_written_next_to_it():
    from reportqa.answering.figures import prose_years
    from reportqa.numbers import find_quantities

    text = ("Hospital-acquired infections are expected to fall from 8.8 percent in 2022 to "
            "6.6 percent in 2023 and 4.3 percent in 2024, above the (2017–19) average of "
            "3.5 percent.")  # fmt: skip
    figures = find_quantities(text)
    assert [(q.value, prose_years(text, q, figures)) for q in figures] == [
        (8.8, [2022]), (6.6, [2023]), (4.3, [2024]), (3.5, [2017, 2019])
    ]  # fmt: skip
    text = "In 2023, vaccine prices are projected to fall by about 16 percent."
    (q,) = find_quantities(text)
    assert prose_years(text, q, [q]) == [2023]
    # the same sum in brackets after it does not cut it off from its year
    text = ("Grants for clinics rose from 14 percent of the 2000 budget to 57 percent "
            "($52 million) of the 2006 budget.")  # fmt: skip
    figures = find_quantities(text)
    assert [(q.value, prose_years(text, q, figures)) for q in figures] == [
        (14, [2000]), (57, [2006]), (52e6, [2006])
    ]  # fmt: skip


def test_a_figure_for_another_year_of_the_same_sentence_is_no_rival():
    p = passage(
        "h",
        "Hospital-acquired infection rates are expected to fall from 8.8 percent in 2022 to "
        "6.6 percent in 2023 and 4.3 percent in 2024. Hospital-acquired infection rates are "
        "expected to reach 6.6 percent in 2023.",
    )
    result = ask("What hospital-acquired infection rate is expected for 2023?", [p])
    assert result.status == "answered" and result.conflicts == []
    assert "6.6 percent" in result.answer


def test_a_figure_in_a_clause_about_another_thing_is_not_the_answer_nor_a_rival():
    p = passage(
        "h",
        "In 2023, drug prices are projected to fall by about 16 percent, while hospital "
        "admissions are expected to rise by 2.1 percent. Global hospital readmission rates "
        "are expected to reach 6.6 percent in 2023.",
    )
    result = ask("What global rate of hospital readmission is expected in 2023?", [p])
    assert result.status == "answered" and result.conflicts == []
    assert "6.6 percent" in result.answer and "16 percent" not in result.answer


def test_a_quarters_figure_is_not_the_years_figure():
    p = passage(
        "h",
        "Core waiting times are expected to decline from 6.9 weeks in the fourth quarter of "
        "2022 to 4.5 weeks by the fourth quarter of 2023. Waiting times are expected to "
        "average 5.2 weeks in 2023.",
    )
    result = ask("How long are waiting times expected to be in 2023?", [p])
    assert result.status == "answered" and result.conflicts == []
    assert "5.2 weeks" in result.answer and "4.5" not in result.answer


def test_a_title_word_the_question_asks_about_is_not_dropped_as_naming_the_report():
    title = "Hospital Outlook Update, May 2023: Readmissions Rising"
    record = DocumentRecord(doc_id="o", source="o.pdf", path="o.pdf", content_hash="o",
                            title=title, date="2023-05")  # fmt: skip
    p = passage("o", "Readmissions rose in every region.", title=title)
    # another report speaks of readmissions too: the word names no report
    other = DocumentRecord(doc_id="x", source="x.pdf", path="x.pdf", content_hash="x",
                           title="Clinic Survey")  # fmt: skip
    q = passage("x", "Readmissions fell where clinics opened.", title="Clinic Survey")
    stats = CorpusStats.build([record, other], [p, q])
    question = "What readmission rate does the May 2023 Hospital Outlook Update expect?"
    lens = Lens(analyse(question), stats, stats.hints(question))
    assert "readmiss" in lens.key_terms and "updat" not in lens.key_terms


def test_a_figure_whose_subject_is_another_thing_is_no_rival():
    p = passage(
        "h",
        "Global measles incidence is expected to fall from 8.8 percent in 2022 to 6.6 percent "
        "in 2023. Following the path of global measles incidence, world vaccine shipments are "
        "expected to decline to 2.4 percent in 2023.",
    )
    result = ask("What global measles incidence rate is expected for 2023?", [p])
    assert result.status == "answered" and result.conflicts == []
    assert "6.6 percent" in result.answer and "2.4 percent" not in result.answer


def _notes_shelf(body_text: str, note_text: str, n: int = 4):
    from reportqa.models import Footnote

    body = passage("n", body_text, n=1)
    body.footnotes = [Footnote(n=n, text=note_text)]
    notes = passage("n", f"{n}. {note_text}", n=2, kind="footnotes")
    return body, notes


def test_a_sentences_footnote_is_quoted_when_it_says_what_is_asked():
    body, notes = _notes_shelf(
        "A first review of clinic hygiene was carried out by an expert panel in 2015.⁴",
        "The findings of this review are documented in the Larkin Institute report.",
    )
    result = _ask_with_shelf(
        "Whose report documented the findings of the 2015 review of clinic hygiene?",
        [body], [body, notes],
    )  # fmt: skip
    assert result.status == "answered" and "Larkin Institute" in result.answer
    assert [c.page for c in result.citations] == [1, 2]


def test_a_footnote_giving_the_figures_a_sentence_sums_up_is_quoted_with_it():
    body, notes = _notes_shelf(
        "Clinics run by the district were, on average, about 12 beds larger than those run "
        "by charities.⁴",
        "On average, clinics run by the district had 40 beds, while those run by "
        "charities had 28 beds.",
    )
    result = _ask_with_shelf(
        "How many beds did clinics run by the district have on average, versus clinics "
        "run by charities?",
        [body], [body, notes],
    )  # fmt: skip
    assert "40 beds" in result.answer and "28 beds" in result.answer
    assert [c.page for c in result.citations if not c.related] == [1, 2]


def test_a_question_in_a_report_is_answered_by_its_note():
    body, notes = _notes_shelf(
        "• Should home visits count as outpatient care? The current rule counts them.⁴",
        "This topic was deferred to the next meeting for lack of time.",
    )
    result = _ask_with_shelf(
        "What happened to the question of counting home visits as outpatient care?",
        [body], [body, notes],
    )  # fmt: skip
    assert "deferred to the next meeting" in result.answer


def test_a_name_in_a_passages_footnote_is_spoken_of_by_the_passage():
    body, notes = _notes_shelf(
        "Grants to district clinics by donor, 2024⁴",
        "The grants relate to the Health Sector Plan 2021–2025.",
    )
    result = _ask_with_shelf(
        "Which Health Sector Plan period do the 2024 grants to district clinics relate to?",
        [body], [body, notes],
    )  # fmt: skip
    assert result.status == "answered" and "2021–2025" in result.answer


def test_a_question_for_a_period_is_not_a_money_question():
    frame = analyse("What plan period do the funding contributions relate to?")
    assert frame.unit is None and frame.intent == "text"


def test_the_whole_kinds_figure_does_not_answer_for_one_item():
    p = passage(
        "e",
        "Preliminary results imply that water use in all districts has declined by 18% since "
        "2005. Rural clinics reported more staff.",
    )
    result = ask("By what percentage did water use in the northern district fall since 2005?", [p])
    assert result.status == "abstained"
    result = ask("By what percentage did water use fall since 2005?", [p])
    assert result.status == "answered" and "18%" in result.answer


def test_since_what_year_is_answered_by_a_since_not_by_a_plans_period():
    p = passage(
        "p",
        "Since 2017, the Hartley Foundation has been a steadfast partner of the vaccine fund. "
        "As the agency advances its Health Plan, 2022–2025, the Hartley Foundation has "
        "supported the vaccine fund with more staff.",
    )
    result = ask("Since what year has the Hartley Foundation supported the vaccine fund?", [p])
    assert result.status == "answered" and result.conflicts == []
    assert "2017" in result.answer


def test_a_sentence_about_one_named_part_does_not_answer_for_the_whole():
    p = passage(
        "b",
        "• In Ghana, the programme helped vaccinate over 7.2 million children in 2024 alone.\n"
        "• 60.9 million children were vaccinated in more than 70 countries, bringing the "
        "cumulative total since 2021 to 205 million.",
    )
    question = (
        "How many children were vaccinated with programme support in 2024, and what is the "
        "cumulative total since 2021?"
    )
    result = ask(question, [p])
    assert result.status == "answered" and "60.9 million" in result.answer
    result = ask("How many children did the programme vaccinate in Ghana in 2024?", [p])
    assert "7.2 million" in result.answer


def test_an_acronym_is_spelled_out_from_the_words_its_letters_begin():
    from reportqa.answering.acronyms import asked_expansion, spell_out

    acronyms = passage(
        "a",
        "ANC HMIS MoH IPC\n"
        "Antenatal Care Health Management Information System Ministry of Health Infection "
        "Prevention and Control",
    )
    assert asked_expansion("In the list of acronyms, what does HMIS stand for?") == "HMIS"
    assert spell_out("MoH", acronyms.text) == "Ministry of Health"
    assert spell_out("IPC", acronyms.text) == "Infection Prevention and Control"
    assert spell_out("UK", "Under key rules") is None  # two letters: capitals only
    records_first = passage("a", "Immunisation rates rose in every district.", n=2)
    result = _ask_with_shelf(
        "What does HMIS stand for?", [records_first], [records_first, acronyms]
    )
    assert result.status == "answered"
    assert "Health Management Information System" in result.answer
    assert result.citations[0].quote.startswith("Antenatal Care")


REVISIONS = (
    "Table 1. Overview of the Projections (Percent change)\n"
    "\t\tProjections\tDifference from October 2022 Projections\n"
    "\t2022\t2023\t2023\n"
    "Kenya\t5.3\t0.3\t2.6"
)


def test_one_row_gives_one_value_the_column_that_says_what_is_asked():
    table = passage("t", REVISIONS, kind="table")
    question = "By how much was Kenya's 2023 growth projection revised from October 2022?"
    result = ask(question, [table])
    assert result.status == "answered" and result.conflicts == []


def test_a_count_of_other_items_of_the_kind_is_no_rival():
    p = passage(
        "c",
        "The survey covers 18 district hospitals. The survey also covers 17 rural and "
        "mission hospitals.",
    )
    result = ask("How many district hospitals does the survey cover?", [p])
    assert result.status == "answered" and result.conflicts == []
    assert "18 district hospitals" in result.answer


def test_a_count_is_a_whole_number():
    rates = passage("c", "Table 2. Clinic inspections\nClinics visited\t3.1\t7.3", kind="table")
    body = passage("c", "Inspectors visited 42 clinics.", n=2)
    result = ask("How many clinics did inspectors visit?", [rates, body])
    assert result.status == "answered" and result.conflicts == []
    assert "42 clinics" in result.answer


def test_a_year_naming_a_thing_is_not_the_year_asked():
    p = passage(
        "y",
        "The vaccine registry was launched in 2004 to track coverage in every district. "
        "Nearly 20 years after the registry was launched, the 2023 review examined its data.",
    )
    result = ask("In what year was the vaccine registry launched?", [p])
    assert result.status == "answered" and result.conflicts == []
    assert "2004" in result.answer


def test_a_figure_of_another_unit_answers_when_none_of_the_suggested_one_does():
    p = passage(
        "f",
        "In 2022 the harbour handled 410,000 containers, a record for the port. Dredging "
        "of the outer channel was delayed.",
    )
    question = "What volume did the harbour handle in 2022?"  # "volume" suggests tonnes
    result = ask(question, [p])
    assert result.status == "answered" and "410,000 containers" in result.answer
    assert ask(question, [p], unit_mismatch_penalty=100.0).status == "abstained"


def test_an_index_is_read_in_its_own_points():
    p = passage(
        "f",
        "In April 2022 the food price index, which tracks the cost of a basket of staples, "
        "was at an all-time high of 160 points. Harvests were poor in the east.",
    )
    result = ask("What all-time high did the food price index reach in April 2022?", [p])
    assert result.status == "answered" and "160 points" in result.answer


def test_a_question_asking_for_a_share_takes_no_figure_of_another_unit():
    p = passage("f", "Recycling plants in the region processed 4,000 tonnes of scrap in 2023.", n=1)
    result = ask("What share of recycling capacity is located in the region?", [p])
    assert result.status == "abstained"


def test_the_word_after_a_bare_figure_can_be_the_unit_the_question_names():
    rates = passage(
        "m",
        "The policy rate fell by 390 basis points over the year. Ten-year yields rose from "
        "3.6% to 4.4% in the same period.",
    )
    result = ask("By how many basis points did the policy rate fall?", [rates])
    assert result.status == "answered"
    assert result.answer.startswith("The policy rate fell by 390 basis points")


def test_a_quote_is_answered_with_the_line_that_names_who_said_it():
    story = passage(
        "s",
        "Schools reopened in every district by March.\n“Reading is the most important tool "
        "children have.”\n– Ana Ruiz, Country Representative\nTeachers were trained in "
        "phonics.",
        kind="box",
    )
    result = ask("Who is quoted on reading being the most important tool for children?",
                 [story])  # fmt: skip
    assert result.status == "answered" and "Ana Ruiz" in result.answer
    assert len(result.citations) == 2  # the quote and the line naming its speaker
    what = ask("What is the most important tool children have, in the reading story?",
               [story])  # fmt: skip
    assert "Ana Ruiz" not in what.answer  # not a "who" question: the quote alone


class _Shelf:
    """A retriever stand-in that knows which passages sit next to each other."""

    def __init__(self, *passages: ScoredPassage) -> None:
        self.order = list(passages)

    def neighbours(self, chunk_id: str):
        ids = [p.chunk_id for p in self.order]
        i = ids.index(chunk_id)
        before = self.order[i - 1] if i else None
        after = self.order[i + 1] if i + 1 < len(self.order) else None
        return before, after


def test_a_place_named_in_the_passage_before_in_the_same_box_is_not_missing():
    first = passage(
        "c", "A camp in Rakhine State hosts about 1,700 displaced families.", n=1, kind="box"
    )
    second = passage(
        "c",
        "The agency provides these families with fuel sticks made of rice husks for cooking.",
        n=2,
        kind="box",
    )
    question = "What are the cooking fuel sticks given to displaced families in Rakhine made of?"
    records = [DocumentRecord(doc_id="c", source="c.pdf", path="c.pdf", content_hash="c",
                              title="Health Review")]  # fmt: skip
    stats = CorpusStats.build(records, [first, second])
    settings = Settings(embedding={"backend": "fake"})
    lens = Lens(analyse(question), stats, stats.hints(question))
    shelf = Answerer(settings, retriever=_Shelf(first, second))  # type: ignore[arg-type]
    result = shelf._answer(question, [second], lens)
    assert result.status == "answered" and "rice husks" in result.answer
    blind = Answerer(settings, retriever=object())  # type: ignore[arg-type]
    assert blind._answer(question, [second], lens).status == "abstained"


def test_a_list_announced_by_a_colon_before_a_footnote_marker_is_quoted_whole():
    box = passage(
        "r",
        "For this year's review, the board made three changes to its methods:\u00b9\n"
        "• Rural clinics are weighted by catchment population.\n"
        "• Staff vacancies are counted monthly.\n"
        "• Drug stock-outs are reported by district.",
    )
    result = ask("What changes did the board make to its methods for this year's review?", [box])
    assert result.status == "answered"
    for item in ("catchment population", "counted monthly", "reported by district"):
        assert item in result.answer


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        # a plural not in -s asks for several things: a list, and no figure
        ("What criteria does the fund use for its country allocations?", "list"),
        ("What crisis does the fund respond to?", "text"),  # -is: one
        ("What programme was scaled up nationally with the ministry?", "text"),
        ("What budget has the agency allocated to the stockpile?", "numeric"),
        ("What share of the fund went to country programmes?", "numeric"),
    ],
)
def test_what_and_a_noun_asks_for_a_thing_unless_the_noun_is_a_measure(question, intent):
    assert analyse(question).intent == intent


def test_a_capitalised_word_after_a_figure_is_not_its_unit():
    contents = passage(
        "t",
        "42 Federal Response and Assistance Under the Disaster Relief Act. The act sets "
        "the federal cost share for public assistance.",
    )
    result = ask("What percentage of eligible costs does the federal cost share cover?",
                 [contents])  # fmt: skip
    assert result.status == "abstained"


def test_a_count_written_in_words_answers_how_many_of_what_it_counts():
    p = passage(
        "n",
        "The framework names three major sectors of the economy. The seven community "
        "lifelines represent the most basic services a community relies on.",
    )
    result = ask("How many community lifelines does the framework define?", [p])
    assert result.status == "answered" and "seven community lifelines" in result.answer
    other = ask("How many people work in the sectors the framework names?", [p])
    assert "three major sectors" not in other.answer or other.status == "abstained"


def test_a_close_second_reading_of_a_which_question_is_quoted_too():
    p = passage(
        "w",
        "The ministry leads the response to floods in coastal districts. The national "
        "agency coordinates the response to floods with the districts. Roads were repaired.",
    )
    question = "Which body coordinates the response to floods?"
    both = ask(question, [p])
    assert both.status == "answered" and len(both.citations) == 2
    assert "national agency" in both.answer and "ministry" in both.answer
    alone = ask(question, [p], runner_up_share={})
    assert len(alone.citations) == 1


def test_the_scores_weights_are_settings():
    first = passage("y", "Clinic visits were counted by district nurses each week.", n=1, score=1.0)
    second = passage(
        "y", "Clinic visits were recorded by the health ministry in every district.", n=2,
        score=0.1,
    )  # fmt: skip
    question = "Who recorded the clinic visits?"
    by_words = ask(question, [first, second], weights={"passage": 0.0})
    by_retrieval = ask(question, [first, second], weights={"passage": 5.0})
    assert by_words.answer.startswith("Clinic visits were recorded")
    assert by_retrieval.answer.startswith("Clinic visits were counted")


def test_a_sources_question_on_a_table_quotes_its_credit_line_not_its_caption():
    table = passage(
        "w",
        "Table 3. Reservoir storage by basin (million cubic metres)\n"
        "Basin\t2022\t2023\n"
        "Upper Tana\t1,240\t1,310\n"
        "Lower Tana\t860\t905\n"
        "Kenya Water Resources Authority, annual storage bulletin, March 2024",
        kind="table",
    )
    result = ask("What is the source of the reservoir storage by basin table?", [table])
    assert result.status == "answered"
    assert "Water Resources Authority" in result.answer
    assert "Basin\t" not in result.answer and "Upper Tana" not in result.answer


def test_every_sign_of_a_score_is_a_named_feature_and_the_score_their_weighted_sum():
    p = passage("h", "Hospital readmission rates are expected to reach 6.6 percent in 2023.")
    frame = analyse("What hospital readmission rate is expected in 2023?")
    stats = CorpusStats.build([], [p])
    lens = Lens(frame, stats, stats.hints(frame.text))
    c = candidates_of(p, 0)[0]
    signs = features(frame, c, lens)
    assert signs["same_year"] == 1.0 and signs["asked_unit"] == 1.0
    assert signs["passage"] == p.score
    w = ScoreWeights(same_year=1.0)
    assert weighted(signs, w) - weighted(signs) == pytest.approx(1.0 - ScoreWeights().same_year)
    c.features, c.score = signs, weighted(signs, w)
    # what the sentence says, without its passage's retrieval score
    assert content_score(c, w) == pytest.approx(c.score - w.passage * p.score)


def test_a_second_reading_is_judged_on_what_it_says_not_on_its_passages_rank():
    # both sentences share one passage, so one retrieval score: a sentence about another
    # thing must not pass for a close second reading because of it
    p = passage(
        "s",
        "The survey covered 1,200 farms in three provinces. Seed prices for maize rose "
        "sharply after the drought. Which farms received seed vouchers was decided by "
        "district committees.",
        score=1.0,
    )
    result = ask("Who decided which farms received seed vouchers?", [p])
    assert "district committees" in result.answer
    assert "1,200 farms" not in result.answer


def test_a_question_asking_for_two_values_is_no_disagreement():
    p = passage(
        "e",
        "Cumulative losses of the district hospitals equal 1 percent of total revenue. "
        "Staffing costs of the district hospitals equal 5.7 percent of total revenue.",
    )
    question = (
        "What share of total revenue do the district hospitals' cumulative losses and "
        "staffing costs each represent?"
    )
    result = ask(question, [p])
    assert result.status == "answered" and result.conflicts == []
    assert asks_for_several_values("What did it cost in dollars and as a share of assets?")
    assert asks_for_several_values("How many states did they serve, compared with the others?")
    assert not asks_for_several_values("How much did the fund disburse each year on average?")
    # the same measure of two groups
    assert asks_for_several_values("What was the rate for men aged 15-24 and for women aged 15-24?")
    assert not asks_for_several_values("How many people in towns and villages were displaced?")


def test_a_figure_that_leaves_out_a_name_the_question_gives_is_no_rival():
    # the names are words of the reports' titles (so no names the passages must hold):
    # still, a figure of "Education thematic funding" is no rival to one of "Child
    # Protection thematic funding" for a question on the latter
    title = "Child Protection and Education Thematic Funds 2024"
    child = passage(
        "c",
        "In 2024, 63 per cent of Child Protection thematic funding was spent on "
        "strengthening systems for child protection.",
        title=title,
    )
    school = passage(
        "e",
        "In 2024, 50 per cent of Education thematic funding was spent on strengthening "
        "education systems.",
        title=title,
        score=0.85,
    )
    question = (
        "What share of 2024 Child Protection thematic funding was spent on systems-strengthening?"
    )
    result = ask(question, [child, school])
    assert result.status == "answered" and result.conflicts == []
    assert "63 per cent" in result.answer and "50 per cent" not in result.answer


def test_within_one_report_a_rival_must_say_all_the_best_figure_says_of_the_question():
    p = passage(
        "s",
        "Under the severe scenario, the unemployment rate rises to 10 percent in 2024. Under "
        "the severe scenario, the rate of decline in house prices reaches 38 percent in 2024.",
    )
    result = ask("What unemployment rate does the severe scenario see in 2024?", [p])
    assert result.status == "answered" and result.conflicts == []
    assert "10 percent" in result.answer and "38 percent" not in result.answer


def test_a_name_the_reports_own_title_gives_is_spoken_of_by_every_passage_of_it():
    title = "International Ski Federation Competition Rules 2024"
    preface = passage(
        "f", "The Federation (the Fed) publishes these rules every autumn.", title=title
    )
    rule = passage(
        "f",
        "Junior racers must be under 16 years of age at the start of the racing season.",
        n=2,
        title=title,
    )
    result = ask("What age limit does the Fed's rulebook set for junior racers?", [rule, preface])
    assert result.status == "answered"
    assert "16 years" in result.answer


def test_a_sentence_saying_its_list_is_below_brings_the_items_under_it():
    lead = passage(
        "t",
        "The ministry licensed 40 bus operators in 2022. By March 2023, three additional "
        "operators had been licensed on rural routes (listed below).",
    )
    items = passage(
        "t", "· Hillside Coaches · Valley Link Transit · North Ridge Buses", n=2
    )  # the next passage of the same report and section
    items.section = lead.section
    question = "Which additional operators had been licensed on rural routes by March 2023?"
    result = _ask_with_shelf(question, [lead], [lead, items])
    assert result.status == "answered"
    for name in ("Hillside Coaches", "Valley Link Transit", "North Ridge Buses"):
        assert name in result.answer


def test_who_said_a_quote_of_several_sentences_is_read_after_its_closing_mark():
    box = passage(
        "q",
        "“Clean water is the first medicine. It keeps children in school – and it keeps "
        "clinics free for the sick.”\n\n– Amina Diallo, district health officer, Kayes",
        kind="box",
    )
    question = "Who is quoted in the Kayes story on clean water being the first medicine?"
    result = ask(question, [box])
    assert result.status == "answered"
    assert "Amina Diallo" in result.answer


def test_how_many_takes_only_a_count_no_figure_of_another_unit():
    p = passage(
        "n",
        "The district's health plan aims to expand clinic coverage by 40 percent by 2030, "
        "with a budget of $12 million for its nursing staff.",
    )
    result = ask("How many nurses work in the district's clinics?", [p])
    assert result.status == "abstained"


INCIDENT_TABLES = [
    passage(
        "g",
        f"Type {n}\tIncident Effect Indicators\tIncident Management Indicators\n"
        f"{n}\t▪ Incident shows {level} resistance to stabilization ▪ Effects last {lasting}"
        f"\t▪ Command staff positions are {staff} ▪ Resources may remain on scene {scene}",
        n=n,
        kind="table",
        title="Incident Complexity Guide",
        score=score,
    )
    for n, level, lasting, staff, scene, score in [
        (1, "high", "two weeks to over a month", "filled", "for weeks", 0.9),
        (5, "no", "a few hours", "unnecessary", "for several hours, up to 24", 0.7),
    ]
]


def test_each_item_of_a_table_cell_listing_several_is_a_candidate_with_its_column():
    items = [c for c in candidates_of(INCIDENT_TABLES[1], 0) if c.cell is not None]
    assert [c.text for c in items] == [
        "Incident shows no resistance to stabilization",
        "Effects last a few hours",
        "Command staff positions are unnecessary",
        "Resources may remain on scene for several hours, up to 24",
    ]
    assert items[3].cell == ("Incident Management Indicators", "5")
    table = INCIDENT_TABLES[1]
    for c in items:  # each item's offsets point at its own words in the report
        assert table.text[c.start - table.char_start : c.end - table.char_start] == c.text


def test_the_numbered_label_asked_picks_its_own_table_over_a_better_retrieved_one():
    frame = analyse("At a Type 5 incident, how long may resources stay on scene?")
    own, other = (
        features(frame, next(c for c in candidates_of(t, 0) if "on scene" in c.text))
        for t in (INCIDENT_TABLES[1], INCIDENT_TABLES[0])
    )
    assert own.get("same_label") == 1.0 and "other_label" not in own
    assert other.get("other_label") == 1.0 and "same_label" not in other
    result = ask("At a Type 5 incident, how long may resources stay on scene?", INCIDENT_TABLES)
    assert "up to 24" in result.answer and "for weeks" not in result.answer


class _ReportShelf:
    """Just what a question about a report reads of the store: its records, each
    report's opening passages and all passages."""

    def __init__(self, records: list[DocumentRecord], passages: list[ScoredPassage]) -> None:
        self._records, self._passages = records, passages

    def records(self) -> list[DocumentRecord]:
        return self._records

    def opening(self, doc_id: str, n: int) -> list[ScoredPassage]:
        return [p for p in self._passages if p.doc_id == doc_id][:n]

    def passages(self) -> list[ScoredPassage]:
        return self._passages


def test_this_report_is_the_one_whose_cover_the_question_quotes():
    # the outlook's title is its headline; "Food Security Outlook" is on its cover only
    brief = passage("b", "Food security and armed conflict. © Aid Committee, October 2022",
                    title="Food security and armed conflict")  # fmt: skip
    outlook = passage("o", "Ethiopia Food Security Outlook October 2025 - May 2026. Crop "
                      "failures in the lowlands.", title="Crisis likely in early 2026")  # fmt: skip
    records = [
        DocumentRecord(
            doc_id=p.doc_id,
            source=f"{p.doc_id}.pdf",
            path=f"{p.doc_id}.pdf",
            content_hash=p.doc_id,
            title=p.title,
            publisher=publisher,
            date=date,
        )  # fmt: skip
        for p, publisher, date in (
            (brief, "Aid Committee", "2022-10"),
            (outlook, "Early Warning Network", "2025-10"),
        )
    ]
    question = "Who produced this Ethiopia Food Security Outlook?"
    stats = CorpusStats.build(records, [brief, outlook])
    answerer = Answerer(
        Settings(embedding={"backend": "fake"}), retriever=_ReportShelf(records, [brief, outlook])
    )  # type: ignore[arg-type]
    lens = Lens(analyse(question), stats, stats.hints(question))
    # retrieval ranks the brief first: its title says "food security"
    answer = answerer._about_report(question, "publisher", lens, [brief, outlook])
    assert answer is not None and "Early Warning Network" in answer.answer
    assert "Aid Committee" not in answer.answer


def test_this_plan_is_the_report_whose_title_the_pointing_words_give():
    # the strategy's opening says more of the question's words ("city", "office",
    # "year"); the words pointing at the report, "this harbour plan", are the plan's title
    strategy = passage("s", "City of Dunmore resilience strategy. The city office of "
                       "resilience set out a harbour and flood plan for the year ahead.",
                       title="City of Dunmore Resilience Strategy")  # fmt: skip
    plan = passage("p", "2091 Harbour Plan. Office of Sustainability.",
                   title="City of Pellham Harbour Plan")  # fmt: skip
    records = [
        DocumentRecord(doc_id=p.doc_id, source=f"{p.doc_id}.pdf", path=f"{p.doc_id}.pdf",
                       content_hash=p.doc_id, title=p.title, publisher=publisher, date=date)
        for p, publisher, date in ((strategy, "Dunmore City", "2017-01"),
                                   (plan, "Pellham City", "2091-08"))
    ]  # fmt: skip
    question = "Which city office produced this harbour plan, and in what year?"
    stats = CorpusStats.build(records, [strategy, plan])
    shelf = _ReportShelf(records, [strategy, plan])
    answerer = Answerer(Settings(embedding={"backend": "fake"}), retriever=shelf)  # type: ignore[arg-type]
    lens = Lens(analyse(question), stats, stats.hints(question))
    answer = answerer._about_report(question, "publisher", lens, [strategy, plan])
    assert answer is not None and "Pellham" in answer.answer, answer
    assert "Dunmore" not in answer.answer


def test_a_contents_entry_is_never_a_candidate():
    contents = passage(
        "n",
        "Prioritized Stabilization of Community Lifelines........................8\n"
        "The seven community lifelines are the most basic services a community relies on.",
    )
    texts = [c.text for c in candidates_of(contents, 0)]
    assert not any("....." in t for t in texts)
    assert any(t.startswith("The seven community lifelines") for t in texts)


def test_a_financial_year_asked_is_not_the_one_before_it():
    before = passage(
        "rb",
        "The Department had set out the following goals for 2025-26: a review of the "
        "monetary policy framework and of the liquidity level.",
        n=2,
        score=1.0,
    )
    asked = passage(
        "rb",
        "For 2026-27, the Department has set goals on forecasting: estimating the natural "
        "rate of interest and reviewing the projection model.",
        n=1,
        score=0.9,
    )
    result = ask("What goals has the Department set for 2026-27?", [before, asked])
    assert result.status == "answered"
    assert result.answer.startswith("For 2026-27"), result.answer


def test_a_figure_of_all_the_things_a_question_takes_whole_answers_it():
    notes = passage(
        "os",
        "17. In 2012, the public funding reached 74 per cent of the total income of all "
        "political parties.\n18. Donations over NOK 10,000 must be reported.",
        kind="footnotes",
        title="Vandish Parliamentary Elections Assessment",
    )
    result = ask(
        "What share of all Vandish political parties' total income came from public "
        "funding in 2012?",
        [notes],
    )
    assert result.status == "answered" and "74 per cent" in result.answer, result.answer


def test_a_figure_of_all_sectors_is_not_one_sector_asked():
    frame = analyse("What was the energy intensity of the transportation sector in 2020?")
    whole = candidates_of(
        passage("e", "In 2020, energy intensity in all sectors fell by 2 percent."), 0
    )[0]
    assert speaks_of_the_whole(frame, whole)


def test_a_compound_written_as_one_word_counts_its_last_part():
    p = passage(
        "sb",
        "In FY2025, intermediaries made 4,614 loans to small businesses. The agency approved "
        "6,762 guarantees that year.",
    )
    result = ask("How many microloans did the intermediaries make in FY2025?", [p])
    assert result.status == "answered" and "4,614" in result.answer, result.answer


def test_a_figure_the_question_gives_is_not_its_answer():
    chart = passage(
        "nd",
        "Projected residents aged 65 and over by age group, 2035\n85+\n80-84\n75-79\n70-74",
        n=1,
        kind="figure",
        score=1.0,
    )
    prose = passage(
        "nd",
        "The state is projected to have 157,341 residents aged 65 and over in 2035.",
        n=2,
        score=0.8,
    )
    result = ask("How many residents aged 65 and over are projected in 2035?", [chart, prose])
    assert result.status == "answered" and "157,341" in result.answer, result.answer


def test_a_question_naming_a_footnote_finds_its_word_in_a_note():
    # a passage of notes never says it is a footnote: its kind says so, as the page does
    text = "17. In 2012, public funding came to 74 per cent of the income of the parties."
    note = passage("od", text, n=2, kind="footnotes")
    same_in_prose = passage("od", text, n=3)
    other = passage("xx", "A footnote on sources closes each chapter.", n=1, title="Guide")
    question = "According to a footnote, what share of the parties' income was public funding?"
    stats = _stats_of(note, same_in_prose, other)
    lens = Lens(analyse(question), stats, stats.hints(question))
    covered = [
        features(lens.frame, candidates_of(p, 0)[0], lens)["coverage"]
        for p in (note, same_in_prose)
    ]
    assert covered[0] > covered[1], covered


def test_a_contents_entry_whose_page_number_was_cut_off_is_no_candidate_either():
    # the leaders' last dot reads as a full stop, so the page number is a sentence of its own
    listing = passage(
        "n",
        "2.70. Unemployed who stopped work, by the reason for leaving the last job ...... 208\n"
        "Dismissal was the most common reason for leaving the last job.",
    )
    texts = [c.text for c in candidates_of(listing, 0)]
    assert not any("....." in t for t in texts), texts
    assert any(t.startswith("Dismissal was") for t in texts)


def test_the_same_words_printed_twice_are_quoted_once():
    heading = "Second Conference on School Meals."
    first = passage("m", f"{heading} The conference adopted a declaration on meals.", n=1)
    second = passage("m", f"{heading} Ministers met in Rome for three days.", n=2)
    result = ask("What did the Second Conference on School Meals adopt?", [first, second])
    quotes = [c.quote for c in result.citations if not c.related]
    said = [" ".join(q.lower().split()) for q in quotes]
    assert len(said) == len(set(said))


def test_an_acronym_in_a_which_answer_is_spelled_out_from_the_report():
    defined = passage(
        "f",
        "Sea surface temperatures point to a negative Indian Ocean Dipole (IOD) this autumn. "
        "Grazing conditions remain poor.",
        n=1,
    )
    answering = passage(
        "f",
        "The overlap of La Niña with a negative IOD will delay the short rains in the south.",
        n=2,
    )
    records = [DocumentRecord(doc_id="f", source="f.pdf", path="f.pdf", content_hash="f",
                              title="Food Security Outlook")]  # fmt: skip
    shelf = [defined, answering]

    class Store:
        def passages(self) -> list[ScoredPassage]:
            return shelf

    question = "Which climate drivers will delay the short rains in the south?"
    stats = CorpusStats.build(records, shelf)
    lens = Lens(analyse(question), stats, stats.hints(question))
    answerer = Answerer(Settings(embedding={"backend": "fake"}), retriever=Store())  # type: ignore[arg-type]
    result = answerer._answer(question, [answering], lens)
    assert "negative IOD" in result.answer and "Indian Ocean Dipole (IOD)" in result.answer
    quotes = [c.quote for c in result.citations]
    assert any("Indian Ocean Dipole (IOD)" in q for q in quotes)
    off = Answerer(
        Settings(embedding={"backend": "fake"}, answer={"acronyms_defined": 0}), retriever=Store()
    )  # type: ignore[arg-type]
    assert "Indian Ocean Dipole" not in off._answer(question, [answering], lens).answer


def test_the_source_of_a_figure_is_its_credit_line_under_the_figure():
    caption = passage("v", "Figure A. Vacancy rate of moorings by berth type", n=1)
    labels = passage("v", "80\nPercent\nDinghy\nYacht\n2000\n2010\n2020", n=2, kind="figure")
    axis = passage("v", "Berths counted\nin autumn", n=4, kind="figure")
    note = passage(
        "v",
        "Note: Each year uses the autumn count only. Source: Harbour Survey Office.",
        n=3,
    )
    caption, labels, axis, note = (
        p.model_copy(update={"page": 28}) for p in (caption, labels, axis, note)
    )
    question = "What is the source of the chart of mooring vacancy rates by berth type?"
    records = [DocumentRecord(doc_id="v", source="v.pdf", path="v.pdf", content_hash="v",
                              title="Health Review")]  # fmt: skip
    stats = CorpusStats.build(records, [caption, labels, axis, note])
    settings = Settings(embedding={"backend": "fake"})
    lens = Lens(analyse(question), stats, stats.hints(question))
    shelf = Answerer(settings, retriever=_Shelf(caption, labels, axis, note))  # type: ignore[arg-type]
    result = shelf._answer(question, [caption], lens)
    assert result.status == "answered" and "Harbour Survey Office" in result.answer
    assert result.citations[0].quote == "Source: Harbour Survey Office."
    # on another page, a credit line is another figure's
    far = note.model_copy(update={"page": 29})
    other = Answerer(settings, retriever=_Shelf(caption, labels, axis, far))  # type: ignore[arg-type]
    assert "Harbour Survey Office" not in other._answer(question, [caption], lens).answer


def test_a_box_title_answering_a_list_question_brings_the_boxs_items():
    box = passage(
        "m",
        "MOORING ALLOCATION CRITERIA\n\nServing year-round fishing crews first\n\n"
        "Keeping berths for visiting lifeboats\n\nRotating leisure berths every season",
        kind="box",
    )
    result = ask("What criteria does the harbour use for its mooring allocations?", [box])
    assert result.status == "answered"
    for item in ("year-round fishing crews", "visiting lifeboats", "leisure berths"):
        assert item in result.answer
    # the same title in running text is a sentence's subject, not a list's head
    prose = passage("m", "MOORING ALLOCATION CRITERIA are set by the board each year.")
    assert "fishing" not in ask("What criteria does the harbour use for moorings?", [prose]).answer


def test_a_row_of_a_table_whose_caption_was_set_apart_reads_with_that_caption():
    rows = passage("q", "North quay\t12.5\nSouth quay\t9.8\nPier\t7.1", kind="table")
    caption = "Table 4. Share of berths left empty in winter, 2023 Percent"
    rows = rows.model_copy(update={"section": caption})
    result = ask("What share of berths was left empty in winter at the South quay?", [rows])
    assert result.status == "answered"
    assert "9.8%" in result.answer  # the caption's unit
    assert result.answer.startswith("Table 4. Share of berths")  # its caption, not a row
    assert "North quay" not in result.answer  # the first row is a row, not a header


def test_which_row_is_lowest_is_read_off_the_table_column():
    table = passage(
        "q",
        "Table 2. Winter occupancy of berths, 2023 (per cent)\nBerth\tOccupancy\n"
        "North quay\t82.5\nSouth quay\t61.0\nPier\t74.2\nSlipway\t90.1\nAll berths\t95.0\n"
        "Average\t50.0",
        kind="table",
    )
    lowest = ask("Which berth had the lowest winter occupancy in 2023?", [table])
    assert lowest.status == "answered" and "South quay" in lowest.answer
    assert "North quay" not in lowest.answer
    highest = ask("Which berth had the highest winter occupancy in 2023?", [table])
    assert "Slipway" in highest.answer and "South quay" not in highest.answer
    assert "Average" not in lowest.answer and "All berths" not in highest.answer
    # no extreme asked: the row the question names
    named = ask("What was the winter occupancy of the Pier in 2023?", [table])
    assert "74.2" in named.answer and "Slipway" not in named.answer


def test_which_row_is_highest_in_a_year_is_read_off_that_years_column():
    table = passage(
        "q",
        "Table 5. Timber felled by district (Mt)\nDistrict\t2022\t2023\t2024\n"
        "Upper\t900\t950\t610\nLower\t400\t420\t880\nRidge\t300\t310\t320\n"
        "Total\t1,600\t1,680\t1,810",
        kind="table",
    )
    most = ask("Which district felled the most timber in 2024?", [table])
    assert most.status == "answered" and "Lower" in most.answer, most.answer
    assert "Upper" not in most.answer and "Total" not in most.answer
    earlier = ask("Which district felled the most timber in 2022?", [table])
    assert "Upper" in earlier.answer and "Lower" not in earlier.answer, earlier.answer


# a year centred over its group of columns, as a PDF's table gives it: in one cell of three
_GROUPED = (
    "Table 7. Timber felled by district and stand (Mt), 2023-2024\n"
    "\t\t2023\t\t\t2024\t\n"
    "District\tPine\tOak\tTotal\tPine\tOak\tTotal\n"
    "Upper\t900\t20\t920\t300\t40\t340\n"
    "Lower\t100\t600\t700\t150\t700\t850\n"
    "Ridge\t500\t10\t510\t800\t10\t810\n"
    "All districts\t1,500\t630\t2,130\t1,250\t750\t2,000"
)


def test_a_year_over_a_group_of_columns_heads_each_of_them():
    from reportqa.answering.candidates import table_parts

    header = table_parts(_GROUPED)[1]
    assert header == (
        "District", "2023 Pine", "2023 Oak", "2023 Total", "2024 Pine", "2024 Oak", "2024 Total"
    )  # fmt: skip
    # a header whose labels repeat no run is left as it is
    assert table_parts("T\nSite\t2023\t2024\nA\t1\t2")[1] == ("Site", "2023", "2024")


def test_the_most_in_a_year_of_grouped_columns_is_read_off_the_groups_total():
    table = passage("q", _GROUPED, kind="table")
    most = ask("Which district felled the most timber in 2024?", [table])
    # Lower has the most oak, Ridge the most pine; Lower's total is the highest
    assert most.status == "answered" and "Lower" in most.answer, most.answer
    assert "Ridge" not in most.answer and "All districts" not in most.answer
    earlier = ask("Which district felled the most timber in 2023?", [table])
    assert "Upper" in earlier.answer and "Lower" not in earlier.answer, earlier.answer
    # the column the question names, of its year's group
    pine = ask("Which district felled the most pine in 2024?", [table])
    assert "Ridge" in pine.answer and "Lower" not in pine.answer, pine.answer


def test_an_acronym_with_a_number_is_present_where_the_passage_spells_it_out():
    glossary = passage("k", "CET1 is the harbour bank's core measure of its own funds.", n=1)
    figure = passage(
        "k", "The projected minimum common equity tier 1 capital ratio of the harbour bank "
        "is 10.1 percent.", n=2,
    )  # fmt: skip
    result = ask("What minimum CET1 capital ratio is projected for the harbour bank?",
                 [figure, glossary])  # fmt: skip
    assert result.status == "answered" and "10.1 percent" in result.answer
    # a numbered acronym names one thing of a kind: the report writing it elsewhere does
    # not make a passage on another ratio speak of it
    other = passage(
        "k", "The projected minimum leverage ratio of the harbour bank is 6.2 percent.", n=3
    )
    asked = "What minimum CET1 capital ratio is projected for the harbour bank?"
    assert "6.2" not in ask(asked, [other, glossary]).answer


def test_a_name_its_report_wrote_in_full_is_not_missing_from_the_sentences_score():
    """The same rule as for abstaining: once a report has written "the Government of
    Sweden", its row or sentence giving "Sweden" speaks of it; its score is not cut."""
    gift = passage("d", "Sweden gave 7.7 million to the fund in 2024.", n=1)
    pledge = passage("d", "The Government of Sweden renewed its pledge to the fund.", n=2)
    other = passage("o", "The Government of Norway gave 4.7 million to the fund in 2024.", n=3,
                    title="Survey")  # fmt: skip
    more = passage("o", "The Government of Chile and the Government of Peru gave too.", n=4,
                   title="Survey")  # fmt: skip
    question = "How much did the Government of Sweden give to the fund in 2024?"
    records = [
        DocumentRecord(doc_id=d, source=f"{d}.pdf", path=f"{d}.pdf", content_hash=d, title=t)
        for d, t in (("d", "Health Review"), ("o", "Survey"))
    ]
    stats = CorpusStats.build(records, [gift, pledge, other, more])
    lens = Lens(analyse(question), stats, stats.hints(question))
    assert len(lens.names) == 2  # government, sweden
    sentence = candidates_of(gift, 0)[0]
    assert features(lens.frame, sentence, lens).get("missing_name", 0.0) == 0.0
    elsewhere = candidates_of(other, 1)[0]
    assert features(lens.frame, elsewhere, lens)["missing_name"] == 0.5  # no Sweden


class _Passages:
    """A retriever stand-in that lists a report's passages."""

    def __init__(self, *passages: ScoredPassage) -> None:
        self.all = list(passages)

    def passages(self):
        return self.all


def test_a_counted_list_announced_with_a_colon_takes_that_many_paragraphs_after_it():
    lead = passage("s", "The harbour act provides for two kinds of permit:", n=1)
    first = passage("s", "A mooring permit lets a boat stay for a season. It is renewed "
                    "each spring.", n=2)  # fmt: skip
    second = passage("s", "A landing permit lets a crew sell its catch on the quay.", n=3)
    after = passage("s", "Fees are set by the board.", n=4)
    shelf = [lead, first, second, after]
    question = "What two kinds of permit does the harbour act provide for?"
    records = [DocumentRecord(doc_id="s", source="s.pdf", path="s.pdf", content_hash="s",
                              title="Health Review")]  # fmt: skip
    stats = CorpusStats.build(records, shelf)
    lens = Lens(analyse(question), stats, stats.hints(question))
    answerer = Answerer(Settings(embedding={"backend": "fake"}), retriever=_Passages(*shelf))  # type: ignore[arg-type]
    result = answerer._answer(question, [lead], lens)
    assert "A mooring permit" in result.answer and "A landing permit" in result.answer
    assert "renewed" not in result.answer  # each paragraph's first sentence names its item
    assert "Fees" not in result.answer  # two announced, two taken


FLOOD_LEVELS = (
    "Table 2. Flood response levels\n"
    "Level\tWater on roads\tHow long do crews stay?\tRecovery time\n"
    "3\tLow\t1-2 hours\tUnder a day\n"
    "2\tModerate\tSeveral to 24 hours\tTwo to three days\n"
    "1\tSevere\tAt least 24 hours\tOne to two weeks"
)


def test_a_rows_label_with_its_header_names_the_row_asked():
    table = passage("f", FLOOD_LEVELS, kind="table")
    result = ask("How long do crews stay at a Level 2 flood?", [table])
    assert result.status == "answered", result.answer
    assert "Several to 24 hours" in result.answer and "1-2 hours" not in result.answer


def test_rows_of_one_table_are_other_items_not_a_disagreement():
    table = passage("f", FLOOD_LEVELS, kind="table")
    result = ask("How long is the recovery time after a severe flood?", [table])
    assert result.status == "answered" and not result.conflicts, result.answer


def test_hours_and_minutes_are_durations():
    p = passage("c", "Crews reach a flooded road within 30 minutes and stay for up to 12 hours.")
    result = ask("How long do crews stay at a flooded road?", [p])
    assert result.status == "answered" and "12 hours" in result.answer


def test_a_units_word_inside_a_name_asks_for_no_figure():
    assert analyse("What does the Harbour Renewal Fund spotlight say about ferries?").unit is None
    assert analyse("How much did Norway give to the Harbour Renewal Fund?").unit == "money"
    assert analyse("How much funding did the fund receive in 2023?").unit == "money"


def test_a_photo_credit_is_never_the_answer():
    p = passage(
        "u",
        "© HARBOURAID/UNI52829/Ferries. Ferry crossings for schoolchildren resumed in "
        "2024 after the storm season.",
    )
    result = ask("What does the spotlight say about ferries for schoolchildren?", [p])
    assert result.status == "answered" and "©" not in result.answer, result.answer


def test_a_count_of_another_thing_does_not_answer_how_many():
    p = passage(
        "r",
        "The ferry line carries around 70,000 passengers a day. It reserves 1 of 8 cabins "
        "for families.",
    )
    assert ask("How many piers does the ferry line serve?", [p]).status == "abstained"
    assert "70,000" in ask("How many passengers does the ferry line carry a day?", [p]).answer


def test_the_noun_asked_for_says_the_unit_before_the_rest_of_the_question():
    q = "To raise the turnout rate, what payment increase did the ferry survey plan?"
    assert analyse(q).unit == "money"
    assert analyse("What share of the budget went to piers?").unit == "%"
    p = passage(
        "f",
        "Turnout was 41% in 2023. The survey will raise the payment for respondents from "
        "20 reais to 40 reais to improve turnout.",
    )
    assert "40 reais" in ask(q, [p]).answer


def test_a_part_of_a_count_of_another_thing_does_not_answer_how_many():
    p = passage("r", "The ferry line reserves 1 of 8 cabins for families on every crossing.")
    assert ask("How many berths does the ferry line have?", [p]).status == "abstained"


def test_a_per_mille_ratio_is_no_count():
    p = passage(
        "r",
        "The ratio of dependants per 1000 employed persons was 1180‰ in 2022, up from the "
        "year before (1150‰).",
    )
    result = ask("How many people were registered as jobseekers in 2022?", [p])
    assert result.status == "abstained", result.answer


def test_a_question_on_what_something_costs_takes_only_money():
    p = passage(
        "r",
        "The ferry line carries around 70,000 passengers a day on 12 crossings. Average "
        "waiting time was 14 minutes in 2023.",
    )
    assert ask("What does a single ferry ticket cost?", [p]).status == "abstained"
    assert ask("How large is the fine for boarding without a ticket?", [p]).status == "abstained"
    paid = passage("s", "A single ferry ticket costs 3.50 euros, and a monthly pass 60 euros.")
    assert "3.50 euros" in ask("What does a single ferry ticket cost?", [paid]).answer


def test_a_money_word_before_a_measure_name_asks_for_the_measure():
    assert analyse("What minimum capital ratio does the regulator set for banks?").unit == "%"
    assert analyse("Where did the Harbour Price Index stand in May 2022?").unit != "money"
    assert analyse("What ratio of nurses to beds does the plan set?").unit == "%"
    assert analyse("What is the price of a ferry ticket?").unit == "money"


def test_a_short_sentence_announcing_items_brings_them_with_the_answer():
    p = passage(
        "r",
        "The findings will help the city pilot measures against fare evasion on ferries. "
        "These include:\n• Ticket checks at every pier;\n• Fines for repeat offenders;\n"
        "• Campaigns aimed at school pupils.",
    )
    result = ask("Which measures against fare evasion will the findings help the city pilot?", [p])
    assert "Ticket checks" in result.answer and "school pupils" in result.answer, result.answer
    alone = ask(
        "Which measures against fare evasion will the findings help the city pilot?",
        [p],
        announcer_words=0,
    )
    assert "school pupils" not in alone.answer


def test_of_several_figures_of_the_asked_unit_the_one_whose_clause_is_asked_answers():
    from reportqa.answering.quantity_identity import answering_quantity

    p = passage(
        "r",
        "Harbour traffic grew 3.2 percent in 2023, while the harbour fee rate rose to a "
        "peak of about 5.1 percent in 2023.",
    )
    question = "To what peak will the harbour fee rate rise in 2023?"
    records = [DocumentRecord(doc_id="r", source="r.pdf", path="r.pdf", content_hash="r",
                              title="Health Review")]  # fmt: skip
    stats = CorpusStats.build(records, [p])
    lens = Lens(analyse(question), stats, stats.hints(question))
    c = candidates_of(p, 0)[0]
    assert answering_quantity(lens.frame, c).text == "3.2 percent"  # the first
    assert answering_quantity(lens.frame, c, lens=lens).text == "about 5.1 percent"


def test_a_name_the_report_asked_about_never_uses_is_not_answered_from_another():
    harbour = passage("h", "Ferry tickets sold online rose to 62% of all tickets in 2023.",
                      title="Harbour Ticketing Review")  # fmt: skip
    rail = passage("r", "In Kent, 48% of rail tickets were sold online in 2023.", n=2,
                   title="Rail Sales Bulletin")  # fmt: skip
    named = ask("What share of tickets did the Harbour Ticketing Review find were sold online "
                "in Kent in 2023?", [harbour, rail])  # fmt: skip
    assert named.status == "abstained" and "Kent" in named.answer, named.answer
    shelf = ask("What share of rail tickets were sold online in Kent in 2023?", [harbour, rail])
    assert shelf.status == "answered" and "48%" in shelf.answer


def test_a_bare_count_before_a_word_of_the_question_is_no_share():
    p = passage(
        "r",
        "The map shows every harbour that received grants in 2024. The 10 highest grants "
        "in 2024 are shown in full.",
    )
    result = ask("What percentage of the 2024 grants went to harbours?", [p])
    assert result.status == "abstained", result.answer
    counted = ask("How many of the highest grants in 2024 does the map show in full?", [p])
    assert "10 highest" in counted.answer


def test_a_figure_among_a_group_the_question_does_not_name_is_not_the_whole():
    p = passage(
        "r",
        "In 2022, jobseekers were out of work for a year 31.0% among those aged 50 and "
        "over. Jobseekers out of work for a year or more represented 27.4% of all "
        "jobseekers in 2022.",
    )
    result = ask("In 2022, what share of jobseekers had been out of work for a year?", [p])
    assert "27.4%" in result.answer and "31.0%" not in result.answer, result.answer
    group = ask("In 2022, what share of jobseekers aged 50 and over were out of work for a year?",
                [p])  # fmt: skip
    assert "31.0%" in group.answer


def test_money_by_the_unit_is_not_answered_by_a_sum():
    p = passage("r", "The average harbour fund closed in 2014 was about $95 million.")
    asked = "What price per tonne of cargo did shippers pay on average in 2014?"
    assert ask(asked, [p]).status == "abstained"
    priced = passage("s", "In 2014 shippers paid on average $12.50 per tonne of cargo.")
    assert "$12.50" in ask(asked, [priced]).answer


def test_a_publishers_acronym_before_report_names_its_report_though_others_cite_it():
    audit = passage("a", "The Harbour Audit Office (HAO) reviewed ferry subsidies. HAO found "
                    "that 12 of 40 routes ran at a loss.",
                    title="HAO review of ferry subsidies")  # fmt: skip
    other = passage("b", "A 2021 HAO study counted 40 subsidised routes.", n=2,
                    title="Transport Digest")  # fmt: skip
    stats = _stats_of(audit, other)
    assert stats.hints("How many routes ran at a loss according to this HAO review?").doc_ids == {
        "a"
    }
    assert stats.hints("How many routes did HAO count?").doc_ids == set()
    assert stats.used_by("congress", {"a"}) is False
    assert stats.used_by("harbo", {"a"}) and not stats.used_by("harbo", {"b"})


def test_a_count_of_things_named_past_an_acronym_is_a_count_of_those_things():
    from reportqa.answering.quantity_identity import answering_quantity

    p = passage("r", "Congenital cases were reported in 28 EU/EEA countries in 2021.")
    frame = analyse("How many congenital cases were reported in 2021?")
    assert answering_quantity(frame, candidates_of(p, 0)[0]) is None
    counted = analyse("How many countries reported congenital cases in 2021?")
    assert answering_quantity(counted, candidates_of(p, 0)[0]).text == "28"


def test_a_unit_word_inside_the_counted_phrase_does_not_make_it_a_share():
    assert analyse("How many variable rate loans did the lender approve in 2024?").unit == "count"
    assert analyse("How many percentage points did the jobless rate fall in 2024?").unit == "%"
    p = passage("r", "In 2024 the lender approved 310 variable rate loans and 12 fixed ones.")
    assert "310" in ask("How many variable rate loans did the lender approve in 2024?", [p]).answer


def test_basis_points_are_a_rate_spread_that_answers_a_question_in_per_cent():
    p = passage(
        "r",
        "Over 2024 the overnight lending rate, on average, stayed 9 bps above the harbour "
        "authority's benchmark rate.",
    )
    result = ask("On average, how far was the overnight lending rate from the benchmark rate "
                 "in 2024?", [p])  # fmt: skip
    assert result.status == "answered" and "9 bps" in result.answer, result.answer


def test_a_level_reached_of_a_base_is_the_subjects_level_within_the_year():
    p = passage(
        "r",
        "To ease funding stress, the deposit reserve ratio was cut by 50 bps to 4.5 per cent "
        "of eligible deposits in two steps during March-May 2024.",
    )
    result = ask("To what level did the authority cut the deposit reserve ratio in 2024?", [p])
    assert result.status == "answered" and "4.5 per cent" in result.answer, result.answer
    # "per cent of eligible deposits" is still another thing's share when the clause
    # before it speaks of something else
    other = passage("s", "Audits were held at 40 per cent of eligible branches in 2024.")
    assert ask("What was the deposit reserve ratio in 2024?", [other]).status == "abstained"


def test_a_rate_per_population_and_a_total_over_years_are_no_count_of_one_year():
    p = passage(
        "r",
        "Between 2015 and 2022, more than 9 000 measles cases were reported. In 2022 the "
        "notification rate was 12.5 cases per 100 000 population.",
    )
    result = ask("How many measles cases were reported in 2022?", [p])
    assert result.status == "abstained", result.answer
    asked_span = ask("How many measles cases were reported between 2015 and 2022?", [p])
    assert "9 000" in asked_span.answer, asked_span.answer


def test_what_a_count_counts_is_its_head_noun_not_a_shared_word():
    p = passage("r", "In 2022, 4 120 confirmed malaria cases were reported by the clinics.")
    assert ask("How many malaria tests were performed in 2022?", [p]).status == "abstained"
    cases = ask("How many cases of malaria were reported in 2022?", [p])
    assert "4 120" in cases.answer, cases.answer
    spelled = passage("s", "The valley has had four consecutive poor or failed rainy seasons.")
    result = ask("After how many consecutive failed rainy seasons is the valley?", [spelled])
    assert "four consecutive" in result.answer, result.answer


def test_a_rival_value_must_answer_the_question_itself():
    count = passage("r", "In 2022, 4 120 malaria cases were reported by the clinics.")
    rate = passage("s", "In 2022, malaria cases reported by the clinics were 13 cases per "
                   "100 000 population.", title="Clinic Notes")  # fmt: skip
    result = ask("How many malaria cases were reported by the clinics in 2022?", [count, rate])
    assert result.status == "answered" and "4 120" in result.answer, result.answer


@pytest.mark.parametrize(
    "line, reference",
    [
        ("187. A. Moreau and T. Lind, “New Harbour Crabs: 24 Species Described,” Coastal "
         "Notes, 12 (2026), pp. 1-16.", True),
        ("106. Port Co., Application for a Dredging Licence, July 2025, p. 23 (hereinafter "
         "Port Co., Application).", True),
        ("49. See Infographic IG1, Dredging in the Bay, by A. Moreau and T. Lind.", True),
        ("12. For example, see the Statement of A. Moreau, Harbour Institute, in Harbour "
         "Committee, Hearing on Dredging, May 23, 2012, p. 222.", True),
        ("46. As of April 14, 2026, the board had 172 members (171 ports and the union).", False),
        ("According to the operator, “the port currently holds an exclusive right of "
         "negotiation for land sufficient to develop a domestic processing site for the "
         "operator and other developers, with the decision conditional on support.”", False),
        ("The bay was dredged in 2024 (see p. 12).", False),
    ],
)  # fmt: skip
def test_a_notes_bare_reference_to_a_work_says_nothing(line, reference):
    from reportqa.text import is_reference_entry

    assert is_reference_entry(line) is reference


def test_reference_entries_and_source_lines_answer_no_figure_question():
    notes = passage(
        "r",
        "187. A. Moreau and T. Lind, “New Harbour Crabs: 24 Species Described,” Coastal "
        "Notes, 12 (2026), pp. 1-16. Source: Survey created by the Harbour Institute, 2024.",
    )
    assert ask("How many crab species were described in 2026?", [notes]).status == "abstained"
    said = passage("s", "In 2026, 24 new crab species were described in the bay.", n=2)
    assert "24 new crab species" in ask("How many crab species were described in 2026?",
                                         [notes, said]).answer  # fmt: skip


def test_a_who_or_which_question_prefers_the_sentence_naming_someone_it_does_not():
    p = passage(
        "r",
        "The ride data were collected through a smartphone platform under a contract. "
        "The smartphone platform and its contract belonged to Premise, a data company.",
    )
    question = "Which company's smartphone platform and contract collected the ride data?"
    frame = analyse(question)
    first, second = candidates_of(p, 0)
    assert features(frame, first)["new_name"] == 0.0
    assert features(frame, second)["new_name"] == 1.0
    plain, naming = ScoreWeights(new_name=0.0), ScoreWeights(new_name=1.0)
    gap = weighted(features(frame, second), naming) - weighted(features(frame, first), naming)
    assert gap > weighted(features(frame, second), plain) - weighted(features(frame, first), plain)
    assert "new_name" not in features(analyse("What was collected on the rides?"), first)


def test_a_question_naming_tonnes_takes_only_tonnes():
    worth = passage("r", "In 2023 the port exported grain worth 140 shiploads to its neighbours.")
    asked = "How many tonnes of grain did the port export to its neighbours in 2023?"
    assert ask(asked, [worth]).status == "abstained"
    weighed = passage("s", "In 2023 the port exported 12,000 tonnes of grain to its neighbours.")
    assert "12,000 tonnes" in ask(asked, [worth, weighed]).answer


def test_the_items_of_an_announced_list_are_read_past_a_table_set_among_them():
    lead = passage("s", "Accordingly, the clinic board has set the following goals:", n=1)
    texts = [("Quarter\tVisits\nQ1\t120\nQ2\t140", "table"), ("• Reviewing staff rotas;", "prose"),
             ("Chart 2: Visits by month (number)", "box"), ("• Opening a second ward.", "prose"),
             ("The board met four times.", "prose")]  # fmt: skip
    after = [passage("s", text, n=n, kind=kind) for n, (text, kind) in enumerate(texts, start=2)]
    for p in after:
        p.section = lead.section
    result = _ask_with_shelf("What goals has the clinic board set?", [lead], [lead, *after])
    assert "staff rotas" in result.answer and "second ward" in result.answer, result.answer
    assert "met four times" not in result.answer


def test_a_phrase_quoting_a_reports_title_names_it_with_its_other_words():
    survey = passage("a", "The employment rate of the working age population was 65.6% in 2020.",
                     title="LABOUR FORCE IN ARCADIA")  # fmt: skip
    brief = passage("b", "Food security in Arcadia and Borduria fell as the conflict spread.",
                    n=2, title="Food security and armed conflict: Policy brief")  # fmt: skip
    other = passage("c", "Labour force surveys in Borduria count food security each quarter.",
                    n=3, title="Survey methods")  # fmt: skip
    stats = _stats_of(survey, brief, other)
    asked = ("What was the employment rate in 2020, according to the NSI Labour Force in "
             "Arcadia: Employment and Unemployment 2020 report?")  # fmt: skip
    hints = stats.hints(asked)
    assert hints.doc_ids == {"a"} and "nsi" in hints.terms
    lens = Lens(analyse(asked), stats, hints)
    assert "nsi" not in lens.names  # the publisher's initials name the report
    outlook = stats.hints("Who produced this Borduria Food Security Outlook?")
    assert "b" not in outlook.doc_ids


def test_a_list_of_tables_set_as_a_table_is_no_answer():
    text = (
        "Table 1.1 : Land and Water Area by District\t2\tTable 1.7 : Fishing Households, "
        "2024\t6\nDistrict\tHouseholds\nHarbourside\t1,240"
    )
    contents = passage("r", text, kind="table")
    texts = [c.text for c in candidates_of(contents, 0)]
    assert not any(t.startswith("Table 1.1") for t in texts)
    assert "Harbourside\t1,240" in texts


def test_a_place_named_only_in_the_reports_bodies_is_where_the_report_is_set():
    from reportqa.corpus_stats import _setting_of

    bulletin = [
        passage("f", "Total national timber output in 2024 was 52,310 Mt.", n=1),
        passage(
            "f",
            "Source: Central Bank of Arcadia; National Accounts of Arcadia, revised base year",
            n=2,
        ),  # fmt: skip
        passage("f", "Source: Forestry Development Authority of Arcadia", n=3),
    ]
    records = [DocumentRecord(doc_id="f", source="f.pdf", path="f.pdf", content_hash="f",
                              title="Annual Timber Bulletin")]  # fmt: skip
    stats = CorpusStats.build(records, bulletin)
    assert stats.settings == {"f": {"arcadia"}}
    asked = "What was Arcadia's total national timber output in 2024?"
    lens = Lens(analyse(asked), stats, stats.hints(asked))
    assert lens.missing_names(bulletin[0].text, "f") == []
    # every passage of the report speaks of it: its name tells none of them apart
    alone = lens.coverage(bulletin[0].text)
    assert lens.coverage(bulletin[0].text, "f") > alone
    assert lens.coverage(f"Arcadia: {bulletin[0].text}", "f") == lens.coverage(
        bulletin[0].text, "f"
    )
    # a place the report also names in its sentences is a subject, not the setting
    assert _setting_of("Bank of Borduria. Ministry of Borduria. Office of Borduria. "
                       "Growth in Borduria slowed.") == set()  # fmt: skip
    # one kind of body is a name, not a setting ("Bank of America")
    assert _setting_of("Bank of Arcadia lent more. Bank of Arcadia said so.") == set()


def test_a_rows_unit_cell_gives_its_bare_figures_that_unit():
    from reportqa.answering.candidates import row_quantities

    found = row_quantities("2.1\tTimber felled\tMt.\t4,120\t3,980", "")
    # the row's number orders the rows: it is not one of its figures
    assert [(q.value, q.unit) for q in found] == [(4120, "t"), (3980, "t")]
    (q,) = row_quantities("Timber felled\t4,120", "Table 3: Harvest by region (metric tons)")
    assert (q.value, q.unit) == (4120, "t")
    # a row with no unit cell, under a header with none, stays bare
    assert [q.unit for q in row_quantities("Pine\t12\t14", "Stands by region")] == ["", ""]
    # the numbers of a label of words name the row: "9" and "15-24" are no figures of it
    assert row_quantities("9 Stands aged 15-24\tha\tna\tna", "") == ()


def test_a_columns_own_unit_outranks_the_tables():
    from reportqa.answering.candidates import Candidate, row_quantities, sentence_text

    header = ("Region", "Timber (t)", "Share (%)", "Grants (US$ million)", "Plots")
    found = row_quantities("Upland\t4,120\t31.5\t2.5\t17", "Harvest by region (tonnes)", header)
    # a share stays a share though the caption speaks of tonnes; an amount takes its
    # header's currency and scale; a column that states no unit takes the table's
    assert [(q.value, q.unit) for q in found] == [
        (4120, "t"), (31.5, "%"), (2.5e6, "USD"), (17, "t")
    ]  # fmt: skip
    table = passage(
        "t", "Harvest by region\nRegion\tTimber (t)\t%\nUpland\t4,120\t31.5", kind="table"
    )
    row = Candidate(table, 0, 0, 0, "Upland\t4,120\t31.5")
    # the sentence an answer quotes writes the share as one
    assert "%: 31.5%" in sentence_text(row) and "4,120;" in sentence_text(row)


def test_a_rows_label_states_its_unit_and_a_columns_words_only_its_own():
    from reportqa.answering.candidates import Candidate, row_quantities, sentence_text

    # "(millions of dollars)" in a row's label: its cells are dollars, at that scale
    found = row_quantities("Port dues (millions of dollars)\t3 283\t18 037", "")
    assert [(q.value, q.unit) for q in found] == [(3283e6, "USD"), (18037e6, "USD")]
    (share,) = row_quantities("Berths let (percentage)\t41.5", "")
    assert (share.value, share.unit) == (41.5, "%")
    # a header naming a share over one column: the totals beside it are no shares
    context = "Table 5. Mooring targets\nYEAR\tTOTAL\tPERCENT REDUCTION"
    header = ("YEAR", "TOTAL", "PERCENT REDUCTION")
    total, cut = row_quantities("2031\t136,000\t12.0", context, header)
    assert (total.value, total.unit) == (136_000, "") and (cut.value, cut.unit) == (12.0, "%")
    # rows only, the caption set apart: the row written with its label's unit
    rows = "Berths let (percentage)\t40.1\t41.5\nPort dues (millions of dollars)\t3 283\t18 037"
    row = Candidate(passage("t", rows, kind="table"), 0, 0, 0, rows.split("\n")[1])
    assert "US$18 037 million" in sentence_text(row)


def test_a_numbered_rows_label_is_the_cell_after_its_number():
    from reportqa.answering.candidates import Candidate

    table = passage(
        "t", "Harvest\t\t2023\t2024\n2.1\tTimber felled\tMt.\t4,120\t3,980", kind="table"
    )
    row = Candidate(table, 0, 0, 0, "2.1\tTimber felled\tMt.\t4,120\t3,980")
    assert row.first_cell == "Timber felled"


MEASLES_TABLE = (
    "Table 1. Confirmed measles cases by country, 2021\n"
    "Country\t2020\t2021\n"
    "Norway\t140\t120\n"
    "Iceland\t12\t9"
)


def test_a_table_counts_what_its_caption_says_it_counts():
    table = passage("m", MEASLES_TABLE, kind="table")
    result = ask("How many measles cases did Norway report in 2021?", [table])
    assert result.status == "answered" and "120" in result.answer
    result = ask("How many measles deaths did Norway record in 2021?", [table])
    assert result.status == "abstained", result.answer


def test_a_count_of_cases_of_one_kind_is_not_answered_by_all_cases():
    from reportqa.answering.scoring import counted_kind

    assert counted_kind("How many cases of congenital measles were reported?") == {
        "congenit",
        "measl",
    }
    assert counted_kind("How many rounds of talks took place?") == {"talk"}
    assert counted_kind("How many deaths from measles were recorded?") == set()
    prose = passage("m", "In 2021, 4 120 confirmed measles cases were reported in 28 countries.")
    result = ask("How many cases of congenital measles were reported in 2021?", [prose])
    assert result.status == "abstained", result.answer
    result = ask("How many cases of measles were reported in 2021?", [prose])
    assert result.status == "answered" and "4 120" in result.answer


def test_a_measure_of_one_kind_is_not_answered_by_the_same_unit_of_another():
    prose = passage(
        "d",
        "Adults should keep sugar intake below 25 g per day to limit tooth decay. Most "
        "adults eat about 18 g of oily fish per day.",
    )
    result = ask("How many grams of dietary protein per day does the guide recommend?", [prose])
    assert result.status == "abstained", result.answer
    result = ask("How many grams of sugar per day does the guide recommend for adults?", [prose])
    assert result.status == "answered" and "25 g" in result.answer, result.answer


def test_how_large_asks_for_a_size_in_a_unit_not_a_bare_figure_or_a_span_of_time():
    assert analyse("How large is the Kestrel Basin?").unit == "number"
    assert analyse("How large is the fine, in euros?").unit == "money"
    prose = passage(
        "k",
        "Survey teams returned to the Kestrel Basin 6 times over a two-year campaign. The "
        "Kestrel Basin is roughly 48,000 square kilometres, most of it grassland.",
    )
    result = ask("How large is the Kestrel Basin?", [prose])
    assert result.status == "answered" and "48,000 square kilometres" in result.answer, (
        result.answer
    )
    assert "two-year" not in result.answer
    # a figure in another unit is no rival value for the size
    river = passage("r", "The Kestrel Basin is drained by a river that runs 410 km.", n=2)
    result = ask("How large is the Kestrel Basin?", [prose, river])
    assert result.status == "answered", result.answer


def test_the_words_naming_the_unit_asked_are_said_by_the_figures_unit():
    from reportqa.answering.lens import unit_word_stems

    asked = "What was the total timber output of the valley in 2024, in metric tons?"
    assert unit_word_stems(analyse(asked)) == {"metric", "ton"}
    assert unit_word_stems(analyse("How many sawmills closed in 2024?")) == set()
    lens = Lens(analyse(asked))
    said = lens.coverage("Timber output of the valley, 2024: 6,150 tonnes")
    assert lens.coverage("Timber output of the valley (Mt)") == said == 1.0
    assert lens.coverage("Timber output of the valley (ha)") < said
    table = passage(
        "t",
        "Table 3: Timber output of the valley by district (Mt)\nDistrict\t2023\t2024\n"
        "Upper\t2,100\t2,300\nTotal\t5,900\t6,150",
        kind="table",
    )
    other = passage("u", "Sawmills in the valley employed 410 people in 2024.", n=2)
    result = ask(asked, [table, other])
    assert result.status == "answered" and "6,150" in result.answer, result.answer


def test_a_header_set_on_many_lines_over_its_columns_names_each_column():
    from reportqa.answering.candidates import table_parts

    table = (
        "Table 6: Timber felled by kind of forest (Mt)\n"
        "\tState forest\t\t\tAll\n"
        "\t\tCommunity\tPrivate\tforests\n"
        "Year\tNorth\t\t\t\n"
        "\t\tforest\tplots\t\n"
        "2023\t1,200\t300\t95\t1,595\n"
        "2024\t1,150\t320\t90\t1,560"
    )
    assert table_parts(table)[1] == (
        "Year", "State forest North", "Community forest", "Private plots", "All forests",
    )  # fmt: skip
    result = ask("How much timber was felled in community forest in 2024?", [
        passage("t", table, kind="table")])  # fmt: skip
    assert "Community forest: 320" in result.answer, result.answer


def test_a_hyphenated_name_is_spoken_of_by_the_initials_of_each_part():
    from reportqa.answering.question import name_runs

    asked = "How many wells were drilled in the Harrow-Linton Basin in 2024?"
    assert name_runs(asked) == [(["harrow", "linton", "basin"], "HLB")]
    lens = Lens(analyse(asked))
    assert lens.missing_names("In 2024, 40 wells were drilled in the HLB.") == []
    assert lens.missing_names("In 2024, 40 wells were drilled in the HB.") != []


def test_a_demonym_is_spoken_of_by_its_places_name():
    lens = Lens(analyse("What share of Veldorian adults finished upper secondary school?"))
    assert lens.missing_names("In Veldoria, 81% of adults finished upper secondary.") == []
    # a report on the place need not name it in every passage (its title does)
    own = passage("v", "81% of adults finished upper secondary.", title="Veldoria (EN)")
    other = passage("w", "81% of adults finished upper secondary.", n=2, title="Arcadia")
    stats = _stats_of(own, other)
    asked = "What share of Veldorian adults finished upper secondary school?"
    lens = Lens(analyse(asked), stats, stats.hints(asked))
    assert lens.missing_names(own.text, "v") == []
    assert lens.missing_names(other.text, "w") != []
    # a name only sharing its first letters is another name
    lens = Lens(analyse("How many migrants reached Austria in 2024?"))
    assert lens.missing_names("In 2024, 4,100 migrants reached Australia.") != []


def test_a_groups_average_does_not_answer_for_the_place_asked():
    average = passage("v", "On average across the Union, 12.9% of economically active young "
                      "adults without an upper secondary qualification are unemployed.",
                      score=0.95, title="Veldoria (EN)")  # fmt: skip
    own = passage("v", "The pattern is similar in Veldoria: 15.5% of young adults without "
                  "that qualification are unemployed.", n=2, score=0.8,
                  title="Veldoria (EN)")  # fmt: skip
    asked = ("What is the unemployment rate among Veldorian young adults without an upper "
             "secondary qualification?")  # fmt: skip
    result = ask(asked, [average, own])
    assert "15.5%" in result.answer and "12.9%" not in result.answer, result.answer
    # asked for the average, the average answers
    result = ask(asked.replace("What is the unemployment rate", "What is the average "
                               "unemployment rate"), [average, own])  # fmt: skip
    assert "12.9%" in result.answer, result.answer


def test_a_figure_without_a_year_is_not_of_a_year_after_its_report():
    survey = passage("r", "Among the working-age population, the unemployment rate was 5.0%.")
    # the report is of May 2023: its undated figure is not the rate of 2025
    assert ask("What was the unemployment rate in 2025?", [survey]).status == "abstained"
    result = ask("What was the unemployment rate in 2023?", [survey])
    assert result.status == "answered" and "5.0%" in result.answer


def test_a_name_picking_a_report_out_is_needed_in_another_reports_passage():
    own = passage("a", "In 2021, GDP grew by 7.1 per cent.", title="The Arcadian economy")
    other = passage("b", "In 2021, growth in advanced economies was 5.4 per cent.", n=2,
                    title="World outlook")  # fmt: skip
    stats = _stats_of(own, other)
    asked = "How much did the Arcadian economy grow in 2021?"
    lens = Lens(analyse(asked), stats, stats.hints(asked))
    assert lens.hints.doc_ids == {"a"}
    # the report the name picks out need not repeat it; another report must say it
    assert lens.missing_names(own.text, "a") == []
    assert lens.missing_names(other.text, "b") == ["arcadian"]
    assert lens.missing_names("Arcadian growth was 5.4 per cent in 2021.", "b") == []


def test_in_a_table_of_years_the_row_of_the_year_asked_answers():
    table = passage(
        "y",
        "Table 5. Mooring dues targets\nYEAR\tTOTAL\tCUT\n2008\t154,537\tBaseline\n"
        "2030\t140,600\t9.0%\n2031\t136,000\t12.0%",
        kind="table",
    )
    # the baseline's row says "baseline", but 2031's is the row asked
    result = ask("What cut from the 2008 baseline is targeted for 2031?", [table])
    assert result.status == "answered" and "12.0%" in result.answer, result.answer
    assert "Baseline" not in result.answer


def test_a_rate_asked_is_answered_only_by_a_rate_of_its_kind():
    ratio = passage("r", "The harbour's debt-to-revenue ratio was 98 percent in 2030.", n=1)
    asked = "What was the harbour vacancy rate in 2030?"
    assert ask(asked, [ratio]).status == "abstained"
    vacancy = passage("r", "The harbour's berth vacancy rate was 4.1 percent in 2030.", n=2)
    result = ask(asked, [ratio, vacancy])
    assert result.status == "answered" and "4.1 percent" in result.answer
    assert "98" not in result.answer
    # the acronym the question gives the rate stands for it
    short = passage("r", "In 2030 the MFR stood at 3.5 percent of the berth price.", n=3)
    result = ask("What was the mooring fee rate (MFR) in 2030?", [short])
    assert result.status == "answered" and "3.5 percent" in result.answer
    # "the average rate" names no kind: any rate the passage gives may answer
    from reportqa.answering.scoring import rate_kind

    assert rate_kind("What was the average rate in 2030?") is None


def test_a_total_asked_is_answered_by_the_total_not_by_a_share_of_it():
    p = passage(
        "c",
        "Overall, the total emissions from the ferry fleet in 2019 equal 48,210 tons of CO2, "
        "up 2.4% from the previous year. For the fleet's diesel exhaust emissions, the two "
        "oldest vessels make up 35% of annual emissions.",
        title="Harbour Climate Plan",
    )
    result = ask("What were total diesel exhaust emissions from the ferry fleet in 2019?", [p])
    assert "48,210 tons" in result.answer
    assert analyse("What were total diesel exhaust emissions in 2019?").unit == "amount"
    assert analyse("What was the total number of ferries in 2019?").unit == "count"


def test_a_name_and_words_written_by_their_initials_are_said():
    p = passage(
        "t",
        "DOT holds approximately 41.2 percent of the government's reported PP&E of $2.1 "
        "trillion. Rail passengers received a 2.5 percent COLA in 2024.",
        title="Transport Finance Summary",
    )
    # the report spells the names out once, elsewhere
    spelled = "The Department of Transport (DOT) reports on property, plant and equipment (PP&E)."
    other = passage("t", spelled, n=2, title="Transport Finance Summary")
    shelf = [p, other]
    asked = (
        "What share of the reported property, plant and equipment belongs to the "
        "Department of Transport?"
    )
    assert "41.2 percent" in ask(asked, [p], shelf=shelf).answer
    cola = "What percentage cost-of-living adjustment did rail passengers receive in 2024?"
    assert "2.5 percent" in ask(cola, [p], shelf=shelf).answer


def test_the_size_of_a_change_does_not_answer_a_level():
    p = passage(
        "r",
        "Rail operating costs increased $41.3 million in 2024 due largely to fuel prices. "
        "Rail operations cost $512.6 million in 2024, the board reported.",
        title="Transit Finance Review",
    )
    level = ask("What were rail operating costs in 2024?", [p])
    assert "$512.6 million" in level.answer and "$41.3 million" not in level.answer
    change = ask("By how much did rail operating costs increase?", [p])
    assert "$41.3 million" in change.answer


def test_a_unit_word_inside_a_compound_modifier_is_not_the_unit_asked():
    frame = analyse("What cost-of-living adjustment did pensioners receive in 2024?")
    assert frame.unit is None
    assert analyse("What was the cost of living index in 2024?").unit == "money"


def test_a_target_is_not_the_level_reached_unless_asked():
    p = passage(
        "w",
        "For the end of 2023, the water board set a goal of cutting its repair queue to 300 "
        "mains. At the end of 2023 the repair queue stood at 1,140 mains.",
        title="Water Board Annual Report",
    )
    result = ask("How large was the water board's repair queue at the end of 2023?", [p])
    assert "1,140 mains" in result.answer and "300 mains" not in result.answer
    asked = ask("What was the water board's goal for the repair queue in 2023?", [p])
    assert "300 mains" in asked.answer


def test_words_quoting_another_reports_title_are_asked_of_this_one():
    """ "the Harbour Authority's rates" asked of an outlook: the words name a report on the
    shelf (its accounts), but an outlook's sentence must still say them."""
    accounts = passage(
        "a", "The accounts closed with a surplus of 4%.", title="Harbour Authority Accounts"
    )
    notice = passage("c", "Berths reopen in May.", title="Harbour Authority Berth Notice")
    rail = passage(
        "b", "Rail freight rates are projected to rise to a peak of 3.5 percent in 2024.",
        n=1, title="Regional Freight Outlook",
    )  # fmt: skip
    harbour = passage(
        "b", "The Harbour Authority’s rates will rise to 6.2 percent in 2024.",
        n=2, title="Regional Freight Outlook",
    )  # fmt: skip
    result = ask(
        "To what peak will the Harbour Authority’s rates rise in 2024?",
        [rail, harbour],
        shelf=[accounts, notice, rail, harbour],
    )
    assert "6.2 percent" in result.answer and "3.5 percent" not in result.answer


def test_which_row_is_highest_is_read_off_a_table_behind_a_sentence_on_the_whole():
    whole = passage(
        "clinics", "The median waiting time across the four clinics was 21 days in 2023.",
        n=1, title="Clinic Access Review",
    )  # fmt: skip
    rows = passage(
        "clinics",
        "Northgate\t18\nRiverside\t34\nHillcrest\t12\nOakfield\t25",
        n=2,
        kind="table",
        title="Clinic Access Review",
    )
    result = ask("Which clinic had the highest median waiting time in 2023?", [whole, rows])
    assert "Riverside" in result.answer, result.answer
    # a sentence that says which is highest answers itself
    said = passage(
        "clinics", "Riverside had the highest median waiting time in 2023, at 34 days.",
        n=1, title="Clinic Access Review",
    )  # fmt: skip
    rows_again = passage("clinics", "Hillcrest\t12\nOakfield\t25\nNorthgate\t18", n=2,
                         kind="table", title="Clinic Access Review")  # fmt: skip
    result = ask("Which clinic had the highest median waiting time in 2023?", [said, rows_again])
    assert "Riverside had the highest" in result.answer


def test_a_unit_stated_at_the_end_of_a_question_is_its_unit():
    # "how much of" cues a share, but the asker says the unit
    assert analyse("How much of the 2023 cargo came through the east quay (tonnes)?").unit == "t"
    assert analyse("How much of the 2023 cargo came through the east quay, in tonnes?").unit == "t"
    assert analyse("How much of the 2023 cargo came through the east quay?").unit == "%"


def test_a_row_of_the_year_in_another_unit_is_no_gap_in_the_measure_asked():
    shares = passage(
        "lib",
        "Indicator\tUnit\t2022\t2023\n1 Share of libraries in council spending\t%\t1.1\t0.9",
        n=1,
        kind="table",
        score=0.7,
    )
    money = passage(
        "lib",
        "Table 8. Council spending on libraries, share of all services (Rs. Mn)\n"
        "Year\tAll services\tLibraries\n2023\t29,898\t243",
        n=2,
        kind="table",
        score=1.0,
    )
    result = ask("What share of council spending went to libraries in 2023?", [shares, money])
    assert result.status == "answered" and "0.9" in result.answer, result.answer
    assert "29,898" not in result.answer


def test_a_year_a_sentence_compares_with_is_not_the_figure_year():
    wait = passage(
        "clinic",
        "Triage staff now share intake forms through one secure system. In addition, the "
        "clinic cut the average wait in the triage model to 41 minutes, a 6 minute "
        "improvement over FY 2020.",
    )
    cover = passage("clinic", "Clinic Annual Performance Report, FY 2021", n=2)
    result = ask(
        "How long was the average wait under the triage model in FY 2021?", [wait], [wait, cover]
    )
    assert result.status == "answered" and "41 minutes" in result.answer, result.answer


def test_a_dollar_value_asks_for_money():
    assert analyse("What is the estimated dollar value of the cargo landed at the quay?").unit == (
        "money"
    )
    # so a sentence without any sum does not answer it
    quay = passage("q", "The quay is estimated to land more timber than all other ports combined.")
    assert ask(
        "What is the estimated dollar value of the timber landed at the quay?", [quay]
    ).status == ("abstained")


def test_how_much_of_a_thing_asks_for_a_figure():
    assert analyse("How much sediment do the storm drains carry to the bay each year?").intent == (
        "numeric"
    )
    # a change keeps its reading: "how much did it grow" is answered as before
    assert analyse("How much did the harbour's cargo grow in 2021?").unit is None
    drains = passage(
        "bay",
        "Another gap is sediment carried by storm drains near the waterfront, which the "
        "model does not capture.",
    )
    asked = "How much sediment do the storm drains carry to the bay each year?"
    assert ask(asked, [drains]).status == "abstained"


def test_an_address_block_gives_no_figures():
    contact = passage(
        "lib",
        "County Library Service 410 North Main Street, Suite 300 Dover, Delaware 19901 "
        "Phone: 302.555.0142 Fax: 302.555.0199 www.library.example.gov",
    )
    result = ask("How many branch libraries does the County Library Service run?", [contact])
    assert result.status == "abstained", result.answer


def test_numbers_that_label_a_note_a_law_or_a_paragraph_are_no_values():
    notes = passage(
        "grants",
        "14. P.L. 117-328 and explanatory statements on library grants for FY2025.",
        kind="footnotes",
    )
    result = ask("How many library grants were made in FY2025?", [notes])
    assert result.status == "abstained", result.answer
    legal = passage("grants", "12. Library grants: 7 C.F.R. §4274.330.", n=2, kind="footnotes")
    result = ask("How many library grants were made?", [legal])
    assert result.status == "abstained", result.answer


def test_contact_blocks_and_legal_references_are_told_from_sentences():
    from reportqa.text import is_contact_block, is_reference_entry

    assert is_contact_block("Harbour Office, 12 Quay Road Phone: 01632 960 123")
    assert is_contact_block("Copies: call (202) 555-0148.")
    assert not is_contact_block("The telephone survey reached 1,200 households in 2021.")
    assert not is_contact_block("Between 2010 and 2015 some 300 500-1000 tonne loads")
    assert is_reference_entry("12. 7 C.F.R. §4274.330.")
    assert not is_reference_entry("Under § 4274 the agency must report on every loan.")


def test_a_figure_attributed_to_someone_is_not_a_question_on_sources():
    asked = "What was the harbour's vacancy rate in 2024, as cited by the port board?"
    assert analyse(asked).intent == "numeric"
    assert analyse("Which survey does the port board cite for the 2024 vacancy rate?").intent == (
        "source"
    )
    cited_in = "How much cargo was landed, according to board figures cited in the review?"
    assert analyse(cited_in).intent == "numeric"
    assert analyse(
        "According to the review, which study is cited for the cargo figure?"
    ).intent == ("source")
    rate = passage("p", "The harbour's berth vacancy rate rose to 6.2% in 2024, the board said.")
    result = ask(asked, [rate])
    assert result.status == "answered" and "6.2%" in result.answer, result.answer


def test_a_sentence_cut_off_before_its_bulleted_list_brings_the_items():
    lead = passage(
        "lib",
        "The county library set up several services through the reading fund,⁴ including the",
        n=1,
    )
    items = [
        passage("lib", "• Home Delivery Service, which brings books to housebound readers;", n=2),
        passage("lib", "• Story Hour Programme, which runs weekly sessions for toddlers; and", n=3),
        passage("lib", "• Digital Lending Desk, which lends tablets to members.", n=4),
    ]
    result = ask(
        "Which services has the county library set up through the reading fund?",
        [lead],
        [lead, *items],
    )
    assert result.status == "answered", result.answer
    for service in ("Home Delivery Service", "Story Hour Programme", "Digital Lending Desk"):
        assert service in result.answer, result.answer


def test_what_a_report_is_about_need_not_be_said_in_every_passage():
    from reportqa.corpus_stats import _SUBJECT_MIN_PASSAGES

    # a review of one country's ports: a third of its passages name the country, and
    # its cover (page 1) names the harbour the inquiry is about
    n = _SUBJECT_MIN_PASSAGES + 10
    review = [passage("r", "Port Review of Arcadia. An inquiry into the collision near "
                      "Eastholm harbour", n=1, title="Final report")]  # fmt: skip
    for i in range(2, n + 1):
        text = (f"Arcadia levied dues of {i} percent on bulk cargo." if i % 3 == 0
                else f"Dues on bulk cargo were {i} percent in the east basin.")  # fmt: skip
        review.append(passage("r", text, n=i, title="Final report"))
    other = passage("o", "Borduria levied dues of 4 percent on bulk cargo.", n=1,
                    title="Borduria ports")  # fmt: skip
    stats = _stats_of(*review, other)
    assert {"arcadia", "eastholm"} <= stats.subjects["r"]
    assert "arcadia" not in stats.subjects.get("o", set())
    for asked in ("What dues does Arcadia's east basin levy on bulk cargo?",
                  "What dues were levied on bulk cargo near Eastholm?"):  # fmt: skip
        lens = Lens(analyse(asked), stats, stats.hints(asked))
        assert lens.missing_names(review[4].text, "r") == [], asked
        # another report must still say the name
        assert lens.missing_names(other.text, "o"), asked


def test_the_rows_of_a_tables_later_passage_read_under_its_header():
    from reportqa.answering.candidates import table_head

    caption = "Table 4: Projected population by county"
    first = passage("t", f"{caption}\nCounty\t2020\t2035\t2050\nAlder County\t1,200\t1,150\t1,100",
                    n=1, kind="table")  # fmt: skip
    later = passage("t", "Birch County\t3,100\t3,400\t3,900\nCedar County\t850\t800\t760",
                    n=2, kind="table")  # fmt: skip
    for p in (first, later):
        p.section = caption
    shelf = _Shelf(first, later)
    before = lambda p: shelf.neighbours(p.chunk_id)[0]  # noqa: E731
    context, header = table_head(later, before, reach=3)
    assert header == ("County", "2020", "2035", "2050") and caption in context
    assert table_head(first, before, reach=3) is None  # it has its own
    assert table_head(later, before, reach=0) is None
    question = "What 2050 population does the bureau project for Birch County?"
    stats = _stats_of(first, later)
    lens = Lens(analyse(question), stats, stats.hints(question))
    answerer = Answerer(Settings(embedding={"backend": "fake"}), retriever=shelf)  # type: ignore[arg-type]
    result = answerer._answer(question, [later], lens)
    assert result.status == "answered" and "3,900" in result.answer, result.answer
    assert "2050: 3,900" in result.answer  # the cell is read under its column's year


def test_a_figure_for_a_year_the_report_never_writes_is_not_given():
    scope = passage("p", "These projections run from 2020 to 2050.", n=1)
    figure = passage("p", "The county's population is projected to reach 43,900 people.", n=2)
    stats = _stats_of(scope, figure)
    assert stats.years["p"] == {2020, 2050}
    answerer = Answerer(Settings(embedding={"backend": "fake"}), retriever=object())  # type: ignore[arg-type]
    for year, status in ((2060, "abstained"), (2050, "answered")):
        question = f"What population is projected for the county in {year}?"
        lens = Lens(analyse(question), stats, stats.hints(question))
        assert answerer._answer(question, [figure], lens).status == status, year


def test_a_number_joined_to_a_word_counts_only_what_that_word_names():
    from reportqa.answering.quantity_identity import answering_quantity

    board = passage("b", "Appeals go to the 9-member harbour board, which meets in 12-week cycles.")
    (row,) = candidates_of(board, 0)
    members = answering_quantity(analyse("How many members sit on the harbour board?"), row)
    assert members is not None and members.value == 9
    # "a 4-digit code", "aged 85+": what kind of thing, not how many of what is asked
    codes = passage("b", "Each berth has a 4-digit code; pilots aged 85+ are retired.", n=2)
    (row,) = candidates_of(codes, 0)
    assert answering_quantity(analyse("How many berths does the harbour have?"), row) is None


def test_how_many_times_is_answered_by_a_count_of_occasions():
    from reportqa.answering.quantity_identity import answering_quantity

    visits = passage("h", "An inspector had visited the harbour on 12 occasions in the five years "
                     "before the grounding.")  # fmt: skip
    (row,) = candidates_of(visits, 0)
    asked = "How many times had an inspector visited the harbour before the grounding?"
    found = answering_quantity(analyse(asked), row)
    assert found is not None and found.value == 12
    # a count of another thing still does not answer a count of ships
    ships = "How many ships had the inspector checked before the grounding?"
    assert answering_quantity(analyse(ships), row) is None


FAMILY = passage(
    "f",
    "Farm support in the valley. 38-year-old Amal Haddad and her two sisters took part in a "
    "cash-for-work scheme, which let them repair their orchard. Today, they sell fruit "
    "all year and are able to support their 14-member household.",
)


def test_the_sentence_that_goes_on_about_the_answer_is_quoted_with_it():
    result = ask(
        "How large is the household that Amal Haddad and her sisters support after the "
        "cash-for-work scheme?",
        [FAMILY],
    )
    assert result.status == "answered" and "14-member household" in result.answer
    assert "Amal Haddad" in result.answer  # and the sentence saying whose it is


GRANT = passage(
    "g",
    "The transit study was funded by a state grant. The difference between the $500,000 "
    "grant and the current estimate of reimbursable costs is $18,400. This represents "
    "just under 4% of the estimate.",
)


def test_a_sentence_referring_back_is_quoted_with_what_it_refers_to():
    result = ask("What share of the estimate does the contingency represent?", [GRANT])
    assert result.status == "answered" and "4%" in result.answer
    assert "$18,400" in result.answer  # what "This" is


def test_a_sentence_going_on_about_another_thing_is_not_quoted():
    result = ask("How much is the difference between the grant and the estimate?", [GRANT],
                 continuation=["numeric"])  # fmt: skip
    assert "$18,400" in result.answer and "4%" not in result.answer


def test_a_peoples_name_is_the_place_a_report_is_about():
    from reportqa.words import people_of

    assert people_of("norwegian", "norway") and people_of("chines", "china")
    assert not people_of("austrian", "australia")  # another place that starts the same way
    opening = passage("n", "The Norwegian election commission published the survey.", 1,
                      title="Norway Election Review")  # fmt: skip
    filed = passage("n", "Some 92% of parties filed their finance reports on time.", 2,
                    title="Norway Election Review")  # fmt: skip
    result = ask("What share of Norwegian parties filed their finance reports on time?",
                 [filed], shelf=[opening, filed])  # fmt: skip
    assert result.status == "answered" and "92%" in result.answer


def test_units_counted_are_the_things_named_before_them():
    closures = passage(
        "p",
        "Visits to the trails fell by 12% in 2020. At the peak of the closures, 38 reserves "
        "in the network were fully closed for two months or more.",
    )
    result = ask("How many reserve units were fully closed at the peak of the closures?",
                 [closures])  # fmt: skip
    assert result.status == "answered" and "38 reserves" in result.answer


def test_a_title_word_the_question_says_twice_is_also_asked():
    review = [
        passage("v", "Some 38 parks were fully closed for two months.", 1,
                title="National Park Visitor Review"),
        passage("v", "Visitor spending fell by 31% in 2020.", 2,
                title="National Park Visitor Review"),
        passage("o", "The harbour handled 14 ferries.", 1, title="Harbour Freight Plan"),
    ]  # fmt: skip
    stats = _stats_of(*review)
    named = "How many national park units were closed, per the National Park Visitor Review?"
    lens = Lens(analyse(named), stats, stats.hints(named))
    assert "park" in lens.key_terms  # "park units" is asked; "National Park ..." names it
    once = "How many units were closed, per the National Park Visitor Review?"
    lens = Lens(analyse(once), stats, stats.hints(once))
    assert "park" not in lens.key_terms  # said once, in the report's name only


def test_a_score_is_read_in_points_not_as_a_share_nor_an_age():
    from reportqa.answering.quantity_identity import answering_quantity

    frame = analyse("What was Veldoria's national reading score in 2018?")
    share = passage("r", "In 2018 the share of Veldoria's pupils at the top reading levels "
                    "was 24.5 percent.")  # fmt: skip
    ages = passage("r", "The 2018 national option gives Veldoria's reading scores for 15- "
                   "and 16-year-old pupils.")  # fmt: skip
    points = passage("r", "In reading, Veldoria's score rose from 470 points in 2012 to 495 "
                     "in 2018.")  # fmt: skip
    assert answering_quantity(frame, candidates_of(share, 0)[0]) is None
    assert answering_quantity(frame, candidates_of(ages, 0)[0]) is None
    assert answering_quantity(frame, candidates_of(points, 0)[0]).text == "495"
    result = ask("What was Veldoria's national reading score in 2018?", [share, ages, points])
    assert result.status == "answered" and "495" in result.answer, result.answer


def test_how_much_of_a_thing_is_not_answered_by_a_share():
    from reportqa.answering.quantity_identity import answering_quantity

    frame = analyse("How much sediment do the rivers carry to the delta each year?")
    share = passage("r", "On average the sediment trapped behind the rivers' dams is about 1%.")
    mass = passage("r", "Over 825,000 kg of sediment is carried to the delta each year.")
    assert answering_quantity(frame, candidates_of(share, 0)[0]) is None
    assert answering_quantity(frame, candidates_of(mass, 0)[0]) is not None


def test_a_name_printed_on_the_cover_as_a_heading_is_what_the_report_is_about():
    """A cover's lines ("Director, Ferry Licensing Division") may be read as the heading
    of what follows: still the cover's words, so a table row of the report needs not
    name the division the question gives as the report's author."""
    cover = passage("f", "February 27, 2015", 1).model_copy(
        update={"section": "J. Smith Director, Ferry Licensing Division Harbour Department"}
    )
    body = [
        passage("f", f"Table {i}. Crossings licensed in month {i} numbered {100 + i}.", i + 1)
        for i in range(1, 25)
    ]
    from reportqa.words import stem

    stats = _stats_of(cover, *body)
    assert stem("division") in stats.subjects["f"]
    assert stem("licensing") in stats.subjects["f"]


def test_the_numbers_of_a_laws_chapters_are_never_values():
    from reportqa.answering.quantity_identity import answering_quantity

    frame = analyse("How many ferry berths does the harbour board inspect each year?")
    law = passage("h", "Under Harbour Code Chapters 33.1-03-08 and 33.1-18-01, the harbour "
                  "board inspects ferry berths each year.")  # fmt: skip
    assert answering_quantity(frame, candidates_of(law, 0)[0]) is None
    counted = passage("h", "Under Chapter 4 of the Harbour Code, the harbour board inspects "
                      "62 ferry berths each year.")  # fmt: skip
    assert answering_quantity(frame, candidates_of(counted, 0)[0]).text == "62"


def test_a_header_row_states_its_columns_units_and_no_caption_unit_for_the_rest():
    """A table with no caption but its header row: "Spending ($Millions, $2019)" puts
    its own column in dollars at a scale of a million; "Visits" and "Jobs" stay counts,
    and a cell written "$1,349.8" under it is $1,349.8 million."""
    from reportqa.answering.candidates import Candidate, row_quantities, sentence_text

    header = ("State", "Visits", "Spending ($Millions, $2019)", "Jobs")
    head = "\t".join(header)
    row = "Vermont\t17,919,610\t$1,349.8\t20,578"
    found = row_quantities(row, head, header)
    assert [(q.value, q.unit) for q in found] == [
        (17919610, ""), (1349.8e6, "USD"), (20578, "")
    ]  # fmt: skip
    table = passage("t", f"{head}\n{row}", kind="table")
    text = sentence_text(Candidate(table, 0, 0, 0, row))
    assert "Spending ($Millions, $2019): $1,349.8 million" in text
    assert "Visits: 17,919,610;" in text and "US$" not in text
    assert not text.startswith(head)  # the header row is no caption to repeat


def test_a_header_stating_its_scale_by_zeros_is_in_thousands():
    """ "Spending ($000s, $2020)", "Income (£'000)": the zeros left off the cells are the
    column's scale, and the dollar sign its unit; the columns of visits and jobs beside
    them are counts, though the header row holds a dollar sign."""
    from reportqa.answering.candidates import row_quantities, table_scale

    header = ("Park Unit", "Visits", "Spending ($000s, $2020)", "Jobs", "Income (£'000)")
    row = "Cedar Falls NP\t3,806,306\t$444,226\t6,110\t194,281"
    found = row_quantities(row, "\t".join(header), header)
    assert [(q.value, q.unit) for q in found] == [
        (3806306, ""), (444226e3, "USD"), (6110, ""), (194281e3, "GBP")
    ]  # fmt: skip
    assert table_scale("Cost ($000,000)") == 1e6
    assert table_scale("Table 4 (2000)") == 1.0  # a year is no scale
    assert table_scale("Loans of 10,000 or more") == 1.0


def test_a_header_row_answers_nothing():
    """ "What loan authority was set for FY2024?": the header row names the year and the
    table's words, but says no more than what the cells below it are; the row labelled
    with what is asked answers."""
    table = passage(
        "t",
        "Table 2. Harbour Loan Program Spending Limits\n"
        "Funding Spending Limits\tFY2022\tFY2023\tFY2024\n"
        "Loan authority\t$50 million\t$75 million\t$60 million\n"
        "Grant authority\t$10 million\t$9 million\t$8 million",
        kind="table",
    )
    result = ask(
        "In Table 2, what loan authority was set for the Harbour Loan Program spending "
        "limits in FY2024?",
        [table],
    )
    assert result.status == "answered"
    assert "Loan authority" in result.answer and "FY2022\tFY2023" not in result.answer


def test_a_tables_caption_year_dates_its_cells():
    """ "Applied tariff summary, 2020": a cell of that table is the 2020 figure, and no
    answer to a question on 2017; a caption spanning years ("2014-20", "FY2022 to
    FY2026") dates its cells to each of them."""
    from reportqa.answering.candidates import Candidate
    from reportqa.answering.figures import caption_years

    table = passage(
        "t",
        "Table 3.2 Applied tariff summary, 2020\n"
        "Product group\tNumber of lines\tSimple average (%)\n"
        "Dairy products\t193\t4.7\n"
        "Fish and fishery products\t112\t3.9",
        kind="table",
    )
    asked = "What was the simple average applied tariff on dairy products in {}?"
    assert "4.7" in ask(asked.format(2020), [table]).answer
    assert "4.7" not in ask(asked.format(2017), [table]).answer
    for span, years in (
        (", 2014-20", range(2014, 2021)),
        (", FY2022 to FY2026", range(2022, 2027)),
    ):
        spanning = passage("t", table.text.replace(", 2020", span), kind="table")
        row = "Dairy products\t193\t4.7"
        start = spanning.char_start + spanning.text.index(row)
        assert caption_years(Candidate(spanning, 0, start, start + len(row), row)) == set(years)


def test_a_group_label_states_the_unit_of_the_rows_under_it():
    """ "Fiscal balance (percentage of GDP)" over "Public debt … 21.3": the group's label
    gives its rows' bare cells their unit, and the year row "… 2020  2021*" (an
    estimate's asterisk) heads the columns; a country's row without figures over the
    next country's is no group label."""
    from reportqa.answering.candidates import Candidate, group_label

    table = passage(
        "t",
        "\t2019\t2020\t2021*\n"
        "Population (millions)\t4.98\t5.10\t5.41\n"
        "Fiscal balance (percentage of GDP)\t\t\t\n"
        "Total expenditure\t27.6\t32.6\t30.4\n"
        "Public debt\t16.4\t23.5\t21.3",
        kind="table",
    )
    row = "Public debt\t16.4\t23.5\t21.3"
    start = table.char_start + table.text.index(row)
    debt = Candidate(table, 0, start, start + len(row), row)
    assert [(q.value, q.unit) for q in debt.quantities][-1] == (21.3, "%")
    assert debt.column_of(debt.quantities[-1])[0] == "2021*"
    result = ask("What was public debt as a share of GDP in 2021?", [table])
    assert result.answer.startswith("Public debt") and "2021*: 21.3%" in result.answer
    countries = "Country\t2019\t2020\nAustria\t\t\nBelgium\t1 493\t1 901"
    assert group_label(countries, countries.index("Belgium")) == ""


def test_the_row_whose_label_says_no_more_than_the_question_answers():
    """ "What was the inland catch in 2021?": "Catch per vessel, inland" says all the
    question says and more; "Catch, inland" says it and nothing else, and answers. A
    label's unit set apart ("(tonnes)") is no word of its own."""
    table = passage(
        "t",
        "Table 3. Fisheries indicators\n"
        "Indicator\t2020\t2021\n"
        "Catch per vessel, inland (tonnes)\t12.4\t13.1\n"
        "Catch, inland (tonnes)\t9 410\t9 877\n"
        "Catch, marine (tonnes)\t41 200\t43 950",
        kind="table",
    )
    result = ask("What was the inland catch in 2021, according to Table 3?", [table])
    assert result.answer.startswith("Table 3. Fisheries indicators — Indicator: Catch, inland")
    # a best row labelled in words the question does not use ("Freshwater" for inland,
    # by another name) is not traded for a row that shares no more of the question
    from reportqa.answering.candidates import Candidate
    from reportqa.answering.quantity_identity import row_of_the_plain_label

    named = passage("n", "Waters\t2023\nFreshwater\t9 877\nOther\t1,440", kind="table")

    def row(text: str) -> Candidate:
        start = named.char_start + named.text.index(text)
        return Candidate(named, 0, start, start + len(text), text)

    fresh, other = row("Freshwater\t9 877"), row("Other\t1,440")
    question = "How large was the inland catch in 2023?"
    assert row_of_the_plain_label(Lens(analyse(question)), fresh, [fresh, other]) is None


def test_a_publishers_name_asked_of_no_named_report_is_asked_of_the_passage():
    """ "the Ministry of Ports" is the metadata of one report while the question names no
    report (another report says "ports" too): a report that never speaks of it gives no
    answer, the report it publishes does."""
    records = [
        DocumentRecord(doc_id=d, source=f"{d}.pdf", path=f"{d}.pdf", content_hash=d,
                       title=t, publisher=pub)
        for d, t, pub in (("a", "Annual Harbour Bulletin", "Ministry of Ports"),
                          ("b", "Budget Review of the Labour Committee", None),
                          ("c", "Coastal Trade Outlook", None))
    ]  # fmt: skip
    ports = passage("a", "The Ministry of Ports was allocated R12.5 million in 2024.", n=1)
    labour = passage("b", "The Administration programme received R48.2 million in 2024.", n=2)
    trade = passage("c", "The ministry's budget for ports grew by 4% in 2024.", n=3)
    stats = CorpusStats.build(records, [ports, labour, trade])
    question = "How much was allocated to the Ministry of Ports in the 2024 budget?"
    lens = Lens(analyse(question), stats, stats.hints(question))
    assert not lens.hints.doc_ids  # the question names no report
    assert lens.missing_names(labour.text, "b") == ["ministri", "port"]
    assert lens.missing_names(ports.text, "a") == []


def test_a_rows_unit_cell_is_written_with_its_figures():
    """A statistical table that sets each row's unit in a column of its own: the answer
    writes each figure in it ("0.9%"), not the unit apart from bare figures."""
    indicators = (
        "Harbour indicators\n"
        "Indicator\tUnit\t2021\t2022\t2023\t2024\n"
        "Share of port dues in revenue\t%\t1.1\t1.2\t1.1\t0.9\n"
        "Vessels registered\tNo.\t410\t415\t422\t430"
    )
    table = passage("p", indicators, kind="table")
    result = ask("What share of revenue did port dues make up in 2024?", [table])
    assert result.status == "answered"
    assert "0.9%" in result.answer and "1.2%" in result.answer
    assert result.claims and all(claim.verified for claim in result.claims)


def test_a_sentence_counting_sections_after_it_is_answered_by_those_sections():
    """ "The authority runs three grant schemes …" over the sections "Harbour Grant
    Scheme", "Ferry Grant Scheme", "Slipway Grant Scheme": those sections are the list,
    each quoted by its first sentence; sections of another noun are not."""
    lead = passage("s", "The authority runs three grant schemes that help small ports.", n=1)
    lead.section = "Grant schemes"
    later = []
    for n, (section, text) in enumerate(
        [("Harbour Grant Scheme", "The Harbour Grant Scheme pays for quay repairs."),
         ("Ferry Grant Scheme", "The Ferry Grant Scheme funds new vessels."),
         ("Slipway Grant Scheme", "The Slipway Grant Scheme covers winches."),
         ("Staffing", "The authority employs 40 people.")],
        start=2,
    ):  # fmt: skip
        p = passage("s", text, n=n)
        p.section = section
        later.append(p)
    result = _ask_with_shelf("Which three grant schemes does the authority run?", [lead],
                             [lead, *later])  # fmt: skip
    assert result.status == "answered"
    for name in ("Harbour Grant", "Ferry Grant", "Slipway Grant"):
        assert name in result.answer
    assert "40 people" not in result.answer
    # sections that are not schemes are no items of it
    later[1].section = "Ferry services"
    result = _ask_with_shelf("Which three grant schemes does the authority run?", [lead],
                             [lead, *later])  # fmt: skip
    assert "Ferry Grant" not in result.answer


def test_a_question_in_the_negative_is_answered_by_the_sentence_saying_it_so():
    survey = passage(
        "q",
        "Crews were asked about safety drills. Approximately 71.4% of the responding crews "
        "indicated they have received induction or repeated drill training. However, a "
        "significant 28.6% reported not receiving such training.",
    )
    result = ask(
        "What share of responding crews said they had not received induction or repeated "
        "drill training?",
        [survey],
    )
    assert result.status == "answered" and "28.6%" in result.answer
    # asked in the positive, the positive sentence answers
    result = ask(
        "What share of responding crews said they had received induction or repeated drill "
        "training?",
        [survey],
    )
    assert "71.4%" in result.answer and "28.6%" not in result.answer
