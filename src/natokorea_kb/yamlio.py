"""YAML in with line numbers, YAML and JSON out, deterministically.

Hand-edited corpus files need errors that point at a line, so the loader keeps the
line of every mapping and of every key. Output is sorted and free of anchors so the
same records always give the same bytes.
"""

from __future__ import annotations

import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Hashable, Iterable
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


_READ: dict[tuple[Path, str], tuple[str, Any]] = {}  # path, name -> text, its parse


def load_yaml_read_only(path: Path, error: type[KBError], display: str | None = None) -> Any:
    """:func:`load_yaml`, given again while the file's text is the same, for a caller
    that only reads what it gets (``mkdocs serve`` reads the answer key at every build)."""
    name = display or path.name
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return load_yaml(path, error, display)  # which says what is wrong
    found = _READ.get((path, name))
    if found is None or found[0] != text:
        found = _READ[(path, name)] = (text, parse_yaml(text, error, name))
    return found[1]


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


# Strings written without quotes: a letter first, then word characters, single spaces
# and a few marks YAML gives no meaning inside a plain scalar. Anything else is written
# double-quoted. Quoting more than needed never changes what a reader loads.
_PLAIN = re.compile(r"[A-Za-z][\w.,()/'-]*(?: [\w.,()/'-]+)*", re.ASCII)
# Words YAML 1.1 (PyYAML) reads as booleans or null when unquoted.
_RESERVED = frozenset(
    f(w)
    for w in ("yes", "no", "true", "false", "on", "off", "null")
    for f in (str, str.title, str.upper)
)
# Characters JSON leaves as they are but a YAML double-quoted scalar may not hold:
# line breaks YAML folds (NEL, LS, PS) and characters outside YAML's printable set.
_UNPRINTABLE = re.compile("[\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff]")


def _scalar(value: Any) -> str:
    """One scalar as YAML text that loads back to ``value`` and its type."""
    if isinstance(value, str):
        if _PLAIN.fullmatch(value) and value not in _RESERVED:
            return value
        quoted = json.dumps(value, ensure_ascii=False)  # JSON strings are YAML strings
        return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", quoted)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return ".nan"
        if value in (math.inf, -math.inf):
            return ".inf" if value > 0 else "-.inf"
        mantissa, e, exponent = repr(value).partition("e")
        if "." not in mantissa:  # YAML 1.1 reads 1e-05 as a string, 1.0e-05 as a float
            mantissa += ".0"
        return mantissa + e + (exponent if exponent[:1] in "-+" else "+" + exponent)
    raise TypeError(f"cannot write {type(value).__name__} as YAML")


def _block(data: Any, indent: str, out: list[str]) -> None:
    """Append the lines of a list or mapping, items at ``indent``."""
    if isinstance(data, dict):
        for key, value in data.items():
            head = f"{indent}{_scalar(key)}:"
            if isinstance(value, (dict, list)) and value:
                out.append(head)
                _block(value, indent + ("" if isinstance(value, list) else "  "), out)
            else:
                out.append(f"{head} {_inline(value)}")
    else:
        for item in data:
            if isinstance(item, (dict, list)) and item:
                nested: list[str] = []
                _block(item, indent + "  ", nested)
                nested[0] = f"{indent}- {nested[0][len(indent) + 2 :]}"
                out.extend(nested)
            else:
                out.append(f"{indent}- {_inline(item)}")


def _inline(value: Any) -> str:
    if isinstance(value, dict):
        return "{}"
    if isinstance(value, list):
        return "[]"
    return _scalar(value)


def dump_yaml(data: Any) -> str:
    """Serialise plain data (mappings, lists, strings, numbers, booleans, null) as block YAML.

    Keys keep their insertion order and nothing is written as an alias, so the same
    records give the same bytes. PyYAML's dumper builds a node per scalar in Python and
    took most of the render stage's time for a large ``facts.yml``; this writer knows
    the few types records hold and writes them in one pass, quoting whatever it cannot
    prove plain (``tests/test_yamlio.py`` loads its output back).
    """
    if not isinstance(data, (dict, list)) or not data:
        return _inline(data) + "\n"
    lines: list[str] = []
    _block(data, "", lines)
    return "\n".join(lines) + "\n"


def dump_yaml_records(records: Iterable[dict]) -> str:
    """A list of records as :func:`dump_yaml` writes it, one record in memory at a time."""
    return "".join(dump_yaml([record]) for record in records) or "[]\n"


def dump_json_records(records: Iterable[dict]) -> str:
    """A JSON array with one record per line.

    A line per record reads and diffs record by record, and unlike indented JSON it
    goes through the json module's C encoder, without a list of every token of a
    60 MB file in memory.
    """
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f"[\n{lines}\n]\n" if lines else "[]\n"


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
