"""Consolidate stage: corroboration, disagreements and aggregates, from data only."""

from __future__ import annotations

from tests.conftest import source_entry, write_corpus

from natokorea_kb.pipeline import build

MONGOLIA_A = (
    "NATO and Mongolia signed an Individual Partnership and Cooperation Programme "
    "on 19 March 2012.\n"
)
MONGOLIA_B = (
    "Moğolistan ile NATO, Bireysel Ortaklık ve İş Birliği Programı’nı 2014 yılında imzalamıştır.\n"
)
VISIT_A = "Jens Stoltenberg visited South Korea in January 2023.\n"
VISIT_B = "NATO Genel Sekreteri Jens Stoltenberg, Ocak 2023’te Güney Kore’yi ziyaret etti.\n"


def _kb(tmp_path, texts: dict[str, tuple[str, str]]):
    entries = [
        source_entry(sid, language=lang, published="2024-01-01") for sid, (lang, _) in texts.items()
    ]
    corpus = write_corpus(
        tmp_path, entries, {f"{sid}.txt": text for sid, (_, text) in texts.items()}
    )
    return build(corpus)


def test_two_sources_dating_one_programme_differently_disagree(tmp_path):
    kb = _kb(tmp_path, {"a": ("en", MONGOLIA_A), "b": ("tr", MONGOLIA_B)})
    facts = {f.source: f for f in kb.facts}
    assert facts["a"].date.start == "2012-03-19" and facts["b"].date.start == "2014"
    found = [d for d in kb.consolidated.disagreements if d.subject == "mongolia"]
    assert len(found) == 1
    assert set(found[0].facts) == {facts["a"].id, facts["b"].id}
    assert facts["a"].disputed_by == [facts["b"].id]
    assert facts["b"].disputed_by == [facts["a"].id]
    assert not facts["a"].corroborated_by


def test_the_same_event_in_two_languages_is_one_cluster(tmp_path):
    kb = _kb(tmp_path, {"a": ("en", VISIT_A), "b": ("tr", VISIT_B)})
    facts = {f.source: f for f in kb.facts}
    assert facts["a"].corroborated_by == [facts["b"].id]
    assert facts["b"].corroborated_by == [facts["a"].id]
    canonical = [f for f in kb.facts if kb.consolidated.is_canonical(f)]
    assert len(canonical) == 1
    assert not kb.consolidated.disagreements


def test_sources_agreeing_on_dates_do_not_disagree(tmp_path):
    agreeing = MONGOLIA_B.replace("2014 yılında", "19 Mart 2012’de")
    kb = _kb(tmp_path, {"a": ("en", MONGOLIA_A), "b": ("tr", agreeing)})
    assert not kb.consolidated.disagreements
    assert all(f.corroborated_by for f in kb.facts)


def test_seed_global_partner_dates_surface_as_a_disagreement(kb):
    by_id = {f.id: f for f in kb.facts}
    korea = next(d for d in kb.consolidated.disagreements if d.id == "global-partner-south-korea")
    years = {by_id[i].source: by_id[i].date.start[:4] for i in korea.facts}
    assert years == {"003": "2006", "002": "2008", "000": "2012"}


def test_partnerships_and_programmes_are_built_from_facts(kb):
    partnerships = {p.partner: p for p in kb.consolidated.partnerships}
    korea = partnerships["south-korea"]
    assert korea.id == "nato-south-korea"
    assert "ipcp" in korea.programmes
    assert {label for label, _, _ in korea.labels} >= {"global-partner", "contact-country"}
    assert {"japan", "australia", "new-zealand", "mongolia"} <= set(partnerships)
    ipcp = next(p for p in kb.consolidated.programmes if p.id == "ipcp")
    assert {"south-korea", "mongolia", "japan"} <= set(ipcp.parties)
    assert ipcp.first == "2012"
