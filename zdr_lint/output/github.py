"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding."""

from __future__ import annotations

from zdr_lint.findings import Finding
from zdr_lint.output.common import RenderContext, ordered
from zdr_lint.report import Report

LEVELS = {"error": "error", "warning": "warning", "note": "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _properties(finding: Finding) -> dict[str, object]:
    props: dict[str, object] = {"file": finding.path}
    if finding.cell is None:
        props.update(line=finding.line, col=finding.column)
        if finding.end_line > 0:
            props["endLine"] = finding.end_line
            if finding.end_column > 0:
                props["endColumn"] = finding.end_column
    props["title"] = finding.code
    return props


def command(level: str, properties: dict[str, object], message: str) -> str:
    props = ",".join(f"{key}={escape_property(str(value))}" for key, value in properties.items())
    return f"::{level} {props}::{escape_data(message)}"


def render(report: Report, ctx: RenderContext) -> str:
    lines = []
    for result in ordered(report):
        finding = result.finding
        level = LEVELS.get(ctx.meta(finding.code).severity, "error")
        message = finding.message
        if finding.cell is not None:
            message = f"cell {finding.cell}, line {finding.line}: {message}"
        if result.suppressed:
            level, message = "notice", f"[suppressed: {result.suppressed}] {message}"
        lines.append(command(level, _properties(finding), message))
    for error in report.errors:
        lines.append(command("error", {"file": error.path, "title": "zdr-lint"}, error.message))
    return "".join(line + "\n" for line in lines)
