"""Render stage: Jinja templates in ``docs_templates/`` → Markdown pages and data files.

Every value that reaches a template is escaped for Markdown and HTML unless the code
marks it as markup itself (``Markup``), so text from a source or from curation can
never become a link, a tag or a script on the site.

Every page is generated from the knowledge base: adding a fact to the corpus adds it
to its year, timeline, topic, entity, partnership and source pages with no template
change. Pages exist only for what the data holds (years with facts, topics with facts,
entities the sources name), and each is listed on its section's index page, which the
navigation holds; the navigation never lists every page (Material repeats it in each).
"""

from __future__ import annotations

import re
import shutil
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from html import escape as html_escape
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
import yaml
from markupsafe import Markup, escape

from . import charts
from .consolidate import Disagreement, Partnership, Programme
from .errors import RenderError
from .evaluate import Evaluation, evaluate, load_key
from .lexicon import SECTIONS, Entity, Lexicon
from .pipeline import KnowledgeBase
from .records import KINDS, Document, Fact, SourceMeta
from .search import folded_markup
from .yamlio import dump_json_records, dump_yaml_records

# Characters that mean something to HTML, or to Markdown and its extensions in running
# text, as entities; one table so that no entity is escaped again.
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
    | {c: f"&#{ord(c)};" for c in "\\`*_{}[]|~^=$!:#+"}
)
KIND_LABELS = {"event": "Event", "partnership": "Partnership", "programme": "Programme"}
LANGUAGE_NAMES = {"en": "English", "tr": "Turkish", "ko": "Korean"}
MILESTONE_KINDS = ("partnership", "programme")
# Every list on a page is bounded, so a page weighs the same at 5 or 5,000 sources:
# long listings continue on numbered pages (see PageSizes), and cross-reference lists
# show their first entries and a count.
MAX_LISTED = 20  # statements of a partnership label
MAX_ON_CARD = 10  # sources listed on a cluster's card
MAX_REFERENCES = 5  # 'also stated by' and 'disputed by' entries on a statement's card
MAX_ROWS = 50  # sources naming an entity, sources of a topic
MAX_LINKING_HERE = 100
MAX_SIDES_PER_DATE = 3  # statements shown for each date a disagreement's sources give
MAX_DATES_PER_DISAGREEMENT = 8  # dates shown side by side on one disagreement
MAX_MILESTONES_LISTED = 30  # milestones listed on the home page
# Entity and topic pages answer a search for a name or keyword in any language; long
# source texts repeat the same words many times, and lunr does not normalise by length.
NAME_PAGE_BOOST = 3.0
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Stands where the 'pages linking here' list goes until every page's links are known;
# it cannot come from data, whose "<" is always escaped.
LINKING_HERE = "<!-- kb:linking-here -->"
# Stands for the path from a page to the site root in HTML rendered once for many pages
# (fact cards); replaced when the page is done. Like LINKING_HERE, no data can write it.
ROOT_MARK = "<kb-root/>"
_FRONT_MATTER_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # same text, faster
_ABBREVIATION = re.compile(r"[^\[\]\\\s](?:[^\[\]\\\n]*[^\[\]\\\s])?")


def _escape_inline(text: str) -> str:
    return text.translate(_ESCAPES)


def escape_markdown(text: str) -> str:
    """Make ``text`` inert in Markdown and HTML: entities for every active character."""
    return _escape_inline(" ".join(str(text).split()))


@lru_cache(maxsize=1 << 16)  # pages repeat the same ids, dates and names many times
def _escaped(text: str) -> str:
    return escape_markdown(text)


def _finalize(value: Any) -> Any:
    """Escape every ``{{ }}`` output unless the code marked it as trusted markup."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    if type(value) is int:
        return str(value)
    return _escaped(str(value))


@dataclass(frozen=True)
class Page:
    """A generated file: its path under the docs folder and its content as UTF-8.

    Held encoded because a site's pages are all in memory until MkDocs has them, and
    Python stores a string at two bytes a character as soon as one character (a curly
    quote, a Turkish ı) is beyond Latin-1: at 5,000 sources that was 1.1 GB, not 0.6.
    """

    path: str
    data: bytes

    @classmethod
    def of(cls, path: str, content: str) -> Page:
        return cls(path, content.encode())

    @property
    def content(self) -> str:
        return self.data.decode()


def page_path(section: str, slug: str) -> str:
    """The Markdown path of a page, e.g. ``sources/002.md``."""
    if not _SLUG.fullmatch(slug):
        raise RenderError(f"{section}/", f"'{slug}' is not a safe page name", "use a-z, 0-9, -")
    return f"{section}/{slug}.md"


def _page_url(path: str) -> str:
    """The directory URL MkDocs gives a Markdown file (``years/2012.md`` → ``years/2012/``)."""
    if not path.endswith(".md"):
        return path
    stem = path[:-3]
    if stem == "index":
        return ""
    return stem[: -len("index")] if stem.endswith("/index") else stem + "/"


class Linker:
    """Relative links between generated pages, remembering every page linked to.

    Calling it gives a Markdown link target (``../x/y.md#a``) that MkDocs checks and
    rewrites; :meth:`url` gives the final URL for raw HTML (SVG charts, fact cards),
    which MkDocs leaves alone, assuming directory URLs as ``mkdocs.yml`` configures.
    Links climb to the docs root and descend again: the path to the root depends on
    the current page only, so building a link is one concatenation. A relocatable
    linker writes :data:`ROOT_MARK` instead of that path, for HTML shared by many pages.
    """

    def __init__(self, current: str, relocatable: bool = False) -> None:
        self.current = current
        self.targets: set[str] = set()
        self.up = "../" * current.count("/")  # from the Markdown file's folder
        self.root = ROOT_MARK if relocatable else "../" * _page_url(current).count("/")

    def __call__(self, target: str, anchor: str | None = None) -> Markup:
        self.targets.add(target)
        return Markup(escape(self.up + target + (f"#{anchor}" if anchor else "")))

    def url(self, target: str, anchor: str | None = None) -> Markup:
        self.targets.add(target)
        fragment = f"#{anchor}" if anchor else ""
        if target == self.current and self.root is not ROOT_MARK:
            return Markup(escape(fragment or "./"))
        path = _page_url(target) or ("" if self.root else "./")
        return Markup(self.root) + escape(path + fragment)


@cache  # Jinja reloads a template whose file changed, so one environment per folder is safe
def make_environment(templates: Path) -> jinja2.Environment:
    """A strict Jinja environment over ``templates`` that escapes by default."""
    if not templates.is_dir():
        raise RenderError(str(templates), "templates folder not found", "restore docs_templates/")
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        autoescape=False,
        keep_trailing_newline=True,
        auto_reload=True,  # `mkdocs serve`: an edited template is read again
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["pct"] = lambda v: f"{100 * v:.1f} %"
    env.globals["fold"] = folded_markup
    return env


# --------------------------------------------------------------------------- front matter


def plain_title(text: str) -> str:
    """A page title safe wherever a theme prints it raw or after ``striptags``.

    Themes print ``page.title`` without escaping, and ``striptags`` (used in ``<title>``)
    turns entities back into characters, so angle brackets become look-alike quotes
    that no parser reads as a tag; ``&`` and quotes become entities.
    """
    text = " ".join(str(text).split()).replace("<", "‹").replace(">", "›")
    return html_escape(text, quote=True)


def front_matter(title: str, tags: Iterable[str] = (), boost: float | None = None) -> str:
    """YAML front matter: a safe title, the page's tags, and its weight in the search."""
    data: dict[str, Any] = {"title": plain_title(title)}
    tag_list = sorted({plain_title(t) for t in tags if t})
    if tag_list:
        data["tags"] = tag_list
    if boost is not None:
        data["search"] = {"boost": boost}
    dumped = yaml.dump(
        data, Dumper=_FRONT_MATTER_DUMPER, allow_unicode=True, sort_keys=False, width=1000
    )
    return f"---\n{dumped}---\n\n"


def abbreviation_block(lexicon: Lexicon) -> str:
    """Markdown ``abbr`` definitions for every lexicon abbreviation (hover tooltips).

    The ``abbr`` extension puts the expansion into a ``title`` attribute, which the
    HTML serializer escapes; it is not parsed as Markdown, so it must stay plain text
    (one line). Abbreviations that could break the definition syntax are left out.
    """
    lines = []
    for abbreviation, expansion in sorted(lexicon.abbreviations().items()):
        plain = " ".join(expansion.split())
        if _ABBREVIATION.fullmatch(abbreviation) and plain:
            lines.append(f"*[{abbreviation}]: {plain}")
    return "\n" + "\n".join(lines) + "\n" if lines else ""


# --------------------------------------------------------------------------- shared views


def year_of(fact: Fact) -> str:
    return fact.date.start[:4]


def _group(facts: Iterable[Fact], key: Callable[[Fact], str]) -> dict[str, list[Fact]]:
    groups: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[key(fact)].append(fact)
    return dict(sorted(groups.items()))


@dataclass(frozen=True)
class Mentions:
    """Where the sources name each entity, sentence by sentence (notes included)."""

    units: dict[str, dict[str, list[str]]]  # entity -> source id -> anchors naming it
    together: dict[str, Counter[str]]  # entity -> other entity -> units naming both


def find_mentions(documents: Sequence[Document], lexicon: Lexicon) -> Mentions:
    """Scan every sentence and note for entity names; an implied entity counts as named."""
    units: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    together: dict[str, Counter[str]] = defaultdict(Counter)
    for document in documents:
        for unit in (*document.sentences, *document.notes):
            named = {m.id for m in lexicon.find_entities(unit.text, unit.language)}
            named |= {i for e in list(named) for i in lexicon.entities[e].implies}
            for entity in named:
                units[entity][document.source.id].append(unit.anchor)
                together[entity].update(named - {entity})
    return Mentions(
        units={e: dict(sorted(by_source.items())) for e, by_source in units.items()},
        together=dict(together),
    )


@dataclass(frozen=True)
class PageSizes:
    """How many entries one page of a listing holds before it continues on the next."""

    cards: int = 50  # fact cards (year pages)
    lines: int = 200  # one-line facts (timeline, entity, topic and partnership pages)
    rows: int = 100  # table rows (sources index)
    disagreements: int = 20


@dataclass(frozen=True)
class Chunk:
    """One page of a listing too long for one page: its items, its number, its siblings."""

    first: str  # the listing's first page, e.g. ``years/2012.md``
    number: int  # 1-based
    total: int
    items: list[Any]

    @property
    def path(self) -> str:
        return self.path_of(self.number)

    def path_of(self, number: int) -> str:
        """The path of page ``number``: ``years/2012.md``, then ``years/2012/page/2.md`` …"""
        if number == 1:
            return self.first
        stem = (
            self.first.removesuffix("index.md")
            if self.first.endswith("index.md")
            else (self.first.removesuffix(".md") + "/")
        )
        return f"{stem}page/{number}.md"

    def title(self, title: str) -> str:
        return title if self.total == 1 else f"{title} (page {self.number} of {self.total})"


def paginate(first: str, items: Sequence[Any], per_page: int) -> list[Chunk]:
    """Split ``items`` into pages of at most ``per_page``; one empty page when none."""
    pieces = [list(items[i : i + per_page]) for i in range(0, len(items), per_page)] or [[]]
    return [Chunk(first, n, len(pieces), piece) for n, piece in enumerate(pieces, 1)]


def runs(items: Iterable[Fact], key: Callable[[Fact], str]) -> list[tuple[str, list[Fact]]]:
    """Consecutive items with the same key, in order: headings of an ordered listing."""
    groups: list[tuple[str, list[Fact]]] = []
    for item in items:
        value = key(item)
        if not groups or groups[-1][0] != value:
            groups.append((value, []))
        groups[-1][1].append(item)
    return groups


def first_pages(chunks: Sequence[Chunk], key: Callable[[Fact], str]) -> dict[str, str]:
    """Key value -> the page where its first item is listed (year links of an entity)."""
    found: dict[str, str] = {}
    for chunk in chunks:
        for item in chunk.items:
            found.setdefault(key(item), chunk.path)
    return found


@dataclass(frozen=True)
class Shown:
    """The first entries of a list that may be long, and how many there are in all."""

    items: list[Any]
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.items)


def shown(items: Iterable[Any], limit: int = MAX_LISTED, total: int | None = None) -> Shown:
    listed = list(items)
    return Shown(listed[:limit], max(len(listed), total or 0))


@dataclass(frozen=True)
class Card:
    """The cross-references of one fact card."""

    statements: Shown  # the fact, or its whole cluster on year pages
    others: Shown  # other sources stating the same thing (corroborated_by)
    against: Shown  # statements that date or state it differently (disputed_by)
    disputes: list[Disagreement]  # the disagreements it is part of
    home: tuple[str, str]  # year page and anchor of its cluster
    home_year: str


def _by_kind(fact: Fact) -> tuple[int, tuple[str, str, str]]:
    return KINDS.index(fact.kind), fact.sort_key


@dataclass(frozen=True)
class Views:
    """Facts arranged the ways several pages need them."""

    by_id: dict[str, Fact]
    canonical: list[Fact]  # one per corroboration cluster, by date
    head: dict[str, str]  # fact id -> id of its cluster's canonical fact
    members: dict[str, list[Fact]]  # canonical id -> every statement of its cluster
    entity_facts: dict[str, list[Fact]]  # every statement naming the entity
    topic_facts: dict[str, list[Fact]]  # canonical facts of the topic
    source_facts: dict[str, list[Fact]]  # every statement of the source
    disputes: dict[str, list[Disagreement]]  # fact id -> disagreements it is part of
    mentions: Mentions
    entity_pages: dict[str, str]  # entity id -> page path, for entities with a page
    topic_pages: dict[str, str]
    years: list[str]
    by_year: dict[str, list[Fact]]  # canonical facts per year
    statements_by_year: dict[str, list[Fact]]
    year_chunks: dict[str, list[Chunk]]  # the pages of each year, cards by kind then date
    home_page: dict[str, str]  # canonical id -> the year page (of several) listing it
    disagreement_chunks: list[Chunk]
    disagreement_page: dict[str, str]  # disagreement id -> the page listing it
    evaluation: Evaluation | None = None
    key_name: str | None = None  # the answer key the evaluation used

    def home_of(self, fact: Fact) -> tuple[str, str]:
        """The page and anchor where a fact's cluster is shown by date: its year page."""
        head = self.head[fact.id]
        return self.home_page[head], head

    def canonical_of(self, fact_ids: Iterable[str]) -> list[Fact]:
        """The canonical facts of the clusters that ``fact_ids`` belong to, by date."""
        heads = {self.head[i] for i in fact_ids if i in self.head}
        return sorted((self.by_id[h] for h in heads), key=lambda f: f.sort_key)

    def card(self, fact: Fact, cluster: bool) -> Card:
        """What a fact card shows besides the fact itself."""
        statements = self.members[self.head[fact.id]] if cluster else [fact]
        own = {s.id for s in statements}
        against = dict.fromkeys(i for s in statements for i in s.disputed_by if i not in own)
        disputes = {d.id: d for s in statements for d in self.disputes.get(s.id, ())}
        home = self.home_of(fact)
        others = [] if cluster else [self.by_id[i] for i in fact.corroborated_by if i in self.by_id]
        opposing = [self.by_id[i] for i in against if i in self.by_id]
        # A record lists at most CROSS_REFERENCES ids but counts them all; a single
        # statement's card says how many there are, a cluster's counts what it lists.
        return Card(
            statements=shown(statements, MAX_ON_CARD),
            others=shown(
                others, MAX_REFERENCES, total=None if cluster else fact.corroborated_by_count
            ),
            against=shown(
                opposing, MAX_REFERENCES, total=None if cluster else fact.disputed_by_count
            ),
            disputes=list(disputes.values()),
            home=home,
            home_year=year_of(self.by_id[home[1]]),
        )


def build_views(
    kb: KnowledgeBase,
    evaluation: Evaluation | None = None,
    key_name: str | None = None,
    sizes: PageSizes = PageSizes(),
) -> Views:
    """Compute the arrangements of the facts that pages share."""
    facts = list(kb.facts)
    by_id = {f.id: f for f in facts}
    head = {f.id: kb.consolidated.canonical.get(f.id, f.id) for f in facts}
    head = {i: (h if h in by_id else i) for i, h in head.items()}
    members: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        members[head[fact.id]].append(fact)
    canonical = [f for f in facts if head[f.id] == f.id]
    entity_facts: dict[str, list[Fact]] = defaultdict(list)
    source_facts: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        source_facts[fact.source].append(fact)
        for entity in dict.fromkeys(fact.entities):
            entity_facts[entity].append(fact)
    topic_facts: dict[str, list[Fact]] = defaultdict(list)
    for fact in canonical:
        for topic in dict.fromkeys(t for m in members[fact.id] for t in m.topics):
            topic_facts[topic].append(fact)
    disputes: dict[str, list[Disagreement]] = defaultdict(list)
    for disagreement in kb.consolidated.disagreements:
        for fact_id in disagreement.facts:
            disputes[fact_id].append(disagreement)
    mentions = find_mentions(kb.documents, kb.lexicon)
    with_page = sorted(
        e for e in set(entity_facts) | set(mentions.units) if e in kb.lexicon.entities
    )
    entity_pages = {e: page_path(SECTIONS[kb.lexicon.entities[e].type], e) for e in with_page}
    topic_pages = {t: page_path("topics", t) for t in sorted(topic_facts) if t in kb.lexicon.topics}
    by_year = _group(canonical, year_of)
    year_chunks = {
        year: paginate(page_path("years", year), sorted(listed, key=_by_kind), sizes.cards)
        for year, listed in by_year.items()
    }
    home_page = {f.id: c.path for chunks in year_chunks.values() for c in chunks for f in c.items}
    disagreement_chunks = paginate(
        "disagreements/index.md", kb.consolidated.disagreements, sizes.disagreements
    )
    return Views(
        by_id=by_id,
        canonical=canonical,
        head=head,
        members=dict(members),
        entity_facts=dict(entity_facts),
        topic_facts=dict(topic_facts),
        source_facts=dict(source_facts),
        disputes=dict(disputes),
        mentions=mentions,
        entity_pages=entity_pages,
        topic_pages=topic_pages,
        years=sorted(by_year),
        by_year=by_year,
        statements_by_year=_group(facts, year_of),
        year_chunks=year_chunks,
        home_page=home_page,
        disagreement_chunks=disagreement_chunks,
        disagreement_page={d.id: c.path for c in disagreement_chunks for d in c.items},
        evaluation=evaluation,
        key_name=key_name,
    )


def link_entities(
    text: str, language: str, lexicon: Lexicon, pages: dict[str, str], link: Linker, skip: str = ""
) -> Markup:
    """Markdown: ``text`` escaped, every entity name that has a page a link to it."""
    text = " ".join(str(text).split())
    parts: list[str] = []
    position = 0
    for mention in lexicon.find_entities(text, language):
        if mention.id not in pages or mention.id == skip:
            continue
        parts.append(_escape_inline(text[position : mention.start]))
        parts.append(f"[{_escape_inline(mention.text)}]({link(pages[mention.id])})")
        position = mention.end
    parts.append(_escape_inline(text[position:]))
    return Markup("".join(parts))


class RichText:
    """Data text for raw HTML: escaped, abbreviations marked, entity names linked.

    Fact cards are raw HTML (Markdown's inline processing of thousands of small links
    was most of the build time), so the ``abbr`` extension does not reach them: this
    marks the lexicon's abbreviations with the same ``<abbr title>`` it would produce.
    """

    def __init__(self, lexicon: Lexicon, pages: dict[str, str]) -> None:
        self.lexicon, self.pages = lexicon, pages
        self.expansions = {
            a: " ".join(e.split()) for a, e in lexicon.abbreviations().items() if e.strip()
        }
        names = sorted(self.expansions, key=lambda a: (-len(a), a))
        alternation = "|".join(re.escape(a) for a in names)
        self.pattern = re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])") if names else None

    def abbreviations(self, text: str) -> str:
        """``text`` escaped, each abbreviation wrapped in ``<abbr>`` with its expansion."""
        if self.pattern is None:
            return _escape_inline(text)
        parts: list[str] = []
        position = 0
        for match in self.pattern.finditer(text):
            title = html_escape(self.expansions[match.group()], quote=True)
            parts.append(_escape_inline(text[position : match.start()]))
            parts.append(f'<abbr title="{title}">{_escape_inline(match.group())}</abbr>')
            position = match.end()
        parts.append(_escape_inline(text[position:]))
        return "".join(parts)

    def render(
        self, text: str | None, language: str, link: Linker | None, skip: str = ""
    ) -> Markup:
        """The HTML of ``text``; entity names link to their pages when ``link`` is given."""
        text = " ".join(str(text or "").split())
        parts: list[str] = []
        position = 0
        mentions = self.lexicon.find_entities(text, language) if link is not None else []
        for mention in mentions:
            if mention.id not in self.pages or mention.id == skip or link is None:
                continue
            href = link.url(self.pages[mention.id])
            parts.append(self.abbreviations(text[position : mention.start]))
            parts.append(f'<a href="{href}">{self.abbreviations(mention.text)}</a>')
            position = mention.end
        parts.append(self.abbreviations(text[position:]))
        return Markup("".join(parts))


# --------------------------------------------------------------------------- charts


def years_chart(views: Views, link: Linker) -> Markup:
    """Facts per year, one column for every year from the first to the last."""
    if not views.years:
        return Markup("")
    first, last = int(views.years[0]), int(views.years[-1])
    bars = []
    for year in range(first, last + 1):
        key = str(year)
        listed = len(views.by_year.get(key, ()))
        statements = len(views.statements_by_year.get(key, ()))
        bars.append(
            charts.Bar(
                label=key,
                value=listed,
                href=link.url(page_path("years", key)) if listed else None,
                tooltip=f"{key}: {listed} facts from {statements} statements",
                tick=year % 10 == 0,
            )
        )
    return charts.bar_chart(bars, "Facts per year")


def milestone_chart(facts: Iterable[Fact], views: Views, link: Linker, label: str) -> Markup:
    """Milestone facts as dots on a year axis; each links to its card on its year page.

    A year with more milestones than a stack holds ends in one dot for the rest, linked
    to the year page, so the chart's size depends on the years, not on the facts.
    """
    by_year = _group(facts, year_of)
    points = []
    for year, listed in by_year.items():
        for position, fact in enumerate(listed):
            if position == charts.MAX_STACK - 1 and len(listed) > charts.MAX_STACK:
                rest = len(listed) - position
                points.append(
                    charts.Point(
                        year=int(year),
                        kind="more",
                        href=link.url(page_path("years", year)),
                        tooltip=f"{year}: {rest} more milestones",
                    )
                )
                break
            points.append(
                charts.Point(
                    year=int(year),
                    kind=fact.kind,
                    href=link.url(*views.home_of(fact)),
                    tooltip=f"{fact.date.start}: {fact.title}",
                )
            )
    return charts.timeline(points, label)


# --------------------------------------------------------------------------- records


def fact_records(kb: KnowledgeBase) -> Iterator[dict]:
    """The published record of every fact, made one at a time: at 5,000 sources the
    records as a list took more memory than every page of the site."""
    return (fact.to_dict() for fact in kb.facts)


def partnership_record(partnership: Partnership) -> dict:
    return {
        "id": partnership.id,
        "partner": partnership.partner,
        "labels": [
            {"relation": relation, "label": label, "facts": list(ids)}
            for relation, label, ids in partnership.labels
        ],
        "milestones": list(partnership.milestones),
        "programmes": list(partnership.programmes),
        "facts": list(partnership.facts),
    }


def programme_record(programme: Programme, lexicon: Lexicon) -> dict:
    entity = lexicon.entities.get(programme.id)
    return {
        "id": programme.id,
        "name": entity.name if entity else programme.id,
        "abbreviation": entity.abbreviation if entity else None,
        "parties": list(programme.parties),
        "first": programme.first,
        "last": programme.last,
        "facts": list(programme.facts),
    }


def disagreement_record(disagreement: Disagreement) -> dict:
    return {
        "id": disagreement.id,
        "relation": disagreement.relation,
        "label": disagreement.label,
        "subject": disagreement.subject,
        "facts": list(disagreement.facts),
        "curated": disagreement.curated,
        "note": disagreement.note,
    }


def schema_text() -> str:
    return resources.files("natokorea_kb").joinpath("resources/facts.schema.json").read_text()


def write_pages(pages: list[Page], templates: Path, folder: Path) -> None:
    """Write generated pages and the static assets into a docs folder."""
    static = templates / "static"
    if static.is_dir():
        shutil.copytree(static, folder, dirs_exist_ok=True)
    for page in pages:
        target = folder / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.data)


def data_files(kb: KnowledgeBase) -> list[Page]:
    """The fact records as YAML and JSON, and their schema."""
    return [
        Page.of("data/facts.yml", dump_yaml_records(fact_records(kb))),
        Page.of("data/facts.json", dump_json_records(fact_records(kb))),
        Page.of("data/facts.schema.json", schema_text()),
    ]


def aggregate_files(kb: KnowledgeBase) -> list[Page]:
    """Partnerships, programmes and disagreements as YAML and JSON, built from the facts."""
    consolidated = kb.consolidated
    sets = {
        "partnerships": [partnership_record(p) for p in consolidated.partnerships],
        "programmes": [programme_record(p, kb.lexicon) for p in consolidated.programmes],
        "disagreements": [disagreement_record(d) for d in consolidated.disagreements],
    }
    pages = []
    for name, records in sets.items():
        pages.append(Page.of(f"data/{name}.yml", dump_yaml_records(records)))
        pages.append(Page.of(f"data/{name}.json", dump_json_records(records)))
    return pages


# --------------------------------------------------------------------------- evaluation


def measure(kb: KnowledgeBase, key: Path | None) -> Evaluation | None:
    """Score the facts against the answer key at ``key``; ``None`` when there is no key."""
    if key is None or not key.is_file():
        return None
    return evaluate(kb.facts, load_key(key, kb.documents))


# --------------------------------------------------------------------------- the site


def _source_html(document: Document) -> Markup:
    """The clean text of a source as HTML: one addressable span per sentence."""
    by_anchor = {s.anchor: s for s in document.sentences}
    parts: list[str] = []
    for paragraph in document.paragraphs:
        spans = []
        for anchor in paragraph.sentences:
            sentence = by_anchor[anchor]
            refs = "".join(
                f'<sup class="kb-noteref"><a href="#n-{n}">{n}</a></sup>'
                for n in sentence.note_refs
            )
            spans.append(
                f'<span class="kb-sentence" id="{anchor}">{escape(sentence.text)}{refs}</span>'
            )
        css = "kb-heading" if paragraph.heading else "kb-para"
        lang = escape(paragraph.language)
        parts.append(f'<p class="{css}" lang="{lang}">{" ".join(spans)}</p>')
    return Markup("\n".join(parts))


def _note_backrefs(document: Document) -> dict[int, list[str]]:
    refs: dict[int, list[str]] = defaultdict(list)
    for sentence in document.sentences:
        for number in sentence.note_refs:
            refs[number].append(sentence.anchor)
    return dict(refs)


def _tags(facts: Iterable[Fact], lexicon: Lexicon) -> list[str]:
    """Tags of a page: the topics and kinds of its facts."""
    tags: set[str] = set()
    for fact in facts:
        tags.add(f"Kind: {KIND_LABELS[fact.kind]}")
        tags.update(lexicon.topics[t].name for t in fact.topics if t in lexicon.topics)
    return sorted(tags)


def external_link(url: str) -> Markup:
    """An http(s) address as a link; anything else as inert text."""
    if re.fullmatch(r"https?://[^\s<>\"'`]+", url):
        return Markup('<a href="{}">{}</a>').format(url, Markup(escape_markdown(url)))
    return Markup(escape_markdown(url))


def _anchor(value: str) -> str:
    """An HTML id from a data id: lowercase letters, digits and hyphens only."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "item"


class _Site:
    """Renders pages one by one, remembering titles and links for 'pages linking here'."""

    def __init__(self, kb: KnowledgeBase, templates: Path, views: Views) -> None:
        self.kb, self.views = kb, views
        self.env = make_environment(templates)
        self.abbreviations = abbreviation_block(kb.lexicon)
        self.rich = RichText(kb.lexicon, views.entity_pages)
        self.pages: list[Page] = []
        self.titles: dict[str, str] = {}
        self.links: dict[str, set[str]] = {}
        self.lines: dict[tuple[str, bool, bool], tuple[Markup, frozenset[str]]] = {}
        self.common = {
            "kb": kb,
            "lexicon": kb.lexicon,
            "documents": kb.documents,
            "facts": list(kb.facts),
            "views": views,
            "years": views.years,
            "sources": {d.source.id: d.source for d in kb.documents},
            "kind_labels": KIND_LABELS,
            "kinds": KINDS,
            "language_names": LANGUAGE_NAMES,
            "sections": SECTIONS,
            "disagreements": kb.consolidated.disagreements,
            "partnerships": kb.consolidated.partnerships,
            "programmes": kb.consolidated.programmes,
            "year_of": year_of,
            "decade_of": lambda fact: year_of(fact)[:3] + "0",
            "kind_of": lambda fact: fact.kind,
            "max_milestones": MAX_MILESTONES_LISTED,
            "sides": lambda disagreement: _sides(disagreement, views),
            "anchor": _anchor,
            "runs": runs,
            "shown": shown,
            "milestone_kinds": MILESTONE_KINDS,
            "programme_index": {p.id: p for p in kb.consolidated.programmes},
            "partnership_title": lambda p: _partnership_title(p, kb.lexicon),
            "kinds_of": lambda facts: [k for k in KINDS if any(f.kind == k for f in facts)],
            "external": external_link,
            "cards_searchable": False,
            "chunk": None,
        }

    def render(
        self,
        template: str,
        path: str,
        title: str,
        tags: Iterable[str] = (),
        boost: float | None = None,
        **context: Any,
    ) -> Page:
        link = Linker(path)
        lexicon, pages = self.kb.lexicon, self.views.entity_pages
        entity = context.get("entity")
        own = entity.id if entity is not None else ""  # a page does not link to itself

        def linked(text: str, language: str = "en", skip: str = "") -> Markup:
            return link_entities(text, language, lexicon, pages, link, skip)

        def rich(text: str | None, language: str = "en", links: bool = True) -> Markup:
            return self.rich.render(text, language, link if links else None, own)

        def chart(facts: Iterable[Fact], label: str) -> Markup:
            return milestone_chart(facts, self.views, link, label)

        def fact_line(fact: Fact, cluster: bool, line_ids: bool) -> Markup:
            html, targets = self.fact_line(fact, cluster, line_ids)
            link.targets.update(targets)
            return html

        try:
            body = (
                self.env.get_template(template)
                .render(
                    {**self.common, **context},
                    link=link,
                    linked=linked,
                    rich=rich,
                    url=link.url,
                    milestone_chart=chart,
                    years_chart=lambda: years_chart(self.views, link),
                    fact_line=fact_line,
                    page_path=path,
                    page_title=title,
                )
                .replace(ROOT_MARK, link.root or "./")
            )
        except jinja2.TemplateError as exc:
            line = getattr(exc, "lineno", None)
            raise RenderError(
                f"docs_templates/{template}", str(exc), "fix the template", line=line
            ) from exc
        self.titles[path] = title
        self.links[path] = link.targets - {path}
        return Page.of(path, front_matter(title, tags, boost) + body + self.abbreviations)

    def fact_line(self, fact: Fact, cluster: bool, line_ids: bool) -> tuple[Markup, frozenset[str]]:
        """A fact's one-line entry and the pages it links to, rendered once for every page.

        The same fact is listed on the timeline and on the pages of each of its entities,
        topics and partnerships; its line is rendered with links from the root mark,
        which each page replaces by its own path to the root.
        """
        key = (fact.id, cluster, line_ids)
        found = self.lines.get(key)
        if found is None:
            link = Linker("", relocatable=True)
            html = self.env.get_template("_fact_line.md.j2").render(
                self.common,
                fact=fact,
                cluster=cluster,
                line_ids=line_ids,
                url=link.url,
                rich=lambda text, language="en": self.rich.render(text, language, None),
            )
            found = self.lines[key] = (Markup(html), frozenset(link.targets))
        return found

    def emit(self, *args: Any, **context: Any) -> None:
        self.pages.append(self.render(*args, **context))

    def emit_pages(
        self,
        template: str,
        chunks: Sequence[Chunk],
        title: str,
        tags: Iterable[str] = (),
        boost: float | None = None,
        **context: Any,
    ) -> None:
        """A listing over its pages; only the first carries tags and a search boost."""
        for chunk in chunks:
            first = chunk.number == 1
            self.emit(
                template,
                chunk.path,
                chunk.title(title),
                tags if first else (),
                boost if first else None,
                chunk=chunk,
                **context,
            )

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
            listing = template.render(
                self.common, link=Linker(page.path), linking_here=shown(found, MAX_LINKING_HERE)
            )
            self.pages[index] = Page(page.path, page.data.replace(mark, listing.strip().encode()))


def render_site(
    kb: KnowledgeBase,
    templates: Path,
    evaluation: Evaluation | None = None,
    key_name: str | None = None,
    sizes: PageSizes = PageSizes(),
) -> list[Page]:
    """Render every page and data file of the site, in a stable order.

    ``evaluation`` (the extraction scored against an answer key named ``key_name``) is
    shown on the About page; without it the page says no evaluation was run. ``sizes``
    says how long a listing's page may get before the listing continues on the next.
    """
    views = build_views(kb, evaluation, key_name, sizes)
    site = _Site(kb, templates, views)
    lexicon = kb.lexicon
    emit = site.emit

    emit("home.md.j2", "index.md", "NATO–South Korea knowledge base", focus=_focus(kb, views))
    timeline = paginate("timeline/index.md", views.canonical, sizes.lines)
    site.emit_pages("timeline.md.j2", timeline, "Timeline")
    timeline_pages = first_pages(timeline, year_of)
    emit("years.md.j2", "years/index.md", "Years")
    for index, year in enumerate(views.years):
        site.emit_pages(
            "year.md.j2",
            views.year_chunks[year],
            year,
            _tags(views.statements_by_year.get(year, ()), lexicon),
            year=year,
            year_facts=views.by_year[year],
            cards_searchable=True,
            timeline_of=lambda year: (timeline_pages[year], year),
            previous_year=views.years[index - 1] if index > 0 else None,
            next_year=views.years[index + 1] if index + 1 < len(views.years) else None,
        )
    emit("topics.md.j2", "topics/index.md", "Topics")
    for topic_id, path in views.topic_pages.items():
        topic = lexicon.topics[topic_id]
        topic_facts = views.topic_facts[topic_id]
        statements = [m for f in topic_facts for m in views.members[f.id]]
        chunks = paginate(path, topic_facts, sizes.lines)
        site.emit_pages(
            "topic.md.j2",
            chunks,
            topic.name,
            [topic.name],
            boost=NAME_PAGE_BOOST,
            topic=topic,
            topic_facts=topic_facts,
            year_pages=first_pages(chunks, year_of),
            related=_related(statements, lexicon, views, ()),
            source_counts=_ranked(Counter(f.source for f in statements)),
        )
    emit("entities.md.j2", "entities/index.md", "Entities")
    for entity_type, section in SECTIONS.items():
        emit(
            "entity_section.md.j2",
            f"{section}/index.md",
            section.capitalize(),
            entity_type=entity_type,
            section=section,
        )
    for partnership in kb.consolidated.partnerships:
        milestones = views.canonical_of(partnership.milestones)
        path = page_path("partnerships", partnership.id)
        site.emit_pages(
            "partnership.md.j2",
            paginate(path, milestones, sizes.lines),
            _partnership_title(partnership, lexicon),
            _tags(milestones, lexicon),
            partnership=partnership,
            milestones=milestones,
            labels=_labels(partnership, views),
        )
    emit("partnerships.md.j2", "partnerships/index.md", "Partnerships")
    site.emit_pages("disagreements.md.j2", views.disagreement_chunks, "Disagreements")
    site.emit_pages(
        "sources.md.j2",
        paginate("sources/index.md", _source_rows(kb, views), sizes.rows),
        "Sources",
    )
    for document in kb.documents:
        source_facts = views.source_facts.get(document.source.id, [])
        emit(
            "source.md.j2",
            page_path("sources", document.source.id),
            f"Source {document.source.id}: {document.source.title}",
            document=document,
            source=document.source,
            source_facts=source_facts,
            text_html=_source_html(document),
            note_backrefs=_note_backrefs(document),
        )
    emit("data.md.j2", "data/index.md", "Data")
    emit("about.md.j2", "about/index.md", "About")
    emit("tags.md.j2", "tags.md", "Tags")

    for entity_id, path in views.entity_pages.items():
        entity = lexicon.entities[entity_id]
        entity_facts = views.entity_facts.get(entity_id, [])
        chunks = paginate(path, entity_facts, sizes.lines)
        mentioned_in = views.mentions.units.get(entity_id, {})
        site.emit_pages(
            "entity.md.j2",
            chunks,
            entity_title(entity),
            boost=NAME_PAGE_BOOST,
            entity=entity,
            entity_facts=entity_facts,
            year_pages=first_pages(chunks, year_of),
            related=_related(entity_facts, lexicon, views, (entity_id,), entity_id),
            mentioned_in=shown(
                sorted(mentioned_in.items(), key=lambda item: (-len(item[1]), item[0])), MAX_ROWS
            ),
            partnership=next(
                (p for p in kb.consolidated.partnerships if p.partner == entity_id), None
            ),
            linking_here=Markup(LINKING_HERE),
        )
    site.fill_linking_here()
    site.lines.clear()  # free the line cache before the data files take memory
    return site.pages + data_files(kb) + aggregate_files(kb)


@dataclass(frozen=True)
class SourceRow:
    """A line of the sources index: a source and how its statements fare."""

    source: SourceMeta
    facts: int
    corroborated: int
    disputed: int


def _source_rows(kb: KnowledgeBase, views: Views) -> list[SourceRow]:
    rows = []
    for document in kb.documents:
        own = views.source_facts.get(document.source.id, [])
        rows.append(
            SourceRow(
                source=document.source,
                facts=len(own),
                corroborated=sum(1 for f in own if f.corroborated_by),
                disputed=sum(1 for f in own if f.disputed_by),
            )
        )
    return rows


def date_label(fact: Fact) -> str:
    """A fact's date as shown: the start, and the end when it differs."""
    start, end = fact.date.start, fact.date.end
    return start if end == start else f"{start} – {end}"


def _sides(disagreement: Disagreement, views: Views) -> Shown:
    """A disagreement's statements by the date they give, a few shown for each date.

    With many dates, the ones most statements give are shown, in their order;
    ``Shown.total`` counts every date.
    """
    by_date: dict[str, list[Fact]] = {}
    for fact_id in disagreement.facts:
        if fact_id in views.by_id:
            fact = views.by_id[fact_id]
            by_date.setdefault(date_label(fact), []).append(fact)
    position = {date: index for index, date in enumerate(by_date)}
    kept = sorted(by_date, key=lambda date: (-len(by_date[date]), position[date]))
    kept = sorted(kept[:MAX_DATES_PER_DISAGREEMENT], key=position.__getitem__)
    return shown(
        [(date, shown(by_date[date], MAX_SIDES_PER_DATE)) for date in kept],
        MAX_DATES_PER_DISAGREEMENT,
        total=len(by_date),
    )


def _ranked(counts: Counter[str]) -> Shown:
    """The largest counts first (ties by key), the first :data:`MAX_ROWS` of them."""
    return shown(sorted(counts.items(), key=lambda item: (-item[1], item[0])), MAX_ROWS)


def _labels(partnership: Partnership, views: Views) -> list[tuple[str, list[Fact]]]:
    """The labels of a partnership with the statements giving them, in order of first date."""
    labels = [
        (label, sorted((views.by_id[i] for i in ids if i in views.by_id), key=lambda f: f.sort_key))
        for _, label, ids in partnership.labels
    ]
    return sorted((item for item in labels if item[1]), key=lambda i: (i[1][0].sort_key, i[0]))


def entity_title(entity: Entity) -> str:
    """An entity's page title: its name, and its abbreviation when that differs."""
    short = entity.abbreviation
    return f"{entity.name} ({short})" if short and short != entity.name else entity.name


def _partnership_title(partnership: Partnership, lexicon: Lexicon) -> str:
    hub = partnership.id.removesuffix(f"-{partnership.partner}")
    hub_name = lexicon.entities[hub].name if hub in lexicon.entities else hub.upper()
    return f"{hub_name}–{lexicon.entities[partnership.partner].name}"


def _focus(kb: KnowledgeBase, views: Views) -> dict[str, Any] | None:
    """The partnership with the most milestones, shown 'at a glance' on the home page."""
    ranked = sorted(
        kb.consolidated.partnerships,
        key=lambda p: (-len(views.canonical_of(p.milestones)), p.id),
    )
    if not ranked:
        return None
    partnership = ranked[0]
    return {
        "partnership": partnership,
        "title": _partnership_title(partnership, kb.lexicon),
        "milestones": views.canonical_of(partnership.milestones),
    }


def _related(
    facts: Iterable[Fact],
    lexicon: Lexicon,
    views: Views,
    exclude: Sequence[str],
    entity: str | None = None,
) -> list[tuple[str, int, int]]:
    """Entities named with these facts: (id, facts together, sentences together), by count."""
    in_facts = Counter(e for f in facts for e in dict.fromkeys(f.entities) if e not in exclude)
    in_text = views.mentions.together.get(entity, Counter()) if entity else Counter()
    ids = {e for e in (*in_facts, *in_text) if e in views.entity_pages and e not in exclude}
    rows = [(e, in_facts[e], in_text[e]) for e in ids]
    return sorted(rows, key=lambda r: (-r[1], -r[2], lexicon.entities[r[0]].name.casefold()))
