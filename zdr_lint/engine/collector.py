"""When Python's cyclic garbage collector runs during an analysis.

Left automatic, the collector scans every live container again and again while the parsers
allocate millions of nodes: on the generated benchmark project that was about 40% of a cold
run, most of it spent re-scanning the summaries already kept. The engine builds no reference
cycles on purpose (its trees are freed by reference counting as soon as a module is done), so
the automatic collector is switched off for the run and the youngest generation is collected
by hand after each module, which frees any cycle that module's analysis did leave.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import Iterator


@contextmanager
def manual_collection() -> Iterator[None]:
    """Switch automatic collection off inside the block; restore what was set on exit."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def collect_module_garbage() -> None:
    """Free the cycles left by the module just analysed: only objects allocated since the last
    call are scanned (the generation-0 collection), never the summaries kept before."""
    if not gc.isenabled():
        gc.collect(0)


def stop_automatic_collection() -> None:
    """For a worker process, which only analyses modules: collection is by hand from here."""
    gc.disable()
