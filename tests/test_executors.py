"""The per-source stages through an executor: the same knowledge base and the same
pages for any number of worker processes, and on a Dask cluster (optional extra).

The seed corpus is one batch of work at the default batch size, which runs in the
calling process; these tests cut it into batches of a few sources so that the work
really goes to the workers.
"""

from __future__ import annotations

import os
import threading

import pytest
from click.testing import CliRunner
from tests.conftest import CORPUS, TEMPLATES

from natokorea_kb import per_source
from natokorea_kb.cli import main as kb_cli
from natokorea_kb.per_source import batches, process_pool
from natokorea_kb.pipeline import KnowledgeBase, Timings, build, site_pages
from natokorea_kb.records import Page
from natokorea_kb.render import site
from natokorea_kb.render.site import can_fork
from natokorea_kb.sources import read_corpus

SMALL_BATCH = 20_000  # characters: the five seeds become several batches


def snapshot(kb: KnowledgeBase) -> tuple:
    """What the stages after the per-source ones receive, as comparable data."""
    return (
        [f.to_dict() for f in kb.facts],
        kb.documents,
        kb.skipped,
        kb.warnings,
        dict(kb.citations),
        kb.consolidated.disagreements,
    )


@pytest.fixture(scope="module")
def in_process() -> tuple[tuple, dict[str, bytes]]:
    kb = build(CORPUS)
    return snapshot(kb), {p.path: p.data for p in site_pages(kb, TEMPLATES)}


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(per_source, "BATCH_CHARACTERS", SMALL_BATCH)


def test_batches_keep_the_order_and_cut_by_characters():
    sources = read_corpus(CORPUS)
    runs = batches(sources, SMALL_BATCH)
    assert [s for run in runs for s in run] == sources
    assert len(runs) > 2
    assert all(sum(len(s.text) for s in run[:-1]) < SMALL_BATCH for run in runs)


@pytest.mark.parametrize("jobs", [2, 3])
def test_any_number_of_processes_gives_the_same_knowledge_base_and_pages(
    jobs, in_process, small_batches
):
    timings = Timings()
    with process_pool(jobs) as executor:
        assert executor is not None
        kb = build(CORPUS, timings, executor=executor)
    assert snapshot(kb) == in_process[0]
    assert {p.path: p.data for p in site_pages(kb, TEMPLATES)} == in_process[1]
    assert timings.seconds["extract"] > 0, "the workers' stage times are added up"


def test_pages_rendered_in_forked_processes_are_the_same(in_process, monkeypatch):
    # Fixtures of other modules may leave a server thread running in this process.
    monkeypatch.setattr(site, "can_fork", lambda: True)
    monkeypatch.setattr(site, "PAGES_A_TASK", 25)  # the seeds' pages in many tasks
    monkeypatch.setattr(site, "FORKED_PAGES", 2)
    kb = build(CORPUS)
    assert {p.path: p.data for p in site_pages(kb, TEMPLATES, jobs=2)} == in_process[1]


def test_files_made_beside_the_pages_are_made_in_a_render_process(monkeypatch):
    monkeypatch.setattr(site, "can_fork", lambda: True)
    monkeypatch.setattr(site, "FORKED_PAGES", 2)
    kb = build(CORPUS)
    made = site.render_site(
        kb, TEMPLATES, jobs=2, beside=lambda: [Page.of("pid", str(os.getpid()))]
    )
    assert made[-1].path == "pid" and made[-1].data != str(os.getpid()).encode()


def test_a_few_pages_render_in_this_process(in_process, monkeypatch):
    def no_pool(*args: object) -> None:
        raise AssertionError("a process pool was started")

    monkeypatch.setattr(site, "can_fork", lambda: True)
    monkeypatch.setattr(site.multiprocessing, "get_context", no_pool)
    kb = build(CORPUS)
    pages = site_pages(kb, TEMPLATES, jobs=2)
    assert len([p for p in pages if p.path.endswith(".md")]) < site.FORKED_PAGES
    assert {p.path: p.data for p in pages} == in_process[1]


def test_a_process_running_threads_does_not_fork():
    release = threading.Event()
    waiting = threading.Thread(target=release.wait)
    waiting.start()
    try:
        assert not can_fork()
    finally:
        release.set()
        waiting.join()


def test_one_job_runs_in_this_process():
    with process_pool(1) as executor:
        assert executor is None


@pytest.fixture(scope="module")
def dask_cluster():
    distributed = pytest.importorskip("distributed", reason="pip install -e '.[dask]'")
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        yield distributed, cluster


def test_a_dask_cluster_gives_the_same_knowledge_base(in_process, small_batches, dask_cluster):
    distributed, cluster = dask_cluster
    with distributed.Client(cluster) as client:
        kb = build(CORPUS, executor=client.get_executor())
        assert sum(client.run(lambda: 1).values()) == 2, "two workers took part"
    assert snapshot(kb) == in_process[0]


def test_the_cli_runs_on_a_dask_scheduler_by_its_address(small_batches, dask_cluster, tmp_path):
    _, cluster = dask_cluster
    outputs = []
    for workers in (["--jobs", "1"], ["--dask", cluster.scheduler_address]):
        out = tmp_path / workers[0].strip("-")
        result = CliRunner().invoke(kb_cli, ["extract", "--out", str(out), *workers])
        assert result.exit_code == 0, result.output
        outputs.append({p.name: p.read_bytes() for p in out.iterdir()})
    assert outputs[0] == outputs[1]


def test_a_dask_scheduler_that_does_not_answer_is_named_with_a_fix(monkeypatch):
    pytest.importorskip("distributed", reason="pip install -e '.[dask]'")
    monkeypatch.setattr("natokorea_kb.cli.DASK_TIMEOUT", "1s")
    result = CliRunner().invoke(kb_cli, ["check", "--dask", "tcp://127.0.0.1:9"])
    assert result.exit_code == 1
    assert "--dask tcp://127.0.0.1:9: no Dask scheduler answered" in result.output
    assert "fix: start one with 'dask scheduler'" in result.output


@pytest.mark.parametrize("jobs", ["0", "-2"])
def test_a_job_count_below_one_is_refused_with_a_fix(jobs):
    result = CliRunner().invoke(kb_cli, ["check", "--jobs", jobs])
    assert result.exit_code == 2
    assert f"{jobs} is not a number of worker processes" in result.output
    assert "--jobs 1 runs in this process" in result.output
