"""The content-hash cache: hits, misses, invalidation, corrupt entries, determinism."""

from __future__ import annotations

import hashlib
import subprocess
from pathlib import Path

import jinja2
import pytest
from tests.conftest import TEMPLATES, source_entry, write_corpus

from natokorea_kb import cache as cache_module
from natokorea_kb.cache import HEADER, SourceCache, code_and_resources
from natokorea_kb.pipeline import KnowledgeBase, Timings, build, site_pages
from natokorea_kb.render.environment import (
    compile_all,
    compiled_beside,
    make_environment,
    uncompiled,
)
from natokorea_kb.sources import read_corpus

TEXTS = {
    "a.txt": "South Korea and NATO signed an Individual Partnership and Cooperation "
    "Programme in 2012.\n\nThe programme was renewed in 2017.\n",
    "b.txt": "NATO ve Güney Kore 2019 yılında yeni bir ortaklık programı imzaladı.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    sources = [source_entry("a"), source_entry("b", language="tr")]
    return write_corpus(tmp_path, sources, dict(TEXTS))


def entries(folder: Path) -> set[str]:
    return {p.stem for p in folder.glob("*.pickle")}


def keys(corpus: Path, folder: Path) -> dict[str, str]:
    cache = SourceCache.open(folder, corpus / "lexicon.yml")
    return {s.meta.id: cache.key(s) for s in read_corpus(corpus)}


def snapshot(kb: KnowledgeBase) -> tuple:
    """Everything a build hands to the render stage, as comparable data."""
    return (
        [f.to_dict() for f in kb.facts],
        kb.documents,
        kb.skipped,
        kb.consolidated.canonical,
        kb.consolidated.disagreements,
    )


def timed(corpus: Path, folder: Path) -> tuple[KnowledgeBase, Timings]:
    timings = Timings()
    return build(corpus, timings, cache_dir=folder), timings


def test_first_build_stores_every_source_and_the_second_reads_them(corpus, tmp_path):
    folder = tmp_path / "cache"
    first, cold = timed(corpus, folder)
    assert entries(folder) == set(keys(corpus, folder).values())
    second, warm = timed(corpus, folder)
    assert "extract" in cold.seconds
    assert "extract" not in warm.seconds  # nothing was cleaned, segmented or extracted
    assert snapshot(second) == snapshot(first) == snapshot(build(corpus))


def test_editing_one_source_redoes_only_that_source(corpus, tmp_path):
    folder = tmp_path / "cache"
    build(corpus, cache_dir=folder)
    before = keys(corpus, folder)
    with (corpus / "sources" / "b.txt").open("a", encoding="utf-8") as text:
        text.write("\nNATO Genel Sekreteri 2019 yılında Seul’ü ziyaret etti.\n")
    after = keys(corpus, folder)
    assert after["a"] == before["a"]
    assert after["b"] != before["b"]
    kb, timings = timed(corpus, folder)
    assert "extract" in timings.seconds
    assert entries(folder) == set(after.values())  # the stale entry of b is gone
    assert snapshot(kb) == snapshot(build(corpus))
    assert any("2019" in f.date.start for f in kb.facts if f.source == "b")


def test_editing_metadata_invalidates_that_source(corpus, tmp_path):
    before = keys(corpus, tmp_path / "cache")
    sources = (corpus / "sources.yml").read_text(encoding="utf-8")
    (corpus / "sources.yml").write_text(sources.replace("2020-05-01", "2021-05-01", 1))
    after = keys(corpus, tmp_path / "cache")
    assert sum(after[i] != before[i] for i in after) == 1


def test_editing_the_lexicon_invalidates_every_source(corpus, tmp_path):
    before = keys(corpus, tmp_path / "cache")
    with (corpus / "lexicon.yml").open("a", encoding="utf-8") as lexicon:
        lexicon.write("\n# an edit\n")
    after = keys(corpus, tmp_path / "cache")
    assert all(after[i] != before[i] for i in after)


def test_editing_a_resource_or_the_code_changes_the_digest(tmp_path):
    package = tmp_path / "package"
    (package / "resources" / "en").mkdir(parents=True)
    (package / "stage.py").write_text("RULE = 1\n")
    resource = package / "resources" / "en" / "months.yml"
    resource.write_text("# Format: ...\nmonths: {1: [January]}\n")
    digests = [code_and_resources(package)]
    resource.write_text("# Format: ...\nmonths: {1: [January, Jan.]}\n")
    digests.append(code_and_resources(package))
    (package / "stage.py").write_text("RULE = 2\n")
    digests.append(code_and_resources(package))
    (package / "notes.txt").write_text("not code, not a resource\n")
    digests.append(code_and_resources(package))
    assert len(set(digests[:3])) == 3
    assert digests[3] == digests[2]


def test_editing_a_module_inside_a_subpackage_changes_the_digest(tmp_path):
    package = tmp_path / "package"
    (package / "render").mkdir(parents=True)
    (package / "render" / "__init__.py").write_text("")
    (package / "render" / "links.py").write_text("ROOT = ''\n")
    before = code_and_resources(package)
    (package / "render" / "links.py").write_text("ROOT = '/'\n")
    assert code_and_resources(package) != before


def test_a_resource_edit_invalidates_every_source(corpus, tmp_path, monkeypatch):
    before = keys(corpus, tmp_path / "cache")
    monkeypatch.setattr(cache_module, "code_and_resources", lambda: "edited resources")
    after = keys(corpus, tmp_path / "cache")
    assert all(after[i] != before[i] for i in after)


@pytest.mark.parametrize(
    "damage",
    [
        lambda blob: blob[: len(blob) // 2],  # truncated
        lambda blob: blob[:-5] + b"zzzzz",  # flipped bytes: checksum fails
        lambda blob: b"another format\n" + blob,  # unknown header
        lambda blob: b"",  # empty
    ],
    ids=["truncated", "corrupt", "foreign", "empty"],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(corpus, tmp_path, damage):
    folder = tmp_path / "cache"
    first = build(corpus, cache_dir=folder)
    entry = folder / f"{keys(corpus, folder)['a']}.pickle"
    entry.write_bytes(damage(entry.read_bytes()))
    kb, timings = timed(corpus, folder)
    assert "extract" in timings.seconds
    assert snapshot(kb) == snapshot(first)
    assert entry.read_bytes().startswith(HEADER)
    assert SourceCache.open(folder, corpus / "lexicon.yml").load(entry.stem) is not None


def test_an_entry_of_an_older_layout_is_ignored(tmp_path):
    cache = SourceCache(tmp_path, "context")
    cache.store("0" * 64, "value")
    path = cache.path("0" * 64)
    payload = b"\x80\x04\x95not a pickle"
    path.write_bytes(HEADER + hashlib.sha256(payload).digest() + payload)
    assert cache.load("0" * 64) is None


def test_keys_and_entries_are_deterministic(corpus, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    build(corpus, cache_dir=one)
    build(corpus, cache_dir=two)
    assert keys(corpus, one) == keys(corpus, two)
    assert entries(one) == entries(two)


def test_an_unwritable_cache_never_fails_the_build(corpus, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be\n")
    kb = build(corpus, cache_dir=blocker)
    assert snapshot(kb) == snapshot(build(corpus))


def test_pruning_keeps_files_that_are_not_entries(corpus, tmp_path):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "README").write_text("kept\n")
    (folder / ("f" * 64 + ".pickle")).write_bytes(b"stale entry")
    build(corpus, cache_dir=folder)
    assert (folder / "README").is_file()
    assert entries(folder) == set(keys(corpus, folder).values())


def test_compiled_templates_are_loaded_by_a_new_process_and_give_the_same_pages(
    kb, tmp_path, monkeypatch
):
    compiled = tmp_path / "templates"
    first = site_pages(kb, TEMPLATES, compiled=compiled)
    assert any(compiled.iterdir())
    make_environment.cache_clear()  # as in a new process

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("a template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", compile_again)
    again = site_pages(kb, TEMPLATES, compiled=compiled)
    assert [(p.path, p.data) for p in again] == [(p.path, p.data) for p in first]


def test_an_unwritable_folder_of_compiled_templates_never_fails_the_build(kb, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be\n")
    pages = site_pages(kb, TEMPLATES, compiled=blocker)
    assert [(p.path, p.data) for p in pages] == [
        (p.path, p.data) for p in site_pages(kb, TEMPLATES)
    ]


def test_templates_compiled_beside_a_build_are_the_render_s_code(kb, tmp_path, monkeypatch):
    compiled = tmp_path / "templates"
    plain = site_pages(kb, TEMPLATES)
    assert uncompiled(TEMPLATES, compiled)
    with compiled_beside(TEMPLATES, compiled, jobs=2):
        pass  # the knowledge base would build here
    assert not uncompiled(TEMPLATES, compiled)
    make_environment.cache_clear()  # as in the build's own process, which compiled nothing

    def compile_again(*args: object, **kwargs: object) -> None:
        raise AssertionError("a template was compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", compile_again)
    pages = site_pages(kb, TEMPLATES, compiled=compiled)
    assert [(p.path, p.data) for p in pages] == [(p.path, p.data) for p in plain]


def test_nothing_is_compiled_beside_a_build_without_a_free_core_or_a_folder(tmp_path):
    compiled = tmp_path / "templates"
    with compiled_beside(TEMPLATES, compiled, jobs=1):
        pass
    with compiled_beside(TEMPLATES, None, jobs=2):
        pass
    assert not compiled.exists()


def test_a_failed_build_stops_the_compiling_process(tmp_path, monkeypatch):
    started: list[subprocess.Popen] = []
    real = subprocess.Popen

    def remember(*args: object, **kwargs: object) -> subprocess.Popen:
        started.append(real(*args, **kwargs))
        return started[-1]

    monkeypatch.setattr(subprocess, "Popen", remember)
    with pytest.raises(RuntimeError), compiled_beside(TEMPLATES, tmp_path / "c", jobs=2):
        raise RuntimeError("a source could not be read")
    assert len(started) == 1 and started[0].returncode is not None


def test_an_edited_template_s_old_code_counts_as_stored(tmp_path):
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.md.j2").write_text("{{ 1 }}\n", encoding="utf-8")
    compiled = tmp_path / "compiled"
    assert uncompiled(templates, compiled)
    compile_all(templates, compiled)
    assert not uncompiled(templates, compiled)
    (templates / "page.md.j2").write_text("{{ 2 }}\n", encoding="utf-8")
    assert not uncompiled(templates, compiled)  # the render compiles this one again
    (templates / "other.md.j2").write_text("{{ 3 }}\n", encoding="utf-8")
    assert uncompiled(templates, compiled)
