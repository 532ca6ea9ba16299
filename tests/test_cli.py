"""The command line: summaries, written files, and one-line errors without tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import CORPUS, source_entry, write_corpus


def _run(*args: str, cwd=None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "natokorea_kb.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
    )


def test_check_prints_a_summary_and_the_accounting(kb):
    result = _run("check", "--corpus", str(CORPUS))
    assert result.returncode == 0, result.stderr
    sentences = sum(len(d.sentences) for d in kb.documents)
    assert f"5 sources, {sentences} sentences, {len(kb.facts)} facts" in result.stdout
    for source_id in ("000", "001", "002", "003", "004"):
        assert f"\n{source_id} " in result.stdout


def test_extract_writes_yaml_json_and_schema(tmp_path, kb):
    out = tmp_path / "out"
    result = _run("extract", "--corpus", str(CORPUS), "--out", str(out))
    assert result.returncode == 0, result.stderr
    records = json.loads((out / "facts.json").read_text(encoding="utf-8"))
    assert len(records) == len(kb.facts)
    assert (out / "facts.yml").is_file() and (out / "facts.schema.json").is_file()


def test_bad_corpus_gives_one_line_and_exit_1(tmp_path):
    corpus = write_corpus(tmp_path, [source_entry("a", language="xx")], {"a.txt": "Text."})
    result = _run("check", "--corpus", str(corpus))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "sources.yml:" in lines[0] and "[language]" in lines[0] and "fix:" in lines[0]


def test_render_writes_the_same_pages_as_the_plugin(tmp_path):
    out = tmp_path / "docs"
    result = _run("render", "--corpus", str(CORPUS), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert (out / "index.md").is_file() and (out / "sources" / "002.md").is_file()
    assert (out / "assets" / "kb.css").is_file()
