"""MkDocs plugin: a thin adapter that adds the knowledge-base pages to a build.

The pipeline lives elsewhere and runs without MkDocs; ``natokorea-kb render --out DIR``
writes the very same pages to a folder for generators that run no plugins.

A failed ``mkdocs build`` never costs the last good site: the pipeline runs before MkDocs
empties the site folder, and the build writes into a sibling folder that replaces the
site only once the build has succeeded (``--strict`` warnings included).

The root edition's build also builds the other editions (``editions``, see
:mod:`.editions`) into its site folder; an edition's plugin renders its pages from the
knowledge base the root edition built, and names each page's counterparts (``hreflang``)
in the sitemap.
"""

from __future__ import annotations

import shutil
from functools import partial
from pathlib import Path

from jinja2 import Environment
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .cancel import check
from .deferred import DeferredEditions
from .editions import load_edition, run_edition
from .errors import KBError
from .per_source import available_cores, jobs_problem
from .pipeline import Site, build_site, edition_pages, edition_search
from .records import Page
from .render.links import EDITIONS, alternate_urls
from .rerender import PageMemo, RerenderHooks
from .search import SearchRecord
from .searchindex import BUNDLE, write_search_index
from .yamlio import replace_folder

log = get_plugin_logger(__name__)


POLL = 0.1  # seconds between two looks at the corpus and the templates under serve
SETTLE = 0.02  # seconds without a change before a rebuild begins


def poll_often(server: object) -> None:
    """Have the paths watched from now on looked at every :data:`POLL` seconds, not
    MkDocs' 0.5 s: half an edit's wait on average. The polling observer takes its
    interval from a private attribute when a path is watched; left alone if absent.

    Begin a rebuild :data:`SETTLE` seconds after the last change, not 0.1 s: the
    changes one look finds arrive together, so a longer wait gathers no more of them
    (left alone on a server without MkDocs' ``build_delay``)."""
    observer = getattr(server, "observer", None)
    if isinstance(getattr(observer, "_timeout", None), int | float):
        observer._timeout = min(observer._timeout, POLL)  # type: ignore[union-attr]
    if isinstance(getattr(server, "build_delay", None), int | float):
        server.build_delay = min(server.build_delay, SETTLE)


class KnowledgeBaseConfig(base.Config):
    """Options of the ``natokorea-kb`` plugin in ``mkdocs.yml``."""

    corpus = c.Dir(exists=True, default="corpus")
    """Folder with ``sources.yml``, ``lexicon.yml``, ``sources/`` and optional ``curation.yml``."""

    templates = c.Dir(exists=True, default="docs_templates")
    """Folder with the Jinja templates (``*.md.j2``) the pages are rendered from."""

    answer_key = c.Optional(c.File(exists=False))
    """Answer key the About page measures the extraction against; unset or missing: none."""

    cache = c.Type(bool, default=True)
    """Reuse each unchanged source's clean, segment and extract results between builds."""

    cache_dir = c.Dir(exists=False, default=".cache/natokorea-kb")
    """Folder of that cache, one per corpus; ``make clean`` empties it."""

    jobs = c.Optional(c.Type(int))
    """Worker processes for the per-source stages; unset: one per core; 1: none."""

    language = c.Choice(EDITIONS, default=EDITIONS[0])
    """The edition this configuration builds: its pages' language."""

    editions = c.ListOfItems(c.File(exists=True), default=[])
    """Configurations of the other editions, built after this one into its site folder."""


class KnowledgeBasePlugin(RerenderHooks, BasePlugin[KnowledgeBaseConfig]):
    """Run the pipeline and add its pages and data files to the MkDocs file list;
    under ``mkdocs serve``, render again only the pages that changed (:mod:`.rerender`)."""

    pages: list[Page]
    search: list[SearchRecord]
    site: Site | None = None
    shared: Site | None = None  # the root edition's build, handed to another edition
    command, dirty = "build", False
    stage = False  # whether this command's build goes to a sibling folder first
    staged: MkDocsConfig | None = None  # the config of a staged build
    site_dir = ""  # the real site folder of a staged build
    succeeded = False
    deferred: DeferredEditions | None = None  # the other editions' builds, once serving

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Stage full builds; ``serve``, ``--dirty`` and other editions' builds (inside the
        staged folder) keep writing in place."""
        self.command, self.dirty = command, dirty
        self.stage = command in ("build", "gh-deploy") and not dirty and self.shared is None
        self.memo = PageMemo() if command == "serve" else None
        self.edition_memos: dict[str, PageMemo] = {}  # the other editions' under serve
        self.edition_languages: list[str] = []  # the other editions built, by folder

    # First, so that no other plugin sees the real site folder.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Refuse a bad ``jobs``; send a staged build to ``.<site>.partial`` beside the site."""
        if problem := jobs_problem(self.config.jobs):
            where = f"{config.config_file_path} [plugins > natokorea-kb > jobs]"
            fix = "1 runs in the MkDocs process; leave it out to use every core"
            raise PluginError(f"natokorea-kb: {where}: {problem} (fix: {fix})")
        if self.stage:
            self.staged, self.site_dir = config, config.site_dir
            site = Path(config.site_dir)
            config.site_dir = str(site.with_name(f".{site.name}.partial"))
        return config

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Build the knowledge base and its pages before MkDocs empties the site folder."""
        self.succeeded = False
        if self.deferred is not None:
            self.deferred.stop()
            self.deferred.set_aside(Path(config.site_dir))
        if self.memo is not None:
            self.memo.start()
        key = Path(self.config.answer_key) if self.config.answer_key else None
        cache = Path(self.config.cache_dir) if self.config.cache else None
        templates = Path(self.config.templates)
        jobs = self.config.jobs or available_cores()
        # Serving, pages are rendered in this process from the first build on: later
        # builds must (forking a process that runs the server's threads is unsafe), and
        # they lay out again only the graphs that changed if the layouts are here.
        render_jobs = 1 if self.memo is not None else jobs
        try:
            if self.shared is not None:  # another edition, from the root's knowledge base
                language = self.config.language
                self.pages = edition_pages(self.shared, templates, language, render_jobs)
                check(self.cancelled)
                self.search = edition_search(self.shared, self.config.language)
                check(self.cancelled)
                return
            corpus = Path(self.config.corpus)
            site = build_site(corpus, templates, key, cache, jobs=jobs, render_jobs=render_jobs)
        except KBError as error:
            raise PluginError(" ".join(f"natokorea-kb: {error}".split())) from None
        self.site, self.pages, self.search = site, site.pages, site.search
        if key is not None and site.evaluation is None:
            log.info("answer key %s not found: the About page reports no evaluation", key)
        # INFO, not WARNING: the texts are third-party and quoted as published, so their
        # impossible dates are worth knowing but nothing to fix, and must not fail --strict.
        for warning in site.warnings:
            log.info("%s", warning)
        log.info(
            "%d sources, %d facts, %d pages; %d dated sentences gave no fact "
            "(natokorea-kb check --coverage lists them)",
            len(site.kb.documents),
            len(site.kb.facts),
            len(site.pages),
            len(site.kb.skipped),
        )

    # Files are generated before anything reads them, including the tags plugin and search.
    @event_priority(100)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Add every generated page in memory; once serving, put the last build's files
        back in the emptied site folder, to be overwritten (:mod:`.deferred`)."""
        if self.deferred is not None:
            self.deferred.restore()
        for page in self.pages:
            files.append(File.generated(config, page.path, content=page.data))
        return files

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Let the sitemap name each page in every edition (``overrides/sitemap.xml``);
        under ``mkdocs serve``, choose the pages whose finished file is reused."""
        check(self.cancelled)
        language, site_url = self.config.language, config.site_url or ""
        env.globals["kb_alternates"] = lambda src: alternate_urls(src, site_url, language)
        return super().on_env(env, config=config, files=files)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Index the written site for its search, then build the other editions into it
        (once serving, both after this build: :mod:`.deferred`); note success (a --strict
        abort after this still reaches on_build_error)."""
        check(self.cancelled)
        if self.deferred is not None:
            self.defer(config)
        else:
            self.index(Path(config.site_dir))
            self.build_editions(config)
        self.succeeded = True

    def index(self, site_dir: Path) -> None:
        """Write the search index of this edition's pages into its site folder."""
        try:
            report = write_search_index(self.search, site_dir, cancelled=self.cancelled)
        except KBError as error:
            raise PluginError(" ".join(f"natokorea-kb: {error}".split())) from None
        log.info("%s", report.summary())

    def build_editions(self, config: MkDocsConfig) -> None:
        """Build the other editions into this build's site folder, one after the other."""
        self.edition_languages = []
        for config_file in self.config.editions:
            assert self.site is not None
            memo = self.memo and self.edition_memos.setdefault(config_file, PageMemo())
            edition = load_edition(
                Path(config_file), config, self.site, self.command, self.dirty, memo
            )
            built = run_edition(edition, self.dirty)
            log.info("edition '%s' built in %.2f s", built.language, built.seconds)
            self.edition_languages.append(built.language)

    def defer(self, config: MkDocsConfig) -> None:
        """Serve the search index and the other editions of the last build again, and
        write them anew in a thread (the editions' configurations are loaded here:
        loading swaps MkDocs' plugin cache, which the server's next rebuild reads)."""
        assert self.site is not None and self.deferred is not None
        editions = [
            load_edition(
                Path(config_file),
                config,
                self.site,
                self.command,
                self.dirty,
                self.edition_memos.setdefault(config_file, PageMemo()),
            )
            for config_file in self.config.editions
        ]
        site_dir = Path(config.site_dir)
        self.deferred.sweep()
        self.deferred.put_back()
        self.deferred.start(partial(self.index, site_dir), editions, site_dir, self.dirty)

    def on_build_error(self, *, error: Exception) -> None:
        """Drop the partial build; the site folder was never touched."""
        self.succeeded = False
        if self.deferred is not None:
            self.deferred.put_back()
        if self.staged is not None:
            shutil.rmtree(self.staged.site_dir, ignore_errors=True)

    def on_shutdown(self) -> None:
        """Stop the other editions' build under way when serving; publish a successful
        staged build in place of the site folder."""
        if self.deferred is not None:
            self.deferred.close()
        if self.staged is None:
            return
        staging = Path(self.staged.site_dir)
        self.staged.site_dir = self.site_dir  # gh-deploy reads it after the build
        if self.succeeded and staging.is_dir():
            replace_folder(staging, Path(self.site_dir))
        shutil.rmtree(staging, ignore_errors=True)

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        """Rebuild when a corpus file or a template changes (noticed within
        :data:`POLL` seconds); from now on, write the search index and build the other
        editions after each build is served (:mod:`.deferred`; not with ``--dirty``, whose
        builds keep the files of the last one)."""
        poll_often(server)
        server.watch(self.config.corpus)
        server.watch(self.config.templates)
        for config_file in self.config.editions:
            server.watch(config_file)
        if self.config.editions and self.memo is not None and not self.dirty:
            self.deferred = DeferredEditions(server, [BUNDLE, *self.edition_languages])
        return server
