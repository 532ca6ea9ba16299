"""Content-hash cache of per-source results, so a rebuild redoes only what changed.

``mkdocs serve`` rebuilds the whole site after every edit. Cleaning, segmenting and
extracting a source depend only on that source (its text and metadata), the lexicon,
the package's resource files and the package's code, so their result is stored under a
hash of exactly those inputs; consolidation looks across sources and always reruns.

A PDF or web page source also keeps its extracted text (with the PDF's page map) in an
entry keyed by the file's bytes and the same context, so that reading the corpus again
does not extract an unchanged PDF again; pruning keeps it while the file is in use.

An entry is one file ``<key>.pickle`` holding a header, the SHA-256 of the payload and
the pickled payload. A file that is truncated, corrupt or written by another format is
ignored and rewritten, never trusted. The cache only ever holds what this tool wrote
into it; anyone able to write to it could equally edit the code, so pickle is safe here.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

from .sources import Source

HEADER = b"natokorea-kb cache 1\n"
SUFFIX = ".pickle"
ENTRY_NAME = re.compile(r"[0-9a-f]{64}")  # only entries are pruned, never other files
PACKAGE_DIR = Path(__file__).resolve().parent


def package_version() -> str:
    """The installed version, or a marker when the package runs from a bare checkout."""
    try:
        return metadata.version("natokorea-kb")
    except metadata.PackageNotFoundError:
        return "unknown"


def digest_files(files: Iterable[Path], root: Path) -> str:
    """SHA-256 over the names (relative to ``root``) and bytes of ``files``, in name order."""
    digest = hashlib.sha256()
    for path in sorted(files, key=lambda p: p.relative_to(root).as_posix()):
        name = path.relative_to(root).as_posix().encode()
        data = path.read_bytes()
        digest.update(b"%d:%s%d:" % (len(name), name, len(data)))
        digest.update(data)
    return digest.hexdigest()


def code_and_resources(package_dir: Path | None = None) -> str:
    """Digest of the package's Python modules, subpackages included, and every file under
    ``resources/``.

    Hashing the code as well as the version means that editing a rule in a checkout
    (where the version does not change) still invalidates the results it produced.
    """
    package_dir = package_dir or PACKAGE_DIR
    files = [p for p in package_dir.rglob("*.py") if p.is_file()]
    files += [p for p in (package_dir / "resources").rglob("*") if p.is_file()]
    return digest_files(files, package_dir)


@dataclass(frozen=True)
class SourceCache:
    """Per-source results in ``folder``, keyed by source content and shared context.

    ``context`` digests everything a source's result depends on besides the source
    itself: the lexicon file, the package's code and resources, its version and the
    Python version (pickles of one minor version are read by the same one).
    """

    folder: Path
    context: str

    @classmethod
    def open(cls, folder: Path, lexicon_file: Path) -> SourceCache:
        """A cache in ``folder`` (created on first store) for a corpus with this lexicon."""
        digest = hashlib.sha256()
        for part in (
            HEADER,
            package_version().encode(),
            f"{sys.version_info.major}.{sys.version_info.minor}".encode(),
            code_and_resources().encode(),
            hashlib.sha256(lexicon_file.read_bytes()).hexdigest().encode(),
        ):
            digest.update(b"%d:%s" % (len(part), part))
        return cls(Path(folder), digest.hexdigest())

    def key(self, source: Source) -> str:
        """The entry name of a source: its metadata, text, decoding and page map, plus
        the context."""
        digest = hashlib.sha256(self.context.encode())
        for part in (repr(source.meta), source.encoding, repr(source.pages), source.text):
            data = part.encode("utf-8", "surrogatepass")
            digest.update(b"%d:" % len(data))
            digest.update(data)
        return digest.hexdigest()

    def file_key(self, kind: str, data: bytes) -> str:
        """The entry name of a file's extracted text: its format and bytes, plus the context."""
        digest = hashlib.sha256(self.context.encode())
        digest.update(b"extracted %s %d:" % (kind.encode(), len(data)))
        digest.update(data)
        return digest.hexdigest()

    def path(self, key: str) -> Path:
        return self.folder / f"{key}{SUFFIX}"

    def load(self, key: str) -> Any | None:
        """The stored value, or None when missing, unreadable, corrupt or of another format."""
        try:
            blob = self.path(key).read_bytes()
        except OSError:
            return None
        checksum = blob[len(HEADER) : len(HEADER) + 32]
        payload = blob[len(HEADER) + 32 :]
        if not blob.startswith(HEADER) or hashlib.sha256(payload).digest() != checksum:
            return None
        try:
            return pickle.loads(payload)
        except Exception:  # a payload of an older layout: rebuild it, never fail the build
            return None

    def store(self, key: str, value: Any) -> bool:
        """Write an entry atomically (readers see the old file or the whole new one).

        Return False when the folder cannot be written: a cache that cannot be kept
        makes the next build slower, never wrong, so it must not fail this one.
        """
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        temporary: str | None = None
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=self.folder)
            with os.fdopen(handle, "wb") as out:
                out.write(HEADER + hashlib.sha256(payload).digest() + payload)
            os.replace(temporary, self.path(key))
        except OSError:
            if temporary is not None:
                Path(temporary).unlink(missing_ok=True)
            return False
        return True

    def prune(self, keep: Iterable[str]) -> int:
        """Delete entries not in ``keep`` (results of edited or removed sources); count them."""
        wanted = set(keep)
        removed = 0
        if not self.folder.is_dir():
            return removed
        for path in self.folder.glob(f"*{SUFFIX}"):
            if ENTRY_NAME.fullmatch(path.stem) and path.stem not in wanted:
                path.unlink(missing_ok=True)
                removed += 1
        return removed
