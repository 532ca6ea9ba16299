"""MkDocs plugin: a thin adapter that adds the knowledge-base pages to a build.

The pipeline lives elsewhere and runs without MkDocs; ``natokorea-kb render --out DIR``
writes the very same pages to a folder for generators that run no plugins.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from .errors import KBError
from .pipeline import build
from .render import render_site

log = get_plugin_logger(__name__)


class KnowledgeBaseConfig(base.Config):
    """Options of the ``natokorea-kb`` plugin in ``mkdocs.yml``."""

    corpus = c.Dir(exists=True, default="corpus")
    """Folder with ``sources.yml``, ``lexicon.yml``, ``sources/`` and optional ``curation.yml``."""

    templates = c.Dir(exists=True, default="docs_templates")
    """Folder with the Jinja templates (``*.md.j2``) the pages are rendered from."""


class KnowledgeBasePlugin(BasePlugin[KnowledgeBaseConfig]):
    """Run the pipeline and add its pages and data files to the MkDocs file list."""

    # Files are generated before anything reads them, including the tags plugin and search.
    @event_priority(100)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Build the knowledge base and add every generated page in memory."""
        try:
            kb = build(Path(self.config.corpus))
            pages = render_site(kb, Path(self.config.templates))
        except KBError as error:
            raise PluginError(f"natokorea-kb: {error}") from None
        for page in pages:
            files.append(File.generated(config, page.path, content=page.content))
        log.info(
            "%d sources, %d facts, %d pages; %d dated sentences gave no fact "
            "(natokorea-kb check --coverage lists them)",
            len(kb.documents),
            len(kb.facts),
            len(pages),
            len(kb.skipped),
        )
        return files

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        """Rebuild when a corpus file or a template changes."""
        server.watch(self.config.corpus)
        server.watch(self.config.templates)
        return server
