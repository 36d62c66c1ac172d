"""Backward prompt data on one side of a fork: what the other branch sends is not sent here.

A local is prompt data because a call sends it to Claude (``("V", name)``, settled through
``FunctionSummary.prompt_vars``). When that call sits in the other branch of an ``if`` (its
``else``, or the rest of the block after a branch that returns), the value read in this
branch is never sent on this path: ``if not infer: log(messages); return`` then
``create(messages=messages)``. The per-module pass marks the reads made in such a branch with
the ids of the other branch's calls (``("V", name, ids)``), and the settlement leaves out the
prompt uses made by those calls. Only forks outside loops count: inside a loop, another
round may take the other branch with the same list.
"""

from __future__ import annotations

from typing import Union

Labels = frozenset
EMPTY: frozenset = frozenset()
USE_KINDS = ("Q", "R")  # backward uses tied to one call record: ``(kind, module, call id, ...)``


def apart_from(labels: Labels, ids: frozenset) -> Labels:
    """``labels`` read where the calls ``ids`` of the same function never run: each backward
    label (also inside a ``D`` or ``A`` label) leaves those calls' prompt uses out."""
    if not any(label[0] in ("V", "D", "A") for label in labels):
        return labels
    out: set = set()
    for label in labels:
        kind = label[0]
        if kind == "V":
            out.add((*label[:2], ids | label[2]) if len(label) > 2 else (*label, ids))
        elif kind == "D":
            out.add(("D", apart_from(label[1], ids)))
        elif kind == "A":
            out.add(("A", apart_from(label[1], ids), *label[2:]))
        else:
            out.add(label)
    return frozenset(out)


def uses_on_path(uses: Labels, label: tuple, module: str) -> Labels:
    """The prompt uses (``Q``, ``R``) of backward label ``label`` in ``module`` that can happen
    where it was read: all of them, but for those of the calls its third element names."""
    if len(label) < 3:
        return uses
    skipped: Union[frozenset, tuple] = label[2]
    return frozenset(
        use for use in uses if not (use[0] in USE_KINDS and use[1] == module and use[2] in skipped)
    )
