"""Bibliographic metadata for a report: from the folder's metadata file, else from its text.

A folder of reports may hold ``metadata.yaml`` (or ``.yml``/``.json``) mapping file names
to title, publisher, author, date, kind and url. Whatever it does not give is read from
the report itself: the first heading as title, a date near the top.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ingest.errors import IngestError
from reportqa.dates import dates_in, find_date, nearest_before, normalise_date

if TYPE_CHECKING:
    from ingest.pdf import PdfDocument

METADATA_FILES = ("metadata.yaml", "metadata.yml", "metadata.json")
FIELDS = ("title", "publisher", "author", "date", "kind", "url")
_INVALID = "__invalid__"


@lru_cache(maxsize=64)
def _folder_metadata(folder: Path, mtime_key: float) -> dict[str, dict[str, Any]]:
    for name in METADATA_FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            if path.suffix == ".json":
                data = json.loads(path.read_text(encoding="utf-8"))
            else:
                import yaml

                data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except Exception as exc:
            raise IngestError(f"{path}: unreadable metadata file ({exc})") from exc
        if not isinstance(data, dict):
            raise IngestError(f"{path}: expected a mapping of file name -> fields")
        entries: dict[str, dict[str, Any]] = {}
        for k, v in data.items():
            if v is None or isinstance(v, dict):
                entries[str(k)] = dict(v or {})
            else:  # that file alone fails, with the file and the entry named
                entries[str(k)] = {
                    _INVALID: f"{path}: entry {str(k)!r} must be a mapping of "
                    f"fields (title, publisher, ...), not {v!r:.60}"
                }
        return entries
    return {}


def folder_metadata(folder: Path) -> dict[str, dict[str, Any]]:
    stamps = [(folder / n).stat().st_mtime for n in METADATA_FILES if (folder / n).is_file()]
    return _folder_metadata(folder.resolve(), max(stamps, default=0.0))


def is_metadata_file(path: Path) -> bool:
    return path.name in METADATA_FILES


def report_metadata(
    path: Path, text: str, first_heading: str | None, pdf: PdfDocument | None = None
) -> dict[str, str | None]:
    """Metadata for one report: the folder file's fields, gaps filled from the text (and,
    for a PDF, its title by type size, its document information, its creation date)."""
    given = folder_metadata(path.parent).get(path.name, {})
    if _INVALID in given:
        raise IngestError(given[_INVALID])
    meta: dict[str, str | None] = {f: (str(given[f]) if given.get(f) else None) for f in FIELDS}
    if meta["date"]:
        meta["date"] = normalise_date(meta["date"]) or meta["date"]
    if not meta["title"]:
        meta["title"] = first_heading or path.stem
    if not meta["author"] and pdf is not None:
        meta["author"] = pdf.author
    if not meta["publisher"]:
        meta["publisher"] = publisher_from_text(text)
    author = meta["author"]
    if not meta["publisher"] and author and is_organisation(author):
        # "Centers for Disease Control and Prevention"; or the body of "International
        # Monetary Fund Research Department" that the report names
        meta["publisher"] = author if _names(text, author) else _named_body(text, author)
    if not meta["publisher"] and pdf is not None:
        meta["publisher"] = publisher_from_running_heads(pdf.running_heads, meta["title"])
    if not meta["date"]:  # a date in the title is the report's; else the one near the
        # top, or in the running heads ("Gazette / Vol. 8 / Thursday, 6 May 2021 / Rules")
        meta["date"] = (
            find_date(meta["title"] or "")
            or _cover_date(text[:1500], pdf.date_hint if pdf is not None else None)
            or (find_date("\n".join(pdf.running_heads)) if pdf is not None else None)
            or (pdf.date_hint if pdf is not None else None)
        )
    return meta


def _cover_date(top: str, made: str | None) -> str | None:
    """The report's date among the first lines': the first, or, when the file's creation
    is known and the cover prints several (the date of the events an inquiry reports,
    "16 June 2019", above its own, "November 2022"), the one nearest its making."""
    found = dates_in(top)
    if made and len(found) > 1:
        return nearest_before(found, made) or found[0]
    return found[0] if found else None


# "© ICRC, October 2022", "© World Health Organization 2016", "©2023 International
# Monetary Fund", "© UNICEF/UNI724524/Nader" (a photo credit: the agency before the slash)
# ("(c)" is left out: it is far more often the third item of a list than a copyright)
# ("Copyright" as a word of the text, "the Copyright Law has not been issued", is no line
# of copyright: the word must come with the sign or a year)
_COPYRIGHT = re.compile(
    r"(?:©|\bCopyright\s*(?:©|\([cC]\))|\bCopyright(?=\s*\d{4}\b))"
    r"\s*(?:\d{4}\s*[,.]?\s*)?([^\n©]{2,90})"
)
_AFTER_NAME = re.compile(
    r"\s*(?:/.*|,.*|\b(?:19|20)\d\d\b.*|\ball rights reserved.*|\.\s.*|[•|;].*)$", re.I
)


def publisher_from_text(text: str) -> str | None:
    """The body named most often in the report's copyright lines, or None.

    Reports of most publishers carry "© <publisher> <year>" on the cover or the back,
    and photo credits "© <agency>/<photographer>": a convention of print, not of a field.
    """
    names: Counter[str] = Counter()
    for m in _COPYRIGHT.finditer(text):
        name = _AFTER_NAME.sub("", m.group(1)).strip(" .,:-")
        if 2 <= len(name) <= 80 and name[0].isupper() and not name[:4].isdigit():
            names[name] += 1
    return names.most_common(1)[0][0] if names else None


# the generic kinds of body that publish reports: "… Agency", "Office of …", "… Fund"
_BODY_WORD = re.compile(
    r"\b(?:Agency|Administration|Association|Authority|Bank|Board|Bureau|Cent(?:er|re)s?|"
    r"Commission|Committee|Council|Department|Directorate|Federal|Fund|Government|"
    r"Institute|Institution|International|Laboratory|League|Ministry|National|Office|"
    r"Organi[sz]ation|Programme|Program|Secretariat|Service|Society|Union|University)\b"
)


# a body's head noun: the name ends in it or has it before "of"/"for" ("Office of ...");
# "National" or "Federal" alone is an adjective of many a title ("National Response Plan")
_BODY_NOUN = re.compile(
    r"\b(?:Agency|Administration|Association|Authority|Bank|Board|Bureau|Cent(?:er|re)s?|"
    r"Commission|Committee|Council|Department|Directorate|Fund|Institute|Laboratory|"
    r"Ministry|Office|Organi[sz]ation|Secretariat|Service|Society|University)"
    r"(?:$|\s+(?:of|for|on)\b)"
)
# "Harbour Agency | Quarterly Review", "Review 2024 – Harbour Agency": the parts of a head
_HEAD_PARTS = re.compile(r"\s+[|/–—·•]\s+|\s{3,}")


def publisher_from_running_heads(heads: list[str], title: str | None = None) -> str | None:
    """The body a running head names, most repeated head first: a part of the head that
    is a body's name, whole ("Harbour Agency | Quarterly Review 12"). A part repeating the
    report's title names the report ("Review of the Harbour Fund"), not who made it."""
    shaped_title = _letters(title or "")
    for head in heads:
        for part in _HEAD_PARTS.split(head):
            name = re.sub(r"^\d+\s+|\s+\d+$", "", part.strip()).strip(" .,:-")
            if not (2 <= len(name.split()) <= 8 and name[0].isupper()):
                continue
            if _BODY_NOUN.search(name) and _letters(name) not in shaped_title:
                return name
    return None


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]+", "", text.lower())


def is_organisation(name: str) -> bool:
    """A PDF's author field naming a body ("International Monetary Fund", "FEMA Office
    of …"), not a person ("Parker, Mike J", "Adam Qian"): only a body is a publisher."""
    if re.fullmatch(r"[A-Z]{2,8}(?: [A-Z]{2,8})?", name.strip()):
        return True  # an acronym: "BCBS", "OECD", "FEWS NET"
    return bool(_BODY_WORD.search(name)) and "," not in name.split(" ")[0]


def _named_body(text: str, author: str) -> str | None:
    """The longest opening run of the author field (two words or more) that is a body
    the report names word for word: a department's parent organisation."""
    words = author.split()
    for n in range(len(words) - 1, 1, -1):
        run = " ".join(words[:n])
        pattern = r"\b" + r"\s+".join(re.escape(w) for w in words[:n]) + r"\b"
        if is_organisation(run) and re.search(pattern, text, re.I):
            return run
    return None


def _names(text: str, body: str) -> bool:
    """Does the report's text name ``body`` (every word of three letters or more)? An
    author field the report never echoes may name whoever made the file."""
    words = [w for w in re.findall(r"\w+", body.lower()) if len(w) > 2]
    low = text.lower()
    if words and all(re.search(rf"\b{re.escape(w)}\b", low) for w in words):
        return True
    # or by its initials, as reports name themselves: "GAO" for "U.S. Government
    # Accountability Office" (the capitalised words of three letters or more)
    initials = "".join(w[0] for w in re.findall(r"\b[A-Z][a-z]{2,}\w*", body))
    return len(initials) >= 3 and re.search(rf"\b{initials}\b", text) is not None
