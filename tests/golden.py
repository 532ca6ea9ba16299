"""One loader for the golden cases under ``tests/cases/<area>/*.yml``.

A file holds one case as a mapping or several as a list of mappings; either way each
case becomes a ``pytest.param`` whose id names its file, its ``name`` (or its index in
the list) and the line it starts on, so a failing case is found from the test id alone.
A file that is not valid YAML, or holds anything but cases, stops the collection with
its path and line.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

CASES = Path(__file__).parent / "cases"
ROOT = CASES.parents[1]


@dataclass(frozen=True)
class GoldenCase:
    """One case and where it was written."""

    data: dict[str, Any]
    path: Path
    line: int
    label: str  # its name, or its index in a list; empty when the file holds one case

    @property
    def id(self) -> str:
        where = f"{self.path.stem}:{self.label}" if self.label else self.path.stem
        return f"{where} (line {self.line})"


def golden_cases(
    area: str,
    *,
    only: Collection[str] = (),
    skip: Collection[str] = (),
    root: Path = CASES,
) -> list[Any]:
    """Every case of ``area`` as a ``pytest.param`` carrying the case's mapping.

    ``only`` and ``skip`` name files by stem, for areas whose files feed different
    tests; naming a file that does not exist is an error, so a rename is noticed.
    """
    paths = sorted((root / area).glob("*.yml"))
    stems = {path.stem for path in paths}
    for stem in (*only, *skip):
        if stem not in stems:
            pytest.fail(f"{_shown(root / area)}: no golden file {stem}.yml", pytrace=False)
    if not paths:
        pytest.fail(f"{_shown(root / area)}: no golden cases (*.yml)", pytrace=False)
    chosen = [p for p in paths if (not only or p.stem in only) and p.stem not in skip]
    return [pytest.param(case.data, id=case.id) for path in chosen for case in load_cases(path)]


def load_cases(path: Path) -> list[GoldenCase]:
    """The cases of one file, each with the line it starts on."""
    loader = yaml.SafeLoader(path.read_text(encoding="utf-8"))
    problem = None
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except yaml.MarkedYAMLError as error:
        problem = _yaml_problem(path, error)
    finally:
        loader.dispose()
    if problem:  # failed outside the handler, so the report is the one line
        pytest.fail(problem, pytrace=False)
    if isinstance(data, dict):
        return [GoldenCase(data, path, root.start_mark.line + 1, _name(data))]
    if not isinstance(data, list) or not data:
        pytest.fail(
            f"{_shown(path)}:1: expected a case (a mapping) or a list of cases", pytrace=False
        )
    cases = []
    for index, (node, case) in enumerate(zip(root.value, data, strict=True)):
        line = node.start_mark.line + 1
        if not isinstance(case, dict):
            pytest.fail(f"{_shown(path)}:{line}: case {index} is not a mapping", pytrace=False)
        cases.append(GoldenCase(case, path, line, _name(case) or str(index)))
    return cases


def _yaml_problem(path: Path, error: yaml.MarkedYAMLError) -> str:
    """``file:line: problem``, with what the parser was reading and where it began."""
    mark = error.problem_mark or error.context_mark
    message = f"{_shown(path)}:{mark.line + 1 if mark else 1}: not valid YAML: {error.problem}"
    if error.context and error.context_mark:
        message += f" ({error.context} at line {error.context_mark.line + 1})"
    return message


def _name(case: dict[str, Any]) -> str:
    name = case.get("name")
    return name if isinstance(name, str) else ""


def _shown(path: Path) -> str:
    """A path relative to the project, as a reader would type it."""
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)
