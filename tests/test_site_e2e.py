"""End to end: the real corpus built by MkDocs with --strict, checked on the HTML."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest

pytestmark = pytest.mark.e2e


class _LinksAndIds(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])


def _parse(path: Path) -> _LinksAndIds:
    parser = _LinksAndIds()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_pages_exist_for_every_source_and_year(built_site, kb):
    for document in kb.documents:
        assert (built_site / "sources" / document.source.id / "index.html").is_file()
    years = {fact.date.start[:4] for fact in kb.facts}
    assert years
    for year in years:
        assert (built_site / "years" / year / "index.html").is_file()
    assert (built_site / "index.html").is_file()


def test_facts_json_matches_schema_and_the_yaml(built_site, kb):
    import yaml

    records = json.loads((built_site / "data" / "facts.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "data" / "facts.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(records, schema)
    assert records == yaml.safe_load((built_site / "data" / "facts.yml").read_text("utf-8"))
    assert [r["id"] for r in records] == [f.id for f in kb.facts]
    for record in records:
        raw = kb.document(record["source"]).raw
        start, end = record["span"]
        assert 0 <= start < end <= len(raw)


def test_fact_links_land_on_an_existing_sentence(built_site, kb):
    fact = kb.facts[0]
    year_page = built_site / "years" / fact.date.start[:4] / "index.html"
    links = [link for link in _parse(year_page).links if f"sources/{fact.source}/#" in link]
    assert links, "the year page links to the source sentence"
    anchor = links[0].split("#", 1)[1]
    target = _parse(built_site / "sources" / fact.source / "index.html")
    assert anchor in target.ids
    assert re.fullmatch(r"[sn]-\d+", anchor)


def test_no_broken_internal_link_or_anchor(built_site):
    parsed = {path: _parse(path) for path in built_site.rglob("*.html")}
    broken = []
    for page, parser in parsed.items():
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(built_site)} -> {href}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else _parse(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(built_site)} -> {href} (no anchor)")
    assert not broken, "\n".join(broken[:20])
