"""Statements: a Turkish sentence joined by a reporting participle is read as two."""

from __future__ import annotations

import pytest
from tests.conftest import CORPUS

from natokorea_kb.lexicon import Lexicon, load_lexicon
from natokorea_kb.records import Sentence
from natokorea_kb.statements import said_clauses, statements


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(CORPUS / "lexicon.yml")


def _sentence(text: str, language: str = "tr", shift: int = 100) -> Sentence:
    return Sentence("s-3", text, tuple(range(shift, shift + len(text))), 2, language, (4,))


@pytest.mark.parametrize(
    ("split", "text", "parts"),
    [
        # a participle and its speaker, set off by a comma, belong to both halves
        (
            statements,
            "Toplantıda Ukrayna'ya desteğin ele alınacağını aktaran Stoltenberg, "
            "Japonya ile yeni bir anlaşma imzalanacağını söyledi.",
            (
                "Toplantıda Ukrayna'ya desteğin ele alınacağını aktaran Stoltenberg",
                "Stoltenberg, Japonya ile yeni bir anlaşma imzalanacağını söyledi.",
            ),
        ),
        # said clauses in a row under one reporting verb
        (
            said_clauses,
            "Stoltenberg, NATO'nun Japonya ile iş birliğini artıracağını, "
            "Güney Kore'ye destek vermeye devam edeceğini söyledi.",
            (
                "Stoltenberg, NATO'nun Japonya ile iş birliğini artıracağını",
                "Güney Kore'ye destek vermeye devam edeceğini söyledi.",
            ),
        ),
    ],
)
def test_two_statements_with_their_own_spans(lexicon, split, text, parts):
    first, second = split(_sentence(text), lexicon)
    assert (first.text, second.text) == parts
    for part in (first, second):  # each quote is a verbatim slice at its own raw offsets
        start = text.index(part.text)
        assert part.span == (100 + start, 100 + start + len(part.text))
        assert (part.anchor, part.paragraph) == ("s-3", 2)
    assert (first.note_refs, second.note_refs) == ((), (4,))  # the note follows the end


def test_a_converb_parts_two_statements_without_a_speaker_after_it(lexicon):
    text = (
        "Stoltenberg, Japonya'nın toplantıya katılacağını belirterek "
        "NATO'nun Kore ile iş birliğini övdü."
    )
    first, second = statements(_sentence(text), lexicon)
    assert first.text.endswith("belirterek")
    assert second.text.startswith("NATO'nun")


def test_an_irregular_participle_after_a_quote_parts_two_statements(lexicon):
    text = (
        '"Amacımız Japonya ile yeni bir anlaşma imzalamak" diyen Stoltenberg, '
        "Kore'nin toplantıya katılacağını söyledi."
    )
    assert [part.text for part in statements(_sentence(text), lexicon)] == [
        '"Amacımız Japonya ile yeni bir anlaşma imzalamak" diyen Stoltenberg',
        "Stoltenberg, Kore'nin toplantıya katılacağını söyledi.",
    ]


@pytest.mark.parametrize(
    "text",
    [
        # a half naming nobody leaves its subject in the other
        "Stoltenberg, NATO'nun Japonya ile çalıştığını belirterek "
        "iş birliğini artırdıklarını ifade etti.",
        # a speaker's own words are one statement however they are built
        'Stoltenberg, "Japonya\'nın katkısını öven Kore ile NATO yeni bir anlaşma imzaladı" dedi.',
        # a noun from a reporting stem is no participle ("açıklamasından sonra")
        "Stoltenberg'in açıklamasından sonra Japonya NATO ile anlaşma imzaladı.",
    ],
)
def test_sentences_that_stay_whole(lexicon, text):
    assert statements(_sentence(text), lexicon) == [_sentence(text)]


def test_a_language_without_joints_reads_every_sentence_whole(lexicon):
    text = "Stressing the partnership with Japan, Stoltenberg said NATO would sign an agreement."
    assert statements(_sentence(text, "en"), lexicon) == [_sentence(text, "en")]


@pytest.mark.parametrize(
    "text",
    [
        # a said clause naming nobody stays with the next
        "Stoltenberg, NATO'nun Japonya ile iş birliğini artıracağını, destek vereceğini söyledi.",
        # one said clause, a comma inside it
        "Stoltenberg, Japonya, Kore ve Avustralya ile iş birliğini artıracaklarını söyledi.",
        # said clauses with no reporting verb after them are no statements of one saying
        "NATO'nun Japonya ile iş birliğini artıracağını, Kore'ye destek vereceğini biliyoruz.",
    ],
)
def test_said_clauses_that_stay_whole(lexicon, text):
    assert said_clauses(_sentence(text), lexicon) == [_sentence(text)]
