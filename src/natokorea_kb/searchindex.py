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
import json
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

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
        self.unread = b""

    def __enter__(self) -> PagefindService:
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process.stdin:
            try:
                self.process.stdin.close()
            except BrokenPipeError:  # it stopped already: the error raised says why
                pass
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
        assert self.process.stdout is not None
        while b"," not in self.unread:
            chunk = os.read(self.process.stdout.fileno(), 1 << 16)
            if not chunk:
                raise self._failure("the search indexer stopped")
            self.unread += chunk
        message, self.unread = self.unread.split(b",", 1)
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


def _prune(bundle: Path, entry: dict[str, Any]) -> None:
    """Keep what the search script loads: the entry's indexes and WebAssembly, the chunks."""
    keep = set(KEEP) | {
        name
        for language in entry.get("languages", {}).values()
        for name in (
            f"pagefind.{language['hash']}.pf_meta",
            language.get("wasm") and f"wasm.{language['wasm']}.pagefind",
        )
        if name
    }
    for path in bundle.iterdir():
        if path.is_dir() and path.name in KEEP_FOLDERS:
            continue
        if path.name not in keep:
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def write_search_index(
    records: Iterable[SearchRecord], site_dir: Path, executable: Path | None = None
) -> IndexReport:
    """Index ``records`` with Pagefind into ``site_dir/pagefind/``; what it took."""
    began = time.perf_counter()
    report = IndexReport()
    target = site_dir / BUNDLE
    partial = site_dir / f".{BUNDLE}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    with PagefindService(executable or pagefind_executable()) as service:
        index_id = service.request({"type": "NewIndex", "config": {"keep_index_url": True}})[
            "index_id"
        ]
        batch: list[dict[str, Any]] = []
        for record in records:
            report.records[record.language] = report.records.get(record.language, 0) + 1
            batch.append(_record_request(index_id, record))
            if len(batch) == BATCH:
                service.requests(batch)
                batch = []
        if batch:
            service.requests(batch)
        service.request(
            {"type": "WriteFiles", "index_id": index_id, "output_path": str(partial.resolve())}
        )
        report.peak_mb = service.peak_mb()
    entry = json.loads((partial / "pagefind-entry.json").read_text(encoding="utf-8"))
    _prune(partial, entry)
    canonical_bundle(partial)
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    report.bundle_bytes = _size(target)
    report.seconds = time.perf_counter() - began
    return report
