"""A question as the corpus sees it: how telling each of its words is, which names a
passage must speak of, which reports the question names.

The :class:`Lens` is built once per question from its :class:`QuestionFrame` and the
corpus statistics, and every sentence is then read through it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from reportqa.answering.candidates import row_unit
from reportqa.answering.question import (
    QuestionFrame,
    acronym_in,
    dating_months,
    name_runs,
    names_in,
    question_word_stems,
    verb_and_frame_stems,
)
from reportqa.corpus_stats import CorpusStats, DocumentHints
from reportqa.numbers import find_quantities, parse_quantity
from reportqa.words import (
    content_terms,
    generic_stems,
    name_stems,
    people_of,
    same_change,
    stem,
    term_index,
)

# "Table 1", "Figure 2.3", "Box A": a question's pointer into the report, not a name the
# answering sentence must contain
STRUCTURE_REF = re.compile(
    r"\b(Table|Figure|Box|Chart|Annex|Appendix|Chapter|Section|Exhibit|Map|Page)\s+[A-Z]?\d*"
)


@dataclass
class Lens:
    """A question as the corpus sees it: how telling each word is, which reports it names."""

    frame: QuestionFrame
    stats: CorpusStats | None = None
    hints: DocumentHints = field(default_factory=DocumentHints)
    # a summary's topic may be the words of a title ("the trade truce"): keep them
    keep_title_words: bool = False
    # the passages of the table the question points at ("per Table 12"), by chunk id
    pointed_passages: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        # the words that picked a report out name it; its other title words the question
        # uses ("inflation" of "Inflation Peaking amid Low Growth") may be what is asked,
        # unless they quote a run of the title (below)
        naming = self.hints.naming if self.hints.naming else self.hints.terms
        # a word said twice names the report once and asks once ("how many national park
        # units …, per the National Park Visitor Spending report"): it is asked
        said = Counter(self.frame.terms)
        naming = {t for t in naming if said[t] < 2}
        skip = naming | generic_stems() | question_word_stems()
        skip |= dating_months(self.frame.text, self.frame.years)
        self.key_terms = [t for t in dict.fromkeys(self.frame.terms) if t not in skip]
        # words quoting a report's title name the report, not what is asked of it; unless
        # they are all the question has (then it asks about the report itself)
        titled = self.stats.title_runs(self.frame.terms) if self.stats is not None else set()
        titled = {t for t in titled if said[t] < 2}
        # ... of that report: a passage of another report must say them when they quote
        # its title word for word ("the Federal Reserve's policy rate" asked of an outlook,
        # beside a report titled "Federal Reserve Stress Test Results"); initials ("FY")
        # are too short to tell a name from a word of the question
        self.title_words: dict[str, set[str]] = {}
        if not self.keep_title_words and any(t not in titled for t in self.key_terms):
            if self.stats is not None:
                quoted = self.stats.title_runs_by_report(self.frame.terms, initials=False)
                self.title_words = {t: quoted[t] for t in self.key_terms if t in quoted}
            self.key_terms = [t for t in self.key_terms if t not in titled]
        self.runs = name_runs(self.frame.text)
        self.spelled = spelled_initials(self.frame.text)
        self.acronyms = {
            stem(w.lower()): w for w in re.findall(r"\b[A-Z][A-Z.]{1,}\d*\b", self.frame.text)
        }
        meta = set().union(*self.stats.meta_terms.values()) if self.stats else set()
        structure = {stem(m.group(1).lower()) for m in STRUCTURE_REF.finditer(self.frame.text)}
        asked = [t for t in names_in(self.frame.text) if t not in structure]
        self.names = [t for t in asked if t not in self.hints.terms and t not in meta]
        # a name of some report's metadata when the question names no report ("the
        # Ministry of Fisheries", a publisher): a report that never uses it does not answer
        self.meta_names = (
            [t for t in asked if t in meta and t not in self.hints.terms]
            if not self.hints.doc_ids
            else []
        )
        # names that pick a report out ("the Palestinian economy": the title of the report
        # on it): its passages need not repeat them, another report's must
        self.naming_names = [
            t
            for t in names_in(self.frame.text)
            if t not in self.names and t not in structure and t in self.hints.terms
        ]
        self.weights = {t: self.weight(t) for t in self.key_terms}
        self.unit_terms = unit_word_stems(self.frame) & set(self.weights)
        self.changes = {t: same_change(t) for t in self.key_terms if same_change(t)}
        self.total_weight = sum(self.weights.values())
        self._missing: dict[tuple[str, str | None], list[str]] = {}

    def weight(self, term: str) -> float:
        return self.stats.weight(term) if self.stats is not None else 1.0

    def coverage(self, text: str, doc_id: str | None = None) -> float:
        """IDF-weighted share of the question's words that ``text`` contains; with the
        ``doc_id`` of the report it is from, the words naming the place that report is
        set in are left out: every passage of it speaks of that place, so they tell none
        of its passages apart, and they are not what the question asks of it."""
        if not self.total_weight:
            return 0.0
        have, prefixes = term_index(text)
        setting = self._setting(doc_id)
        weights = {t: w for t, w in self.weights.items() if t not in setting}
        elsewhere = {
            t: self.weight(t)
            for t, reports in self.title_words.items()
            if doc_id and doc_id not in reports and t not in setting
        }
        weights |= elsewhere
        total = sum(weights.values()) if setting or elsewhere else self.total_weight
        initialled = self._initialled_terms(text)
        found = sum(
            w
            for t, w in weights.items()
            if self._holds(t, have, prefixes)
            or t in initialled
            or (t in self.unit_terms and self._says_the_unit(text))
        )
        return found / total if total else 0.0

    def _initialled_terms(self, text: str) -> set[str]:
        """The question's words a text writes by their initials ("PP&E" for "property,
        plant and equipment", "COLA" for "cost-of-living adjustment")."""
        if not self.spelled:
            return set()
        found: set[str] = set()
        for short in _initials(text):
            found |= self.spelled.get(short, set())
        return found

    def _setting(self, doc_id: str | None) -> tuple[str, ...] | set[str]:
        """The words naming the place the report ``doc_id`` is set in."""
        return self.stats.settings.get(doc_id, ()) if doc_id and self.stats else ()

    def _holds(self, term: str, have: set[str], prefixes: set[str]) -> bool:
        """Is a question word in a text's words: the same stem, the same first five
        letters (inclusive/included, production/produce), or another word for the same
        change ("fell": "decreased")?"""
        return (
            term in have
            or (len(term) >= 6 and term[:5] in prefixes)
            or (term in self.changes and bool(self.changes[term] & have))
        )

    def unsaid_telling(
        self,
        text: str,
        share: float,
        doc_id: str | None = None,
        min_terms: int = 3,
        elsewhere_forgives: bool = True,
    ) -> list[str]:
        """The question's words that carry at least ``share`` of its weight and that
        ``text`` does not hold in any form: a passage without the one word that sets a
        question apart ("tree canopy", "median") is about something else, however many
        of its commoner words it shares."""
        # of two words each carries a large share: their absence tells nothing special
        if not self.total_weight or share <= 0 or len(self.weights) < min_terms:
            return []
        setting = self._setting(doc_id)
        framing = verb_and_frame_stems(self.frame.text)
        framing |= {stem(m.group(1).lower()) for m in STRUCTURE_REF.finditer(self.frame.text)}
        telling = [
            t
            for t, w in self.weights.items()
            if w >= share * self.total_weight
            and t not in setting
            and t not in self.unit_terms
            and t not in framing
        ]
        if not telling:
            return []
        have, prefixes = term_index(text)
        initialled = self._initialled_terms(text)
        return [
            t
            for t in telling
            if not self._holds(t, have, prefixes)
            and t not in initialled
            # a word its report uses elsewhere may be said here in other words
            and not (
                (elsewhere_forgives or t in self.acronyms)  # a body its initials name
                and doc_id
                and self.stats
                and self.stats.used_by(t, {doc_id})
            )
        ]

    def _says_the_unit(self, text: str) -> bool:
        """Does ``text`` give a figure in the unit asked, in any of its spellings ("Mt"
        in a table's header for "metric tons")?"""
        from reportqa.answering.scoring import unit_matches  # scoring reads the lens

        return any(unit_matches(self.frame.unit, unit) for unit in units_said(text))

    def missing_names(self, text: str, doc_id: str | None = None) -> list[str]:
        """Names the passage ``text`` does not speak of.

        A name counts as present when a word of the passage starts with it (Laos,
        Laotian), when the passage writes its initials (Less Common Metals, LCM), or, for
        an acronym of the question, when the passage or its report spells it out (USGS,
        U.S. Geological Survey).
        """
        key = (text, doc_id)
        if key not in self._missing:  # every sentence of a passage asks about its passage
            self._missing[key] = self._find_missing(text, doc_id)
        return list(self._missing[key])

    def _find_missing(self, text: str, doc_id: str | None) -> list[str]:
        have, _ = term_index(text)
        initials = _initials(text)
        covered = {t for terms, short in self.runs if _initialled(short, initials) for t in terms}
        covered |= self._initialled_terms(text)
        missing = []
        if doc_id and self.hints.doc_ids and doc_id not in self.hints.doc_ids:
            own = self.stats.meta_terms.get(doc_id, ()) if self.stats is not None else ()
            missing += [
                t
                for t in self.naming_names
                if t not in have and t not in covered and t not in own
                and not any(same_name(t, h) for h in have)
            ]  # fmt: skip
        missing += [
            t
            for t in self.meta_names
            if doc_id and self.stats is not None and not self.stats.used_by(t, {doc_id})
            and t not in have and t not in covered
        ]  # fmt: skip
        for t in self.names:
            if t in have or t in covered:
                continue
            if any(same_name(t, h) for h in have):
                continue
            if len(t) >= 3 and doc_id and self.stats is not None:
                # the report's own title or publisher names it ("the Fed" in a passage
                # of the Federal Reserve's report): every passage of it speaks of it
                own = self.stats.meta_terms.get(doc_id, ())
                if any(same_name(t, m) or people_of(t, m) for m in own):
                    continue
                # or it is where the report is set, named only in its bodies' names,
                # or what a quarter of its passages speak of: what the report is about
                # ("Norwegian" of a report on Norway)
                about = (*self.stats.settings.get(doc_id, ()), *self.stats.subjects.get(doc_id, ()))
                if t in about or any(people_of(t, a) for a in about):
                    continue
            if t in self.acronyms:
                if acronym_in(self.acronyms[t], text):
                    continue
                # a numbered one ("TR2", "PM10") names one thing of a kind: the passage
                # must write it, its report writing it elsewhere is not enough
                numbered = self.acronyms[t][-1:].isdigit()
                if (
                    not numbered
                    and doc_id
                    and self.stats
                    and doc_id in self.stats.docs_with.get(t, ())
                ):
                    continue
            missing.append(t)
        if missing and doc_id and self.stats is not None:
            missing = [t for t in missing if not self._shortened(t, have, doc_id)]
        return missing

    def _shortened(self, term: str, have: frozenset[str], doc_id: str) -> bool:
        """A word of a multi-word name that a passage leaves out once the report has
        written it in full: a table row gives "Sweden" for "the Government of Sweden".
        The passage must hold the name's most telling word (by IDF), and its report the
        word left out."""
        stats = self.stats
        if stats is None or doc_id not in stats.docs_with.get(term, ()):
            return False
        for terms, _ in self.runs:
            if term in terms and len(terms) > 1:
                # (of words as telling, the one the passage holds)
                telling = max(terms, key=lambda t: (self.weight(t), t in have))
                if telling != term and telling in have:
                    return True
        return False

    def unknown_names(self) -> list[str]:
        """Names no report uses at all: the shelf does not cover the question; or, when
        the question names its report(s), names none of those uses (what other reports
        on the shelf say of them does not answer a question put to this one)."""
        if self.stats is None:
            return []
        named = self.hints.doc_ids
        return [
            t
            for t in self.names
            if not self.stats.knows(t) or (named and not self.stats.used_by(t, named))
        ]


def same_name(asked: str, word: str) -> bool:
    """Is ``word`` (a stem) the name ``asked`` or a form of it? A word starting with the
    name ("Laos", "Laotian"), or the name's own stem with an ending added ("Hungary"
    for "Hungarian", "Brazil" for "Brazilian")."""
    if len(asked) >= 3 and word.startswith(asked):
        return True
    return word in name_stems(asked)


def _initialled(short: str, initials: frozenset[str]) -> bool:
    """Does a text write a name by its initials: with or without its joining words'
    letters ("DD", "DOD" for "Department of Defense"), or with one more letter for the
    body the name heads ("SSA" for "Social Security", the Social Security
    Administration)?"""
    bare = "".join(ch for ch in short if ch.isupper())
    if bare in initials or short.upper() in initials:
        return True
    return len(bare) >= 2 and any(len(i) == len(bare) + 1 and i.startswith(bare) for i in initials)


@lru_cache(maxsize=16384)
def _initials(text: str) -> frozenset[str]:
    """The initialisms a text writes, "&" and "." dropped ("PP&E": "PPE")."""
    return (
        frozenset(re.sub(r"[&.]", "", m) for m in re.findall(r"\b[A-Z](?:[A-Z&.]*[A-Z])?\b", text))
        - {""}
        - {c for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
    )


# the words a run of a question joins its words with: their letters may be left out of
# the initials ("property, plant and equipment": PPE) or kept ("cost-of-living": COL)
_JOINING = frozenset({"of", "and", "the", "for", "&", "in", "on", "to"})


def spelled_initials(question: str) -> dict[str, set[str]]:
    """Every initialism (of three letters or more) a run of the question's words spells,
    with the stems of the words it stands for: a report writes "PP&E" for "property,
    plant and equipment" once it has spelled it out."""
    words = [
        w
        for w in re.split(r"[\s,;:()/?\-]+|(?<=\w)['’]s\b", question)
        if re.fullmatch(r"[\w&]+", w)
    ]
    out: dict[str, set[str]] = {}
    for i in range(len(words)):
        for j in range(i + 2, min(len(words), i + 7) + 1):
            run = words[i:j]
            if run[0].lower() in _JOINING or run[-1].lower() in _JOINING:
                continue
            terms = {t for w in run for t in content_terms(w)}
            if not terms:
                continue
            full = "".join(w[0] for w in run).upper()
            bare = "".join(w[0] for w in run if w.lower() not in _JOINING).upper()
            for short in {full, bare}:
                if len(short) >= 3 and short.isalpha():
                    out.setdefault(short, set()).update(terms)
    return out


@lru_cache(maxsize=16384)
def units_said(text: str) -> frozenset[str]:
    """The units ``text`` gives figures in: its quantities', a unit set apart in brackets
    as a table's header does ("Fish landed (Mt)"), a row's unit cell ("Mt.")."""
    units = {q.unit for q in find_quantities(text)}
    for inside in _BRACKETED.findall(text):
        said = parse_quantity(f"1 {inside}")
        units |= {said.unit} if said is not None and said.unit else set()
    units |= {row_unit(line) for line in text.split("\n") if "\t" in line}
    return frozenset(units - {"", "year", "date"})


_BRACKETED = re.compile(r"\(([^()\d]{1,15})\)")


def unit_word_stems(frame: QuestionFrame) -> set[str]:
    """The stems of the words that name the unit a figure is asked in ("in metric tons",
    "how many kilograms"): a text gives them in any spelling of the unit, as a table
    writes "Mt" or "kg" in its header."""
    if frame.unit in (None, "count") or frame.intent != "numeric":
        return set()
    words = re.findall(r"[A-Za-z]+", frame.text)
    found: set[str] = set()
    for k, word in enumerate(words):
        for phrase in [word] + ([f"{words[k - 1]} {word}"] if k else []):
            said = parse_quantity(f"1 {phrase}")
            if said is not None and said.unit and said.unit not in ("year", "date"):
                found |= {stem(w.lower()) for w in phrase.split()}
    return found
