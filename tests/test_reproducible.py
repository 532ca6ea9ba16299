"""Reproducible: the same corpus gives the same bytes, wherever and whenever it is built.

Two copies of one corpus, in different folders, are built by separate ``mkdocs build
--strict`` processes with different hash seeds (so set order cannot leak) and compared
file by file. The only dates MkDocs writes are the sitemap's ``lastmod`` and the
gzip header of ``sitemap.xml.gz``; both follow ``SOURCE_DATE_EPOCH`` when it is set
(without it they carry the build day). A rebuild served from the per-source cache
must give the same bytes as a cold build. ``extract --out`` and ``render --out`` are
compared the same way.
"""

from __future__ import annotations

import datetime
import gzip
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import CORPUS, TEMPLATES, copy_project, mkdocs_build, write_corpus

from natokorea_kb.cli import main as kb_cli
from natokorea_kb.errors import SourceError
from natokorea_kb.pipeline import build
from natokorea_kb.sources import load_metadata
from natokorea_kb.yamlio import load_yaml

EPOCH = 1700000000  # 2023-11-14T22:13:20Z
SUBSET = ("002", "004")  # an English web page and a Turkish news item of the real corpus


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def _subset_corpus(folder: Path) -> Path:
    """Two real sources with their metadata and the real lexicon."""
    entries = load_yaml(CORPUS / "sources.yml", SourceError)
    kept = json.loads(json.dumps([e for e in entries if e["id"] in SUBSET]))  # plain data
    texts = {e["file"]: (CORPUS / "sources" / e["file"]).read_bytes() for e in kept}
    corpus = write_corpus(folder, kept, texts)
    assert [m.id for m in load_metadata(corpus)] == list(SUBSET)
    return corpus


def _mkdocs(project: Path, seed: str) -> subprocess.CompletedProcess[str]:
    return mkdocs_build(project, SOURCE_DATE_EPOCH=str(EPOCH), PYTHONHASHSEED=seed)


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> list[dict[str, bytes]]:
    """Two copies built cold, then the first rebuilt from its warm per-source cache."""
    corpus = _subset_corpus(tmp_path_factory.mktemp("subset"))
    kb = build(corpus)
    for document in kb.documents:
        assert document.accounting.total == document.accounting.raw == len(document.raw)
    projects = [copy_project(tmp_path_factory.mktemp(f"build{i}"), corpus) for i in (1, 2)]
    trees = []
    for project, seed in zip([*projects, projects[0]], ("1", "2", "3"), strict=True):
        done = _mkdocs(project, seed)
        assert done.returncode == 0, done.stderr
        assert "WARNING" not in done.stderr, done.stderr
        trees.append(_tree(project / "site"))
    assert any((projects[0] / ".cache").rglob("*.pickle")), "the rebuild had a cache to use"
    return trees


def _differing(first: dict[str, bytes], second: dict[str, bytes]) -> list[str]:
    return sorted(set(first) ^ set(second)) + [p for p in first if first[p] != second.get(p)]


def test_two_builds_give_byte_identical_sites(sites):
    cold, other, _ = sites
    assert _differing(cold, other) == []
    assert len(cold) > 20 and any(path.startswith("sources/002/") for path in cold)


def test_a_build_from_the_cache_gives_the_same_site(sites):
    cold, _, warm = sites
    assert _differing(cold, warm) == []


def test_the_sitemap_dates_follow_source_date_epoch(sites):
    site = sites[0]
    day = datetime.datetime.fromtimestamp(EPOCH, datetime.UTC).date().isoformat()
    lastmods = {
        line.strip() for line in site["sitemap.xml"].decode().splitlines() if "<lastmod>" in line
    }
    assert lastmods == {f"<lastmod>{day}</lastmod>"}
    gz = site["sitemap.xml.gz"]
    # MkDocs stamps the gzip header with the start of that day in local time.
    midnight = datetime.datetime.fromisoformat(day).timestamp()
    assert int.from_bytes(gz[4:8], "little") == int(midnight)
    assert gzip.decompress(gz) == site["sitemap.xml"]


def test_no_build_path_leaks_into_the_site(sites, tmp_path_factory):
    site = sites[0]
    base = str(tmp_path_factory.getbasetemp()).encode()
    assert [path for path, data in site.items() if base in data] == []


def _invoke(*args: str) -> None:
    result = CliRunner().invoke(kb_cli, list(args))
    assert result.exit_code == 0, result.output


def _two_copies(source: Path, folder: Path) -> list[Path]:
    copies = [folder / name / "corpus" for name in ("one", "two")]
    for corpus in copies:
        shutil.copytree(source, corpus)
    return copies


def test_extract_gives_the_same_bytes_from_copies_in_other_folders(tmp_path):
    outputs = []
    for corpus in _two_copies(CORPUS, tmp_path):
        _invoke("extract", "--corpus", str(corpus), "--out", str(corpus.parent / "data"))
        outputs.append(_tree(corpus.parent / "data"))
    assert outputs[0] == outputs[1]
    assert sorted(outputs[0]) == ["facts.csv", "facts.json", "facts.schema.json", "facts.yml"]
    assert str(tmp_path).encode() not in outputs[0]["facts.yml"]


def test_render_gives_the_same_bytes_from_copies_in_other_folders(tmp_path):
    outputs = []
    for corpus in _two_copies(_subset_corpus(tmp_path / "subset"), tmp_path):
        docs = corpus.parent / "docs"
        no_key = str(corpus.parent / "no-key.yml")  # the seeds' answer key fits no subset
        _invoke(
            "render",
            "--corpus",
            str(corpus),
            "--templates",
            str(TEMPLATES),
            "--key",
            no_key,
            "--out",
            str(docs),
        )
        outputs.append(_tree(docs))
    assert outputs[0] == outputs[1]
    assert "sources/002.md" in outputs[0]
    assert [path for path, text in outputs[0].items() if str(tmp_path).encode() in text] == []
