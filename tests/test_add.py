"""``natokorea-kb add``: a file in, a validated entry appended, nothing half-written."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from tests.conftest import CORPUS
from tests.pdf_maker import PdfPage, make_pdf, make_scanned_pdf
from tests.test_formats import ARTICLE, FIXTURES

from natokorea_kb import adding
from natokorea_kb.cli import main as kb_cli
from natokorea_kb.pipeline import build
from natokorea_kb.sources import load_metadata


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(CORPUS, folder)
    return folder


def _snapshot(corpus: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in [corpus / "sources.yml", *corpus.glob("sources/*")]}


def _add(corpus: Path, file: Path, *args: str):
    return CliRunner().invoke(kb_cli, ["add", "--corpus", str(corpus), str(file), *args])


def test_add_a_pdf_appends_an_entry_and_keeps_the_file_byte_for_byte(corpus, tmp_path):
    before = (corpus / "sources.yml").read_bytes()
    pdf = tmp_path / "NATO ve Kore (2023).pdf"
    pdf.write_bytes(make_pdf(ARTICLE, title="NATO ve Güney Kore", author="Ayşe Yılmaz; Mehmet Öz"))
    result = _add(corpus, pdf)
    assert result.exit_code == 0, result.output
    assert "as source 005: corpus/sources/005.pdf (3 pages" in result.output
    assert "title      NATO ve Güney Kore" in result.output
    assert "Check before you publish: title, kind, published, authors" in result.output
    after = (corpus / "sources.yml").read_bytes()
    assert after.startswith(before)  # comments and entries untouched
    assert (corpus / "sources" / "005.pdf").read_bytes() == pdf.read_bytes()
    meta = load_metadata(corpus)[-1]
    assert (meta.id, meta.file, meta.title, meta.language) == (
        "005",
        "005.pdf",
        "NATO ve Güney Kore",
        "tr",
    )
    assert (
        meta.authors == ("Ayşe Yılmaz", "Mehmet Öz") and meta.kind == "academic"
    )  # "Dergisi": a journal
    assert "check it against the source" in meta.date_note
    kb = build(corpus)
    assert {f.page for f in kb.facts if f.source == "005"} == {1, 2}


def test_add_a_web_page_takes_its_metadata(corpus):
    page = FIXTURES / "mozilla-firefox-developer.html"
    result = _add(corpus, page, "--id", "firefox-dev")
    assert result.exit_code == 0, result.output
    meta = load_metadata(corpus)[-1]
    assert (meta.id, meta.file, meta.publisher, meta.url) == (
        "firefox-dev",
        "firefox-dev.html",
        "Mozilla",
        "https://www.mozilla.org/en-US/firefox/developer/",
    )
    assert meta.title == "Welcome to Firefox Developer Edition" and meta.kind == "blog"


@pytest.mark.parametrize(
    ("name", "data", "args", "message"),
    [
        ("scan.pdf", make_scanned_pdf(), (), "scan.pdf: no text layer in 1 page(s)"),
        ("lock.pdf", make_pdf(ARTICLE, password="x"), (), "encrypted PDF"),
        ("cut.pdf", make_pdf(ARTICLE)[:600], (), "broken PDF"),
        ("notes.docx", b"PK", (), "unsupported file type '.docx'"),
        ("a.pdf", make_pdf([PdfPage(left=["In 2012 NATO met."])]), ("--id", "003"), "taken"),
        ("b.pdf", make_pdf([PdfPage(left=["In 2012 NATO met."])]), ("--id", "A B"), "slug"),
    ],
)
def test_add_refuses_with_one_line_and_changes_nothing(corpus, tmp_path, name, data, args, message):
    before = _snapshot(corpus)
    file = tmp_path / name
    file.write_bytes(data)
    result = _add(corpus, file, *args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ") and result.output.count("\n") == 1
    assert message in result.output and "(fix: " in result.output
    assert _snapshot(corpus) == before


def test_add_removes_the_copy_when_sources_yml_cannot_be_written(corpus, tmp_path, monkeypatch):
    before = _snapshot(corpus)
    pdf = tmp_path / "x.pdf"
    pdf.write_bytes(make_pdf(ARTICLE))

    def fail(path: Path, text: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(adding, "write_atomic", fail)
    with pytest.raises(OSError):
        adding.add_source(corpus, pdf)
    assert _snapshot(corpus) == before
    assert not list((corpus / "sources").glob(".*"))  # no temporary file left behind
