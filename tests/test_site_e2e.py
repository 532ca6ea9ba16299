"""End to end: the real corpus built by MkDocs with --strict, checked on the HTML."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

import jsonschema
import pytest
import yaml
from mkdocs.utils.yaml import yaml_load  # reads !ENV as MkDocs does
from tests.conftest import ROOT, broken_links, mkdocs_build, parse_html

from natokorea_kb.evaluate import measure
from natokorea_kb.render.links import SECTIONS
from natokorea_kb.render.views import year_of

pytestmark = pytest.mark.e2e

SITE_PATH = urlsplit(
    yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))["site_url"]
).path  # absolute links (the 404 page's) start with it


def _page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_pages_exist_for_every_source_year_entity_topic_and_partnership(built_site, kb):
    for document in kb.documents:
        assert (built_site / "sources" / document.source.id / "index.html").is_file()
    years = {year_of(fact) for fact in kb.facts}
    assert years
    for year in years:
        assert (built_site / "years" / year / "index.html").is_file()
    for fact in kb.facts:
        for entity in fact.entities:
            section = SECTIONS[kb.lexicon.entities[entity].type]
            assert (built_site / section / entity / "index.html").is_file()
        for topic in fact.topics:
            assert (built_site / "topics" / topic / "index.html").is_file()
    for partnership in kb.consolidated.partnerships:
        assert (built_site / "partnerships" / partnership.id / "index.html").is_file()
    for section in (*SECTIONS.values(), "", "timeline", "years", "topics", "entities"):
        assert (built_site / section / "index.html").is_file()
    for section in ("partnerships", "disagreements", "sources", "data", "about", "tags"):
        assert (built_site / section / "index.html").is_file()


def test_facts_json_matches_schema_and_the_yaml(built_site, kb):
    records = json.loads((built_site / "data" / "facts.json").read_text(encoding="utf-8"))
    schema = json.loads((built_site / "data" / "facts.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(records, schema)
    assert records == yaml.safe_load((built_site / "data" / "facts.yml").read_text("utf-8"))
    assert [r["id"] for r in records] == [f.id for f in kb.facts]
    for record in records:
        raw = kb.document(record["source"]).raw
        start, end = record["span"]
        assert 0 <= start < end <= len(raw)


def test_aggregate_data_is_published_in_yaml_and_json(built_site, kb):
    ids = {f.id for f in kb.facts}
    for name, count in (
        ("partnerships", len(kb.consolidated.partnerships)),
        ("programmes", len(kb.consolidated.programmes)),
        ("disagreements", len(kb.consolidated.disagreements)),
    ):
        records = json.loads((built_site / "data" / f"{name}.json").read_text(encoding="utf-8"))
        assert records == yaml.safe_load((built_site / "data" / f"{name}.yml").read_text("utf-8"))
        assert len(records) == count
        assert all(set(r["facts"]) <= ids for r in records)
    # The downloads are published once, at the root, for both editions' data pages.
    for edition, up in (("", "../"), ("tr/", "../../")):
        data_page = _page(built_site, f"{edition}data")
        for name in ("facts", "partnerships", "programmes", "disagreements"):
            for suffix in ("yml", "json"):
                assert f'href="{up}data/{name}.{suffix}"' in data_page
        assert f'href="{up}data/facts.schema.json"' in data_page


def test_fact_links_land_on_an_existing_sentence(built_site, kb):
    fact = next(f for f in kb.facts if kb.consolidated.is_canonical(f))
    year_page = built_site / "years" / fact.date.start[:4] / "index.html"
    links = [link for link in parse_html(year_page).links if f"sources/{fact.source}/#" in link]
    assert links, "the year page links to the source sentence"
    anchor = links[0].split("#", 1)[1]
    target = parse_html(built_site / "sources" / fact.source / "index.html")
    assert anchor in target.ids
    assert re.fullmatch(r"[sn]-\d+", anchor)


def test_no_broken_internal_link_or_anchor(built_site):
    broken = broken_links(built_site, SITE_PATH)
    assert not broken, "\n".join(broken[:20])


def test_navigation_holds_sections_not_every_page(built_site, kb):
    html = _page(built_site, "organisations/nato")
    primary = html.split("md-nav--primary", 1)[1].split("md-nav--secondary", 1)[0]
    assert primary.count('class="md-nav__link') < 30, "sections only, not each entity or year"
    assert "south-korea" not in primary and "years/2012" not in primary
    entities = _page(built_site, "countries")
    assert 'href="south-korea/"' in entities, "the section index lists its members"
    crumbs = _page(built_site, "countries/south-korea")
    assert 'class="kb-crumbs"' in crumbs and 'href="../"' in crumbs


def test_timeline_filters_by_kind_and_draws_milestones(built_site, kb):
    page = _page(built_site, "timeline")
    for kind in ("all", "event", "partnership", "programme"):
        assert f'id="kb-show-{kind}"' in page
    assert "<script" not in page.split("<article", 1)[1].split("</article>")[0]
    assert page.count('class="kb-dot') == sum(
        1 for f in kb.facts if kb.consolidated.is_canonical(f) and f.kind != "event"
    )
    assert '<svg class="kb-svg"' in _page(built_site, "years")


def test_about_page_shows_the_measured_precision_and_recall(built_site, kb):
    result = measure(kb, ROOT / "tests" / "gold" / "seeds.yml")
    assert result is not None
    about = _page(built_site, "about")
    assert f"{100 * result.total.precision:.1f} %" in about
    assert f"{100 * result.total.recall:.1f} %" in about


def test_tags_index_lists_topics_and_kinds(built_site, kb):
    tags = _page(built_site, "tags")
    assert "Kind: Partnership" in tags
    topic = next(t for f in kb.facts for t in f.topics)
    assert kb.lexicon.topics[topic].name in tags


def test_search_index_holds_folded_turkish_and_hangul(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"])
    for word in ("kuresel", "ittifak", "turkiye", "küresel", "İttifak", "윤석열", "IPCP", "Riga"):
        assert word in text, word
    assert index["config"]["lang"] == ["en", "tr", "ko"]


def test_total_html_stays_small(built_site):
    total = sum(p.stat().st_size for p in built_site.rglob("*.html"))
    pages = sum(1 for _ in built_site.rglob("*.html"))
    print(f"\n{pages} HTML pages, {total / 1e6:.1f} MB")
    assert total / pages < 100_000, "a page's navigation must not grow with the site"


def test_a_rebuild_is_byte_identical(built_site, tmp_path):
    again = tmp_path / "again"
    result = mkdocs_build(ROOT, again)
    assert result.returncode == 0, result.stderr
    first = {
        p.relative_to(built_site): p.read_bytes() for p in built_site.rglob("*") if p.is_file()
    }
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    # the sitemap carries the build date (MkDocs honours SOURCE_DATE_EPOCH for it)
    differ = [str(p) for p in first if first[p] != second[p] and not p.name.startswith("sitemap")]
    assert not differ, differ[:10]
