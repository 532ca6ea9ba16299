"""Measure extraction against a hand-made answer key (``tests/gold/seeds.yml``).

A key entry matches a record when both come from the same source, the record's start
date agrees with the key at the key's precision, and the record's span overlaps the
place of the key's quote in the raw text. Matching is one-to-one, so a sentence that
yields one record where the key has two counts one miss.

Besides dates (precision and recall, per source, kind and basis) the evaluation scores
what the records say: the kind of each matched record, the parties of the key's central
facts, titles (none may be cut mid-phrase), and the disagreements found against the
key's own list of them (``disagreements.yml`` beside the key).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path

from .disagreements import Disagreement
from .errors import KBError
from .knowledge import KnowledgeBase
from .newsday import speaks_from_its_date
from .records import Document, Fact, SourceMeta
from .resources import language_resource
from .text import fold
from .titles import MAX_TITLE
from .yamlio import load_yaml_read_only

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
BRACKETED_DATE = re.compile(r"\s*\([^()]*\)\s*$")
WORDS = re.compile(r"[^\W\d_]+")
GOLD_DISAGREEMENTS = "disagreements.yml"


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
    basis: str = "explicit"
    key_fact: bool = False
    parties: tuple[str, ...] = ()  # the frame's actors and objects


@dataclass
class Score:
    matched: int = 0  # key entries found
    keyed: int = 0
    extracted: int = 0
    confirmed: int | None = None  # records the key confirms, when not ``matched`` (basis)

    @property
    def precision(self) -> float:
        right = self.matched if self.confirmed is None else self.confirmed
        return right / self.extracted if self.extracted else 1.0

    @property
    def recall(self) -> float:
        return self.matched / self.keyed if self.keyed else 1.0


@dataclass
class KindScore:
    """How the kinds of matched records agree with the key's: pairs (key kind, record kind)."""

    pairs: Counter[tuple[str, str]] = field(default_factory=Counter)

    @property
    def accuracy(self) -> float:
        total = sum(self.pairs.values())
        return sum(n for (a, b), n in self.pairs.items() if a == b) / total if total else 1.0

    def precision(self, kind: str) -> float:
        said = sum(n for (_, b), n in self.pairs.items() if b == kind)
        return self.pairs[(kind, kind)] / said if said else 1.0

    def recall(self, kind: str) -> float:
        keyed = sum(n for (a, _), n in self.pairs.items() if a == kind)
        return self.pairs[(kind, kind)] / keyed if keyed else 1.0


@dataclass
class Evaluation:
    by_source: dict[str, Score] = field(default_factory=dict)
    by_kind: dict[str, Score] = field(default_factory=dict)
    by_basis: dict[str, Score] = field(default_factory=dict)
    total: Score = field(default_factory=Score)
    kind_agreement: int = 0
    kinds: KindScore = field(default_factory=KindScore)
    parties: Score = field(default_factory=Score)  # parties of the key facts found: named
    key_facts: Score = field(default_factory=Score)  # the key's central facts: found
    kind_errors: list[tuple[KeyEntry, Fact]] = field(default_factory=list)
    party_errors: list[tuple[KeyEntry, Fact, list[str]]] = field(default_factory=list)
    misses: list[KeyEntry] = field(default_factory=list)
    extras: list[Fact] = field(default_factory=list)
    milestones_missed: list[KeyEntry] = field(default_factory=list)
    matched: dict[int, Fact] = field(default_factory=dict)  # key entry line -> its record
    key_name: str | None = None  # the answer key's file name, as the About page cites it
    titles: TitleReport | None = None
    disagreements: DisagreementScore | None = None
    out_of_scope: list[KeyEntry] = field(default_factory=list)  # left undated by design


Skeleton = tuple[str, list[int]]  # letters and digits, and the raw offset of each


def skeleton(text: str) -> Skeleton:
    """Letters and digits only, casefolded, without glued footnote digits; with positions.

    Comparing skeletons makes a quote typed by a reader ("gelişmeye başlamıştır") find
    its place in a raw PDF extract ("gelişme-\\nye başlamıştır").
    """
    dropped = {i for m in _FOOTNOTE_DIGITS.finditer(text) for i in range(m.start(), m.end())}
    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        if index in dropped:
            continue
        for piece in _skeleton_of(char):
            chars.append(piece)
            positions.append(index)
    return "".join(chars), positions


@cache
def _skeleton_of(char: str) -> str:
    """What one character leaves in a skeleton (asked once per character: an edited
    source's skeleton is made again at every build of ``mkdocs serve``)."""
    if not char.isalnum():
        return ""
    folded = unicodedata.normalize("NFKD", char.casefold())
    return "".join(c for c in folded if not unicodedata.combining(c))


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


class DocumentSkeletons:
    """The reading and raw skeletons of a document, each made when first asked for: a
    quote is looked for in the raw text only when the reading text lacks it (none of the
    seed key's 179 quotes), and the raw skeleton was half of scoring's skeleton work."""

    def __init__(self, document: Document) -> None:
        self.document = document

    @cached_property
    def reading(self) -> Skeleton:
        return reading_skeleton(self.document)

    @cached_property
    def raw(self) -> Skeleton:
        return skeleton(self.document.raw)


_SKELETONS: dict[tuple[SourceMeta, str], DocumentSkeletons] = {}
_SKELETONS_KEPT = 1024


def document_skeletons(document: Document) -> DocumentSkeletons:
    """The skeletons of a document, remembered: a document is made from its metadata and
    raw text alone, and `mkdocs serve` scores every build again."""
    key = (document.source, document.raw)
    found = _SKELETONS.get(key)
    if found is None:
        if len(_SKELETONS) >= _SKELETONS_KEPT:
            _SKELETONS.clear()
        found = _SKELETONS[key] = DocumentSkeletons(document)
    return found


def load_key(path: Path, documents: list[Document] | tuple[Document, ...]) -> list[KeyEntry]:
    """Load and check the answer key against the documents of the corpus."""
    display = str(path)
    data = load_yaml_read_only(path, EvalError, display) or []
    skeletons = {d.source.id: document_skeletons(d) for d in documents}
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
        found = skeletons[source]
        spans = locate(item["quote"], found.reading) or locate(item["quote"], found.raw)
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
                basis=str(item.get("basis") or "explicit"),
                key_fact=bool(item.get("key_fact") or item.get("milestone")),
                parties=_ids(item.get("actor")) + _ids(item.get("object")),
            )
        )
    return entries


def _ids(value: object) -> tuple[str, ...]:
    """A key's actor or object: one id, a list of ids, or nothing."""
    if not value:
        return ()
    return tuple(str(v) for v in value) if isinstance(value, list) else (str(value),)


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
    by_basis: dict[str, Score] = defaultdict(lambda: Score(confirmed=0))
    sources = {e.source for e in key}
    considered = [f for f in facts if f.source in sources]
    unmatched = list(considered)
    for entry in key:
        by_source[entry.source].keyed += 1
        by_kind[entry.kind].keyed += 1
        by_basis[entry.basis].keyed += 1
        result.key_facts.keyed += entry.key_fact
        found = next((f for f in unmatched if _matches(entry, f)), None)
        if found is None:
            result.misses.append(entry)
            if entry.milestone:
                result.milestones_missed.append(entry)
            continue
        unmatched.remove(found)
        result.matched[entry.line] = found
        by_source[entry.source].matched += 1
        by_basis[entry.basis].matched += 1
        by_basis[found.date.basis].confirmed += 1  # type: ignore[operator]
        # per kind, a match counts only when the record has the key's kind too
        by_kind[entry.kind].matched += found.kind == entry.kind
        result.kind_agreement += found.kind == entry.kind
        result.kinds.pairs[(entry.kind, found.kind)] += 1
        if entry.kind != found.kind:
            result.kind_errors.append((entry, found))
        if entry.key_fact:
            result.key_facts.matched += 1
            named = {*found.entities, *found.frame.parties}
            missing = [p for p in entry.parties if p not in named]
            result.parties.keyed += len(entry.parties)
            result.parties.matched += len(entry.parties) - len(missing)
            if missing:
                result.party_errors.append((entry, found, missing))
    for fact in considered:
        by_source[fact.source].extracted += 1
        by_kind[fact.kind].extracted += 1
        by_basis[fact.date.basis].extracted += 1
    result.extras = unmatched
    result.by_source = dict(sorted(by_source.items()))
    result.by_kind = dict(sorted(by_kind.items()))
    result.by_basis = dict(sorted(by_basis.items()))
    result.total = Score(
        matched=sum(s.matched for s in by_source.values()),
        keyed=len(key),
        extracted=len(considered),
    )
    result.titles = titles_report(considered)
    return result


# --------------------------------------------------------------------------- titles


@dataclass
class TitleReport:
    """Titles that are cut (end in an ellipsis or a function word) or longer than allowed."""

    checked: int = 0
    cut: list[tuple[str, str]] = field(default_factory=list)  # (fact id, title)
    long: list[tuple[str, str]] = field(default_factory=list)


def titles_report(facts: list[Fact] | tuple[Fact, ...]) -> TitleReport:
    """Check every title of every fact, in each language it has one."""
    report = TitleReport()
    for fact in facts:
        for language, title in {**fact.titles, "": fact.title}.items():
            report.checked += 1
            body = BRACKETED_DATE.sub("", title).strip()
            last = WORDS.findall(body)[-1:] or [""]
            words = _function_words(language or fact.language)
            if "…" in body or "..." in body or fold(last[0]) in words:
                report.cut.append((fact.id, title))
            elif len(body) > MAX_TITLE:
                report.long.append((fact.id, title))
    return report


@cache  # asked once per title: folding every stop word again was half of checking them
def _function_words(language: str) -> frozenset[str]:
    return frozenset(fold(w) for w in language_resource("stopwords", language)["stopwords"])


# --------------------------------------------------------------------- disagreements


@dataclass(frozen=True)
class GoldDisagreement:
    """A disagreement of the key: statements (key entry lines) that cannot all hold."""

    id: str
    entries: tuple[int, ...]


@dataclass
class DisagreementScore:
    """Disagreements found against the key's: correct ones, and the key's found."""

    found: int = 0
    correct: int = 0
    gold: int = 0
    recalled: int = 0
    wrong: list[str] = field(default_factory=list)  # ids of disagreements the key lacks
    missed: list[str] = field(default_factory=list)  # ids of the key's not found

    @property
    def precision(self) -> float:
        return self.correct / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.recalled / self.gold if self.gold else 1.0


def load_gold_disagreements(path: Path, key: list[KeyEntry]) -> list[GoldDisagreement]:
    """Read ``disagreements.yml``: each statement names a key entry by source, quote, start."""
    display = str(path)
    data = load_yaml_read_only(path, EvalError, display) or {}
    by_statement = {(e.source, " ".join(e.quote.split()), e.start): e.line for e in key}
    gold = []
    for item in data.get("disagreements") or []:
        lines = []
        for statement in item.get("statements") or []:
            ref = (str(statement["source"]), " ".join(statement["quote"].split()))
            line = by_statement.get((*ref, str(statement["start"])))
            if line is None:
                raise EvalError(
                    display,
                    f"statement not in the key: {ref[0]} {ref[1][:50]!r}",
                    "copy source, quote and start from the key entry",
                    line=getattr(statement, "line", None),
                )
            lines.append(line)
        gold.append(GoldDisagreement(str(item["id"]), tuple(lines)))
    return gold


def score_disagreements(
    found: list[Disagreement] | tuple[Disagreement, ...],
    gold: list[GoldDisagreement],
    result: Evaluation,
) -> DisagreementScore:
    """A found disagreement is right when it sets against each other the records of at
    least two sources of one of the key's; the key's is found when one such exists."""
    score = DisagreementScore(gold=len(gold))
    facts_of = [
        {
            result.matched[line].id: result.matched[line].source
            for line in g.entries
            if line in result.matched
        }
        for g in gold
    ]
    recalled: set[int] = set()
    for disagreement in found:
        if disagreement.curated:
            continue
        score.found += 1
        hits = [
            n
            for n, facts in enumerate(facts_of)
            if len({facts[i] for i in disagreement.facts if i in facts}) >= 2
        ]
        if hits:
            score.correct += 1
            recalled.update(hits)
        else:
            score.wrong.append(disagreement.id)
    score.recalled = len(recalled)
    score.missed = [g.id for n, g in enumerate(gold) if n not in recalled]
    return score


def in_scope(entry: KeyEntry, source_kind: str) -> bool:
    """Whether the extraction sets out to find a key entry: a statement dated only by its
    document counts in a source that speaks from its date (a news item, a speech), not in
    one that tells a longer story (an article, a blog), where it stays undated by design
    (:mod:`natokorea_kb.dating`)."""
    return entry.basis != "document" or speaks_from_its_date(source_kind)


def measure(kb: KnowledgeBase, key: Path | None) -> Evaluation | None:
    """Score the facts against the answer key at ``key``; ``None`` when there is no key.

    A ``disagreements.yml`` beside the key scores the disagreements found too.
    """
    if key is None or not key.is_file():
        return None
    entries = load_key(key, kb.documents)
    kinds = {d.source.id: d.source.kind for d in kb.documents}
    scoped = [e for e in entries if in_scope(e, kinds[e.source])]
    result = evaluate(kb.facts, scoped)
    result.out_of_scope = [e for e in entries if e not in scoped]
    result.key_name = key.name
    gold = key.with_name(GOLD_DISAGREEMENTS)
    if gold.is_file():
        chosen = load_gold_disagreements(gold, entries)
        result.disagreements = score_disagreements(kb.consolidated.disagreements, chosen, result)
    return result
