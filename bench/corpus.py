"""Synthetic corpora for the benchmark, recombined from the seed sources.

Each synthetic source is built from runs of consecutive seed sentences in one language
(so anaphora, "respectively" lists and relative dates still occur as in real text),
with every year shifted by a per-source offset and some entity mentions swapped for
other lexicon entities of the same type. The extraction therefore does the same kind
of work as on the seeds, on text it has not seen.

Source ``i`` depends only on the seed text, the lexicon, ``i`` and the RNG seed, so the
corpus of 50 sources is the first 50 of the corpus of 5,000, and two runs write
identical files.
"""

from __future__ import annotations

import random
import re
import shutil
import textwrap
from dataclasses import dataclass
from pathlib import Path

from natokorea_kb.clean import clean
from natokorea_kb.lexicon import Lexicon, load_lexicon
from natokorea_kb.records import SOURCE_KINDS
from natokorea_kb.segment import segment
from natokorea_kb.sources import read_corpus

DEFAULT_SEED = 8  # issue 8
LANGUAGE_WEIGHTS = {"en": 3, "tr": 2}
SENTENCES_PER_SOURCE = (15, 90)  # about 2 to 14 kB of text, 8 kB on average
RUN_LENGTH = (2, 6)  # consecutive seed sentences per paragraph
HEADING_CHANCE = 0.15
SWAP_CHANCE = 0.35  # chance that one entity mention is replaced by another of its type
YEAR_SHIFT = 8  # years move by -8 … +8 per source
LINE_WIDTH = 90  # hard-wrapped lines, as in text extracted from PDFs
YEAR = re.compile(r"(?<!\d)(19[4-9]\d|20[0-3]\d)(?!\d)")
DECADE_AFTER = re.compile(r"s\b|['’]?l[ıi]")  # 1990s, 1990'lı, 1990’lar are decades


@dataclass(frozen=True)
class Pool:
    """What synthetic sources are made of: seed sentences per language and the lexicon."""

    runs: dict[str, tuple[tuple[str, ...], ...]]  # per language: sentences of each seed
    headings: dict[str, tuple[str, ...]]
    lexicon: Lexicon
    same_type: dict[str, tuple[str, ...]]  # entity type -> entity ids, lexicon order


def load_pool(seeds: Path) -> Pool:
    """Segment the seed corpus and index its sentences by language."""
    lexicon = load_lexicon(seeds / "lexicon.yml")
    runs: dict[str, list[tuple[str, ...]]] = {}
    headings: dict[str, list[str]] = {}
    for source in read_corpus(seeds):
        document = segment(clean(source.text), source.meta)
        by_language: dict[str, list[str]] = {}
        for sentence in document.sentences:
            if sentence.heading:
                headings.setdefault(sentence.language, []).append(sentence.text)
            else:
                by_language.setdefault(sentence.language, []).append(sentence.text)
        for language, sentences in by_language.items():
            runs.setdefault(language, []).append(tuple(sentences))
    same_type: dict[str, list[str]] = {}
    for entity in lexicon.entities.values():
        same_type.setdefault(entity.type, []).append(entity.id)
    return Pool(
        runs={k: tuple(v) for k, v in runs.items()},
        headings={k: tuple(v) for k, v in headings.items()},
        lexicon=lexicon,
        same_type={k: tuple(v) for k, v in same_type.items()},
    )


def shift_years(text: str, shift: int) -> str:
    """Move every year by ``shift``; decades ("1990s", "1990'lı") move by whole decades."""

    def moved(match: re.Match[str]) -> str:
        year = int(match.group())
        if year % 10 == 0 and DECADE_AFTER.match(text, match.end()):
            return str(year + round(shift / 10) * 10)
        return str(year + shift)

    return YEAR.sub(moved, text)


def swap_entities(text: str, language: str, pool: Pool, rng: random.Random) -> str:
    """Replace some entity mentions with a spelling of another entity of the same type."""
    pieces: list[str] = []
    last = 0
    for mention in pool.lexicon.find_entities(text, language):
        if rng.random() >= SWAP_CHANCE:
            continue
        entity = pool.lexicon.entities[mention.id]
        other = pool.lexicon.entities[rng.choice(pool.same_type[entity.type])]
        spellings = other.aliases.get(language) or (other.name,)
        pieces.append(text[last : mention.start])
        pieces.append(rng.choice(spellings))
        last = mention.end
    pieces.append(text[last:])
    return "".join(pieces)


def synthetic_source(pool: Pool, index: int, seed: int = DEFAULT_SEED) -> tuple[dict, str]:
    """The metadata entry and the text of synthetic source ``index``."""
    rng = random.Random(f"{seed}:{index}")
    languages = sorted(LANGUAGE_WEIGHTS)
    language = rng.choices(languages, weights=[LANGUAGE_WEIGHTS[x] for x in languages])[0]
    shift = rng.randint(-YEAR_SHIFT, YEAR_SHIFT)
    wanted = rng.randint(*SENTENCES_PER_SOURCE)
    paragraphs: list[str] = []
    used: set[tuple[int, int]] = set()  # (seed, sentence): a source never repeats one
    written = 0
    while written < wanted:
        if pool.headings.get(language) and rng.random() < HEADING_CHANCE:
            paragraphs.append(shift_years(rng.choice(pool.headings[language]), shift))
        seed_number = rng.randrange(len(pool.runs[language]))
        sentences = pool.runs[language][seed_number]
        length = min(rng.randint(*RUN_LENGTH), len(sentences))
        first = rng.randrange(len(sentences) - length + 1)
        picked = [i for i in range(first, first + length) if (seed_number, i) not in used]
        used.update((seed_number, i) for i in picked)
        run = [swap_entities(shift_years(sentences[i], shift), language, pool, rng) for i in picked]
        if run:
            paragraphs.append(
                textwrap.fill(
                    " ".join(run), LINE_WIDTH, break_long_words=False, break_on_hyphens=False
                )
            )
        written += length
    text = "\n\n".join(paragraphs) + "\n"
    years = [int(y) for y in YEAR.findall(text)]
    published = (
        f"{min(max(years, default=2020), 2035)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    )
    meta = {
        "id": f"b{index:05d}",
        "file": f"b{index:05d}.txt",
        "title": f"Synthetic source {index} ({language})",
        "kind": rng.choice(SOURCE_KINDS),
        "language": language,
        "published": published,
    }
    return meta, text


def _yaml_entry(meta: dict) -> str:
    lines = [f'- id: "{meta["id"]}"']
    lines += [f'  {key}: "{meta[key]}"' for key in ("file", "title", "kind", "language")]
    lines.append(f'  published: "{meta["published"]}"')
    return "\n".join(lines)


def generate(
    seeds: Path, out: Path, count: int, seed: int = DEFAULT_SEED, pool: Pool | None = None
) -> Path:
    """Write a corpus of ``count`` synthetic sources to ``out``; return ``out``."""
    pool = pool or load_pool(seeds)
    (out / "sources").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(seeds / "lexicon.yml", out / "lexicon.yml")
    entries = ["# Synthetic benchmark corpus generated by `python -m bench`; do not edit."]
    for index in range(count):
        meta, text = synthetic_source(pool, index, seed)
        (out / "sources" / meta["file"]).write_text(text, encoding="utf-8", newline="\n")
        entries.append(_yaml_entry(meta))
    (out / "sources.yml").write_text("\n\n".join(entries) + "\n", encoding="utf-8")
    return out
