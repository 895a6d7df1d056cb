"""Pausing Python's cyclic garbage collector while many small objects are built at once."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic collection inside the block, then the collector as it was found.

    Building tens of thousands of rows makes the collector walk the growing heap again and again
    for no garbage. It is put back only if it was on: the GUI's background helper keeps it off
    while work runs on a worker thread (a collection there could destroy Qt objects of a closed
    window), and work run by it must not switch it back on midway.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
