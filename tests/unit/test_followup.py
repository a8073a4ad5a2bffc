"""Follow-up questions read against the conversation (reportqa.followup, reportqa.dialogue,
`reportqa ask --follow-up`), on questions of several fields."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from reportqa import lexicon
from reportqa.cli import app
from reportqa.config import Settings
from reportqa.dialogue import Conversation, compared, load_turns, save_turns, turn_of
from reportqa.followup import Context, Turn, resolve
from reportqa.models import Answer, Citation, RetrievalFilters
from tests.conftest import CORPUS


def understood(previous: str, question: str, **turn) -> str | None:
    result = resolve([Turn(question=previous, **turn)], question)
    return result.understood if result else None


# ----------------------------------------------------------------------------- elliptical forms
@pytest.mark.parametrize(
    ("previous", "followup", "expected"),
    [
        # finance
        (
            "What was the inflation rate in Chile in 2023?",
            "And in Peru?",
            "What was the inflation rate in Peru in 2023?",
        ),
        (
            "What was the inflation rate in Chile in 2023?",
            "What about unemployment?",
            "What was the unemployment rate in Chile in 2023?",
        ),
        (
            "What was the inflation rate in Chile in 2023?",
            "And the growth rate?",
            "What was the growth rate in Chile in 2023?",
        ),
        (
            "What was the inflation rate in Chile in 2023?",
            "And for Peru in 2022?",
            "What was the inflation rate in Peru in 2022?",
        ),
        (
            "What was the inflation rate in Chile in 2023?",
            "In 2022?",
            "What was the inflation rate in Chile in 2022?",
        ),
        # health
        (
            "How many hospitals closed in 2022?",
            "And in 2023?",
            "How many hospitals closed in 2023?",
        ),
        (
            "How many hospitals closed in 2022?",
            "And clinics?",
            "How many clinics closed in 2022?",
        ),
        (
            "How many hospitals closed in 2022?",
            "Same for 2021",
            "How many hospitals closed in 2021?",
        ),
        # energy: the year dating the outlook is not the asked one
        (
            "What level of coal production does the December 2024 outlook forecast for 2025?",
            "What of 2026?",
            "What level of coal production does the December 2024 outlook forecast for 2026?",
        ),
        (
            "How much natural gas does the agency expect to hold in storage at the end of March?",
            "How about crude oil?",
            "How much crude oil does the agency expect to hold in storage at the end of March?",
        ),
        # regulation
        (
            "What civil penalty did the FAA set for Boeing in 2020?",
            "What about Airbus?",
            "What civil penalty did the FAA set for Airbus in 2020?",
        ),
        (
            "How many people died in the October 2018 Lion Air Flight 610 accident?",
            "And in the Ethiopian Airlines Flight 302 accident?",
            "How many people died in the October 2018 Ethiopian Airlines Flight 302 accident?",
        ),
        (
            "What were the United States' reserves in 2024?",
            "And China's?",
            "What were China's reserves in 2024?",
        ),
        (
            "What was Madagascar's mine production in 2023?",
            "And India?",
            "What was India's mine production in 2023?",
        ),
        (
            "What was the smelting and separation quota in 2023?",
            "And the mining quota?",
            "What was the mining quota in 2023?",
        ),
    ],
)
def test_elliptical_follow_ups_replace_the_part_of_their_kind(
    previous: str, followup: str, expected: str
) -> None:
    assert understood(previous, followup) == expected


def test_a_bare_capitalised_word_is_a_noun_when_it_plays_a_nouns_role() -> None:
    previous = "What share of global refining did the firm hold in 2024?"
    assert understood(previous, "Mining?") == (
        "What share of global mining did the firm hold in 2024?"
    )
    assert understood("What did Chile export in 2024?", "Peru?") == (
        "What did Peru export in 2024?"
    )


@pytest.mark.parametrize(
    "question",
    [
        "What was the inflation rate in Peru in 2023?",
        "How much did it cost to build the new hospital in Lima?",
        "Which agency issued the emergency order?",
        "In 2023, how many hospitals closed in Chile?",
        "Summarise what the guideline says about hand hygiene.",
        "List the measures the regulator proposed for small banks.",
        "Thanks, that's all.",
        "In 2023",
    ],
)
def test_a_full_question_starts_fresh(question: str) -> None:
    assert understood("How many hospitals closed in 2022?", question) is None


def test_the_first_question_is_never_rewritten() -> None:
    assert resolve([], "And in 2023?") is None


def test_and_with_a_question_of_its_own_inherits_only_the_year() -> None:
    assert understood("What was the inflation rate in Chile in 2023?", "And what was GDP?") == (
        "What was GDP in 2023?"
    )
    assert understood("What was the inflation rate in Chile?", "And what was GDP?") is None


# ----------------------------------------------------------------------------- the slot of a noun
def test_the_profile_groups_decide_the_slot_of_a_noun() -> None:
    previous = "How many hospital admissions for measles were recorded in Kenya in 2019?"
    # by form alone, "deaths" (a plural) would take the place of "measles"
    assert understood(previous, "And deaths?") == (
        "How many hospital admissions for deaths were recorded in Kenya in 2019?"
    )
    stages = {"admissions": ("admission", "admissions"), "deaths": ("death", "deaths")}
    lexicon.use(lexicon.Lexicon(stages=stages, source="test-health-profile"))
    try:
        assert understood(previous, "And deaths?") == (
            "How many hospital deaths for measles were recorded in Kenya in 2019?"
        )
    finally:
        lexicon.use(lexicon.EMPTY)


def test_words_the_corpus_lists_together_share_a_slot() -> None:
    previous = "How many hospital admissions for measles were recorded in Kenya in 2019?"
    listed = {frozenset({"deaths", "admissions"})}
    context = Context(related=lambda a, b: float(frozenset({a, b}) in listed))
    result = resolve([Turn(question=previous)], "And deaths?", context=context)
    assert result is not None
    assert result.understood == (
        "How many hospital deaths for measles were recorded in Kenya in 2019?"
    )


def test_a_new_modifier_takes_the_place_of_the_one_the_corpus_lists_it_with() -> None:
    previous = "By how much did the lending rate on fresh rupee loans decline in 2025?"
    listed = {frozenset({"outstanding", "fresh"})}
    context = Context(related=lambda a, b: float(frozenset({a, b}) in listed))
    result = resolve([Turn(question=previous)], "And on outstanding loans?", context=context)
    assert result is not None
    assert result.understood == (
        "By how much did the lending rate on outstanding rupee loans decline in 2025?"
    )
    plain = resolve([Turn(question=previous)], "And on outstanding loans?")
    assert plain is not None and "fresh" in plain.understood  # no corpus: the nearest word


def test_a_year_dating_the_report_after_its_kind_stays() -> None:
    previous = "What was total fish production in 2024, according to the Annual Fish Bulletin 2024?"
    assert understood(previous, "And in 2022?") == (
        "What was total fish production in 2022, according to the Annual Fish Bulletin 2024?"
    )


def test_a_name_after_a_question_on_which_ranks_first_asks_its_value() -> None:
    previous = "Which district had the highest measles notification rate in 2021?"
    assert understood(previous, "What about Kisumu?") == (
        "What was Kisumu's measles notification rate in 2021?"
    )
    # a question ranking nothing keeps the usual reading
    assert understood("What was the notification rate in 2021?", "What about Kisumu?") == (
        "What was the notification rate in 2021 in Kisumu?"
    )


def test_a_question_of_its_own_led_by_and_goes_on_about_the_report_last_cited() -> None:
    turn = Turn(question="How many boats did the fleet have in 2024?", doc_ids=["fleet"])
    result = resolve([turn], "And how many active fishers?")
    assert result is not None and result.filters is not None
    assert result.filters.doc_ids == ["fleet"]
    assert result.understood == "How many active fishers in 2024?"
    titled = resolve(
        [turn], "And how many active fishers?", context=Context(titles={"fleet": "Fleet Census"})
    )
    assert titled is not None and titled.question == "How many active fishers in 2024?"
    assert titled.understood == "How many active fishers in 2024 (in “Fleet Census”)?"
    # two reports cited: no one report to go on about
    both = Turn(question="How many boats were there?", doc_ids=["fleet", "ports"])
    assert resolve([both], "And how many active fishers?") is None
    # filters the asker set stay
    chosen = RetrievalFilters(doc_ids=["ports"])
    kept = resolve([turn], "And how many active fishers?", filters=chosen)
    assert kept is not None and kept.filters == chosen


def test_a_pronoun_after_a_who_or_which_question_is_the_one_its_answer_named() -> None:
    who = Turn(
        question="Who is the current director of the harbour authority?",
        quote="On January 1, 2025, Ana Ruiz began her four-year term as director, replacing "
        "Tom Lind.",
    )
    assert understood_turn(who, "When did her term start?") == "When did Ana Ruiz’s term start?"
    which = Turn(
        question="Which ferry line in Port Royal does the study focus on?",
        quote="We recruit riders who commute on Port Royal’s Bayline, a ferry service.",
    )
    assert understood_turn(which, "How many passengers does it carry daily?") == (
        "How many passengers does Bayline carry daily?"
    )
    titled = Turn(
        question="Who is the Director-General of the harbour authority?",
        quote="The authority's Director-General, Ana Ruiz, took office in 2025.",
    )
    assert understood_turn(titled, "When did she take office?") == (
        "When did Ana Ruiz take office?"
    )
    # with no name in the answer, "she" points at nothing
    assert resolve([Turn(question="What did the review find?")], "When did she join?") is None


def understood_turn(turn: Turn, question: str) -> str | None:
    result = resolve([turn], question)
    return result.understood if result else None


# ----------------------------------------------------------------------------- pronouns
def test_a_pronoun_about_a_document_is_the_cited_report() -> None:
    turn = {"titles": ["Hospital Capacity Review 2023"], "doc_ids": ["d1"]}
    previous = "How many hospitals closed in 2022?"
    assert understood(previous, "Who wrote it?", **turn) == (
        "Who wrote the report “Hospital Capacity Review 2023”?"
    )
    assert understood(previous, "When was it published?", **turn) == (
        "When was the report “Hospital Capacity Review 2023” published?"
    )
    assert understood(previous, "What did it cover?", **turn) == (
        "What did the report “Hospital Capacity Review 2023” cover?"
    )


def test_a_pronoun_otherwise_is_the_previous_subject_and_its_year() -> None:
    assert understood("How many hospitals closed in 2022?", "Why did they close?") == (
        "Why did hospitals close in 2022?"
    )
    assert understood(
        "How many tonnes of copper did Chile mine in 2024?", "And how much did it export?"
    ) == ("How much did Chile export in 2024?")
    assert understood("What was the inflation rate in Chile in 2023?", "Why was it so high?") == (
        "Why was the inflation rate in Chile so high in 2023?"
    )


# ----------------------------------------------------------------------------- comparisons
def test_a_comparison_asks_the_previous_question_for_the_other_year() -> None:
    result = resolve(
        [Turn(question="What was the inflation rate in Chile in 2023?")],
        "Is that more than in 2020?",
    )
    assert result is not None
    assert result.question == "What was the inflation rate in Chile in 2020?"
    assert result.compare == "more"
    lower = resolve([Turn(question="How many hospitals closed in 2022?")], "Was it lower in 2019?")
    assert lower is not None and lower.compare == "less"
    assert lower.question == "How many hospitals closed in 2019?"


def _citation(n: int, quote: str, doc_id: str = "d1") -> Citation:
    return Citation(
        n=n,
        doc_id=doc_id,
        chunk_id=f"{doc_id}-{n}",
        source=f"{doc_id}.txt",
        title="Review",
        quote=quote,
        passage=quote,
        char_start=0,
        char_end=len(quote),
    )


def test_compared_states_both_figures_each_with_its_citation() -> None:
    from reportqa.answering import verify

    before = Answer(
        question="What was the inflation rate in Chile in 2023?",
        status="answered",
        answer="Inflation in Chile reached 7.6% in 2023. [1]",
        citations=[_citation(1, "Inflation in Chile reached 7.6% in 2023.")],
    )
    before.claims = verify(before)
    now = Answer(
        question="What was the inflation rate in Chile in 2020?",
        status="answered",
        answer="Inflation in Chile was 3.0% in 2020. [1]",
        citations=[_citation(1, "Inflation in Chile was 3.0% in 2020.", doc_id="d2")],
    )
    now.claims = verify(now)
    turn = turn_of(before.question, before, None)
    out = compared(now, turn, "more", "What was the inflation rate in Chile in 2020?")
    assert out.answer.startswith("Yes: 7.6% (2023) [2] is more than 3.0% (2020) [1].")
    assert [c.n for c in out.citations] == [1, 2]
    assert all(c.verified for c in out.claims)
    out = compared(now.model_copy(deep=True), turn, "less", "x in 2020")
    assert out.answer.startswith("No: 7.6% (2023) [2] is not less than 3.0% (2020) [1].")


# ------------------------------------------------------------------------ other reports, filters
def test_the_other_report_asks_again_in_the_reports_not_cited() -> None:
    turn = Turn(question="How many hospitals closed in 2022?", doc_ids=["a"], titles=["Review A"])
    context = Context(doc_ids=["a", "b", "c"])
    result = resolve([turn], "And the other reports?", context=context)
    assert result is not None
    assert result.question == "How many hospitals closed in 2022?"
    assert result.filters is not None and result.filters.doc_ids == ["b", "c"]
    assert "other than Review A" in result.understood


def test_filters_are_inherited_unless_given() -> None:
    kept = RetrievalFilters(publishers=["Ministry of Health"], after="2022")
    turn = Turn(question="How many hospitals closed in 2022?", filters=kept)
    inherited = resolve([turn], "And in 2023?")
    assert inherited is not None and inherited.filters == kept
    given = RetrievalFilters(after="2023")
    chosen = resolve([turn], "And in 2023?", filters=given)
    assert chosen is not None and chosen.filters == given


def test_a_follow_up_of_a_follow_up_reads_the_understood_question() -> None:
    turns = [
        Turn(question="What was the inflation rate in Chile in 2023?"),
        Turn(question="What was the inflation rate in Peru in 2023?"),
    ]
    result = resolve(turns, "And in 2021?")
    assert result is not None
    assert result.understood == "What was the inflation rate in Peru in 2021?"


# ----------------------------------------------------------------------------- turns on disk
def test_turns_round_trip_and_a_damaged_file_is_no_turns(tmp_path: Path) -> None:
    path = tmp_path / "conversation.json"
    turns = [
        Turn(question="How many hospitals closed in 2022?", filters=RetrievalFilters(after="2022"))
    ]
    save_turns(path, turns)
    assert load_turns(path) == turns
    path.write_text("{not json", encoding="utf-8")
    assert load_turns(path) == []
    assert load_turns(tmp_path / "absent.json") == []


def test_old_answer_json_still_reads_and_the_new_field_defaults_to_none() -> None:
    old = {"question": "q", "status": "abstained", "answer": "No."}
    assert Answer.model_validate(old).understood_as is None
    assert "understood_as" in Answer.model_validate(old).model_dump()


# ----------------------------------------------------------------------------- on a store
@pytest.fixture(scope="module")
def corpus_answerer(tmp_path_factory: pytest.TempPathFactory):
    from ingest.pipeline import Ingestor
    from reportqa.answering import Answerer

    settings = Settings(
        home=tmp_path_factory.mktemp("followup") / "store", embedding={"backend": "fake"}
    )
    Ingestor(settings).ingest([CORPUS])
    yield Answerer(settings)
    lexicon.use(lexicon.EMPTY)


def test_conversation_answers_a_follow_up_like_its_typed_out_version(corpus_answerer) -> None:
    talk = Conversation(corpus_answerer)
    first = talk.ask("What share of global rare earth refining did China hold in 2024?")
    assert first.understood_as is None
    follow = talk.ask("And what about mining?")
    typed = corpus_answerer.ask("What share of global rare earth mining did China hold in 2024?")
    assert follow.question == "And what about mining?"
    assert follow.understood_as == "What share of global rare earth mining did China hold in 2024?"
    assert follow.status == typed.status != "abstained"
    assert follow.answer == typed.answer
    assert {c.value for c in follow.claims} & {63.0, 69.0}
    alone = corpus_answerer.ask("And what about mining?")  # the issue: asked alone, no figure
    assert not alone.claims or alone.answer != follow.answer


def test_the_conversation_keeps_its_last_turns(corpus_answerer) -> None:
    talk = Conversation(corpus_answerer)
    for year in range(2020, 2020 + corpus_answerer.settings.followup.history + 2):
        talk.ask(f"How many tonnes of rare earths did China export in {year}?")
    assert len(talk.turns) == corpus_answerer.settings.followup.history


# ----------------------------------------------------------------------------- the CLI
def test_cli_follow_up_says_how_it_was_understood(cli_store: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(
        app, ["ask", "What share of global rare earth refining did China hold in 2024?"]
    )
    assert first.exit_code == 0, first.output
    assert "Understood as" not in first.output
    plain = runner.invoke(app, ["ask", "And what about mining?"])
    assert "Understood as" not in plain.output  # without --follow-up, asked alone
    runner.invoke(app, ["ask", "What share of global rare earth refining did China hold in 2024?"])
    follow = runner.invoke(app, ["ask", "--follow-up", "And what about mining?"])
    assert follow.exit_code == 0, follow.output
    assert (
        "Understood as: What share of global rare earth mining did China hold in 2024?"
        in follow.output
    )
    again = runner.invoke(app, ["ask", "--follow-up", "--json", "And in 2023?"])
    assert again.exit_code == 0, again.output
    payload = json.loads(again.stdout)
    assert payload["question"] == "And in 2023?"
    assert payload["understood_as"] == (
        "What share of global rare earth mining did China hold in 2023?"
    )


def test_cli_follow_up_inherits_the_filters(cli_store: Path) -> None:
    runner = CliRunner()
    doc = "003_703b9a852f138040"
    first = runner.invoke(
        app, ["ask", "--json", "--doc", doc, "What was China's mining quota in 2024?"]
    )
    assert first.exit_code == 0, first.output
    follow = runner.invoke(app, ["ask", "--follow-up", "--json", "And in 2023?"])
    assert follow.exit_code == 0, follow.output
    cited = {c["source"] for c in json.loads(follow.stdout)["citations"]}
    assert cited and all(Path(s).stem == doc for s in cited)
    session = json.loads((cli_store / "store" / "conversation.json").read_text())
    assert session["turns"][-1]["filters"]["doc_ids"]


def test_cli_follow_up_with_no_earlier_question_is_one_line(cli_store: Path) -> None:
    result = CliRunner().invoke(app, ["ask", "--follow-up", "And in 2023?"])
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "no earlier question" in result.stderr


def test_no_words_of_the_seed_shelf_in_the_resolution() -> None:
    """The resolver reads grammar and the corpus: the seed shelf's words are not in it."""
    root = Path(__file__).resolve().parents[2] / "reportqa"
    for name in ("followup.py", "followup_grammar.py", "followup_refer.py", "dialogue.py"):
        source = (root / name).read_text(encoding="utf-8").lower()
        for word in ("mining", "refining", "china", "rare earth", "myanmar", "magnet"):
            assert not re.search(rf"\b{word}\b", source), (name, word)


def test_a_why_about_what_was_done_asks_why_the_previous_event_happened() -> None:
    previous = "By how much did the port authority cut berth fees in 2024, according to the review?"
    assert understood(previous, "Why did the port authority do that?") == (
        "Why did the port authority cut berth fees in 2024, according to the review?"
    )
    assert understood(previous, "What caused that?") == (
        "Why did the port authority cut berth fees in 2024, according to the review?"
    )
    asked = "Can two harbours charge different fees for the same berth?"
    assert understood(asked, "Why would that happen?") == (
        "Why would two harbours charge different fees for the same berth?"
    )
    # the previous question's subject is the phrase it asks for: no event to put in
    assert understood("How many berths were let in 2024?", "Why did that happen?") != (
        "Why did let in 2024?"
    )


def test_that_noun_after_a_which_question_is_the_one_its_answer_named() -> None:
    office = Turn(
        question="Which harbour office is the berth guide issued by?",
        quote="The berth guide is issued by the Quay Planning Unit of the port",
    )
    assert understood_turn(office, "What does that office do?") == (
        "What does Quay Planning Unit do?"
    )
    berths = Turn(
        question="Which berths were let in 2024?",
        quote="In 2024, the North Quay berths were let",
    )
    assert understood_turn(berths, "How long were those berths let?") == (
        "How long were the North Quay berths let?"
    )
    # with no name in the answer, the previous question's phrase stands for it
    bare = Turn(question="Which harbour office is the berth guide issued by?")
    assert understood_turn(bare, "What does that office do?") == "What does the harbour office do?"


def test_a_label_letter_stays_with_its_name():
    previous = "How many pupils sat the test in Cohort A of the district study in Leeds?"
    assert understood(previous, "And in Cohort B?") == (
        "How many pupils sat the test in Cohort B of the district study in Leeds?"
    )


def test_a_bracketed_aside_goes_with_the_word_it_explains():
    previous = (
        "What was the vaccination rate in 2021 of children with rural (village) residence, "
        "according to the clinic survey?"
    )
    assert understood(previous, "What about those with urban residence?") == (
        "What was the vaccination rate in 2021 of children with urban residence, "
        "according to the clinic survey?"
    )
