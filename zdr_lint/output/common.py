"""What every output format shares: the render context, ordering and location text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

import click

from zdr_lint.catalog import Catalog
from zdr_lint.findings import Finding, Location, Step
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


def location_text(where: Location) -> str:
    """``path:line:col``, with ``cell N:`` before the line in a notebook."""
    cell = f"cell {where.cell}:" if where.cell is not None else ""
    return f"{where.path}:{cell}{where.line}:{where.column}"


def flow_hops(finding: Finding) -> list[Step]:
    """The flow of ``finding`` from its Claude source to its sink, one step per hop: the
    source first (when there is one), and a last step at the reported place when the engine's
    steps stop short of it. Empty for findings without a flow (ZDR901, module-level checks)."""
    hops = list(finding.steps)
    if finding.source and (not hops or hops[0] != finding.source):
        hops.insert(0, finding.source)  # the engine's steps usually start at the source already
    if not hops:
        return []
    sink = Location(finding.path, finding.line, finding.column, finding.cell)
    if hops[-1].location != sink and all(hop.location != sink for hop in hops):
        hops.append(Step(sink, f"sink: {finding.message}"))
    return hops


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
