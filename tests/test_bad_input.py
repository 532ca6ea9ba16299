"""Bad input is refused with one line: file, line or field, what is wrong, how to fix it.

Every case of issue 7 runs through both front ends, ``natokorea-kb check`` and
``mkdocs build --strict`` on a copied project, and must exit non-zero without a
traceback. Both commands run in-process through click (the very entry points the
console scripts call, with their exit codes and output) so that some sixty failing
runs cost seconds; one case per input file also runs as a real subprocess, which shows
that the in-process runs see what a user sees.

Not errors: UTF-16 and UTF-8 texts with a byte-order mark are decoded (the mark says
how); impossible dates in a source text are reported as a warning by ``check`` and as
INFO by MkDocs, since the texts are third-party and quoted as published, and a warning
would fail ``--strict``. A failed build leaves the previous site byte for byte.
"""

from __future__ import annotations

import codecs
import logging
import os
import re
import shutil
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.__main__ import cli as mkdocs_cli
from tests.conftest import CORPUS, copy_project, source_entry, write_corpus

from natokorea_kb.cli import main as kb_cli
from natokorea_kb.errors import SourceError
from natokorea_kb.pipeline import build
from natokorea_kb.sources import MAX_SOURCE_BYTES
from natokorea_kb.yamlio import dump_yaml, write_atomic

TEXT = "In 2012 NATO and South Korea signed an Individual Partnership and Cooperation Programme.\n"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1700000000"}


# --------------------------------------------------------------------------- the cases


def _sources_yml(corpus: Path, text: str) -> None:
    (corpus / "sources.yml").write_text(text, encoding="utf-8")


def _entries(corpus: Path, *entries: dict) -> None:
    _sources_yml(corpus, dump_yaml(list(entries)))


def _source_bytes(data: bytes, name: str = "a.txt") -> Callable[[Path], None]:
    return lambda corpus: (corpus / "sources" / name).write_bytes(data)


def _entry(**fields: object) -> Callable[[Path], None]:
    return lambda corpus: _entries(corpus, source_entry("a", **fields))


SOUTH_KOREA = "\n  - id: south-korea\n    type: country\n    name: South Korea\n"
NORTH_KOREA = "\n  - id: north-korea\n"
DPRK_ALIASES = "\n      en: [D.P.R.K., Pyongyang]\n"
ROK_ALIASES = "\n      en: [Korea, S. Korea, Seoul]\n"


def _lexicon_edit(old: str, new: str) -> Callable[[Path], None]:
    """Replace a fragment of the entries (not of the header, which repeats some of them)."""

    def edit(corpus: Path) -> None:
        path = corpus / "lexicon.yml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")

    return edit


def _lexicon_line(fragment: str) -> int:
    """The line of the real lexicon where ``fragment`` (after its first newline) begins."""
    text = (CORPUS / "lexicon.yml").read_text(encoding="utf-8")
    return text[: text.index(fragment)].count("\n") + 2


def _curation(text: str) -> Callable[[Path], None]:
    return lambda corpus: (corpus / "curation.yml").write_text(text, encoding="utf-8")


def _symlink_out(corpus: Path) -> None:
    outside = corpus.parent / "outside.txt"
    outside.write_text(TEXT, encoding="utf-8")
    (corpus / "sources" / "a.txt").unlink()
    os.symlink(outside, corpus / "sources" / "a.txt")


def _symlink_to_lexicon(corpus: Path) -> None:
    (corpus / "sources" / "a.txt").unlink()
    os.symlink(corpus / "lexicon.yml", corpus / "sources" / "a.txt")


def _folder_as_file(corpus: Path) -> None:
    (corpus / "sources" / "a.txt").unlink()
    (corpus / "sources" / "a.txt").mkdir()


def _huge(corpus: Path) -> None:
    """A 50 MB text, sparse on disk: refused from its size, so it is never read."""
    with (corpus / "sources" / "a.txt").open("r+b") as handle:
        handle.truncate(50_000_000)


def _two_entries_same_id(corpus: Path) -> None:
    _entries(corpus, source_entry("a"), source_entry("a"))


def _missing(name: str) -> Callable[[Path], None]:
    return lambda corpus: (corpus / name).unlink()


@dataclass(frozen=True)
class Case:
    """A way to break a valid one-source corpus, and the message that must result."""

    id: str
    breaks: Callable[[Path], None]
    where: str  # how the message starts: file, then :line and/or [field]
    problem: str  # what is wrong, as the message says it
    hint: str  # a fragment of the fix


SOURCE_TEXT = "corpus/sources/a.txt"
SOURCES_YML = "corpus/sources.yml"
LEXICON = "corpus/lexicon.yml"
CURATION = "corpus/curation.yml"
SK = _lexicon_line(SOUTH_KOREA)  # the line of "- id: south-korea"

CASES = [
    # ---- source files
    Case(
        "text missing",
        _missing("sources/a.txt"),
        f"{SOURCES_YML}:2 [file]",
        "file 'a.txt' not found in corpus/sources/",
        "add the text file or fix the name",
    ),
    Case("text empty", _source_bytes(b""), SOURCE_TEXT, "the file is empty", "add the source text"),
    Case(
        "text blank",
        _source_bytes(b" \n\t\n"),
        SOURCE_TEXT,
        "the file is empty",
        "remove its entry",
    ),
    Case(
        "text binary",
        _source_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"),
        SOURCE_TEXT,
        "binary file (contains NUL bytes)",
        "convert it to plain UTF-8 text",
    ),
    Case(
        "text windows-1254",
        _source_bytes("NATO and Korea\nTürkiye ve Güney Kore 2012 yılında".encode("cp1254")),
        f"{SOURCE_TEXT}:2",
        "not UTF-8 (byte 0xfc at offset 16)",
        "iconv -f windows-1254 -t utf-8",
    ),
    Case(
        "text utf-16 without bom",
        _source_bytes("Türkiye ve NATO, 2012.".encode("utf-16-le")),
        SOURCE_TEXT,
        "UTF-16 text without a byte-order mark",
        "iconv -f utf-16le -t utf-8",
    ),
    Case(
        "text broken utf-16",
        _source_bytes(codecs.BOM_UTF16_LE + "NATO".encode("utf-16-le") + b"\x00"),
        SOURCE_TEXT,
        "broken utf-16 text at byte",
        "re-save as UTF-8",
    ),
    Case(
        "text 50 MB",
        _huge,
        SOURCE_TEXT,
        f"50.0 MB is over the limit of {MAX_SOURCE_BYTES // 1_000_000} MB per source",
        "split the text into several sources",
    ),
    Case(
        "text is a folder",
        _folder_as_file,
        f"{SOURCES_YML}:2 [file]",
        "'a.txt' is a folder or a device, not a text file",
        "name a plain text file",
    ),
    # ---- paths and ids that try to leave the corpus
    Case(
        "path ../",
        _entry(file="../lexicon.yml"),
        f"{SOURCES_YML}:2 [file]",
        "file '../lexicon.yml' points outside corpus/sources/",
        "relative to corpus/sources/",
    ),
    Case(
        "path nested ../",
        _entry(file="sub/../../sources.yml"),
        f"{SOURCES_YML}:2 [file]",
        "points outside corpus/sources/",
        "relative to corpus/sources/",
    ),
    Case(
        "path absolute",
        _entry(file="/etc/passwd"),
        f"{SOURCES_YML}:2 [file]",
        "file '/etc/passwd' points outside corpus/sources/",
        "relative to corpus/sources/",
    ),
    Case(
        "path home",
        _entry(file="~/notes.txt"),
        f"{SOURCES_YML}:2 [file]",
        "points outside corpus/sources/",
        "relative to corpus/sources/",
    ),
    Case(
        "symlink out of the corpus",
        _symlink_out,
        f"{SOURCES_YML}:2 [file]",
        "file 'a.txt' resolves outside corpus/sources/ (symlink?)",
        "copy the text into corpus/sources/",
    ),
    Case(
        "symlink to a corpus file",
        _symlink_to_lexicon,
        f"{SOURCES_YML}:2 [file]",
        "resolves outside corpus/sources/",
        "copy the text into corpus/sources/",
    ),
    Case(
        "id ../",
        _entry(id="../x"),
        f"{SOURCES_YML}:1 [id]",
        "id '../x' is not a short slug",
        "lowercase letters, digits and '-'",
    ),
    Case(
        "id with a slash",
        _entry(id="a/b"),
        f"{SOURCES_YML}:1 [id]",
        "id 'a/b' is not a short slug",
        "lowercase letters, digits and '-'",
    ),
    # ---- sources.yml
    Case(
        "sources.yml missing",
        _missing("sources.yml"),
        SOURCES_YML,
        "file not found",
        "create it",
    ),
    Case(
        "sources.yml syntax",
        lambda c: _sources_yml(c, "- id: a\n  file: a.txt\n  title: [unclosed\n  kind: news\n"),
        f"{SOURCES_YML}:4",
        "invalid YAML: expected ',' or ']'",
        "check indentation, quotes and brackets",
    ),
    Case(
        "sources.yml unclosed quote",
        lambda c: _sources_yml(c, '- id: a\n  title: "unclosed\n  kind: news\n'),
        f"{SOURCES_YML}:4",
        "(while scanning a quoted scalar begun on line 2)",
        "check indentation, quotes and brackets",
    ),
    Case(
        "sources.yml top level",
        lambda c: _sources_yml(c, "id: a\nfile: a.txt\n"),
        f"{SOURCES_YML}:1",
        "the top level must be a list of sources",
        "start each entry with '- id: ...'",
    ),
    Case(
        "sources.yml entry not a mapping",
        lambda c: _sources_yml(c, dump_yaml([source_entry("a")]) + "- just a line\n"),
        f"{SOURCES_YML}:7",
        "entry 2 is not a mapping",
        "write 'key: value' fields",
    ),
    Case(
        "sources.yml missing field",
        lambda c: _entries(c, {k: v for k, v in source_entry("a").items() if k != "title"}),
        f"{SOURCES_YML}:1 [title]",
        "entry 1 (id 'a'): missing field 'title'",
        "add 'title:' to the entry",
    ),
    Case(
        "sources.yml unknown field",
        _entry(colour="red"),
        f"{SOURCES_YML}:7 [colour]",
        "unknown field 'colour'",
        "use only: id, file, title",
    ),
    Case(
        "sources.yml duplicate key",
        lambda c: _sources_yml(c, dump_yaml([source_entry("a")]) + "  kind: blog\n"),
        f"{SOURCES_YML}:7",
        "invalid YAML: duplicate key 'kind'",
        "keep one of the 'kind:' lines",
    ),
    Case(
        "sources.yml duplicate id",
        _two_entries_same_id,
        f"{SOURCES_YML}:7 [id]",
        "duplicate id 'a' (first used on line 1)",
        "give every source its own id",
    ),
    Case(
        "sources.yml title not text",
        _entry(title=["a", "list"]),
        f"{SOURCES_YML}:3 [title]",
        "title must be text",
        "quote the title",
    ),
    Case(
        "sources.yml id not text",
        _entry(id=5),
        f"{SOURCES_YML}:1 [id]",
        "id 5 is not a short slug",
        "quote it and use lowercase letters, digits and '-' (e.g. \"005\")",
    ),
    Case(
        "sources.yml authors not a list",
        _entry(authors="Ada Lovelace"),
        f"{SOURCES_YML}:7 [authors]",
        "authors must be a list of names",
        'authors: ["Ada Lovelace"]',
    ),
    Case(
        "sources.yml unknown kind",
        _entry(kind="tweet"),
        f"{SOURCES_YML}:4 [kind]",
        "unknown kind 'tweet'",
        "use one of: academic",
    ),
    Case(
        "sources.yml unknown language",
        _entry(language="de"),
        f"{SOURCES_YML}:5 [language]",
        "unknown language 'de'",
        "use one of: en, tr, ko",
    ),
    Case(
        "sources.yml impossible date 2012-13-40",
        _entry(published="2012-13-40"),
        f"{SOURCES_YML}:6 [published]",
        "malformed or impossible date '2012-13-40'",
        "write YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    Case(
        "sources.yml impossible date 2012-02-30",
        _entry(published="2012-02-30"),
        f"{SOURCES_YML}:6 [published]",
        "malformed or impossible date '2012-02-30'",
        "write YYYY, YYYY-MM or YYYY-MM-DD",
    ),
    Case(
        "sources.yml javascript url",
        _entry(url="javascript:alert(1)"),
        f"{SOURCES_YML}:7 [url]",
        "url 'javascript:alert(1)' is not an http(s) address",
        "write the full https:// address",
    ),
    # ---- lexicon.yml
    Case(
        "lexicon missing",
        _missing("lexicon.yml"),
        LEXICON,
        "cannot read the lexicon: No such file or directory",
        "check the path",
    ),
    Case(
        "lexicon empty",
        lambda c: (c / "lexicon.yml").write_text("# nothing yet\n", encoding="utf-8"),
        LEXICON,
        "the lexicon is empty",
        "add entities",
    ),
    Case(
        "lexicon syntax",
        _lexicon_edit(SOUTH_KOREA, SOUTH_KOREA.replace("type: country", "type: country: x")),
        f"{LEXICON}:{SK + 1}",
        "not valid YAML: mapping values are not allowed",
        "check indentation and quoting",
    ),
    Case(
        "lexicon wrong type",
        _lexicon_edit(SOUTH_KOREA, SOUTH_KOREA.replace("South Korea", "[South Korea]")),
        f"{LEXICON}:{SK + 2} [name]",
        "name must be text, not a block",
        "quote the value",
    ),
    Case(
        "lexicon unknown key",
        _lexicon_edit(SOUTH_KOREA, SOUTH_KOREA + "    colour: red\n"),
        f"{LEXICON}:{SK + 3}",
        "unknown key 'colour' in entity",
        "use one of id, type, name",
    ),
    Case(
        "lexicon duplicate entity id",
        _lexicon_edit(NORTH_KOREA, NORTH_KOREA.replace("north", "south")),
        f"{LEXICON}:{_lexicon_line(NORTH_KOREA)}",
        "entity id 'south-korea' is used twice",
        f"rename one; the first is on line {SK}",
    ),
    Case(
        "lexicon alias claimed twice",
        _lexicon_edit(DPRK_ALIASES, DPRK_ALIASES.replace("]", ", Korea]")),
        f"{LEXICON}:{_lexicon_line(DPRK_ALIASES)}",
        f"'Korea' is already claimed by 'south-korea' (line {_lexicon_line(ROK_ALIASES)})",
        "keep the spelling in one place",
    ),
    # ---- curation.yml
    Case(
        "curation syntax",
        _curation("facts:\n  f-a-000000: {title: [unclosed}\n"),
        f"{CURATION}:2",
        "invalid YAML",
        "check indentation, quotes and brackets",
    ),
    Case(
        "curation top level",
        _curation("- f-a-000000\n"),
        f"{CURATION}:1",
        "the top level must be a mapping",
        "start with 'facts:'",
    ),
    Case(
        "curation facts not a mapping",
        _curation("facts:\n  - f-a-000000\n"),
        f"{CURATION}:2",
        "'facts' must map fact ids to edits",
        "write 'f-…: {title: …}'",
    ),
    Case(
        "curation unknown section",
        _curation("facts: {}\nnotes: [x]\n"),
        f"{CURATION}:2",
        "unknown section 'notes'",
        "use only: facts, merges, disagreements",
    ),
    Case(
        "curation unknown field",
        _curation("facts:\n  f-a-000000:\n    title: A title\n    colour: red\n"),
        f"{CURATION}:4",
        "f-a-000000: unknown field 'colour'",
        "use only: title, summary, title_tr, summary_tr, suppress",
    ),
    Case(
        "curation title not text",
        _curation("facts:\n  f-a-000000:\n    title: [a, b]\n"),
        f"{CURATION}:3",
        "f-a-000000: title must be non-empty text",
        "quote it",
    ),
    Case(
        "curation duplicate fact id",
        _curation("facts:\n  f-a-000000: {title: One}\n  f-a-000000: {title: Two}\n"),
        f"{CURATION}:3",
        "invalid YAML: duplicate key 'f-a-000000'",
        "keep one of the 'f-a-000000:' lines",
    ),
    Case(
        "curation merges not a list",
        _curation("merges: 5\n"),
        f"{CURATION}:1",
        "'merges' must be a list",
        "start each item with '- '",
    ),
    Case(
        "curation disagreement without note",
        _curation("disagreements:\n  - facts: [f-a-000000, f-a-000001]\n"),
        f"{CURATION}:2",
        "a disagreement needs 'facts' (a list of ids) and a non-empty 'note' only",
        "write '- facts: [f-…, f-…]' and 'note: …'",
    ),
    Case(
        "curation fact that does not exist",
        _curation("facts:\n  f-a-000000:\n    title: A title for nothing\n"),
        f"{CURATION}:2",
        "fact f-a-000000 does not exist (the source text or the rules changed)",
        "find the new id with 'natokorea-kb extract --out DIR'",
    ),
]
CASE_IDS = [case.id for case in CASES]
# One case per input file also runs as real subprocesses (the site tests below add more).
SUBPROCESS_CASES = [
    "text windows-1254",
    "sources.yml duplicate id",
    "lexicon alias claimed twice",
    "curation fact that does not exist",
]


# --------------------------------------------------------------------------- runners


def _broken_project(folder: Path, case: Case) -> Path:
    corpus = write_corpus(folder / "input", [source_entry("a")], {"a.txt": TEXT})
    project = copy_project(folder, corpus)
    case.breaks(project / "corpus")
    return project


@dataclass(frozen=True)
class Run:
    code: int
    output: str  # what the user reads: stderr and stdout
    error_lines: list[str]  # the lines that report the error
    traceback: bool


def _check_in_process(project: Path) -> Run:
    result = CliRunner().invoke(kb_cli, ["check", "--corpus", str(project / "corpus")])
    lines = [line for line in result.output.splitlines() if line.strip()]  # stderr included
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    return Run(result.exit_code, result.output, lines, crashed)


class _Records(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


def _mkdocs_in_process(project: Path) -> Run:
    # MkDocs drops a log message it has already shown in this process; tests repeat some.
    for log_filter in logging.getLogger("mkdocs.commands.build").filters:
        getattr(log_filter, "msgs", set()).clear()
    handler = _Records()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        args = ["build", "--strict", "-f", str(project / "mkdocs.yml"), "-d", str(project / "site")]
        result = CliRunner().invoke(mkdocs_cli, args)
    finally:
        logger.removeHandler(handler)
    errors = [r.getMessage() for r in handler.records if r.levelno >= logging.ERROR]
    crashed = result.exception is not None and not isinstance(result.exception, SystemExit)
    text = result.output + "\n".join(f"{r.levelname} - {r.getMessage()}" for r in handler.records)
    return Run(result.exit_code, text, errors, crashed)


def _subprocess(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=cwd, env=ENV, capture_output=True, text=True
    )


def _check_subprocess(project: Path) -> Run:
    done = _subprocess(["natokorea_kb.cli", "check", "--corpus", "corpus"], project)
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    return Run(done.returncode, done.stderr + done.stdout, lines, "Traceback" in done.stderr)


def _mkdocs_subprocess(project: Path) -> Run:
    done = _subprocess(["mkdocs", "build", "--strict"], project)
    errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR")]
    return Run(done.returncode, done.stderr + done.stdout, errors, "Traceback" in done.stderr)


def _assert_refused(run: Run, case: Case, prefix: str) -> None:
    """Non-zero exit, no traceback, one line: ``<prefix><where>: <problem> (fix: <hint>)``."""
    assert run.code != 0, run.output
    assert not run.traceback, run.output
    assert len(run.error_lines) == 1, run.output
    (line,) = run.error_lines
    before, found, message = line.partition(prefix)
    assert found and re.fullmatch(r"(ERROR\s+-\s+)?", before), line  # MkDocs' log prefix
    location, _, rest = message.partition(": ")
    assert location.endswith(case.where), line  # the lexicon is named by its full path
    problem, found, hint = rest.partition(" (fix: ")
    assert found and hint.endswith(")"), line
    assert case.problem in problem, line
    assert case.hint in hint, line


# --------------------------------------------------------------------------- tests


@pytest.mark.parametrize("case", CASES, ids=CASE_IDS)
def test_check_and_mkdocs_refuse_with_one_line(tmp_path, case):
    project = _broken_project(tmp_path, case)
    _assert_refused(_check_in_process(project), case, "Error: ")
    _assert_refused(_mkdocs_in_process(project), case, "natokorea-kb: ")
    assert not (project / "site").exists(), "a refused build writes no site"


@pytest.fixture(scope="module")
def subprocess_runs(tmp_path_factory) -> dict[tuple[str, str], Run]:
    """The representative cases through the real commands, run side by side."""
    jobs = {}
    for case in CASES:
        if case.id in SUBPROCESS_CASES:
            project = _broken_project(tmp_path_factory.mktemp("sub"), case)
            jobs[(case.id, "check")] = (_check_subprocess, project)
            jobs[(case.id, "mkdocs")] = (_mkdocs_subprocess, project)
    with ThreadPoolExecutor(max_workers=4) as pool:
        futures = {key: pool.submit(run, project) for key, (run, project) in jobs.items()}
        return {key: future.result() for key, future in futures.items()}


@pytest.mark.parametrize("tool", ["check", "mkdocs"])
@pytest.mark.parametrize("case_id", SUBPROCESS_CASES)
def test_real_commands_refuse_with_one_line(subprocess_runs, case_id, tool):
    case = next(c for c in CASES if c.id == case_id)
    prefix = "Error: " if tool == "check" else "natokorea-kb: "
    _assert_refused(subprocess_runs[(case_id, tool)], case, prefix)


def test_a_50_mb_text_is_refused_without_being_read(tmp_path):
    project = _broken_project(tmp_path, next(c for c in CASES if c.id == "text 50 MB"))
    tracemalloc.start()
    began = time.perf_counter()
    try:
        with pytest.raises(SourceError, match="over the limit"):
            build(project / "corpus")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert time.perf_counter() - began < 2.0
    assert peak < 5_000_000, f"{peak} bytes allocated: the text was read"


# --------------------------------------------------------------------------- warnings, not errors

GOOD_SOURCES = [
    source_entry("a"),
    source_entry("b", language="tr", published="2013-03-01"),
    source_entry("c"),
]
GOOD_TEXTS: dict[str, str | bytes] = {
    "a.txt": TEXT + "\nThe summit of 2012-13-40 is a typing error of the original.\n",
    # UTF-16 with a byte-order mark is decoded; so is UTF-8 with one.
    "b.txt": codecs.BOM_UTF16_LE
    + (
        "NATO ile Güney Kore 2012 yılında ortaklık programı imzaladı.\n\n"
        "Toplantı 31 Şubat 2012 tarihinde yapıldı.\n"
    ).encode("utf-16-le"),
    "c.txt": codecs.BOM_UTF8 + b"South Korea joined NATO's Partners across the globe in 2008.\n",
}
DATE_WARNINGS = [
    "corpus/sources/a.txt:3: the date '2012-13-40' does not exist, so it gives no fact",
    "corpus/sources/b.txt:3: the date '31 Şubat 2012' does not exist, so it gives no fact",
]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


@pytest.fixture(scope="module")
def good_project(tmp_path_factory) -> Path:
    """A valid corpus with BOM-marked texts and impossible dates, as a project."""
    folder = tmp_path_factory.mktemp("good")
    corpus = write_corpus(folder / "input", GOOD_SOURCES, GOOD_TEXTS)
    return copy_project(folder, corpus)


def test_the_good_corpus_decodes_boms_and_accounts_for_every_character(good_project):
    kb = build(good_project / "corpus")
    assert [d.source.id for d in kb.documents] == ["a", "b", "c"]
    assert not any("\ufeff" in d.raw for d in kb.documents)
    assert "Güney Kore" in kb.document("b").raw
    for document in kb.documents:
        assert document.accounting.total == document.accounting.raw == len(document.raw)
    assert {f.source for f in kb.facts} >= {"a", "b"}


def test_check_warns_about_impossible_dates_and_succeeds(good_project):
    done = _subprocess(["natokorea_kb.cli", "check", "--corpus", "corpus"], good_project)
    assert done.returncode == 0, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("Warning: ")]
    assert len(warnings) == 2, done.stderr
    for warning, expected in zip(warnings, DATE_WARNINGS, strict=True):
        assert warning.startswith(f"Warning: {expected}")
        assert "nothing to fix: sources are quoted as published" in warning


# --------------------------------------------------------------------------- nothing lost


@pytest.fixture(scope="module")
def published(good_project) -> tuple[Path, dict[str, bytes], str]:
    """The good project built once with the real ``mkdocs build --strict``."""
    done = _subprocess(["mkdocs", "build", "--strict"], good_project)
    assert done.returncode == 0, done.stderr
    site = good_project / "site"
    return site, _tree(site), done.stderr


def test_impossible_dates_are_info_in_mkdocs_and_do_not_fail_strict(published):
    site, _, log = published
    assert "WARNING" not in log, log
    for expected in DATE_WARNINGS:
        assert any(line.startswith("INFO") and expected in line for line in log.splitlines()), log
    assert (site / "sources" / "b" / "index.html").is_file()


def test_a_build_refused_for_bad_input_leaves_the_site_untouched(published, good_project):
    site, before, _ = published
    sources = good_project / "corpus" / "sources.yml"
    good = sources.read_text(encoding="utf-8")
    sources.write_text(good.replace("language: tr", "language: xx"), encoding="utf-8")
    try:
        run = _mkdocs_subprocess(good_project)
    finally:
        sources.write_text(good, encoding="utf-8")
    assert run.code != 0 and not run.traceback
    assert run.error_lines == [
        "ERROR   -  natokorea-kb: corpus/sources.yml:11 [language]: entry 2 (id 'b'): "
        "unknown language 'xx' (fix: use one of: en, tr, ko)"
    ]
    assert _tree(site) == before
    leftovers = [p.name for p in good_project.iterdir() if p.name.startswith(".site")]
    assert leftovers == [], "no staging folder is left behind"


def test_a_build_failing_strict_late_leaves_the_site_untouched(published, good_project):
    site, before, _ = published
    page = good_project / "docs_templates" / "static" / "broken.md"
    page.write_text("# Broken\n\nA [link](missing.md) to nowhere.\n", encoding="utf-8")
    try:
        run = _mkdocs_subprocess(good_project)
    finally:
        page.unlink()
    assert run.code != 0 and not run.traceback
    assert "Aborted with 1 warnings in strict mode!" in run.output
    assert _tree(site) == before
    assert [p.name for p in good_project.iterdir() if p.name.startswith(".site")] == []


def test_extract_out_keeps_the_old_files_when_the_build_fails(good_project, tmp_path):
    out = tmp_path / "out"
    first = _subprocess(
        ["natokorea_kb.cli", "extract", "--corpus", "corpus", "--out", str(out)], good_project
    )
    assert first.returncode == 0, first.stderr
    before = _tree(out)
    assert sorted(before) == ["facts.csv", "facts.json", "facts.schema.json", "facts.yml"]
    broken = tmp_path / "broken"
    shutil.copytree(good_project / "corpus", broken)
    (broken / "sources" / "a.txt").write_bytes(b"")
    result = CliRunner().invoke(kb_cli, ["extract", "--corpus", str(broken), "--out", str(out)])
    assert result.exit_code == 1
    assert "corpus/sources/a.txt: the file is empty" not in result.output  # named as broken/
    assert "broken/sources/a.txt: the file is empty" in result.output
    assert _tree(out) == before


def test_write_atomic_leaves_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "facts.yml"
    target.write_text("old\n", encoding="utf-8")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_atomic(target, "new\n" * 1000)
    assert target.read_text(encoding="utf-8") == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["facts.yml"], "no temporary file is left"
