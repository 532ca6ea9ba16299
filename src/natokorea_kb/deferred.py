"""Under ``mkdocs serve``, the other editions are built after the root edition is served.

After an edit the reader waits for the root edition's rebuild only: once the server
runs, the root plugin builds the other editions in a thread that starts when its own
build is done, and tells the browsers to reload when they are written. A rebuild that
begins meanwhile cancels that thread and waits for it to stop (it stops between two
stages of the edition's build), so two builds never run at once and the next build
starts the editions again. ``mkdocs build`` and the first build of ``mkdocs serve``
build every edition before they finish, as before.

While an edition is being built, its folder keeps serving the edition of the last
build: MkDocs empties the site folder at every rebuild, so the root plugin sets each
edition's folder aside as a hidden one (MkDocs leaves those) until its own build is
done; the thread builds the edition beside it, hidden too, and moves it in.

The browsers are told to reload through the server's own epochs (private to MkDocs'
``LiveReloadServer``, read with care): the version of the site they show is raised, unless
a rebuild is under way, whose end reloads them anyway.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import get_plugin_logger

from .editions import PLUGIN, edition_language, run_edition
from .yamlio import replace_folder

log = get_plugin_logger(__name__)


class Cancelled(Exception):
    """A deferred edition's build stopped because a new build began."""


def check(cancelled: threading.Event | None) -> None:
    """Stop a deferred edition's build once a new build has begun."""
    if cancelled is not None and cancelled.is_set():
        raise Cancelled


def served(site_dir: Path, language: str) -> Path:
    return site_dir / language


def aside(site_dir: Path, language: str) -> Path:
    """Where an edition's last build waits while the root edition is rebuilt."""
    return site_dir / f".{language}.served"


def building(site_dir: Path, language: str) -> Path:
    """Where an edition is built before it is moved in."""
    return site_dir / f".{language}.partial"


def reload_browsers(server: object) -> None:
    """Have every browser showing a served page load it again; nothing while a rebuild
    is under way (browsers reload at its end) or from a server without epochs."""
    rebuild = getattr(server, "_rebuild_cond", None)
    epochs = getattr(server, "_epoch_cond", None)
    if rebuild is None or epochs is None:
        return
    with rebuild:  # the build loop holds it while it starts a rebuild
        visible = getattr(server, "_visible_epoch", None)
        if not isinstance(visible, int) or visible != getattr(server, "_wanted_epoch", None):
            return
        with epochs:
            epoch = max(round(time.monotonic() * 1000), visible + 1)
            server._wanted_epoch = server._visible_epoch = epoch  # type: ignore[attr-defined]
            epochs.notify_all()


class DeferredEditions:
    """The other editions' builds after the root edition's, one thread at a time."""

    def __init__(self, server: object, languages: list[str]) -> None:
        self.server = server
        self.thread: threading.Thread | None = None
        self.cancelled = threading.Event()
        self.languages = languages  # the editions served, by folder
        self.site_dir: Path | None = None  # where they were set aside

    def stop(self) -> None:
        """Cancel the editions' build under way, if any, and wait until it stops."""
        if self.thread is not None:
            self.cancelled.set()
            self.thread.join()
            self.thread = None

    def set_aside(self, site_dir: Path) -> None:
        """Keep the editions served out of the way of MkDocs emptying the site folder."""
        self.site_dir = site_dir
        for language in self.languages:
            if served(site_dir, language).is_dir():
                replace_folder(served(site_dir, language), aside(site_dir, language))

    def put_back(self) -> None:
        """Serve the editions set aside again."""
        site_dir, self.site_dir = self.site_dir, None
        for language in self.languages if site_dir is not None else ():
            if aside(site_dir, language).is_dir():
                replace_folder(aside(site_dir, language), served(site_dir, language))

    def start(self, editions: list[MkDocsConfig], site_dir: Path, dirty: bool) -> None:
        """Build the loaded ``editions`` (:func:`.editions.load_edition`) in a thread,
        each in its hidden folder, then serve them."""
        self.stop()
        self.cancelled = cancelled = threading.Event()
        self.languages = [edition_language(e) for e in editions]
        for edition, language in zip(editions, self.languages, strict=True):
            edition.site_dir = str(building(site_dir, language))
            edition.plugins[PLUGIN].cancelled = cancelled  # type: ignore[attr-defined]
        self.thread = threading.Thread(
            target=self._build, args=(editions, site_dir, dirty), name="natokorea-kb editions"
        )
        self.thread.start()

    def _build(self, editions: list[MkDocsConfig], site_dir: Path, dirty: bool) -> None:
        """In the thread: build and serve each edition; say why when one fails (the
        edition of the last build stays served)."""
        for number, edition in enumerate(editions):
            try:
                built = run_edition(edition, dirty)
            except Cancelled:
                log.info("edition '%s' left for the next build", edition_language(edition))
                for left in editions[number + 1 :]:
                    left.plugins.on_shutdown()
                return
            except (Abort, PluginError) as error:
                log.error("edition '%s' failed: %s", edition_language(edition), error)
                return
            except Exception:
                log.exception("edition '%s' failed", edition_language(edition))
                return
            replace_folder(Path(built.site_dir), served(site_dir, built.language))
            log.info("edition '%s' built in %.2f s, after", built.language, built.seconds)
        reload_browsers(self.server)
