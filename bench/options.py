"""``python -m bench.options``: MkDocs' build under the options a site owner has.

MkDocs + Material take most of a large build, so this measures what a user could
change instead of our stages: one synthetic corpus (500 sources unless told) is built
and rendered at the default listing page sizes, at half and at twice those sizes, and
MkDocs builds each in a child process, with the project's configuration as it is and
with one option changed at a time. Prints one Markdown table, a row per variant.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path

from bench import site
from bench.__main__ import ROOT, TIMEOUT, log, machine
from bench.corpus import DEFAULT_SEED, generate
from bench.table import markdown_table, number
from natokorea_kb.pipeline import build, site_pages
from natokorea_kb.publish import write_pages
from natokorea_kb.render.views import PageSizes

DEFAULT_SOURCES = 500
Change = Callable[[dict], dict]


def without_feature(feature: str) -> Change:
    """A change of the MkDocs configuration that turns off one Material feature."""

    def change(config: dict) -> dict:
        theme = dict(config.get("theme") or {})
        theme["features"] = [f for f in theme.get("features", []) if f != feature]
        return config | {"theme": theme}

    return change


def without_plugin(name: str) -> Change:
    """A change of the MkDocs configuration that drops one plugin."""

    def change(config: dict) -> dict:
        kept = [p for p in config.get("plugins", []) if site.plugin_name(p) != name]
        return config | {"plugins": kept}

    return change


def scaled(sizes: PageSizes, factor: float) -> PageSizes:
    """Listing page sizes multiplied by ``factor``, never below one entry a page."""
    return replace(
        sizes, **{f.name: max(1, round(getattr(sizes, f.name) * factor)) for f in fields(sizes)}
    )


@dataclass(frozen=True)
class Variant:
    label: str
    page_scale: float = 1.0  # listing page sizes relative to render.PageSizes()
    change: Change | None = None  # of the MkDocs configuration


VARIANTS = (
    Variant("as configured"),
    Variant("without `navigation.instant`", change=without_feature("navigation.instant")),
    Variant("without `navigation.prune`", change=without_feature("navigation.prune")),
    Variant("without the tags plugin", change=without_plugin("tags")),
    Variant("listing pages half as long", page_scale=0.5),
    Variant("listing pages twice as long", page_scale=2.0),
)

HEADER = (
    "variant",
    "pages",
    "MkDocs build (s)",
    "peak RSS (MB)",
    "HTML per page, mean (kB)",
    "largest page (kB)",
)


def measure(variant: Variant, docs: Path, pages: int, work: Path, timeout: float) -> list[str]:
    """Build ``docs`` with MkDocs under ``variant``; one table row."""
    run, built = site.mkdocs_build(ROOT / "mkdocs.yml", docs, work, timeout, variant.change)
    if run.returncode is None:
        return [variant.label, number(pages, 0), f"> {timeout:.0f}, stopped", "–", "–", "–"]
    if run.returncode != 0:
        raise SystemExit(f"mkdocs build ({variant.label}) failed:\n{run.stderr[-3000:]}")
    size = site.site_size(built)
    shutil.rmtree(built)
    return [
        variant.label,
        number(pages, 0),
        number(run.seconds),
        number(run.peak_mb, 0),
        number(size.mean_page_bytes / 1e3, 1),
        number(size.largest_page_bytes / 1e3, 0),
    ]


def run(sources: int, seed: int, timeout: float, work: Path) -> list[list[str]]:
    log(f"generating and building {sources} sources …")
    kb = build(generate(ROOT / "corpus", work / "corpus", sources, seed))
    templates = ROOT / "docs_templates"
    rendered: dict[float, tuple[Path, int]] = {}
    rows = []
    for variant in VARIANTS:
        if variant.page_scale not in rendered:
            docs = work / f"docs-{variant.page_scale:g}"
            pages = site_pages(kb, templates, sizes=scaled(PageSizes(), variant.page_scale))
            write_pages(pages, templates, docs)
            rendered[variant.page_scale] = (docs, sum(p.path.endswith(".md") for p in pages))
        docs, count = rendered[variant.page_scale]
        log(f"mkdocs build, {variant.label} …")
        rows.append(measure(variant, docs, count, work, timeout))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.options", description=__doc__)
    parser.add_argument("--sources", type=int, default=DEFAULT_SOURCES, help="synthetic sources")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="RNG seed of the generator")
    parser.add_argument("--timeout", type=float, default=TIMEOUT, help="seconds per MkDocs build")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="natokorea-options-") as tmp:
        rows = run(args.sources, args.seed, args.timeout, Path(tmp))
    print(f"Machine: {machine()}.\n\nMkDocs on {args.sources:,} synthetic sources:\n")
    print(markdown_table(HEADER, rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
