"""The MkDocs plugin: generated files in memory, and live reload on corpus edits."""

from __future__ import annotations

import pytest
from mkdocs.config import load_config
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from tests.conftest import ROOT

from natokorea_kb.plugin import KnowledgeBasePlugin


class _RecordingServer:
    def __init__(self) -> None:
        self.watched: list[str] = []

    def watch(self, path: str, *args: object, **kwargs: object) -> None:
        self.watched.append(path)


def _plugin_and_config():
    config = load_config(str(ROOT / "mkdocs.yml"))
    plugin = config.plugins["natokorea-kb"]
    assert isinstance(plugin, KnowledgeBasePlugin)
    return plugin, config


def test_serve_watches_the_corpus_and_the_templates():
    plugin, config = _plugin_and_config()
    server = _RecordingServer()
    plugin.on_serve(server, config=config, builder=None)
    assert str(ROOT / "corpus") in server.watched
    assert str(ROOT / "docs_templates") in server.watched


def test_files_are_generated_in_memory_not_on_disk():
    plugin, config = _plugin_and_config()
    plugin.on_pre_build(config=config)  # the pipeline runs before MkDocs clears the site
    files = config.plugins.on_files(Files([]), config=config)
    paths = {f.src_uri for f in files}
    assert {"index.md", "sources/002.md", "data/facts.json"} <= paths
    assert all(f.generated_by == "natokorea-kb" for f in files)
    assert not (ROOT / "docs_templates" / "static" / "index.md").exists()


def test_a_job_count_below_one_stops_the_build_with_a_fix():
    plugin, config = _plugin_and_config()
    plugin.config.jobs = 0
    try:
        with pytest.raises(PluginError) as raised:
            plugin.on_config(config)
    finally:
        plugin.config.jobs = None
    message = str(raised.value)
    assert "[plugins > natokorea-kb > jobs]: 0 is not a number of worker processes" in message
    assert "fix: 1 runs in the MkDocs process" in message
