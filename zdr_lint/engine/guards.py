"""Branches that run only for some arguments: ``if response is not None:`` in a function.

A sink inside such a branch is reached through the function's parameters only by the calls
that can make the test true. The per-module pass notes, for each call made under a test of
the function's own parameters, the guards that hold there (``FunctionSummary.guarded``), and
for each call the arguments that are falsy literals (``CallRecord.falsy``) or a dict display
keyed by another argument (``CallRecord.keyed_by``). Settlement then drops a path from a
parameter to a sink for a call whose arguments make one of the path's guards false.

A guard is a tuple:

| guard | holds where |
|---|---|
| ``(TRUTHY, p)`` | ``if p:`` (and after ``if not p: return``) |
| ``(NOT_NONE, p)`` | ``if p is not None:`` (and after ``if p is None: return``) |
| ``(ABSENT, p, q)`` | ``if p not in q:``, and the ``else`` of ``if p in q:`` |
"""

from __future__ import annotations

from typing import Optional

TRUTHY = "truthy"
NOT_NONE = "not-none"
ABSENT = "absent"
# what a falsy literal argument or default is: ``None``, or another falsy value
NONE_VALUE = "none"
FALSY_VALUE = "falsy"
EMPTY: frozenset = frozenset()


MISSING = "missing"  # the slot of a parameter that a call leaves to its default


class GuardSlots:
    """Which argument of one call fills each parameter of the function it calls."""

    def __init__(self, params: list, record, falsy_defaults: dict) -> None:
        self.params = params  # the parameters the call fills in order (``call_params``)
        self.keywords = {name for name, _ in record.kwargs}
        self.positional = len(record.args)
        self.given = dict(record.falsy)
        self.defaults = falsy_defaults
        self.unknown = "**" in self.keywords  # a ``**`` part may give any keyword

    def slot(self, param: str):
        """The keyword or position filling ``param``; ``MISSING`` when none does; None when
        ``param`` is not one the call fills."""
        if param in self.keywords:
            return param
        if param not in self.params:
            return None
        index = self.params.index(param)
        return index if index < self.positional else MISSING

    def falsy_value(self, param: str) -> Optional[str]:
        """The falsy literal ``param`` gets (``NONE_VALUE``, ``FALSY_VALUE``), or None."""
        where = self.slot(param)
        if where is None:
            return None
        if where == MISSING:
            return self.defaults.get(param)
        return self.given.get(where)
