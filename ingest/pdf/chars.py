"""Characters of a PDF page with their geometry, read through PDFium.

PDFium (pypdfium2) is the layout source: it is a C library, so reading every character
with its box, baseline, size and weight costs less than pypdf's plain ``extract_text``
(measured on a 15-page Federal Register rule: 0.17 s against 0.26 s; pdfplumber, which
gives the same facts through pdfminer, took 1.47 s). Everything above this module works
on plain dataclasses, so tests can build pages by hand.

Coordinates are turned top-down (``top`` grows down the page), as a reader scans it.
"""

from __future__ import annotations

import ctypes
import functools
import math
import unicodedata
from collections import Counter
from dataclasses import dataclass, field

# Glyph names some producers leave in place of a ligature ("/f_i", "/f_f_l"): the
# characters they stand for.
_GLYPH_NAMES = {"/f_f_i": "ffi", "/f_f_l": "ffl", "/f_f": "ff", "/f_i": "fi", "/f_l": "fl",
                "/f_t": "ft", "/s_t": "st", "/T_h": "Th"}  # fmt: skip


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    baseline: float  # top-down y of the baseline
    size: float  # effective font size in points (font size times the text matrix scale)
    bold: bool = False


@dataclass(slots=True)
class Rect:
    """A filled or stroked rectangle (a box's frame or shading, a table's rule)."""

    x0: float
    top: float
    x1: float
    bottom: float

    @property
    def area(self) -> float:
        return max(0.0, self.x1 - self.x0) * max(0.0, self.bottom - self.top)

    def holds(self, x0: float, top: float, x1: float, bottom: float, slack: float = 2.0) -> bool:
        return (
            x0 >= self.x0 - slack
            and x1 <= self.x1 + slack
            and top >= self.top - slack
            and bottom <= self.bottom + slack
        )


_SPACE = Char(" ", 0.0, 0.0, 0.0, 1.0)


@dataclass
class PageChars:
    number: int  # 1-based
    width: float
    height: float
    chars: list[Char] = field(default_factory=list)
    rects: list[Rect] = field(default_factory=list)  # candidate box frames (large rects)
    images: list[Rect] = field(default_factory=list)
    # straight rules and rectangle sides, of any size: (orientation "h" or "v", x0, top,
    # x1, bottom), what a table's grid is drawn with
    edges: list[tuple[str, float, float, float, float]] = field(default_factory=list)


def normalise_glyphs(text: str) -> str:
    """NFKC (ligatures ﬁ → fi, full-width digits) plus the ``/f_i`` glyph names."""
    if "/" in text:
        for name, letters in _GLYPH_NAMES.items():
            text = text.replace(name, letters)
    return unicodedata.normalize("NFKC", text)


def read_page(  # noqa: ANN001
    pdf_page, number: int, min_rect_area: float, frame_area: float = 0.0
) -> PageChars:
    """All upright characters of one page (rotated margin text, such as a printer's slug
    running up the edge, is left out: it is never part of the report's reading text).

    The page's characters are fetched in one call and every PDFium function is bound
    once: this loop runs for every character of the report, so it is kept lean.
    """
    import pypdfium2.raw as pdfium_c

    rotation = pdf_page.get_rotation() % 360
    if rotation in (90, 180, 270):
        return _read_turned_page(pdf_page, number, rotation, min_rect_area, frame_area)
    width, height = pdf_page.get_size()
    page = PageChars(number, width, height)
    textpage = pdf_page.get_textpage()
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    codes = _page_codes(raw, count)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    loose = pdfium_c.FS_RECTF()
    char_box = pdfium_c.FPDFText_GetLooseCharBox
    origin = pdfium_c.FPDFText_GetCharOrigin
    get_matrix = pdfium_c.FPDFText_GetMatrix
    font_size = pdfium_c.FPDFText_GetFontSize
    bold_of: dict[int, bool] = {}  # per text object: its font is read once
    object_address = _object_address()
    chars = page.chars
    append = chars.append
    last: Char | None = None
    last_height = last_bottom = drop = 0.0
    last_x1 = last_size = 0.0
    last_bold = False
    spaced = True  # no letter yet, or the last thing read was a word break
    for index in range(count):
        code = codes[index] if codes is not None else 0xFFFE
        if code == 0xFFFE:  # the bulk text writes this for a line-end hyphen mark too
            code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in (0x0D, 0x0A, 0xFFFE):
            continue
        if code in (0x20, 0xA0, 0x09):  # drawn or PDFium's own word gap: a word break
            if not spaced:
                spaced = True
                append(_SPACE)
            continue
        if code == 0x02:  # PDFium's mark for a hyphen that ends a line
            code = 0x2D
        text = chr(code) if code < 0x110000 else "\ufffd"
        if not text.isprintable():
            continue
        char_box(raw, index, loose)
        left, right, bottom = loose.left, loose.right, loose.bottom
        box_height = loose.top - bottom
        # Size, slant, font and baseline change between words, not inside one: they are
        # asked at a word's first letter, or when the letter's box says they changed.
        if (
            spaced
            or abs(bottom - last_bottom) > 0.3
            or not -0.2 * last_size <= left - last_x1 <= 0.15 * last_size
            or abs(box_height - last_height) > 0.05 * (last_height if last_height > 1e-6 else 1e-6)
        ):
            origin(raw, index, ox, oy)
            baseline = height - oy.value
            drop = baseline - (height - bottom)  # baseline's place in the box
            get_matrix(raw, index, matrix)
            if abs(matrix.b) > 0.01 * abs(matrix.a) + 1e-6:
                continue  # rotated or skewed text
            size = font_size(raw, index) * math.hypot(matrix.c, matrix.d)
            if size <= 0:
                size = box_height
            if size <= 0.5:
                continue
            key = object_address(raw, index) or 0  # the text object, as a number
            bold = bold_of.get(key)
            if bold is None:
                bold = bold_of[key] = _is_bold(raw, index, key)
        else:
            baseline = height - bottom + drop
            size, bold = last_size, last_bold
        last = Char(text, left, right if right > left else left, baseline, size, bold)
        append(last)
        last_height, last_bottom, last_x1, last_size, last_bold = (
            box_height,
            bottom,
            last.x1,
            size,
            bold,
        )
        spaced = False
    textpage.close()
    page.chars = without_shadow_copies(on_the_page(chars, width, height))
    _read_objects(pdf_page, page, min_rect_area, frame_area)
    return page


class _Turn:
    """A page the PDF shows turned (``/Rotate``: a landscape table set on a portrait
    page): where a point of its drawing space is on the page as shown, top-down."""

    def __init__(self, rotation: int, width: float, height: float) -> None:
        self.rotation = rotation
        self.width, self.height = width, height  # of the drawing space (unturned)

    @property
    def shown_size(self) -> tuple[float, float]:
        if self.rotation == 180:
            return self.width, self.height
        return self.height, self.width

    def point(self, x: float, y: float) -> tuple[float, float]:
        """(x, y) of the drawing space, y up, as (x, top-down y) of the page shown."""
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.width - x, y
        return self.height - y, self.width - x

    def upright(self, a: float, b: float) -> bool:
        """Does text drawn along (a, b) read left to right on the page shown?"""
        if self.rotation == 90:
            along, across = b, a
        elif self.rotation == 180:
            along, across = -a, b
        else:
            along, across = -b, -a
        return along > 0 and abs(across) <= 0.01 * along + 1e-6

    def rect(self, r: Rect) -> Rect:
        """A top-down rect of the drawing space as one of the page shown."""
        corners = [self.point(x, self.height - y) for x in (r.x0, r.x1) for y in (r.top, r.bottom)]
        xs, ys = [c[0] for c in corners], [c[1] for c in corners]
        return Rect(min(xs), min(ys), max(xs), max(ys))


def _read_turned_page(  # noqa: ANN001
    pdf_page, number: int, rotation: int, min_rect_area: float, frame_area: float
) -> PageChars:
    """The characters of a page shown turned, read as a reader sees it: the text upright
    on the turned page is its reading text, set out in the turned page's coordinates
    (the fast path of :func:`read_page` reads pages shown as drawn)."""
    import pypdfium2.raw as pdfium_c

    shown_width, shown_height = pdf_page.get_size()
    drawn = (shown_width, shown_height) if rotation == 180 else (shown_height, shown_width)
    turn = _Turn(rotation, *drawn)
    page = PageChars(number, *turn.shown_size)
    textpage = pdf_page.get_textpage()
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    ox, oy = ctypes.c_double(), ctypes.c_double()
    matrix = pdfium_c.FS_MATRIX()
    loose = pdfium_c.FS_RECTF()
    spaced = True
    for index in range(count):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code in (0x0D, 0x0A, 0xFFFE):
            continue
        if code in (0x20, 0xA0, 0x09):
            if not spaced:
                spaced = True
                page.chars.append(_SPACE)
            continue
        if code == 0x02:
            code = 0x2D
        text = chr(code) if code < 0x110000 else "\ufffd"
        if not text.isprintable():
            continue
        pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
        if not turn.upright(matrix.a, matrix.b):
            continue  # text running across the page as shown (a margin slug)
        size = pdfium_c.FPDFText_GetFontSize(raw, index) * math.hypot(matrix.c, matrix.d)
        pdfium_c.FPDFText_GetLooseCharBox(raw, index, loose)
        if size <= 0.5:
            continue
        pdfium_c.FPDFText_GetCharOrigin(raw, index, ox, oy)
        _, baseline = turn.point(ox.value, oy.value)
        box = (loose.left, loose.right), (loose.bottom, loose.top)
        corners = [turn.point(x, y) for x in box[0] for y in box[1]]
        x0, x1 = min(c[0] for c in corners), max(c[0] for c in corners)
        page.chars.append(Char(text, x0, x1, baseline, size, False))
        spaced = False
    textpage.close()
    page.chars = without_shadow_copies(on_the_page(page.chars, page.width, page.height))
    drawn_page = PageChars(number, turn.width, turn.height)
    _read_objects(pdf_page, drawn_page, min_rect_area, frame_area)
    page.rects = [turn.rect(r) for r in drawn_page.rects]
    page.images = [turn.rect(r) for r in drawn_page.images]
    for kind, x0, top, x1, bottom in drawn_page.edges:
        r = turn.rect(Rect(x0, top, x1, bottom))
        if turn.rotation != 180:  # a quarter turn: a rule across becomes one down
            kind = "v" if kind == "h" else "h"
        if kind == "h":
            page.edges.append(("h", r.x0, r.top, r.x1, r.top))
        else:
            page.edges.append(("v", r.x0, r.top, r.x0, r.bottom))
    return page


def on_the_page(chars: list[Char], width: float, height: float) -> list[Char]:
    """The characters a reader sees: text set outside the page's box (a copy of the
    cover parked below it, a slug beyond the trim) is never shown."""
    return [
        c
        for c in chars
        if c.text.isspace()
        or (-c.size < c.baseline < height + c.size and c.x1 > 0 and c.x0 < width)
    ]


def without_shadow_copies(chars: list[Char]) -> list[Char]:
    """A glyph drawn twice, the copy offset by a fraction of its size (a drop shadow, a
    bold faked by overprinting), is read once: "LABOUR", not "LL AA BB OO UU RR".

    A copy is the same letter at the same size, covering four fifths of the first's
    width or more on nearly its baseline; two letters side by side never overlap so,
    even kerned tight ("ff" of "Staff" overlap by two thirds). And a shadow shifts every
    letter it copies alike: a copy counts only when five letters or more of the page
    are shifted by the same offset, so a chance match of two lines set over each other
    drops nothing."""
    near: dict[tuple[str, int], list[Char]] = {}  # by letter and band of baselines
    copies: list[tuple[int, tuple[int, int]]] = []  # (index, offset in quarter points)
    for index, c in enumerate(chars):
        if c.text.isspace():
            continue
        band = int(c.baseline // max(c.size, 1.0))
        width = max(c.x1 - c.x0, 1e-6)
        for b in (band - 1, band, band + 1):
            twin = next(
                (
                    o
                    for o in near.get((c.text, b), ())
                    if abs(o.size - c.size) <= 0.005 * c.size  # a copy scaled is a drawing
                    and abs(o.baseline - c.baseline) < 0.25 * c.size
                    and min(o.x1, c.x1) - max(o.x0, c.x0) > 0.8 * width
                    # offset: the letters of a ligature share one box, and a copy set
                    # exactly over the first is left to the word builder
                    and max(abs(o.x0 - c.x0), abs(o.baseline - c.baseline)) >= 0.03 * c.size
                ),
                None,
            )
            if twin is not None:
                offset = (round((c.x0 - twin.x0) * 4), round((c.baseline - twin.baseline) * 4))
                copies.append((index, offset))
                break
        else:
            near.setdefault((c.text, band), []).append(c)
    shifts = Counter(offset for _, offset in copies)
    dropped = {index for index, offset in copies if shifts[offset] >= 5}
    return [c for index, c in enumerate(chars) if index not in dropped]


def _page_codes(raw, count: int) -> list[int] | None:  # noqa: ANN001
    """The code of every character of the page, read in one call; None when the text
    holds characters beyond the BMP (then one UTF-16 unit is no longer one character)."""
    import pypdfium2.raw as pdfium_c

    if count <= 0:
        return []
    buffer = (ctypes.c_ushort * (count + 1))()
    written = pdfium_c.FPDFText_GetText(
        raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort))
    )
    codes = list(buffer)[:count]
    if written != count + 1 or any(0xD800 <= c <= 0xDFFF for c in codes):
        return None
    return codes


_BOLD_NAME = ("bold", "black", "heavy", "semibold", "demi")


def _is_bold(raw, index: int, key: int) -> bool:  # noqa: ANN001
    """Bold by the font's name (Times-Bold, ArialMT-Bold...), else by its stated weight.

    PDFium reports weight 0 for fonts that are not embedded, and some embedded fonts
    state a heavy weight for their regular face, so the name is asked first.
    """
    import pypdfium2.raw as pdfium_c

    handle = pdfium_c.FPDFText_GetTextObject(raw, index)
    bold = False
    font = pdfium_c.FPDFTextObj_GetFont(handle) if key else None
    name = ""
    if font:
        size = pdfium_c.FPDFFont_GetBaseFontName(font, None, 0)
        if size > 0:
            buffer = ctypes.create_string_buffer(size)
            pdfium_c.FPDFFont_GetBaseFontName(font, buffer, size)
            name = buffer.value.decode("latin-1", "replace").lower()
    if name:
        bold = any(mark in name.split("+")[-1] for mark in _BOLD_NAME)
    else:
        bold = pdfium_c.FPDFText_GetFontWeight(raw, index) >= 700
    return bold


@functools.cache
def _object_address():  # noqa: ANN202
    """``FPDFText_GetTextObject`` returning the object's address as a plain int (asked at
    every word, it is the key of the font cache; a pointer would need a cast each time)."""
    import pypdfium2.raw as pdfium_c

    function = pdfium_c.FPDFText_GetTextObject
    prototype = ctypes.CFUNCTYPE(ctypes.c_void_p, *function.argtypes)
    return prototype(ctypes.cast(function, ctypes.c_void_p).value)


def _read_objects(pdf_page, page: PageChars, min_rect_area: float, frame_area: float) -> None:  # noqa: ANN001
    """Large rectangles (box frames and shading) and images, as top-down rects. A path
    whose bounds are large enough to frame a box (``frame_area``) is measured by its own
    points (see ``_path_box``)."""
    import pypdfium2.raw as pdfium_c

    for obj in pdf_page.get_objects(max_depth=2):
        kind = obj.type
        if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE):
            continue
        try:
            left, bottom, right, top = obj.get_bounds()
        except Exception:  # noqa: BLE001 - a malformed object has no bounds; skip it
            continue
        rect = Rect(left, page.height - top, right, page.height - bottom)
        if kind == pdfium_c.FPDF_PAGEOBJ_PATH:
            _add_edges(obj.raw, rect, page)
        if rect.area < min_rect_area:
            continue
        if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
            page.images.append(rect)
            continue
        if rect.area >= frame_area:
            rect = _path_box(obj.raw, page.height) or rect
            if rect.area < min_rect_area:
                continue
        page.rects.append(rect)


def _add_edges(raw, bounds: Rect, page: PageChars) -> None:  # noqa: ANN001
    """A path drawn as a straight rule, or as a rectangle (a cell's frame or shading),
    as grid edges; curves and other drawings add none."""
    width, height = bounds.x1 - bounds.x0, bounds.bottom - bounds.top
    if height <= _RULE_WIDTH and width >= _EDGE_MIN:
        middle = (bounds.top + bounds.bottom) / 2
        page.edges.append(("h", bounds.x0, middle, bounds.x1, middle))
    elif width <= _RULE_WIDTH and height >= _EDGE_MIN:
        middle = (bounds.x0 + bounds.x1) / 2
        page.edges.append(("v", middle, bounds.top, middle, bounds.bottom))
    elif width >= _EDGE_MIN and height >= _EDGE_MIN and _straight(raw):
        box = _path_box(raw, page.height)
        if box is None or box.x1 - box.x0 < _EDGE_MIN or box.bottom - box.top < _EDGE_MIN:
            return
        page.edges += [
            ("h", box.x0, box.top, box.x1, box.top),
            ("h", box.x0, box.bottom, box.x1, box.bottom),
            ("v", box.x0, box.top, box.x0, box.bottom),
            ("v", box.x1, box.top, box.x1, box.bottom),
        ]


def _straight(raw) -> bool:  # noqa: ANN001
    """A path of at most six straight segments (a rectangle, closed or not)."""
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFPath_CountSegments(raw)
    if not 0 < count <= 6:
        return False
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(raw, index)
        if segment and pdfium_c.FPDFPathSegment_GetType(segment) == pdfium_c.FPDF_SEGMENT_BEZIERTO:
            return False
    return True


_RULE_WIDTH = 2.5  # a path this thin is a rule (points)
_EDGE_MIN = 3.0  # shorter marks are dots and ticks, not a grid's edges


def _path_box(raw, height: float) -> Rect | None:  # noqa: ANN001
    """The box of a path's own points, top-down. PDFium's bounds of a stroked path take
    in its pen: a dot of a dotted rule drawn with a wide pen has bounds half a page
    across, yet frames nothing. (Asked only of paths whose bounds are large.)"""
    import pypdfium2.raw as pdfium_c

    count = pdfium_c.FPDFPath_CountSegments(raw)
    if not 0 < count <= 64:
        return None  # no points, or a drawing of many (a chart's outline, not a frame)
    matrix = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(raw, matrix):
        return None
    x, y = ctypes.c_float(), ctypes.c_float()
    xs: list[float] = []
    ys: list[float] = []
    for index in range(count):
        segment = pdfium_c.FPDFPath_GetPathSegment(raw, index)
        if not segment or not pdfium_c.FPDFPathSegment_GetPoint(segment, x, y):
            continue
        xs.append(matrix.a * x.value + matrix.c * y.value + matrix.e)
        ys.append(matrix.b * x.value + matrix.d * y.value + matrix.f)
    if not xs:
        return None
    return Rect(min(xs), height - max(ys), max(xs), height - min(ys))
