"""What every output format shares: the render context, ordering and location text."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import click

from zdr_lint.catalog import Catalog
from zdr_lint.findings import Finding
from zdr_lint.report import Report, Reported, RuleMeta, rule_meta

SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "note": "cyan"}


@dataclass(frozen=True)
class RenderContext:
    catalog: Optional[Catalog] = None
    color: bool = False
    cwd: Optional[Path] = None

    def meta(self, code: str) -> RuleMeta:
        return rule_meta(self.catalog, code)

    def style(self, text: str, **styles) -> str:
        return click.style(text, **styles) if self.color and text else text

    def code(self, code: str, suppressed: bool = False) -> str:
        colour = SEVERITY_COLOURS.get(self.meta(code).severity, "red")
        if suppressed:
            return self.style(code, fg=colour, dim=True)
        return self.style(code, fg=colour, bold=True)


def ordered(report: Report) -> list[Reported]:
    """Results sorted by path, cell, line, column and code."""
    return sorted(report.results, key=lambda r: r.finding.sort_key())


def position(finding: Finding) -> str:
    """``line:col``, prefixed by ``cell N:`` for a notebook cell."""
    cell = f"cell {finding.cell}:" if finding.cell is not None else ""
    return f"{cell}{finding.line}:{finding.column}"


def suppressed_note(result: Reported) -> str:
    return f" [suppressed: {result.suppressed}]" if result.suppressed else ""
