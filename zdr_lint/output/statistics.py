"""``--statistics``: how many findings each code has, sorted by code.

As text, one ``count  CODE  name`` line per code. With ``--format json`` or ``--format sarif``
the output stays a valid document of that format: the usual document, findings included, with
the counts added (JSON: a top-level ``statistics`` list; SARIF: ``statistics`` in the run's
``properties``).
"""

from __future__ import annotations

from collections import Counter

from zdr_lint.output import json_format, sarif
from zdr_lint.output.common import RenderContext, json_text
from zdr_lint.report import Report

# formats that hold the counts in their own kind of document
DOCUMENT_FORMATS = ("json", "sarif")
# formats whose statistics are the text table (the others are documents for a program)
TEXT_FORMATS = ("text", "full", "grouped")


def counts(report: Report, ctx: RenderContext) -> list[dict]:
    counter = Counter(finding.code for finding in report.active)
    return [
        {"code": code, "name": ctx.meta(code).name, "count": counter[code]}
        for code in sorted(counter)
    ]


def document(report: Report, ctx: RenderContext, fmt: str) -> dict:
    """The ``json`` or ``sarif`` document of ``report`` with the counts per code added."""
    rows = counts(report, ctx)
    if fmt == "sarif":
        out = sarif.document(report, ctx)
        out["runs"][0].setdefault("properties", {})["statistics"] = rows
        return out
    out = json_format.document(report, ctx)
    out["statistics"] = rows
    return out


def render(report: Report, ctx: RenderContext, fmt: str = "text") -> str:
    if fmt in DOCUMENT_FORMATS:
        return json_text(document(report, ctx, fmt))
    rows = counts(report, ctx)
    width = max((len(str(row["count"])) for row in rows), default=1)
    return "".join(
        f"{row['count']:>{width}}  {ctx.code(row['code'])}  {row['name']}\n" for row in rows
    )
