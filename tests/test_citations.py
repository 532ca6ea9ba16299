"""Citations: CSL items from sources.yml, references formatted by citeproc-py's CSL
styles (APA 7, Chicago author-date), and the BibTeX, RIS and CSL-JSON writers."""

from __future__ import annotations

from natokorea_kb.citations import (
    bibtex_entry,
    csl_item,
    format_citations,
    ris_entry,
    split_name,
)
from natokorea_kb.records import SOURCE_KINDS, PartialDate, SourceMeta
from natokorea_kb.render.markup import escape_inline

ARTICLE = SourceMeta(
    id="003",
    file="003.txt",
    title="Relations With 'Global Partners'",
    kind="academic",
    language="en",
    published=PartialDate(2014),
    authors=("Arif Bağbaşlıoğlu",),
    venue="Güvenlik Stratejileri",
    volume="10",
    issue="20",
    pages="1–40",
    doi="10.1234/gs.20",
)
UNSIGNED = SourceMeta(
    id="001",
    file="001.txt",
    title="Is Korea a part of NATO?",
    kind="blog",
    language="en",
    published=PartialDate(2023),
)


def test_names_split_at_the_last_word_or_a_comma():
    assert split_name("Arif Bağbaşlıoğlu") == {"family": "Bağbaşlıoğlu", "given": "Arif"}
    assert split_name("Ban, Ki-moon") == {"family": "Ban", "given": "Ki-moon"}
    assert split_name("UNESCO") == {"literal": "UNESCO"}


def test_csl_item_holds_only_the_fields_given():
    item = csl_item(ARTICLE)
    assert item["type"] == "article-journal" and item["container-title"] == "Güvenlik Stratejileri"
    assert item["page"] == "1–40" and item["DOI"] == "10.1234/gs.20"
    assert "URL" not in item and "publisher" not in item


def test_apa_and_chicago_references():
    cited = format_citations([ARTICLE, UNSIGNED], escape_inline)
    apa = cited["003"].references["apa"].text
    assert apa.startswith("Bağbaşlıoğlu, A. (2014). Relations With 'Global Partners'.")
    assert "Güvenlik Stratejileri, 10(20), 1–40." in apa and "https://doi.org/10.1234/gs.20" in apa
    chicago = cited["003"].references["chicago"].text
    assert chicago == (
        "Bağbaşlıoğlu, Arif. 2014. “Relations With 'Global Partners'.” "
        "Güvenlik Stratejileri 10 (20): 1–40. doi:10.1234/gs.20."
    ), "given names spelt out, the period inside the quotes"
    assert cited["003"].short == "Bağbaşlıoğlu, 2014"
    html = str(cited["003"].references["apa"].html)
    assert "<i>Güvenlik Stratejileri</i>" in html and "&#39;" in html


def test_an_unsigned_source_is_titled_once_and_punctuated_once():
    cited = format_citations([UNSIGNED], escape_inline)["001"].references
    assert cited["apa"].text == "Is Korea a part of NATO? (2023)."
    assert cited["chicago"].text.count("NATO") == 1 and "?." not in cited["chicago"].text


def test_bibtex_and_ris_escape_and_carry_the_fields():
    tricky = SourceMeta(
        id="x",
        file="x.txt",
        title="R&D {costs} 50% of $",
        kind="news",
        language="tr",
        published=PartialDate(2020, 5, 1),
        url="https://example.org/a_b",
    )
    entry = bibtex_entry(tricky)
    assert r"title = {{R\&D \{costs\} 50\% of \$}}" in entry and "date = {2020-05-01}" in entry
    assert "url = {https://example.org/a_b}" in entry
    assert bibtex_entry(ARTICLE).count("pages = {1--40}") == 1
    ris = ris_entry(ARTICLE)
    assert ris.startswith("TY  - JOUR\r\n") and "SP  - 1\r\n" in ris and "EP  - 40\r\n" in ris
    assert ris.endswith("ER  - \r\n")


def test_every_kind_of_source_has_a_type_in_every_format():
    from natokorea_kb.citations import BIBTEX_TYPES, CSL_TYPES, RIS_TYPES

    for table in (CSL_TYPES, BIBTEX_TYPES, RIS_TYPES):
        assert set(table) == set(SOURCE_KINDS)
