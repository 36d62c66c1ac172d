"""The formats of issue 15: ``full`` (code and flow), ``gitlab`` (Code Quality), ``junit``,
SARIF for code scanning (severity, tags, help links, notebooks) and ``--statistics`` documents.
Each is checked against its format: the Code Quality report's documented fields (a JSON Schema
in tests/data written from GitLab's documentation), JUnit XML parsed and counted, SARIF against
the official schema."""

from __future__ import annotations

import json
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import SYNTAX_ERROR, run, write
from jsonschema import Draft7Validator
from test_editor import LLM, WEB_BUFFER
from test_notebooks import LEAKY
from test_output import CATALOG, CELL, CTX, FLOW, FULL, HIDDEN, SYNTAX, report

from zdr_lint.engine.api import SourceFile
from zdr_lint.findings import Finding
from zdr_lint.output import render
from zdr_lint.report import Report, Reported

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SARIF_SCHEMA = json.loads((DATA / "sarif-schema-2.1.0.json").read_text())
CODE_QUALITY_SCHEMA = json.loads((DATA / "gitlab-code-quality.schema.json").read_text())
JSON_SCHEMA = json.loads((ROOT / "docs" / "zdr-lint-output.schema.json").read_text())

CHAT = "\n".join(f"# line {n}" for n in range(1, 31)).splitlines()
CHAT[11] = "    reply = client.messages.create(model=MODEL, messages=msgs)"
CHAT[16] = "    text = reply.content[0].text"
CHAT[17] = "    logger.info('answer: %s', text)  # the sink, 52 characters of call"
CHAT_TEXT = "\n".join(CHAT) + "\n"


def with_sources(rep: Report) -> Report:
    rep.sources = {"app/chat.py": SourceFile(Path("/x/app/chat.py"), "app/chat.py", CHAT_TEXT)}
    return rep


@pytest.fixture
def leaking(project: Path) -> Path:
    """A flow across modules: the completion is born in app/llm.py and logged in app/web.py."""
    return write(
        project,
        {
            "pyproject.toml": "[tool.zdr-lint]\n",
            "app/__init__.py": "",
            "app/llm.py": LLM,
            "app/web.py": WEB_BUFFER,
        },
    )


# --- full ------------------------------------------------------------------------------------


def test_full_shows_the_line_with_carets_and_the_flow_hop_by_hop() -> None:
    rep = with_sources(report(Reported(FLOW)))
    FLOW_END = FLOW.end_column  # 57: the carets run from column 5 up to it
    out = render("full", rep, CTX).splitlines()
    assert out[0] == "app/chat.py:18:5: ZDR101 Claude completion reaches logger.info"
    assert out[1:5] == [
        "   |",
        "18 |     logger.info('answer: %s', text)  # the sink, 52 characters of call",
        "   |     " + "^" * (FLOW_END - FLOW.column) + " ZDR101",
        "   |",
    ]
    flow = out[5:]
    assert flow[0] == "  = flow, from the Claude source to the sink:"
    assert flow[1] == "    source  app/chat.py:12:13: completion returned by messages.create"
    assert flow[2] == "            | reply = client.messages.create(model=MODEL, messages=msgs)"
    assert flow[3] == "    step    app/chat.py:17:5: assigned to text"
    assert flow[5].startswith("    sink    app/chat.py:18:5: sink: ")
    assert (
        flow[-2]
        == '  = lesson (own-storage): "Storage within your own application servers and databases"'
    )
    assert flow[-1] == "  = help: zdr-lint explain ZDR101"


def test_full_without_source_text_or_flow_still_prints_each_finding() -> None:
    out = render("full", report(Reported(SYNTAX), Reported(HIDDEN, "noqa"), Reported(CELL)), CTX)
    blocks = out.split("\n\n")
    assert len(blocks) == 3
    assert blocks[0].startswith("app/broken.py:2:1: ZDR901 syntax error")
    assert "flow" not in blocks[0]
    assert "[suppressed: noqa]" in blocks[1]


def test_full_tabs_and_a_span_over_lines() -> None:
    finding = Finding("t.py", 1, 2, "ZDR101", "m", end_line=3, end_column=2)
    rep = report(Reported(finding))
    rep.sources = {"t.py": SourceFile(Path("t.py"), "t.py", "\tlog(x,\n  y)\n")}
    out = render("full", rep, CTX).splitlines()
    assert out[2] == "1 |     log(x,"
    assert out[3] == "  |     ^^^^^^ ZDR101"  # to the end of the line, under the expanded tab


def test_default_format_stays_one_line_per_finding(leaking: Path) -> None:
    result = run([])
    assert result.stdout.splitlines() == [
        "app/web.py:10:5: ZDR101 Claude completion data from messages.create (app/llm.py:7) "
        "reaches logging.Logger.info"
    ]


def test_real_full_output_follows_the_flow_across_modules(leaking: Path) -> None:
    result = run(["--format", "full"])
    assert result.exit_code == 1
    out = result.stdout.splitlines()
    assert out[0].startswith("app/web.py:10:5: ZDR101 ")
    assert out[2] == "10 |     logger.info(answer)"
    assert out[3] == "   |     ^^^^^^^^^^^^^^^^^^^ ZDR101"
    hops = [line for line in out if re.match(r"    (source|step|sink) ", line)]
    assert hops[0].startswith("    source  app/llm.py:7:13: ")
    assert hops[-1].startswith("    sink    app/web.py:10:5: ")
    assert "            | reply = client.messages.create(" in out


def test_real_full_output_shows_notebook_cells(project: Path) -> None:
    write(project, {"triage.ipynb": LEAKY})
    out = run(["--format", "full"]).stdout.splitlines()
    assert out[0].startswith("triage.ipynb:cell 3:2:1: ZDR101 ")
    assert out[2] == "2 | logger.info(text)"
    assert "    source  triage.ipynb:cell 2:3:9: " in "\n".join(out)


# --- GitLab Code Quality ------------------------------------------------------------------------


def code_quality(rep: Report) -> list:
    document = json.loads(render("gitlab", rep, CTX))
    Draft7Validator(CODE_QUALITY_SCHEMA).validate(document)
    return document


def test_gitlab_code_quality_has_the_documented_fields() -> None:
    issues = code_quality(FULL)
    by_check = {issue["check_name"]: issue for issue in issues}
    assert "ZDR102" not in by_check  # suppressed findings are not issues
    flow = by_check["ZDR101"]
    assert flow["location"] == {"path": "app/chat.py", "lines": {"begin": 18}}
    assert flow["severity"] == "critical"
    assert flow["description"] == "ZDR101 log: Claude completion reaches logger.info"
    assert by_check["zdr-lint-error"]["location"]["path"] == "app/crash.py"
    warning = code_quality(report(Reported(Finding("a.py", 1, 1, "ZDR307", "gateway"))))
    assert warning[0]["severity"] == "major"


def test_gitlab_fingerprints_are_unique_even_for_the_same_sink_twice() -> None:
    twice = report(Reported(FLOW), Reported(Finding(**{**FLOW.__dict__, "line": 25})))
    fingerprints = [issue["fingerprint"] for issue in code_quality(twice)]
    assert len(set(fingerprints)) == 2
    assert code_quality(report(Reported(FLOW)))[0]["fingerprint"] == fingerprints[0]


def test_code_quality_schema_rejects_what_gitlab_would() -> None:
    issue = code_quality(report(Reported(FLOW)))[0]
    for broken in ({**issue, "severity": "error"}, {**issue, "location": {"path": "a.py"}}):
        assert list(Draft7Validator(CODE_QUALITY_SCHEMA).iter_errors([broken]))


def test_real_gitlab_output(leaking: Path) -> None:
    result = run(["--format", "gitlab"])
    assert result.exit_code == 1
    (issue,) = json.loads(result.stdout)
    Draft7Validator(CODE_QUALITY_SCHEMA).validate([issue])
    assert issue["location"] == {"path": "app/web.py", "lines": {"begin": 10}}


# --- JUnit ---------------------------------------------------------------------------------------


def junit(rep: Report) -> ET.Element:
    root = ET.fromstring(render("junit", rep, CTX))
    assert root.tag == "testsuites"
    (suite,) = root
    assert suite.tag == "testsuite"
    cases = list(suite)
    assert all(case.tag == "testcase" for case in cases)
    assert int(suite.get("tests")) == len(cases)
    assert int(suite.get("failures")) == len(suite.findall("testcase/failure"))
    assert int(suite.get("errors")) == len(suite.findall("testcase/error"))
    assert int(suite.get("skipped")) == len(suite.findall("testcase/skipped"))
    assert root.get("failures") == suite.get("failures")
    return suite


def test_junit_one_failing_testcase_per_finding() -> None:
    suite = junit(FULL)
    assert suite.get("failures") == "3" and suite.get("errors") == "1"
    assert suite.get("skipped") == "1"  # the suppressed finding
    failure = suite.find("testcase[@classname='app/chat.py']/failure")
    assert failure.get("type") == "ZDR101"
    assert "app/chat.py:12:13: completion returned by messages.create" in failure.text


def test_junit_clean_run_and_text_xml_cannot_hold() -> None:
    clean = junit(report())
    assert clean.get("tests") == "1" and clean.get("failures") == "0"
    odd = junit(report(Reported(Finding("a\udcff.py", 1, 1, "ZDR101", "bell \x07 here"))))
    assert odd.find("testcase/failure").get("message") == "bell \ufffd here"


def test_real_junit_output(leaking: Path) -> None:
    result = run(["--format", "junit", "-o", "junit.xml"])
    assert result.exit_code == 1
    root = ET.parse(leaking / "junit.xml").getroot()
    assert root.get("tests") == "1" and root.get("failures") == "1"


# --- SARIF for code scanning -----------------------------------------------------------------


def sarif_document(rep: Report) -> dict:
    document = json.loads(render("sarif", rep, CTX))
    Draft7Validator(SARIF_SCHEMA).validate(document)
    return document


def github_slugs(markdown: str) -> set:
    """The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces to
    hyphens."""
    slugs = set()
    for heading in re.findall(r"^#+ (.*)$", markdown, re.MULTILINE):
        slugs.add(re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-"))
    return slugs


def test_sarif_rules_carry_security_severity_tags_and_help_links() -> None:
    rules = sarif_document(FULL)["runs"][0]["tool"]["driver"]["rules"]
    anchors = github_slugs((ROOT / "docs" / "rules.md").read_text(encoding="utf-8"))
    for rule in rules:
        catalog_rule = CATALOG.rules[rule["id"]]
        properties = rule["properties"]
        assert properties["tags"] == ["security", catalog_rule.lesson.key]
        severity = properties["security-severity"]
        assert isinstance(severity, str) and 0.0 < float(severity) <= 10.0
        page, _, anchor = rule["helpUri"].partition("#")
        assert page.startswith("https://") and page.endswith("/docs/rules.md")
        assert anchor in anchors, rule["helpUri"]
    log = next(rule for rule in rules if rule["id"] == "ZDR101")
    assert log["properties"]["security-severity"] == "7.5"
    assert log["helpUri"].endswith("/docs/rules.md#zdr101-log")


def notebook_line(text: str, wanted: str) -> int:
    """The line of the notebook's JSON file that holds the code ``wanted``."""
    (number,) = [
        n for n, line in enumerate(text.splitlines(), 1) if json.dumps(wanted)[:-1] in line
    ]
    return number


def test_sarif_places_notebook_findings_on_the_line_of_the_stored_file(project: Path) -> None:
    write(project, {"triage.ipynb": LEAKY})
    result = run(["--format", "sarif"])
    document = json.loads(result.stdout)
    Draft7Validator(SARIF_SCHEMA).validate(document)
    (finding,) = document["runs"][0]["results"]
    location = finding["locations"][0]
    region = location["physicalLocation"]["region"]
    assert region["startLine"] == notebook_line(LEAKY, "logger.info(text)")
    stored = LEAKY.splitlines()[region["startLine"] - 1]
    start = region["startColumn"] - 1
    assert stored[start : region["endColumn"] - 1] == "logger.info(text)"
    assert location["properties"] == {"cell": 3, "cellLine": 2, "cellColumn": 1}
    hops = finding["codeFlows"][0]["threadFlows"][0]["locations"]
    source = hops[0]["location"]
    assert source["properties"]["cell"] == 2
    line = source["physicalLocation"]["region"]["startLine"]
    assert "client.messages.create(" in LEAKY.splitlines()[line - 1]


def test_gitlab_places_notebook_findings_on_the_line_of_the_stored_file(project: Path) -> None:
    write(project, {"triage.ipynb": LEAKY})
    (issue,) = json.loads(run(["--format", "gitlab"]).stdout)
    assert issue["location"]["lines"]["begin"] == notebook_line(LEAKY, "logger.info(text)")
    assert issue["description"].endswith("(cell 3, line 2)")


def test_sarif_notebook_positions_through_escapes(project: Path) -> None:
    cell = (
        "import anthropic  # \U0001f600 \u00e9 \t\n"  # escaped in the file: \\ud83d\\ude00 ...
        'reply = anthropic.Anthropic().messages.create(model="m", messages=[])\n'
        'print("\\t\u00e9\U0001f600", reply)\n'
    )
    text = json.dumps(
        {
            "nbformat": 4,
            "nbformat_minor": 5,
            "metadata": {},
            "cells": [{"cell_type": "code", "metadata": {}, "source": cell, "outputs": []}],
        }
    )  # the source as one string, with escapes: all on one line of the file
    write(project, {"one.ipynb": text})
    document = json.loads(run(["--format", "sarif", "--extend-select", "ZDR106"]).stdout)
    results = document["runs"][0]["results"]
    assert results, "print() of a completion is ZDR106"
    region = results[0]["locations"][0]["physicalLocation"]["region"]
    assert region["startLine"] == 1
    assert text[region["startColumn"] - 1 :].startswith("print(")


def test_sarif_notebook_from_standard_input_counts_within_the_cell(project: Path) -> None:
    write(project, {"triage.ipynb": LEAKY.replace("logger.info(text)", "pass")})
    result = run(["--format", "sarif", "--stdin-filename", "triage.ipynb", "-"], LEAKY.encode())
    (finding,) = json.loads(result.stdout)["runs"][0]["results"]
    location = finding["locations"][0]
    assert location["physicalLocation"]["region"]["startLine"] == 2  # the disk file differs
    assert location["properties"]["cell"] == 3


# --- --statistics documents ----------------------------------------------------------------------


@pytest.fixture
def broken(project: Path) -> Path:
    return write(project, {"src/bad.py": SYNTAX_ERROR, "src/worse.py": SYNTAX_ERROR})


def test_statistics_as_json_is_a_valid_json_document(broken: Path) -> None:
    result = run(["--statistics", "--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    Draft7Validator(JSON_SCHEMA).validate(document)
    assert document["statistics"] == [{"code": "ZDR901", "name": "syntax-error", "count": 2}]
    assert len(document["results"]) == 2


def test_statistics_as_sarif_is_a_valid_sarif_log(broken: Path) -> None:
    result = run(["--statistics", "--format", "sarif"])
    document = json.loads(result.stdout)
    Draft7Validator(SARIF_SCHEMA).validate(document)
    (run_,) = document["runs"]
    assert run_["properties"]["statistics"] == [
        {"code": "ZDR901", "name": "syntax-error", "count": 2}
    ]


def test_statistics_has_no_form_in_the_other_machine_formats(broken: Path) -> None:
    for name in ("github", "gitlab", "junit"):
        result = run(["--statistics", "--format", name])
        assert result.exit_code == 2
        assert "--statistics" in result.stderr
