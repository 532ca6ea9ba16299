"""When the site was built, as a date that the same inputs always give.

A build stamp must not break reproducible builds, so it is never the clock: it is
``SOURCE_DATE_EPOCH`` when that is set (the reproducible-builds convention, which
MkDocs also honours for the sitemap), else the commit date of ``HEAD`` of the git
repository holding the corpus, else there is none and pages say nothing.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Stamp:
    """The build's date (UTC, ISO 8601) and the commit it was built from, if known."""

    date: str
    commit: str | None = None


def _utc_date(seconds: int) -> str:
    return datetime.datetime.fromtimestamp(seconds, datetime.UTC).date().isoformat()


def _git_head(folder: Path) -> tuple[int, str] | None:
    """The commit time and short hash of HEAD of the repository holding ``folder``."""
    try:
        done = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%ct %h", "HEAD"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    parts = done.stdout.split()
    if done.returncode != 0 or len(parts) != 2 or not parts[0].isdigit():
        return None
    return int(parts[0]), parts[1]


def build_stamp(corpus: Path, environ: dict[str, str] | None = None) -> Stamp | None:
    """The stamp of a build of ``corpus``: from SOURCE_DATE_EPOCH, else git, else None."""
    environ = os.environ if environ is None else environ
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    head = _git_head(corpus) if corpus.is_dir() else None
    if epoch.isdigit():
        return Stamp(_utc_date(int(epoch)), head[1] if head else None)
    if head is not None:
        return Stamp(_utc_date(head[0]), head[1])
    return None
