"""The site search without a browser: its records, folded spellings, index and bundle.

The browser side (ranking, filters, the header dialog, serving) is in
``tests/test_search_browser.py``.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest
from tests.golden import golden_cases

from natokorea_kb.errors import KBError
from natokorea_kb.render.edition import Edition
from natokorea_kb.render.views import build_views
from natokorea_kb.resources import language_resource, parse_resource
from natokorea_kb.search import (
    SearchRecord,
    browser_settings,
    fold_terms,
    plain_spelling,
    search_records,
    separated,
)
from natokorea_kb.searchbundle import canonical_bundle, packed, unpacked
from natokorea_kb.searchindex import SearchIndexError, pagefind_executable, write_search_index


@pytest.fixture(scope="module")
def records(kb) -> list[SearchRecord]:
    return list(search_records(kb, build_views(kb), Edition("en", kb.lexicon)))


@pytest.mark.parametrize("case", golden_cases("search"))
def test_fold_terms(case):
    assert fold_terms(case["text"]).split() == case["folded"]


def test_plain_spelling_meets_what_pagefind_folds():
    assert plain_spelling("ORTAKLIĞI") == plain_spelling("ortaklığı") == "ortakligi"
    assert plain_spelling("Küresel") == "kuresel"


def test_separated_splits_joined_words_only():
    assert separated("NATO’s NATO–Australia Ki-moon") == "NATO s NATO Australia Ki moon"
    assert separated("1950 – 1953, a - b") == "1950 – 1953, a - b"


def test_one_record_per_fact_card_in_the_facts_language(kb, records):
    views = build_views(kb)
    facts = [r for r in records if r.filters["type"] == ["Fact"]]
    assert len(facts) == len(views.canonical)
    for fact, record in zip(views.canonical, facts, strict=True):
        page, anchor = views.home_of(fact)
        assert record.url == page.removesuffix(".md") + "/#" + anchor
        assert record.language == fact.language
        assert fact.quote.split()[0] in record.content
        assert record.filters["year"] == [fact.date.start[:4]]
        assert record.filters["kind"] and record.filters["source"]
    turkish = next(r for r in facts if r.language == "tr")
    assert turkish.filters["language"] == ["Turkish"]


def test_facts_are_found_by_their_titles_in_every_language(kb, records):
    fact = next(
        f for f in kb.facts if len(set(f.titles.values())) == 2 and f.title in f.titles.values()
    )
    record = next(
        r for r in records if r.url.endswith("#" + kb.consolidated.canonical.get(fact.id, fact.id))
    )
    other = next(t for t in fact.titles.values() if t != fact.title)
    head = next(f for f in kb.facts if record.url.endswith("#" + f.id))
    assert separated(head.title) == record.meta["title"]
    if head.id == fact.id:
        assert separated(other) in record.meta["titles"]


def test_entity_records_carry_every_name_and_show_the_title_as_written(records):
    korea = next(r for r in records if r.url == "countries/south-korea/")
    for name in ("Güney Kore", "대한민국", "Republic of Korea"):
        assert name in korea.meta["names"]
    assert korea.filters == {"entity": ["South Korea"], "type": ["Country"]}
    joined = next(r for r in records if "label" in r.meta)
    assert separated(joined.meta["label"]) == joined.meta["title"]


def test_folded_spellings_stay_out_of_the_content(records):
    folded = [r for r in records if "fold" in r.meta]
    assert folded, "Turkish records carry folded spellings"
    for record in folded:
        for word in record.meta["fold"].split():
            assert word.isascii()
    assert all("ı" not in r.meta.get("fold", "") for r in records)


def test_records_of_every_kind_of_page(records):
    kinds = {r.filters["type"][0] for r in records}
    assert {"Fact", "Country", "Topic", "Source", "Partnership", "Disagreement", "Period"} <= kinds
    assert len({r.url for r in records}) == len(records), "one record per address"


def test_browser_settings_come_from_the_resources():
    settings = browser_settings()
    rules = language_resource("search")
    assert settings["queryFolds"] == rules["query_folds"]
    assert settings["filters"] == list(rules["filters"])
    assert settings["page"] == "search/"
    assert {"when", "ne"} <= set(settings["ignored"])
    assert settings["strings"]["results_many"].count("{n}") == 1
    assert all(f"filter.{name}" in settings["strings"] for name in settings["filters"])


def test_a_search_rule_file_is_checked():
    text = "# Search rules.\n# Format: see common/search.yml\n" + (
        "unfolded: {}\nquery_folds: {}\njoiners: ''\nmeta_weights: {title: -1}\n"
        "ranking: {}\nfilters: []\n"
    )
    with pytest.raises(KBError, match=r"'title' in 'meta_weights' needs a number ≥ 0"):
        parse_resource(text, "search", "common/search.yml")


# --------------------------------------------------------------------------- the index


def test_index_writes_one_index_per_language(kb, records, tmp_path):
    report = write_search_index(records, tmp_path)
    entry = json.loads((tmp_path / "pagefind" / "pagefind-entry.json").read_text())
    assert sorted(entry["languages"]) == sorted(report.records) == ["en", "tr"]
    assert sum(report.records.values()) == len(records)
    kept = {p.name for p in (tmp_path / "pagefind").iterdir()}
    assert "pagefind-ui.js" not in kept and "wasm.unknown.pagefind" not in kept
    assert {"pagefind.js", "wasm.en.pagefind", "wasm.tr.pagefind", "fragment"} <= kept
    assert report.peak_mb > 0 and report.bundle_bytes > 0
    assert "records (" in report.summary()


def test_the_same_records_give_the_same_bundle(records, tmp_path):
    def tree(folder: Path) -> dict[str, bytes]:
        return {
            p.relative_to(folder).as_posix(): p.read_bytes()
            for p in folder.rglob("*")
            if p.is_file()
        }

    write_search_index(records, tmp_path / "a")
    write_search_index(records, tmp_path / "b")
    first, second = tree(tmp_path / "a"), tree(tmp_path / "b")
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []


def test_a_rebuild_replaces_the_index_whole(records, tmp_path):
    write_search_index(records, tmp_path)
    stale = tmp_path / "pagefind" / "fragment" / "stale.pf_fragment"
    stale.write_bytes(b"old")
    write_search_index(records[:10], tmp_path)
    assert not stale.exists()
    assert len(list((tmp_path / "pagefind" / "fragment").iterdir())) == 10
    assert not (tmp_path / ".pagefind.partial").exists()


def test_pagefind_files_round_trip_through_the_codec(records, tmp_path):
    write_search_index(records, tmp_path)
    bundle = tmp_path / "pagefind"
    files = {
        p.relative_to(bundle).as_posix(): p.read_bytes() for p in bundle.rglob("*") if p.is_file()
    }
    for path in [p for p in files if p.endswith((".pf_meta", ".pf_filter"))]:
        assert gzip.decompress(packed(unpacked(files[path]))) == gzip.decompress(files[path])
    assert canonical_bundle(files) == files, "already canonical: nothing changes"
    assert len([p for p in files if p.endswith(".pf_meta")]) == 2


def test_a_missing_indexer_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "no-pagefind"))
    assert pagefind_executable() == tmp_path / "no-pagefind"
    with pytest.raises(SearchIndexError, match="cannot run the search indexer"):
        write_search_index([], tmp_path)


def test_an_indexer_that_stops_is_a_clear_error(records, tmp_path):
    stops = tmp_path / "stops.sh"
    stops.write_text("#!/bin/sh\necho 'out of memory' >&2\nexit 1\n")
    stops.chmod(0o755)
    with pytest.raises(SearchIndexError, match=r"the search indexer stopped .*out of memory"):
        write_search_index(records, tmp_path, executable=stops)
    assert not (tmp_path / "pagefind").exists()
