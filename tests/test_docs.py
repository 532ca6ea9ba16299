"""The README documents every CLI command and every plugin option (Datasette's habit)."""

from __future__ import annotations

from click.testing import CliRunner
from tests.conftest import ROOT

from natokorea_kb.cli import main
from natokorea_kb.plugin import KnowledgeBaseConfig

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_in_the_readme():
    commands = sorted(main.commands)
    assert commands, "the CLI has commands"
    for command in commands:
        assert f"`natokorea-kb {command}" in README, f"document 'natokorea-kb {command}'"
        help_text = CliRunner().invoke(main, [command, "--help"]).output
        assert "--corpus" in help_text


def test_every_plugin_option_is_in_the_readme():
    options = [name for name, _ in KnowledgeBaseConfig._schema]
    assert "corpus" in options
    for option in options:
        assert f"| `{option}` |" in README, f"document the plugin option '{option}'"


def test_readme_starts_with_the_two_commands():
    first_screen = README[:2500]
    assert "make site" in first_screen and "make test" in first_screen
    assert "corpus/" in README[:4000]
