"""The per-source stages (clean, segment, extract, cite, mention) as work for any executor.

Each source is processed on its own: its result depends on its text, its metadata and
the lexicon only, so sources can run in any order, in other processes or on other
machines. Work goes out in batches of about :data:`BATCH_CHARACTERS` characters of
text (one pickled lexicon per batch, not per source) through ``Executor.submit``;
the results are taken in the order the sources were given, so the output is the
same for any number of workers. Work smaller than one batch runs in this process, where
it costs no process start.

The executor is a :class:`concurrent.futures.Executor`: :func:`process_pool` (the
CLI's and the plugin's default), or a Dask cluster's ``Client.get_executor()``,
whose workers need this package installed at the same version. This module imports
only what the stages need, so a worker starts without the render stage's libraries.
"""

from __future__ import annotations

import copyreg
import multiprocessing
import os
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, fields

from .citations import MarkedCitation, cite_source
from .clean import clean, shared_offsets
from .extract import Extraction, extract_document
from .lexicon import Lexicon
from .mentions import Named, scan
from .records import Document, Note, Sentence
from .segment import segment
from .sources import Source

BATCH_CHARACTERS = 250_000  # about a fifth of a second of work per batch


@dataclass(frozen=True)
class Processed:
    """What the per-source stages make of one source (and what the cache keeps)."""

    document: Document
    extraction: Extraction
    citation: MarkedCitation
    mentions: Named


Seconds = dict[str, float]


def process(source: Source, lexicon: Lexicon) -> tuple[Processed, Seconds]:
    """Clean and segment one source, find the entities each of its sentences names (the
    extraction learns its people from them), extract and cite; the result and seconds
    per stage."""
    seconds: Seconds = {}
    began = time.perf_counter()
    cleaned = clean(source.text)
    seconds["clean"], began = _lap(began)
    document = segment(cleaned, source.meta, source.pages)
    seconds["segment"], began = _lap(began)
    mentions = scan(document, lexicon)
    seconds["mention"], began = _lap(began)
    extraction = extract_document(document, lexicon, mentions)
    seconds["extract"], began = _lap(began)
    citation = cite_source(source.meta)
    seconds["cite"], _ = _lap(began)
    return Processed(document, extraction, citation, mentions), seconds


def _lap(began: float) -> tuple[float, float]:
    now = time.perf_counter()
    return now - began, now


def process_batch(lexicon: Lexicon, sources: Sequence[Source]) -> list[tuple[Processed, Seconds]]:
    """One unit of work for an executor: several sources, one copy of the lexicon."""
    return [process(source, lexicon) for source in sources]


def batches(sources: Sequence[Source], size: int) -> list[list[Source]]:
    """Consecutive runs of sources of about ``size`` characters of text each."""
    runs: list[list[Source]] = []
    filled = size
    for source in sources:
        if filled >= size:
            runs.append([])
            filled = 0
        runs[-1].append(source)
        filled += len(source.text)
    return runs


def process_all(
    sources: Sequence[Source], lexicon: Lexicon, executor: Executor | None = None
) -> Iterator[tuple[Processed, Seconds]]:
    """Every source's result, in the order given; through ``executor`` when there is
    more than one batch of work, else in this process."""
    runs = batches(sources, BATCH_CHARACTERS)
    if executor is None or len(runs) < 2:
        yield from (process(source, lexicon) for source in sources)
        return
    futures = [executor.submit(process_batch, lexicon, run) for run in runs]
    for future in futures:
        yield from future.result()


def _with_shared_offsets(kind: type[Sentence | Note], values: dict) -> Sentence | Note:
    """A sentence or note read back from a pickle, its offsets shared (see
    :func:`~.clean.shared_offsets`): without this, a document coming back from a worker
    or from the cache took two and a half times the memory it took where it was made."""
    return kind(**{**values, "offsets": shared_offsets(values["offsets"])})


def _reduce_unit(unit: Sentence | Note) -> tuple:
    return _with_shared_offsets, (type(unit), {f.name: getattr(unit, f.name) for f in fields(unit)})


for _unit in (Sentence, Note):
    copyreg.pickle(_unit, _reduce_unit)


def available_cores() -> int:
    """Cores this process may run on (its CPU affinity where the system tells)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def jobs_problem(jobs: int | None) -> str | None:
    """Why ``jobs`` is not a number of worker processes, or None when it is one (or unset)."""
    if jobs is not None and jobs < 1:
        return f"{jobs} is not a number of worker processes: give 1 or more"
    return None


@contextmanager
def process_pool(jobs: int) -> Iterator[Executor | None]:
    """An executor of ``jobs`` worker processes, shut down on leaving; None for one job
    (the work runs in this process).

    Workers come from a fork server where the platform has one: forking the serving
    process of ``mkdocs serve``, which runs threads, could copy a held lock into a
    worker. Processes start on the first batch, so a pool that gets none costs nothing.
    """
    if jobs < 2:
        yield None
        return
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload([__name__])
    else:
        context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield pool
