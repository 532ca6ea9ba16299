"""The optional human layer, ``corpus/curation.yml``: load, check, apply.

Curation only adds to what the rules extracted: titles and summaries in English
(``title``, ``summary``) and in Turkish (``title_tr``, ``summary_tr``), merges of
corroboration clusters, suppressions with a reason, and declared disagreements. Every
entry names fact ids; an id that extraction no longer produces is an error, so stale
curation never lingers unseen.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .errors import CurationError
from .records import Fact
from .yamlio import LineDict, load_yaml_read_only

CURATION_FILE = "curation.yml"
FACT_FIELDS = ("title", "summary", "title_tr", "summary_tr", "suppress")
TOP_LEVEL = ("facts", "merges", "disagreements")


@dataclass(frozen=True)
class DeclaredDisagreement:
    facts: tuple[str, ...]
    note: str
    line: int


@dataclass(frozen=True)
class Curation:
    """The checked content of ``curation.yml`` (empty when the file is absent)."""

    edits: dict[str, dict[str, str]] = field(default_factory=dict)
    merges: tuple[tuple[str, ...], ...] = ()
    disagreements: tuple[DeclaredDisagreement, ...] = ()
    lines: dict[str, int] = field(default_factory=dict)  # fact id -> line that names it
    display: str = CURATION_FILE
    merge_lines: tuple[int, ...] = ()  # line of each merge, in order


def load_curation(corpus: Path) -> Curation:
    """Read and check the shape of ``curation.yml``; a missing file means no curation."""
    path = corpus / CURATION_FILE
    display = f"{corpus.name}/{CURATION_FILE}"
    if not path.exists():
        return Curation(display=display)
    data = load_yaml_read_only(path, CurationError, display)
    if data is None:
        return Curation(display=display)
    if not isinstance(data, LineDict):
        raise CurationError(
            display, "the top level must be a mapping", "start with 'facts:'", line=1
        )
    for key in data:
        if key not in TOP_LEVEL:
            raise CurationError(
                display,
                f"unknown section {key!r}",
                f"use only: {', '.join(TOP_LEVEL)}",
                line=data.line_of(str(key)),
            )
    lines: dict[str, int] = {}
    edits = _load_edits(data.get("facts") or LineDict(), display, lines)
    merge_items = _section_list(data, "merges", display)
    merge_lines = tuple(getattr(item, "line", data.line_of("merges")) for item in merge_items)
    merges = tuple(
        tuple(_id_list(item, display, line, lines, "merge"))
        for item, line in zip(merge_items, merge_lines, strict=True)
    )
    declared = []
    for item in _section_list(data, "disagreements", display):
        line = getattr(item, "line", data.line_of("disagreements"))
        note = item.get("note") if isinstance(item, dict) else None
        if (
            not isinstance(item, dict)
            or set(item) - {"facts", "note"}
            or not isinstance(note, str)
            or not note.strip()
        ):
            raise CurationError(
                display,
                "a disagreement needs 'facts' (a list of ids) and a non-empty 'note' only",
                "write '- facts: [f-…, f-…]' and 'note: …'",
                line=line,
            )
        ids = _id_list(item.get("facts"), display, line, lines, "disagreement")
        declared.append(DeclaredDisagreement(tuple(ids), " ".join(note.split()), line))
    return Curation(edits, merges, tuple(declared), lines, display, merge_lines)


def _section_list(data: LineDict, key: str, display: str) -> list:
    """The items of a list section; an absent or empty section has none."""
    value = data.get(key) or []
    if not isinstance(value, list):
        raise CurationError(
            display, f"'{key}' must be a list", "start each item with '- '", line=data.line_of(key)
        )
    return value


def _load_edits(section: object, display: str, lines: dict[str, int]) -> dict[str, dict[str, str]]:
    if not isinstance(section, LineDict):
        raise CurationError(
            display,
            "'facts' must map fact ids to edits",
            "write 'f-…: {title: …}'",
            line=getattr(section, "line", None),
        )
    edits = {}
    for fact_id, edit in section.items():
        line = section.line_of(str(fact_id))
        if not isinstance(edit, dict) or not edit:
            raise CurationError(
                display,
                f"the entry for {fact_id} must be a mapping",
                f"give one or more of: {', '.join(FACT_FIELDS)}",
                line=line,
            )
        for key, value in edit.items():
            key_line = edit.line_of(str(key)) if isinstance(edit, LineDict) else line
            if key not in FACT_FIELDS:
                raise CurationError(
                    display,
                    f"{fact_id}: unknown field {key!r}",
                    f"use only: {', '.join(FACT_FIELDS)}",
                    line=key_line,
                )
            if not isinstance(value, str) or not value.strip():
                raise CurationError(
                    display, f"{fact_id}: {key} must be non-empty text", "quote it", line=key_line
                )
        if "suppress" in edit and len(edit) > 1:
            raise CurationError(
                display,
                f"{fact_id}: a suppressed fact is not shown, so its title or summary is lost",
                "keep either 'suppress' or the title and summary",
                line=line,
            )
        edits[str(fact_id)] = {k: " ".join(v.split()) for k, v in edit.items()}
        lines.setdefault(str(fact_id), line)
    return edits


def _id_list(value: object, display: str, line: int, lines: dict[str, int], what: str) -> list[str]:
    if (
        not isinstance(value, list)
        or not all(isinstance(v, str) for v in value)
        or len(value) < 2
        or len(set(value)) != len(value)
    ):
        raise CurationError(
            display,
            f"a {what} must list at least two different fact ids",
            "write [f-…, f-…]",
            line=line,
        )
    for fact_id in value:
        lines.setdefault(fact_id, line)
    return list(value)


def check_ids(curation: Curation, facts: list[Fact]) -> None:
    """Fail on the first curation entry that names a fact extraction no longer yields."""
    known = {fact.id for fact in facts}
    for fact_id, line in sorted(curation.lines.items(), key=lambda item: item[1]):
        if fact_id not in known:
            raise CurationError(
                curation.display,
                f"fact {fact_id} does not exist (the source text or the rules changed)",
                "find the new id with 'natokorea-kb extract --out DIR' and update or delete "
                "the entry",
                line=line,
            )


def apply_edits(curation: Curation, facts: list[Fact]) -> tuple[list[Fact], dict[str, str]]:
    """Apply titles and summaries; drop suppressed facts. Return facts and suppressions."""
    check_ids(curation, facts)
    kept: list[Fact] = []
    suppressed: dict[str, str] = {}
    for fact in facts:
        edit = curation.edits.get(fact.id)
        if not edit:
            kept.append(fact)
            continue
        if "suppress" in edit:
            suppressed[fact.id] = edit["suppress"]
            continue
        kept.append(
            replace(
                fact,
                title=edit.get("title", fact.title),
                title_tr=edit.get("title_tr", fact.title_tr),
                summary=edit.get("summary", fact.summary),
                summary_tr=edit.get("summary_tr", fact.summary_tr),
                curated=True,
            )
        )
    _check_not_suppressed(curation, suppressed)
    return kept, suppressed


def _check_not_suppressed(curation: Curation, suppressed: dict[str, str]) -> None:
    """A merge or declared disagreement cannot name a fact that curation removes."""
    named = [
        (merge, line, "merge")
        for merge, line in zip(curation.merges, curation.merge_lines, strict=True)
    ] + [(d.facts, d.line, "disagreement") for d in curation.disagreements]
    for ids, line, what in named:
        for fact_id in ids:
            if fact_id in suppressed:
                raise CurationError(
                    curation.display,
                    f"a {what} names {fact_id}, which this file suppresses",
                    f"drop {fact_id} from the {what} or remove its 'suppress'",
                    line=line,
                )
