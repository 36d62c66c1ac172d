"""The output formats, fed with findings built by hand and with real runs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import SYNTAX_ERROR, run, write
from jsonschema import Draft7Validator

from zdr_lint.catalog import load_catalog
from zdr_lint.findings import Finding, Location, Step
from zdr_lint.output import FORMATTERS, RenderContext, render
from zdr_lint.output import statistics as statistics_output
from zdr_lint.output.github import escape_data, escape_property
from zdr_lint.report import FileError, Report, Reported, fingerprint

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text())
JSON_SCHEMA = json.loads((ROOT / "docs" / "zdr-lint-output.schema.json").read_text())
CATALOG = load_catalog()

FLOW = Finding(
    path="app/chat.py",
    line=18,
    column=5,
    code="ZDR101",
    message="Claude completion reaches logger.info",
    end_line=18,
    end_column=57,
    noqa_lines=(18, 18),
    source=Step(Location("app/chat.py", 12, 13), "completion returned by messages.create"),
    steps=(Step(Location("app/chat.py", 17, 5), "assigned to text"),),
    context="answer",
    sink_expr="logger.info(text)",
)
CELL = Finding("nb/explore.ipynb", 2, 1, "ZDR302", "Claude prompt posted with requests", cell=3)
SYNTAX = Finding("app/broken.py", 2, 1, "ZDR901", "syntax error, file not analysed")
HIDDEN = Finding("app/chat.py", 30, 9, "ZDR102", "completion stored with cursor.execute")
ODD = Finding("we,ird:name.py", 1, 1, "ZDR307", "100% sure,\nsecond: line\r")


def report(*results: Reported, errors=()) -> Report:
    return Report(results=list(results), errors=list(errors), files_checked=4)


FULL = report(
    Reported(SYNTAX),
    Reported(HIDDEN, "noqa"),
    Reported(CELL),
    Reported(FLOW),
    errors=[FileError("app/crash.py", "internal error (ValueError: x); this file was not checked")],
)
CTX = RenderContext(catalog=CATALOG, color=False, cwd=Path("/work/project"))


def test_text_is_flake8_lines_sorted() -> None:
    assert render("text", FULL, CTX).splitlines() == [
        "app/broken.py:2:1: ZDR901 syntax error, file not analysed",
        "app/chat.py:18:5: ZDR101 Claude completion reaches logger.info",
        "app/chat.py:30:9: ZDR102 completion stored with cursor.execute [suppressed: noqa]",
        "nb/explore.ipynb:cell 3:2:1: ZDR302 Claude prompt posted with requests",
    ]


def test_grouped_has_a_header_per_file() -> None:
    assert render("grouped", FULL, CTX) == (
        "app/broken.py\n"
        "  2:1        ZDR901  syntax error, file not analysed\n"
        "\n"
        "app/chat.py\n"
        "  18:5       ZDR101  Claude completion reaches logger.info\n"
        "  30:9       ZDR102  completion stored with cursor.execute [suppressed: noqa]\n"
        "\n"
        "nb/explore.ipynb\n"
        "  cell 3:2:1 ZDR302  Claude prompt posted with requests\n"
    )


@pytest.mark.parametrize("name", ["text", "grouped", "full"])
def test_colour_only_when_the_context_says_so(name: str) -> None:
    plain = render(name, FULL, CTX)
    coloured = render(name, FULL, RenderContext(CATALOG, color=True, cwd=CTX.cwd))
    assert "\x1b[" not in plain
    assert "\x1b[31m" in coloured  # errors in red
    assert "\x1b[33m" in render(name, report(Reported(ODD)), RenderContext(CATALOG, True))


def test_github_commands_and_escaping() -> None:
    assert escape_data("a%b\r\nc") == "a%25b%0D%0Ac"
    assert escape_property("x,y:z%") == "x%2Cy%3Az%25"
    assert render("github", report(Reported(FLOW), Reported(ODD), Reported(CELL)), CTX) == (
        "::error file=app/chat.py,line=18,col=5,endLine=18,endColumn=57,title=ZDR101"
        "::Claude completion reaches logger.info\n"
        "::error file=nb/explore.ipynb,title=ZDR302"
        "::cell 3, line 2: Claude prompt posted with requests\n"
        "::warning file=we%2Cird%3Aname.py,line=1,col=1,title=ZDR307"
        "::100%25 sure,%0Asecond: line%0D\n"
    )


def test_github_suppressed_and_errors() -> None:
    out = render("github", FULL, CTX).splitlines()
    assert "::notice file=app/chat.py,line=30,col=9,title=ZDR102::[suppressed: noqa] " in out[2]
    assert out[-1].startswith("::error file=app/crash.py,title=zdr-lint::internal error")


def test_json_validates_and_carries_the_flow() -> None:
    document = json.loads(render("json", FULL, CTX))
    Draft7Validator(JSON_SCHEMA).validate(document)
    assert document["version"] == 1
    assert document["summary"] == {"files": 4, "findings": 3, "suppressed": 1, "errors": 1}
    flow = next(r for r in document["results"] if r["code"] == "ZDR101")
    assert flow["name"] == "log"
    assert flow["severity"] == "error"
    assert flow["lesson"]["key"] == "own-storage"
    assert flow["lesson"]["words"] == "Storage within your own application servers and databases"
    assert flow["source"] == {
        "path": "app/chat.py",
        "line": 12,
        "column": 13,
        "note": "completion returned by messages.create",
    }
    assert [s["line"] for s in flow["steps"]] == [17]
    assert (flow["end_line"], flow["end_column"]) == (18, 57)
    assert flow["fingerprint"] == fingerprint(FLOW)
    cell = next(r for r in document["results"] if r["code"] == "ZDR302")
    assert (cell["cell"], cell["end_line"], cell["source"]) == (3, None, None)
    assert document["errors"] == [
        {"path": "app/crash.py", "message": FULL.errors[0].message},
    ]


def test_json_schema_rejects_what_it_should() -> None:
    document = json.loads(render("json", FULL, CTX))
    document["results"][0]["line"] = 0
    assert list(Draft7Validator(JSON_SCHEMA).iter_errors(document))
    document = json.loads(render("json", FULL, CTX))
    document["results"][0]["surprise"] = True
    assert list(Draft7Validator(JSON_SCHEMA).iter_errors(document))


def sarif(rep: Report) -> dict:
    document = json.loads(render("sarif", rep, CTX))
    Draft7Validator(SARIF_SCHEMA).validate(document)
    return document


def test_sarif_validates_and_describes_every_rule() -> None:
    run_ = sarif(FULL)["runs"][0]
    driver = run_["tool"]["driver"]
    assert driver["name"] == "zdr-lint"
    assert driver["informationUri"].startswith("https://")
    ids = [rule["id"] for rule in driver["rules"]]
    assert ids == sorted(CATALOG.rules)
    log = driver["rules"][ids.index("ZDR101")]
    assert log["name"] == "log"
    assert log["shortDescription"]["text"] == CATALOG.rules["ZDR101"].summary
    assert "### Why it matters" in log["help"]["markdown"]
    assert "Why it matters" in log["help"]["text"]
    assert log["defaultConfiguration"] == {"level": "error", "enabled": True}
    assert log["properties"]["tags"] == ["security", "own-storage"]
    stdout = driver["rules"][ids.index("ZDR106")]
    assert stdout["defaultConfiguration"]["enabled"] is False


def test_sarif_results() -> None:
    run_ = sarif(FULL)["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    results = {r["ruleId"]: r for r in run_["results"]}
    for result in run_["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
    flow = results["ZDR101"]
    location = flow["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "app/chat.py", "uriBaseId": "SRCROOT"}
    assert location["region"] == {"startLine": 18, "startColumn": 5, "endLine": 18, "endColumn": 57}
    assert flow["partialFingerprints"] == {"zdrLint/v1": fingerprint(FLOW)}
    hops = flow["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [h["location"]["physicalLocation"]["region"]["startLine"] for h in hops] == [12, 17, 18]
    assert hops[0]["location"]["message"]["text"] == "completion returned by messages.create"
    assert "codeFlows" not in results["ZDR901"]
    assert "suppressions" not in results["ZDR901"]
    assert results["ZDR102"]["suppressions"][0]["kind"] == "inSource"
    cell = results["ZDR302"]["locations"][0]
    assert cell["properties"] == {"cell": 3, "cellLine": 2, "cellColumn": 1}
    assert cell["physicalLocation"]["region"]["startLine"] == 2  # no notebook file to place it in
    invocation = run_["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "ValueError" in invocation["toolExecutionNotifications"][0]["message"]["text"]
    assert run_["originalUriBaseIds"]["SRCROOT"]["uri"] == "file:///work/project/"


def test_sarif_levels_and_paths_outside_the_working_directory() -> None:
    outside = Finding("../elsewhere/x y.py", 1, 1, "ZDR307", "gateway")
    result = sarif(report(Reported(outside)))["runs"][0]["results"][0]
    assert CATALOG.rules["ZDR307"].severity == "warning"
    assert result["level"] == "warning"
    uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "file:///work/elsewhere/x%20y.py"


def test_sarif_schema_catches_a_broken_document() -> None:
    document = sarif(FULL)
    document["runs"][0]["results"][0]["level"] = "fatal"
    assert list(Draft7Validator(SARIF_SCHEMA).iter_errors(document))


def test_every_format_handles_an_empty_report() -> None:
    for name in FORMATTERS:
        out = render(name, report(), CTX)
        if name in ("json", "sarif", "gitlab"):
            json.loads(out)
        elif name == "junit":
            assert "<testsuites" in out
        else:
            assert out == ""


def test_statistics_counts_active_findings_by_code() -> None:
    rep = report(Reported(SYNTAX), Reported(FLOW), Reported(HIDDEN, "noqa"), Reported(FLOW))
    assert statistics_output.render(rep, CTX) == "2  ZDR101  log\n1  ZDR901  syntax-error\n"
    assert json.loads(statistics_output.render(rep, CTX, "json"))["statistics"] == [
        {"code": "ZDR101", "name": "log", "count": 2},
        {"code": "ZDR901", "name": "syntax-error", "count": 1},
    ]


# --- real runs -------------------------------------------------------------------------------


@pytest.fixture
def broken(project: Path) -> Path:
    return write(project, {"src/bad.py": SYNTAX_ERROR, "src/enc.py": b"\xff  # claude\n"})


def test_real_json_output_validates(broken: Path) -> None:
    result = run(["--format", "json"])
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    Draft7Validator(JSON_SCHEMA).validate(document)
    assert [r["code"] for r in document["results"]] == ["ZDR901", "ZDR902"]
    assert document["summary"]["files"] == 1


def test_real_sarif_output_validates(broken: Path) -> None:
    result = run(["--format", "sarif", "--output-file", "out.sarif"])
    assert result.exit_code == 1
    document = json.loads((broken / "out.sarif").read_text())
    Draft7Validator(SARIF_SCHEMA).validate(document)
    uris = [
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
        for r in document["runs"][0]["results"]
    ]
    assert uris == ["src/bad.py", "src/enc.py"]


def test_real_github_and_grouped_output(broken: Path) -> None:
    github = run(["--format", "github"]).stdout.splitlines()
    assert github[0].startswith("::error file=src/bad.py,line=")
    assert github[1] == (
        "::error file=src/enc.py,line=1,col=1,title=ZDR902::cannot decode as utf-8 "
        "(byte 0xff at offset 0); nothing in this file was checked"
    )
    grouped = run(["--format", "grouped"]).stdout
    assert grouped.startswith("src/bad.py\n  ")
    assert "\nsrc/enc.py\n  1:1        ZDR902  cannot decode" in grouped
