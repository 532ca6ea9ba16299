"""PDF reader: the text layer of every page through pypdf, with its page numbers.

pypdf gives a page's text in the order it is drawn, which in journal and magazine PDFs
is the reading order, column after column (README: PDF and web sources, for how it
compared with pdfplumber and pdfminer.six). Pages are joined with ``\\n\\f``; a page's
running header, page number and hyphenated line ends stay in the text for the clean
stage, which removes them as it does in pdftotext extracts. Two things only the PDF
knows are written into the text as layout whitespace: where a page's footnotes start
(a smaller type at the foot of the page, printed under a drawn rule the text layer
lacks) becomes a line of spaces, the footnote separator ``pdftotext -layout`` writes;
and ligature glyphs (ﬁ, ﬂ) are spelled out in letters.
"""

from __future__ import annotations

import datetime
import io
import logging
import re
from collections import Counter
from importlib import metadata as package_metadata

import pypdf
from pypdf.errors import DependencyError, PdfReadError

from ..errors import SourceError
from . import PAGE_BREAK, Extracted, PageMap

NOTE_SEPARATOR = " " * 12 + "\n"  # the clean stage reads 10 spaces or more as one
NOTE_SIZE = 0.9  # footnotes are set at most this share of the body type's size
NOTE_ZONE = 0.4  # ... in this lowest share of the page
NOTE_NUMBER = re.compile(r"\s*\d{1,3}(?!\d)")
PAGE_NUMBER = re.compile(r"\s*\d{1,4}\s*")
LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)
PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")
LANGUAGE_TAG = re.compile(r"([a-z]{2})(?:[-_]|$)", re.I)
WORD_PROCESSOR = re.compile(r"^(?:Microsoft (?:Word|PowerPoint) - )", re.I)
OCR_HINT = "run OCR first, e.g. 'ocrmypdf in.pdf out.pdf', and add the OCR'd file"


def read_pdf(data: bytes, display: str) -> Extracted:
    """The text of every page of a PDF, its page map and what its info dictionary says."""
    if b"%PDF-" not in data[:1024]:
        raise SourceError(
            display,
            "not a PDF (no %PDF- header)",
            "save the original PDF again, or give the file its real suffix",
        )
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # repairs of odd files are routine
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        _open(reader, display)
        texts = [_page_text(page) for page in reader.pages]
        labels = list(reader.page_labels)
        info = reader.metadata or {}
        root_language = reader.trailer["/Root"].get("/Lang")
    except SourceError:
        raise
    except (PdfReadError, DependencyError, ValueError, KeyError, TypeError, OSError) as exc:
        raise SourceError(
            display,
            f"broken PDF, cannot be read ({exc})",
            "download or export the PDF again; 'qpdf --check' shows what is wrong",
        ) from exc
    if not any(text.strip() for text in texts):
        raise SourceError(display, f"no text layer in {len(texts)} page(s)", OCR_HINT)
    starts, pieces, offset = [], [], 0
    for text in texts:
        starts.append(offset)
        pieces.append(text.rstrip("\n") + PAGE_BREAK)
        offset += len(pieces[-1])
    return Extracted(
        text="".join(pieces),
        pages=PageMap(tuple(starts), _page_numbers(labels)),
        metadata=_metadata(info, root_language),
        reader=f"pypdf {package_metadata.version('pypdf')}",
    )


def _open(reader: pypdf.PdfReader, display: str) -> None:
    """Open an encrypted PDF that needs no password to read (owner password only)."""
    if not reader.is_encrypted:
        return
    try:
        opened = reader.decrypt("")
    except (DependencyError, NotImplementedError) as exc:
        opened = 0
        reason = f" ({exc})"
    else:
        reason = ""
    if not opened:
        raise SourceError(
            display,
            f"encrypted PDF: it needs a password to open{reason}",
            "save an unencrypted copy, e.g. 'qpdf --decrypt --password=PASSWORD in.pdf out.pdf'",
        )


def _page_text(page: pypdf.PageObject) -> str:
    """A page's text as pypdf draws it, with the footnote separator written in."""
    parts: list[tuple[str, float, float]] = []

    def visit(text: str, cm: list[float], tm: list[float], _font: object, size: float) -> None:
        scale = abs(tm[3] * cm[3]) or 1.0
        parts.append((text.translate(LIGATURES), size * scale, tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    first = _first_note(parts, float(page.mediabox.bottom), float(page.mediabox.height))
    texts = [text for text, _, _ in parts]
    if first is None:
        return "".join(texts)
    before = "".join(texts[:first])
    if before and not before.endswith("\n"):
        before += "\n"
    return before + NOTE_SEPARATOR + "".join(texts[first:])


def _first_note(parts: list[tuple[str, float, float]], bottom: float, height: float) -> int | None:
    """Index of the part that starts the footnotes: a number in small type at the foot,
    after which only small type (or a page number) follows."""
    sizes: Counter[float] = Counter()
    for text, size, _ in parts:
        sizes[round(size, 1)] += len(text.strip())
    if not sizes or height <= 0:
        return None
    body = sizes.most_common(1)[0][0]
    found = None
    after: tuple[str, float, float] | None = None  # the next part with text
    for index in range(len(parts) - 1, -1, -1):
        text, size, y = parts[index]
        if not text.strip():
            continue
        small = size <= NOTE_SIZE * body and y - bottom <= NOTE_ZONE * height
        number_only = PAGE_NUMBER.fullmatch(text) is not None
        if not small and not (number_only and found is None):
            break
        # A number alone starts a note only when the note's text goes on beside it;
        # otherwise it is the page number.
        beside = after is not None and abs(after[2] - y) < size
        if small and NOTE_NUMBER.match(text) and (not number_only or beside):
            found = index
        after = parts[index]
    return found


def _page_numbers(labels: list[str]) -> tuple[int, ...]:
    """The printed page numbers when the PDF declares them (page labels), else 1, 2 …"""
    if labels and all(label.isdecimal() for label in labels):
        numbers = tuple(int(label) for label in labels)
        if len(set(numbers)) == len(numbers) and numbers[0] > 0:
            return numbers
    return tuple(range(1, len(labels) + 1))


def _metadata(info: dict, root_language: object) -> dict[str, object]:
    """Fields for ``sources.yml`` from the info dictionary and the document language."""
    found: dict[str, object] = {}
    title = WORD_PROCESSOR.sub("", str(info.get("/Title") or "")).strip()
    if title and not re.search(r"\.(?:docx?|pdf|odt|indd)$|^untitled$", title, re.I):
        found["title"] = " ".join(title.split())
    authors = split_authors(str(info.get("/Author") or ""))
    if authors:
        found["authors"] = authors
    match = PDF_DATE.match(str(info.get("/CreationDate") or ""))
    if match:
        found["published"] = _iso(*(int(g) if g else None for g in match.groups()))
    language = LANGUAGE_TAG.match(str(root_language or ""))
    if language:
        found["language"] = language[1].lower()
    return {key: value for key, value in found.items() if value}


def _iso(year: int, month: int | None, day: int | None) -> str | None:
    try:
        return datetime.date(year, month or 1, day or 1).isoformat()[: 10 if day else 7]
    except ValueError:
        return None


def split_authors(text: str) -> list[str]:
    """``"Ayşe Yılmaz; Mehmet Öz"`` or ``"A. Al and G. Küçükkaraca"`` -> a list of names."""
    names = re.split(r"\s*(?:;|&|\band\b|\bve\b)\s*|\s*,\s*(?=\S+\s+\S)", text.strip())
    return [" ".join(name.split()) for name in names if name and name.strip()]
