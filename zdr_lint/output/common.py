"""What every output format shares: the render context, ordering and location text."""

from __future__ import annotations

import json
import re
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


_LONE_SURROGATE = re.compile("[\udc80-\udcff]")


def json_text(document: object) -> str:
    """``document`` as indented JSON that strict parsers accept.

    A file name whose bytes are not UTF-8 reaches the output with each such byte held as a
    lone surrogate (Python's ``surrogateescape``), which no JSON parser should accept. Each is
    written instead as the four characters ``\\xNN`` (Python's ``backslashreplace``), so
    ``caf\\xe9.py`` names the file whose name is the bytes ``caf``, 0xE9, ``.py``.
    """
    return json.dumps(_escape_bytes(document), indent=2, ensure_ascii=False) + "\n"


def _escape_bytes(value: object) -> object:
    if isinstance(value, str):
        if _LONE_SURROGATE.search(value) is None:
            return value
        raw = value.encode("utf-8", "surrogateescape")
        return raw.decode("utf-8", "backslashreplace")
    if isinstance(value, dict):
        return {_escape_bytes(key): _escape_bytes(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_escape_bytes(item) for item in value]
    return value
