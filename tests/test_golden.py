"""The golden-case loader: ids that say where a case is, errors that say where a file is wrong."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.golden import CASES, golden_cases, load_cases


def _area(tmp_path: Path, files: dict[str, str]) -> Path:
    area = tmp_path / "area"
    area.mkdir()
    for name, text in files.items():
        (area / name).write_text(text, encoding="utf-8")
    return tmp_path


def test_one_case_files_and_lists_give_ids_with_file_name_and_line(tmp_path):
    root = _area(
        tmp_path,
        {
            "single.yml": "# a header\n# more header\ninput: x\nexpect: y\n",
            "many.yml": "# header\n- name: first\n  text: a\n- text: b\n\n- name: third\n",
        },
    )
    params = golden_cases("area", root=root)
    assert [p.id for p in params] == [
        "many:first (line 2)",
        "many:1 (line 4)",
        "many:third (line 6)",
        "single (line 3)",
    ]
    assert params[0].values == ({"name": "first", "text": "a"},)
    assert [p.id for p in golden_cases("area", only=["single"], root=root)] == ["single (line 3)"]
    assert len(golden_cases("area", skip=["single"], root=root)) == 3


@pytest.mark.parametrize(
    ("text", "where", "problem"),
    [
        ("- name: a\n  text: [unclosed\n- name: b\n", ":3:", "not valid YAML"),
        ("name: a\n  text: wrongly indented\n", ":2:", "not valid YAML"),
        ("- name: a\n- just a string\n", ":2:", "case 1 is not a mapping"),
        ("42\n", ":1:", "a case (a mapping) or a list of cases"),
        ("# only a comment\n", ":1:", "a case (a mapping) or a list of cases"),
    ],
)
def test_a_malformed_file_fails_with_its_path_and_line(tmp_path, text, where, problem):
    path = _area(tmp_path, {"broken.yml": text}) / "area" / "broken.yml"
    with pytest.raises(pytest.fail.Exception) as failed:
        load_cases(path)
    message = str(failed.value)
    assert message.startswith(f"{path}{where}"), message
    assert problem in message


def test_naming_a_missing_file_fails(tmp_path):
    root = _area(tmp_path, {"present.yml": "text: a\n"})
    with pytest.raises(pytest.fail.Exception, match=r"no golden file absent\.yml"):
        golden_cases("area", only=["absent"], root=root)
    with pytest.raises(pytest.fail.Exception, match="no golden cases"):
        golden_cases("empty", root=root)


def test_every_area_is_run_by_a_test_module():
    """A folder of cases that no test loads would pass silently."""
    tests = Path(__file__).parent.glob("test_*.py")
    sources = "".join(path.read_text(encoding="utf-8") for path in tests)
    loaded = set(re.findall(r'golden_cases\(\s*"([^"]+)"', sources))
    assert {area.name for area in CASES.iterdir() if area.is_dir()} <= loaded
