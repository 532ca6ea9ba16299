"""Folded spellings for the site search, so Turkish words can be typed on any keyboard.

Material's search runs lunr in the browser. lunr lower-cases with JavaScript's
``toLowerCase``, which turns ``İ`` into ``i`` plus a combining dot and keeps every
accent: ``ittifak`` never finds ``İttifak`` and ``kuresel`` never finds ``küresel``.

Two ways out were weighed. Rewriting ``search_index.json`` after MkDocs writes it needs
a plugin hook ordered after the search plugin, and a generator that runs no plugins
(``natokorea-kb render`` feeding Zensical) would lose it. Putting the folded spellings
in the pages themselves works with any generator: each fact card and each block of
source text carries a ``hidden`` element listing the folded form of every word that
folding changes. The search indexer reads hidden text like any other (only
``data-search-exclude`` is skipped), while browsers and screen readers show nothing,
so the copy costs a few words per card and never reaches a reader.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from markupsafe import Markup

from .text import fold

# Letters that decomposition alone does not reduce to ASCII (the i letters are folded).
_SPECIAL = str.maketrans({"ß": "ss", "ø": "o", "đ": "d"})
_WORD = re.compile(r"[^\W_]+")


@lru_cache(maxsize=1 << 16)  # a corpus repeats its words; folding one is the slow part
def ascii_fold(word: str) -> str:
    """``word`` as typed on an English keyboard, in lower case (``İttifak`` → ``ittifak``):
    the one fold (:func:`natokorea_kb.text.fold`), then accents dropped."""
    decomposed = unicodedata.normalize("NFKD", fold(word).translate(_SPECIAL))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded_terms(texts: Iterable[str]) -> list[str]:
    """Folded forms of the words lunr would index differently, sorted and unique.

    Only words that folding turns into plain ASCII count: ``küresel`` gives ``kuresel``,
    ``İttifak`` gives ``ittifak``, while ``NATO`` (already plain) and ``윤석열`` (not Latin)
    give nothing.
    """
    found: set[str] = set()
    for text in texts:
        for word in _WORD.findall(unicodedata.normalize("NFC", text)):
            if word.isascii():
                continue
            folded = ascii_fold(word)
            if folded.isascii() and folded != word.lower():
                found.add(folded)
    return sorted(found)


def folded_markup(*texts: str | None) -> Markup:
    """A hidden element with the folded forms of ``texts`` for the search index, or nothing."""
    terms = folded_terms(t for t in texts if t)
    if not terms:
        return Markup("")
    return Markup('<div class="kb-fold" hidden>{}</div>').format(" ".join(terms))
