"""Page layout from lines: running heads, columns, reading order, footnotes, tables, boxes.

Every decision reads geometry or type (position, size, repetition across pages), never
the words of one field. The thresholds are in ``PdfSettings``.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from ingest.pdf.chars import PageChars, Rect
from ingest.pdf.lines import Line
from reportqa.config import PdfSettings
from reportqa.text import HEADER_YEAR, TABLE_CAPTION

_PAGE_NUMBER = re.compile(
    r"^(?:page\s+)?[-–]?\s*(?:\d{1,4}|[ivxlcdm]{1,6})\s*[-–]?(?:\s*(?:of|/)\s*\d{1,4})?$", re.I
)
_NOTE_START = re.compile(r"^(\d{1,3})[.)]?$")
_ENDS = re.compile(r"[.!?)\]]['’”\"]*$")  # a note's last line ends its sentence
_FIGURE = re.compile(r"^(?:Figure|Chart|Graph|Map|Fig\.)\s+[A-Z]?\d+(?:[.\-–]\d+)*", re.I)
_BOX = re.compile(r"^Box\s+[A-Z]?\d+(?:[.\-–]\d+)*", re.I)


@dataclass
class Block:
    """A unit of the page in reading order: heading, prose paragraph, table, box, figure
    or the page's footnotes. ``lines`` keep their geometry for the writer."""

    kind: str  # heading | prose | table | box | figure | footnotes
    lines: list[Line]
    page: int
    rows: list[list[str]] | None = None  # tables: cells per row
    parts: list[list[Line]] | None = None  # boxes: their title and paragraphs
    notes: list[tuple[int, str]] = field(default_factory=list)  # footnotes: (n, text)
    # footnotes not yet written out: (n, lines), their text joined when the whole report's
    # words are known (a hyphen ending a line is kept or dropped by them)
    note_lines: list[tuple[int, list[Line]]] = field(default_factory=list)


def shape(text: str) -> str:
    """A line's identity across pages: its letters only. Digits (page numbers, dates),
    spacing and punctuation do not count ("Version 2.3 - Sept" = "Version 2.3- Sept"),
    nor a folio set before the head on left pages and after it on right pages."""
    flat = re.sub(r"[^a-z#]+", "", re.sub(r"\d+", "#", text.lower()))
    return flat.strip("#") or flat


def running_lines(pages: list[list[Line]], heights: list[float], cfg: PdfSettings) -> set[int]:
    """ids of lines in the top/bottom band that repeat across pages, and bare folios."""
    in_band: dict[int, bool] = {}
    counts: Counter[str] = Counter()
    # where each shape sits on pages after the first: (baseline, page)
    heights_of: dict[str, list[tuple[float, int]]] = {}
    for number, (lines, height) in enumerate(zip(pages, heights)):
        seen: set[str] = set()
        for line in lines:
            band = line.top < cfg.band * height or line.baseline > (1 - cfg.band) * height
            in_band[id(line)] = band
            if band:
                seen.add(shape(line.plain))
                if number:
                    heights_of.setdefault(shape(line.plain), []).append((line.baseline, number))
        counts.update(seen)
    need = max(2, round(cfg.running_share * len(pages)))
    repeated = {s for s, n in counts.items() if n >= need}
    # a chapter's running head repeats on fewer pages, but always at the same height and
    # on pages of one chapter (an instruction opening two checklists far apart is text)
    for key, spots in heights_of.items():
        if len(key) >= 4 and any(
            abs(a - b) <= 1.0 and 0 < abs(pa - pb) <= cfg.chapter_head_pages
            for i, (a, pa) in enumerate(spots)
            for b, pb in spots[i + 1 :]
        ):
            repeated.add(key)
    long_ones = [s for s in repeated if len(s) >= 10]
    drop: set[int] = set()
    for number, lines in enumerate(pages):
        for line in lines:
            if not in_band[id(line)]:
                continue
            if number == 0 and not _PAGE_NUMBER.match(line.plain.strip()):
                # on a title page, a repeat is a running head only where the others sit
                where = [y for y, _ in heights_of.get(shape(line.plain), [])]
                if not any(abs(line.baseline - y) <= 3 for y in where):
                    continue
            text = line.plain.strip()
            flat = shape(text)
            # a running line set on one baseline with another item ("site · Version 2.3")
            # (the other item short: a longer line holding a section's running head is
            # the section's own heading on its first page)
            within = any(s in flat and len(flat) <= 2 * len(s) for s in long_ones)
            if _PAGE_NUMBER.match(text) or (
                (flat in repeated or within) and not _runs_on(line, lines)
            ):
                drop.add(id(line))
    return drop


def _runs_on(line: Line, lines: list[Line]) -> bool:
    """Does the line's text go on in the line right under it, in lower case (a heading's
    first line repeated over its continued section, "… of pharmacy/" over "compounding
    practices) (continued)")? A running head is a line of its own."""
    below = [
        ln
        for ln in lines
        if 0 < ln.baseline - line.baseline <= 1.6 * line.size
        and ln.x0 < line.x1
        and line.x0 < ln.x1
    ]
    if not below:
        return False
    nearest = min(below, key=lambda ln: ln.baseline)
    return nearest.plain[:1].islower()


def _content(text: str) -> int:
    return sum(ch.isalnum() for ch in text)


def spare_sole_text(pages: list[list[Line]], drop: set[int]) -> tuple[set[int], int]:
    """``drop`` less one copy of each repeated line when the repeats are the document.

    A form whose only text is its header repeated on every page would otherwise lose all
    of it. When what is left is less than one copy of what repeats, the first copy of each
    repeated line (folios aside) is kept; returns the new drop set and how many were kept.
    """
    first: dict[str, Line] = {}
    for lines in pages:
        for line in lines:
            text = line.plain.strip()
            if id(line) in drop and not _PAGE_NUMBER.match(text):
                first.setdefault(shape(text), line)
    if not first:
        return drop, 0
    repeated = sum(_content(line.plain) for line in first.values())
    if repeated <= 0:
        return drop, 0
    left = 0
    for lines in pages:  # counted only until it is enough: most reports stop at once
        for ln in lines:
            if id(ln) not in drop:
                left += _content(ln.plain)
                if left >= repeated:
                    return drop, 0
    return drop - {id(line) for line in first.values()}, len(first)


def body_size(pages: list[list[Line]]) -> float:
    """The size most characters of running prose are set in (lines of several words, so
    that a report full of charts and tables is not read as set in their labels' size).

    A line printed word for word again is counted once: the stub of a table repeated on
    every page of an appendix, or a form's questions, is one text, not pages of prose.
    """
    weights: Counter[float] = Counter()
    seen: set[str] = set()
    for lines in pages:
        for line in lines:
            text = line.plain
            if text not in seen and len(text.split()) >= 6:
                seen.add(text)
                weights[round(line.size * 2) / 2] += len(text)
    return weights.most_common(1)[0][0] if weights else 10.0


# --------------------------------------------------------------------------- tables


def baseline_rows(lines: list[Line]) -> list[list[Line]]:
    """Lines grouped by shared baseline, top to bottom, each row left to right."""
    rows: list[list[Line]] = []
    for line in sorted(lines, key=lambda ln: (ln.baseline, ln.x0)):
        if rows and abs(rows[-1][0].baseline - line.baseline) <= 0.3 * line.size:
            rows[-1].append(line)
        else:
            rows.append([line])
    for row in rows:  # a label set a little lower than its figures still leads its row
        row.sort(key=lambda ln: ln.x0)
    return rows


def _cell_like(line: Line) -> bool:
    return line.is_numeric() or len(line.plain) <= 40


def same_grid(row: list[Line], above: list[Line], min_cells: int) -> bool:
    """Two rows of as many cells, each standing under the one above it: the rows of one
    table however far apart they are set, where two columns of prose or a list of
    figures beside text never line up cell for cell."""
    if len(row) != len(above) or len(row) < min_cells:
        return False
    pairs = zip(sorted(row, key=lambda ln: ln.x0), sorted(above, key=lambda ln: ln.x0))
    return all(a.x0 <= b.x1 and b.x0 <= a.x1 for a, b in pairs)


def table_runs(lines: list[Line], body: float, cfg: PdfSettings) -> list[list[Line]]:
    """Runs of baselines that hold several short cells, at least one a number: tables."""
    rows = baseline_rows(lines)

    def tabular(row: list[Line]) -> bool:
        if len(row) < 2:
            return False
        numbers = sum(1 for ln in row if ln.is_numeric())
        if len(row) == 2:
            # a long label beside one figure is set level with it or above it; a line of
            # prose a little below a chart's axis label is no row
            top = min(row, key=lambda ln: (ln.baseline, ln.x0))
            return numbers >= 1 and all(_cell_like(ln) for ln in row if ln is not top)
        # the label (leftmost) may be longer than a cell
        return numbers >= 1 and all(_cell_like(ln) for ln in row[1:])

    tables: list[list[Line]] = []
    claimed: set[int] = set()  # the lines of the tables found so far
    run: list[list[Line]] = []
    stubs: list[list[Line]] = []  # lines of the label column met inside the run
    for row in rows + [[]]:
        ok = bool(row) and tabular(row)
        last = (stubs or run)[-1] if run else None
        gap = row[0].baseline - last[0].baseline if ok and last else 0.0
        close = ok and (
            gap <= cfg.table_row_gap * body
            or (
                not stubs
                and gap <= cfg.table_grid_row_gap * body
                and same_grid(row, run[-1], cfg.table_grid_min_cells)
            )
        )
        if ok and (not run or close):
            run += stubs + [row]
            stubs = []
            continue
        if (
            run
            and len(stubs) < cfg.table_stub_lines
            and _stub_line(row, run, (stubs or run)[-1], body, cfg)
        ):
            stubs.append(row)  # a row's label wrapped, or a label over the rows below
            continue
        if len(run) >= cfg.table_min_rows:
            table = _with_header(rows, run, body, cfg, claimed)
            if tables and _goes_on(rows, table, run, tables[-1]):
                tables[-1] += table  # rows of the table above, past a row it could not read
            else:
                tables.append(table)
            claimed.update(id(ln) for ln in table)
        run = [row] if ok else []
        stubs = []
    return [t for t in tables if t]


def _goes_on(
    rows: list[list[Line]], table: list[Line], run: list[list[Line]], above: list[Line]
) -> bool:
    """Does ``table`` go on the table ``above`` it: right under its last row, with no
    header row of its own (a row of two cells or more, none with a figure or "n/a")? Rows that
    one odd row split off ("operation P15 Million" beside a wrapped label) stand under
    the header of the rows before them; a table with its own header is another table."""
    first = next(i for i, row in enumerate(rows) if any(ln is table[0] for ln in row))
    if first == 0 or not any(ln is above[-1] for ln in rows[first - 1]):
        return False
    heads = rows[first : rows.index(run[0])]
    return not any(len(row) >= 2 and not any(_a_value(ln) for ln in row) for row in heads)


def _a_value(line: Line) -> bool:
    """A cell giving a value: a figure, one with words ("P15 Million"), or "n/a"."""
    return line.is_numeric() or bool(re.search(r"\d|^[nN]/[aA]$", line.plain))


def _stub_line(
    row: list[Line], run: list[list[Line]], last: list[Line], body: float, cfg: PdfSettings
) -> bool:
    """A line alone in a table's label column, between its rows: the rest of a label
    wrapped ("Agriculture Improvement Act" / "of 2018") or a label over the rows below
    it ("Appropriations and Other Funding"). It stands where the labels stand and ends
    before the second column of figures."""
    if len(row) != 1 or not _text_cell(row[0]):
        return False
    line = row[0]
    labels = [r[0] for r in run if len(r) > 1]
    figures = min((r[2].x0 for r in run if len(r) > 2), default=line.x1)
    return (
        bool(labels)
        and abs(line.x0 - min(ln.x0 for ln in labels)) <= body
        and line.x1 < figures
        and line.baseline - last[0].baseline <= cfg.table_row_gap * body
    )


def _with_header(
    rows: list[list[Line]],
    run: list[list[Line]],
    body: float,
    cfg: PdfSettings,
    claimed: set[int] | frozenset[int] = frozenset(),
):
    """The run plus the header rows and caption right above it (short text cells); the
    rows of a table found above (``claimed``, ids of its lines) are that table's."""
    first = rows.index(run[0])
    start = first
    left = min(ln.x0 for r in run for ln in r)
    right = max(ln.x1 for r in run for ln in r)
    while start > 0:
        above = rows[start - 1]
        if any(id(ln) in claimed for ln in above):
            break
        gap = rows[start][0].baseline - above[0].baseline
        if gap > cfg.table_row_gap * body * 1.5:
            break
        if TABLE_CAPTION.match(above[0].plain):
            start -= 1
            break
        inside = all(ln.x0 >= left - 2 * body for ln in above)
        labels = not any(ln.is_numeric() for ln in rows[start])  # a row of headings
        if labels and inside and len(above) == 1 and _cell_like(above[0]) and start >= 2:
            # a header cell wrapped onto a line of its own ("All" over "Bridges"), under
            # the row of header cells it belongs to
            upper = rows[start - 2]
            near = above[0].baseline - upper[0].baseline <= cfg.table_row_gap * body * 1.5
            within = all(ln.x0 >= left - 2 * body and ln.x1 <= right + 2 * body for ln in upper)
            if near and len(upper) >= 2 and within and not any(ln.is_numeric() for ln in upper):
                if all(_cell_like(ln) for ln in upper) and not TABLE_CAPTION.match(upper[0].plain):
                    start -= 2
                    continue
        if (
            len(above) == 1
            and start >= 2
            and _label_over_rows(above[0], rows[start - 2], left, body)
        ):
            start -= 1  # a label over the rows ("Spending Limits") under the header row
            continue
        if not inside or len(above) < 2 or not all(_cell_like(ln) for ln in above):
            break
        start -= 1
    # a "Table N." caption a few short lines above the header (its units, "Year over Year")
    for back in range(1, cfg.caption_reach + 1):
        k = start - back
        if k < 0 or rows[start][0].baseline - rows[k][0].baseline > cfg.caption_reach * 2 * body:
            break
        if TABLE_CAPTION.match(rows[k][0].plain):
            start = k
            break
    return [ln for r in rows[start : first + len(run)] for ln in r]


def _label_over_rows(line: Line, upper: list[Line], left: float, body: float) -> bool:
    """A short label alone at the table's left edge with a row of header cells above it:
    cells of words, or the years of its columns ("1995 … 2021*")."""
    return (
        abs(line.x0 - left) <= body
        and _text_cell(line)
        and len(upper) >= 2
        and all(_text_cell(ln) or HEADER_YEAR.fullmatch(ln.plain) for ln in upper)
    )


def _text_cell(line: Line) -> bool:
    """A short cell of words: a label, not a figure."""
    return _cell_like(line) and not line.is_numeric()


def _lone_label(row: list[str]) -> bool:
    """A row of cells with only its label filled."""
    return len(row) > 1 and bool(row[0]) and not any(row[1:])


_LETTERED = re.compile(r"^[a-z]\s*[-–.)]\s")


def _wrapped_labels(rows: list[list[str]]) -> list[list[str]]:
    """A row's label wrapped onto a line of its own ("Agriculture Improvement Act" /
    "of 2018"): the line, in lower case under a row of figures, ends that row's label;
    a label over a row whose own label is its unit ("(million short tons)") begins it."""
    out: list[list[str]] = []
    for row in rows:
        # not a note ("n.a. Not applicable.") nor a lettered item ("b - Administration")
        wraps = row[0][:1].islower() and ". " not in row[0] and not _LETTERED.match(row[0])
        if _lone_label(row) and wraps and out and sum(1 for c in out[-1] if c) > 1:
            out[-1] = [f"{out[-1][0]} {row[0]}".strip(), *out[-1][1:]]
            continue
        before = out[-1] if out else []
        if (
            len(before) == len(row)
            and _lone_label(before)
            and row[0].startswith("(")
            and any(row[1:])
        ):
            # "Coal Production" over "(million short tons) …  149  142"
            out[-1] = [f"{before[0]} {row[0]}", *row[1:]]
            continue
        out.append(row)
    return out


def table_cells(lines: list[Line]) -> list[list[str]]:
    """Rows of cells, each cell under its column: columns are the x ranges that some row
    fills, found as the gaps no cell crosses."""
    rows = baseline_rows([piece for ln in lines for piece in _number_cells(ln)])
    # columns come from the rows of figures: a header cell spanning two columns
    # ("Projections" over 2023 and 2024) would otherwise merge them
    data = [r for r in rows if len(r) > 1 and sum(ln.is_numeric() for ln in r) * 2 >= len(r)]
    multi = [ln for r in (data or [r for r in rows if len(r) > 1]) for ln in r]
    spans = sorted((ln.x0, ln.x1) for ln in multi)
    columns: list[list[float]] = []
    for x0, x1 in spans:
        if columns and x0 <= columns[-1][1]:
            columns[-1][1] = max(columns[-1][1], x1)
        else:
            columns.append([x0, x1])
    out: list[list[str]] = []
    first_multi = next((i for i, r in enumerate(rows) if len(r) > 1), 0)
    first_data = next((i for i, r in enumerate(rows) if data and r is data[0]), first_multi)
    for index, row in enumerate(rows):
        wide = row[0].x1 - row[0].x0 > _width(columns) * 0.6
        if len(row) == 1 and len(columns) > 1 and (wide or index < first_multi):
            out.append([line_text(row[0])])  # a caption, a title or a spanning label
            continue
        cells = [""] * max(1, len(columns))
        heads = first_multi <= index < first_data and len(row) > 1 and len(columns) > 1
        ordered = sorted(row, key=lambda ln: ln.x0)
        reaches = _reaches(ordered) if heads and not any(ln.is_numeric() for ln in row) else []
        for n, line in enumerate(ordered):
            under = [
                j
                for j, (c0, c1) in enumerate(columns)
                if reaches and reaches[n][0] <= (c0 + c1) / 2 <= reaches[n][1]
            ]
            if len(under) > 1 and _spans(line, columns):
                # a header label over several columns heads each of them
                for j in under:
                    cells[j] = f"{cells[j]} {line_text(line)}".strip()
                continue
            centre = (line.x0 + line.x1) / 2
            index = (
                min(
                    range(len(columns)),
                    key=lambda k: (
                        0
                        if columns[k][0] <= centre <= columns[k][1]
                        else min(abs(centre - columns[k][0]), abs(centre - columns[k][1]))
                    ),
                )
                if columns
                else 0
            )
            text = line_text(line)
            cells[index] = f"{cells[index]} {text}".strip()
        out.append(cells)
    zone = rows[first_multi:first_data]
    if len(zone) > _MOST_HEADER_ROWS or any(ln.is_numeric() for r in zone for ln in r):
        return _wrapped_labels(out)  # rows of labels and figures above the first of figures
    return _wrapped_labels(_one_header(out, first_multi, first_data))


_MOST_HEADER_ROWS = 4  # stacked header rows read as one; more are rows of the table


def _spans(line: Line, columns: list[list[float]]) -> bool:
    """Does a label stand over more than one column (its ink over two of them)?"""
    return sum(1 for c0, c1 in columns if line.x0 < c1 and line.x1 > c0) > 1


def _reaches(row: list[Line]) -> list[tuple[float, float]]:
    """The x range each header label of a row heads: out to halfway to its neighbours,
    and as far past its outer edge as halfway to its neighbour on the other side (a
    label centred over three columns is narrower than they are)."""
    out = []
    for k, line in enumerate(row):
        before = row[k - 1] if k else None
        after = row[k + 1] if k + 1 < len(row) else None
        left_half = (line.x0 - before.x1) / 2 if before else None
        right_half = (after.x0 - line.x1) / 2 if after else None
        lo = line.x0 - (left_half if left_half is not None else right_half or 0.0)
        hi = line.x1 + (right_half if right_half is not None else left_half or 0.0)
        out.append((lo, hi))
    return out


def _one_header(rows: list[list[str]], first: int, data: int) -> list[list[str]]:
    """Header rows stacked over the figures ("Condition Rating (percentage)" over "Good
    Fair Poor") become one row, each column headed by all its labels top to bottom: a
    reader of one cell sees what its column is, as a reader of the page does."""
    header = [r for r in rows[first:data] if len(r) > 1]
    if data - first < 2 or len(header) != data - first:
        return rows
    width = max(len(r) for r in header)
    merged = [" ".join(r[k] for r in header if k < len(r) and r[k]) for k in range(width)]
    return rows[:first] + [merged] + rows[data:]


def _number_cells(line: Line) -> list[Line]:
    """A run of numbers set closer than a column gap ("2.9 3.1", "2023 2024") is one
    number per column: each becomes a cell of its own."""
    words = sorted(line.words, key=lambda w: w.x0)
    body = [w for w in words if not w.raised]
    if len(body) < 2 or not all(_NUMERIC_WORD.match(w.text) for w in body):
        return [line]
    out: list[Line] = []
    for word in body:
        out.append(Line([word], line.page, line.column))
    for marker in (w for w in words if w.raised):  # a note marker stays with its number
        host = min(out, key=lambda ln: abs(ln.words[0].x1 - marker.x0))
        host.words.append(marker)
    return out


_NUMERIC_WORD = re.compile(r"^[(\[]?[-–−+~<>]?[$€£¥]?\d[\d.,]*%?[)\]]?$|^[-–—]$|^\.{1,3}$")


def _width(columns: list[list[float]]) -> float:
    return columns[-1][1] - columns[0][0] if columns else 1.0


def line_text(line: Line) -> str:
    return line.render()[0]


# --------------------------------------------------------------------------- columns


def gutters(
    lines: list[Line], body: float, cfg: PdfSettings, clear_min_lines: int | None = None
) -> list[tuple[float, float]]:
    """Vertical strips between columns: x ranges that (almost) no line crosses, with text
    on both sides. Lines as wide as the text block are left out of the count: they span
    the columns (a title, or the full-width part of a page whose lower half is set in
    two columns, or text beside a figure), and become bands of their own.

    The strips are found where few lines of running text cross, then narrowed to where
    few lines of any length cross: a column of short cells (a form's "Yes No", a table's
    ratings) bounds a gutter as a column of prose does. Figures do not: a column of them
    is a table's, whose rows hold its label and its values together; nor do short cells
    left of a strip (terms beside their definitions are read row by row).
    ``clear_min_lines`` (inside a box, which is often a table) also takes a strip that no
    line crosses at all with that many lines on each side, however few they are against
    the rest.
    """
    texts = [ln for ln in lines if len(ln.plain) >= 3]
    if not texts:
        return []
    left = min(ln.x0 for ln in texts)
    right = max(ln.x1 for ln in texts)
    width = int(right - left) + 1
    if width <= 0:
        return []
    narrow = [ln for ln in texts if ln.x1 - ln.x0 < cfg.full_width_share * (right - left)]
    prose = [ln for ln in narrow if len(ln.plain) >= 15]
    if len(prose) < cfg.gutter_min_lines:
        return []
    cover = _coverage(prose, left, width)
    # a column of figures is a table's, read by its rows: only words bound a gutter
    every = _coverage([ln for ln in narrow if not ln.is_numeric()], left, width)
    allowed = max(cfg.gutter_min_crossings, int(cfg.gutter_crossing_share * len(prose)))
    allowed_all = max(cfg.gutter_min_crossings, int(cfg.gutter_crossing_share * len(narrow)))
    share = max(2.0, cfg.column_min_share * len(narrow))
    found: list[tuple[float, float]] = []

    def sides(g0: float, g1: float, left_side: list[Line]) -> tuple[int, int]:
        # a line ending (or starting) inside the strip is on that side of it
        before = sum(1 for ln in left_side if ln.x1 <= g1 and ln.x0 < g0)
        after = sum(1 for ln in narrow if ln.x0 >= g0 and ln.x1 > g1)
        return before, after

    for start, end in _runs(cover, lambda x: cover[x] <= allowed):
        g0, g1 = left + start, left + end
        if g1 - g0 >= cfg.gutter_min_width * body and min(sides(g0, g1, narrow)) >= share:
            found.append((g0, g1))
            continue
        # the strip as bounded by short lines too; prose must stand left of it (short
        # cells left of a strip with prose right of it are terms beside definitions,
        # read row by row)
        tests = [(allowed_all, share, prose)]
        if clear_min_lines is not None:
            tests.append((0, float(clear_min_lines), narrow))
        for most, need, left_side in tests:
            for s0, s1 in _runs(every, lambda x: every[x] <= most, start, end):  # noqa: B023
                g0, g1 = left + s0, left + s1
                if g1 - g0 < cfg.gutter_min_width * body or any(
                    g0 < b and a < g1 for a, b in found
                ):
                    continue
                if min(sides(g0, g1, left_side)) >= need:
                    found.append((g0, g1))
    return sorted(found)


def _coverage(lines: list[Line], left: float, width: int) -> list[int]:
    """How many of ``lines`` cross each point of the text block's width."""
    steps = [0] * (width + 1)  # +1 where a line starts, -1 after it ends
    for ln in lines:
        start, end = max(0, int(ln.x0 - left)), min(width, int(ln.x1 - left) + 1)
        if start < end:
            steps[start] += 1
            steps[end] -= 1
    cover = list(itertools.accumulate(steps[:width]))
    return cover


def _runs(values: list[int], low, start: int = 0, end: int | None = None):  # noqa: ANN001
    """(start, end) of the runs of points in [start, end) where ``low`` holds."""
    end = len(values) if end is None else end
    x = start
    while x < end:
        if low(x):
            first = x
            while x < end and low(x):
                x += 1
            yield first, x
        x += 1


def assign_columns(lines: list[Line], cuts: list[tuple[float, float]]) -> None:
    """Each line's column: how many gutters lie left of it; -1 when it crosses one. A line
    that starts inside a gutter's strip and runs on past it is the next column's (a short
    column of three lines can lie within the strip the other lines leave clear)."""
    for line in lines:
        column = 0
        spanning = False
        for g0, g1 in cuts:
            if line.x0 < g0 - 1 and line.x1 > g1 + 1:
                spanning = True
            elif line.x0 >= g1 - 1 or (line.x0 > g0 + 1 and line.x1 > g1 + 1):
                column += 1
        line.column = -1 if spanning else column


def reading_order(lines: list[Line]) -> list[Line]:
    """Top to bottom in bands separated by spanning lines; within a band, column by
    column, left to right. Lines whose baselines differ by a hair (an enumerator "(iii)"
    set apart from its heading by a tab) are one row, read left to right."""
    row = _row_baselines(lines)
    ordered: list[Line] = []
    band: list[Line] = []

    def in_band(ln: Line) -> tuple[int, float, float]:
        return (ln.column, row[id(ln)], ln.x0)

    for line in sorted(lines, key=lambda ln: (row[id(ln)], ln.x0)):
        if line.column == -1:
            ordered.extend(sorted(band, key=in_band))
            band = []
            ordered.append(line)
        else:
            band.append(line)
    ordered.extend(sorted(band, key=in_band))
    return ordered


def _row_baselines(lines: list[Line]) -> dict[int, float]:
    """Each line's row: the baseline of the first of the lines set within a quarter of
    their size below one another."""
    row: dict[int, float] = {}
    first = previous = None
    for line in sorted(lines, key=lambda ln: ln.baseline):
        if previous is None or line.baseline - previous.baseline > 0.25 * min(
            line.size, previous.size
        ):
            first = line.baseline
        row[id(line)] = first  # type: ignore[assignment]
        previous = line
    return row


# --------------------------------------------------------------------------- footnotes


def note_number(line: Line) -> int | None:
    """The number a footnote line starts with: a raised marker or a plain number."""
    words = sorted(line.words, key=lambda w: w.x0)
    if len(words) < 2:
        return None
    first = words[0]
    if "lead-number" in line.tags:
        return int(re.match(r"\d+", first.text).group())
    text = first.text
    m = _NOTE_START.match(text)
    if m and (first.raised or not words[1].raised):
        return int(m.group(1))
    m = re.match(r"^(\d{1,3})[.)]?(?=[A-Z(“\"])", text)  # "8Based": number glued to text
    if m and first.raised is False and len(text) > len(m.group(0)):
        return int(m.group(1))
    return None


def cited_numbers(lines: list[Line]) -> set[int]:
    """The note numbers the raised markers of these lines cite."""
    return {
        int(n) for ln in lines for w in ln.words if w.raised for n in re.findall(r"\d+", w.text)
    }


def foot_lines(
    ordered: list[Line],
    body: float,
    cfg: PdfSettings,
    others: list[Line] | None = None,
    ends: list[tuple[int, float]] | None = None,
) -> list[Line]:
    """Lines in smaller type below the last body-size line, table, box or figure of their
    column: the notes.

    ``others`` are the page's lines held in tables, boxes and figures: their markers cite
    notes too; ``ends`` are the (column, lowest baseline) of those tables, boxes and
    figures: notes lie below them. When the page cites notes, each column's notes start
    at its own first line numbered as a cited note (a column of tables with notes under
    each is read column by column), and go on at the top of the next column when a note
    runs on, or level with notes beside them; otherwise the notes start at the first
    numbered line.
    """
    lowest: dict[int, float] = {}

    def lower(column: int, baseline: float) -> None:
        for key in [column] if column >= 0 else list(range(-1, 8)):
            lowest[key] = max(lowest.get(key, 0.0), baseline)

    for line in ordered:
        if line.size >= cfg.note_size_ratio * body:
            lower(line.column, line.baseline)
    for column, baseline in ends or []:
        lower(column, baseline)
    candidates = [
        ln
        for ln in ordered
        if ln.size < cfg.note_size_ratio * body
        and ln.baseline > lowest.get(ln.column if ln.column >= 0 else -1, 0.0)
    ]
    taken = {id(ln) for ln in candidates}
    cited = cited_numbers([ln for ln in ordered if id(ln) not in taken] + (others or []))
    groups: dict[int, list[Line]] = {}
    for line in candidates:
        groups.setdefault(line.column, []).append(line)
    starts = {column: _notes_start(group, cited) for column, group in groups.items()}
    if not any(is_cited for _, is_cited in starts.values()):
        # nothing on the page cites a note: they start at the first numbered line
        first, _ = _notes_start(candidates, cited)
        return [] if first is None else candidates[first:]
    # only a line numbered as a cited note starts a column's notes
    starts = {c: (i if is_cited else None, is_cited) for c, (i, is_cited) in starts.items()}
    area: set[int] = set()
    level: float | None = None  # the top of the notes found so far
    last: Line | None = None  # the last line of the notes found so far
    for column in sorted(groups):  # spanning notes first: their wrapped lines run on below
        group = groups[column]
        start = starts[column][0]
        if last is not None and not _ENDS.search(last.plain):
            start = 0  # the column before ends inside a note: it runs on at this one's top
        elif level is not None:
            # lines level with or below the notes beside them are notes (a spanning note's
            # short last line)
            below = next(
                (i for i, ln in enumerate(group) if ln.baseline >= level - 2 * ln.size), None
            )
            if below is not None and (start is None or below < start):
                start = below
        if start is None:
            continue
        area.update(id(ln) for ln in group[start:])
        top = group[start].baseline
        level = top if level is None else min(level, top)
        last = group[-1]
    return [ln for ln in candidates if id(ln) in area]


def _notes_start(candidates: list[Line], cited: set[int]) -> tuple[int | None, bool]:
    """Where a column's notes start, and whether at a cited number: at the first line
    numbered as a note the page's text cites (a small table's "65 and older" above the
    notes is no note 65), with the notes numbered on up to it before it (their markers
    may sit in a chart); else at its first numbered line (a source line above it stays
    body)."""
    numbered = [(i, note_number(ln)) for i, ln in enumerate(candidates)]
    numbered = [(i, n) for i, n in numbered if n is not None]
    for k, (index, number) in enumerate(numbered):
        if number in cited:
            while k and numbered[k - 1][1] == number - 1:
                k -= 1
                index, number = numbered[k]
            return index, True
    return (numbered[0][0] if numbered else None), False


def split_notes(
    lines: list[Line], cited: set[int] | None = None
) -> tuple[list[tuple[int, list[Line]]], list[Line]]:
    """Numbered notes, and lines before the first number (a note running on from the
    previous page).

    A line opening with a plain number is a new note when that number comes next (one
    more than the last note's), is cited on the page, or is set as a note's number (raised,
    or hung in the margin); otherwise the number is the note's own text wrapped to a new
    line ("... from one or more of the / 16 critical infrastructure sectors"). A note 1 set
    as a note's number after others starts the notes of the next table or column.
    """
    cited = cited or set()
    notes: list[tuple[int, list[Line]]] = []
    carried: list[Line] = []
    for line in lines:
        number = note_number(line)
        if number is not None and notes:
            last = notes[-1][0]
            first = min(line.words, key=lambda w: w.x0)
            set_as_number = first.raised or "lead-number" in line.tags
            restart = number == 1 and set_as_number
            if not restart and (
                number <= last or not (number == last + 1 or number in cited or set_as_number)
            ):
                number = None
        if number is not None:
            notes.append((number, [line]))
        elif notes:
            notes[-1][1].append(line)
        else:
            carried.append(line)
    return notes, carried


# --------------------------------------------------------------------------- boxes


def box_frames(rects: list[Rect], width: float, height: float, cfg: PdfSettings) -> list[Rect]:
    page_area = width * height
    frames = [
        r
        for r in rects
        if cfg.box_min_area * page_area <= r.area <= cfg.box_max_area * page_area
        and (r.x1 - r.x0) > 0.25 * width
    ]
    return _merge_touching(frames, cfg.box_max_area * page_area)


def _merge_touching(frames: list[Rect], max_area: float, slack: float = 2.0) -> list[Rect]:
    """Frames that overlap or touch as one: a table shaded by its header row and by strips
    under its columns is one box, and a frame inside another is part of it."""
    merged = [Rect(r.x0, r.top, r.x1, r.bottom) for r in frames]
    changed = True
    while changed:
        changed = False
        for i, a in enumerate(merged):
            for j in range(i + 1, len(merged)):
                b = merged[j]
                if (
                    a.x0 <= b.x1 + slack
                    and b.x0 <= a.x1 + slack
                    and a.top <= b.bottom + slack
                    and b.top <= a.bottom + slack
                ):
                    union = Rect(
                        min(a.x0, b.x0), min(a.top, b.top), max(a.x1, b.x1), max(a.bottom, b.bottom)
                    )
                    if union.area > max_area:
                        continue
                    merged[i] = union
                    del merged[j]
                    changed = True
                    break
            if changed:
                break
    return merged


def inside(line: Line, rect: Rect) -> bool:
    return rect.holds(line.x0, line.top, line.x1, line.baseline)


def typical_spacing(lines: list[Line]) -> dict[float, float]:
    """The usual distance between baselines for each type size (a paragraph gap is read
    against the leading of its own size, not of a chart's labels)."""
    gaps: dict[float, list[float]] = {}
    for a, b in zip(lines, lines[1:]):
        size = round(a.size * 2) / 2
        if (
            a.column == b.column
            and abs(a.size - b.size) < 0.5
            and 0 < b.baseline - a.baseline < 3 * a.size
        ):
            gaps.setdefault(size, []).append(b.baseline - a.baseline)
    return {size: statistics.median(values) for size, values in gaps.items()}


def spacing_for(spacings: dict[float, float], size: float) -> float:
    return spacings.get(round(size * 2) / 2, 1.2 * size)


def is_label(line: Line, body: float) -> bool:
    """A chart's tick or legend label: a few words or a number, smaller than the body."""
    text = line.plain
    return (
        len(text) <= 25
        and len(text.split()) <= 4
        and (line.is_numeric() or line.size < 0.95 * body)
    )


__all__ = [
    "Block",
    "PageChars",
    "body_size",
    "box_frames",
    "assign_columns",
    "cited_numbers",
    "foot_lines",
    "gutters",
    "inside",
    "line_text",
    "reading_order",
    "running_lines",
    "split_notes",
    "table_cells",
    "typical_spacing",
]
