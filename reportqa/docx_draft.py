"""A briefing draft as a Word document, with Word's own styles.

An analyst edits the draft in Word, so it must be a real document rather than Markdown in
a box: the title in ``Title``, sections and questions in ``Heading 1``/``Heading 2`` (the
navigation pane and a table of contents work), bullets in ``List Bullet``, the
bibliography in ``List Number`` (its automatic numbers are the ``[n]`` of the answers),
``*emphasis*`` and ``**bold**`` as italic and bold runs instead of stars, the report's
own metadata URL as a real hyperlink, and document properties (title, author, dates,
subject, keywords) that say what the file is.

Report text stays text: characters XML cannot hold (ESC and other control characters)
are dropped, and nothing written in a report becomes a link.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from reportqa.briefing import Block

# Word's built-in style of each block kind (heading levels: 1 title, 2 section, 3 question).
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}
KIND_STYLES = {
    "item": "List Bullet",
    "source": "List Bullet",
    "note": "List Bullet 2",
    "reference": "List Number",
}
HYPERLINK_STYLE = "Hyperlink"
HYPERLINK_COLOUR = "0563C1"  # Word's own hyperlink blue
# XML 1.0 cannot hold C0 controls other than tab/newline/CR, lone surrogates, U+FFFE/FFFF;
# C1 controls are legal but are terminal escapes, never text a report meant to show.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_EMPHASIS = re.compile(
    r"\*\*(?=\S)(?P<bold>.+?)(?<=\S)\*\*(?!\*)"
    r"|(?<![\w*])\*(?=[^\s*])(?P<italic>.+?)(?<=[^\s*])\*(?![\w*])"
)


@dataclass
class DocProperties:
    """The document properties Word shows under File > Info."""

    title: str
    author: str
    created: datetime
    subject: str = ""
    keywords: str = ""
    comments: str = ""
    category: str = "Briefing draft"


def xml_text(text: str) -> str:
    """``text`` without the characters a .docx cannot hold (python-docx would refuse it)."""
    return _NOT_XML.sub("", text)


def shown_text(text: str) -> str:
    """The text a paragraph made by :func:`add_inline` shows: emphasis stars dropped."""
    return xml_text(_EMPHASIS.sub(lambda m: shown_text(m.group("bold") or m.group("italic")), text))


def add_inline(paragraph: Any, text: str, bold: bool = False, italic: bool = False) -> None:
    """Runs for ``text``: Markdown emphasis becomes bold/italic runs, its stars are dropped;
    a lone star (a footnote sign, "p < 0.05*") is kept as the character it is."""
    last = 0
    for m in _EMPHASIS.finditer(text):
        if m.start() > last:
            _run(paragraph, text[last : m.start()], bold, italic)
        if m.group("bold") is not None:
            add_inline(paragraph, m.group("bold"), True, italic)
        else:
            add_inline(paragraph, m.group("italic"), bold, True)
        last = m.end()
    if last < len(text):
        _run(paragraph, text[last:], bold, italic)


def _run(paragraph: Any, text: str, bold: bool, italic: bool) -> None:
    run = paragraph.add_run(xml_text(text))
    if bold:
        run.bold = True
    if italic:
        run.italic = True


def add_hyperlink(paragraph: Any, url: str, text: str) -> None:
    """A live link: python-docx has no API for it, so the ``w:hyperlink`` element is built
    around a styled run and points at an external relationship holding ``url``."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = paragraph.add_run(xml_text(text), style=HYPERLINK_STYLE)
    link.append(run._r)  # moves the run from the paragraph into the link
    paragraph._p.append(link)


def _ensure_hyperlink_style(document: Any) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.enum.text import WD_UNDERLINE
    from docx.shared import RGBColor

    if HYPERLINK_STYLE in [s.name for s in document.styles]:
        return
    style = document.styles.add_style(HYPERLINK_STYLE, WD_STYLE_TYPE.CHARACTER)
    style.font.color.rgb = RGBColor.from_string(HYPERLINK_COLOUR)
    style.font.underline = WD_UNDERLINE.SINGLE


def _set_properties(document: Any, props: DocProperties) -> None:
    created = props.created.astimezone(UTC) if props.created.tzinfo else props.created
    core = document.core_properties
    core.title = xml_text(props.title)
    core.author = xml_text(props.author)
    core.last_modified_by = xml_text(props.author)
    core.created = created
    core.modified = created
    core.revision = 1
    core.subject = xml_text(props.subject)
    core.keywords = xml_text(props.keywords)
    core.comments = xml_text(props.comments)  # the template's own says "python-docx"
    core.category = xml_text(props.category)


def write_docx(blocks: Iterable[Block], path: Path, props: DocProperties) -> None:
    """Write the draft's blocks to ``path`` as a .docx."""
    from docx import Document

    document = Document()
    _set_properties(document, props)
    _ensure_hyperlink_style(document)
    for b in blocks:
        if b.kind == "heading":
            style = HEADING_STYLES.get(b.level, "Heading 3")
        else:
            style = KIND_STYLES.get(b.kind, "Normal")
        paragraph = document.add_paragraph(style=style)
        add_inline(paragraph, b.text)
        if b.kind == "reference" and b.url:
            paragraph.add_run(" ")
            add_hyperlink(paragraph, b.url, b.url)
    document.save(str(path))
