"""Edits under ``mkdocs serve``: how long until a reader sees them, and what is rebuilt.

``python -m bench.serve visible PROJECT EDITS``
    starts ``mkdocs serve`` on a free local port in PROJECT (a copy of the project);
    after the first build, appends a dated sentence to the largest source EDITS times
    and measures, for each, the seconds from the write until the served source page
    carries the new sentence (polled every 20 ms): the watcher's polling interval,
    MkDocs' build and our plugin, as a reader waits for them.
``python -m bench.serve rebuilds PROJECT SITE EDITS [--deferred]``
    runs the builds ``mkdocs serve`` runs, in this process and into SITE: the first,
    one with nothing changed, then one after each edit; prints, per build, its seconds,
    the pages rendered again and the pages whose Markdown changed. With ``--deferred``,
    as once the server runs: the other editions are built after each build, in a
    thread, and the last edit's build begins while the one before it builds them.
    ``tests/test_serve.py`` compares SITE with a clean build.

Both print one JSON object a line; the edited source and the sentences are those of
:mod:`bench.child`.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

from bench.child import EDITS

SERVE_URL = "http://127.0.0.1:{port}/"
POLL = 0.02  # seconds between two requests for the edited page
STARTUP_TIMEOUT = 120.0
EDIT_TIMEOUT = 60.0
FIRST_YEAR = 2031  # edits add years the corpus does not have, one per edit


def edited_source(project: Path) -> tuple[Path, str, str]:
    """The largest source of the project's corpus: its file, language and id."""
    from natokorea_kb.sources import SOURCES_DIR, load_metadata

    corpus = project / "corpus"
    metas = load_metadata(corpus)
    meta = max(metas, key=lambda m: (corpus / SOURCES_DIR / m.file).stat().st_size)
    return corpus / SOURCES_DIR / meta.file, meta.language, meta.id


def edit(path: Path, language: str, number: int) -> str:
    """Append the ``number``-th new dated sentence; return it."""
    sentence = EDITS.get(language, EDITS["en"]).format(year=FIRST_YEAR + number)
    with path.open("a", encoding="utf-8") as text:
        text.write(f"\n{sentence}\n")
    return sentence


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=EDIT_TIMEOUT) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(url: str, text: str, timeout: float) -> float:
    """Seconds until the page at ``url`` holds ``text``; raise after ``timeout``."""
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        page = fetch(url)
        if page is not None and text in page:
            return time.perf_counter() - began
        time.sleep(POLL)
    raise SystemExit(f"{url} did not show {text!r} within {timeout:.0f} s")


def visible(project: Path, edits: int) -> Iterator[dict]:
    """Edit to visible under a real ``mkdocs serve``, once per edit."""
    path, language, source_id = edited_source(project)
    port = free_port()
    url = SERVE_URL.format(port=port)
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        command,
        cwd=project,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        page = f"{url}sources/{source_id}/"
        wait_for(page, "</html>", STARTUP_TIMEOUT)
        for number in range(edits):
            time.sleep(1.0)  # let the watcher settle, as between two saves
            sentence = edit(path, language, number)
            yield {"visible_seconds": wait_for(page, sentence, EDIT_TIMEOUT)}
    finally:
        server.terminate()
        server.wait(timeout=30)


def rebuilds(project: Path, site: Path, edits: int, deferred: bool = False) -> Iterator[dict]:
    """The builds of ``mkdocs serve`` in this process, as its builder runs them."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer

    os.chdir(project)
    url = SERVE_URL.format(port=8000)

    def served(label: str) -> dict:
        config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
        config.site_url = url
        before = {p.path: p.data for p in getattr(plugin, "pages", [])}
        began = time.perf_counter()
        build(config, serve_url=url)
        seconds = time.perf_counter() - began
        markdown = {p.path: p.data for p in plugin.pages if p.path.endswith(".md")}
        return {
            "build": label,
            "seconds": seconds,
            "pages": len(markdown),
            "rebuilt": sorted(plugin.memo.rebuilt),
            "changed": sorted(p for p, data in markdown.items() if before.get(p) != data),
        }

    config = load_config(str(project / "mkdocs.yml"), site_dir=str(site))
    config.plugins.on_startup(command="serve", dirty=False)
    plugin = config.plugins["natokorea-kb"]

    def waited(label: str, wait: bool = True) -> dict:
        """A build, and when the editions are deferred, theirs (unless not ``wait``)."""
        figures = served(label)
        if wait and plugin.deferred is not None and plugin.deferred.thread is not None:
            plugin.deferred.thread.join()
        return figures

    yield served("first")
    if deferred:
        server = LiveReloadServer(lambda: None, "127.0.0.1", 0, str(site))
        config.plugins.on_serve(server, config=config, builder=server.builder)
    yield waited("unchanged")
    path, language, _ = edited_source(project)
    for number in range(edits):
        edit(path, language, number)
        yield waited("edited", wait=number != edits - 2)
    config.plugins.on_shutdown()


def main(argv: list[str]) -> int:
    mode, project = argv[0], Path(argv[1]).resolve()
    if mode == "visible":
        runs = visible(project, int(argv[2]))
    else:
        runs = rebuilds(project, Path(argv[2]).resolve(), int(argv[3]), "--deferred" in argv)
    for figures in runs:
        print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
