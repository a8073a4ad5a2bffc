"""Which report a question names by its title, whatever words precede it."""

from __future__ import annotations

from reportqa.corpus_stats import CorpusStats
from reportqa.models import DocumentRecord, Passage


def shelf(*titles: str) -> CorpusStats:
    """Reports with these titles, each of whose words another report's text uses too (a
    title word alone then names no report)."""
    records = [
        DocumentRecord(doc_id=f"d{i}", source=f"d{i}.pdf", path=f"d{i}.pdf",
                       content_hash=str(i), title=title)
        for i, title in enumerate(titles)
    ]  # fmt: skip
    passages = [
        Passage(doc_id=f"d{i}", chunk_id=f"d{i}-0", text=f"{' '.join(titles)}, in other words.",
                source=f"d{i}.pdf", page=1, char_start=0, char_end=10)
        for i in range(len(titles))
    ]  # fmt: skip
    return CorpusStats.build(records, passages)


def test_three_words_of_a_title_in_its_order_name_the_report():
    stats = shelf("National Cyber Resilience Strategy: Republic of Borduria", "Rural Water Survey")
    hints = stats.hints(
        "What total budget does Borduria's National Cyber Resilience Strategy estimate for "
        "the response centre?"
    )
    assert hints.doc_ids == {"d0"}
    assert {"cyber", "resili", "strategi"} <= hints.naming  # left out of the search
    assert "budget" not in hints.naming  # what is asked


def test_a_title_run_two_reports_share_names_neither():
    stats = shelf(
        "National Cyber Resilience Strategy 2018", "National Cyber Resilience Strategy 2024"
    )
    assert not stats.hints("What budget does the National Cyber Resilience Strategy set?").doc_ids


def test_a_question_about_the_titled_thing_itself_names_no_report():
    """The title is the topic: left out of the search, the question would be empty."""
    stats = shelf("Review Panel Workshop on Soil Indicators", "Rural Water Survey")
    assert stats.hints(
        "Which experts chaired the Review Panel Workshop on Soil Indicators?"
    ).doc_ids
    assert not stats.hints("When was the Review Panel Workshop on Soil Indicators held?").doc_ids


def test_the_kind_of_document_completes_a_run_of_the_title():
    """ "… Division's 2014 Annual Update": the title's run is "Annual Update", its kind."""
    stats = shelf("Annual Update: Deputy Director of Harbours", "Rural Water Survey")
    hints = stats.hints(
        "How many berths were licensed in 2014, per the Harbour Division's 2014 Annual Update?"
    )
    assert hints.doc_ids == {"d0"}


def test_a_named_reports_subjects_are_left_out_of_its_search():
    """Within the state's water plan every passage says "North Dakota" and "drinking
    water": searched for, they found the passages that say them most, not the rate."""
    from reportqa.retrieve import _with_subjects

    stats = shelf("Intended Use Plan for the Revolving Fund", "Rural Water Survey")
    stats.subjects["d0"] = {"north", "dakota", "drink", "water"}
    question = "What loan interest rate does North Dakota's drinking water Intended Use Plan set?"
    naming = frozenset(stats.hints(question).naming)
    assert {"intend", "use", "plan"} <= naming
    wider = _with_subjects(question, naming, stats, frozenset({"d0"}))
    assert wider == naming | {"north", "dakota", "drink", "water"}
    # the subjects are all it asks about besides the name: they stay in the search
    bare = "What does North Dakota's drinking water Intended Use Plan say?"
    assert _with_subjects(bare, naming, stats, frozenset({"d0"})) == naming


def test_initials_in_a_naming_phrase_spell_a_run_of_the_title():
    """ "the OSCE/ODIHR assessment report": ODIHR spells the title's "Office for Democratic
    Institutions and Human Rights"; the slash joins two bodies' initials in one name."""
    stats = shelf(
        "Norway: Office for Democratic Institutions and Human Rights", "Rural Water Survey"
    )
    question = "Which body heard complaints in the elections, per the OSCE/ODIHR assessment report?"
    hints = stats.hints(question)
    assert hints.doc_ids == {"d0"}
    assert "odihr" in hints.naming
    # initials spelling nothing on the shelf name no report
    assert not stats.hints(question.replace("OSCE/ODIHR", "UNDP/WFP")).doc_ids


def test_what_a_named_report_is_on_names_it_too():
    """ "the ODIHR report on Arcadia's 2013 municipal elections says …": the words after
    "on" describe the report named; what is asked of it is the rest."""
    stats = shelf("Arcadia: Office for Democratic Institutions and Human Rights", "Water Survey")
    question = (
        "Summarise what the ODIHR report on Arcadia's 2013 municipal elections says about "
        "the oversight role of the vote-counting committee."
    )
    hints = stats.hints(question)
    assert hints.doc_ids == {"d0"}
    assert {"municip", "elect"} <= hints.naming
    assert not {"oversight", "committe"} & hints.naming
    # nearly all the question is what the report is on: those words are asked
    short = "Summarise the ODIHR report on Arcadia's 2013 municipal elections."
    assert "municip" not in stats.hints(short).naming


def test_initials_the_question_writes_name_the_report_they_spell():
    """ "What does the OSCE/ODIHR recommend … in its final report on Arcadia's 2013
    municipal elections?": ODIHR, written in capitals anywhere in the question, spells a
    run of one report's title; what "its" report is on describes it, as "the … report
    on …" does."""
    stats = shelf("Arcadia: Office for Democratic Institutions and Human Rights", "Water Survey")
    question = (
        "What does the OSCE/ODIHR recommend about the handling of election complaints in "
        "its final report on Arcadia's 2013 municipal elections?"
    )
    hints = stats.hints(question)
    assert hints.doc_ids == {"d0"}
    assert {"odihr", "municip"} <= hints.naming
    assert not {"complaint", "handl"} & hints.naming
    # initials of words no title spells, or written in lower case, name nothing
    assert not stats.hints(question.replace("OSCE/ODIHR", "UNDP/WFP")).doc_ids
    assert not stats.hints(question.replace("OSCE/ODIHR", "odihr")).doc_ids
