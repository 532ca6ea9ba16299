"""Roles: which names of a clause did what, to what, with whom.

Names joined by commas and joiners form groups; a group after a preposition (English) or
with a case ending or postposition (Turkish) is oblique; the actor is the agent of a
passive, else the first group that is not oblique (see :mod:`natokorea_kb.frames`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from itertools import pairwise

from ..lexicon import Lexicon, Predicate
from ..records import Mention
from ..text import fold
from .grammar import APOSTROPHE_SUFFIX, ARTICLES, NEAR_WORDS, PARTY_TYPES, WORD, FrameGrammar

OWNER_WORDS = 6  # words between a noun and its owner's link word ("tests and programs of")


@dataclass(frozen=True)
class Group:
    """Names joined into one noun phrase ("NATO and South Korea"), in text order."""

    mentions: tuple[Mention, ...]

    @property
    def start(self) -> int:
        return self.mentions[0].start

    @property
    def end(self) -> int:
        return self.mentions[-1].end

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(m.id for m in self.mentions))


def is_party(mention: Mention, lexicon: Lexicon) -> bool:
    return lexicon.entities[mention.id].type in PARTY_TYPES


def groups_of(
    clause: str, parties: list[Mention], g: FrameGrammar, lexicon: Lexicon
) -> list[Group]:
    """Party mentions joined into groups, in text order.

    Names join across a joiner ("NATO and South Korea"), a dash or a slash
    ("NATO-Güney Kore"), or a comma in a list that a joiner closes ("Japan, Australia and
    New Zealand"). A comma alone joins nothing: "Güney Kore, NATO’nun …" is a subject and
    a possessor, "Stoltenberg, NATO" an apposition. Where subjects may go unsaid
    (Turkish), a comma after a name that opens the clause sets off its subject when a
    name of another type follows ("Stoltenberg, AB ve NATO’nun …"); names of one type
    make a list ("Japonya, Avustralya ve Yeni Zelanda").
    """
    chains: list[list[tuple[Mention, str]]] = []
    for mention in map(_as_spelled, parties):
        first = chains[0][0][0] if len(chains) == 1 and len(chains[0]) == 1 else None
        set_off = (
            first is not None
            and lexicon.entities[first.id].type != lexicon.entities[mention.id].type
            and _sets_off_subject(clause, first, g)
        )
        if chains and not set_off:
            gap = clause[chains[-1][-1][0].end : mention.start]
            ending = APOSTROPHE_SUFFIX.match(gap)
            # "NATO’ya ve Kore’ye" joins over the endings; "Kore’nin NATO" does not
            how = join_of(gap[ending.end() :], g) if ending else join_of(gap, g)
            if ending and how == "mark" and not gap[ending.end() :].strip():
                how = ""
            if how == "comma" and _closes_opening(clause, mention.start, g):
                how = ""  # "During his visit to Pyongyang, Russia and …": a new phrase
            if how:
                chains[-1].append((mention, how))
                continue
        chains.append([(mention, "")])
    groups: list[Group] = []
    for chain in chains:
        if any(how == "comma" for _, how in chain) and not any(how == "word" for _, how in chain):
            groups.extend(Group((m,)) for m, _ in chain)
        else:
            groups.append(Group(tuple(m for m, _ in chain)))
    return groups


def _closes_opening(clause: str, at: int, g: FrameGrammar) -> bool:
    """Whether the comma before ``at`` closes a phrase of time or occasion set off by
    commas ("During Putin's visit to Pyongyang, …", "At the same time, after the summit,
    …"): the names after it begin a new phrase."""
    comma = clause.rfind(",", 0, at)
    phrase = clause[clause.rfind(",", 0, comma) + 1 : comma]
    first = WORD.search(phrase)
    return bool(first) and any(
        p.match(phrase, first.start()) for p in (g.adverbials_before, g.containers_before)
    )


def _as_spelled(mention: Mention) -> Mention:
    """A mention ending where its name's spelling ends, so that a case ending glued to a
    name of common words ("uluslararası koalisyon|a") reads as the ending it is."""
    cut = len(mention.glue)
    if not cut or cut >= len(mention.text):
        return mention
    return replace(mention, end=mention.end - cut, text=mention.text[:-cut], glue="")


def _sets_off_subject(clause: str, mention: Mention, g: FrameGrammar) -> bool:
    """Whether a name opens the clause and a comma follows it, in a language that may
    leave subjects unsaid: "Stoltenberg, …" is the subject set off, not a list's start."""
    if not g.drops_subjects or WORD.search(clause[: mention.start]):
        return False
    suffix = APOSTROPHE_SUFFIX.match(clause, mention.end)
    return clause[suffix.end() if suffix else mention.end :].startswith(",")


def join_of(gap: str, g: FrameGrammar) -> str:
    """How the text between two names joins them: "word", "mark", "comma" or not ("")."""
    rest = gap.strip()
    if rest in ("-", "–", "/", ""):
        return "mark"
    if rest == ",":
        return "comma"
    words = rest.lstrip(", ").split()
    if words and ARTICLES.fullmatch(words[-1]):  # "Russia and the DPRK"
        words.pop()
    if g.joiners.fullmatch(" ".join(words)):
        return "word"
    return ""


OFFICE_WORDS = 3  # words of an office between its owner and its holder ("Genel Sekreteri")
AGENT_REACH = 7  # words from a verb to the agent it takes ("signed on 19 March 2014 by Japan")


def find_actor(
    clause: str,
    groups: list[Group],
    anchor: int,
    has_predicate: bool,
    language: str,
    g: FrameGrammar,
) -> tuple[Group | None, str | None]:
    """The subject group (or the agent of a passive) and how it was found."""
    if has_predicate:
        for group in groups:
            before = clause[max(0, group.start - 12) : group.start]
            near = len(WORD.findall(clause[anchor : group.start])) <= AGENT_REACH
            if group.start > anchor and near and g.agents.search(before):
                return group, None  # "signed by Japan", not "… permitted by the UN"
    for index, group in enumerate(groups):
        if language != "tr" and group.start > anchor:
            break
        holder = _holder(clause, group, groups[index + 1 : index + 2], language, g)
        if holder is not None:  # "NATO Genel Sekreteri Stoltenberg": the holder is the subject
            return holder, None
        if _in_relative_clause(clause, group, groups[index + 1 :], g):
            continue  # "[Park Jin ile bir araya gelen] Stoltenberg, …"
        if not _oblique(clause, group, language, g):
            return group, None
    for group in groups:  # "between NATO and Korea there was no agreement"
        if reciprocal(clause, group, g):
            return group, None
    return None, None


def _in_relative_clause(clause: str, group: Group, later: list[Group], g: FrameGrammar) -> bool:
    """Whether a name stands in a participle's phrase that modifies a later name (Turkish
    puts it first: "Güney Kore Dışişleri Bakanı ile bir araya gelen Stoltenberg"): the
    later name is the subject, not this one."""
    for other in later:
        before = WORD.findall(clause[group.mentions[-1].end : other.start])
        if before and any(p.fullmatch(fold(before[-1])) for p in g.participles):
            return True
    return False


def office_owners(clause: str, groups: list[Group], language: str, g: FrameGrammar) -> set[str]:
    """The names an office belongs to whose holder the clause names right after ("NATO" in
    "NATO Genel Sekreteri Jens Stoltenberg"): they are neither the object nor a partner."""
    return {
        i
        for group, following in pairwise(groups)
        if _holder(clause, group, [following], language, g) is not None
        for i in group.ids
    }


def _holder(
    clause: str, group: Group, following: list[Group], language: str, g: FrameGrammar
) -> Group | None:
    """The holder a name and an office name, right after them ("NATO Secretary General
    Jens Stoltenberg", "NATO Genel Sekreteri Jens Stoltenberg"), when no case ending
    makes that name an object ("NATO Genel Sekreteri Güney Kore'yi ziyaret etti")."""
    if not following:
        return None
    gap = clause[group.mentions[-1].end : following[0].start]
    words = WORD.findall(gap)
    if not 0 < len(words) <= OFFICE_WORDS or WORD.sub("", gap).strip():
        return None
    if not g.offices.search(" ".join(words)):
        return None
    holder = Group(following[0].mentions[:1])
    return None if _oblique(clause, holder, language, g) else holder


def reciprocal(clause: str, group: Group, g: FrameGrammar) -> bool:
    """Whether a group of names is the two sides of something between them."""
    return len(group.ids) > 1 and _governed(clause, group, g.reciprocals)


def agent_of(clause: str, groups: list[Group], g: FrameGrammar) -> Group | None:
    """The group an agent word governs, before it ("by Japan") or after it ("Japonya
    tarafından")."""
    for group in groups:
        before = WORD.findall(clause[max(0, group.start - 12) : group.start])[-1:]
        suffix = APOSTROPHE_SUFFIX.match(clause, group.end)
        after = WORD.findall(clause[suffix.end() if suffix else group.end :][:20])[:1]
        if any(g.agents.fullmatch(w) for w in (*before, *after)):
            return group
    return None


def passive_roles(
    clause: str,
    groups: list[Group],
    actor_group: Group | None,
    patient: str | None,
    rule: Predicate,
    g: FrameGrammar,
    lexicon: Lexicon,
) -> tuple[Group | None, str | None, set[str]]:
    """The doer, what was acted on and who is no party, of a passive verb: its agent
    ("Güney Kore ve NATO tarafından imzalandı"), else nobody; its subject is what was acted
    on when it is of the predicate's object types ("NATO kuruldu"), otherwise no party
    ("Stoltenberg, asker gönderileceğini hatırlattı")."""
    agent = agent_of(clause, groups, g)
    if agent is not None:
        return agent, patient, set()
    if actor_group is None or reciprocal(clause, actor_group, g):
        return actor_group, patient, set()
    fits = all(lexicon.entities[i].type in rule.objects for i in actor_group.ids)
    patient = actor_group.ids[0] if fits and patient is None else patient
    return None, patient, set(actor_group.ids) - {patient}


def passive_subject(
    clause: str,
    group: Group,
    predicate: Mention,
    rule: Predicate,
    g: FrameGrammar,
    lexicon: Lexicon,
) -> bool:
    """Whether the subject of a passive verb is what was acted on: "the ROK Mission to NATO
    was established", "NATO was founded" (the predicate takes names of its type)."""
    if not rule.objects or predicate.text.endswith("ing") or group.start > predicate.start:
        return False
    if any(lexicon.entities[i].type not in rule.objects for i in group.ids):
        return False
    before = WORD.findall(clause[max(0, predicate.start - 30) : predicate.start])[-2:]
    return any(g.passive_marks.fullmatch(w) for w in before)


def possessor_of(
    clause: str, groups: list[Group], anchor: int, g: FrameGrammar, within: int = 3
) -> Group | None:
    """The group that owns the predicate's noun ("North Korea's nuclear tests", Turkish
    "Kuzey Kore’nin nükleer denemeleri"), ``within`` words before it: its doer when the
    clause has no subject."""
    for group in reversed(groups):
        suffix = APOSTROPHE_SUFFIX.match(clause, group.end)
        between = clause[suffix.end() if suffix else group.end : anchor]
        if group.end > anchor or len(WORD.findall(between)) > within:
            continue
        if possessive(clause, group.end, g):
            return group
    return None


def possessive(clause: str, end: int, g: FrameGrammar) -> bool:
    """Whether the name ending at ``end`` owns the noun after it ("NATO's cyber defence
    centre", Turkish "NATO’nun siber savunma merkezi")."""
    if clause[end : end + 2] in ("'s", "’s"):
        return True
    suffix = APOSTROPHE_SUFFIX.match(clause, end)
    return bool(suffix and g.genitives.fullmatch(fold(suffix.group(1))))


def owner_after(clause: str, groups: list[Group], end: int, g: FrameGrammar) -> Group | None:
    """The group a link word after a noun makes its owner ("the tests … of North Korea"):
    the first group after ``end``, within a few words and no comma."""
    for group in groups:
        if group.start < end:
            continue
        between = clause[end : group.start]
        words = WORD.findall(between)
        while words and ARTICLES.fullmatch(words[-1]):
            words.pop()
        linked = bool(words) and g.owner_links.fullmatch(words[-1]) is not None
        return group if linked and len(words) <= OWNER_WORDS and "," not in between else None
    return None


def _governed(clause: str, group: Group, words: re.Pattern[str]) -> bool:
    """Whether one of ``words`` stands right before or right after a group."""
    before = WORD.findall(clause[max(0, group.start - 30) : group.start])[-1:]
    after = WORD.findall(clause[group.end : group.end + 30])[:1]
    return any(words.fullmatch(w) for w in (*before, *after))


def _oblique(clause: str, group: Group, language: str, g: FrameGrammar) -> bool:
    """Whether a group is governed by a preposition, a postposition or a case ending."""
    last = group.mentions[-1]
    # a case ending after an apostrophe, or glued to a name that ends inside its word
    # ("uluslararası koalisyon|a")
    suffix = APOSTROPHE_SUFFIX.match(clause, last.end) or GLUED_SUFFIX.match(clause, last.end)
    if suffix and any(p.search(fold(suffix.group(1))) for p in g.oblique_endings):
        # the owner of an office is its subject: "Kore'nin Savunma Bakanı ziyaret etti"
        owns = g.genitives.fullmatch(fold(suffix.group(1))) and _office_follows(
            clause, suffix.end(), g
        )
        return not owns
    after = clause[suffix.end() if suffix else last.end :]
    if g.obliques_after.match(after.lstrip()):
        return True
    first = group.mentions[0]
    before = clause[max(0, first.start - 40) : first.start]
    if clause[first.end : first.end + 2] in ("'s", "’s"):
        return True  # a possessor: "NATO's Riga Summit"
    # the word before the name, past its articles, is its preposition ("to the NATO …");
    # a number or a comma there ends the phrase ("In 2012 the ROK and NATO signed …")
    tokens = before.split()[-NEAR_WORDS - 3 :]
    while tokens and ARTICLES.fullmatch(tokens[-1]):
        tokens.pop()
    if not tokens or not g.obliques_before.fullmatch(tokens[-1]):
        return False
    # "the President of Korea": the country an office belongs to is the subject
    office = g.office_links.fullmatch(tokens[-1]) and g.offices.search(" ".join(tokens[-4:-1]))
    return not office


def _office_follows(clause: str, at: int, g: FrameGrammar) -> bool:
    """Whether an office or body is named within the two words after ``at``."""
    return bool(g.offices.search(" ".join(WORD.findall(clause[at : at + 40])[:2])))


GLUED_SUFFIX = re.compile(r"([^\W\d_]+)")
PHRASE_GAP = 20  # characters between two names of one phrase ("NATO Secretary-General X"),
# none of them a lower-case word or a comma


def object_of(
    text: str,
    visible: list[Mention],
    taken: set[str],
    types: tuple[str, ...],
    lexicon: Lexicon,
    after: int = -1,
) -> str | None:
    """The first name, not an actor, of the types the predicate takes, in their order;
    in a language whose object follows its verb (``after``: where the predicate ends),
    the name right after it first ("arrives in Lithuania for the NATO summit")."""
    free = [m for m in visible if m.id not in taken]
    following = [m for m in free if m.start >= after >= 0]
    phrase = following[:1]  # the names of the one phrase after it: "NATO Secretary General X"
    for name in following[1:]:
        gap = text[phrase[-1].end : name.start]
        if len(gap) > PHRASE_GAP or any(w[:1].islower() for w in gap.split()) or "," in gap:
            break  # "Lithuania for the NATO Summit": two phrases
        phrase.append(name)
    for entity_type in types if phrase else ():
        found = next((m for m in phrase if lexicon.entities[m.id].type == entity_type), None)
        if found is not None:
            return found.id
    for entity_type in types:
        found = next((m for m in free if lexicon.entities[m.id].type == entity_type), None)
        if found is not None:
            return found.id
    return None
