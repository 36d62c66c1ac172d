"""``--statistics``: how many findings each code has, sorted by code."""

from __future__ import annotations

import json
from collections import Counter

from zdr_lint.output.common import RenderContext
from zdr_lint.report import Report


def counts(report: Report, ctx: RenderContext) -> list[dict]:
    counter = Counter(finding.code for finding in report.active)
    return [
        {"code": code, "name": ctx.meta(code).name, "count": counter[code]}
        for code in sorted(counter)
    ]


def render(report: Report, ctx: RenderContext, as_json: bool = False) -> str:
    rows = counts(report, ctx)
    if as_json:
        return json.dumps(rows, indent=2) + "\n"
    width = max((len(str(row["count"])) for row in rows), default=1)
    return "".join(
        f"{row['count']:>{width}}  {ctx.code(row['code'])}  {row['name']}\n" for row in rows
    )
