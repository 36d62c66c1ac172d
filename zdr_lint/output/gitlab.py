"""GitLab Code Quality: a JSON array of issues, each with ``description``, ``check_name``,
``fingerprint``, ``severity`` and ``location.path`` / ``location.lines.begin``, for
``artifacts: reports: codequality``.

GitLab shows only the first issue of each fingerprint, so the line-independent fingerprint of
:func:`zdr_lint.report.fingerprint` is made unique by counting repeats in report order (two
identical sinks in one function keep their identities across edits above them). Suppressed
findings are left out; a file the tool failed on is an issue of its own, ``zdr-lint-error``.
"""

from __future__ import annotations

import hashlib
from collections import Counter

from zdr_lint.output.common import RenderContext, json_text, ordered
from zdr_lint.output.positions import notebook_positions
from zdr_lint.report import GITLAB_SEVERITY, Report, fingerprint

ERROR_CHECK = "zdr-lint-error"


def _unique(base: str, seen: Counter) -> str:
    seen[base] += 1
    if seen[base] == 1:
        return base
    return hashlib.sha256(f"{base}#{seen[base]}".encode()).hexdigest()[:32]


def issues(report: Report, ctx: RenderContext) -> list[dict]:
    seen: Counter = Counter()
    places = notebook_positions(report, ctx)
    out = []
    for result in ordered(report):
        if result.suppressed:
            continue
        finding = result.finding
        meta = ctx.meta(finding.code)
        line = finding.line
        description = f"{finding.code} {meta.name}: {finding.message}"
        if finding.cell is not None:
            line = places.line_in_file(finding) or 1
            description += f" (cell {finding.cell}, line {finding.line})"
        out.append(
            {
                "type": "issue",
                "description": description,
                "check_name": finding.code,
                "fingerprint": _unique(fingerprint(finding), seen),
                "severity": GITLAB_SEVERITY.get(meta.severity, "major"),
                "categories": ["Security"],
                "location": {"path": finding.path, "lines": {"begin": line}},
            }
        )
    for error in report.errors:
        base = hashlib.sha256(f"{ERROR_CHECK}\0{error.path}".encode()).hexdigest()[:32]
        out.append(
            {
                "type": "issue",
                "description": f"zdr-lint could not check this file: {error.message}",
                "check_name": ERROR_CHECK,
                "fingerprint": _unique(base, seen),
                "severity": "blocker",
                "categories": ["Bug Risk"],
                "location": {"path": error.path, "lines": {"begin": 1}},
            }
        )
    return out


def render(report: Report, ctx: RenderContext) -> str:
    return json_text(issues(report, ctx))
