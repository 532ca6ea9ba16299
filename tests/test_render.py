"""Render stage: escaping and links, without a MkDocs build."""

from __future__ import annotations

import html as html_lib
import re

import markdown
import pytest
from tests.conftest import TEMPLATES

from natokorea_kb.render import Linker, escape_markdown, render_site

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "**bold** _it_ `code` # heading",
    "{{ config }} {% raw %} {: .cls onclick=alert(1) }",
    "*[NATO]: injected abbreviation",
    "<https://evil.example/>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_the_same_visible_text(text):
    html = markdown.markdown(
        escape_markdown(text), extensions=["abbr", "attr_list", "md_in_html", "tables"]
    )
    assert "<script" not in html and "<img" not in html and "<a " not in html
    assert "<strong>" not in html and "<em>" not in html and "<code>" not in html
    assert not re.search(r"<[^>]*\bon\w+=", html), "no event-handler attribute in any tag"
    visible = html.removeprefix("<p>").removesuffix("</p>")
    assert html_lib.unescape(visible) == " ".join(text.split())


def test_linker_makes_relative_markdown_links():
    assert Linker("years/2012.md")("sources/002.md", "s-14") == "../sources/002.md#s-14"
    assert Linker("index.md")("years/index.md") == "years/index.md"


def test_every_fact_is_on_its_year_page_and_links_to_its_sentence(kb):
    pages = {page.path: page.content for page in render_site(kb, TEMPLATES)}
    assert kb.facts, "the real corpus yields facts"
    for fact in kb.facts:
        year_page = pages[f"years/{fact.date.start[:4]}.md"]
        assert f'id="{fact.id}"' in year_page
        assert f"(../sources/{fact.source}.md#{fact.sentence})" in year_page
        assert f'id="{fact.sentence}"' in pages[f"sources/{fact.source}.md"]


def test_rendering_is_deterministic(kb):
    first = render_site(kb, TEMPLATES)
    second = render_site(kb, TEMPLATES)
    assert first == second
