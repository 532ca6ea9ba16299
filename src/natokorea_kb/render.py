"""Render stage: Jinja templates in ``docs_templates/`` → Markdown pages and data files.

Every value that reaches a template is escaped for Markdown and HTML unless the code
marks it as markup itself (``Markup``), so text from a source or from curation can
never become a link, a tag or a script on the site.
"""

from __future__ import annotations

import json
import posixpath
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .errors import RenderError
from .pipeline import KnowledgeBase
from .records import Document, Fact
from .yamlio import dump_json, dump_yaml

# Characters that mean something to Markdown or its extensions in running text.
_MARKDOWN_SPECIAL = {c: f"&#{ord(c)};" for c in "\\`*_{}[]|~^=$!:#+"}


def escape_markdown(text: str) -> str:
    """Make ``text`` inert in Markdown and HTML: entities for every active character."""
    html = str(escape(" ".join(str(text).split())))
    return "".join(_MARKDOWN_SPECIAL.get(c, c) for c in html)


def _finalize(value: Any) -> Any:
    """Escape every ``{{ }}`` output unless the code marked it as trusted markup."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    return escape_markdown(str(value))


@dataclass(frozen=True)
class Page:
    """A generated file: its path under the docs folder and its content."""

    path: str
    content: str


def page_path(section: str, slug: str) -> str:
    """The Markdown path of a page, e.g. ``sources/002.md``."""
    return f"{section}/{slug}.md"


class Linker:
    """Relative links between generated pages, as MkDocs wants them (``../x/y.md#a``)."""

    def __init__(self, current: str) -> None:
        self.current = current

    def __call__(self, target: str, anchor: str | None = None) -> Markup:
        base = posixpath.dirname(self.current)
        rel = posixpath.relpath(target, base or ".")
        return Markup(escape(rel + (f"#{anchor}" if anchor else "")))


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
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["tojson_attr"] = lambda v: Markup(escape(json.dumps(v, ensure_ascii=False)))
    return env


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


def _year(fact: Fact) -> str:
    return fact.date.start[:4]


def _group(facts: Iterable[Fact], key: Callable[[Fact], str]) -> dict[str, list[Fact]]:
    groups: dict[str, list[Fact]] = defaultdict(list)
    for fact in facts:
        groups[key(fact)].append(fact)
    return dict(sorted(groups.items()))


def render_site(kb: KnowledgeBase, templates: Path) -> list[Page]:
    """Render every page and data file of the site, in a stable order."""
    env = make_environment(templates)
    facts = list(kb.facts)
    by_year = _group(facts, _year)
    years = list(by_year)
    common = {
        "lexicon": kb.lexicon,
        "documents": kb.documents,
        "facts": facts,
        "years": years,
        "sources": {d.source.id: d.source for d in kb.documents},
        "kind_labels": {"event": "Event", "partnership": "Partnership", "programme": "Programme"},
    }
    pages: list[Page] = []

    def emit(template: str, path: str, **context: Any) -> None:
        link = Linker(path)
        try:
            content = env.get_template(template).render(
                **common, **context, link=link, page_path=path, year_of=_year
            )
        except jinja2.TemplateError as exc:
            line = getattr(exc, "lineno", None)
            raise RenderError(
                f"docs_templates/{template}", str(exc), "fix the template", line=line
            ) from exc
        pages.append(Page(path, content))

    emit("home.md.j2", "index.md", by_year=by_year)
    emit("years.md.j2", "years/index.md", by_year=by_year)
    for index, year in enumerate(years):
        emit(
            "year.md.j2",
            page_path("years", year),
            year=year,
            year_facts=by_year[year],
            previous_year=years[index - 1] if index > 0 else None,
            next_year=years[index + 1] if index + 1 < len(years) else None,
        )
    emit("sources.md.j2", "sources/index.md")
    for document in kb.documents:
        path = page_path("sources", document.source.id)
        emit(
            "source.md.j2",
            path,
            document=document,
            source=document.source,
            source_facts=[f for f in facts if f.source == document.source.id],
            text_html=_source_html(document),
            note_backrefs=_note_backrefs(document),
        )
    emit("data.md.j2", "data/index.md")
    pages.extend(data_files(kb))
    return pages


def _note_backrefs(document: Document) -> dict[int, list[str]]:
    refs: dict[int, list[str]] = defaultdict(list)
    for sentence in document.sentences:
        for number in sentence.note_refs:
            refs[number].append(sentence.anchor)
    return dict(refs)


def fact_records(kb: KnowledgeBase) -> list[dict]:
    return [fact.to_dict() for fact in kb.facts]


def schema_text() -> str:
    return resources.files("natokorea_kb").joinpath("resources/facts.schema.json").read_text()


def data_files(kb: KnowledgeBase) -> list[Page]:
    """The downloadable data: fact records as YAML and JSON, and their schema."""
    records = fact_records(kb)
    return [
        Page("data/facts.yml", dump_yaml(records)),
        Page("data/facts.json", dump_json(records)),
        Page("data/facts.schema.json", schema_text()),
    ]
