"""Hybrid retrieval: dense (MiniLM vectors) + BM25 (bm25s), fused (``reportqa.fusion``).

Dense vectors find paraphrases; BM25 finds exact terms analysts type (names, figures,
"REO", "JOGMEC"). With every passage's two scores at hand (the exact in-memory index), the
two score distributions are fused (dbsf); above ``exact_max_passages``, Chroma's top-k and
BM25's are fused by reciprocal rank.
The BM25 index and an exact in-memory dense index (``reportqa.dense``) are built from one
read of the store's passages and vectors, and cached until the registry changes;
each query reads the registry once (a cached, versioned read in the store) and shares it
between the BM25 freshness check and the dense live-document filter.
"""

from __future__ import annotations

import re
import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from reportqa import filters, index_cache
from reportqa.asked_kinds import kinds_named
from reportqa.config import Settings
from reportqa.corpus_stats import CorpusStats
from reportqa.dates import date_key
from reportqa.dense import ExactDenseIndex
from reportqa.embedding import Embedder, get_embedder
from reportqa.fusion import dbsf, rrf
from reportqa.lexicon import activate
from reportqa.models import DocumentRecord, Passage, RetrievalFilters, ScoredPassage, with_score
from reportqa.store import ReportStore, is_concurrent_write_error
from reportqa.text import is_contents_listing
from reportqa.words import defined_in, initialisms, other_names, stem


class RetrievalError(ValueError):
    """A retrieval request the user can fix (unknown document, empty store...)."""


def passage_matches(passage: Passage, filters: RetrievalFilters | None) -> bool:
    """The same semantics as the Chroma ``where`` clause, for in-memory candidates."""
    if filters is None or filters.is_empty():
        return True
    if filters.publishers and (passage.publisher or "").lower() not in {
        p.lower() for p in filters.publishers
    }:
        return False
    if filters.doc_ids and passage.doc_id not in filters.doc_ids:
        return False
    key = date_key(passage.date) if passage.date else 0
    if filters.after and key < date_key(filters.after):
        return False
    if filters.before and (key == 0 or key > date_key(filters.before, upper=True)):
        return False
    return True


def resolve_documents(names: list[str], records: list[DocumentRecord]) -> list[str]:
    """Doc ids for names given by a user (see :func:`reportqa.filters.resolve_documents`)."""
    try:
        return filters.resolve_documents(names, records)
    except filters.BadFilter as exc:
        raise RetrievalError(str(exc)) from exc


def _bm25_stemmer() -> Any:
    """Snowball English stemmer (the one the answer layer uses): "exports" meets "export"."""
    from reportqa.words import english_stemmer

    return english_stemmer().stemWords


def without_words(text: str, stems: frozenset[str]) -> str:
    """``text`` minus the words whose Snowball stem is in ``stems``."""
    if not stems:
        return text
    words = text.split()
    kept = [w for w in words if stem(w.strip(_PUNCTUATION).lower()) not in stems]
    return " ".join(kept)


_PUNCTUATION = ".,;:!?\"'()[]“”‘’"


def _with_subjects(
    question: str, naming: frozenset[str], stats: CorpusStats, named: frozenset[str]
) -> frozenset[str]:
    """The naming words and the named reports' subjects, words a quarter of their
    passages say ("North Dakota", "drinking water" in a state's water plan): within those
    reports they tell no passage from another, and their weight over the shelf drowned
    what is asked ("the loan interest rate"). Kept when they are all the question says."""
    subjects = frozenset().union(*(stats.subjects.get(d, set()) for d in named))
    wider = naming | subjects
    rest = [t for t in _query_tokens(question) if t not in wider]
    return wider if len(rest) >= 2 else naming


# The words that make a sentence a question. bm25s's English list (Lucene's) lacks them, and
# reports seldom use them, so BM25 gave them a high weight: "how" and "many" scored more than
# "tonnes" or "exports", and a question found the passages that happened to contain "how".
# Measured on the benchmark's shelf of 1,000 reports: hit@5 of the eval questions 0.976 ->
# 0.988 (the same as with the 4 real reports alone). Dropped from questions only; passages
# are indexed as before.
QUESTION_WORDS = (
    "how",
    "many",
    "much",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "why",
    "do",
    "does",
    "did",
    "according",
)


def _query_tokens(question: str) -> tuple[str, ...]:
    # other names from the field profile, if any ("Eswatini" finds a table row "Swaziland")
    return _tokens_with(question, tuple(other_names(question)))


@lru_cache(maxsize=1024)
def _tokens_with(question: str, aliases: tuple[str, ...]) -> tuple[str, ...]:
    """BM25 tokens of a question; an ``ask`` searches twice with the same question."""
    import bm25s
    from bm25s.stopwords import STOPWORDS_EN

    query = bm25s.tokenize(
        [" ".join([question, *aliases])],
        stopwords=[*STOPWORDS_EN, *QUESTION_WORDS],
        stemmer=_bm25_stemmer(),
        show_progress=False,
        return_ids=False,
    )
    return tuple(query[0]) if query else ()


def _long_forms_by_report(passages: list[Passage]) -> dict[str, dict[str, str]]:
    """Per report, the acronyms its passages define and their long forms."""
    out: dict[str, dict[str, str]] = {}
    for p in passages:
        if "(" in p.text:
            for short, long in defined_in(p.text):
                out.setdefault(p.doc_id, {}).setdefault(short, long)
    return out


def bm25_scores(model: Any, tokens: list[str]) -> Any:
    """``model.get_scores(tokens)`` of a ``bm25s.BM25``, from the same precomputed index.

    bm25s adds each token's postings into the scores with one ``np.add.at`` per token,
    which costs about 0.1 ms a token on 12,000 passages; gathering every posting first
    and summing them with one ``np.bincount`` gives the same scores (float32, as bm25s)
    in a tenth of the time: 0.06 ms instead of 0.83 for a question on the 1,000-report
    benchmark shelf.
    """
    import numpy as np

    index = model.scores
    ids = model.get_tokens_ids(tokens)
    dtype = np.dtype(model.dtype)
    if not ids:
        return np.zeros(index["num_docs"], dtype=dtype)
    starts, ends = index["indptr"][ids], index["indptr"][np.asarray(ids) + 1]
    rows = np.concatenate([index["indices"][a:b] for a, b in zip(starts, ends)])
    weights = np.concatenate([index["data"][a:b] for a, b in zip(starts, ends)])
    scores = np.bincount(rows, weights=weights, minlength=index["num_docs"]).astype(dtype)
    if model.nonoccurrence_array is not None:  # BM25L and BM25+; not the default Lucene
        scores += model.nonoccurrence_array[ids].sum()
    return scores


@dataclass
class _QueryScores:
    """One question's vector and its dense and BM25 scores over one passage index."""

    question: str
    index: _PassageIndex
    vector: list[float]
    dense: Any  # numpy scores per passage; None when Chroma is queried instead
    bm25: Any  # numpy scores per passage; None when no token can match
    fused: Any = None  # dbsf of the two, computed on first use
    named: frozenset[str] = frozenset()  # doc ids of reports the question names


@dataclass
class _PassageIndex:
    """What one registry state of the store is searched through: BM25 and exact dense."""

    key: tuple[Any, ...]
    passages: list[Passage]
    retriever: Any  # bm25s.BM25, None for an empty store
    dense: ExactDenseIndex | None  # None above ``exact_max_passages``: Chroma is queried
    records: list[DocumentRecord] | None = None  # the registry list the key was checked on
    complete: bool = True  # False: the vectors could not be read (concurrent writes)
    built_at: float = field(default_factory=time.monotonic)
    stats: CorpusStats | None = None  # word weights and report metadata, built on first use
    # BM25 token ids of each passage and their vocabulary (this process only): the next
    # registry state tokenizes only the passages of new or changed reports
    token_ids: list[list[int]] | None = None
    vocab: dict[str, int] | None = None
    # each passage's place in its report: chunk id -> (previous, next) passage
    around: dict[str, tuple[Passage | None, Passage | None]] | None = None


class HybridRetriever:
    """Dense + BM25 retrieval over one store; cheap to construct, warm on first use."""

    def __init__(
        self,
        settings: Settings,
        store: ReportStore | None = None,
        embedder: Embedder | None = None,
    ) -> None:
        self.settings = settings
        self.store = store or ReportStore(settings)
        self.embedder = embedder or get_embedder(settings.embedding)
        self._index: _PassageIndex | None = None
        self._index_lock = threading.Lock()
        self.last_timings: dict[str, float] = {}
        self._last_query: _QueryScores | None = None

    def warm_up(self) -> None:
        warm = getattr(self.embedder, "warm_up", None)
        if warm:
            warm()
        self._passage_index()

    def records(self) -> list[DocumentRecord]:
        """The registered reports (the registry list the index was built on)."""
        return list(self._passage_index().records or [])

    def opening(self, doc_id: str, n: int = 3) -> list[Passage]:
        """A report's first ``n`` passages in reading order (its title page)."""
        own = [p for p in self._passage_index().passages if p.doc_id == doc_id]
        return sorted(own, key=lambda p: p.char_start)[:n]

    def passages(self) -> list[Passage]:
        """Every passage of the registered reports (the cached read the indexes share)."""
        return list(self._passage_index().passages)

    def neighbours(self, chunk_id: str) -> tuple[Passage | None, Passage | None]:
        """The passages just before and after one in its report: what a reader has in
        view around a quote (a box's first sentence names the place its third speaks of)."""
        index = self._passage_index()
        if index.around is None:
            by_doc: dict[str, list[Passage]] = {}
            for p in index.passages:
                by_doc.setdefault(p.doc_id, []).append(p)
            around: dict[str, tuple[Passage | None, Passage | None]] = {}
            for passages in by_doc.values():
                passages.sort(key=lambda p: (p.char_start, p.char_end))
                for i, p in enumerate(passages):
                    before = passages[i - 1] if i else None
                    after = passages[i + 1] if i + 1 < len(passages) else None
                    around[p.chunk_id] = (before, after)
            index.around = around
        return index.around.get(chunk_id, (None, None))

    def corpus_stats(self, index: _PassageIndex | None = None) -> CorpusStats:
        """Word weights and report metadata of the shelf, built once per registry change."""
        index = index or self._passage_index()
        if index.stats is None:
            with self._index_lock:
                if index.stats is None:
                    index.stats = CorpusStats.build(index.records or [], index.passages)
        return index.stats

    def _passage_index(self, registry: tuple[Any, ...] | None = None) -> _PassageIndex:
        _version, records, _live = registry or self.store.registry_state()
        index = self._index
        if index is not None and index.records is records and index.complete:
            return index  # the same cached registry object: nothing changed
        key = tuple(sorted((r.doc_id, r.content_hash) for r in records))
        with self._index_lock:  # threads of one batch build it once, not once each
            index = self._index
            retry = index is not None and not index.complete
            if retry and time.monotonic() - index.built_at < 1.0:
                retry = False  # read the vectors again at most once a second
            if index is None or index.key != key or retry:
                index = self._build_index(key, records)
                self._index = index
            index.records = records
        return index

    def _build_index(self, key: tuple[Any, ...], records: list[DocumentRecord]) -> _PassageIndex:
        """The index of one registry state: from the index cache when a process already
        built it (``reportqa.index_cache``), else from the store (and then saved)."""
        exact = self.store.chunk_count() <= self.settings.retrieval.exact_max_passages
        saved_as = index_cache.cache_key(self.settings.collection_name, records, exact)
        parts = index_cache.load(self.settings.home, saved_as)
        if parts is not None:
            passages = parts["passages"]
            vectors = parts["vectors"]
            dense = ExactDenseIndex(passages, vectors) if vectors is not None else None
            if dense is not None and not passages:
                dense = None
            return _PassageIndex(key, passages, parts["bm25"], dense, stats=parts["stats"])
        previous = self._index
        index = self._read_index(key, exact, records, previous=previous)
        if index.complete:
            earlier = previous.stats if previous is not None else None
            index.stats = CorpusStats.build(records, index.passages, previous=earlier)
            vectors = index.dense.matrix if index.dense is not None else None
            index_cache.save(
                self.settings.home,
                saved_as,
                {
                    "passages": index.passages,
                    "vectors": vectors,
                    "bm25": index.retriever,
                    "stats": index.stats,
                },
            )
        return index

    def _read_index(
        self,
        key: tuple[Any, ...],
        exact: bool,
        records: list[DocumentRecord],
        previous: _PassageIndex | None = None,
    ) -> _PassageIndex:
        """Passages and vectors of the registered reports, then BM25 over them.

        When this process already holds the index of an earlier registry state, only the
        reports added or changed since are read from the store; the others' passages and
        vectors are kept. Rows are put in one canonical order (source, offset) either way,
        so equal scores rank alike whichever way the index was built.
        """
        import bm25s
        import numpy as np

        reuse = previous if exact and previous is not None and previous.complete else None
        if reuse is not None and reuse.dense is None and reuse.passages:
            reuse = None
        kept_docs: set[str] = set()
        wanted: list[str] | None = None
        if reuse is not None and reuse.records is not None:

            def signature(r: DocumentRecord) -> tuple[str, str, str, int]:
                return (r.doc_id, r.content_hash, r.source, r.chunks)

            unchanged = {signature(r) for r in records} & {signature(r) for r in reuse.records}
            kept_docs = {doc_id for doc_id, *_ in unchanged}
            wanted = sorted({r.doc_id for r in records} - kept_docs)
        read, vectors = None, None
        for attempt in range(3) if exact else ():
            try:
                read, vectors = self.store.passages_and_vectors(wanted)
                break
            except Exception as exc:
                # An ingest deleting chunks while Chroma gathers their vectors ("Error
                # finding id"): read again; if it keeps moving, query Chroma this time.
                if not is_concurrent_write_error(exc):
                    raise
                time.sleep(0.05 * (attempt + 1))
        exact = read is not None
        if read is None:
            read = self.store.passages()
        # A table of contents matches the words of most questions about its report and
        # answers none: it is kept in the store, not searched.
        keep = [i for i, p in enumerate(read) if not is_contents_listing(p.text, p.section)]
        passages: list[Passage] = [with_score(read[i], 0.0) for i in keep]
        matrix = None
        kept_tokens: list[list[int]] | None = None  # token ids of the rows kept from reuse
        vocab: dict[str, int] | None = None
        if exact:
            fresh = [vectors[i] for i in keep]
            matrix = np.asarray(fresh, dtype=np.float32) if fresh else None
            if reuse is not None and reuse.dense is not None and kept_docs:
                rows = [i for i, p in enumerate(reuse.passages) if p.doc_id in kept_docs]
                if reuse.token_ids is not None and reuse.vocab is not None:
                    kept_tokens = [reuse.token_ids[i] for i in rows]
                    vocab = dict(reuse.vocab)
                passages = [reuse.passages[i] for i in rows] + passages
                old = reuse.dense.matrix[rows]
                matrix = old if matrix is None else np.vstack([old, matrix])
        token_ids, vocab = self._bm25_tokens(passages, kept_tokens, vocab)
        if exact and passages:
            where = [(p.source, p.char_start, p.chunk_id) for p in passages]
            order = sorted(range(len(passages)), key=where.__getitem__)
            passages = [passages[i] for i in order]
            matrix = matrix[order]
            token_ids = [token_ids[i] for i in order]
        retriever = None
        if passages:
            retriever = bm25s.BM25()
            # bm25s adds its empty token to the vocabulary it is given: give it a copy
            retriever.index((token_ids, dict(vocab)), show_progress=False)
        dense = ExactDenseIndex(passages, matrix) if exact and passages else None
        complete = exact or self.store.chunk_count() > self.settings.retrieval.exact_max_passages
        index = _PassageIndex(key, passages, retriever, dense, complete=complete)
        index.token_ids, index.vocab = token_ids, vocab
        return index

    def _bm25_tokens(
        self,
        passages: list[Passage],
        kept: list[list[int]] | None,
        vocab: dict[str, int] | None,
    ) -> tuple[list[list[int]], dict[str, int]]:
        """BM25 token ids of ``passages`` and their vocabulary. The first ``len(kept)``
        passages were tokenized before (``kept``, under ``vocab``): only the others are,
        their new words appended to the vocabulary. A word no passage uses any more keeps
        its id with no postings, which scores nothing, as a word missing from it does."""
        import bm25s

        fresh_passages = passages[len(kept or []) :]
        long_forms = _long_forms_by_report(fresh_passages)
        texts = [self._bm25_text(p, long_forms.get(p.doc_id, {})) for p in fresh_passages]
        if kept is None or vocab is None:
            if not texts:
                return [], {}
            tokens = bm25s.tokenize(
                texts, stopwords="en", stemmer=_bm25_stemmer(), show_progress=False
            )
            return [list(ids) for ids in tokens.ids], dict(tokens.vocab)
        words = (
            bm25s.tokenize(
                texts,
                stopwords="en",
                stemmer=_bm25_stemmer(),
                show_progress=False,
                return_ids=False,
            )
            if texts
            else []
        )
        fresh = [[vocab.setdefault(w, len(vocab)) for w in doc] for doc in words]
        return kept + fresh, vocab

    @staticmethod
    def _bm25_text(passage: Passage, long_forms: dict[str, str] | None = None) -> str:
        """What BM25 reads of a passage: its section, its text, and the long forms of
        the acronyms it uses that its report spells out ("ICN2" is also "International
        Conference on Nutrition"), so a question written either way finds it."""
        forms = long_forms or {}
        shorts = set(re.findall(r"\b[A-Z][A-Za-z&]*[A-Z]\d*\b", passage.text)) if forms else set()
        used = [forms[s] for s in sorted(shorts) if s in forms and forms[s] not in passage.text]
        # and the acronyms of the long forms it writes ("common equity tier 1" is "CET1"
        # in a question, where a table caption spells it out)
        low = passage.text.lower()
        used += [s for s, long in forms.items() if s not in shorts and long.lower() in low]
        return f"{passage.section or ''}\n{passage.text}" + (f"\n{' '.join(used)}" if used else "")

    def _bm25_scores(
        self, index: _PassageIndex, question: str, without: set[str] | frozenset[str] = frozenset()
    ) -> Any:
        """BM25 score of every passage for ``question`` (None when nothing can match);
        ``without``: stems to leave out of the query."""
        import numpy as np

        if index.retriever is None:
            return None
        query = [t for t in _query_tokens(question) if t not in without]
        # "institutional review board": also "IRB", where a report writes it
        known = index.retriever.vocab_dict
        query += [a for a in initialisms(question) if a in known and a not in query]
        if not query:
            return None
        return np.asarray(bm25_scores(index.retriever, query))

    def _bm25_ranking(
        self, index: _PassageIndex, scores: Any, filters: RetrievalFilters | None, depth: int
    ) -> list[Passage]:
        import numpy as np

        if scores is None:
            return []
        mask = index.dense.allowed(filters, passage_matches) if index.dense is not None else None
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        # A stable sort on -score: ties keep passage order, as sorted() did.
        ranked = np.argsort(-scores, kind="stable").tolist()
        out: list[Passage] = []
        for i in ranked:
            if scores[i] <= 0 or len(out) >= depth:
                break
            if mask is not None or passage_matches(index.passages[i], filters):
                out.append(index.passages[i])
        return out

    def _scored(self, question: str, index: _PassageIndex) -> _QueryScores:
        """Vector and scores of a question, reused by a second pass (named reports only).

        When the question names a report by its metadata ("the RUSI paper"), the naming
        words are left out of both searches (they would find the report's cover page and
        disclaimers) and that report's passages get a boost instead (dbsf only).
        """
        last = self._last_query
        if last is not None and last.question == question and last.index is index:
            return last
        settings = self.settings.retrieval
        named: frozenset[str] = frozenset()
        naming: frozenset[str] = frozenset()
        if index.dense is not None and settings.fusion == "dbsf" and settings.named_report_boost:
            stats = self.corpus_stats(index)
            hints = stats.hints(question)
            if hints.doc_ids:
                named, naming = frozenset(hints.doc_ids), frozenset(hints.naming)
                if settings.named_subjects_left_out:
                    naming = _with_subjects(question, naming, stats, named)
        if last is not None and last.question == question:
            vector = last.vector  # the store changed in between: only the vector carries over
        else:
            vector = self.embedder.embed_query(without_words(question, naming) or question)
        dense = index.dense.scores(vector) if index.dense is not None else None
        lexical = self._bm25_scores(index, question, without=naming)
        scored = _QueryScores(question, index, vector, dense, lexical, named=named)
        self._last_query = scored
        return scored

    def retrieve(
        self,
        question: str,
        k: int | None = None,
        filters: RetrievalFilters | None = None,
    ) -> list[ScoredPassage]:
        question = question.strip()
        if not question:
            raise RetrievalError("the question is empty")
        activate(self.settings.profile, self.settings.home)
        k = k or self.settings.retrieval.k
        depth = max(self.settings.retrieval.candidates, k)
        settings = self.settings.retrieval
        t0 = time.perf_counter()
        registry = self.store.registry_state()
        index = self._passage_index(registry)
        scored = self._scored(question, index)
        t1 = time.perf_counter()
        if index.dense is not None and settings.fusion == "dbsf":
            # Every passage has both scores: fuse the distributions, then take the top k.
            if scored.fused is None:
                scored.fused = dbsf(scored.dense, scored.bm25, settings.dense_weight)
                if scored.named:  # "the July 2025 report": that report's passages first
                    boost = settings.named_report_boost * index.dense.rows_of(scored.named)
                    scored.fused = scored.fused + boost
                kinds = kinds_named(question)
                if kinds and settings.named_kind_boost:  # "according to the table": tables
                    lift = settings.named_kind_boost * index.dense.rows_of_kinds(kinds)
                    scored.fused = scored.fused + lift
            hits = index.dense.best(scored.fused, k, index.dense.allowed(filters, passage_matches))
            self.last_timings = {"embed_ms": (t1 - t0) * 1000}
            self.last_timings["fusion_ms"] = (time.perf_counter() - t1) * 1000
            top = max((s for _, s in hits), default=0.0)
            return [  # relative to the best passage of this question, as under rrf
                with_score(p, round(max(s, 0.0) / top, 4) if top > 0 else 0.0) for p, s in hits
            ]
        if index.dense is not None:
            mask = index.dense.allowed(filters, passage_matches)
            dense = index.dense.best(scored.dense, depth, mask)
        else:
            dense = [
                hit
                for hit in self.store.query(scored.vector, depth, filters, live=registry[2])
                if not is_contents_listing(hit[0].text, hit[0].section)
            ]
        t2 = time.perf_counter()
        lexical = self._bm25_ranking(index, scored.bm25, filters, depth)
        t3 = time.perf_counter()

        by_id: dict[str, Passage] = {p.chunk_id: p for p in lexical}
        by_id.update((p.chunk_id, p) for p, _ in dense)
        fused = rrf([[p.chunk_id for p, _ in dense], [p.chunk_id for p in lexical]], settings.rrf_k)
        ordered = sorted(fused, key=lambda cid: -fused[cid])[:k]
        self.last_timings = {
            "embed_ms": (t1 - t0) * 1000,  # with the scoring of every passage
            "dense_ms": (t2 - t1) * 1000,
            "bm25_ms": (t3 - t2) * 1000,
        }
        return [with_score(by_id[cid], round(fused[cid], 4)) for cid in ordered]

    def forget_query(self) -> None:
        """Drop the remembered query vector (a benchmark that times the whole ask)."""
        self._last_query = None
