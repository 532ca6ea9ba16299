"""``natokorea-kb add``: bring a PDF, a saved web page or a text into the corpus.

The file is read as the build will read it (so a file the build would refuse is
refused now), its metadata are proposed from what the file says about itself, and an
entry is appended to ``sources.yml``: the existing text is kept byte for byte, comments
included, and the new entry is written after it. The file is copied into
``corpus/sources/`` under the source's id. Either both happen or neither does: the copy
is removed again when the new ``sources.yml`` does not validate or cannot be written.
"""

from __future__ import annotations

import datetime
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError
from .formats import Extracted, extract, format_of
from .records import LANGUAGES
from .segment import detect_language
from .sources import (
    ID_PATTERN,
    SOURCES_DIR,
    SOURCES_FILE,
    decode_text,
    load_metadata,
    read_bytes,
)
from .yamlio import dump_yaml, write_atomic

SUFFIXES = {".pdf": ".pdf", ".html": ".html", ".htm": ".html", ".txt": ".txt"}
ACADEMIC_CUES = re.compile(
    r"\b(?:abstract|keywords|key words|doi|journal|öz|anahtar kelimeler|dergisi)\b", re.I
)
YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
TITLE_CHARS = 200
ORIGIN = {"pdf": "the PDF's info dictionary", "html": "the page's metadata", "text": "the text"}


@dataclass(frozen=True)
class Guess:
    """A proposed ``sources.yml`` field, where it came from, and whether to check it."""

    field: str
    value: object
    origin: str
    check: bool


@dataclass(frozen=True)
class Added:
    """What ``add`` did: the entry appended, how each field was had, the copied file."""

    entry: dict[str, object]
    guesses: list[Guess]
    target: Path
    pages: int | None
    characters: int


def add_source(corpus: Path, file: Path, source_id: str | None = None) -> Added:
    """Append an entry for ``file`` to ``corpus/sources.yml`` and copy the file in."""
    display = str(file)
    suffix = SUFFIXES.get(file.suffix.lower())
    if suffix is None:
        raise SourceError(
            display,
            f"unsupported file type {file.suffix or '(none)'!r}",
            "give a .pdf, .html or .txt file (save other documents as PDF first)",
        )
    if not file.is_file():
        raise SourceError(display, "file not found", "give the path of an existing file")
    kind = format_of(file.name)
    data = read_bytes(file, display, kind)
    extracted = Extracted(decode_text(data, display)[0]) if kind == "text" else None
    extracted = extracted or extract(kind, data, display)
    metas = load_metadata(corpus)  # a broken sources.yml is reported before anything else
    source_id = _source_id(corpus, source_id, {m.id for m in metas})
    target = corpus / SOURCES_DIR / f"{source_id}{suffix}"
    if target.exists():
        raise SourceError(
            display,
            f"{corpus.name}/{SOURCES_DIR}/{target.name} already exists",
            "choose another id with --id",
        )
    guesses = guess_metadata(extracted, kind)
    entry: dict[str, object] = {"id": source_id, "file": target.name}
    entry.update((g.field, g.value) for g in guesses)
    path = corpus / SOURCES_FILE
    old = path.read_text(encoding="utf-8")
    new = old + ("\n" if old and not old.endswith("\n") else "") + "\n" + dump_yaml([entry])
    _copy(data, target)
    try:
        load_metadata(corpus, new)  # every entry, the new one and its file included
        write_atomic(path, new)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    pages = len(extracted.pages.numbers) if extracted.pages else None
    return Added(entry, guesses, target, pages, len(extracted.text))


def _source_id(corpus: Path, wanted: str | None, taken: set[str]) -> str:
    """``wanted`` if it is a free slug, else the next free three-digit number."""
    display = f"{corpus.name}/{SOURCES_FILE}"
    if wanted is None:
        numbers = [int(i) for i in taken if i.isdigit()]
        return f"{max(numbers, default=-1) + 1:03d}"
    if not ID_PATTERN.match(wanted):
        raise SourceError(
            display,
            f"id {wanted!r} is not a short slug",
            "use lowercase letters, digits and '-', at most 32 characters (e.g. 005)",
            field="id",
        )
    if wanted in taken:
        raise SourceError(
            display, f"id {wanted!r} is taken", "choose another id with --id", field="id"
        )
    return wanted


def _copy(data: bytes, target: Path) -> None:
    """Write ``data`` to ``target`` whole or not at all."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def guess_metadata(extracted: Extracted, kind: str) -> list[Guess]:
    """The fields of a ``sources.yml`` entry, from the file's metadata and its text."""
    meta, text = extracted.metadata, extracted.text
    origin = ORIGIN[kind]
    guesses: list[Guess] = []
    title = meta.get("title")
    if title:
        guesses.append(Guess("title", title, origin, check=True))
    else:
        first = next((ln.strip() for ln in text.splitlines() if len(ln.strip()) > 3), "")
        guesses.append(
            Guess(
                "title", " ".join(first.split())[:TITLE_CHARS], "the first line of the text", True
            )
        )
    guesses.append(Guess("kind", _kind(kind, text, meta), "the format and the text", True))
    language = meta.get("language")
    if language in LANGUAGES:
        guesses.append(Guess("language", language, origin, check=False))
    else:
        found = detect_language(text[:20000], "en")
        guesses.append(Guess("language", found, "the words of the text", check=False))
    guesses += _published(meta, text, origin)
    for field in ("authors", "publisher", "url"):
        value = meta.get(field)
        if field == "url" and not str(value or "").startswith(("http://", "https://")):
            continue
        if value:
            guesses.append(Guess(field, value, origin, check=field == "authors"))
    return guesses


def _kind(kind: str, text: str, meta: dict[str, object]) -> str:
    if kind == "html":
        return "news" if meta.get("page_type") == "article" else "blog"
    if ACADEMIC_CUES.search(text[:5000]):
        return "academic"
    return "magazine" if kind == "pdf" else "news"


def _published(meta: dict[str, object], text: str, origin: str) -> list[Guess]:
    """The date, from the metadata, else the latest past year the text names (the text
    cannot be older than the events it tells), else this year; with a note saying which.
    A file date earlier than a year the text names is not the text's date either."""
    this_year = datetime.date.today().year
    years = [int(y) for y in YEAR.findall(text) if int(y) <= this_year]
    date = meta.get("published")
    if date and (not years or int(str(date)[:4]) >= max(years)):
        how = f"the date in {origin} (often when the file was made, not the text)"
    elif years:
        date = str(max(years))
        how = "the latest year the text names"
        if meta.get("published"):
            how += f" ({origin} says {meta['published']}, earlier than that)"
    else:
        date = str(this_year)
        how = "this year (no date found)"
    note = f"Proposed by natokorea-kb add from {how}; check it against the source."
    return [Guess("published", date, how, check=True), Guess("date_note", note, "", False)]
