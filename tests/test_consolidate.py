"""Consolidate stage: corroboration, disagreements and aggregates, from data only.

Golden cases in ``tests/cases/consolidate/*.yml`` (format in their headers) give facts
and the clusters and disagreements they must make, run by one test.
"""

from __future__ import annotations

import json
from collections import defaultdict
from importlib.resources import files

import pytest
from tests.conftest import CORPUS, source_entry, write_corpus
from tests.golden import golden_cases

from natokorea_kb.consolidate import CROSS_REFERENCES, HUB_ENTITY, cluster
from natokorea_kb.disagreements import find_disagreements
from natokorea_kb.lexicon import Lexicon, load_lexicon
from natokorea_kb.messages import catalog
from natokorea_kb.pipeline import build
from natokorea_kb.records import DateValue, Fact, Frame

PRECISION_OF_LENGTH = {4: "year", 7: "month", 10: "day"}


@pytest.fixture(scope="module")
def lexicon() -> Lexicon:
    return load_lexicon(CORPUS / "lexicon.yml")


def golden_fact(spec: dict) -> Fact:
    """A fact from a golden case: what consolidation reads, placeholders for the rest."""
    date = spec["date"]
    start, end = (str(date[0]), str(date[1])) if isinstance(date, list) else (str(date),) * 2
    precision = spec.get("precision", PRECISION_OF_LENGTH[len(start)])
    return Fact(
        id=spec["id"],
        kind=spec["kind"],
        date=DateValue(start, end, precision, start, "explicit"),
        title=spec["id"],
        entities=list(spec["entities"]),
        topics=[],
        source=str(spec["source"]),
        sentence="s-1",
        span=(0, 1),
        quote=spec["id"],
        language="en",
        frame=golden_frame(spec.get("frame", {})),
    )


def golden_frame(spec: dict) -> Frame:
    """A frame from a golden case; lists become tuples as in extracted frames."""
    return Frame(**{k: tuple(v) if isinstance(v, list) else v for k, v in spec.items()})


def _canonical_first(ids: list[str]) -> list[str]:
    return [ids[0], *sorted(ids[1:])]


@pytest.mark.parametrize("case", golden_cases("consolidate"))
def test_consolidation_case(case: dict, lexicon: Lexicon) -> None:
    facts = sorted(map(golden_fact, case["facts"]), key=lambda f: f.sort_key)
    canonical = cluster(facts, tuple(tuple(merge) for merge in case.get("merges", ())))
    members: dict[str, list[str]] = defaultdict(list)
    for fact in facts:
        members[canonical[fact.id]].append(fact.id)
    clusters = [
        _canonical_first([head, *(i for i in ids if i != head)])
        for head, ids in members.items()
        if len(ids) > 1
    ]
    assert sorted(clusters) == sorted(map(_canonical_first, case["clusters"]))
    found = find_disagreements(facts, lexicon, HUB_ENTITY)
    assert [{"id": d.id, "facts": list(d.facts)} for d in found] == [
        {"id": d["id"], "facts": d["facts"]} for d in case["disagreements"]
    ]
    for disagreement, expected in zip(found, case["disagreements"], strict=True):
        if "rules" in expected:
            assert list(disagreement.rules) == expected["rules"], disagreement.id


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


JAPAN_EN = (
    "Japan was named a global partner of NATO in April 2010.\n\n"
    "Japan did not sign the security agreement with NATO in 2013.\n\n"
    "In 2023 Japan remains one of the global partners of NATO.\n"
)
JAPAN_TR = (
    "Japonya 2012 yılında NATO’nun küresel ortağı olarak anıldı.\n\n"
    "Japonya, 2014 yılında NATO ile güvenlik anlaşmasını imzaladı.\n"
)


def test_only_changes_dated_apart_disagree_not_denials_or_states(tmp_path):
    """Two sources, two languages: the label dated 2010 and 2012 is the one disagreement;
    a denied signing and a label that still holds in 2023 date nothing against them."""
    kb = _kb(tmp_path, {"a": ("en", JAPAN_EN), "b": ("tr", JAPAN_TR)})
    by_year = {f.date.start[:4]: f for f in kb.facts}
    assert by_year["2013"].frame.polarity == "negated" and by_year["2013"].kind == "event"
    assert by_year["2023"].frame.aspect == "state" and by_year["2023"].kind == "event"
    [disagreement] = kb.consolidated.disagreements
    assert disagreement.id == "global-partner-japan" and disagreement.rules == ("once",)
    assert disagreement.facts == (by_year["2010"].id, by_year["2012"].id)
    assert not by_year["2013"].disputed_by and not by_year["2014"].disputed_by


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
    assert {label for label, _, _ in korea.labels} >= {"global-partner", "begin-relations"}
    assert {"japan", "australia", "new-zealand", "mongolia"} <= set(partnerships)
    ipcp = next(p for p in kb.consolidated.programmes if p.id == "ipcp")
    assert {"south-korea", "mongolia", "japan"} <= set(ipcp.parties)
    # the programme begins with the earliest fact naming it: 003 tells that IPCPs came
    # with the partnership policy of April 2011, before South Korea signed one in 2012
    naming = sorted(f.date.start for f in kb.facts if "ipcp" in f.entities)
    assert ipcp.first == naming[0] < "2012"


def _many(tmp_path, texts: list[tuple[str, str]]):
    """A knowledge base of one source per text, ids s00, s01, …, in that order."""
    return _kb(tmp_path, {f"s{n:02d}": pair for n, pair in enumerate(texts)})


def _expected(kb, fact, ids) -> list[str]:
    """The first ids of ``ids`` (not the fact itself) in date-then-id order, up to the cap."""
    order = {f.id: n for n, f in enumerate(kb.facts)}
    return sorted((i for i in ids if i != fact.id), key=order.__getitem__)[:CROSS_REFERENCES]


def test_a_cluster_larger_than_the_cap_lists_the_first_ids_and_counts_them_all(tmp_path):
    again = "In January 2023, Jens Stoltenberg visited South Korea.\n"
    texts = [("en", VISIT_A + again)] + [("en", VISIT_A)] * (CROSS_REFERENCES + 4)
    texts += [("tr", VISIT_B)] * 3
    kb = _many(tmp_path, texts)
    assert len(kb.facts) == len(texts) + 1  # source s00 states it twice
    assert len({f.cluster for f in kb.facts}) == 1
    head = kb.facts[0].cluster
    assert all(kb.consolidated.canonical[f.id] == head for f in kb.facts)
    assert kb.consolidated.is_canonical(next(f for f in kb.facts if f.id == head))
    everyone = [f.id for f in kb.facts]
    for fact in kb.facts:
        others = [f.id for f in kb.facts if f.source != fact.source]
        assert fact.corroborated_by_count == len(others)
        assert fact.corroborated_by == _expected(kb, fact, others)
        assert len(fact.corroborated_by) == CROSS_REFERENCES
    twice = [f for f in kb.facts if f.source == "s00"]
    assert [f.corroborated_by_count for f in twice] == [len(everyone) - 2] * 2


def test_a_disagreement_larger_than_the_cap_lists_the_first_ids_and_counts_them_all(tmp_path):
    side = CROSS_REFERENCES // 2 + 3  # each date on its own fits under the cap, both do not
    kb = _many(tmp_path, [("en", MONGOLIA_A)] * side + [("tr", MONGOLIA_B)] * side)
    [found] = [d for d in kb.consolidated.disagreements if d.subject == "mongolia"]
    assert len(found.facts) == 2 * side > CROSS_REFERENCES
    for fact in kb.facts:
        assert fact.disputed_by_count == 2 * side - 1
        assert fact.disputed_by == _expected(kb, fact, found.facts)
        assert fact.corroborated_by_count == side - 1
        assert (
            fact.cluster
            == min((f for f in kb.facts if f.date == fact.date), key=lambda f: f.source).id
        )
    heads = {f.cluster for f in kb.facts}
    assert len(heads) == 2 and heads <= {f.id for f in kb.facts}


def test_under_the_cap_the_lists_are_complete_and_records_carry_the_new_fields(kb):
    for fact in kb.facts:
        assert len(fact.corroborated_by) == fact.corroborated_by_count <= CROSS_REFERENCES
        assert len(fact.disputed_by) == fact.disputed_by_count <= CROSS_REFERENCES
        assert fact.cluster == kb.consolidated.canonical[fact.id]
    keys = list(kb.facts[0].to_dict())
    assert keys[keys.index("language") :] == [
        "language",
        "page",
        "cluster",
        "corroborated_by",
        "corroborated_by_count",
        "disputed_by",
        "disputed_by_count",
        "curated",
    ]


def test_the_schema_and_field_guide_state_the_cap():
    schema = json.loads(files("natokorea_kb").joinpath("resources/facts.schema.json").read_text())
    fields = schema["items"]["properties"]
    assert fields["corroborated_by"]["maxItems"] == CROSS_REFERENCES
    assert fields["disputed_by"]["maxItems"] == CROSS_REFERENCES
    assert {"cluster", "corroborated_by_count", "disputed_by_count"} <= set(
        schema["items"]["required"]
    )
    english = catalog("en").messages  # the data page's field guide, in each edition
    for field in ("corroborated_by", "disputed_by"):
        guide = english[f"data.guides.facts.fields.{field}"].forms["other"]
        assert f"the first {CROSS_REFERENCES} at most" in guide
        turkish = catalog("tr").messages[f"data.guides.facts.fields.{field}"].forms["other"]
        assert f"en fazla ilk {CROSS_REFERENCES}" in turkish
