"""Progress on standard error: a line rewritten in place on a terminal only (never in a pipe or a
CI log), ``--quiet`` (findings only) and ``--verbose`` (what was analysed, what was left out,
each phase's time). The engine reports through an observer and knows nothing of terminals."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run, write
from test_editor import LLM, WEB_BUFFER

from zdr_lint.catalog import load_catalog
from zdr_lint.engine.api import EngineOptions, SourceFile, analyze
from zdr_lint.engine.progress import Observer
from zdr_lint.progress import CI_VARIABLES, DELAY_VARIABLE, ProgressLine, Verbose, progress_wanted

FINDING = "app/web.py:10:5: ZDR101 "


@pytest.fixture
def leaking(project: Path) -> Path:
    return write(
        project,
        {
            "pyproject.toml": "[tool.zdr-lint]\n",
            "app/__init__.py": "",
            "app/llm.py": LLM,
            "app/web.py": WEB_BUFFER,
            "tools/unrelated.py": "import os\n\nprint(os.getcwd())\n",
        },
    )


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


# --- when a progress line is shown ------------------------------------------------------------


def test_progress_only_on_a_terminal_outside_ci() -> None:
    assert progress_wanted(Terminal(), {"TERM": "xterm"})
    assert not progress_wanted(io.StringIO(), {"TERM": "xterm"})  # a pipe or a file
    assert not progress_wanted(Terminal(), {"TERM": "dumb"})
    for name in CI_VARIABLES:
        assert not progress_wanted(Terminal(), {"TERM": "xterm", name: "true"}), name


def test_progress_line_is_rewritten_in_place_then_erased() -> None:
    clock, out = Clock(), Terminal()
    line = ProgressLine(out, clock=clock, delay=0.5)
    line.phase("read")
    line.count("read", 1, 3)
    assert out.getvalue() == ""  # a short run prints nothing
    clock.now += 1
    line.count("read", 3, 3)
    line.phase("analyse")
    clock.now += 1
    line.count("analysed", 2, 5)
    clock.now += 1
    line.phase("settle")
    line.count("settle", 2, 10_000)
    clock.now += 1
    line.count("settle", 3, 10_000)
    line.finish()
    written = out.getvalue()
    assert "\n" not in written
    frames = [frame.removesuffix("\x1b[K") for frame in written.split("\r")[1:]]
    assert frames[0] == "zdr-lint: read 3/3 files"
    assert "zdr-lint: read 3/3 files, analysed 2/5" in frames
    assert frames[-2] == "zdr-lint: read 3/3 files, analysed 2/5, settling, round 3"
    assert frames[-1] == ""  # erased: the findings start on a clean line


def _on_a_terminal(cwd: Path, env: dict) -> tuple[str, bytes]:
    """Run zdr-lint with standard error on a pseudo-terminal: its output, and what the
    terminal received."""
    import pty

    master, slave = pty.openpty()
    try:
        done = subprocess.run(
            [sys.executable, "-m", "zdr_lint", "--no-cache", "."],
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=slave,
            stdin=subprocess.DEVNULL,
            env=env,
            timeout=120,
        )
    finally:
        os.close(slave)
    received = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # the other side is closed
            break
        if not chunk:
            break
        received += chunk
    os.close(master)
    return done.stdout.decode(), received


@pytest.mark.skipif(sys.platform == "win32", reason="pseudo-terminals are POSIX")
def test_real_run_on_a_terminal_shows_the_line_and_never_in_ci(leaking: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in CI_VARIABLES}
    env.update(TERM="xterm", **{DELAY_VARIABLE: "0"})
    stdout, terminal = _on_a_terminal(leaking, env)
    assert stdout.startswith(FINDING)
    assert b"\rzdr-lint: read 4/4 files" in terminal
    assert b"analysed 3/3" in terminal  # tools/unrelated.py is not needed
    assert terminal.endswith(b"\r\x1b[K") and b"\n" not in terminal
    stdout, terminal = _on_a_terminal(leaking, {**env, "CI": "true"})
    assert stdout.startswith(FINDING) and terminal == b""


def test_no_progress_in_a_pipe(leaking: Path) -> None:
    result = run([])  # click's runner: standard error is not a terminal
    assert result.stdout.startswith(FINDING)
    assert result.stderr == ""


# --- the engine's observer ------------------------------------------------------------------------


class Recorder(Observer):
    def __init__(self) -> None:
        self.events: list = []

    def phase(self, name: str) -> None:
        self.events.append(name)

    def count(self, what: str, done: int, total: int) -> None:
        self.events.append((what, done, total))

    def selection(self, analysed, left_out) -> None:
        self.events.append(("selection", list(analysed), list(left_out)))


def test_engine_reports_phases_counts_and_selection(tmp_path: Path) -> None:
    texts = {"app/__init__.py": "", "app/llm.py": LLM, "app/web.py": WEB_BUFFER, "other.py": ""}
    write(tmp_path, texts)
    files = [SourceFile(tmp_path / name, name, text) for name, text in texts.items()]
    recorder = Recorder()
    found = analyze(files, load_catalog(), EngineOptions(project_root=tmp_path), recorder)
    assert [f.code for f in found] == ["ZDR101"]
    phases = [e for e in recorder.events if isinstance(e, str)]
    assert phases == ["index", "analyse", "settle", "syntax", "report"]
    analysed = [e for e in recorder.events if isinstance(e, tuple) and e[0] == "analysed"]
    assert analysed[-1] == ("analysed", 3, 3)
    assert ("selection", ["app/__init__.py", "app/llm.py", "app/web.py"], ["other.py"]) in (
        recorder.events
    )
    assert any(isinstance(e, tuple) and e[0] == "settle" for e in recorder.events)


# --- --quiet and --verbose ------------------------------------------------------------------------


def test_verbose_says_what_was_analysed_left_out_and_each_phase_time(leaking: Path) -> None:
    result = run(["-v", "--no-cache"])
    assert result.stdout.startswith(FINDING)  # findings stay on standard output
    err = result.stderr.splitlines()
    assert "zdr-lint: analysed: app/llm.py" in err
    assert "zdr-lint: left out as irrelevant: tools/unrelated.py" in err
    phases = [line.split(":")[1].split()[1] for line in err if line.startswith("zdr-lint: phase ")]
    assert phases == [
        "discover",
        "read",
        "index",
        "analyse",
        "settle",
        "syntax",
        "report",
        "filter",
    ]
    assert all(line.endswith(" s") or "; " in line for line in err if " phase " in line)
    assert "zdr-lint: phase read: " in result.stderr and "4 files read" in result.stderr
    assert err[-1].startswith("zdr-lint: total: ")


def test_verbose_unit_times_each_phase() -> None:
    clock, out = Clock(), io.StringIO()
    verbose = Verbose(out, clock=clock)
    verbose.phase("read")
    clock.now += 0.25
    verbose.count("read", 2, 2)
    verbose.phase("settle")
    clock.now += 1.5
    verbose.count("settle", 1, 10)
    verbose.finish()
    verbose.finish()  # once only
    assert out.getvalue().splitlines() == [
        "zdr-lint: phase read: 0.250 s; 2 files read",
        "zdr-lint: phase settle: 1.500 s; 1 round",
        "zdr-lint: total: 1.750 s",
    ]


def test_quiet_prints_findings_only(leaking: Path) -> None:
    write(leaking, {"app/old.py": WEB_BUFFER.replace("from app.llm", "from .llm")})
    assert run(["--write-baseline", "base.json"]).stderr.startswith("zdr-lint: wrote ")
    assert run(["-q", "--write-baseline", "base.json"]).stderr == ""
    write(leaking, {"app/old.py": "x = 1\n"})  # its finding is now gone from the baseline
    loud = run(["--baseline", "base.json"])
    assert "is gone" in loud.stderr
    quiet = run(["--quiet", "--baseline", "base.json"])
    assert (quiet.exit_code, quiet.stdout, quiet.stderr) == (0, "", "")
    findings = run(["-q"])
    assert findings.stdout.startswith(FINDING) and findings.stderr == ""


def test_quiet_and_verbose_together_is_a_usage_error(leaking: Path) -> None:
    result = run(["-q", "-v"])
    assert result.exit_code == 2
    assert "--quiet or --verbose" in result.stderr
