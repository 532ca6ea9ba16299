"""Text primitives every stage shares: the one case fold, and phrase and trie patterns.

**Turkish casing, decided once.** Turkish has four i letters (``İ i I ı``); English
has two, and ``I`` is the capital of ``i`` in English but of ``ı`` in Turkish. The
sources mix both languages in one sentence (Turkish texts quote English names, texts
typed without Turkish letters write ``ITTIFAK`` for ``İTTİFAK``), so a fold cannot know
which language an ``I`` belongs to. :func:`fold` therefore makes all four letters one
letter, ``i``: ``İSTANBUL``, ``Istanbul`` and ``istanbul`` fold alike, ``ITTIFAK`` meets
``İttifak``, ``ılımlı`` meets ``ilimli`` and ``Işık`` meets ``ışık``. Two Turkish words
that differ only in ``ı``/``i`` (``sık``/``sik``) fold alike too; the lexicon and the
rules never need to tell such a pair apart. Circumflexes go as well (``askerî`` =
``askeri``, ``hâlâ`` = ``hala``), and other letters keep their accents (``ş``, ``ü``).
The fold keeps the length of the text, so an offset found in folded text is an offset
in the original.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

_FOLD = tuple(zip("İIıÂÎÛâîû", "iiiaiuaiu", strict=True))


def fold(text: str) -> str:
    """Lower-case ``text`` the way every matcher of the tool does (see the module doc).

    The result has the length of ``text``.
    """
    for char, plain in _FOLD:  # str.replace is ten times faster than str.translate here
        text = text.replace(char, plain)
    return text.lower()


def fold_key(text: str) -> str:
    """:func:`fold` with runs of whitespace made one space: a lookup key for a phrase."""
    return " ".join(fold(text).split())


def phrase_pattern(
    phrases: Iterable[str], flags: int = re.IGNORECASE, stems: bool = False
) -> re.Pattern[str]:
    """One alternation matching any phrase as whole words, longest first; never matches
    when there are none. Spaces inside a phrase match any run of whitespace. With
    ``stems`` a phrase's last word may go on (Turkish "planlan" finds "planlandı")."""
    ordered = sorted(set(phrases), key=lambda p: (-len(p), p))
    if not ordered:
        return re.compile(r"(?!)")
    body = "|".join(r"\s+".join(map(re.escape, p.split())) for p in ordered)
    end = r"\w*" if stems else r"(?!\w)"
    return re.compile(rf"(?<!\w)(?:{body}){end}", flags)


def trie_pattern(keys: Iterable[Sequence[str]]) -> str:
    """One regex alternation matching exactly the keys, shaped as a trie.

    A key is a sequence of non-empty regex pieces, usually one escaped character each.
    Keys that begin alike share a branch, so the engine tests each piece once instead of
    once per key, and the pattern is short, which makes it quick to compile. Where one key
    extends another the longer is tried first. The order of sibling branches is not
    defined, so pieces meeting at one branching must never match the same text (distinct
    literal characters never do).
    """
    trie: dict[str, dict] = {}
    for key in keys:
        node = trie
        for piece in key:
            node = node.setdefault(piece, {})
        node[""] = {}
    return _emit(trie)


def _emit(node: dict[str, dict]) -> str:
    branches = []
    for piece in sorted(p for p in node if p):
        child = node[piece]
        while len(child) == 1 and "" not in child:  # a chain without branchings
            ((next_piece, child),) = child.items()
            piece += next_piece
        branches.append(piece + _emit(child))
    if not branches:
        return ""
    optional = "?" if "" in node else ""
    if all(map(_one_character, branches)):  # the shortest form parses and compiles fastest
        body = branches[0] if len(branches) == 1 else "[" + "".join(branches) + "]"
        return body + optional
    body = branches[0] if len(branches) == 1 and not optional else "(?:" + "|".join(branches) + ")"
    return body + optional


def _one_character(piece: str) -> bool:
    """Whether ``piece`` is one literal character as :func:`re.escape` writes it."""
    return piece == re.escape(piece[-1])


@dataclass(frozen=True)
class WordTable:
    """Word -> number lookup, folded; a word ending in ``*`` is a stem any letters may
    follow (``Ocak*`` finds ``Ocak``, ``Ocakta``), the longest stem winning."""

    exact: dict[str, int]
    stems: tuple[tuple[str, int], ...]

    @classmethod
    def of(cls, entries: Mapping[str, int]) -> WordTable:
        exact = {fold_key(w): n for w, n in entries.items() if not w.endswith("*")}
        stems = sorted(
            ((fold_key(w[:-1]), n) for w, n in entries.items() if w.endswith("*")),
            key=lambda item: -len(item[0]),
        )
        return cls(exact, tuple(stems))

    def get(self, token: str) -> int | None:
        key = fold_key(token)
        if key in self.exact:
            return self.exact[key]
        return next((n for stem, n in self.stems if key.startswith(stem)), None)

    def pattern(self) -> str:
        """A case-insensitive regex alternation of the words, longest first."""
        words = [*self.exact, *(f"{stem}*" for stem, _ in self.stems)]
        ordered = sorted(words, key=lambda w: (-len(w.rstrip("*")), w))
        return (
            "|".join(
                re.escape(w[:-1]) + r"[^\W\d_]*" if w.endswith("*") else re.escape(w)
                for w in ordered
            )
            or "(?!)"
        )
