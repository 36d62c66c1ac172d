"""``--diff-from REF``: findings on lines changed since a git revision only, with the analysis
still over the whole project (issue 15). Real git repositories in a temporary folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import CLAUDE_WRAPPER, lines, run, write

from zdr_lint.changes import parse_diff

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

LLM = CLAUDE_WRAPPER
OLD_VIEW = """\
import logging

from app.llm import ask

logger = logging.getLogger(__name__)


def old(question):
    logger.info(ask(question))
"""
NEW_VIEW = (
    OLD_VIEW
    + """

def new(question):
    logger.warning(
        ask(question),
    )
"""
)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(project: Path) -> Path:
    git(project, "init", "-q")
    git(project, "config", "user.email", "dev@example.com")
    git(project, "config", "user.name", "Dev")
    write(
        project,
        {
            "pyproject.toml": "[tool.zdr-lint]\n",
            ".gitignore": ".zdr_lint_cache/\n",
            "app/__init__.py": "",
            "app/llm.py": LLM,
            "app/view.py": OLD_VIEW,
        },
    )
    git(project, "add", ".")
    git(project, "commit", "-q", "-m", "base")
    git(project, "tag", "base")
    return project


def files_and_lines(result) -> list[tuple[str, int]]:
    return [(line.split(":")[0], int(line.split(":")[1])) for line in lines(result)]


def test_only_findings_on_changed_lines_are_reported(repo: Path) -> None:
    write(repo, {"app/view.py": NEW_VIEW})
    git(repo, "commit", "-qam", "new view")
    assert files_and_lines(run(["."])) == [("app/view.py", 9), ("app/view.py", 13)]
    result = run(["--diff-from", "base", "."])
    assert result.exit_code == 1
    # the new call spans lines 13-15; its source is in llm.py, which did not change
    assert files_and_lines(result) == [("app/view.py", 13)]
    assert run(["--diff-from", "HEAD", "."]).stdout == ""  # nothing changed since HEAD


def test_uncommitted_and_untracked_files_count_as_changed(repo: Path) -> None:
    write(repo, {"app/view.py": OLD_VIEW.replace("logger.info", "logger.error")})
    write(repo, {"app/brand_new.py": OLD_VIEW})
    result = run(["--diff-from", "HEAD", "."])
    assert files_and_lines(result) == [("app/brand_new.py", 9), ("app/view.py", 9)]


def test_a_change_in_another_module_alone_reports_nothing_new(repo: Path) -> None:
    """The analysis covers the whole project: a change to llm.py does not report view.py."""
    write(repo, {"app/llm.py": LLM.replace("max_tokens=512", "max_tokens=1024")})
    result = run(["--diff-from", "base", "."])
    assert (result.exit_code, result.stdout) == (0, "")


def test_an_unknown_revision_is_a_usage_error(repo: Path) -> None:
    result = run(["--diff-from", "no-such-ref", "."])
    assert result.exit_code == 2
    assert "'no-such-ref' is not a commit" in result.stderr


def test_outside_a_git_work_tree_is_a_usage_error(project: Path) -> None:
    write(project, {"a.py": "x = 1\n"})
    result = run(["--diff-from", "HEAD", "."])
    assert result.exit_code == 2
    assert "git" in result.stderr


def test_parse_diff_reads_hunks_quoted_names_and_binary_files(tmp_path: Path) -> None:
    diff = (
        "diff --git a/x.py b/x.py\n"
        "--- a/x.py\n"
        "+++ b/x.py\n"
        "@@ -3 +3 @@\n"
        "-a\n"
        "+b\n"
        "@@ -10,0 +11,2 @@\n"
        "+c\n"
        "+d\n"
        "@@ -20,2 +22,0 @@\n"
        '--- "a/caf\\303\\251.py"\n'
        '+++ "b/caf\\303\\251.py"\n'
        "@@ -1 +1 @@\n"
        "Binary files a/bin.py and b/bin.py differ\n"
        "diff --git a/gone.py b/gone.py\n"
        "+++ /dev/null\n"
        "@@ -1,4 +0,0 @@\n"
    )
    tmp_path = tmp_path.resolve()
    changed = parse_diff(diff, tmp_path)
    assert changed.lines[str(tmp_path / "x.py")] == {3, 11, 12}
    assert changed.lines[str(tmp_path / "caf\u00e9.py")] == {1}
    assert changed.lines[str(tmp_path / "bin.py")] is None
    assert str(tmp_path / "gone.py") not in changed.lines
