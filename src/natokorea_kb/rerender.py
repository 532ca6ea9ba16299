"""Under ``mkdocs serve``, render again only the pages whose Markdown changed.

After an edit the knowledge base hands MkDocs every page again, and most of them are
byte for byte the pages of the last build. MkDocs would convert each from Markdown,
render it through the theme and parse it for the search index: nearly all of a
rebuild. :class:`PageMemo` keeps, per page, what those steps gave, and gives it back
when their inputs are the same:

- *Markdown to HTML* (``Page.render``), keyed by the page's final Markdown (after
  every plugin's ``on_page_markdown``);
- *the finished HTML file and the page's search entries*, keyed by that Markdown, the
  page's content after every plugin changed it (the tags plugin fills its listings in
  ``on_env``), its title, address and front matter, and the site's frame: the
  configuration file and the title and address of every page in the navigation
  (Material writes the navigation into every page).

A page whose finished file is reused goes through an empty template, is left out of
the search plugin's parsing and gets its stored file back in ``on_post_page``; its
stored search entries are put back in the index at its place, so the index comes out
in the order of a clean build. Links to anchors in reused pages are not checked
again (``mkdocs build`` checks every page). The memo lives as long as the serving
process and holds one copy of the site's HTML.
"""

from __future__ import annotations

import copy
import hashlib
import threading
from dataclasses import dataclass, field
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents

from .cancel import check

REUSED_TEMPLATE = "natokorea-kb-reused.html"  # renders nothing: the stored file replaces it


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates as compiled by earlier builds: MkDocs makes a new Jinja
    environment for every build, which would compile each again (Jinja checks that a
    template's source is the same before it uses its stored code)."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


def digest(*parts: str) -> str:
    hashed = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass")
        hashed.update(b"%d:" % len(data))
        hashed.update(data)
    return hashed.hexdigest()


@dataclass(frozen=True)
class Converted:
    """What ``Page.render`` made of one page's Markdown."""

    markdown: str  # digest of the Markdown it was made from
    content: str
    toc: TableOfContents
    title: str | None
    anchors: frozenset[str]


@dataclass(frozen=True)
class Finished:
    """A page's HTML file and its search entries, and the digest of what made them."""

    key: str
    output: str
    entries: tuple[dict, ...]


@dataclass
class PageMemo:
    """Per-page results of the last builds of one ``mkdocs serve`` process."""

    converted: dict[str, Converted] = field(default_factory=dict)
    finished: dict[str, Finished] = field(default_factory=dict)
    frame: str = ""
    keys: dict[str, str] = field(default_factory=dict)  # this build: page -> output key
    reused: dict[str, tuple[dict, Finished]] = field(default_factory=dict)  # page -> meta
    entries: dict[str, tuple[dict, ...]] = field(default_factory=dict)  # this build's
    rebuilt: list[str] = field(default_factory=list)  # this build: pages rendered again
    indexed: int = 0  # search entries seen so far in this build
    templates: CompiledTemplates = field(default_factory=CompiledTemplates)

    def start(self) -> None:
        """Forget the last build's choices (not its results) before a new build."""
        self.keys, self.reused, self.entries, self.rebuilt, self.indexed = {}, {}, {}, [], 0

    def convert_once(self, page: Page) -> None:
        """Make ``page.render`` give back the stored HTML when the Markdown is the same."""
        original = page.render
        uri = page.file.src_uri

        def render(config: MkDocsConfig, files: Any) -> None:
            markdown = digest(page.markdown or "")
            found = self.converted.get(uri)
            if found is not None and found.markdown == markdown:
                page.content, page.toc = found.content, copy.deepcopy(found.toc)
                page._title_from_render = found.title
                page.present_anchor_ids = set(found.anchors)
                page.links_to_anchors = None  # checked when the page was converted
                return
            original(config, files)
            self.converted[uri] = Converted(
                markdown,
                page.content or "",
                copy.deepcopy(page.toc),  # plugins change a page's toc in place (tags)
                page._title_from_render,
                frozenset(page.present_anchor_ids or ()),
            )

        page.render = render  # type: ignore[method-assign]

    def choose(self, pages: list[Page], nav: Navigation, config: MkDocsConfig) -> jinja2.BaseLoader:
        """Mark the pages whose finished file can be reused; the loader of the empty
        template they render through. Nothing is reused when a search plugin's
        entries cannot be reached (they could not be put back)."""
        with open(config.config_file_path, "rb") as file:
            frame = digest(
                file.read().decode("utf-8", "replace"),
                *(f"{p.url}\n{p.title}" for p in nav.pages),
            )
        if frame != self.frame:
            self.frame, self.finished = frame, {}
        present = {p.file.src_uri for p in pages}
        self.converted = {u: c for u, c in self.converted.items() if u in present}
        self.finished = {u: f for u, f in self.finished.items() if u in present}
        reachable = search_entries(config) is not UNREACHABLE
        for page in pages:
            uri = page.file.src_uri
            key = self.keys[uri] = digest(
                self.converted[uri].markdown if uri in self.converted else "",
                page.content or "",
                page.title or "",
                page.url,
                repr(sorted(page.meta.items())),
            )
            found = self.finished.get(uri)
            if reachable and found is not None and found.key == key:
                self.reused[uri] = (page.meta, found)
                page.meta = {**page.meta, "template": REUSED_TEMPLATE, "search": {"exclude": True}}
        return jinja2.DictLoader({REUSED_TEMPLATE: ""})

    def after_indexing(self, page: Page, config: MkDocsConfig) -> None:
        """Restore a reused page's front matter and put its stored entries in the
        index; note the entries the search plugin made of any other page."""
        uri, entries = page.file.src_uri, search_entries(config)
        if not isinstance(entries, list):
            return
        if uri in self.reused:
            meta, found = self.reused[uri]
            page.meta = meta
            entries.extend(found.entries)
        else:
            self.entries[uri] = tuple(entries[self.indexed :])
        self.indexed = len(entries)

    def finish(self, page: Page, output: str) -> str:
        """The page's finished file: the stored one when reused, else ``output``, kept."""
        uri = page.file.src_uri
        if uri in self.reused:
            meta, found = self.reused.pop(uri)
            page.meta = meta  # when no search plugin restored it
            return found.output
        self.finished[uri] = Finished(self.keys.get(uri, ""), output, self.entries.pop(uri, ()))
        self.rebuilt.append(uri)
        return output


UNREACHABLE = object()


def search_entries(config: MkDocsConfig) -> list | object | None:
    """Material's search entries of this build; None without a search plugin;
    :data:`UNREACHABLE` for a search plugin that keeps them elsewhere."""
    plugin = config.plugins.get("material/search") or config.plugins.get("search")
    if plugin is None or not plugin.config.get("enabled", True):
        return None
    entries = getattr(getattr(plugin, "search_index", None), "entries", None)
    return entries if isinstance(entries, list) else UNREACHABLE


class RerenderHooks:
    """The MkDocs events that feed a :class:`PageMemo`; a plugin that inherits them
    sets ``memo`` to a memo when it serves (None: every page is rendered)."""

    memo: PageMemo | None = None
    nav: Navigation | None = None
    cancelled: threading.Event | None = None  # set: stop this deferred build (.deferred)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        """Keep the navigation: its titles are part of every page's frame."""
        self.nav = nav

    def on_pre_page(self, page: Page, /, *, config: MkDocsConfig, files: Files) -> None:
        """Convert the page's Markdown only when it changed."""
        check(self.cancelled)
        if self.memo is not None:
            self.memo.convert_once(page)

    # Last, so that every page's content is final (the tags plugin fills its listings here).
    @event_priority(-100)
    def on_env(
        self, env: jinja2.Environment, /, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment:
        """Choose the pages whose finished file is reused; compile the theme's templates
        once per serving process."""
        if self.memo is not None:
            env.bytecode_cache = self.memo.templates
        if self.memo is not None and self.nav is not None:
            pages = [f.page for f in files.documentation_pages() if f.page is not None]
            loader = self.memo.choose(pages, self.nav, config)
            env.loader = jinja2.ChoiceLoader([loader, env.loader])
        return env

    # After the search plugin has indexed the page.
    @event_priority(-100)
    def on_page_context(
        self, context: Any, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> None:
        """Put a reused page's search entries back in the index."""
        check(self.cancelled)
        if self.memo is not None:
            self.memo.after_indexing(page, config)

    # Last, so that the file kept is the one every other plugin has finished.
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """Give a reused page its stored file; keep every other page's."""
        return output if self.memo is None else self.memo.finish(page, output)
