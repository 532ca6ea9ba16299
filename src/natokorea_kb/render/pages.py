"""The site's page types, in the order they are rendered.

A page type is a template in ``docs_templates/`` and one function registered here with
:func:`page_type`: it reads the knowledge base and its views and yields the pages to
render, each a :class:`PageSpec` (one page) or a :class:`Listing` (a listing that
continues on numbered pages). The function gives each page its path (asked of
:mod:`~natokorea_kb.render.links`), title, tags and template context;
the renderer does the rest. Adding a page type is writing its template and one such
function.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from ..evaluate import Evaluation
from ..knowledge import KnowledgeBase
from ..records import Document, Fact
from ..search import browser_settings
from . import links
from .edition import Edition
from .views import (
    MAX_ROWS,
    Chunk,
    PageSizes,
    Views,
    first_pages,
    focus,
    labels,
    paginate,
    partnership_title,
    ranked,
    related,
    shown,
    source_rows,
    year_of,
)

# Stands where the 'pages linking here' list goes until every page's links are known;
# it cannot come from data, whose "<" is always escaped.
LINKING_HERE = "<!-- kb:linking-here -->"


@dataclass(frozen=True)
class SiteData:
    """What page types read: the knowledge base, its views, the edition being rendered,
    and the About page's figures."""

    kb: KnowledgeBase
    views: Views
    sizes: PageSizes
    edition: Edition
    evaluation: Evaluation | None = None  # the extraction scored against an answer key

    def title(self, key: str, **values: object) -> str:
        """A page title from the edition's messages (``titles.<key>``)."""
        return self.edition.text(f"titles.{key}", **values)


@dataclass(frozen=True)
class PageSpec:
    """One page to render."""

    template: str
    path: str
    title: str
    tags: Sequence[str] = ()
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Listing:
    """A listing over its numbered pages; only the first carries tags."""

    template: str
    chunks: Sequence[Chunk]
    title: str
    tags: Sequence[str] = ()
    context: dict[str, Any] = field(default_factory=dict)

    def pages(self, edition: Edition) -> Iterator[PageSpec]:
        for chunk in self.chunks:
            first = chunk.number == 1
            yield PageSpec(
                self.template,
                chunk.path,
                chunk.title(self.title, edition),
                self.tags if first else (),
                {**self.context, "chunk": chunk},
            )


PageType = Callable[[SiteData], Iterable[PageSpec | Listing]]
PAGE_TYPES: list[PageType] = []


def page_type(function: PageType) -> PageType:
    """Register a page type; pages are rendered in the order of registration."""
    PAGE_TYPES.append(function)
    return function


def fact_tags(facts: Iterable[Fact], site: SiteData) -> list[str]:
    """Tags of a page: the topics and kinds of its facts."""
    topics, edition = site.kb.lexicon.topics, site.edition
    kinds: set[str] = set()
    named: set[str] = set()
    for fact in facts:  # each kind and topic named once, however many facts share it
        kinds.add(fact.kind)
        named.update(fact.topics)
    tags = {edition.text("tags.kind", kind=edition.kind(kind)) for kind in kinds}
    return sorted(tags | {edition.topic(t) for t in named if t in topics})


@page_type
def home(site: SiteData) -> Iterator[PageSpec]:
    yield PageSpec("home.md.j2", links.HOME, site.title("home"))


@page_type
def timeline(site: SiteData) -> Iterator[Listing]:
    yield Listing("timeline.md.j2", site.views.timeline_chunks, site.title("timeline"))


@page_type
def years(site: SiteData) -> Iterator[PageSpec | Listing]:
    views = site.views
    yield PageSpec("years.md.j2", links.YEARS, site.title("years"))
    for index, year in enumerate(views.years):
        yield Listing(
            "year.md.j2",
            views.year_chunks[year],
            site.edition.period(year),
            fact_tags(views.statements_by_year.get(year, ()), site),
            context={
                "year": year,
                "year_facts": views.by_year[year],
                "timeline_of": lambda year: (views.timeline_page[year], year),
                "previous_year": views.years[index - 1] if index > 0 else None,
                "next_year": views.years[index + 1] if index + 1 < len(views.years) else None,
            },
        )


@page_type
def topics(site: SiteData) -> Iterator[PageSpec | Listing]:
    views, lexicon = site.views, site.kb.lexicon
    yield PageSpec("topics.md.j2", links.TOPICS, site.title("topics"))
    for topic_id, path in views.topic_pages.items():
        topic = lexicon.topics[topic_id]
        topic_facts = views.topic_facts[topic_id]
        statements = [m for f in topic_facts for m in views.members[f.id]]
        chunks = paginate(path, topic_facts, site.sizes.lines)
        name = site.edition.topic(topic_id)
        yield Listing(
            "topic.md.j2",
            chunks,
            name,
            [name],
            {
                "topic": topic,
                "topic_facts": topic_facts,
                "year_pages": first_pages(chunks, year_of),
                "related": related(statements, lexicon, views, ()),
                "source_counts": ranked(Counter(f.source for f in statements)),
            },
        )


@page_type
def entity_sections(site: SiteData) -> Iterator[PageSpec]:
    yield PageSpec("entities.md.j2", links.ENTITIES, site.title("entities"))
    for entity_type, section in links.SECTIONS.items():
        yield PageSpec(
            "entity_section.md.j2",
            links.section(entity_type),
            site.edition.entity_type(entity_type, plural=True),
            context={"entity_type": entity_type, "section": section},
        )


@page_type
def partnerships(site: SiteData) -> Iterator[PageSpec | Listing]:
    views = site.views
    for partnership in site.kb.consolidated.partnerships:
        milestones = views.canonical_of(partnership.milestones)
        yield Listing(
            "partnership.md.j2",
            paginate(links.partnership(partnership.id), milestones, site.sizes.lines),
            partnership_title(partnership, site.edition),
            fact_tags(milestones, site),
            context={
                "partnership": partnership,
                "milestones": milestones,
                "labels": labels(partnership, views),
            },
        )
    yield PageSpec("partnerships.md.j2", links.PARTNERSHIPS, site.title("partnerships"))


@page_type
def disagreements(site: SiteData) -> Iterator[Listing]:
    yield Listing(
        "disagreements.md.j2", site.views.disagreement_chunks, site.title("disagreements")
    )


@page_type
def sources(site: SiteData) -> Iterator[PageSpec | Listing]:
    rows = source_rows(site.kb, site.views)
    yield Listing(
        "sources.md.j2", paginate(links.SOURCES, rows, site.sizes.rows), site.title("sources")
    )
    for document in site.kb.documents:
        meta = document.source
        source_facts = site.views.source_facts.get(meta.id, [])
        yield PageSpec(
            "source.md.j2",
            links.source(meta.id),
            site.title("source", id=meta.id, title=meta.title),
            context={
                "document": document,
                "source": meta,
                "source_facts": source_facts,
                "text_html": source_html(document, site.edition, source_facts),
                "note_backrefs": note_backrefs(document),
                "note_facts": _facts_by_unit(source_facts),
            },
        )


@page_type
def research_tools(site: SiteData) -> Iterator[PageSpec]:
    kb, lexicon, edition = site.kb, site.kb.lexicon, site.edition
    named = {e for f in kb.facts for e in f.entities if e in lexicon.entities}
    found = focus(kb, site.views, edition)
    yield PageSpec(
        "explore.md.j2",
        links.EXPLORE,
        site.title("explore"),
        context={
            "facet_entities": sorted(
                ((e, edition.name(e)) for e in named),
                key=lambda item: (item[1].casefold(), item[0]),
            ),
            "facet_topics": sorted(
                ((t, edition.topic(t)) for t in site.views.topic_pages),
                key=lambda item: (item[1].casefold(), item[0]),
            ),
            "facet_languages": [
                (code, edition.language_name(code))
                for code in sorted({f.language for f in kb.facts})
            ],
            "facet_source_kinds": [
                (kind, edition.source_kind(kind))
                for kind in sorted({d.source.kind for d in kb.documents})
            ],
            "focus_title": found["title"] if found else "",
        },
    )
    yield PageSpec("graph.md.j2", links.GRAPH, site.title("graph"))
    strings = browser_settings(site.edition.language)["strings"]
    yield PageSpec("search.md.j2", links.SEARCH, site.title("search"), context={"strings": strings})


@page_type
def about_pages(site: SiteData) -> Iterator[PageSpec]:
    yield PageSpec("data.md.j2", links.DATA, site.title("data"))
    yield PageSpec(
        "about.md.j2", links.ABOUT, site.title("about"), context={"evaluation": site.evaluation}
    )
    yield PageSpec("tags.md.j2", links.TAGS, site.title("tags"))


@page_type
def entities(site: SiteData) -> Iterator[Listing]:
    views, lexicon = site.views, site.kb.lexicon
    partner_of = {p.partner: p for p in site.kb.consolidated.partnerships}
    for entity_id, path in views.entity_pages.items():
        entity = lexicon.entities[entity_id]
        entity_facts = views.entity_facts.get(entity_id, [])
        chunks = paginate(path, entity_facts, site.sizes.lines)
        mentioned_in = views.mentions.units.get(entity_id, {})
        yield Listing(
            "entity.md.j2",
            chunks,
            site.edition.entity_title(entity),
            context={
                "entity": entity,
                "entity_facts": entity_facts,
                "year_pages": first_pages(chunks, year_of),
                "related": related(entity_facts, lexicon, views, (entity_id,), entity_id),
                "mentioned_in": shown(
                    sorted(mentioned_in.items(), key=lambda item: (-len(item[1]), item[0])),
                    MAX_ROWS,
                ),
                "partnership": partner_of.get(entity_id),
                "linking_here": Markup(LINKING_HERE),
            },
        )


def _facts_by_unit(facts: Sequence[Fact]) -> dict[str, list[str]]:
    """Fact ids by the sentence or note they quote, in order."""
    found: dict[str, list[str]] = {}
    for fact in facts:
        found.setdefault(fact.sentence, []).append(fact.id)
    return found


def source_html(document: Document, edition: Edition, facts: Sequence[Fact] = ()) -> Markup:
    """The clean text of a source as HTML: one addressable span per sentence, and for a
    PDF a marker ``#p-<n>`` before the first sentence of each page.

    A sentence that gave facts is marked (``kb-has-fact``) and ends in a link to each
    fact's card further down the same page.
    """
    by_anchor = {s.anchor: s for s in document.sentences}
    fact_ids = _facts_by_unit(facts)
    parts: list[str] = []
    marked: set[int] = set()
    for paragraph in document.paragraphs:
        spans = []
        for anchor in paragraph.sentences:
            sentence = by_anchor[anchor]
            if sentence.page is not None and sentence.page not in marked:
                marked.add(sentence.page)
                spans.append(page_marker(sentence.page, edition))
            refs = "".join(
                f'<sup class="kb-noteref"><a href="#n-{n}">{n}</a></sup>'
                for n in sentence.note_refs
            )
            text = Markup.escape(sentence.text)
            css = "kb-sentence"
            if anchor in fact_ids:
                css += " kb-has-fact"
                several = len(fact_ids[anchor]) > 1
                refs += "".join(
                    f'<sup class="kb-fact-ref"><a href="#{fact_id}">'
                    f"{edition.t('source.fact_ref_n' if several else 'source.fact_ref', number=n)}"
                    "</a></sup>"
                    for n, fact_id in enumerate(fact_ids[anchor], 1)
                )
            spans.append(f'<span class="{css}" id="{anchor}">{text}{refs}</span>')
        css = "kb-heading" if paragraph.heading else "kb-para"
        lang = Markup.escape(paragraph.language)
        parts.append(f'<p class="{css}" lang="{lang}">{" ".join(spans)}</p>')
    return Markup("\n".join(parts))


def page_marker(page: int, edition: Edition) -> str:
    """Where a page of a PDF begins in its source's text, addressable as ``#p-<n>``."""
    title, mark = edition.t("source.pdf_page", page=page), edition.t("source.page", page=page)
    return f'<span class="kb-page" id="p-{page}" title="{title}">{mark}</span>'


def note_backrefs(document: Document) -> dict[int, list[str]]:
    """Note number -> the sentences that refer to it."""
    refs: dict[int, list[str]] = {}
    for sentence in document.sentences:
        for number in sentence.note_refs:
            refs.setdefault(number, []).append(sentence.anchor)
    return refs
