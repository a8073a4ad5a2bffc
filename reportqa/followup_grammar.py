"""The grammar a follow-up is read with: a question's words by kind (question word,
auxiliary, preposition, name, noun, year), its parts (noun phrases, names, asked years and
months, the words naming a report), and the phrases the rest of the resolution points at
— the subject, the bare verb "do" carries, the phrase a question word asked about, what a
"how many" counted. From the forms of English words only, never from a field's words.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportqa.answering import entities_in, materials_in, stages_in
from reportqa.corpus_stats import DOCUMENT_KINDS
from reportqa.words import STOPWORDS, content_terms

if TYPE_CHECKING:
    from reportqa.followup import Context


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


_DOC_NOUNS = (
    r"(?:report|paper|note|digest|study|brief|briefing|analysis|publication|document|"
    r"update|outlook|review|guide|guidelines|bulletin|survey|assessment|evaluation|source)s?"
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
    for i in range(1, len(tokens)):  # "Sample A of …", "Zone B?": a letter labels a name
        if kinds[i - 1] == "name" and _label_letter(tokens, i):
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


def _label_letter(tokens: list[Token], i: int) -> bool:
    """A single capital letter after a capitalised word, that no noun follows ("Sample A
    of the study", "in Zone B?"): a label, not the article "A"."""
    tok = tokens[i]
    if len(tok.text) != 1 or not tok.text.isupper() or tok.text == "I":
        return False
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    return after is None or after.kind() in ("prep", "conj", "wh", "aux")


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


_RELATIVE_YEAR = re.compile(
    r"\b(?:(?P<n>a|one|two|three|\d)\s+years?\s+(?P<dir>earlier|before|later|after)"
    r"|the\s+(?P<dir2>previous|prior|preceding|following|next)\s+year"
    r"|the\s+year\s+(?P<dir3>before|after)|(?P<last>last)\s+year)\b",
    re.I,
)


_COUNTS = {"a": 1, "one": 1, "two": 2, "three": 3}


def _report_terms(question: str, ctx: Context) -> frozenset[str]:
    """The words of a question that name a report (its publisher, its title quoted)."""
    if ctx.stats is None:
        return frozenset()
    terms = content_terms(question)
    hints = ctx.stats.hints(question)
    return frozenset(hints.naming | ctx.stats.title_runs(terms))


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
            and last.kind == "noun"
            and part.kind in ("noun", "report")  # "emerging market and developing economies"
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


# plurals that do not end in -s
_PLURALS = frozenset("people children men women staff police".split())


def _plural(word: str) -> bool:
    low = word.lower().strip("'’")
    if low in _PLURALS:
        return True
    return len(low) > 3 and low.endswith("s") and not low.endswith(("ss", "us", "is"))


def _dated(previous: str, part: Part) -> bool:
    """A year that dates a report: after a month ("the January 2023 update") or after the
    kind of document ("the Annual Fish Bulletin 2024")."""
    before = previous[: part.start].split()
    word = before[-1].lower().strip(",:") if before else ""
    return word in _MONTH_WORDS or word in DOCUMENT_KINDS


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


def _numbered(words: str) -> bool:
    """A name that counts or labels ("Table 2", "Route 9", "Ward 4B", "Sample A")."""
    return bool(re.search(r"\d|\b[A-Z]$", words))


def _phrase_with_names(tokens: list[Token], index: int) -> int:
    """First word of the noun phrase ending at ``index``, names inside it included ("the
    quarterly NHS | statistics")."""
    i = index
    while i > 0 and (_modifier(tokens[i - 1]) or tokens[i - 1].kind() in ("name", "number")):
        i -= 1
    return i


def _with_article(question: str, tokens: list[Token], first: int, end: int) -> str:
    """The phrase from token ``first`` to ``end`` as a thing spoken of before: "the" leads
    it ("crop insurance" -> "the crop insurance"), unless another determiner did."""
    start = tokens[first].start
    if first > 0 and tokens[first - 1].kind() == "det":
        start = tokens[first - 1].start
        return question[start:end]
    return f"the {question[start:end]}" if tokens[first].kind() == "noun" else question[start:end]


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
    if tokens[0].low == "how":  # "how large was …", "how many families …": the word after
        words = tokens[2 : aux.index]  # "how" says a degree; a noun after it is the thing
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
