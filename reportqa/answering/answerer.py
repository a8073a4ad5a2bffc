"""Extractive grounded answers: pick the sentences (or table rows) that answer, cite them.

No model is needed: the answer is made of verbatim spans of the reports, each followed by
``[n]``. Every number in the answer is then checked against the quote it cites
(``claims``); conflicts between reports are stated, not resolved; when nothing in the
corpus answers, the answer says so and shows the nearest passages instead of a guess.

This module holds the flow (retrieve, rank, pick, compose); the rules it applies live in
the modules beside it.
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from reportqa.about_report import (
    answer_about_report,
    asks_about_report,
    credit_line,
    pointing_words,
    refers_to_a_report,
    signer_answer,
)
from reportqa.answering.acronyms import asked_expansion, spell_out
from reportqa.answering.candidates import (
    LIST_ITEM,
    Candidate,
    candidates_of,
    footnotes_of,
    notes_of_item,
    sentence_text,
    table_head,
    table_parts,
)
from reportqa.answering.captions import (
    pointed_tables,
    tables_pointed_at,
    with_captioned_tables,
)
from reportqa.answering.compose import abstain, compose
from reportqa.answering.compound import ask_in_parts
from reportqa.answering.conflicts import conflict
from reportqa.answering.continuation import refers_back, sentence_after, sentence_before
from reportqa.answering.figures import figure_clause
from reportqa.answering.lens import Lens
from reportqa.answering.novelty import asks_for_a_name, new_names
from reportqa.answering.quantity_identity import (
    answering_quantity,
    row_of_the_name,
    row_of_the_plain_label,
    row_of_the_year,
    row_without_figure,
    single_years,
)
from reportqa.answering.question import QuestionFrame, analyse
from reportqa.answering.question_kind import (
    GIST_SECTION,
    SynthesisKind,
    synthesis_kind,
    topic_of,
)
from reportqa.answering.scoring import (
    content_score,
    features,
    scoped_to_another_name,
    weighted,
)
from reportqa.answering.superlatives import extreme_row, says_an_extreme
from reportqa.config import Settings
from reportqa.corpus_stats import CorpusStats, DocumentHints
from reportqa.lexicon import EMPTY, Lexicon, activate, in_scope, pinned, profile_scope
from reportqa.models import (
    Answer,
    DocumentRecord,
    Footnote,
    Passage,
    RetrievalFilters,
    ScoredPassage,
    with_score,
)
from reportqa.retrieve import HybridRetriever
from reportqa.semantic import SentenceSimilarity
from reportqa.sentence_vectors import SavedSentenceVectors
from reportqa.signatures import signatures
from reportqa.text import (
    announcer_after,
    find_markers,
    is_contact_block,
    is_credit_line,
    is_instruction,
    is_reference_entry,
    sentence_spans,
    superscript,
)
from reportqa.words import content_terms, term_index

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from reportqa.synthesis import ScoredSentence

# footnote markers (and spaces) closing a sentence: "… as follows:¹"
_NOTE_MARKS_AT_END = re.compile(r"[\s\u00b9\u00b2\u00b3\u2070-\u2079]+$")

# questions whose answer is read with the sentence beside it (a heading, a quote, a
# lead-in); a figure's sentence must say what it measures itself
_READ_IN_CONTEXT = ("text", "list", "source")


class Answerer:
    """Question in, :class:`Answer` out; the CLI, batch and the chat all call this."""

    def __init__(self, settings: Settings, retriever: HybridRetriever | None = None) -> None:
        self.settings = settings
        self.retriever = retriever or HybridRetriever(settings)
        self._similarity: SentenceSimilarity | None = None
        # the candidates of the last fact question, best first: to explain a choice, and
        # for evals/fit_weights.py to fit the weights on the dev split
        self.last_ranking: list[Candidate] = []
        # the sentences a many-sentence answer chose from, with the signs of their score:
        # for evals/fit_synthesis.py to fit the synthesis weights on dev questions
        self.last_synthesis: list[ScoredSentence] = []

    def warm_up(self) -> None:
        self.retriever.warm_up()
        self.corpus_stats()

    def corpus_stats(self) -> CorpusStats:
        """Word weights and report metadata, rebuilt only when the store's reports change."""
        return self.retriever.corpus_stats()

    def ask(
        self, question: str, k: int | None = None, filters: RetrievalFilters | None = None
    ) -> Answer:
        t0 = time.perf_counter()
        self.last_ranking = []
        self.last_synthesis = []
        with pinned(self._lexicon_for(question, filters)):
            whole = self._ask(question, k, filters, t0)
        answer = ask_in_parts(self, question, whole, k, filters)
        answer.timings_ms = answer.timings_ms or whole.timings_ms
        return answer

    def _ask(
        self, question: str, k: int | None, filters: RetrievalFilters | None, t0: float
    ) -> Answer:
        stats = self.corpus_stats()
        kind = synthesis_kind(question)
        if kind == "comparison" and analyse(question).intent == "numeric":
            kind = None  # comparing figures: each report's value, side by side, as a conflict
        # a summary or a "why" is about its topic, not about the words that ask for it
        topic = topic_of(question) if kind else question
        asked = topic or question
        lens = Lens(analyse(topic), stats, stats.hints(question))
        k = k or (self.settings.synthesis.k if kind else self.settings.answer.k)
        passages = self.retriever.retrieve(asked, k=k, filters=filters)
        if lens.hints.doc_ids and (filters is None or filters.is_empty()):
            named = RetrievalFilters(doc_ids=sorted(lens.hints.doc_ids))
            seen = {p.chunk_id for p in passages}
            extra = self.retriever.retrieve(asked, k=k, filters=named)
            passages += [p for p in extra if p.chunk_id not in seen]
        shelf = getattr(self.retriever, "passages", None)
        if kind is None and shelf is not None and self.settings.answer.caption_table_discount:
            passages = with_captioned_tables(
                passages, shelf, self.settings.answer.caption_table_discount
            )
        if kind is None and shelf is not None:
            passages = self._with_pointed_tables(question, passages, lens, shelf)
        t1 = time.perf_counter()
        field = asks_about_report(question)
        about = self._about_report(question, field, lens, passages) if field else None
        if about is None and kind is not None:
            answer = self._synthesis(question, kind, passages, lens)
        else:
            answer = about or self._answer(question, passages, lens)
        t2 = time.perf_counter()
        answer.timings_ms = {
            "retrieve": round((t1 - t0) * 1000, 1),
            "answer": round((t2 - t1) * 1000, 1),
        }
        return answer

    def _with_pointed_tables(
        self,
        question: str,
        passages: list[ScoredPassage],
        lens: Lens,
        shelf: Callable[[], Iterable[Passage]],
    ) -> list[ScoredPassage]:
        """The table a question points at ("per Table 7"), in the reports it names, else
        in those retrieved first, read as if retrieved."""
        pointed = pointed_tables(question)
        if not pointed or not passages:
            return passages
        cfg = self.settings.answer
        docs = set(lens.hints.doc_ids) or {p.doc_id for p in passages[: cfg.pointed_table_passages]}
        found = tables_pointed_at(shelf(), pointed, docs)
        lens.pointed_passages = {p.chunk_id for p in found}
        score = max(p.score for p in passages) * cfg.caption_table_discount
        seen = {p.chunk_id for p in passages}
        return passages + [with_score(p, score) for p in found if p.chunk_id not in seen]

    def _lexicon_for(self, question: str, filters: RetrievalFilters | None) -> Lexicon:
        """The store's profile speaks for the reports of the folder it came with: a
        question about other reports on the shelf is read without it (a field's common
        words, "supply", "production", are telling words in another field's report).
        Which reports a question is about: those it names, else those retrieved first."""
        lexicon = activate(self.settings.profile, self.settings.home)
        if lexicon is EMPTY or self.settings.profile is not None:
            return lexicon  # none, or one the asker chose for the whole shelf
        folders = profile_scope(self.settings.home)
        if folders is None:
            return lexicon
        records = self.retriever.records()
        covered = {r.doc_id for r in records if in_scope(r.path, folders)}
        if len(covered) == len(records):
            return lexicon
        with pinned(EMPTY):
            about = sorted(self.corpus_stats().hints(question).doc_ids)
            if not about:
                probe = self.settings.answer.scope_probe
                found = self.retriever.retrieve(question, k=probe, filters=filters)
                about = [p.doc_id for p in found]
        if about and sum(d in covered for d in about) * 2 >= len(about):
            return lexicon
        return EMPTY

    def _about_report(
        self, question: str, field: str, lens: Lens, passages: list[ScoredPassage]
    ) -> Answer | None:
        """A question about a report itself: the one it names, else the one retrieved first."""
        named = sorted(lens.hints.doc_ids)
        titled = lens.stats.titled_report(lens.frame.terms) if lens.stats is not None else None
        if len(named) == 1:
            doc_id = named[0]
        elif titled or (refers_to_a_report(question) and passages):
            doc_id = self._report_meant(lens, titled or passages[0].doc_id)
        else:
            return None  # "Which agency issued the emergency order?": not this report
        record = next((r for r in self.retriever.records() if r.doc_id == doc_id), None)
        if record is None:
            return None
        # a title page in a PDF is many small passages: read enough to cover it
        first = self.retriever.opening(record.doc_id, n=self.settings.answer.title_page_passages)
        own = sorted(
            (p for p in self.retriever.passages() if p.doc_id == doc_id), key=lambda p: p.char_start
        )
        if field == "signer":
            signed = signatures(own, self.settings.answer.signer_max_mentions)
            return signer_answer(question, record, signed)
        body = " ".join(p.text for p in own)
        # a colophon is on the opening pages or the last ones
        edge = self.settings.answer.credit_pages
        pages = [p.page or 0 for p in own]
        last = max(pages, default=0)
        near = [p for p in own if (p.page or 0) <= edge] + [
            p for p in reversed(own) if (p.page or 0) > max(edge, last - edge)
        ]
        return answer_about_report(question, field, record, first, body, credit_line(near))

    def _report_meant(self, lens: Lens, first: str) -> str:
        """The report "this outlook" means: the one whose title and opening page say
        most of the question's words ("this Borduria Food Security Outlook" names the
        outlook's cover, not a brief whose title says "food security"); on a tie,
        ``first`` (the report whose title the question quotes, or the first retrieved)."""
        terms = set(lens.frame.terms)
        n = self.settings.answer.title_page_passages
        # the words pointing at it ("this sustainability plan") first, then those of them
        # its title says, then all the question's
        pointing = set(content_terms(pointing_words(lens.frame.text)))

        def said(record: DocumentRecord) -> tuple[int, int, int]:
            opening = " ".join(p.text for p in self.retriever.opening(record.doc_id, n=n))
            have, _ = term_index(f"{record.title or ''}\n{opening}")
            titled, _ = term_index(record.title or "")
            return len(pointing & have), len(pointing & titled), len(terms & have)

        counts = {r.doc_id: said(r) for r in self.retriever.records()}
        best = max(counts, key=lambda d: (counts[d], d == first), default=first)
        return best if counts.get(best, (0, 0, 0)) > counts.get(first, (0, 0, 0)) else first

    def _synthesis(
        self, question: str, kind: SynthesisKind, passages: list[ScoredPassage], lens: Lens
    ) -> Answer:
        """Several cited sentences for a summary, a why, a recommendation, a comparison."""
        from reportqa.answering.question_kind import asks_for_gist
        from reportqa.synthesis import synthesise, with_gist

        unknown = lens.unknown_names()
        if unknown:
            return abstain(question, passages, unknown)
        if lens.hints.doc_ids:
            # a topic may share words with a title ("the UK's exposure to export controls",
            # "the trade truce"): only the words that picked the report out name it
            hints = DocumentHints(doc_ids=lens.hints.doc_ids, terms=lens.hints.naming)
            lens = Lens(lens.frame, lens.stats, hints, keep_title_words=True)
        if not lens.key_terms and lens.hints.doc_ids:
            # "What does the paper recommend?": the whole report is the topic; read where
            # it asks for what is asked, and its opening
            gist = [
                with_score(p, 0.0)  # may be scored
                for p in self.retriever.passages()
                if p.doc_id in lens.hints.doc_ids and GIST_SECTION.search(p.section or "")
            ]
            if gist:  # its conclusions, summary, recommendations
                passages = gist
            else:
                named = RetrievalFilters(doc_ids=sorted(lens.hints.doc_ids))
                passages = self.retriever.retrieve(
                    question, k=self.settings.synthesis.k, filters=named
                )
        cfg = self.settings.synthesis
        if asks_for_gist(question, kind) and lens.key_terms and cfg.gist_passages:
            passages = with_gist(passages, self.retriever.passages(), cfg)
        meaning = None
        similarity = self._sentence_similarity() if cfg.semantic_weight else None
        if similarity is not None:
            query = (topic_of(question) or question) if cfg.semantic_query == "topic" else question

            reports = {p.doc_id for p in passages}  # neighbours are of the same reports

            def meaning(texts: list[str]) -> list[float]:
                return similarity.scores(query, texts, reports)

        answer = synthesise(
            question,
            kind,
            passages,
            lens,
            cfg,
            self.retriever.records(),
            meaning=meaning,
            neighbours=self.retriever.neighbours,
            trace=self.last_synthesis,
        )
        return answer or abstain(question, passages, [])

    # ------------------------------------------------------------------ core logic
    def _answer(
        self, question: str, passages: list[ScoredPassage], lens: Lens | None = None
    ) -> Answer:
        lens = lens or Lens(analyse(question))
        frame = lens.frame
        cfg = self.settings.answer
        short = asked_expansion(question)
        if short is not None:
            spelled = self._spelled_out(question, short, passages)
            if spelled is not None:
                return spelled
        candidates = [
            c
            for rank, p in enumerate(passages)
            if p.kind != "footnotes" or cfg.notes_answer or frame.intent == "source"
            for c in candidates_of(p, rank)
            if not is_instruction(c.text)  # orders in a report are data, never evidence
            and (frame.intent == "source" or not _says_where_from(c.text))
            and not _heads_its_table(c)
            and not frame.speaks_of_another_material(c.text)
        ]
        self._give_heads(candidates)
        for c in candidates:
            c.features = features(frame, c, lens)
            c.score = weighted(c.features, cfg.weights)
            if c.passage.kind == "footnotes":  # a note answers when clearly best
                c.add_sign("note_penalty", -1.0, cfg.note_penalty)
            if scoped_to_another_name(frame, c):
                c.add_sign("scope_penalty", -1.0, cfg.scope_penalty)
        if frame.intent in _READ_IN_CONTEXT:
            self._weigh_context(lens, candidates)
        candidates.sort(key=lambda c: -c.score)
        if cfg.weights.meaning and frame.intent in cfg.meaning_for:
            self._weigh_meaning(question, candidates[: cfg.meaning_depth])
            candidates.sort(key=lambda c: -c.score)
        ranked = candidates
        if frame.intent == "numeric":
            answering = {id(c): answering_quantity(frame, c, lens=lens) for c in candidates}
            for c in candidates:  # a figure of another unit, at a penalty (but see
                # _OWN_UNIT_ONLY)
                if answering[id(c)] is None and not _own_unit_only(frame):
                    answering[id(c)] = answering_quantity(frame, c, any_unit=True, lens=lens)
                    c.add_sign("unit_mismatch_penalty", -1.0, cfg.unit_mismatch_penalty)
            candidates = [c for c in candidates if answering[id(c)] is not None]
            for c in candidates:  # the figure's own clause must speak of what is asked
                clause = figure_clause(c, answering[id(c)])  # type: ignore[arg-type]
                own = c.passage.doc_id
                gap = max(0.0, lens.coverage(c.window, own) - lens.coverage(clause, own))
                c.add_sign("figure_clause_weight", -gap, cfg.figure_clause_weight)
            candidates.sort(key=lambda c: -c.score)
        self.last_ranking = list(candidates)
        best = candidates[0] if candidates else None
        if frame.intent == "numeric":
            best = row_without_figure(frame, best, ranked) or best
            best = negated_reading(frame.text, best, candidates) or best
            named_row, unanswered = row_of_the_name(lens, best, ranked, candidates)
            if unanswered:  # the row of the name asked gives no figure
                return abstain(question, passages, unanswered, said="no figure for")
            if named_row is not None:
                best = named_row
                candidates = [best, *(c for c in candidates if c is not best)]
        if frame.intent in ("numeric", "text"):
            best = row_of_the_year(frame, best, candidates) or best
            plain = row_of_the_plain_label(lens, best, candidates)
            if plain is not None:
                best = plain
                candidates = [best, *(c for c in candidates if c is not best)]
        unknown = lens.unknown_names()
        if unknown:
            return abstain(question, passages, unknown)
        if best is None or best.score < cfg.min_score:
            return abstain(question, passages, [])
        missing = _missing_in(lens, best, self._around(best))
        if missing:
            # the best sentence's passage lacks a name the question gives: take the best
            # one whose passage has them all, if it is nearly as good
            named = [
                c
                for c in candidates
                if content_score(c, cfg.weights)
                >= cfg.named_fallback * content_score(best, cfg.weights)
                and not _missing_in(lens, c, self._around(c))
            ]
            if named:
                best, missing = named[0], []
                candidates = [best, *(c for c in candidates if c is not best)]
        if missing or lens.coverage(best.window, best.passage.doc_id) < cfg.min_coverage:
            return abstain(question, passages, missing)
        context = _context_of(best, self._around(best))
        unsaid = lens.unsaid_telling(
            context, cfg.telling_share, best.passage.doc_id, cfg.telling_min_terms
        )
        if not unsaid and cfg.context_telling_share:
            # a word carrying much of the question that the answer's passage never says,
            # though its report does elsewhere: the answer is about something else
            unsaid = lens.unsaid_telling(
                context,
                cfg.context_telling_share,
                best.passage.doc_id,
                cfg.telling_min_terms,
                elsewhere_forgives=False,
            )
            # ... a subject of the report's own, said in several of its passages (a
            # word it uses once in passing may be the question's loose wording)
            unsaid = [
                t
                for t in unsaid
                if self._passages_saying(t, best.passage.doc_id, passages)
                >= cfg.context_telling_passages
            ]
        if unsaid and frame.intent != "source":  # "the source for …": the note is elsewhere
            return abstain(question, passages, unsaid)
        if frame.intent == "source":
            return self._source_answer(question, frame, candidates)
        if frame.intent == "year":
            candidates = [c for c in candidates if single_years(frame, c.text)] or candidates
            best = candidates[0]
        if frame.intent == "date":
            candidates = [c for c in candidates if _DAY_MONTH.search(c.text)] or candidates
            best = candidates[0]
        if frame.intent == "numeric" and cfg.unwritten_year_abstain and frame.years:
            # a report that never writes the year asked ("… in 2060" of projections to
            # 2050) gives no figure for it, whatever its best sentence
            written = lens.stats.years.get(best.passage.doc_id) if lens.stats else None
            if written and not written & set(frame.years):
                return abstain(question, passages, [])
        if frame.intent in ("numeric", "year") and candidates and best is candidates[0]:
            disagreement = conflict(question, lens, candidates, self.settings.answer)
            if disagreement is not None:
                return disagreement
        if frame.intent in ("text", "numeric"):
            extreme = extreme_row(question, best, candidates, cfg.extreme_min_rows)
            if extreme is None and best.passage.kind != "table" and not says_an_extreme(best.text):
                # "Which bank has the lowest …?" answered in prose by the aggregate (not
                # "Hawaii had the fewest"): the table of the banks, close behind, is read off
                near = candidates[: cfg.extreme_table_depth]
                table = next((c for c in near if c.passage.kind == "table"), None)
                if table is not None:
                    extreme = extreme_row(question, table, candidates, cfg.extreme_min_rows)
            if extreme is not None:  # "which berth is emptiest ...": read off the column
                return compose(question, "answered", [extreme])
        if frame.intent == "list":
            best = _with_enumeration(best)
        items = self._items_after(best) if frame.intent in ("list", "text") else []
        if frame.intent == "list" and not items:
            items = self._box_items(best) or self._sections_counted(best)
        if items:  # "... were noted, as follows:" and the items under it
            return compose(question, "answered", [best, *items])
        note = None
        if frame.intent in ("list", "text"):
            note = self._note_answering(best, lens)
        elif frame.intent == "numeric":
            note = self._note_with_the_figures(best, lens)
        if note is not None:  # the sentence and its footnote, which says what is asked
            return compose(question, "answered", [best, note])
        chosen = [best]
        beside = best.neighbour or self._naming_neighbour(question, best, candidates)
        if beside is not None:  # the heading or quote the answer belongs to, or its speaker
            chosen = sorted([best, beside], key=lambda c: c.start)
        leaning = [c for c in self._read_on(lens, best, ranked) if c not in chosen]
        if leaning:  # the sentence it refers back to, the one that goes on about it
            chosen = sorted([*chosen, *leaning], key=lambda c: c.start)
        share = cfg.runner_up_share.get(frame.intent, 0.0)
        if share:  # a close second reading is quoted too: the analyst sees both
            for c in candidates[1 : 1 + cfg.runner_ups]:
                if (
                    content_score(c, cfg.weights) >= share * content_score(best, cfg.weights)
                    and c not in chosen
                    # the same words printed twice (a heading repeated) are said once
                    and _said(c) not in {_said(x) for x in chosen}
                    and (cfg.runner_up_same_passage or c.passage.chunk_id != best.passage.chunk_id)
                    and not _rival_figures(c, best)
                ):
                    chosen.append(c)
        if frame.intent in ("list", "text"):  # "a negative IOD": what the report calls it
            for c in self._acronyms_defined(question, best):
                if _said(c) not in {_said(x) for x in chosen}:
                    chosen.append(c)
        return compose(question, "answered", chosen)

    def _read_on(self, lens: Lens, best: Candidate, sentences: list[Candidate]) -> list[Candidate]:
        """The sentences next to ``best`` that it leans on or that lean on it: the one
        before, when ``best`` refers back to it; the one after, when that refers back to
        ``best`` and says more of what is asked (for a figure: with a figure)."""
        cfg = self.settings.answer
        if lens.frame.intent not in cfg.continuation or best.passage.kind == "table":
            return []
        out = []
        before = sentence_before(best, sentences)
        if before is not None and refers_back(best.text, before.text):
            out.append(before)
        after = sentence_after(best, sentences)
        if after is not None and refers_back(after.text, best.text):
            doc = best.passage.doc_id
            own = lens.coverage(best.window, doc)
            gain = lens.coverage(f"{best.window}\n{after.text}", doc) - own
            if gain > cfg.continuation_gain and (
                lens.frame.intent != "numeric" or after.quantities
            ):
                out.append(after)
        return out

    def _sentence_similarity(self) -> SentenceSimilarity | None:
        """One sentence-vector cache for the answerer (fact and many-sentence answers
        read the same passages); None for a retriever without an embedder."""
        embedder = getattr(self.retriever, "embedder", None)
        if self._similarity is None and embedder is not None:
            records = getattr(self.retriever, "records", None)
            saved = (
                SavedSentenceVectors(self.settings.home, records)
                if records is not None and self.settings.ingest.sentence_vectors
                else None
            )
            self._similarity = SentenceSimilarity(embedder, saved=saved)
        return self._similarity

    def _weigh_meaning(self, question: str, candidates: list[Candidate]) -> None:
        """How close each sentence is in meaning to the question, by the retriever's
        embedder: a paraphrase shares few words with the question it answers."""
        similarity = self._sentence_similarity()
        if not candidates or similarity is None:
            return  # a retriever without an embedder (a test's shelf): words alone
        texts = [sentence_text(c) for c in candidates]
        closeness = similarity.scores(question, texts, {c.passage.doc_id for c in candidates})
        for c, value in zip(candidates, closeness, strict=True):
            c.add_sign("meaning", value, self.settings.answer.weights.meaning)

    def _weigh_context(self, lens: Lens, candidates: list[Candidate]) -> None:
        """A sentence is read with the ones next to it: the question's words in the
        heading, the quote or the lead-in beside a sentence count for it too ("ESF #13 –
        Public Safety" above "ESF Coordinator: Department of Justice"). The neighbour that
        brings them is remembered, to be quoted with it."""
        cfg = self.settings.answer
        if not cfg.context_weight:
            return
        by_passage: dict[str, list[Candidate]] = {}
        for c in candidates:
            by_passage.setdefault(c.passage.chunk_id, []).append(c)
        for group in by_passage.values():
            group.sort(key=lambda c: c.start)
            for i, c in enumerate(group):
                own = lens.coverage(c.window)
                gain, beside = 0.0, None
                for n in group[max(0, i - 1) : i] + group[i + 1 : i + 2]:
                    more = lens.coverage(f"{c.window}\n{n.text}") - own
                    if more > gain:
                        gain, beside = more, n
                c.add_sign("context_weight", gain, cfg.context_weight)
                c.neighbour = beside if gain >= cfg.context_quote else None

    def _naming_neighbour(
        self, question: str, best: Candidate, candidates: list[Candidate]
    ) -> Candidate | None:
        """For a "who" question whose best sentence names nobody new (a quote), the
        sentence right next to it in its passage that does (the line naming the speaker)."""
        if not asks_for_a_name(question) or new_names(question, best.text):
            return None
        same = sorted(
            (c for c in candidates if c.passage.chunk_id == best.passage.chunk_id),
            key=lambda c: c.start,
        )
        i = next(i for i, c in enumerate(same) if c is best)
        for c in same[i + 1 : i + 2] + same[max(0, i - 1) : i]:
            if new_names(question, c.text):
                return c
        # a quote of several sentences: the speaker's line comes after its closing mark
        for before, c in zip(same[i : i + _QUOTE_REACH], same[i + 1 : i + 1 + _QUOTE_REACH]):
            closed = before.text.rstrip().endswith(_CLOSING_QUOTES)
            if (closed or c.text.lstrip().startswith(_DASHES)) and new_names(question, c.text):
                return c
        return None

    def _give_heads(self, candidates: list[Candidate]) -> None:
        """The rows of a table's later passages read under its header, found in the
        passages before (a long table is cut into several passages; only its first has
        the header that says which column is 2050)."""
        neighbours = getattr(self.retriever, "neighbours", None)
        reach = self.settings.answer.table_head_reach
        if neighbours is None or not reach:
            return
        heads: dict[str, tuple[str, tuple[str, ...]] | None] = {}
        for c in candidates:
            p = c.passage
            if p.kind != "table":
                continue
            if p.chunk_id not in heads:
                heads[p.chunk_id] = table_head(p, lambda q: neighbours(q.chunk_id)[0], reach)
            c.head = heads[p.chunk_id]

    def _passages_saying(self, term: str, doc_id: str, read: list[ScoredPassage]) -> int:
        """How many passages of report ``doc_id`` say ``term`` (of the shelf when the
        retriever holds it, else of the passages read)."""
        shelf = getattr(self.retriever, "passages", None)
        own = [p for p in (shelf() if shelf is not None else read) if p.doc_id == doc_id]
        return sum(term in term_index(p.text)[0] for p in own)

    def _around(self, c: Candidate) -> str:
        """The text of the passages next to the candidate's in the same section."""
        neighbours = getattr(self.retriever, "neighbours", None)
        if neighbours is None:
            return ""
        here = c.passage.section or ""
        return " ".join(
            p.text
            for p in neighbours(c.passage.chunk_id)
            if p is not None and (p.section or "") == here
        )

    def _spelled_out(
        self, question: str, short: str, passages: list[ScoredPassage]
    ) -> Answer | None:
        """ "What does MECS stand for?": the words whose initials spell it, where a report
        writes them (its list of acronyms, or the text), in the reports retrieved first."""
        everything = getattr(self.retriever, "passages", None)
        shelf = list(everything()) if everything is not None else []
        order = list(dict.fromkeys(p.doc_id for p in passages))
        ranked = sorted(
            [*passages, *(with_score(p, 0.0) for p in shelf)],
            key=lambda p: (order.index(p.doc_id) if p.doc_id in order else len(order),
                           p.char_start),
        )  # fmt: skip
        for rank, p in enumerate(ranked):
            for c in candidates_of(p, rank):
                words = spell_out(short, c.text)
                if words:
                    return compose(question, "answered", [c], text_for={1: f"{short}: {words}."})
        return None

    def _acronyms_defined(self, question: str, best: Candidate) -> list[Candidate]:
        """For an answer naming a thing by an acronym the question does not use ("La Niña
        with a negative IOD"), the sentence of the same report that spells it out
        ("… the Indian Ocean Dipole (IOD) …"): a reader is not left with the letters."""
        everything = getattr(self.retriever, "passages", None)
        shorts = [
            a for a in dict.fromkeys(re.findall(r"\b[A-Z]{2,6}\b", best.text)) if a not in question
        ][: self.settings.answer.acronyms_defined]
        if everything is None or not shorts:
            return []
        found: list[Candidate] = []
        shelf = [p for p in everything() if p.doc_id == best.passage.doc_id]
        for short in shorts:
            mark = f"({short})"
            for p in shelf:
                if mark not in p.text:
                    continue
                scored = with_score(p, 0.0)
                c = next(
                    (c for c in candidates_of(scored, best.rank) if mark in c.text
                     and spell_out(short, c.text.split(mark)[0][-120:])),
                    None,
                )  # fmt: skip
                if c is not None:
                    found.append(c)
                    break
        return found

    def _note_answering(self, c: Candidate, lens: Lens) -> Candidate | None:
        """The footnote of the answering sentence when it says more of what is asked than
        the sentence does ("...conducted by experts in 2002.¹" / "1. The findings are
        documented in the RAND report"): its line in the report's notes, to be quoted."""
        notes = notes_of_item(c)
        if not notes:
            return None
        if c.text.rstrip().endswith("?"):
            # a question the report asks itself; its note tells what became of it
            return self._note_line(c, notes[0])
        base = lens.coverage(c.window)
        note = max(notes, key=lambda f: lens.coverage(f"{c.window}\n{f.text}"))
        if lens.coverage(f"{c.window}\n{note.text}") < base + self.settings.answer.note_gain:
            return None
        return self._note_line(c, note)

    def _note_with_the_figures(self, c: Candidate, lens: Lens) -> Candidate | None:
        """The footnote of the answering sentence that gives the figures the sentence
        only sums up ("… about 31 units larger.¹⁷" / "17. On average, … had 88 units,
        while … had 57"): a figure of the asked kind, and as much of the question."""
        notes = notes_of_item(c)
        if not notes:
            return None
        base = lens.coverage(c.window, c.passage.doc_id)
        for note in notes:
            line = self._note_line(c, note)
            if line is None or lens.coverage(line.text, c.passage.doc_id) < base:
                continue
            if answering_quantity(lens.frame, line, lens=lens) is not None:
                return line
        return None

    def _note_line(self, c: Candidate, note: Footnote) -> Candidate | None:
        """The line of the report's notes that holds ``note``, as a candidate to quote."""
        passages = getattr(self.retriever, "passages", None)
        if passages is None:
            return None
        head = note.text.strip()[:40]
        for p in passages():
            if p.doc_id != c.passage.doc_id or p.kind != "footnotes" or head not in p.text:
                continue
            scored = with_score(p, c.passage.score)
            for line in candidates_of(scored, c.rank):
                if head in line.text:
                    return line
        return None

    def _box_items(self, c: Candidate) -> list[Candidate]:
        """A box's title answering a list question ("MOORING ALLOCATION CRITERIA"): the
        box's paragraphs under it are the list, up to ``list_items``."""
        base = c.passage.char_start
        titled = _is_title(c.text, self.settings.answer.box_title_words)
        if c.passage.kind != "box" or not titled or c.start != base:
            return []
        return [
            Candidate(c.passage, c.rank, base + a, base + b, c.passage.text[a:b], c.score)
            for a, b in sentence_spans(c.passage.text)
            if base + a >= c.end
        ][: self.settings.answer.list_items]

    def _passages_after(self, c: Candidate) -> list[Passage]:
        """The passages of the candidate's report after its own, in order (none when the
        retriever cannot list the shelf)."""
        passages = getattr(self.retriever, "passages", None)
        if passages is None:
            return []
        return sorted(
            (
                p
                for p in passages()
                if p.doc_id == c.passage.doc_id and p.char_start >= c.passage.char_end
            ),
            key=lambda p: p.char_start,
        )

    def _sections_counted(self, c: Candidate) -> list[Candidate]:
        """The sections after a sentence that counts them ("The agency runs three loan
        programs …" over sections "Term Loan Program", "Microloan Program", …): the next
        sections of its report, as many as it counts, each heading naming the counted
        noun; each quoted by its first sentence."""
        count, noun = counted_noun(c.text)
        if not count or not noun or count > self.settings.answer.list_items:
            return []
        later = [p for p in self._passages_after(c) if p.kind == "prose" and p.section]
        firsts: list[Passage] = []
        for p in later:
            if p.section != c.passage.section and all(p.section != f.section for f in firsts):
                firsts.append(p)
            if len(firsts) == count:
                break
        if len(firsts) < count or not all(noun in term_index(p.section or "")[0] for p in firsts):
            return []
        items = []
        for p in firsts:
            a, b = next(iter(sentence_spans(p.text)), (0, len(p.text)))
            scored = with_score(p, c.passage.score)
            items.append(Candidate(scored, c.rank, p.char_start + a, p.char_start + b, p.text[a:b]))
        return items

    def _items_after(self, c: Candidate) -> list[Candidate]:
        """The items of a list a sentence announces with a colon ("... as follows:"):
        the bulleted or numbered lines after it, in its passage and in the passages that
        follow it in its report and section, up to ``list_items`` of them."""
        if c.passage.kind != "prose":
            return []
        if not _announces_list(c.text):  # or a short sentence after it does: "These include:"
            base = c.passage.char_start
            span = announcer_after(
                c.passage.text, c.end - base, self.settings.answer.announcer_words
            )
            if span is None:
                return []
            c = Candidate(
                c.passage, c.rank, base + span[0], base + span[1], c.passage.text[slice(*span)]
            )
        limit = self.settings.answer.list_items
        base = c.passage.char_start
        items = [
            Candidate(c.passage, c.rank, base + a, base + b, c.passage.text[a:b], c.score)
            for a, b in sentence_spans(c.passage.text)
            if base + a >= c.end and LIST_ITEM.match(c.passage.text[a:b])
        ]
        if base + len(c.passage.text.rstrip()) > c.end or len(items) >= limit:
            return items[:limit]  # the list is inside the passage (or there is none)
        following = [p for p in self._passages_after(c) if p.section == c.passage.section]
        for p in following:
            if p.kind in _FLOATS and not LIST_ITEM.match(p.text):
                continue  # a table or a box set down among the items: read past it
            if len(items) >= limit or not LIST_ITEM.match(p.text):
                break
            scored = with_score(p, c.passage.score)
            text = p.text.strip()
            items.append(Candidate(scored, c.rank, p.char_start, p.char_start + len(text), text))
        count = _announced_count(c.text)
        if not items and count and count <= limit:
            # "… provides for two kinds of permit:" and two paragraphs, unmarked:
            # each paragraph's first sentence names its item
            for p in following[:count]:
                scored = with_score(p, c.passage.score)
                a, b = next(iter(sentence_spans(p.text)), (0, len(p.text)))
                start = p.char_start + a
                items.append(Candidate(scored, c.rank, start, p.char_start + b, p.text[a:b]))
            if len(items) < count:
                return []
        return items

    def _source_answer(
        self, question: str, frame: QuestionFrame, candidates: list[Candidate]
    ) -> Answer:
        """The sentence making the claim, with the footnote(s) its markers point to."""
        cfg = self.settings.answer
        w = cfg.weights
        with_notes = [c for c in candidates if footnotes_of(c)]
        pick = (
            with_notes[0]
            if with_notes
            and content_score(with_notes[0], w)
            >= cfg.source_note_share * content_score(candidates[0], w)
            else None
        )
        if pick is None:
            line = _source_line(candidates[0], candidates)
            if _CAPTION.match(line.text):
                line = self._credit_after(line) or line
            entries = self._listed_references(line)
            if entries:  # "… (11)": the eleventh work of the report's list of references
                cited = [line, *(entry for _, entry in entries)]
                n, first = entries[0]
                work = _LISTED_NUMBER.sub("", first.text, count=1)
                lead = {2: f"The report's source: ({superscript(n)}) {work}"}
                return compose(question, "answered", cited, text_for=lead)
            return compose(question, "answered", [line])
        said: list[str] = []
        marked: list[Candidate] = []  # the sentences the repeated notes annotate
        for note in footnotes_of(pick):
            repeated = self._note_repeated(pick, note)
            if repeated is None:
                said.append(f"({superscript(note.n)}) {note.text}")
                continue
            before, where = repeated
            said.append(
                f"({superscript(note.n)}) {note.text.rstrip(' .')}, that is "
                f"({superscript(before.n)}) {before.text}"
            )
            marked.append(where)
        text = f"{sentence_text(pick)} The report's source: {'; '.join(said)}"
        return compose(question, "answered", [pick, *marked], text_for={1: text})

    def _note_repeated(self, pick: Candidate, note: Footnote) -> tuple[Footnote, Candidate] | None:
        """For a footnote that only repeats the note before it ("Idem, p. 7", "Ibid."):
        that note, which names the source, and the sentence its marker annotates."""
        passages = getattr(self.retriever, "passages", None)
        if passages is None or not _SAME_AS_BEFORE.match(note.text):
            return None
        earlier = [
            (f, p)
            for p in passages()
            if p.doc_id == pick.passage.doc_id
            for f in p.footnotes
            if f.n < note.n and not _SAME_AS_BEFORE.match(f.text)
        ]
        if not earlier:
            return None
        before, p = max(earlier, key=lambda pair: pair[0].n)
        for a, b in sentence_spans(p.text):
            if before.n in find_markers(p.text[a:b]):
                scored = with_score(p, pick.passage.score)
                where = Candidate(
                    scored, pick.rank, p.char_start + a, p.char_start + b, p.text[a:b]
                )
                return before, where
        return None

    def _listed_references(self, c: Candidate) -> list[tuple[int, Candidate]]:
        """The entries of the report's numbered list of references that the sentence
        cites by number ("… each year (11).", "as shown [4, 7]"), each as a candidate
        to cite: the work is named there, not in the sentence."""
        numbers = cited_numbers(c.text)
        passages = getattr(self.retriever, "passages", None)
        if not numbers or passages is None:
            return []
        found: dict[int, Candidate] = {}
        for p in passages():
            if p.doc_id != c.passage.doc_id or p.char_start <= c.passage.char_start:
                continue  # a list of references follows the text citing it
            for m in _LISTED_ENTRY.finditer(p.text):  # an entry is a line of its own
                n, entry = int(m.group(1)), m.group(0).strip()
                if n in numbers and n not in found and _YEAR_OF_WORK.search(entry):
                    scored = with_score(p, c.passage.score)
                    start = p.char_start + m.start() + m.group(0).index(entry)
                    found[n] = Candidate(scored, c.rank, start, start + len(entry), entry)
        return sorted(found.items())

    def _credit_after(self, caption: Candidate) -> Candidate | None:
        """A figure's credit line ("Source: ..."), printed under the figure: in one of
        the next passages of the caption's page (the figure's labels come between)."""
        passage = caption.passage
        for _ in range(self.settings.answer.credit_reach):
            _, after = self.retriever.neighbours(passage.chunk_id)
            if after is None or after.page != caption.passage.page:
                return None
            for a, b in sentence_spans(after.text):
                if _SOURCE_LINE.match(after.text[a:b]):
                    score = caption.passage.score
                    scored = with_score(after, score)
                    start = after.char_start
                    return Candidate(scored, caption.rank, start + a, start + b, after.text[a:b])
            passage = after
        return None


def _source_line(best: Candidate, candidates: list[Candidate]) -> Candidate:
    """For a source asked of a table or figure, the line of its passage that names the
    source ("Source: ..."), rather than its caption or a row."""
    if best.passage.kind not in ("table", "figure"):
        return best
    same = [c for c in candidates if c.passage.chunk_id == best.passage.chunk_id]
    labelled = next((c for c in same if _SOURCE_LINE.match(c.text)), None)
    # else the line that is no caption, header or row: under a table, its credit line
    loose = (c for c in same if not _CAPTION.match(c.text) and not re.search(r"\t|\|", c.text))
    return labelled or next(loose, best)


_SOURCE_LINE = re.compile(r"\W*Sources?\b", re.I)
# a note that names no source but the one of the note before it
_SAME_AS_BEFORE = re.compile(r"\W*(?:idem|ibid(?:em)?|id\.)(?:\W|$)", re.I)
_CAPTION = re.compile(r"\W*(?:Table|Figure|Chart|Exhibit|Graph|Map)\b", re.I)
# "11. Author A, Author B. Title. Journal. 2014; 371(7):624–634.": an entry of a
# numbered list of references, with the year of the work
_LISTED_ENTRY = re.compile(r"(?m)^\s*\[?(\d{1,3})[.)\]]\s+\S[^\n]*")
_LISTED_NUMBER = re.compile(r"^\s*\[?\d{1,3}[.)\]]\s+")
_YEAR_OF_WORK = re.compile(r"\b(?:19|20)\d\d\b")
# "… each year (11).", "… as shown [4, 7]": works cited by their number in the list
_CITED_NUMBERS = re.compile(r"[(\[](\d{1,3}(?:\s*[,–-]\s*\d{1,3})*)[)\]]")


def cited_numbers(text: str) -> set[int]:
    """The numbers of listed works a sentence cites in brackets ("(11)", "[4, 7]",
    "(3–5)"); not a year, nor a figure's unit in brackets."""
    found: set[int] = set()
    for m in _CITED_NUMBERS.finditer(text):
        for part in re.split(r"\s*,\s*", m.group(1)):
            ends = [int(x) for x in re.split(r"\s*[–-]\s*", part) if x]
            if len(ends) == 2 and 0 < ends[1] - ends[0] <= _RANGE_MAX:
                found.update(range(ends[0], ends[1] + 1))
            elif len(ends) == 1:
                found.add(ends[0])
    return {n for n in found if n > 0}


_RANGE_MAX = 10  # "(3–5)": works three to five; a wider "range" is no citation


def _said(c: Candidate) -> str:
    """A sentence's words, case and punctuation aside: what a reader hears."""
    return " ".join(re.findall(r"\w+", c.text.lower()))


def _rival_figures(c: Candidate, best: Candidate) -> bool:
    """Whether ``c`` states a figure the best sentence does not, when that one states
    some: quoted beside it, a second reading would read as a rival answer (a forecast
    beside the earlier one it revises)."""
    have = best.quantities
    return bool(have) and any(not any(q.same_value(b) for b in have) for q in c.quantities)


# a clause said in the negative: "had not received", "without", "never", "lacked"
_NEGATION = re.compile(r"\b(?:not|no|never|without|lack(?:s|ed|ing)?|none)\b|n['’]t\b", re.I)


def negated_reading(
    question: str, best: Candidate | None, candidates: list[Candidate]
) -> Candidate | None:
    """The best sentence with the one next to it that says the same in the negative, when
    the question asks in the negative: "71.4% said they had received training. However,
    28.6% reported not receiving such training." answers who had not received it, and is
    quoted whole (the negative one says "such training": what, the other says)."""
    if best is None or not _NEGATION.search(question) or _NEGATION.search(best.text):
        return None
    spans = sentence_spans(best.passage.text)
    base = best.passage.char_start
    starts = [base + a for a, _ in spans]
    if best.start not in starts:
        return None
    at = starts.index(best.start)
    beside = {starts[k] for k in (at - 1, at + 1) if 0 <= k < len(starts)}
    negative = next(
        (
            c
            for c in candidates
            if c.passage.chunk_id == best.passage.chunk_id
            and c.start in beside
            and _NEGATION.search(c.text)
        ),
        None,
    )
    if negative is None:
        return None
    start, end = min(best.start, negative.start), max(best.end, negative.end)
    text = best.passage.text[start - base : end - base]
    both = Candidate(best.passage, best.rank, start, end, text, best.score)
    both.features = dict(best.features)
    return both


def _missing_in(lens: Lens, c: Candidate, around: str = "") -> list[str]:
    """Names of the question that neither the passage (with ``around`` it, the passages
    of its section next to it) nor its footnotes speak of."""
    return lens.missing_names(_context_of(c, around), c.passage.doc_id)


def _heads_its_table(c: Candidate) -> bool:
    """Is the candidate a header row of its table ("Funding\tFY2022\tFY2023 …")? It
    says what the rows' cells are, and answers nothing itself."""
    if c.passage.kind != "table" or "\t" not in c.text:
        return False
    return c.text.strip() in table_parts(c.passage.text)[0].split("\n")


def _says_where_from(text: str) -> bool:
    """A credit ("© Agency/Name"), a note's reference to a work, an address block: lines
    saying where something came from or how to reach someone, which answer only a
    question on sources."""
    return is_credit_line(text) or is_reference_entry(text) or is_contact_block(text)


def _context_of(c: Candidate, around: str = "") -> str:
    """What a sentence is read in: its section's heading, its passage, the passage's
    footnotes and ``around`` it."""
    notes = " ".join(f.text for f in c.passage.footnotes)
    return f"{c.passage.section or ''} {c.passage.text} {notes} {around}".strip()


# a question asking for a share takes only shares, one asking how many only counts, one
# asking for grams only masses, one asking what something costs only money: no figure of
# another unit stands in for them
# what a page sets down between the lines of the text: read past it, not into it
_FLOATS = ("table", "box", "figure", "footnotes")
_OWN_UNIT_ONLY = ("%", "count", "g", "money", "score")
# a question naming its unit outright ("how many tonnes …") takes only that unit too
_NAMED_UNIT = re.compile(r"\b(?:tonnes|tons|metric tons|kilotonnes)\b", re.I)


def _own_unit_only(frame: QuestionFrame) -> bool:
    return frame.unit in _OWN_UNIT_ONLY or (
        frame.unit == "t" and bool(_NAMED_UNIT.search(frame.text))
    )


_QUOTE_REACH = 4  # sentences of a quote read on to find who said it
_CLOSING_QUOTES = ("”", '"', "’")
_DASHES = ("–", "—", "-")


def _is_title(text: str, max_words: int) -> bool:
    """A short line that is no sentence: a title over what follows it."""
    words = text.split()
    return 0 < len(words) <= max_words and not re.search(r"[.!?:;,]\W*$", text.strip())


# "… as follows", "… were active in the market (listed below).": a list comes next
_LIST_AHEAD = re.compile(r"\b(?:listed below|as follows|the following)\W*$", re.I)
# a sentence cut off before its list ("… established three programs, including the"):
# the bulleted lines after it finish it
_CUT_BEFORE_ITS_LIST = re.compile(
    r"\b(?:including|include|includes|such as|namely|the|are|were)\s*$", re.I
)


def _announces_list(sentence: str) -> bool:
    """A sentence that ends on a colon ("… four updates to the models:¹" too) or says
    the list follows."""
    bare = _NOTE_MARKS_AT_END.sub("", sentence)
    return (
        bare.endswith(":")
        or bool(_LIST_AHEAD.search(bare))
        or bool(_CUT_BEFORE_ITS_LIST.search(bare))
    )


_DAY_MONTH = re.compile(
    r"\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:January|February|March|April|May|June|"
    r"July|August|September|October|November|December)|(?:January|February|March|April|May|"
    r"June|July|August|September|October|November|December)\s+\d{1,2}(?:st|nd|rd|th)?)"
    r"(?!\d)"
)  # "9 August", "9th August", "the 9th of August", "August 9th"


_COUNTS = {w: n for n, w in enumerate("two three four five six seven eight nine ten".split(), 2)}


def _announced_count(sentence: str) -> int | None:
    """How many items a colon-ended sentence announces ("two kinds of permit:")."""
    if not _announces_list(sentence):
        return None
    m = re.search(r"\b(two|three|four|five|six|seven|eight|nine|ten|[2-9])\b", sentence, re.I)
    if m is None:
        return None
    word = m.group(1).lower()
    return int(word) if word.isdigit() else _COUNTS[word]


# "three loan programs that …": a count, then the noun phrase it counts, up to a word
# that ends it
_COUNTED = re.compile(
    r"\b(two|three|four|five|six|seven|eight|nine|ten|[2-9])\s+"
    r"((?:(?!(?:that|which|who|to|in|of|for|with|by|are|is|were|was|have|has|and|or)\b)"
    r"[A-Za-z][\w-]*\s*){1,3})",
    re.I,
)


def counted_noun(sentence: str) -> tuple[int | None, str | None]:
    """(count, the stem of the noun counted) of "… three loan programs that …": the
    phrase's last plural, else its last word."""
    m = _COUNTED.search(sentence)
    if m is None:
        return None, None
    word = m.group(1).lower()
    count = int(word) if word.isdigit() else _COUNTS[word]
    words = m.group(2).split()
    plural = [w for w in words if w.lower().endswith("s") and len(w) > 3]
    head = content_terms((plural or words)[-1])  # "six countries GAO reviewed": countries
    return count, head[0] if head else None


_COUNT_WORD = re.compile(r"\b(two|three|four|five|six|seven|eight|nine|ten|\d+)\b|:\s*$", re.I)


def _with_enumeration(c: Candidate) -> Candidate:
    """A sentence announcing a list ("seven ... elements") with the next sentence that
    enumerates it, as one quote."""
    if c.passage.kind != "prose" or not _COUNT_WORD.search(c.text):
        return c
    base = c.passage.char_start
    for a, b in sentence_spans(c.passage.text):
        if base + a >= c.end:
            following = c.passage.text[a:b]
            if following.count(",") >= max(2, c.text.count(",") + 1):
                text = c.passage.text[c.start - base : b]
                return Candidate(c.passage, c.rank, c.start, base + b, text, c.score)
            break
    return c
