"""Markdown tables of benchmark results: one column per corpus, one row per figure.

Corpora are columns because there are few of them and many figures; the output pastes
into the README as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

MISSING = "–"


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table, first column left-aligned, the others right-aligned and padded."""
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        padded = [
            str(c).ljust(w) if i == 0 else str(c).rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "| " + " | ".join(padded) + " |"

    rule = (
        "|"
        + "|".join(
            "-" * (w + 1) + (":" if i else "-") if i else ":" + "-" * (w + 1)
            for i, w in enumerate(widths)
        )
        + "|"
    )
    return "\n".join([line(header), rule, *(line(r) for r in rows)])


def number(value: float | None, digits: int = 2) -> str:
    """A figure with thousands separators; a dash when it was not measured."""
    if value is None:
        return MISSING
    return f"{value:,.{digits}f}"


@dataclass(frozen=True)
class Row:
    label: str
    cell: Callable[[dict], str]  # from one corpus's result record to its cell


def render(rows: Sequence[Row], results: Sequence[dict], titles: Sequence[str]) -> str:
    """One Markdown table: a row per ``Row``, a column per result."""
    body = []
    for row in rows:
        cells = []
        for result in results:
            try:
                cells.append(row.cell(result))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append(MISSING)
        body.append([row.label, *cells])
    return markdown_table(["", *titles], body)
