"""Plain typed records that flow between the pipeline stages.

Stages exchange these dataclasses only; none of them knows about MkDocs or files.
Offsets are always into the *raw decoded text* of a source (``str`` indices), so a
record's ``span`` can be checked with ``raw[start:end]``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("event", "partnership", "programme")
PRECISIONS = ("day", "month", "year", "decade", "century")
BASES = ("explicit", "relative", "context", "document", "note")
SOURCE_KINDS = (
    "academic",
    "government",
    "news",
    "magazine",
    "blog",
    "speech",
    "press-release",
    "statement",
    "fact-sheet",
)
POLARITIES = ("affirmed", "negated")
MODALITIES = ("actual", "planned", "hypothetical")
ASPECTS = ("event", "state")
LANGUAGES = ("en", "tr", "ko")


@dataclass(frozen=True, order=True)
class PartialDate:
    """An ISO 8601 date that may stop at the year or the month."""

    year: int
    month: int | None = None
    day: int | None = None

    def iso(self) -> str:
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
            if self.day is not None:
                text += f"-{self.day:02d}"
        return text

    @property
    def precision(self) -> str:
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"


@dataclass(frozen=True)
class SourceMeta:
    """One entry of ``corpus/sources.yml``, validated."""

    id: str
    file: str
    title: str
    kind: str
    language: str
    published: PartialDate
    authors: tuple[str, ...] = ()
    publisher: str | None = None
    venue: str | None = None  # the journal, magazine or site it appeared in
    url: str | None = None
    date_note: str | None = None
    languages: tuple[str, ...] = ()  # other languages present (e.g. a Turkish abstract)
    doi: str | None = None  # bare, e.g. 10.1234/abc
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # e.g. 12–34
    accessed: PartialDate | None = None  # when the url was read (a full date)


@dataclass(frozen=True)
class Artefact:
    """A piece of raw text removed from the reading flow, and the rule that removed it."""

    rule: str
    start: int
    end: int


@dataclass(frozen=True)
class Block:
    """A run of clean text (paragraph, heading or note) with its map back to raw offsets.

    ``offsets[i]`` is the raw index of ``text[i]``; it has exactly ``len(text)`` items.
    """

    kind: str  # "paragraph" | "heading" | "note"
    text: str
    offsets: tuple[int, ...]
    number: int | None = None  # footnote number for notes


@dataclass(frozen=True)
class Cleaned:
    """Output of the clean stage: reading blocks, removed artefacts, recovered metadata."""

    raw: str
    blocks: tuple[Block, ...]
    artefacts: tuple[Artefact, ...]
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a source, addressable on its page as ``#<anchor>``."""

    anchor: str  # "s-12"
    text: str
    offsets: tuple[int, ...]  # raw index of every character of ``text``
    paragraph: int
    language: str
    note_refs: tuple[int, ...] = ()
    heading: bool = False
    page: int | None = None  # page of a PDF source where the sentence starts

    @property
    def span(self) -> tuple[int, int]:
        if not self.offsets:
            return (0, 0)
        return (self.offsets[0], self.offsets[-1] + 1)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` slice of ``text`` to raw offsets."""
        return (self.offsets[start], self.offsets[end - 1] + 1)


@dataclass(frozen=True)
class Note:
    """A footnote or endnote, addressable as ``#<anchor>``."""

    anchor: str  # "n-5"
    number: int
    text: str
    offsets: tuple[int, ...]
    language: str
    page: int | None = None  # page of a PDF source where the note starts

    @property
    def span(self) -> tuple[int, int]:
        if not self.offsets:
            return (0, 0)
        return (self.offsets[0], self.offsets[-1] + 1)


@dataclass(frozen=True)
class Paragraph:
    index: int
    language: str
    heading: bool
    sentences: tuple[str, ...]  # sentence anchors


@dataclass(frozen=True)
class Accounting:
    """Where every raw character went; the four numbers add up to ``raw``."""

    raw: int
    in_sentences: int
    in_notes: int
    artefacts: dict[str, int]  # rule -> characters removed
    whitespace: int  # layout whitespace between units

    @property
    def total(self) -> int:
        return self.in_sentences + self.in_notes + sum(self.artefacts.values()) + self.whitespace


@dataclass(frozen=True)
class Document:
    """A source after read, clean and segment."""

    source: SourceMeta
    raw: str
    paragraphs: tuple[Paragraph, ...]
    sentences: tuple[Sentence, ...]
    notes: tuple[Note, ...]
    accounting: Accounting
    metadata: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class DateValue:
    """A normalised temporal expression (DESIGN.md §2 ``date``)."""

    start: str
    end: str
    precision: str
    text: str
    basis: str
    derivation: str | None = None  # where a borrowed date came from, for the reader


def spans_overlap(a_start: str, a_end: str, b_start: str, b_end: str) -> bool:
    """Whether two ISO date spans can meet, both cut to the coarser of their precisions
    ("2012" meets "2012-09-20"; "2012-09" does not meet "2012-10")."""
    width = min(len(a_start), len(b_start))
    return a_start[:width] <= b_end[:width] and b_start[:width] <= a_end[:width]


@dataclass(frozen=True)
class Temporal:
    """A temporal expression found in a sentence, ``[start, end)`` within the sentence text."""

    value: DateValue
    start: int
    end: int


@dataclass(frozen=True)
class Mention:
    """A lexicon entity or topic keyword found in text, ``[start, end)``; ``glue`` is what
    its word adds after the name ("uluslararası koalisyon|a": a case ending)."""

    id: str
    start: int
    end: int
    text: str
    glue: str = ""


@dataclass(frozen=True)
class Frame:
    """What a fact's clause says happened: who did what to whom (DESIGN.md §2 ``frame``).

    ``actors`` is the whole subject ("NATO and South Korea"), ``actor`` its first name;
    ``actor_via`` says how the actor was found when the clause does not name it (the
    phrase that refers to it: "the Korean government", "we", or "the sentence before").
    ``begins`` marks a date that dates the beginning of what is stated ("since 2005").
    """

    predicate: str | None = None
    actors: tuple[str, ...] = ()
    object: str | None = None
    partner: str | None = None
    place: str | None = None
    polarity: str = "affirmed"
    modality: str = "actual"
    aspect: str = "event"
    begins: bool = False
    actor_via: str | None = None

    @property
    def actor(self) -> str | None:
        return self.actors[0] if self.actors else None

    @property
    def parties(self) -> tuple[str, ...]:
        """Everyone the frame names in a role: actors, object and partner."""
        named = (*self.actors, self.object, self.partner)
        return tuple(dict.fromkeys(p for p in named if p))

    @property
    def happened(self) -> bool:
        """An affirmed, actual change (or the beginning of a state): what milestones are."""
        return (
            self.polarity == "affirmed"
            and self.modality == "actual"
            and (self.aspect == "event" or self.begins)
        )

    def to_dict(self) -> dict:
        return {
            "actor": self.actor,
            "actors": list(self.actors),
            "actor_via": self.actor_via,
            "predicate": self.predicate,
            "object": self.object,
            "partner": self.partner,
            "place": self.place,
            "polarity": self.polarity,
            "modality": self.modality,
            "aspect": self.aspect,
            "begins": self.begins,
        }


@dataclass(slots=True)
class Fact:
    """A fact record (DESIGN.md §2); slotted, as a large corpus holds tens of thousands."""

    id: str
    kind: str
    date: DateValue
    title: str
    entities: list[str]
    topics: list[str]
    source: str
    sentence: str
    span: tuple[int, int]
    quote: str
    language: str
    page: int | None = None  # page of a PDF source where its sentence starts
    # Cross-references, set by the consolidate stage. The lists hold at most the first
    # few ids in date order (the cap is in consolidate.py), the counts all of them; the
    # whole cluster is every fact with the same ``cluster``.
    cluster: str = ""  # id of its corroboration cluster's canonical fact; its own if alone
    corroborated_by: list[str] = field(default_factory=list)
    corroborated_by_count: int = 0
    disputed_by: list[str] = field(default_factory=list)
    disputed_by_count: int = 0
    curated: bool = False
    summary: str | None = None  # a curator's, in English
    frame: Frame = Frame()
    titles: dict[str, str] = field(default_factory=dict)  # language -> title from the frame
    title_tr: str | None = None  # a curator's, in Turkish (``title`` holds an English one)
    summary_tr: str | None = None  # a curator's, in Turkish

    def __post_init__(self) -> None:
        if not self.cluster:  # a fact nobody has compared yet stands alone
            self.cluster = self.id

    def to_dict(self) -> dict:
        """The record as plain data, keys in the documented order."""
        data = {
            "id": self.id,
            "kind": self.kind,
            "date": {
                "start": self.date.start,
                "end": self.date.end,
                "precision": self.date.precision,
                "text": self.date.text,
                "basis": self.date.basis,
                **({"derivation": self.date.derivation} if self.date.derivation else {}),
            },
            "title": self.title,
            "titles": dict(self.titles),
            "frame": self.frame.to_dict(),
            "entities": list(self.entities),
            "topics": list(self.topics),
            "source": self.source,
            "sentence": self.sentence,
            "span": list(self.span),
            "quote": self.quote,
            "language": self.language,
            "page": self.page,
            "cluster": self.cluster,
            "corroborated_by": list(self.corroborated_by),
            "corroborated_by_count": self.corroborated_by_count,
            "disputed_by": list(self.disputed_by),
            "disputed_by_count": self.disputed_by_count,
            "curated": self.curated,
        }
        if self.summary is not None:
            data["summary"] = self.summary
        if self.title_tr is not None:
            data["title_tr"] = self.title_tr
        if self.summary_tr is not None:
            data["summary_tr"] = self.summary_tr
        return data

    @property
    def summaries(self) -> dict[str, str]:
        """The curator's summaries by language."""
        found = {"en": self.summary, "tr": self.summary_tr}
        return {language: text for language, text in found.items() if text}

    @property
    def sort_key(self) -> tuple[str, str, str]:
        return (self.date.start, self.date.end, self.id)


@dataclass(frozen=True)
class Page:
    """A generated file: its path under the docs folder and its content as UTF-8.

    Held encoded because a site's pages are all in memory until MkDocs has them, and
    Python stores a string at two bytes a character as soon as one character (a curly
    quote, a Turkish ı) is beyond Latin-1: at 5,000 sources that was 1.1 GB, not 0.6.
    """

    path: str
    data: bytes

    @classmethod
    def of(cls, path: str, content: str) -> Page:
        return cls(path, content.encode())

    @property
    def content(self) -> str:
        return self.data.decode()
