"""Nothing injected: source text, metadata and curation are data, never markup.

A corpus whose texts, ``sources.yml`` fields and ``curation.yml`` entries are full of
HTML, Markdown, Jinja, front-matter, attr_list and abbreviation syntax is built with
``mkdocs build --strict``. Every generated HTML file is parsed and scanned: no
element, attribute or URL may come from the hostile strings, and each
hostile string must be visible, as written, on the pages that show it.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
from tests.conftest import copy_project, mkdocs_build, source_entry, write_corpus

from natokorea_kb.pipeline import build
from natokorea_kb.records import Fact
from natokorea_kb.yamlio import dump_yaml

# Every payload carries a marker (KBX + two digits) that must reach the page as text.
PAYLOADS = [
    '<script>alert("KBX01")</script>',
    "<img src=x onerror=\"alert('KBX02')\">",
    "[click KBX03](javascript:alert(1))",
    "![KBX04](javascript:alert(1))",
    '<a href="javascript:alert(1)">KBX05</a>',
    "**KBX06 bold** _KBX06 it_ `KBX06 code`",
    '{{ "KBX" ~ "07" }} {% if true %}KBX07{% endif %} {# KBX07 #}',
    "{: onclick=\"alert('KBX08')\" .kbx-class #kbx-id }",
    "*[KBX09]: injected abbreviation",
    '<iframe src="https://evil.example/KBX10"></iframe>',
    "<svg onload=\"alert('KBX11')\"><kbx-evil>KBX11</kbx-evil></svg>",
    '<div markdown="1">**KBX12**</div>',
    "&lt;b&gt;KBX13&lt;/b&gt; &amp;amp; &#60;i&#62;",
    "<!-- KBX14 comment -->",
    "<style>/* KBX15 */ body{display:none}</style>",
    "<https://evil.example/KBX16>",
    "[KBX17]: javascript:alert(1)",
    "<details open ontoggle=\"alert('KBX18')\">KBX18</details>",
    "# KBX19 heading",
    "| KBX20 | table |",
    "javascript:alert('KBX21')",
    '<base href="https://evil.example/KBX22/">',
    "%}{{ KBX23 }}{%",
]
FRONT_MATTER = "---\ntitle: KBX30 hijacked\n---\n"
YEARS = range(1995, 1995 + len(PAYLOADS))

ENGLISH = FRONT_MATTER + "\n".join(
    f"In {year} NATO and South Korea signed a partnership programme {payload} again.\n"
    for year, payload in zip(YEARS, PAYLOADS, strict=True)
)
TURKISH = (
    "NATO ile Güney Kore 2014 yılında ortaklık programı imzaladı "
    "<script>alert('KBX31')</script> {{ KBX31 }}.\n"
)
META = {
    "title": 'NATO <script>alert("KBX40")</script> {{ 7*7 }} [x](javascript:alert(1)) KBX40',
    "authors": ["<img src=x onerror=alert('KBX41')>", "{% raw %}KBX42 **bold**"],
    "publisher": "**KBX43** <b>bold</b> *[NATO]: evil",
    "venue": "{: onclick=alert(1) } KBX44 | cell |",
    "date_note": "---\ntitle: KBX45\n--- <em>KBX45</em>",
    "url": 'https://example.org/?q="><script>alert("KBX46")</script>',
}
CURATED_TITLE = "<script>alert('KBX50')</script> {{ config }} [x](javascript:alert(1)) KBX50"
CURATED_SUMMARY = "*[KBX51]: abbr <img src=x onerror=alert(1)> {: .kbx-class } KBX51"
DISAGREEMENT_NOTE = "<iframe src=javascript:alert(1)></iframe> {% endraw %} KBX52"

MARKERS = sorted(set(re.findall(r"KBX\d\d", " ".join(PAYLOADS) + str(META) + TURKISH)))
MARKERS += ["KBX30", "KBX50", "KBX51", "KBX52"]


# --------------------------------------------------------------------------- the scan


@dataclass
class Scan:
    """What an HTML document holds that could execute or restyle, and its visible text."""

    problems: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    quotes: list[str] = field(default_factory=list)  # visible text of each fact card's quote


FORBIDDEN = frozenset({"iframe", "object", "embed", "frame", "frameset", "base", "kbx-evil"})
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href", "data", "srcdoc"})


class _Scanner(HTMLParser):
    def __init__(self, scan: Scan) -> None:
        super().__init__(convert_charrefs=True)
        self.scan = scan
        self.stack: list[tuple[str, dict[str, str]]] = []
        self.raw_text = ""  # inside <script> or <style>
        self.quote: list[str] | None = None  # inside <blockquote class="kb-quote">

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        where = f"<{tag} {values}>"
        if tag in FORBIDDEN:
            self.scan.problems.append(f"element {where}")
        for name, value in values.items():
            if name.startswith("on"):
                self.scan.problems.append(f"event handler {where}")
            squeezed = re.sub(r"[\s\x00-\x1f]+", "", value).lower()
            if name in URL_ATTRIBUTES and squeezed.startswith(("javascript:", "vbscript:")):
                self.scan.problems.append(f"script URL {where}")
            if (name, value) == ("id", "kbx-id") or (name == "class" and "kbx-class" in value):
                self.scan.problems.append(f"attr_list applied {where}")
        if tag == "img" and values.get("src") == "x":
            self.scan.problems.append(f"element {where}")
        if tag == "abbr" and any(w in values.get("title", "") for w in ("injected", "evil")):
            self.scan.problems.append(f"abbreviation defined by a source {where}")
        if tag == "script" and values.get("src") and "assets/" not in values["src"]:
            self.scan.problems.append(f"foreign script {where}")
        if tag == "blockquote" and "kb-quote" in values.get("class", ""):
            self.quote = []
        if tag not in ("br", "hr", "img", "input", "meta", "link", "source", "wbr", "col"):
            self.stack.append((tag, values))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if self.stack and self.stack[-1][0] == tag:
            self.stack.pop()

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and "KBX" in self.raw_text:
            self.scan.problems.append(f"<{tag}> holding source text: {self.raw_text[:80]!r}")
        if tag in ("script", "style"):
            self.raw_text = ""
        if tag == "blockquote" and self.quote is not None:
            self.scan.quotes.append(" ".join("".join(self.quote).split()))
            self.quote = None
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                break

    def handle_data(self, data: str) -> None:
        open_tags = [tag for tag, _ in self.stack]
        if open_tags and open_tags[-1] in ("script", "style"):
            self.raw_text += data
            return
        # Markdown that became markup: its own text inside the element it asks for.
        for tag, marker in (
            ("strong", "KBX06"),
            ("em", "KBX06"),
            ("code", "KBX06"),
            ("strong", "KBX12"),
            ("h1", "KBX19"),
            ("td", "KBX20"),
            ("th", "KBX20"),
            ("em", "KBX45"),
            ("strong", "KBX43"),
            ("b", "KBX43"),
        ):
            if tag in open_tags and marker in data and not self._is_escaped_title(tag):
                self.scan.problems.append(f"<{tag}> made from source text: {data[:80]!r}")
        if "title" in open_tags and "KBX30" in data:
            self.scan.problems.append(f"front matter from source text: {data!r}")
        self.scan.text.append(data)
        if self.quote is not None:
            self.quote.append(data)

    def handle_comment(self, data: str) -> None:
        if "KBX" in data:
            self.scan.problems.append(f"source text hidden in a comment: {data[:80]!r}")

    def _is_escaped_title(self, tag: str) -> bool:
        """Templates set titles in bold: text inside them is fine, markup from it is not."""
        return tag == "strong" and any(
            "kb-title" in values.get("class", "") for _, values in self.stack
        )


def scan_html(document: str) -> Scan:
    scan = Scan()
    scanner = _Scanner(scan)
    scanner.feed(document)
    scanner.close()
    return scan


def visible(scan: Scan) -> str:
    """The text a reader sees, whitespace collapsed (elements such as <abbr> split it)."""
    return " ".join("".join(scan.text).split())


# --------------------------------------------------------------------------- the site


@dataclass(frozen=True)
class Built:
    site: Path
    log: str
    facts: list[Fact]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Built:
    """The hostile corpus, curated, built once with ``mkdocs build --strict``."""
    folder = tmp_path_factory.mktemp("hostile")
    sources = [
        source_entry("en", **META),
        source_entry("tr", language="tr", published="2015-01-01", title="KBX32 {{ x }}"),
    ]
    corpus = write_corpus(folder / "input", sources, {"en.txt": ENGLISH, "tr.txt": TURKISH})
    facts = build(corpus).facts
    english = [f.id for f in facts if f.source == "en"]
    assert len(english) >= 3, "the hostile sentences must still yield facts"
    curation = {
        "facts": {english[0]: {"title": CURATED_TITLE, "summary": CURATED_SUMMARY}},
        "disagreements": [{"facts": english[1:3], "note": DISAGREEMENT_NOTE}],
    }
    (corpus / "curation.yml").write_text(dump_yaml(curation), encoding="utf-8")
    kb = build(corpus)
    for document in kb.documents:
        assert document.accounting.total == document.accounting.raw == len(document.raw)
    project = copy_project(folder, corpus)
    done = mkdocs_build(project, SOURCE_DATE_EPOCH="1700000000")
    assert done.returncode == 0, done.stderr
    return Built(project / "site", done.stderr, list(kb.facts))


@pytest.fixture(scope="module")
def pages(built) -> dict[str, Scan]:
    return {
        path.relative_to(built.site).as_posix(): scan_html(path.read_text(encoding="utf-8"))
        for path in sorted(built.site.rglob("*.html"))
    }


def test_the_hostile_corpus_builds_strict_without_warnings(built, pages):
    assert "WARNING" not in built.log, built.log
    assert "sources/en/index.html" in pages and "sources/tr/index.html" in pages


def test_no_page_holds_executable_content_from_the_sources(pages):
    problems = [f"{path}: {problem}" for path, scan in pages.items() for problem in scan.problems]
    assert problems == []


@pytest.mark.parametrize("payload", PAYLOADS)
def test_each_hostile_text_is_visible_as_written_on_its_source_page(pages, payload):
    assert " ".join(payload.split()) in visible(pages["sources/en/index.html"])


def test_hostile_metadata_is_visible_as_written(pages):
    text = visible(pages["sources/en/index.html"])
    for key in ("publisher", "venue"):
        assert " ".join(META[key].split()) in text, key
    for author in META["authors"]:
        assert author in text
    assert " ".join(META["date_note"].split()) in text
    assert "KBX40" in text and "KBX46" in text


def test_every_quote_is_shown_as_written_on_its_source_and_year_pages(built, pages):
    assert len(built.facts) > len(PAYLOADS) // 2
    by_id = {fact.id: fact for fact in built.facts}
    for fact in built.facts:
        quote = " ".join(fact.quote.split())
        assert quote in pages[f"sources/{fact.source}/index.html"].quotes, quote
        # A year page shows one card per corroboration cluster, quoting one of its facts.
        cluster = [fact, *(by_id[i] for i in fact.corroborated_by if i in by_id)]
        shown = pages[f"years/{fact.date.start[:4]}/index.html"].quotes
        assert any(" ".join(f.quote.split()) in shown for f in cluster), quote


def test_front_matter_lines_in_a_text_stay_text(pages):
    assert "title: KBX30 hijacked" in visible(pages["sources/en/index.html"])


def test_curated_text_is_visible_as_written(pages):
    shown = " ".join(visible(scan) for scan in pages.values())
    for text in (CURATED_TITLE, CURATED_SUMMARY, DISAGREEMENT_NOTE):
        assert text in shown


def test_every_marker_reaches_some_page_as_text(pages):
    shown = " ".join(visible(scan) for scan in pages.values())
    assert [marker for marker in MARKERS if marker not in shown] == []


def search_fragments(site: Path) -> list[dict]:
    """Every result the search index holds (Pagefind's fragments: gzip, a signature, JSON)."""
    return [
        json.loads(gzip.decompress(path.read_bytes()).removeprefix(b"pagefind_dcd"))
        for path in sorted((site / "pagefind" / "fragment").glob("*.pf_fragment"))
    ]


def test_the_search_index_holds_the_hostile_text_as_written(built):
    """The index holds text, never markup: the search script shows it escaped
    (tests/test_search_browser.py searches a payload and finds it as text)."""
    fragments = search_fragments(built.site)
    everything = " ".join(f["content"] + " " + " ".join(f["meta"].values()) for f in fragments)
    cards = [f for f in built.facts if f.cluster == f.id]  # a card quotes its cluster's head
    stated = " ".join(f"{f.quote} {f.title} {f.summary or ''}" for f in cards)
    searched = [m for m in MARKERS if m in stated or m in META["title"] or m in META["publisher"]]
    assert len(searched) > 10
    assert [marker for marker in searched if marker not in everything] == []
    assert '<script>alert("KBX01")</script>' in everything


def test_the_scanner_flags_what_it_must():
    """The scan is only as good as its detectors: each must fire on unescaped payloads."""
    hostile = "".join(f"<p>{payload}</p>" for payload in PAYLOADS) + (
        '<a href=" JaVa\nscript:alert(1)">x</a><p><strong>KBX06 bold</strong></p>'
        '<p class="x kbx-class">y</p><abbr title="injected abbreviation">KBX09</abbr>'
    )
    problems = " ".join(scan_html(hostile).problems)
    for expected in (
        "<script> holding source text",
        "element <img",
        "event handler",
        "script URL",
        "element <iframe",
        "element <kbx-evil",
        "<style> holding source text",
        "source text hidden in a comment",
        "element <base",
        "<strong> made from source text",
        "attr_list applied",
        "abbreviation defined by a source",
    ):
        assert expected in problems, expected
