"""Measure extraction against a hand-made answer key (``tests/gold/seeds.yml``).

A key entry matches a record when both come from the same source, the record's start
date agrees with the key at the key's precision, and the record's span overlaps the
place of the key's quote in the raw text. Matching is one-to-one, so a sentence that
yields one record where the key has two counts one miss.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .errors import KBError
from .knowledge import KnowledgeBase
from .records import Document, Fact
from .yamlio import load_yaml

KEY_FIELDS = ("source", "quote", "date_text", "start", "end", "precision", "kind", "entities")
OPTIONAL_KEY_FIELDS = (
    "milestone",
    "in_note",
    "basis",
    "note",
    "actor",
    "actor_via",
    "predicate",
    "object",
    "polarity",
    "modality",
    "aspect",
    "derivation",
    "key_fact",
)
_FOOTNOTE_DIGITS = re.compile(r"(?<=[^\W\d_])\d{1,2}(?!\d)")


class EvalError(KBError):
    """The answer key is malformed or does not match the corpus."""


@dataclass(frozen=True)
class KeyEntry:
    line: int
    source: str
    quote: str
    date_text: str
    start: str
    kind: str
    entities: tuple[str, ...]
    milestone: bool
    spans: tuple[tuple[int, int], ...]  # every place the quote stands in the raw text


@dataclass
class Score:
    matched: int = 0
    keyed: int = 0
    extracted: int = 0

    @property
    def precision(self) -> float:
        return self.matched / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.keyed if self.keyed else 1.0


@dataclass
class Evaluation:
    by_source: dict[str, Score] = field(default_factory=dict)
    by_kind: dict[str, Score] = field(default_factory=dict)
    total: Score = field(default_factory=Score)
    kind_agreement: int = 0
    misses: list[KeyEntry] = field(default_factory=list)
    extras: list[Fact] = field(default_factory=list)
    milestones_missed: list[KeyEntry] = field(default_factory=list)
    key_name: str | None = None  # the answer key's file name, as the About page cites it


def skeleton(text: str) -> tuple[str, list[int]]:
    """Letters and digits only, casefolded, without glued footnote digits; with positions.

    Comparing skeletons makes a quote typed by a reader ("gelişmeye başlamıştır") find
    its place in a raw PDF extract ("gelişme-\\nye başlamıştır").
    """
    dropped = {i for m in _FOOTNOTE_DIGITS.finditer(text) for i in range(m.start(), m.end())}
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        if index in dropped or not char.isalnum():
            continue
        folded = unicodedata.normalize("NFKD", char.casefold())
        folded = "".join(c for c in folded if not unicodedata.combining(c))
        for piece in folded:
            chars.append(piece)
            positions.append(index)
    return "".join(chars), positions


def locate(quote: str, raw_skeleton: tuple[str, list[int]]) -> list[tuple[int, int]]:
    """Every raw ``[start, end)`` where ``quote`` stands, ignoring layout and hyphen breaks."""
    needle, _ = skeleton(quote)
    haystack, positions = raw_skeleton
    spans = []
    start = haystack.find(needle) if needle else -1
    while start >= 0:
        end = start + len(needle)
        spans.append((positions[start], positions[end - 1] + 1))
        start = haystack.find(needle, start + 1)
    return spans


def reading_skeleton(document: Document) -> tuple[str, list[int]]:
    """The skeleton of a document's clean sentences and notes, positions in the raw text.

    A reader's quote skips pull quotes and footnotes that interrupt a sentence in the
    raw file, so it is looked for in the reading text first.
    """
    chars: list[str] = []
    positions: list[int] = []
    for unit in (*document.sentences, *document.notes):
        text, local = skeleton(unit.text)
        chars.append(text)
        positions.extend(unit.offsets[i] for i in local)
    return "".join(chars), positions


def load_key(path: Path, documents: list[Document] | tuple[Document, ...]) -> list[KeyEntry]:
    """Load and check the answer key against the documents of the corpus."""
    display = str(path)
    data = load_yaml(path, EvalError, display) or []
    skeletons = {d.source.id: (reading_skeleton(d), skeleton(d.raw)) for d in documents}
    entries = []
    for item in data:
        line = getattr(item, "line", None)
        unknown = set(item) - set(KEY_FIELDS) - set(OPTIONAL_KEY_FIELDS)
        missing = [k for k in ("source", "quote", "start", "kind") if k not in item]
        if unknown or missing:
            problem = f"unknown field {sorted(unknown)[0]!r}" if unknown else f"missing {missing}"
            raise EvalError(display, problem, "see the header of the key file", line=line)
        source = str(item["source"])
        if source not in skeletons:
            raise EvalError(display, f"unknown source {source!r}", "use a corpus id", line=line)
        reading, raw = skeletons[source]
        spans = locate(item["quote"], reading) or locate(item["quote"], raw)
        if not spans:
            raise EvalError(
                display,
                f"quote not found in source {source}: {item['quote'][:60]!r}",
                "copy the quote from the text",
                line=line,
            )
        entries.append(
            KeyEntry(
                line=line or 0,
                source=source,
                quote=item["quote"],
                date_text=str(item.get("date_text", "")),
                start=str(item["start"]),
                kind=item["kind"],
                entities=tuple(item.get("entities") or ()),
                milestone=bool(item.get("milestone")),
                spans=tuple(spans),
            )
        )
    return entries


def _matches(entry: KeyEntry, fact: Fact) -> bool:
    if fact.source != entry.source:
        return False
    if fact.date.start[: len(entry.start)] != entry.start or len(fact.date.start) < len(
        entry.start
    ):
        return False
    start, end = fact.span
    return any(start < s_end and s_start < end for s_start, s_end in entry.spans)


def evaluate(facts: list[Fact] | tuple[Fact, ...], key: list[KeyEntry]) -> Evaluation:
    """Match records to key entries one-to-one and score them."""
    result = Evaluation()
    by_source: dict[str, Score] = defaultdict(Score)
    by_kind: dict[str, Score] = defaultdict(Score)
    sources = {e.source for e in key}
    considered = [f for f in facts if f.source in sources]
    unmatched = list(considered)
    for entry in key:
        by_source[entry.source].keyed += 1
        by_kind[entry.kind].keyed += 1
        found = next((f for f in unmatched if _matches(entry, f)), None)
        if found is None:
            result.misses.append(entry)
            if entry.milestone:
                result.milestones_missed.append(entry)
            continue
        unmatched.remove(found)
        by_source[entry.source].matched += 1
        # per kind, a match counts only when the record has the key's kind too
        by_kind[entry.kind].matched += found.kind == entry.kind
        result.kind_agreement += found.kind == entry.kind
    for fact in considered:
        by_source[fact.source].extracted += 1
        by_kind[fact.kind].extracted += 1
    result.extras = unmatched
    result.by_source = dict(sorted(by_source.items()))
    result.by_kind = dict(sorted(by_kind.items()))
    result.total = Score(
        matched=sum(s.matched for s in by_source.values()),
        keyed=len(key),
        extracted=len(considered),
    )
    return result


def measure(kb: KnowledgeBase, key: Path | None) -> Evaluation | None:
    """Score the facts against the answer key at ``key``; ``None`` when there is no key."""
    if key is None or not key.is_file():
        return None
    result = evaluate(kb.facts, load_key(key, kb.documents))
    result.key_name = key.name
    return result
