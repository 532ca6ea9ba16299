"""The YAML writer: whatever it writes loads back, value for value and type for type."""

from __future__ import annotations

import json
import math

import pytest
import yaml

from natokorea_kb.publish import aggregate_files, fact_records
from natokorea_kb.yamlio import dump_json_records, dump_yaml, dump_yaml_records

# Strings a careless writer would let YAML read as something else, or break on.
TRICKY = [
    "",
    " ",
    "yes",
    "No",
    "ON",
    "null",
    "Null",
    "~",
    "true",
    "2012",
    "2012-05-03",
    "1e3",
    "0x1F",
    "12:30",
    ".inf",
    ".nan",
    "-",
    "- item",
    "key: value",
    "a #comment",
    "#tag",
    "&anchor",
    "*alias",
    "!tag",
    "@at",
    "`tick",
    "%directive",
    "|",
    ">",
    "[list]",
    "{map}",
    "'single'",
    '"double"',
    "back\\slash",
    "trailing ",
    " leading",
    "two  spaces",
    "line\nbreak",
    "tab\there",
    "NEL\x85LS\u2028PS\u2029",
    "C1\x80\x9f DEL\x7f",
    "BOM\ufeff",
    "Türkiye’nin NATO’ya katılımı",
    "대한민국 외교부",
    "Yoon Suk Yeol (윤석열)",
    "it's, fine (really) / ok.",
    "<<",
    "=",
    "?",
    "a: b",
    "end:",
    "\x00nul",
]


def loads(text: str):
    return yaml.safe_load(text)


@pytest.mark.parametrize("text", TRICKY)
def test_every_string_loads_back_as_written(text):
    data = [{"value": text, text or "empty": [text]}]
    assert loads(dump_yaml(data)) == data


@pytest.mark.parametrize(
    "value", [0, -3, 10**20, 1.5, 1e-05, 1e16, -2.5e-07, 0.0, True, False, None]
)
def test_numbers_booleans_and_null_keep_their_type(value):
    loaded = loads(dump_yaml({"x": value}))["x"]
    assert loaded == value and type(loaded) is type(value)


def test_infinities_and_nan_are_written_as_yaml_floats():
    loaded = loads(dump_yaml({"a": math.inf, "b": -math.inf, "c": math.nan}))
    assert loaded["a"] == math.inf and loaded["b"] == -math.inf and math.isnan(loaded["c"])


def test_nesting_and_empty_containers_load_back():
    data = {
        "facts": [{"id": "f1", "entities": [], "date": {"start": "2012", "end": "2013"}}],
        "lists": [[1, [2, []]], [], {}],
        "empty": {},
        "top": "level",
    }
    assert loads(dump_yaml(data)) == data
    assert loads(dump_yaml([])) == [] and loads(dump_yaml({})) == {}
    assert loads(dump_yaml("bare")) == "bare"


def test_plain_words_stay_unquoted_for_people_reading_the_file():
    text = dump_yaml([{"kind": "event", "entities": ["nato", "south-korea"]}])
    assert text == "- kind: event\n  entities:\n  - nato\n  - south-korea\n"


def test_the_published_records_of_the_seeds_load_back_unchanged(kb):
    records = list(fact_records(kb))
    assert loads(dump_yaml(records)) == records
    for page in aggregate_files(kb):
        if page.path.endswith(".yml"):
            assert loads(page.content) == loads(
                next(p for p in aggregate_files(kb) if p.path == page.path[:-4] + ".json").content
            )


def test_what_yaml_cannot_hold_is_refused_not_mangled():
    with pytest.raises(TypeError, match="set"):
        dump_yaml({"x": {1, 2}})


def test_records_written_one_at_a_time_read_as_one_list(kb):
    records = list(fact_records(kb))
    assert dump_yaml_records(iter(records)) == dump_yaml(records)
    assert json.loads(dump_json_records(iter(records))) == records
    assert dump_json_records(iter(records)).count("\n") == len(records) + 2  # a line each
    assert loads(dump_yaml_records([])) == [] == json.loads(dump_json_records([]))
