"""Placeholder runner: parses each file and reports ZDR901 for files that do not parse.

The data-flow engine replaces this module.
"""

from __future__ import annotations

from typing import Sequence

import libcst

from zdr_lint.engine.api import EngineOptions, SourceFile
from zdr_lint.findings import Finding


def run_project(files: Sequence[SourceFile], catalog, options: EngineOptions) -> list[Finding]:
    findings: list[Finding] = []
    for source in files:
        try:
            libcst.parse_module(source.text)
        except libcst.ParserSyntaxError as exc:
            findings.append(
                Finding(
                    path=source.display_path,
                    line=exc.raw_line,
                    column=exc.raw_column + 1,
                    code="ZDR901",
                    message=f"syntax error, file not analysed: {exc.message}",
                    noqa_lines=(exc.raw_line, exc.raw_line),
                )
            )
    return sorted(findings, key=Finding.sort_key)
