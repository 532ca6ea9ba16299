"""Bounded pages: long listings continue on numbered pages and every link still lands.

The seed corpus is rendered with tiny page sizes, so every kind of listing (timeline,
years, topics, entities, partnerships, disagreements, sources) spreads over several
pages, as it does at thousands of sources with the real sizes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from urllib.parse import urlsplit

import pytest
import yaml
from bench.site import bench_config
from tests.conftest import MKDOCS_ENV, ROOT, TEMPLATES, broken_links

from natokorea_kb.pipeline import site_pages
from natokorea_kb.publish import write_pages
from natokorea_kb.render import charts
from natokorea_kb.render import views as views_module
from natokorea_kb.render.charts import milestone_chart
from natokorea_kb.render.edition import Edition
from natokorea_kb.render.links import ROOT_MARK
from natokorea_kb.render.views import Chunk, PageSizes, build_views, paginate, runs, shown

TINY = PageSizes(cards=2, lines=5, rows=2, disagreements=1)


@pytest.fixture(scope="module")
def tiny_pages(kb) -> dict[str, str]:
    return {p.path: p.content for p in site_pages(kb, TEMPLATES, sizes=TINY)}


def test_pages_of_a_listing_follow_the_first_page(kb):
    english = Edition("en", kb.lexicon)
    chunks = paginate("years/2012.md", list(range(5)), 2)
    assert [c.path for c in chunks] == [
        "years/2012.md",
        "years/2012/page/2.md",
        "years/2012/page/3.md",
    ]
    assert [c.items for c in chunks] == [[0, 1], [2, 3], [4]]
    assert chunks[1].title("2012", english) == "2012 (page 2 of 3)" and chunks[0].total == 3
    assert paginate("timeline/index.md", [1, 2], 1)[1].path == "timeline/page/2.md"
    assert paginate("timeline/index.md", [], 5) == [Chunk("timeline/index.md", 1, 1, [])]
    assert paginate("timeline/index.md", [1], 5)[0].title("Timeline", english) == "Timeline"


def test_shown_keeps_the_first_entries_and_the_total():
    listed = shown(range(30), 20)
    assert listed.items == list(range(20)) and listed.total == 30 and listed.more == 10
    assert shown([1, 2]).more == 0


def test_a_statement_card_counts_every_source_its_record_counts(kb):
    """A record lists the first ids of a long cross-reference list; its card tells the rest."""
    views = build_views(kb)
    fact = next(f for f in kb.facts if f.corroborated_by)
    listed = len(fact.corroborated_by)
    card = views.card(replace(fact, corroborated_by_count=listed + 40), cluster=False)
    assert card.others.total == listed + 40
    assert card.others.more == listed + 40 - len(card.others.items) > 0


def test_lines_rendered_once_get_each_page_s_own_path_to_the_root(tiny_pages):
    assert not [path for path, content in tiny_pages.items() if ROOT_MARK in content]
    timeline_2 = tiny_pages["timeline/page/2.md"]
    assert 'href="../../../sources/' in timeline_2 and 'href="<' not in timeline_2


def test_runs_group_consecutive_items_in_order():
    assert runs(["a1", "a2", "b1", "a3"], lambda s: s[0]) == [
        ("a", ["a1", "a2"]),
        ("b", ["b1"]),
        ("a", ["a3"]),
    ]


def test_every_fact_is_carded_once_on_the_pages_of_its_year(kb, tiny_pages):
    views = build_views(kb, sizes=TINY)
    carded = Counter()
    for path, content in tiny_pages.items():
        if path.startswith("years/") and not path.endswith("index.md"):
            carded.update(re.findall(r'<div class="kb-fact [^"]*" id="([^"]+)"', content))
            assert len(re.findall(r'<div class="kb-fact ', content)) <= TINY.cards
    assert carded == Counter(f.id for f in views.canonical)
    for fact in views.canonical:
        page, anchor = views.home_of(fact)
        assert f'id="{anchor}"' in tiny_pages[page], "home_of names the page that holds it"


def test_every_listing_spreads_over_pages_with_a_pager(kb, tiny_pages):
    continued = {p.split("/page/")[0] for p in tiny_pages if "/page/" in p}
    assert {"timeline", "sources", "disagreements"} <= continued
    assert "countries/south-korea" in continued and "organisations/nato" in continued
    assert any(p.startswith("years/") for p in continued)
    assert any(p.startswith("topics/") for p in continued)
    assert any(p.startswith("partnerships/") for p in continued)
    second = tiny_pages["countries/south-korea/page/2.md"]
    assert "Page 2 of" in second and "[« first](../../../countries/south-korea.md)" in second
    assert "## Names" not in second and "## Pages linking here" not in second
    for path, content in tiny_pages.items():
        if "/page/" in path or path == "timeline/index.md":
            assert content.count('<li class="kb-fact ') <= TINY.lines, path


def test_the_timeline_holds_every_fact_once_across_its_pages(kb, tiny_pages):
    views = build_views(kb, sizes=TINY)
    lines = Counter()
    for path, content in tiny_pages.items():
        if path.startswith("timeline/"):
            lines.update(re.findall(r'<li class="kb-fact [^"]*" id="([^"]+)"', content))
    assert lines == Counter(f.id for f in views.canonical)


def test_a_crowded_year_ends_its_milestone_stack_with_a_dot_for_the_rest(kb):
    views = build_views(kb)
    year = max(views.by_year, key=lambda y: len(views.by_year[y]))
    crowded = views.by_year[year] * charts.MAX_STACK  # more than a stack holds
    svg = str(milestone_chart(crowded, "test", Edition("en", kb.lexicon)))
    assert svg.count("<circle") == charts.MAX_STACK
    rest = len(crowded) - charts.MAX_STACK + 1
    assert f"{year}: {rest} more milestones" in svg and "<a " not in svg


@pytest.mark.e2e
def test_small_pages_build_strict_with_no_broken_link(kb, tmp_path):
    docs, site = tmp_path / "docs", tmp_path / "site"
    write_pages(site_pages(kb, TEMPLATES, sizes=TINY), TEMPLATES, docs)
    config = bench_config(ROOT / "mkdocs.yml", docs, site) | {"strict": True}
    (tmp_path / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), "utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(tmp_path / "mkdocs.yml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env=MKDOCS_ENV,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    # Only the English edition is built here: its links to the Turkish one go nowhere.
    broken = broken_links(site, urlsplit(config["site_url"]).path)
    assert not [b for b in broken if not b.split(" -> ")[1].lstrip("./").startswith("tr/")]


def test_a_disagreement_with_many_dates_shows_the_most_stated(kb, monkeypatch):
    monkeypatch.setattr(views_module, "MAX_DATES_PER_DISAGREEMENT", 1)
    pages = {p.path: p.content for p in site_pages(kb, TEMPLATES)}
    listing = "".join(c for p, c in pages.items() if p.startswith("disagreements/"))
    sections = [s for s in listing.split("\n## ")[1:] if "kb-sides" in s]
    assert len(sections) == len(kb.consolidated.disagreements) > 0
    for section in sections:  # a disagreement has two dates at least: one shown, one told
        dates = set(re.findall(r'<p class="kb-side-date" markdown="span">([^<]*)</p>', section))
        assert len(dates) == 1 and "more date" in section
