"""The answer layer: a question in, a cited :class:`~reportqa.models.Answer` out.

Read in this order:

- ``question`` and ``question_kind``: what a question asks (unit, year, intent, the
  actors and things it names; or a summary, a why, a comparison);
- ``candidates``: the sentences and table rows an answer is chosen from;
- ``lens`` and ``scoring``: how telling each word of the question is, and each
  sentence's score;
- ``figures`` and ``quantity_identity``: where a figure stands, and whether it is the
  one asked or measures another thing;
- ``conflicts``: reports that give different values for the asked quantity;
- ``compose`` and ``verification``: the answer text with its citations, each number
  checked against the quote it cites;
- ``acronyms``: "What does X stand for?";
- ``answerer``: the :class:`Answerer`, which runs the flow.

Word handling shared with retrieval lives in :mod:`reportqa.words`. Other modules
import what they need from this package, not from its modules.
"""

from reportqa.answering.answerer import Answerer
from reportqa.answering.candidates import Candidate, candidates_of, sentence_text
from reportqa.answering.compose import citation
from reportqa.answering.figures import stage_of, years_of
from reportqa.answering.lens import Lens
from reportqa.answering.question import (
    QuestionFrame,
    analyse,
    asked_years,
    entities_in,
    materials_in,
    stages_in,
)
from reportqa.answering.question_kind import GIST_SECTION, SynthesisKind, synthesis_kind, topic_of
from reportqa.answering.scoring import gives_labels, score
from reportqa.answering.verification import verify

__all__ = [
    "gives_labels",
    "GIST_SECTION",
    "Answerer",
    "Candidate",
    "Lens",
    "QuestionFrame",
    "SynthesisKind",
    "analyse",
    "asked_years",
    "candidates_of",
    "citation",
    "entities_in",
    "materials_in",
    "score",
    "sentence_text",
    "stage_of",
    "stages_in",
    "synthesis_kind",
    "topic_of",
    "verify",
    "years_of",
]
