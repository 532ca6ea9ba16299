"""Small PDFs made on the fly with reportlab, laid out like journal and magazine pages.

Lines are given already broken (so a test chooses where a word is hyphenated) and are
drawn one by one: a running header, one or two columns, footnotes under a drawn rule
in a smaller type, a page number at the foot. The font is Bitstream Vera, which ships
inside reportlab and has every Turkish letter (ç ğ ı İ ö ş ü); a bare machine needs no
font package. Output is byte-identical from run to run (reportlab's ``invariant``).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import reportlab
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONT = "Vera"
WIDTH, HEIGHT = 595, 842  # A4 in points
MARGIN = 56
TOP = HEIGHT - 96
LEADING = 14
COLUMN_GAP = 24


@dataclass(frozen=True)
class PdfPage:
    """One page: the lines of each column, footnotes, running header, printed number."""

    left: Sequence[str]
    right: Sequence[str] = ()
    footnotes: Sequence[str] = ()
    header: str | None = None
    number: str | None = None


def _font() -> str:
    if FONT not in pdfmetrics.getRegisteredFontNames():
        path = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"
        pdfmetrics.registerFont(TTFont(FONT, str(path)))
    return FONT


def make_pdf(
    pages: Sequence[PdfPage],
    *,
    title: str | None = None,
    author: str | None = None,
    password: str | None = None,
) -> bytes:
    """The PDF of ``pages``, with an info dictionary and, given a password, encrypted."""
    font = _font()
    out = io.BytesIO()
    encrypt = StandardEncryption(password, canPrint=1) if password else None
    canvas = Canvas(out, pagesize=(WIDTH, HEIGHT), invariant=1, encrypt=encrypt)
    if title:
        canvas.setTitle(title)
    if author:
        canvas.setAuthor(author)
    column = (WIDTH - 2 * MARGIN - COLUMN_GAP) / 2
    for page in pages:
        if page.header:
            canvas.setFont(font, 8)
            canvas.drawString(MARGIN, HEIGHT - 60, page.header)
        canvas.setFont(font, 10)
        for x, lines in ((MARGIN, page.left), (MARGIN + column + COLUMN_GAP, page.right)):
            for row, line in enumerate(lines):
                canvas.drawString(x, TOP - row * LEADING, line)
        if page.footnotes:
            top = MARGIN + 30 + len(page.footnotes) * 11
            canvas.line(MARGIN, top + 8, MARGIN + 150, top + 8)
            canvas.setFont(font, 7.5)
            for row, line in enumerate(page.footnotes):
                canvas.drawString(MARGIN, top - row * 11, line)
        if page.number:
            canvas.setFont(font, 9)
            canvas.drawCentredString(WIDTH / 2, MARGIN - 20, page.number)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def make_scanned_pdf() -> bytes:
    """A page with drawings and no text at all, as a scanner without OCR makes."""
    out = io.BytesIO()
    canvas = Canvas(out, pagesize=(WIDTH, HEIGHT), invariant=1)
    for row in range(30):
        canvas.rect(MARGIN, TOP - row * LEADING, 300 - (row % 4) * 40, 6, fill=1)
    canvas.showPage()
    canvas.save()
    return out.getvalue()
