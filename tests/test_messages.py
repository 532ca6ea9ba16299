"""The interface strings: every message in both languages, none written in a template."""

from __future__ import annotations

import re

import pytest
from tests.conftest import TEMPLATES

from natokorea_kb.errors import LexiconError
from natokorea_kb.messages import SLOT, catalog, check_against, parse_catalog
from natokorea_kb.render.links import EDITIONS

HEADER = "# Strings.\n# Format: nested keys.\n"
# What a template may hold outside Jinja: markup, Markdown syntax, punctuation, the
# attribute values of its HTML, and names that are the same in every language.
JINJA = re.compile(r"\{#.*?#\}|\{%.*?%\}|\{\{.*?\}\}", re.S)
TAG = re.compile(r"<[^>]*>")
MARKDOWN = re.compile(r"\]\([^)]*\)|\{ #[^}]*\}|^#+ |^\s*[-*] |^\s*\d+\. |\|[-|]*", re.M)
SAME_IN_EVERY_LANGUAGE = {"YAML", "JSON", "DOI", "yml", "json"}
WORD = re.compile(r"[^\W\d_]{2,}")


def test_every_message_exists_in_every_language_with_the_same_slots():
    english = catalog(EDITIONS[0])
    for language in EDITIONS[1:]:
        translated = catalog(language)
        assert translated.messages.keys() == english.messages.keys()
        for key, message in english.messages.items():
            assert translated.messages[key].slots == message.slots, key
            assert all(form.strip() for form in translated.messages[key].forms.values()), key


def test_no_message_is_left_in_english_in_another_language():
    english = catalog(EDITIONS[0]).messages

    def words(text: str) -> set[str]:
        return set(WORD.findall(SLOT.sub(" ", text))) - SAME_IN_EVERY_LANGUAGE

    for language in EDITIONS[1:]:
        same = [
            key
            for key, message in catalog(language).messages.items()
            if message.forms == english[key].forms and words(message.forms["other"])
        ]
        # Names written the same in both: the editions' own names, style names, units.
        assert set(same) <= {
            "editions.name.en",
            "editions.name.tr",
            "cite.styles.apa",
        }, same


def literal_words(template: str) -> list[str]:
    """The words a template prints that do not come from a message or data."""
    text = JINJA.sub(" ", template)
    text = TAG.sub(" ", text)
    text = MARKDOWN.sub(" ", text)
    return [w for w in WORD.findall(text) if w not in SAME_IN_EVERY_LANGUAGE]


@pytest.mark.parametrize("path", sorted(TEMPLATES.glob("*.j2")), ids=lambda p: p.name)
def test_no_template_holds_an_untranslated_literal(path):
    assert literal_words(path.read_text(encoding="utf-8")) == []


def test_the_literal_check_finds_words_outside_messages():
    assert literal_words('<p class="x">Sources: {{ t("a") }}</p>') == ["Sources"]
    assert literal_words("{# a comment #}[{{ t('b') }}]({{ link(x) }}) · {{ y }}") == []


def test_a_catalog_missing_a_message_or_a_slot_is_refused_with_its_line():
    reference = parse_catalog(HEADER + 'a:\n  b: "{count} facts"\n  c: "C"\n', "en/ui.yml")
    with pytest.raises(LexiconError, match=r"missing message 'a\.c'"):
        check_against(parse_catalog(HEADER + 'a:\n  b: "{count} olgu"\n', "tr/ui.yml"), reference)
    with pytest.raises(LexiconError, match=r"a\.b: slots") as error:
        check_against(
            parse_catalog(HEADER + 'a:\n  b: "olgular"\n  c: "C"\n', "tr/ui.yml"), reference
        )
    assert "tr/ui.yml:4" in str(error.value)
    with pytest.raises(LexiconError, match=r"not in en/ui\.yml"):
        check_against(
            parse_catalog(HEADER + 'a:\n  b: "{count}"\n  c: "C"\n  d: "D"\n', "tr/ui.yml"),
            reference,
        )


def test_plural_forms_follow_the_count_and_slots_are_escaped():
    english = parse_catalog(HEADER + 'n: {one: "{count} fact", other: "{count} facts"}\n', "en")
    assert english.text("n", count=1) == "1 fact" and english.text("n", count=3) == "3 facts"
    marked = parse_catalog(HEADER + 'q: "say {what}"\n', "en/ui.yml")
    assert str(marked.markup("q", lambda text: text.replace("<", "&lt;"), what="<b>")) == (
        "say &lt;b>"
    )
