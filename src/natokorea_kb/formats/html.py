"""Web page reader: the main text and metadata of a saved page, through trafilatura.

trafilatura drops the page's navigation, sidebars, comments and scripts and keeps the
article: headings, paragraphs and list items one to a line, which is how the clean
stage reads web extracts. Its metadata (title, author, date, site name, canonical URL)
are what ``natokorea-kb add`` proposes for ``sources.yml``.
"""

from __future__ import annotations

import logging
import re
from importlib import metadata as package_metadata

import trafilatura

from ..errors import SourceError
from . import Extracted
from .pdf import split_authors

HTML_LANGUAGE = re.compile(rb"<html[^>]*\slang=[\"']?([a-zA-Z]{2})", re.I)
DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
# When a page has no article, trafilatura falls back on whatever text it has (menus,
# footers); main text has at least one line of running prose.
MIN_PROSE_WORDS = 8


def read_html(data: bytes, display: str) -> Extracted:
    """The main text of a saved web page and what its metadata say."""
    logging.getLogger("trafilatura").setLevel(logging.ERROR)
    try:
        document = trafilatura.bare_extraction(
            data,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
        )
    except (ValueError, TypeError, UnicodeError) as exc:
        raise SourceError(
            display, f"broken web page, cannot be parsed ({exc})", "save the page again"
        ) from exc
    text = (document.text or "") if document is not None else ""
    if not any(len(line.split()) >= MIN_PROSE_WORDS for line in text.splitlines()):
        raise SourceError(
            display,
            "no main text found in the web page",
            "save the article's own page (not a front page or a list), "
            "or paste its text into a .txt source",
        )
    return Extracted(
        text=text.rstrip("\n") + "\n",
        metadata=_metadata(document, data),
        reader=f"trafilatura {package_metadata.version('trafilatura')}",
    )


def _metadata(document: object, data: bytes) -> dict[str, object]:
    found: dict[str, object] = {
        "title": " ".join((getattr(document, "title", None) or "").split()),
        "authors": split_authors(getattr(document, "author", None) or ""),
        "publisher": getattr(document, "sitename", None),
        "url": getattr(document, "url", None),
        "page_type": getattr(document, "pagetype", None),
    }
    date = getattr(document, "date", None) or ""
    if DATE.fullmatch(date):
        found["published"] = date
    language = HTML_LANGUAGE.search(data[:4096])
    if language:
        found["language"] = language[1].decode().lower()
    return {key: value for key, value in found.items() if value}
