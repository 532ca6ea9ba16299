"""Charts drawn at build time as inline SVG: no script, no external file, no network.

Shapes carry CSS classes only (``kb-bar``, ``kb-dot kb-kind-event`` …); colours come
from ``kb.css`` through Material's variables, so the charts follow the light and dark
schemes. Every number is rounded to one decimal, so the same data gives the same bytes.
Text (labels, tooltips) is escaped here: callers pass plain strings.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..records import Fact
from . import links
from .links import Linker
from .views import Views, group, period_order, year_of

MAX_STACK = 8  # dots drawn in one year; the last stands for the rest when there are more


@dataclass(frozen=True)
class Bar:
    """One column: a label under it, its value, where it links (if anywhere), a tooltip."""

    label: str
    value: int
    href: str | None
    tooltip: str
    tick: bool = False  # print the label under the axis


@dataclass(frozen=True)
class Band:
    """Facts dated to a decade: a band over its ten columns, above the bars."""

    label: str
    value: int
    start: int  # index of its first column
    href: str
    tooltip: str


@dataclass(frozen=True)
class Point:
    """One dot on a time axis, linked to the fact it stands for."""

    year: int
    kind: str
    href: str
    tooltip: str


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg(width: float, height: float, label: str, body: list[str]) -> Markup:
    head = (
        f'<svg class="kb-svg" viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    )
    return Markup("".join([head, f"<title>{escape(label)}</title>", *body, "</svg>"]))


def bar_chart(
    bars: Sequence[Bar],
    label: str,
    step: float = 12.0,
    height: float = 120.0,
    bands: Sequence[Band] = (),
) -> Markup:
    """A column chart, one column per bar, linked columns clickable, ticked labels below;
    bands (facts of a decade) in a row above the columns they span."""
    band_row = 18.0 if bands else 0.0
    top, bottom = 14.0 + band_row, 18.0
    width = max(len(bars), 1) * step
    peak = max((b.value for b in bars), default=0) or 1
    body = [
        f'<line class="kb-axis" x1="0" y1="{_n(top + height)}" x2="{_n(width)}" '
        f'y2="{_n(top + height)}"/>'
    ]
    for index, bar in enumerate(bars):
        x = index * step
        tall = height * bar.value / peak
        shape = (
            f'<rect class="kb-bar" x="{_n(x + 1)}" y="{_n(top + height - tall)}" '
            f'width="{_n(step - 2)}" height="{_n(tall)}">'
            f"<title>{escape(bar.tooltip)}</title></rect>"
        )
        if bar.value:
            shape += (
                f'<text class="kb-value" x="{_n(x + step / 2)}" y="{_n(top + height - tall - 3)}" '
                f'text-anchor="middle">{bar.value}</text>'
            )
        if bar.href:
            shape = f'<a href="{escape(bar.href)}">{shape}</a>'
        body.append(shape)
        if bar.tick:
            body.append(
                f'<text class="kb-tick" x="{_n(x + step / 2)}" y="{_n(top + height + 13)}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    for band in bands:
        x = band.start * step
        body.append(
            f'<a href="{escape(band.href)}"><rect class="kb-band" x="{_n(x + 1)}" y="2" '
            f'width="{_n(10 * step - 2)}" height="{_n(band_row - 4)}">'
            f"<title>{escape(band.tooltip)}</title></rect>"
            f'<text class="kb-value" x="{_n(x + 5 * step)}" y="{_n(band_row - 6)}" '
            f'text-anchor="middle">{escape(band.label)}: {band.value}</text></a>'
        )
    return _svg(width, top + height + bottom, label, body)


def timeline(points: Sequence[Point], label: str, per_year: float = 8.0) -> Markup:
    """Dots on a year axis, stacked within a year, each linked to its fact."""
    if not points:
        return Markup("")
    first = min(p.year for p in points) // 10 * 10
    last = max(p.year for p in points) // 10 * 10 + 10
    stacks: dict[int, list[Point]] = defaultdict(list)
    for point in points:
        stacks[point.year].append(point)
    radius, gap, margin = 3.5, 8.0, 12.0
    tallest = max(len(s) for s in stacks.values())
    axis_y = margin + tallest * gap
    width = (last - first) * per_year + 2 * margin
    body = [f'<line class="kb-axis" x1="0" y1="{_n(axis_y)}" x2="{_n(width)}" y2="{_n(axis_y)}"/>']
    for decade in range(first, last + 1, 10):
        x = margin + (decade - first) * per_year
        body.append(
            f'<line class="kb-grid" x1="{_n(x)}" y1="{_n(margin / 2)}" x2="{_n(x)}" '
            f'y2="{_n(axis_y + 4)}"/>'
            f'<text class="kb-tick" x="{_n(x)}" y="{_n(axis_y + 16)}" '
            f'text-anchor="middle">{decade}</text>'
        )
    for year in sorted(stacks):
        x = margin + (year - first + 0.5) * per_year
        for level, point in enumerate(stacks[year]):
            y = axis_y - gap * (level + 0.5)
            body.append(
                f'<a href="{escape(point.href)}">'
                f'<circle class="kb-dot kb-kind-{escape(point.kind)}" '
                f'cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}">'
                f"<title>{escape(point.tooltip)}</title></circle></a>"
            )
    return _svg(width, axis_y + 22, label, body)


# ------------------------------------------------------------------ the site's charts


def years_chart(views: Views, link: Linker) -> Markup:
    """Facts per year, one column for every year from the first to the last; facts dated
    only to a decade stand in a band of their own over its ten years."""
    years = [int(y) for y in views.years if y.isdigit()]
    decades = [p for p in views.years if p.endswith("s") and p[:-1].isdigit()]
    if not years and not decades:
        return Markup("")
    first = min([*years, *(int(d[:-1]) for d in decades)])
    last = max([*years, *(int(d[:-1]) + 9 for d in decades)])
    bands = [
        Band(
            label=decade,
            value=len(views.by_year[decade]),
            start=int(decade[:-1]) - first,
            href=link.url(links.year(decade)),
            tooltip=f"{decade}: {len(views.by_year[decade])} facts dated to the decade only",
        )
        for decade in decades
    ]
    bars = []
    for year in range(first, last + 1):
        key = str(year)
        listed = len(views.by_year.get(key, ()))
        statements = len(views.statements_by_year.get(key, ()))
        bars.append(
            Bar(
                label=key,
                value=listed,
                href=link.url(links.year(key)) if listed else None,
                tooltip=f"{key}: {listed} facts from {statements} statements",
                tick=year % 10 == 0,
            )
        )
    return bar_chart(bars, "Facts per year", bands=bands)


def milestone_chart(facts: Iterable[Fact], views: Views, link: Linker, label: str) -> Markup:
    """Milestone facts as dots on a year axis; each links to its card on its year page.

    A year with more milestones than a stack holds ends in one dot for the rest, linked
    to the year page, so the chart's size depends on the years, not on the facts.
    """
    by_year = group(facts, year_of)
    points = []
    for year, listed in by_year.items():
        at = period_order(year)[0]  # a decade's dots stand at its first year
        for position, fact in enumerate(listed):
            if position == MAX_STACK - 1 and len(listed) > MAX_STACK:
                rest = len(listed) - position
                points.append(
                    Point(
                        year=at,
                        kind="more",
                        href=link.url(links.year(year)),
                        tooltip=f"{year}: {rest} more milestones",
                    )
                )
                break
            points.append(
                Point(
                    year=at,
                    kind=fact.kind,
                    href=link.url(*views.home_of(fact)),
                    tooltip=f"{fact.date.start}: {fact.title}",
                )
            )
    return timeline(points, label)
