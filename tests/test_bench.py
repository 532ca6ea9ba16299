"""The benchmark: a deterministic corpus generator and a tiny end-to-end run."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from bench.__main__ import ROOT, SERVED_PARTS, main
from bench.corpus import Pool, generate, load_pool, shift_years, swap_entities, synthetic_source
from bench.options import scaled, without_feature, without_plugin
from bench.table import markdown_table
from tests.conftest import CORPUS

from natokorea_kb.render.views import PageSizes
from natokorea_kb.sources import read_corpus


@pytest.fixture(scope="module")
def pool() -> Pool:
    return load_pool(CORPUS)


def files(corpus: Path) -> dict[str, bytes]:
    return {
        p.relative_to(corpus).as_posix(): p.read_bytes() for p in corpus.rglob("*") if p.is_file()
    }


def test_the_generator_is_deterministic(pool, tmp_path):
    one = generate(CORPUS, tmp_path / "one", 4, pool=pool)
    two = generate(CORPUS, tmp_path / "two", 4, pool=pool)
    assert files(one) == files(two)
    assert synthetic_source(pool, 3, seed=1) != synthetic_source(pool, 3, seed=2)


@pytest.mark.parametrize("count", [1, 7])
def test_the_generator_writes_a_valid_corpus_of_the_asked_size(pool, tmp_path, count):
    corpus = generate(CORPUS, tmp_path / "corpus", count, pool=pool)
    sources = read_corpus(corpus)  # sources.yml validates and every text decodes
    assert len(sources) == count
    assert len(list((corpus / "sources").glob("*.txt"))) == count
    assert (corpus / "lexicon.yml").read_bytes() == (CORPUS / "lexicon.yml").read_bytes()
    assert all(len(s.text) > 500 for s in sources)


def test_a_small_corpus_is_the_start_of_a_larger_one(pool, tmp_path):
    small = files(generate(CORPUS, tmp_path / "small", 2, pool=pool))
    large = files(generate(CORPUS, tmp_path / "large", 5, pool=pool))
    assert all(large[name] == data for name, data in small.items() if name.endswith(".txt"))


def test_a_source_uses_the_seed_sentences_of_its_language(pool):
    meta, text = synthetic_source(pool, 0)
    language = meta["language"]
    words = {w for run in pool.runs[language] for s in run for w in s.split()}
    written = text.split()
    assert sum(w in words for w in written) / len(written) > 0.8


@pytest.mark.parametrize(
    ("text", "shift", "expected"),
    [
        ("signed in 2012 and renewed in 2017", 3, "signed in 2015 and renewed in 2020"),
        ("in the 1990s", 4, "in the 1990s"),  # a decade moves by whole decades only
        ("in the 1990s", 7, "in the 2000s"),
        ("1990’lı yıllarda", -8, "1980’lı yıllarda"),
        ("page 12345 and 1850", 5, "page 12345 and 1850"),  # not years of this domain
    ],
)
def test_shift_years(text, shift, expected):
    assert shift_years(text, shift) == expected


def test_swapped_entities_keep_their_type(pool):
    text = "South Korea and NATO signed the IPCP in 2012."
    changed = {swap_entities(text, "en", pool, random.Random(n)) for n in range(40)}
    assert len(changed) > 1
    lexicon = pool.lexicon
    for variant in changed:
        types = [lexicon.entities[m.id].type for m in lexicon.find_entities(variant, "en")]
        assert "country" in types and "2012" in variant


def test_markdown_table_aligns_columns():
    table = markdown_table(["", "a", "bb"], [["row", "1", "22"], ["longer row", "333", "4"]])
    lines = table.splitlines()
    assert len({len(line) for line in lines}) == 1
    assert lines[1].startswith("|:") and lines[1].endswith(":|")


def test_a_tiny_run_prints_a_table(capsys):
    assert main(["--sizes", "3", "--no-seeds", "--no-incremental", "--mkdocs-max", "0"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Machine: ")
    rows = {line.split("|")[1].strip(): line for line in out.splitlines() if line.startswith("|")}
    assert rows["sources"].split("|")[2].strip() == "3"
    assert float(rows["**KB stages (s)**"].split("|")[2]) > 0
    assert rows["**MkDocs build (s)**"].split("|")[2].strip() == "–"  # skipped, not measured
    assert "extraction ≥ 1 MB/s" in out
    assert int(rows["search records"].split("|")[2]) > 0, "the search is indexed too"
    assert "Targets (issue 16, search)" in out


def test_option_changes_turn_off_one_thing_and_leave_the_rest():
    config = {
        "theme": {"name": "material", "features": ["navigation.instant", "navigation.prune"]},
        "plugins": ["search", {"tags": {"enabled": True}}],
    }
    instant_off = without_feature("navigation.instant")(config)
    assert instant_off["theme"] == {"name": "material", "features": ["navigation.prune"]}
    assert without_plugin("search")(config)["plugins"] == [{"tags": {"enabled": True}}]
    assert without_plugin("tags")(config)["plugins"] == ["search"]
    assert config["theme"]["features"] == ["navigation.instant", "navigation.prune"]  # unchanged
    assert config["plugins"][0] == "search"


def test_scaled_page_sizes_keep_at_least_one_entry_a_page():
    sizes = PageSizes(cards=50, lines=200, rows=100, disagreements=1)
    assert scaled(sizes, 0.5) == PageSizes(cards=25, lines=100, rows=50, disagreements=1)
    assert scaled(sizes, 2) == PageSizes(cards=100, lines=400, rows=200, disagreements=2)


def test_the_served_copy_holds_every_file_the_configuration_names():
    """`make bench` serves a copy of the project: what mkdocs.yml names must be in it."""

    class Loader(yaml.SafeLoader):
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)  # !!python/name tags
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader)
    ours = config["plugins"]["natokorea-kb"]
    named = [config["theme"]["custom_dir"], ours["corpus"], ours["templates"]]
    named += [ours["answer_key"], *ours["editions"]]
    for path in named:
        assert any(path == part or path.startswith(part + "/") for part in SERVED_PARTS), path
