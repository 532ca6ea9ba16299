"""Shared fixtures: the real corpus, its knowledge base, and small corpora made on the fly."""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from natokorea_kb.pipeline import KnowledgeBase, build
from natokorea_kb.yamlio import dump_yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
# Material prints an end-of-life banner containing the word WARNING on every build.
MKDOCS_ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
TEMPLATES = ROOT / "docs_templates"


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The knowledge base of the real corpus, built once per test run."""
    return build(CORPUS)


def write_corpus(folder: Path, sources: list[dict], texts: dict[str, str | bytes]) -> Path:
    """Create a corpus folder with the real lexicon and the given sources and texts."""
    corpus = folder / "corpus"
    (corpus / "sources").mkdir(parents=True)
    shutil.copy(CORPUS / "lexicon.yml", corpus / "lexicon.yml")
    (corpus / "sources.yml").write_text(dump_yaml(sources), encoding="utf-8")
    for name, text in texts.items():
        target = corpus / "sources" / name
        if isinstance(text, bytes):
            target.write_bytes(text)
        else:
            target.write_text(text, encoding="utf-8")
    return corpus


def source_entry(source_id: str, **fields: object) -> dict:
    """A valid sources.yml entry, with fields overridden."""
    entry: dict = {
        "id": source_id,
        "file": f"{source_id}.txt",
        "title": f"Test source {source_id}",
        "kind": "news",
        "language": "en",
        "published": "2020-05-01",
    }
    entry.update(fields)
    return entry


def mkdocs_build(
    project: Path, site: Path | None = None, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``mkdocs build --strict`` (never with -q: it hides warnings) on a project folder.

    Without ``site`` it builds into the project's own ``site/``; ``env`` adds variables
    (``SOURCE_DATE_EPOCH``, ``PYTHONHASHSEED``) to the environment.
    """
    command = [sys.executable, "-m", "mkdocs", "build", "--strict"]
    if site is not None:
        command += ["--site-dir", str(site)]
    return subprocess.run(
        command,
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
        env={**MKDOCS_ENV, **env},
    )


def copy_project(folder: Path, corpus: Path | None = None) -> Path:
    """A copy of the project's site inputs (both editions' configurations, theme
    overrides, templates, corpus) in ``folder``."""
    project = folder / "project"
    project.mkdir()
    for config in ("mkdocs.yml", "mkdocs.tr.yml"):
        shutil.copy(ROOT / config, project / config)
    shutil.copytree(TEMPLATES, project / "docs_templates")
    shutil.copytree(ROOT / "overrides", project / "overrides")
    shutil.copytree(corpus or CORPUS, project / "corpus")
    return project


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built once with ``mkdocs build --strict`` into a temporary folder."""
    site = tmp_path_factory.mktemp("site") / "site"
    result = mkdocs_build(ROOT, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return site


class LinksAndIds(HTMLParser):
    """The ids and link targets of an HTML page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.nav_links = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("href"):
            self.links.append(values["href"])
            self.nav_links += "md-nav__link" in (values.get("class") or "")


def parse_html(path: Path) -> LinksAndIds:
    parser = LinksAndIds()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def broken_links(site: Path, site_path: str = "/") -> list[str]:
    """Every internal link of a built site whose page or anchor does not exist.

    ``site_path`` is the path part of ``site_url``, which absolute links start with.
    """
    parsed = {path: parse_html(path) for path in site.rglob("*.html")}
    broken = []
    for page, parser in parsed.items():
        for href in parser.links:
            parts = urlsplit(href)
            if parts.scheme or parts.netloc or href.startswith(("mailto:", "javascript:")):
                continue
            path = unquote(parts.path)
            if path.startswith(site_path):
                target = site / path.removeprefix(site_path)
            else:
                target = (page.parent / path).resolve() if path else page
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{page.relative_to(site)} -> {href}")
                continue
            if parts.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse_html(target).ids
                if parts.fragment not in ids:
                    broken.append(f"{page.relative_to(site)} -> {href} (no anchor)")
    return broken


# ----------------------------------------------------------------------------- browser

# Debian's chromium and chromium-driver unless the environment names other binaries.
CHROMIUM = Path(os.environ.get("CHROME_BIN") or "/usr/bin/chromium")
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER_BIN") or "/usr/bin/chromedriver")
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1400",
)
BROWSER_WAIT = 15  # seconds; a search or a page load on a busy machine


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Keep the test output free of request lines."""


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """A folder served over HTTP on a free local port while the block runs: its address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def site_url(built_site: Path) -> Iterator[str]:
    """The built site served on a free local port for the duration of the run."""
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    """Headless chromium (or CHROME_BIN); skipped without it, failing under CI.

    The browser's console and network logs are kept (``goog:loggingPrefs``), so tests
    can read console errors and every request a page made.
    """
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        reason = (
            f"{' and '.join(missing)} not installed (apt-get install chromium chromium-driver,"
            " or set CHROME_BIN and CHROMEDRIVER_BIN)"
        )
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser tests: {reason}")
        pytest.skip(reason)
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_page_load_timeout(BROWSER_WAIT)
    try:
        yield driver
    finally:
        driver.quit()
