"""Baselines: ``--write-baseline`` records today's findings, ``--baseline`` reports only new
ones, fingerprints survive edits that move lines, and fixed findings are counted as gone."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import SYNTAX_ERROR, lines, run, write
from jsonschema import Draft7Validator

from zdr_lint.baseline import Baseline, identity
from zdr_lint.findings import Finding

ROOT = Path(__file__).resolve().parent.parent
JSON_SCHEMA = json.loads((ROOT / "docs" / "zdr-lint-output.schema.json").read_text())
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())

CHAT = """\
import logging

import anthropic

logger = logging.getLogger(__name__)
client = anthropic.Anthropic()


def answer(question: str) -> str:
    reply = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=512,
        messages=[{"role": "user", "content": question}],
    )
    text = reply.content[0].text
    logger.info(text)
    return text


def summary(question: str) -> None:
    reply = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=512,
        messages=[{"role": "user", "content": question}],
    )
    logger.warning(reply.content[0].text)
"""
UNRELATED = '''\
import os

TIMEOUT = int(os.environ.get("TIMEOUT", "30"))


def helper() -> int:
    """Nothing to do with Claude."""
    return TIMEOUT
'''


def baseline_file(project: Path) -> dict:
    return json.loads((project / ".zdr-baseline.json").read_text())


def write_baseline(*paths: str):
    return run(["--write-baseline", ".zdr-baseline.json", *paths])


def test_write_then_nothing_new(project: Path) -> None:
    write(project, {"app/chat.py": CHAT, "app/broken.py": SYNTAX_ERROR})
    assert len(lines(run([]))) == 3
    written = write_baseline()
    assert written.exit_code == 0
    assert written.stdout == ""
    assert "wrote 3 findings in 2 files to the baseline .zdr-baseline.json" in written.stderr
    document = baseline_file(project)
    assert document["version"] == 1
    assert document["tool"] == "zdr-lint"
    assert document["total"] == 3
    keys = [(e["path"], e["code"], e["context"], e["sink"]) for e in document["findings"]]
    assert keys == sorted(keys)
    assert [e["code"] for e in document["findings"]] == ["ZDR901", "ZDR101", "ZDR101"]
    assert all("line" not in entry for entry in document["findings"])
    again = run(["--baseline", ".zdr-baseline.json"])
    assert (again.exit_code, again.stdout, again.stderr) == (0, "", "")


def test_writing_is_stable(project: Path) -> None:
    write(project, {"app/chat.py": CHAT})
    write_baseline()
    first = (project / ".zdr-baseline.json").read_bytes()
    write_baseline()
    assert (project / ".zdr-baseline.json").read_bytes() == first


def test_moving_code_down_keeps_findings_baselined(project: Path) -> None:
    write(project, {"app/chat.py": CHAT})
    write_baseline()
    moved = CHAT.replace("import logging\n", "import logging\n" + "\n" * 7 + "# notes\n" * 5)
    moved = moved.replace("\n\ndef answer", "\n\n" + UNRELATED.split("\n", 3)[3] + "\n\ndef answer")
    write(project, {"app/chat.py": moved})
    plain = lines(run([]))
    assert [line.split(":")[1] for line in plain] != ["16", "26"]  # the lines did move
    result = run(["--baseline", ".zdr-baseline.json"])
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_a_new_leak_is_reported(project: Path) -> None:
    write(project, {"app/chat.py": CHAT})
    write_baseline()
    # a second identical sink in the same function: same identity, one more than recorded
    twice = CHAT.replace(
        "    logger.info(text)\n", "    logger.info(text)\n    logger.info(text)\n"
    )
    # and a leak in a new function
    extra = "\n\ndef shout(q: str) -> None:\n    logger.error(answer(q))\n"
    write(project, {"app/chat.py": twice + extra})
    result = run(["--baseline", ".zdr-baseline.json"])
    assert result.exit_code == 1
    out = lines(result)
    assert [line.split(": ")[1].split()[0] for line in out] == ["ZDR101", "ZDR101"]
    assert out[0].startswith("app/chat.py:17:5: ")  # the second logger.info(text)
    assert "logging.Logger.error" in out[1]


def test_fixed_findings_are_counted_as_gone(project: Path) -> None:
    write(project, {"app/chat.py": CHAT, "other/more.py": CHAT})
    write_baseline()
    fixed = CHAT.replace("logger.info(text)", "logger.info(reply.id)")
    write(project, {"app/chat.py": fixed})
    result = run(["--baseline", ".zdr-baseline.json"])
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == (
        "zdr-lint: 1 finding in the baseline .zdr-baseline.json is gone (fixed, or moved to "
        "another function or file); refresh it with --write-baseline\n"
    )
    # Linting one folder does not count the other folder's entries as gone.
    assert run(["--baseline", ".zdr-baseline.json", "other"]).stderr == ""
    # Nor do rules this run did not select.
    assert run(["--baseline", ".zdr-baseline.json", "--select", "ZDR9"]).stderr == ""


def test_moving_a_leak_to_another_function_is_new(project: Path) -> None:
    write(project, {"app/chat.py": CHAT})
    write_baseline()
    write(project, {"app/chat.py": CHAT.replace("def summary(", "def digest(")})
    result = run(["--baseline", ".zdr-baseline.json"])
    assert result.exit_code == 1
    assert "1 finding in the baseline" in result.stderr


def test_show_suppressed_marks_baselined_findings_and_formats_validate(project: Path) -> None:
    write(project, {"app/chat.py": CHAT})
    write_baseline()
    shown = run(["--baseline", ".zdr-baseline.json", "--show-suppressed"])
    assert shown.exit_code == 0
    assert all(line.endswith("[suppressed: baseline]") for line in lines(shown))
    document = json.loads(
        run(["--baseline", ".zdr-baseline.json", "--show-suppressed", "--format", "json"]).stdout
    )
    Draft7Validator(JSON_SCHEMA).validate(document)
    assert {r["suppression"] for r in document["results"]} == {"baseline"}
    assert document["summary"]["findings"] == 0
    sarif = json.loads(
        run(["--baseline", ".zdr-baseline.json", "--show-suppressed", "--format", "sarif"]).stdout
    )
    Draft7Validator(SARIF_SCHEMA).validate(sarif)
    kinds = {s["kind"] for r in sarif["runs"][0]["results"] for s in r["suppressions"]}
    assert kinds == {"external"}


def test_baseline_from_the_configuration(project: Path) -> None:
    write(
        project,
        {
            "app/chat.py": CHAT,
            "pyproject.toml": '[tool.zdr-lint]\nbaseline = ".zdr-baseline.json"\n',
        },
    )
    missing = run([])
    assert missing.exit_code == 2
    assert "baseline file not found; create it with --write-baseline" in missing.stderr
    assert write_baseline().exit_code == 0  # writing ignores the configured baseline
    assert run([]).exit_code == 0
    assert len(lines(run(["--no-baseline"]))) == 2
    # the configured path is relative to the configuration file, wherever zdr-lint runs
    inside = subprocess.run(
        [sys.executable, "-m", "zdr_lint", "."], cwd=project / "app", capture_output=True, text=True
    )
    assert (inside.returncode, inside.stdout) == (0, "")


@pytest.mark.parametrize(
    "content, message",
    [
        ("not json", "not a zdr-lint baseline (not JSON"),
        ("{}", 'no "tool": "zdr-lint"'),
        ('{"tool": "zdr-lint", "version": 9, "findings": []}', "baseline version 9 is not 1"),
        ('{"tool": "zdr-lint", "version": 1, "findings": {}}', '"findings" must be a list'),
        ('{"tool": "zdr-lint", "version": 1, "findings": [{"code": 1}]}', "finding 1 lacks"),
    ],
)
def test_a_bad_baseline_is_a_usage_error(project: Path, content: str, message: str) -> None:
    write(project, {"app/chat.py": CHAT, "b.json": content})
    result = run(["--baseline", "b.json"])
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_baseline_and_write_baseline_together_is_a_usage_error(project: Path) -> None:
    result = run(["--baseline", "a.json", "--write-baseline", "b.json"])
    assert result.exit_code == 2


def test_identity_ignores_lines_and_whitespace() -> None:
    one = Finding("a.py", 10, 5, "ZDR101", "x (a.py:3)", context="m.f", sink_expr="logger.info|L")
    two = Finding(
        "a.py", 99, 1, "ZDR101", "x (a.py:90)", context="m.f", sink_expr="logger . info|L"
    )
    assert identity(one, "a.py") == identity(two, "a.py")
    problem = Finding("a.py", 4, 1, "ZDR901", "syntax error at line 4")
    moved = Finding("a.py", 9, 1, "ZDR901", "syntax error at line 9")
    assert identity(problem, "a.py") == identity(moved, "a.py")
    counted = Baseline.of([one, two], str)
    assert counted.total == 2 and len(counted.counts) == 1


def test_real_process(project: Path) -> None:
    write(project, {"src/app/chat.py": CHAT})

    def zdr(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "zdr_lint", *args], cwd=project, capture_output=True, text=True
        )

    assert zdr("--write-baseline", ".zdr-baseline.json", "src/").returncode == 0
    assert zdr("--baseline", ".zdr-baseline.json", "src/").returncode == 0
    write(
        project,
        {"src/app/chat.py": "\n\n" + CHAT + "\n\ndef new(q):\n    logger.info(answer(q))\n"},
    )
    found = zdr("--baseline", ".zdr-baseline.json", "src/")
    assert found.returncode == 1
    assert len(found.stdout.splitlines()) == 1
