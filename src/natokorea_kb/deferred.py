"""Under ``mkdocs serve``, the search index and the other editions are written after the
root edition's pages are served.

After an edit the reader waits for the root edition's pages only: once the server
runs, the root plugin writes its search index and builds the other editions in a
thread that starts when its own build is done, and tells the browsers to reload when
they are in place. A rebuild that begins meanwhile cancels that thread and waits for it
to stop (it stops between two stages of an edition's build), so two builds never run
at once and the next build starts the thread again. ``mkdocs build`` and the first
build of ``mkdocs serve`` write everything before they finish, as before.

Meanwhile the site serves the search index and the editions of the last build: MkDocs
empties the site folder at every rebuild, so the root plugin sets their folders aside
as hidden ones (MkDocs leaves those) until its own build is done; the thread writes
each new one beside its folder, hidden too, and moves it in. The rest of the last build
waits in a hidden folder while MkDocs empties the site folder and is put back before
MkDocs writes, so that the build overwrites its files in place; once the build is
written, the files it did not write (older than the build) are deleted. Deleting the
last build and writing every file and folder anew took MkDocs up to 0.6 s of every
rebuild on this slow file system, and 0.05 to 0.5 s more to write them (in place: 0.03).

The browsers are told to reload through the server's own epochs (private to MkDocs'
``LiveReloadServer``, read with care): the version of the site they show is raised, unless
a rebuild is under way, whose end reloads them anyway.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, PluginError
from mkdocs.plugins import get_plugin_logger

from .cancel import Cancelled
from .editions import PLUGIN, edition_language, run_edition
from .searchindex import BUNDLE
from .yamlio import replace_folder

log = get_plugin_logger(__name__)
THREAD = "natokorea-kb after the build"
PAGES = logging.getLogger("mkdocs.commands.build")  # reports a page's failure


class Quiet(logging.Filter):
    """Drop MkDocs' report of the page a cancelled build stopped at: it was no error."""

    def __init__(self, cancelled: threading.Event) -> None:
        super().__init__()
        self.cancelled = cancelled

    def filter(self, record: logging.LogRecord) -> bool:
        return not (self.cancelled.is_set() and threading.current_thread().name == THREAD)


def served(site_dir: Path, name: str) -> Path:
    """The folder of an edition (named by its language) or of the search index."""
    return site_dir / name


def aside(site_dir: Path, name: str) -> Path:
    """Where that folder of the last build waits while the root edition is rebuilt."""
    return site_dir / f".{name}.served"


LAST = ".last-build"  # the last build's other files, while MkDocs empties the folder


def delete_older(path: Path, since: int) -> None:
    """Delete the files under ``path`` last written at or before ``since`` (ns, the file
    system's time), and the folders that leaves empty. A build takes longer than one tick
    of that clock, so the last build's files are older and this one's newer."""
    if not path.is_dir():
        if path.stat().st_mtime_ns <= since:
            path.unlink()
        return
    for folder, _, files in os.walk(path, topdown=False):
        for name in files:
            file = os.path.join(folder, name)
            if os.stat(file).st_mtime_ns <= since:
                os.unlink(file)
        if not os.listdir(folder):
            os.rmdir(folder)


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
    """The search index and the other editions' builds after the root edition's build,
    one thread at a time."""

    def __init__(self, server: object, folders: list[str]) -> None:
        self.server = server
        self.thread: threading.Thread | None = None
        self.cancelled = threading.Event()
        self.folders = folders  # what the thread writes: the index's and the editions
        self.site_dir: Path | None = None  # where they were set aside
        self.since = 0  # when the build began, in the file system's time (ns)

    def stop(self) -> None:
        """Cancel the editions' build under way, if any, and wait until it stops."""
        if self.thread is not None:
            self.cancelled.set()
            self.thread.join()
            self.thread = None

    def close(self) -> None:
        """Stop the thread."""
        self.stop()

    def set_aside(self, site_dir: Path) -> None:
        """Keep what the thread writes and the rest of the last build out of the way of
        MkDocs emptying the site folder."""
        self.site_dir = site_dir
        for name in self.folders:
            if served(site_dir, name).is_dir():
                replace_folder(served(site_dir, name), aside(site_dir, name))
        last = site_dir / LAST
        shutil.rmtree(last, ignore_errors=True)  # left by a server that was stopped
        last.mkdir()
        for entry in site_dir.iterdir():
            if not entry.name.startswith("."):
                entry.rename(last / entry.name)
        self.since = last.stat().st_mtime_ns

    def restore(self) -> None:
        """Put the last build's files back, for this build to overwrite them in place."""
        last = self.site_dir / LAST if self.site_dir is not None else None
        if last is None or not last.is_dir():
            return
        for entry in last.iterdir():
            if not (self.site_dir / entry.name).exists():
                entry.rename(self.site_dir / entry.name)
        shutil.rmtree(last, ignore_errors=True)

    def sweep(self) -> None:
        """Delete the last build's files that this build did not write again."""
        if self.site_dir is None:
            return
        for entry in self.site_dir.iterdir():
            if not entry.name.startswith(".") and entry.name not in self.folders:
                delete_older(entry, self.since)

    def put_back(self) -> None:
        """Serve the editions set aside again, and the last build if this one failed
        before it was put back."""
        self.restore()
        site_dir, self.site_dir = self.site_dir, None
        for name in self.folders if site_dir is not None else ():
            if aside(site_dir, name).is_dir():
                replace_folder(aside(site_dir, name), served(site_dir, name))

    def start(
        self,
        index: Callable[[], None],
        editions: list[MkDocsConfig],
        site_dir: Path,
        dirty: bool,
    ) -> None:
        """In a thread, write the search index (``index`` writes it to :data:`BUNDLE`,
        by way of a hidden folder), then build the loaded ``editions``
        (:func:`.editions.load_edition`), each in its hidden folder, and serve them."""
        self.stop()
        self.cancelled = cancelled = threading.Event()
        languages = [edition_language(e) for e in editions]
        self.folders = [BUNDLE, *languages]
        for edition, language in zip(editions, languages, strict=True):
            edition.site_dir = str(building(site_dir, language))
            edition.plugins[PLUGIN].cancelled = cancelled  # type: ignore[attr-defined]
        self.thread = threading.Thread(
            target=self._build,
            args=(index, editions, site_dir, dirty),
            name=THREAD,
        )
        self.thread.start()

    def _build(
        self, index: Callable[[], None], editions: list[MkDocsConfig], site_dir: Path, dirty: bool
    ) -> None:
        """In the thread: write the index, build and serve each edition; say why when
        one fails (that of the last build stays served)."""
        quiet = Quiet(self.cancelled)
        PAGES.addFilter(quiet)
        try:
            self._write(index, editions, site_dir, dirty)
        finally:
            PAGES.removeFilter(quiet)

    def _write(
        self, index: Callable[[], None], editions: list[MkDocsConfig], site_dir: Path, dirty: bool
    ) -> None:
        try:
            index()
        except PluginError as error:
            log.error("%s", error)
        if self.cancelled.is_set():
            log.info("editions left for the next build")
            for edition in editions:
                edition.plugins.on_shutdown()
            return
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
