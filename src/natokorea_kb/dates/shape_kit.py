"""What every date shape shares: the span of a match, the group names of its pattern,
what a reader may give, and the unit groups of counted and relative phrases."""

from __future__ import annotations

from collections.abc import Mapping
from enum import Enum
from typing import TYPE_CHECKING, Literal, NamedTuple

from ..resources import UNITS
from .patterns import LETTER, alternation
from .resolution import Atom

if TYPE_CHECKING:
    from .shapes import Shape

DAY = r"\d\d?"  # a day or month number
UNIT = "unit"  # the reader argument that gets the unit whose group matched


class Verdict(Enum):
    """What a reader says of a match that gives no atom yet must be reported."""

    IMPOSSIBLE = "a date that names no real day"


IMPOSSIBLE = Verdict.IMPOSSIBLE  # reported by the scan, never made a Temporal
Reading = Atom | Literal[Verdict.IMPOSSIBLE] | None  # None: the match is no date


class Span(NamedTuple):
    """Where a shape matched: the sentence, and the bounds of the match in it."""

    sentence: str
    start: int
    end: int


class Groups:
    """Names the groups of one shape's pattern: ``group("day", DAY)``."""

    def __init__(self, shape: Shape) -> None:
        self._shape = shape

    def __call__(self, name: str, body: str) -> str:
        return f"(?P<{self._shape.group(name)}>{body})"

    def same(self, name: str) -> str:
        """A backreference: the text the group matched, once more."""
        return f"(?P={self._shape.group(name)})"


def unit_groups(
    group: Groups, units: Mapping[str, tuple[str, ...]], then: str = f"(?!{LETTER})"
) -> str:
    """One group per unit, so a match says which unit it found (a reader taking ``unit``
    gets its name); a unit without words never matches, and every shape has all the
    groups in every language. ``then``: what may follow the unit (by default no letter:
    no ending glued to it)."""
    ordered = [*units, *(unit for unit in UNITS if unit not in units)]
    groups = [group(unit, alternation(units.get(unit, ()))) for unit in ordered]
    return f"(?:{'|'.join(groups)}){then}"


def precision_of(unit: str) -> str:
    return {"week": "day"}.get(unit, unit)  # a week is its Monday..Sunday
