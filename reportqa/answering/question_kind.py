"""Questions that ask for more than one fact, told by their form in general English.

"Summarise …", "Why does …", "What does the paper recommend …", "How do the reports
compare on …" are answered by several sentences (see :mod:`reportqa.synthesis`); a
question's kind comes from its grammar, never from the words of one field. The topic is
what is left when the asking words are taken away: it is what the sentences must be about.
"""

from __future__ import annotations

import re
from typing import Literal

SynthesisKind = Literal["summary", "why", "recommendation", "comparison"]

_SUMMARY = re.compile(
    r"^\s*(?:please\s+)?(?:summari[sz]e|sum up|give (?:me )?(?:an? )?(?:overview|summary|"
    r"outline|brief)|outline|describe|explain what|provide (?:an? )?(?:overview|summary)|"
    r"tell me about|what (?:are|were) the (?:main|key|principal) (?:points|findings|messages|"
    r"conclusions|limitations|risks|issues|changes)|what (?:is|was) the (?:overview|gist)|"
    r"overview of)\b"
    r"|^\s*what (?:does|do|did) (?:the |this |that )?(?:[\w'’.-]+\s+){0,6}?"
    r"(?:say|says|said|report|conclude|find|found|tell us|state)\s+(?:about|on|regarding)\b",
    re.I,
)
_WHY = re.compile(
    r"^\s*why\b|^\s*how come\b|^\s*how (?:do|does|did|is|are|was|were|has|have|had|can|"
    r"could|would|will|might)\b|\bfor what reasons?\b|\bwhat (?:is|was|are|were) the "
    r"reasons?\b|\bwhat (?:explains|explained|drives|drove|caused|causes|led to|lies behind|"
    r"is behind|motivated|motivates)\b|\bwhat is the rationale\b|\bthe reasons? (?:for|why)\b",
    re.I,
)
_RECOMMENDATION = re.compile(
    r"\b(?:recommend\w*|advis\w+|advice|suggest\w*|propos\w+|urg\w+|call(?:s|ed)? (?:on|for)|"
    r"asks? of|conclu\w+|what should|what must|what needs? to be done|"
    r"what (?:steps|actions|measures) (?:should|must|are needed)|"
    # advice asked by its noun ("what options does it lay out for Congress", "what lesson
    # do the authors draw", "what caution does it give readers") or its modal ("how
    # should agencies …"); steps still to take, not steps taken
    r"what (?:(?:policy|main|key|long-term|legislative)\s+)?(?:options?|lessons?|cautions?|"
    r"warnings?|courses? of action)|"
    r"how (?:should|ought)|"
    r"what (?:outstanding|remaining|pending|next|further) (?:steps|actions|measures))\b",
    re.I,
)
_COMPARISON = re.compile(
    r"^\s*compare\b|^\s*how (?:do|does|did|would)\b.*\bcompare\b"
    r"|\bcompar(?:e|es|ed|ison)\b.*\b(?:with|to|and|between|across|on|in)\b"
    r"|\bdiffer(?:s|ence|ences)?\b.*\b(?:between|from|across|among)\b|\bversus\b|\bvs\.?\s"
    r"|\b(?:do|does) (?:the )?(?:reports|sources|papers|studies) (?:agree|disagree|differ)\b",
    re.I,
)
# A question that asks for an amount, a date or a name is a fact, whatever else it says:
# "What share does the report say Kenya holds?", "What levy rate does it recommend?" want
# one figure.
_FACT = re.compile(
    r"^\s*(?:how (?:much|many|large|big|high|far|long)|when|which year|what year|who|whom|"
    # "what share", and with words before the measure: "what tax rate", "what market share"
    r"what (?:(?!(?:is|are|was|were|does|do|did|should|must|can|will)\b)[\w-]+\s+){0,2}?"
    r"(?:share|percentage|proportion|amount|number|value|level|rate|price|cost|date)s?)\b",
    re.I,
)
# The asking words themselves: taken out of the topic, they are not what sentences are about.
_ASKING = re.compile(
    r"\b(?:please|summari[sz]e|sum up|summary|overview|outline|describ\w*|explain|tell me about|"
    # another's findings are what is asked of the report ("the auditor's findings on …")
    r"main|key|points|(?<![A-Za-z]['’]s )findings|messages|gist|why|how come|reasons?|"
    r"rationale|explains?|"
    r"recommend\w*|advis\w+|advice|suggest\w*|urg\w+|calls? (?:on|for)|compare\w*|"
    r"comparison|differ\w*|versus|say|says|said|what|does|do|did|about|regarding|views?|"
    r"position|stance|perspective|opinion|take|think|thinks|conclu\w+|asks? of|"
    r"expects?|wants?|argues?|argued|believes?)\b",
    re.I,
)


# Sections where a report says what it concludes or asks for: general document structure.
GIST_SECTION = re.compile(
    r"\b(?:conclu\w+|recommend\w*|(?:key|main|principal) (?:findings|messages|points|"
    r"results|takeaways|take-aways)|"
    r"(?:executive )?summary|overview|abstract|in brief|highlights|synthesis|at a glance|"
    r"(?:the )?way forward|"
    r"next steps|implications|outlook|(?:a )?call to (?:action|\w+)|what (?:we|you) can do)\b",
    re.I,
)


# "What does the paper conclude …", "the main findings on …": asked of what a report
# itself concludes, which it says in its conclusions, summary or key findings
_ASKS_FOR_GIST = re.compile(
    r"\b(?:conclu\w+|(?:main|key|principal) (?:findings|messages|results|points|takeaways|"
    r"take-aways)|takeaways?)\b",
    re.I,
)


def asks_for_gist(question: str, kind: SynthesisKind | None) -> bool:
    """Does the question ask for what a report concludes or recommends?"""
    return kind == "recommendation" or (kind is not None and bool(_ASKS_FOR_GIST.search(question)))


# a question opening on whose word it asks for: "According to the participants
# interviewed, why …"
_ATTRIBUTION = re.compile(r"^\s*(?:according to|in the view of|as seen by)\s[^,?]{1,120},\s*", re.I)
_OPENS_ASKING = re.compile(r"^\s*(?:what|which|how)\b", re.I)


def synthesis_kind(question: str) -> SynthesisKind | None:
    """The kind of many-sentence answer a question asks for, or None for a single fact."""
    question = _ATTRIBUTION.sub("", question)  # "According to the report, why …": why …
    if _FACT.search(question):
        return None
    if _COMPARISON.search(question):
        return "comparison"
    if _WHY.search(question):
        return "why"
    if _SUMMARY.search(question):
        return "summary"
    if _OPENS_ASKING.match(question) and _RECOMMENDATION.search(question):
        return "recommendation"
    return None


# "the guide", "this paper", "the IMF's January update": the report asked, not the topic
_THE_REPORT = re.compile(
    r"\b(?i:the|this|that|these|its|their)\s+(?:[A-Z0-9][\w.'’-]*\s+){0,5}?(?i:report|paper|"
    r"document|study|brief|briefing|note|review|guide|guideline|outlook|update|bulletin|survey|"
    r"evaluation|assessment|publication|rule|notice|analysis|digest|article|authors?)s?\b"
)


def topic_of(question: str) -> str:
    """The question without its asking words and the report it names: what the answer's
    sentences must be about ("" when it asks about the report as a whole)."""
    topic = _THE_REPORT.sub(" ", question)
    topic = _ASKING.sub(" ", topic)
    topic = re.sub(r"[?!]+", " ", topic)
    topic = re.sub(r"\s+", " ", topic).strip(" .,;:")
    # words left hanging where an asking word or the report was taken out: "of …", "… and"
    return _DANGLING.sub("", topic).strip(" .,;:")


_DANGLING = re.compile(
    r"^(?:(?:of|and|or|that|which|for|on|in|to|with|by)\b[\s,]*)+"
    r"|(?:[\s,]+\b(?:of|and|or|that|which|for|on|in|to|with|by|the|a|an))+$",
    re.I,
)
