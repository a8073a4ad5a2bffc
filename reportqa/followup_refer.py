"""Follow-ups that point back or leave something out (the reading of
:mod:`reportqa.followup`): a pronoun ("Why did it fall?"), a demonstrative ("that figure",
"those statistics"), "one" ("the first one"), a partitive ("how many of them"), "who said
that?", a bare question word ("Why?", "By whom?"), a quantity or a measure without its
noun ("How many are there?", "What is the range across banks?"); and the scope — the
closing phrases of the previous question — that the thing pointed at keeps.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportqa.answering import asked_years
from reportqa.followup_grammar import (
    _BE_HAVE,
    _DOC_NOUNS,
    _DOC_VERBS,
    _FRAME_NOUNS,
    _PAST_FORMS,
    _RELATIVE_YEAR,
    Token,
    _amount,
    _asked_number,
    _asked_phrase,
    _bare_verb,
    _counted,
    _dated,
    _phrase_with_names,
    _plural,
    _report_terms,
    _subject,
    _subject_span,
    _with_article,
    _with_of,
    parts_of,
    tokenize,
)
from reportqa.numbers import find_years
from reportqa.words import content_terms, stem

if TYPE_CHECKING:
    from reportqa.followup import Context, Turn


# ----------------------------------------------------------------------------- pronouns
_PRONOUN = re.compile(r"\b(it|they|them|its|their|he|she|him|his|her)\b", re.I)
_PERSONAL = frozenset({"he", "she", "him", "his", "her"})
# a question asking who or which one: its answer names someone ("Who is the current
# harbour director?" -> "Ana Ruiz"), whom a pronoun after it means
_ASKS_WHO_OR_WHICH = re.compile(r"^\W*(?:who|whom|which)\b", re.I)
_MONTH_NAMES = frozenset(
    "january february march april may june july august september october november december".split()
)


_DEMONSTRATIVE = re.compile(
    r"^(?:(?:is|was|are|were|does|did|has|had)\s+)(this|that)\b|\b(this|that)\s*$", re.I
)


# "those results", "that figure": a demonstrative with its noun
_DEMONSTRATIVE_NOUN = re.compile(r"\b(?:that|this|these|those)\s+(?P<noun>[A-Za-z][\w-]*)", re.I)


# "how many of them", "what share of those": a part of the things asked about
_PARTITIVE = re.compile(
    r"\b(?:many|much|few|several|some|most|all|none|each|which|share|proportion|percentage|"
    r"number|part|half)\s+of\s+(?P<them>them|those|these)\b",
    re.I,
)


# "who said that?": the statement the previous answer quoted
_SAID_THAT = re.compile(
    r"^(?P<ask>(?:who|which\s+\w+|what\s+\w+)\s+(?:(?:said|says|say|wrote|writes|stated|states|"
    r"claimed|claims|argued|argues|told|tells|raised|proposed|suggested|noted|mentioned|"
    r"recommended|put\s+it)|is\s+quoted\s+(?:saying|as\s+saying)))\s+(?:that|this)$",
    re.I,
)


# words that say a quantity changed or stood high or low: "it" is then what was measured
_QUANTITY_PREDICATE = re.compile(
    r"\b(?:ris(?:e|es|ing|en)|rose|fall(?:s|ing|en)?|fell|(?:in|de)creas(?:e|es|ed|ing)|"
    r"declin(?:e|es|ed|ing)|grow(?:s|ing|n)?|grew|drop(?:s|ped|ping)?|revis(?:e|ed|ing)|"
    r"chang(?:e|es|ed|ing)|low|high|higher|lower|up|down|slow(?:s|ed|ing)?|so\s+much|"
    r"so\s+little|shr[iau]nk(?:s|ing|en)?|large|larger|big|bigger|small|smaller)\b",
    re.I,
)


# "Why did the board do that?", "Why would that happen?", "What caused that?": the
# event the previous question asked about, as a "why" question
_DOES_THAT = re.compile(
    r"^why\s+(?P<aux>did|does|do|would|could|might|will|should|can)\s+"
    r"(?:[\w'’ -]+?\s+do\s+(?:that|this|so|it)|(?:that|this|it)\s+(?:happen|occur))$"
    r"|^what\s+(?:caused|causes|explains|explained|drove|drives|led\s+to)\s+(?:that|this|it)$",
    re.I,
)
# the auxiliary after a question's opening phrase and the clause it leads ("By how much
# did | the board cut fares in 2024, according to …"), or a yes-no question's own
_AUXILIARY_CLAUSE = re.compile(
    r"^(?:(?:by\s+)?(?:how|what|which|when|where|why|to\s+what)\b[^,?]*?\s+)?"
    r"(?P<aux>did|does|do|would|could|might|will|should|can|is|are|was|were|has|have|had)"
    r"\s+(?P<clause>[^?]+?)\s*\??$",
    re.I,
)


_BE_OR_HAVE = frozenset({"is", "are", "was", "were", "has", "have", "had"})


def _event_question(body: str, previous: str) -> str | None:
    """ "Why did the board do that?" after "By how much did the board cut fares in
    2024?": "Why did the board cut fares in 2024?". The clause the previous question's
    auxiliary leads is the event; the follow-up's own auxiliary ("would") is kept. None
    when the previous question has no clause with its own subject ("How many fares were
    cut?": after "be" or "have", the asked phrase is the subject, unless the question
    opens with them)."""
    m = _DOES_THAT.match(body.strip().rstrip("?. "))
    before = _AUXILIARY_CLAUSE.match(previous.strip())
    if m is None or before is None:
        return None
    clause = before.group("clause")
    if before.group("aux").lower() in _BE_OR_HAVE and before.start("aux") > 0:
        return None  # "How many fares were cut?": its subject is the asked phrase
    first = clause.split()[0].lower() if clause.split() else ""
    if not first or first.endswith(("ed", "en")) or first in _PAST_FORMS:
        return None  # "did reported …": no subject of its own
    aux = (m.group("aux") or before.group("aux")).lower()
    return f"Why {aux} {clause}?"


@dataclass
class _Reference:
    """A word or phrase of the follow-up pointing back, and what is put in its place."""

    start: int
    end: int
    text: str
    # "scope": it stands for the previous question's topic, whose closing phrases it keeps;
    # "year": for another of its phrases, which keeps only its year
    scoped: str | None = None


def _pronoun_question(body: str, previous: Turn, ctx: Context) -> str | None:
    """A question that points back — a pronoun, "that figure", "those statistics", "how
    many of them", "who said that?" — with what it points at put in.

    Only "it" (and "this"/"that") can be a pronoun of its own ("How much did it cost to
    build the plant?"), so only a question with them is held to a few words of its own; a
    possessive or a plural pronoun always points back, unless a phrase of its number
    before it in the same question is its antecedent ("Which banks raised their
    capital?"). A pronoun after a preposition ("recommend for it") stands for a phrase a
    preposition led before, not for the subject. Where the follow-up points at the
    previous question's topic, it keeps that question's scope: the phrases that closed it
    ("under the high-rate scenario in the 2025 outlook")."""
    event = _event_question(body, previous.question)
    if event is not None:
        return event
    said = _SAID_THAT.match(body)
    if said is not None and previous.quote:
        return f"{said.group('ask')} “{previous.quote}”?"
    if said is not None and not _DOC_VERBS.search(said.group("ask")):
        return None  # "Who raised that?" with nothing quoted: no phrase stands for it
    refs = _references(body, previous, ctx)
    if not refs:
        return None
    out = body
    for ref in sorted(refs, key=lambda r: -r.start):
        out = out[: ref.start] + ref.text + out[ref.end :]
    out = out[0].upper() + out[1:]
    rest = body
    for ref in sorted(refs, key=lambda r: -r.start):
        rest = rest[: ref.start] + " " + rest[ref.end :]
    if content_terms(rest):  # "What is it?" asks what the thing is, anywhere
        if any(r.scoped == "scope" for r in refs):
            out = _inherit_scope(out, previous.question, ctx)
        elif any(r.scoped == "year" for r in refs):
            out = _inherit_year(out, previous.question)
    return out.rstrip("?. ") + "?"


_POSSESSED_BY = {"its": "it", "their": "they"}


def _references(body: str, previous: Turn, ctx: Context) -> list[_Reference]:
    """Every phrase of the follow-up that points back, resolved; [] when one cannot be."""
    refs: list[_Reference] = []
    used: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in used)

    for m in _DEMONSTRATIVE_NOUN.finditer(body):
        noun = tokenize(m.group("noun"))
        if not noun or noun[0].kind() not in ("noun", "frame") or not free(m.start(), m.end()):
            continue
        ref = _demonstrative_noun(m, previous, ctx)
        if ref is None:
            continue
        refs.append(ref)
        used.append((m.start(), m.end()))
    for m in _PARTITIVE.finditer(body):  # "how many of them": of the things asked about
        phrase = _topic_phrase(previous.question, ctx, plural=True)
        if phrase is None:
            return []
        start, end = m.span("them")
        refs.append(_Reference(start, end, f"the {phrase}", scoped="scope"))
        used.append((start, end))
    for m in _ONE.finditer(body):
        ref = _one_reference(body, m, previous, ctx)
        if ref is not None and free(ref.start, ref.end):
            refs.append(ref)
            used.append((ref.start, ref.end))
    pronouns = [m for m in _PRONOUN.finditer(body) if free(m.start(), m.end())]
    if not pronouns and not refs:
        m = _DEMONSTRATIVE.search(body)
        pronouns = [m] if m is not None else []
    taken: set[str] = set()
    for m in pronouns:
        own = _POSSESSED_BY.get(m.group(0).lower())
        if own and any(p.group(0).lower() == own and p.start() < m.start() for p in pronouns):
            continue  # "how much had it shrunk from its peak": bound to the pronoun before
        ref = _pronoun(body, m, previous, ctx, taken)
        if ref is None:
            return []
        refs.append(ref)
    return refs


def _pronoun(
    body: str, m: re.Match[str], previous: Turn, ctx: Context, taken: set[str]
) -> _Reference | None:
    """One pronoun with its antecedent: the report the previous answer cited, a phrase
    the previous question put after a preposition, or its topic."""
    group = 0 if m.re is _PRONOUN else (1 if m.group(1) else 2)
    word = m.group(group).lower()
    start, end = m.span(group)
    possessive = word in ("its", "their", "his") or (word == "her" and _noun_after(body, end))
    named = _answered_name(previous) if _ASKS_WHO_OR_WHICH.match(previous.question) else None
    measured = _QUANTITY_PREDICATE.search(body) is not None  # "why is it so low?": the figure
    thing = word in ("it", "its") and not measured
    if word in _PERSONAL or (named and thing and "answer" not in taken):
        # "When did her term start?" after "Who is the director?": the one named
        if named is None or "answer" in taken:
            return None
        taken.add("answer")
        return _Reference(start, end, f"{named}’s" if possessive else named)
    if word in ("it", "this", "that"):
        rest = re.sub(r"\S*\d\S*", " ", body[:start] + " " + body[end:])  # "above 10%"
        if len(content_terms(_PRONOUN.sub(" ", rest))) > ctx.max_pronoun_terms:
            return None
    elif _bound_inside(body, start, plural=word in ("they", "them", "their")):
        return None
    before = tokenize(body[:start])
    # "recommend for it": a phrase a preposition led; not "many of them" (a part of the
    # things asked about)
    after_prep = bool(before) and before[-1].kind() == "prep" and before[-1].low != "of"
    from reportqa.about_report import asks_about_report

    about_document = asks_about_report(body) is not None or _DOC_VERBS.search(body)
    if about_document and not after_prep and "report" not in taken:
        titles = previous.titles or _named_titles(previous.question, ctx)
        if not titles:
            return None
        taken.add("report")
        text = f"the report “{titles[0]}”" + ("’s" if possessive else "")
        return _Reference(start, end, text)
    if word in ("this", "that"):  # the previous answer: after "how much", its amount
        amount = _amount(previous.question, ctx)
        if amount is not None:
            return _Reference(start, end, amount)
    plural = None if word in ("this", "that") else word in ("they", "them", "their")
    if after_prep:
        led = _led_phrase(previous.question, ctx, plural, taken)
        if led is not None:
            taken.add(led)
            return _Reference(start, end, led)
    change = word == "it" and _QUANTITY_PREDICATE.search(body) is not None
    found = _antecedent(previous.question, ctx, plural, measured=change)
    if found is None or found[0] in taken:
        return None
    subject, scoped = found
    taken.add(subject)
    owner = re.match(r"^((?:the\s+)?(?:[A-Z][\w&.-]*\s+)*[A-Z][\w&.-]*(?:['’]s|s['’]))\s", subject)
    if possessive and owner:  # "its buffer" after "Capital Bank's ratio": the bank's
        return _Reference(start, end, owner.group(1), scoped=scoped)
    return _Reference(start, end, f"{subject}’s" if possessive else subject, scoped=scoped)


def _noun_after(body: str, end: int) -> bool:
    """ "her term": a possessive, the word after it a noun (not "did they meet her?")."""
    after = tokenize(body[end:])
    return bool(after) and after[0].kind() in ("noun", "frame", "name")


# a run of capitalised words past a sentence's first ("Ana Ruiz", "Port of Spain")
_NAME_IN_QUOTE = re.compile(
    r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'.-]*(?:\s+(?:de\s+|of\s+)?[A-Z][\w’'.-]*)*"
)


def _answered_name(previous: Turn) -> str | None:
    """The first name the previous answer's quote gives that its question did not: who or
    which one it answered with."""
    if not previous.quote:
        return None
    asked = {w.lower().strip("’'s") for w in re.findall(r"[\w’']+", previous.question)}
    runs = (
        run  # "Port Royal’s Bayline": the owner and the owned are two names
        for m in _NAME_IN_QUOTE.finditer(previous.quote.strip())
        for run in re.split(r"[’']s\s+", m.group(0))
    )
    for run in runs:
        words = [w.lower().strip("’'s.") for w in re.split(r"[\s-]+", run)]
        if all(w in _MONTH_NAMES for w in words) or any(w in asked for w in words):
            continue
        return re.sub(r"[’']s$", "", run).rstrip(".")
    return None


_ONE = re.compile(r"\b(?:one|ones)\b", re.I)


def _one_reference(body: str, m: re.Match[str], previous: Turn, ctx: Context) -> _Reference | None:
    """ "One" standing for a noun ("What is the first one?", "Which one covers ports?"):
    the head of the previous question's topic, in the number of "one" or "ones"."""
    tokens = tokenize(body)
    at = next((t for t in tokens if t.start == m.start()), None)
    if at is None or at.index == 0:
        return None
    after = tokens[at.index + 1] if at.index + 1 < len(tokens) else None
    if after is not None and (after.kind() in ("noun", "name") or after.low == "of"):
        return None  # "one bank", "one of them": a number
    if tokens[at.index - 1].kind() not in ("det", "wh", "noun", "frame"):
        return None
    topic = _topic_noun(previous.question, ctx)
    if topic is None:
        return None
    words = _number_of(topic, plural=at.low == "ones")
    return _Reference(at.start, at.end, words, scoped="scope")


def _topic_noun(question: str, ctx: Context) -> str | None:
    """The noun (with its noun modifiers, not its count) the previous question was about:
    what its question word asked, else its subject ("the three recommendations" ->
    "recommendations")."""
    from reportqa.numbers import spelled_number

    tokens = tokenize(question)
    aux = next((t for t in tokens[1:] if t.kind() == "aux"), None)
    words: list[Token] = []
    if tokens and tokens[0].kind() == "wh" and aux is not None:
        words = [t for t in tokens[1 : aux.index] if t.kind() == "noun"]
    if not words:
        span = _subject_span(question, ctx)
        if span is None:
            return None
        words = [t for t in tokens if span[0] <= t.start < span[1] and t.kind() == "noun"]
    words = [t for t in words if spelled_number(t.low) is None]
    if not words or words[-1].kind() != "noun":
        return None
    return question[words[0].start : words[-1].end]


def _number_of(phrase: str, plural: bool) -> str:
    """The phrase with its head in the number asked ("recommendations" -> "recommendation")."""
    head = phrase.split()[-1]
    if plural and not _plural(head):
        head = head[:-1] + "ies" if re.search(r"[^aeiou]y$", head) else head + "s"
    elif not plural and _plural(head):
        head = head[:-3] + "y" if head.endswith("ies") else head[:-1]
    return " ".join([*phrase.split()[:-1], head])


# "Which harbour office …": the kind of thing a which-question asks to be named, its
# last word before the verb ("office")
_WHICH_KIND = re.compile(
    r"^\W*(?:which|what)\s+(?:[A-Za-z][\w’'-]*\s+){0,2}?([a-z][\w-]*)\s+"
    r"(?:is|are|was|were|did|does|do|has|have|had|can|could|will|would)\b",
    re.I,
)


def _demonstrative_noun(m: re.Match[str], previous: Turn, ctx: Context) -> _Reference | None:
    """ "Those statistics": the previous question's phrase with that head ("the quarterly
    NHS statistics"); "that figure", "this number": what the previous question measured; "this
    report": the report the previous answer cited."""
    noun = m.group("noun")
    if re.fullmatch(_DOC_NOUNS, noun, re.I):
        titles = previous.titles or _named_titles(previous.question, ctx)
        return _Reference(m.start(), m.end(), f"the report “{titles[0]}”") if titles else None
    asked_kind = _WHICH_KIND.match(previous.question)
    if asked_kind is not None and stem(asked_kind.group(1).lower()) == stem(noun.lower()):
        named = _answered_name(previous)  # "Which office …?" "What does that office do?"
        if named is not None:
            # the name with the noun the quote writes after it: "the North Quay berths"
            after = re.search(
                rf"{re.escape(named)}\s+({re.escape(noun[:4])}\w*)", previous.quote or "", re.I
            )
            return _Reference(
                m.start(), m.end(), f"the {named} {after.group(1)}" if after else named
            )
    tokens = tokenize(previous.question)
    for tok in reversed(tokens):
        if tok.kind() in ("noun", "frame") and stem(tok.low) == stem(noun.lower()):
            first = _phrase_with_names(tokens, tok.index)
            phrase = previous.question[tokens[first].start : tok.end]
            return _Reference(m.start(), m.end(), f"the {phrase}")
    if noun.lower() in _FRAME_NOUNS:
        topic = _antecedent(previous.question, ctx, None, measured=True)
        return _Reference(m.start(), m.end(), topic[0], scoped=topic[1]) if topic else None
    return None


def _led_phrase(question: str, ctx: Context, plural: bool | None, taken: set[str]) -> str | None:
    """The last phrase a preposition leads in the previous question that agrees with the
    pronoun ("say about the northern railway" for "propose for it"), not one
    naming a report."""
    tokens = tokenize(question)
    parts = parts_of(question, report_terms=_report_terms(question, ctx))
    for part in reversed([p for p in parts if p.kind == "noun" and p.prep]):
        head = part.tokens[-1]
        if plural is not None and _plural(head.text) != plural:
            continue
        text = _with_article(question, tokens, part.tokens[0].index, head.end)
        if text not in taken:
            return text
    return None


# ----------------------------------------------------------------------------- ellipsis
_BARE_WH = re.compile(
    r"^(?:(?P<prep>by|for|from|to|with|since|until)\s+)?(?P<wh>why|how come|where|when|how|"
    r"whom|who)$",
    re.I,
)


# "How many are there?": a quantity word with its noun left out (not "How much did it
# cost?", where "much" is what was paid)
_BARE_HOW_MANY = re.compile(
    r"^how\s+(?P<q>many|much)(?=\s+(?:is|are|was|were)\b)",
    re.I,
)


_THERE_FEWER = re.compile(
    r"\b(?:there\s+(?:is|are|was|were)|(?:is|are|was|were)\s+there)\s+"
    r"(?P<q>(?:so\s+)?(?:many|few|fewer|more|less|much))"
    r"(?=\s+than\b|\s*$)",
    re.I,
)


# nouns that name a measure of something else ("the range", "the source"): without their
# "of", the thing measured is the previous question's
_RELATIONAL = _FRAME_NOUNS | frozenset(
    "range median average mean source breakdown distribution trend change difference "
    "spread split".split()
)


_RELATIONAL_QUESTION = re.compile(
    r"^(?P<ask>(?:what|which)\s+(?:is|was|are|were)\s+the\s+)(?P<noun>\w+)(?P<rest>\s+.*)?$",
    re.I,
)
# "What is the state average?", "the national median": a statistic with a word saying
# over what it is taken, still of the thing the previous question measured
_STATISTIC = frozenset("average mean median range".split())
_QUALIFIED_STATISTIC = re.compile(
    r"^(?P<ask>(?:what|which)\s+(?:is|was|are|were)\s+the\s+(?:[a-z][\w-]*\s+){1,2}?)"
    r"(?P<noun>\w+)(?P<rest>\s+.*)?$",
    re.I,
)


def _elided_question(body: str, previous: Turn, ctx: Context) -> str | None:
    """A question that leaves out what the previous one said: a bare question word
    ("Why?", "Where?"), a quantity without its noun ("How many are there?", "Why were there
    fewer than in 2022?"), a measure without what it measures ("What is the range across
    banks?")."""
    bare = _BARE_WH.match(body)
    if bare is not None:
        wh = bare.group("wh").lower()
        if bare.group("prep"):  # "By whom?", "Since when?"
            wh = f"{bare.group('prep').lower()} {'whom' if wh == 'who' else wh}"
        elif wh in ("who", "whom"):
            return None  # "Who?" names no role: the subject, an agent, a speaker?
        return _asked_again(wh, previous.question, previous.quote)
    counted = _counted(previous.question, ctx)
    m = _THERE_FEWER.search(body)
    if m is not None and counted is not None:  # fewer than before: the same things counted
        out = f"{body[: m.end()]} {counted}{body[m.end() :]}"
        return out[0].upper() + out[1:].rstrip("?. ") + "?"
    m = _BARE_HOW_MANY.match(body) or m
    if m is not None:
        mass = m.group("q").lower().split()[-1] in ("much", "less")
        noun = _topic_phrase(previous.question, ctx, plural=not mass)
        if noun is None:
            return None
        out = f"{body[: m.end()]} {noun}{body[m.end() :]}"
        return _inherit_scope(out[0].upper() + out[1:], previous.question, ctx)
    m = _RELATIONAL_QUESTION.match(body)
    qualified = _QUALIFIED_STATISTIC.match(body)
    if (m is None or m.group("noun").lower() not in _RELATIONAL) and qualified is not None:
        if qualified.group("noun").lower() in _STATISTIC:
            m = qualified
    rest = tokenize(m.group("rest") or "") if m else []
    if m is None or m.group("noun").lower() not in _RELATIONAL | _STATISTIC:
        return None
    if rest and (rest[0].kind() != "prep" or rest[0].low == "of"):
        return None  # "the inflation rate", "the range of prices": said in full
    if (
        rest
        and rest[0].low in _NAMING_PREPOSITIONS
        and _names_new_thing(m.group("rest"), previous.question)
    ):
        return None  # "the source for the 270,000 tonnes": what it measures is said
    topic = _antecedent(previous.question, ctx, None, measured=True)
    if topic is None:
        return None
    out = f"{m.group('ask')}{m.group('noun')} of {topic[0]}{m.group('rest') or ''}"
    return _inherit_scope(out[0].upper() + out[1:], previous.question, ctx)


# "the source for X", "the trend on X": the phrase names what is measured ("across
# banks", "by region", "in 2023" narrow the previous question's thing instead)
_NAMING_PREPOSITIONS = frozenset({"for", "behind", "on", "about"})


def _names_new_thing(phrase: str, previous: str) -> bool:
    """The phrase after a measure's preposition names a figure or a thing the previous
    question did not: it says itself what is measured ("for the 270,000 tonnes"), where
    "across banks" or "in 2023" only narrow the previous question's thing."""
    said = {stem(t.low) for t in tokenize(previous)}
    for word in re.findall(r"[\w,.%$'’-]+", phrase):
        bare = word.strip(",.'’")
        if re.fullmatch(r"(?:19|20)\d\d", bare):
            continue  # a year narrows
        if any(ch.isdigit() for ch in bare) and bare not in previous:
            return True
        if (
            len(bare) > 3
            and bare.isalpha()
            and content_terms(bare)
            and stem(bare.lower()) not in said
        ):
            return True
    return False


def _new_measure(word: str, previous: str) -> bool:
    """A noun naming a measure of something ("the range", "the median") that the previous
    question did not use."""
    low = word.lower()
    return low in _RELATIONAL and all(stem(t.low) != stem(low) for t in tokenize(previous))


def _asked_again(word: str, previous: str, answered: str | None = None) -> str | None:
    """The previous question asked with another question word: "When was the bridge
    opened?" + "Where?" (or "By whom?") -> "Where was the bridge opened?"; "Which year did
    the panel choose as its base?" + "Why?" -> "Why did the panel choose that year as its
    base?", or "… choose 2010 …" when the answer it was given (``answered``, the quote)
    names one year only."""
    wh = "why" if word.lower() in ("why", "how come") else word.lower()
    tokens = tokenize(previous)
    first = next((t for t in tokens if t.kind() == "wh"), None)
    if first is None:
        return None
    aux = next((t for t in tokens[first.index + 1 :] if t.kind() == "aux"), None)
    if aux is None:
        return None
    lead = previous[: first.start]
    wh = wh if lead else wh.capitalize()
    phrase = [t for t in tokens[first.index + 1 : aux.index] if t.low not in ("many", "much")]
    if not phrase:
        if first.low in ("what", "which", "who", "whom", "whose") or first.index + 1 < aux.index:
            return None  # "What is X?" + "Why?": nothing to ask the reason of
        return f"{lead}{wh} {previous[aux.start :]}"
    if phrase[-1].kind() != "noun":
        return None
    noun = previous[phrase[0].start : phrase[-1].end]
    that = "those" if _plural(phrase[-1].text) else "that"
    thing = f"{that} {noun}"
    years = sorted(set(re.findall(r"\b(?:19|20)\d\d\b", answered or "")))
    if phrase[-1].low == "year" and len(years) == 1:
        thing = years[0]  # the year the answer gave
    if aux.low in _BE_HAVE:
        return f"{lead}{wh} {aux.text} {thing} {previous[aux.end :].strip()}"
    verb = _bare_verb(tokens, aux)
    if verb is None:
        return None
    end = tokens[verb].end
    return f"{lead}{wh} {previous[aux.start : end]} {thing}{previous[end:]}"


def _named_titles(question: str, ctx: Context) -> list[str]:
    """The title of the one report a question names (by publisher, date or a quoted run
    of its title), for a previous answer that cited none."""
    if ctx.stats is None:
        return []
    named = sorted(ctx.stats.hints(question).doc_ids)
    if len(named) != 1:
        titled = ctx.stats.titled_report(content_terms(question))
        named = [titled] if titled else []
    return [ctx.titles[d] for d in named if ctx.titles.get(d)]


def _bound_inside(body: str, at: int, plural: bool) -> bool:
    """A noun of the pronoun's number stands before it in the question itself."""
    for tok in tokenize(body[:at]):
        if tok.kind() == "noun" and _plural(tok.text) == plural:
            return True
        if tok.kind() == "name" and not plural:
            return True
    return False


def _antecedent(
    question: str, ctx: Context, plural: bool | None, measured: bool = False
) -> tuple[str, str] | None:
    """What a pronoun of this number stands for in the previous question: its subject,
    unless only the phrase its question word asks about agrees with the pronoun ("How many
    families does the camp host?" -> they: "the families that the camp hosts"), or else
    another phrase of its number ("Where have herders received the insurance?" -> it: the
    insurance). With ``measured`` (the follow-up says the thing rose, fell or was
    revised) "it" is the quantity asked about ("What growth does the bank project for
    Peru?" -> "the growth that the bank projects for Peru"), not who measured it. With the
    phrase, how much of the previous question's scope goes with it ("scope" for its topic,
    "year" for another phrase)."""
    subject = _subject(question, ctx)
    asked = _asked_phrase(question, ctx)
    if measured and asked is not None and _asked_number(question) is False:
        return asked, "scope"
    if subject is None:
        return None
    if plural is None or _plural(tokenize(subject)[-1].text) == plural:
        return subject, "scope"
    if asked is not None and _asked_number(question) == plural:
        return asked, "scope"
    other = _agreeing_phrase(question, ctx, plural, subject)
    return (other, "year") if other else (subject, "scope")


def _agreeing_phrase(question: str, ctx: Context, plural: bool, subject: str) -> str | None:
    """The first noun phrase of the previous question of the pronoun's number, other than
    its subject and the words naming a report."""
    tokens = tokenize(question)
    parts = parts_of(question, report_terms=_report_terms(question, ctx))
    for part in (p for p in parts if p.kind == "noun"):
        head = part.tokens[-1]
        first = part.tokens[0].index
        verb = re.fullmatch(r"[a-z]+ed", tokens[first].low) or tokens[first].low in _PAST_FORMS
        if verb and first > 0 and tokens[first - 1].kind() == "noun":
            first += 1  # "farmers | received | crop insurance": a verb opens the run
        if first > head.index:
            continue
        text = _with_article(question, tokens, first, _with_of(tokens, head.index))
        if _plural(head.text) == plural and text not in subject:
            return text
    return None


def _topic_phrase(question: str, ctx: Context, plural: bool) -> str | None:
    """The bare noun phrase of the previous question's topic of this number (the phrase its
    question word asked about, else its subject's): "clinics" of "How many clinics did the
    ministry open?". A run of words no article leads, or that the subject opens, may hold
    a verb ("the plan define priority corridors"): only its head is taken then."""
    tokens = tokenize(question)
    aux = next((t for t in tokens[1:] if t.kind() == "aux"), None)
    if tokens and tokens[0].kind() == "wh" and aux is not None:
        words = [t for t in tokens[1 : aux.index] if t.low not in ("many", "much")]
        if words and words[-1].kind() == "noun" and _plural(words[-1].text) == plural:
            return question[words[0].start : words[-1].end]
    parts = parts_of(question, report_terms=_report_terms(question, ctx))
    subject = _subject_span(question, ctx)
    for part in (p for p in parts if p.kind == "noun"):
        head = part.tokens[-1]
        if _plural(head.text) == plural:
            first = part.tokens[0].index
            led = first > 0 and tokens[first - 1].kind() == "det"
            inside = subject is not None and subject[0] <= part.start < subject[1] < head.end
            whole = (led and not inside) or len(part.tokens) == 1
            if whole:
                return part.text(question)
            done = _object_after_do(tokens, aux, head)
            return question[done.start : head.end] if done is not None else head.text
    return None


def _object_after_do(tokens: list[Token], aux: Token | None, head: Token) -> Token | None:
    """In a question with "do" ("How does the plan define priority corridors?"), the
    first word of the object that ends at ``head``: past the subject (an article and one
    word, or an article and a run of capitalised words) comes the bare verb, then the
    object. None when the question is not of that shape."""
    if aux is None or aux.low not in ("do", "does", "did"):
        return None
    at = aux.index + 1
    if at >= len(tokens) or tokens[at].kind() != "det":
        return None
    at += 1
    if at < len(tokens) and tokens[at].text[:1].isupper():
        while at + 1 < len(tokens) and tokens[at + 1].text[:1].isupper():
            at += 1
    verb = at + 1
    if verb + 1 > head.index or not tokens[verb].text.islower():
        return None
    words = tokens[verb + 1 : head.index + 1]
    return words[0] if words and all(t.kind() == "noun" for t in words) else None


def _inherit_year(question: str, previous: str) -> str:
    """A question that names no year asks about the previous question's."""
    if asked_years(question):
        return question
    years = asked_years(previous)
    if not years:
        return question
    parts = [p for p in parts_of(previous) if p.kind == "year" and not _dated(previous, p)]
    chosen = next((p for p in parts if int(p.tokens[0].low) in years), None)
    if chosen is None:
        return question
    phrase = f"{chosen.prep or 'in'} {chosen.text(previous)}"
    body = question.rstrip().rstrip("?").rstrip()
    return f"{body} {phrase}?"


def _inherit_scope(question: str, previous: str, ctx: Context) -> str:
    """The follow-up closed by the phrases that closed the previous question — its year,
    the report it named, the case it set ("under the high-rate scenario in the 2025
    outlook") — except those it has already, and a dated one when it asks its own year."""
    own_year = bool(_own_years(question)) or bool(_RELATIVE_YEAR.search(question))
    body = question.rstrip().rstrip("?").rstrip()
    low = body.lower()
    added = []
    for phrase in _scope(previous, ctx):
        if phrase.lower() in low or (own_year and find_years(phrase)):
            continue
        added.append(phrase)
    return f"{body} {' '.join(added)}?" if added else f"{body}?"


def _own_years(question: str) -> list[int]:
    """The years a question asks about itself, not those it compares with ("than in
    2022")."""
    kept = re.sub(
        r"\b(?:than|from|since|compared\s+(?:with|to))\s+(?:in\s+)?\d{4}\b", " ", question
    )
    return asked_years(kept)


def _scope(question: str, ctx: Context) -> list[str]:
    """The phrases led by prepositions that close a question, after its subject and verb:
    "under the high-rate scenario", "in the 2025 outlook"."""
    tokens = tokenize(question)
    span = _subject_span(question, ctx)
    floor = next((t.index for t in tokens if span and t.start >= span[1]), len(tokens))
    first = None
    for i in range(len(tokens) - 1, floor - 1, -1):
        kind = tokens[i].kind()
        if kind == "prep":
            first = i
        elif kind not in ("det", "noun", "name", "year", "number", "frame", "conj"):
            break
    if first is None:
        return []
    phrases: list[str] = []
    start = first
    for i in range(first + 1, len(tokens) + 1):
        if i < len(tokens) and tokens[i].kind() == "prep" and tokens[i - 1].kind() == "prep":
            if tokens[i - 1].low != "according":  # "work across | in 2024": stranded
                start = i
            continue
        if i == len(tokens) or tokens[i].kind() == "prep":
            words = tokens[start:i]
            infinitive = words[0].low == "to" and len(words) > 1 and words[1].kind() == "noun"
            stranded = all(w.kind() == "prep" for w in words)  # "stand | for"
            role = words[0].low == "as"  # "suggest | as the new base year": a role, no scope
            if not infinitive and not stranded and not role:  # "to strengthen" is a purpose
                phrases.append(question[words[0].start : words[-1].end])
            start = i
    return phrases
