"""Format readers: the text of a PDF or a saved web page, its page map and its metadata.

The read stage (:mod:`natokorea_kb.sources`) picks a reader by the file's suffix; every
reader returns an :class:`Extracted`, and the rest of the pipeline works on its text
with offsets, as it does on a plain text. A PDF's pages are joined with a form feed
(``\\f``), as ``pdftotext`` does, so the clean stage sees page edges; the page map says
on which page every character of the text stands.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field

# Suffix -> format; anything else is read as UTF-8 text.
FORMATS = {".pdf": "pdf", ".html": "html", ".htm": "html"}
PAGE_BREAK = "\n\f"  # between the pages of a PDF's text


@dataclass(frozen=True)
class PageMap:
    """Where each page of a PDF's text begins, and its page number."""

    starts: tuple[int, ...]  # offset in the extracted text of each page's first character
    numbers: tuple[int, ...]  # the number of each page, as cited ("p. 12")

    def page_at(self, offset: int) -> int | None:
        """The number of the page holding the character at ``offset``."""
        index = bisect.bisect_right(self.starts, offset) - 1
        return self.numbers[index] if index >= 0 else None


@dataclass(frozen=True)
class Extracted:
    """What a reader got from a file: text, page map (PDF only) and proposed metadata.

    ``metadata`` holds what the file says about itself, by ``sources.yml`` field name
    (``title``, ``authors``, ``published``, ``language``, ``publisher``, ``url``), only
    for fields it gives; ``natokorea-kb add`` proposes them, the build ignores them.
    """

    text: str
    pages: PageMap | None = None
    metadata: dict[str, object] = field(default_factory=dict)
    reader: str = ""  # library and version, e.g. "pypdf 7.1.1"


def format_of(file: str) -> str:
    """``pdf``, ``html`` or ``text``, from a file name's suffix."""
    suffix = file[file.rfind(".") :].lower() if "." in file else ""
    return FORMATS.get(suffix, "text")


def extract(kind: str, data: bytes, display: str) -> Extracted:
    """Run the reader of ``kind`` (``pdf`` or ``html``) on a file's bytes."""
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, display)
    from .html import read_html

    return read_html(data, display)
