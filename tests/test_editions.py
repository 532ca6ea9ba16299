"""The Turkish edition: every page has its counterpart, in its own language throughout.

The built site (``built_site``: ``mkdocs build --strict`` of ``mkdocs.yml``, which builds
``mkdocs.tr.yml`` into ``site/tr/``) is walked page by page: each edition holds the same
pages, names the other in ``hreflang`` alternates and its switcher, and prints none of
the other language's interface strings outside text marked with that language (quotes,
titles no frame gives in the reader's language, references).
"""

from __future__ import annotations

import re
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.yaml import yaml_load
from tests.conftest import ROOT, TEMPLATES, source_entry, write_corpus

from natokorea_kb.curation import load_curation
from natokorea_kb.errors import CurationError
from natokorea_kb.messages import SLOT, catalog
from natokorea_kb.pipeline import build, site_pages
from natokorea_kb.render.edition import Edition, title_in
from natokorea_kb.render.links import EDITIONS, Linker, alternate_urls

# Outside the editions' pages: the shared downloads, the search index, the theme's files.
NOT_PAGES = ("data/explore", "search", "assets")
# Visible text and the attributes a reader meets (tooltips, labels, placeholders).
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
SKIPPED_TAGS = {"script", "style", "svg"}


def pages_of(site: Path) -> set[str]:
    """The pages of the edition at ``site``, by path (the other editions' folders aside)."""
    others = tuple(f"{code}/" for code in EDITIONS[1:])
    return {
        p.relative_to(site).as_posix()
        for p in site.rglob("*.html")
        if not p.relative_to(site).as_posix().startswith(others + NOT_PAGES)
    }


class Reading(HTMLParser):
    """The text of a page a reader of its language reads: what no ``lang`` marks as
    another language, with its titles and labels."""

    def __init__(self, language: str) -> None:
        super().__init__()
        self.stack: list[tuple[str, str, bool]] = []  # tag, language, skipped
        self.language, self.parts = language, []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        outer = self.stack[-1] if self.stack else ("", self.language, False)
        if tag == "html":
            self.language = values.get("lang") or self.language
        language = values.get("lang") or outer[1]
        skipped = outer[2] or tag in SKIPPED_TAGS
        if tag not in {"meta", "link", "br", "img", "input", "hr", "wbr", "source"}:
            self.stack.append((tag, language, skipped))
        if not skipped and language == self.language:
            self.parts.extend(values[a] or "" for a in READ_ATTRIBUTES if a in values)

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        outer = self.stack[-1] if self.stack else ("", self.language, False)
        if not outer[2] and outer[1] == self.language:
            self.parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())


def read(path: Path) -> tuple[str, str]:
    reading = Reading("")
    reading.feed(path.read_text(encoding="utf-8"))
    return reading.language, reading.text


def phrases(language: str) -> set[str]:
    """The fixed phrases of a catalog (text between slots, markup removed), three words or
    more, that the other catalog does not hold as well."""
    found: set[str] = set()
    for message in catalog(language).messages.values():
        for form in message.forms.values():
            text = re.sub(r"<[^>]*>|\]\([^)]*\)|[*`\[\]“”]", " ", form)
            for piece in re.split(r"[:;()]|" + SLOT.pattern, text):
                piece = " ".join((piece or "").split()).strip(" ,.…·")
                if len(piece.split()) >= 3:
                    found.add(piece)
    return found


@pytest.mark.e2e
def test_every_page_of_one_edition_has_its_counterpart_in_the_other(built_site):
    english = pages_of(built_site)
    assert english == pages_of(built_site / "tr")
    assert len(english) > 200


@pytest.mark.e2e
def test_each_page_names_its_counterparts_and_its_language(built_site):
    """``<html lang>``, the switcher to the same page, and the sitemap's ``hreflang``."""
    site_url = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
    sitemaps = {
        prefix: (built_site / prefix / "sitemap.xml").read_text(encoding="utf-8")
        for prefix in ("", "tr/")
    }
    for path in ("index.html", "years/2012/index.html", "countries/south-korea/index.html"):
        page_url = path.removesuffix("index.html")
        for code, prefix in (("en", ""), ("tr", "tr/")):
            html = (built_site / prefix / path).read_text(encoding="utf-8")
            assert f'<html lang="{code}"' in html
            entry = sitemaps[prefix].split(f"<loc>{site_url}{prefix}{page_url}</loc>")[1]
            entry = entry.split("</url>")[0]
            for other, other_prefix in (("en", ""), ("tr", "tr/"), ("x-default", "")):
                link = f'hreflang="{other}" href="{site_url}{other_prefix}{page_url}"'
                assert f'<xhtml:link rel="alternate" {link}/>' in entry
            switch = re.search(r'<nav class="kb-editions".*?href="([^"]*)"', html).group(1)
            other_prefix = "" if prefix else "tr/"
            target = (built_site / prefix / path).parent / switch / "index.html"
            assert target.resolve() == (built_site / other_prefix / path).resolve()


@pytest.mark.e2e
def test_no_page_prints_the_other_editions_interface_strings(built_site):
    """The English catalog's phrases on no Turkish page, and the reverse, outside text
    marked as the other language; and none of Material's English labels in Turkish."""
    english, turkish = phrases("en"), phrases("tr")
    english, turkish = english - turkish, turkish - english
    material = ("Back to top", "Table of contents", "Type to start searching", "Search")
    found = []
    for path in sorted(pages_of(built_site)):
        language, text = read(built_site / "tr" / path)
        assert language == "tr", path
        found += [f"tr/{path}: {p}" for p in english if p in text]
        found += [f"tr/{path}: {label}" for label in material if re.search(rf"\b{label}\b", text)]
        language, text = read(built_site / path)
        assert language == "en", path
        found += [f"{path}: {p}" for p in turkish if p in text]
    assert found == []


@pytest.mark.e2e
def test_turkish_pages_write_dates_and_names_in_turkish(built_site, kb):
    fact = next(f for f in kb.facts if f.date.precision == "day" and f.date.start[:4] == "2012")
    turkish = Edition("tr", kb.lexicon)
    year = (built_site / "tr" / "years" / "2012" / "index.html").read_text(encoding="utf-8")
    assert turkish.date(fact.date) in year  # "20 Eylül 2012"
    decades = (built_site / "tr" / "timeline" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"<h2 [^>]*>\d{3}0&#39;(?:ler|lar)<", decades)  # 1990'lar
    korea = (built_site / "tr" / "countries" / "south-korea" / "index.html").read_text("utf-8")
    assert "<h1" in korea and "Güney Kore" in korea.split("<h1", 1)[1].split("</h1>")[0]


def test_the_turkish_navigation_mirrors_the_english_one():
    def paths(nav: list) -> list:
        found = []
        for item in nav:
            value = next(iter(item.values())) if isinstance(item, dict) else item
            found.append(paths(value) if isinstance(value, list) else value)
        return found

    def titles(nav: list) -> list[str]:
        return [t for item in nav if isinstance(item, dict) for t in [next(iter(item))]]

    english = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").split("\nnav:")[1])
    turkish = yaml.safe_load((ROOT / "mkdocs.tr.yml").read_text(encoding="utf-8"))["nav"]
    english = yaml.safe_load("nav:" + (ROOT / "mkdocs.yml").read_text("utf-8").split("\nnav:")[1])
    assert paths(turkish) == paths(english["nav"])
    assert not set(titles(turkish)) & set(titles(english["nav"]))


def test_links_between_editions_and_to_the_shared_downloads():
    english, turkish = Linker("years/2012.md"), Linker("years/2012.md", language="tr")
    assert english.edition("tr") == "../../tr/years/2012/"
    assert turkish.edition("en") == "../../../years/2012/"
    assert Linker("index.md", language="tr").edition("en") == "../"
    assert turkish.url("data/facts.yml") == "../../../data/facts.yml"
    assert turkish.url("data/index.md") == "../../data/"
    with pytest.raises(Exception, match="url"):
        english("data/facts.yml")
    assert alternate_urls("years/2012.md", "https://x.org/kb/tr/", "tr") == [
        ("en", "https://x.org/kb/years/2012/"),
        ("tr", "https://x.org/kb/tr/years/2012/"),
        ("x-default", "https://x.org/kb/years/2012/"),
    ]


def test_a_title_is_in_the_readers_language_where_it_can_be(kb):
    fact = next(f for f in kb.facts if {"en", "tr"} <= f.titles.keys() and not f.curated)
    assert title_in(fact, "tr") == (fact.titles["tr"], "tr")
    assert title_in(fact, "en") == (fact.titles["en"], "en")
    english_only = replace(fact, titles={"en": fact.titles["en"]})
    assert title_in(english_only, "tr") == (fact.titles["en"], "en")  # shown marked lang="en"
    clause = replace(fact, titles={}, title="Kore, NATO ile görüştü", language="tr")
    assert title_in(clause, "en") == ("Kore, NATO ile görüştü", "tr")
    curated = replace(fact, curated=True, title="A curator's title", title_tr="Editör başlığı")
    assert title_in(curated, "en") == ("A curator's title", "en")
    assert title_in(curated, "tr") == ("Editör başlığı", "tr")
    english_curated = replace(curated, title_tr=None)  # the frame's Turkish title was wrong
    assert title_in(english_curated, "tr") == ("A curator's title", "en")


def curated_corpus(tmp_path: Path, edit: str) -> Path:
    text = (
        "In 2012 South Korea and NATO signed an Individual Partnership and Cooperation Programme."
    )
    corpus = write_corpus(tmp_path, [source_entry("a")], {"a.txt": text})
    fact_id = build(corpus).facts[0].id
    (corpus / "curation.yml").write_text(f"facts:\n  {fact_id}:\n{edit}", encoding="utf-8")
    return corpus


def test_curated_turkish_titles_and_summaries_show_in_the_turkish_edition(tmp_path):
    edit = (
        '    summary: "They signed."\n    title_tr: "İmzaladılar"\n    summary_tr: "İmzalandı."\n'
    )
    kb = build(curated_corpus(tmp_path, edit))
    fact = kb.facts[0]
    assert (fact.title_tr, fact.summary_tr, fact.summary) == (
        "İmzaladılar",
        "İmzalandı.",
        "They signed.",
    )
    assert fact.to_dict()["title_tr"] == "İmzaladılar"
    turkish = {p.path: p.content for p in site_pages(kb, TEMPLATES, language="tr")}
    year = turkish["years/2012.md"]
    assert "İmzaladılar" in year and "İmzalandı." in year and "They signed." not in year
    english = {p.path: p.content for p in site_pages(kb, TEMPLATES)}["years/2012.md"]
    assert "They signed." in english and "İmzalandı." not in english


def test_a_turkish_edition_falls_back_on_the_english_summary_marked_english(tmp_path):
    kb = build(curated_corpus(tmp_path, '    summary: "They signed."\n'))
    year = {p.path: p.content for p in site_pages(kb, TEMPLATES, language="tr")}["years/2012.md"]
    assert '<span lang="en">They signed.</span>' in year


def test_curation_refuses_a_field_of_no_language_with_the_fields_it_knows(tmp_path):
    corpus = curated_corpus(tmp_path, '    title_de: "Unterzeichnet"\n')
    with pytest.raises(CurationError, match="title_de") as error:
        load_curation(corpus)
    assert "title_tr" in str(error.value) and ":3" in str(error.value)
