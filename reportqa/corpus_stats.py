"""What the shelf of reports as a whole says about a question's words.

Two judgements of the answerer need the whole corpus, not just the retrieved passages:
how telling a word is (a rare word like "outlay" must weigh more than "production"), and
which report a question names ("according to Andaman Partners", "the July 2025 report",
"the RUSI paper") — those words come from metadata and are not expected in the text.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from reportqa.models import DocumentRecord, Passage
from reportqa.numbers import find_years
from reportqa.words import content_terms, generic_stems, name_stems, stem

MONTHS = {
    m: i
    for i, m in enumerate(
        "january february march april may june july august september october november "
        "december".split(),
        start=1,
    )
}
_DOC_NOUNS = (
    r"(report|paper|note|digest|study|brief|briefing|analysis|publication|document|update|"
    r"outlook|review|guide|guidelines|guidance|bulletin|survey|assessment|evaluation|rule|notice|"
    r"booklet|chapter|handbook|manual|factsheet)"
)
_DATED_DOC = re.compile(
    rf"\b({'|'.join(MONTHS)})\s+(\d{{4}})\s+(?:[\w-]+\s+){{0,2}}{_DOC_NOUNS}\b", re.I
)
# the kinds of document a question may name ("report", "bulletin", "outlook")
DOCUMENT_KINDS = frozenset(_DOC_NOUNS.strip("()").split("|"))
# a run of this many words of a report's title, in order, quotes the title: two words
# are often a subject ("tax rate"), three are seldom anything but a name
_TITLE_RUN = 3
# ... and names the report when the question says this many other words: what it asks
_TITLE_RUN_REST = 2
# initials this long in a phrase naming a report spell its title's words, not by chance
_INITIALS_NAMING = 4
_DOC_WORDS = {stem(w) for w in DOCUMENT_KINDS} | {stem("according")}
# "this GAO report", "the EIA outlook": a word that names the kind of document right after
_DESIGNATES = re.compile(rf"\b(?:this|the|that)\s+([\w.&-]+)\s+{_DOC_NOUNS}\b", re.I)
# a word written in capitals: initials ("ODIHR", "OSCE/ODIHR" gives two)
_CAPITALS = re.compile(r"\b[A-Z]{2,}s?\b")
_NAME_RUN = re.compile(r"(?:[A-Z][\w.]*\s+){1,5}[A-Z][\w.]*")
# "according to the NSI Labour Force in Arcadia 2020 report": the whole phrase before the
# kind of document names the report
_NAMING_PHRASE = re.compile(
    rf"\b(?:this|the|that|its)\s+((?:(?!(?:this|the|that|its)\b)[\w.&'’:/-]+\s+){{1,10}}?)"
    rf"{_DOC_NOUNS}\b",
    re.I,
)


# what a report named is on, up to the verb saying what it says ("… report on advanced
# energy technologies found …")
_REPORT_ON = re.compile(
    r"\s+(?:on|of|about|into)\s+((?:[\w'’/-]+\s+){0,7}?[\w'’/-]+)"
    r"(?=\s+(?:says?|said|finds?|found|describes?|reports?|recommends?|shows?|gives?|sets?|"
    r"estimates?|states?|identifies|identified|concludes?|notes?|acknowledges?|proposes?)\b"
    r"|\s*[,.?;:]|\s*$)",
    re.I,
)


@dataclass
class DocumentHints:
    """Reports a question names, and the question words that only name them."""

    doc_ids: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    # The words that picked the reports out ("RUSI", "July", "paper"), not the other title
    # words the question shares with them: what retrieval leaves out of its searches.
    naming: set[str] = field(default_factory=set)


@dataclass
class _DocumentTerms:
    """One report's share of the statistics: in how many of its passages each word
    occurs, and the acronyms its capitalised name runs spell out."""

    content_hash: str
    passages: int
    df: dict[str, int]
    acronyms: set[str]
    setting: set[str] = field(default_factory=set)
    # the words of its cover (its first page): what it is about ("… near Masterton")
    cover: set[str] = field(default_factory=set)
    # every year it writes: a report that never writes the year asked has no figure for it
    years: set[int] = field(default_factory=set)

    @property
    def subjects(self) -> set[str]:
        """The words so many of the report's passages say that the report is about them
        ("Qatar" in a review of Qatar's trade policy): its other passages speak of them
        too. A country of a many-country table stays well below the share."""
        if self.passages < _SUBJECT_MIN_PASSAGES:
            return set()  # a note of a few passages: its first page is no cover
        return {t for t, n in self.df.items() if n >= _SUBJECT_SHARE * self.passages} | self.cover

    @classmethod
    def of(cls, content_hash: str, passages: Sequence[Passage]) -> _DocumentTerms:
        df: dict[str, int] = defaultdict(int)
        acronyms: set[str] = set()
        setting = _setting_of("\n".join(p.text for p in passages))
        for p in passages:
            for t in set(content_terms(f"{p.section or ''} {p.text}")):
                df[t] += 1
            for run in _NAME_RUN.finditer(p.text):  # "U.S. Geological Survey" names USGS
                letters = "".join(
                    "".join(ch for ch in w if ch.isupper()) if "." in w else w[0]
                    for w in run.group(0).split()
                )
                acronyms.add(stem(letters.lower()))
        # (with its headings: a cover's lines may be read as the heading of what follows)
        cover = {
            t for p in passages if p.page == 1 for t in content_terms(f"{p.section or ''} {p.text}")
        }
        years = {y for p in passages for y in find_years(f"{p.section or ''} {p.text}")}
        return cls(content_hash, len(passages), dict(df), acronyms, setting, cover, years)


# "… Authority of Sri Lanka", "Central Bank of Sri Lanka": a place named after "of" in the
# name of a body (its last capitalised word before "of" is the body's kind)
_BODY_OF_PLACE = re.compile(
    r"((?:[A-Z][\w&'’-]+\s+){1,6})of\s+(?:the\s+)?((?:[A-Z][\w'’-]+)(?:[ \t]+[A-Z][\w'’-]+){0,2})"
)
_SETTING_BODIES = 3  # bodies of the place a report names, at least
# a word in at least this share of a report's passages is its subject (the countries of a
# report's many-country tables are in about a tenth of its passages; its own country in
# a third or more), counted, with the words of its cover, in reports of this many passages
# at least
_SUBJECT_SHARE = 0.25
_SUBJECT_MIN_PASSAGES = 20


def _setting_of(text: str) -> set[str]:
    """Where a report is set when it never says so in its sentences: a national
    statistical bulletin names its country only in its bodies' names ("Central Bank of
    Sri Lanka", "National Aquaculture Development Authority of Sri Lanka"). A place that
    three kinds of body are "of", and that the report names nowhere else, is its setting:
    every passage of the report is about it."""
    bodies: dict[str, set[str]] = defaultdict(set)
    named: dict[str, int] = defaultdict(int)
    for m in _BODY_OF_PLACE.finditer(text):
        bodies[m.group(2)].add(m.group(1).split()[-1])
        named[m.group(2)] += 1
    return {
        t
        for place, kinds in bodies.items()
        if len(kinds) >= _SETTING_BODIES
        and len(re.findall(rf"\b{re.escape(place)}\b", text)) == named[place]
        for t in content_terms(place)
    }


def _matched_runs(
    words: Sequence[str], title: Sequence[str], least: int
) -> Iterator[tuple[int, int]]:
    """(start, length) of each run of ``least`` or more of ``words`` that appears, in
    order, in ``title``, as long as it goes from that start."""
    for i in range(len(words)):
        for j in range(len(title)):
            n = 0
            while i + n < len(words) and j + n < len(title) and words[i + n] == title[j + n]:
                n += 1
            if n >= least:
                yield i, n


def _quoted(words: Sequence[str], title: Sequence[str]) -> set[int]:
    """Positions of ``words`` in runs of two or more that appear, in order, in ``title``."""
    return {k for i, n in _matched_runs(words, title, 2) for k in range(i, i + n)}


def _runs(words: Sequence[str], title: Sequence[str], least: int) -> set[tuple[str, ...]]:
    """The longest runs of ``least`` or more of ``words`` that appear, in order, in
    ``title``."""
    return {tuple(words[i : i + n]) for i, n in _matched_runs(words, title, least)}


def _initials_of(term: str, title: Sequence[str]) -> list[str]:
    """The consecutive title words (2 to 6) whose initials spell ``term``, if any."""
    if not 2 <= len(term) <= 6 or not term.isalpha():
        return []
    for j in range(len(title) - len(term) + 1):
        run = title[j : j + len(term)]
        if "".join(w[0] for w in run) == term:
            return list(run)
    return []


@dataclass
class CorpusStats:
    idf: dict[str, float]
    docs_with: dict[str, set[str]]
    meta_terms: dict[str, set[str]]
    dates: dict[str, str | None]
    # each report's title as a sequence of terms: a question quoting a run of it names
    # the report ("the January 2023 World Economic Outlook Update"), not its subject
    title_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # each report's setting, named only in its bodies' names ("… Authority of Sri Lanka")
    settings: dict[str, set[str]] = field(default_factory=dict)
    # each report's subjects: words a quarter of its passages say ("Qatar" in its review)
    subjects: dict[str, set[str]] = field(default_factory=dict)
    # the years each report writes
    years: dict[str, set[int]] = field(default_factory=dict)
    # Per report, what it added to ``idf`` and ``docs_with``: the next registry state
    # reuses the reports that did not change (held in memory only, never saved).
    per_document: dict[str, _DocumentTerms] = field(default_factory=dict, repr=False)

    def to_json(self) -> dict[str, object]:
        """Plain data for the saved index (no per-report detail, never code)."""
        return {
            "idf": self.idf,
            "docs_with": {t: sorted(d) for t, d in self.docs_with.items()},
            "meta_terms": {d: sorted(t) for d, t in self.meta_terms.items()},
            "dates": self.dates,
            "title_terms": {d: list(t) for d, t in self.title_terms.items()},
            "settings": {d: sorted(t) for d, t in self.settings.items() if t},
            "subjects": {d: sorted(t) for d, t in self.subjects.items() if t},
            "years": {d: sorted(y) for d, y in self.years.items() if y},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> CorpusStats:
        return cls(
            idf={str(t): float(v) for t, v in data["idf"].items()},
            docs_with={str(t): set(map(str, d)) for t, d in data["docs_with"].items()},
            meta_terms={str(d): set(map(str, t)) for d, t in data["meta_terms"].items()},
            dates={str(d): (str(v) if v is not None else None) for d, v in data["dates"].items()},
            title_terms={str(d): tuple(map(str, t)) for d, t in data["title_terms"].items()},
            settings={str(d): set(map(str, t)) for d, t in data.get("settings", {}).items()},
            subjects={str(d): set(map(str, t)) for d, t in data.get("subjects", {}).items()},
            years={str(d): set(map(int, y)) for d, y in data.get("years", {}).items()},
        )

    def __getstate__(self) -> dict[str, object]:
        state = dict(self.__dict__)
        state["per_document"] = {}  # large, and only useful to the process that built it
        state.pop("_meta_owners", None)
        state.pop("_sorted_terms", None)
        return state

    @classmethod
    def build(
        cls,
        records: Sequence[DocumentRecord],
        passages: Sequence[Passage],
        previous: CorpusStats | None = None,
    ) -> CorpusStats:
        """The statistics of ``passages``; with ``previous`` (an earlier registry state
        of the same store), reports whose content hash is unchanged are not read again:
        one new report on a 1,000-report shelf then costs its own passages, not all."""
        by_doc: dict[str, list[Passage]] = defaultdict(list)
        for p in passages:
            by_doc[p.doc_id].append(p)
        hashes = {r.doc_id: r.content_hash for r in records}
        known = previous.per_document if previous is not None else {}
        per_document: dict[str, _DocumentTerms] = {}
        for doc_id, own in by_doc.items():
            content_hash = hashes.get(doc_id, "")
            kept = known.get(doc_id)
            if kept is None or kept.content_hash != content_hash or kept.passages != len(own):
                kept = _DocumentTerms.of(content_hash, own)
            per_document[doc_id] = kept
        df: dict[str, int] = defaultdict(int)
        docs_with: dict[str, set[str]] = defaultdict(set)
        for doc_id, terms in per_document.items():
            for t, count in terms.df.items():
                df[t] += count
                docs_with[t].add(doc_id)
            for t in terms.acronyms:
                docs_with[t].add(doc_id)
        n = max(len(passages), 1)
        idf = {t: math.log(1 + n / c) for t, c in df.items()}
        meta = {
            r.doc_id: set(
                content_terms(" ".join(x or "" for x in (r.title, r.publisher, r.author, r.kind)))
            )
            for r in records
        }
        return cls(
            idf=idf,
            docs_with=dict(docs_with),
            meta_terms=meta,
            dates={r.doc_id: r.date for r in records},
            title_terms={r.doc_id: tuple(content_terms(r.title or "")) for r in records},
            settings={d: set(t.setting) for d, t in per_document.items() if t.setting},
            subjects={d: t.subjects for d, t in per_document.items() if t.subjects},
            years={d: set(t.years) for d, t in per_document.items() if t.years},
            per_document=per_document,
        )

    def _title_quoted(self, terms: Sequence[str]) -> dict[str, set[str]]:
        """Reports whose title the question quotes a run of :data:`_TITLE_RUN` words or
        more of, when no other report's title holds the same run: report -> the words."""
        runs: dict[tuple[str, ...], set[str]] = defaultdict(set)
        for doc_id, title in self.title_terms.items():
            for run in _runs(terms, title, _TITLE_RUN):
                runs[run].add(doc_id)
        out: dict[str, set[str]] = defaultdict(set)
        for run, owners in runs.items():
            if len(owners) == 1 and not set(run) <= generic_stems():
                out[next(iter(owners))] |= set(run)
        return dict(out)

    def titled_report(self, terms: Sequence[str]) -> str | None:
        """The report whose title the question quotes most of (two words or more)."""
        best, best_n = None, 1
        for doc_id, title in self.title_terms.items():
            n = len(set(terms) & set(title)) if _quoted(terms, title) else 0
            if n > best_n:
                best, best_n = doc_id, n
        return best

    def title_runs(self, terms: Sequence[str]) -> set[str]:
        """Question terms that quote two or more consecutive words of a report's title,
        or its initials ("WEO" for "World Economic Outlook")."""
        return set(self.title_runs_by_report(terms))

    def title_runs_by_report(
        self, terms: Sequence[str], initials: bool = True
    ) -> dict[str, set[str]]:
        """:meth:`title_runs`, each term with the reports whose titles it quotes (word for
        word only, without ``initials``)."""
        found: dict[str, set[str]] = defaultdict(set)
        for doc_id, title in self.title_terms.items():
            # each question term, or the title words its initials stand for
            expanded: list[tuple[str, str]] = []  # (title-comparable word, question term)
            for t in terms:
                spelled = _initials_of(t, title) if initials else None
                expanded += [(w, t) for w in spelled] if spelled else [(t, t)]
            for i in _quoted([w for w, _ in expanded], title):
                found[expanded[i][1]].add(doc_id)
        return dict(found)

    @cached_property
    def _meta_owners(self) -> dict[str, set[str]]:
        """The reports whose metadata has each word: which report a question's word can
        name, without a pass over every report per question (built on first use)."""
        owners: dict[str, set[str]] = defaultdict(set)
        for doc_id, words in self.meta_terms.items():
            for t in words:
                owners[t].add(doc_id)
        return dict(owners)

    def _spelled_by_initials(self, question: str) -> dict[str, str]:
        """The reports named by initials in the question ("ODIHR" for "Office for
        Democratic Institutions and Human Rights"), each with its initials' term: only
        initials that spell a run of one report's title, that no other report writes."""
        found: dict[str, str] = {}
        for word in _CAPITALS.findall(question):
            t = stem(word.lower())
            if len(t) < _INITIALS_NAMING:
                continue
            spelled = {d for d, title in self.title_terms.items() if _initials_of(t, title)}
            if len(spelled) == 1 and not self.docs_with.get(t, set()) - spelled:
                found[spelled.pop()] = t
        return found

    def weight(self, term: str) -> float:
        """IDF of a word of the corpus; 0 for a word no report uses (it cannot tell
        passages apart, and is often only the asker's paraphrase)."""
        return self.idf.get(term, 0.0)

    def knows(self, term: str) -> bool:
        """Some report uses the word, or another form of the name ("Hungary" for
        "Hungarian"), or spells out the acronym."""
        return any(t in self.idf or t in self.docs_with for t in name_stems(term))

    def used_by(self, term: str, doc_ids: set[str]) -> bool:
        """Does one of ``doc_ids`` use the word, another form of it ("Hungary" for
        "Hungarian"), or one it begins (a name "Congress" in "Congressional")?"""
        if any(self.docs_with.get(t, set()) & doc_ids for t in name_stems(term)):
            return True
        if len(term) < 4:
            return False
        terms = self._sorted_terms
        for t in terms[bisect_left(terms, term) :]:  # the words it begins, in order
            if not t.startswith(term):
                return False
            if self.docs_with[t] & doc_ids:
                return True
        return False

    @cached_property
    def _sorted_terms(self) -> list[str]:
        """The shelf's words in order: those a name begins are one run of them."""
        return sorted(self.docs_with)

    def hints(self, question: str) -> DocumentHints:
        hints = DocumentHints()
        terms = set(content_terms(question))
        designating = {t for m in _DESIGNATES.finditer(question) for t in content_terms(m.group(1))}
        for t in terms:
            if t in generic_stems() or t in _DOC_WORDS:
                continue
            owners = self._meta_owners.get(t, ())
            if len(owners) != 1:  # a word in several reports' metadata names none of them
                continue
            (doc_id,) = owners
            # a metadata word that other reports use in their text names nothing, unless
            # the question gives it as the report's own ("this GAO report")
            if self.docs_with.get(t, set()) - {doc_id} and t not in designating:
                continue
            hints.doc_ids.add(doc_id)
            hints.terms.add(t)
        for m in _NAMING_PHRASE.finditer(question):
            # "the NSI Labour Force in Arcadia report": a phrase naming a report that
            # quotes a run of its title names it, though its words are common elsewhere;
            # the kind of document is part of the run ("… Division's 2014 Annual Update")
            noun = stem(m.group(2).lower())
            phrase = [*content_terms(m.group(1)), noun]
            doc_id = self.titled_report(phrase)
            title = self.title_terms.get(doc_id, ())
            # a run of three title words, or two and the kind of document the title says:
            # "the Borduria Food Security Outlook" is no "Food security …: Policy brief"
            if doc_id is not None and (
                len(_quoted(phrase[:-1], title)) >= _TITLE_RUN or noun in title
            ):
                hints.doc_ids.add(doc_id)
                hints.terms |= set(phrase[:-1])
                continue
            # "the OSCE/ODIHR assessment report": initials in the phrase spelling a run
            # of one report's title ("Office for Democratic Institutions and Human Rights")
            spelled = {
                d
                for t in phrase[:-1]
                if len(t) >= _INITIALS_NAMING
                for d, title in self.title_terms.items()
                if _initials_of(t, title)
            }
            if len(spelled) == 1:
                hints.doc_ids |= spelled
                hints.terms |= set(phrase[:-1])
        for doc_id, t in self._spelled_by_initials(question).items():
            # "What does the OSCE/ODIHR recommend …": initials the question writes in
            # capitals, spelling a run of one report's title and used by no other report
            hints.doc_ids.add(doc_id)
            hints.terms.add(t)
        for doc_id, run in self._title_quoted(content_terms(question)).items():
            # "Botswana's National Cybersecurity Strategy", "its Intended Use Plan": three
            # words of one report's title in its order name that report, with no article
            # or kind of document before or after them; unless they are nearly all the
            # question says ("When was the Review Panel Workshop on Energy … held?")
            rest = terms - run - generic_stems() - _DOC_WORDS
            if len(rest) >= _TITLE_RUN_REST:
                hints.doc_ids.add(doc_id)
                hints.terms |= run
        for m in _DATED_DOC.finditer(question):
            prefix = f"{m.group(2)}-{MONTHS[m.group(1).lower()]:02d}"
            dated = {d for d, date in self.dates.items() if date and date.startswith(prefix)}
            if dated:
                hints.doc_ids |= dated
                hints.terms |= set(content_terms(m.group(0)))
        if hints.doc_ids:
            # the other words of a phrase naming the report name it too ("the NSI Labour
            # Force in Arcadia report": its publisher's initials, which no record holds)
            for m in _NAMING_PHRASE.finditer(question):
                phrase = set(content_terms(m.group(1)))
                # "its final report": the report of the body the question names
                if phrase & hints.terms or m.group(0).lower().startswith("its "):
                    hints.terms |= phrase
                    # what the named report is on: "the … report on Norway's 2013
                    # parliamentary elections says …" describes it, asks nothing of it
                    on = _REPORT_ON.match(question, m.end())
                    subject = set(content_terms(on.group(1))) if on else set()
                    rest = terms - hints.terms - subject - generic_stems() - _DOC_WORDS
                    if len(rest) >= _TITLE_RUN_REST:
                        hints.terms |= subject
            hints.naming = set(hints.terms) | (terms & _DOC_WORDS)
            named = set().union(*(self.meta_terms.get(d, set()) for d in hints.doc_ids))
            hints.terms |= terms & (_DOC_WORDS | named)
        return hints
