"""Stopping a build that runs in a thread of ``mkdocs serve`` once a newer one begins."""

from __future__ import annotations

import threading


class Cancelled(Exception):
    """A deferred edition's build stopped because a new build began."""


def check(cancelled: threading.Event | None) -> None:
    """Stop a deferred edition's build once a new build has begun."""
    if cancelled is not None and cancelled.is_set():
        raise Cancelled
