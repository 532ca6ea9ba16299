"""YAML in with line numbers, YAML and JSON out, deterministically.

Hand-edited corpus files need errors that point at a line, so the loader keeps the
line of every mapping and of every key. Output is sorted and free of anchors so the
same records always give the same bytes.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from .errors import KBError


class LineDict(dict):
    """A mapping that remembers where it, and each of its keys, stood in the file."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A sequence that remembers the line of each of its items."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _KeyProblem(yaml.constructor.ConstructorError):
    """A key YAML accepts but a hand-written file should not hold, with its own fix."""

    def __init__(self, problem: str, hint: str, mark: yaml.Mark) -> None:
        super().__init__(None, None, problem, mark)
        self.hint = hint


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that builds LineDicts and LineLists and refuses duplicate keys.

    This pure-Python loader is the reference: it reads everything where libyaml is
    missing and re-reads any text libyaml rejects, so that an error is worded the same
    on every machine.
    """


class _FastLineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """The same loader on libyaml's parser, about ten times faster; its nodes keep lines."""


def _construct_mapping(loader: SafeConstructor, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, Hashable):
            raise _KeyProblem(
                "a list or mapping used as a key", "write a plain word as key", key_node.start_mark
            )
        if key in mapping:
            raise _KeyProblem(
                f"duplicate key {key!r}",
                f"keep one of the '{key}:' lines of this mapping",
                key_node.start_mark,
            )
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[str(key)] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader: SafeConstructor, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.line = node.start_mark.line + 1
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


for _loader in (_LineLoader, _FastLineLoader):
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
    _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path, error: type[KBError], display: str | None = None) -> Any:
    """Parse a YAML file, turning syntax errors into ``error`` with the line."""
    name = display or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise error(name, "file not found", "create it or fix the path") from exc
    except OSError as exc:
        raise error(name, f"cannot be read ({exc.strerror})", "make it a readable file") from exc
    except UnicodeDecodeError as exc:
        raise error(name, f"not UTF-8 ({exc.reason})", "save the file as UTF-8") from exc
    return parse_yaml(text, error, name)


def parse_yaml(text: str, error: type[KBError], name: str) -> Any:
    """Parse YAML text; a syntax error becomes ``error`` naming ``name`` and the line."""
    try:
        return yaml.load(text, Loader=_FastLineLoader)  # safe: plain YAML types only
    except (yaml.YAMLError, UnicodeEncodeError):
        pass  # read again below, so that the message is the reference loader's
    try:
        return yaml.load(text, Loader=_LineLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        problem = f"invalid YAML: {exc.problem or exc}"
        start = exc.context_mark
        if exc.context and start and mark and start.line != mark.line:
            problem += f" ({exc.context} begun on line {start.line + 1})"
        hint = getattr(exc, "hint", "check indentation, quotes and brackets here or just above")
        raise error(name, problem, hint, line=line) from exc
    except yaml.YAMLError as exc:
        raise error(name, f"invalid YAML: {exc}", "fix the YAML syntax") from exc


class _PlainDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Dumper without aliases, so repeated values are written out in full.

    libyaml's emitter writes the same text as PyYAML's, about 3.5 times faster.
    """

    def ignore_aliases(self, data: Any) -> bool:
        return True


def dump_yaml(data: Any) -> str:
    """Serialise plain data as block YAML with stable key order (insertion order)."""
    return yaml.dump(
        data,
        Dumper=_PlainDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=100,
    )


def dump_json(data: Any) -> str:
    """Serialise plain data as indented UTF-8 JSON ending in a newline."""
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` so that readers see the old file or the new one, never a partial one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o644  # mkstemp would give 0600
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def replace_folder(new: Path, target: Path) -> None:
    """Put the finished folder ``new`` in place of ``target``.

    The old folder is set aside first and deleted only once the new one stands, so a
    failure at any point leaves one complete folder at ``target``.
    """
    old = target.with_name(f".{target.name}.old")
    if old.exists():
        shutil.rmtree(old)
    if target.exists():
        target.rename(old)
    try:
        new.rename(target)
    except BaseException:
        if old.exists():
            old.rename(target)
        raise
    if old.exists():
        shutil.rmtree(old)
