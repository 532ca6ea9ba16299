"""Read stage: validate ``corpus/sources.yml`` and decode or extract each source text.

Everything that can be wrong with a hand-written metadata file or a dropped-in text is
reported here, before any work is done, with the entry and field that need fixing.
A ``.pdf`` or ``.html`` source is read by its format reader (:mod:`.formats`); the rest
of the pipeline sees its extracted text, and a PDF's page map beside it.
"""

from __future__ import annotations

import codecs
import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from .errors import SourceError
from .formats import Extracted, PageMap, extract, format_of
from .records import LANGUAGES, SOURCE_KINDS, PartialDate, SourceMeta
from .yamlio import LineDict, LineList, load_yaml, parse_yaml

SOURCES_FILE = "sources.yml"
SOURCES_DIR = "sources"
# Documented limit: a larger text is refused from its size alone, before it is read, so a
# stray dump can neither hang the build nor fill the memory.  Extraction runs at over
# 1 MB/s, so a text at the limit still builds in well under a minute.
MAX_SOURCE_BYTES = 20_000_000
# A PDF carries fonts and images beside its text: a 300-page report with figures is
# well over 20 MB, and its text still within the limit above.
MAX_FILE_BYTES = {"text": MAX_SOURCE_BYTES, "html": MAX_SOURCE_BYTES, "pdf": 100_000_000}

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,31}$")
DATE_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

REQUIRED = ("id", "file", "title", "kind", "language", "published")
OPTIONAL = (
    "languages",
    "date_note",
    "authors",
    "publisher",
    "venue",
    "volume",
    "issue",
    "pages",
    "url",
    "doi",
    "accessed",
)
TEXT_FIELDS = ("date_note", "publisher", "venue", "url", "doi", "pages")
# A DOI as registered (10.<registrant>/<suffix>), written bare: citations add the resolver.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")
# A page or a range: 12, 12-34, 12–34, e101, S12–S19.
PAGES_PATTERN = re.compile(r"^([A-Za-z]{0,2}\d{1,6})(?:\s*[-–—]{1,2}\s*([A-Za-z]{0,2}\d{1,6}))?$")
NUMBER_PATTERN = re.compile(r"^[\w.\-–/ ]{1,20}$")  # a volume or issue: 10, 3-4, Suppl. 2


@dataclass(frozen=True)
class Source:
    """A validated source: its metadata and its decoded or extracted text."""

    meta: SourceMeta
    text: str
    encoding: str  # how the text was had, e.g. "utf-8", "utf-16 (BOM)" or "pypdf 7.1.1"
    pages: PageMap | None = None  # where each page of a PDF begins in ``text``
    extraction_key: str | None = None  # cache entry of a PDF's or page's extracted text


class ExtractionCache(Protocol):
    """Where extracted texts are kept between builds (a :class:`~.cache.SourceCache`)."""

    def file_key(self, kind: str, data: bytes) -> str: ...

    def load(self, key: str) -> Any | None: ...

    def store(self, key: str, value: Any) -> bool: ...


def parse_partial_date(value: object) -> PartialDate | None:
    """Parse ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``; None if malformed or impossible."""
    text = str(value) if not isinstance(value, str) else value
    match = DATE_PATTERN.match(text.strip())
    if not match:
        return None
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None:
        try:
            datetime.date(year, month, day)  # type: ignore[arg-type]
        except ValueError:
            return None
    return PartialDate(year, month, day)


def load_metadata(corpus: Path, text: str | None = None) -> list[SourceMeta]:
    """Load and validate every entry of ``sources.yml`` (or of ``text``, a new version
    of that file not yet written)."""
    path = corpus / SOURCES_FILE
    display = f"{corpus.name}/{SOURCES_FILE}"
    if text is None:
        data = load_yaml(path, SourceError, display)
    else:
        data = parse_yaml(text, SourceError, display)
    if data is None:
        data = []
    if not isinstance(data, list):
        raise SourceError(
            display,
            "the top level must be a list of sources",
            "start each entry with '- id: ...'",
            line=1,
        )
    metas: list[SourceMeta] = []
    seen: dict[str, int] = {}
    for position, entry in enumerate(data, start=1):
        line = data.line_of(position - 1) if isinstance(data, LineList) else None
        meta = _validate_entry(entry, position, display, corpus, line)
        if meta.id in seen:
            raise SourceError(
                display,
                f"duplicate id {meta.id!r} (first used on line {seen[meta.id]})",
                "give every source its own id",
                line=line,
                field="id",
            )
        seen[meta.id] = line or 0
        metas.append(meta)
    return metas


def _validate_entry(
    entry: object, position: int, display: str, corpus: Path, line: int | None
) -> SourceMeta:
    if not isinstance(entry, dict):
        raise SourceError(
            display,
            f"entry {position} is not a mapping",
            "write 'key: value' fields under '- '",
            line=line,
        )
    line_of = entry.line_of if isinstance(entry, LineDict) else (lambda _key: None)
    label = f"entry {position}" + (f" (id {entry.get('id')!r})" if "id" in entry else "")

    def fail(field: str, problem: str, hint: str) -> SourceError:
        return SourceError(display, f"{label}: {problem}", hint, line=line_of(field), field=field)

    unknown = sorted(set(map(str, entry)) - set(REQUIRED) - set(OPTIONAL))
    if unknown:
        raise fail(
            unknown[0],
            f"unknown field {unknown[0]!r}",
            f"use only: {', '.join(REQUIRED + OPTIONAL)}",
        )
    for key in REQUIRED:
        if key not in entry or entry[key] in (None, ""):
            raise fail(key, f"missing field {key!r}", f"add '{key}:' to the entry")

    source_id = entry["id"]
    if not isinstance(source_id, str) or not ID_PATTERN.match(source_id):
        raise fail(
            "id",
            f"id {source_id!r} is not a short slug",
            "quote it and use lowercase letters, digits and '-' (e.g. \"005\")",
        )
    for key in ("title", "file"):
        if not isinstance(entry[key], str):
            raise fail(key, f"{key} must be text", f"quote the {key}")
    if entry["kind"] not in SOURCE_KINDS:
        raise fail(
            "kind", f"unknown kind {entry['kind']!r}", f"use one of: {', '.join(SOURCE_KINDS)}"
        )
    if entry["language"] not in LANGUAGES:
        raise fail(
            "language",
            f"unknown language {entry['language']!r}",
            f"use one of: {', '.join(LANGUAGES)}",
        )
    published = parse_partial_date(entry["published"])
    if published is None:
        raise fail(
            "published",
            f"malformed or impossible date {entry['published']!r}",
            "write YYYY, YYYY-MM or YYYY-MM-DD, quoted",
        )
    languages, authors = _list_fields(entry, fail)
    for key in TEXT_FIELDS:
        if entry.get(key) is not None and not isinstance(entry[key], str):
            raise fail(key, f"{key} must be text", f"quote the {key}")
    url = entry.get("url")
    if url and not re.match(r"^https?://", url):
        raise fail(
            "url", f"url {url!r} is not an http(s) address", "write the full https:// address"
        )
    citation = _citation_fields(entry, published, fail)
    _check_file_path(entry["file"], corpus, fail)
    return SourceMeta(
        id=source_id,
        file=entry["file"],
        title=entry["title"].strip(),
        kind=entry["kind"],
        language=entry["language"],
        published=published,
        authors=tuple(authors),
        publisher=entry.get("publisher"),
        venue=entry.get("venue"),
        url=url,
        date_note=" ".join(entry["date_note"].split()) if entry.get("date_note") else None,
        languages=tuple(languages),
        **citation,
    )


def _list_fields(entry: dict, fail) -> tuple[list[str], list[str]]:
    """The other languages and the authors, each a list."""
    languages = entry.get("languages") or []
    if not isinstance(languages, list) or any(lang not in LANGUAGES for lang in languages):
        raise fail(
            "languages",
            f"languages must be a list of {', '.join(LANGUAGES)}",
            "write e.g. 'languages: [tr]'",
        )
    authors = entry.get("authors") or []
    if not isinstance(authors, list) or not all(isinstance(a, str) for a in authors):
        raise fail(
            "authors", "authors must be a list of names", 'write e.g. authors: ["Ada Lovelace"]'
        )
    return languages, authors


def _citation_fields(entry: dict, published: PartialDate, fail) -> dict:
    """The fields only citations read: volume, issue, pages, doi and accessed, checked."""
    found: dict = {}
    for key in ("volume", "issue"):
        value = entry.get(key)
        if value is None or value == "":
            continue
        text = str(value).strip() if isinstance(value, int | str) else ""
        if isinstance(value, bool) or not NUMBER_PATTERN.match(text):
            raise fail(
                key,
                f"{key} {value!r} is not a short number or label",
                f'write e.g. {key}: "10" (digits, letters, "-" or "/", at most 20 characters)',
            )
        if not entry.get("venue"):
            raise fail(key, f"{key} without a venue", "add venue: (the journal or magazine)")
        found[key] = text
    pages = entry.get("pages")
    if pages:
        match = PAGES_PATTERN.match(pages.strip())
        if not match:
            raise fail(
                "pages",
                f"pages {pages!r} is not a page or a range",
                'write e.g. pages: "12-34" or pages: "e101"',
            )
        found["pages"] = "–".join(g for g in match.groups() if g)
    doi = entry.get("doi")
    if doi:
        bare = re.sub(r"^(?:https?://(?:dx\.)?doi\.org/|doi:\s*)", "", doi.strip(), flags=re.I)
        if bare != doi.strip() or not DOI_PATTERN.match(bare):
            raise fail(
                "doi",
                f"doi {doi!r} is not a bare DOI",
                "write it without resolver or prefix, e.g. doi: 10.1234/abc.5678",
            )
        found["doi"] = bare
    accessed = entry.get("accessed")
    if accessed not in (None, ""):
        date = parse_partial_date(accessed)
        if date is None or date.day is None:
            raise fail(
                "accessed",
                f"accessed {accessed!r} is not a full date",
                "write the day the url was read as YYYY-MM-DD, quoted",
            )
        if not entry.get("url"):
            raise fail(
                "accessed", "accessed without a url", "add the url that was read, or drop accessed"
            )
        if date.year < published.year:
            raise fail(
                "accessed",
                f"accessed {date.iso()} is before the source was published ({published.iso()})",
                "check both dates",
            )
        found["accessed"] = date
    return found


def _check_file_path(file: str, corpus: Path, fail) -> None:
    """Refuse paths that leave ``corpus/sources`` (absolute, ``..``, symlinks out)."""
    candidate = Path(file)
    if candidate.is_absolute() or ".." in candidate.parts or file.startswith("~"):
        raise fail(
            "file",
            f"file {file!r} points outside corpus/sources/",
            "give a path relative to corpus/sources/",
        )
    root = (corpus / SOURCES_DIR).resolve()
    resolved = (root / candidate).resolve()
    if not resolved.is_relative_to(root):
        raise fail(
            "file",
            f"file {file!r} resolves outside corpus/sources/ (symlink?)",
            "copy the text into corpus/sources/",
        )
    if not resolved.exists():
        raise fail(
            "file",
            f"file {file!r} not found in corpus/sources/",
            "add the text file or fix the name",
        )
    if not resolved.is_file():
        raise fail(
            "file",
            f"{file!r} is a folder or a device, not a text file",
            "name a plain text file in corpus/sources/",
        )


def decode_text(data: bytes, display: str) -> tuple[str, str]:
    """Decode source bytes; return the text and a word on how it was decoded.

    UTF-8, and UTF-16 or UTF-32 that carry a byte-order mark, are decoded. Single-byte
    code pages such as Windows-1254 (Turkish) are refused with a conversion hint rather
    than guessed: their bytes are valid in every other code page, so a wrong guess would
    silently swap letters of a quotation (ı/ý, ş/þ, ğ/ð).
    """
    if not data.strip():
        raise SourceError(display, "the file is empty", "add the source text or remove its entry")
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(codec), f"{codec} (BOM)"
            except UnicodeDecodeError as exc:
                raise SourceError(
                    display, f"broken {codec} text at byte {exc.start}", "re-save as UTF-8"
                ) from exc
    if _looks_like_utf16(data):
        raise SourceError(
            display,
            "UTF-16 text without a byte-order mark (every other byte is NUL)",
            "convert it, e.g. 'iconv -f utf-16le -t utf-8', or save it as UTF-8",
        )
    if b"\x00" in data:
        raise SourceError(
            display,
            "binary file (contains NUL bytes), not a text",
            "convert it to plain UTF-8 text",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            display,
            f"not UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})",
            "convert it, e.g. 'iconv -f windows-1254 -t utf-8' for Turkish Windows text",
            line=line,
        ) from exc
    if text.startswith("\ufeff"):
        return text[1:], "utf-8 (BOM removed)"
    return text, "utf-8"


def _looks_like_utf16(data: bytes) -> bool:
    """Whether NUL bytes sit at every other position, as in UTF-16 text of Latin script."""
    sample = data[:4096]
    half = len(sample) // 2
    return half >= 4 and max(sample[0::2].count(0), sample[1::2].count(0)) >= 0.9 * half


def source_display(corpus: Path, meta: SourceMeta) -> str:
    """How messages name a source file: ``corpus/sources/<file>``."""
    return f"{corpus.name}/{SOURCES_DIR}/{meta.file}"


def read_bytes(path: Path, display: str, kind: str = "text") -> bytes:
    """A file's bytes within the size limit of its format (refused from its size first)."""
    limit = MAX_FILE_BYTES[kind]

    def too_large(size: int) -> SourceError:
        return SourceError(
            display,
            f"{size / 1e6:.1f} MB is over the limit of {limit / 1e6:.0f} MB per "
            + ("source" if kind == "text" else f"{kind.upper()} source"),
            "split the text into several sources of at most that size",
        )

    try:
        size = path.stat().st_size
        if size > limit:
            raise too_large(size)
        with path.open("rb") as handle:
            data = handle.read(limit + 1)  # the file may have grown since stat
    except OSError as exc:
        raise SourceError(
            display, f"cannot be read ({exc.strerror})", "make it a readable text file"
        ) from exc
    if len(data) > limit:
        raise too_large(len(data))
    return data


def extract_file(
    kind: str, data: bytes, display: str, cache: ExtractionCache | None = None
) -> tuple[Extracted, str | None]:
    """The text of a PDF or web page, from the cache when these very bytes were read
    before; the cache entry's key beside it (None without a cache)."""
    key = cache.file_key(kind, data) if cache is not None else None
    found = cache.load(key) if cache is not None and key is not None else None
    if isinstance(found, Extracted):
        return found, key
    extracted = extract(kind, data, display)
    if len(extracted.text) > MAX_SOURCE_BYTES:
        raise SourceError(
            display,
            f"its text ({len(extracted.text) / 1e6:.1f} M characters) is over the limit "
            f"of {MAX_SOURCE_BYTES / 1e6:.0f} M",
            "split it into several sources",
        )
    if cache is not None and key is not None:
        cache.store(key, extracted)
    return extracted, key


def read_source(corpus: Path, meta: SourceMeta, cache: ExtractionCache | None = None) -> Source:
    """Read one source file within the size limit; decode a text, extract a PDF or page."""
    path = corpus / SOURCES_DIR / meta.file
    display = source_display(corpus, meta)
    kind = format_of(meta.file)
    data = read_bytes(path, display, kind)
    if kind == "text":
        text, encoding = decode_text(data, display)
        return Source(meta=meta, text=text, encoding=encoding)
    extracted, key = extract_file(kind, data, display, cache)
    return Source(meta, extracted.text, extracted.reader, extracted.pages, key)


def read_corpus(corpus: Path, cache: ExtractionCache | None = None) -> list[Source]:
    """Validate the metadata and read every source, in ``sources.yml`` order; with a
    cache, a PDF or web page is extracted again only when its bytes changed."""
    if not corpus.is_dir():
        raise SourceError(
            str(corpus), "corpus folder not found", "run from the project folder or pass --corpus"
        )
    return [read_source(corpus, meta, cache) for meta in load_metadata(corpus)]
