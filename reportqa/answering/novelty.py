"""What a sentence adds to the question it is meant to answer.

A "who" question is answered by a sentence holding a name the question does not already
give: a quote answers "who said it" only with the line that names the speaker. Read from
the form of the text alone (capitals, words shared with the question); the kinds of named
things a question may ask for are the generic ones (agency, country, person), no field's.
"""

from __future__ import annotations

import re

from reportqa.words import content_terms

_ASKS_NAME = re.compile(
    r"^\s*(?:who|whom|whose)\b|^\s*(?:which|what)\s+(?:[\w'’-]+\s+){0,2}?"
    r"(?:agency|agencies|organi[sz]ation|organi[sz]ations|body|bodies|company|companies|firm|"
    r"institution|unit|office|department|ministry|university|person|people|country|"
    r"countries|city|cities|government|governments|programme|program|report|name|state|region)\b",
    re.I,
)
# a capitalised word not at the start of the sentence, or an acronym anywhere
_NAME_WORD = re.compile(r"(?<=[^\s.!?:;“\"(]\s)[A-Z][\w'’&-]+|\b[A-Z]{2,}[\w-]*\b")


def asks_for_a_name(question: str) -> bool:
    """ "Who …", "Which agency …", "What is the name of …": the answer is a proper name.
    The nouns are the generic kinds of named things, not words of one field."""
    return bool(_ASKS_NAME.search(question))


def new_names(question: str, text: str) -> list[str]:
    """Names in ``text`` (capitalised words, acronyms) the question does not give."""
    asked = {w.lower().strip("'’") for w in re.findall(r"[\w'’-]+", question)}
    asked_stems = set(content_terms(question))
    out = []
    for m in _NAME_WORD.finditer(text):
        word = m.group(0).strip("'’-")
        low = word.lower()
        if low in asked or (content_terms(word) and content_terms(word)[0] in asked_stems):
            continue
        out.append(word)
    return out


def names_of(text: str) -> set[str]:
    """The names ``text`` writes (capitalised words not opening a sentence, acronyms),
    in lower case."""
    return {m.group(0).strip("'’-").lower() for m in _NAME_WORD.finditer(text)}
