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
from ..resources import language_resource
from . import links
from .views import (
    KIND_LABELS,
    LANGUAGE_NAMES,
    MAX_ROWS,
    Chunk,
    PageSizes,
    Views,
    entity_title,
    first_pages,
    focus,
    labels,
    paginate,
    partnership_title,
    period_title,
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
    """What page types read: the knowledge base, its views, and the About page's figures."""

    kb: KnowledgeBase
    views: Views
    sizes: PageSizes
    evaluation: Evaluation | None = None  # the extraction scored against an answer key


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

    def pages(self) -> Iterator[PageSpec]:
        for chunk in self.chunks:
            first = chunk.number == 1
            yield PageSpec(
                self.template,
                chunk.path,
                chunk.title(self.title),
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
    topics = site.kb.lexicon.topics
    tags: set[str] = set()
    for fact in facts:
        tags.add(f"Kind: {KIND_LABELS[fact.kind]}")
        tags.update(topics[t].name for t in fact.topics if t in topics)
    return sorted(tags)


@page_type
def home(site: SiteData) -> Iterator[PageSpec]:
    title = "NATO–South Korea knowledge base"
    yield PageSpec("home.md.j2", links.HOME, title, context={"focus": focus(site.kb, site.views)})


@page_type
def timeline(site: SiteData) -> Iterator[Listing]:
    yield Listing("timeline.md.j2", site.views.timeline_chunks, "Timeline")


@page_type
def years(site: SiteData) -> Iterator[PageSpec | Listing]:
    views = site.views
    yield PageSpec("years.md.j2", links.YEARS, "Years")
    for index, year in enumerate(views.years):
        yield Listing(
            "year.md.j2",
            views.year_chunks[year],
            period_title(year),
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
    yield PageSpec("topics.md.j2", links.TOPICS, "Topics")
    for topic_id, path in views.topic_pages.items():
        topic = lexicon.topics[topic_id]
        topic_facts = views.topic_facts[topic_id]
        statements = [m for f in topic_facts for m in views.members[f.id]]
        chunks = paginate(path, topic_facts, site.sizes.lines)
        yield Listing(
            "topic.md.j2",
            chunks,
            topic.name,
            [topic.name],
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
    yield PageSpec("entities.md.j2", links.ENTITIES, "Entities")
    for entity_type, section in links.SECTIONS.items():
        yield PageSpec(
            "entity_section.md.j2",
            links.section(entity_type),
            section.capitalize(),
            context={"entity_type": entity_type, "section": section},
        )


@page_type
def partnerships(site: SiteData) -> Iterator[PageSpec | Listing]:
    views, lexicon = site.views, site.kb.lexicon
    for partnership in site.kb.consolidated.partnerships:
        milestones = views.canonical_of(partnership.milestones)
        yield Listing(
            "partnership.md.j2",
            paginate(links.partnership(partnership.id), milestones, site.sizes.lines),
            partnership_title(partnership, lexicon),
            fact_tags(milestones, site),
            context={
                "partnership": partnership,
                "milestones": milestones,
                "labels": labels(partnership, views),
            },
        )
    yield PageSpec("partnerships.md.j2", links.PARTNERSHIPS, "Partnerships")


@page_type
def disagreements(site: SiteData) -> Iterator[Listing]:
    yield Listing("disagreements.md.j2", site.views.disagreement_chunks, "Disagreements")


@page_type
def sources(site: SiteData) -> Iterator[PageSpec | Listing]:
    rows = source_rows(site.kb, site.views)
    yield Listing("sources.md.j2", paginate(links.SOURCES, rows, site.sizes.rows), "Sources")
    for document in site.kb.documents:
        meta = document.source
        source_facts = site.views.source_facts.get(meta.id, [])
        yield PageSpec(
            "source.md.j2",
            links.source(meta.id),
            f"Source {meta.id}: {meta.title}",
            context={
                "document": document,
                "source": meta,
                "source_facts": source_facts,
                "text_html": source_html(document, source_facts),
                "note_backrefs": note_backrefs(document),
            },
        )


@page_type
def research_tools(site: SiteData) -> Iterator[PageSpec]:
    kb, lexicon = site.kb, site.kb.lexicon
    named = {e for f in kb.facts for e in f.entities if e in lexicon.entities}
    found = focus(kb, site.views)
    yield PageSpec(
        "explore.md.j2",
        links.EXPLORE,
        "Explore the facts",
        context={
            "facet_entities": sorted(
                ((e, lexicon.entities[e].name) for e in named),
                key=lambda item: (item[1].casefold(), item[0]),
            ),
            "facet_topics": sorted(
                ((t, lexicon.topics[t].name) for t in site.views.topic_pages),
                key=lambda item: item[1].casefold(),
            ),
            "facet_languages": [
                (code, LANGUAGE_NAMES.get(code, code))
                for code in sorted({f.language for f in kb.facts})
            ],
            "facet_source_kinds": [
                (kind, kind.capitalize()) for kind in sorted({d.source.kind for d in kb.documents})
            ],
            "focus_title": found["title"] if found else "",
        },
    )
    yield PageSpec("graph.md.j2", links.GRAPH, "Who appears with whom")
    strings = language_resource("search_ui", "en")["strings"]
    yield PageSpec("search.md.j2", links.SEARCH, "Search", context={"strings": strings})


@page_type
def about_pages(site: SiteData) -> Iterator[PageSpec]:
    yield PageSpec("data.md.j2", links.DATA, "Data")
    yield PageSpec("about.md.j2", links.ABOUT, "About", context={"evaluation": site.evaluation})
    yield PageSpec("tags.md.j2", links.TAGS, "Tags")


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
            entity_title(entity),
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


def source_html(document: Document, facts: Sequence[Fact] = ()) -> Markup:
    """The clean text of a source as HTML: one addressable span per sentence, and for a
    PDF a marker ``#p-<n>`` before the first sentence of each page.

    A sentence that gave facts is marked (``kb-has-fact``) and ends in a link to each
    fact's card further down the same page.
    """
    by_anchor = {s.anchor: s for s in document.sentences}
    fact_ids: dict[str, list[str]] = {}
    for fact in facts:
        fact_ids.setdefault(fact.sentence, []).append(fact.id)
    parts: list[str] = []
    marked: set[int] = set()
    for paragraph in document.paragraphs:
        spans = []
        for anchor in paragraph.sentences:
            sentence = by_anchor[anchor]
            if sentence.page is not None and sentence.page not in marked:
                marked.add(sentence.page)
                spans.append(page_marker(sentence.page))
            refs = "".join(
                f'<sup class="kb-noteref"><a href="#n-{n}">{n}</a></sup>'
                for n in sentence.note_refs
            )
            text = Markup.escape(sentence.text)
            css = "kb-sentence"
            if anchor in fact_ids:
                css += " kb-has-fact"
                refs += "".join(
                    f'<sup class="kb-fact-ref"><a href="#{fact_id}">'
                    f"fact{f' {number}' if len(fact_ids[anchor]) > 1 else ''}</a></sup>"
                    for number, fact_id in enumerate(fact_ids[anchor], 1)
                )
            spans.append(f'<span class="{css}" id="{anchor}">{text}{refs}</span>')
        css = "kb-heading" if paragraph.heading else "kb-para"
        lang = Markup.escape(paragraph.language)
        parts.append(f'<p class="{css}" lang="{lang}">{" ".join(spans)}</p>')
    return Markup("\n".join(parts))


def page_marker(page: int) -> str:
    """Where a page of a PDF begins in its source's text, addressable as ``#p-<n>``."""
    return f'<span class="kb-page" id="p-{page}" title="page {page} of the PDF">p. {page}</span>'


def note_backrefs(document: Document) -> dict[int, list[str]]:
    """Note number -> the sentences that refer to it."""
    refs: dict[int, list[str]] = {}
    for sentence in document.sentences:
        for number in sentence.note_refs:
            refs.setdefault(number, []).append(sentence.anchor)
    return refs
