"""Where every page lives: the one module that knows the site's URLs.

Pages are named by their Markdown path under the docs folder (``years/2012.md``);
MkDocs turns that into a directory URL (``years/2012/``) as ``mkdocs.yml`` configures
(``use_directory_urls``, the default). Templates never spell a path: they ask this
module (``pages.source(id)``, ``pages.YEARS``), which templates receive as ``pages``,
and link with ``link(path, anchor)`` (a Markdown link MkDocs checks) or
``url(path, anchor)`` (a final URL for raw HTML, which MkDocs leaves alone).
"""

from __future__ import annotations

import re
from functools import lru_cache

from markupsafe import Markup, escape

from ..errors import RenderError

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

    def __init__(self, current: str, relocatable: bool = False) -> None:
        self.current = current
        self.targets: set[str] = set()
        self.up = "../" * current.count("/")  # from the Markdown file's folder
        self.root = ROOT_MARK if relocatable else "../" * page_url(current).count("/")

    def __call__(self, target: str, anchor: str | None = None) -> Markup:
        self.targets.add(target)
        return Markup(escape(self.up + target + (f"#{anchor}" if anchor else "")))

    def url(self, target: str, anchor: str | None = None) -> Markup:
        self.targets.add(target)
        if target == self.current and self.root is not ROOT_MARK:
            return Markup(escape(f"#{anchor}" if anchor else "./"))
        return Markup(self.root + _escaped_url(target, anchor, bool(self.root)))

    def finish(self, html: str) -> str:
        """Put this page's path to the root where shared HTML left the root mark."""
        return html.replace(ROOT_MARK, self.root or "./")
