"""The tests and arguments that ``guards.py`` reads from source: which guards an ``if``
sets, which arguments are literals of known truth. Only the per-module pass uses it (LibCST)."""

from __future__ import annotations

from typing import Optional

import libcst as cst

from zdr_lint.engine.guards import (
    ABSENT,
    EMPTY,
    FALSY,
    FALSY_VALUE,
    FIELD_IN,
    FIELD_OUT,
    NONE_VALUE,
    NOT_NONE,
    TRUE_VALUE,
    TRUTHY,
)
from zdr_lint.engine.names import literal_string


def branch_guards(test) -> tuple[frozenset, frozenset]:
    """The guards over plain names that hold in the body and in the ``else`` of ``if test:``.
    Only simple tests count: a name, ``is (not) None``, ``(not) in``, ``not``, ``and``,
    ``or``."""
    kind = type(test)
    if kind is cst.Name:
        return frozenset({(TRUTHY, test.value)}), frozenset({(FALSY, test.value)})
    if kind is cst.UnaryOperation and type(test.operator) is cst.Not:
        body, orelse = branch_guards(test.expression)
        return orelse, body
    if kind is cst.BooleanOperation:
        left, right = branch_guards(test.left), branch_guards(test.right)
        if type(test.operator) is cst.And:
            return left[0] | right[0], EMPTY
        return EMPTY, left[1] | right[1]
    if kind is cst.Comparison and len(test.comparisons) == 1:
        return _compared(test.left, test.comparisons[0])
    return EMPTY, EMPTY


def _compared(left, comparison: cst.ComparisonTarget) -> tuple[frozenset, frozenset]:
    right = comparison.comparator
    if type(left) is not cst.Name or type(right) is not cst.Name:
        return EMPTY, EMPTY
    operator = type(comparison.operator)
    if right.value == "None" and operator in (cst.Is, cst.IsNot):
        guard, none = frozenset({(NOT_NONE, left.value)}), frozenset({(FALSY, left.value)})
        return (guard, none) if operator is cst.IsNot else (none, guard)
    if operator in (cst.In, cst.NotIn):
        guard = frozenset({(ABSENT, left.value, right.value)})
        return (guard, EMPTY) if operator is cst.NotIn else (EMPTY, guard)
    return EMPTY, EMPTY


def field_guards(test, cls: str) -> tuple[frozenset, frozenset]:
    """The guards over the fields of ``self`` (of class ``cls``) that hold in the body and in
    the ``else`` of ``if test:`` in a method: ``self.a == "x"``, ``!=``, ``in`` / ``not in`` a
    literal tuple, list or set of strings, ``not``, and each conjunct of an ``and``."""
    kind = type(test)
    if kind is cst.UnaryOperation and type(test.operator) is cst.Not:
        body, orelse = field_guards(test.expression, cls)
        return orelse, body
    if kind is cst.BooleanOperation:
        left, right = field_guards(test.left, cls), field_guards(test.right, cls)
        if type(test.operator) is cst.And:
            return left[0] | right[0], EMPTY
        return EMPTY, left[1] | right[1]
    if kind is not cst.Comparison or len(test.comparisons) != 1:
        return EMPTY, EMPTY
    left, comparison = test.left, test.comparisons[0]
    if not (
        type(left) is cst.Attribute and type(left.value) is cst.Name and left.value.value == "self"
    ):
        return EMPTY, EMPTY
    operator = type(comparison.operator)
    if operator in (cst.Equal, cst.NotEqual):
        texts = string_literals([comparison.comparator])
    elif operator in (cst.In, cst.NotIn) and type(comparison.comparator) in (
        cst.Tuple,
        cst.List,
        cst.Set,
    ):
        texts = string_literals([element.value for element in comparison.comparator.elements])
    else:
        return EMPTY, EMPTY
    if texts is None:
        return EMPTY, EMPTY
    inside = frozenset({(FIELD_IN, cls, left.attr.value, texts)})
    outside = frozenset({(FIELD_OUT, cls, left.attr.value, texts)})
    return (inside, outside) if operator in (cst.Equal, cst.In) else (outside, inside)


def string_literals(nodes) -> Optional[frozenset]:
    """The texts of ``nodes`` when each is a plain string literal, else None."""
    texts = [literal_string(node) for node in nodes]
    return frozenset(texts) if texts and None not in texts else None


def literal_texts(args) -> tuple:
    """The slots (position or keyword) of a call's arguments that are string literals, with
    their texts (``ComputerEnvironment(provider="docker")``)."""
    out = []
    for index, arg in enumerate(args):
        if arg.star:
            break
        text = literal_string(arg.value)
        if text is not None:
            out.append((arg.keyword.value if arg.keyword is not None else index, text))
    return tuple(out)


def leaves_block(block) -> bool:
    """Does ``block`` end by leaving the rest of the block around it (``return``, ``raise``,
    ``continue``, ``break``)?"""
    body = block.body if type(block) in (cst.IndentedBlock, cst.SimpleStatementSuite) else ()
    if not body:
        return False
    return jumps(body[-1])


JUMPS = (cst.Return, cst.Raise, cst.Continue, cst.Break)


def jumps(stmt) -> bool:
    """Is ``stmt`` a line that leaves its block (``return``, ``raise``, ``continue``,
    ``break``), so that nothing after it in the block runs?"""
    if type(stmt) in (cst.SimpleStatementLine, cst.SimpleStatementSuite):
        return any(type(small) in JUMPS for small in stmt.body)
    return type(stmt) in JUMPS  # a small statement of a one-line suite (``if c: continue``)


def literal_kind(node) -> Optional[str]:
    """``NONE_VALUE`` for ``None``, ``FALSY_VALUE`` for another falsy literal (``False``,
    ``0``, ``""``, an empty list, dict or tuple), ``TRUE_VALUE`` for a true one (``True``,
    ``3``, ``"docker"``, a display with elements); None for anything else."""
    kind = type(node)
    if kind is cst.Name:
        return {"None": NONE_VALUE, "False": FALSY_VALUE, "True": TRUE_VALUE}.get(node.value)
    if kind is cst.Integer:
        return TRUE_VALUE if int(node.value, 0) else FALSY_VALUE
    if kind is cst.SimpleString:
        empty = node.value.lstrip("rbuRBU") in ('""', "''", '""""""', "''''''")
        return FALSY_VALUE if empty else TRUE_VALUE
    if kind in (cst.List, cst.Dict, cst.Tuple):
        return TRUE_VALUE if node.elements else FALSY_VALUE
    return None


def argument_facts(args) -> tuple[tuple, tuple]:
    """For a call's arguments (``cst.Arg``s, none starred): the slots (position or keyword)
    given a literal of known truth, with what it is (``literal_kind``), and the pairs
    ``(q, p)`` of slots where the argument for ``q`` is a dict display keyed by the very name
    passed for ``p``
    (``create(text, {text: vector})``)."""
    literals = []
    names: dict = {}
    keyed: list = []
    for index, arg in enumerate(args):
        slot = arg.keyword.value if arg.keyword is not None else index
        value = literal_kind(arg.value)
        if value is not None:
            literals.append((slot, value))
        if type(arg.value) is cst.Name:
            names[arg.value.value] = slot
    if names:
        for index, arg in enumerate(args):
            if type(arg.value) is not cst.Dict:
                continue
            slot = arg.keyword.value if arg.keyword is not None else index
            for element in arg.value.elements:
                key = getattr(element, "key", None)
                if type(key) is cst.Name and key.value in names:
                    keyed.append((slot, names[key.value]))
    return tuple(literals), tuple(sorted(keyed, key=repr))


def bound_in(block) -> set:
    """The plain names that the statements of ``block`` bind (assignments, loop, ``with`` and
    ``except`` targets), nested blocks included, nested functions and classes not. Read off
    statements only, so it is cheap; a ``:=`` inside an expression is not seen."""
    names: set = set()
    _bind_statements(block, names)
    return names


def _bind_statements(block, names: set) -> None:
    body = block.body if type(block) in (cst.IndentedBlock, cst.SimpleStatementSuite) else ()
    for stmt in body:
        kind = type(stmt)
        if kind in (cst.SimpleStatementLine, cst.SimpleStatementSuite):
            for small in stmt.body:
                if type(small) is cst.Assign:
                    for target in small.targets:
                        _bind_target(target.target, names)
                elif type(small) in (cst.AnnAssign, cst.AugAssign):
                    _bind_target(small.target, names)
            continue
        if kind in (cst.FunctionDef, cst.ClassDef):
            names.add(stmt.name.value)
            continue
        if kind is cst.For:
            _bind_target(stmt.target, names)
        elif kind is cst.With:
            for item in stmt.items:
                if item.asname is not None:
                    _bind_target(item.asname.name, names)
        elif kind in (cst.Try, cst.TryStar):
            for handler in stmt.handlers:
                if handler.name is not None:
                    _bind_target(handler.name.name, names)
                _bind_statements(handler.body, names)
        elif kind is cst.Match:
            for case in stmt.cases:
                _bind_statements(case.body, names)
        for part in ("body", "orelse", "finalbody"):
            child = getattr(stmt, part, None)
            if child is None:
                continue
            if type(child) is cst.If:  # ``elif``
                _bind_statements(cst.IndentedBlock(body=[child]), names)
            else:
                _bind_statements(child if part == "body" else child.body, names)


def _bind_target(target, names: set) -> None:
    if type(target) is cst.Name:
        names.add(target.value)
    elif type(target) in (cst.Tuple, cst.List):
        for element in target.elements:
            _bind_target(element.value, names)
    elif type(target) is cst.StarredElement:
        _bind_target(target.value, names)
