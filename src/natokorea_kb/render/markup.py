"""Markup of data text: escaping, page front matter, abbreviations and entity links.

Every value that reaches a page is escaped for Markdown and HTML unless the code marks
it as markup itself (``Markup``), so text from a source or from curation can never
become a link, a tag or a script on the site.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from html import escape as html_escape
from typing import Any

import yaml
from markupsafe import Markup

from ..lexicon import Lexicon
from .links import Linker

# Characters that mean something to HTML, or to Markdown and its extensions in running
# text, as entities; one table so that no entity is escaped again.
_ESCAPES = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"}
    | {c: f"&#{ord(c)};" for c in "\\`*_{}[]|~^=$!:#+"}
)

_FRONT_MATTER_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # same text, faster
_ABBREVIATION = re.compile(r"[^\[\]\\\s](?:[^\[\]\\\n]*[^\[\]\\\s])?")


def escape_inline(text: str) -> str:
    return text.translate(_ESCAPES)


def escape_markdown(text: str) -> str:
    """Make ``text`` inert in Markdown and HTML: entities for every active character."""
    return escape_inline(" ".join(str(text).split()))


@lru_cache(maxsize=1 << 16)  # pages repeat the same ids, dates and names many times
def escaped(text: str) -> str:
    """:func:`escape_markdown`, remembered: what fills a template or a message's slot."""
    return escape_markdown(text)


def finalize(value: Any) -> Any:
    """Escape every ``{{ }}`` output unless the code marked it as trusted markup."""
    if isinstance(value, Markup):
        return value
    if value is None:
        return ""
    if type(value) is int:
        return str(value)
    return escaped(str(value))


# --------------------------------------------------------------------------- front matter


def plain_title(text: str) -> str:
    """A page title safe wherever a theme prints it raw or after ``striptags``.

    Themes print ``page.title`` without escaping, and ``striptags`` (used in ``<title>``)
    turns entities back into characters, so angle brackets become look-alike quotes
    that no parser reads as a tag; ``&`` and quotes become entities.
    """
    text = " ".join(str(text).split()).replace("<", "‹").replace(">", "›")
    return html_escape(text, quote=True)


def front_matter(title: str, tags: Iterable[str] = ()) -> str:
    """YAML front matter: a safe title and the page's tags."""
    data: dict[str, Any] = {"title": plain_title(title)}
    tag_list = sorted({plain_title(t) for t in tags if t})
    if tag_list:
        data["tags"] = tag_list
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
        parts.append(escape_inline(text[position : mention.start]))
        parts.append(f"[{escape_inline(mention.text)}]({link(pages[mention.id])})")
        position = mention.end
    parts.append(escape_inline(text[position:]))
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
        # texts as pieces() split them: a fact's title and quote are shown on its source's
        # page and again on its year's
        self.made: dict[tuple[str, str | None, str], tuple[str, ...]] = {}

    def abbreviations(self, text: str) -> str:
        """``text`` escaped, each abbreviation wrapped in ``<abbr>`` with its expansion."""
        if self.pattern is None:
            return escape_inline(text)
        parts: list[str] = []
        position = 0
        for match in self.pattern.finditer(text):
            title = html_escape(self.expansions[match.group()], quote=True)
            parts.append(escape_inline(text[position : match.start()]))
            parts.append(f'<abbr title="{title}">{escape_inline(match.group())}</abbr>')
            position = match.end()
        parts.append(escape_inline(text[position:]))
        return "".join(parts)

    def render(
        self, text: str | None, language: str, link: Linker | None, skip: str = ""
    ) -> Markup:
        """The HTML of ``text``; entity names link to their pages when ``link`` is given."""
        text = " ".join(str(text or "").split())
        key = (text, language if link is not None else None, skip)
        pieces = self.made.get(key)
        if pieces is None:
            pieces = self.made[key] = self.pieces(*key)
        if link is None or len(pieces) == 1:
            return Markup("".join(pieces))
        parts = [pieces[0]]
        for index in range(1, len(pieces), 3):
            entity, name, after = pieces[index : index + 3]
            parts.append(f'<a href="{link.url(self.pages[entity])}">{name}</a>{after}')
        return Markup("".join(parts))

    def pieces(self, text: str, language: str | None, skip: str) -> tuple[str, ...]:
        """``text``'s HTML up to the first entity name to link, then for each such name
        its entity, its HTML and the HTML up to the next; no names without ``language``."""
        parts: list[str] = []
        position = 0
        mentions = self.lexicon.find_entities(text, language) if language is not None else []
        for mention in mentions:
            if mention.id not in self.pages or mention.id == skip:
                continue
            parts.append(self.abbreviations(text[position : mention.start]))
            parts += (mention.id, self.abbreviations(mention.text))
            position = mention.end
        parts.append(self.abbreviations(text[position:]))
        return tuple(parts)


def external_link(url: str) -> Markup:
    """An http(s) address as a link; anything else as inert text."""
    if re.fullmatch(r"https?://[^\s<>\"'`]+", url):
        return Markup('<a href="{}">{}</a>').format(url, Markup(escape_markdown(url)))
    return Markup(escape_markdown(url))


def anchor_id(value: str) -> str:
    """An HTML id from a data id: lowercase letters, digits and hyphens only."""
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "item"
