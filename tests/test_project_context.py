"""Files named on the command line are analysed with their project (issue 15): the modules they
import, from the project around them, are read too, and only the named files are reported.
``--no-project`` analyses the named files alone, as before."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from conftest import lines, run, write

REPO = Path(__file__).resolve().parent.parent

LLM = """\
import anthropic

client = anthropic.Anthropic()


def ask(question: str) -> str:
    reply = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=512,
        messages=[{"role": "user", "content": question}],
    )
    print(reply)
    return reply.content[0].text
"""
WEB = """\
import logging

from app.llm import ask

logger = logging.getLogger(__name__)


def handle(question):
    logger.info(ask(question))
"""
CROSS = "app/web.py:9:5: ZDR101 Claude completion data from messages.create (app/llm.py:7)"


def make(root: Path, config: bool = True) -> None:
    files = {"app/__init__.py": "", "app/llm.py": LLM, "app/web.py": WEB}
    if config:
        files["pyproject.toml"] = '[tool.zdr-lint]\nextend-select = ["ZDR106"]\n'
    write(root, files)


def test_support_bot_web_reports_its_cross_module_findings(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(REPO)
    found = run(["--no-cache", "examples/support_bot/web.py"])
    assert found.exit_code == 1
    out = lines(found)
    assert len(out) == 4, out
    assert all(line.startswith("examples/support_bot/web.py:") for line in out)
    assert {line.split()[1] for line in out} == {"ZDR102", "ZDR201", "ZDR202", "ZDR305"}
    alone = run(["--no-cache", "--no-project", "examples/support_bot/web.py"])
    assert (alone.exit_code, alone.stdout) == (0, "")


def test_named_file_is_analysed_with_the_modules_it_imports(project: Path) -> None:
    make(project)
    found = run(["app/web.py"])
    assert found.exit_code == 1
    assert [line[: len(CROSS)] for line in lines(found)] == [CROSS]  # llm.py's print: not named
    alone = run(["--no-project", "app/web.py"])
    assert (alone.exit_code, alone.stdout) == (0, "")


def test_the_git_work_tree_then_the_working_directory_is_the_project(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    make(project, config=False)
    assert lines(run(["app/web.py"]))[0].startswith(CROSS)  # the working directory
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    outside = run([project / "app" / "web.py"])
    assert (outside.exit_code, outside.stdout) == (0, "")  # no project around the file
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    in_git = run([project / "app" / "web.py"])
    assert in_git.exit_code == 1
    assert "ZDR101 Claude completion data from messages.create" in in_git.stdout


def test_folders_and_files_together(project: Path) -> None:
    make(project)
    write(project, {"other/__init__.py": "", "other/clean.py": "x = 1\n"})
    found = run(["other", "app/web.py"])
    assert [line[: len(CROSS)] for line in lines(found)] == [CROSS]
    whole = run(["app"])  # a folder: every file in it is reported, as before
    assert {line.split(":")[0] for line in lines(whole)} == {"app/llm.py", "app/web.py"}


def test_excluded_context_modules_are_not_read(project: Path) -> None:
    make(project)
    write(project, {"pyproject.toml": '[tool.zdr-lint]\nextend-exclude = ["app/llm.py"]\n'})
    found = run(["app/web.py"])
    assert (found.exit_code, found.stdout) == (0, "")
