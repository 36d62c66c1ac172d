"""``--format full``: each finding as its flake8 line, then the code it stands on with carets
under the reported columns (as ruff's full output shows it), then the flow from the Claude
source to the sink, one hop per line with its file and line and the code there (as semgrep's
dataflow traces do), the lesson note and how to read more."""

from __future__ import annotations

from typing import Optional

from zdr_lint.findings import Finding, Location
from zdr_lint.output.common import (
    RenderContext,
    flow_hops,
    location_text,
    ordered,
    position,
    suppressed_note,
)
from zdr_lint.reading import notebook_support, split_lines
from zdr_lint.report import Report, Reported

TAB = "    "


class _Lines:
    """The physical lines of the files a run read, looked up by displayed path and cell."""

    def __init__(self, report: Report) -> None:
        self.sources = report.sources
        self._split: dict[tuple[str, Optional[int]], list[str]] = {}

    def get(self, path: str, cell: Optional[int], line: int) -> Optional[str]:
        key = (path, cell)
        lines = self._split.get(key)
        if lines is None:
            lines = self._split[key] = self._read(path, cell)
        return lines[line - 1] if 0 < line <= len(lines) else None

    def _read(self, path: str, cell: Optional[int]) -> list[str]:
        source = self.sources.get(path)
        if source is None:
            return []
        if cell is None:
            return split_lines(source.text)
        module = notebook_support()
        return split_lines(module.cell_text(source, cell)) if module else []


def _carets(line: str, finding: Finding) -> tuple[str, str]:
    """The line as shown (tabs expanded) and the marker line under the reported columns:
    to the end column when the span ends on this line, else to the end of the line."""
    start = max(finding.column, 1) - 1
    if finding.end_line == finding.line and finding.end_column > finding.column:
        end = finding.end_column - 1
    else:
        end = len(line.rstrip())
    end = min(max(end, start + 1), max(len(line), start + 1))
    shown = line.replace("\t", TAB)
    pad = line[:start].replace("\t", TAB)
    width = len(line[start:end].replace("\t", TAB)) or 1
    return shown, " " * len(pad) + "^" * width


def _snippet(lines: _Lines, finding: Finding, ctx: RenderContext) -> list[str]:
    text = lines.get(finding.path, finding.cell, finding.line)
    if text is None:
        return []
    shown, marker = _carets(text, finding)
    number = str(finding.line)
    gutter = " " * len(number)
    bar = ctx.style("|", fg="blue", bold=True)
    return [
        f"{gutter} {bar}",
        f"{ctx.style(number, fg='blue', bold=True)} {bar} {shown}",
        f"{gutter} {bar} {ctx.style(marker + ' ' + finding.code, fg='red', bold=True)}",
        f"{gutter} {bar}",
    ]


def _flow(lines: _Lines, finding: Finding, ctx: RenderContext) -> list[str]:
    hops = flow_hops(finding)
    if not hops:
        return []
    out = ["  = flow, from the Claude source to the sink:"]
    last = len(hops) - 1
    for index, hop in enumerate(hops):
        if index == 0 and finding.source is not None:
            role = "source"
        elif index == last:
            role = "sink"
        else:
            role = "step"
        where = hop.location
        out.append(f"    {role:<6}  {ctx.style(location_text(where), bold=True)}: {hop.note}")
        code = _code_at(lines, where)
        if code:
            out.append(f"    {'':<6}  {ctx.style('|', fg='blue')} {code}")
    return out


def _code_at(lines: _Lines, where: Location) -> str:
    text = lines.get(where.path, where.cell, where.line)
    return text.strip().replace("\t", " ") if text else ""


def _block(result: Reported, lines: _Lines, ctx: RenderContext) -> str:
    finding = result.finding
    path = ctx.style(finding.path, bold=True)
    code = ctx.code(finding.code, suppressed=bool(result.suppressed))
    note = ctx.style(suppressed_note(result), dim=True)
    out = [f"{path}:{position(finding)}: {code} {finding.message}{note}"]
    out += _snippet(lines, finding, ctx)
    out += _flow(lines, finding, ctx)
    meta = ctx.meta(finding.code)
    if meta.lesson_key is not None:
        out.append(f'  = lesson ({meta.lesson_key}): "{meta.lesson_words}"')
    out.append(f"  = help: zdr-lint explain {finding.code}")
    return "\n".join(out) + "\n"


def render(report: Report, ctx: RenderContext) -> str:
    lines = _Lines(report)
    return "\n".join(_block(result, lines, ctx) for result in ordered(report))
