"""LibCST parsing without the node validation that only constructed trees need.

Every LibCST node checks its own fields when it is created (``CSTNode.__post_init__`` calls
``_validate``): that whitespace fields hold only whitespace, that parentheses pair up, and so
on. The checks exist for trees that code builds by hand. A tree from the parser satisfies them
by construction, and LibCST's own source says as much beside the call. On the benchmark
project the checks were a fifth of the parse. They are switched off only while the parser
runs, and put back before anything else sees the classes.
"""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

import libcst as cst
from libcst._nodes.base import CSTNode


def parse_module(text: str) -> cst.Module:
    """``libcst.parse_module(text)``, without validating the nodes it builds."""
    with _unvalidated_nodes():
        return cst.parse_module(text)


def _skip_validation(node: CSTNode) -> None:
    return None


@contextmanager
def _unvalidated_nodes() -> Iterator[None]:
    original = CSTNode.__dict__.get("__post_init__")
    if original is None:  # a LibCST that validates elsewhere: parse as it does
        yield
        return
    CSTNode.__post_init__ = _skip_validation  # type: ignore[method-assign]
    try:
        yield
    finally:
        CSTNode.__post_init__ = original  # type: ignore[method-assign]
