"""Turn node references into line and column positions, with Python's own ``ast``.

LibCST's position metadata costs about twice a parse. The analysis instead records, for each
node it may report, the statement's pre-order number and the callee's text; here the same
statements are found in an ``ast`` tree, which is an order of magnitude cheaper to build,
and only for the files that have something to report.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Optional

from zdr_lint.engine.numbering import ast_statements
from zdr_lint.engine.summary import SLOTS

LINE_BREAK = re.compile(r"\r\n|\r|\n")  # how the tokenizer counts lines
NESTED_FIELDS = ("body", "orelse", "finalbody", "handlers", "cases")


@dataclass(frozen=True, **SLOTS)
class Span:
    line: int
    column: int
    end_line: int
    end_column: int
    stmt_start: int
    stmt_end: int


class PositionIndex:
    """Positions for one file, built lazily from its text. Columns count characters (code
    points), as flake8, ruff and SARIF's ``unicodeCodePoints`` do; ``ast`` gives UTF-8 bytes."""

    def __init__(self, text: str, tree: Optional[ast.Module] = None) -> None:
        self.text = text
        self._statements: Optional[list] = ast_statements(tree) if tree is not None else None
        self._calls: dict[int, dict] = {}
        self._lines: Optional[list[str]] = None

    def column(self, line: int, byte_offset: int) -> int:
        """The 1-based character column of ``ast``'s 0-based UTF-8 ``byte_offset`` on ``line``."""
        if self._lines is None:
            # an ASCII file (most) needs no lines: its bytes are its characters
            self._lines = [] if self.text.isascii() else LINE_BREAK.split(self.text)
        if not self._lines:
            return byte_offset + 1
        if line > len(self._lines) or line < 1:
            return byte_offset + 1
        return character_offset(self._lines[line - 1], byte_offset) + 1

    def statements(self) -> list:
        if self._statements is None:
            try:
                tree = ast.parse(self.text)
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                tree = ast.Module(body=[], type_ignores=[])
            self._statements = ast_statements(tree)
        return self._statements

    def span(self, ref: tuple) -> Span:
        ordinal, text, occurrence = ref
        statements = self.statements()
        if not 0 <= ordinal < len(statements):
            return Span(1, 1, 1, 1, 1, 1)
        stmt = statements[ordinal]
        start, end = statement_lines(stmt)
        node = None
        if text.startswith("@"):
            node = self._decorator(stmt, text[1:])
        elif text != "<stmt>":
            candidates = self._calls_of(ordinal, stmt).get(text, [])
            if candidates:
                node = candidates[min(occurrence, len(candidates) - 1)]
        if node is None:
            node = stmt
        end_line = getattr(node, "end_lineno", None) or node.lineno
        end_offset = getattr(node, "end_col_offset", None) or node.col_offset
        return Span(
            node.lineno,
            self.column(node.lineno, node.col_offset),
            end_line,
            self.column(end_line, end_offset),
            min(start, node.lineno),
            max(end, getattr(node, "end_lineno", None) or node.lineno) if node is not stmt else end,
        )

    def _calls_of(self, ordinal: int, stmt) -> dict:
        cached = self._calls.get(ordinal)
        if cached is None:
            cached = {}
            calls = [n for n in own_nodes(stmt) if isinstance(n, ast.Call)]
            calls.sort(key=lambda n: (n.lineno, n.col_offset, -n.end_lineno, -n.end_col_offset))
            for call in calls:
                cached.setdefault(callee_text(call.func), []).append(call)
            self._calls[ordinal] = cached
        return cached

    @staticmethod
    def _decorator(stmt, text: str):
        for decorator in getattr(stmt, "decorator_list", ()):
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            if callee_text(target) == text:
                return decorator
        return None


def character_offset(line: str, byte_offset: int) -> int:
    """How many characters of ``line`` its first ``byte_offset`` UTF-8 bytes hold."""
    if line.isascii():
        return byte_offset
    return len(line.encode("utf-8", "surrogatepass")[:byte_offset].decode("utf-8", "replace"))


def statement_lines(stmt) -> tuple[int, int]:
    """The lines a ``# noqa`` may sit on: the whole simple statement, or a compound's header."""
    start = stmt.lineno
    decorators = getattr(stmt, "decorator_list", None)
    if decorators:
        start = min(start, *(d.lineno for d in decorators))
    body = getattr(stmt, "body", None)
    if isinstance(body, list) and body:
        return start, max(stmt.lineno, body[0].lineno - 1)
    return start, getattr(stmt, "end_lineno", None) or stmt.lineno


def own_nodes(stmt):
    """The expression nodes of a statement, without descending into nested statements."""
    stack = []
    for name, value in ast.iter_fields(stmt):
        if name in NESTED_FIELDS:
            continue
        if isinstance(value, list):
            stack.extend(v for v in value if isinstance(v, ast.AST))
        elif isinstance(value, ast.AST):
            stack.append(value)
    while stack:
        node = stack.pop()
        yield node
        if isinstance(node, ast.stmt):
            continue
        stack.extend(child_nodes(node))


def child_nodes(node) -> list:
    """``ast.iter_child_nodes(node)``, in its order, as a list: without its two nested
    generators, which cost more than the walk itself on a large file."""
    out = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, ast.AST):
            out.append(value)
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, ast.AST):
                    out.append(item)
    return out


def callee_text(node) -> str:
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    parts.append(node.id if isinstance(node, ast.Name) else "?")
    return ".".join(reversed(parts))
