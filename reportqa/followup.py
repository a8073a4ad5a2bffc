"""Follow-up questions read against the conversation: "And what about exports?" after a
question on imports is that question again, with exports in imports' place.

A pure function of the previous turns and the new question. Everything comes from the
grammar of English questions (:mod:`reportqa.followup_grammar`) and from the answerer's
own analysis of the previous one (:mod:`reportqa.answering.question`,
:mod:`reportqa.corpus_stats`), never from a field's words:

- **As typed** — "what's", a slip in the form's words ("what aboutt 2024?"), "a year
  earlier" or "last year" counted from the asked year.
- **Elliptical forms** — "And what about X?", "What about X?", "How about X?", "What of
  X?", "Same for X", "And for X?", "And in 2023?", a bare "And X?", "in dollars?" — give
  only the part that changes. The previous question is cut into parts (noun phrases,
  names, asked years and months, the words naming a report); each part of the fragment
  replaces the previous part of the same kind (a year the asked year, a month the asked
  month, a name the name in the same slot — the one its preposition leads, also inside a
  longer name, or a place a common noun set —, a noun phrase the noun phrase in the same
  role, a phrase a preposition leads another such phrase, a coordination as a whole, "the
  X rate" the X measured, "the long-term ones" the modifiers of the earlier phrase, "Peru's
  exports" the exporter); a unit or a phrase with no slot is added; the rest is
  inherited, filters included, and the auxiliary agrees with a subject of another number.
- **Pointing back and leaving out** (:mod:`reportqa.followup_refer`) — pronouns,
  demonstratives, "one", "how many of them", "who said that?", a bare "Why?", "How many
  are there?", "What is the range?" — take what they stand for from the previous
  question (or the report its answer cited, or the sentence it quoted), with the phrases
  that closed it.
- **Comparisons** — "Is that more than in 2020?", "How does that compare with Peru?" —
  ask the previous question again with the new part, and say how the two answers compare.
- **"The other report"** — the previous question again, in the reports it did not cite.
- **"And" + a full question** inherits only the asked year it leaves out.

Any other question starts fresh: :func:`resolve` returns None.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from pydantic import BaseModel, Field

from reportqa.answering import asked_years, entities_in
from reportqa.config import SlotWeights
from reportqa.followup_grammar import (
    _AUX,
    _BE_HAVE,
    _COUNTS,
    _DOC_NOUNS,
    _FRAME_NOUNS,
    _OTHER,
    _PREP,
    _PRONOUNS,
    _RELATIVE_YEAR,
    _WH,
    Part,
    Token,
    _bare_verb,
    _common,
    _coordinated,
    _dated,
    _groups,
    _is_unit,
    _modifier,
    _numbered,
    _phrase_start,
    _plural,
    _report_terms,
    _run_start,
    _suffix,
    _units,
    _with_frame_nouns,
    parts_of,
    tokenize,
)
from reportqa.followup_refer import (
    _elided_question,
    _inherit_year,
    _new_measure,
    _pronoun_question,
)
from reportqa.models import Citation, Claim, RetrievalFilters
from reportqa.words import STOPWORDS, stem

if TYPE_CHECKING:
    from reportqa.corpus_stats import CorpusStats


# Words that only lead a follow-up in ("And ...", "So ...", "OK, ...").
_LEAD = re.compile(r"^\s*(?:(?:and|but|also|so|ok|okay|then|now|right|well)\b[\s,]*)+", re.I)


_TAIL = re.compile(
    r"[\s,]*\b(?:then|instead|as well|too|also|please|in that case)\s*$|[\s?.!]+$", re.I
)


_FORMS = (
    re.compile(r"^(?:what|how)\s+about\s+(?P<x>.+)$", re.I),
    re.compile(r"^what\s+of\s+(?P<x>.+)$", re.I),
    re.compile(
        r"^(?:the\s+)?same\s+(?:question\s+|thing\s+|again\s+)?(?:for|with|about|on)\s+(?P<x>.+)$",
        re.I,
    ),
    re.compile(r"^(?:the\s+)?same\s+(?:question\s+|thing\s+)?(?P<x>(?:in|at|during)\s+.+)$", re.I),
    re.compile(r"^(?:likewise|ditto)\s+(?:for\s+)?(?P<x>.+)$", re.I),
)


# "How much is that in dollars?": the same, measured in another unit
_IN_UNIT = re.compile(
    r"^(?:how\s+much|how\s+many|what)\s+(?:is|was|are|were)\s+(?:that|this|it|they)\s+"
    r"(?P<x>in\s+(?P<unit>.+))$",
    re.I,
)


_COMPARISON = re.compile(
    r"^(?:is|was|are|were|does|did)\s+(?:that|it|this|they|these|those|the figure|the number)\s+"
    r"(?P<way>more|less|higher|lower|greater|smaller|bigger|larger|above|below|fewer|up|down)"
    r"(?:\s+than|\s+from|\s+on|\s+compared\s+(?:with|to))?\s*(?P<x>.*)$",
    re.I,
)


# "How does that compare with Ghana?": the previous question for the new part, the two
# answers put side by side
_HOW_COMPARE = re.compile(
    r"^(?:how\s+(?:does|do|did|is|was|would)\s+(?:that|it|this|these|those|they)\s+"
    r"compare|(?:how\s+about\s+)?compared|versus|vs\.?)\s+(?:with\s+|to\s+|against\s+)?"
    r"(?P<x>.+)$",
    re.I,
)


_OTHER_REPORT = re.compile(
    rf"\b(?:the\s+other|other|another|the\s+remaining|the\s+rest\s+of\s+the)\s+{_DOC_NOUNS}\b",
    re.I,
)


# A reply of this many words with no question word and no lead ("Exports?") is a fragment.
_BARE_WORDS = 3


# ----------------------------------------------------------------------------- turns
class Turn(BaseModel):
    """One earlier exchange: the question as answered, its filters, what it cited."""

    question: str
    filters: RetrievalFilters | None = None
    doc_ids: list[str] = Field(default_factory=list)
    titles: list[str] = Field(default_factory=list)
    # the answer's first checked figure and the citation stating it (for comparisons)
    figure: Claim | None = None
    citation: Citation | None = None
    # the first sentence the answer quoted (for "who said that?")
    quote: str | None = None


@dataclass
class Resolution:
    """The question as understood, what the answerer is asked, and with which filters."""

    question: str  # what the answerer is asked
    understood: str  # what the asker is shown ("Understood as: ...")
    filters: RetrievalFilters | None
    compare: str | None = None  # "more" | "less" | "compare": set beside the previous figure
    previous: Turn | None = None


@dataclass
class Context:
    """What the resolution may consult beside the turns: the corpus statistics (report
    names, titles), all report ids (for "the other report"), and how related two words
    are in the corpus (for choosing the slot a noun fills)."""

    stats: CorpusStats | None = None
    doc_ids: Sequence[str] = ()
    related: Callable[[str, str], float] | None = None
    titles: dict[str, str] = field(default_factory=dict)  # doc_id -> title
    max_fragment_words: int = 6
    max_pronoun_terms: int = 2
    weights: SlotWeights = field(default_factory=SlotWeights)


def resolve(
    turns: Sequence[Turn],
    question: str,
    filters: RetrievalFilters | None = None,
    context: Context | None = None,
) -> Resolution | None:
    """The follow-up read against the last turn, or None for a question that stands alone."""
    if not turns or not question.strip():
        return None
    ctx = context or Context()
    previous = turns[-1]
    inherited = filters if filters is not None else previous.filters
    text = _mend_forms(_expand_contractions(" ".join(question.split())))
    text = _relative_years(text, previous.question)
    led = bool(_LEAD.match(text))
    body = _TAIL.sub("", _LEAD.sub("", text)).strip()
    if not body:
        return None

    if _OTHER_REPORT.search(body) and _is_short(body, ctx) and previous.doc_ids:
        return _other_reports(previous, inherited, ctx)

    m = _COMPARISON.match(body) or _HOW_COMPARE.match(body)
    if m:
        fragment = _TAIL.sub("", m.group("x")).strip()
        way = _direction(m.group("way")) if "way" in m.groupdict() else "compare"
        rewritten = _apply(previous.question, fragment, ctx) if fragment else None
        if rewritten is None:
            return None
        return Resolution(rewritten, rewritten, inherited, compare=way, previous=previous)

    fragment = _fragment(body, led, ctx, asks=text.rstrip().endswith("?"))
    measure = re.fullmatch(r"(?:the\s+)?([a-z]+)", fragment or "", re.I)
    if measure and _new_measure(measure.group(1), previous.question):
        # "And the median?": the median of what was asked
        asked = _elided_question(f"What is the {measure.group(1).lower()}", previous, ctx)
        if asked is not None:
            return Resolution(asked, asked, inherited, previous=previous)
    instance = _instance_of_extreme(previous.question, fragment) if fragment else None
    if instance is not None:  # "Which country had the highest rate?" "What about Kisumu?"
        return Resolution(instance, instance, inherited, previous=previous)
    if fragment is not None:
        rewritten = _apply(previous.question, fragment, ctx)
        if rewritten is None or _same(rewritten, previous.question) and not fragment:
            return None
        return Resolution(rewritten, rewritten, inherited, previous=previous)

    pronoun = _pronoun_question(body, previous, ctx)
    if pronoun is None:
        pronoun = _elided_question(body, previous, ctx)
    if pronoun is not None:
        return Resolution(pronoun, pronoun, inherited, previous=previous)

    if led and _asks_on_its_own(body):
        full = _inherit_year(body, previous.question)
        scope = _report_of(previous, inherited, ctx)
        if full != body or scope is not inherited:
            full = full[:1].upper() + full[1:]
            shown = full
            if scope is not inherited and scope is not None:  # say which report is read
                title = ctx.titles.get(scope.doc_ids[0])
                shown = f"{full.rstrip('?')} (in “{title}”)?" if title else full
            return Resolution(full, shown, scope, previous=previous)
    return None


def _report_of(
    previous: Turn, inherited: RetrievalFilters | None, ctx: Context
) -> RetrievalFilters | None:
    """ "And how many active fishers?" goes on about the report the last question named,
    or the one report its answer cited; filters the asker set stay as they are."""
    if inherited is not None and not inherited.is_empty():
        return inherited
    named = ctx.stats.hints(previous.question).doc_ids if ctx.stats is not None else set()
    one = sorted(named) if len(named) == 1 else previous.doc_ids
    return RetrievalFilters(doc_ids=list(one)) if len(one) == 1 else inherited


# ----------------------------------------------------------------------------- typing
_CONTRACTION = re.compile(r"\b(what|who|where|when|how|why|that|there|here|it)(?:['’]s|s)\b", re.I)


def _expand_contractions(text: str) -> str:
    """ "what's" and "whats" are "what is": the question word must be seen as one."""

    def expand(m: re.Match[str]) -> str:
        if m.group(1).lower() == "it" and not re.search(r"['’]", m.group(0)):
            return m.group(0)  # "its" is a possessive
        if m.group(1).lower() in ("that", "there", "here") and not re.search(r"['’]", m.group(0)):
            return m.group(0)  # "thats" is rare, "theres"/"heres" rarer than typos of words
        return f"{m.group(1)} is"

    return _CONTRACTION.sub(expand, text)


def _mend_forms(text: str) -> str:
    """A slip of the keyboard in the words of an elliptical form ("what aboutt 2024?",
    "waht about Peru?"): one letter added, dropped, changed or swapped."""
    words = text.split(" ")
    for i, word in enumerate(words[:3]):
        low = word.lower().strip("?,.")
        if low in _FORM_WORDS or len(low) < 3:
            continue
        nxt = words[i + 1].lower().strip("?,.") if i + 1 < len(words) else ""
        prev = words[i - 1].lower() if i else ""
        if _one_slip(low, "about") and prev in ("what", "how"):
            words[i] = word.lower().replace(low, "about")
        elif _one_slip(low, "what") and (nxt == "about" or _one_slip(nxt, "about")):
            words[i] = "What" if word[:1].isupper() else "what"
    return " ".join(words)


_FORM_WORDS = frozenset({"what", "how", "about", "and"})


def _one_slip(word: str, target: str) -> bool:
    """One insertion, deletion, substitution or swap of neighbours apart (not equal)."""
    if word == target or abs(len(word) - len(target)) > 1:
        return False
    if len(word) == len(target):
        diff = [i for i, (a, b) in enumerate(zip(word, target, strict=True)) if a != b]
        if len(diff) == 1:
            return True
        i = diff[0] if diff else 0
        return len(diff) == 2 and diff[1] == i + 1 and word[i] == target[i + 1]
    short, long_ = sorted((word, target), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


def _relative_years(text: str, previous: str) -> str:
    """ "A year earlier", "the following year", "last year" count from the year the
    previous question asked ("in 2024" -> 2023)."""
    years = asked_years(previous)
    if not years:
        return text
    m = _RELATIVE_YEAR.search(text)
    if m is None:
        return text
    before = _LEAD.sub("", text[: m.start()]).strip().lower()
    after = _TAIL.sub("", text[m.end() :]).strip()
    alone = before in ("", "in", "for", "during") and not after
    if not alone and not re.search(r"\b(?:than|since|from)$", before):
        return text  # "how much higher was it a year before?": the asker's own words

    def put(m: re.Match[str]) -> str:
        n = m.group("n")
        step = _COUNTS.get(n.lower(), 0) if n and not n.isdigit() else int(n or 1)
        way = (m.group("dir") or m.group("dir2") or m.group("dir3") or "before").lower()
        back = way in ("earlier", "before", "previous", "prior", "preceding") or m.group("last")
        year = years[-1] - step if back else years[-1] + step
        before = text[: m.start()].split()
        lead = before[-1].lower() if before else ""
        return str(year) if lead in _PREP and lead != "than" else f"in {year}"

    return _RELATIVE_YEAR.sub(put, text)


# ----------------------------------------------------------------------------- forms
def _is_short(body: str, ctx: Context) -> bool:
    return len(tokenize(body)) <= ctx.max_fragment_words + 3


def _asks_on_its_own(body: str) -> bool:
    """A question with its own frame: a question word or an auxiliary leads it."""
    tokens = tokenize(body)
    return bool(tokens) and tokens[0].low in _WH | _AUX


def _fragment(body: str, led: bool, ctx: Context, asks: bool = True) -> str | None:
    """The part an elliptical follow-up gives ("exports", "in 2023", "for Peru"), or None.

    Without a form or a lead ("And"), a few words are a fragment only when asked as a
    question ("Peru?", "In 2022?"): "thanks, that's all" is no follow-up."""
    for form in _FORMS:
        m = form.match(body)
        if m:
            return _TAIL.sub("", m.group("x")).strip()
    m = _IN_UNIT.match(body)
    if m and _is_unit(_TAIL.sub("", m.group("unit")).strip()):
        return _TAIL.sub("", m.group("x")).strip()
    tokens = tokenize(body)
    if not tokens:
        return None
    kinds = {t.kind() for t in tokens}
    if kinds & {"wh", "aux"}:
        return None  # a question of its own ("And what was the growth rate?")
    if led and tokens[0].low in _PREP:
        return body  # "And in the harbour ferry accident of 2019?": any length
    if len(tokens) > ctx.max_fragment_words:
        return None
    if led or (asks and (tokens[0].low in _PREP or len(tokens) <= _BARE_WORDS)):
        return body
    return None


# "Which EU country had the highest notification rate in 2021, according to …?": the
# kind of thing asked, and the measure ranked
_WHICH_EXTREME = re.compile(
    r"^\s*(?:which|what)\s+(?P<kind>[\w/'’ -]{2,40}?)\s+(?:had|has|have|saw|showed|recorded|"
    r"reported|registered|was|were)\s+the\s+(?:highest|lowest|largest|smallest|biggest|"
    r"greatest|most|least|fewest)\s+(?P<measure>.+?)\s*\??\s*$",
    re.I,
)


def _instance_of_extreme(previous: str, fragment: str) -> str | None:
    """After a question on which thing ranks first, a name alone asks that thing's value
    of the measure ranked: "What about Kisumu?" -> "What was Kisumu's notification rate in
    2021, …?"."""
    m = _WHICH_EXTREME.match(previous)
    name = fragment.strip()
    if m is None or not re.fullmatch(r"(?:[A-Z][\w'’.-]*\s*){1,4}", name):
        return None
    verb = (
        "were" if re.search(r"\b(?:were|have)\b", previous[: m.start("measure")], re.I) else "was"
    )
    return f"What {verb} {name}'s {m.group('measure')}?"


def _direction(word: str) -> str:
    return "more" if word.lower() in ("more", "higher", "greater", "bigger", "larger",
                                       "above", "up") else "less"  # fmt: skip


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


# ----------------------------------------------------------------------------- rewriting
def _apply(previous: str, fragment: str, ctx: Context) -> str | None:
    """The previous question with each part of ``fragment`` in place of its counterpart."""
    report = _report_terms(previous, ctx)
    old = _coordinated(parts_of(previous, report_terms=report), previous)
    fragment = _without_nominalised_verb(previous, fragment)
    new = parts_of(fragment, initial_is_name=True, report_terms=_report_terms(fragment, ctx))
    new = _coordinated(new, fragment)
    if not new:
        return None
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement) in ``previous``
    appended: list[str] = []
    taken: set[int] = set()
    years = [p for p in new if p.kind == "year"]
    if years:
        edit = _year_edit(previous, old, years, fragment)
        if edit is None:
            appended.append(f"{years[0].prep or 'in'} {years[0].text(fragment)}")
        else:
            edits.append(edit)
    for month in (p for p in new if p.kind == "month"):
        edit = _month_edit(previous, old, month, fragment, taken)
        if edit is not None:
            edits.append(edit)
        elif years and appended:  # "in August 2022" after a question of no date
            appended[-1] = f"{month.prep or 'in'} {month.text(fragment)} {years[0].text(fragment)}"
        else:
            appended.append(f"{month.prep or 'in'} {month.text(fragment)}")
    for part in (p for p in new if p.kind not in ("year", "month")):
        if part.kind == "noun" and part.prep == "in" and _is_unit(part.text(fragment)):
            appended.append(f"in {part.text(fragment)}")  # "in dollars": the same, measured so
            continue
        if part.kind == "noun" and part.tokens[-1].low in _ONES:
            edit = _ones_edit(previous, old, part, fragment, taken)
            if edit is not None:
                edits.append(edit)
            continue  # "the one for X": only its complement says what changes
        if _capital_only_by_place(part, fragment, old, ctx):
            first = part.tokens[0]
            fragment = fragment[: first.start] + first.text.lower() + fragment[first.end :]
            part = Part("noun", part.tokens, part.prep)
        edit = _slot_edit(previous, old, part, fragment, ctx, taken)
        if edit is None:
            words = part.text(fragment)
            if part.kind == "name":
                appended.append(f"{part.prep or 'in'} {words}")
            elif part.prep is not None:
                own = re.search(r"\b(the)\s+$", fragment[: part.start], re.I)
                appended.append(f"{part.prep} {'the ' if own else ''}{words}")
            else:
                return None  # a noun with no slot: cannot tell what it replaces
        else:
            edits.append(edit)
            if part.kind == "noun":
                edits.extend(_agreement(previous, edit))
    return _rewrite(previous, edits, appended)


def _without_nominalised_verb(previous: str, fragment: str) -> str:
    """ "Peru's exports" after "How much did Chile export?": the noun names the previous
    verb, so only its possessor is new ("Peru")."""
    m = re.match(r"^(?P<name>.+?)['’]s?\s+(?P<noun>[\w-]+)$", fragment.strip())
    tokens = tokenize(previous)
    aux = next((t for t in tokens[1:] if t.kind() == "aux"), None)
    if m is None or aux is None or aux.low in _BE_HAVE:
        return fragment
    verb = _bare_verb(tokens, aux)
    if verb is None or _root(tokens[verb].low) != _root(m.group("noun").lower()):
        return fragment
    return m.group("name")


def _root(word: str) -> str:
    """A word's stem less the endings that make a noun of a verb ("contribution" ->
    "contribut", "exports" -> "export")."""
    return re.sub(r"(?:ion|ions|ment|ments|al|als)$", "", stem(word)) or stem(word)


# "one"/"ones" stand for the head of an earlier phrase ("the long-term ones")
_ONES = frozenset({"one", "ones"})


def _ones_edit(
    previous: str, old: list[Part], part: Part, fragment: str, taken: set[int]
) -> tuple[int, int, str] | None:
    """ "The second one" after "the first stage": the fragment's modifiers in place of the
    modifiers of the earlier phrase of the same number, the one sharing a modifier with it
    first ("the leading private one" after "the leading public sector partner": only
    "public" changes)."""
    frag_tokens = tokenize(fragment)
    head = part.tokens[-1]
    start = _run_start(frag_tokens, head.index)
    if start == head.index:
        return None
    mods = frag_tokens[start : head.index]
    plural = head.low == "ones"
    prev_tokens = tokenize(previous)
    phrases = []
    for slot in (p for p in old if p.kind == "noun"):
        last = slot.tokens[-1]
        if last.index in taken or _plural(last.text) != plural or last.low in _PRONOUNS:
            continue
        before = prev_tokens[_run_start(prev_tokens, last.index) : last.index]
        shared = {stem(t.low) for t in before} & {stem(t.low) for t in mods}
        phrases.append((-len(shared), slot.tokens[0].index, last, before))
    if not phrases:
        return None
    _, _, last, before = min(phrases, key=lambda p: (p[0], p[1]))
    taken.add(last.index)
    if before and stem(before[0].low) == stem(mods[0].low):  # aligned from the left
        edits = [(b, m) for b, m in zip(before, mods, strict=False) if stem(b.low) != stem(m.low)]
        if len(edits) == 1:
            b, m = edits[0]
            return b.start, b.end, m.text
    words = fragment[mods[0].start : mods[-1].end]
    if not before:
        return last.start, last.start, f"{words} "
    return before[0].start, before[-1].end, words


def _contrast_edit(
    prev_tokens: list[Token],
    p_head: int,
    frag_tokens: list[Token],
    f_head: int,
    fragment: str,
    related: Callable[[str, str], float] | None = None,
) -> tuple[int, int, str]:
    """A fragment's phrase for the earlier phrase with the same head: its modifiers take the
    place of as many modifiers just before the words both share, a word with its number
    and a coordination counting as one ("the operating profit margin" for "the reported
    net profit margin" -> "reported operating profit margin"; "small and medium firms"
    for "large listed firms"); words both share stay."""
    F = frag_tokens[_run_start(frag_tokens, f_head) : f_head + 1]
    P = prev_tokens[_run_start(prev_tokens, p_head) : p_head + 1]
    shared = 0
    while shared < min(len(F), len(P)) and stem(F[-1 - shared].low) == stem(P[-1 - shared].low):
        shared += 1
    mods, before = F[: len(F) - shared], P[: len(P) - shared]
    text = fragment[F[0].start : F[-1].end]
    if not mods or not before:
        return (
            (P[len(P) - shared].start if not mods else P[len(before)].start),
            P[-1].end,
            (fragment[F[len(mods)].start : F[-1].end] if not mods else text),
        )
    if related is not None and len(mods) == 1 and len(before) > 1:
        # one new modifier for the earlier one the reports list it with ("fresh and
        # outstanding harbour loans": "outstanding" takes the place of "fresh", not "harbour")
        scores = [(related(mods[0].low, t.low), i) for i, t in enumerate(before)]
        score, i = max(scores, key=lambda x: (x[0], x[1]))
        if score > 0:
            return before[i].start, before[i].end, mods[0].text
    wanted = sum(t.kind() != "conj" for t in mods)
    first = len(before)
    for a, b in reversed(_units(before)):  # units back from the shared words, word for word
        if wanted <= 0:
            break
        first = a
        wanted -= sum(t.kind() not in ("conj", "number") for t in before[a : b + 1])
    return before[first].start, P[-1].end, text


# a verb's singular and plural forms: a subject's new head may change its number
_AGREE = {"is": "are", "was": "were", "has": "have", "does": "do"}


_AGREE.update({plural: singular for singular, plural in list(_AGREE.items())})


def _agreement(previous: str, edit: tuple[int, int, str]) -> list[tuple[int, int, str]]:
    """The auxiliary of a subject whose head changed number agrees with it ("What were
    the loan losses" -> "What was the loss rate")."""
    start, end, text = edit
    tokens = tokenize(previous)
    inside = [t for t in tokens if start <= t.start and t.end <= end]
    new = tokenize(text)
    if not inside or not new:
        return []
    after = [t for t in tokens if t.start >= end]
    if after and (_modifier(after[0]) or after[0].kind() == "name"):
        if not after[0].low.endswith("ed"):  # "the bridge | finished": a verb follows
            return []  # not the head: the phrase goes on
    before = [t for t in tokens if t.end <= start]
    while before and before[-1].kind() in ("det", "noun", "number", "frame"):
        before.pop()
    if not before or before[-1].low not in _AGREE:
        return []
    aux = before[-1]
    if _plural(inside[-1].text) == _plural(new[-1].text):
        return []
    form = _AGREE[aux.low]
    return [(aux.start, aux.end, form[0].upper() + form[1:] if aux.text[0].isupper() else form)]


def _rewrite(previous: str, edits: list[tuple[int, int, str]], appended: list[str]) -> str:
    out = previous.rstrip()
    end_mark = ""
    if out.endswith("?"):
        out, end_mark = out[:-1].rstrip(), "?"
    kept: list[tuple[int, int, str]] = []
    for edit in edits:  # the first edit of a span wins: two never cut into each other
        if all(edit[1] <= k[0] or edit[0] >= k[1] for k in kept):
            kept.append(edit)
    for start, end, text in sorted(kept, key=lambda e: -e[0]):
        out = out[:start] + text + out[end:]
    if appended:
        out = f"{out} {' '.join(appended)}"
    out = " ".join(out.split())
    return out[:1].upper() + out[1:] + (end_mark or "?")


def _year_edit(
    previous: str, old: list[Part], years: list[Part], fragment: str
) -> tuple[int, int, str] | None:
    """The asked year of the previous question replaced by the fragment's ("in 2023").

    A year that dates a report ("the January 2023 update") is not the asked one.
    """
    asked = set(asked_years(previous))
    spots = [p for p in old if p.kind == "year" and int(p.tokens[0].low) in asked]
    undated = [p for p in spots if not _dated(previous, p)]
    spots = undated or spots
    if not spots:
        return None
    target = spots[-1]
    if len(years) > 1 and len(spots) > 1:  # "between 2020 and 2022" -> both years
        return spots[0].start, spots[-1].end, _span_with_years(previous, spots, years, fragment)
    return target.start, target.end, years[0].text(fragment)


def _span_with_years(previous: str, spots: list[Part], years: list[Part], fragment: str) -> str:
    span = previous[spots[0].start : spots[-1].end]
    for old_year, new_year in zip(spots, years, strict=False):
        span = span.replace(old_year.text(previous), new_year.text(fragment), 1)
    return span


def _month_edit(
    previous: str, old: list[Part], month: Part, fragment: str, taken: set[int]
) -> tuple[int, int, str] | None:
    """The asked month replaced by the fragment's ("in April 2022" -> "in August 2022"), or
    put before the asked year; a month dating a report ("the January 2023 update") stays."""
    tokens = tokenize(previous)
    words = month.text(fragment)
    for part in old:
        i = part.tokens[0].index
        if part.kind == "month" and i > 0 and tokens[i - 1].kind() == "prep" and i not in taken:
            taken.add(i)
            return part.start, part.end, words
    for part in old:
        if part.kind == "year" and part.prep and not _dated(previous, part):
            return part.start, part.start, f"{words} "
    return None


def _slot_edit(
    previous: str, old: list[Part], part: Part, fragment: str, ctx: Context, taken: set[int]
) -> tuple[int, int, str] | None:
    """Where a name or noun phrase of the fragment goes in the previous question."""
    words = part.text(fragment)
    if part.kind in ("name", "report"):
        return _name_edit(previous, old, part, fragment, ctx, taken)
    # the phrase's head word is in the previous question: the phrase it heads there is
    # replaced ("the growth rate" for "the inflation rate")
    frag_tokens = tokenize(fragment)
    last = part.tokens[-1].index
    while last + 1 < len(frag_tokens) and frag_tokens[last + 1].low in _FRAME_NOUNS:
        last += 1
    head = frag_tokens[last]
    phrase = fragment[part.start : head.end]
    prev_tokens = tokenize(previous)
    for tok in reversed(prev_tokens):
        if (
            tok.index not in taken
            and tok.kind() in ("noun", "frame")
            and stem(tok.low) == stem(head.low)
        ):
            taken.add(tok.index)
            edit = _contrast_edit(
                prev_tokens, tok.index, frag_tokens, head.index, fragment, ctx.related
            )
            return _with_aside(previous, prev_tokens, edit)
    measured = _measured_edit(prev_tokens, frag_tokens, part, head, fragment, taken)
    if measured is not None:
        return measured
    # a phrase a preposition leads takes the place of another such phrase, never of the
    # subject or object ("for food" after "What inflation does the bank expect?"): with
    # none, it is added
    best = _best_slot(old, part, ctx, taken)
    if best is None:
        return None
    slot, tok = best
    taken.add(tok.index)
    one = len(part.tokens) == 1 and head.index == part.tokens[0].index
    if one and (part.prep is None or _groups(head.text) & _groups(tok.text)):
        return tok.start, tok.end, words  # one word for one: the rest of the phrase stays
    if slot.prep is not None:  # a phrase a preposition leads goes whole ("for child
        tok = slot.tokens[-1]  # protection" -> "for education"), but for a word of its kind
    start = _coordination_start(prev_tokens, slot.tokens[0].index)
    # up to the word chosen: a verb may close the run of nouns ("dry spells | displace")
    upto = Part(slot.kind, slot.tokens[: slot.tokens.index(tok) + 1], slot.prep)
    end = _coordination_end(prev_tokens, _with_frame_nouns(prev_tokens, upto), _plural(tok.text))
    if start < slot.tokens[0].index or end > tok.end:  # a coordinated subject goes whole
        end = max(end, _subject_end(prev_tokens, start))
    return prev_tokens[start].start, end, phrase


def _with_aside(
    previous: str, tokens: list[Token], edit: tuple[int, int, str]
) -> tuple[int, int, str]:
    """An edit that would start inside a bracketed aside ("superior (university)
    education") starts at the word the aside explains: the two go together."""
    start, end, text = edit
    opened = previous.rfind("(", 0, start)
    if opened < 0 or previous.find(")", opened) < start:
        return edit  # not inside brackets
    before = [t for t in tokens if t.end <= opened]
    return (before[-1].start if before else opened), end, text


def _subject_end(tokens: list[Token], start: int) -> int:
    """Where the subject of "do" or a modal that starts at ``start`` ends: before its bare
    verb ("did | armed conflict and other threats to security | push"); 0 when ``start``
    is no such subject."""
    i = start - 1
    while i >= 0 and tokens[i].kind() == "det":
        i -= 1
    if i < 0 or tokens[i].kind() != "aux" or tokens[i].low in _BE_HAVE:
        return 0
    verb = _bare_verb(tokens, tokens[i])
    return tokens[verb - 1].end if verb is not None and verb > start else 0


def _measured_edit(
    prev_tokens: list[Token],
    frag_tokens: list[Token],
    part: Part,
    head: Token,
    fragment: str,
    taken: set[int],
) -> tuple[int, int, str] | None:
    """A quantity of the thing the previous question measured ("the loss rate" after "loan
    losses"): the fragment's word naming that thing replaces it, with the quantity noun
    after it; the previous modifiers stay ("the projected loan loss rate")."""
    if head.low not in _FRAME_NOUNS or head.index == part.tokens[0].index:
        return None
    for word in frag_tokens[part.tokens[0].index : head.index]:
        if word.kind() != "noun":
            continue
        for tok in reversed(prev_tokens):
            if tok.index in taken or tok.kind() != "noun" or stem(tok.low) != stem(word.low):
                continue
            taken.add(tok.index)
            return tok.start, tok.end, fragment[word.start : head.end]
    return None


def _coordination_start(tokens: list[Token], index: int) -> int:
    """First word of the coordinated phrase a noun phrase starting at ``index`` closes
    ("commercial and | industrial loans", "armed conflict and other | threats"): an
    elliptical phrase replaces the whole coordination."""
    i = index
    if i > 0 and tokens[i - 1].low in _OTHER:
        i -= 1
    if i > 1 and tokens[i - 1].kind() == "conj" and tokens[i - 2].kind() in ("noun", "frame"):
        if tokens[i - 2].low not in STOPWORDS or tokens[i - 2].low in _FRAME_NOUNS:
            return _phrase_start(tokens, i - 2)
    return index


def _coordination_end(tokens: list[Token], end: int, plural: bool) -> int:
    """Where the coordination a noun phrase ending at ``end`` opens ends ("floods | and
    other storms"): at the first word of the first head's number (a verb may follow)."""
    after = [t for t in tokens if t.start >= end]
    if len(after) < 2 or after[0].kind() != "conj":
        return end
    rest = after[1:]
    if rest[0].low in _OTHER:
        rest = rest[1:]
    for tok in itertools.takewhile(_modifier, rest):
        if _plural(tok.text) == plural:
            return tok.end
    return end


def _best_slot(
    old: list[Part], part: Part, ctx: Context, taken: set[int]
) -> tuple[Part, Token] | None:
    """The previous question's word in the same role as the fragment's noun.

    Judged by the profile's groups (both kinds of quantity, both things), the word's form
    (-ing for -ing, a plural for a plural), how often the corpus joins the two with
    "and"/"or" (words listed together play one role), the subject's head first, and for a
    phrase a preposition leads ("and on retail units?") a phrase the same preposition led;
    such a phrase never takes the subject's or object's place.
    """
    new_head = part.tokens[-1]
    new_groups = _groups(new_head.text)
    nouns = [p for p in old if _common(p)]
    best: tuple[float, Part, Token] | None = None
    for rank, slot in enumerate(nouns):
        if part.prep is not None and slot.prep is None:
            continue  # a phrase a preposition leads never stands for the subject or object
        for tok in slot.tokens:
            if tok.index in taken or tok.low in _PRONOUNS:
                continue
            score = _role_evidence(new_head, new_groups, tok, ctx)
            w = ctx.weights
            if part.prep is not None and slot.prep == part.prep:
                score += w.same_preposition
            if rank == 0:
                score += w.subject_head if tok is slot.tokens[-1] else w.subject_word
            elif tok is slot.tokens[-1]:
                score += w.other_head
            if best is None or score > best[0]:
                best = (score, slot, tok)
    return (best[1], best[2]) if best else None


def _role_evidence(new: Token, new_groups: set[str], old: Token, ctx: Context) -> float:
    """How much says that ``new`` plays ``old``'s role: the same profile group kind, the
    same word form, listed together in the corpus."""
    w = ctx.weights
    score = 0.0
    if new_groups & _groups(old.text):
        score += w.same_group
    if _suffix(old.text) == _suffix(new.text):
        score += w.same_suffix if _suffix(old.text) else w.plain_form
    if ctx.related is not None:
        score += w.related * ctx.related(new.low, old.low)
    return score


def _capital_only_by_place(part: Part, fragment: str, old: list[Part], ctx: Context) -> bool:
    """A fragment's first word is capitalised because it comes first ("Exports?"), not
    because it is a name, when it plays the role of one of the previous nouns."""
    first = part.tokens[0]
    if part.kind != "name" or first.index != 0 or len(part.tokens) > 1:
        return False
    if first.text.isupper() or entities_in(first.text) or re.search(r"['’]s?$", first.text):
        return False  # an acronym, a known actor, a possessive ("Peru's"): a name
    groups = _groups(first.text)
    evidence = [
        _role_evidence(first, groups, tok, ctx)
        for slot in old
        if slot.kind == "noun"
        for tok in slot.tokens
    ]
    return max(evidence, default=0.0) >= ctx.weights.role_evidence


def _name_edit(
    previous: str, old: list[Part], part: Part, fragment: str, ctx: Context, taken: set[int]
) -> tuple[int, int, str] | None:
    """A name replaces the name in the same slot: the same preposition, the same kind of
    actor in the profile, the corpus listing them together; a bare name most often moves
    the place of the question ("in the USA" -> Europe). A report's name replaces the
    previous report's name. The fragment's article goes with it ("the United States" ->
    "Peru")."""
    kinds = ("report",) if part.kind == "report" else ("name",)
    names = [p for p in old if p.kind in kinds and p.tokens[0].index not in taken]
    if not names:  # a report's name where the previous question named no report: a name
        kinds = ("name",) if part.kind == "report" else ("report",)
        names = [p for p in old if p.kind in kinds and p.tokens[0].index not in taken]
    names += [
        inner
        for p in names
        for inner in _inner_names(p)
        if part.prep == inner.prep and inner.tokens[0].index not in taken
    ]
    # a name may stand where a common noun set the place ("for the rural north" -> Wales)
    places = [
        p
        for p in old
        if p.kind == "noun" and p.prep in _PLACE_PREPS and p.tokens[0].index not in taken
    ]
    if not names and not places:
        return None
    words = part.text(fragment)
    new_actor = bool(entities_in(words))

    w = ctx.weights

    def fit(p: Part) -> float:
        score = w.same_preposition if part.prep and p.prep == part.prep else 0.0
        if part.prep is None and p.prep in _PLACE_PREPS:
            score += w.bare_place
        if p.kind == "noun":
            return score + p.tokens[0].index / 1000
        if part.prep is None and p.prep is None:  # subject for subject, object for object
            score += w.same_bare_slot
        if new_actor and entities_in(p.text(previous)):
            score += w.same_actor_kind
        if p.text(previous).isupper() == words.isupper():  # an acronym for an acronym
            score += w.same_case
        if _numbered(p.text(previous)) != _numbered(words):  # "Table 2" is not a place
            score -= w.numbered_mismatch
        if ctx.related is not None:
            score += w.related * ctx.related(part.tokens[-1].low, p.tokens[-1].low)
        return score + p.tokens[0].index / 1000  # the later one on a tie

    names += places

    slot = max(names, key=fit)
    taken.add(slot.tokens[0].index)
    start, end = slot.start, slot.end
    if previous[end : end + 1] in ("'", "’"):  # "the United States'"
        end += 1
    was = previous[start:end]
    possessive = re.search(r"(?:['’]s|s['’])$", was)
    if possessive and not re.search(r"['’]s?$", words):  # "Chile's" -> "Peru's"
        words += "’" if words.endswith("s") else f"{possessive.group(0)[0]}s"
    article = re.search(r"\b(?:the)\s+$", previous[:start], re.I)
    own = re.search(r"\b(the)\s+$", fragment[: part.start], re.I)
    before = [t for t in tokenize(previous) if t.end <= start]
    heads_phrase = not before or before[-1].kind() in ("prep", "aux", "wh", "det", "conj")
    if article:
        start = article.start()
    if own and heads_phrase:  # not inside a longer phrase ("the October 2018 Lion Air ...")
        words = f"{own.group(1).lower()} {words}"
    return start, end, words


# prepositions that set a question's place or scope: a bare name most often moves them
_PLACE_PREPS = frozenset({"in", "for", "across", "within", "among"})


def _inner_names(name: Part) -> list[Part]:
    """The names a preposition joins inside a longer one ("the ESF Coordinator | for | ESF
    #8"), each led by that preposition: a fragment led by it ("And for ESF #12?") replaces
    the part after it, not the whole."""
    out: list[Part] = []
    for i, tok in enumerate(name.tokens[1:-1], start=1):
        if tok.kind() == "prep":
            out.append(Part("name", name.tokens[i + 1 :], tok.low))
    return out


# ----------------------------------------------------------------------------- other reports
def _other_reports(
    previous: Turn, inherited: RetrievalFilters | None, ctx: Context
) -> Resolution | None:
    """The previous question in the reports its answer did not cite."""
    pool = list((inherited.doc_ids if inherited and inherited.doc_ids else None) or ctx.doc_ids)
    rest = [d for d in pool if d not in set(previous.doc_ids)]
    if not rest:
        return None
    base = inherited.model_copy() if inherited is not None else RetrievalFilters()
    base.doc_ids = rest
    cited = "; ".join(previous.titles) or ", ".join(previous.doc_ids)
    shown = f"{previous.question.rstrip('?')}? (in the reports other than {cited})"
    return Resolution(previous.question, shown, base, previous=previous)
