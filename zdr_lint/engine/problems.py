"""Findings for files the engine could not analyse (ZDR901)."""

from __future__ import annotations

import ast
import warnings

from zdr_lint.engine.api import SourceFile
from zdr_lint.engine.positions import LINE_BREAK, character_offset, child_nodes
from zdr_lint.findings import Finding

SYNTAX_ERROR = "ZDR901"  # the code of a file that does not parse


def python_parse(text: str):
    """``(ast tree, None)``, or ``(None, (line, column, message, False))`` when Python
    cannot parse ``text`` (including nesting too deep for its parser)."""
    try:
        with warnings.catch_warnings():
            # invalid escapes and the like are warnings, not errors (even under -W error)
            warnings.simplefilter("ignore")
            return ast.parse(text), None
    except SyntaxError as exc:
        return None, (exc.lineno or 1, exc.offset or 1, exc.msg or "invalid syntax", False)
    except (ValueError, RecursionError, MemoryError) as exc:
        return None, (1, 1, str(exc) or type(exc).__name__, False)


LONG_STATEMENT = 4000  # characters; only statements this long are measured
SAFE_NESTING = 1500  # LibCST's native parser overflows its stack somewhere past 4,000


def too_deep_for_libcst(text: str, tree: ast.Module):
    """An error tuple when a statement nests (or chains) deeper than LibCST's parser survives.

    LibCST's parser crashes the process on some 5,000-deep expressions, even flat ones to
    Python such as ``a and a and ...``, which LibCST nests. Only long statements are walked.
    """
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    for stmt in tree.body:
        end_line = getattr(stmt, "end_lineno", None) or stmt.lineno
        if end_line >= len(starts):
            end_line = len(starts) - 1
        size = starts[end_line] - starts[stmt.lineno - 1]
        if size < LONG_STATEMENT:
            continue
        depth = nesting(stmt)
        if depth > SAFE_NESTING:
            message = f"expressions nested or chained {depth} deep, past what LibCST can parse"
            line = LINE_BREAK.split(text)[stmt.lineno - 1]
            return (stmt.lineno, character_offset(line, stmt.col_offset) + 1, message, True)
    return None


def nesting(root) -> int:
    """The deepest nesting below ``root``, counting each item of an operator chain."""
    deepest = 0
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        width = 0
        if isinstance(node, ast.BoolOp):
            width = len(node.values)
        elif isinstance(node, ast.Compare):
            width = len(node.comparators)
        deepest = max(deepest, depth + width)
        stack.extend((child, depth + 1) for child in child_nodes(node))
    return deepest


def parse_error_finding(source: SourceFile, error: tuple) -> Finding:
    """ZDR901 for a file that did not parse. ``error`` is ``(line, column, message,
    python_accepts)``: the last item says whether only LibCST refused it."""
    line, column, message = error[:3]
    python_accepts = error[3] if len(error) > 3 else python_parse(source.text)[1] is None
    if python_accepts:
        text = (
            f"Python accepts this file but LibCST cannot parse it ({first_line(message)}); "
            "nothing in it was checked"
        )
    else:
        text = f"syntax error: {first_line(message)}; nothing in this file was checked"
    return Finding(
        path=source.display_path,
        line=max(1, line),
        column=max(1, column),
        code=SYNTAX_ERROR,
        message=text,
        noqa_lines=(max(1, line), max(1, line)),
    )


def skipped_part_finding(source: SourceFile, line: int, column: int, message: str) -> Finding:
    """ZDR901 for a part of a file that was left out for its syntax error while the rest was
    checked (a notebook cell: Jupyter compiles each cell on its own)."""
    return Finding(
        path=source.display_path,
        line=max(1, line),
        column=max(1, column),
        code=SYNTAX_ERROR,
        message=f"syntax error: {first_line(message)}; this cell was not checked",
        noqa_lines=(max(1, line), max(1, line)),
    )


def first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "invalid syntax"
