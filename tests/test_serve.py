"""``mkdocs serve`` renders again only the pages whose Markdown changed, and serves the
site a clean build gives.

``bench.serve rebuilds`` runs the builds ``mkdocs serve`` runs (in its own process, as
the plugin keeps its memo for the life of the serving process) on a copy of the
project: the first, one with nothing changed, one after a new dated sentence is
appended to a source. The site it leaves is compared, file by file, with a clean
``mkdocs build`` of the edited corpus at the same address. Once the server runs, the
other editions are built after each build, in a thread (``--deferred``): two edits, the
second while the first's editions are built, end in that clean build too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer
from tests.conftest import MKDOCS_ENV, ROOT, copy_project, mkdocs_build

from natokorea_kb.deferred import delete_older, reload_browsers
from natokorea_kb.plugin import POLL, SETTLE

SERVE_URL = "http://127.0.0.1:8000/"
EPOCH = "1700000000"


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _serve(project: Path, site: Path, edits: int, *options: str) -> list[dict]:
    """The figures of ``bench.serve rebuilds`` on ``project``, into ``site``."""
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.serve",
            "rebuilds",
            str(project),
            str(site),
            str(edits),
            *options,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        env={**MKDOCS_ENV, "SOURCE_DATE_EPOCH": EPOCH},
    )
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def _assert_equals_a_clean_build(site: Path, project: Path) -> None:
    clean = project.parent / "clean"
    done = mkdocs_build(project, clean, SITE_URL=SERVE_URL, SOURCE_DATE_EPOCH=EPOCH)
    assert done.returncode == 0, done.stderr
    served_files, clean_files = _tree(site), _tree(clean)
    assert sorted(set(served_files) ^ set(clean_files)) == []
    assert [p for p in clean_files if served_files[p] != clean_files[p]] == []
    assert b"Brussels in 2031" in served_files["sources/003/index.html"]


@pytest.fixture(scope="module")
def served(tmp_path_factory) -> tuple[list[dict], Path, Path]:
    """The serve builds' figures, the site they left, and the edited project."""
    project = copy_project(tmp_path_factory.mktemp("serve"))
    site = project.parent / "served"
    builds = _serve(project, site, 1)
    assert [b["build"] for b in builds] == ["first", "unchanged", "edited"]
    return builds, site, project


def test_the_first_build_renders_every_page_and_an_unchanged_one_none(served):
    first, unchanged, _ = served[0]
    assert len(first["rebuilt"]) == first["pages"] > 200
    assert unchanged["changed"] == [] and unchanged["rebuilt"] == []


def test_an_edit_renders_again_exactly_the_pages_whose_markdown_changed(served):
    edited = served[0][2]
    changed = set(edited["changed"])
    assert {"sources/003.md", "timeline/index.md"} <= changed, "the edited source and its year"
    # The tags page's Markdown is ours and stays the same; its listings come from the
    # tags plugin, which fills them from every page's tags.
    assert set(edited["rebuilt"]) - {"tags.md"} == changed
    assert len(changed) < edited["pages"] / 5, "an edit changes few pages"


def test_the_served_site_equals_a_clean_build(served):
    _, site, project = served
    _assert_equals_a_clean_build(site, project)


def test_editions_built_after_the_served_build_end_in_a_clean_build(tmp_path):
    project = copy_project(tmp_path)
    site = tmp_path / "served"
    builds = _serve(project, site, 2, "--deferred")
    assert [b["build"] for b in builds] == ["first", "unchanged", "edited", "edited"]
    assert b"Brussels in 2032" in (site / "sources/003/index.html").read_bytes()
    _assert_equals_a_clean_build(site, project)


def test_a_build_in_place_deletes_only_the_last_builds_files_it_did_not_write(tmp_path):
    for path in ("kept/index.html", "gone/index.html", "gone/page/2/index.html", "old.xml"):
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text("last build\n")
    since = max(p.stat().st_mtime_ns for p in tmp_path.rglob("*") if p.is_file())
    (tmp_path / "kept/index.html").write_text("this build\n")
    os.utime(tmp_path / "kept/index.html", ns=(since + 1, since + 1))
    for entry in tmp_path.iterdir():
        delete_older(entry, since)
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == [
        "kept",
        "kept/index.html",
    ]


def test_browsers_reload_when_no_build_is_under_way():
    server = LiveReloadServer(lambda: None, "127.0.0.1", 0, ".")
    shown = server._visible_epoch
    reload_browsers(server)
    assert server._visible_epoch == server._wanted_epoch > shown
    server._wanted_epoch += 1000  # a rebuild began: its end reloads the browsers
    shown = server._visible_epoch
    reload_browsers(server)
    assert server._visible_epoch == shown
    server.server_close()


def test_serving_looks_at_the_corpus_often():
    config = load_config(str(ROOT / "mkdocs.yml"))
    server = LiveReloadServer(lambda: None, "127.0.0.1", 0, ".")
    server.watch(str(ROOT / "overrides"))  # as MkDocs watches its own paths, before plugins
    config.plugins["natokorea-kb"].on_serve(server, config=config, builder=server.builder)
    polls = {Path(e.watch.path).name: e.timeout for e in server.observer.emitters}
    assert polls["corpus"] == polls["docs_templates"] == POLL
    assert polls["overrides"] == 0.5, "MkDocs' own watches are left alone"
    assert server.build_delay == SETTLE, "a rebuild begins soon after the last change"
    server.server_close()
