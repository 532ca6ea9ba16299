"""Where every page lives: the one module that knows the site's URLs.

Pages are named by their Markdown path under the docs folder (``years/2012.md``);
MkDocs turns that into a directory URL (``years/2012/``) as ``mkdocs.yml`` configures
(``use_directory_urls``, the default). Templates never spell a path: they ask this
module (``pages.source(id)``, ``pages.YEARS``), which templates receive as ``pages``,
and link with ``link(path, anchor)`` (a Markdown link MkDocs checks) or
``url(path, anchor)`` (a final URL for raw HTML, which MkDocs leaves alone).

**Editions.** The site is built once per language of :data:`EDITIONS`: the first at the
site's root, every other one under its language code (``/tr/``), each with the very same
page paths, so the Turkish page of ``/years/2012/`` is ``/tr/years/2012/``. Inside an
edition links are the same in every language; only the data downloads (:data:`SHARED`),
published once at the root, and the links between editions climb out of an edition.
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from ..errors import RenderError

EDITIONS = ("en", "tr")  # the first is the site's root; each other one lives under /<code>/
SHARED = "data/"  # downloads under it are published once, at the root, for every edition
HOME = "index.md"
TIMELINE = "timeline/index.md"
YEARS = "years/index.md"
TOPICS = "topics/index.md"
ENTITIES = "entities/index.md"
PARTNERSHIPS = "partnerships/index.md"
DISAGREEMENTS = "disagreements/index.md"
SOURCES = "sources/index.md"
DATA = "data/index.md"
EXPLORE = "explore/index.md"
SEARCH = "search/index.md"
SEARCH_INDEX = "pagefind"  # the folder of the search index, beside the pages
SEARCH_SETTINGS = "assets/kb-search.json"  # beside assets/kb-search.js, which reads it
GRAPH = "graph/index.md"
ABOUT = "about/index.md"
TAGS = "tags.md"
# The URL section of each entity type: /countries/south-korea/, /people/ban-ki-moon/ …
SECTIONS = {
    "country": "countries",
    "organisation": "organisations",
    "person": "people",
    "programme": "programmes",
    "operation": "operations",
    "meeting": "meetings",
    "document": "documents",
    "crisis": "crises",
}
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Stands for the path from a page to the site root in HTML rendered once for many pages
# (fact lines); replaced when the page is done. No data can write it: data's "<" is
# always escaped.
ROOT_MARK = "<kb-root/>"


def page_path(section: str, slug: str) -> str:
    """The Markdown path of a page, e.g. ``sources/002.md``; the slug must be safe."""
    if not _SLUG.fullmatch(slug):
        raise RenderError(f"{section}/", f"'{slug}' is not a safe page name", "use a-z, 0-9, -")
    return f"{section}/{slug}.md"


def year(value: str) -> str:
    return page_path("years", value)


def topic(topic_id: str) -> str:
    return page_path("topics", topic_id)


def source(source_id: str) -> str:
    return page_path("sources", source_id)


def partnership(partnership_id: str) -> str:
    return page_path("partnerships", partnership_id)


def entity(entity_id: str, entity_type: str) -> str:
    return page_path(SECTIONS[entity_type], entity_id)


def section(entity_type: str) -> str:
    """The index page of one entity type: ``countries/index.md``."""
    return f"{SECTIONS[entity_type]}/index.md"


def data_file(name: str) -> str:
    """A download of the data page: ``data/facts.yml``."""
    return f"data/{name}"


def numbered(first: str, number: int) -> str:
    """Page ``number`` of a listing that starts at ``first``: ``years/2012.md``, then
    ``years/2012/page/2.md`` … (``timeline/index.md`` → ``timeline/page/2.md``)."""
    if number == 1:
        return first
    stem = first.removesuffix("index.md") if first.endswith("index.md") else first[:-3] + "/"
    return f"{stem}page/{number}.md"


def is_shared(target: str) -> bool:
    """Whether ``target`` is a download published once for every edition (not a page)."""
    return target.startswith(SHARED) and not target.endswith(".md")


def edition_prefix(language: str) -> str:
    """Where an edition lives from the site's root: ``""`` for the first, ``"tr/"``."""
    return "" if language == EDITIONS[0] else f"{language}/"


def site_path(path: str, language: str) -> str:
    """A page's URL path from the site's root in an edition: ``tr/years/2012/``."""
    return edition_prefix(language) + page_url(path)


def alternate_urls(path: str, site_url: str, language: str) -> list[tuple[str, str]]:
    """``hreflang`` alternates of a page: (language, address) in every edition, and
    ``x-default`` for the root edition. ``site_url`` is the current edition's address;
    without one the addresses are paths from the site's root."""
    root = site_url.removesuffix(edition_prefix(language)) if site_url else "/"
    found = [(code, root + site_path(path, code)) for code in EDITIONS]
    return [*found, ("x-default", found[0][1])]


def explorer_urls() -> dict[str, str]:
    """URL patterns the explorer's script fills in, from the site root: a source page
    (``{source}``) and the sentence anchor it adds; a year page's card is in each row."""
    sample = "zz-source"
    return {"source": page_url(source(sample)).replace(sample, "{source}")}


def page_url(path: str) -> str:
    """The directory URL MkDocs gives a Markdown file (``years/2012.md`` → ``years/2012/``)."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


@lru_cache(maxsize=1 << 16)  # a site links the same pages and anchors many times over
def _escaped_url(target: str, anchor: str | None, below_root: bool) -> str:
    """A page's URL and anchor, escaped for HTML, to follow a path to the root."""
    path = page_url(target) or ("" if below_root else "./")
    return str(escape(path + (f"#{anchor}" if anchor else "")))


class Linker:
    """Relative links from one page to others, remembering every page linked to.

    Calling it gives a Markdown link target (``../x/y.md#a``) that MkDocs checks and
    rewrites; :meth:`url` gives the final URL for raw HTML (SVG charts, fact cards).
    Links climb to the docs root and descend again: the path to the root depends on
    the current page only, so building a link is one concatenation. A relocatable
    linker writes :data:`ROOT_MARK` instead of that path, for HTML shared by many pages.
    """

    def __init__(self, current: str, relocatable: bool = False, language: str = EDITIONS[0]):
        self.current, self.language = current, language
        self.targets: set[str] = set()
        self.up = "../" * current.count("/")  # from the Markdown file's folder
        self.root = ROOT_MARK if relocatable else "../" * page_url(current).count("/")
        # from this edition's root to the site's, where the shared files are
        self.out = "../" * edition_prefix(language).count("/")

    def __call__(self, target: str, anchor: str | None = None) -> Markup:
        if is_shared(target):  # outside an edition: MkDocs cannot check it
            raise RenderError(target, "a shared file is linked with url()", "use url(path)")
        self.targets.add(target)
        return Markup(escape(self.up + target + (f"#{anchor}" if anchor else "")))

    def url(self, target: str, anchor: str | None = None) -> Markup:
        self.targets.add(target)
        if target == self.current and self.root is not ROOT_MARK:
            return Markup(escape(f"#{anchor}" if anchor else "./"))
        if is_shared(target):
            return Markup(self.root) + escape(self.out + target + (f"#{anchor}" if anchor else ""))
        return Markup(self.root + _escaped_url(target, anchor, bool(self.root)))

    def edition(self, language: str) -> Markup:
        """This page in the edition of ``language``, from this page."""
        path = self.out + edition_prefix(language) + page_url(self.current)
        return Markup(escape(self.root + path or "./"))

    def finish(self, html: str) -> str:
        """Put this page's path to the root where shared HTML left the root mark."""
        return html.replace(ROOT_MARK, self.root or "./")
