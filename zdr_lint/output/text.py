"""flake8's line format: ``path:line:col: CODE message``."""

from __future__ import annotations

from zdr_lint.output.common import RenderContext, ordered, position, suppressed_note
from zdr_lint.report import Report


def render(report: Report, ctx: RenderContext) -> str:
    lines = []
    for result in ordered(report):
        finding = result.finding
        path = ctx.style(finding.path, bold=True)
        code = ctx.code(finding.code, suppressed=bool(result.suppressed))
        note = ctx.style(suppressed_note(result), dim=True)
        lines.append(f"{path}:{position(finding)}: {code} {finding.message}{note}")
    return "".join(line + "\n" for line in lines)
