"""Findings grouped under a header per file, for reading at a terminal."""

from __future__ import annotations

from itertools import groupby

from zdr_lint.output.common import RenderContext, ordered, position, suppressed_note
from zdr_lint.report import Report


def render(report: Report, ctx: RenderContext) -> str:
    blocks = []
    for path, results in groupby(ordered(report), key=lambda r: r.finding.path):
        lines = [ctx.style(path, bold=True, underline=True)]
        for result in results:
            finding = result.finding
            code = ctx.code(finding.code, suppressed=bool(result.suppressed))
            note = ctx.style(suppressed_note(result), dim=True)
            lines.append(f"  {position(finding):<10} {code}  {finding.message}{note}")
        blocks.append("\n".join(lines) + "\n")
    return "\n".join(blocks)
