"""Write the site search's Pagefind bundle (``<site>/pagefind/``) from search records.

Pagefind's indexer is a native program shipped inside the ``pagefind-bin`` wheel; it
runs as ``pagefind --service`` and reads requests on its standard input. The
``pagefind`` package's asyncio client (not used) waits 100 ms before reading each
answer (a fixed ``sleep`` in its reading loop): over 30 s for the 324 records of the
seed corpus, half an hour at 5,000 sources. This module talks to the service directly.
A request is base64-encoded JSON followed by a comma; so is each answer, which names the
request it answers. Requests are sent in batches, and each batch's answers are read
before the next is sent, so neither pipe can fill up.

Pagefind orders its filter files differently from run to run; :mod:`.searchbundle`
rewrites them in a fixed order, so the same records give the same bytes. The bundle is
written to a sibling folder and moved into place, so a reader of the site
(``mkdocs serve``) never sees half an index, and files of an older index never linger.
Of what Pagefind writes, only what the site's search script loads is kept: its search
library, worker, highlighter, the language indexes, their WebAssembly and their chunks;
Pagefind's own search interfaces (about 500 kB) are left out.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cancel import check
from .errors import KBError
from .render import links
from .search import SearchRecord
from .searchbundle import canonical_bundle

BUNDLE = links.SEARCH_INDEX
BATCH = 256  # requests in flight at once
# What the site's search script loads; Pagefind's own interfaces are not kept.
KEEP = ("pagefind.js", "pagefind-worker.js", "pagefind-highlight.js", "pagefind-entry.json")
KEEP_FOLDERS = ("index", "fragment", "filter")


class SearchIndexError(KBError):
    """The search indexer is missing or failed."""


@dataclass
class IndexReport:
    """What indexing did: records per language, seconds, the indexer's peak memory."""

    records: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    peak_mb: float = 0.0  # the indexer process's peak resident memory
    bundle_bytes: int = 0

    def summary(self) -> str:
        counts = ", ".join(f"{n} {language}" for language, n in sorted(self.records.items()))
        return (
            f"search index: {sum(self.records.values())} records ({counts}) in "
            f"{self.seconds:.2f} s, indexer peak {self.peak_mb:.0f} MB, "
            f"{self.bundle_bytes / 1e6:.2f} MB written"
        )


def pagefind_executable() -> Path:
    """The Pagefind program: ``$PAGEFIND_BINARY_PATH``, else the one in ``pagefind_bin``."""
    named = os.environ.get("PAGEFIND_BINARY_PATH")
    if named:
        return Path(named)
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError(
            "pagefind_bin",
            "the search indexer is not installed",
            "pip install pagefind-bin (make site installs it)",
        ) from None
    return Path(get_executable())


class PagefindService:
    """A running ``pagefind --service``; use as a context manager."""

    def __init__(self, executable: Path) -> None:
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 (closed by __exit__)
        try:
            self.process = subprocess.Popen(
                [str(executable), "--service"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=self.errors,
            )
        except OSError as exc:
            raise SearchIndexError(
                str(executable),
                f"cannot run the search indexer ({exc.strerror})",
                "reinstall pagefind-bin",
            ) from None
        self.next_id = 0
        self.unread = bytearray()

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.stdin:
            # A service that stopped already cannot take the rest: the error raised says why.
            with contextlib.suppress(BrokenPipeError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.errors.close()

    def peak_mb(self) -> float:
        """The service's peak resident memory so far (Linux; 0 elsewhere)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0.0
        for line in status.splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def request(self, payload: dict[str, Any]) -> dict[str, Any]:
        return self.requests([payload])[0]

    def requests(self, payloads: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Send ``payloads`` and return their answers, in the same order."""
        ids = []
        chunks = []
        for payload in payloads:
            self.next_id += 1
            ids.append(self.next_id)
            message = json.dumps({"message_id": self.next_id, "payload": payload})
            chunks.append(base64.b64encode(message.encode("utf-8")) + b",")
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(b"".join(chunks))
            self.process.stdin.flush()
        except BrokenPipeError:
            raise self._failure("the search indexer stopped") from None
        answers: dict[int, dict[str, Any]] = {}
        while len(answers) < len(ids):
            answer = self._read()
            if answer is None:
                continue
            payload = answer.get("payload", {})
            if payload.get("type") == "Error":
                raise self._failure(
                    f"the search indexer refused a record: {payload.get('message')}"
                )
            answers[answer.get("message_id")] = payload
        return [answers[i] for i in ids]

    def _read(self) -> dict[str, Any] | None:
        """The next answer; one may be megabytes long (the bundle's files)."""
        assert self.process.stdout is not None
        end = self.unread.find(b",")
        while end < 0:
            chunk = os.read(self.process.stdout.fileno(), 1 << 20)
            if not chunk:
                raise self._failure("the search indexer stopped")
            searched = len(self.unread)
            self.unread += chunk
            end = self.unread.find(b",", searched)
        message = bytes(self.unread[:end])
        del self.unread[: end + 1]
        return json.loads(base64.b64decode(message))

    def _failure(self, problem: str) -> SearchIndexError:
        self.errors.seek(0)
        said = self.errors.read().decode("utf-8", "replace").strip().splitlines()[-3:]
        detail = f" ({' / '.join(said)})" if said else ""
        return SearchIndexError(BUNDLE, problem + detail, "run the build again with --verbose")


def _record_request(index_id: int, record: SearchRecord) -> dict[str, Any]:
    return {
        "type": "AddRecord",
        "index_id": index_id,
        "url": "/" + record.url,
        "content": record.content,
        "language": record.language,
        "meta": record.meta,
        "filters": record.filters,
        "sort": None,
    }


def kept(files: dict[str, bytes]) -> dict[str, bytes]:
    """What the search script loads: the entry's indexes and WebAssembly, the chunks."""
    entry = json.loads(files["pagefind-entry.json"])
    wanted = set(KEEP)
    for language in entry["languages"].values():
        wanted.add(f"pagefind.{language['hash']}.pf_meta")
        if language.get("wasm"):
            wanted.add(f"wasm.{language['wasm']}.pagefind")
    return {
        path: data
        for path, data in files.items()
        if path in wanted or path.split("/", 1)[0] in KEEP_FOLDERS
    }


def _write_folder(files: dict[str, bytes], folder: Path) -> None:
    for path, data in sorted(files.items()):
        target = folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)


def write_search_index(
    records: Iterable[SearchRecord],
    site_dir: Path,
    executable: Path | None = None,
    cancelled: threading.Event | None = None,
) -> IndexReport:
    """Index ``records`` with Pagefind into ``site_dir/pagefind/``; what it took.

    The bundle's files are asked of the service and written here: its own writing
    (``WriteFiles``) answers before its files are whole, and a file read then was
    sometimes empty. Once ``cancelled`` is set (a newer build of ``mkdocs serve`` began),
    it stops at the next batch, leaving the last index in place.
    """
    began = time.perf_counter()
    report = IndexReport()
    with PagefindService(executable or pagefind_executable()) as service:
        new_index = {"type": "NewIndex", "config": {"keep_index_url": True}}
        index_id = service.request(new_index)["index_id"]
        batch: list[dict[str, Any]] = []
        for record in records:
            report.records[record.language] = report.records.get(record.language, 0) + 1
            batch.append(_record_request(index_id, record))
            if len(batch) == BATCH:
                service.requests(batch)
                batch = []
                check(cancelled)
        if batch:
            service.requests(batch)
        answer = service.request({"type": "GetFiles", "index_id": index_id})
        report.peak_mb = service.peak_mb()
    check(cancelled)
    files = {f["path"].lstrip("/"): base64.b64decode(f["content"]) for f in answer["files"]}
    bundle = canonical_bundle(kept(files))
    target = site_dir / BUNDLE
    partial = site_dir / f".{BUNDLE}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    _write_folder(bundle, partial)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    report.bundle_bytes = sum(len(data) for data in bundle.values())
    report.seconds = time.perf_counter() - began
    return report
