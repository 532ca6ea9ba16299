"""What ``python -m bench`` prints: the figures table, the cache table, the targets.

A result is the record the benchmark keeps per corpus: ``kb`` (the child's figures),
``kb_peak_mb`` and, when MkDocs ran, ``mkdocs_seconds``, ``mkdocs_peak_mb``,
``mkdocs_warnings`` and ``site`` (see :class:`bench.site.SiteSize`).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable

from bench.child import KB_STAGES, PER_SOURCE
from bench.table import MISSING, Row, markdown_table, number

TARGET_SHARE = 0.10
TARGET_EXTRACT_MB_S = 1.0
TARGET_GROWTH = 1.5
TARGET_PEAK_MB = 2048
TARGET_REBUILD_S = 2.0
TARGET_QUERY_KB = 400  # issue 16: what one search downloads, however large the site
TARGET_PAGE_GROWTH = 1.25  # "flat": mean HTML bytes per page within 25 % from 50 to 5,000
TARGET_VISIBLE_S = 1.5  # an edit shows under `mkdocs serve` within this, on the seeds


def kb_seconds(result: dict) -> float:
    """Seconds of the knowledge-base stages: everything before MkDocs renders HTML."""
    return sum(result["kb"]["seconds"].get(stage, 0.0) for stage in KB_STAGES)


def share(result: dict) -> float:
    """The knowledge-base stages' part of the full build (KB stages + MkDocs)."""
    return kb_seconds(result) / (kb_seconds(result) + result["mkdocs_seconds"])


def english_build(result: dict) -> float:
    """The English edition's build: every KB stage (its render included) and MkDocs."""
    return kb_seconds(result) + result["mkdocs_seconds"]


def turkish_build(result: dict) -> float:
    """What the Turkish edition adds: its render from the same knowledge base, and MkDocs."""
    return result["kb"]["seconds"]["render_tr"] + result["mkdocs_tr_seconds"]


def per_source(result: dict) -> float:
    return kb_seconds(result) / result["kb"]["sources"]


def render_share(result: dict) -> float:
    """The render stage's part of the full build."""
    return result["kb"]["seconds"]["render"] / (kb_seconds(result) + result["mkdocs_seconds"])


def speedup(result: dict) -> float:
    """Wall-clock seconds of the per-source stages on 1 job over those on 2."""
    stages = result["stages"]
    return stages[1]["sources"] / stages[2]["sources"]


def extract_rate(result: dict) -> float:
    """Megabytes of source text extracted per second."""
    return result["kb"]["bytes"] / 1e6 / result["kb"]["seconds"]["extract"]


def mean_page(result: dict) -> float:
    return result["site"]["html_bytes"] / result["site"]["html_pages"]


def _mkdocs(cell: Callable[[dict], str]) -> Callable[[dict], str]:
    """A cell that says so when MkDocs was stopped at its time limit."""

    def guarded(result: dict) -> str:
        if "mkdocs_timeout" in result:
            return f"> {result['mkdocs_timeout']:.0f}, stopped"
        return cell(result)

    return guarded


def _stopped(result: dict) -> str:
    return f"> {result['kb_timeout']:.0f}, stopped"


def _stage(stage: str, unit: str = "s") -> Row:
    def cell(result: dict) -> str:
        seconds = result["kb"]["seconds"]
        if stage not in seconds and "kb_timeout" in result:
            return _stopped(result)
        return number(seconds.get(stage, 0.0))

    return Row(f"{stage} ({unit})", cell)


def _work(stage: str) -> Row:
    """A per-source stage: seconds of work summed over the worker processes."""
    return _stage(stage, "s of work")


def _total(cell: Callable[[dict], str]) -> Callable[[dict], str]:
    """A cell over all KB stages, which cannot be given when a stage did not finish."""

    def guarded(result: dict) -> str:
        return _stopped(result) if "kb_timeout" in result else cell(result)

    return guarded


ROWS = [
    Row("sources", lambda r: number(r["kb"]["sources"], 0)),
    Row("source text (MB)", lambda r: number(r["kb"]["bytes"] / 1e6)),
    Row("sentences", lambda r: number(r["kb"]["sentences"], 0)),
    Row("facts", lambda r: number(r["kb"]["facts"], 0)),
    Row("pages (Markdown)", lambda r: number(r["kb"]["pages"], 0)),
    _stage("read"),
    *(_work(stage) for stage in PER_SOURCE),
    *(_stage(stage) for stage in KB_STAGES[1:]),
    Row("**KB stages (s)**", _total(lambda r: number(kb_seconds(r)))),
    Row("jobs (processes for the per-source stages)", lambda r: number(r["kb"]["jobs"], 0)),
    Row(
        "per-source stages on 1 / 2 jobs (s)",
        lambda r: f"{number(r['stages'][1]['sources'])} / {number(r['stages'][2]['sources'])}",
    ),
    Row("speedup of 2 jobs over 1", lambda r: f"{speedup(r):.2f}×"),
    Row(
        "KB stages per source (ms)",
        lambda r: (
            f"> {r['kb_timeout'] / r['kb']['sources'] * 1000:,.0f}"
            if "kb_timeout" in r
            else number(per_source(r) * 1000, 1)
        ),
    ),
    Row("extraction (MB/s)", lambda r: number(extract_rate(r))),
    Row("**MkDocs build (s)**", _mkdocs(lambda r: number(r["mkdocs_seconds"]))),
    Row("KB share of full build", _mkdocs(lambda r: f"{share(r):.1%}")),
    Row("render share of full build", _mkdocs(lambda r: f"{render_share(r):.1%}")),
    Row("render, Turkish edition (s)", lambda r: number(r["kb"]["seconds"]["render_tr"])),
    Row("MkDocs build, Turkish edition (s)", _mkdocs(lambda r: number(r["mkdocs_tr_seconds"]))),
    Row(
        "**English build / Turkish build (s)**",
        _mkdocs(lambda r: f"{number(english_build(r))} / {number(turkish_build(r))}"),
    ),
    Row("Zensical build, cold / warm (s)", lambda r: " / ".join(map(number, r["zensical"]))),
    Row("peak RSS, KB stages before render (MB)", lambda r: number(r["kb"]["build_peak_mb"], 0)),
    Row("peak RSS, KB stages (MB)", lambda r: number(r["kb_peak_mb"], 0)),
    Row("peak RSS, largest worker process (MB)", lambda r: number(r["kb"]["worker_peak_mb"], 0)),
    Row("peak RSS, MkDocs (MB)", lambda r: number(r["mkdocs_peak_mb"], 0)),
    Row("HTML pages", lambda r: number(r["site"]["html_pages"], 0)),
    Row("HTML per page, mean (kB)", lambda r: number(mean_page(r) / 1e3, 1)),
    Row("HTML per page, median (kB)", lambda r: number(r["site"]["median_page_bytes"] / 1e3, 1)),
    Row("largest HTML page (kB)", lambda r: number(r["site"]["largest_page_bytes"] / 1e3, 0)),
    Row("facts.yml (MB)", lambda r: number(r["kb"]["data_bytes"]["facts.yml"] / 1e6)),
    Row("MkDocs warnings", lambda r: number(r["mkdocs_warnings"], 0)),
    Row("search records", lambda r: number(r["search"]["records"], 0)),
    Row("search records built (s)", lambda r: number(r["search"]["records_seconds"])),
    Row("**search indexing, Pagefind (s)**", lambda r: number(r["search"]["index_seconds"])),
    Row("**peak RSS, Pagefind indexer (MB)**", lambda r: number(r["search"]["indexer_peak_mb"], 0)),
    Row(
        "peak RSS, search child with the KB (MB)", lambda r: number(r["search"]["child_peak_mb"], 0)
    ),
    Row("search index on disk (MB)", lambda r: number(r["search"]["bundle_bytes"] / 1e6)),
    Row("search index files", lambda r: number(r["search"]["bundle_files"], 0)),
    Row("**kB per query, cold, compressed**", lambda r: _kilobytes(r["search"]["payload"]["sent"])),
    Row("kB per query, cold, uncompressed", lambda r: _kilobytes(r["search"]["payload"]["raw"])),
]


def _kilobytes(values: list[float]) -> str:
    """Smallest, median and largest of byte counts, in kB."""
    return " / ".join(f"{v / 1e3:,.0f}" for v in values)


def search_targets(results: list[dict]) -> list[str]:
    """Issue 16: bytes per query and the indexer's memory against MkDocs' own."""
    lines = []
    payloads = [r for r in results if r.get("search", {}).get("payload")]
    if payloads:
        largest = {r["name"]: r["search"]["payload"] for r in payloads}
        worst = max(p["sent"][2] for p in largest.values())
        cells = ", ".join(
            f"{n} {p['sent'][2] / 1e3:,.0f} ({p['raw'][2] / 1e3:,.0f} uncompressed)"
            for n, p in largest.items()
        )
        lines.append(
            f"- at most {TARGET_QUERY_KB} kB per query, cold, as a compressing host serves it "
            f"(largest): {cells} kB — {_verdict(worst <= TARGET_QUERY_KB * 1e3)}"
        )
    compared = [
        r for r in results if "mkdocs_peak_mb" in r and "indexer_peak_mb" in r.get("search", {})
    ]
    if compared:
        cells = ", ".join(
            f"{r['name']} {r['search']['indexer_peak_mb']:,.0f} vs {r['mkdocs_peak_mb']:,.0f}"
            for r in compared
        )
        ok = all(r["search"]["indexer_peak_mb"] < r["mkdocs_peak_mb"] for r in compared)
        lines.append(
            f"- indexing peak memory below the MkDocs build's (MB, Pagefind vs MkDocs): {cells} — "
            f"{_verdict(ok)}"
        )
    return lines or ["- not measured (no search figures)"]


def _cached_seconds(run: dict) -> float:
    """KB stages of a cached build, the cache's own reading and writing included."""
    return sum(run["seconds"].get(stage, 0.0) for stage in (*KB_STAGES, "cache"))


def cache_table(figures: dict) -> str:
    """The seed corpus built with the cache: filled, unchanged, after an edit."""
    edited = f"`{figures['edited_file']}`"
    runs = [
        ("first build, empty cache (as `mkdocs serve` starts)", figures["cold"]),
        ("rebuild, nothing changed (same process)", figures["warm"]),
        (f"rebuild after appending to {edited} (same process)", figures["edited"]),
        (f"rebuild after appending to {edited} (new process)", figures["fresh"]),
    ]
    rows = [
        [
            label,
            number(_cached_seconds(run)),
            number(run["seconds"].get("cache", 0.0)),
            number(run["seconds"].get("extract")) if "extract" in run["seconds"] else MISSING,
            number(run["seconds"].get("render", 0.0)),
        ]
        for label, run in runs
    ]
    header = [
        "seed corpus with the cache",
        "KB stages (s)",
        "cache (s)",
        "extract (s)",
        "render (s)",
    ]
    return markdown_table(header, rows)


def serve_table(figures: dict) -> str:
    """The seed site under `mkdocs serve`: seconds from an edit until it shows, and what
    the in-process builds rendered."""
    visible = [run["visible_seconds"] for run in figures["visible"]]
    builds = {run["build"]: run for run in figures["rebuilds"]}
    edited = builds["edited"]
    rows = [
        [
            f"edit to visible, {len(visible)} edits (median, range)",
            f"{statistics.median(visible):.2f} s ({min(visible):.2f}–{max(visible):.2f})",
        ],
        ["build after an edit (in the serving process)", f"{edited['seconds']:.2f} s"],
        ["build with nothing changed", f"{builds['unchanged']['seconds']:.2f} s"],
        ["first build", f"{builds['first']['seconds']:.2f} s"],
        [
            "pages rendered again after an edit / whose Markdown changed / all",
            f"{len(edited['rebuilt'])} / {len(edited['changed'])} / {edited['pages']}",
        ],
    ]
    return markdown_table(["seed site under `mkdocs serve`", ""], rows)


def _verdict(ok: bool) -> str:
    return "met" if ok else "**missed**"


def _share_line(results: list[dict], what: str, part: Callable[[dict], float]) -> str | None:
    """A target on a part of the full build, where MkDocs was measured."""
    measured = [r for r in results if "mkdocs_seconds" in r]
    if not measured:
        return None
    note = "" if len(measured) == len(results) else " (MkDocs not measured at every size)"
    return (
        f"- {what} ≤ {TARGET_SHARE:.0%} of the full build: "
        + ", ".join(f"{r['name']} {part(r):.1%}" for r in measured)
        + f" — {_verdict(max(map(part, measured)) <= TARGET_SHARE)}{note}"
    )


def _share_target(results: list[dict]) -> str | None:
    return _share_line(results, "KB stages", share)


def _render_target(results: list[dict]) -> str | None:
    return _share_line(results, "render", render_share)


def _speedup_target(results: list[dict]) -> str | None:
    timed = [r for r in results if "stages" in r]
    if not timed:
        return None
    return "- per-source stages, 2 jobs over 1: " + ", ".join(
        f"{r['name']} {speedup(r):.2f}×" for r in timed
    )


def _extract_target(results: list[dict]) -> str:
    synthetic = [r for r in results if r["name"] != "seeds"] or results
    return (
        f"- extraction ≥ {TARGET_EXTRACT_MB_S:g} MB/s on one core: "
        + ", ".join(f"{r['name']} {extract_rate(r):.2f}" for r in results)
        + f" MB/s — {_verdict(min(map(extract_rate, synthetic)) >= TARGET_EXTRACT_MB_S)}"
        + " (judged on the synthetic corpora; a small corpus mostly pays for compiling the rules)"
    )


def _scale_targets(small: dict, large: dict) -> list[str]:
    stopped = "kb_timeout" in large  # then its time per source is at least this much
    large_per = large["kb_timeout"] / large["kb"]["sources"] if stopped else per_source(large)
    growth = large_per / per_source(small)
    lines = [
        f"- KB time per source at {large['name']} within {TARGET_GROWTH}× of {small['name']}: "
        f"{per_source(small) * 1000:.1f} → {'≥ ' if stopped else ''}{large_per * 1000:.1f} ms "
        f"({'≥ ' if stopped else ''}{growth:.2f}×) — {_verdict(growth <= TARGET_GROWTH)}"
    ]
    peaks = [f"KB stages {large['kb_peak_mb']:,.0f} MB"]
    if "mkdocs_peak_mb" in large:
        peaks.append(f"MkDocs {large['mkdocs_peak_mb']:,.0f} MB")
    peak = max(large["kb_peak_mb"], large.get("mkdocs_peak_mb", 0.0))
    lines.append(
        f"- peak memory < {TARGET_PEAK_MB / 1024:g} GB at {large['name']}: {', '.join(peaks)} "
        f"— {_verdict(peak < TARGET_PEAK_MB)}"
    )
    if "site" in small and "site" in large:
        pages = mean_page(large) / mean_page(small)
        lines.append(
            f"- HTML bytes per page flat from {small['name']} to {large['name']}: "
            f"{mean_page(small) / 1e3:.1f} → {mean_page(large) / 1e3:.1f} kB mean ({pages:.2f}×) "
            f"— {_verdict(pages <= TARGET_PAGE_GROWTH)}"
        )
    return lines


def targets(results: list[dict], cache: dict | None) -> list[str]:
    """Each target of issues 8 and 20 with its measured values and whether it is met."""
    results = [r for r in results if "sources" in r["kb"]]  # a child stopped before building
    firsts = (_share_target, _render_target, _speedup_target, _extract_target)
    lines = [line for line in (first(results) for first in firsts) if line]
    synthetic = sorted(
        (r for r in results if r["name"] != "seeds"), key=lambda r: r["kb"]["sources"]
    )
    if len(synthetic) >= 2:
        lines.extend(_scale_targets(synthetic[0], synthetic[-1]))
    lines.extend(
        f"- {r['name']} sources: the knowledge-base stages were stopped after "
        f"{r['kb_timeout']:.0f} s, before rendering finished"
        for r in results
        if "kb_timeout" in r
    )
    editions = [r for r in results if "mkdocs_tr_seconds" in r]
    if editions:
        ratios = ", ".join(
            f"{r['name']} {turkish_build(r):.1f} s / {english_build(r):.1f} s" for r in editions
        )
        met = all(turkish_build(r) <= english_build(r) for r in editions)
        lines.append(
            f"- Turkish build at most as much again as the English one (issue 18): {ratios} "
            f"— {_verdict(met)}"
        )
    if cache is not None:
        serving, fresh = _cached_seconds(cache["edited"]), _cached_seconds(cache["fresh"])
        lines.append(
            f"- rebuild of the seed corpus after an edit < {TARGET_REBUILD_S:g} s (KB stages): "
            f"{serving:.2f} s in the serving process, {fresh:.2f} s in a new one "
            f"— {_verdict(max(serving, fresh) < TARGET_REBUILD_S)}"
        )
        visible = [run["visible_seconds"] for run in cache["serve"]["visible"]]
        lines.append(
            f"- edit to visible under `mkdocs serve` ≤ {TARGET_VISIBLE_S:g} s (seeds, median "
            f"of {len(visible)}): {statistics.median(visible):.2f} s "
            f"— {_verdict(statistics.median(visible) <= TARGET_VISIBLE_S)}"
        )
    return lines
