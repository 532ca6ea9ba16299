"""The facts as a table: one CSV row per fact record, for spreadsheet users."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

# One row per fact: the record's fields flattened, lists joined with "; ".
CSV_COLUMNS = (
    "id",
    "kind",
    "date_start",
    "date_end",
    "date_precision",
    "date_text",
    "date_basis",
    "title",
    "entities",
    "topics",
    "source",
    "sentence",
    "span_start",
    "span_end",
    "quote",
    "language",
    "cluster",
    "corroborated_by_count",
    "disputed_by_count",
    "curated",
    "summary",
)
# A spreadsheet runs a cell that starts with one of these as a formula; source texts are
# third-party, so such a cell is written with a leading apostrophe (OWASP's advice).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_row(record: dict) -> list[str]:
    date = record["date"]
    row = {
        **record,
        "date_start": date["start"],
        "date_end": date["end"],
        "date_precision": date["precision"],
        "date_text": date["text"],
        "date_basis": date["basis"],
        "entities": "; ".join(record["entities"]),
        "topics": "; ".join(record["topics"]),
        "span_start": record["span"][0],
        "span_end": record["span"][1],
        "curated": "true" if record["curated"] else "false",
    }
    return [_cell(row.get(column)) for column in CSV_COLUMNS]


def facts_csv(records: Iterable[dict]) -> str:
    """The facts as CSV (RFC 4180), UTF-8 with a byte-order mark so Excel reads ğ, ş, ı."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in records:
        writer.writerow(csv_row(record))
    return "\ufeff" + buffer.getvalue()
