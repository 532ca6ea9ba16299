"""MkDocs plugin: a thin adapter that adds the knowledge-base pages to a build.

The pipeline lives elsewhere and runs without MkDocs; ``natokorea-kb render --out DIR``
writes the very same pages to a folder for generators that run no plugins.

A failed ``mkdocs build`` never costs the last good site: the pipeline runs before MkDocs
empties the site folder, and the build writes into a sibling folder that replaces the
site only once the build has succeeded (``--strict`` warnings included).
"""

from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .errors import KBError
from .per_source import available_cores, jobs_problem
from .pipeline import build_site
from .records import Page
from .rerender import PageMemo, RerenderHooks
from .yamlio import replace_folder

log = get_plugin_logger(__name__)


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


class KnowledgeBasePlugin(RerenderHooks, BasePlugin[KnowledgeBaseConfig]):
    """Run the pipeline and add its pages and data files to the MkDocs file list;
    under ``mkdocs serve``, render again only the pages that changed (:mod:`.rerender`)."""

    pages: list[Page]
    stage = False  # whether this command's build goes to a sibling folder first
    staged: MkDocsConfig | None = None  # the config of a staged build
    site_dir = ""  # the real site folder of a staged build
    succeeded = False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Stage full builds; ``serve`` and ``--dirty`` builds keep writing in place."""
        self.stage = command in ("build", "gh-deploy") and not dirty
        self.memo = PageMemo() if command == "serve" else None

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
        if self.memo is not None:
            self.memo.start()
        key = Path(self.config.answer_key) if self.config.answer_key else None
        cache = Path(self.config.cache_dir) if self.config.cache else None
        corpus, templates = Path(self.config.corpus), Path(self.config.templates)
        try:
            jobs = self.config.jobs or available_cores()
            site = build_site(corpus, templates, key, cache, jobs=jobs)
        except KBError as error:
            raise PluginError(" ".join(f"natokorea-kb: {error}".split())) from None
        self.pages = site.pages
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
        """Add every generated page in memory."""
        for page in self.pages:
            files.append(File.generated(config, page.path, content=page.data))
        return files

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Note success; a --strict abort after this still reaches on_build_error."""
        self.succeeded = True

    def on_build_error(self, *, error: Exception) -> None:
        """Drop the partial build; the site folder was never touched."""
        self.succeeded = False
        if self.staged is not None:
            shutil.rmtree(self.staged.site_dir, ignore_errors=True)

    def on_shutdown(self) -> None:
        """Publish a successful staged build in place of the site folder."""
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
        """Rebuild when a corpus file or a template changes."""
        server.watch(self.config.corpus)
        server.watch(self.config.templates)
        return server
