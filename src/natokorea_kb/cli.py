"""The ``natokorea-kb`` command: the pipeline without MkDocs.

Stage errors become one line on stderr and exit code 1; nothing else is caught, so a
bug still shows its traceback. Impossible dates in a source text are warnings on stderr:
the texts are third-party and quoted as published, so they never fail a command.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from contextlib import contextmanager, nullcontext
from pathlib import Path

import click

from .adding import add_source
from .coverage import undated_events
from .errors import KBError
from .evaluate import measure
from .per_source import available_cores, jobs_problem, process_pool
from .pipeline import KnowledgeBase, Timings, build, build_site, edition_pages
from .publish import data_files, write_pages
from .records import Page
from .render.links import EDITIONS
from .report import detail_lines, report_lines
from .yamlio import replace_folder, write_atomic

DASK_TIMEOUT = "10s"  # how long to wait for a Dask scheduler to answer

corpus_option = click.option(
    "--corpus",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("corpus"),
    show_default=True,
    help="Corpus folder (sources.yml, lexicon.yml, sources/).",
)


def _checked_jobs(_context: click.Context, _parameter: click.Parameter, value: int | None) -> int:
    if value is None:
        return available_cores()
    problem = jobs_problem(value)
    if problem:
        raise click.BadParameter(
            f"{problem} (fix: --jobs 1 runs in this process; leave --jobs out to use "
            f"every core, {available_cores()} here)"
        )
    return value


def workers_options(command: Callable[..., None]) -> Callable[..., None]:
    """``--jobs N`` and ``--dask ADDRESS``: where the per-source stages run."""
    command = click.option(
        "--dask",
        "dask",
        metavar="ADDRESS",
        default=None,
        help="Run the per-source stages on the Dask cluster whose scheduler is at ADDRESS "
        "(tcp://host:8786) instead of local processes; needs pip install -e '.[dask]' here "
        "and on the workers.",
    )(command)
    return click.option(
        "--jobs",
        type=int,
        default=None,
        callback=_checked_jobs,
        help="Worker processes for the per-source stages (clean, segment, extract, cite, "
        "mention) and render; 1 runs them in this process. Output is the same for any "
        "number.  [default: one per core]",
    )(command)


@contextmanager
def _dask_executor(address: str) -> Iterator[Executor]:
    """An executor on the Dask cluster at ``address``."""
    try:
        from distributed import Client
    except ImportError:
        raise click.ClickException(
            "--dask: Dask is not installed (fix: pip install -e '.[dask]')"
        ) from None
    try:
        client = Client(address, timeout=DASK_TIMEOUT)
    except (OSError, ValueError) as error:
        raise click.ClickException(
            f"--dask {address}: no Dask scheduler answered ({error}) (fix: start one with "
            "'dask scheduler' and workers with 'dask worker ADDRESS', or check the address)"
        ) from None
    with client:
        yield client.get_executor()


@contextmanager
def _executor(jobs: int, dask: str | None) -> Iterator[Executor | None]:
    """Where the per-source stages run: a Dask cluster, else ``jobs`` local processes."""
    if dask:
        with _dask_executor(dask) as executor:
            yield executor
    else:
        with process_pool(jobs) as executor:
            yield executor


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


def _build(
    corpus: Path, jobs: int, dask: str | None, timings: Timings | None = None
) -> KnowledgeBase:
    try:
        with _executor(jobs, dask) as executor:
            kb = build(corpus, timings, executor=executor)
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
@workers_options
def extract(corpus: Path, out: Path, jobs: int, dask: str | None) -> None:
    """Extract fact records and write them as YAML, JSON and CSV (atomically)."""
    kb = _build(corpus, jobs, dask)
    for page in data_files(kb):
        write_atomic(out / Path(page.path).name, page.content)
    click.echo(f"{len(kb.facts)} facts from {len(kb.documents)} sources written to {out}")


@main.command()
@corpus_option
@click.option(
    "--coverage",
    is_flag=True,
    help="List dated sentences that gave no fact, and undated sentences of events, and why.",
)
@workers_options
def check(corpus: Path, coverage: bool, jobs: int, dask: str | None) -> None:
    """Validate the corpus and print a summary and the per-source accounting."""
    kb = _build(corpus, jobs, dask)
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
        undated = undated_events(kb.documents, kb.facts, kb.lexicon)
        click.echo("")
        click.echo(f"{len(undated)} undated event sentences gave no fact:")
        for event in undated:
            click.echo(
                f"  {event.source} {event.sentence:<6} {event.predicate:<16} {event.reason}: "
                f"{event.text[:80]}"
            )


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
@click.option(
    "--editions",
    is_flag=True,
    help="Also write the other editions' pages, each under its language (tr/), as "
    "mkdocs.tr.yml's build would have them.",
)
@workers_options
def render(
    corpus: Path,
    templates: Path,
    out: Path,
    key: Path | None,
    editions: bool,
    jobs: int,
    dask: str | None,
) -> None:
    """Write the generated pages to a folder (for generators that run no plugins)."""
    try:
        with _dask_executor(dask) if dask else nullcontext() as executor:
            site = build_site(corpus, templates, key, jobs=jobs, executor=executor)
        pages = site.pages
        for language in EDITIONS[1:] if editions else ():
            pages += [
                Page(f"{language}/{page.path}", page.data)
                for page in edition_pages(site, templates, language, jobs)
            ]
    except KBError as error:
        raise _one_line(error) from None
    _warn(site.kb)
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
    help="Answer key: hand-annotated statements of the corpus (a disagreements.yml beside "
    "it scores the disagreements too).",
)
@click.option("--details/--no-details", default=True, help="List misses, extras and problems.")
@workers_options
def eval_command(corpus: Path, key: Path, details: bool, jobs: int, dask: str | None) -> None:
    """Score the extraction against the answer key: dates, kinds, parties, titles, disagreements."""
    kb = _build(corpus, jobs, dask)
    try:
        result = measure(kb, key)
    except KBError as error:
        raise _one_line(error) from None
    if result is None:
        raise click.ClickException(f"{key}: answer key not found (fix: pass --key FILE)")
    for line in report_lines(result):
        click.echo(line)
    if details:
        for line in detail_lines(result):
            click.echo(line)


@main.command()
@corpus_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--id", "source_id", default=None, help="Source id (default: the next free number).")
def add(corpus: Path, file: Path, source_id: str | None) -> None:
    """Add a PDF, web page (.html) or text to the corpus, with proposed metadata."""
    try:
        added = add_source(corpus, file, source_id)
    except KBError as error:
        raise _one_line(error) from None
    pages = f"{added.pages} pages, " if added.pages else ""
    click.echo(
        f"Added {file} as source {added.entry['id']}: {corpus.name}/sources/"
        f"{added.target.name} ({pages}{added.characters} characters of text)."
    )
    click.echo(f"Appended to {corpus.name}/sources.yml, with these guesses:")
    for guess in added.guesses:
        if guess.origin:
            click.echo(f"  {guess.field:<10} {guess.value!s:<50.50}  from {guess.origin}")
    checks = [g.field for g in added.guesses if g.check]
    click.echo(f"Check before you publish: {', '.join(checks)} (edit the entry in sources.yml).")
    click.echo("Then run 'natokorea-kb check' or 'make site'.")


@main.command()
@corpus_option
@workers_options
def stats(corpus: Path, jobs: int, dask: str | None) -> None:
    """Time each stage on the corpus and print a table."""
    timings = Timings()
    kb = _build(corpus, jobs, dask, timings)
    size = sum(len(d.raw.encode()) for d in kb.documents)
    click.echo(f"{len(kb.documents)} sources, {size / 1e6:.3f} MB, {len(kb.facts)} facts")
    for stage, seconds in timings.seconds.items():
        click.echo(f"{stage:<12}{seconds * 1000:>10.1f} ms")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
