from pathlib import Path

import pytest

from ingest.chunk import DocumentInfo, make_passages
from ingest.clean import clean_document
from ingest.errors import IngestError
from ingest.loaders import load_file
from ingest.pipeline import document_structure
from tests.fixtures import pdfs


@pytest.fixture
def report_pdf(tmp_path: Path):
    raw = load_file(pdfs.make_report_pdf(tmp_path))
    cleaned = clean_document(raw)
    structure = document_structure(raw, cleaned)
    info = DocumentInfo("d", "h", "report.pdf", "T", None, None)
    return raw, cleaned, structure, make_passages(cleaned, structure, info, 1000, 150)


def test_pdf_has_one_record_per_page(report_pdf):
    raw, cleaned, _, _ = report_pdf
    assert len(raw.pages) == pdfs.REPORT_PDF_FACTS["pages"]
    assert {page for _, page in cleaned.page_runs} == set(
        range(1, pdfs.REPORT_PDF_FACTS["pages"] + 1)
    )


def test_running_header_and_page_numbers_removed(report_pdf):
    _, cleaned, _, _ = report_pdf
    assert pdfs.REPORT_PDF_FACTS["header"] not in cleaned.text
    lines = [line.strip() for line in cleaned.text.splitlines()]
    assert not any(line.isdigit() for line in lines)


def test_hyphenated_word_rejoined(report_pdf):
    _, cleaned, _, _ = report_pdf
    assert "supply chains more resilient" in cleaned.text
    assert "sup-" not in cleaned.text


def test_page_foot_footnotes_link_to_markers(report_pdf):
    _, cleaned, structure, passages = report_pdf
    assert structure.footnotes == pdfs.REPORT_PDF_FACTS["footnotes"]
    assert "refining.¹" in cleaned.text and "hubs.²" in cleaned.text
    cited = {f.n: f.text for p in passages if p.kind == "prose" for f in p.footnotes}
    assert cited == pdfs.REPORT_PDF_FACTS["footnotes"]
    for number, page in pdfs.REPORT_PDF_FACTS["footnote_pages"].items():
        marker = next(
            p for p in passages if p.kind == "prose" and number in {f.n for f in p.footnotes}
        )
        assert marker.page == page


def test_passages_know_their_pages(report_pdf):
    _, _, _, passages = report_pdf
    for fact, page in pdfs.REPORT_PDF_FACTS["fact_pages"].items():
        holder = [p for p in passages if fact in p.text]
        assert holder and all(p.page == page for p in holder), fact


def test_pdf_table_is_one_passage_with_caption(report_pdf):
    _, _, _, passages = report_pdf
    tables = [p for p in passages if p.kind == "table"]
    assert len(tables) == 1
    assert tables[0].text.startswith(pdfs.REPORT_PDF_FACTS["table_caption"])
    assert "Malaysia\t4%" in tables[0].text and tables[0].page == 3


@pytest.mark.parametrize(
    ("maker", "reason"),
    [
        (pdfs.make_encrypted_pdf, "encrypted"),
        (pdfs.make_image_only_pdf, "no text layer"),
        (pdfs.make_truncated_pdf, "damaged or truncated"),
        (pdfs.make_empty_file, "empty file"),
        (pdfs.make_misnamed_pdf, "HTML"),
    ],
)
def test_bad_pdfs_fail_with_a_reason(tmp_path, maker, reason):
    with pytest.raises(IngestError, match=reason):
        load_file(maker(tmp_path))
