"""Number statements in source pre-order, the same way on LibCST and ``ast`` trees.

A finding is located by its statement's number plus the callee text and occurrence inside
that statement. The ``ast`` side (see ``positions``) walks the same order, so positions
can be computed after the analysis, only for the files that have findings.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import libcst as cst


def number_statements(tree: cst.Module) -> dict[int, int]:
    """Map ``id(node)`` of every statement to its pre-order number."""
    import libcst as cst  # loaded only by the analysis: reporting from the cache needs none

    numbers: dict[int, int] = {}
    stack = [iter(tree.body)]
    counter = 0
    while stack:
        try:
            stmt = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        if type(stmt) in (cst.SimpleStatementLine, cst.SimpleStatementSuite):
            for small in stmt.body:
                numbers[id(small)] = counter
                counter += 1
            continue
        numbers[id(stmt)] = counter
        counter += 1
        children = list(child_statements(stmt))
        if children:
            stack.append(iter(children))
    return numbers


def child_statements(stmt):
    """The statements directly inside a compound statement, in source order."""
    import libcst as cst

    def block(node):
        if node is None:
            return []
        return list(node.body)

    if type(stmt) in (cst.FunctionDef, cst.ClassDef, cst.With):
        yield from block(stmt.body)
    elif type(stmt) is cst.If:
        yield from block(stmt.body)
        if type(stmt.orelse) is cst.If:
            yield stmt.orelse
        elif stmt.orelse is not None:
            yield from block(stmt.orelse.body)
    elif type(stmt) in (cst.For, cst.While):
        yield from block(stmt.body)
        if stmt.orelse is not None:
            yield from block(stmt.orelse.body)
    elif type(stmt) in (cst.Try, cst.TryStar):
        yield from block(stmt.body)
        for handler in stmt.handlers:
            yield from block(handler.body)
        if stmt.orelse is not None:
            yield from block(stmt.orelse.body)
        if stmt.finalbody is not None:
            yield from block(stmt.finalbody.body)
    elif type(stmt) is cst.Match:
        for case in stmt.cases:
            yield from block(case.body)


def ast_statements(tree: ast.Module) -> list:
    """Every ``ast`` statement in the same pre-order as :func:`number_statements`."""
    out: list = []
    stack = [iter(tree.body)]
    while stack:
        try:
            stmt = next(stack[-1])
        except StopIteration:
            stack.pop()
            continue
        out.append(stmt)
        children = list(_ast_bodies(stmt))
        if children:
            stack.append(iter(children))
    return out


def _ast_bodies(stmt):
    yield from getattr(stmt, "body", ())
    for handler in getattr(stmt, "handlers", ()):
        yield from handler.body
    for case in getattr(stmt, "cases", ()):
        yield from case.body
    yield from getattr(stmt, "orelse", ())
    yield from getattr(stmt, "finalbody", ())
