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
from .weighing import states_an_event


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
    """Sentences with an event frame (a predicate of an event that happened, and an actor;
    :func:`.weighing.states_an_event`) and no fact, and why: the
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
            if frame.predicate is None or not states_an_event(frame, lexicon, with_actor=True):
                continue  # the guard a borrowed date passes: no state, no possibility
            found.append(Undated(document.source.id, sentence.anchor, frame.predicate, why, text))
    return found
