"""Parameters read only under literal keys: ``settings.get("tool_choice")``, ``opts["ttl"]``.

A function that reads a mapping parameter only item by item sees those items of what its
callers pass, not the rest: a sink it holds that logs ``settings.get("tool_choice")`` does not
log the ``settings["cache_ttl"]`` that another function put into a prompt. The per-module pass
records such parameters with the keys they are read under (``FunctionSummary.keyed_params``),
and the settlement keeps the keys on the paths to sinks (``Reach.keys``).

A parameter counts when every read of it in the function (nested functions included) is a
lookup with a literal string key (``p["k"]``, ``p.get("k", default)``, also on ``(p or {})``),
a membership test (``"k" in p``) or a test of the value itself (``if p:``, ``p is None``).
Any other read (handed on, iterated, rebound) reads it whole.
"""

from __future__ import annotations

import re
from typing import Iterable, Optional

import libcst as cst

from zdr_lint.engine.names import NameReads, word_start

# where a lookup with a literal key starts: ``.get("``, ``.get('``, ``["``, ``['``
LOOKUP_OPENING = re.compile(r"""\.get\(\s*["']|\[\s*["']""")
# ``(name or {})`` just before such an opening
OR_EMPTY_BEFORE = re.compile(r"\(\s*([A-Za-z_]\w*)\s+or\s+\{\s*\}\s*\)\s*$")


def keyed_names(text: str) -> frozenset:
    """The names that ``text`` reads under a literal key somewhere (the identifier just
    before a ``LOOKUP_OPENING``, or inside ``(name or {})`` there): only a parameter among
    them can be read under keys alone."""
    names = set()
    for match in LOOKUP_OPENING.finditer(text):
        end = match.start()
        start = word_start(text, end)
        if start < end:
            names.add(text[start:end])
        elif end and text[end - 1] == ")":
            around = OR_EMPTY_BEFORE.search(text, max(0, end - 80), end)
            if around is not None:
                names.add(around.group(1))
    return frozenset(names)


def keyed_params(body: cst.CSTNode, names: Iterable[str]) -> dict:
    """``{param: keys}`` for the ``names`` that ``body`` reads only under literal keys."""
    reads = _KeyedReads(frozenset(names))
    body.visit(reads)
    return {
        name: tuple(sorted(keys))
        for name, keys in reads.keys.items()
        if keys and name not in reads.whole
    }


def _string(node) -> Optional[str]:
    if type(node) is cst.SimpleString and node.prefix.lower() in ("", "u"):
        value = node.evaluated_value
        return value if isinstance(value, str) else None
    return None


class _KeyedReads(NameReads):
    """Each tracked name's literal keys, and the names also read some other way."""

    def __init__(self, names: frozenset) -> None:
        self.names = names
        self.keys: dict[str, set] = {name: set() for name in names}
        self.whole: set = set()
        self.tested: set = set()  # ids of the Name nodes read as a key lookup or a test

    def tracked(self, node) -> Optional[cst.Name]:
        """The tracked name that ``node`` is, alone or as ``(name or {})``."""
        if type(node) is cst.Name and node.value in self.names:
            return node
        if (
            type(node) is cst.BooleanOperation
            and type(node.operator) is cst.Or
            and type(node.right) is cst.Dict
            and not node.right.elements
        ):
            return self.tracked(node.left) if type(node.left) is cst.Name else None
        return None

    def lookup(self, receiver, key: Optional[str]) -> None:
        name = self.tracked(receiver)
        if name is not None and key is not None:
            self.keys[name.value].add(key)
            self.tested.add(id(name))

    def test(self, node) -> None:
        if type(node) is cst.BooleanOperation:  # ``if p and p.get("k"):``
            self.test(node.left)
            self.test(node.right)
            return
        if type(node) is cst.UnaryOperation and type(node.operator) is cst.Not:
            node = node.expression
        if type(node) is cst.Name and node.value in self.names:
            self.tested.add(id(node))

    def visit_Call(self, node: cst.Call) -> None:
        func = node.func
        if type(func) is cst.Attribute and func.attr.value == "get" and node.args:
            first = node.args[0]
            if not first.star and first.keyword is None:
                self.lookup(func.value, _string(first.value))

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if len(node.slice) == 1 and type(node.slice[0].slice) is cst.Index:
            self.lookup(node.value, _string(node.slice[0].slice.value))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        for target in node.comparisons:
            operator = type(target.operator)
            if operator in (cst.In, cst.NotIn):
                self.test(target.comparator)  # ``"k" in p``: which keys it has
            elif operator in (cst.Is, cst.IsNot):
                self.test(node.left)
                self.test(target.comparator)

    def visit_If(self, node: cst.If) -> None:
        self.test(node.test)

    def visit_IfExp(self, node: cst.IfExp) -> None:
        self.test(node.test)

    def visit_While(self, node: cst.While) -> None:
        self.test(node.test)

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.names and id(node) not in self.tested:
            self.whole.add(node.value)
