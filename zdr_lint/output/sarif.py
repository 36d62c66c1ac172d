"""SARIF 2.1.0: rule metadata with help from the catalog, results with fingerprints, code flows
from the Claude source through each step to the sink, and in-source suppressions."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional
from urllib.parse import quote

from zdr_lint import __version__
from zdr_lint.catalog import Rule
from zdr_lint.findings import Finding, Location
from zdr_lint.output.common import RenderContext, json_text, ordered
from zdr_lint.report import BASELINE_REASON, Report, Reported, fingerprint
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
        "defaultConfiguration": {
            "level": LEVELS.get(rule.severity, "error"),
            "enabled": rule.default,
        },
        "properties": {
            "tags": ["zdr", "privacy", f"lesson:{lesson.key}"],
            "lesson": {"key": lesson.key, "words": lesson.words, "section": lesson.section},
        },
    }


def _bare_rule(code: str, name: str) -> dict:
    """A rule the catalog does not know (should not happen, but SARIF needs an entry)."""
    return {"id": code, "name": name, "shortDescription": {"text": code}}


class _Locator:
    """Turns paths as printed into SARIF artifact locations."""

    def __init__(self, cwd: Path) -> None:
        self.cwd = cwd

    def artifact(self, path: str) -> dict:
        native = Path(path)
        if not native.is_absolute() and not path.startswith(".."):
            # percent-encode the name's own bytes (a name may not be UTF-8)
            raw = native.as_posix().encode("utf-8", "surrogateescape")
            return {"uri": quote(raw), "uriBaseId": SRCROOT}
        absolute = os.path.abspath(self.cwd / native).encode("utf-8", "surrogateescape")
        return {"uri": "file://" + quote(absolute)}

    def physical(self, path: str, line: int, column: int, end: Optional[tuple] = None) -> dict:
        region = {"startLine": max(line, 1), "startColumn": max(column, 1)}
        if end and end[0] > 0:
            region["endLine"] = end[0]
            if end[1] > 0:
                region["endColumn"] = end[1]
        return {"physicalLocation": {"artifactLocation": self.artifact(path), "region": region}}

    def finding(self, finding: Finding) -> dict:
        end = (finding.end_line, finding.end_column)
        location = self.physical(finding.path, finding.line, finding.column, end)
        if finding.cell is not None:
            location["properties"] = {"cell": finding.cell}
        return location

    def flow_step(self, where: Location, note: str) -> dict:
        location = self.physical(where.path, where.line, where.column)
        location["message"] = {"text": note}
        if where.cell is not None:
            location["properties"] = {"cell": where.cell}
        return {"location": location}


def _code_flows(finding: Finding, locator: _Locator) -> list[dict]:
    hops = list(finding.steps)
    if finding.source and (not hops or hops[0] != finding.source):
        hops.insert(0, finding.source)  # the engine's steps usually start at the source already
    if not hops:
        return []
    flow = [locator.flow_step(step.location, step.note) for step in hops]
    sink = Location(finding.path, finding.line, finding.column, finding.cell)
    if hops[-1].location != sink:
        flow.append(locator.flow_step(sink, f"sink: {finding.message}"))
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
    locator = _Locator(cwd)
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
