"""Compare PDF text extraction libraries on the figures that matter to the clean stage.

``python -m bench.pdf_libraries [PDF ...]`` needs pypdf (a runtime dependency), reportlab
(test extra) and, for the comparison, ``pip install pdfplumber`` (which brings
pdfminer.six). It prints, per library:

- on generated two-column pages with a known text (tests/pdf_maker.py, Turkish and
  English): word accuracy (difflib ratio of the word sequences against the truth) and
  whether every line came out in reading order;
- on the real PDFs named on the command line: the share of words (3 letters or more)
  not in ``/usr/share/dict/words`` (Debian's ``wamerican``; glued or split words and
  unresolved ligatures land there), the share of line-end hyphens that rejoin with the
  next line into a dictionary word (a column read across its neighbour breaks them),
  and the time per page.
"""

from __future__ import annotations

import difflib
import io
import re
import sys
import time
from pathlib import Path

from tests.pdf_maker import PdfPage, make_pdf

WORD = re.compile(r"[^\W\d_]+")
HYPHEN_END = re.compile(r"([^\W\d_]+)-\s*\n\s*([^\W\d_]+)")


def _pypdf(data: bytes) -> list[str]:
    import pypdf

    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def _pdfplumber(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [page.extract_text() or "" for page in pdf.pages]


def _pdfminer(data: bytes) -> list[str]:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data)).split("\f")


LIBRARIES = {"pypdf": _pypdf, "pdfplumber": _pdfplumber, "pdfminer.six": _pdfminer}


def _truth_pages() -> tuple[bytes, list[str]]:
    """Two-column pages whose lines are known, in reading order."""
    pages = [
        PdfPage(
            left=[f"Satır {page}.{n}: NATO ile Güney Kore ilişkileri gelişti." for n in range(30)],
            right=[
                f"Line {page}.{n}: the partnership was renewed in {1990 + n}." for n in range(30)
            ],
            header="Dergi · Cilt 3",
            number=str(page),
        )
        for page in (1, 2)
    ]
    lines = [line for page in pages for line in (*page.left, *page.right)]
    return make_pdf(pages), lines


def _in_order(text: str, lines: list[str]) -> bool:
    positions = [text.find(line) for line in lines]
    return -1 not in positions and positions == sorted(positions)


def main(paths: list[str]) -> None:
    words = {w.casefold() for w in Path("/usr/share/dict/words").read_text().split()}
    data, truth = _truth_pages()
    print(f"{'library':<14}{'word accuracy':>14}{'lines in order':>16}", end="")
    print(f"{'non-words':>11}{'hyphens rejoined':>18}{'ms/page':>9}")
    for name, extract in LIBRARIES.items():
        text = "\n".join(extract(data))
        accuracy = difflib.SequenceMatcher(None, text.split(), " ".join(truth).split()).ratio()
        tokens, unknown, joined, hyphens, pages, seconds = 0, 0, 0, 0, 0, 0.0
        for path in paths:
            began = time.perf_counter()
            texts = extract(Path(path).read_bytes())
            seconds += time.perf_counter() - began
            pages += len([t for t in texts if t.strip()])
            for page in texts:
                found = [w.casefold() for w in WORD.findall(page) if len(w) >= 3]
                tokens += len(found)
                unknown += sum(w not in words for w in found)
                for head, tail in HYPHEN_END.findall(page):
                    hyphens += 1
                    joined += (head + tail).casefold() in words
        print(
            f"{name:<14}{accuracy:>14.3f}{'yes' if _in_order(text, truth) else 'no':>16}"
            f"{unknown / max(tokens, 1):>11.3f}{joined / max(hyphens, 1):>18.3f}"
            f"{1000 * seconds / max(pages, 1):>9.1f}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
