"""The coverage report's undated events: sentences that tell of an event (a predicate and
an actor) yet gave no fact, and why: the kind of source tells no time of its own, or
nothing in reach dated it (:mod:`natokorea_kb.dating`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .frames import FrameContext, read_frame
from .lexicon import Lexicon
from .newsday import speaks_from_its_date
from .records import Document, Fact


@dataclass(frozen=True)
class Undated:
    """A sentence that tells of an event but gave no fact: nothing in reach dated it."""

    source: str
    sentence: str
    predicate: str
    reason: str
    text: str


def undated_events(
    documents: Iterable[Document], facts: Iterable[Fact], lexicon: Lexicon
) -> list[Undated]:
    """Sentences with an event frame (a predicate and an actor) and no fact, and why: the
    coverage report's list of what the knowledge base knows happened but not when."""
    dated = {(f.source, f.sentence) for f in facts}
    found = []
    for document in documents:
        kind = document.source.kind
        why = (
            "nothing in reach dates it"
            if speaks_from_its_date(kind)
            else f"{kind} texts tell no time of their own"
        )
        for sentence in document.sentences:
            if sentence.heading or (document.source.id, sentence.anchor) in dated:
                continue
            text, language = sentence.text, sentence.language
            frame = read_frame(
                text, lexicon.find_entities(text, language), language, lexicon, FrameContext()
            )
            rule = lexicon.predicates.get(frame.predicate or "")
            if rule is None or rule.aspect != "event" or not frame.actors:
                continue
            found.append(Undated(document.source.id, sentence.anchor, rule.id, why, text))
    return found
