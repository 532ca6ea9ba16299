"""Make Pagefind's bundle the same bytes for the same records, and its first download small.

Pagefind 1.5 writes its word index and result fragments deterministically, but it keeps
filters in hash maps whose order changes from run to run: each filter file lists its
values in another order, the language's metadata file lists the filter files in another
order, and both are named by a hash of their bytes, as is the entry file's list of
languages. This module rewrites those files in a fixed order (filter values sorted, the
filter list sorted by name, languages sorted) and names them by a hash of their new
bytes, so two builds of the same site give the same bundle (checked by
``tests/test_site_e2e.py``).

Every search first downloads each language's metadata file, which lists every record by
the name of its fragment file: a random-looking 7-character hash, about 5.7 compressed
bytes a record, 121 kB at 5,000 sources. Fragments are renamed here by their place in
that list after a prefix that changes with any fragment's bytes (``en_3f9a2c`` + ``1z``),
which compresses to half; a new build never reuses an old name for other bytes.

The files are gzip-compressed CBOR after a ``pagefind_dcd`` signature; what is rewritten
is read and written with the small CBOR codec below, which covers the types Pagefind
writes (integers, byte and text strings, arrays, maps, simple values).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct
from typing import Any

SIGNATURE = b"pagefind_dcd"
PAGES = 1  # where a metadata file lists its records: [[fragment name, word count]…]


class _Simple:
    """A CBOR simple value or float, kept as its encoded bytes."""

    def __init__(self, encoded: bytes) -> None:
        self.encoded = encoded


def _decode(data: bytes, at: int = 0) -> tuple[Any, int]:
    """One CBOR item from ``data`` at ``at``: the item and where the next one begins."""
    head = data[at]
    major, info = head >> 5, head & 0x1F
    at += 1
    if major == 7:
        size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info, 0)
        return _Simple(data[at - 1 : at + size]), at + size
    if info < 24:
        argument = info
    else:
        size = {24: 1, 25: 2, 26: 4, 27: 8}[info]
        argument = int.from_bytes(data[at : at + size], "big")
        at += size
    if major == 0:
        return argument, at
    if major == 1:
        return -1 - argument, at
    if major == 2:
        return bytes(data[at : at + argument]), at + argument
    if major == 3:
        return data[at : at + argument].decode("utf-8"), at + argument
    if major == 4:
        items = []
        for _ in range(argument):
            item, at = _decode(data, at)
            items.append(item)
        return items, at
    if major == 5:
        pairs = []
        for _ in range(argument):
            key, at = _decode(data, at)
            value, at = _decode(data, at)
            pairs.append((key, value))
        return dict(pairs), at
    raise ValueError(f"CBOR major type {major} is not written by Pagefind")


def _head(major: int, argument: int) -> bytes:
    if argument < 24:
        return bytes([major << 5 | argument])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if argument < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, argument)
    raise ValueError("integer too large for CBOR")


def _encode(item: Any) -> bytes:
    """``item`` as CBOR, every length in its shortest form."""
    if isinstance(item, _Simple):
        return item.encoded
    if isinstance(item, bool) or item is None:
        raise ValueError("booleans are kept as simple values")
    if isinstance(item, int):
        return _head(0, item) if item >= 0 else _head(1, -1 - item)
    if isinstance(item, bytes):
        return _head(2, len(item)) + item
    if isinstance(item, str):
        encoded = item.encode("utf-8")
        return _head(3, len(encoded)) + encoded
    if isinstance(item, list):
        return _head(4, len(item)) + b"".join(_encode(i) for i in item)
    if isinstance(item, dict):
        return _head(5, len(item)) + b"".join(_encode(k) + _encode(v) for k, v in item.items())
    raise ValueError(f"cannot encode {type(item).__name__}")


def unpacked(data: bytes) -> Any:
    """The item a Pagefind file holds: gunzipped, past its signature, CBOR decoded."""
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise ValueError("not a Pagefind file")
    item, _ = _decode(raw, len(SIGNATURE))
    return item


def packed(item: Any) -> bytes:
    """``item`` as a Pagefind file: signature and CBOR, gzip-compressed with no timestamp."""
    return gzip.compress(SIGNATURE + _encode(item), compresslevel=9, mtime=0)


def _hash(data: bytes, length: int) -> str:
    return hashlib.sha256(data).hexdigest()[:length]


def _base36(number: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    text = ""
    while True:
        number, digit = divmod(number, 36)
        text = digits[digit] + text
        if not number:
            return text


def _sorted_filter(item: list) -> list:
    """A filter file (name, [(value, pages)…]) with its values in order."""
    name, values = item
    return [name, sorted(values, key=lambda entry: entry[0])]


def _filters(files: dict[str, bytes], code: str) -> tuple[dict[str, bytes], dict[str, str]]:
    """One language's filter files in a fixed order: the files, and old name -> new name."""
    found: dict[str, bytes] = {}
    renamed: dict[str, str] = {}
    for path in sorted(p for p in files if p.startswith(f"filter/{code}_")):
        data = packed(_sorted_filter(unpacked(files[path])))
        new = f"{code}_{_hash(data, 7)}"
        renamed[path.removeprefix("filter/").removesuffix(".pf_filter")] = new
        found[f"filter/{new}.pf_filter"] = data
    return found, renamed


def _fragments(files: dict[str, bytes], code: str, pages: list) -> tuple[dict[str, bytes], list]:
    """One language's fragments named by their place (module doc): the files, the pages."""
    contents = [files[f"fragment/{name}.pf_fragment"] for name, _ in pages]
    prefix = f"{code}_{_hash(b''.join(contents), 6)}"
    found: dict[str, bytes] = {}
    renamed = []
    for number, ((_, words), data) in enumerate(zip(pages, contents, strict=True)):
        name = prefix + _base36(number)
        found[f"fragment/{name}.pf_fragment"] = data
        renamed.append([name, words])
    return found, renamed


def canonical_bundle(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle ``files`` (path -> bytes) with its order-dependent files in a fixed order
    and short fragment names (see the module doc); the word index is kept as written."""
    entry = json.loads(files["pagefind-entry.json"])
    result = {
        path: data
        for path, data in files.items()
        if not path.startswith(("filter/", "fragment/")) and not path.endswith(".pf_meta")
    }
    languages = {}
    for code in sorted(entry["languages"]):
        language = entry["languages"][code]
        meta = unpacked(files[f"pagefind.{language['hash']}.pf_meta"])
        filters, renamed = _filters(files, code)
        meta = [
            sorted([[name, renamed.get(file, file)] for name, file in part], key=lambda f: f[0])
            if _is_filter_list(part, renamed)
            else part
            for part in meta
        ]
        fragments, meta[PAGES] = _fragments(files, code, meta[PAGES])
        data = packed(meta)
        meta_hash = f"{code}_{_hash(data, 10)}"
        result |= filters | fragments | {f"pagefind.{meta_hash}.pf_meta": data}
        languages[code] = {**language, "hash": meta_hash}
    entry["languages"] = languages
    result["pagefind-entry.json"] = json.dumps(
        entry, ensure_ascii=False, separators=(",", ":")
    ).encode("utf-8")
    return result


def _is_filter_list(part: Any, renamed: dict[str, str]) -> bool:
    """Whether a part of the metadata file is its list of (filter, file) pairs."""
    return (
        isinstance(part, list)
        and bool(part)
        and all(
            isinstance(p, list) and len(p) == 2 and isinstance(p[1], str) and p[1] in renamed
            for p in part
        )
    )
