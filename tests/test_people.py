"""People named again by a title and one word of their name, within one document."""

from __future__ import annotations

import pytest
from tests.conftest import CORPUS

from natokorea_kb.lexicon import Lexicon, load_lexicon
from natokorea_kb.people import People


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(CORPUS / "lexicon.yml")


def _learnt(lexicon: Lexicon, *texts: str) -> People:
    people = People()
    for text in texts:
        people.learn((m.id for m in lexicon.find_entities(text, "en")), lexicon)
    return people


def test_a_title_and_a_family_name_name_a_person_named_in_full(lexicon):
    people = _learnt(lexicon, "Mr Yu Myung-hwan visited NATO.")
    text = "Minister Yu addressed the Council; minister yu and Dr Kim Yu do not count."
    found = people.find(text, "en", lexicon.find_entities(text, "en"))
    assert [(m.id, m.text, m.start) for m in found] == [("yu-myung-hwan", "Yu", 9)]


def test_a_family_name_alone_names_a_person_named_in_full_but_not_within_a_name(lexicon):
    people = _learnt(lexicon, "Mr Yu Myung-hwan visited NATO.")
    text = "Yu met the Council. Later, Yu spoke; the Yu Foundation and Yu Ltd stayed apart."
    found = people.find(text, "en", lexicon.find_entities(text, "en"))
    assert [(m.text, m.start) for m in found] == [("Yu", 0), ("Yu", 27)]
    turkish = "Bakan Yu'nun ziyareti"
    assert [m.id for m in people.find(turkish, "tr", [])] == ["yu-myung-hwan"]


def test_nobody_is_named_before_the_full_name_nor_by_a_word_two_people_share(lexicon):
    assert People().find("Minister Yu spoke.", "en", []) == []
    people = _learnt(lexicon, "Kim Jong Un met Kim Keon-hee.")
    assert people.find("President Kim spoke.", "en", []) == []
