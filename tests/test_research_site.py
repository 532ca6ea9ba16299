"""The research tools on the built site, without a browser: no resource from another
host, the downloads (CSV, BibTeX, RIS, CSL-JSON, the explorer's chunks), source pages
that mark their fact sentences, graphs and the build stamp."""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from tests.conftest import ROOT

from natokorea_kb.explore import CHUNK_ROWS, explorer_files
from natokorea_kb.render import graph
from natokorea_kb.render.views import build_views, core_clusters, year_of
from natokorea_kb.stamp import build_stamp

pytestmark = pytest.mark.e2e

LOCAL_HOSTS = {"127.0.0.1", "localhost", ""}
# <link rel> values whose href the browser fetches; canonical, alternate … are names.
LOADED_LINKS = {"stylesheet", "icon", "preload", "modulepreload", "prefetch", "manifest"}


class _Resources(HTMLParser):
    """Every URL an HTML page makes the browser load (not the links a reader follows)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {k: v or "" for k, v in attrs}
        for name in ("src", "data", "poster"):
            if values.get(name):
                self.urls.append(values[name])
        if values.get("srcset"):
            self.urls += [part.split()[0] for part in values["srcset"].split(",") if part.strip()]
        rel = set(values.get("rel", "").lower().split())
        if tag == "link" and rel & LOADED_LINKS and values.get("href"):
            self.urls.append(values["href"])
        if tag == "image" and (values.get("href") or values.get("xlink:href")):
            self.urls.append(values.get("href") or values["xlink:href"])
        if values.get("style"):
            self.urls += re.findall(r"url\(\s*['\"]?([^'\")]+)", values["style"])


def _foreign(url: str) -> bool:
    """Whether a URL names another host (relative URLs and data: stay on the site)."""
    parts = urlsplit(url.strip())
    return bool(parts.netloc) and parts.hostname not in LOCAL_HOSTS


CSS_LOADS = re.compile(
    r"url\(\s*['\"]?((?:https?:)?//[^'\")\s]+)|@import\s+['\"]((?:https?:)?//[^'\"]+)"
)
JS_LOADS = re.compile(
    r"(?:fetch|importScripts|new\s+Worker|\.open)\(\s*(?:['\"][A-Z]+['\"]\s*,\s*)?['\"`]((?:https?:)?//[^'\"`]+)"
)


def test_no_page_loads_anything_from_another_host(built_site):
    problems = []
    for page in built_site.rglob("*.html"):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(built_site)}: {u}" for u in parser.urls if _foreign(u)]
    for sheet in built_site.rglob("*.css"):
        for match in CSS_LOADS.finditer(sheet.read_text(encoding="utf-8")):
            problems.append(f"{sheet.relative_to(built_site)}: {match.group(0)}")
    for script in built_site.rglob("*.js"):
        for match in JS_LOADS.finditer(script.read_text(encoding="utf-8", errors="replace")):
            if _foreign(match.group(1)):
                problems.append(f"{script.relative_to(built_site)}: {match.group(0)}")
    assert problems == []
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert "fonts.googleapis" not in home and "fonts.gstatic" not in home
    assert 'src="assets/kb.js"' in home and 'src="assets/explore.js"' in home


def test_the_scan_sees_what_a_page_would_load():
    parser = _Resources()
    parser.feed(
        '<link rel="stylesheet" href="https://fonts.googleapis.com/css"><a href="https://x.org">'
        '<img src="//cdn.example/i.png"><link rel="canonical" href="https://site.example/">'
    )
    assert [u for u in parser.urls if _foreign(u)] == [
        "https://fonts.googleapis.com/css",
        "//cdn.example/i.png",
    ]
    assert JS_LOADS.search('fetch("https://api.example/x")')
    assert CSS_LOADS.search("@import 'https://fonts.example/a.css';")


def test_csv_has_one_row_per_fact_with_joined_lists(built_site, kb):
    data = (built_site / "data" / "facts.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "a byte-order mark, for spreadsheets"
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert [r["id"] for r in rows] == [f.id for f in kb.facts]
    fact = next(f for f in kb.facts if len(f.entities) > 1)
    row = next(r for r in rows if r["id"] == fact.id)
    assert row["entities"] == "; ".join(fact.entities)
    assert row["quote"].lstrip("'") == fact.quote
    assert row["date_start"] == fact.date.start and int(row["span_start"]) == fact.span[0]
    assert "facts.csv" in (built_site / "data" / "index.html").read_text(encoding="utf-8")


def test_reference_manager_files_hold_the_citation_fields(built_site):
    bib = (built_site / "data" / "sources.bib").read_text(encoding="utf-8")
    assert "@article{natokorea-003," in bib
    assert "journaltitle = {Güvenlik Stratejileri}" in bib and "number = {20}" in bib
    assert "author = {Bağbaşlıoğlu, Arif}" in bib and "volume = {10}" in bib
    assert bib.count("@") == 5
    ris = (built_site / "data" / "sources.ris").read_bytes().decode("utf-8")
    assert "TY  - JOUR\r\n" in ris and "T2  - Güvenlik Stratejileri\r\n" in ris
    assert ris.count("ER  - ") == 5
    items = json.loads((built_site / "data" / "sources.csl.json").read_text(encoding="utf-8"))
    by_id = {item["id"]: item for item in items}
    assert by_id["003"]["container-title"] == "Güvenlik Stratejileri"
    assert by_id["002"]["publisher"].startswith("Ministry of Foreign Affairs")
    assert by_id["002"]["issued"] == {"date-parts": [[2023, 2, 16]]}
    assert "container-title" not in by_id["000"], "000 names no magazine"


def test_source_pages_mark_fact_sentences_and_have_no_empty_header(built_site, kb):
    for document in kb.documents:
        html = (built_site / "sources" / document.source.id / "index.html").read_text("utf-8")
        facts = [f for f in kb.facts if f.source == document.source.id]
        for fact in facts:
            unit = re.search(
                rf'<span class="kb-sentence kb-has-fact" id="{fact.sentence}">.*?</span>'
                rf'|<li id="{fact.sentence}" [^>]*class="kb-has-fact">.*?</li>',
                html,
            )
            assert unit and f'href="#{fact.id}"' in unit.group(0), fact.id
            assert f'id="{fact.id}"' in html
        marked = len(re.findall(r'class="kb-sentence kb-has-fact"|class="kb-has-fact"', html))
        assert marked == len({f.sentence for f in facts})
        assert "<th></th>" not in html and "<thead>\n<tr>\n<th></th>" not in html
        assert "How to cite this source" in html


def test_cards_carry_id_permalink_and_references(built_site, kb):
    fact = next(f for f in kb.facts if f.source == "002" and kb.consolidated.is_canonical(f))
    html = (built_site / "years" / fact.date.start[:4] / "index.html").read_text("utf-8")
    card = html.split(f'id="{fact.id}"', 1)[1].split('<div class="kb-fact', 1)[0]
    assert f"<code>{fact.id}</code>" in card
    assert f'href="../../sources/002/#{fact.id}"' in card
    assert "APA 7" in card and "Chicago author-date" in card
    assert "(2023, February 16)" in card, "APA with the ministry page's update date"


def test_explorer_chunks_hold_every_fact_and_stay_bounded(kb, tmp_path):
    views = build_views(kb)
    files = {page.path: page.data for page in explorer_files(kb, views)}
    index = json.loads(files["data/explore/index.json"])
    rows = []
    for number in range(1, len(index["chunks"]["all"]) + 1):
        rows += json.loads(files[f"data/explore/all/{number}.json"])["rows"]
    assert [r[0] for r in rows] == [f.id for f in sorted(kb.facts, key=lambda f: f.sort_key)]
    assert all(len(json.loads(d)["rows"]) <= CHUNK_ROWS for p, d in files.items() if "/all/" in p)
    field = {name: i for i, name in enumerate(index["fields"])}
    korea = index["chunks"]["entity/south-korea"]
    assert sum(c[2] for c in korea) == sum("south-korea" in f.entities for f in kb.facts)
    assert index["focus"] == ["nato", "south-korea"]
    core = core_clusters(kb, views)
    assert {r[field["cluster"]] for r in rows if r[field["flags"]] & 4} == core
    assert len(files["data/explore/index.json"]) < 20_000
    for row in rows:  # every card the explorer links to exists
        fact = views.by_id[row[0]]
        page, anchor = views.home_of(fact)
        assert row[field["card"]].startswith(f"years/{year_of(fact)}/")
        assert anchor == row[field["cluster"]]
        assert page


def test_graphs_are_bounded_and_the_same_every_time(kb):
    views = build_views(kb)
    pairs = graph.together(views)
    ego = graph.ego("south-korea", graph.linked(pairs))
    assert ego.centre == "south-korea" and len(ego.nodes) == graph.MAX_NEIGHBOURS + 1
    assert graph.layout(ego) == graph.layout(graph.ego("south-korea", graph.linked(dict(pairs))))
    centre = graph.layout(ego)["south-korea"]
    assert abs(centre[0] - graph.WIDTH / 2) < graph.WIDTH / 4, "the ego sits near the middle"
    whole = graph.overview(pairs)
    assert len(whole.nodes) <= graph.MAX_OVERVIEW
    assert all(a in whole.nodes and b in whole.nodes for a, b in whole.edges)


def test_an_ego_graph_is_a_ring_where_linked_neighbours_stand_side_by_side():
    pairs = {
        ("japan", "south-korea"): 9,
        ("australia", "south-korea"): 5,
        ("nato", "south-korea"): 7,
        ("australia", "nato"): 1,
        ("japan", "nato"): 4,
    }
    ego = graph.ego("south-korea", graph.linked(pairs))
    place = graph.layout(ego)
    assert place["south-korea"] == (graph.WIDTH / 2, graph.HEIGHT / 2)
    assert place["japan"] == (graph.WIDTH / 2, graph.PAD), "the strongest neighbour on top"
    rx, ry = graph.WIDTH / 2 - graph.PAD, graph.HEIGHT / 2 - graph.PAD
    for node in ("japan", "nato", "australia"):
        x, y = place[node]
        dx, dy = (x - graph.WIDTH / 2) / rx, (y - graph.HEIGHT / 2) / ry
        assert abs(dx * dx + dy * dy - 1) < 0.01, f"{node} stands on the ring"
    # Japan's strongest other link is NATO, which follows it clockwise (to the right)
    assert place["nato"][0] > place["japan"][0]


def test_ego_graph_on_entity_pages_links_its_neighbours(built_site):
    html = (built_site / "countries" / "south-korea" / "index.html").read_text("utf-8")
    canvas = html.split('<div class="kb-graph-canvas">', 1)[1].split("</figure>", 1)[0]
    hrefs = re.findall(r'class="kb-node-label" href="([^"]+)"', canvas)
    assert len(hrefs) == graph.MAX_NEIGHBOURS + 1
    assert "<a " not in canvas.split("</svg>", 1)[0], "no link inside the SVG"
    page = built_site / "countries" / "south-korea"
    for href in hrefs:
        assert ((page / href).resolve() / "index.html").is_file(), href


def test_build_stamp_follows_source_date_epoch_else_git(tmp_path):
    assert build_stamp(tmp_path, {"SOURCE_DATE_EPOCH": "1700000000"}).date == "2023-11-14"
    assert build_stamp(tmp_path, {}) is None, "no git repository, no stamp"
    stamp = build_stamp(ROOT / "corpus", {})
    if stamp is not None:  # a checkout with git
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", stamp.date) and stamp.commit


def test_counts_agree_in_number(built_site):
    text = " ".join(p.read_text(encoding="utf-8") for p in Path(built_site).rglob("index.html"))
    assert not re.search(r"\b1 (facts|statements|sources|years|milestones)\b", text)
