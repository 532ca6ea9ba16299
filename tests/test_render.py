"""Render stage without MkDocs: escaping, links, search folding, charts and the pages."""

from __future__ import annotations

import html as html_lib
import posixpath
import re
from pathlib import Path

import markdown
import pytest
import yaml
from mkdocs.utils.yaml import yaml_load  # reads !ENV as MkDocs does
from tests.conftest import ROOT, TEMPLATES, source_entry, write_corpus
from tests.golden import golden_cases

from natokorea_kb.evaluate import measure
from natokorea_kb.pipeline import build, site_pages
from natokorea_kb.render import charts, links
from natokorea_kb.render.edition import Edition
from natokorea_kb.render.links import ROOT_MARK, Linker
from natokorea_kb.render.markup import RichText, abbreviation_block, escape_markdown, front_matter
from natokorea_kb.render.pages import LINKING_HERE
from natokorea_kb.render.views import year_of
from natokorea_kb.search import ascii_fold, folded_markup, folded_terms

EXTENSIONS = ["abbr", "attr_list", "md_in_html", "tables", "toc"]
KEY = ROOT / "tests" / "gold" / "seeds.yml"
HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "**bold** _it_ `code` # heading",
    "{{ config }} {% raw %} {: .cls onclick=alert(1) }",
    "*[NATO]: injected abbreviation",
    "<https://evil.example/>",
    "</title><script>alert(1)</script>",
]


def _assert_inert(html: str) -> None:
    assert "<script" not in html and "<img" not in html
    assert not re.search(r"<[^>]*\bon\w+=", html), "no event-handler attribute in any tag"
    assert "javascript:" not in re.sub(r"<[^>]*>", "", html) or 'href="javascript' not in html


@pytest.fixture(scope="module")
def pages(kb) -> dict[str, str]:
    """The real corpus rendered once, with the answer key scored."""
    return {page.path: page.content for page in site_pages(kb, TEMPLATES, measure(kb, KEY))}


# --------------------------------------------------------------------------- escaping


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_renders_as_the_same_visible_text(text):
    html = markdown.markdown(escape_markdown(text), extensions=EXTENSIONS)
    _assert_inert(html)
    assert "<a " not in html and "<strong>" not in html and "<em>" not in html
    assert "<code>" not in html
    visible = html.removeprefix("<p>").removesuffix("</p>")
    assert html_lib.unescape(visible) == " ".join(text.split())


@pytest.mark.parametrize("text", HOSTILE)
def test_front_matter_titles_cannot_open_a_tag_even_after_striptags(text):
    data = yaml.safe_load(front_matter(text, [text]).split("---")[1])
    for value in (data["title"], *data["tags"]):
        assert "<" not in value and ">" not in value
        assert "<" not in html_lib.unescape(value), "themes unescape titles in <title>"


def test_abbreviation_expansions_are_plain_attribute_text(kb):
    block = abbreviation_block(kb.lexicon)
    assert "*[IPCP]: Individual Partnership and Cooperation Programme" in block
    html = markdown.markdown("IPCP and DPRK" + block, extensions=["abbr"])
    assert """<abbr title="Democratic People's Republic of Korea">DPRK</abbr>""" in html


def test_rich_text_marks_abbreviations_links_entities_and_escapes(kb):
    pages = {"south-korea": "countries/south-korea.md", "nato": "organisations/nato.md"}
    rich = RichText(kb.lexicon, pages)
    link = Linker("years/2012.md")
    html = str(rich.render("South Korea and NATO sign the IPCP <b>now</b>", "en", link))
    assert '<a href="../../countries/south-korea/">South Korea</a>' in html
    assert '<abbr title="North Atlantic Treaty Organization">NATO</abbr></a>' in html
    assert '<abbr title="Individual Partnership and Cooperation Programme">IPCP</abbr>' in html
    assert "<b>" not in html and "&lt;b&gt;" in html
    assert "<a " not in str(rich.render("South Korea", "en", None)), "no link without a linker"
    assert "South Korea" in str(rich.render("South Korea", "en", link, skip="south-korea"))
    assert "<a " not in str(rich.render("South Korea", "en", link, skip="south-korea"))


# --------------------------------------------------------------------------- links


def test_linker_makes_relative_markdown_links():
    assert Linker("years/2012.md")("sources/002.md", "s-14") == "../sources/002.md#s-14"
    assert Linker("index.md")("years/index.md") == "years/index.md"


@pytest.mark.parametrize(
    ("current", "target", "anchor", "url"),
    [
        ("years/2012.md", "sources/002.md", "s-14", "../../sources/002/#s-14"),
        ("index.md", "years/2012.md", "f-1", "years/2012/#f-1"),
        ("years/index.md", "years/2012.md", None, "../years/2012/"),
        ("timeline/index.md", "timeline/index.md", "f-1", "#f-1"),
        ("countries/japan.md", "index.md", None, "../../"),
        ("tags.md", "data/facts.json", None, "../data/facts.json"),
    ],
)
def test_linker_urls_for_raw_html_follow_directory_urls(current, target, anchor, url):
    assert Linker(current).url(target, anchor) == url


def test_relocatable_links_leave_the_path_to_the_root_for_later():
    link = Linker("sources/002.md", relocatable=True)
    assert link.url("sources/002.md", "s-3") == f"{ROOT_MARK}sources/002/#s-3"
    assert link.url("index.md") == ROOT_MARK
    assert link.targets == {"sources/002.md", "index.md"}


# --------------------------------------------------------------------------- search


@pytest.mark.parametrize("case", golden_cases("search"))
def test_folded_terms(case):
    assert folded_terms([case["text"]]) == case["folded"]


def test_folded_markup_is_hidden_and_empty_when_nothing_folds():
    assert str(folded_markup("Türkiye", None)) == '<div class="kb-fold" hidden>turkiye</div>'
    assert str(folded_markup("NATO", "")) == ""
    assert ascii_fold("İTTİFAK") == ascii_fold("ITTIFAK") == "ittifak"


def test_search_separator_splits_apostrophes_and_hangul_from_latin():
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    search = config["plugins"]["search"]
    separator = re.compile(search["separator"])

    def words(text: str) -> list[str]:
        return [w for w in separator.split(text) if w]

    assert words("NATO’nun Kore'nin İttifak‘ın") == ["NATO", "nun", "Kore", "nin", "İttifak", "ın"]
    assert words("윤석열(Yoon) 2022년 한국NATO") == ["윤석열", "Yoon", "2022", "년", "한국", "NATO"]
    assert words("Ki-moon, 1.5 billion. Next") == ["Ki", "moon", "1.5", "billion", "Next"]


# --------------------------------------------------------------------------- charts


def test_bar_chart_scales_escapes_and_holds_no_link():
    html = str(
        charts.bar_chart(
            [
                charts.Bar("2011", 2, "2011: <2> facts", tick=True),
                charts.Bar("2012", 4, "2012", tick=False),
            ],
            "Facts & years",
            "two years",
        )
    )
    assert html.startswith('<div class="kb-scroll" tabindex="0"') and html.endswith("</div>")
    svg = html[html.index("<svg") :]
    assert 'aria-label="Facts &amp; years. two years"' in svg and "&lt;2&gt;" in svg
    assert svg.count("<rect") == 2 and "<a " not in svg, "links stay outside SVG"
    assert 'height="110"' in svg and 'height="55"' in svg, "the tallest bar fills the height"
    assert svg.count('class="kb-tick"') == 1
    width = re.search(r'<svg class="kb-svg" width="([\d.]+)"', svg).group(1)
    assert f'viewBox="0 0 {width} ' in svg, "drawn at its own size: one unit, one pixel"


def test_timeline_stacks_points_of_a_year_and_is_empty_without_points():
    points = [charts.Point(2006, "partnership", "a"), charts.Point(2006, "event", "b")]
    svg = str(charts.timeline(points, "Milestones", "two"))
    assert svg.count("<circle") == 2 and 'class="kb-dot kb-kind-partnership"' in svg
    assert len(set(re.findall(r'cy="([\d.]+)"', svg))) == 2, "same year, two heights"
    assert ">2000</text>" in svg and ">2010</text>" in svg
    assert "<a " not in svg
    assert str(charts.timeline([], "none", "")) == ""


# --------------------------------------------------------------------------- pages


def _targets(path: str, content: str) -> set[str]:
    """Pages a Markdown page links to (Markdown links and raw hrefs), as docs paths."""
    base = posixpath.dirname(path)
    found = set()
    for target in re.findall(r"\]\(([^)#\s]+)", content):
        if "://" not in target:
            found.add(posixpath.normpath(posixpath.join(base, target)))
    stem = path.removesuffix(".md")
    here = "" if stem == "index" else stem.removesuffix("index").rstrip("/") + "/"
    for href in re.findall(r'href="([^"#]+)', content):
        if "://" not in href:
            url = posixpath.normpath(posixpath.join(here, href)).removeprefix(".")
            found |= {f"{url}.md", f"{url}/index.md" if url else "index.md"}
    return found


def test_every_page_is_reachable_from_the_navigation_or_an_index(pages):
    config = yaml_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    nav_pages = set(re.findall(r"[\w/-]+\.md", str(config["nav"])))
    reached, todo = set(), list(nav_pages)
    while todo:
        path = todo.pop()
        if path in reached or path not in pages:
            continue
        reached.add(path)
        todo.extend(_targets(path, pages[path]))
    markdown_pages = {p for p in pages if p.endswith(".md")}
    assert markdown_pages - reached == set()


def test_pages_exist_for_what_the_data_holds(kb, pages):
    lexicon = kb.lexicon
    for fact in kb.facts:
        for entity in fact.entities:
            assert links.entity(entity, lexicon.entities[entity].type) in pages
        for topic in fact.topics:
            assert f"topics/{topic}.md" in pages
    for partnership in kb.consolidated.partnerships:
        assert f"partnerships/{partnership.id}.md" in pages
    for name in ("facts", "partnerships", "programmes", "disagreements"):
        assert {f"data/{name}.yml", f"data/{name}.json"} <= set(pages)
    expected = {"index.md", "timeline/index.md", "years/index.md", "topics/index.md"}
    expected |= {"disagreements/index.md", "data/index.md", "about/index.md", "tags.md"}
    assert expected <= set(pages)
    assert not any(LINKING_HERE in content for content in pages.values())


def test_a_cluster_is_listed_once_by_date_and_every_statement_on_its_source(kb, pages):
    by_id = {f.id: f for f in kb.facts}
    timeline = pages["timeline/index.md"]
    for fact in kb.facts:
        head = kb.consolidated.canonical.get(fact.id, fact.id)
        assert f'id="{fact.id}"' in pages[f"sources/{fact.source}.md"]
        year_page = pages[f"years/{year_of(by_id[head])}.md"]
        if head == fact.id:
            assert timeline.count(f'id="{fact.id}"') == 1 and f'id="{fact.id}"' in year_page
        else:
            assert f'id="{fact.id}"' not in timeline and f'id="{fact.id}"' not in year_page
            assert f"sources/{fact.source}/#{fact.sentence}" in year_page, "listed as a source"


def test_fact_cards_link_sentence_year_entities_topics_and_mark_the_quote_language(kb, pages):
    fact = next(f for f in kb.facts if f.entities and f.topics and f.language == "tr")
    card = _card(pages[f"sources/{fact.source}.md"], fact.id)
    assert f'href="#{fact.sentence}"' in card or f"/{fact.source}/#{fact.sentence}" in card
    assert f'lang="{fact.language}"' in card
    assert f"years/{year_of(fact)}/#" in card
    for entity in fact.entities:
        assert f"/{entity}/" in card
    for topic in fact.topics:
        assert f"topics/{topic}/" in card


def test_corroboration_and_disputes_show_on_cards(kb, pages):
    corroborated = next(f for f in kb.facts if f.corroborated_by)
    card = _card(pages[f"sources/{corroborated.source}.md"], corroborated.id)
    other = next(f for f in kb.facts if f.id == corroborated.corroborated_by[0])
    assert "Also stated by" in card and f'{other.source}/#{other.sentence}"' in card
    disputed = next(f for f in kb.facts if f.disputed_by)
    card = _card(pages[f"sources/{disputed.source}.md"], disputed.id)
    assert "Disputed by" in card and "disagreements/#" in card


def test_disagreements_are_side_by_side_with_source_kind_and_date(kb, pages):
    page = pages["disagreements/index.md"]
    assert kb.consolidated.disagreements, "the seeds disagree"
    by_id = {f.id: f for f in kb.facts}
    for disagreement in kb.consolidated.disagreements:
        for fact_id in disagreement.facts:
            fact = by_id[fact_id]
            assert f"sources/{fact.source}.md#{fact.sentence}" in page
            source = kb.document(fact.source).source
            english = Edition("en", kb.lexicon)
            assert f"{english.source_kind(source.kind)}, {english.day(source.published)}" in page


def test_entity_page_holds_names_in_every_language_sources_and_backlinks(kb, pages):
    page = pages["countries/south-korea.md"]
    entity = kb.lexicon.entities["south-korea"]
    for language, names in entity.aliases.items():
        assert f'<span lang="{language}">' in page
        assert all(escape_markdown(name) in page for name in names)
    assert "Republic of Korea" in page and "## Sources naming it" in page
    backlinks = page.split("## Pages linking here", 1)[1]
    assert "(../years/" in backlinks and "(../organisations/nato.md)" in backlinks


def test_about_page_reads_the_evaluation_or_says_none_was_run(kb, pages):
    result = measure(kb, KEY)
    assert result is not None
    about = pages["about/index.md"]
    assert f"{100 * result.total.precision:.1f} %" in about
    assert f"{100 * result.total.recall:.1f} %" in about
    bare = {p.path: p.content for p in site_pages(kb, TEMPLATES)}["about/index.md"]
    assert "No evaluation was run" in bare and "Precision" not in bare


def test_rendering_is_deterministic(kb):
    assert site_pages(kb, TEMPLATES) == site_pages(kb, TEMPLATES)


def test_hostile_source_text_and_metadata_stay_inert(tmp_path):
    quote = "In 2012 NATO and Korea signed <script>alert(1)</script> [x](javascript:alert(1))."
    corpus = write_corpus(
        tmp_path,
        [source_entry("h", title='<img src=x onerror="alert(1)"> </title><script>x</script>')],
        {"h.txt": f"{quote}\n\nIn 2013 *[NATO]: evil* and {{{{ config }}}} {{: onclick=x }}.\n"},
    )
    kb = build(corpus)
    assert kb.facts, "the hostile sentences still give facts"
    for page in site_pages(kb, TEMPLATES):
        if not page.path.endswith(".md"):
            continue
        body = page.content.split("---\n", 2)[2]
        _assert_inert(markdown.markdown(body, extensions=EXTENSIONS))
        assert "evil" not in abbreviation_block(kb.lexicon)


def _card(content: str, fact_id: str) -> str:
    start = content.index(f'id="{fact_id}"')
    return content[start : content.index("\n</div>", start)]


def test_measure_without_a_key_is_none(kb, tmp_path: Path):
    assert measure(kb, None) is None
    assert measure(kb, tmp_path / "missing.yml") is None


def test_a_borrowed_date_says_where_it_came_from(kb, pages):
    """A fact dated from outside its sentence (a note, the publication, a dated summit)
    says so on its card, with how the date was reached."""
    borrowed = [f for f in kb.facts if f.date.derivation]
    assert borrowed
    for fact in borrowed:
        opening = f'<div class="kb-fact kb-kind-{fact.kind}" id="{fact.id}"'
        cards = [p for p in pages.values() if opening in p]
        assert cards, fact.id
        card = cards[0].split(opening, 1)[1].split('<div class="kb-fact', 1)[0]
        assert "Date taken from outside the sentence:" in card
        assert fact.date.derivation in html_lib.unescape(card)
