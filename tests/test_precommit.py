"""The pre-commit hook, run by real pre-commit (``try-repo``) in a throw-away git repository.

``pre-commit try-repo`` installs the hook from this checkout's committed state (plus staged and
modified tracked files), so on a clean checkout it tests exactly what is committed. It needs
git, pre-commit and network access to the package index for the hook's environment.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CLAUDE_WRAPPER

REPO = Path(__file__).resolve().parent.parent

LEAKING = """\
import logging

import anthropic

logger = logging.getLogger(__name__)
client = anthropic.Anthropic()


def answer(question: str) -> None:
    reply = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=512,
        messages=[{"role": "user", "content": question}],
    )
    logger.info(reply.content[0].text)
"""
# The fix logs metadata, not content.
FIXED = LEAKING.replace("logger.info(reply.content[0].text)", "logger.info(reply.id)")
CLEAN = "x = 1\n"


def _git(*args: str, cwd: Path) -> str:
    return subprocess.run(
        ["git", *args], cwd=cwd, check=True, capture_output=True, text=True
    ).stdout


def _skip_reason() -> str:
    if shutil.which("git") is None:
        return "git is not installed"
    if importlib.util.find_spec("pre_commit") is None:
        return "pre-commit is not installed"
    return ""


pytestmark = pytest.mark.skipif(bool(_skip_reason()), reason=_skip_reason() or "-")


@pytest.fixture
def user_repo(tmp_path: Path) -> Path:
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True).returncode:
        pytest.skip("the project is not a git checkout with a commit")
    repo = tmp_path / "user-repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    (repo / "leaky.py").write_text(LEAKING)
    (repo / "clean.py").write_text(CLEAN)
    (repo / "notes.txt").write_text("def broken(:\n")  # not Python: the hook never sees it
    _git("add", ".", cwd=repo)
    return repo


def try_repo(repo: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PRE_COMMIT_HOME"] = str(repo.parent / "pre-commit-home")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "zdr-lint"]
        + ["--all-files", "--color", "never"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=900,
    )


def test_hook_fails_on_a_leak_and_passes_once_fixed(user_repo: Path) -> None:
    failed = try_repo(user_repo)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "zdr-lint" in failed.stdout
    assert "Failed" in failed.stdout
    assert "leaky.py:15:5: ZDR101 " in failed.stdout
    assert "clean.py:" not in failed.stdout
    assert "notes.txt" not in failed.stdout

    (user_repo / "leaky.py").write_text(FIXED)
    _git("add", "leaky.py", cwd=user_repo)
    passed = try_repo(user_repo)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout


WRAPPER = CLAUDE_WRAPPER
CALLER = """\
import logging

from wrapper import ask

logger = logging.getLogger(__name__)


def handle{n}(question):
    logger.info(ask(question))
"""


def test_hook_file_is_serial() -> None:
    """pre-commit splits a commit into batches run side by side unless the hook is serial."""
    hooks = (REPO / ".pre-commit-hooks.yaml").read_text()
    assert "require_serial: true" in hooks


def test_staged_modules_are_checked_with_the_unstaged_module_they_import(tmp_path: Path) -> None:
    """9 staged modules, each logging an answer from one wrapper module that is committed and
    not staged: the hook sees the other module and reports all 9 leaks."""
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=REPO, capture_output=True).returncode:
        pytest.skip("the project is not a git checkout with a commit")
    repo = tmp_path / "user-repo"
    repo.mkdir()
    _git("init", "-q", cwd=repo)
    _git("config", "user.email", "dev@example.com", cwd=repo)
    _git("config", "user.name", "Dev", cwd=repo)
    (repo / "wrapper.py").write_text(WRAPPER)
    _git("add", "wrapper.py", cwd=repo)
    _git("commit", "-q", "-m", "wrapper", cwd=repo)
    for n in range(9):
        (repo / f"caller{n}.py").write_text(CALLER.format(n=n))
    _git("add", ".", cwd=repo)
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "zdr-lint"]
        + ["--color", "never", "--verbose"],
        cwd=repo,
        env=env,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=900,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    reported = sorted(
        line.split(":", 1)[0] for line in done.stdout.splitlines() if " ZDR101 " in line
    )
    assert reported == [f"caller{n}.py" for n in range(9)], done.stdout
    assert not any(line.startswith("wrapper.py:") for line in done.stdout.splitlines())
