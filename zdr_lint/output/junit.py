"""JUnit XML, for CI systems that show test reports (GitLab's ``artifacts: reports: junit``,
Jenkins, Azure Pipelines): ``<testsuites>`` holding one ``<testsuite name="zdr-lint">``.

Each finding is a ``<testcase>`` with a ``<failure>`` (its class name is the file, its name the
code and position; the failure's text is the finding with its flow). A suppressed finding shown
with ``--show-suppressed`` is a ``<skipped>`` test case, and a file the tool failed on is an
``<error>``. A run without findings is one passing test case, ``no findings``, so that the
report still says what was checked.
"""

from __future__ import annotations

from xml.etree import ElementTree as ET

from zdr_lint.output.common import (
    RenderContext,
    flow_hops,
    location_text,
    ordered,
    position,
)
from zdr_lint.report import Report

SUITE = "zdr-lint"


def _clean(text: str) -> str:
    """Text XML 1.0 can hold: control characters and lone surrogates become U+FFFD."""
    return "".join(
        ch
        if ch in "\t\n\r"
        or (" " <= ch and not "\ud800" <= ch <= "\udfff" and ch not in "\ufffe\uffff")
        else "\ufffd"
        for ch in text
    )


def _case(parent: ET.Element, classname: str, name: str, file: str, line: int) -> ET.Element:
    return ET.SubElement(
        parent,
        "testcase",
        {
            "classname": _clean(classname),
            "name": _clean(name),
            "file": _clean(file),
            "line": str(line),
            "time": "0",
        },
    )


def render(report: Report, ctx: RenderContext) -> str:
    suites = ET.Element("testsuites", {"name": SUITE})
    suite = ET.SubElement(suites, "testsuite", {"name": SUITE})
    failures = skipped = 0
    for result in ordered(report):
        finding = result.finding
        meta = ctx.meta(finding.code)
        case = _case(
            suite,
            finding.path,
            f"{finding.code} {meta.name} at {position(finding)}",
            finding.path,
            finding.line,
        )
        if result.suppressed:
            skipped += 1
            ET.SubElement(case, "skipped", {"message": f"suppressed: {result.suppressed}"})
            continue
        failures += 1
        failure = ET.SubElement(
            case, "failure", {"message": _clean(finding.message), "type": finding.code}
        )
        lines = [f"{finding.path}:{position(finding)}: {finding.code} {finding.message}"]
        lines += [f"  {location_text(hop.location)}: {hop.note}" for hop in flow_hops(finding)]
        if meta.lesson_key is not None:
            lines.append(f'lesson ({meta.lesson_key}): "{meta.lesson_words}"')
        failure.text = _clean("\n".join(lines))
    for error in report.errors:
        case = _case(suite, error.path, "zdr-lint could not check this file", error.path, 1)
        ET.SubElement(case, "error", {"message": _clean(error.message), "type": "internal-error"})
    if not len(suite):
        _case(suite, SUITE, "no findings", ".", 1)
    counts = {
        "tests": str(len(suite)),
        "failures": str(failures),
        "errors": str(len(report.errors)),
        "skipped": str(skipped),
    }
    suite.attrib.update(counts, time="0")
    suites.attrib.update(counts, time="0")
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body + "\n"
