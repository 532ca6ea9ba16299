"""Read stage: sources.yml validation and decoding, each failure a clear message."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from tests.conftest import CORPUS, source_entry, write_corpus

from natokorea_kb.errors import SourceError
from natokorea_kb.sources import decode_text, load_metadata, read_corpus
from natokorea_kb.yamlio import parse_yaml


def test_real_corpus_has_the_five_seeds_byte_for_byte():
    seeds = sorted((CORPUS.parent.parent / "shared" / "seeds").glob("*.txt"))
    sources = read_corpus(CORPUS)
    assert [s.meta.id for s in sources] == ["000", "001", "002", "003", "004"]
    if seeds:  # ../shared is beside the clone in CI and in development
        for seed, source in zip(seeds, sources, strict=True):
            assert (CORPUS / "sources" / source.meta.file).read_bytes() == seed.read_bytes()
    assert sources[4].meta.published.iso() == "2017-12-04"
    assert sources[3].meta.languages == ("tr",)


def _error(tmp_path: Path, entries: list[dict], texts: dict | None = None) -> SourceError:
    corpus = write_corpus(tmp_path, entries, texts if texts is not None else {"a.txt": "Text."})
    with pytest.raises(SourceError) as caught:
        read_corpus(corpus)
    return caught.value


@pytest.mark.parametrize(
    ("override", "field", "fragment"),
    [
        ({"language": "de"}, "language", "unknown language 'de'"),
        ({"kind": "tweet"}, "kind", "unknown kind 'tweet'"),
        ({"published": "2012-13-40"}, "published", "malformed or impossible date"),
        ({"published": "2012-02-31"}, "published", "malformed or impossible date"),
        ({"published": "12/05/2020"}, "published", "malformed or impossible date"),
        ({"file": "missing.txt"}, "file", "not found"),
        ({"file": "../lexicon.yml"}, "file", "outside corpus/sources/"),
        ({"file": "/etc/passwd"}, "file", "outside corpus/sources/"),
        ({"id": "../x"}, "id", "not a short slug"),
        ({"colour": "red"}, "colour", "unknown field 'colour'"),
    ],
)
def test_bad_entries_name_the_file_entry_and_field(tmp_path, override, field, fragment):
    error = _error(tmp_path, [source_entry("a", **override)])
    message = str(error)
    assert message.startswith("corpus/sources.yml:")
    assert f"[{field}]" in message
    assert fragment in message
    assert "fix:" in message


def test_missing_required_field(tmp_path):
    entry = source_entry("a")
    del entry["title"]
    error = _error(tmp_path, [entry])
    assert error.field == "title" and "missing field 'title'" in str(error)


def test_duplicate_id_points_at_both_lines(tmp_path):
    error = _error(tmp_path, [source_entry("a"), source_entry("a")])
    assert "duplicate id 'a'" in str(error)
    assert "first used on line 1" in str(error)
    assert error.line == 7


def test_symlink_out_of_the_corpus_is_refused(tmp_path):
    outside = tmp_path / "secret.txt"
    outside.write_text("secret", encoding="utf-8")
    corpus = write_corpus(tmp_path, [source_entry("a")], {})
    os.symlink(outside, corpus / "sources" / "a.txt")
    with pytest.raises(SourceError, match="resolves outside"):
        read_corpus(corpus)


def test_yaml_syntax_error_has_a_line(tmp_path):
    corpus = write_corpus(tmp_path, [], {})
    (corpus / "sources.yml").write_text("- id: a\n  title: [unclosed\n", encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_metadata(corpus)
    assert caught.value.line is not None
    assert "invalid YAML" in str(caught.value)


def test_yaml_lines_are_kept_by_the_fast_loader():
    data = parse_yaml("# c\nfirst:\n  - a\n  - b: 1\n    c: 2\nsecond: x\n", SourceError, "t.yml")
    assert (data.line, data.line_of("first"), data.line_of("second")) == (2, 2, 6)
    assert data["first"].item_lines == [3, 4]
    assert data["first"][1].line_of("c") == 5


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [  # libyaml words these differently; the messages are the pure-Python loader's
        ("a: 1\nb: [x,\n  c: d\n", 4, "expected ',' or ']', but got '<stream end>'"),
        ("a: [1,\n", 2, "expected the node content, but found '<stream end>'"),
        ('a: "\\q"\n', 1, "found unknown escape character 'q'"),
    ],
)
def test_yaml_errors_read_the_same_with_or_without_libyaml(text, line, message):
    with pytest.raises(SourceError) as caught:
        parse_yaml(text, SourceError, "t.yml")
    assert caught.value.line == line
    assert f"invalid YAML: {message}" in str(caught.value)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
        ("Türkiye ve NATO".encode("cp1254"), "not UTF-8"),
    ],
)
def test_undecodable_bytes_are_refused(data, fragment):
    with pytest.raises(SourceError, match=fragment):
        decode_text(data, "corpus/sources/x.txt")


def test_utf16_with_bom_and_utf8_bom_are_decoded():
    text = "NATO’nun ortakları"
    assert decode_text(codecs.BOM_UTF16_LE + text.encode("utf-16-le"), "x") == (
        text,
        "utf-16 (BOM)",
    )
    assert decode_text(codecs.BOM_UTF8 + text.encode(), "x") == (text, "utf-8 (BOM removed)")


def test_cp1254_error_suggests_iconv_and_gives_the_line():
    with pytest.raises(SourceError) as caught:
        decode_text(b"line one\nT\xfcrkiye", "x")
    assert caught.value.line == 2
    assert "iconv" in caught.value.hint


@pytest.mark.parametrize(
    ("override", "field", "fragment"),
    [
        ({"doi": "https://doi.org/10.1234/abc"}, "doi", "not a bare DOI"),
        ({"doi": "11.1234/abc"}, "doi", "not a bare DOI"),
        ({"pages": "twelve"}, "pages", "not a page or a range"),
        ({"venue": "J", "volume": "10\n11"}, "volume", "not a short number or label"),
        ({"issue": "20"}, "issue", "issue without a venue"),
        ({"url": "https://x.org", "accessed": "2020"}, "accessed", "not a full date"),
        ({"accessed": "2020-06-01"}, "accessed", "accessed without a url"),
        ({"url": "https://x.org", "accessed": "2019-06-01"}, "accessed", "before the source"),
        ({"publisher": ["a"]}, "publisher", "publisher must be text"),
    ],
)
def test_bad_citation_fields_name_the_field_and_a_fix(tmp_path, override, field, fragment):
    error = _error(tmp_path, [source_entry("a", **override)])
    assert f"[{field}]" in str(error) and fragment in str(error) and "fix:" in str(error)
    assert error.line is not None


def test_citation_fields_are_read_and_normalised(tmp_path):
    entry = source_entry(
        "a",
        venue="Güvenlik Stratejileri",
        volume=10,
        issue="20",
        pages="12-34",
        doi="10.1234/abc.5678",
        url="https://example.org/a",
        accessed="2020-06-02",
    )
    corpus = write_corpus(tmp_path, [entry], {"a.txt": "Text."})
    meta = load_metadata(corpus)[0]
    assert (meta.venue, meta.volume, meta.issue, meta.pages) == (
        "Güvenlik Stratejileri",
        "10",
        "20",
        "12–34",
    )
    assert meta.doi == "10.1234/abc.5678" and meta.accessed.iso() == "2020-06-02"


def test_the_seeds_cite_only_what_their_texts_state():
    metas = {m.id: m for m in load_metadata(CORPUS)}
    assert (metas["003"].venue, metas["003"].volume, metas["003"].issue) == (
        "Güvenlik Stratejileri",
        "10",
        "20",
    )
    assert metas["002"].publisher and metas["002"].published.iso() == "2023-02-16"
    assert metas["000"].venue is None, "the text of 000 names no magazine"
    header = (CORPUS / "sources.yml").read_text(encoding="utf-8").split("\n- id:", 1)[0]
    for field in ("url", "doi", "venue", "volume", "issue", "pages", "publisher", "accessed"):
        assert f"#   {field} " in header, f"document {field} in sources.yml's header"
