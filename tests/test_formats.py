"""PDF and web-page sources: text in reading order, page numbers out, every character kept.

Generated PDFs (tests/pdf_maker.py) have a known layout: two columns, a running header,
a page number at the foot, words hyphenated across lines, footnotes in small type under
a drawn rule, Turkish letters. The real files in tests/fixtures/formats/ (see the
README there for where they come from and their licences) are a scanned magazine
article with an OCR text layer and a saved web page.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from tests.conftest import source_entry, write_corpus
from tests.pdf_maker import PdfPage, make_pdf, make_scanned_pdf

from natokorea_kb import sources as sources_module
from natokorea_kb.clean import clean
from natokorea_kb.cli import main as kb_cli
from natokorea_kb.errors import SourceError
from natokorea_kb.formats import pdf as pdf_module
from natokorea_kb.pipeline import build, build_site
from natokorea_kb.publish import schema_text
from natokorea_kb.segment import coverage_gaps
from natokorea_kb.sources import read_corpus

FIXTURES = Path(__file__).parent / "fixtures" / "formats"
TEMPLATES = Path(__file__).resolve().parents[1] / "docs_templates"
HEADER = "Dış Politika Dergisi · Cilt 12, Sayı 3"
ARTICLE = [
    PdfPage(
        header=HEADER,
        left=[
            "NATO ile Güney Kore arasındaki ilişki-",
            "ler Soğuk Savaş sonrası dönemde geliş-",
            "meye başlamıştır. Güney Kore, 2006",
            "yılında NATO’nun küresel ortakları",
            "arasına girmiştir.1 İki taraf 2012",
            "yılında Bireysel Ortaklık ve İşbirliği",
            "Programı’nı imzalamıştır.",
        ],
        right=[
            "Öte yandan Kore Savaşı, ittifakın",
            "askeri harcamalarını artırmıştır.",
            "Türkiye bu savaşta önemli bir rol",
            "üstlenmiş ve 1952 yılında NATO’ya",
            "üye olmuştur.2",
        ],
        footnotes=[
            "1 NATO, “Partners across the globe”, 2006.",
            "2 Kuzey Atlantik Antlaşması, Washington, 1949.",
        ],
        number="12",
    ),
    PdfPage(
        header=HEADER,
        left=[
            "Seul ile Brüksel arasındaki iş birliği",
            "2017 yılında yenilenmiştir. Şubat",
            "ayında yapılan görüşmelerde çığır",
            "açan kararlar alınmıştır.",
        ],
        right=["İki taraf 2022 yılında Madrid Zirve-", "si’nde bir araya gelmiştir."],
        number="13",
    ),
    PdfPage(header=HEADER, left=["Sonuç olarak ilişkiler güçlenmiştir."], number="14"),
]


def _corpus(tmp_path: Path, files: dict[str, bytes], **fields: object) -> Path:
    fields = {"language": "tr", "published": "2023-01-01", **fields}
    entries = [source_entry(name.split(".")[0], file=name, **fields) for name in files]
    return write_corpus(tmp_path, entries, files)


@pytest.fixture(scope="module")
def article_kb(tmp_path_factory):
    folder = tmp_path_factory.mktemp("article")
    pdf = make_pdf(ARTICLE, title="NATO ve Güney Kore", author="Ayşe Yılmaz; Mehmet Öz")
    return build(_corpus(folder, {"art.pdf": pdf}, kind="academic"))


def test_two_columns_read_in_order_with_pages_and_notes(article_kb):
    document = article_kb.documents[0]
    got = [(s.text, s.page) for s in document.sentences]
    assert got == [
        (
            "NATO ile Güney Kore arasındaki ilişkiler Soğuk Savaş sonrası dönemde "
            "gelişmeye başlamıştır.",
            1,
        ),
        ("Güney Kore, 2006 yılında NATO’nun küresel ortakları arasına girmiştir.", 1),
        ("İki taraf 2012 yılında Bireysel Ortaklık ve İşbirliği Programı’nı imzalamıştır.", 1),
        ("Öte yandan Kore Savaşı, ittifakın askeri harcamalarını artırmıştır.", 1),
        ("Türkiye bu savaşta önemli bir rol üstlenmiş ve 1952 yılında NATO’ya üye olmuştur.", 1),
        ("Seul ile Brüksel arasındaki iş birliği 2017 yılında yenilenmiştir.", 2),
        ("Şubat ayında yapılan görüşmelerde çığır açan kararlar alınmıştır.", 2),
        ("İki taraf 2022 yılında Madrid Zirvesi’nde bir araya gelmiştir.", 2),
        ("Sonuç olarak ilişkiler güçlenmiştir.", 3),
    ]
    assert [(n.anchor, n.text, n.page) for n in document.notes] == [
        ("n-1", "NATO, “Partners across the globe”, 2006.", 1),
        ("n-2", "Kuzey Atlantik Antlaşması, Washington, 1949.", 1),
    ]
    assert document.sentences[1].note_refs == (1,)


def test_the_clean_stage_accounts_for_every_extracted_character(article_kb):
    document = article_kb.documents[0]
    accounting = document.accounting
    assert accounting.total == accounting.raw == len(document.raw)
    assert accounting.artefacts["running-header"] == 3 * len(HEADER)
    assert accounting.artefacts["page-number"] == 6  # 12, 13, 14
    assert accounting.artefacts["hyphenation"] == 3
    assert coverage_gaps(document, clean(document.raw).artefacts) == ([], [])
    for sentence in document.sentences:  # a span counts characters of the extracted text
        start, end = sentence.span
        assert document.raw[start:end].replace("-\n", "").split() == sentence.text.split()


def test_facts_carry_their_page_and_validate_against_the_schema(article_kb):
    pages = {f.date.start: f.page for f in article_kb.facts}
    assert pages == {"1952": 1, "2006": 1, "2012": 1, "2017": 2, "2022": 2}
    records = [f.to_dict() for f in article_kb.facts]
    assert all(list(r)[list(r).index("language") + 1] == "page" for r in records)
    jsonschema.validate(records, __import__("json").loads(schema_text()))


def test_cards_cite_the_page_and_the_source_page_marks_page_breaks(tmp_path):
    pdf = make_pdf(ARTICLE)
    site = build_site(_corpus(tmp_path, {"art.pdf": pdf}), TEMPLATES)
    pages = {p.path: p.content for p in site.pages}
    assert "sentence s-3, p. 1</a>" in pages["years/2012.md"]
    assert "sentence s-8, p. 2</a>" in pages["sources/art.md"]
    source = pages["sources/art.md"]
    for number in (1, 2, 3):
        assert f'<span class="kb-page" id="p-{number}"' in source
    assert source.index('id="p-2"') < source.index('id="s-6"') < source.index('id="p-3"')


def test_a_real_scanned_magazine_pdf(tmp_path):
    """The Century's "Siege of Vicksburg" (1885): OCR layer, headers, hyphens, 6 pages."""
    data = (FIXTURES / "siege-of-vicksburg.pdf").read_bytes()
    kb = build(_corpus(tmp_path, {"vicksburg.pdf": data}, language="en"))
    document = kb.documents[0]
    by_text = {s.text: s.page for s in document.sentences}
    expected = {
        "however, did not last long; it became too conspicuous and dangerous for use.": 1,
        "JUNE 10TH.—The heat of the sun increases, and we must improve our quarters.": 1,
        "JUNE 12TH.—We expect to be paid off soon, as the pay-rolls are now being made out.": 2,
        "JUNE 14TH.—Sunday.": 4,
    }
    assert {text: by_text.get(text) for text in expected} == expected
    assert not any("SIEGE OF VICKSBURG" in s.text for s in document.sentences[:3])
    accounting = document.accounting
    assert accounting.total == accounting.raw
    assert accounting.artefacts["running-header"] > 0 and accounting.artefacts["hyphenation"] > 0
    assert sorted({s.page for s in document.sentences}) == [1, 2, 3, 4, 5, 6]


def test_a_real_saved_web_page(tmp_path):
    data = (FIXTURES / "mozilla-firefox-developer.html").read_bytes()
    kb = build(_corpus(tmp_path, {"moz.html": data}, language="en"))
    document = kb.documents[0]
    texts = [s.text for s in document.sentences]
    assert texts[:2] == [
        "Welcome to Firefox Developer Edition",
        "Get to know the features that make it the most complete browser for building the Web.",
    ]
    assert not any("Firefox OS" in t and "Privacy Policy" in t for t in texts)
    assert all(s.page is None for s in document.sentences)
    assert document.accounting.total == document.accounting.raw
    metadata = sources_module.extract_file("html", data, "moz.html")[0].metadata
    assert metadata["title"] == "Welcome to Firefox Developer Edition"
    assert metadata["url"] == "https://www.mozilla.org/en-US/firefox/developer/"
    assert metadata["publisher"] == "Mozilla"


BAD = {
    "encrypted": (
        lambda: make_pdf(ARTICLE[:1], password="secret"),
        "encrypted PDF: it needs a password to open",
        "qpdf --decrypt",
    ),
    "scanned": (make_scanned_pdf, "no text layer in 1 page(s)", "run OCR first, e.g. 'ocrmypdf"),
    "broken": (
        lambda: make_pdf(ARTICLE)[:700],
        "broken PDF, cannot be read",
        "download or export the PDF again",
    ),
    "not a pdf": (lambda: b"<html>hello</html>", "not a PDF (no %PDF- header)", "real suffix"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_pdfs_are_refused_with_one_line(tmp_path, case):
    make, problem, fix = BAD[case]
    corpus = _corpus(tmp_path, {"bad.pdf": make()})
    result = CliRunner().invoke(kb_cli, ["check", "--corpus", str(corpus)])
    assert result.exit_code == 1
    message = result.output.strip()
    assert message.count("\n") == 0 and "Traceback" not in message
    assert message.startswith("Error: corpus/sources/bad.pdf: ")
    assert problem in message and fix in message.split("(fix: ", 1)[1]


def test_a_web_page_without_main_text_is_refused(tmp_path):
    page = (
        b"<html><head><title>Index</title></head><body><nav><ul><li><a href='/a'>News</a>"
        b"<li><a href='/b'>About us</a></ul></nav><footer>Copyright 2024</footer></body></html>"
    )
    with pytest.raises(SourceError) as error:
        read_corpus(_corpus(tmp_path, {"empty.html": page}))
    assert error.value.file == "corpus/sources/empty.html"
    assert "no main text found" in error.value.problem
    assert "paste its text into a .txt source" in error.value.hint


def test_a_pdf_over_the_size_limit_is_refused_unread(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path, {"big.pdf": make_pdf(ARTICLE)})
    monkeypatch.setitem(sources_module.MAX_FILE_BYTES, "pdf", 1000)
    monkeypatch.setattr(pdf_module, "read_pdf", lambda *a: pytest.fail("read"))
    with pytest.raises(SourceError, match=r"over the limit of 0 MB per PDF source"):
        read_corpus(corpus)


def test_an_unchanged_pdf_is_not_extracted_again(tmp_path, monkeypatch):
    corpus = _corpus(tmp_path, {"art.pdf": make_pdf(ARTICLE)})
    calls = []
    real = pdf_module.read_pdf
    monkeypatch.setattr(pdf_module, "read_pdf", lambda *a: calls.append(1) or real(*a))
    cache = tmp_path / "cache"
    first = build(corpus, cache_dir=cache)
    second = build(corpus, cache_dir=cache)
    assert len(calls) == 1
    assert [f.to_dict() for f in first.facts] == [f.to_dict() for f in second.facts]
    shutil.copy(corpus / "sources" / "art.pdf", tmp_path / "old.pdf")
    (corpus / "sources" / "art.pdf").write_bytes(make_pdf(ARTICLE[:2]))
    third = build(corpus, cache_dir=cache)
    assert len(calls) == 2 and {f.page for f in third.facts} == {1, 2}
    assert len(list(cache.glob("*.pickle"))) == 2  # the old PDF's entries were pruned
