"""Editor mode: ``zdr-lint --stdin-filename PATH -`` as an editor runs it, in a subprocess with
the buffer on standard input. The buffer is analysed with the rest of its project (so flows
through other modules are seen), under the project's configuration, and only the buffer's
findings are printed, as flake8-style lines."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from conftest import CLAUDE_WRAPPER, SYNTAX_ERROR, write

from zdr_lint.config import DEFAULT_CACHE_DIR

# What the README's editor settings parse (efm: %f:%l:%c: %m; nvim-lint: the same pattern).
EDITOR_LINE = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<col>\d+): (?P<code>ZDR\d{3}) (?P<msg>.+)$"
)

LLM = CLAUDE_WRAPPER
# A leak of its own in another file: never reported while editing web.py.
LLM_LEAKING = LLM.replace(
    "    return reply.content[0].text", "    print(reply)\n    return reply.content[0].text"
)
WEB_ON_DISK = """\
import logging

from app.llm import ask

logger = logging.getLogger(__name__)


def handle(question):
    return ask(question)
"""
# The unsaved buffer: the editor's version logs the answer.
WEB_BUFFER = """\
import logging

from app.llm import ask

logger = logging.getLogger(__name__)


def handle(question):
    answer = ask(question)
    logger.info(answer)
    return answer
"""
CROSS_MODULE = "app/web.py:10:5: ZDR101 Claude completion data from messages.create (app/llm.py:7)"


def editor(cwd: Path, filename: str, buffer: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "zdr_lint", *args, "--stdin-filename", filename, "-"],
        cwd=cwd,
        input=buffer,
        capture_output=True,
        text=True,
        timeout=300,
    )


def make_project(root: Path, config: str = "[tool.zdr-lint]\n") -> Path:
    files = {
        "app/__init__.py": "",
        "app/llm.py": LLM_LEAKING,
        "app/web.py": WEB_ON_DISK,
        "app/broken.py": SYNTAX_ERROR,
    }
    if config is not None:
        files["pyproject.toml"] = config
    return write(root, files)


def test_buffer_is_analysed_with_its_project(project: Path) -> None:
    make_project(project, '[tool.zdr-lint]\nextend-select = ["ZDR106"]\n')
    done = editor(project, "app/web.py", WEB_BUFFER)
    assert done.returncode == 1, done.stderr
    out = done.stdout.splitlines()
    assert len(out) == 1, out  # llm.py's print and broken.py's syntax error are not the buffer's
    assert out[0].startswith(CROSS_MODULE)
    match = EDITOR_LINE.match(out[0])
    assert match and match.group("file", "line", "col", "code") == (
        "app/web.py",
        "10",
        "5",
        "ZDR101",
    )
    # What is on disk for web.py does not leak: the buffer, not the file, was linted.
    assert (
        subprocess.run(
            [sys.executable, "-m", "zdr_lint", "app/web.py", "app/llm.py"],
            cwd=project,
            capture_output=True,
        ).returncode
        == 1
    )  # (llm.py's print)
    on_disk = editor(project, "app/web.py", WEB_ON_DISK)
    assert (on_disk.returncode, on_disk.stdout) == (0, "")


def test_a_new_unsaved_file_is_analysed_with_the_project(project: Path) -> None:
    make_project(project)
    done = editor(project, "app/new_view.py", WEB_BUFFER)
    assert done.stdout.startswith("app/new_view.py:10:5: ZDR101 ")


def test_configuration_is_found_from_the_buffer_path_not_the_working_directory(
    project: Path, tmp_path: Path
) -> None:
    make_project(project, '[tool.zdr-lint]\nignore = ["ZDR101"]\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    ignored = editor(elsewhere, str(project / "app" / "web.py"), WEB_BUFFER)
    assert (ignored.returncode, ignored.stdout) == (0, "")
    write(project, {"pyproject.toml": "[tool.zdr-lint]\n"})
    found = editor(tmp_path, "proj/app/web.py", WEB_BUFFER)
    assert found.stdout.startswith("proj/app/web.py:10:5: ZDR101 ")


def test_the_cache_is_used_for_the_other_modules(project: Path) -> None:
    make_project(project)
    first = editor(project, "app/web.py", WEB_BUFFER)
    assert (project / DEFAULT_CACHE_DIR).is_dir()
    second = editor(project, "app/web.py", WEB_BUFFER)
    assert first.stdout == second.stdout != ""
    no_cache = editor(project, "app/web.py", WEB_BUFFER, "--no-cache")
    assert no_cache.stdout == first.stdout


def test_a_git_work_tree_is_the_project_when_there_is_no_configuration(
    project: Path, tmp_path: Path
) -> None:
    make_project(project, config=None)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    buffer = str(project / "app" / "web.py")
    alone = editor(elsewhere, buffer, WEB_BUFFER)
    assert (alone.returncode, alone.stdout) == (0, "")  # no project: the buffer alone
    subprocess.run(["git", "init", "-q", str(project)], check=True)
    in_git = editor(elsewhere, buffer, WEB_BUFFER)
    assert "ZDR101 Claude completion data from messages.create" in in_git.stdout


def test_the_working_directory_is_the_project_without_configuration_or_git(
    project: Path,
) -> None:
    make_project(project, config=None)
    in_cwd = editor(project, "app/web.py", WEB_BUFFER)
    assert in_cwd.stdout.startswith(CROSS_MODULE)


def test_problems_in_the_buffer_are_still_reported(project: Path) -> None:
    make_project(project)
    broken = editor(project, "app/web.py", SYNTAX_ERROR)
    assert broken.returncode == 1
    assert EDITOR_LINE.match(broken.stdout.splitlines()[0]).group("code") == "ZDR901"
    undecodable = subprocess.run(
        [sys.executable, "-m", "zdr_lint", "--stdin-filename", "app/web.py", "-"],
        cwd=project,
        # it imports a module that hands out Claude data: a file the analysis needs (issue 15)
        input=b"from app.llm import ask\nx = '\xff'\n",
        capture_output=True,
        timeout=300,
    )
    assert undecodable.stdout.decode().startswith("app/web.py:1:1: ZDR902 ")


def test_excluded_buffer_with_force_exclude_is_silent(project: Path) -> None:
    make_project(project, '[tool.zdr-lint]\nextend-exclude = ["app/web.py"]\n')
    assert editor(project, "app/web.py", WEB_BUFFER).stdout.startswith("app/web.py:10:5:")
    silent = editor(project, "app/web.py", WEB_BUFFER, "--force-exclude")
    assert (silent.returncode, silent.stdout) == (0, "")


def test_noqa_in_the_buffer(project: Path) -> None:
    make_project(project)
    buffer = WEB_BUFFER.replace("logger.info(answer)", "logger.info(answer)  # noqa: ZDR101")
    assert editor(project, "app/web.py", buffer).stdout == ""


def test_flows_through_modules_the_buffer_imports_indirectly(project: Path) -> None:
    make_project(project)
    service = "from app.llm import ask\n\n\ndef reply_to(question):\n    return ask(question)\n"
    buffer = WEB_BUFFER.replace(
        "from app.llm import ask", "from app.service import reply_to as ask"
    )
    write(project, {"app/service.py": service})
    done = editor(project, "app/web.py", buffer)
    assert done.stdout.startswith(
        "app/web.py:10:5: ZDR101 Claude completion data from messages.create (app/llm.py:7)"
    )
    whole = subprocess.run(
        [sys.executable, "-m", "zdr_lint", "."], cwd=project, capture_output=True, text=True
    )
    assert [line for line in whole.stdout.splitlines() if line.startswith("app/web.py")] == []
    write(project, {"app/web.py": buffer})
    whole = subprocess.run(
        [sys.executable, "-m", "zdr_lint", "."], cwd=project, capture_output=True, text=True
    )
    assert [line for line in whole.stdout.splitlines() if line.startswith("app/web.py")] == (
        done.stdout.splitlines()
    )
