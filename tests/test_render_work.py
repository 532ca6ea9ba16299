"""Render does less work for the same pages: each shortcut gives what the long way gave."""

from __future__ import annotations

import gc
from collections import Counter
from pathlib import Path

import jinja2
import pytest
from tests.conftest import ROOT

from natokorea_kb.datetext import date_label
from natokorea_kb.evaluate import document_skeletons, load_key, locate, skeleton
from natokorea_kb.mentions import gather, scan
from natokorea_kb.messages import catalog
from natokorea_kb.records import DateValue
from natokorea_kb.render import graph
from natokorea_kb.render.edition import Edition
from natokorea_kb.render.environment import make_environment
from natokorea_kb.render.heap import settled
from natokorea_kb.render.links import Linker
from natokorea_kb.render.markup import RichText, escape_markdown
from natokorea_kb.render.views import build_views

KEY = ROOT / "tests" / "gold" / "seeds.yml"


def every_pair_ego(entity_id: str, pairs: dict[tuple[str, str], int]) -> graph.Graph:
    """An ego graph made by reading every pair, as it was before :func:`graph.linked`."""
    weights = Counter(
        {(b if a == entity_id else a): n for (a, b), n in pairs.items() if entity_id in (a, b)}
    )
    neighbours = sorted(weights, key=lambda e: (-weights[e], e))[: graph.MAX_NEIGHBOURS]
    members = {entity_id, *neighbours}
    edges = {p: n for p, n in pairs.items() if p[0] in members and p[1] in members}
    nodes = {e: weights[e] for e in neighbours}
    nodes[entity_id] = sum(weights.values())
    return graph.Graph(dict(sorted(nodes.items())), dict(sorted(edges.items())), entity_id)


def test_an_ego_graph_from_its_links_is_the_one_from_every_pair(kb):
    views = build_views(kb)
    pairs = graph.together(views)
    links = graph.linked(pairs)
    assert pairs
    for entity_id in views.entity_pages:
        assert graph.ego(entity_id, links) == every_pair_ego(entity_id, pairs), entity_id


def test_templates_call_plain_functions_directly_and_the_rest_as_jinja_does(tmp_path: Path):
    @jinja2.pass_context
    def page(context: jinja2.runtime.Context) -> str:
        return context["name"]

    class Shout:
        def __call__(self, text: str) -> str:
            return text.upper()

        def twice(self, text: str, sep: str = "") -> str:
            return sep.join((text, text))

        @jinja2.pass_context
        def where(self, context: jinja2.runtime.Context) -> str:
            return f"in {context['name']}"

    (tmp_path / "t.md.j2").write_text(
        "{{ plain(1, obj=2, self=3) }} {{ page() }} {{ shout('a') }} {{ count('x') }} "
        "{{ shout.twice('b', sep='c') }} {{ shout.where() }}"
        "{% for i in range(2) %} {{ plain(i) }}{{ shout.where() }}{% endfor %}"
    )
    env = make_environment(tmp_path)
    text = env.get_template("t.md.j2").render(
        plain=lambda *args, **kwargs: " ".join(map(str, [*args, *sorted(kwargs.values())])),
        page=page,
        shout=Shout(),
        count="xyx".count,
        name="here",
    )
    assert text == "1 2 3 here A 2 bcb in here 0in here 1in here"


def test_an_edition_gives_a_remembered_message_or_date_as_it_first_wrote_it(kb):
    edition = Edition("tr", kb.lexicon)
    messages = catalog("tr")
    for key in ("cite.copied", "card.curated", "cite.summary"):
        first = edition.t(key)
        assert first == messages.markup(key, escape_markdown)
        assert edition.t(key) is first
    assert edition.t("counts.sources", count=1) != edition.t("counts.sources", count=3)
    dated = [fact.date for fact in kb.facts]
    for value in dated:
        assert edition.date(value) == date_label(value, "tr")
    # a label depends on the span and precision only, not on the words the source used
    same = DateValue("2012-09-20", "2012-09-20", "day", "", "explicit")
    assert edition.date(same) == date_label(same, "tr") == edition.written("2012-09-20")


def test_scoring_reads_the_raw_text_only_for_a_quote_the_reading_text_lacks(kb):
    entries = load_key(KEY, kb.documents)
    assert entries
    for document in kb.documents:
        found = document_skeletons(document)
        assert "raw" not in vars(found), "every seed quote is in the reading text"
        assert found.raw == skeleton(document.raw)
        sentence = document.sentences[0].text
        assert locate(sentence, found.raw) == locate(sentence, skeleton(document.raw))


def test_a_text_shown_again_renders_as_on_first_showing_with_this_pages_links(kb):
    views = build_views(kb)
    shown_again = RichText(kb.lexicon, views.entity_pages)
    texts = [(fact.title, fact.language) for fact in kb.facts[:60]]
    texts += [(fact.quote, fact.language) for fact in kb.facts[:60]]
    for path in ("years/2012.md", "sources/000.md", "years/2012/page/2.md", "sources/000.md"):
        for text, language in texts:
            for skip in ("", "nato"):
                for linked in (True, False):
                    again, fresh = Linker(path), Linker(path)
                    first = RichText(kb.lexicon, views.entity_pages).render(
                        text, language, fresh if linked else None, skip
                    )
                    assert (
                        shown_again.render(text, language, again if linked else None, skip) == first
                    )
                    assert again.targets == fresh.targets
    assert any("<a href=" in str(shown_again.render(t, lang, Linker("x.md"))) for t, lang in texts)


def test_entities_named_together_count_as_when_each_counted_its_others(kb):
    scans = [
        (d.source.id, kb.mentions.get(d.source.id) or scan(d, kb.lexicon)) for d in kb.documents
    ]
    each: dict[str, Counter[str]] = {}
    for _, named_units in scans:
        for _, named in named_units:
            for entity in named:
                each.setdefault(entity, Counter()).update(e for e in named if e != entity)
    together = gather(scans).together
    assert together and len(together) > 20
    assert together == {e: others for e, others in each.items() if others}
    for entity, others in together.items():
        assert list(others.items()) == list(each[entity].items()), entity


def test_objects_made_before_a_settled_block_are_left_to_it_and_handed_back():
    assert gc.get_freeze_count() == 0
    with settled():
        assert gc.get_freeze_count() > 0, "what exists now is out of the collector's passes"
    assert gc.get_freeze_count() == 0
    with pytest.raises(KeyError), settled():
        raise KeyError("a failed render")
    assert gc.get_freeze_count() == 0, "handed back on an error too"


def test_rendering_leaves_no_object_out_of_collection(kb):
    build_views(kb)
    assert gc.get_freeze_count() == 0
