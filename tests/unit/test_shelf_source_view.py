"""The chat's library helpers: words (plurals, dates), shelf rows and removal, upload
stages, the source view (passages, highlights, the quoted sentence's footnotes) and the
PDF page drawn with the quote's boxes."""

from __future__ import annotations

import tomllib
from datetime import UTC, timedelta, timezone
from io import BytesIO
from pathlib import Path

import pytest
from PIL import Image

from app.chat_turns import (
    Turn,
    answered,
    blocked_by_filters,
    checked_line,
    filters_of,
    timing_line,
)
from app.conversation import DISAGREE_LEAD, answer_body
from app.page_image import (
    Box,
    PageError,
    PageRenderer,
    locate_words,
    match_key,
    merge_boxes,
    quote_char_indices,
    quote_words,
    render_page,
)
from app.source_view import (
    card_label,
    cited_passage,
    cited_position,
    open_label,
    page_caption,
    passage_view,
    pdf_file,
    quote_in,
    report_passages,
    sentence_footnotes,
)
from app.upload_progress import UploadStages, outcome_line
from ingest.pipeline import FileOutcome, Ingestor
from reportqa.config import ChatSettings, Settings
from reportqa.lock import StoreBusy, ingest_lock
from reportqa.models import Answer, Citation, Claim, DocumentRecord, Footnote, Passage
from reportqa.registry_snapshot import read as read_snapshot
from reportqa.retrieve import HybridRetriever
from reportqa.shelf import ShelfError, remove_report, shelf_rows, uploads_folder
from reportqa.store import ReportStore
from reportqa.wording import human_date, human_time, plural
from tests.conftest import ROOT
from tests.fixtures.pdfs import REPORT_PDF_FACTS, make_report_pdf

PARIS = timezone(timedelta(hours=1))


# --------------------------------------------------------------------------- words
def test_plurals_say_one_passage_and_many_passages():
    assert plural(1, "passage") == "1 passage"
    assert plural(0, "report") == "0 reports"
    assert plural(2, "passage") == "2 passages"
    assert plural(1204, "passage") == "1,204 passages"
    assert plural(3, "query", "queries") == "3 queries"


def test_report_dates_read_as_a_bibliography_writes_them():
    assert human_date("2026") == "2026"
    assert human_date("2026-05") == "May 2026"
    assert human_date("2025-07-31") == "31 Jul 2025"
    assert human_date(None) == "" and human_date("") == ""
    for odd in ("2025-13", "spring 2025", "2025-07-45", "25-07"):
        assert human_date(odd) == odd  # shown as stored, never guessed


def test_ingest_times_are_human_and_local():
    stamp = "2026-11-29T17:36:29+00:00"
    assert human_time(stamp, UTC) == "29 Nov 2026, 17:36"
    assert human_time(stamp, PARIS) == "29 Nov 2026, 18:36"
    assert human_time(None) == "" and human_time("yesterday") == "yesterday"


# --------------------------------------------------------------------------- shelf rows
def record(**kw) -> DocumentRecord:
    base = {"doc_id": "d1", "source": "corpus/a.txt", "path": "/x/a.txt", "content_hash": "h"}
    return DocumentRecord(**{**base, **kw})


def test_shelf_rows_name_every_field_in_words_in_title_order():
    rows = shelf_rows(
        [
            record(
                doc_id="b",
                source="corpus/outlook.pdf",
                title="Minerals outlook",
                publisher="Test Institute",
                date="2026-03",
                pages=3,
                chunks=1,
                ingested_at="2026-11-29T17:36:29+00:00",
            ),
            record(doc_id="a", source="corpus/notes.txt", chunks=7),  # no title: its file
        ],
        zone=UTC,
    )
    assert [r.doc_id for r in rows] == ["b", "a"]  # "Minerals outlook" < "notes.txt"
    pdf, text = rows
    assert pdf.details == "Test Institute · March 2026 · 3 pages · 1 passage"
    assert pdf.added == "added 29 Nov 2026, 17:36" and pdf.file == "outlook.pdf"
    assert text.title == "notes.txt" and text.details == "7 passages" and text.added == ""


def test_outcome_lines_count_passages_properly():
    assert outcome_line("n.txt", "added", 1) == "n.txt: added, 1 passage"
    assert outcome_line("n.txt", "updated", 12) == "n.txt: updated, 12 passages"
    assert outcome_line("n.txt", "unchanged", 4) == "n.txt: unchanged"
    assert outcome_line("x.pdf", "failed", 0, "not a PDF") == "x.pdf: not a PDF"


# --------------------------------------------------------------------------- removing
NOTE_A = "# Lithium brine note\n\nIn 2024, Chile supplied 27% of global lithium brine output.\n"
NOTE_B = "# Cobalt note\n\nIn 2024, Congo mined 74% of the world's cobalt, the survey says.\n"


@pytest.fixture
def two_reports(tmp_path: Path) -> tuple[Settings, Path, Path]:
    """A fake-embedder store with one report in a folder and one uploaded by the chat."""
    settings = Settings(home=tmp_path / "store", embedding={"backend": "fake"})
    folder = tmp_path / "reports"
    folder.mkdir()
    kept = folder / "cobalt.md"
    kept.write_text(NOTE_B, encoding="utf-8")
    uploads = uploads_folder(settings.home)
    uploads.mkdir(parents=True)
    uploaded = uploads / "lithium.md"
    uploaded.write_text(NOTE_A, encoding="utf-8")
    report = Ingestor(settings).ingest([kept, uploaded])
    assert report.count("added") == 2
    return settings, kept, uploaded


def doc_of(store: ReportStore, name: str) -> DocumentRecord:
    return next(r for r in store.documents() if r.source.endswith(name))


def test_removing_a_report_drops_it_its_passages_and_its_uploaded_copy(two_reports):
    settings, kept, uploaded = two_reports
    store = ReportStore(settings)
    retriever = HybridRetriever(settings, store=store)
    lithium = doc_of(store, "lithium.md")
    assert any(p.doc_id == lithium.doc_id for p in retriever.passages())  # index built

    removed = remove_report(store, lithium.doc_id)

    assert removed.doc_id == lithium.doc_id
    assert [r.source for r in store.documents()] == [doc_of(store, "cobalt.md").source]
    assert store.chunk_ids(lithium.doc_id) == []
    assert not uploaded.exists()  # the chat's copy goes with it
    assert kept.exists()  # a file the analyst ingested from a folder is never deleted
    # the index a reader already held follows the registry: the report is gone from it
    assert all(p.doc_id != lithium.doc_id for p in retriever.passages())
    found = retriever.retrieve("Chile lithium brine output", k=5)
    assert found and all(p.doc_id != lithium.doc_id for p in found)
    # `reportqa list` reads the rewritten registry copy, without the report
    snapshot = read_snapshot(settings.home, settings.collection_name)
    assert snapshot is not None and [r["doc_id"] for r in snapshot] == [
        doc_of(store, "cobalt.md").doc_id
    ]
    with pytest.raises(ShelfError, match="no longer on the shelf"):
        remove_report(store, lithium.doc_id)


def test_removing_waits_for_a_running_ingest_then_refuses_in_one_line(two_reports):
    settings, _kept, _uploaded = two_reports
    store = ReportStore(settings)
    cobalt = doc_of(store, "cobalt.md")
    with ingest_lock(settings), pytest.raises(StoreBusy, match="another ingest"):
        remove_report(store, cobalt.doc_id, wait=0)
    assert doc_of(store, "cobalt.md").doc_id == cobalt.doc_id  # nothing was removed


# --------------------------------------------------------------------------- upload bar
def test_upload_bar_moves_through_read_embed_store_and_never_goes_back():
    shown: list[tuple[float, str]] = []
    stages = UploadStages(lambda share, text: shown.append((share, text)))
    for index, name in enumerate(["a.pdf", "b.txt"]):
        stages.file_started(Path(name), index, 2)
        for done in (32, 64, 70):
            stages.embedded(done, 70)
        stages.file_finished(FileOutcome(name, "added", 70))
    shares = [s for s, _ in shown]
    assert shares == sorted(shares) and shares[0] == 0.0 and shares[-1] == 1.0
    assert len(set(shares)) >= 8  # it moves within each file, not only between files
    texts = [t for _, t in shown]
    assert texts[0] == "Reading a.pdf (1 of 2)"
    assert "Embedding a.pdf: 32/70 passages (1 of 2)" in texts
    assert "Storing a.pdf (1 of 2)" in texts and texts[-1] == "b.txt: added, 70 passages"
    assert stages.stages[:4] == ["read", "embed", "store", "done"]


def test_upload_bar_follows_a_real_ingest(tmp_path):
    settings = Settings(home=tmp_path / "store", embedding={"backend": "fake", "batch_size": 2})
    note = tmp_path / "note.md"
    note.write_text("# Note\n\n" + "\n\n".join(f"Paragraph {i}. " * 80 for i in range(6)))
    shown: list[str] = []
    stages = UploadStages(lambda share, text: shown.append(text))
    report = Ingestor(settings, progress=stages).ingest([note])
    assert report.count("added") == 1
    assert stages.stages == ["read", "embed", "store", "index", "done"]
    assert sum(t.startswith("Embedding note.md") for t in shown) >= 2  # batch by batch
    assert any(t.startswith("Indexing note.md") and t.endswith("sentences") for t in shown)
    assert shown[-1].startswith("note.md: added, ")


# --------------------------------------------------------------------------- source view
REPORT = (
    "Intro sentence about supply. "  # 0..29
    "China mined 270,000 tonnes in 2024, according to the survey.¹² "
    "Other producers mined less.³ "
    "A closing remark follows here."
)


def passage(chunk: str, start: int, end: int, **kw) -> Passage:
    notes = [
        Footnote(n=12, text="US Geological Survey, 'Rare Earths'."),
        Footnote(n=3, text="Trade data."),
    ]
    base = {
        "doc_id": "d1",
        "chunk_id": chunk,
        "title": "Rare Earths Note",
        "date": "2026-05",
        "source": "corpus/r.txt",
        "text": REPORT[start:end],
        "char_start": start,
        "char_end": end,
        "footnotes": notes,
    }
    return Passage(**{**base, **kw})


def cite(quote: str, chunk: str = "c2", **kw) -> Citation:
    start = REPORT.index(quote)
    base = {
        "doc_id": "d1",
        "chunk_id": chunk,
        "title": "Rare Earths Note",
        "publisher": "Andaman Partners",
        "date": "2026-05",
        "source": "corpus/r.txt",
        "n": 1,
        "quote": quote,
        "passage": REPORT[20:120],
        "char_start": start,
        "char_end": start + len(quote),
    }
    return Citation(**{**base, **kw})


def test_footnotes_of_the_whole_quoted_sentence_are_shown():
    clause = "China mined 270,000 tonnes in 2024"  # the marker ¹² ends the sentence, not this
    c = cite(clause, footnotes=[])
    p = passage("c2", 20, 130)
    assert [f.n for f in sentence_footnotes(c, p)] == [12]  # not 3: another sentence's
    # without the stored passage (report removed), the citation's own notes are shown
    assert sentence_footnotes(c, None) == []
    related = cite(clause, related=True, footnotes=p.footnotes)
    assert [f.n for f in sentence_footnotes(related, p)] == [12, 3]


def test_passages_in_reading_order_with_the_quote_marked_also_in_an_overlap():
    first, second, third = passage("c1", 0, 60), passage("c2", 20, 130), passage("c3", 110, 150)
    ordered = report_passages([third, passage("x", 0, 9, doc_id="d2"), first, second], "d1")
    assert [p.chunk_id for p in ordered] == ["c1", "c2", "c3"]
    c = cite("China mined 270,000 tonnes in 2024")
    assert cited_position(ordered, c) == 1
    view = passage_view(ordered, 1, c)
    assert view.highlight.quote == c.quote and view.label == "Passage 2 of 3"
    assert view.has_previous and view.has_next
    # the first passage holds the start of the quote: that part is marked there too
    before = passage_view(ordered, 0, c)
    assert before.highlight.quote == REPORT[c.char_start : 60] and not before.has_previous
    assert not passage_view(ordered, 2, c).highlight.found
    assert passage_view(ordered, 9, c).position == 2  # clamped to the report
    assert quote_in("nothing like it", 0, c) is None


def test_a_removed_report_still_shows_the_cited_passage():
    c = cite("China mined 270,000 tonnes in 2024")
    assert cited_position([], c) is None
    view = cited_passage(c)
    assert view.highlight.quote == c.quote and view.count == 1


def test_card_label_and_buttons_speak_in_words():
    c = cite("China mined 270,000 tonnes in 2024", page=4, section="Mining")
    assert card_label(c) == "[1] Rare Earths Note — Andaman Partners, May 2026 — p. 4 · Mining"
    assert card_label(c.model_copy(update={"related": True})).endswith(" · related")
    assert open_label(c, is_pdf=True) == "Open page 4"
    assert open_label(c, is_pdf=False) == "Read in the report"
    assert page_caption(2, 3, 2) == "Page 2 of 3 · the quote is marked (2 lines)"
    assert page_caption(2, 3, 1) == "Page 2 of 3 · the quote is marked (1 line)"
    assert "could not be located" in page_caption(2, 3, 0)
    assert page_caption(3, 3, 0, cited=False) == "Page 3 of 3"


def test_a_conflict_says_the_reports_disagree_once():
    text = f"{DISAGREE_LEAD} A gives 69% [1]. B gives 63% [2]."
    conflict = Answer(question="q", status="conflict", answer=text)
    assert answer_body(conflict) == "A gives 69% [1]. B gives 63% [2]."
    answered_ = Answer(question="q", status="answered", answer=text)
    assert answer_body(answered_) == text  # only the callout of a conflict says it


# --------------------------------------------------------------------------- turns
def test_turns_keep_blocked_questions_and_export_only_answers():
    a = Answer(
        question="q1",
        status="answered",
        answer="x [1]",
        timings_ms={"retrieve": 1234.4, "answer": 4.0},
        claims=[
            Claim(text="91%", value=91, unit="%", citation=1, verified=True),
            Claim(text="9%", value=9, unit="%", citation=1, verified=False),
        ],
    )
    turns = [Turn("q0", error=blocked_by_filters("“Dated from” expects a date")), Turn("q1", a)]
    assert answered(turns) == [a] and filters_of(turns) == [None]
    assert turns[0].error == (
        "Not asked: “Dated from” expects a date. Correct it in the sidebar and ask again."
    )
    assert timing_line(a) == "retrieve 1,234 ms · answer 4 ms"
    assert checked_line(a) == "Numbers checked against their quotes: 1 of 2"
    assert checked_line(Answer(question="q", status="abstained", answer="")) == ""


def test_the_page_hides_streamlits_developer_tools():
    config = tomllib.loads((ROOT / "app" / ".streamlit" / "config.toml").read_text())
    assert config["client"]["toolbarMode"] == "viewer"


# --------------------------------------------------------------------------- page image
def test_quote_words_match_the_page_despite_hyphens_ligatures_and_markers():
    key, owners = match_key("make their mineral sup-\nply chains ﬁrm.¹² Next")
    assert key == "maketheirmineralsupplychainsfirm12next"
    assert len(owners) == len(key)
    words = quote_words("their mineral supply chains firm. Next")
    assert words == ["their", "mineral", "supply", "chains", "firm", "next"]
    span = locate_words(key, words, max_gap=3, min_words=3)  # "12" skipped between words
    assert span is not None and key[span[0] : span[1]] == "theirmineralsupplychainsfirm12next"
    assert locate_words(key, words, max_gap=0, min_words=3) == (4, 32)  # stops at the marker
    assert locate_words(key, ["nothing", "like", "it"], 3, 3) is None


def test_the_marked_characters_include_the_quotes_own_punctuation():
    page = "He said “Mine output reached 350,000 tonnes in 2023.” Next."
    index_of = [i * 2 for i in range(len(page))]  # PDFium's indices, not the string's

    def marked(quote: str) -> str:
        found = quote_char_indices(page, index_of, quote, ChatSettings())
        assert found == list(range(found[0], found[-1] + 1, 2))
        return page[found[0] // 2 : found[-1] // 2 + 1]

    quote = "“Mine output reached 350,000 tonnes in 2023.”"
    assert marked(quote) == quote
    assert marked("Mine output reached 350,000 tonnes in 2023") == quote[1:-2]
    assert quote_char_indices(page, index_of, "Exports fell sharply in 2019.", ChatSettings()) == []


def test_a_quote_running_on_to_the_next_page_is_marked_where_it_is():
    key, _ = match_key("the end of page one.")
    words = quote_words("Earlier text on page zero, then the end of page one.")
    span = locate_words(key, words, max_gap=2, min_words=3)
    assert span is not None and key[span[0] : span[1]] == "theendofpageone"
    assert locate_words(key, words, max_gap=2, min_words=6) is None


def test_character_boxes_become_one_box_per_line():
    line1 = [Box(10 + 8 * i, 100, 17 + 8 * i, 112) for i in range(5)]
    marker = [Box(51, 97, 55, 104)]  # a raised footnote marker stays on its line
    line2 = [Box(10 + 8 * i, 118, 17 + 8 * i, 130) for i in range(3)]
    boxes = merge_boxes([*line1, *marker, *line2, Box(5, 5, 5, 9)], pad=0)
    assert boxes == [Box(10, 97, 55, 112), Box(10, 118, 33, 130)]


def highlight_share(image: Image.Image, box: Box) -> float:
    """Share of the pixels inside a box that are the highlight's colour (not page white)."""
    crop = image.convert("RGB").crop((box.x0 + 1, box.y0 + 1, box.x1 - 1, box.y1 - 1))
    pixels = list(crop.getdata())
    yellow = sum(1 for r, g, b in pixels if r > 200 and 150 < g < 240 and b < 170)
    return yellow / max(len(pixels), 1)


def test_the_cited_pdf_page_is_drawn_with_the_quote_marked(tmp_path):
    pdf = make_report_pdf(tmp_path)
    quote = REPORT_PDF_FACTS["fact_sentences"][3]  # one line on page 3
    settings = ChatSettings()
    drawn = render_page(pdf, 3, quote, settings)
    assert (drawn.page, drawn.pages) == (3, 3)
    image = Image.open(BytesIO(drawn.png))
    assert image.size == (drawn.width, drawn.height)
    assert len(drawn.boxes) == 1
    box = drawn.boxes[0]
    assert 0 < box.x0 < box.x1 < drawn.width and 0 < box.y0 < box.y1 < drawn.height / 2
    assert highlight_share(image, box) > 0.3
    # the same sentence is not on page 2: nothing marked there
    other = render_page(pdf, 2, quote, settings)
    assert other.boxes == ()
    # a clause printed over three lines, one word broken by a hyphen, is marked on each
    hyphenated = "what governments can do to make their mineral supply chains more resilient"
    lines = render_page(pdf, 1, hyphenated, settings).boxes
    assert len(lines) == 3 and lines[0].y1 < lines[1].y0 < lines[1].y1 < lines[2].y0


def test_pages_are_drawn_in_a_worker_process_and_errors_are_one_line(tmp_path):
    pdf = make_report_pdf(tmp_path)
    renderer = PageRenderer(ChatSettings())
    try:
        drawn = renderer.render(pdf, 2, REPORT_PDF_FACTS["fact_sentences"][2])
        assert len(drawn.boxes) == 1
        with pytest.raises(PageError, match="has no page 7 \\(it has 3\\)"):
            renderer.render(pdf, 7, "x")
        with pytest.raises(PageError, match="is no longer at"):
            renderer.render(tmp_path / "gone.pdf", 1, "x")
    finally:
        renderer.close()


def test_only_a_registered_pdf_that_is_still_there_is_drawn(tmp_path):
    pdf = make_report_pdf(tmp_path)
    assert pdf_file(record(path=str(pdf))) == pdf
    assert pdf_file(record(path=str(tmp_path / "gone.pdf"))) is None
    assert pdf_file(record(path=str(tmp_path / "a.txt"))) is None
    assert pdf_file(None) is None
