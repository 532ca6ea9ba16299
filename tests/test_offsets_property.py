"""Property tests of the offset map: clean never crashes and never invents text.

For any input, every clean character comes from the raw index its offset names, and
equals the raw character there, except for the one documented rewrite: a clean space
may stand for any raw whitespace character (line breaks and runs of whitespace become
one space). Offsets grow strictly within a block, no raw character is kept twice or
both kept and removed, and segment accounts for every visible raw character.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from natokorea_kb.clean import clean
from natokorea_kb.records import PartialDate, SourceMeta
from natokorea_kb.segment import coverage_gaps, segment

FRAGMENTS = [
    "gelişme-\nye ",
    "NA-\nTO’nun ",
    "sa-\n vaşın ",
    "ilgi-\n\nlendiren ",
    "Ki-moon ",
    "NATO- Güney ",
    "Ancak1 ",
    "Kore2 ",
    "area.3 ",
    "1949’da ",
    "G20 ",
    "F-35 ",
    "72.9% ",
    "21. yüzyıl ",
    "Prof. Dr. ",
    "U.S. ",
    "“Ayrıca Kore Savaşı,\nBatılı Devletler için.”\n",
    '"Contact Countries." ',
    "\n1\n ",
    "\n                    \n1 North Atlantic Council, 2010.\n",
    "\nNotes\n1. A note.\n",
    "Updated on 16 February 2023\n",
    "바로가기 메뉴\n",
    "윤석열 ",
    "e\u0301 ",
    "ı İ ş ğ ",
    "\u00ad",
    "\u200b",
    "\ufeff",
    "\x00",
    "\x07",
    "\r\n",
    "\f",
    "\u2028",
    "\t",
    "\xa0",
    "\n\n",
    "\n",
    " ",
    ". ",
    "? ",
    "-",
    "Comments\n\nLeave a Reply\n",
    "  1. Bilateral Relations\n",
    "- 12 -\n",
]

texts = st.one_of(
    st.lists(st.sampled_from(FRAGMENTS), max_size=40).map("".join),
    st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=12)), max_size=30).map("".join),
)

META = SourceMeta(
    id="p", file="p.txt", title="P", kind="news", language="en", published=PartialDate(2020)
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_clean_keeps_an_exact_offset_map(raw: str) -> None:
    cleaned = clean(raw)
    kept: set[int] = set()
    for block in cleaned.blocks:
        assert len(block.offsets) == len(block.text)
        assert all(0 <= offset < len(raw) for offset in block.offsets)
        assert all(a < b for a, b in zip(block.offsets, block.offsets[1:], strict=False))
        for char, offset in zip(block.text, block.offsets, strict=True):
            assert char == raw[offset] or (char == " " and raw[offset].isspace())
        assert not kept & set(block.offsets)
        kept |= set(block.offsets)
    removed: set[int] = set()
    for artefact in cleaned.artefacts:
        assert 0 <= artefact.start < artefact.end <= len(raw)
        span = set(range(artefact.start, artefact.end))
        assert not kept & span and not removed & span
        removed |= span


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_segment_accounts_for_every_character(raw: str) -> None:
    cleaned = clean(raw)
    document = segment(cleaned, META)
    assert document.accounting.total == len(raw)
    assert document.accounting.whitespace >= 0
    missing, doubled = coverage_gaps(document, cleaned.artefacts)
    assert missing == [] and doubled == []
