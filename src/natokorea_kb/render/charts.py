"""Charts drawn at build time as inline SVG: no script, no external file, no network.

Shapes carry CSS classes only (``kb-bar``, ``kb-dot kb-kind-event`` …); colours come
from ``kb.css`` through Material's variables, so the charts follow the light and dark
schemes. Every number is rounded to one decimal, so the same data gives the same bytes.
Text (labels, tooltips) is escaped here: callers pass plain strings.

A chart is drawn at its own size in CSS pixels (one unit of its ``viewBox`` is one
pixel) inside a box that scrolls sideways when the screen is narrower, so its labels
keep their 12 px on a phone instead of shrinking with the page. Charts hold no links:
Material's instant navigation cannot handle links inside SVG (it assigns ``href``,
which SVG elements only read), and a dot is too small a target for a finger. What a
chart shows is listed beside it in HTML (the years table, the milestone lists), and
each chart says so in its text alternative.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..records import Fact
from .edition import Edition, title_in
from .views import Views, group, period_order, year_of

MAX_STACK = 8  # dots drawn in one year; the last stands for the rest when there are more


@dataclass(frozen=True)
class Bar:
    """One column: a label under it, its value and a tooltip."""

    label: str
    value: int
    tooltip: str
    tick: bool = False  # print the label under the axis


@dataclass(frozen=True)
class Band:
    """Facts dated to a decade: a band over its ten columns, above the bars."""

    label: str
    value: int
    start: int  # index of its first column
    tooltip: str


@dataclass(frozen=True)
class Point:
    """One dot on a time axis: the fact it stands for, as a tooltip."""

    year: int
    kind: str
    tooltip: str


def _n(value: float) -> str:
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _svg(width: float, height: float, label: str, description: str, body: list[str]) -> Markup:
    """The SVG at its own size in a sideways-scrolling, keyboard-focusable box."""
    head = (
        f'<svg class="kb-svg" width="{_n(width)}" height="{_n(height)}" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" role="img" '
        f'aria-label="{escape(label)}. {escape(description)}" '
        'xmlns="http://www.w3.org/2000/svg">'
    )
    svg = "".join([head, f"<title>{escape(label)}</title>", *body, "</svg>"])
    return Markup(
        f'<div class="kb-scroll" tabindex="0" role="group" aria-label="{escape(label)}">{svg}</div>'
    )


def bar_chart(
    bars: Sequence[Bar],
    label: str,
    description: str,
    step: float = 10.0,
    height: float = 110.0,
    bands: Sequence[Band] = (),
) -> Markup:
    """A column chart, one column per bar, ticked labels below; bands (facts of a
    decade) in a row above the columns they span."""
    band_row = 18.0 if bands else 0.0
    top, bottom, side = 6.0 + band_row, 22.0, 16.0
    width = max(len(bars), 1) * step + 2 * side
    peak = max((b.value for b in bars), default=0) or 1
    body = [
        f'<line class="kb-axis" x1="0" y1="{_n(top + height)}" x2="{_n(width)}" '
        f'y2="{_n(top + height)}"/>'
    ]
    for index, bar in enumerate(bars):
        x = side + index * step
        tall = height * bar.value / peak
        if bar.value:
            body.append(
                f'<rect class="kb-bar" x="{_n(x + 1)}" y="{_n(top + height - tall)}" '
                f'width="{_n(step - 2)}" height="{_n(tall)}">'
                f"<title>{escape(bar.tooltip)}</title></rect>"
            )
        if bar.tick:
            body.append(
                f'<line class="kb-grid" x1="{_n(x + step / 2)}" y1="{_n(top + height)}" '
                f'x2="{_n(x + step / 2)}" y2="{_n(top + height + 4)}"/>'
                f'<text class="kb-tick" x="{_n(x + step / 2)}" y="{_n(top + height + 17)}" '
                f'text-anchor="middle">{escape(bar.label)}</text>'
            )
    for band in bands:
        x = side + band.start * step
        body.append(
            f'<rect class="kb-band" x="{_n(x + 1)}" y="2" '
            f'width="{_n(10 * step - 2)}" height="{_n(band_row - 4)}">'
            f"<title>{escape(band.tooltip)}</title></rect>"
            f'<text class="kb-tick" x="{_n(x + 5 * step)}" y="{_n(band_row - 5)}" '
            f'text-anchor="middle">{escape(band.label)}: {band.value}</text>'
        )
    return _svg(width, top + height + bottom, label, description, body)


def timeline(
    points: Sequence[Point], label: str, description: str, per_year: float = 12.0
) -> Markup:
    """Dots on a year axis, stacked within a year."""
    if not points:
        return Markup("")
    first = min(p.year for p in points) // 10 * 10
    last = max(p.year for p in points) // 10 * 10 + 10
    stacks: dict[int, list[Point]] = defaultdict(list)
    for point in points:
        stacks[point.year].append(point)
    radius, gap, margin = 4.5, 11.0, 20.0
    tallest = max(len(s) for s in stacks.values())
    axis_y = 8 + tallest * gap
    width = (last - first) * per_year + 2 * margin
    body = [f'<line class="kb-axis" x1="0" y1="{_n(axis_y)}" x2="{_n(width)}" y2="{_n(axis_y)}"/>']
    for decade in range(first, last + 1, 10):
        x = margin + (decade - first) * per_year
        body.append(
            f'<line class="kb-grid" x1="{_n(x)}" y1="4" x2="{_n(x)}" y2="{_n(axis_y + 4)}"/>'
            f'<text class="kb-tick" x="{_n(x)}" y="{_n(axis_y + 18)}" '
            f'text-anchor="middle">{decade}</text>'
        )
    for year in sorted(stacks):
        x = margin + (year - first + 0.5) * per_year
        for level, point in enumerate(stacks[year]):
            y = axis_y - gap * (level + 0.5)
            body.append(
                f'<circle class="kb-dot kb-kind-{escape(point.kind)}" '
                f'cx="{_n(x)}" cy="{_n(y)}" r="{_n(radius)}">'
                f"<title>{escape(point.tooltip)}</title></circle>"
            )
    return _svg(width, axis_y + 26, label, description, body)


# ------------------------------------------------------------------ the site's charts


def years_chart(views: Views, edition: Edition) -> Markup:
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
            label=edition.period(decade),
            value=len(views.by_year[decade]),
            start=int(decade[:-1]) - first,
            tooltip=edition.text(
                "charts.decade_band",
                decade=edition.period(decade),
                facts=edition.text("counts.facts", count=len(views.by_year[decade])),
            ),
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
                tooltip=edition.text(
                    "charts.year_bar",
                    year=key,
                    facts=edition.text("counts.facts", count=listed),
                    statements=edition.text("counts.statements", count=statements),
                ),
                tick=year % 10 == 0,
            )
        )
    busiest = max(bars, key=lambda bar: (bar.value, -int(bar.label)))
    description = edition.text(
        "charts.years_description",
        facts=edition.text("counts.facts", count=len(views.canonical)),
        first=first,
        last=last,
        most=busiest.value,
        busiest=busiest.label,
    )
    return bar_chart(bars, edition.text("charts.years_label"), description, bands=bands)


def milestone_chart(facts: Iterable[Fact], label: str, edition: Edition) -> Markup:
    """Milestone facts as dots on a year axis, coloured by kind.

    A year with more milestones than a stack holds ends in one dot for the rest, so the
    chart's size depends on the years, not on the facts.
    """
    by_year = group(facts, year_of)
    points = []
    for year, listed in by_year.items():
        at = period_order(year)[0]  # a decade's dots stand at its first year
        for position, fact in enumerate(listed):
            if position == MAX_STACK - 1 and len(listed) > MAX_STACK:
                rest = len(listed) - position
                more = edition.text("charts.more_milestones", count=rest)
                points.append(Point(at, "more", f"{edition.period(year)}: {more}"))
                break
            title = title_in(fact, edition.language)[0]
            points.append(Point(at, fact.kind, f"{edition.date(fact.date)}: {title}"))
    count = sum(len(listed) for listed in by_year.values())
    years = list(by_year)
    description = edition.text(
        "charts.milestones_description" if years else "charts.milestones_none",
        milestones=edition.text("counts.milestones", count=count),
        periods=edition.text("counts.periods", count=len(years)),
        first=edition.period(years[0]) if years else "",
        last=edition.period(years[-1]) if years else "",
    )
    return timeline(points, label, description)
