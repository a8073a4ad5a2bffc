"""How related two words are in the corpus (Conversation._related): words listed together
play one role in a follow-up; a comma after an opening phrase lists nothing."""

from __future__ import annotations

from types import SimpleNamespace

from reportqa.config import Settings
from reportqa.dialogue import Conversation

PASSAGES = [
    "In Kenya, the ministry built 120 wells in 2021.",
    "In Kenya, Unicef's partners trained 400 teachers.",
    "Droughts hit Kenya, Uganda and Somalia in 2022.",
    "Kenya or Ethiopia may host the next summit.",
]


class _Retriever:
    def retrieve(self, query: str, k: int = 5) -> list[SimpleNamespace]:
        return [SimpleNamespace(text=t) for t in PASSAGES if query.lower() in t.lower()][:k]


def _conversation(tmp_path) -> Conversation:
    answerer = SimpleNamespace(settings=Settings(home=tmp_path), retriever=_Retriever())
    return Conversation(answerer)


def test_words_in_a_list_are_related(tmp_path) -> None:
    talk = _conversation(tmp_path)
    assert talk._related("kenya", "uganda") > 0
    assert talk._related("kenya", "ethiopia") > 0


def test_a_comma_after_an_opening_phrase_lists_nothing(tmp_path) -> None:
    talk = _conversation(tmp_path)
    assert talk._related("kenya", "ministry") == 0
    assert talk._related("kenya", "unicef") == 0
