"""The exact in-memory dense search: the true nearest passages, filters as Chroma's."""

from __future__ import annotations

import math
import random
import shutil
from pathlib import Path

import pytest

from ingest.pipeline import Ingestor
from reportqa import index_cache
from reportqa.dense import ExactDenseIndex
from reportqa.models import Passage, RetrievalFilters
from reportqa.retrieve import HybridRetriever, passage_matches
from reportqa.text import is_contents_listing
from tests.conftest import CORPUS


def passage(i: int, doc: str, publisher: str = "P", date: str = "2025-01") -> Passage:
    return Passage(
        doc_id=doc,
        chunk_id=f"{doc}-{i}",
        text=f"passage {i}",
        source=f"{doc}.txt",
        publisher=publisher,
        date=date,
        char_start=0,
        char_end=10,
    )


def unit(vector: list[float]) -> list[float]:
    norm = math.sqrt(sum(v * v for v in vector))
    return [v / norm for v in vector]


@pytest.fixture
def shelf() -> tuple[list[Passage], list[list[float]]]:
    rng = random.Random(7)
    passages = [passage(i, f"doc{i % 5}", publisher=f"Pub{i % 5}") for i in range(200)]
    vectors = [unit([rng.gauss(0, 1) for _ in range(16)]) for _ in passages]
    return passages, vectors


def brute_force(vectors, query, allowed=None) -> list[int]:
    scored = [
        (sum(a * b for a, b in zip(v, query)), i)
        for i, v in enumerate(vectors)
        if allowed is None or i in allowed
    ]
    return [i for _, i in sorted(scored, key=lambda s: (-s[0], s[1]))]


def test_search_returns_the_true_nearest_in_order(shelf) -> None:
    passages, vectors = shelf
    index = ExactDenseIndex(passages, vectors)
    rng = random.Random(1)
    for _ in range(20):
        query = unit([rng.gauss(0, 1) for _ in range(16)])
        hits = index.search(query, 10, None, passage_matches)
        assert [passages.index(p) for p, _ in hits] == brute_force(vectors, query)[:10]
        for p, score in hits:
            cosine = sum(a * b for a, b in zip(vectors[passages.index(p)], query))
            assert score == pytest.approx(cosine, abs=1e-5)


def test_filters_keep_only_matching_documents(shelf) -> None:
    passages, vectors = shelf
    index = ExactDenseIndex(passages, vectors)
    query = vectors[3]
    filters = RetrievalFilters(publishers=["pub2"])  # case-insensitive, as in Chroma
    hits = index.search(query, 15, filters, passage_matches)
    allowed = {i for i, p in enumerate(passages) if p.publisher == "Pub2"}
    assert [passages.index(p) for p, _ in hits] == brute_force(vectors, query, allowed)[:15]
    assert index.search(query, 5, RetrievalFilters(publishers=["nobody"]), passage_matches) == []


def test_depth_beyond_the_shelf_and_unnormalised_input(shelf) -> None:
    passages, vectors = shelf
    index = ExactDenseIndex(passages[:3], [[2 * x for x in v] for v in vectors[:3]])
    hits = index.search([3 * x for x in vectors[0]], 50, None, passage_matches)
    assert len(hits) == 3 and hits[0][0] is passages[0]
    assert hits[0][1] == pytest.approx(1.0, abs=1e-5)
    assert ExactDenseIndex([], []).search(vectors[0], 5, None, passage_matches) == []


@pytest.mark.parametrize(
    "filters",
    [None, RetrievalFilters(publishers=["Andaman Partners"]), RetrievalFilters(after="2026-01")],
)
def test_exact_scan_and_chroma_query_give_the_same_rankings(
    fake_settings, corpus_copy: Path, filters
) -> None:
    """The same retrieval over both dense paths: in-memory scan and Chroma's index."""
    Ingestor(fake_settings).ingest([corpus_copy])
    exact = HybridRetriever(fake_settings)
    chroma_settings = fake_settings.model_copy(
        update={"retrieval": fake_settings.retrieval.model_copy(update={"exact_max_passages": 0})}
    )
    chroma = HybridRetriever(chroma_settings)
    assert exact._passage_index().dense is not None
    assert chroma._passage_index().dense is None
    compared = 0
    for question in ("China refining share 2024", "JOGMEC Lynas", "heavy rare earth prices"):
        # Compare passages with a clear similarity (equal scores may come in any order).
        vector = exact.embedder.embed_query(question)
        index = exact._passage_index()
        ours = [
            (p.chunk_id, round(s, 4))
            for p, s in index.dense.search(vector, 10, filters, passage_matches)
        ]
        # Asked for every passage, Chroma's HNSW search visits them all and is exact; asked
        # for a dozen it is approximate, and once in a while misses one.
        theirs = [
            (p.chunk_id, round(s, 4))
            for p, s in chroma.store.query(vector, chroma.store.chunk_count(), filters)
            if not is_contents_listing(p.text, p.section)  # neither side searches contents
        ]
        top = [hit for hit in ours if hit[1] > 0.0]
        assert top == theirs[: len(top)]
        compared += len(top)
        assert [p.chunk_id for p in chroma.retrieve(question, k=5, filters=filters)]
    assert compared


def test_vectors_read_during_a_rewrite_fall_back_to_chroma_then_recover(
    fake_settings, corpus_copy: Path, monkeypatch
) -> None:
    """A re-ingest deleting chunks while their vectors are read: the query still answers
    (through Chroma) and the in-memory index is built once reading works again."""
    import time

    Ingestor(fake_settings).ingest([corpus_copy])
    retriever = HybridRetriever(fake_settings)
    store = retriever.store
    real = store.passages_and_vectors
    calls = {"n": 0}

    def moving(doc_ids=None):
        calls["n"] += 1
        raise RuntimeError("Error executing plan: Internal error: Error finding id")

    monkeypatch.setattr(store, "passages_and_vectors", moving)
    monkeypatch.setattr(time, "sleep", lambda s: None)
    hits = retriever.retrieve("China refining share 2024", k=5)
    assert len(hits) == 5 and calls["n"] == 3
    assert retriever._passage_index().dense is None

    monkeypatch.setattr(store, "passages_and_vectors", real)
    retriever._index.built_at -= 2  # a second later
    assert [p.chunk_id for p in retriever.retrieve("China refining share 2024", k=5)]
    assert retriever._passage_index().dense is not None

    def broken(doc_ids=None):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(store, "passages_and_vectors", broken)
    retriever._index = None
    shutil.rmtree(index_cache.cache_dir(fake_settings.home))  # no saved index to fall back on
    with pytest.raises(RuntimeError, match="disk on fire"):
        retriever.retrieve("China refining share 2024")


def test_a_report_the_question_names_comes_first(fake_settings, tmp_path: Path) -> None:
    """Two reports say nearly the same; naming one's publisher puts its passage first
    (and without the boost, the other report's passage wins on the words alone)."""
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    (shelf / "a.txt").write_text(
        "# Outlook\n\nChina held 69% of global rare earth mining and refining output in 2025, "
        "and its share of mining and refining is expected to stay high.\n"
    )
    (shelf / "b.txt").write_text("# Note\n\nChina held 63% of rare earth mining output in 2025.\n")
    (shelf / "metadata.yaml").write_text(
        "a.txt:\n  title: Outlook\n  publisher: Other House\n"
        "b.txt:\n  title: Note\n  publisher: Andaman Partners\n"
    )
    Ingestor(fake_settings).ingest([shelf])
    question = "What share of rare earth mining and refining did China hold in 2025, per Andaman?"

    def top_source(boost: float) -> str:
        retrieval = fake_settings.retrieval.model_copy(update={"named_report_boost": boost})
        retriever = HybridRetriever(fake_settings.model_copy(update={"retrieval": retrieval}))
        assert retriever.corpus_stats().hints(question).doc_ids  # the publisher is named
        return Path(retriever.retrieve(question, k=2)[0].source).name

    assert top_source(0.0) == "a.txt"
    assert top_source(0.4) == "b.txt"


def test_a_table_of_contents_is_recognised_and_not_searched() -> None:
    from reportqa.text import is_contents_listing

    toc = "1\tExecutive Summary\n1\tKey Findings\n3\tIntroduction\n5\tChina's Market Dominance"
    assert is_contents_listing(toc, section="Contents")
    assert is_contents_listing("Table of Contents\n" + toc.replace("\t", " ..... "))
    assert is_contents_listing("Contents\nIntroduction\t3\nExport controls\t19\nAnnex\t40")
    # a table of figures, or prose under a heading "Contents", is content
    table = "Table 1: Share by country\nCountry\t2015\t2017\nChina\t66\t38\nIndia\t3\t5"
    assert not is_contents_listing(table, section="Contents")
    assert not is_contents_listing(toc, section="Key Findings")
    assert not is_contents_listing("Contents\nThe contents of this report are general.")
    # the entries set on one line, in capitals, with no "Contents" above them
    run_on = ("SUMMARY\n\n3 HARBOUR TRAFFIC 2020 TO 2030 4 METHOD 5 BERTHS AND QUAYS "
              "7 DREDGING 9 COSTS BY PORT 12")  # fmt: skip
    assert is_contents_listing(run_on)
    assert not is_contents_listing("In 2020 the port added 3 NEW BERTHS, 4 CRANES and 5 TUGS; "
                                   "6 MORE are planned.")  # fmt: skip
    assert not is_contents_listing("9 COSTS BY PORT 7 DREDGING 5 BERTHS 3 TRAFFIC")  # falling
    # an entry set apart as its own passage, its dotted leader to the page number
    assert is_contents_listing("Licensing Data" + "." * 60 + "5")
    assert is_contents_listing("Appendix A – Summary of Tables . . . . . . . . . . 41")
    assert not is_contents_listing("Licences issued rose to 5,312 in 2014.")
    assert not is_contents_listing("Licensing Data" + "." * 60 + "5\nThe division issued 412.")


def test_the_words_that_name_a_report_are_left_out_of_the_search() -> None:
    from reportqa.retrieve import without_words
    from reportqa.words import stem

    naming = frozenset({stem("rusi"), stem("paper")})
    assert (
        without_words("What use does the RUSI paper give for gadolinium?", naming)
        == "What use does the give for gadolinium?"
    )
    assert without_words("Papers, papers.", naming) == ""
    assert without_words("unchanged text", frozenset()) == "unchanged text"


def test_hints_keep_the_naming_words_apart_from_shared_title_words() -> None:
    from reportqa.corpus_stats import CorpusStats
    from reportqa.models import DocumentRecord
    from reportqa.words import stem

    records = [
        DocumentRecord(
            doc_id=f"d{i}",
            source=f"d{i}.txt",
            path=f"d{i}",
            content_hash=str(i),
            title="Global rare earth outlook",
            date="2025-07" if i < 2 else "2026-01",
        )
        for i in range(3)
    ]
    stats = CorpusStats.build(records, [])
    hints = stats.hints("What share of global rare earth output does the July 2025 report give?")
    assert hints.doc_ids == {"d0", "d1"}
    assert stem("juli") in hints.naming or "juli" in hints.naming
    assert stem("global") not in hints.naming  # a title word, but also what is asked about
    assert stem("global") in hints.terms  # the answerer still does not require it in text


def test_question_words_do_not_find_passages_that_merely_contain_them(
    fake_settings, tmp_path: Path
) -> None:
    """Reports seldom say "how", "many" or "did", so BM25 weighed them above the words
    that carry the question, which every passage here shares: the passage that has only
    the question's own words came first, twice as high as any other."""
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    (shelf / "a.txt").write_text(
        "# Why it matters\n\nHow did Japan respond, and how many firms did so? Many did.\n\n"
        "# Trade\n\nJapan imported 4,200 tonnes of magnets in 2024.\n\n"
        "# Prices\n\nJapan magnet import prices rose by tonnes shipped.\n\n"
        "# Outlook\n\nMagnet imports to Japan, in tonnes, are expected to grow.\n\n"
        "# Policy\n\nJapan supports magnet makers that import tonnes of oxide.\n"
    )
    Ingestor(fake_settings).ingest([shelf])
    lexical_only = fake_settings.retrieval.model_copy(update={"dense_weight": 0.0})
    retriever = HybridRetriever(fake_settings.model_copy(update={"retrieval": lexical_only}))
    ranked = retriever.retrieve("How many tonnes of magnets did Japan import?", k=5)
    assert len(ranked) == 5
    assert ranked[-1].text.startswith("How did Japan respond")
    assert "4,200 tonnes" in ranked[0].text


@pytest.mark.usefixtures("corpus_profile")  # the other names come from the field profile
def test_a_country_is_searched_under_its_other_name(fake_settings, tmp_path: Path) -> None:
    """Statistical tables still say "Burma": a question about Myanmar finds that row, once
    the shelf's profile (copied into the store by ingest) names the two."""
    from reportqa.words import other_names

    assert other_names("How much did Myanmar mine?") == ["burma"]
    assert other_names("Turkey, then Burma") == ["myanmar", "türkiye"]
    assert other_names("the Czech Republic") == ["czechia"]
    assert other_names("turkeys and macedonian") == []
    shelf = tmp_path / "shelf"
    shelf.mkdir()
    shutil.copy(CORPUS / "profile.yaml", shelf / "profile.yaml")
    (shelf / "a.txt").write_text(
        "# Table 1\n\nOutput by country: Burma 43,000.\n\n"
        + "".join(
            f"# {country}\n\nMine output in tonnes rose in {country}.\n\n"
            for country in ("Laos", "Vietnam", "Thailand", "Malaysia")
        )
    )
    Ingestor(fake_settings).ingest([shelf])
    lexical_only = fake_settings.retrieval.model_copy(update={"dense_weight": 0.0})
    retriever = HybridRetriever(fake_settings.model_copy(update={"retrieval": lexical_only}))
    top = retriever.retrieve("How many tonnes did Myanmar mine?", k=1)
    assert "Burma 43,000" in top[0].text
