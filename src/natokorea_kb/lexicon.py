"""The domain lexicon: what the sources talk about, and the words that mark facts.

``corpus/lexicon.yml`` lists entities (aliases per language), topics (keywords) and the
*predicates* (what a clause can say happened, and what that means) that extraction reads
event frames with and that consolidation compares across
sources.  :func:`load_lexicon` reads it with line-accurate errors; each list is then
compiled into one regular expression shaped like a character trie, so a megabyte of
text is scanned in a fraction of a second.

Matching rules, shared by every list:

* Text and aliases are folded with :func:`natokorea_kb.text.fold` (``İ``, ``I`` and
  ``ı`` all become ``i``), which keeps the length, so offsets found in the folded text
  are offsets in the original.
* Capitals carry meaning where they are written: a token of at most three letters with
  two or more capitals (``US``, ``MD``, ``PfP``, ``AB``) must appear exactly so, and the
  first capitalised token must start with a capital (``the Alliance`` but not ``the
  alliance``, ``İttifak`` but not ``ittifak``).  Aliases written in lower case match in
  any case.
* Spaces and hyphens inside an alias match any run of spaces or hyphens, and straight
  and curly apostrophes are the same character.
* Names stop at a word boundary (Unicode letters, Hangul included).  An apostrophe
  suffix is always allowed (``NATO’nun``, ``Korea's``); English aliases take a plural
  (``TCPs``, ``Allies`` from ``Ally``); multiword names take a short glued suffix
  (``Kuzey Atlantik Antlaşmasıyla``, ``South Korean``); Korean names take a particle
  (``한국은``).  Single Turkish words need the apostrophe, as Turkish spelling demands,
  so ``Fas`` never matches ``Fasıl``.
* Stems (topic keywords, predicate terms): English words take English
  endings (s, ed, ing, ies …); Turkish and Korean stems take any continuation.
* The longest reading wins and matches never overlap.  When its capitals do not fit,
  the span names nothing (``north korea`` is not read as ``korea``).  Phrases listed as
  naming nothing (``not_entities``: ``Kore Yarımadası``; ``not_terms``: ``ilişkin``) win
  the same way and silence the shorter name or stem inside them.  When a spelling
  belongs to several languages, the sentence's language is tried first.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import NoReturn

import yaml

from .errors import LexiconError
from .records import KINDS, LANGUAGES, Mention
from .text import fold, trie_pattern

ENTITY_TYPES = (
    "country",
    "organisation",
    "person",
    "programme",
    "operation",
    "meeting",
    "document",
    "crisis",
)

_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_LETTER = r"[^\W\d_]"
_IS_LETTER = re.compile(_LETTER)
_HYPHENS = "-\u2010\u2011\u2013"
_SEPARATOR_RUN = re.compile(rf"[\s{re.escape(_HYPHENS)}]+")
_OTHER_SPACE = re.compile(r"[^\S ]")  # whitespace but the space: all of it is unprintable
_TOKEN = re.compile(r"[^\W_]+")
_VOWELS = frozenset("aeiouöü")  # after folding, ı is i
_SOFTENED = {"k": "ğ", "p": "b", "ç": "c"}
_MULTIWORD_GLUE = 7  # letters a multiword name may carry glued on (Antlaşması+ndan)
_KOREAN_GLUE = 3  # syllables of a Korean particle (에서는)
_STEM_GLUE = 40  # a stem takes any continuation; this only bounds runaway words
_SCAN_MEMO = 32  # recent (text, language) scans kept per matcher
_ACCEPT_MEMO = 1 << 16  # spellings whose accepted forms are remembered per matcher
_BLOCKED = ""  # value of a not_entities phrase or a not_terms word: consumed, never reported


@lru_cache(maxsize=_SCAN_MEMO)
def _matchable(text: str) -> str:
    """``text`` folded, each separator a space and each apostrophe straight: same length.

    The tries then spell a separator run as `` +`` and an apostrophe as ``'``, instead of
    hundreds of copies of a character class, which compile slowly; the matchers scan
    the same sentence in turn, so the last few results are kept.
    """
    text = fold(text).replace("\u2019", "'")
    for hyphen in _HYPHENS:
        text = text.replace(hyphen, " ")
    return text if text.isprintable() else _OTHER_SPACE.sub(" ", text)


@lru_cache(maxsize=_ACCEPT_MEMO)
def _key(text: str) -> str:
    """The lookup key of an alias or of matched text: folded, separators and quotes unified."""
    return _SEPARATOR_RUN.sub(" ", fold(text).replace("\u2019", "'")).strip()


# --------------------------------------------------------------------------- records


@dataclass(frozen=True)
class Entity:
    """A named thing.

    ``aliases['en']`` starts with the name, the abbreviation and its expansion, which are
    always matched.  ``implies`` lists entities that a mention of this one also concerns
    (the ROK Mission to NATO concerns South Korea and NATO); matching never adds them.
    """

    id: str
    type: str
    name: str
    abbreviation: str | None
    expansion: str | None
    aliases: dict[str, tuple[str, ...]]
    description: str | None = None
    implies: tuple[str, ...] = ()
    demonyms: dict[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # "Korean": refers, not names
    founded: str | None = None  # ISO year or date: what "its 70th anniversary" counts from
    held: tuple[str, str] | None = None  # a meeting's first and last day: "the summit" then
    generic: bool = False  # a name several meetings bear ("NATO Summit"), resolved if it can be


@dataclass(frozen=True)
class Topic:
    """A subject facts are grouped by, found through its keywords."""

    id: str
    name: str
    keywords: dict[str, tuple[str, ...]]
    names: dict[str, str] = field(default_factory=dict)  # the name in other languages


@dataclass(frozen=True)
class Predicate:
    """What a clause can say happened, found by a term plus its requirements.

    The rest says what a statement of it means: the fact kind of an affirmed event that
    states it (by the entity type of its object, or fixed), whether it happens once per
    party (so different dates disagree), whether it is a stage of a relationship (which
    no other source may date before that relationship's stated beginning), whether it
    names a beginning itself, its usual aspect, the entity types its object is drawn
    from, and how a title says it in each language.
    """

    id: str
    label: str
    terms: dict[str, tuple[str, ...]]
    labels: dict[str, str] = field(default_factory=dict)  # the label in other languages
    requires_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    requires_entities: tuple[str, ...] = ()
    requires_types: tuple[str, ...] = ()
    kind: str = "event"
    kinds: dict[str, str] = field(default_factory=dict)  # object entity type (or none) -> kind
    once: bool = False
    stage: bool = False
    begins: bool = False
    aspect: str = "event"
    objects: tuple[str, ...] = ()
    names_object: bool = False  # its terms are nouns for what is acted on ("a mission")
    between: bool = False  # it happens between two parties, so a clause names both
    at_end: bool = False  # dated by an event it names, it happened at that event's end
    at_meetings: bool = False  # what a meeting does: a plan of it may be the one announced
    titles: dict[str, dict[str, str]] = field(default_factory=dict)
    strength: str = "normal"  # strong | normal | weak: which wins when a clause states several
    near: int = 0  # characters within which required terms must stand (0: anywhere)
    counterpart: str | None = None  # the party on the other side when none is named

    def kind_for(self, object_type: str | None) -> str:
        """The fact kind of an affirmed, actual event stating this with such an object."""
        return self.kinds.get(object_type or "none", self.kind)


# --------------------------------------------------------------------------- matching


@dataclass(frozen=True)
class _Glue:
    """What may follow a form inside the same word."""

    endings: frozenset[str] | None  # exactly these, or (None) any letters up to max_len
    max_len: int = 0
    vowel_first: bool = False  # a softened stem (ortaklığ-) needs a vowel suffix

    def accepts(self, glue: str) -> bool:
        if self.endings is not None:
            return glue in self.endings
        if self.vowel_first:
            return 0 < len(glue) <= self.max_len and glue[0] in _VOWELS
        return len(glue) <= self.max_len


_CLOSED = _Glue(frozenset({""}))
_EN_NAME = _Glue(frozenset({"", "s", "es"}))


@dataclass(frozen=True)
class _Form:
    """One spelling of a value: its language, casing constraints and allowed endings."""

    value: object
    language: str
    glue: _Glue
    exact: tuple[tuple[int, str], ...]
    initial: int | None
    tokens: int

    def fits(self, tokens: Sequence[str]) -> bool:
        if len(tokens) != self.tokens:
            return False
        if any(tokens[i] != token for i, token in self.exact):
            return False
        return self.initial is None or tokens[self.initial][:1].isupper()


def _form(spelling: str, value: object, language: str, glue: _Glue) -> _Form:
    tokens = _TOKEN.findall(spelling)
    exact = tuple(
        (i, t) for i, t in enumerate(tokens) if len(t) <= 3 and sum(c.isupper() for c in t) >= 2
    )
    initial = next((i for i, t in enumerate(tokens) if t[:1].isupper()), None)
    if any(i == initial for i, _ in exact):
        initial = None
    return _Form(value, language, glue, exact, initial, len(tokens))


def _name_forms(alias: str, value: object, language: str) -> Iterator[tuple[str, _Form, bool]]:
    """Forms of an entity alias: ``(key, form, is_generated_variant)``."""
    key = _key(alias)
    multiword = " " in key
    if not _IS_LETTER.fullmatch(alias[-1]):
        glue = _CLOSED
    elif language == "ko":
        glue = _Glue(None, _KOREAN_GLUE)
    elif multiword:
        glue = _Glue(None, _MULTIWORD_GLUE)
    elif language == "en":
        glue = _EN_NAME
    else:
        glue = _CLOSED
    yield key, _form(alias, value, language, glue), False
    if language == "en" and len(key) > 2 and key[-1] == "y" and key[-2] not in _VOWELS:
        plural = alias[:-1] + "ies"
        yield _key(plural), _form(plural, value, language, _CLOSED), True
    if language == "tr" and multiword and key[-1] in _SOFTENED:
        soft = alias[:-1] + _SOFTENED[key[-1]]
        yield _key(soft), _form(soft, value, language, _Glue(None, _MULTIWORD_GLUE, True)), True


def _stem_forms(term: str, value: object, language: str) -> Iterator[tuple[str, _Form, bool]]:
    """Forms of a keyword or predicate stem: English inflections, or any continuation."""
    key = _key(term)
    if not _IS_LETTER.fullmatch(term[-1]):
        yield key, _form(term, value, language, _CLOSED), False
        return
    if language != "en":
        yield key, _form(term, value, language, _Glue(None, _STEM_GLUE)), False
        if language == "tr" and key[-1] in _SOFTENED:
            soft = term[:-1] + _SOFTENED[key[-1]]
            yield _key(soft), _form(soft, value, language, _Glue(None, _STEM_GLUE, True)), True
        return
    endings = {"", "s", "ed", "ing"}
    if key.endswith("e"):
        endings.add("d")
    if key.endswith(("s", "x", "z", "ch", "sh")):
        endings.add("es")
    yield key, _form(term, value, language, _Glue(frozenset(endings))), False
    last, before = key[-1], key[-2:-1]
    if last == "e" and before != "e":
        yield key[:-1], _form(term[:-1], value, language, _Glue(frozenset({"ing"}))), True
    if last == "y" and before and before not in _VOWELS:
        ending = _Glue(frozenset({"ies", "ied"}))
        yield key[:-1], _form(term[:-1], value, language, ending), True
    if last in "bdgklmnprt" and before in _VOWELS and len(key) >= 3 and key[-3] not in _VOWELS:
        double = _Glue(frozenset({"ed", "ing"}))
        yield key + last, _form(term + term[-1], value, language, double), True


@cache  # a few hundred distinct characters
def _char_pattern(char: str) -> str:
    """One character of a key, as matched in :func:`_matchable` text."""
    return " +" if char == " " else re.escape(char)


class _Matcher:
    """Finds non-overlapping forms in text; longest reading first, sentence language first."""

    def __init__(self, forms: Iterable[tuple[str, _Form, bool]], what: str) -> None:
        table: dict[str, list[_Form]] = {}
        variants: list[tuple[str, _Form]] = []
        for key, form, variant in forms:
            if variant:
                variants.append((key, form))
                continue
            known = table.setdefault(key, [])
            clash = next(
                (f for f in known if f.value != form.value and _same_scope(f, form, what)), None
            )
            if clash is not None:
                raise LexiconError(
                    "<lexicon>",
                    f"{what} spelling '{key}' belongs to both '{clash.value}' and '{form.value}'",
                    "keep the spelling on one of them",
                )
            known.append(form)
        for key, form in variants:
            known = table.setdefault(key, [])
            if all(f.value == form.value or f.language != form.language for f in known):
                known.append(form)
        self._table = table
        self._compiled: re.Pattern[str] | None = None
        # Memos of pure lookups: extraction scans one sentence several times (mentions,
        # clause frame, predicates, the next sentence's subject) and meets the same names
        # again and again; both are bounded so memory stays flat on any corpus size.
        self._scans: dict[tuple[str, str], tuple[tuple[object, int, int], ...]] = {}
        self._mentioned: dict[tuple[str, str], tuple[Mention, ...]] = {}
        self._accepted: dict[tuple[str, str, str], tuple[_Form, ...]] = {}

    @property
    def _pattern(self) -> re.Pattern[str] | None:
        """The trie regex, compiled on first use: a build served from the cache needs none."""
        if self._compiled is None and self._table:
            trie = trie_pattern([_char_pattern(c) for c in key] for key in self._table)
            self._compiled = re.compile(
                rf"(?<!{_LETTER})({trie})({_LETTER}*)(?:'{_LETTER}*)?"  # name, glue, suffix
            )
        return self._compiled

    def scan(self, text: str, language: str) -> tuple[tuple[object, int, int, int], ...]:
        """``(value, start, end, glue)`` of every match, in order, ``glue`` the letters
        after the name inside its word; blocked phrases are skipped."""
        memo = (text, language)
        hits = self._scans.get(memo)
        if hits is None:
            hits = self._scan(text, language)
            _remember(self._scans, memo, hits)
        return hits

    def mentions(self, text: str, language: str) -> list[Mention]:
        """The matches as mentions named by their value (an entity or a topic id)."""
        memo = (text, language)
        found = self._mentioned.get(memo)
        if found is None:
            found = tuple(
                Mention(str(value), start, end, text[start:end], text[end - glue : end])
                for value, start, end, glue in self.scan(text, language)
            )
            _remember(self._mentioned, memo, found)
        return list(found)

    def _scan(self, text: str, language: str) -> tuple[tuple[object, int, int, int], ...]:
        pattern = self._pattern
        if pattern is None:
            return ()
        folded = _matchable(text)
        hits: list[tuple[object, int, int, int]] = []
        pos = 0
        search = pattern.search
        while (match := search(folded, pos)) is not None:
            start, name_end, glue_end = match.start(), match.end(1), match.end(2)
            found = self._resolve(text, folded, start, name_end, glue_end)
            if found is None:  # "new partnership policy" fails its capitals; a name may
                pos = start + 1  # still begin inside it ("partnership policy")
                continue
            forms, name_end, end = found
            value = _choose(forms, language)
            if value != _BLOCKED:
                hits.append((value, start, end, end - name_end))
            pos = end if end < glue_end else match.end()
        return tuple(hits)

    def _resolve(
        self, text: str, folded: str, start: int, name_end: int, glue_end: int
    ) -> tuple[tuple[_Form, ...], int, int] | None:
        """The forms a match stands for, where its name ends and where its word ends."""
        glue, glue_text = folded[name_end:glue_end], text[name_end:glue_end]
        # a capital inside the glue starts a new word, unless the whole name is in capitals
        if not any(c.isupper() for c in glue_text) or text[start:name_end].isupper():
            forms = self._accepting(folded[start:name_end], text[start:name_end], glue)
            if forms:
                return forms, name_end, glue_end
        for cut in range(name_end - 1, start, -1):
            if _IS_LETTER.match(folded, cut) or not _IS_LETTER.match(folded, cut - 1):
                continue
            forms = self._accepting(folded[start:cut], text[start:cut], "")
            if forms:
                return forms, cut, cut
        return None

    def _accepting(self, folded_name: str, name: str, glue: str) -> tuple[_Form, ...]:
        memo = (folded_name, name, glue)
        forms = self._accepted.get(memo)
        if forms is None:
            tokens = _TOKEN.findall(name)
            forms = tuple(
                f
                for f in self._table.get(_key(folded_name), ())
                if f.glue.accepts(glue) and f.fits(tokens)
            )
            if len(self._accepted) >= _ACCEPT_MEMO:
                self._accepted.clear()
            self._accepted[memo] = forms
        return forms


def _remember(memo: dict, key: tuple[str, str], value: tuple) -> None:
    """Keep ``value`` in a memo of the last :data:`_SCAN_MEMO` texts."""
    if len(memo) >= _SCAN_MEMO:
        del memo[next(iter(memo))]
    memo[key] = value


def _same_scope(a: _Form, b: _Form, what: str) -> bool:
    """Entity aliases clash across languages; keywords only within one language."""
    return what == "entity" or a.language == b.language


def _choose(forms: Sequence[_Form], language: str) -> object:
    for form in forms:
        if form.language == language:
            return form.value
    return min(forms, key=lambda f: LANGUAGES.index(f.language)).value


# --------------------------------------------------------------------------- lexicon


@dataclass(
    frozen=True, eq=False
)  # one lexicon is one object: rules compiled from it are cached by it
class Lexicon:
    """Entities, topics and predicates, compiled for matching."""

    entities: dict[str, Entity]
    topics: dict[str, Topic]
    predicates: dict[str, Predicate]  # in the order of precedence
    not_entities: dict[str, tuple[str, ...]] = field(default_factory=dict)
    not_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _entity_matcher: _Matcher = field(init=False, repr=False, compare=False)
    _topic_matcher: _Matcher = field(init=False, repr=False, compare=False)
    _predicate_matcher: _Matcher = field(init=False, repr=False, compare=False)
    _requirement_matcher: _Matcher = field(init=False, repr=False, compare=False)
    _found_predicates: dict[tuple[str, str], tuple[Mention, ...]] = field(
        init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        def entity_forms() -> Iterator[tuple[str, _Form, bool]]:
            for entity in self.entities.values():
                for language, aliases in entity.aliases.items():
                    for alias in aliases:
                        yield from _name_forms(alias, entity.id, language)
            for language, phrases in self.not_entities.items():
                for phrase in phrases:
                    yield from _name_forms(phrase, _BLOCKED, language)

        def stems(
            groups: Iterator[tuple[str, dict[str, tuple[str, ...]]]], grouped: bool
        ) -> Iterator[tuple[str, _Form, bool]]:
            yield from (_grouped_stems if grouped else _stems)(groups)
            yield from _stems([(_BLOCKED, self.not_terms)])

        topic_words = ((t.id, t.keywords) for t in self.topics.values())
        predicate_words = ((p.id, p.terms) for p in self.predicates.values())
        required_words = ((p.id, p.requires_terms) for p in self.predicates.values())
        matchers = {
            "_entity_matcher": _Matcher(entity_forms(), "entity"),
            "_topic_matcher": _Matcher(stems(topic_words, False), "topic"),
            "_predicate_matcher": _Matcher(stems(predicate_words, True), "predicate"),
            "_requirement_matcher": _Matcher(stems(required_words, True), "predicate"),
        }
        for name, matcher in matchers.items():
            object.__setattr__(self, name, matcher)
        object.__setattr__(self, "_found_predicates", {})

    def find_entities(self, text: str, language: str) -> list[Mention]:
        """Entity mentions in ``text``: non-overlapping, longest first, in text order."""
        return self._entity_matcher.mentions(text, language)

    def find_topics(self, text: str, language: str) -> list[Mention]:
        """Topic keywords in ``text``; ``Mention.id`` is the topic id."""
        return self._topic_matcher.mentions(text, language)

    def ending(self, mention: Mention, language: str) -> str | None:
        """What a predicate mention's word adds to the longest of its terms it begins with
        ("söyle|yen", "gönder|ileceğini"), folded; None when no term begins it."""
        said = fold(mention.text)
        terms = (fold(t) for t in self.predicates[mention.id].terms.get(language, ()))
        stem = max((t for t in terms if said.startswith(t)), key=len, default=None)
        return None if stem is None else said[len(stem) :]

    def reports(self, text: str, language: str) -> bool:
        """Whether ``text`` states that someone said something ("bildirdi", "points out")."""
        return any(p.id == REPORTING for p in self.find_predicates(text, language))

    def find_predicates(
        self, text: str, language: str, also: frozenset[str] = frozenset()
    ) -> list[Mention]:
        """Predicate terms whose requirements (terms, entities, types) hold in ``text``,
        in text order; ``Mention.id`` is the predicate id. ``also``: entities the text
        names beyond the lexicon's spellings ("the NATO Summit" as the summit of its day,
        a family name, "you" in a speech)."""
        memo = (text, language, also)
        found = self._found_predicates.get(memo)
        if found is None:  # a clause is read for its frame, then again for its matters
            found = self._predicates_in(text, language, also)
            _remember(self._found_predicates, memo, found)
        return list(found)

    def _predicates_in(self, text: str, language: str, also: frozenset[str]) -> tuple[Mention, ...]:
        hits = self._predicate_matcher.scan(text, language)
        if not hits:
            return ()
        required: dict[str, list[int]] = defaultdict(list)  # predicate -> where its terms stand
        for ids, start, _, _ in self._requirement_matcher.scan(text, language):
            for predicate_id in ids:
                required[predicate_id].append(start)
        mentioned = {m.id for m in self.find_entities(text, language)} | also
        types = {self.entities[i].type for i in mentioned}
        found = [
            Mention(predicate_id, start, end, text[start:end])
            for ids, start, end, _ in hits
            for predicate_id in ids
            if _requirements_hold(
                self.predicates[predicate_id], required, (start, end), mentioned, types
            )
        ]
        return tuple(sorted(found, key=lambda m: (m.start, m.id)))

    def abbreviations(self) -> dict[str, str]:
        """Abbreviation → English long form, for hover tooltips."""
        return {
            e.abbreviation: e.expansion or e.name
            for e in sorted(self.entities.values(), key=lambda e: e.abbreviation or "")
            if e.abbreviation
        }


def _requirements_hold(
    predicate: Predicate,
    required: dict[str, list[int]],
    term: tuple[int, int],
    mentioned: set[str],
    types: set[str],
) -> bool:
    """Whether a predicate's required terms (near its term, when ``near`` says how near),
    entities and entity types occur."""
    near = predicate.near or 1 << 30
    terms_met = any(term[0] - near <= at <= term[1] + near for at in required.get(predicate.id, ()))
    return (
        (not predicate.requires_terms or terms_met)
        and (
            not predicate.requires_entities or not mentioned.isdisjoint(predicate.requires_entities)
        )
        and (not predicate.requires_types or not types.isdisjoint(predicate.requires_types))
    )


def _stems(
    groups: Iterable[tuple[str, dict[str, tuple[str, ...]]]],
) -> Iterator[tuple[str, _Form, bool]]:
    for value, words in groups:
        for language, terms in words.items():
            for term in terms:
                yield from _stem_forms(term, value, language)


def _grouped_stems(
    groups: Iterable[tuple[str, dict[str, tuple[str, ...]]]],
) -> Iterator[tuple[str, _Form, bool]]:
    """Stems shared by several predicates match once and stand for all of them."""
    owners: dict[tuple[str, str], tuple[str, list[str]]] = {}
    for value, words in groups:
        for language, terms in words.items():
            for term in terms:
                spelling, ids = owners.setdefault((language, _key(term)), (term, []))
                if value not in ids:
                    ids.append(value)
    for (language, _), (spelling, ids) in owners.items():
        yield from _stem_forms(spelling, tuple(sorted(ids)), language)


# --------------------------------------------------------------------------- loading

_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # both keep node line marks
_TOP_KEYS = ("entities", "topics", "predicates")
_ENTITY_KEYS = ("id", "type", "name")
_ENTITY_OPTIONAL = (
    "abbreviation",
    "expansion",
    "aliases",
    "description",
    "implies",
    "demonyms",
    "founded",
    "held",
    "generic",
)
_FOUNDED = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?")
_DAY = r"\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
_HELD = re.compile(rf"({_DAY})(?:\.\.({_DAY}))?")


class _Reader:
    """Walks composed YAML nodes, so every complaint can name its line."""

    def __init__(self, file: str) -> None:
        self.file = file

    def fail(self, node: yaml.Node, problem: str, hint: str, what: str | None = None) -> NoReturn:
        raise LexiconError(self.file, problem, hint, line=node.start_mark.line + 1, field=what)

    def mapping(
        self, node: yaml.Node, what: str, required: Sequence[str], optional: Sequence[str] = ()
    ) -> dict[str, yaml.Node]:
        if not isinstance(node, yaml.MappingNode):
            self.fail(node, f"{what} must be a mapping", "write 'key: value' lines", what)
        found: dict[str, yaml.Node] = {}
        allowed = (*required, *optional)
        for key_node, value_node in node.value:
            key = self.text(key_node, what)
            if key in found:
                self.fail(key_node, f"key '{key}' appears twice in {what}", "keep one", what)
            if key not in allowed:
                self.fail(
                    key_node, f"unknown key '{key}' in {what}", f"use one of {', '.join(allowed)}"
                )
            found[key] = value_node
        for key in required:
            if key not in found:
                self.fail(node, f"{what} lacks '{key}'", f"add a '{key}:' line", what)
        return found

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            self.fail(node, f"{what} must be a list", "write '- item' lines or [a, b]", what)
        return list(node.value)

    def text(self, node: yaml.Node, what: str) -> str:
        if not isinstance(node, yaml.ScalarNode) or node.tag != "tag:yaml.org,2002:str":
            got = node.tag.rsplit(":", 1)[-1] if isinstance(node, yaml.ScalarNode) else "a block"
            self.fail(node, f"{what} must be text, not {got}", "quote the value", what)
        if not node.value.strip():
            self.fail(node, f"{what} is empty", "write a value or remove the key", what)
        return node.value.strip()

    def texts(self, node: yaml.Node, what: str) -> list[tuple[str, yaml.Node]]:
        return [(self.text(item, what), item) for item in self.sequence(node, what)]

    def identifier(self, node: yaml.Node, what: str) -> str:
        value = self.text(node, what)
        if not _ID.fullmatch(value):
            self.fail(node, f"{what} '{value}' is not a slug", "use lowercase a-z, 0-9 and -", what)
        return value

    def entity_type(self, node: yaml.Node) -> str:
        value = self.text(node, "type")
        if value not in ENTITY_TYPES:
            self.fail(node, f"unknown entity type '{value}'", f"use {' | '.join(ENTITY_TYPES)}")
        return value

    def types(self, node: yaml.Node) -> tuple[str, ...]:
        return tuple(self.entity_type(item) for item in self.sequence(node, "types"))

    def translations(self, node: yaml.Node | None, what: str) -> dict[str, str]:
        """Language -> text, for the languages other than English (``names: {tr: …}``)."""
        if node is None:
            return {}
        found = self.mapping(node, what, (), tuple(lang for lang in LANGUAGES if lang != "en"))
        return {
            language: self.text(value, f"{what}.{language}") for language, value in found.items()
        }

    def languages(self, node: yaml.Node, what: str) -> dict[str, list[tuple[str, yaml.Node]]]:
        words = self.mapping(node, what, (), LANGUAGES)
        result = {}
        for language, items in words.items():
            result[language] = self.texts(items, f"{what}.{language}")
            for word, item in result[language]:
                if not _TOKEN.search(word):
                    self.fail(item, f"'{word}' has no letter or digit", "write a word", what)
        return result


class _Claims:
    """Spellings already taken, with the value and line that took them."""

    def __init__(self, reader: _Reader, per_language: bool) -> None:
        self.reader, self.per_language, self.taken = reader, per_language, {}

    def claim(self, spelling: str, language: str, value: str, node: yaml.Node) -> None:
        slot = (language if self.per_language else "", _key(spelling))
        owner, line = self.taken.setdefault(slot, (value, node.start_mark.line + 1))
        if owner != value:
            where = f"'{owner}'" if owner != _BLOCKED else "not_entities"
            self.reader.fail(
                node,
                f"'{spelling}' is already claimed by {where} (line {line})",
                "keep the spelling in one place, or lengthen it so it says which is meant",
            )


def load_lexicon(path: Path) -> Lexicon:
    """Read and check ``lexicon.yml``; errors name the file, the line and a fix."""
    reader = _Reader(str(path))
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except OSError as exc:
        problem = f"cannot read the lexicon: {exc.strerror}"
        raise LexiconError(str(path), problem, "check the path") from None
    except UnicodeDecodeError as exc:
        problem = f"not UTF-8: {exc.reason}"
        raise LexiconError(str(path), problem, "save the file as UTF-8") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise LexiconError(
            str(path),
            f"not valid YAML: {getattr(exc, 'problem', None) or exc}",
            "check indentation and quoting",
            line=mark.line + 1 if mark else None,
        ) from None
    if root is None:
        raise LexiconError(str(path), "the lexicon is empty", f"add {', '.join(_TOP_KEYS)}")
    top = reader.mapping(root, "lexicon", _TOP_KEYS, ("not_entities", "not_terms"))
    claims = _Claims(reader, per_language=False)
    entities = _read_entities(reader, top["entities"], claims)
    not_entities: dict[str, tuple[str, ...]] = {}
    if "not_entities" in top:
        for language, phrases in reader.languages(top["not_entities"], "not_entities").items():
            for phrase, node in phrases:
                claims.claim(phrase, language, _BLOCKED, node)
            not_entities[language] = tuple(p for p, _ in phrases)
    topics = _read_topics(reader, top["topics"])
    predicates = _read_predicates(reader, top["predicates"], entities)
    words = [
        *((t.id, t.keywords) for t in topics.values()),
        *((p.id, p.terms) for p in predicates.values()),
        *((p.id, p.requires_terms) for p in predicates.values()),
    ]
    not_terms = _read_not_terms(reader, top["not_terms"], words) if "not_terms" in top else {}
    return Lexicon(
        entities=entities,
        topics=topics,
        predicates=predicates,
        not_entities=not_entities,
        not_terms=not_terms,
    )


def _read_not_terms(
    reader: _Reader, node: yaml.Node, words: list[tuple[str, dict[str, tuple[str, ...]]]]
) -> dict[str, tuple[str, ...]]:
    used = {(lang, _key(w)): owner for owner, ws in words for lang in ws for w in ws[lang]}
    not_terms = {}
    for language, stems in reader.languages(node, "not_terms").items():
        for stem, stem_node in stems:
            owner = used.get((language, _key(stem)))
            if owner is not None:
                reader.fail(
                    stem_node,
                    f"'{stem}' is both a word of '{owner}' and a not_terms entry",
                    "keep it in one place",
                )
        not_terms[language] = tuple(s for s, _ in stems)
    return not_terms


def _read_entities(reader: _Reader, node: yaml.Node, claims: _Claims) -> dict[str, Entity]:
    entities: dict[str, Entity] = {}
    lines: dict[str, int] = {}
    pending_implies: list[tuple[str, yaml.Node]] = []
    for item in reader.sequence(node, "entities"):
        fields = reader.mapping(item, "entity", _ENTITY_KEYS, _ENTITY_OPTIONAL)
        entity_id = reader.identifier(fields["id"], "entity id")
        if entity_id in entities:
            reader.fail(
                fields["id"],
                f"entity id '{entity_id}' is used twice",
                f"rename one; the first is on line {lines[entity_id]}",
            )
        lines[entity_id] = fields["id"].start_mark.line + 1
        kind = reader.entity_type(fields["type"])
        name = reader.text(fields["name"], "name")
        optional = {
            k: reader.text(fields[k], k)
            for k in ("abbreviation", "expansion", "description")
            if k in fields
        }
        if "expansion" in optional and "abbreviation" not in optional:
            reader.fail(
                fields["expansion"],
                "an expansion without an abbreviation",
                "add 'abbreviation:' or drop 'expansion:'",
            )
        spellings = [(name, "en", fields["name"])]
        spellings.extend(
            (optional[k], "en", fields[k]) for k in ("abbreviation", "expansion") if k in optional
        )
        if "aliases" in fields:
            for language, aliases in reader.languages(fields["aliases"], "aliases").items():
                spellings.extend((alias, language, n) for alias, n in aliases)
        aliases: dict[str, list[str]] = {}
        for spelling, language, spelling_node in spellings:
            claims.claim(spelling, language, entity_id, spelling_node)
            known = aliases.setdefault(language, [])
            if spelling not in known:
                known.append(spelling)
        implies = reader.texts(fields["implies"], "implies") if "implies" in fields else []
        demonyms = reader.languages(fields["demonyms"], "demonyms") if "demonyms" in fields else {}
        pending_implies.extend((entity_id, n) for _, n in implies)
        founded = reader.text(fields["founded"], "founded") if "founded" in fields else None
        if founded is not None and not _FOUNDED.fullmatch(founded):
            reader.fail(
                fields["founded"],
                f"founded '{founded}' is not a year or an ISO date",
                'write it as "1949" or "1949-04-04" (in quotes)',
                "founded",
            )
        held = _held(reader, fields["held"]) if "held" in fields else None
        entities[entity_id] = Entity(
            id=entity_id,
            type=kind,
            name=name,
            abbreviation=optional.get("abbreviation"),
            expansion=optional.get("expansion", name if "abbreviation" in optional else None),
            aliases={k: tuple(v) for k, v in aliases.items()},
            description=optional.get("description"),
            implies=tuple(i for i, _ in implies),
            demonyms={k: tuple(w for w, _ in v) for k, v in demonyms.items()},
            founded=founded,
            held=held,
            generic=_flag(reader, fields.get("generic"), "generic"),
        )
    for entity_id, implied in pending_implies:
        if implied.value not in entities or implied.value == entity_id:
            reader.fail(implied, f"'{implied.value}' is not another entity", "use an entity id")
    return entities


def _held(reader: _Reader, node: yaml.Node) -> tuple[str, str]:
    """A meeting's days: "2023-07-11" or "2023-07-11..2023-07-12", first to last."""
    text = reader.text(node, "held")
    found = _HELD.fullmatch(text)
    if found is None or (found.group(2) or found.group(1)) < found.group(1):
        reader.fail(
            node,
            f"held '{text}' is not a day or a span of days",
            'write it as "2023-07-11" or "2023-07-11..2023-07-12" (in quotes)',
            "held",
        )
    return found.group(1), found.group(2) or found.group(1)


def _read_topics(reader: _Reader, node: yaml.Node) -> dict[str, Topic]:
    topics: dict[str, Topic] = {}
    claims = _Claims(reader, per_language=True)
    for item in reader.sequence(node, "topics"):
        fields = reader.mapping(item, "topic", ("id", "name", "keywords"), ("names",))
        topic_id = reader.identifier(fields["id"], "topic id")
        if topic_id in topics:
            reader.fail(fields["id"], f"topic id '{topic_id}' is used twice", "rename one")
        keywords = reader.languages(fields["keywords"], "keywords")
        for language, words in keywords.items():
            for word, word_node in words:
                claims.claim(word, language, topic_id, word_node)
        topics[topic_id] = Topic(
            topic_id,
            reader.text(fields["name"], "name"),
            {k: tuple(w for w, _ in v) for k, v in keywords.items()},
            reader.translations(fields.get("names"), "names"),
        )
    return topics


_PREDICATE_KEYS = (
    "labels",
    "requires",
    "kind",
    "kinds",
    "once",
    "stage",
    "begins",
    "aspect",
    "objects",
    "names_object",
    "between",
    "at_end",
    "at_meetings",
    "titles",
    "strength",
    "near",
    "counterpart",
)
REPORTING = "state"  # the predicate of saying: what a speaker reports is not what they did
_TITLE_KEYS = ("verb", "passive", "done", "planned", "negated", "state", "object")
ASPECTS = ("event", "state")
STRENGTHS = ("strong", "normal", "weak")


def _read_predicates(
    reader: _Reader, node: yaml.Node, entities: dict[str, Entity]
) -> dict[str, Predicate]:
    predicates: dict[str, Predicate] = {}
    for item in reader.sequence(node, "predicates"):
        fields = reader.mapping(item, "predicate", ("id", "label", "terms"), _PREDICATE_KEYS)
        predicate_id = reader.identifier(fields["id"], "predicate id")
        if predicate_id in predicates:
            reader.fail(fields["id"], f"predicate id '{predicate_id}' is used twice", "rename one")
        terms = reader.languages(fields["terms"], "terms")
        needs: dict[str, yaml.Node] = {}
        if "requires" in fields:
            needs = reader.mapping(
                fields["requires"], "requires", (), ("terms", "entities", "types")
            )
        required_terms = reader.languages(needs["terms"], "terms") if "terms" in needs else {}
        required_ids = reader.texts(needs["entities"], "entities") if "entities" in needs else []
        for entity_id, id_node in required_ids:
            if entity_id not in entities:
                reader.fail(id_node, f"unknown entity '{entity_id}'", "use an id from entities")
        predicates[predicate_id] = Predicate(
            id=predicate_id,
            label=reader.text(fields["label"], "label"),
            labels=reader.translations(fields.get("labels"), "labels"),
            terms={k: tuple(w for w, _ in v) for k, v in terms.items()},
            requires_terms={k: tuple(w for w, _ in v) for k, v in required_terms.items()},
            requires_entities=tuple(i for i, _ in required_ids),
            requires_types=reader.types(needs["types"]) if "types" in needs else (),
            kind=_choice(reader, fields.get("kind"), "kind", KINDS) or "event",
            kinds=_kinds_by_type(reader, fields.get("kinds")),
            once=_flag(reader, fields.get("once"), "once"),
            stage=_flag(reader, fields.get("stage"), "stage"),
            begins=_flag(reader, fields.get("begins"), "begins"),
            aspect=_choice(reader, fields.get("aspect"), "aspect", ASPECTS) or "event",
            objects=reader.types(fields["objects"]) if "objects" in fields else (),
            names_object=_flag(reader, fields.get("names_object"), "names_object"),
            between=_flag(reader, fields.get("between"), "between"),
            at_end=_flag(reader, fields.get("at_end"), "at_end"),
            at_meetings=_flag(reader, fields.get("at_meetings"), "at_meetings"),
            titles=_titles(reader, fields.get("titles")),
            strength=_choice(reader, fields.get("strength"), "strength", STRENGTHS) or "normal",
            near=_count(reader, fields.get("near"), "near"),
            counterpart=_entity(reader, fields.get("counterpart"), entities),
        )
    return predicates


def _choice(
    reader: _Reader, node: yaml.Node | None, what: str, options: tuple[str, ...]
) -> str | None:
    if node is None:
        return None
    value = reader.text(node, what)
    if value not in options:
        reader.fail(node, f"unknown {what} '{value}'", f"use one of: {', '.join(options)}")
    return value


def _count(reader: _Reader, node: yaml.Node | None, what: str) -> int:
    if node is None:
        return 0
    if not isinstance(node, yaml.ScalarNode) or not node.value.isdigit():
        reader.fail(node, f"{what} must be a whole number of characters", f"write '{what}: 60'")
    return int(node.value)


def _entity(reader: _Reader, node: yaml.Node | None, entities: dict[str, Entity]) -> str | None:
    if node is None:
        return None
    value = reader.text(node, "counterpart")
    if value not in entities:
        reader.fail(node, f"unknown entity '{value}'", "use an id from entities")
    return value


def _kinds_by_type(reader: _Reader, node: yaml.Node | None) -> dict[str, str]:
    """``kinds``: entity type of the object (or ``none``) -> fact kind."""
    if node is None:
        return {}
    fields = reader.mapping(node, "kinds", (), (*ENTITY_TYPES, "none"))
    return {key: _choice(reader, value, "kind", KINDS) or "event" for key, value in fields.items()}


def _titles(reader: _Reader, node: yaml.Node | None) -> dict[str, dict[str, str]]:
    """``titles``: language -> title pattern name -> pattern (see the lexicon header)."""
    if node is None:
        return {}
    by_language = reader.mapping(node, "titles", (), LANGUAGES)
    return {
        language: {
            key: reader.text(value, f"titles.{language}.{key}")
            for key, value in reader.mapping(
                patterns, f"titles.{language}", (), _TITLE_KEYS
            ).items()
        }
        for language, patterns in by_language.items()
    }


def _flag(reader: _Reader, node: yaml.Node | None, what: str) -> bool:
    if node is None:
        return False
    if not isinstance(node, yaml.ScalarNode) or node.value not in ("true", "false"):
        reader.fail(node, f"{what} must be true or false", f"write '{what}: true'")
    return node.value == "true"
