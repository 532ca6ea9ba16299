"""Page assembly: every registered page type rendered through its Jinja template.

Every page is generated from the knowledge base: adding a fact to the corpus adds it
to its year, timeline, topic, entity, partnership and source pages with no template
change. Pages exist only for what the data holds (years with facts, topics with facts,
entities the sources name), and each is listed on its section's index page, which the
navigation holds; the navigation never lists every page (Material repeats it in each).
"""

from __future__ import annotations

import multiprocessing
import threading
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ..citations import cite_source, escaped_citation
from ..errors import RenderError
from ..evaluate import Evaluation
from ..knowledge import KnowledgeBase
from ..records import KINDS, Fact, Page
from ..stamp import Stamp
from ..tabular import CSV_COLUMNS
from . import links
from .charts import milestone_chart, years_chart
from .edition import Edition, foreign, summary_in, title_in
from .environment import make_environment
from .graph import draw, edge_rows, ego, linked, overview, together
from .heap import settled
from .links import EDITIONS, Linker
from .markup import (
    RichText,
    abbreviation_block,
    anchor_id,
    escape_inline,
    external_link,
    front_matter,
    link_entities,
)
from .pages import LINKING_HERE, PAGE_TYPES, Listing, PageSpec, SiteData
from .views import (
    DEFAULT_SIZES,
    MAX_LINKING_HERE,
    MAX_MILESTONES_LISTED,
    MILESTONE_KINDS,
    PageSizes,
    Views,
    build_views,
    core_clusters,
    focus,
    partnership_title,
    runs,
    shown,
    sides,
    who_says,
    year_of,
)

Beside = Callable[[], list[Page]]  # files made while the pages render


def template_globals(kb: KnowledgeBase, views: Views, edition: Edition) -> dict[str, Any]:
    """What every template may use besides its own page's context."""
    return {
        "ed": edition,
        "t": edition.t,
        "lang": edition.language,
        "editions": EDITIONS,
        "kb": kb,
        "lexicon": kb.lexicon,
        "documents": kb.documents,
        "facts": list(kb.facts),
        "views": views,
        "pages": links,
        "years": views.years,
        "sources": {d.source.id: d.source for d in kb.documents},
        "kind_labels": {kind: edition.kind(kind) for kind in KINDS},
        "kinds": KINDS,
        "sections": links.SECTIONS,
        "disagreements": kb.consolidated.disagreements,
        "partnerships": kb.consolidated.partnerships,
        "programmes": kb.consolidated.programmes,
        "year_of": year_of,
        "decade_of": lambda fact: fact.date.start[:3] + "0",
        "period_title": edition.period,
        "kind_of": lambda fact: fact.kind,
        "max_milestones": MAX_MILESTONES_LISTED,
        "sides": lambda disagreement: sides(disagreement, views, edition),
        "who_says": lambda disagreement: who_says(disagreement, views, edition),
        "names": edition.names,
        "anchor": anchor_id,
        "runs": runs,
        "shown": shown,
        "milestone_kinds": MILESTONE_KINDS,
        "programme_index": {p.id: p for p in kb.consolidated.programmes},
        "partnership_title": lambda p: partnership_title(p, edition),
        "kinds_of": lambda facts: [k for k in KINDS if any(f.kind == k for f in facts)],
        "external": external_link,
        "chunk": None,
        "stamp": None,
        "csv_columns": CSV_COLUMNS,
    }


class Renderer:
    """Renders pages one by one, remembering titles and links for 'pages linking here'."""

    def __init__(
        self,
        kb: KnowledgeBase,
        templates: Path,
        views: Views,
        edition: Edition,
        compiled: Path | None = None,
    ):
        self.kb, self.views, self.edition = kb, views, edition
        self.env = make_environment(templates, compiled)
        self.abbreviations = abbreviation_block(kb.lexicon)
        self.rich = RichText(kb.lexicon, views.entity_pages)
        self.pages: list[Page] = []
        self.titles: dict[str, str] = {}
        self.links: dict[str, set[str]] = {}
        self.lines: dict[tuple[str, bool, bool], tuple[Markup, frozenset[str]]] = {}
        self.common = template_globals(kb, views, edition)
        self.common["core"] = core_clusters(kb, views)
        self.common["focus"] = focus(kb, views, edition)
        pairs = together(views)
        self.links_of = linked(pairs)
        self.overview = overview(pairs)
        self.common["citations"] = {
            d.source.id: escaped_citation(
                kb.citations.get(d.source.id) or cite_source(d.source), escape_inline
            )
            for d in kb.documents
        }

    def render(self, spec: PageSpec) -> Page:
        """One page: its front matter, its template's Markdown, the abbreviations."""
        path, context = spec.path, spec.context
        link = Linker(path, language=self.edition.language)
        entity = context.get("entity")
        own = entity.id if entity is not None else ""  # a page does not link to itself
        try:
            body = self.env.get_template(spec.template).render(
                {**self.common, **context},
                **self.helpers(link, own),
                page_path=path,
                page_title=spec.title,
            )
        except jinja2.TemplateError as exc:
            line = getattr(exc, "lineno", None)
            raise RenderError(
                f"docs_templates/{spec.template}", str(exc), "fix the template", line=line
            ) from exc
        self.titles[path] = spec.title
        self.links[path] = link.targets - {path}
        matter = front_matter(spec.title, spec.tags)
        switch = self.env.get_template("_editions.md.j2").render(self.common, link=link)
        return Page.of(path, matter + switch + link.finish(body) + self.abbreviations)

    def helpers(self, link: Linker, own: str) -> dict[str, Any]:
        """The functions a template calls to link, mark up and chart, bound to its page."""
        lexicon, pages, views = self.kb.lexicon, self.views.entity_pages, self.views
        edition = self.edition

        def linked(text: str, language: str = "en", skip: str = "") -> Markup:
            return link_entities(text, language, lexicon, pages, link, skip)

        def rich(text: str | None, language: str = "en", links: bool = True) -> Markup:
            return self.rich.render(text, language, link if links else None, own)

        def title(fact: Fact, links: bool = True) -> Markup:
            text, language = title_in(fact, edition.language)
            return foreign(rich(text, language, links), language, edition.language)

        def fact_line(fact: Fact, cluster: bool, line_ids: bool) -> Markup:
            html, targets = self.fact_line(fact, cluster, line_ids)
            link.targets.update(targets)
            return html

        return {
            "link": link.__call__,  # a method, which PageContext calls directly
            "url": link.url,
            "linked": linked,
            "rich": rich,
            "title": title,
            "summary": lambda fact: self.summary(fact, rich),
            "fact_line": fact_line,
            "milestone_chart": lambda facts, label: milestone_chart(facts, label, edition),
            "years_chart": lambda: years_chart(views, edition),
            "ego_graph": lambda entity_id, label: draw(
                ego(entity_id, self.links_of), edition, pages, link, label
            ),
            "overview_graph": lambda label: draw(self.overview, edition, pages, link, label),
            "overview_edges": lambda limit: edge_rows(self.overview, limit),
        }

    def summary(self, fact: Fact, rich: Any) -> Markup | None:
        """A fact's curated summary for this edition's readers, marked with its language."""
        found = summary_in(fact, self.edition.language)
        if found is None:
            return None
        text, language = found
        return foreign(rich(text, language), language, self.edition.language)

    def fact_line(self, fact: Fact, cluster: bool, line_ids: bool) -> tuple[Markup, frozenset[str]]:
        """A fact's one-line entry and the pages it links to, rendered once for every page.

        The same fact is listed on the timeline and on the pages of each of its entities,
        topics and partnerships; its line is rendered with links from the root mark,
        which each page replaces by its own path to the root.
        """
        key = (fact.id, cluster, line_ids)
        found = self.lines.get(key)
        if found is None:
            link = Linker("", relocatable=True, language=self.edition.language)
            language = self.edition.language
            text, written = title_in(fact, language)
            html = self.env.get_template("_fact_line.md.j2").render(
                self.common,
                fact=fact,
                cluster=cluster,
                line_ids=line_ids,
                url=link.url,
                title=lambda _: foreign(self.rich.render(text, written, None), written, language),
            )
            found = self.lines[key] = (Markup(html), frozenset(link.targets))
        return found

    def render_all(self, specs: list[PageSpec], jobs: int = 1, beside: Beside = list) -> list[Page]:
        """Render ``specs`` in order, in ``jobs`` forked processes when that is safe and
        there are enough of them to pay for the processes; return what ``beside`` makes,
        made by one of those processes while the others render (the data files: a
        seventh of render at 500 sources), else here after the pages."""
        runs = [(start, start + PAGES_A_TASK) for start in range(0, len(specs), PAGES_A_TASK)]
        if jobs < 2 or len(specs) < FORKED_PAGES or not can_fork():
            self.pages.extend(self.render(spec) for spec in specs)
            return beside()
        for name in self.env.list_templates(extensions=["j2"]):
            self.env.get_template(name)  # compiled once here, not again in every process
        global _FORKED
        _FORKED = (self, specs, beside)
        try:
            with multiprocessing.get_context("fork").Pool(jobs) as pool:
                made = pool.apply_async(_beside)  # first: the longest task
                for pages, titles, links in pool.imap(_render_run, runs):
                    self.pages.extend(pages)
                    self.titles.update(titles)
                    self.links.update(links)
                return made.get()
        finally:
            _FORKED = None

    def fill_linking_here(self) -> None:
        """Replace each page's :data:`LINKING_HERE` mark by the pages that link to it.

        Pages are rendered once with the mark; when all are done every page's links
        are known, and the lists (whose own links do not count) are filled in.
        """
        linked_from: dict[str, list[str]] = defaultdict(list)
        for source, targets in self.links.items():
            for target in targets:
                linked_from[target].append(source)
        template = self.env.get_template("_linking_here.md.j2")
        mark = LINKING_HERE.encode()
        for index, page in enumerate(self.pages):
            if mark not in page.data:
                continue
            found = sorted(
                ((p, self.titles[p]) for p in linked_from.get(page.path, ())),
                key=lambda item: (item[1].casefold(), item[0]),
            )
            link = Linker(page.path, language=self.edition.language)
            listing = template.render(
                self.common, link=link, linking_here=shown(found, MAX_LINKING_HERE)
            )
            self.pages[index] = Page(page.path, page.data.replace(mark, listing.strip().encode()))


# Pages rendered in parallel come from processes forked from this one, which read the
# renderer and the pages to render from here: the knowledge base is never copied.
_FORKED: tuple[Renderer, list[PageSpec], Beside] | None = None
PAGES_A_TASK = 40  # pages one forked process renders before it asks for more
# Fewer pages render faster in this process: starting the processes and rendering each
# fact's line again in every one of them cost more than the second core saves (the seed
# corpus's 248 pages: 0.25 s in one process, 0.30 s in two; 421 at 50 sources: 1.03 s
# in one, 0.70 s in two).
FORKED_PAGES = 320


def _beside() -> list[Page]:
    """In a forked process: what is made beside the pages."""
    assert _FORKED is not None
    return _FORKED[2]()


def can_fork() -> bool:
    """Whether this process may fork workers: where the platform forks, and only while
    it runs one thread (``mkdocs serve`` runs several; a fork copies their locks)."""
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


def _render_run(run: tuple[int, int]) -> tuple[list[Page], dict[str, str], dict[str, set[str]]]:
    """In a forked process: pages ``start`` to ``end``, their titles and their links."""
    assert _FORKED is not None
    renderer, specs, _ = _FORKED
    pages = [renderer.render(spec) for spec in specs[run[0] : run[1]]]
    paths = [page.path for page in pages]
    return pages, {p: renderer.titles[p] for p in paths}, {p: renderer.links[p] for p in paths}


@settled()
def render_site(
    kb: KnowledgeBase,
    templates: Path,
    evaluation: Evaluation | None = None,
    sizes: PageSizes = DEFAULT_SIZES,
    stamp: Stamp | None = None,
    views: Views | None = None,
    language: str = EDITIONS[0],
    jobs: int = 1,
    compiled: Path | None = None,
    beside: Beside = list,
) -> list[Page]:
    """Render every page of the site's edition in ``language`` (see :mod:`.pages`), in a
    stable order, then what ``beside`` makes (files that do not need the pages).

    ``evaluation`` (the extraction scored against an answer key) is shown on the About
    page; without it the page says no evaluation was run. ``sizes`` says how long a
    listing's page may get before the listing continues on the next. With ``jobs``
    above one, pages are rendered in that many forked processes; the pages are the
    same. ``compiled`` is a folder keeping the templates' compiled code between builds.
    """
    views = views or build_views(kb, sizes)
    edition = Edition(language, kb.lexicon)
    site = SiteData(kb, views, sizes, edition, evaluation)
    renderer = Renderer(kb, templates, views, edition, compiled)
    renderer.common["stamp"] = stamp
    specs = [
        page
        for page_type in PAGE_TYPES
        for spec in page_type(site)
        for page in (spec.pages(edition) if isinstance(spec, Listing) else (spec,))
    ]
    made = renderer.render_all(specs, jobs, beside)
    renderer.fill_linking_here()
    return renderer.pages + made
