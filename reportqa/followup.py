"""Follow-up questions read against the conversation: "And what about exports?" after a
question on imports is that question again, with exports in imports' place.

A pure function of the previous turns and the new question. Everything comes from the
grammar of English questions and from the answerer's own analysis of the previous one
(:mod:`reportqa.answering.question`, :mod:`reportqa.corpus_stats`), never from a field's words:

- **Elliptical forms** — "And what about X?", "What about X?", "How about X?", "What of
  X?", "Same for X", "And for X?", "And in 2023?", a bare "And X?" — give only the part
  that changes. The previous question is cut into parts (its question frame, noun
  phrases, names, asked years and months, the words naming a report); each part of the
  fragment replaces the previous part of the same kind (a year the asked year, a month
  the asked month, a name the name in the same slot — the one its preposition leads,
  also inside a longer name —, a noun phrase the noun phrase in the same role, a
  coordination as a whole, "the X rate" the X measured); the rest is inherited, filters
  included, and the auxiliary agrees with a subject of another number.
- **Pronouns** — "Who wrote it?", "What did it cover?", "Why did they close?" — stand for
  the report the previous answer cited (when the question asks about a document) or for
  the previous question's subject, or for the phrase its question word asked about when
  only that agrees in number ("How many families does the camp host?" — "they": "the
  families that the camp hosts"); the asked year is inherited.
- **Comparisons** — "Is that more than in 2020?" — ask the previous question again with
  the new part, and say which way to compare the two answers.
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

from reportqa.answering import asked_years, entities_in, materials_in, stages_in
from reportqa.models import Citation, Claim, RetrievalFilters
from reportqa.numbers import find_years
from reportqa.words import STOPWORDS, content_terms, stem

if TYPE_CHECKING:
    from reportqa.corpus_stats import CorpusStats

# ----------------------------------------------------------------------------- grammar
_WH = frozenset("what which who whom whose when where why how".split())
_AUX = frozenset(
    "is are was were be been being do does did has have had will would can could should "
    "shall may might must".split()
)
_DET = frozenset(
    "the a an this that these those its their his her our my your some any each every".split()
)
_PREP = frozenset(
    "of in on at to for by with from about over under between during after before since "
    "until into among per across than within without through towards toward versus vs "
    "according as".split()
)
_CONJ = frozenset("and or but nor".split())
_PRONOUNS = frozenset("it they them its their".split())
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
_DOC_NOUNS = (
    r"(?:report|paper|note|digest|study|brief|briefing|analysis|publication|document|"
    r"update|outlook|review|guide|guidelines|bulletin|survey|assessment|evaluation|source)s?"
)
_OTHER_REPORT = re.compile(
    rf"\b(?:the\s+other|other|another|the\s+remaining|the\s+rest\s+of\s+the)\s+{_DOC_NOUNS}\b",
    re.I,
)
# Verbs a document is the subject of ("it covers", "it says"): with a pronoun as their
# subject, the pronoun stands for the report the previous answer cited.
_DOC_VERBS = re.compile(
    r"\b(?:cover|covers|covered|say|says|said|find|finds|found|conclude|concludes|concluded|"
    r"recommend|recommends|recommended|argue|argues|argued|describe|describes|described|"
    r"discuss|discusses|discussed|propose|proposes|proposed|mention|mentions|mentioned|"
    r"address|addresses|addressed|cite|cites|cited|publish|published|wrote|written|write|"
    r"author|authored|issue|issued|release|released|title|titled|about)\b",
    re.I,
)
# A reply of this many words with no question word and no lead ("Exports?") is a fragment.
_BARE_WORDS = 3
_TOKEN = re.compile(r"[\w$][\w'’&/%.-]*")
_YEAR = re.compile(r"^(?:19|20)\d\d$")
_MONTH_WORDS = frozenset(
    "january february march april may june july august september october november december".split()
)
_SUFFIXES = (
    "ings",
    "ing",
    "tions",
    "tion",
    "sions",
    "sion",
    "ments",
    "ment",
    "ities",
    "ity",
    "ness",
    "ances",
    "ance",
    "ences",
    "ence",
    "ers",
    "er",
    "ors",
    "or",
    "ists",
    "ist",
    "als",
    "al",
    "ics",
    "ic",
    "ies",
    "ed",
)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    index: int

    @property
    def low(self) -> str:
        return self.text.lower().strip("'’")

    def kind(self, initial_is_name: bool = False) -> str:
        """year | wh | aux | det | prep | conj | frame | name | noun | number."""
        low = self.low
        if _YEAR.match(low):
            return "year"
        if re.match(r"^[$\d][\d.,%$]*$", low):
            return "number"
        for kind, words in (
            ("wh", _WH),
            ("aux", _AUX),
            ("det", _DET),
            ("prep", _PREP),
            ("conj", _CONJ),
        ):
            if low in words:
                return kind
        if low in STOPWORDS or not content_terms(self.text):
            return "frame"
        bare = re.sub(r"['’]s$", "", self.text)
        capital = bare[:1].isupper() and (self.index > 0 or initial_is_name)
        if capital or (len(bare) > 1 and bare.replace(".", "").isupper()):
            return "name" if low not in _MONTH_WORDS else "frame"
        return "noun"


def tokenize(text: str) -> list[Token]:
    out: list[Token] = []
    for m in _TOKEN.finditer(text):
        word, end = m.group(0), m.end()
        while word.endswith(".") and word.count(".") == 1 or word.endswith(("'", "’", "-", "/")):
            word, end = word[:-1], end - 1
        if word:
            out.append(Token(word, m.start(), end, len(out)))
    return out


@dataclass
class Part:
    """A run of the question's words of one kind, with the preposition that leads it."""

    kind: str  # name | noun | year | report
    tokens: list[Token]
    prep: str | None = None

    @property
    def start(self) -> int:
        return self.tokens[0].start

    @property
    def end(self) -> int:
        return self.tokens[-1].end

    def text(self, source: str) -> str:
        return source[self.start : self.end]

    @property
    def terms(self) -> list[str]:
        return [t for tok in self.tokens for t in content_terms(tok.text)]


def parts_of(
    text: str, initial_is_name: bool = False, report_terms: frozenset[str] = frozenset()
) -> list[Part]:
    """The question's parts: noun phrases, names, asked years and months, the words naming
    a report.

    "of"/"and" between two capitalised words stay inside a name ("Bank of England"); a
    noun run ends at a word in past tense after its first word ("hospitals | closed",
    "banks | took part"), unless it modifies the noun after it ("the median projected
    loss rate").
    """
    tokens = tokenize(text)
    kinds = [t.kind(initial_is_name) for t in tokens]
    for i in range(1, len(tokens) - 1):
        if kinds[i] in ("prep", "conj") and tokens[i].low in ("of", "and", "&", "for", "on"):
            if kinds[i - 1] == "name" and kinds[i + 1] == "name":
                kinds[i] = "name"
    for i, kind in enumerate(kinds):  # "Flight 610", "737 MAX": a number inside a name
        if kind == "number" and "name" in kinds[max(i - 1, 0) : i + 2]:
            kinds[i] = "name"
        elif kind == "number" and 0 < i < len(kinds) - 1 and kinds[i - 1] == kinds[i + 1] == "noun":
            kinds[i] = "noun"  # "phase 2 works": a number inside a noun phrase
    parts: list[Part] = []
    current: Part | None = None
    prep: str | None = None
    for tok, kind in zip(tokens, kinds, strict=True):
        # a date before a noun is inside its phrase ("of the January 2023 WEO Update"):
        # the preposition leads the noun too
        inside = tok.index + 1 < len(tokens) and kinds[tok.index + 1] in ("name", "noun")
        if _is_month(tokens, tok.index, kind):
            current = None
            parts.append(Part("month", [tok], prep))
            prep = prep if inside or kinds[tok.index + 1 : tok.index + 2] == ["year"] else None
            continue
        if kind in ("name", "noun"):
            terms = set(content_terms(tok.text))
            if terms and terms <= report_terms:
                kind = "report"
            verb_like = (
                kind == "noun"
                and current is not None
                and current.kind == "noun"
                and (tok.low.endswith("ed") or tok.low in _PAST_FORMS)
                and not _modifying(tokens, kinds, tok.index)
            )
            if current is not None and current.kind == kind and not verb_like:
                current.tokens.append(tok)
                continue
            current = Part(kind, [tok], prep)
            parts.append(current)
            prep = None
            continue
        current = None
        if kind == "year":
            parts.append(Part("year", [tok], prep))
            prep = prep if inside else None
        elif kind == "prep":
            prep = tok.low
        elif kind != "det":
            prep = None
    return _whole_names(parts)


def _nouns_through_titles(parts: list[Part]) -> list[Part]:
    out: list[Part] = []
    for part in parts:
        mid = out[-1] if out else None
        if (
            part.kind == "noun"
            and part.prep is None
            and mid is not None
            and mid.kind == "report"
            and mid.tokens[0].text.islower()
            and part.tokens[0].index == mid.tokens[-1].index + 1
        ):
            first = out[-2] if len(out) > 1 else None
            if (
                first is not None
                and first.kind == "noun"
                and mid.prep is None
                and mid.tokens[0].index == first.tokens[-1].index + 1
            ):
                first.tokens.extend([*mid.tokens, *part.tokens])
                out.pop()
            else:
                mid.kind = "noun"
                mid.tokens.extend(part.tokens)
            continue
        out.append(part)
    return out


def _modifying(tokens: list[Token], kinds: list[str], i: int) -> bool:
    """A word in -ed after a noun modifies the noun after it ("the median | projected loss
    rate") where "do" or "be" carries the question's verb; after "have", or with no
    auxiliary, it is the verb ("have farmers | received crop insurance", "How many
    hospitals | closed")."""
    if kinds[i + 1 : i + 2] != ["noun"]:
        return False
    aux = next((t for t in reversed(tokens[:i]) if t.kind() == "aux"), None)
    return aux is not None and aux.low not in ("has", "have", "had")


def _whole_names(parts: list[Part]) -> list[Part]:
    """A run of capitalised words is one name: it names a report only when every word of
    it does ("the National Water | Plan" is one name, not a report's and another). Words
    of a report's title in lower case before a noun are the noun's phrase ("industrial |
    drinking water | tariffs" is one phrase)."""
    parts = _nouns_through_titles(parts)
    out: list[Part] = []
    for part in parts:
        last = out[-1] if out else None
        if (
            last is not None
            and {last.kind, part.kind} == {"name", "report"}
            and part.tokens[0].index == last.tokens[-1].index + 1
            and all(t.text[:1].isupper() for t in (*last.tokens, *part.tokens))
        ):
            last.tokens.extend(part.tokens)
            last.kind = "name"
            continue
        out.append(part)
    return out


def _is_month(tokens: list[Token], i: int, kind: str) -> bool:
    """A month's name ("in April 2022"); "may" only where no verb could stand: after a
    preposition or before a year."""
    tok = tokens[i]
    if tok.low not in _MONTH_WORDS:
        return False
    if kind != "aux":
        return True
    after_prep = i > 0 and tokens[i - 1].kind() == "prep"
    before_year = i + 1 < len(tokens) and tokens[i + 1].kind() == "year"
    return tok.text[:1].isupper() and (after_prep or before_year)


def _suffix(word: str) -> str:
    low = re.sub(r"['’]s?$", "", word.lower())
    for s in _SUFFIXES:
        if low.endswith(s) and len(low) > len(s) + 2:
            return s.rstrip("s") if s.endswith("s") and len(s) > 3 else s
    if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
        return "s"
    return ""


def _groups(word: str) -> set[str]:
    """The profile's groups a word falls in, by kind ("stage", "material", "actor")."""
    out: set[str] = set()
    if stages_in(word):
        out.add("stage")
    if materials_in(word):
        out.add("material")
    if entities_in(word):
        out.add("actor")
    return out


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
        if full != body:
            full = full[:1].upper() + full[1:]
            return Resolution(full, full, inherited, previous=previous)
    return None


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


_RELATIVE_YEAR = re.compile(
    r"\b(?:(?P<n>a|one|two|three|\d)\s+years?\s+(?P<dir>earlier|before|later|after)"
    r"|the\s+(?P<dir2>previous|prior|preceding|following|next)\s+year"
    r"|the\s+year\s+(?P<dir3>before|after)|(?P<last>last)\s+year)\b",
    re.I,
)
_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3}


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
        return body  # "And in the Ethiopian Airlines Flight 302 accident?": any length
    if len(tokens) > ctx.max_fragment_words:
        return None
    if led or (asks and (tokens[0].low in _PREP or len(tokens) <= _BARE_WORDS)):
        return body
    return None


def _direction(word: str) -> str:
    return "more" if word.lower() in ("more", "higher", "greater", "bigger", "larger",
                                       "above", "up") else "less"  # fmt: skip


def _same(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def _report_terms(question: str, ctx: Context) -> frozenset[str]:
    """The words of a question that name a report (its publisher, its title quoted)."""
    if ctx.stats is None:
        return frozenset()
    terms = content_terms(question)
    hints = ctx.stats.hints(question)
    return frozenset(hints.naming | ctx.stats.title_runs(terms))


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


def _common(part: Part) -> bool:
    """A common noun phrase: a noun run, or words naming a report written in lower case."""
    return part.kind == "noun" or (part.kind == "report" and part.tokens[0].text.islower())


def _coordinated(parts: list[Part], fragment: str) -> list[Part]:
    """Noun phrases joined by "and"/"or" are one phrase ("small and medium firms"): the
    coordination takes one slot."""
    tokens = tokenize(fragment)
    out: list[Part] = []
    for part in parts:
        last = out[-1] if out else None
        if (
            last is not None
            and last.kind == part.kind == "noun"
            and part.prep is None
            and part.tokens[0].index == last.tokens[-1].index + 2
            and tokens[last.tokens[-1].index + 1].kind() == "conj"
        ):
            last.tokens.extend([tokens[last.tokens[-1].index + 1], *part.tokens])
            continue
        out.append(part)
    return out


def _is_unit(words: str) -> bool:
    """A unit of measure ("dollars", "per cent", "tonnes"), as the number reader knows them."""
    from reportqa.numbers import parse_quantity

    quantity = parse_quantity(f"1 {words}")
    return bool(quantity and quantity.unit)


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


def _run_start(tokens: list[Token], index: int) -> int:
    """First modifier of the noun phrase whose head is at ``index``: nouns, quantity words,
    a number with the word it counts ("phase 2"), coordinated modifiers."""
    i = index
    while i > 0:
        if _modifier(tokens[i - 1]):
            i -= 1
        elif tokens[i - 1].kind() == "number" and i > 1 and _modifier(tokens[i - 2]):
            i -= 2
        elif i > 1 and tokens[i - 1].kind() == "conj" and _modifier(tokens[i - 2]):
            i -= 2
        else:
            break
    return i


def _units(tokens: list[Token]) -> list[tuple[int, int]]:
    """The modifiers of a phrase as units: a word, a word with its number ("phase 2"), a
    coordination ("smelting and separation"). (first, last) indexes into ``tokens``."""
    units: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        j = i
        while j + 1 < len(tokens) and (
            tokens[j + 1].kind() == "number"
            or tokens[j + 1].kind() == "conj"
            or (j >= i and tokens[j].kind() == "conj")
        ):
            j += 1
        units.append((i, j))
        i = j + 1
    return units


def _contrast_edit(
    prev_tokens: list[Token], p_head: int, frag_tokens: list[Token], f_head: int, fragment: str
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
# plurals that do not end in -s
_PLURALS = frozenset("people children men women staff police".split())


def _plural(word: str) -> bool:
    low = word.lower().strip("'’")
    if low in _PLURALS:
        return True
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))


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


def _dated(previous: str, part: Part) -> bool:
    before = previous[: part.start].split()
    return bool(before) and before[-1].lower().strip(",") in _MONTH_WORDS


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
            return _contrast_edit(prev_tokens, tok.index, frag_tokens, head.index, fragment)
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


def _modifier(tok: Token) -> bool:
    return tok.kind() in ("noun", "frame") and (tok.low not in STOPWORDS or tok.low in _FRAME_NOUNS)


# words that make a conjunct of a list ("X and other Y", "X or similar Y")
_OTHER = frozenset({"other", "similar", "related"})


# nouns among the stopwords that head a quantity's phrase ("the inflation rate")
_FRAME_NOUNS = frozenset(
    "share figure figures number amount level total rate value percent percentage".split()
)


def _phrase_start(tokens: list[Token], index: int) -> int:
    """First word of the noun phrase ending at ``index``: back to a determiner, a
    preposition, a question word or an auxiliary."""

    def modifier(j: int) -> bool:
        return tokens[j].kind() in ("noun", "frame") and (
            tokens[j].low not in STOPWORDS or tokens[j].low in _FRAME_NOUNS
        )

    i = index
    while i > 0:
        if modifier(i - 1):
            i -= 1
        elif i > 1 and tokens[i - 1].kind() == "conj" and modifier(i - 2):
            i -= 2  # "smelting and separation quota": one phrase
        else:
            break
    return i


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
            if part.prep is not None and slot.prep == part.prep:
                score += _SAME_PREPOSITION
            if rank == 0:
                score += 1.0 if tok is slot.tokens[-1] else 0.5
            elif tok is slot.tokens[-1]:
                score += 0.25
            if best is None or score > best[0]:
                best = (score, slot, tok)
    return (best[1], best[2]) if best else None


# what leading with the same preposition adds to a slot ("on X" for "on Y")
_SAME_PREPOSITION = 2.0


def _role_evidence(new: Token, new_groups: set[str], old: Token, ctx: Context) -> float:
    """How much says that ``new`` plays ``old``'s role: the same profile group kind, the
    same word form, listed together in the corpus."""
    score = 0.0
    if new_groups & _groups(old.text):
        score += 4.0
    if _suffix(old.text) == _suffix(new.text):
        score += 2.0 if _suffix(old.text) else 0.5
    if ctx.related is not None:
        score += 3.0 * ctx.related(new.low, old.low)
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
    return max(evidence, default=0.0) >= _ROLE_EVIDENCE


# the evidence (a shared suffix, a profile group, a listing in the corpus) that a word
# capitalised only by its place plays a noun's role
_ROLE_EVIDENCE = 2.0


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

    def fit(p: Part) -> float:
        score = 2.0 if part.prep and p.prep == part.prep else 0.0
        if part.prep is None and p.prep in _PLACE_PREPS:
            score += 0.5
        if p.kind == "noun":
            return score + p.tokens[0].index / 1000
        if part.prep is None and p.prep is None:  # subject for subject, object for object
            score += _SAME_BARE_SLOT
        if new_actor and entities_in(p.text(previous)):
            score += 2.0
        if p.text(previous).isupper() == words.isupper():  # an acronym for an acronym
            score += 1.0
        if _numbered(p.text(previous)) != _numbered(words):  # "Table 2" is not a place
            score -= _NUMBERED_MISMATCH
        if ctx.related is not None:
            score += 3.0 * ctx.related(part.tokens[-1].low, p.tokens[-1].low)
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


def _numbered(words: str) -> bool:
    """A name that counts or labels ("Table 2", "Route 9", "Ward 4B")."""
    return bool(re.search(r"\d", words))


# what a name numbered like a label loses as the slot of a name that is not (and back)
_NUMBERED_MISMATCH = 1.5
# prepositions that set a question's place or scope: a bare name most often moves them
_PLACE_PREPS = frozenset({"in", "for", "across", "within", "among"})
# a bare name ("And the Korean Committee?") for a name standing bare in the previous
# question, its subject or object: more than a place's pull, less than a preposition's
_SAME_BARE_SLOT = 0.25


def _inner_names(name: Part) -> list[Part]:
    """The names a preposition joins inside a longer one ("the ESF Coordinator | for | ESF
    #8"), each led by that preposition: a fragment led by it ("And for ESF #12?") replaces
    the part after it, not the whole."""
    out: list[Part] = []
    for i, tok in enumerate(name.tokens[1:-1], start=1):
        if tok.kind() == "prep":
            out.append(Part("name", name.tokens[i + 1 :], tok.low))
    return out


# ----------------------------------------------------------------------------- pronouns
_PRONOUN = re.compile(r"\b(it|they|them|its|their)\b", re.I)
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
    r"so\s+little)\b",
    re.I,
)


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
    if word in ("it", "this", "that"):
        rest = re.sub(r"\S*\d\S*", " ", body[:start] + " " + body[end:])  # "above 10%"
        if len(content_terms(_PRONOUN.sub(" ", rest))) > ctx.max_pronoun_terms:
            return None
    elif _bound_inside(body, start, plural=word in ("they", "them", "their")):
        return None
    possessive = word in ("its", "their")
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


def _demonstrative_noun(m: re.Match[str], previous: Turn, ctx: Context) -> _Reference | None:
    """ "Those statistics": the previous question's phrase with that head ("the quarterly
    NHS statistics"); "that figure", "this number": what the previous question measured; "this
    report": the report the previous answer cited."""
    noun = m.group("noun")
    if re.fullmatch(_DOC_NOUNS, noun, re.I):
        titles = previous.titles or _named_titles(previous.question, ctx)
        return _Reference(m.start(), m.end(), f"the report “{titles[0]}”") if titles else None
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


def _phrase_with_names(tokens: list[Token], index: int) -> int:
    """First word of the noun phrase ending at ``index``, names inside it included ("the
    quarterly NHS | statistics")."""
    i = index
    while i > 0 and (_modifier(tokens[i - 1]) or tokens[i - 1].kind() in ("name", "number")):
        i -= 1
    return i


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


def _with_article(question: str, tokens: list[Token], first: int, end: int) -> str:
    """The phrase from token ``first`` to ``end`` as a thing spoken of before: "the" leads
    it ("crop insurance" -> "the crop insurance"), unless another determiner did."""
    start = tokens[first].start
    if first > 0 and tokens[first - 1].kind() == "det":
        start = tokens[first - 1].start
        return question[start:end]
    return f"the {question[start:end]}" if tokens[first].kind() == "noun" else question[start:end]


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
        return _asked_again(wh, previous.question)
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
    rest = tokenize(m.group("rest") or "") if m else []
    if m is None or m.group("noun").lower() not in _RELATIONAL:
        return None
    if rest and (rest[0].kind() != "prep" or rest[0].low == "of"):
        return None  # "the inflation rate", "the range of prices": said in full
    topic = _antecedent(previous.question, ctx, None, measured=True)
    if topic is None:
        return None
    out = f"{m.group('ask')}{m.group('noun')} of {topic[0]}{m.group('rest') or ''}"
    return _inherit_scope(out[0].upper() + out[1:], previous.question, ctx)


def _counted(question: str, ctx: Context) -> str | None:
    """What a "How many" question counted, as a noun with its description: "How many
    ferries operated in 2019?" -> "ferries that operated in 2019"; "How many wells did the
    district build?" -> "wells that the district built". A comparison ("fewer than the year
    before") counts the same things."""
    tokens = tokenize(question)
    if len(tokens) < 3 or tokens[0].low != "how" or tokens[1].low not in ("many", "much"):
        return None
    nouns = list(itertools.takewhile(lambda t: t.kind() == "noun", tokens[2:]))
    if not nouns:
        return None
    after = tokens[2 + len(nouns)] if 2 + len(nouns) < len(tokens) else None
    if after is not None and after.kind() == "aux":
        asked = _asked_phrase(question, ctx)
        return asked[len("the ") :] if asked and asked.startswith("the ") else asked
    if len(nouns) < 2:
        return None
    # no auxiliary: the last word of the run is the verb ("ferries | operated in 2019")
    rest = question[nouns[-1].start :].strip().rstrip("?.! ")
    return f"{question[nouns[0].start : nouns[-2].end]} that {rest}"


def _new_measure(word: str, previous: str) -> bool:
    """A noun naming a measure of something ("the range", "the median") that the previous
    question did not use."""
    low = word.lower()
    return low in _RELATIONAL and all(stem(t.low) != stem(low) for t in tokenize(previous))


def _asked_again(word: str, previous: str) -> str | None:
    """The previous question asked with another question word: "When was the bridge
    opened?" + "Where?" (or "By whom?") -> "Where was the bridge opened?"; "Which year did
    the panel choose as its base?" + "Why?" -> "Why did the panel choose that year as its
    base?"."""
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
    if aux.low in _BE_HAVE:
        return f"{lead}{wh} {aux.text} {that} {noun} {previous[aux.end :].strip()}"
    verb = _bare_verb(tokens, aux)
    if verb is None:
        return None
    end = tokens[verb].end
    return f"{lead}{wh} {previous[aux.start : end]} {that} {noun}{previous[end:]}"


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


def _with_of(tokens: list[Token], index: int) -> int:
    """Where a noun phrase ending at ``index`` ends with its "of" complement ("the
    proportion | of countries")."""
    end = tokens[index].end
    i = index + 1
    if i < len(tokens) and tokens[i].low == "of":
        j = i + 1
        while j < len(tokens) and tokens[j].kind() == "det":
            j += 1
        while j < len(tokens) and tokens[j].kind() in ("noun", "name"):
            end = tokens[j].end
            j += 1
    return end


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
            return part.text(question) if whole else head.text
    return None


def _asked_number(question: str) -> bool | None:
    """Whether the phrase a question word asks about ("How many families", "What share
    of firms") is plural."""
    tokens = tokenize(question)
    aux = next((t for t in tokens[1:] if t.kind() == "aux"), None)
    asked = tokens[1 : aux.index if aux else 0]
    asked = list(itertools.takewhile(lambda t: t.low != "of", asked))  # "share | of firms"
    nouns = [t for t in asked if t.kind() == "noun" or t.low in _FRAME_NOUNS]
    return _plural(nouns[-1].text) if nouns else None


def _participle(tok: Token) -> bool:
    """A past participle by its form ("received", "taken", "built", "held")."""
    low = tok.low
    return (
        tok.kind() in ("noun", "frame")
        and (low.endswith(("ed", "en")) or low in _IRREGULAR_PAST.values())
        and not low.endswith("een")
    )


def _amount(question: str, ctx: Context) -> str | None:
    """What a "how much" or "how many" question asked for, as a phrase: "How much did
    Oslo give to the fund?" -> "the amount that Oslo gave to the fund"; "How many wells
    did the district build?" -> "the number of wells that the district built"."""
    tokens = tokenize(question)
    if len(tokens) < 3 or tokens[0].low != "how" or tokens[1].low not in ("much", "many"):
        return None
    if tokens[2].kind() == "aux":
        return _asked_phrase(
            question, ctx, phrase="amount" if tokens[1].low == "much" else "number"
        )
    counted = _counted(question, ctx)
    return f"the number of {counted}" if counted else None


def _asked_phrase(question: str, ctx: Context, phrase: str | None = None) -> str | None:
    """The phrase a question word asks about, as the object of the rest of the question:
    "Which seven lifelines does the framework identify?" -> "the seven lifelines that the
    framework identifies". ``phrase`` names what a bare "how much" asked for."""
    tokens = tokenize(question)
    if not tokens or tokens[0].kind() != "wh":
        return None
    aux = next((t for t in tokens[1:] if t.kind() == "aux"), None)
    if aux is None:
        return None
    words = [t for t in tokens[1 : aux.index] if t.low not in ("many", "much")]
    if phrase is None:
        if not words or words[-1].kind() != "noun":
            return None
        phrase = question[words[0].start : words[-1].end]
    rest = question[aux.end :].strip().rstrip("?.! ").strip()
    rest_tokens = tokenize(rest)
    if aux.low in ("has", "have", "had") and not any(_participle(t) for t in rest_tokens):
        return f"the {phrase} that {aux.low} {rest}"  # "What share of firms | had a loan"
    if aux.low in ("is", "are", "was", "were") and rest_tokens and rest_tokens[0].kind() == "noun":
        return f"the {phrase} {rest}"  # "What growth is projected for Peru" -> "the growth
        # projected for Peru": the passive's subject is the thing asked about
    subject = _subject(question, ctx)
    if not rest_tokens or subject is None or not rest.startswith(subject):
        return None
    clause = rest[len(subject) :].strip()
    words_after = clause.split()
    while len(words_after) > 1 and words_after[0][:1].isupper():  # "... Rakhine | State"
        subject = f"{subject} {words_after.pop(0)}"
    if not words_after:
        return None
    verb, tail = words_after[0], " ".join(words_after[1:])
    if aux.low in ("does", "do", "did"):
        verb = _inflect(verb, aux.low)
    else:
        verb = f"{aux.low} {verb}"
    return " ".join(f"the {phrase} that {subject} {verb} {tail}".split())


# past tenses not made with -ed
_IRREGULAR_PAST = {
    "be": "was", "have": "had", "do": "did", "make": "made", "take": "took", "give": "gave",
    "find": "found", "hold": "held", "buy": "bought", "spend": "spent", "send": "sent",
    "get": "got", "put": "put", "set": "set", "cut": "cut", "pay": "paid", "say": "said",
    "see": "saw", "lose": "lost", "keep": "kept", "leave": "left", "bring": "brought",
    "build": "built", "sell": "sold", "tell": "told", "write": "wrote", "lead": "led",
    "meet": "met", "run": "ran", "grow": "grew", "know": "knew", "become": "became",
    "begin": "began", "choose": "chose", "fall": "fell", "rise": "rose", "win": "won",
    "draw": "drew", "feed": "fed", "fight": "fought", "teach": "taught", "think": "thought",
}  # fmt: skip


# past tenses not made with -ed that differ from the verb ("took", not "cut")
_PAST_FORMS = frozenset(v for k, v in _IRREGULAR_PAST.items() if v != k)


def _inflect(verb: str, aux: str) -> str:
    """The verb a do-auxiliary carried, inflected as it stands without it ("does host" ->
    "hosts", "did close" -> "closed", "do hold" -> "hold")."""
    low = verb.lower()
    if aux == "do":
        return verb
    if aux == "did":
        if low in _IRREGULAR_PAST:
            return _IRREGULAR_PAST[low]
        if low.endswith("e"):
            return verb + "d"
        if re.search(r"[^aeiou]y$", low):
            return verb[:-1] + "ied"
        return verb + "ed"
    if low in ("have", "be"):
        return {"have": "has", "be": "is"}[low]
    if re.search(r"(?:s|x|z|ch|sh|o)$", low):
        return verb + "es"
    if re.search(r"[^aeiou]y$", low):
        return verb[:-1] + "ies"
    return verb + "s"


# auxiliaries followed by a participle or a complement, not by a bare verb
_BE_HAVE = frozenset("is are was were be been being has have had".split())


def _subject(question: str, ctx: Context) -> str | None:
    """The previous question's grammatical subject: the phrase after its auxiliary ("did
    Chile export" -> Chile), else its first noun phrase ("How many hospitals closed")."""
    span = _subject_span(question, ctx)
    return question[span[0] : span[1]] if span else None


def _subject_span(question: str, ctx: Context) -> tuple[int, int] | None:
    """Where the subject stands in the question; a possessive name goes with the noun it
    owns ("was | Kenya's output | in 2022")."""
    tokens = tokenize(question)
    parts = _coordinated(parts_of(question, report_terms=_report_terms(question, ctx)), question)
    aux = next((t for t in tokens[1:] if t.kind() == "aux"), None)
    if aux is not None:
        # the words naming a report can be the subject too ("did the Thematic Fund raise")
        after = [p for p in parts if p.start > aux.start and p.kind in ("name", "noun", "report")]
        between = tokens[aux.index + 1 : after[0].tokens[0].index] if after else []
        if after and all(t.kind() in ("det", "frame") for t in between):
            start = between[0].start if between else after[0].start
            end = _with_names(tokens, parts, _through_names(after, _owned(after, question)))
            verb = _bare_verb(tokens, aux) if aux.low not in _BE_HAVE else None
            if verb is not None and tokens[verb - 1].end >= start:  # "did the Alder Valley
                end = tokens[verb - 1].end  # hospital | employ"
            return start, end
    nouns = [p for p in parts if p.kind == "noun"]
    if nouns and tokens[0].low == "who" and nouns[0].tokens[0].index == 1:
        # "Who | attended | the workshop": "who" is the subject, the verb follows it; what
        # a pronoun can stand for is the object
        nouns = [p for p in nouns[1:] if p.tokens[0].index > 1] or [
            Part("noun", nouns[0].tokens[1:], None)
        ]
        if not nouns[0].tokens:
            return None
        first = nouns[0].tokens[0].index
        if tokens[first - 1].kind() == "det":
            return tokens[first - 1].start, _with_names(tokens, parts, nouns[0])
    if not nouns:
        return None
    owner = [p for p in parts if p.end < nouns[0].start and p.kind == "name"]
    start = nouns[0].start
    if (
        owner
        and _possessive(owner[-1], question)
        and owner[-1].tokens[-1].index + 1 == nouns[0].tokens[0].index
    ):
        start = owner[-1].start
    return start, _with_names(tokens, parts, nouns[0])


def _possessive(part: Part, question: str) -> bool:
    """A name ending in "'s" or "s'" ("Kenya's", "Lloyds Banks'")."""
    return bool(re.search(r"['’]s$", part.tokens[-1].text)) or question[
        part.end : part.end + 1
    ] in ("'", "’")


def _owned(after: list[Part], question: str) -> Part:
    """The part a subject's phrase ends with: the noun a possessive name owns, if any."""
    first = after[0]
    if (
        first.kind == "name"
        and len(after) > 1
        and after[1].kind == "noun"
        and after[1].tokens[0].index == first.tokens[-1].index + 1
        and _possessive(first, question)
    ):
        return after[1]
    return first


def _through_names(parts: list[Part], part: Part) -> Part:
    """A phrase goes on through a name inside it and the noun after that name ("the
    projected minimum | CET1 | ratio")."""
    i = parts.index(part)
    while (
        i + 2 < len(parts)
        and parts[i + 1].kind == "name"
        and parts[i + 2].kind == "noun"
        and parts[i + 1].tokens[0].index == parts[i].tokens[-1].index + 1
        and parts[i + 2].tokens[0].index == parts[i + 1].tokens[-1].index + 1
    ):
        i += 2
    return parts[i]


# bare verbs the word lists count as stopwords ("did Oslo give", "did the firm hold")
_FRAME_VERBS = frozenset("give hold account say state".split())
# verbs whose complement is no object: the verb heads the run, what follows describes
_COPULAS = frozenset("become remain seem stay appear prove".split())


def _bare_verb(tokens: list[Token], aux: Token) -> int | None:
    """The index of the bare verb "do" or a modal carries ("did the district | build in
    2021", "does the camp | host?"), or None. The words do not tell a verb by their form:
    it closes a run of nouns that a preposition, a date or the end follows, and it follows
    the subject's own words (a run of one word after "other" or "and" is a noun). A run
    "of" follows is a noun's ("the fourth edition | of"); a copula heads its run ("become
    | effective")."""
    i = aux.index + 1
    while i < len(tokens):
        if tokens[i].kind() != "noun" and tokens[i].low not in _FRAME_VERBS:
            i += 1
            continue
        if tokens[i].low in _FRAME_VERBS and i > aux.index + 1:
            return i  # "did Oslo | give to the fund"
        j = i
        while j + 1 < len(tokens) and tokens[j + 1].kind() == "noun":
            j += 1
        copula = next((k for k in range(i, j + 1) if tokens[k].low in _COPULAS), None)
        if copula is not None and copula > aux.index + 1:
            return copula
        after = tokens[j + 1].kind() if j + 1 < len(tokens) else None
        closes = after in (None, "prep", "det", "year", "number", "wh")
        if after == "prep" and tokens[j + 1].low == "of":
            closes = False
        before = tokens[i - 1]
        follows_subject = before.kind() in ("name", "noun") or (
            before.kind() == "frame" and before.low not in _OTHER and before.index > aux.index + 1
        )
        if closes and (j > i or follows_subject):
            return j
        i = j + 1
    return None


def _with_names(tokens: list[Token], parts: list[Part], part: Part) -> int:
    """Where the subject ends: its quantity nouns, then names hung on it by a preposition
    ("the inflation rate in Chile")."""
    end = _with_frame_nouns(tokens, part)
    for later in parts:
        if later.start < end:
            continue
        gap = [t for t in tokens if end <= t.start < later.start]
        if later.kind != "name" or not gap or gap[0].kind() != "prep":
            break
        if not all(t.kind() in ("prep", "det") for t in gap):
            break
        end = later.end
    return end


def _with_frame_nouns(tokens: list[Token], part: Part) -> int:
    """Where the phrase of ``part`` ends, with the quantity nouns after it ("inflation
    rate")."""
    i = part.tokens[-1].index
    while i + 1 < len(tokens) and tokens[i + 1].low in _FRAME_NOUNS:
        i += 1
    return tokens[i].end


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
