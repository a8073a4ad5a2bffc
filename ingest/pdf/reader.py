"""A PDF read as a careful reader reads it: the entry point of the layout path.

chars (PDFium) -> words and lines (markers by type) -> running heads dropped across
pages -> per page: tables, boxes, figure labels, columns, reading order, footnotes,
paragraphs and headings -> one composed text with its page map and footnote links.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from ingest.errors import IngestError
from ingest.pdf.chars import PageChars, normalise_glyphs, read_page
from ingest.pdf.compose import ComposedText, compose
from ingest.pdf.items import side_by_side_items
from ingest.pdf.layout import (
    Block,
    assign_columns,
    body_size,
    box_frames,
    cited_numbers,
    foot_lines,
    gutters,
    inside,
    is_label,
    line_text,
    note_number,
    reading_order,
    running_lines,
    shape,
    spacing_for,
    spare_sole_text,
    split_notes,
    table_cells,
    table_runs,
    typical_spacing,
)
from ingest.pdf.lines import LIST_MARK, Line, Word, build_lines, build_words
from ingest.pdf.ruled_tables import fill_cells, find_ruled_tables
from reportqa.config import PdfSettings

_TERMINAL = re.compile(r"[.!?:]['’”\")\]]*[⁰-⁹¹²³]*$")
# an enumerator set apart from its item's text by a tab ("II.", "VI.a/b.", "3.2", "(c)")
_ENUMERATOR = re.compile(
    r"^\(?(?:[IVXLC]{1,6}|[A-Za-z]|\d{1,3}(?:\.\d{1,3})*)(?:\.[a-z/]{1,5})?[.)]$"
)
# a contents entry: dot leaders and a page number end it
# a line ending on an article, a preposition or a conjunction runs on into the next: a
# bold lead sentence broken over lines, not a heading
_RUNS_ON = re.compile(r"\b(?:a|an|the|of|and|or|to|for|in|with|by|at|from|on|as|than)$", re.I)
_LEADER = re.compile(r"(?:\.\s?){4,}\s*(?:\d{1,4}|[ivxlc]{1,6})$", re.I)
_LEADING = re.compile(r"^(?:Microsoft Word|untitled|document\d*$|slide \d)", re.I)


@dataclass
class PdfDocument:
    composed: ComposedText
    pages: int
    title: str | None
    author: str | None
    date_hint: str | None  # from the PDF's metadata (YYYY-MM), when the text gives none
    page_texts: list[str]  # plain text per page, for checks and counts
    warnings: list[str] = field(default_factory=list)  # what the reader kept against its rules
    # the lines repeated at the top or foot of the pages, most repeated first: where many
    # reports print their publisher ("Harbour Agency | Quarterly Review 12")
    running_heads: list[str] = field(default_factory=list)


def read_pdf(data: bytes, cfg: PdfSettings | None = None) -> PdfDocument:
    cfg = cfg or PdfSettings()
    import pypdfium2 as pdfium

    logging.getLogger("pypdfium2").setLevel(logging.ERROR)
    try:
        document = pdfium.PdfDocument(io.BytesIO(data))
    except pdfium.PdfiumError as exc:
        reason = str(exc).lower()
        if "password" in reason:
            raise IngestError("encrypted PDF (a password is needed)") from exc
        raise IngestError(f"damaged or truncated PDF ({exc})") from exc
    try:
        count = len(document)
        if count == 0:
            raise IngestError("PDF has no pages")
        pages: list[PageChars] = []
        for index in range(count):
            page = document[index]
            width, height = page.get_size()
            area = width * height
            pages.append(
                read_page(page, index + 1, cfg.min_rect_share * area, cfg.box_min_area * area)
            )
            page.close()
        metadata = document.get_metadata_dict()
    finally:
        document.close()
    if not any(c.text.strip() for p in pages for c in p.chars):
        raise IngestError("PDF has no text layer (scanned/image-only); OCR it first")
    return layout_document(pages, metadata, cfg)


def layout_document(
    pages: list[PageChars],
    metadata: dict[str, str],
    cfg: PdfSettings,
) -> PdfDocument:
    page_lines = [
        build_lines(
            build_words(p.chars, cfg.marker_size_ratio, cfg.marker_rise),
            p.number,
            cfg.segment_gap,
            (cfg.justified_min_words, cfg.justified_evenness, cfg.justified_prose_share),
        )
        for p in pages
    ]
    drop = running_lines(page_lines, [p.height for p in pages], cfg)
    drop, spared = spare_sole_text(page_lines, drop)
    warnings: list[str] = []
    if spared:
        repeats = "1 line" if spared == 1 else f"{spared} lines"
        warnings.append(
            f"almost all its text is {repeats} repeated across its pages, which would be "
            "dropped as running heads; one copy is kept"
        )
    repeated = Counter(
        shape(ln.plain) for lines in page_lines[1:] for ln in lines if id(ln) in drop
    )  # the running heads of the pages after the first
    running = set(repeated)
    first_seen = {
        shape(ln.plain): ln.plain
        for lines in reversed(page_lines[1:])
        for ln in lines
        if id(ln) in drop
    }
    page_lines = [[ln for ln in lines if id(ln) not in drop] for lines in page_lines]
    body = body_size(page_lines)
    page_blocks = [layout_page(lines, page, body, cfg) for lines, page in zip(page_lines, pages)]
    composed = compose(page_blocks, cfg.full_line_share)
    if composed.unresolved:
        warnings.append(_unresolved_warning(composed.unresolved))
    heads = [first_seen[k] for k, _ in repeated.most_common() if k]
    title = _title(metadata, page_lines, composed, body, cfg, running, heads)
    author = (metadata.get("Author") or "").strip() or None
    return PdfDocument(
        composed=composed,
        pages=len(pages),
        title=title,
        author=author if author and not _LEADING.match(author) and not _login(author) else None,
        date_hint=_metadata_date(metadata),
        page_texts=["\n".join(line_text(ln) for ln in lines) for lines in page_lines],
        warnings=warnings,
        running_heads=heads,
    )


def _login(author: str) -> bool:
    """A PDF's author field holding the typist's login ("jdoe01", "maria.lopez"): one
    word in lower case, or with digits, dots or underscores. A body's acronym ("ECDC") or
    a name is kept."""
    return " " not in author and (author.islower() or bool(re.search(r"[\d._@]", author)))


def _unresolved_warning(unresolved: list[tuple[int, int]]) -> str:
    """Markers whose note the reader did not find, named so the analyst can look: their
    passages cite no note for them."""
    shown = ", ".join(f"{number} on page {page}" for page, number in unresolved[:5])
    more = f" and {len(unresolved) - 5} more" if len(unresolved) > 5 else ""
    plural = "" if len(unresolved) == 1 else "s"
    return f"no note was found for {len(unresolved)} footnote marker{plural} ({shown}{more})"


def _placeholder(kind: str, lines: list[Line], page: int) -> Line:
    word = Word(
        "",
        min(ln.x0 for ln in lines),
        max(ln.x1 for ln in lines),
        min(ln.baseline for ln in lines),
        max(ln.size for ln in lines),
        False,
    )
    return Line([word], page, tags={kind})


def layout_page(lines: list[Line], page: PageChars, body: float, cfg: PdfSettings) -> list[Block]:
    """The page's blocks in reading order, its footnotes last."""
    remaining = list(lines)
    specials: dict[int, Block] = {}
    placeholders: list[Line] = []
    boxed: list[Line] = []
    extent = max((ln.x1 for ln in lines), default=0.0) - min((ln.x0 for ln in lines), default=0.0)

    def claim(kind: str, taken: list[Line], block: Block) -> Line:
        nonlocal remaining
        ids = {id(ln) for ln in taken}
        remaining = [ln for ln in remaining if id(ln) not in ids]
        holder = _placeholder(kind, taken, page.number)
        specials[id(holder)] = block
        placeholders.append(holder)
        return holder

    for grid in find_ruled_tables(page.edges, page.width, page.height):
        read = fill_cells(grid, remaining, page.number, cfg.ruled_table_min_wrapped)
        if read is not None:
            taken, rows = read
            claim("table", taken, Block("table", taken, page.number, rows=rows))
    for table in table_runs(remaining, body, cfg):
        claim("table", table, Block("table", table, page.number, rows=table_cells(table)))
    for frame in box_frames(page.rects, page.width, page.height, cfg):
        held = [ln for ln in remaining if inside(ln, frame)]
        if len(held) >= 2 and any(len(ln.plain) >= 30 for ln in held):
            held = _box_order(held, body, cfg)
            parts = [b.lines for b in _paragraphs(held, {}, body, cfg)]
            claim("box", held, Block("box", held, page.number, parts=parts))
            if frame.x1 - frame.x0 < cfg.full_width_share * extent:
                boxed.extend(held)  # a box within a column shows where that column is
    for image in page.images:
        if image.area > cfg.box_max_area * page.width * page.height:
            continue  # a background or a scanned page behind the text, not a figure
        held = [ln for ln in remaining if inside(ln, image)]
        if held and _reads_as_prose(held, cfg):
            # sentences set over a picture (an infographic's panel of facts): read as
            # a box is, column by column, each line going on from the one above
            held = _box_order(held, body, cfg)
            claim("box", held, Block("box", held, page.number, parts=_facts(held)))
        elif held:
            held.sort(key=lambda ln: (ln.baseline, ln.x0))
            claim("figure", held, Block("figure", held, page.number))

    for group in side_by_side_items(remaining, cfg):
        taken = [ln for stack in group for ln in stack]
        claim("box", taken, Block("box", taken, page.number, parts=group))
    cuts = gutters(remaining + boxed, body, cfg)
    assign_columns(remaining + placeholders, cuts)
    if cuts:
        # a table in one column: its rows were cut apart by the other column's lines
        for column in sorted({ln.column for ln in remaining if ln.column >= 0}):
            inside_column = [ln for ln in remaining if ln.column == column]
            for table in table_runs(inside_column, body, cfg):
                block = Block("table", table, page.number, rows=table_cells(table))
                claim("table", table, block).column = column
    ordered = _unweave(reading_order(remaining + placeholders))
    held = [ln for block in specials.values() for ln in block.lines]
    ends = [(h.column, max(ln.baseline for ln in specials[id(h)].lines)) for h in placeholders]
    notes_area = foot_lines([ln for ln in ordered if id(ln) not in specials], body, cfg, held, ends)
    note_ids = {id(ln) for ln in notes_area}
    ordered = [ln for ln in ordered if id(ln) not in note_ids]
    blocks = _paragraphs(ordered, specials, body, cfg)
    cited = cited_numbers([ln for ln in ordered if id(ln) not in specials] + held)
    notes, _ = split_notes(notes_area, cited)  # the area starts at a numbered note
    parsed = []
    for number, note_lines in notes:
        n = note_number(note_lines[0])
        parsed.append((n if n is not None else number, note_lines))
    if parsed:
        blocks.append(Block("footnotes", notes_area, page.number, note_lines=parsed))
    return blocks


def _unweave(lines: list[Line]) -> list[Line]:
    """Two short paragraphs set side by side on the same rows, with no gutter to part
    them (a pair of callouts: "10 per cent / allocated to global / programmes" beside "1
    per cent / allocated to evaluation for / evidence-based programming"), come out of the
    reading order a row at a time. Each is put back together when every line after the
    first goes on, in lower case, from the line above it on its side: terms beside their
    definitions or labels beside values start each row anew, and stay rows."""
    out = list(lines)
    i = 0
    while i + 3 < len(out):
        a, b = out[i], out[i + 1]
        if not (_level(a, b) and a.x1 < b.x0):
            i += 1
            continue
        left, right = [a], [b]
        j = i + 2
        while j + 1 < len(out):
            c, d = out[j], out[j + 1]
            if not (
                _level(c, d) and _goes_on(left[-1], c) and _goes_on(right[-1], d) and c.x1 < d.x0
            ):
                break
            left.append(c)
            right.append(d)
            j += 2
        if len(left) < 2:
            i += 1
            continue
        # their last lines may come later in the order (one taken for a line across a
        # column that the page's other labels make): whatever goes on from a side
        rest = out[j:]
        for side in (left, right):
            while True:
                after = next((ln for ln in rest if _goes_on(side[-1], ln)), None)
                if after is None:
                    break
                side.append(after)
                rest.remove(after)
        out[i:] = left + right + rest
        i += len(left) + len(right)
    return out


def _level(a: Line, b: Line) -> bool:
    return abs(a.baseline - b.baseline) <= 0.5 * max(a.size, b.size)


def _goes_on(above: Line, line: Line) -> bool:
    """``line`` is the next line of ``above``'s paragraph: right under it, at its
    margin, starting in lower case."""
    step = line.baseline - above.baseline
    return (
        0 < step <= 1.6 * max(above.size, line.size)
        and abs(line.x0 - above.x0) <= 0.5 * line.size
        and line.plain[:1].islower()
    )


def _reads_as_prose(lines: list[Line], cfg: PdfSettings) -> bool:
    """Lines over a picture that are sentences, not a chart's labels: enough of them,
    most of them several words long, few of them figures."""
    if len(lines) < cfg.figure_prose_min_lines:
        return False
    wordy = sum(1 for ln in lines if len(ln.words) >= 3 and not ln.is_numeric())
    return wordy >= cfg.figure_prose_share * len(lines)


def _facts(lines: list[Line]) -> list[list[Line]]:
    """An infographic's facts, set one under another without a full stop: a line goes
    on the fact above when it starts in lower case or the line above breaks off on a
    comma, an article, a preposition or a conjunction ("… Division of the" / "Colorado
    Department …"); any other line starts a fact of its own."""
    facts: list[list[Line]] = []
    for line in lines:
        above = facts[-1][-1].plain.rstrip() if facts else ""
        goes_on = line.plain[:1].islower() or above.endswith(",") or _RUNS_ON.search(above)
        if facts and goes_on and line.column == facts[-1][-1].column:
            facts[-1].append(line)
        else:
            facts.append([line])
    return facts


def _box_order(held: list[Line], body: float, cfg: PdfSettings) -> list[Line]:
    """A box's lines in reading order: a box set in columns (or a table in a shaded
    frame) is read column by column, as a page is."""
    cuts = gutters(held, body, cfg, clear_min_lines=cfg.box_column_min_lines)
    assign_columns(held, cuts)
    return reading_order(held)


def _is_heading(line: Line, body: float, cfg: PdfSettings, measure: float) -> bool:
    """Larger type, or a short bold line that does not end a sentence. (Weights reported
    by fonts are unreliable, so a bold line as wide as the text is not taken for one.)"""
    text = line.plain.strip()
    if not text or len(text) > cfg.heading_max_chars or not any(ch.isalpha() for ch in text):
        return False
    if _LEADER.search(text):
        return False  # an entry of the contents, not the heading it points to
    if line.size >= cfg.heading_size_ratio * body:
        return True
    short = line.x1 - line.x0 < cfg.bold_heading_width * measure
    ends_sentence = re.search(r"[.!:;,]['’”\")]*$", text)  # a heading may ask a question
    starts = text[:1].isupper() or text[:1].isdigit() or text[:1] in "(“\"‘'"
    return (
        line.bold
        and short
        and starts
        and not ends_sentence
        and not _RUNS_ON.search(text)
        and len(text.split()) <= 12
    )


def _paragraphs(
    ordered: list[Line], specials: dict[int, Block], body: float, cfg: PdfSettings
) -> list[Block]:
    plain = [ln for ln in ordered if id(ln) not in specials]
    spacings = typical_spacing(plain)
    labels = _label_runs(ordered, specials, body)
    run_in = _run_in_leads(plain, spacings, cfg)
    widths = sorted(ln.x1 - ln.x0 for ln in plain if abs(ln.size - body) < 0.1 * body)
    measure = widths[int(0.8 * (len(widths) - 1))] if widths else 400.0
    blocks: list[Block] = []
    current: list[Line] = []
    held: list[Block] = []  # tables, boxes, figures met inside an open sentence
    kind = "prose"

    def close() -> None:
        nonlocal current, held
        if current:
            chars = sum(len(ln.plain) for ln in current)
            long = len(current) > cfg.heading_max_lines or chars > cfg.heading_max_chars
            final = "prose" if kind == "heading" and long else kind
            blocks.append(Block(final, current, current[0].page))
        blocks.extend(held)
        current, held = [], []

    def open_sentence() -> bool:
        return kind == "prose" and bool(current) and not _TERMINAL.search(current[-1].plain)

    captioned: set[int] = set()  # figures held from their caption on
    for line in ordered:
        special = id(line) in specials
        if not special and open_sentence() and _caption_aside(line, body):
            # "Figure 2: …" set small inside a sentence: the sentence flows around the
            # figure, whose labels follow the caption
            held.append(Block("figure", [line], line.page))
            captioned.add(id(held[-1]))
            continue
        if (
            not special
            and open_sentence()
            and held
            and id(held[-1]) in captioned
            and _figure_label(line)
        ):
            held[-1].lines.append(line)  # a legend entry or a slice's label of the figure
            continue
        if id(line) in specials or id(line) in labels:
            if open_sentence():  # the sentence goes on after the figure: hold it
                if id(line) in specials:
                    held.append(specials[id(line)])
                elif held and held[-1].kind == "figure":
                    held[-1].lines.append(line)
                else:
                    held.append(Block("figure", [line], line.page))
                continue
        if id(line) in specials:
            close()
            blocks.append(specials[id(line)])
            continue
        if id(line) in labels:
            if kind != "figure":
                close()
            kind = "figure"
            current.append(line)
            continue
        if kind == "figure":
            close()
        if open_sentence() and _aside_figure(line, current[-1], body):
            # a figure set large beside the sentence ("10%" by "of families that / have
            # children..."): the sentence goes on, the figure follows it
            held.append(Block("figure", [line], line.page))
            continue
        if held and not line.plain[:1].islower():
            close()
        if kind != "figure" and _figure_lead(current, line, spacings, body, cfg):
            kind = "prose"  # "78 per cent" over "allocated to country programmes"
            current.append(line)
            continue
        heading = id(line) not in run_in and (
            _is_heading(line, body, cfg, measure)
            or _heading_goes_on(line, current, kind, spacings, cfg)
        )
        if heading and open_sentence() and current[-1].column == line.column:
            step = line.baseline - current[-1].baseline
            # emphasis inside a running sentence, not a heading
            heading = not 0 < step <= cfg.paragraph_gap * spacing_for(spacings, current[-1].size)
        if current:
            last = current[-1]
            same_column = last.column == line.column
            gap = line.baseline - last.baseline
            spacing = spacing_for(spacings, line.size)
            ended = bool(_TERMINAL.search(last.plain))
            # a line further right on the same row goes on it ("Date:" and its value)
            same_row = same_column and abs(gap) <= 0.25 * line.size and line.x0 >= last.x1 - 1
            resumed = bool(held) and line.plain[:1].islower() and not ended
            new = not resumed and (
                heading != (kind == "heading")
                or (heading and abs(line.size - last.size) > 0.1 * body)
                or (
                    (LIST_MARK.match(line.plain) or _ENUMERATOR.match(line.plain))
                    and not _enumeration_goes_on(last, line)
                )
                or (
                    same_column
                    and (
                        gap > cfg.paragraph_gap * spacing
                        or gap < -0.25 * line.size  # back up the column (a row is level)
                        # a line left of the last on its row does not go on from it
                        or (abs(gap) <= 0.5 * line.size and line.x1 < last.x0)
                        or (ended and gap > cfg.sentence_gap * spacing)
                    )
                )
                or (
                    same_column and line.x0 > last.x0 + cfg.indent * body and ended and not same_row
                )
                or (same_column and _outdented(line, current, body, cfg, ended))
                or (not same_column and ended)
                or abs(line.size - last.size) > 0.15 * body
                or bool(_LEADER.search(last.plain))
            )
            if new:
                close()
        if not current:
            kind = "heading" if heading else "prose"
        current.append(line)
    close()
    return blocks


_FIGURE_CAPTION = re.compile(
    r"^(?:Figure|Fig\.|Chart|Graph|Map|Exhibit)\s+[A-Z]?\d+[a-z]?\s*[:.–-]", re.I
)


def _caption_aside(line: Line, body: float) -> bool:
    """A figure's caption, in type smaller than the body's."""
    return line.size < body and bool(_FIGURE_CAPTION.match(line.plain))


def _figure_label(line: Line) -> bool:
    """A few words or a figure that neither end a sentence nor go on one (the sentence
    a figure interrupts resumes in lower case)."""
    text = line.plain.strip()
    return (
        len(text.split()) <= _LABEL_WORDS and not text[:1].islower() and not _TERMINAL.search(text)
    )


_LABEL_WORDS = 4


def _aside_figure(line: Line, last: Line, body: float) -> bool:
    """A lone figure or its one-word label ("5" and "portions" in an infographic's margin)
    in another size than the sentence it interrupts, beside it rather than under it."""
    return (
        len(line.plain.split()) <= 2
        and abs(line.size - last.size) > 0.15 * body
        and (line.x1 < last.x0 or line.x0 > last.x1)
    )


def _figure_lead(
    current: list[Line], line: Line, spacings: dict[float, float], body: float, cfg: PdfSettings
) -> bool:
    """A short figure set large or bold ("78 per cent", "$5.2 million") with its caption
    right below it in lower case ("allocated to country programmes"): one statement, not
    a heading and its text."""
    if len(current) != 1:
        return False
    lead = current[0]
    text = lead.plain.strip()
    step = line.baseline - lead.baseline
    centred = abs((line.x0 + line.x1) - (lead.x0 + lead.x1)) / 2 <= cfg.indent * body
    return (
        any(ch.isdigit() for ch in text)
        and len(text.split()) <= 4
        and not _TERMINAL.search(text)
        and line.plain[:1].islower()
        and line.column == lead.column
        and line.size <= lead.size
        and 0 < step <= cfg.paragraph_gap * max(spacing_for(spacings, line.size), lead.size)
        and (abs(line.x0 - lead.x0) <= cfg.indent * body or centred)
    )


def _enumeration_goes_on(last: Line, line: Line) -> bool:
    """A line opening with "(2)" where the line before holds "(1)" after its start: an
    enumeration running inside a sentence, not a list item."""
    m = re.match(r"^\((\d{1,2}|[a-z])\)(?:\s|$)", line.plain)
    if not m:
        return False
    mark = m.group(1)
    previous = str(int(mark) - 1) if mark.isdigit() else chr(ord(mark) - 1)
    return f"({previous})" in last.plain[1:]


def _outdented(line: Line, current: list[Line], body: float, cfg: PdfSettings, ended: bool) -> bool:
    """A line starting left of the margin a paragraph wraps to, after a line that ends its
    sentence or stops short: the next paragraph (a memo's "From:" under the lines of
    "To:"). Text beside a figure runs to the margin, so its last line is not short.
    Pieces of one row (a justified line split at a wide space, a label and its value)
    count as one line, and the paragraph wraps to where a piece of its first row starts:
    cells beside a wrapped table cell are no margin."""
    if len(current) < 2 or line.x0 >= current[-1].x0 - cfg.indent * body:
        return False  # most lines: not left of the line above at all
    rows: list[list[float]] = []  # [x0, x1, baseline] of each printed line
    starts: list[float] = []  # where the pieces of the first row start
    for ln in current:
        if rows and abs(ln.baseline - rows[-1][2]) <= 0.25 * ln.size:
            rows[-1][0], rows[-1][1] = min(rows[-1][0], ln.x0), max(rows[-1][1], ln.x1)
        else:
            rows.append([ln.x0, ln.x1, ln.baseline])
        if len(rows) == 1:
            starts.append(ln.x0)
    if len(rows) < 2:
        return False
    x0, x1, _ = rows[-1]
    if any(abs(row[0] - x0) > 1.0 for row in rows[1:]) or line.x0 >= x0 - cfg.indent * body:
        return False
    if not any(abs(start - x0) <= 1.0 for start in starts):
        return False
    if abs((line.x0 + line.x1) - (x0 + x1)) <= 4.0:
        return False  # centred lines: a wider one starts further left
    widest = max(row[1] for row in rows) - min(row[0] for row in rows)
    return ended or x1 - x0 < cfg.full_line_share * widest


def _heading_goes_on(
    line: Line, current: list[Line], kind: str, spacings: dict[float, float], cfg: PdfSettings
) -> bool:
    """A heading's next line, set in its type right below it, that starts in lower case
    ("Core" over "component" in a table's header): the heading carries on."""
    if kind != "heading" or not current:
        return False
    last = current[-1]
    step = line.baseline - last.baseline
    return (
        line.plain[:1].islower()
        and line.column == last.column
        and line.bold == last.bold
        and abs(line.size - last.size) <= 0.05 * last.size
        and 0 < step <= cfg.paragraph_gap * spacing_for(spacings, last.size)
    )


def _run_in_leads(lines: list[Line], spacings: dict[float, float], cfg: PdfSettings) -> set[int]:
    """ids of bold lines that open a paragraph with a bold lead sentence: they run on, at
    the paragraph's spacing, into a line that starts bold and goes on in regular type
    ("**Most authorities issue guidance to banks setting out** / **expectations for
    payments.** These may include..."). A heading is never followed by such a line."""
    found: set[int] = set()
    chain: list[Line] = []
    for line in lines:
        words = sorted(line.words, key=lambda w: w.x0)
        if chain:
            last = chain[-1]
            step = line.baseline - last.baseline
            close = line.column == last.column and 0 < step <= cfg.paragraph_gap * spacing_for(
                spacings, last.size
            )
            if close and words and words[0].bold and not line.bold:
                found.update(id(ln) for ln in chain)
                chain = []
                continue
            if not (close and line.bold):
                chain = []
        if line.bold:
            chain.append(line)
    return found


def _label_runs(ordered: list[Line], specials: dict[int, Block], body: float) -> set[int]:
    """Runs of three or more chart labels in reading order, within one column: a figure
    drawn as vectors. (The short last line of a column's paragraph is not the first label
    of the next column's run of short cells.)"""
    found: set[int] = set()
    run: list[Line] = []
    for line in [*ordered, None]:
        label = line is not None and id(line) not in specials and is_label(line, body)
        if label and (not run or run[-1].column == line.column):
            run.append(line)
            continue
        if len(run) >= 3:
            found.update(id(ln) for ln in run)
        run = [line] if label else []
    if len(run) >= 3:
        found.update(id(ln) for ln in run)
    return found


def _title(
    metadata: dict[str, str],
    pages: list[list[Line]],
    composed: ComposedText,
    body: float,
    cfg: PdfSettings,
    running: set[str] | None = None,
    heads: list[str] | None = None,
) -> str | None:
    """The report's title as printed: the metadata's when its words are printed on the
    first pages (a producer's "Federal Reserve Board Publication", a job number or
    "PDF only" are not), else the largest type on page 1 with the display lines set
    right above and below it, else a memo's subject.

    Largest type that the running heads of the other pages repeat names the series or
    section the report appears in (a gazette's "Proposed Rules", a monthly's name): the
    longest heading of page 1, the report's own, follows it.

    A metadata title that is a later section's heading ("Executive summary") or that the
    cover, printing a title of its own, mostly does not say, is a word processor's
    leftover: the cover's title is the report's. An issue of a series whose first line
    names its place before the series' name keeps that line before its headline."""
    printed = {
        w
        for lines in pages[: cfg.title_pages]
        for ln in lines
        for w in re.findall(r"[a-z]+", normalise_glyphs(ln.plain).lower())
    }
    # a cover printed as an image has no text: the first page with some is the cover
    first = next((n for n, lines in enumerate(pages) if any(ln.plain.strip() for ln in lines)), 0)
    largest = _largest_type(pages[first] if pages else [], body, cfg)
    given = _metadata_title(normalise_glyphs((metadata.get("Title") or "").strip()), printed)
    cover = pages[first] if pages else []
    if given and (_names_a_section(given, pages, first) or _not_on_cover(given, cover, largest)):
        given = None  # a word processor's title left as the first heading: "Executive summary"
    title = given or _printed_title(pages, composed, first, largest, body, cfg, running, heads)
    issue = _issue_line(cover, heads or [], title, cfg)
    if issue and title and len(title.split()) >= 2:
        return f"{issue}: {title}"[:200]
    return title


def _printed_title(
    pages: list[list[Line]],
    composed: ComposedText,
    first: int,
    largest: str | None,
    body: float,
    cfg: PdfSettings,
    running: set[str] | None,
    heads: list[str] | None,
) -> str | None:
    """The title page 1 prints, when the metadata gives none."""
    if largest and _CHAPTER_NUMBER.fullmatch(largest.strip()):
        # "III" set large over a chapter's opening page numbers the chapter: its title is
        # the page-1 heading the running heads repeat, after the series they also repeat
        return _chapter_title(composed, heads or []) or _subject(composed) or largest
    if largest and any(shape(largest) in head for head in running or ()):
        own = _longest_heading(composed, largest)
        if own is not None:
            return f"{largest}: {own}"[:200]
    subject = _subject(composed)
    if largest and len(largest.split()) >= 2:
        # a memo's kind set large ("Technical Memo") over its "Subject:" line
        if subject and not set(_words(subject)) & set(_words(largest)):
            return f"{largest}: {subject}"[:200]
        return largest
    return subject or _opening_headings(composed, first + 1) or largest


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z]{3,}", text.lower())


def _not_on_cover(given: str, cover: list[Line], largest: str | None) -> bool:
    """Does a cover that prints a title in display type say fewer than half of the
    metadata title's words? The title field then names something else (a template's, a
    draft's: "CLIMATE ACTION PLAN" over a cover reading "2020 Sustainability Plan")."""
    if not largest or len(largest.split()) < 2:
        return False
    printed = {w for ln in cover for w in _words(normalise_glyphs(ln.plain))}
    words = set(_words(given))
    return 2 * len(words & printed) < len(words)


def _names_a_section(given: str, pages: list[list[Line]], cover: int) -> bool:
    """Is the metadata's title a line of its own after the cover (a section's heading),
    and not printed on the cover itself?"""
    own = shape(given)
    placed = {n for n, lines in enumerate(pages) for ln in lines if shape(ln.plain) == own}
    return bool(placed) and cover not in placed and min(placed) > cover


def _issue_line(
    first_page: list[Line], heads: list[str], title: str | None, cfg: PdfSettings
) -> str | None:
    """Page 1's line that names the series the other pages' running heads repeat, with
    a few words more before or after: the place or body the issue is about ("Veldoria -
    Harvest Watch Outlook" over the headline; later pages say "Harvest Watch Outlook"
    only). Every passage of the report is about it, and the headline alone does not say
    it. A longer line quoting the series' name is a sentence (a suggested citation)."""
    said = shape(title or "")
    series = [
        (shape(h).replace("#", ""), len(h.split()))
        for h in heads
        if len(re.findall(r"[A-Za-z]{3,}", h)) >= 2
    ]
    for ln in first_page:
        own = shape(ln.plain)
        if not own or own in said:
            continue
        bare = own.replace("#", "")
        for head, words in series:
            if len(bare) - len(head) < 3 or not (bare.startswith(head) or bare.endswith(head)):
                continue
            if len(ln.plain.split()) - words <= cfg.issue_extra_words:
                return " ".join(ln.plain.split())
    return None


_SECTION_NUMBER = re.compile(r"^\s*(?:\d+(?:\.\d+)*[.)]?|[IVX]+[.)]|[A-Z][.)])\s")
_OPENING_HEADINGS = 2


def _opening_headings(composed: ComposedText, page: int) -> str | None:
    """A title set in the body's size, bold: the headings that open the first page with
    text ("Harbour Dues Scheme (HDS)" over "OPERATIONAL GUIDELINES"), up to the first
    numbered section ("1. Scheme")."""
    found: list[str] = []
    for at, text in composed.headings:
        if at != page or _SECTION_NUMBER.match(text) or len(found) == _OPENING_HEADINGS:
            break
        found.append(" ".join(text.split()))
    return ": ".join(found)[:200] if found and len(" ".join(found).split()) >= 2 else None


def _metadata_title(given: str, printed: set[str]) -> str | None:
    """The metadata's title, or its part between ";" or "|" separators, whose words are
    printed on the first pages (job numbers glued on with "_" dropped)."""
    for part in [given, *re.split(r"\s*[;|]\s*", given)]:
        words = part.split()
        while words and "_" in words[0]:
            words.pop(0)
        while words and "_" in words[-1]:
            words.pop()
        part = " ".join(words)
        if (
            len(part) < 8
            or len(words) < 2
            or _LEADING.match(part)
            or re.search(r"\.(?:docx?|pdf|indd|pptx?|xlsx?)$", part, re.I)
        ):
            continue
        content = [w for w in re.findall(r"[a-z]+", part.lower()) if len(w) >= 3]
        missing = sum(1 for w in content if w not in printed)
        # one word may be printed otherwise in a long title ("JAN" for "January")
        if content and missing <= (1 if len(content) >= 6 else 0):
            return part
    return None


def _largest_type(first_page: list[Line], body: float, cfg: PdfSettings) -> str | None:
    """The lines in the largest type on page 1, with the lines set right above them in
    display type too ("CITY OF BOULDER" over "RESILIENCE / STRATEGY"; a subtitle or date
    below is not the title)."""
    lines = [ln for ln in first_page if ln.plain.strip() and any(c.isalpha() for c in ln.plain)]
    if not lines:
        return None
    largest = max(ln.size for ln in lines)
    if largest < cfg.heading_size_ratio * body:
        return None
    chosen = [ln for ln in lines if ln.size >= 0.9 * largest][:4]
    floor = max(cfg.heading_size_ratio * body, cfg.title_display_share * largest)
    grown = True
    while grown:
        grown = False
        for ln in lines:
            if ln in chosen or ln.size < floor:
                continue
            near = any(
                0 < c.baseline - ln.baseline <= 1.6 * max(ln.size, c.size)
                and ln.x0 < c.x1
                and c.x0 < ln.x1
                for c in chosen
            )
            if near:
                chosen.append(ln)
                grown = True
    chosen.sort(key=lambda ln: (ln.baseline, ln.x0))
    title = " ".join(ln.plain.strip() for ln in chosen)
    return title[:200] or None


# "III", "Chapter 4": a number (a well-formed Roman one, so "CIVIL" is a word)
_CHAPTER_NUMBER = re.compile(
    r"(?i:chapter\s+)?(?:(?=[IVXLC])C{0,3}(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})|\d{1,3})\.?"
)


def _chapter_title(composed: ComposedText, heads: list[str]) -> str | None:
    """A chapter's title: the heading of page 1 that the running heads repeat (or else
    its first heading of two words or more), after another running head that names the
    whole with its year ("ANNUAL REPORT 2025-26: MONETARY POLICY OPERATIONS")."""
    headings = [
        text
        for page, text in composed.headings
        if page == 1 and len(text.split()) >= 2 and not _CHAPTER_NUMBER.fullmatch(text.strip())
    ]
    shapes = {shape(head) for head in heads}
    own = next((t for t in headings if shape(t) in shapes), headings[0] if headings else None)
    if own is None:
        return None
    whole = next(
        (
            head
            for head in heads
            if shape(head) != shape(own)
            and len(head.split()) >= 2
            and re.search(r"\b(?:19|20)\d\d\b", head)
        ),
        None,
    )
    return f"{whole.strip()}: {own}"[:200] if whole else own[:200]


def _longest_heading(composed: ComposedText, series: str) -> str | None:
    """Page 1's heading of the most words (three or more), other than the series name."""
    own = [
        text
        for page, text in composed.headings
        if page == 1 and text != series and len(text.split()) >= 3
    ]
    return max(own, key=lambda text: len(text.split()))[:200] if own else None


def _subject(composed: ComposedText) -> str | None:
    """A memo's title: the value of its "Subject:" (or "Re:") line on page 1."""
    for span in composed.blocks:
        if composed.page_at(span.start) != 1:
            break
        text = composed.text[span.start : span.end]
        # "Subject:" opens the block, or ends a memo's "To: … From: … Date:" header
        m = re.match(r"(?:subject|re)\s*:\s*(\S.*)", text, re.I | re.S) or re.search(
            r"\bDate\s*:.{0,40}?\bSubject\s*:\s*(\S.*)", text, re.S
        )
        if m and len(m.group(1).split()) >= 2:
            return " ".join(m.group(1).split())[:200]
    return None


def _metadata_date(metadata: dict[str, str]) -> str | None:
    m = re.match(r"^D:(\d{4})(\d{2})?", metadata.get("CreationDate") or "")
    if not m:
        return None
    return f"{m.group(1)}-{m.group(2)}" if m.group(2) else m.group(1)
