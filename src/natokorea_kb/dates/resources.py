"""The date resource files of a language and the examples written inside them."""

from __future__ import annotations

from ..resources import DATE_EXAMPLE, Resource, language_resource

# The date resource files of a language (resources/<lang>/dates/<name>.yml).
DATE_FILES = ("months", "forms", "relative", "parts", "centuries", "not_dates", "citations")
EXAMPLE_VALUE = DATE_EXAMPLE  # an example's expected value: "none" or "START[..END] ..."


def load_resources(language: str) -> dict[str, Resource]:
    """The checked date resources of a language: ``{file: {symbol: value}}``.

    A language without date files gets empty ones, so only numeric forms are read.
    """
    return {name: language_resource(f"dates/{name}", language) for name in DATE_FILES}


def resource_examples(language: str) -> list[tuple[str, int, str, str]]:
    """Every example of the language's date resources: (file, line, phrase, expected)."""
    found = []
    for _, symbols in sorted(load_resources(language).items()):
        for phrase, (expected, line) in symbols["examples"].items():
            found.append((symbols.relpath, line, phrase, expected))
    return found
