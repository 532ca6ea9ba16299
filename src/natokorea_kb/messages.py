"""The site's interface strings per language: message catalogs as data, never in code.

Every heading, label, explanation and figure a page prints is a message of
``resources/<lang>/ui.yml``: a nested mapping whose leaves are texts with ``{slots}``,
addressed by their dotted path (``home.heading``). A leaf that counts something is a
mapping of plural forms, ``one`` and ``other``, chosen by its ``count`` slot; a language
whose nouns stay singular after a number (Turkish: "3 kaynak") writes one text.

English is the reference: every other catalog must hold exactly its messages, with the
same slots, or loading fails naming the file, the line and the message. A message is
trusted markup (Markdown, or HTML where its page part is raw HTML); what fills its slots
is data, escaped unless the code marked it as markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from markupsafe import Markup

from .errors import LexiconError
from .resources import read_resource_text
from .yamlio import LineDict, parse_yaml

REFERENCE = "en"  # the catalog every other one must match
CATALOG = "ui.yml"
KEY = re.compile(r"[a-z][a-z0-9_]*")
SLOT = re.compile(r"\{([a-z_]+)\}")
PLURAL_FORMS = ("one", "other")


@dataclass(frozen=True)
class Message:
    """One message: its forms (``other`` alone unless it has plural forms) and its line."""

    forms: dict[str, str]
    line: int | None

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(s for form in self.forms.values() for s in SLOT.findall(form))


@dataclass(frozen=True)
class Catalog:
    """The messages of one language, by dotted key."""

    language: str
    relpath: str
    messages: dict[str, Message]

    def text(self, key: str, /, **values: Any) -> str:
        """The message ``key`` as plain text (page titles, tags), its slots filled as given."""
        return self._form(key, values).format_map({k: str(v) for k, v in values.items()})

    def markup(self, key: str, escape: Any, /, **values: Any) -> Markup:
        """The message ``key`` as markup; ``escape`` makes each slot's value inert unless
        it is markup already."""
        filled = {k: v if isinstance(v, Markup) else escape(str(v)) for k, v in values.items()}
        return Markup(self._form(key, values).format_map(filled))

    def script_messages(self, prefix: str) -> str:
        """The messages under ``prefix`` as JSON, for a page's script (``explore.*``)."""
        chosen = {
            key.removeprefix(prefix + "."): message.forms
            for key, message in self.messages.items()
            if key.startswith(prefix + ".")
        }
        return json.dumps(chosen, ensure_ascii=False, sort_keys=True)

    def _form(self, key: str, values: Mapping[str, Any]) -> str:
        message = self.messages.get(key)
        if message is None:
            raise LexiconError(self.relpath, f"no message {key!r}", f"add '{key}' to {CATALOG}")
        if "count" in values and "one" in message.forms and values["count"] == 1:
            return message.forms["one"]
        return message.forms["other"]


@cache
def catalog(language: str) -> Catalog:
    """The checked catalog of ``language``; any language but English must match English."""
    relpath = f"{language}/{CATALOG}"
    text = read_resource_text(relpath)
    if text is None:
        raise LexiconError(relpath, "no interface strings", f"add resources/{relpath}")
    found = parse_catalog(text, relpath)
    if language != REFERENCE:
        check_against(found, catalog(REFERENCE))
    return found


def parse_catalog(text: str, relpath: str) -> Catalog:
    """Read a catalog: a ``#`` header, then nested keys down to texts or plural forms."""
    if not text.startswith("#"):
        raise LexiconError(relpath, "missing comment header", "open with '# ...' lines", line=1)
    data = parse_yaml(text, LexiconError, relpath)
    if not isinstance(data, LineDict):
        raise LexiconError(relpath, "the top level must be a mapping", "write 'page: ...'", line=1)
    language = relpath.split("/", 1)[0]
    return Catalog(language, relpath, dict(_leaves(data, "", relpath)))


def _leaves(node: LineDict, prefix: str, relpath: str):
    for key, value in node.items():
        line = node.line_of(str(key))
        if not isinstance(key, str) or not KEY.fullmatch(key):
            raise LexiconError(relpath, f"bad key {key!r}", "use a-z, 0-9 and _", line=line)
        path = f"{prefix}{key}"
        if isinstance(value, str):
            yield path, Message({"other": value}, line)
        elif isinstance(value, LineDict) and set(value) == set(PLURAL_FORMS):
            if not all(isinstance(v, str) for v in value.values()):
                raise LexiconError(relpath, f"{path}: forms must be texts", "quote them", line=line)
            yield path, Message(dict(value), line)
        elif isinstance(value, LineDict):
            yield from _leaves(value, path + ".", relpath)
        else:
            raise LexiconError(
                relpath, f"{path} must be a text or a mapping", "quote the text", line=line
            )


def check_against(found: Catalog, reference: Catalog) -> None:
    """Fail unless ``found`` has exactly the reference's messages, each with its slots."""
    mine, theirs = found.messages, reference.messages
    problems = [
        (f"missing message {key!r} ({reference.relpath} line {m.line})", "translate it", None)
        for key, m in theirs.items()
        if key not in mine
    ]
    problems += [
        (f"message {key!r} is not in {reference.relpath}", "add it there or remove it", m.line)
        for key, m in mine.items()
        if key not in theirs
    ]
    problems += [
        (
            f"{key}: slots {sorted(m.slots)} differ from {sorted(theirs[key].slots)}",
            "use the reference's slots",
            m.line,
        )
        for key, m in mine.items()
        if key in theirs and m.slots != theirs[key].slots
    ]
    if problems:
        problem, hint, line = problems[0]
        raise LexiconError(found.relpath, problem, hint, line=line)
