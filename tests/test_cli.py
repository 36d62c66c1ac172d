"""The command line, through click's runner and as a real process."""

from __future__ import annotations

import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import BAD_UTF8, CLEAN, SYNTAX_ERROR, lines, run, write

import zdr_lint.app
from zdr_lint import __version__
from zdr_lint.config import DEFAULT_CACHE_DIR
from zdr_lint.cores import usable_cores

ANSI = re.compile(r"\x1b\[[0-9;]*m")
ZDR901_LINE = re.compile(r"^bad\.py:\d+:\d+: ZDR901 \S")


def test_clean_project_exits_zero_and_prints_nothing(project: Path) -> None:
    write(project, {"ok.py": CLEAN})
    result = run([])
    assert result.exit_code == 0
    assert result.stdout == ""


def test_findings_are_flake8_lines_and_exit_one(project: Path) -> None:
    write(project, {"bad.py": SYNTAX_ERROR, "enc.py": BAD_UTF8, "ok.py": CLEAN})
    result = run(["."])
    assert result.exit_code == 1
    out = lines(result)
    assert len(out) == 2
    assert ZDR901_LINE.match(out[0])
    assert out[1].startswith("enc.py:1:1: ZDR902 cannot decode as utf-8 (byte 0xff at offset 5)")


def test_unparsable_files_are_reported_when_the_analysis_needs_them(project: Path) -> None:
    """Issue 15 (replacing issue 2's "every file"): ZDR901 for the files the analysis needs; a
    file the relevance pre-pass leaves out is not parsed, so its syntax error is not reported."""
    write(project, {"plain.py": "def broken(:\n    pass\n"})
    result = run([])
    assert (result.exit_code, result.stdout) == (0, "")
    write(project, {"llm.py": "import anthropic\nimport plain\n"})
    result = run([])
    assert result.exit_code == 1
    assert re.match(r"^plain\.py:\d+:\d+: ZDR901 ", result.stdout)


def test_exit_zero(project: Path) -> None:
    write(project, {"bad.py": SYNTAX_ERROR})
    result = run(["--exit-zero"])
    assert result.exit_code == 0
    assert "ZDR901" in result.stdout


def test_missing_path_is_a_usage_error(project: Path) -> None:
    result = run(["nowhere.py"])
    assert result.exit_code == 2
    assert "path does not exist: nowhere.py" in result.stderr
    assert "Traceback" not in result.output


def test_bad_option_value_is_a_usage_error(project: Path) -> None:
    result = run(["--format", "xml"])
    assert result.exit_code == 2
    assert "xml" in result.stderr


def test_output_file(project: Path) -> None:
    write(project, {"bad.py": SYNTAX_ERROR})
    result = run(["--output-file", "out.txt", "bad.py"])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert ZDR901_LINE.match((project / "out.txt").read_text())


def test_statistics_counts_per_code(project: Path) -> None:
    write(project, {"a.py": SYNTAX_ERROR, "b.py": SYNTAX_ERROR, "c.py": BAD_UTF8})
    result = run(["--statistics"])
    assert result.exit_code == 1
    assert lines(result) == ["2  ZDR901  syntax-error", "1  ZDR902  unreadable"]


# --- subcommands and paths named like them ---------------------------------------------------


def test_rules_lists_every_rule_with_default_and_lesson(project: Path) -> None:
    result = run(["rules"])
    assert result.exit_code == 0
    rows = {row.split()[0]: row.split() for row in lines(result) if row.startswith("ZDR")}
    assert len(rows) == 26
    assert rows["ZDR101"][1:] == ["log", "on", "own-storage"]
    assert rows["ZDR106"][1:] == ["stdout", "service", "own-systems"]
    assert "Storage within your own application servers and databases" in result.stdout


def test_explain_prints_the_catalog_doc(project: Path) -> None:
    result = run(["explain", "zdr101"])
    assert result.exit_code == 0
    assert result.stdout.startswith("ZDR101 log\n")
    for heading in ("Why it matters", "Flagged", "Instead", "How to fix", "How to suppress"):
        assert f"\n{heading}\n" in result.stdout
    assert run(["explain", "log"]).stdout == result.stdout


def test_explain_unknown_rule(project: Path) -> None:
    result = run(["explain", "ZDR999"])
    assert result.exit_code == 2
    assert "unknown rule 'ZDR999'" in result.stderr


@pytest.mark.parametrize("name", ["rules", "explain", "clean"])
@pytest.mark.parametrize("spelling", ["{}/", "./{}", "-- {}", "--select ZDR9 {}"])
def test_folder_named_like_a_subcommand_is_linted(project: Path, name: str, spelling: str) -> None:
    write(project, {f"{name}/bad.py": SYNTAX_ERROR})
    result = run(spelling.format(name).split())
    assert result.exit_code == 1, result.output
    assert re.match(rf"^{name}/bad\.py:\d+:\d+: ZDR901", result.stdout)


def test_bare_rules_word_is_the_subcommand_with_a_hint(project: Path) -> None:
    write(project, {"rules/bad.py": SYNTAX_ERROR})
    result = run(["rules"])
    assert result.exit_code == 0
    assert "ZDR101" in result.stdout
    assert "./rules" in result.stderr


# --- standard input ------------------------------------------------------------------------


def test_stdin_filename_reports_under_that_path(project: Path) -> None:
    result = run(["--stdin-filename", "pkg/mod.py", "-"], stdin=SYNTAX_ERROR.encode())
    assert result.exit_code == 1
    assert re.match(r"^pkg/mod\.py:\d+:\d+: ZDR901", result.stdout)


def test_stdin_without_a_name_is_called_stdin(project: Path) -> None:
    result = run(["-"], stdin=BAD_UTF8)
    assert result.exit_code == 1
    assert result.stdout.startswith("stdin:1:1: ZDR902")


def test_stdin_filename_alone_reads_stdin_and_clean_input_passes(project: Path) -> None:
    result = run(["--stdin-filename", "mod.py"], stdin=CLEAN.encode())
    assert result.exit_code == 0
    assert result.stdout == ""


def test_stdin_filename_needs_dash_with_other_paths(project: Path) -> None:
    write(project, {"ok.py": CLEAN})
    result = run(["--stdin-filename", "mod.py", "ok.py"])
    assert result.exit_code == 2


def test_stdin_filename_honours_force_exclude(project: Path) -> None:
    args = ["--extend-exclude", "generated", "--stdin-filename", "generated/x.py", "-"]
    assert run(args, stdin=SYNTAX_ERROR.encode()).exit_code == 1
    result = run(["--force-exclude", *args], stdin=SYNTAX_ERROR.encode())
    assert result.exit_code == 0
    assert result.stdout == ""


# --- engine options --------------------------------------------------------------------------


@pytest.fixture
def seen_options(monkeypatch: pytest.MonkeyPatch) -> list:
    seen: list = []
    real = zdr_lint.app.analyze

    def spy(files, catalog, options, *rest):
        seen.append(options)
        return real(files, catalog, options, *rest)

    monkeypatch.setattr(zdr_lint.app, "analyze", spy)
    return seen


def test_jobs_and_cache_reach_the_engine(project: Path, seen_options: list) -> None:
    write(project, {"ok.py": CLEAN})
    run([])
    assert seen_options[-1].jobs == usable_cores()
    assert seen_options[-1].cache_dir == project / DEFAULT_CACHE_DIR
    assert seen_options[-1].project_root == project
    run(["-j", "3", "--cache-dir", "elsewhere"])
    assert seen_options[-1].jobs == 3
    assert seen_options[-1].cache_dir == project / "elsewhere"
    run(["--no-cache", "--cache-dir", "elsewhere"])
    assert seen_options[-1].cache_dir is None


def engine_fails(monkeypatch: pytest.MonkeyPatch, when, error: Exception) -> None:
    """Make the engine raise ``error`` on the runs whose files ``when`` picks."""
    real = zdr_lint.app.analyze

    def analyze(files, catalog, options, *rest):
        if when(files):
            raise error
        return real(files, catalog, options, *rest)

    monkeypatch.setattr(zdr_lint.app, "analyze", analyze)


def test_internal_error_in_one_file_names_it_and_exits_two(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, {"a_bad.py": SYNTAX_ERROR, "boom.py": CLEAN, "z_bad.py": SYNTAX_ERROR})
    engine_fails(
        monkeypatch,
        lambda files: any(f.display_path == "boom.py" for f in files),
        RuntimeError("engine exploded"),
    )
    result = run([])
    assert result.exit_code == 2
    assert "boom.py: internal error (RuntimeError: engine exploded" in result.stderr
    assert "Traceback" not in result.output
    reported = {line.split(":")[0] for line in lines(result)}
    assert reported == {"a_bad.py", "z_bad.py"}


def test_a_failure_across_files_is_said_and_each_file_still_checked(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(project, {"a_bad.py": SYNTAX_ERROR, "b_clean.py": CLEAN})
    engine_fails(monkeypatch, lambda files: len(files) > 1, KeyError("settlement"))
    result = run([])
    assert result.exit_code == 2
    assert "internal error (KeyError: 'settlement'" in result.stderr
    assert "flows between files are missed" in result.stderr
    assert {line.split(":")[0] for line in lines(result)} == {"a_bad.py"}


def test_unexpected_failure_outside_files_is_exit_two_without_traceback(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise KeyError("surprise")

    monkeypatch.setattr("zdr_lint.cli.lint", broken)
    result = run([])
    assert result.exit_code == 2
    assert "internal error: KeyError" in result.stderr
    assert "Traceback" not in result.output


# --- colour ----------------------------------------------------------------------------------


def test_colour_only_when_asked_or_on_a_terminal(project: Path) -> None:
    write(project, {"bad.py": SYNTAX_ERROR})
    assert not ANSI.search(run([]).stdout)
    assert ANSI.search(run(["--color"]).stdout)
    assert not ANSI.search(run(["--color", "--format", "json"]).stdout)


def _on_a_terminal(args: list, cwd: Path, env: dict) -> str:
    """Run zdr-lint with a pseudo-terminal as its standard output; return what it printed."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "zdr_lint", *args],
        cwd=cwd,
        env=env,
        stdout=follower,
        stderr=subprocess.DEVNULL,
        stdin=subprocess.DEVNULL,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    proc.wait(timeout=60)
    os.close(leader)
    return b"".join(chunks).decode()


def test_terminal_gets_colour_unless_no_color(project: Path) -> None:
    write(project, {"bad.py": SYNTAX_ERROR})
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    assert ANSI.search(_on_a_terminal([], project, env))
    assert not ANSI.search(_on_a_terminal([], project, {**env, "NO_COLOR": "1"}))


# --- as a real process -----------------------------------------------------------------------


def _entry_point() -> list:
    script = Path(sys.executable).parent / "zdr-lint"
    if not script.exists():
        pytest.skip("the zdr-lint script is not installed (pip install -e .)")
    return [str(script)]


@pytest.mark.parametrize("how", ["script", "module"])
def test_real_process(project: Path, how: str) -> None:
    command = _entry_point() if how == "script" else [sys.executable, "-m", "zdr_lint"]
    write(project, {"bad.py": SYNTAX_ERROR, "ok.py": CLEAN})

    def call(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*command, *args],
            cwd=project,
            capture_output=True,
            text=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
        )

    found = call()
    assert found.returncode == 1
    assert ZDR901_LINE.match(found.stdout)
    assert call("ok.py").returncode == 0
    assert call("--version").stdout.strip() == f"zdr-lint {__version__}"
    usage = call("--select", "NOPE")
    assert usage.returncode == 2
    assert "unknown rule code or prefix 'NOPE'" in usage.stderr
    assert "Traceback" not in usage.stderr


def test_explain_zdr901_says_which_files_get_it(project: Path) -> None:
    """Issue 15: the policy is documented where users look it up."""
    text = " ".join(run(["explain", "ZDR901"]).stdout.split())
    assert "It is reported for the files the analysis needs" in text
    assert "never parsed" in text
