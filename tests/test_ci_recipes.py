"""The README's CI and editor recipes, taken from the README itself and run for real: the
commands they hold are run in a subprocess on a leaking project, and what they produce is
validated against the official SARIF schema, the Code Quality report's fields, JUnit XML and
the patterns the
editor settings parse."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from conftest import write
from jsonschema import Draft7Validator
from test_editor import LLM, WEB_BUFFER, WEB_ON_DISK

yaml = pytest.importorskip("yaml")  # pre-commit depends on PyYAML

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
CODE_QUALITY_SCHEMA = json.loads(
    (ROOT / "tests" / "data" / "gitlab-code-quality.schema.json").read_text()
)
FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def section(title: str) -> str:
    """The README text under the heading ``title`` down to the next heading of its level
    (lines in fenced code blocks, such as YAML comments, are not headings)."""
    out, level, fenced = [], 0, False
    for line in README.splitlines(keepends=True):
        heading = re.match(r"(#+) (.*)\n", line) if not fenced else None
        if heading and level and len(heading.group(1)) <= level:
            break
        if level:
            out.append(line)
        elif heading and heading.group(2) == title:
            level = len(heading.group(1))
        if line.startswith("```"):
            fenced = not fenced
    assert level, f"README has no section '{title}'"
    return "".join(out)


def blocks(title: str, language: str) -> list:
    return [body for lang, body in FENCE.findall(section(title)) if lang == language]


def zdr_lint(command: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run a README command line that starts with ``zdr-lint``, as a real process."""
    args = shlex.split(command)
    assert args[0] == "zdr-lint", command
    return subprocess.run(
        [sys.executable, "-m", "zdr_lint", *args[1:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=300,
    )


@pytest.fixture
def leaking(project: Path) -> Path:
    """A project with a flow across modules (source in llm.py, sink in web.py)."""
    return write(
        project,
        {
            "pyproject.toml": "[tool.zdr-lint]\n",
            "app/__init__.py": "",
            "app/llm.py": LLM,
            "app/web.py": WEB_BUFFER,
            "ok.py": "x = 1\n",
        },
    )


def test_precommit_recipe_names_the_hook_this_repository_declares() -> None:
    (config,) = blocks("pre-commit", "yaml")
    (repo,) = yaml.safe_load(config)["repos"]
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text())
    assert [hook["id"] for hook in repo["hooks"]] == [hook["id"] for hook in hooks]
    (hook,) = hooks
    assert set(hook["types_or"]) == {"python", "jupyter"}
    assert "--force-exclude" in hook["entry"]


def test_github_actions_recipe_produces_valid_sarif_with_code_flows(leaking: Path) -> None:
    (workflow_text,) = blocks("GitHub Actions and code scanning", "yaml")
    workflow = yaml.safe_load(workflow_text)
    (job,) = workflow["jobs"].values()
    assert job["permissions"]["security-events"] == "write"
    steps = job["steps"]
    (lint_step,) = [s for s in steps if s.get("run", "").startswith("zdr-lint")]
    (upload,) = [
        s for s in steps if s.get("uses", "").startswith("github/codeql-action/upload-sarif")
    ]
    assert upload["if"] == "always()"
    command = lint_step["run"]
    output = shlex.split(command)[shlex.split(command).index("-o") + 1]
    assert upload["with"]["sarif_file"] == output

    done = zdr_lint(command, leaking)
    assert done.returncode == 1, done.stderr  # findings: the upload step still runs (always())
    document = json.loads((leaking / output).read_text())
    Draft7Validator(SARIF_SCHEMA).validate(document)
    run = document["runs"][0]
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert rules["ZDR101"]["help"]["markdown"].startswith("**ZDR101 log**")
    assert "Why it matters" in rules["ZDR101"]["help"]["text"]
    (result,) = run["results"]
    assert result["ruleId"] == "ZDR101"
    assert result["partialFingerprints"]
    hops = result["codeFlows"][0]["threadFlows"][0]["locations"]
    files = [hop["location"]["physicalLocation"]["artifactLocation"]["uri"] for hop in hops]
    assert files[0] == "app/llm.py" and files[-1] == "app/web.py"  # source to sink
    assert all(hop["location"]["message"]["text"] for hop in hops)


def test_gitlab_recipe_publishes_a_code_quality_report_and_fails_the_job(leaking: Path) -> None:
    (config,) = blocks("GitLab CI", "yaml")
    (job,) = yaml.safe_load(config).values()
    commands = [line for line in job["script"] if line.startswith("zdr-lint")]
    assert job["artifacts"]["when"] == "always"
    report = job["artifacts"]["reports"]["codequality"]
    results = [zdr_lint(command, leaking) for command in commands]
    assert [r.returncode for r in results] == [0, 1]  # the report is kept, then the job fails
    assert "app/web.py:10:5: ZDR101" in results[1].stdout
    assert "    source  app/llm.py:7:13: " in results[1].stdout  # the flow, in the job log
    issues = json.loads((leaking / report).read_text())
    Draft7Validator(CODE_QUALITY_SCHEMA).validate(issues)
    (issue,) = issues
    assert issue["check_name"] == "ZDR101"
    assert issue["location"] == {"path": "app/web.py", "lines": {"begin": 10}}


def test_gitlab_recipe_junit_alternative_writes_a_test_report(leaking: Path) -> None:
    text = section("GitLab CI")
    (flags,) = re.findall(r"`(--format junit -o \S+)`", text)
    assert "reports: junit:" in text
    done = zdr_lint(f"zdr-lint {flags} .", leaking)
    assert done.returncode == 1
    root = ET.parse(leaking / flags.split()[-1]).getroot()
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "1", "1")


def test_vscode_task_problem_matcher_reads_real_output(leaking: Path) -> None:
    tasks = [json.loads(b) for b in blocks("VS Code", "json")]
    settings, task_file = tasks
    assert settings["flake8.importStrategy"] == "fromEnvironment"
    (task,) = task_file["tasks"]
    matcher = task["problemMatcher"]["pattern"]
    pattern = re.compile(matcher["regexp"])  # the same syntax in JavaScript and Python
    done = zdr_lint(task["command"], leaking)
    (line,) = done.stdout.splitlines()
    match = pattern.match(line)
    assert match
    groups = {key: match.group(matcher[key]) for key in ("file", "line", "column", "code")}
    assert groups == {"file": "app/web.py", "line": "10", "column": "5", "code": "ZDR101"}
    assert match.group(matcher["message"]).startswith("Claude completion data")


def _errorformat(format_: str) -> re.Pattern:
    """The subset of Vim's errorformat used by the recipes: %f %l %c %m."""
    parts = {"%f": r"(?P<f>.+?)", "%l": r"(?P<l>\d+)", "%c": r"(?P<c>\d+)", "%m": r"(?P<m>.+)"}
    return re.compile("^" + re.sub("%[flcm]", lambda m: parts[m.group()], format_) + "$")


def test_efm_langserver_recipe_lints_the_buffer_with_its_project(leaking: Path) -> None:
    (config,) = blocks("Neovim", "yaml")
    (tool,) = yaml.safe_load(config)["tools"].values()
    assert tool["lint-stdin"] is True and tool["lint-ignore-exit-code"] is True
    command = tool["lint-command"].replace("${INPUT}", str(leaking / "app" / "web.py"))
    write(leaking, {"app/web.py": WEB_ON_DISK})  # the buffer is not saved
    args = shlex.split(command)
    done = subprocess.run(
        [sys.executable, "-m", "zdr_lint", *args[1:]],
        cwd=leaking,
        input=WEB_BUFFER,
        capture_output=True,
        text=True,
        timeout=300,
    )
    (line,) = done.stdout.splitlines()
    (format_,) = tool["lint-formats"]
    match = _errorformat(format_).match(line)
    assert match and match.group("f", "l", "c") == ("app/web.py", "10", "5")


def test_nvim_lint_recipe_uses_stdin_and_the_same_format() -> None:
    (lua,) = blocks("Neovim", "lua")
    assert '"--stdin-filename"' in lua and "stdin = true" in lua
    assert 'from_errorformat("%f:%l:%c: %m"' in lua
    assert "ignore_exitcode = true" in lua
