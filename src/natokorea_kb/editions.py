"""The site's other editions, each a MkDocs build of its own configuration.

The Turkish edition is ``mkdocs.tr.yml``, which ``INHERIT``s ``mkdocs.yml`` and changes
what differs: Material's interface language, the navigation's titles, the plugin's
``language``. The root edition's plugin builds it in the same process, after its own
pages, into ``<site>/tr/`` and at ``<site_url>tr/``, handing it the knowledge base it
has just built, so one ``mkdocs build`` or ``mkdocs serve`` makes every edition and the
pipeline runs once. A failed edition fails the whole build (``--strict`` included).

MkDocs keeps one instance of each plugin that has startup or shutdown hooks for every
configuration it loads in a process (so that ``mkdocs serve`` keeps them across
reloads); an edition's plugins must be its own, or its build would reconfigure the
root edition's search and tags plugins halfway through the root's build, so the
edition's configuration is loaded with that cache emptied for the time.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

from .pipeline import Site
from .rerender import PageMemo

PLUGIN = "natokorea-kb"


@contextmanager
def own_plugins() -> Iterator[None]:
    """Load a configuration with new plugin instances, not those of the running build."""
    option = dict(MkDocsConfig._schema)["plugins"]  # shared by every MkDocsConfig
    kept, option.plugin_cache = option.plugin_cache, {}
    try:
        yield
    finally:
        option.plugin_cache = kept


@dataclass(frozen=True)
class Built:
    """An edition that was built: its language, where it went, and how long it took."""

    language: str
    site_dir: str
    seconds: float


def load_edition(
    config_file: Path,
    parent: MkDocsConfig,
    site: Site,
    command: str,
    dirty: bool,
    memo: PageMemo | None = None,
) -> MkDocsConfig:
    """The configuration of the edition in ``config_file``, its plugins started, set to
    build into its language's folder in ``parent``'s site folder.

    Under ``mkdocs serve``, ``memo`` is what the edition's earlier builds in this process
    rendered (kept by the root edition's plugin, as the edition's plugin is new every
    time), so that it too renders again only the pages that changed.
    """
    with own_plugins():
        edition = load_config(str(config_file), strict=parent.strict)
    plugin = edition.plugins[PLUGIN]
    plugin.shared = site  # type: ignore[attr-defined]
    language = edition_language(edition)
    edition.site_dir = str(Path(parent.site_dir) / language)
    if parent.site_url:
        edition.site_url = f"{parent.site_url.rstrip('/')}/{language}/"
    edition.plugins.on_startup(command=command, dirty=dirty)
    if memo is not None:
        plugin.memo = memo  # type: ignore[attr-defined]
    return edition


def edition_language(edition: MkDocsConfig) -> str:
    """The language of a loaded edition, which names its folder."""
    return edition.plugins[PLUGIN].config.language  # type: ignore[attr-defined]


def run_edition(edition: MkDocsConfig, dirty: bool) -> Built:
    """Build a loaded edition (:func:`load_edition`), then shut its plugins down."""
    began = time.perf_counter()
    try:
        build(edition, dirty=dirty)
    finally:
        edition.plugins.on_shutdown()
    return Built(edition_language(edition), edition.site_dir, time.perf_counter() - began)
