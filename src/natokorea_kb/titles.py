"""Fact titles: a complete short statement per language, never a cut sentence.

A title is built from the fact's frame: who (the actors), the predicate's words for
what happened (``titles`` of the predicate in ``lexicon.yml``), to what or whom, and
the date in brackets: "South Korea signs the IPCP (20 September 2012)", "Güney Kore:
IPCP imzalandı (20 Eylül 2012)". How a language puts those parts together (a negation,
a plan, agreement of the verb with one actor or several, articles) is in
``resources/<lang>/frames.yml``. A fact whose frame has no such words is titled by the
shortest complete clause of its sentence that fits, cut only where a clause ends.
"""

from __future__ import annotations

import re

from .datetext import date_label
from .lexicon import Entity, Lexicon, Predicate
from .records import DateValue, Frame
from .resources import language_resource
from .text import fold

MAX_TITLE = 90  # characters
OPTIONAL = re.compile(r"\[([^\[\]]*)\]")
SLOT = re.compile(r"\{(\w+)\}")
CLAUSE_END = re.compile(r"[,;:]\s|\s[–—-]\s|\s(?:and|but|while|whereas|ve|ancak|fakat)\s")
BRACKETED = re.compile(r"\s*\([^()]*\)")
LEADING = re.compile(r"^[\s,;:()–—-]*(?:and|but|while|whereas|then|ve|ancak|ise)\b\s*", re.I)
WORD = re.compile(r"[^\W\d_]+")
AGREEMENT = {  # marker -> (one actor, several actors, after "to"/"may")
    "s": ("s", "", ""),
    "es": ("es", "", ""),
    "is": ("is", "are", "be"),
    "has": ("has", "have", "have"),
    "a": ("a ", "", "a "),  # a noun that agrees: "{a}global partner{n}"
    "n": ("", "s", ""),
    "y": ("y", "ies", "y"),
}
COPULAS = ("{is} ", "{has} ")  # a verb phrase opening so is negated after its first word


def entity_name(entity: Entity, language: str) -> str:
    """How a title names an entity: short where it can be. An organisation, programme or
    document goes by an acronym, the language's own ("AB") or else the international one
    ("NATO", "IPCP"); anything else by its name in the language."""
    local = entity.aliases.get(language, ()) if language != "en" else ()
    if entity.type in ("organisation", "programme", "document"):
        acronym = next((a for a in local if a.isupper() and " " not in a), None)
        if acronym or entity.abbreviation:
            return acronym or entity.abbreviation or entity.name
    return local[0] if local else entity.name


def frame_title(
    frame: Frame, date: DateValue, language: str, lexicon: Lexicon, clause: str
) -> str | None:
    """The title of a fact in ``language``; ``clause`` is its sentence's part for the date."""
    predicate = lexicon.predicates.get(frame.predicate or "")
    built = _from_frame(frame, predicate, language, lexicon) if predicate else None
    body = built if built else shortest_clause(clause, language)
    return _with_date(body, date, language) if body else None


def _with_date(body: str, date: DateValue, language: str) -> str:
    pattern = language_resource("frames", language)["titles"].get("date", "{title} ({date})")
    body = body[:1].upper() + body[1:]
    return pattern.format(title=body, date=date_label(date, language))


def _from_frame(frame: Frame, predicate: Predicate, language: str, lexicon: Lexicon) -> str | None:
    patterns = predicate.titles.get(language)
    if not patterns:
        return None
    names = _names(frame, predicate, language, lexicon)
    if language == "en":
        title = _english(frame, patterns, names)
    else:
        title = _headline(frame, patterns, names, language)
    if title and len(title) > MAX_TITLE:
        names.pop("place", None), names.pop("partner", None)
        title = (
            _english(frame, patterns, names)
            if language == "en"
            else _headline(frame, patterns, names, language)
        )
    return title if title and len(title) <= MAX_TITLE else None


def _names(frame: Frame, predicate: Predicate, language: str, lexicon: Lexicon) -> dict[str, str]:
    articles = language_resource("frames", language)["articles"]

    def name(entity_id: str | None) -> str:
        if not entity_id:
            return ""
        entity = lexicon.entities[entity_id]
        article = articles.get(entity.type)
        written = entity_name(entity, language)
        return f"{article} {written}" if article else written

    names = {
        "actor": _joined([name(a) for a in frame.actors], language),
        "object": name(frame.object) or predicate.titles.get(language, {}).get("object", ""),
        "partner": name(frame.partner),
        "place": name(frame.place),
    }
    return {slot: value for slot, value in names.items() if value}


def _joined(names: list[str], language: str) -> str:
    joiner = language_resource("frames", language)["joiner"]
    names = list(dict.fromkeys(names))
    if len(names) <= 1:
        return "".join(names)
    if len(names) == 2:
        return names[0] + joiner["pair"] + names[1]
    return joiner["list"].join(names[:-1]) + joiner["last"] + names[-1]


def _english(frame: Frame, patterns: dict[str, str], names: dict[str, str]) -> str | None:
    """Actor + verb phrase, or the passive pattern when no actor is known."""
    forms = language_resource("frames", "en")["titles"]
    several = len(frame.actors) > 1
    state = _state(frame)
    lasting = _lasting(frame)
    if lasting and "state" not in patterns:
        return None  # told by its clause: "South Korea remains one of …"
    if "actor" not in names:
        passive = _fill(patterns.get("passive", ""), names)
        if not passive or lasting or state not in ("done", "planned"):
            return None  # a denial needs someone to deny it
        if state == "planned":
            return _planned_passive(passive, forms)
        return _fill(forms["passive"], {"passive": passive})
    pattern = patterns["state" if lasting else "verb"]
    verb = _fill(_agree(pattern, 1 if several else 0), names)
    base = _fill(_agree(pattern, 2), names)
    if verb is None or base is None:
        return None
    if state == "negated" and pattern.startswith(COPULAS):
        first, rest = verb.split(" ", 1)
        return f"{names['actor']} {first} not {rest}"
    sentence = forms[state].replace("{es}", "" if several else "es")
    return _fill(sentence, {**names, "verb": verb, "base": base})


def _planned_passive(passive: str, forms: dict[str, str]) -> str | None:
    """A plan nobody is named for: "to be" before its first participle ("Foreign
    Ministers' Meeting to be held"), else the noun phrase marked ("Planned visit to X")."""
    participles = language_resource("frames", "en")["past_participles"]
    for word in WORD.finditer(passive):  # lowercase: a name ("Red Sea") is no participle
        said = word.group()
        if said.islower() and (said.endswith("ed") or said in participles):
            at = word.start()
            return passive[:at] + forms["planned_passive"] + passive[at:]
    return _fill(forms["planned_noun"], {"passive": passive})


def _headline(
    frame: Frame, patterns: dict[str, str], names: dict[str, str], language: str
) -> str | None:
    """A headline pattern of its own for each state (Turkish marks them on the verb)."""
    state = _state(frame)
    if _lasting(frame):  # only a state that holds has a headline; others their clause
        return _fill(patterns.get("state", ""), names) if state == "done" else None
    if state == "possible":  # a plan told as a possibility: "… katılacak olabilir"
        planned = _fill(patterns.get("planned", ""), names)
        possible = language_resource("frames", language)["titles"].get("possible")
        return possible.format(planned=planned) if planned and possible else None
    key = "passive" if "actor" not in names and "passive" in patterns and state == "done" else state
    return _fill(patterns.get(key, ""), names)


def _state(frame: Frame) -> str:
    if frame.polarity == "negated":
        return "negated"
    if frame.modality == "planned":
        return "planned"
    if frame.modality == "hypothetical":
        return "possible"
    return "done"


def _lasting(frame: Frame) -> bool:
    """Whether the frame states something true over a period rather than a change."""
    return frame.aspect == "state" and not frame.begins


def _agree(pattern: str, form: int) -> str:
    """Replace agreement markers ({s}, {is} …) by the form for one actor, several, or base."""
    for marker, forms in AGREEMENT.items():
        pattern = pattern.replace("{" + marker + "}", forms[form])
    return pattern


def _fill(pattern: str, names: dict[str, str]) -> str | None:
    """Put names in their slots; an optional part goes when its name is missing, and a
    required slot without a name makes no title."""

    def optional(match: re.Match[str]) -> str:
        slots = SLOT.findall(match.group(1))
        return match.group(1) if all(s in names for s in slots) else ""

    text = OPTIONAL.sub(optional, pattern)
    if any(slot not in names for slot in SLOT.findall(text)):
        return None
    return " ".join(SLOT.sub(lambda m: names[m.group(1)], text).split()) or None


def shortest_clause(text: str, language: str = "en") -> str:
    """The clause as a title: bracketed asides dropped, cut where a clause or a phrase ends
    so that at most :data:`MAX_TITLE` characters remain; never inside a phrase.

    A language that puts its main verb last (Turkish) keeps the last clauses, where that
    verb stands. Otherwise a leading phrase set off by a comma ("At the NATO Summit in
    Chicago, …") goes first, then the text is cut where a clause ends, or before a
    preposition that follows the verb ("… was first presented to the public | at the …").
    """
    rules = language_resource("frames", language)
    text = BRACKETED.sub("", LEADING.sub("", " ".join(text.split()))).strip(" ,;:.")
    if len(text) <= MAX_TITLE:
        return text
    ends = [(m.start(), m.end()) for m in CLAUSE_END.finditer(text)]
    if rules["drops_subjects"]:
        starts = [end for _, end in ends if 30 <= len(text) - end <= MAX_TITLE]
        if starts:
            return LEADING.sub("", text[starts[0] :]).strip(" ,;:.")
        return _without_participles(text, rules["participles"]) or text
    prepositions = {fold(w) for w in rules["obliques_before"]}
    relatives = {fold(w.strip(" ,;")) for w in rules["subordinates"]}
    first = WORD.match(text)
    if first and fold(first.group()) in prepositions and "," in text:
        rest = text[text.index(",") + 1 :].strip()
        if len(rest) >= 30:
            return shortest_clause(rest, language)
    cuts = [start for start, _ in ends if 30 <= start <= MAX_TITLE]
    if cuts:
        return text[: cuts[-1]].rstrip(" ,;:")
    return _before_a_phrase(text, prepositions, relatives, rules["past_verbs"]) or text


def _before_a_phrase(
    text: str, prepositions: set[str], relatives: set[str], verbs: tuple[re.Pattern[str], ...]
) -> str | None:
    """The text up to the last preposition within the limit that follows a verb, or up to
    a relative clause (never inside one): a clause with its verb, without the phrases
    after it."""
    words = list(WORD.finditer(text))
    verb_at = next(
        (w.end() for w in words if any(v.fullmatch(fold(w.group())) for v in verbs)), None
    )
    if verb_at is None:
        return None
    cuts = []
    for word in words:
        if word.start() > MAX_TITLE:
            break
        folded = fold(word.group())
        if verb_at < word.start() and word.start() >= 30 and folded in prepositions | relatives:
            cuts.append(word.start())
        if folded in relatives and word.start() > verb_at:
            break  # what follows belongs to the relative clause
    return text[: cuts[-1]].rstrip(" ,;:") if cuts else None


def _without_participles(text: str, participles: tuple[re.Pattern[str], ...]) -> str | None:
    """A verb-last sentence too long for a title, told by its subject (up to its first
    comma) and what follows its last participle: the main verb with its object, without
    the participle phrases modifying them ("Ortaklık politikası, … belirlenen | güvenlik
    anlayışının özünü temsil etmektedir")."""
    subject, comma, _ = text.partition(",")
    if not comma or len(subject) > 40:
        return None
    words = list(WORD.finditer(text, len(subject)))
    last = max(
        (n for n, w in enumerate(words) if any(p.fullmatch(fold(w.group())) for p in participles)),
        default=None,
    )
    if last is None or len(words) - last - 1 < 3:
        return None
    title = f"{subject}, {text[words[last + 1].start() :]}"
    return title if len(title) <= MAX_TITLE else None
