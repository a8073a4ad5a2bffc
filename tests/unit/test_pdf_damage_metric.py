"""The PDF damage metric (evals/pdf_damage.py) counts damage, not the report's own text:
a line that opens numbered instructions is no running head even where it lands at the top
of short pages, a running head's words printed in a page's body are text, and a passage
that opens a list item is not the rest of a cut sentence."""

from __future__ import annotations

from io import BytesIO
from types import SimpleNamespace

import pytest
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from evals import pdf_damage

pytestmark = pytest.mark.unit

HEAD = "Technical Documentation for the Coastal Damages Framework"
STEP = "In the Operating Procedures chapter,"


def _pdf() -> bytes:
    """Six pages, the running head on top of each. Pages 1 and 2 cite the report by its
    title in their body and print two numbered instructions there; pages 3-6 are short
    and open with one (the second line from the top, where a running line would be)."""
    buffer = BytesIO()
    c = Canvas(buffer, pagesize=LETTER, invariant=1)
    for page in range(1, 7):
        y = 740
        lines = [HEAD]
        if page <= 2:
            lines += [f"Page {page}", "Suggested citation:", f"Agency. 2024. {HEAD}."]
            for k in (1, 2):
                lines += [f"({k}) {STEP}", f"replace the paragraph with figure {k}."]
        else:
            lines += [f"({page}) {STEP}", f"add the information in figure {page}."]
        lines += ["Body text of the page that says something.", "Closing line of the page."]
        for line in lines:
            c.setFont("Helvetica", 10)
            c.drawString(72, y, line)
            y -= 14
        c.showPage()
    c.save()
    return buffer.getvalue()


def test_running_strings_keep_the_head_and_leave_body_lines():
    heads, bodies = pdf_damage.running_strings(_pdf())
    assert pdf_damage.squash(HEAD) in heads
    assert not any(pdf_damage.squash(STEP) in h for h in heads)
    assert pdf_damage.squash(HEAD) in bodies[2]  # the citation on page 2
    assert pdf_damage.squash(HEAD) not in bodies[4]


def _passage(text: str, start: int) -> SimpleNamespace:
    return SimpleNamespace(kind="prose", text=text, char_start=start, char_end=start + len(text))


def test_a_list_item_after_an_item_without_a_full_stop_is_no_cut_sentence():
    found: list[str] = []
    passages = [
        _passage("i. Upon hire, prior to provision of care", 0),
        _passage("ii. Annually", 100),
        _passage("The report ends its list here.", 150),
        _passage("and a sentence that was cut", 200),
        _passage("in two by a page break.", 300),
    ]
    cut = pdf_damage._cut_sentences(passages, lambda kind, text: found.append(text))
    assert cut == 1
    assert found == ["and a sentence that was cut | in two by a page break."]


def test_a_paragraph_cut_by_the_chunker_at_a_space_is_no_cut_sentence():
    head = "The experts were Didier Pittet (University"
    passages = [_passage(head, 0), _passage("of Geneva, Switzerland) and others.", len(head) + 1)]
    assert pdf_damage._cut_sentences(passages, lambda kind, text: None) == 0
    apart = [_passage(head, 0), _passage("of Geneva, Switzerland) and others.", len(head) + 2)]
    assert pdf_damage._cut_sentences(apart, lambda kind, text: None) == 1


def _appendix_pdf() -> bytes:
    """Six pages of one table each: the running head at the top edge, then the table's
    caption and, last on the page but well above its foot, the table's note, both the
    same on every page."""
    buffer = BytesIO()
    c = Canvas(buffer, pagesize=LETTER, invariant=1)
    for page in range(1, 7):
        c.setFont("Helvetica", 9)
        c.drawString(72, 750, f"{page} Annual Resilience Test Results")
        c.setFont("Helvetica", 11)
        c.drawString(72, 690, f"Table A.{page}. Projected capital ratios and losses by quarter")
        c.setFont("Helvetica", 8)
        for row in range(5):
            c.drawString(72, 660 - 14 * row, f"Capital ratio of group {row}   {page}.{row}")
        c.drawString(72, 560, "Other income is only calculated for the largest firms.")
        c.showPage()
    c.save()
    return buffer.getvalue()


def test_a_table_caption_and_note_repeated_inside_each_page_are_no_running_lines():
    heads, _ = pdf_damage.running_strings(_appendix_pdf())
    assert heads == [pdf_damage.squash("1 Annual Resilience Test Results")]


def test_a_heading_between_two_passages_is_no_cut_sentence():
    """Contact details under their labels ("Email", "Website") end without a full stop
    and the next value starts in lower case: no break cut a sentence there."""
    email = SimpleNamespace(**vars(_passage("name@example.org", 0)), section="Email")
    site = SimpleNamespace(**vars(_passage("www.example.org/nutrition", 40)), section="Website")
    assert pdf_damage._cut_sentences([email, site], lambda kind, text: None) == 0
    same = SimpleNamespace(**vars(_passage("www.example.org/nutrition", 40)), section="Email")
    assert pdf_damage._cut_sentences([email, same], lambda kind, text: None) == 1


def test_a_second_level_o_bullet_starts_an_item():
    passages = [
        _passage("o https://www.example.gov/guidance#qualification", 0),
        _passage("o Supplemental Guide for Review Boards", 100),
    ]
    assert pdf_damage._cut_sentences(passages, lambda kind, text: None) == 0
    lower = [_passage("o https://www.example.gov/guidance", 0), _passage("on the other hand", 100)]
    assert pdf_damage._cut_sentences(lower, lambda kind, text: None) == 1
