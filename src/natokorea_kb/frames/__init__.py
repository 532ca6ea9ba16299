"""Event frames: what a clause says happened, who did it, to whom, and whether it did.

A frame is read from one clause (the part of a sentence that belongs to one date) with
rules that are properties of the language (``resources/<lang>/frames.yml``: negation,
modal and future forms, prepositions and case endings, pronouns) and of the domain (the
lexicon's predicates and entities); nothing here knows a sentence of any source.

1. **The window.** Names in brackets, in relative clauses and appositions (", which
   …") and in lists of examples ("such as …", Turkish "… gibi") take no role.
2. **The predicate** is the first of the lexicon's predicates, in their order of
   precedence, that the window states outside any name ("Partnership" inside the name
   of the IPCP says nothing).
3. **Roles.** Names joined by commas and joiners ("NATO and South Korea", Turkish "NATO
   ile Güney Kore") form groups; a group after a preposition (English) or with a case
   ending or postposition (Turkish) is oblique. The actor is the agent of a passive
   ("signed … by Japan"), else the first group that is not oblique and stands before
   the predicate (Turkish puts the verb last, so any such group); the holder of an
   office named after its owner ("NATO Secretary General Jens Stoltenberg") is the
   subject, and a Turkish name inside a participle's phrase before another name ("…
   ile bir araya gelen Stoltenberg") is not. Without one, a phrase
   that refers to a party stands in (:mod:`natokorea_kb.references`). The object is
   the first other name of a type the predicate takes, the partner another party, the
   place a meeting.
4. **Polarity, modality, aspect** come from the words around the predicate
   (:mod:`.telling`): negation, future and modal forms, state phrases; a start word
   ("since", "itibaren") makes the date a beginning.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace

from ..lexicon import REPORTING, Lexicon, Predicate
from ..records import Frame, Mention
from ..references import SALIENT, SPEAKER, Reference, find_reference
from ..text import fold
from .grammar import (
    APOSTROPHE_SUFFIX,
    ARTICLES,
    BRACKETS,
    LIST_SEPARATOR,
    MAX_ITEM_WORDS,
    PARTY_TYPES,
    WORD,
    FrameGrammar,
    grammar,
)
from .reported import reported_from, said_verb, tells_content
from .roles import (
    Group,
    find_actor,
    groups_of,
    is_party,
    join_of,
    object_of,
    office_owners,
    owner_after,
    passive_roles,
    passive_subject,
    possessive,
    possessor_of,
)
from .telling import any_told, how_told, told_words

OWNED_WORDS = 2  # words between a possessor and the noun it owns ("NPT'nin bir üyesi")
OCCASION_WORDS = 5  # words between "during" and the occasion's noun ("Putin's recent visit")
SAID_SUBJECT_WORDS = 6  # between a said clause's genitive subject and its predicate

__all__ = [
    "PARTY_TYPES",
    "FrameContext",
    "future_reading",
    "grammar",
    "owners",
    "read_frame",
    "sentence_subject",
]


@dataclass(frozen=True)
class FrameContext:
    """What a clause's frame may fall back on, from outside the clause."""

    opening: tuple[str, ...] = ()  # the actors of the sentence's first clause
    salient: tuple[str, ...] = ()  # the subject of the sentences before
    speaker: tuple[str, ...] = ()  # the person the last sentence reporting speech named
    publisher: str | None = None  # the party a "we" of this source is
    # dated by the publication day, which dates what the clause asserts, not the event a
    # possessed noun names ("welcomed the Republic of Korea's contribution")
    asserted_only: bool = False


def read_frame(
    clause: str,
    mentions: list[Mention],
    language: str,
    lexicon: Lexicon,
    context: FrameContext,
    when: int = -1,
    stated: list[Mention] | None = None,
) -> Frame:
    """The frame of one clause; ``mentions`` are the clause's entity mentions, in order,
    and ``when`` where its date stands (the predicate nearest to it is what it dates).

    A predicate that happens between two parties (``between`` in the lexicon: relations
    begin between two sides) is not what a clause naming one party states; the clause is
    read again without it.
    """
    g = grammar(language)
    if stated is None:
        stated = lexicon.find_predicates(clause, language)
    hidden, examples = _hidden_spans(clause, g, stated, mentions)
    visible = [m for m in mentions if not _inside(m, hidden)]
    parties = [m for m in visible if is_party(m, lexicon) and not _inside(m, examples)]
    predicate = _predicate(clause, stated, mentions, hidden + examples, language, lexicon, g, when)
    rule = lexicon.predicates.get(predicate.id) if predicate else None
    anchor = predicate.start if predicate else len(clause)
    # a predicate word inside a name makes that name what was acted on ("the ROK
    # Mission to NATO was opened")
    holder = next(
        (m for m in mentions if predicate and _inside(predicate, [(m.start, m.end)])), None
    )
    patient = holder.id if holder else None
    groups = groups_of(clause, [m for m in parties if m is not holder], g, lexicon)
    reported = reported_from(clause, stated, predicate, g)  # the speaker did not do it
    doers = [x for x in groups if x.start >= reported]
    speakers = {i for x in groups if x.start < reported for i in x.ids}
    actor_group, via = find_actor(clause, doers, anchor, predicate is not None, language, g)
    if (
        g.drops_subjects and predicate and said_verb(clause, predicate, len(clause), g)
    ):  # the genitive subject of what was said: "Stoltenberg, NATO'nun … edeceğini söyledi"
        subject = possessor_of(clause, doers, anchor, g, SAID_SUBJECT_WORDS)
        if subject is not None:
            if actor_group is not None:  # the speaker, neither doer nor partner
                speakers |= set(actor_group.ids) - set(subject.ids)
            actor_group, via = subject, None
    acted_on = _acted_on(rule, lexicon)
    owner = _owner(clause, predicate, groups, g, acted_on, lexicon, language) if predicate else None
    if owner is not None and context.asserted_only:
        return Frame(predicate=predicate.id if predicate else None)  # by no one, that day
    if owner is not None:  # "Stoltenberg: Karadağ'ın üyeliği ...": Montenegro joined
        actor_group, via = owner, None
    if actor_group and rule and passive_subject(clause, actor_group, predicate, rule, g, lexicon):
        patient, actor_group = actor_group.ids[0], None  # "NATO was founded"
    passive = bool(predicate and owner is None) and any(
        _passive_verb(m, language, lexicon, g) for m in stated if predicate and m.id == predicate.id
    )
    unsaid: set[str] = set()
    if passive and rule:
        actor_group, patient, unsaid = passive_roles(
            clause, groups, actor_group, patient, rule, g, lexicon
        )
    actors: tuple[str, ...] = actor_group.ids if actor_group else ()
    if actors and _told_of_others(clause, predicate, hidden, actors, language, lexicon):
        unsaid |= set(actors)  # "ele alacaklarını söyledi": they will, not the speaker
        actors, via = (), None
    if not actors and predicate is not None and patient is None:
        possessor = possessor_of(clause, groups, anchor, g)
        if (
            possessor is not None
            and context.asserted_only
            and not _verb(clause, predicate, g, lexicon, language)
        ):
            return Frame(predicate=predicate.id)  # a noun's event, not that day's
        actors = possessor.ids if possessor else ()
    if not actors and patient is None and not passive:
        reference = find_reference(clause[:anchor], language, lexicon, context)
        # a clause naming parties only in oblique cases leaves its subject unsaid too
        telling = predicate is not None and predicate.id == REPORTING
        dropped = g.drops_subjects and actor_group is None
        actors, via = _referred(reference, context, dropped, telling)
        if reference is None and _told_of_others(
            clause, predicate, hidden, actors, language, lexicon
        ):
            actors, via = (), None  # "… devam edeceklerini": they, not the one person before
    taken = set(actors) | unsaid | speakers | office_owners(clause, groups, language, g)
    obj = patient
    if obj is None and rule and not rule.names_object:  # "a mission to NATO" names none
        after = predicate.end if predicate and not g.drops_subjects else -1
        # a milestone is of the thing named, not its owner ("joined NATO's centre"),
        # unless the owned noun is the predicate's own ("NPT'nin bir üyesi")
        owned = [
            m
            for m in visible
            if not (rule.once and possessive(clause, m.end, g) and not _owns(clause, m, predicate))
        ]
        obj = object_of(clause, owned, taken, rule.objects, lexicon, after)
    taken |= {obj} if obj else set()
    partner = next((m.id for m in parties if m.id not in taken), None)
    if partner is None and rule and rule.counterpart and rule.counterpart not in taken:
        partner = rule.counterpart
    if rule and rule.between and len({*actors, obj, partner} - {None}) < 2:
        rest = [found for found in stated if found.id != rule.id]
        return read_frame(clause, mentions, language, lexicon, context, when, rest)
    place = next(
        (m.id for m in visible if lexicon.entities[m.id].type == "meeting" and m.id != obj),
        None,
    )
    polarity, modality, aspect, begins = how_told(clause, predicate, rule, hidden, anchor, language)
    sayings = [m for m in stated if m.id == REPORTING]
    if modality == "hypothetical" and predicate and predicate.id != REPORTING and sayings:
        # what was said is only possible ("noted that attacks might come"): the saying
        # is what happened
        return read_frame(clause, mentions, language, lexicon, context, when, sayings)
    return Frame(
        predicate=predicate.id if predicate else None,
        actors=actors,
        object=obj,
        partner=partner,
        place=place,
        polarity=polarity,
        modality=modality,
        aspect=aspect,
        begins=begins,
        actor_via=via,
    )


def _passive_verb(predicate: Mention, language: str, lexicon: Lexicon, g: FrameGrammar) -> bool:
    """Whether a word stating the predicate is a passive verb form: a passive ending
    after its stem ("imza|landı", "gönder|ileceğini"), in a word that is a verb (not
    "anlaşma|nın")."""
    ending = lexicon.ending(predicate, language)
    if not ending or not any(p.fullmatch(ending) for p in g.passive_endings):
        return False
    word = fold(predicate.text)
    verbs = (*g.past_verbs, *g.present_verbs, *g.planned_verbs, *g.state_verbs, *g.participles)
    return any(p.fullmatch(word) for p in verbs)


def _owns(clause: str, owner: Mention, predicate: Mention | None) -> bool:
    """Whether a possessor owns the predicate's own noun: "NPT'nin bir üyesi", "NATO's
    member" (at most two words between)."""
    if predicate is None or predicate.start < owner.end:
        return False
    return len(WORD.findall(clause[owner.end : predicate.start])) <= OWNED_WORDS


def _acted_on(rule: Predicate | None, lexicon: Lexicon) -> Callable[[Group], bool]:
    """Whether a group is what a predicate acts on or its other side: of the types it
    takes ("the invasion of Ukraine") or its counterpart ("the global partners of NATO")."""
    types = rule.objects if rule else ()
    other = rule.counterpart if rule else None
    return lambda group: (
        other in group.ids or all(lexicon.entities[i].type in types for i in group.ids)
    )


def _owner(
    clause: str,
    predicate: Mention,
    groups: list[Group],
    g: FrameGrammar,
    acted_on: Callable[[Group], bool],
    lexicon: Lexicon,
    language: str,
) -> Group | None:
    """The owner of a predicate that is a noun, not a verb ("Karadağ'ın üyeliği",
    "Montenegro's accession", "the missile tests of North Korea"): the doer of what the
    noun names. A noun is a possessed noun's form, or (where owners follow a link word)
    a word after an article; a name after the link word that the predicate acts on is
    its object, not its owner ("the invasion of Ukraine")."""
    if _verb(clause, predicate, g, lexicon, language):
        return None
    word = WORD.match(clause, predicate.start)
    if word and any(p.fullmatch(fold(word.group())) for p in g.possessed_nouns):
        before = possessor_of(clause, groups, predicate.start, g)
        if before is not None:
            return before
    elif g.owner_links.pattern == "(?!)" or not _after_article(clause, predicate.start):
        return None
    after = owner_after(clause, groups, predicate.end, g)
    return after if after is not None and not acted_on(after) else None


def _verb(
    clause: str, predicate: Mention, g: FrameGrammar, lexicon: Lexicon, language: str
) -> bool:
    """Whether a predicate's word is a verb form, not a noun ("visited", not "visit"): a
    verb's ending, where the word goes on past the predicate's term, is what carries the
    tense ("ziyare|ti" looks like a past tense, but "ziyaret|i" is a possessed noun)."""
    word = WORD.match(clause, predicate.start)
    text = fold(word.group()) if word else ""
    verbs = (*g.past_verbs, *g.present_verbs, *g.planned_verbs, *g.state_verbs)
    ending = lexicon.ending(predicate, language) if word and predicate.end == word.end() else None
    if ending:  # any stem before the ending: does the ending alone make the tense?
        text = "x" + ending
    return any(p.fullmatch(text) for p in verbs)


def _after_article(clause: str, at: int) -> bool:
    """Whether an article stands within the three words before ``at``, past no comma."""
    before = clause[max(0, at - 40) : at].rsplit(",", 1)[-1]
    return any(ARTICLES.fullmatch(w) for w in WORD.findall(before)[-3:])


def future_reading(frame: Frame, clause: str, language: str, lexicon: Lexicon) -> Frame | None:
    """The frame of a clause dated after its source was published: a plan, or nothing.

    A date after the source can only be told as a plan (a future or modal form anywhere
    in the clause: "ele alacaklarını bildirdi") or as a possibility; a clause whose main
    verb is a past tense, unless that verb only reports what someone said ("bildirdi"),
    misdates itself and gives no fact. When the predicate is that reporting verb, in a
    past tense, the date is its content's ("söyledi" that the meeting will prepare July's
    summit), not the speaking's: the frame keeps no predicate, and the clause tells it.
    """
    g = grammar(language)
    if frame.predicate == REPORTING and _said(clause, language, lexicon, g):
        return replace(frame, predicate=None, object=None, modality="planned")
    if frame.modality != "actual":
        return frame
    words = [fold(w) for w in WORD.findall(clause)]
    if any_told(words, g.planned_verbs, g.planned, clause):
        return replace(frame, modality="planned")
    # the main verb: the last word where verbs stand last ("dile getirdi" reports in
    # two), else any word
    words = WORD.findall(clause)
    if g.drops_subjects and lexicon.reports(" ".join(words[-2:]), language):
        return replace(frame, modality="planned")
    for verb in words[-1:] if g.drops_subjects else words:
        if not lexicon.reports(verb, language) and any(
            p.fullmatch(fold(verb)) for p in g.past_verbs
        ):
            return None
    return replace(frame, modality="planned")


def _said(clause: str, language: str, lexicon: Lexicon, g: FrameGrammar) -> bool:
    """Whether a reporting verb of the clause is in a past tense ("söyledi", "said")."""
    return any(
        p.fullmatch(fold(m.text))
        for m in lexicon.find_predicates(clause, language)
        if m.id == REPORTING
        for p in g.past_verbs
    )


# --------------------------------------------------------------------------- the window


def _hidden_spans(
    clause: str, g: FrameGrammar, predicates: list[Mention], mentions: list[Mention]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Parts of the clause whose names take no role (brackets, relative clauses), and
    lists of examples, whose names may be what was acted on but are no parties.

    A relative clause ends at the next comma when a predicate follows that comma ("NATO,
    which was founded in 1949, signed …"), else at the end of the clause ("global
    partners, which also include Afghanistan, Australia …").
    """
    hidden = [(m.start(), m.end()) for m in BRACKETS.finditer(clause)]
    for opener in g.subordinates.finditer(clause):
        end = clause.find(",", opener.end())
        resumed = end >= 0 and any(p.start > end for p in predicates)
        hidden.append((opener.start(), end if resumed else len(clause)))
    examples = [
        (m.start(), _list_end(clause, m.end(), mentions, g))
        for m in g.examples_follow.finditer(clause)
    ]
    for marker in g.examples_precede.finditer(clause):
        examples.append((_list_start(clause, marker.start(), mentions, g), marker.end()))
    return hidden, examples


def _list_start(clause: str, end: int, mentions: list[Mention], g: FrameGrammar) -> int:
    """Where the list of names just before ``end`` begins ("Ürdün ve Tunus gibi",
    "Japonya, Avustralya ve Yeni Zelanda gibi ülkeler"): its last name stands within two
    words of ``end``, and each name before joins the next by a comma or a joiner."""
    before = [m for m in mentions if m.end <= end]
    if not before or len(WORD.findall(clause[before[-1].end : end])) > 2:
        return _phrase_list_start(clause, end, g)
    start = len(before) - 1
    while start > 0:
        gap = clause[before[start - 1].end : before[start].start]
        gap = APOSTROPHE_SUFFIX.sub("", gap, count=1) if gap[:1] in "'’" else gap
        if not join_of(gap, g):
            break
        start -= 1
    return before[start].start


def _list_end(clause: str, start: int, mentions: list[Mention], g: FrameGrammar) -> int:
    """Where the list of names after ``start`` ends ("such as Japan, Australia and New
    Zealand | joined"): its first name stands within two words of ``start``, each next
    name joins the one before by a comma or a joiner (bracketed asides between them
    aside). Without names, the clause's end."""
    after = [m for m in mentions if m.start >= start]
    if not after or len(WORD.findall(clause[start : after[0].start])) > 2:
        return len(clause)
    end = 0
    while end + 1 < len(after):
        gap = BRACKETS.sub("", clause[after[end].end : after[end + 1].start])
        gap = APOSTROPHE_SUFFIX.sub("", gap, count=1) if gap[:1] in "'’" else gap
        if not join_of(gap, g):
            break
        end += 1
    closing = re.match(r"(?:\s*\([^()]*\))*", clause[after[end].end :])
    return after[end].end + (closing.end() if closing else 0)


def _phrase_list_start(clause: str, end: int, g: FrameGrammar) -> int:
    """Where a list of short phrases before ``end`` begins ("siber saldırılar, hibrit
    tehditler ve terörle mücadele gibi"): items of at most three words, parted by commas
    or joiners; the first item is the last three words before its separator. No list
    (``end``) without a separator."""
    text = clause[:end]
    cuts = [(m.start(), m.end()) for m in LIST_SEPARATOR.finditer(text)]
    cuts += [(m.start(), m.end()) for m in g.joiners.finditer(text)]
    cuts.sort()
    if not cuts:
        return end
    item_end = end
    for cut_start, cut_end in reversed(cuts):
        if len(WORD.findall(text[cut_end:item_end])) > MAX_ITEM_WORDS:
            break
        item_end = cut_start
    words = list(WORD.finditer(text, 0, item_end))[-MAX_ITEM_WORDS:]
    return words[0].start() if words and item_end < end else end


def _inside(mention: Mention, spans: list[tuple[int, int]]) -> bool:
    return any(start <= mention.start and mention.end <= end for start, end in spans)


def _told_of_others(
    clause: str,
    predicate: Mention | None,
    hidden: list[tuple[int, int]],
    actors: tuple[str, ...],
    language: str,
    lexicon: Lexicon,
) -> bool:
    """Whether one person is named as the doer of a predicate whose verb says that others
    do it (Turkish "-acaklarını", "-dıklarını": what they will do, reported)."""
    g = grammar(language)
    if predicate is None or len(actors) != 1 or lexicon.entities[actors[0]].type != "person":
        return False
    own = told_words(clause, predicate, hidden, language)[1:]
    return any(p.fullmatch(word) for p in g.others_reported for word in own)


# ------------------------------------------------------------------------ the predicate


def _predicate(
    clause: str,
    stated: list[Mention],
    mentions: list[Mention],
    hidden: list[tuple[int, int]],
    language: str,
    lexicon: Lexicon,
    g: FrameGrammar,
    when: int = -1,
) -> Mention | None:
    """What the clause says happened: the strongest predicate it states, and among equals
    the one nearest to the date (Turkish puts a date before its verb, so a predicate
    after the date is nearer than one before it); without a date, the first (English) or
    the last, where the verb stands (Turkish); a date standing on a predicate's verb, that
    predicate.

    Words in hidden parts and in time or cause phrases ("after the attacks") do not
    count; a word inside a name counts only when nothing outside one does, and only for
    a predicate whose objects are of the name's type ("the ROK Mission to NATO was
    established", but not "Partnership" in the IPCP's name).
    """
    strength = {"strong": 0, "normal": 1, "weak": 2}
    order = {predicate_id: n for n, predicate_id in enumerate(lexicon.predicates)}
    outside, inside = [], []
    for found in stated:
        if _inside(found, hidden) or _adverbial(clause, found, g, when):
            continue
        name = next((m for m in mentions if m.start <= found.start and found.end <= m.end), None)
        if name is None:
            outside.append(found)
        elif lexicon.entities[name.id].type in lexicon.predicates[found.id].objects:
            inside.append(found)
    standing = [found for found in outside if found.start <= when < found.end]
    if standing:  # a date read on a verb ("bulundu": the day it was said) dates that verb
        return standing[0]
    outside = [found for found in outside if not tells_content(clause, found, outside, g)]
    occasions = [found for found in outside if _occasion(clause, found, g)]
    if occasions and len(occasions) < len(outside):  # "during his visit, Yoon signed": the signing
        outside = [found for found in outside if found not in occasions]
    verb_last = g.drops_subjects  # a language that leaves subjects out puts its verb last

    def distance(found: Mention) -> int:
        if when < 0:
            return -found.start if verb_last else found.start
        if verb_last and found.start < when:
            return len(clause) + when - found.start
        return abs(found.start - when)

    def rank(found: Mention) -> tuple[int, int, int]:
        predicate = lexicon.predicates[found.id]
        return (strength[predicate.strength], distance(found), order[found.id])

    return min(outside or inside, key=rank, default=None)


def _adverbial(clause: str, found: Mention, g: FrameGrammar, when: int = -1) -> bool:
    """Whether a predicate word stands in a phrase of time or cause ("after the attacks",
    Turkish "saldırıların ardından") that the clause's date is not in: a date inside the
    phrase dates what the phrase says ("üyesi olması nedeniyle" dated 1975)."""
    window = max(0, found.start - 60)
    last_three = list(WORD.finditer(clause, window, found.start))[-3:]
    near = last_three[0].start() if last_three else found.start
    opener = next(
        (m for m in g.adverbials_before.finditer(clause, window, found.start) if m.end() > near),
        None,
    )
    if opener is not None:
        end = clause.find(",", found.end)
        return not opener.start() <= when < (end if end >= 0 else len(clause))
    after = list(WORD.finditer(clause, found.end, found.end + 40))[:2]
    closer = g.adverbials_after.search(clause, after[0].start(), after[-1].end()) if after else None
    if closer is not None:
        start = clause.rfind(",", 0, found.start) + 1
        return not start <= when < closer.end()
    return False


def _occasion(clause: str, found: Mention, g: FrameGrammar) -> bool:
    """Whether a predicate word names the occasion of what the clause says, in a phrase
    such as "during his recent visit to Pyongyang" or "Brüksel ziyareti sırasında"."""
    before = list(WORD.finditer(clause, max(0, found.start - 60), found.start))[-OCCASION_WORDS:]
    start = before[0].start() if before else found.start
    if g.containers_before.search(clause, start, found.start):
        return True
    after = list(WORD.finditer(clause, found.end, found.end + 40))[:2]
    return bool(after and g.containers_after.search(clause, after[0].start(), after[-1].end()))


def _referred(
    reference: Reference | None, context: FrameContext, dropped: bool, telling: bool
) -> tuple[tuple[str, ...], str | None]:
    """The actors a clause without a named subject refers to, and how: a referring
    phrase, the subject of the sentence's first clause, or (in a language that leaves
    subjects out, when the clause names no party as its subject) the subject of the
    sentence before; of a verb of saying, the one who spoke last (a quotation's closing
    "dedi" is its speaker's, not that of the quoted sentence)."""
    if reference is not None:
        return reference.parties, reference.phrase
    if context.opening:
        return context.opening, "the sentence's first clause"
    if dropped and telling and context.speaker:
        return context.speaker, SPEAKER
    if dropped and context.salient:
        return context.salient, SALIENT
    return (), None


def sentence_subject(text: str, language: str, lexicon: Lexicon) -> tuple[str, ...]:
    """The parties a sentence names as its subject (its first group that is no oblique)."""
    g = grammar(language)
    stated = lexicon.find_predicates(text, language)
    hidden, examples = _hidden_spans(text, g, stated, lexicon.find_entities(text, language))
    mentions = [
        m
        for m in lexicon.find_entities(text, language)
        if not _inside(m, hidden) and not _inside(m, examples) and is_party(m, lexicon)
    ]
    predicate = _predicate(text, stated, mentions, hidden, language, lexicon, g)
    anchor = predicate.start if predicate else len(text)
    groups = groups_of(text, mentions, g, lexicon)
    group, _ = find_actor(text, groups, anchor, predicate is not None, language, g)
    return group.ids if group else ()


def owners(text: str, language: str, lexicon: Lexicon) -> set[str]:
    """The parties a sentence names only as owners of something ("France and Germany’s
    opposition", "Kore’nin nükleer politikası"): no referent for a later "these
    countries", which means the ones the text spoke about."""
    g = grammar(language)
    parties = [m for m in lexicon.find_entities(text, language) if is_party(m, lexicon)]
    owned = set()
    for group in groups_of(text, parties, g, lexicon):
        suffix = APOSTROPHE_SUFFIX.match(text, group.end)
        if text[group.end : group.end + 2] in ("'s", "’s") or (
            suffix and g.genitives.fullmatch(fold(suffix.group(1)))
        ):
            owned.update(group.ids)
    return owned - {m.id for m in parties if m.id not in owned}
