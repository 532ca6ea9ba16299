"""Errors a user can act on: each names the file, the line or field, what is wrong and a fix.

Every stage raises its own subclass so callers (CLI, MkDocs plugin) can turn any of
them into one line of text without a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class KBError(Exception):
    """A problem with the input that the user must fix."""

    file: str
    problem: str
    hint: str = ""
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f":{self.line}"
        if self.field:
            where += f" [{self.field}]"
        text = f"{where}: {self.problem}"
        if self.hint:
            text += f" (fix: {self.hint})"
        return text


class SourceError(KBError):
    """`sources.yml` or a source file cannot be read."""


class LexiconError(KBError):
    """`lexicon.yml` or a language resource file is malformed."""


class CurationError(KBError):
    """`curation.yml` is malformed or names something that does not exist."""


class ExtractError(KBError):
    """A rule or record cannot be applied (for example an impossible date)."""


class RenderError(KBError):
    """A template cannot be found or rendered."""
