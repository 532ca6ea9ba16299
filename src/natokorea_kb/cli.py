"""The ``natokorea-kb`` command: the pipeline without MkDocs.

Stage errors become one line on stderr and exit code 1; nothing else is caught, so a
bug still shows its traceback. Impossible dates in a source text are warnings on stderr:
the texts are third-party and quoted as published, so they never fail a command.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

import click

from .errors import KBError
from .evaluate import evaluate, load_key
from .pipeline import KnowledgeBase, Timings, build, build_site
from .publish import data_files, write_pages
from .yamlio import replace_folder, write_atomic

corpus_option = click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("corpus"),
    show_default=True,
    help="Corpus folder (sources.yml, lexicon.yml, sources/).",
)
templates_option = click.option(
    "--templates",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("docs_templates"),
    show_default=True,
    help="Folder of Jinja page templates.",
)


def _one_line(error: KBError) -> click.ClickException:
    """The error as one line: a quoted value may hold line breaks, the message may not."""
    return click.ClickException(" ".join(str(error).split()))


def _build(corpus: Path, timings: Timings | None = None) -> KnowledgeBase:
    try:
        kb = build(corpus, timings)
    except KBError as error:
        raise _one_line(error) from None
    _warn(kb)
    return kb


def _warn(kb: KnowledgeBase) -> None:
    for warning in kb.warnings:
        click.echo(f"Warning: {warning}", err=True)


@click.group()
@click.version_option(package_name="natokorea-kb")
def main() -> None:
    """Build a cited knowledge base of NATO–South Korea relations from corpus/."""


@main.command()
@corpus_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Folder to write facts.yml, facts.json, facts.csv and facts.schema.json into.",
)
def extract(corpus: Path, out: Path) -> None:
    """Extract fact records and write them as YAML, JSON and CSV (atomically)."""
    kb = _build(corpus)
    for page in data_files(kb):
        write_atomic(out / Path(page.path).name, page.content)
    click.echo(f"{len(kb.facts)} facts from {len(kb.documents)} sources written to {out}")


@main.command()
@corpus_option
@click.option("--coverage", is_flag=True, help="List dated sentences that gave no fact, and why.")
def check(corpus: Path, coverage: bool) -> None:
    """Validate the corpus and print a summary and the per-source accounting."""
    kb = _build(corpus)
    sentences = sum(len(d.sentences) for d in kb.documents)
    click.echo(f"{len(kb.documents)} sources, {sentences} sentences, {len(kb.facts)} facts")
    click.echo("")
    click.echo(f"{'source':<8}{'raw':>8}{'sentences':>11}{'notes':>8}{'artefacts':>11}{'space':>8}")
    for document in kb.documents:
        acc = document.accounting
        removed = sum(acc.artefacts.values())
        click.echo(
            f"{document.source.id:<8}{acc.raw:>8}{acc.in_sentences:>11}{acc.in_notes:>8}"
            f"{removed:>11}{acc.whitespace:>8}"
            + (f"  {_rules(acc.artefacts)}" if acc.artefacts else "")
        )
    if coverage:
        click.echo("")
        click.echo(f"{len(kb.skipped)} dated expressions gave no fact:")
        for item in kb.skipped:
            click.echo(f"  {item.source} {item.sentence:<6} {item.reason:<24} {item.date_text}")


def _rules(artefacts: dict[str, int]) -> str:
    return ", ".join(f"{rule} {count}" for rule, count in sorted(artefacts.items()))


@main.command()
@corpus_option
@templates_option
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    required=True,
    help="Docs folder to write the generated Markdown pages and data files into.",
)
@click.option(
    "--key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Answer key the About page scores the extraction against, as the plugin's "
    "answer_key option does (tests/gold/seeds.yml for the seed corpus); without it the "
    "About page says no evaluation was run.",
)
def render(corpus: Path, templates: Path, out: Path, key: Path | None) -> None:
    """Write the generated pages to a folder (for generators that run no plugins)."""
    try:
        site = build_site(corpus, templates, key)
    except KBError as error:
        raise _one_line(error) from None
    _warn(site.kb)
    pages = site.pages
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".render-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; the pages are meant to be published
    try:
        write_pages(pages, templates, staging)
        replace_folder(staging, out)
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    click.echo(f"{len(pages)} files written to {out}")


@main.command("eval")
@corpus_option
@click.option(
    "--key",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("tests/gold/seeds.yml"),
    show_default=True,
    help="Answer key: hand-annotated dated statements of the corpus.",
)
@click.option("--details/--no-details", default=True, help="List misses and extras.")
def eval_command(corpus: Path, key: Path, details: bool) -> None:
    """Score the extraction against the answer key: precision and recall."""
    kb = _build(corpus)
    try:
        entries = load_key(key, kb.documents)
    except KBError as error:
        raise _one_line(error) from None
    result = evaluate(kb.facts, entries)
    click.echo(f"{'':<14}{'key':>6}{'found':>7}{'match':>7}{'precision':>11}{'recall':>8}")
    rows = [(f"source {s}", score) for s, score in result.by_source.items()]
    rows += [(f"kind {k}", score) for k, score in result.by_kind.items()]
    rows.append(("all", result.total))
    for label, score in rows:
        click.echo(
            f"{label:<14}{score.keyed:>6}{score.extracted:>7}{score.matched:>7}"
            f"{score.precision:>11.3f}{score.recall:>8.3f}"
        )
    click.echo(
        f"kind agrees on {result.kind_agreement} of {result.total.matched} matches; "
        f"{len(result.milestones_missed)} milestones missed"
    )
    if details:
        for entry in result.misses:
            click.echo(
                f"MISS  {entry.source} {entry.start:<10} {entry.kind:<11} {entry.quote[:70]}"
            )
        for fact in result.extras:
            click.echo(
                f"EXTRA {fact.source} {fact.date.start:<10} {fact.kind:<11} {fact.quote[:70]}"
            )


@main.command()
@corpus_option
def stats(corpus: Path) -> None:
    """Time each stage on the corpus and print a table."""
    timings = Timings()
    kb = _build(corpus, timings)
    size = sum(len(d.raw.encode()) for d in kb.documents)
    click.echo(f"{len(kb.documents)} sources, {size / 1e6:.3f} MB, {len(kb.facts)} facts")
    for stage, seconds in timings.seconds.items():
        click.echo(f"{stage:<12}{seconds * 1000:>10.1f} ms")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
