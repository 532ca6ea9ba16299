"""The garbage collector kept off the knowledge base while its pages are made.

A built knowledge base is millions of long-lived objects (facts, sentences, their
tuples and dicts) that rendering only reads. Python's cyclic collector walks every
tracked object at each full collection: at 5,000 sources that walking was a third of
the 1.6 s the views took, and in the forked render processes it also wrote to every
object's header, copying memory the processes would otherwise share.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def settled() -> Iterator[None]:
    """Leave every object that exists now out of the collector's passes until the block
    ends (a decorator too); objects made inside it are collected as usual.

    On leaving, the objects are handed back: `mkdocs serve` builds again and again in one
    process, and a frozen object in a reference cycle would never be freed. Processes
    forked inside the block inherit the freeze (as Python's documentation of
    :func:`gc.freeze` recommends before forking) and end with it.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
