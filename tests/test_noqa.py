"""``# noqa``, ``# zdr-lint: skip-file`` and ``--show-suppressed``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import run, write

from zdr_lint.findings import Finding
from zdr_lint.noqa import Suppressions


def finding(line: int, code: str = "ZDR101", noqa_lines=(0, 0)) -> Finding:
    return Finding("m.py", line, 1, code, "leak", noqa_lines=noqa_lines)


def reason(text: str, line: int = 1, code: str = "ZDR101", noqa_lines=(0, 0)):
    return Suppressions.scan(text).reason(finding(line, code, noqa_lines))


@pytest.mark.parametrize(
    "comment",
    [
        "# noqa",
        "# NOQA",
        "#noqa",
        "# noqa: ZDR101",
        "# noqa:ZDR101",
        "# noqa: ZDR102,ZDR101",
        "# noqa: ZDR102, ZDR101",
        "# noqa:ZDR102 ZDR101",
        "# noqa: zdr101",
        "# noqa: ZDR1",
        "# type: ignore  # noqa: ZDR101",
    ],
)
def test_comments_that_suppress(comment: str) -> None:
    assert reason(f"log(text)  {comment}\n") == "noqa"


@pytest.mark.parametrize(
    "comment",
    ["# noqa: ZDR102", "# noqa: E501", "# noqa: ZDR1010", "# noqa: ZDR2", "# not noqa-ed", ""],
)
def test_comments_that_do_not(comment: str) -> None:
    assert reason(f"log(text)  {comment}\n") is None


def test_only_the_reported_line_without_a_statement_range() -> None:
    text = "a = 1  # noqa\nlog(text)\n"
    assert reason(text, line=1) == "noqa"
    assert reason(text, line=2) is None


def test_any_line_of_a_multi_line_statement() -> None:
    text = "logger.info(\n    'x %s',\n    text,  # noqa: ZDR101\n)\nother()\n"
    assert reason(text, line=1, noqa_lines=(1, 4)) == "noqa"
    assert reason(text, line=1) is None
    assert reason(text, line=5, noqa_lines=(5, 5)) is None


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_line_endings_count_as_python_counts_them(newline: str) -> None:
    text = newline.join(["a = 1", "b = 2", "log(text)  # noqa", ""])
    assert reason(text, line=3) == "noqa"
    assert reason(text, line=2) is None


def test_form_feed_is_not_a_line_break() -> None:
    assert reason("a = 1\x0cb = 2\nlog(text)  # noqa\n", line=2) == "noqa"


def test_skip_file_anywhere() -> None:
    text = "import os\n\n# zdr-lint: skip-file\nlog(text)\n"
    assert reason(text, line=4) == "skip-file"
    assert reason("x = 1  #  ZDR-LINT:skip-file\n", line=9, code="ZDR901") == "skip-file"
    assert reason("# zdr-lint: skip-files-later\n", line=1) is None


# --- end to end, with syntax errors as the findings ------------------------------------------


@pytest.fixture
def suppressed(project: Path) -> Path:
    return write(
        project,
        {
            "noqa.py": "import anthropic\nx = = 1  # noqa: ZDR901\n",
            "other_code.py": "import anthropic\nx = = 1  # noqa: E999\n",
            "skipped.py": "# zdr-lint: skip-file\nimport anthropic\nx = = 1\n",
        },
    )


def test_suppressed_findings_are_hidden_and_do_not_count(suppressed: Path) -> None:
    result = run(["noqa.py", "skipped.py"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_noqa_for_another_tool_does_not_suppress(suppressed: Path) -> None:
    result = run(["other_code.py"])
    assert result.exit_code == 1
    assert "other_code.py:2:" in result.stdout


def test_show_suppressed_marks_them_and_keeps_exit_zero(suppressed: Path) -> None:
    result = run(["--show-suppressed", "noqa.py", "skipped.py"])
    assert result.exit_code == 0
    out = result.stdout.splitlines()
    assert len(out) == 2
    assert out[0].startswith("noqa.py:2:") and out[0].endswith("[suppressed: noqa]")
    assert out[1].startswith("skipped.py:3:") and out[1].endswith("[suppressed: skip-file]")


def test_show_suppressed_in_json(suppressed: Path) -> None:
    result = run(["--show-suppressed", "--format", "json", "."])
    document = json.loads(result.stdout)
    flags = {(r["path"], r["suppressed"], r["suppression"]) for r in document["results"]}
    assert flags == {
        ("noqa.py", True, "noqa"),
        ("other_code.py", False, None),
        ("skipped.py", True, "skip-file"),
    }
    assert document["summary"]["findings"] == 1
    assert document["summary"]["suppressed"] == 2
    assert result.exit_code == 1
