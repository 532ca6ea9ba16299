"""Load the YAML resource files shipped under ``natokorea_kb/resources/``.

Rules live in data (month names, abbreviations, cue words, boilerplate phrases), so a
malformed entry must fail early and point at the file and the line, as HeidelTime's
resource loader does. Every resource file is a mapping of symbols that opens with a
``#`` comment header saying its format (the word "Format" must appear in it) and giving
examples. The helpers below check the shape of one symbol at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from importlib import resources as importlib_resources
from typing import Any

from .errors import LexiconError
from .yamlio import LineDict, LineList, parse_yaml

PACKAGE = "natokorea_kb"
RESOURCE_DIR = "resources"
RELPATH = re.compile(r"^[A-Za-z0-9_-]+(?:/[A-Za-z0-9_-]+)*\.ya?ml$")


def read_resource_text(relpath: str) -> str:
    """Return the text of ``resources/<relpath>``; the path may not leave that folder."""
    if not RELPATH.match(relpath):
        raise LexiconError(
            relpath,
            "not a resource path",
            "use a relative path such as 'en/abbreviations.yml' (letters, digits, - and _)",
        )
    target = importlib_resources.files(PACKAGE).joinpath(RESOURCE_DIR, *relpath.split("/"))
    try:
        return target.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise LexiconError(relpath, "resource file not found", "create it or fix the name") from exc
    except UnicodeDecodeError as exc:
        raise LexiconError(relpath, f"not UTF-8 ({exc.reason})", "save it as UTF-8") from exc


def parse_resource(text: str, relpath: str, keys: tuple[str, ...] | None = None) -> LineDict:
    """Parse resource text: header check, YAML syntax, top-level mapping, known symbols.

    ``keys``, when given, lists every symbol the file must define and no others.
    """
    first = next((line for line in text.splitlines() if line.strip()), "")
    header = []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        header.append(line)
    if not first.startswith("#") or not any("format" in line.lower() for line in header):
        raise LexiconError(
            relpath,
            "missing comment header",
            "open the file with '# ...' lines saying its format ('Format: ...') and examples",
            line=1,
        )
    data = parse_yaml(text, LexiconError, relpath)
    if not isinstance(data, LineDict):
        raise LexiconError(
            relpath, "the top level must be a mapping of symbols", "write 'symbol: ...'", line=1
        )
    if keys is not None:
        for key in data:
            if key not in keys:
                raise LexiconError(
                    relpath,
                    f"unknown symbol {key!r}",
                    f"use one of: {', '.join(keys)}",
                    line=data.line_of(str(key)),
                )
        for key in keys:
            if key not in data:
                raise LexiconError(relpath, f"missing symbol {key!r}", f"add '{key}:'", line=1)
    return data


def load_resource(relpath: str, keys: tuple[str, ...] | None = None) -> LineDict:
    """Load ``resources/<relpath>`` as a checked mapping (see :func:`parse_resource`)."""
    return parse_resource(read_resource_text(relpath), relpath, keys)


def _line(container: Any, key: str | int, fallback: int | None) -> int | None:
    if isinstance(container, LineDict) and isinstance(key, str):
        return container.line_of(key)
    if isinstance(container, LineList) and isinstance(key, int):
        return container.line_of(key)
    return fallback


def string_list(data: LineDict, key: str, relpath: str, *, allow_empty: bool = False) -> tuple:
    """Return ``data[key]`` as a tuple of distinct non-empty strings, or raise with the line."""
    value = data.get(key)
    line = data.line_of(key)
    if value is None and allow_empty:
        return ()
    if not isinstance(value, list) or (not value and not allow_empty):
        raise LexiconError(
            relpath, f"{key!r} must be a non-empty list", "write '- entry'", line=line
        )
    seen: dict[str, int] = {}
    for index, item in enumerate(value):
        item_line = _line(value, index, line)
        if not isinstance(item, str) or not item.strip():
            raise LexiconError(
                relpath,
                f"entry {item!r} of {key!r} is not a non-empty string",
                "quote the entry",
                line=item_line,
            )
        if item in seen:
            raise LexiconError(
                relpath,
                f"duplicate entry {item!r} in {key!r} (first on line {seen[item]})",
                "remove one of them",
                line=item_line,
            )
        seen[item] = item_line or 0
    return tuple(value)


def sub_mapping(data: LineDict, key: str, relpath: str) -> LineDict:
    """Return ``data[key]`` when it is a mapping, or raise with the line."""
    value = data.get(key)
    if not isinstance(value, LineDict):
        raise LexiconError(
            relpath,
            f"{key!r} must be a mapping",
            "write 'name: ...' entries under it",
            line=data.line_of(key),
        )
    return value


def regex_list(data: LineDict, key: str, relpath: str, flags: int = re.IGNORECASE) -> tuple:
    """Compile every entry of ``data[key]`` as a regular expression, or raise with the line."""
    patterns = string_list(data, key, relpath)
    value = data[key]
    compiled = []
    for index, pattern in enumerate(patterns):
        try:
            compiled.append(re.compile(pattern, flags))
        except re.error as exc:
            raise LexiconError(
                relpath,
                f"entry {pattern!r} of {key!r} is not a valid pattern ({exc.msg})",
                "fix or escape the pattern",
                line=_line(value, index, data.line_of(key)),
            ) from exc
    return tuple(compiled)


def phrase_pattern(phrases: tuple[str, ...], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """One alternation matching any phrase as whole words, longest first."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)", flags)


def trie_pattern(keys: Iterable[Sequence[str]]) -> str:
    """One regex alternation matching exactly the keys, shaped as a trie.

    A key is a sequence of non-empty regex pieces, usually one escaped character each.
    Keys that begin alike share a branch, so the engine tests each piece once instead of
    once per key, and the pattern is short, which makes it quick to compile. Where one key
    extends another the longer is tried first. The order of sibling branches is not
    defined, so pieces meeting at one branching must never match the same text (distinct
    literal characters never do).
    """
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for piece in key:
            node = node.setdefault(piece, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict[str, dict]) -> str:
    branches = []
    for piece in sorted(p for p in node if p):
        child = node[piece]
        while len(child) == 1 and "" not in child:  # a chain without branchings
            ((next_piece, child),) = child.items()
            piece += next_piece
        branches.append(piece + _emit(child))
    if not branches:
        return ""
    optional = "?" if "" in node else ""
    if all(map(_one_character, branches)):  # the shortest form parses and compiles fastest
        body = branches[0] if len(branches) == 1 else "[" + "".join(branches) + "]"
        return body + optional
    body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
    return body + optional


def _one_character(piece: str) -> bool:
    """Whether ``piece`` is one literal character as :func:`re.escape` writes it."""
    return piece == re.escape(piece[-1])


def resource_exists(relpath: str) -> bool:
    """Whether ``resources/<relpath>`` is shipped (optional per-language files)."""
    if not RELPATH.match(relpath):
        return False
    return importlib_resources.files(PACKAGE).joinpath(RESOURCE_DIR, *relpath.split("/")).is_file()
