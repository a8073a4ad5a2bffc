"""Questions about a report itself (who wrote it, who published it, when, its title),
answered from the document record and cited to the report's first page.

Recognised by the question's form alone ("Who wrote ...", "When was ... published",
"Which organisation issued ..."), never by a report's words.
"""

from __future__ import annotations

import re

from reportqa.models import Answer, Citation, DocumentRecord, Passage
from reportqa.signatures import signature_of
from reportqa.text import sentence_spans

_FORMS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # who put their name to it (a letter's, a foreword's signer): see reportqa.signatures
    ("signer", re.compile(
        r"\bwho (?:signed|signs)\b"
        r"|\b(?:which|what) (?:[\w-]+\s+){0,2}?(?:director|minister|official|officer|person|"
        r"secretary|chair\w*|head|commissioner|administrator|president|governor|individual)s?"
        r"\s+(?:\w+\s+)?(?:signed|signs)\b"
        r"|\bsigned by whom\b|\bwhose signature\b|\bsignator(?:y|ies) of\b", re.I)),
    ("author", re.compile(
        r"\bwho (?:wrote|authored|prepared|compiled|edited|is the author|are the authors|"
        r"were the authors)\b"
        r"|\b(?:authors?|lead evaluator|editors?) of\b|\bwritten by whom\b", re.I)),
    ("publisher", re.compile(
        r"\bwho (?:published|issued|released|produced|publishes|issues|releases|produces)\b"
        r"|\b(?:which|what) (?:[\w-]+\s+){0,2}?(?:organi[sz]ation|agency|institution|body|"
        r"department|publisher|ministry|government|office|authority|bureau|institute|unit|"
        r"division|company|firm)"
        r"\s+(?:\w+\s+){0,3}?(?:published|issued|released|produced|publishes|issues|"
        r"releases|produces)\b"
        r"|\bpublisher of\b", re.I)),
    ("date", re.compile(
        r"\bwhen (?:was|were|did)\b.*\b(?:published|released|issued|publish|release|issue|"
        r"updated|update|revised|revise|dated)\b"
        r"|\bpublication date\b|\bdate of (?:publication|the report|release)\b"
        r"|\b(?:what|which) (?:date|month|year) was\b.*\b(?:published|released|issued)\b", re.I)),
    ("title", re.compile(r"\bwhat is the (?:full |exact )?title\b|\bwhat is .* called\b", re.I)),
)  # fmt: skip

_MONTHS = ("January February March April May June July August September October November "
           "December").split()  # fmt: skip


_REPORT_NOUNS = (
    r"report|paper|document|study|brief|briefing|note|review|guide|guidelines|outlook|"
    r"update|bulletin|survey|evaluation|assessment|publication|rule|notice|summary"
)
# a plan, a strategy, a memo is a report when the question points at it ("this plan");
# "the plan" is as often a plan a report speaks of
_DOCUMENT_NOUNS = (
    r"plans?|strateg(?:y|ies)|frameworks?|memos?|memorand(?:um|a)|workplans?|handbooks?|"
    r"manuals?|fact ?sheets?|statements?|roadmaps?|agendas?|white papers?"
)
# "the women did not report the harassment": a verb, its subject and an adverb or an
# auxiliary before it, its object after it, are no report
_NOT_IN_A_NAME = r"(?!(?:not|never|did|do|does|to|would|will|can|could|should|may|might|must)\b)"
_THIS_REPORT = re.compile(
    rf"\b(?:this|the|these|those)\s+(?:{_NOT_IN_A_NAME}[\w-]+\s+){{0,3}}?(?:{_REPORT_NOUNS})\b"
    r"(?!\s+(?:of|on|by|from)\s+(?:another|other))"
    r"(?!\s+(?:the|a|an|their|his|her|its|our|them|it)\b)",
    re.I,
)
_THIS_DOCUMENT = re.compile(
    rf"\b(?:this|these)\s+(?:[\w-]+\s+){{0,3}}?(?:{_DOCUMENT_NOUNS})\b", re.I
)
# "this Borduria Food Security Outlook", "this sustainability plan": the words between the
# demonstrative and the kind of document say which report
_POINTING = re.compile(
    rf"\b(?:this|these)\s+((?:[\w-]+\s+){{1,3}}?)(?:{_REPORT_NOUNS}|{_DOCUMENT_NOUNS})\b",
    re.I,
)


def refers_to_a_report(question: str) -> bool:
    """Does the question speak of a report as such ("this paper", "the review", "this
    plan")?"""
    return bool(_THIS_REPORT.search(question) or _THIS_DOCUMENT.search(question))


def pointing_words(question: str) -> str:
    """The words a demonstrative points at one report with: "Ethiopia Food Security" of
    "this Ethiopia Food Security Outlook"; none for "this report" or "the summary"."""
    m = _POINTING.search(question)
    return m.group(1).strip() if m else ""


def asks_about_report(question: str) -> str | None:
    """The record field a question asks for (author, publisher, date, title), if any."""
    for name, pattern in _FORMS:
        if pattern.search(question):
            return name
    return None


# "Who prepared it, for which department, and when?": a body it was made for or by
_FOR_WHICH_BODY = re.compile(
    r"\b(?:for|by|from) (?:which|what) (?:organi[sz]ation|agency|institution|body|"
    r"department|ministry|government|office|authority|bureau|institute|publisher)\b",
    re.I,
)


def fields_asked(question: str) -> list[str]:
    """Every record field the question asks for, in the order of :data:`_FORMS`."""
    asked = [name for name, pattern in _FORMS if pattern.search(question)]
    if "publisher" not in asked and _FOR_WHICH_BODY.search(question):
        asked.append("publisher")
    return asked


def _said(field: str, record: DocumentRecord) -> str | None:
    value = getattr(record, field)
    if not value:
        return None
    if field == "date":
        parts = str(value).split("-")
        if len(parts) >= 2 and parts[1].isdigit() and 1 <= int(parts[1]) <= 12:
            month = _MONTHS[int(parts[1]) - 1]
            return (
                f"{int(parts[2])} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"
            )
    return str(value)


def _where_stated(value: str, first: list[Passage]) -> tuple[Passage, int, int] | None:
    """The sentence of the report's first passages that states ``value``, if one does."""
    words = [w for w in re.findall(r"\w+", value.lower()) if len(w) > 2] or [value.lower()]
    for p in first:
        for a, b in sentence_spans(p.text):
            sentence = p.text[a:b].lower()
            if all(w in sentence for w in words):
                return p, p.char_start + a, p.char_start + b
    return None


# where a report says who made it, in the grammar of publishing, not of any field: a
# suggested citation, an authors' line, "prepared by", a copyright line
_CREDIT = re.compile(
    r"\b(?:suggested|recommended|preferred)\s+citation\b|\bcite\s+(?:this|as)\b"
    r"|^\s*(?:authors?|editors?|written by|prepared by)\s*:"
    r"|\b(?:this|the)\s+(?:[\w-]+\s+){0,3}?(?:was|were|is|has been)\s+(?:prepared|published|"
    r"produced|written|authored|compiled|edited|issued)\s+by\b"
    r"|\bprepared by\s*:|©\s*(?:\d{4}\s*,?\s*)?[A-Z]"
    r"|\bprepared (?:by|for)\s+(?:the\s+)?(?-i:[A-Z])",  # "prepared by Ricardo-AEA under …"
    re.I | re.M,
)
_PHOTO_CREDIT = re.compile(r"©\s*[^/\n]{1,40}/")  # "© UNICEF/UNI724524/Nader": a photo's


def credit_line(passages: list[Passage]) -> tuple[Passage, int, int] | None:
    """The sentence where the report says who made it ("Suggested citation: …", "This
    document was prepared by …", "Authors: …"), with the sentence after it when it ends
    on a colon (the names set below "Prepared by:"); ``passages`` in the order to search
    (the opening pages, then the last, where a colophon sits). A photo's credit is not
    the report's, nor a note's (it cites another work: "… Criteria, prepared by A. Name,
    2009.")."""
    for n, p in enumerate(passages):
        if p.kind == "footnotes":
            continue
        spans = sentence_spans(p.text)
        for i, (a, b) in enumerate(spans):
            sentence = p.text[a:b]
            if not _CREDIT.search(sentence) or _PHOTO_CREDIT.search(sentence):
                continue
            if sentence.rstrip().endswith(":") and i + 1 < len(spans):
                b = spans[i + 1][1]
            elif sentence.rstrip().endswith(":") and n + 1 < len(passages):
                # "Please cite this publication as:" closing its passage: the citation is
                # the next passage of the report, which names who wrote it
                after = passages[n + 1]
                if after.doc_id == p.doc_id and after.char_start >= p.char_end:
                    return after, after.char_start, after.char_end
            return p, p.char_start + a, p.char_start + b
    return None


_TITLE_PAGE_CHARS = 400  # what a title page says fits in this much of its text


def _title_page(
    question: str,
    title: str,
    known: dict[str, str | None],
    first: list[Passage],
    credit: tuple[Passage, int, int] | None = None,
) -> Answer:
    """The record lacks what was asked: the report's opening lines, where a title page
    names its publisher and authors, are quoted for the reader to see. A PDF's title
    page is often many small passages ("March 2020", "Prepared by:", the names): all
    those of its first page are quoted, each cited, up to a few hundred characters."""
    page = first[0].page
    shown = [p for p in first if page is not None and p.page == page] or first[:1]
    quotes: list[tuple[Passage, int]] = []
    used = 0
    for p in shown:
        spans = sentence_spans(p.text)
        end = spans[0][1] if spans else len(p.text)
        for _a, b in spans[1:]:
            if used + b > _TITLE_PAGE_CHARS:
                break
            end = b
        if quotes and used + end > _TITLE_PAGE_CHARS:
            break
        quotes.append((p, end))
        used += end
    facts = [f"{title} is dated {known['date']}"] if known.get("date") else []
    if known.get("author"):
        facts.append(f"{title} was written by {known['author']}")
    said = ". ".join(facts) + ". " if facts else ""
    spans = [(p, p.char_start, p.char_start + end) for p, end in quotes]
    if credit is not None and all(credit[0].chunk_id != p.chunk_id for p, _ in quotes):
        spans.insert(0, credit)
    citations = [_cite(p, a, b, n) for n, (p, a, b) in enumerate(spans, start=1)]
    read = " ".join(f"“{c.quote}” [{c.n}]" for c in citations[len(spans) - len(quotes) :])
    credited = (
        f"The report says who made it: “{citations[0].quote}” [1]. "
        if len(spans) > len(quotes)
        else ""
    )
    return Answer(
        question=question,
        status="answered",
        answer=f"{said}{credited}Its opening page reads: {read}.",
        citations=citations,
        notice="The report's record does not say this; its opening page is quoted instead.",
    )


def _initials(name: str) -> str:
    """The initials of a name's capitalised words ("Pan American Health Organization
    Statistics Unit" -> "PAHOSU"; the caller tries its prefixes, "PAHO")."""
    return "".join(w[0] for w in re.findall(r"\b[A-Z][a-z]+", name))


def stated_in_report(name: str, first: list[Passage], body: str = "") -> bool:
    """Does the report name ``name`` (an author of its record)? On its opening pages;
    or anywhere in its text in full or by the initials of the name's first three words
    or more ("IMF" for "International Monetary Fund Research Department"), since a PDF's
    author field often names its typist, whom the report never names."""
    if _where_stated(name, first) is not None:
        return True
    if not body:
        return False
    words = [w for w in re.findall(r"\w+", name.lower()) if len(w) > 2]
    low = body.lower()
    if words and all(re.search(rf"\b{re.escape(w)}\b", low) for w in words):
        return True
    letters = _initials(name)
    return any(re.search(rf"\b{letters[:n]}\b", body) for n in range(len(letters), 2, -1))


def _cite(p: Passage, start: int, end: int, n: int) -> Citation:
    """Citation ``n``: the text of ``p`` between two document offsets, on its page."""
    return Citation(
        **p.source_ref_at(start), n=n, quote=p.text[start - p.char_start : end - p.char_start],
        passage=p.text, char_start=start, char_end=end, footnotes=[], score=1.0,
    )  # fmt: skip


def _answer(
    question: str, facts: list[str], p: Passage, start: int, end: int, notice: str
) -> Answer:
    """The facts as one answer, citing ``p.text`` between two document offsets."""
    citation = _cite(p, start, end, 1)
    return Answer(
        question=question,
        status="answered",
        answer=". ".join(facts) + " [1].",
        citations=[citation],
        notice=notice,
    )


def answer_about_report(
    question: str,
    field: str,
    record: DocumentRecord,
    first: list[Passage],
    body: str = "",
    credit: tuple[Passage, int, int] | None = None,
) -> Answer | None:
    """What the record says of the report (the asked field first), cited to where the
    report states it, else to its first passage. An author is given only when the
    report names them (``body``: its whole text, when known): a PDF's author field
    often names its typist."""
    known = {f: _said(f, record) for f in ("publisher", "date", "author")}
    if known["author"] and not stated_in_report(known["author"], first, body):
        known["author"] = None
    value = _said("title", record) if field == "title" else known.get(field)
    if not first:
        return None
    title = record.title or record.source
    if value is None:  # not in the record: what the title page says, quoted, and where
        # the report says who made it
        return _title_page(question, title, known, first, credit if field != "date" else None)
    anchor = str(record.date)[:4] if field == "date" else value
    where = _where_stated(anchor, first)
    if where is None:
        p = first[0]
        a, b = next(iter(sentence_spans(p.text)), (0, len(p.text)))
        where = (p, p.char_start + a, p.char_start + b)
    p, start, end = where
    facts = {
        "title": f"The report's title is “{value}”",
        "author": f"{title} was written by {known['author']}",
        "publisher": f"{title} was published by {known['publisher']}",
        "date": f"{title} is dated {known['date']}",
    }
    said = [facts[field]]
    said += [facts[f] for f in ("publisher", "date", "author") if f != field and known[f]]
    notice = (
        "From the report's record (its metadata file, or its title page and PDF "
        "information); the citation shows where the report states it."
    )
    answer = _answer(question, said, p, start, end, notice)
    lacking = [f for f in fields_asked(question) if f in ("publisher", "author") and not known[f]]
    if "author" in fields_asked(question) and known["author"] == known["publisher"]:
        # an author that is the publisher ("National Park Service") names no writer: the
        # report's suggested citation, which names the people, is shown too
        lacking.append("author")
    if lacking and credit is not None and credit[0].chunk_id != p.chunk_id:
        # "… for which department?": the record does not say; the report's credit does
        cited = _cite(*credit, 2)
        answer.citations.append(cited)
        answer.answer += f" The report says who made it: “{cited.quote}” [2]."
    return answer


def signer_answer(question: str, record: DocumentRecord, signed: list[Passage]) -> Answer | None:
    """Who signed the report, from its first signature block (``signed``, from
    :func:`reportqa.signatures.signatures`), with its date and publisher from the record;
    None when it has none (the question is then answered as any other)."""
    for p in signed:
        found = signature_of(p.text)
        if found is None:
            continue
        name, office = found
        title = record.title or record.source
        facts = [f"{title} is signed by {name}, {office}"]
        known = {f: _said(f, record) for f in ("date", "publisher")}
        if known["date"]:
            facts.append(f"It is dated {known['date']}")
        if known["publisher"]:
            facts.append(f"It was published by {known['publisher']}")
        notice = (
            "The report's signature block is quoted; its date and publisher are from its record."
        )
        return _answer(question, facts, p, p.char_start, p.char_end, notice)
    return None
