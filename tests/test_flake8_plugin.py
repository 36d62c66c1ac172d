"""The flake8 plugin, through real flake8 in a subprocess: flake8's own ``noqa``,
``per-file-ignores``, ``--format`` and selection apply, and the plugin never breaks flake8."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import write
from test_precommit import FIXED, LEAKING

import zdr_lint.flake8_plugin as plugin
from zdr_lint.flake8_plugin import ZdrFlake8Plugin

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("flake8") is None, reason="flake8 is not installed"
)

PRINTING = LEAKING.replace("logger.info(reply.content[0].text)", "print(reply.content[0].text)")
MESSAGE = (
    "ZDR101 Claude completion data from messages.create (leaky.py:10) reaches logging.Logger.info"
)


def flake8(cwd: Path, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flake8", "--select", "ZDR", *args],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_flake8_reports_a_leak_at_zdr_lints_position(project: Path) -> None:
    write(project, {"leaky.py": LEAKING, "fixed.py": FIXED})
    done = flake8(project, "leaky.py", "fixed.py")
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines() == [f"leaky.py:15:5: {MESSAGE}"]
    assert done.stderr == ""
    same = subprocess.run(
        [sys.executable, "-m", "zdr_lint", "leaky.py"], cwd=project, capture_output=True, text=True
    )
    assert same.stdout.splitlines() == [f"leaky.py:15:5: {MESSAGE}"]


def test_clean_and_fixed_files_pass(project: Path) -> None:
    write(project, {"fixed.py": FIXED, "plain.py": "x = 1\n"})
    done = flake8(project, ".")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_flake8_noqa_suppresses(project: Path) -> None:
    noqa = LEAKING.replace(
        "logger.info(reply.content[0].text)", "logger.info(reply.content[0].text)  # noqa"
    )
    specific = noqa.replace("# noqa", "# noqa: ZDR101")
    other = noqa.replace("# noqa", "# noqa: E501")
    write(project, {"a.py": noqa, "b.py": specific, "c.py": other})
    done = flake8(project, "a.py", "b.py", "c.py")
    assert [line.split(":")[0] for line in done.stdout.splitlines()] == ["c.py"]
    disabled = flake8(project, "--disable-noqa", "a.py")
    assert "a.py:15:5: ZDR101" in disabled.stdout


def test_flake8_per_file_ignores_extend_ignore_and_format(project: Path) -> None:
    write(project, {"app/leaky.py": LEAKING, "tests/test_leaky.py": LEAKING})
    done = flake8(project, "--per-file-ignores", "tests/*:ZDR101", ".")
    assert [line.split(":")[0] for line in done.stdout.splitlines()] == ["./app/leaky.py"]
    assert flake8(project, "--extend-ignore", "ZDR1", ".").stdout == ""
    shaped = flake8(project, "--format", "%(code)s@%(row)d,%(col)d", "app/leaky.py")
    assert shaped.stdout.splitlines() == ["ZDR101@15,5"]


def test_flake8_reads_standard_input(project: Path) -> None:
    done = flake8(project, "--stdin-display-name", "pkg/leaky.py", "-", stdin=LEAKING)
    assert done.stdout.startswith("pkg/leaky.py:15:5: ZDR101 ")


def test_zdr_lint_configuration_applies_under_flake8(project: Path) -> None:
    write(project, {"printing.py": PRINTING})
    assert flake8(project, "printing.py").stdout == ""  # ZDR106 is off by default
    write(project, {"pyproject.toml": '[tool.zdr-lint]\nextend-select = ["ZDR106"]\n'})
    assert "printing.py:15:5: ZDR106 " in flake8(project, "printing.py").stdout
    write(
        project,
        {"pyproject.toml": '[tool.zdr-lint]\nextend-select = ["ZDR1"]\nignore = ["ZDR106"]\n'},
    )
    assert flake8(project, "printing.py").stdout == ""


def test_sanitizers_from_the_configuration(project: Path) -> None:
    redacted = LEAKING.replace(
        "logger.info(reply.content[0].text)", "logger.info(redact(reply.content[0].text))"
    )
    redacted = redacted.replace(
        "import anthropic\n", "import anthropic\n\nfrom privacy import redact\n"
    )
    write(project, {"leaky.py": redacted, "privacy.py": "def redact(text):\n    return '***'\n"})
    assert "ZDR101" in flake8(project, "leaky.py").stdout
    write(project, {"pyproject.toml": '[tool.zdr-lint]\nsanitizers = ["privacy.redact"]\n'})
    assert flake8(project, "leaky.py").stdout == ""


def test_skip_file_is_honoured(project: Path) -> None:
    write(project, {"leaky.py": "# zdr-lint: skip-file\n" + LEAKING})
    assert flake8(project, "leaky.py").returncode == 0


def test_a_broken_configuration_is_a_finding_not_a_crash(project: Path) -> None:
    write(project, {"pyproject.toml": "[tool.zdr-lint]\nselct = 1\n", "leaky.py": LEAKING})
    done = flake8(project, "leaky.py")
    assert done.returncode == 1
    assert done.stdout.startswith("leaky.py:1:1: ZDR900 zdr-lint configuration error: ")
    assert "unknown key 'selct'" in done.stdout
    assert "Traceback" not in done.stderr


def test_an_internal_error_is_a_finding_not_a_crash(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(filename: str, text: str, noqa: bool = True) -> list:
        raise RuntimeError("boom")

    monkeypatch.setattr(plugin, "check", explode)
    results = list(ZdrFlake8Plugin(None, "x.py", ["x = 1\n"]).run())
    assert len(results) == 1
    line, column, text, kind = results[0]
    assert (line, column, kind) == (1, 0, ZdrFlake8Plugin)
    assert text.startswith("ZDR900 zdr-lint: internal error (RuntimeError: boom")


def test_the_plugin_in_process_matches_the_findings() -> None:
    results = list(ZdrFlake8Plugin(None, "leaky.py", LEAKING.splitlines(keepends=True)).run())
    assert [(line, col, text) for line, col, text, _ in results] == [(15, 4, MESSAGE)]


def test_flake8_lists_the_plugin(project: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flake8", "--version"], capture_output=True, text=True
    )
    assert "zdr-lint" in done.stdout


def test_noqa_reads_as_in_the_command_line(project: Path) -> None:
    """``# NOQA: zdr1`` (a prefix, in lower case) and a ``noqa`` on the closing line of a call
    that spans several lines suppress under flake8 as they do in the command."""
    lower = LEAKING.replace(
        "logger.info(reply.content[0].text)", "logger.info(reply.content[0].text)  # NOQA: zdr1"
    )
    closing = LEAKING.replace(
        "logger.info(reply.content[0].text)",
        "logger.info(\n        reply.content[0].text,\n    )  # noqa: ZDR101",
    )
    write(project, {"lower.py": lower, "closing.py": closing})
    command = subprocess.run(
        [sys.executable, "-m", "zdr_lint", "--no-cache", "lower.py", "closing.py"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert (command.returncode, command.stdout) == (0, "")
    done = flake8(project, "lower.py", "closing.py")
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    disabled = flake8(project, "--disable-noqa", "lower.py", "closing.py")
    assert len(disabled.stdout.splitlines()) == 2, disabled.stdout
