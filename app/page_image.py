"""A cited PDF page drawn as an image, the quote's lines marked on it.

The quote is a span of the *cleaned* report text: ligatures normalised, hyphenated line
ends rejoined, footnote markers turned into superscripts. The page's own characters (from
PDFium's text page) differ in exactly those ways, so both sides are compared as their
letters and digits only (NFKC, case-folded): the quote's words are followed on the page
with a few stray characters allowed between two of them (a marker the text left out),
and the longest run found is marked, which also covers a quote that runs on to the next
page. The characters' boxes become one rectangle per printed line.

PDFium is not thread-safe and the chat serves every analyst from threads of one process
(an upload may be parsing a PDF at that moment), so :class:`PageRenderer` draws pages in
a worker process of its own.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from pathlib import Path
from threading import Lock

from reportqa.config import ChatSettings

_WORD = re.compile(r"[^\W_]+")
_SKIPPED_CODES = (0x0D, 0x0A, 0xFFFE)  # PDFium's line breaks and generated markers
HIGHLIGHT_FILL = (255, 200, 0, 90)  # RGBA over the page
HIGHLIGHT_EDGE = (230, 120, 0, 255)


class PageError(RuntimeError):
    """The page cannot be drawn (file gone, damaged, page out of range): one line."""


# --------------------------------------------------------------------------- matching
def match_key(text: str) -> tuple[str, list[int]]:
    """The letters and digits of ``text`` (NFKC, case-folded), each with the index of the
    character of ``text`` it came from."""
    key: list[str] = []
    owners: list[int] = []
    for i, ch in enumerate(text):
        for folded in unicodedata.normalize("NFKC", ch).casefold():
            if folded.isalnum():
                key.append(folded)
                owners.append(i)
    return "".join(key), owners


def quote_words(quote: str) -> list[str]:
    """The quote's words as :func:`match_key` spells them (superscript markers are digits)."""
    return _WORD.findall(unicodedata.normalize("NFKC", quote).casefold())


def locate_words(
    key: str, words: Sequence[str], max_gap: int, min_words: int
) -> tuple[int, int] | None:
    """The [start, end) span of ``key`` holding the longest run of consecutive ``words``,
    at most ``max_gap`` characters skipped between two of them; None when the best run
    has fewer than ``min_words`` words (or all of them, for a shorter quote)."""
    if not words or not key:
        return None
    need = min(min_words, len(words))
    best: tuple[int, int, int] | None = None  # (words matched, start, end)
    i = 0
    while i < len(words):
        start = key.find(words[i])
        while start >= 0:
            pos, matched = start + len(words[i]), 1
            for word in words[i + 1 :]:
                found = key.find(word, pos, pos + max_gap + len(word))
                if found < 0:
                    break
                pos, matched = found + len(word), matched + 1
            if best is None or matched > best[0]:
                best = (matched, start, pos)
            if i + matched == len(words):
                break  # this anchor reaches the quote's end: no later start does better
            start = key.find(words[i], start + 1)
        if best is not None and best[0] >= len(words) - i:
            break  # no later anchor can match more words
        i += 1
    if best is None or best[0] < need:
        return None
    return best[1], best[2]


# --------------------------------------------------------------------------- boxes
@dataclass(frozen=True)
class Box:
    """A rectangle on the drawn page, in pixels from its top-left corner."""

    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def merge_boxes(chars: Sequence[Box], pad: float = 2.0) -> list[Box]:
    """Character boxes as one box per printed line (and per column, when a line's
    characters are further apart than a few line heights), padded a little."""
    boxes = [b for b in chars if b.x1 > b.x0 and b.y1 > b.y0]
    lines: list[list[Box]] = []
    for b in boxes:  # reading order: a new line starts when the box leaves the current one
        if lines:
            current = lines[-1]
            top = min(x.y0 for x in current)
            bottom = max(x.y1 for x in current)
            overlap = min(bottom, b.y1) - max(top, b.y0)
            near = b.x0 - current[-1].x1 <= 3 * max(b.height, bottom - top)
            if overlap >= 0.5 * min(b.height, bottom - top) and near and b.x0 >= current[-1].x0:
                current.append(b)
                continue
        lines.append([b])
    return [
        Box(
            min(x.x0 for x in line) - pad,
            min(x.y0 for x in line) - pad,
            max(x.x1 for x in line) + pad,
            max(x.y1 for x in line) + pad,
        )
        for line in lines
    ]


# --------------------------------------------------------------------------- drawing
@dataclass(frozen=True)
class PageImage:
    """A drawn page (PNG) and the boxes of the quote marked on it."""

    png: bytes
    page: int  # 1-based
    pages: int
    width: int
    height: int
    boxes: tuple[Box, ...] = field(default_factory=tuple)


def _page_text(textpage) -> tuple[str, list[int]]:  # noqa: ANN001 (pypdfium2 PdfTextPage)
    """The page's characters as a string, with each one's PDFium index."""
    import pypdfium2.raw as pdfium_c

    chars: list[str] = []
    index_of: list[int] = []
    for index in range(pdfium_c.FPDFText_CountChars(textpage.raw)):
        code = pdfium_c.FPDFText_GetUnicode(textpage.raw, index)
        if code in _SKIPPED_CODES or code >= 0x110000:
            continue
        chars.append("-" if code == 0x02 else chr(code))
        index_of.append(index)
    return "".join(chars), index_of


def quote_char_indices(
    page_text: str, index_of: Sequence[int], quote: str, settings: ChatSettings
) -> list[int]:
    """PDFium indices of the characters from the quote's first found word to its last."""
    key, owners = match_key(page_text)
    span = locate_words(key, quote_words(quote), settings.quote_gap, settings.quote_min_words)
    if span is None:
        return []
    first, last = owners[span[0]], owners[span[1] - 1]
    first, last = _with_edges(page_text, first, last, quote.strip())
    return [index_of[i] for i in range(first, last + 1)]


_EDGE_MARKS = set(".,;:!?%)]}\"'“”‘’([{")


def _with_edges(page_text: str, first: int, last: int, quote: str) -> tuple[int, int]:
    """Widen a found span over the quote's own opening and closing punctuation (the full
    stop, a closing quotation mark) where the page prints them right there."""
    head = len(quote) - len(quote.lstrip("".join(_EDGE_MARKS)))
    for ch in reversed(quote[:head]):
        if first > 0 and page_text[first - 1] == ch:
            first -= 1
    tail = quote[len(quote.rstrip("".join(_EDGE_MARKS))) :]
    for ch in tail:
        if last + 1 < len(page_text) and page_text[last + 1] == ch:
            last += 1
    return first, last


def render_page(path: Path | str, page: int, quote: str, settings: ChatSettings) -> PageImage:
    """Draw page ``page`` (1-based) of the PDF at ``path`` with ``quote`` marked on it."""
    import ctypes
    import io
    import logging

    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c
    from PIL import Image, ImageDraw

    logging.getLogger("pypdfium2").setLevel(logging.ERROR)
    if not Path(path).is_file():
        raise PageError(f"{Path(path).name} is no longer at {path}")
    try:
        document = pdfium.PdfDocument(str(path))
    except (pdfium.PdfiumError, OSError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise PageError(f"{Path(path).name} cannot be opened ({reason})") from exc
    try:
        pages = len(document)
        if not 1 <= page <= pages:
            raise PageError(f"{Path(path).name} has no page {page} (it has {pages})")
        pdf_page = document[page - 1]
        width_pt, height_pt = pdf_page.get_size()
        scale = min(settings.page_scale, settings.page_max_px / max(width_pt, height_pt, 1.0))
        image = pdf_page.render(scale=scale).to_pil().convert("RGBA")
        textpage = pdf_page.get_textpage()
        text, index_of = _page_text(textpage)
        dx, dy = ctypes.c_int(), ctypes.c_int()

        def to_device(x: float, y: float) -> tuple[int, int]:
            pdfium_c.FPDF_PageToDevice(
                pdf_page.raw, 0, 0, image.width, image.height, 0, x, y, dx, dy
            )
            return dx.value, dy.value

        chars: list[Box] = []
        for index in quote_char_indices(text, index_of, quote, settings):
            left, bottom, right, top = textpage.get_charbox(index)
            (ax, ay), (bx, by) = to_device(left, top), to_device(right, bottom)
            chars.append(Box(min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)))
        textpage.close()
        boxes = merge_boxes(chars)
    finally:
        document.close()
    if boxes:
        layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
        draw = ImageDraw.Draw(layer)
        for b in boxes:
            draw.rectangle((b.x0, b.y0, b.x1, b.y1), fill=HIGHLIGHT_FILL, outline=HIGHLIGHT_EDGE)
        image = Image.alpha_composite(image, layer)
    out = io.BytesIO()
    image.convert("RGB").save(out, format="PNG", optimize=True)
    return PageImage(out.getvalue(), page, pages, image.width, image.height, tuple(boxes))


# --------------------------------------------------------------------------- the worker
class PageRenderer:
    """Draws pages in one worker process (PDFium must not run in two threads at once);
    a worker that died is replaced on the next page."""

    def __init__(self, settings: ChatSettings) -> None:
        self.settings = settings
        self._pool: ProcessPoolExecutor | None = None
        self._lock = Lock()

    def _executor(self) -> ProcessPoolExecutor:
        with self._lock:
            if self._pool is None:
                import multiprocessing

                self._pool = ProcessPoolExecutor(
                    max_workers=1, mp_context=multiprocessing.get_context("spawn")
                )
            return self._pool

    def render(self, path: Path | str, page: int, quote: str) -> PageImage:
        from concurrent.futures.process import BrokenProcessPool

        future = self._executor().submit(render_page, str(path), page, quote, self.settings)
        try:
            return future.result(timeout=self.settings.render_timeout)
        except FutureTimeout as exc:
            self.close()  # a page that never finishes must not hold the worker
            raise PageError(f"page {page} took too long to draw") from exc
        except BrokenProcessPool as exc:
            self.close()
            raise PageError(f"the page could not be drawn ({exc})") from exc

    def close(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is None:
            return
        # a wedged worker would outlive shutdown(); the pool keeps its processes privately
        for process in list(getattr(pool, "_processes", {}).values()):
            process.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
