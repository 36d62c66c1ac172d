"""Branches that run only for some arguments: ``if response is not None:`` in a function.

A sink inside such a branch is reached through the function's parameters only by the calls
that can make the test true. The per-module pass notes, for each call made under a test of
the function's own parameters, the guards that hold there (``FunctionSummary.guarded``), and
for each call the arguments that are literals of known truth (``CallRecord.literals``) or a
dict display keyed by another argument (``CallRecord.keyed_by``). Settlement then drops a path
from a parameter to a sink for a call whose arguments make one of the path's guards false.

A guard is a tuple:

| guard | holds where |
|---|---|
| ``(TRUTHY, p)`` | ``if p:`` (and after ``if not p: return``) |
| ``(FALSY, p)`` | ``if not p:`` and the ``else`` of ``if p:`` (and after ``if p: return``) |
| ``(NOT_NONE, p)`` | ``if p is not None:`` (and after ``if p is None: return``) |
| ``(ABSENT, p, q)`` | ``if p not in q:``, and the ``else`` of ``if p in q:`` |
| ``(FIELD_IN, cls, a, texts)`` | ``if self.a == "x":``, ``self.a in ("x", "y")``, in ``cls`` |
| ``(FIELD_OUT, cls, a, texts)`` | their ``else``, and ``!=``, ``not in`` |

The field guards do not depend on the call: the settlement reads which literals a field can
hold off the class's constructions (``Project.field_values``), and a path under a field guard
that none of them passes never runs.
"""

from __future__ import annotations

from typing import Optional

TRUTHY = "truthy"
FALSY = "falsy"
NOT_NONE = "not-none"
ABSENT = "absent"
FIELD_IN = "field-in"
FIELD_OUT = "field-out"
FIELD_GUARDS = (FIELD_IN, FIELD_OUT)
# what a literal argument or default is: ``None``, another falsy value, or a true one
NONE_VALUE = "none"
FALSY_VALUE = "falsy-value"
TRUE_VALUE = "true-value"
EMPTY: frozenset = frozenset()


MISSING = "missing"  # the slot of a parameter that a call leaves to its default


class GuardSlots:
    """Which argument of one call fills each parameter of the function it calls."""

    def __init__(self, params: list, record, literal_defaults: dict) -> None:
        self.params = params  # the parameters the call fills in order (``call_params``)
        self.keywords = {name for name, _ in record.kwargs}
        self.positional = len(record.args)
        self.given = dict(record.literals)
        self.defaults = literal_defaults
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

    def literal_value(self, param: str) -> Optional[str]:
        """What the literal ``param`` gets is (``NONE_VALUE``, ``FALSY_VALUE``,
        ``TRUE_VALUE``), or None when it gets no literal."""
        where = self.slot(param)
        if where is None:
            return None
        if where == MISSING:
            return self.defaults.get(param)
        return self.given.get(where)


def field_test_fails(guard: tuple, values: frozenset) -> bool:
    """Does a field that holds one of ``values`` make the field guard false?"""
    if guard[0] == FIELD_IN:
        return values.isdisjoint(guard[3])
    return values <= guard[3]


def fails(guard: tuple, value: Optional[str]) -> bool:
    """Does a parameter given a literal of kind ``value`` make ``guard`` on it false?"""
    if guard[0] in FIELD_GUARDS:
        return False  # a test of a field, not of the parameter (``Project.field_guard_fails``)
    if guard[0] == FALSY:
        return value == TRUE_VALUE
    return value == NONE_VALUE or (value == FALSY_VALUE and guard[0] == TRUTHY)
