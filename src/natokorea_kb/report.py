"""The evaluation as lines of text, for ``natokorea-kb eval`` (the About page has its own)."""

from __future__ import annotations

from collections.abc import Iterator

from .evaluate import Evaluation, Score
from .records import KINDS


def _row(label: str, score: Score) -> str:
    return (
        f"{label:<18}{score.keyed:>6}{score.extracted:>7}{score.matched:>7}"
        f"{score.precision:>11.3f}{score.recall:>8.3f}"
    )


def report_lines(result: Evaluation) -> Iterator[str]:
    """Dates per source, kind and basis; then kinds, parties, titles and disagreements."""
    yield f"{'dates':<18}{'key':>6}{'found':>7}{'match':>7}{'precision':>11}{'recall':>8}"
    for source, score in result.by_source.items():
        yield _row(f"source {source}", score)
    for kind, score in result.by_kind.items():
        yield _row(f"kind {kind}", score)
    for basis, score in result.by_basis.items():
        yield _row(f"basis {basis}", score)
    yield _row("all", result.total)
    if result.out_of_scope:
        yield (
            f"left undated by design: {len(result.out_of_scope)} statements dated only by "
            "a document that tells a longer story (not counted above)"
        )
    kinds = result.kinds
    per_kind = ", ".join(f"{k} P {kinds.precision(k):.3f} R {kinds.recall(k):.3f}" for k in KINDS)
    agreed = f"{result.kind_agreement} of {result.total.matched}"
    yield f"kinds: accuracy {kinds.accuracy:.3f} ({agreed}); {per_kind}"
    key = result.key_facts
    yield f"key facts found: {key.matched} of {key.keyed} ({key.recall:.3f})"
    parties = result.parties
    found = f"{parties.matched} of {parties.keyed}"
    yield f"parties of the key facts found: {found} named ({parties.recall:.3f})"
    if result.titles is not None:
        titles = result.titles
        problems = f"{len(titles.cut)} cut, {len(titles.long)} too long"
        yield f"titles: {titles.checked} checked, {problems}"
    if result.disagreements is not None:
        d = result.disagreements
        yield (
            f"disagreements: {d.found} found, {d.correct} right (precision {d.precision:.3f}); "
            f"{d.recalled} of the key's {d.gold} found (recall {d.recall:.3f})"
        )
    yield f"{len(result.milestones_missed)} milestones missed"


def detail_lines(result: Evaluation) -> Iterator[str]:
    """What was missed, extracted beyond the key, misnamed or misjudged."""
    for entry, fact in result.kind_errors:
        yield f"KIND  {fact.id} key {entry.kind:<11} got {fact.kind:<11} {fact.title[:60]}"
    for _, fact, missing in result.party_errors:
        yield f"PARTY {fact.id} lacks {','.join(missing):<24} {fact.title[:60]}"
    for entry in result.misses:
        mark = "MISS* " if entry.key_fact else "MISS  "  # * a key fact
        yield f"{mark}{entry.source} {entry.start:<10} {entry.kind:<11} {entry.quote[:70]}"
    for fact in result.extras:
        yield f"EXTRA {fact.source} {fact.date.start:<10} {fact.kind:<11} {fact.quote[:70]}"
    if result.titles is not None:
        for fact_id, title in result.titles.cut:
            yield f"CUT   {fact_id} {title}"
        for fact_id, title in result.titles.long:
            yield f"LONG  {fact_id} {title}"
    if result.disagreements is not None:
        for disagreement in result.disagreements.wrong:
            yield f"WRONG disagreement {disagreement}"
        for disagreement in result.disagreements.missed:
            yield f"MISSED disagreement {disagreement}"
