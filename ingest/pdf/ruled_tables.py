"""Tables drawn with rules: where their cells are, from pdfplumber's table finder; what
the cells say, from the reader's own words.

A table whose cells wrap over several lines cannot be rebuilt from baselines: a row's
cells start on one baseline and end on different ones, and a cell's second line looks
like a row of its own ("Responsible Party" over "Time Frame" over three wrapped lines of
a description). The rules drawn between the cells say where each cell is, and reading
rules into a grid is what pdfplumber's finder does (its "lines" strategy); it is given
the edges PDFium already read, so no page is parsed twice. The cells are filled with the
reader's words, which know their raised footnote markers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from types import SimpleNamespace

from ingest.pdf.lines import Line, Word, baseline_rows

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom; top-down, in points


@dataclass
class RuledTable:
    bbox: BBox
    cells: list[list[BBox | None]]  # rows of cells; None where a merged cell spans


def find_ruled_tables(
    edges: list[tuple[str, float, float, float, float]], width: float, height: float
) -> list[RuledTable]:
    """The tables a page's drawn edges make, found by pdfplumber's table finder (its
    "lines" strategy: edges snapped and joined, their crossings, the cells they close)
    run on the edges PDFium read, so the page is not parsed a second time."""
    horizontal = sum(1 for e in edges if e[0] == "h")
    if horizontal < 3 or len(edges) - horizontal < 3:
        return []
    from pdfplumber.table import TableFinder

    plumbed = [
        {
            "orientation": kind,
            "object_type": "line",
            "x0": x0,
            "x1": x1,
            "top": top,
            "bottom": bottom,
            "width": x1 - x0,
            "height": bottom - top,
        }
        for kind, x0, top, x1, bottom in edges
    ]
    page = SimpleNamespace(edges=plumbed, bbox=(0.0, 0.0, width, height))
    try:
        finder = TableFinder(page)
    except Exception:  # noqa: BLE001 - edges the finder cannot join: no ruled table
        return []
    return [
        RuledTable(table.bbox, [list(row.cells) for row in table.rows]) for table in finder.tables
    ]


def fill_cells(
    table: RuledTable, lines: list[Line], page: int, min_wrapped: int
) -> tuple[list[Line], list[list[str]]] | None:
    """The lines the table holds and its rows of cell texts; None when the grid is not a
    table the baselines cannot read (fewer than two rows or columns with text, or fewer
    than ``min_wrapped`` cells wrapping over lines: the line reader keeps those)."""
    x0, top, x1, bottom = table.bbox
    taken = [ln for ln in lines if _within(ln, table.bbox)]
    if not taken:
        return None
    width = x1 - x0
    last = len(table.cells) - 1
    # a row that is one cell across the whole frame, first or last, is the table's
    # caption or notes set inside its frame: its lines stay lines
    for r in (0, last):
        row = [c for c in table.cells[r] if c]
        if len(row) == 1 and row[0][2] - row[0][0] >= 0.9 * width:
            table = RuledTable(table.bbox, [*table.cells[:r], [None], *table.cells[r + 1 :]])
    cell_words: dict[tuple[int, int], list[Word]] = {}
    kept: list[Line] = []
    for line in taken:
        placed = [(w, _cell_of(table, w)) for w in line.words]
        if any(at is None for _, at in placed):
            continue  # a caption or note set inside the frame: a line of its own
        kept.append(line)
        for word, at in placed:
            cell_words.setdefault(at, []).append(word)
    _join_wrapped_labels(table, cell_words)
    filled: list[list[tuple[BBox, str]]] = []
    wrapped = 0
    for r, row in enumerate(table.cells):
        texts = []
        for c, cell in enumerate(row):
            text, count = _cell_text(cell_words.get((r, c), []), page)
            wrapped += count > 1
            if cell and text:
                texts.append((cell, text))
        if texts:
            filled.append(texts)
    rows = _aligned(filled)
    if len(rows) < 2 or len(rows[0]) < 2 or wrapped < min_wrapped:
        return None
    if sum(1 for r in rows if sum(1 for c in r if c) >= 2) < 2:
        return None
    return kept, rows


def _join_wrapped_labels(table: RuledTable, cell_words: dict[tuple[int, int], list[Word]]) -> None:
    """A row label wrapping past its row's rule ("Harbour Dues from" over "Visiting
    Yachts", each line under a rule of its own while the other columns' cells span
    them) is one label: the rest joins the label of the row of values above
    it, in its column, when it goes on from it (lower case, an opening bracket, or a
    first word too long for the room left on the line above: why it wrapped) and is not
    a group's head in capitals."""
    above: tuple[int, int] | None = None
    for r, row in enumerate(table.cells):
        filled = sorted(c for c in range(len(row)) if cell_words.get((r, c)))
        if not filled:
            continue
        c = filled[0]
        if len(filled) == 1 and above is not None and above[1] == c:
            words = cell_words[(r, c)]
            prior = cell_words[above]
            box = table.cells[above[0]][c]
            right = box[2] if box else max(w.x1 for w in prior)
            last = max(w.baseline for w in prior)
            tail = max((w for w in prior if abs(w.baseline - last) < 1), key=lambda w: w.x1)
            ordered = sorted((w for w in words if not w.raised), key=lambda w: (w.baseline, w.x0))
            text = " ".join(w.text for w in ordered)
            leader = re.search(r"\.{4,}\s*$", " ".join(w.text for w in prior))
            figures = all(re.fullmatch(r"[-–−(]?[\d.,%$]+\)?", w.text) for w in ordered)
            # a label run out to dot leaders fills its line by design; figures are values
            if ordered and not text.isupper() and not leader and not figures:
                lead = ordered[0]
                room = right - tail.x1 - 0.25 * lead.size
                if text[:1].islower() or text[:1] in "([" or lead.x1 - lead.x0 > room - 2:
                    prior.extend(words)
                    del cell_words[(r, c)]
                    continue
        # only a row giving values has a label that can wrap past its rule: a row of one
        # cell (an item under a label merged down) is an item of its own
        above = (r, c) if len(filled) >= 2 else None


def _aligned(filled: list[list[tuple[BBox, str]]]) -> list[list[str]]:
    """Rows of cell texts under common columns. A merged cell (a header over two of the
    grid's columns, a label spanning a row) belongs to the column of the fullest row that
    it overlaps most; two cells falling in one column are joined. A row label merged down
    over the rows below it ("Winter Recreation" beside three kinds of skiing) labels each
    of them: a row's label travels with its values."""
    if not filled:
        return []
    reference = max(filled, key=len)
    columns = [(cell[0], cell[2]) for cell, _ in reference]
    rows: list[list[str]] = []
    labels: list[tuple[BBox, str] | None] = []
    for row in filled:
        texts = [""] * len(columns)
        label = None
        for cell, text in row:
            overlaps = [min(cell[2], b) - max(cell[0], a) for a, b in columns]
            k = max(range(len(columns)), key=overlaps.__getitem__)
            texts[k] = f"{texts[k]} {text}" if texts[k] else text
            if k == 0:
                label = (cell, text)
        rows.append(texts)
        labels.append(label)
    tops = [min(cell[1] for cell, _ in row) for row in filled]
    for r, label in enumerate(labels):
        if label is None:
            continue
        cell, text = label
        for below in range(r + 1, len(rows)):
            if tops[below] >= cell[3] - 1:
                break
            if not rows[below][0]:
                rows[below][0] = text
    return rows


def _within(line: Line, box: BBox) -> bool:
    mid = (line.x0 + line.x1) / 2
    middle = line.baseline - line.size / 3
    return box[0] - 1 <= mid <= box[2] + 1 and box[1] - 1 <= middle <= box[3] + 1


def _cell_of(table: RuledTable, word: Word) -> tuple[int, int] | None:
    x = (word.x0 + word.x1) / 2
    y = word.baseline - word.size / 3
    for r, row in enumerate(table.cells):
        for c, cell in enumerate(row):
            if cell and cell[0] - 1 <= x <= cell[2] + 1 and cell[1] - 1 <= y <= cell[3] + 1:
                return r, c
    return None


def _cell_text(words: list[Word], page: int) -> tuple[str, int]:
    """A cell's words as text, its wrapped lines joined (after a hyphen ending a line,
    closed up: "post-" and "2100"); and how many lines it spans."""
    rows = baseline_rows(words)
    for marker in (w for w in words if w.raised):
        host = min(rows, key=lambda row: abs(row[0].baseline - marker.baseline), default=None)
        if host is not None:
            host.append(marker)
    text = ""
    for row in rows:
        part = Line(row, page).render()[0]
        if text.endswith("-"):
            text += part
        else:
            text = f"{text} {part}" if text else part
    return text, len(rows)
