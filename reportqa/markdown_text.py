"""Report text written into Markdown files (briefing drafts, check findings, chat exports).

Report text is untrusted: it may hold HTML, script, links, images or emphasis, and a
Markdown viewer must show all of it as written. Escaping is done with backslashes, the
way CommonMark defines, so the raw file still reads as the report wrote it (no ``&amp;``).
This module is kept free of heavy imports: the chat, ``batch`` and ``check`` all use it.
"""

from __future__ import annotations

import re

_MD_ACTIVE = re.compile(r"([\\`*_{}\[\]<>()#|!~])")
# "&amp;", "&#60;", "&lt;": a viewer would turn them into the character they name
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]{1,32};)")
_LIVE_URL = re.compile(
    r"\b(?:[a-z][a-z0-9+.-]*:/{1,3}|www\.)[^\s<>\"'`]+|\bjavascript:[^\s]+", re.I
)
_TRAILING = set(".,;:!?)]}\u201d\u2019\u00bb")
_PAIRS = {")": "(", "]": "[", "}": "{"}
_OUR_MARKER = re.compile(r"\\\[(\d{1,3})\\\]")
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_WEB_URL = re.compile(r"https?://[^\s<>\"'`\\\x00-\x1f\x7f-\x9f]+", re.I)


def _escape(text: str) -> str:
    return _ENTITY.sub(r"\\&", _MD_ACTIVE.sub(r"\\\1", text))


def _trim_url(url: str) -> str:
    """A URL without the sentence's punctuation after it ("(see https://x.org/a)." ends
    at "a"); a closing bracket stays when the URL opened it (".../Tin_(element)")."""
    while url and url[-1] in _TRAILING:
        closing = url[-1]
        if closing in _PAIRS and url.count(_PAIRS[closing]) >= url.count(closing):
            break
        url = url[:-1]
    return url


def markdown_literal(text: str) -> str:
    """Text that a Markdown viewer shows as written: report text may hold HTML, script,
    links or images, and none of it must run, load or become live. Markdown's active
    characters (and an ``&`` that would start an entity) are backslash-escaped, a URL is
    shown as code (visible, not a link) and control characters are dropped; the draft's
    own [n] citation markers stay as they are."""
    text = CONTROLS.sub("", text)
    out: list[str] = []
    last = 0
    for m in _LIVE_URL.finditer(text):
        url = _trim_url(m.group(0))
        out.append(_escape(text[last : m.start()]))
        out.append("`" + url.replace("`", "'") + "`")
        last = m.start() + len(url)
    out.append(_escape(text[last:]))
    return _OUR_MARKER.sub(r"[\1]", "".join(out))


def web_url(value: str | None) -> str | None:
    """``value`` when it is a plain http(s) address fit to be a live link, else None.

    Only a report's own metadata URL is ever made live; anything else (a ``javascript:``
    address, a URL with spaces or control characters) stays text."""
    if not value:
        return None
    value = value.strip()
    return value if _WEB_URL.fullmatch(value) else None
