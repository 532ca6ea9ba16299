"""Publish stage: the data downloads, and writing pages to a docs folder.

The records published in ``data/`` (facts, partnerships, programmes, disagreements, as
YAML and JSON, with the facts' JSON Schema) are made here from the knowledge base, one
record at a time: at 5,000 sources the records as a list took more memory than every
page of the site. :func:`write_pages` writes a rendered site for generators that run
no plugins (``natokorea-kb render --out DIR``); the MkDocs plugin hands the same pages
to MkDocs in memory.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

from .citations import bibtex, csl_json, ris
from .consolidate import Partnership, Programme
from .disagreements import Disagreement
from .knowledge import KnowledgeBase
from .lexicon import Lexicon
from .records import Page
from .render import links
from .tabular import facts_csv
from .yamlio import dump_json_records, dump_yaml_records


def fact_records(kb: KnowledgeBase) -> Iterator[dict]:
    """The published record of every fact, made one at a time: at 5,000 sources the
    records as a list took more memory than every page of the site."""
    return (fact.to_dict() for fact in kb.facts)


def partnership_record(partnership: Partnership) -> dict:
    return {
        "id": partnership.id,
        "partner": partnership.partner,
        "labels": [
            {"predicate": predicate, "label": label, "facts": list(ids)}
            for predicate, label, ids in partnership.labels
        ],
        "milestones": list(partnership.milestones),
        "programmes": list(partnership.programmes),
        "facts": list(partnership.facts),
    }


def programme_record(programme: Programme, lexicon: Lexicon) -> dict:
    entity = lexicon.entities.get(programme.id)
    return {
        "id": programme.id,
        "name": entity.name if entity else programme.id,
        "abbreviation": entity.abbreviation if entity else None,
        "parties": list(programme.parties),
        "first": programme.first,
        "last": programme.last,
        "facts": list(programme.facts),
    }


def disagreement_record(disagreement: Disagreement) -> dict:
    return {
        "id": disagreement.id,
        "predicate": disagreement.predicate,
        "label": disagreement.label,
        "subject": disagreement.subject,
        "object": disagreement.object,
        "rules": list(disagreement.rules),
        "facts": list(disagreement.facts),
        "curated": disagreement.curated,
        "note": disagreement.note,
    }


def schema_text() -> str:
    return resources.files("natokorea_kb").joinpath("resources/facts.schema.json").read_text()


def write_pages(pages: list[Page], templates: Path, folder: Path) -> None:
    """Write generated pages and the static assets into a docs folder."""
    static = templates / "static"
    if static.is_dir():
        shutil.copytree(static, folder, dirs_exist_ok=True)
    for page in pages:
        target = folder / page.path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(page.data)


def data_files(kb: KnowledgeBase) -> list[Page]:
    """The fact records as YAML, JSON and CSV, and their schema."""
    return [
        Page.of(links.data_file("facts.yml"), dump_yaml_records(fact_records(kb))),
        Page.of(links.data_file("facts.json"), dump_json_records(fact_records(kb))),
        Page.of(links.data_file("facts.csv"), facts_csv(fact_records(kb))),
        Page.of(links.data_file("facts.schema.json"), schema_text()),
    ]


def citation_files(kb: KnowledgeBase) -> list[Page]:
    """The sources as BibTeX, RIS and CSL-JSON, for reference managers."""
    metas = [document.source for document in kb.documents]
    return [
        Page.of(links.data_file("sources.bib"), bibtex(metas)),
        Page.of(links.data_file("sources.ris"), ris(metas)),
        Page.of(links.data_file("sources.csl.json"), csl_json(metas)),
    ]


def aggregate_files(kb: KnowledgeBase) -> list[Page]:
    """Partnerships, programmes and disagreements as YAML and JSON, built from the facts."""
    consolidated = kb.consolidated
    sets = {
        "partnerships": [partnership_record(p) for p in consolidated.partnerships],
        "programmes": [programme_record(p, kb.lexicon) for p in consolidated.programmes],
        "disagreements": [disagreement_record(d) for d in consolidated.disagreements],
    }
    pages = []
    for name, records in sets.items():
        pages.append(Page.of(links.data_file(f"{name}.yml"), dump_yaml_records(records)))
        pages.append(Page.of(links.data_file(f"{name}.json"), dump_json_records(records)))
    return pages
