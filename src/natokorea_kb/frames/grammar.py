"""The compiled ``resources/<lang>/frames.yml`` of a language, and the patterns every
part of frame reading shares."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from ..resources import language_resource
from ..text import phrase_pattern

PARTY_TYPES = ("country", "organisation", "person")
NEAR_WORDS = 3  # words before a name that may hold its preposition ("to the new NATO …")
ARTICLES = re.compile(r"the|a|an|its|their|his|her|then", re.IGNORECASE)
BRACKETS = re.compile(r"\([^()]*\)")
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
APOSTROPHE_SUFFIX = re.compile(r"['’]([^\W\d_]+)")
LIST_SEPARATOR = re.compile(r",\s*")
MAX_ITEM_WORDS = 3  # words of one item of a list of examples


@dataclass(frozen=True)
class FrameGrammar:
    """The compiled ``frames.yml`` of one language."""

    negation: re.Pattern[str]
    negative_verbs: tuple[re.Pattern[str], ...]
    planned: re.Pattern[str]
    planned_verbs: tuple[re.Pattern[str], ...]
    possible: re.Pattern[str]
    possible_verbs: tuple[re.Pattern[str], ...]
    states: re.Pattern[str]
    state_verbs: tuple[re.Pattern[str], ...]
    past_verbs: tuple[re.Pattern[str], ...]
    background: tuple[re.Pattern[str], ...]  # the past before the past: "had signed"
    others_reported: tuple[re.Pattern[str], ...]  # "-acaklarını": what they will do
    said_clauses: tuple[re.Pattern[str], ...]  # "olacağını söyledi", "said that"
    present_verbs: tuple[re.Pattern[str], ...]
    starts: re.Pattern[str]
    agents: re.Pattern[str]
    passive_marks: re.Pattern[str]
    adverbials_before: re.Pattern[str]
    adverbials_after: re.Pattern[str]
    containers_before: re.Pattern[str]  # "during his visit, …"
    containers_after: re.Pattern[str]  # "ziyareti sırasında …"
    reciprocals: re.Pattern[str]
    subordinates: re.Pattern[str]
    examples_follow: re.Pattern[str]
    examples_precede: re.Pattern[str]
    obliques_before: re.Pattern[str]
    obliques_after: re.Pattern[str]
    joiners: re.Pattern[str]
    oblique_endings: tuple[re.Pattern[str], ...]
    genitives: re.Pattern[str]
    possessed_nouns: tuple[re.Pattern[str], ...]
    statement_joints: tuple[re.Pattern[str], ...]
    passive_endings: tuple[re.Pattern[str], ...]
    unasserted_verbs: tuple[re.Pattern[str], ...]
    governed_nouns: tuple[re.Pattern[str], ...]  # "desteklemeye devam edecek"
    owner_links: re.Pattern[str]
    complementizers: re.Pattern[str]
    participles: tuple[re.Pattern[str], ...]
    offices: re.Pattern[str]
    office_links: re.Pattern[str]
    drops_subjects: bool


@cache
def grammar(language: str) -> FrameGrammar:
    data = language_resource("frames", language)

    def words(symbol: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
        return phrase_pattern(data[symbol], flags, stems=symbol in data["stems"])

    return FrameGrammar(
        negation=words("negation"),
        negative_verbs=data["negative_verbs"],
        # modal words are matched as written: "May" the month is not "may"
        planned=words("planned", 0),
        planned_verbs=data["planned_verbs"],
        possible=words("possible", 0),
        possible_verbs=data["possible_verbs"],
        states=words("states"),
        state_verbs=data["state_verbs"],
        past_verbs=data["past_verbs"],
        background=data["background"],
        others_reported=data["others_reported"],
        said_clauses=data["said_clauses"],
        present_verbs=data["present_verbs"],
        starts=words("starts"),
        agents=words("agents"),
        passive_marks=words("passive_marks"),
        adverbials_before=words("adverbials_before"),
        adverbials_after=words("adverbials_after"),
        containers_before=words("containers_before"),
        containers_after=words("containers_after"),
        reciprocals=words("reciprocals"),
        subordinates=_openers(data["subordinates"]),
        examples_follow=words("examples_follow"),
        examples_precede=words("examples_precede"),
        obliques_before=words("obliques_before"),
        obliques_after=words("obliques_after"),
        joiners=words("joiners"),
        oblique_endings=data["oblique_endings"],
        genitives=re.compile("|".join(p.pattern for p in data["genitives"]) or "(?!)"),
        possessed_nouns=data["possessed_nouns"],
        statement_joints=data["statement_joints"],
        passive_endings=data["passive_endings"],
        unasserted_verbs=data["unasserted_verbs"],
        governed_nouns=data["governed_nouns"],
        owner_links=words("owner_links"),
        complementizers=words("complementizers"),
        participles=data["participles"],
        offices=words("offices"),
        office_links=words("office_links"),
        drops_subjects=data["drops_subjects"],
    )


def _openers(phrases: tuple[str, ...]) -> re.Pattern[str]:
    """Openers may begin with punctuation (", which"), so no word boundary before them."""
    if not phrases:
        return re.compile(r"(?!)")
    body = "|".join(r"\s*".join(map(re.escape, p.split())) for p in phrases)
    return re.compile(rf"(?:{body})(?!\w)", re.IGNORECASE)
