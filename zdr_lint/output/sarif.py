"""SARIF 2.1.0: rule metadata with help from the catalog, results with fingerprints, code flows
from the Claude source through each step to the sink, and in-source suppressions."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from zdr_lint import __version__
from zdr_lint.catalog import Rule
from zdr_lint.docs_gen import rule_url
from zdr_lint.findings import Finding, Location
from zdr_lint.output.common import RenderContext, flow_hops, json_text, ordered
from zdr_lint.output.positions import NotebookPlaces, notebook_positions
from zdr_lint.report import BASELINE_REASON, SECURITY_SEVERITY, Report, Reported, fingerprint
from zdr_lint.rule_docs import as_markdown, as_text

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/zdr-lint/"
SRCROOT = "SRCROOT"
FINGERPRINT_KEY = "zdrLint/v1"
LEVELS = {"error": "error", "warning": "warning", "note": "note"}


def _rule(rule: Rule) -> dict:
    lesson = rule.lesson
    return {
        "id": rule.id,
        "name": rule.name,
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": rule.why or rule.summary},
        "help": {"text": as_text(rule), "markdown": as_markdown(rule)},
        "helpUri": rule_url(rule),
        "defaultConfiguration": {
            "level": LEVELS.get(rule.severity, "error"),
            "enabled": rule.default,
        },
        "properties": {
            # code scanning files a rule tagged "security" under security alerts, graded by
            # its "security-severity"; the lesson note says where the data went
            "tags": ["security", lesson.key],
            "security-severity": SECURITY_SEVERITY.get(rule.severity, "5.0"),
            "precision": "high",
            "lesson": {"key": lesson.key, "words": lesson.words, "section": lesson.section},
        },
    }


def _bare_rule(code: str, name: str) -> dict:
    """A rule the catalog does not know (should not happen, but SARIF needs an entry)."""
    return {"id": code, "name": name, "shortDescription": {"text": code}}


class _Locator:
    """Turns paths as printed into SARIF artifact locations.

    A notebook position is given twice: the region counts lines and columns of the ``.ipynb``
    file as stored (the JSON line that holds the code), which is what code scanning shows, and
    ``properties`` hold the cell and the line and column within it. When the stored file does
    not hold the cells that were analysed (standard input), the region counts within the cell.
    """

    def __init__(self, cwd: Path, places: NotebookPlaces) -> None:
        self.cwd = cwd
        self.places = places

    def artifact(self, path: str) -> dict:
        native = Path(path)
        if not native.is_absolute() and not path.startswith(".."):
            # percent-encode the name's own bytes (a name may not be UTF-8)
            raw = native.as_posix().encode("utf-8", "surrogateescape")
            return {"uri": quote(raw), "uriBaseId": SRCROOT}
        absolute = os.path.abspath(self.cwd / native).encode("utf-8", "surrogateescape")
        return {"uri": "file://" + quote(absolute)}

    def physical(
        self, where: Location, end: tuple[int, int] = (0, 0), note: Optional[str] = None
    ) -> dict:
        region = {"startLine": max(where.line, 1), "startColumn": max(where.column, 1)}
        if end[0] > 0:
            region["endLine"] = end[0]
            if end[1] > 0:
                region["endColumn"] = end[1]
        properties = None
        if where.cell is not None:
            properties = {"cell": where.cell, "cellLine": where.line, "cellColumn": where.column}
            region = self._in_notebook_file(where, end) or region
        location: dict = {
            "physicalLocation": {"artifactLocation": self.artifact(where.path), "region": region}
        }
        if note is not None:
            location["message"] = {"text": note}
        if properties is not None:
            location["properties"] = properties
        return location

    def _in_notebook_file(self, where: Location, end: tuple[int, int]) -> Optional[dict]:
        assert where.cell is not None
        start = self.places.place(where.path, where.cell, where.line, where.column)
        if start is None:
            return None
        region = {"startLine": start[0], "startColumn": start[1]}
        if end[0] > 0 and end[1] > 1:
            last = self.places.place(where.path, where.cell, end[0], end[1] - 1)
            if last is not None and last >= start:
                region.update(endLine=last[0], endColumn=last[1] + 1)
        return region

    def finding(self, finding: Finding) -> dict:
        where = Location(finding.path, finding.line, finding.column, finding.cell)
        return self.physical(where, (finding.end_line, finding.end_column))

    def flow_step(self, where: Location, note: str) -> dict:
        return {"location": self.physical(where, note=note)}


def _code_flows(finding: Finding, locator: _Locator) -> list[dict]:
    hops = flow_hops(finding)
    if not hops:
        return []
    flow = [locator.flow_step(step.location, step.note) for step in hops]
    return [{"threadFlows": [{"locations": flow}]}]


def _result(result: Reported, index: dict[str, int], ctx: RenderContext, locator: _Locator) -> dict:
    finding = result.finding
    entry = {
        "ruleId": finding.code,
        "ruleIndex": index[finding.code],
        "level": LEVELS.get(ctx.meta(finding.code).severity, "error"),
        "message": {"text": finding.message},
        "locations": [locator.finding(finding)],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint(finding)},
        "properties": {"precision": finding.confidence},
    }
    flows = _code_flows(finding, locator)
    if flows:
        entry["codeFlows"] = flows
    if result.suppressed:
        kind = "external" if result.suppressed == BASELINE_REASON else "inSource"
        entry["suppressions"] = [
            {"kind": kind, "justification": f"suppressed by {result.suppressed}"}
        ]
    return entry


def document(report: Report, ctx: RenderContext) -> dict:
    cwd = ctx.cwd or Path.cwd()
    locator = _Locator(cwd, notebook_positions(report, ctx))
    catalog_rules = ctx.catalog.rules if ctx.catalog else {}
    rules = [_rule(catalog_rules[code]) for code in sorted(catalog_rules)]
    reported = sorted({r.finding.code for r in report.results} - set(catalog_rules))
    rules += [_bare_rule(code, ctx.meta(code).name) for code in reported]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    notifications = [
        {
            "level": "error",
            "message": {"text": error.message},
            "locations": [{"physicalLocation": {"artifactLocation": locator.artifact(error.path)}}],
        }
        for error in report.errors
    ]
    run = {
        "tool": {
            "driver": {
                "name": "zdr-lint",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": INFORMATION_URI,
                "rules": rules,
            }
        },
        "invocations": [
            {
                "executionSuccessful": not report.errors,
                "toolExecutionNotifications": notifications,
            }
        ],
        "originalUriBaseIds": {SRCROOT: {"uri": cwd.as_uri().rstrip("/") + "/"}},
        "columnKind": "unicodeCodePoints",
        "results": [_result(r, index, ctx, locator) for r in ordered(report)],
    }
    return {"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}


def render(report: Report, ctx: RenderContext) -> str:
    return json_text(document(report, ctx))
