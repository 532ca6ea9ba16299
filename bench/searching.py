"""The site search in a real browser: its answers to a query set, and the bytes a query costs.

Shared by the ranking test (``tests/test_search_browser.py``) and the benchmark
(``python -m bench``). Queries run through the site's own search script
(``assets/kb-search.js``) in headless Chromium, against a folder served on 127.0.0.1 by
a server that counts the bytes of every response. Payload is measured cold: a fresh page
load whose responses are sent with ``Cache-Control: no-store``, then one query and the
results it shows (the first ten), so every file that query needs is counted, the search
library and its WebAssembly included.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import os
import shutil
import statistics
import tempfile
import threading
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from natokorea_kb.records import Page

SHOWN = 10  # results a query shows, whose fragments it fetches
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
# The queries whose cold payload the benchmark measures: one of each kind.
PAYLOAD_QUERIES = (
    "IPCP 2012",
    "küresel ortak",
    "Kore Savasi",
    "NATO",
    "윤석열",
    "when did South Korea become a global partner",
)
# Files a web server sends compressed (GitHub Pages does for these types); Pagefind's
# own index files are compressed already.
COMPRESSED = (".js", ".json", ".html", ".css")

RUN_QUERIES = """
const [queries, shown, done] = [arguments[0], arguments[1], arguments[arguments.length - 1]];
(async () => {
  const root = globalThis.__md_scope || document.baseURI;
  const search = await import(new URL("assets/kb-search.js", root).href);
  const answers = [];
  for (const query of queries) {
    const found = await search.search(query);
    const data = await Promise.all(found.results.slice(0, shown).map((r) => r.data()));
    answers.push({ query, total: found.results.length, urls: data.map((d) => d.url),
                   titles: data.map((d) => d.meta.title), excerpts: data.map((d) => d.excerpt) });
  }
  return answers;
})().then(done, (error) => done({ error: String(error) }));
"""


@dataclass(frozen=True)
class Query:
    text: str
    kind: str
    right: tuple[str, ...]


def load_queries(path: Path) -> list[Query]:
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(e["query"], e["kind"], tuple(e["right"])) for e in entries]


class _CountingHandler(SimpleHTTPRequestHandler):
    """Serves a folder, counting the body bytes of each response as a host would send it."""

    log: list[tuple[str, int, int]]  # path, bytes sent here, bytes compressed by a host
    lock: threading.Lock

    def log_message(self, format: str, *args: object) -> None:
        """Keep the output free of request lines."""

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")  # each page load starts cold
        super().end_headers()

    def copyfile(self, source, outputfile) -> None:  # type: ignore[override]
        body = source.read()
        outputfile.write(body)
        path = unquote(urlsplit(self.path).path)
        packed = len(gzip.compress(body, 6, mtime=0)) if path.endswith(COMPRESSED) else len(body)
        with self.lock:
            self.log.append((path, len(body), packed))


@dataclass
class CountingServer:
    url: str
    log: list[tuple[str, int, int]]
    lock: threading.Lock

    def take(self) -> list[tuple[str, int, int]]:
        """The responses since the last call."""
        with self.lock:
            taken = list(self.log)
            self.log.clear()
        return taken


@contextlib.contextmanager
def counting_server(folder: Path) -> Iterator[CountingServer]:
    log: list[tuple[str, int, int]] = []
    lock = threading.Lock()
    handler = type("Handler", (_CountingHandler,), {"log": log, "lock": lock})
    server = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield CountingServer(f"http://127.0.0.1:{server.server_address[1]}/", log, lock)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def headless_chromium(profile: Path):
    """Headless Chromium through chromedriver, with its console and network logs kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)


def ask(driver, queries: Sequence[str], shown: int = SHOWN) -> list[dict]:
    """Each query's answer on the page the driver shows: total, first result URLs, titles."""
    driver.set_script_timeout(120)
    answers = driver.execute_async_script(RUN_QUERIES, list(queries), shown)
    if isinstance(answers, dict):
        raise RuntimeError(f"the search failed in the browser: {answers['error']}")
    return answers


def result_key(url: str, base_path: str = "/") -> str:
    """A result's address from the site root, without the highlight parameters."""
    parts = urlsplit(url)
    path = parts.path.removeprefix(base_path).lstrip("/")
    return path + (f"#{parts.fragment}" if parts.fragment else "")


def is_right(key: str, right: Sequence[str]) -> bool:
    """Whether a result is one of the right ones (a fact card's anchor, or a page)."""
    page, _, anchor = key.partition("#")
    return any(anchor == r if r.startswith("f-") else page == r for r in right)


@dataclass(frozen=True)
class Scores:
    """Top-3 hit rate and mean reciprocal rank (of the first ten results) over a set."""

    hits: int
    total: int
    mrr: float
    ranks: list[int | None]  # rank of the first right result of each query, or None

    @property
    def hit_rate(self) -> float:
        return self.hits / self.total if self.total else 0.0


def score(answers: Sequence[dict], rights: Sequence[Sequence[str]], base_path: str = "/") -> Scores:
    ranks: list[int | None] = []
    for answer, right in zip(answers, rights, strict=True):
        keys = [result_key(url, base_path) for url in answer["urls"]]
        rank = next((n for n, key in enumerate(keys, 1) if is_right(key, right)), None)
        ranks.append(rank)
    hits = sum(1 for r in ranks if r is not None and r <= 3)
    mrr = sum(1 / r for r in ranks if r) / len(ranks) if ranks else 0.0
    return Scores(hits, len(ranks), mrr, ranks)


@dataclass(frozen=True)
class Payload:
    """What one cold query fetched: bytes as sent here and as a compressing host sends them."""

    query: str
    requests: int
    raw: int
    sent: int
    by_kind: dict[str, int]


def kind_of(path: str) -> str:
    for kind in ("pf_index", "pf_fragment", "pf_filter", "pf_meta", "wasm", "entry", "worker"):
        if kind in path:
            return kind
    return "script" if path.endswith(".js") else "other"


def cold_payload(driver, server: CountingServer, page: str, query: str) -> Payload:
    """Load ``page`` afresh, run ``query`` and show its results: every byte that took."""
    driver.get(page)
    driver.execute_script("return document.readyState")
    server.take()  # the page itself is not the query's
    ask(driver, [query])
    taken = server.take()
    by_kind: dict[str, int] = {}
    for path, _, packed in taken:
        by_kind[kind_of(path)] = by_kind.get(kind_of(path), 0) + packed
    return Payload(
        query=query,
        requests=len(taken),
        raw=sum(raw for _, raw, _ in taken),
        sent=sum(packed for _, _, packed in taken),
        by_kind=by_kind,
    )


def search_page(folder: Path, settings: Page, script: Path) -> None:
    """A bare page in ``folder`` running the site's search script over ``folder/pagefind``:
    what a query costs does not depend on the page around the search box."""
    (folder / "assets").mkdir(exist_ok=True)
    shutil.copy(script, folder / "assets" / script.name)
    (folder / settings.path).write_bytes(settings.data)
    (folder / "index.html").write_text(
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>search</title>'
        f'</head><body><script type="module" src="assets/{script.name}"></script></body></html>',
        encoding="utf-8",
    )


def payload_figures(folder: Path, queries: Sequence[str] = PAYLOAD_QUERIES) -> dict:
    """Cold bytes per query over the search page in ``folder`` (see :func:`search_page`):
    smallest, median and largest, as sent compressed and uncompressed, and by file kind."""
    with tempfile.TemporaryDirectory(prefix="natokorea-chromium-") as profile:
        driver = headless_chromium(Path(profile))
        try:
            with counting_server(folder) as server:
                found = [cold_payload(driver, server, server.url, q) for q in queries]
        finally:
            driver.quit()
    sent = [p.sent for p in found]
    raw = [p.raw for p in found]
    largest = max(found, key=lambda p: p.sent)
    return {
        "sent": [min(sent), statistics.median(sent), max(sent)],
        "raw": [min(raw), statistics.median(raw), max(raw)],
        "largest": {"query": largest.query, "by_kind": largest.by_kind},
        "queries": {p.query: p.sent for p in found},
    }
