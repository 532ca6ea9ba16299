"""Robustness sweep: random Unicode through clean → segment → extract → render.

Texts mix arbitrary Unicode with Turkish, English and Korean sentences that carry
dates and names, combining marks, right-to-left text and direction overrides, control
characters, very long lines and markup that must stay text. For every text:

* nothing crashes;
* every sentence and note maps back to the raw text (each character is the raw
  character its offset names, or a space standing for raw whitespace), and every fact
  quotes its sentence with that sentence's raw span;
* every fact record validates against ``facts.schema.json``;
* the rendered Markdown holds none of the markup from the text: no ``<`` of a tag, no
  link, no Jinja, attr_list or abbreviation syntax, and Markdown turns the source page
  into HTML without any element or attribute from the text.
"""

from __future__ import annotations

import json
from importlib import resources
from itertools import pairwise
from pathlib import Path

import jsonschema
import markdown
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from tests.conftest import CORPUS, TEMPLATES
from tests.test_injection import scan_html

from natokorea_kb.clean import clean
from natokorea_kb.consolidate import consolidate
from natokorea_kb.curation import Curation
from natokorea_kb.extract import extract_document
from natokorea_kb.lexicon import load_lexicon
from natokorea_kb.mentions import scan
from natokorea_kb.pipeline import KnowledgeBase, site_pages
from natokorea_kb.publish import fact_records
from natokorea_kb.records import Document, PartialDate, SourceMeta
from natokorea_kb.segment import segment

LEXICON = load_lexicon(CORPUS / "lexicon.yml")
NOWHERE = Path(__file__).parent / "no-such-corpus"  # the texts come from no corpus folder
SCHEMA = json.loads(
    resources.files("natokorea_kb").joinpath("resources/facts.schema.json").read_text()
)
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)
MARKDOWN = markdown.Markdown(extensions=["abbr", "attr_list", "md_in_html", "tables", "toc"])

# Markup in source texts; "kbx" appears in no template. The injection scan
# (tests/test_injection.py) flags each of these once Markdown has made it markup.
SENTINELS = [
    "<kbx-tag onclick=x>",
    "[kbx](javascript:alert(1))",
    "{{ kbx }} {% kbx %}",
    "*[KBX]: injected",
    "{: .kbx-class onclick=x }",
    "`kbx`",
    "&kbx;",
]
FRAGMENTS = [
    "In 2012 NATO and South Korea signed an Individual Partnership and Cooperation Programme. ",
    "South Korea joined the ISAF mission in Afghanistan in 2010 and left in 2014. ",
    "NATO ile Güney Kore 2012 yılında ortaklık programı imzaladı. ",
    "Kore’nin NATO’yla ilişkileri 1950’lerin sonlarında başladı. ",
    "Toplantı 31 Şubat 2012 tarihinde yapıldı; 2012-13-40 de yoktur. ",
    "한국과 NATO는 2012년에 개별 파트너십 협력 프로그램에 서명했다. ",
    "İstanbul’da ı İ ş ğ Ç ö ü. ",
    "e\u0301 a\u0308 \u0307\u0323 ",  # combining marks, one of them with no base
    "مرحبا بالناتو 2012 ",
    "שלום 2014 ",
    "\u202eNATO 2012\u202c ",  # right-to-left override
    "\u200f\u200e\u2066x\u2069 ",
    "\x00\x07\x1b[31m\x7f ",
    "\r\n",
    "\f",
    "\u2028\u2029",
    "\ufeff\u00ad\u200b",
    "\n\n",
    "\n",
    "---\ntitle: kbx\n---\n",
    "1. ",
    "Prof. Dr. ",
    "U.S. ",
    "gelişme-\nye ",
    "Ancak1 Kore2 ",
    *SENTINELS,
]
LONG_LINES = st.one_of(
    st.builds(
        lambda word, count: (word + " ") * count,
        st.sampled_from(["NATO", "Kore’nin", "한국", "x" * 200, "e\u0301\u0308", "\u202e2012"]),
        st.integers(min_value=100, max_value=1000),
    ),
    # Dates are costlier: a sentence of many is kept short here and timed on its own below.
    st.builds(lambda count: "In 2012 NATO met " * count, st.integers(min_value=10, max_value=60)),
)
TEXTS = st.builds(
    lambda parts, line, at: "".join([*parts[:at], line, *parts[at:]]),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=30)), max_size=25),
    st.one_of(st.just(""), LONG_LINES),
    st.integers(min_value=0, max_value=25),
).filter(bool)
LANGUAGES = st.sampled_from(["en", "tr", "ko"])


def _knowledge_base(raw: str, language: str) -> KnowledgeBase:
    """One source through the per-source stages and consolidation, as the pipeline runs them."""
    meta = SourceMeta(
        id="p",
        file="p.txt",
        title="P <kbx-tag onclick=x> {{ kbx }}",
        kind="news",
        language=language,
        published=PartialDate(2020, 5, 1),
    )
    document = segment(clean(raw), meta)
    extraction = extract_document(document, LEXICON, scan(document, LEXICON))
    consolidated = consolidate(list(extraction.facts), LEXICON, Curation())
    return KnowledgeBase(
        corpus=NOWHERE,
        lexicon=LEXICON,
        documents=(document,),
        facts=consolidated.facts,
        skipped=tuple(extraction.skipped),
        consolidated=consolidated,
    )


def _assert_maps_back(text: str, offsets: tuple[int, ...], raw: str) -> None:
    assert len(offsets) == len(text)
    assert all(a < b for a, b in pairwise(offsets))
    for char, offset in zip(text, offsets, strict=True):
        assert char == raw[offset] or (char == " " and raw[offset].isspace()), (char, offset)


def _assert_offsets_and_quotes(document: Document, kb: KnowledgeBase) -> None:
    units = {unit.anchor: unit for unit in (*document.sentences, *document.notes)}
    for unit in units.values():
        _assert_maps_back(unit.text, unit.offsets, document.raw)
    assert document.accounting.total == len(document.raw)
    for fact in kb.facts:
        unit = units[fact.sentence]
        assert fact.quote == unit.text
        assert tuple(fact.span) == unit.span
        assert fact.date.text in fact.quote


@settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(TEXTS, LANGUAGES)
def test_any_text_extracts_to_valid_records_that_map_back(raw, language):
    kb = _knowledge_base(raw, language)
    _assert_offsets_and_quotes(kb.documents[0], kb)
    records = list(fact_records(kb))
    errors = [error.message for error in VALIDATOR.iter_errors(records)]
    assert errors == []


def _body(page: str) -> str:
    """A page without its front matter: a YAML value, printed escaped by the theme."""
    return page.split("---\n", 2)[2] if page.startswith("---\n") else page


# Rendering costs a tenth of a second per text, so a failure is reported as found
# rather than shrunk for minutes.
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(TEXTS, LANGUAGES)
def test_any_text_renders_as_text(raw, language):
    kb = _knowledge_base(raw, language)
    for page in site_pages(kb, TEMPLATES):
        if not page.path.endswith(".md"):
            continue  # data files hold the text as data, by design
        body = _body(page.content)
        assert "<kbx" not in body and "&kbx;" not in body, page.path  # no raw < or & from text
        if "kbx" not in body.lower():
            continue  # no markup from the text reached this page
        html = MARKDOWN.reset().convert(body)
        assert scan_html(html).problems == [], page.path
        assert "<code>kbx</code>" not in html and "<kbx" not in html, page.path
