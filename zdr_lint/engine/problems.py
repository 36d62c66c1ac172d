"""Findings for files the engine could not analyse (ZDR901)."""

from __future__ import annotations

import ast

from zdr_lint.engine.api import SourceFile
from zdr_lint.findings import Finding


def parse_error_finding(source: SourceFile, error: tuple) -> Finding:
    line, column, message = error
    try:
        ast.parse(source.text)
        python_accepts = True
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        python_accepts = False
    except Exception:  # noqa: BLE001 - whatever the compiler raises, the file was not read
        python_accepts = False
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
        code="ZDR901",
        message=text,
        noqa_lines=(max(1, line), max(1, line)),
    )


def first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "invalid syntax"
