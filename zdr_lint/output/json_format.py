"""JSON output. The schema is documented in ``docs/json-schema.md`` and
``docs/zdr-lint-output.schema.json``; ``SCHEMA_VERSION`` changes when a field changes meaning
or goes away (adding a field is not a change of version)."""

from __future__ import annotations

from typing import Optional

from zdr_lint import __version__
from zdr_lint.findings import Step
from zdr_lint.output.common import RenderContext, json_text, ordered
from zdr_lint.report import Report, Reported, fingerprint

SCHEMA_VERSION = 1


def _step(step: Optional[Step]) -> Optional[dict]:
    if step is None:
        return None
    where = step.location
    out: dict = {"path": where.path, "line": where.line, "column": where.column, "note": step.note}
    if where.cell is not None:
        out["cell"] = where.cell  # only in notebooks
    return out


def result_dict(result: Reported, ctx: RenderContext) -> dict:
    finding = result.finding
    meta = ctx.meta(finding.code)
    lesson = None
    if meta.lesson_key is not None:
        lesson = {"key": meta.lesson_key, "words": meta.lesson_words}
    return {
        "path": finding.path,
        "cell": finding.cell,
        "line": finding.line,
        "column": finding.column,
        "end_line": finding.end_line or None,
        "end_column": finding.end_column or None,
        "code": finding.code,
        "name": meta.name,
        "message": finding.message,
        "severity": meta.severity,
        "confidence": finding.confidence,
        "lesson": lesson,
        "source": _step(finding.source),
        "steps": [_step(step) for step in finding.steps],
        "suppressed": result.suppressed is not None,
        "suppression": result.suppressed,
        "fingerprint": fingerprint(finding),
    }


def document(report: Report, ctx: RenderContext) -> dict:
    results = [result_dict(r, ctx) for r in ordered(report)]
    suppressed = sum(1 for r in results if r["suppressed"])
    return {
        "version": SCHEMA_VERSION,
        "tool": {"name": "zdr-lint", "version": __version__},
        "summary": {
            "files": report.files_checked,
            "findings": len(results) - suppressed,
            "suppressed": suppressed,
            "errors": len(report.errors),
        },
        "results": results,
        "errors": [{"path": e.path, "message": e.message} for e in report.errors],
    }


def render(report: Report, ctx: RenderContext) -> str:
    return json_text(document(report, ctx))
