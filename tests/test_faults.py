"""Faults a user meets: folders and files they may not read, files that never end or are
huge, and a run ended by SIGTERM. Each ends in a finding or a clear message, and the rest of
the run goes on.

The suite runs as root, which reads whatever the mode says; the permission tests therefore run
zdr-lint in a child process that has given up root (:func:`as_nobody`).
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Iterator

import pytest
from conftest import run
from test_robust_helpers import LEAK, LEAK_FINDING, out_lines, write_files, zdr, zdr_command

from zdr_lint.limits import parse_size

posix_only = pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions and signals")
NOBODY = 65534


@pytest.fixture
def open_tree() -> Iterator[Path]:
    """A folder that any user may enter (pytest's own temporary folders are root's alone)."""
    top = Path(tempfile.mkdtemp(prefix="zdr-faults-"))
    top.chmod(0o755)
    try:
        yield top
    finally:
        for folder, dirs, _ in os.walk(top):
            for name in dirs:
                os.chmod(os.path.join(folder, name), 0o755)
        shutil.rmtree(top, ignore_errors=True)


def as_nobody(args: list, cwd: Path) -> tuple[int, list[str], str]:
    """Run the CLI in a forked child that has dropped to an unprivileged user (the current
    user when the tests do not run as root): exit code, output lines, standard error.

    The same run is made first in this process, so that every module it needs is imported
    before the child loses the right to read the interpreter's files."""
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        run(args)
        if os.geteuid() != 0:
            result = run(args)
            return result.exit_code, result.stdout.splitlines(), result.stderr
        reader, writer = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: drop root, run, report through the pipe, never return
            try:
                os.setgroups([])
                os.setgid(NOBODY)
                os.setuid(NOBODY)
                result = run(args)
                report = [result.exit_code, result.stdout, result.stderr]
            except BaseException as exc:  # noqa: BLE001 - reported to the parent
                report = [-1, "", f"{type(exc).__name__}: {exc}"]
            with os.fdopen(writer, "w") as out:
                json.dump(report, out)
            os._exit(0)
        os.close(writer)
        with os.fdopen(reader) as incoming:
            data = incoming.read()
        os.waitpid(pid, 0)
    finally:
        os.chdir(previous)
    code, stdout, stderr = json.loads(data)
    return code, stdout.splitlines(), stderr


# ---------------------------------------------------------------------------------------------
# 1. Folders and files the user may not read
# ---------------------------------------------------------------------------------------------


@posix_only
def test_a_folder_the_user_cannot_read_is_zdr902_and_the_run_goes_on(open_tree: Path) -> None:
    write_files(open_tree, {"proj/leak.py": LEAK, "proj/unread/hidden.py": LEAK})
    os.chmod(open_tree / "proj" / "unread", 0)
    code, output, stderr = as_nobody(["--no-cache", "proj"], open_tree)
    assert code == 1, stderr
    assert output == [
        LEAK_FINDING.replace("leak.py", "proj/leak.py"),
        "proj/unread:1:1: ZDR902 cannot list directory (Permission denied); "
        "nothing in it was checked",
    ]


@posix_only
def test_a_named_file_the_user_cannot_reach_is_zdr902_not_a_usage_error(open_tree: Path) -> None:
    write_files(open_tree, {"leak.py": LEAK, "unread/hidden.py": LEAK, "private.py": LEAK})
    os.chmod(open_tree / "unread", 0)
    os.chmod(open_tree / "private.py", 0)
    args = ["--no-cache", "unread/hidden.py", "private.py", "leak.py"]
    code, output, stderr = as_nobody(args, open_tree)
    assert code == 1, stderr
    assert output == [
        LEAK_FINDING,
        "private.py:1:1: ZDR902 cannot read file (Permission denied); "
        "nothing in this file was checked",
        "unread/hidden.py:1:1: ZDR902 cannot read file (Permission denied); "
        "nothing in this file was checked",
    ]


@posix_only
def test_a_folder_that_can_be_listed_but_not_searched(open_tree: Path) -> None:
    write_files(open_tree, {"leak.py": LEAK, "listed/a.py": LEAK})
    os.chmod(open_tree / "listed", 0o444)
    code, output, stderr = as_nobody(["--no-cache", "."], open_tree)
    assert code == 1, stderr
    assert output[0] == LEAK_FINDING
    assert output[1:] == [
        "listed/a.py:1:1: ZDR902 cannot read file (Permission denied); "
        "nothing in this file was checked"
    ]


# ---------------------------------------------------------------------------------------------
# 3. Size limits, and files that are not regular files
# ---------------------------------------------------------------------------------------------

FIFTY_MB = 50 * 1024 * 1024


def _peak_memory_run(args: list, cwd: Path) -> tuple[subprocess.CompletedProcess, int]:
    """Run zdr-lint under a fresh Python that reports the child's peak memory (KiB)."""
    script = (
        "import resource, subprocess, sys, json\n"
        "p = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
        "print(json.dumps([p.returncode, p.stdout.decode(), p.stderr.decode(), peak]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, *zdr_command(), *args],
        cwd=cwd,
        capture_output=True,
        timeout=60,  # a hang guard: the run itself takes well under a second
        env={**os.environ, "NO_COLOR": "1"},
    )
    code, stdout, stderr, peak = json.loads(proc.stdout)
    return subprocess.CompletedProcess(args, code, stdout.encode(), stderr.encode()), peak


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss in KiB is Linux's")
def test_a_50_mb_source_is_reported_quickly_in_little_memory(tmp_path: Path) -> None:
    chunk = 'import anthropic\nr = anthropic.Anthropic().messages.create(model="m")\n'
    big = chunk * (FIFTY_MB // len(chunk) + 1)
    write_files(tmp_path, {"big.py": big, "leak.py": LEAK})
    proc, peak_kib = _peak_memory_run(["--no-cache", "."], tmp_path)
    assert proc.returncode == 1, proc.stderr
    assert out_lines(proc) == [
        "big.py:1:1: ZDR902 cannot read file (50.0 MB, over the size limit of 2.0 MB "
        "(max-file-size)); nothing in this file was checked",
        LEAK_FINDING,
    ]
    assert peak_kib < 300 * 1024, f"peak {peak_kib} KiB"


def test_the_size_limit_is_set_by_flag_and_by_configuration(project: Path) -> None:
    write_files(project, {"leak.py": LEAK})
    over = (
        f"leak.py:1:1: ZDR902 cannot read file ({len(LEAK)} bytes, over the size limit of "
        "100 bytes (max-file-size)); nothing in this file was checked"
    )
    assert run(["--no-cache", "--max-file-size", "100", "."]).stdout.splitlines() == [over]
    (project / "pyproject.toml").write_text("[tool.zdr-lint]\nmax-file-size = 100\n")
    assert run(["--no-cache", "."]).stdout.splitlines() == [over]
    assert run(["--no-cache", "--max-file-size", "0", "."]).stdout.splitlines() == [LEAK_FINDING]
    (project / "pyproject.toml").write_text('[tool.zdr-lint]\nmax-file-size = "1KB"\n')
    assert run(["--no-cache", "."]).stdout.splitlines() == [LEAK_FINDING]


def test_sizes_are_read_in_bytes_or_with_a_unit() -> None:
    assert parse_size(100) == 100
    assert parse_size("2MB") == parse_size("2 mib") == 2 * 1024 * 1024
    assert parse_size("500KB") == 500 * 1024
    assert parse_size("1.5M") == 1536 * 1024
    for bad in ("lots", "-1", "2 TB", True, -5):
        with pytest.raises(ValueError):
            parse_size(bad)


def test_a_size_that_is_not_a_size_is_an_error(project: Path) -> None:
    write_files(project, {"leak.py": LEAK})
    result = run(["--no-cache", "--max-file-size", "lots", "."])
    assert result.exit_code == 2 and "not a size" in result.stderr
    (project / "pyproject.toml").write_text('[tool.zdr-lint]\nmax-file-size = "big"\n')
    result = run(["--no-cache", "."])
    assert result.exit_code == 2 and "'max-file-size' must be a size" in result.stderr


def test_standard_input_over_the_limit(project: Path) -> None:
    result = run(
        ["--no-cache", "--max-file-size", "100", "--stdin-filename", "x.py", "-"],
        stdin=LEAK.encode(),
    )
    assert result.stdout.startswith(
        "x.py:1:1: ZDR902 cannot read standard input (more than 100 bytes, over the size limit"
    ), result.stdout


@posix_only
def test_a_fifo_named_on_the_command_line_is_zdr902_not_a_hang(tmp_path: Path) -> None:
    write_files(tmp_path, {"leak.py": LEAK})
    os.mkfifo(tmp_path / "pipe.py")
    proc = zdr(["--no-cache", "pipe.py", "leak.py"], cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    assert out_lines(proc) == [
        LEAK_FINDING,
        "pipe.py:1:1: ZDR902 cannot read file (it is a FIFO, not a regular file); "
        "nothing in this file was checked",
    ]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_dev_zero_named_on_the_command_line_is_zdr902(tmp_path: Path) -> None:
    write_files(tmp_path, {"leak.py": LEAK})
    proc = zdr(["--no-cache", "/dev/zero", "leak.py"], cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    assert out_lines(proc) == [
        "/dev/zero:1:1: ZDR902 cannot read file (it is a character device, not a regular "
        "file); nothing in this file was checked",
        LEAK_FINDING,
    ]


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
@pytest.mark.parametrize("where", ["extend-catalog", "config"])
def test_dev_zero_as_catalog_or_configuration_is_an_error_not_a_blow_up(
    tmp_path: Path, where: str
) -> None:
    write_files(tmp_path, {"leak.py": LEAK})
    if where == "config":
        args = ["--no-cache", "--config", "/dev/zero", "."]
    else:
        (tmp_path / "zdr-lint.toml").write_text('extend-catalog = ["/dev/zero"]\n')
        args = ["--no-cache", "."]
    proc = zdr(args, cwd=tmp_path, timeout=60)
    assert proc.returncode == 2
    assert "/dev/zero" in proc.stderr.decode()
    assert "it is a character device, not a regular file" in proc.stderr.decode()


def test_an_oversized_catalog_file_is_an_error(project: Path) -> None:
    write_files(project, {"leak.py": LEAK, "huge.toml": "# " + "x" * 2_000_000 + "\n"})
    (project / "zdr-lint.toml").write_text('extend-catalog = ["huge.toml"]\n')
    result = run(["--no-cache", "."])
    assert result.exit_code == 2
    assert "over the size limit of 1.0 MB" in result.stderr


# ---------------------------------------------------------------------------------------------
# 2. SIGTERM ends the workers too
# ---------------------------------------------------------------------------------------------


def _descendants(pid: int) -> set[int]:
    """The live processes below ``pid`` (Linux /proc)."""
    found: set[int] = set()
    todo = [pid]
    while todo:
        parent = todo.pop()
        for task in Path(f"/proc/{parent}/task").glob("*"):
            try:
                children = (task / "children").read_text().split()
            except OSError:
                continue
            for child in map(int, children):
                if child not in found:
                    found.add(child)
                    todo.append(child)
    return found


def _alive(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting to be reaped counts as ended)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


WORKER_MODULE = """import logging
import anthropic

client = anthropic.Anthropic()
log = logging.getLogger(__name__)


def ask_{n}(question, history):
    messages = [{{"role": "user", "content": question}}] + list(history)
    reply = client.messages.create(model="m", max_tokens=9, messages=messages)
    text = reply.content[0].text
    if text:
        log.info("answer %s", text)
    return {{"answer": text, "n": {n}}}
"""


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or len(os.sched_getaffinity(0)) < 2,
    reason="needs /proc and two cores",
)
def test_sigterm_ends_the_worker_processes(tmp_path: Path) -> None:
    for n in range(400):
        body = WORKER_MODULE.format(n=n) + "".join(
            f"\n\ndef helper_{n}_{i}(x):\n    return [x] * {i}\n" for i in range(40)
        )
        (tmp_path / f"mod_{n:03}.py").write_text(body)
    proc = subprocess.Popen(
        [*zdr_command(), "--no-cache", "-j2", "."],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env={**os.environ, "NO_COLOR": "1"},
    )
    workers: set[int] = set()
    deadline = time.monotonic() + 60
    while len(workers) < 2 and proc.poll() is None and time.monotonic() < deadline:
        workers = _descendants(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the workers never started"
    time.sleep(0.5)  # well into the work
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=10)
        deadline = time.monotonic() + 5
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        left = [pid for pid in workers if _alive(pid)]
    finally:
        for pid in [proc.pid, *workers]:
            if _alive(pid):
                os.kill(pid, signal.SIGKILL)
    assert left == [], f"workers still running after SIGTERM: {left}"
    assert proc.returncode == 128 + signal.SIGTERM
    assert "terminated" in proc.stderr.read().decode()


# ---------------------------------------------------------------------------------------------
# 4. Columns count characters
# ---------------------------------------------------------------------------------------------

WIDE = (
    "import logging\n"
    "import anthropic\n"
    "client = anthropic.Anthropic()\n"
    "def ask(q):\n"
    '    t = client.messages.create(model="m", max_tokens=9, messages=[q])\n'
    '    x = "日本語😀"; logging.info(t)\n'
)


def test_columns_count_characters_not_bytes(project: Path) -> None:
    write_files(project, {"wide.py": WIDE})
    # flake8 and ruff put this call at column 17; its UTF-8 byte offset would give 26
    assert run(["--no-cache", "wide.py"]).stdout.startswith("wide.py:6:17: ZDR101")
    sarif = json.loads(run(["--no-cache", "--format", "sarif", "wide.py"]).stdout)
    run_ = sarif["runs"][0]
    assert run_["columnKind"] == "unicodeCodePoints"
    region = run_["results"][0]["locations"][0]["physicalLocation"]["region"]
    assert (region["startColumn"], region["endColumn"]) == (17, 32)
    found = json.loads(run(["--no-cache", "--format", "json", "wide.py"]).stdout)
    assert (found["results"][0]["column"], found["results"][0]["end_column"]) == (17, 32)


# ---------------------------------------------------------------------------------------------
# 5. The cache and the report file
# ---------------------------------------------------------------------------------------------


def test_editor_mode_keeps_the_cache_at_the_git_top(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(tmp_path, {"repo/.git/HEAD": "ref: refs/heads/main\n", "repo/pkg/a.py": LEAK})
    editor = tmp_path / "editor"
    editor.mkdir()
    monkeypatch.chdir(editor)
    buffer = tmp_path / "repo" / "pkg" / "a.py"
    result = run(["--stdin-filename", buffer, "-"], stdin=LEAK.encode())
    assert result.exit_code == 1
    assert (tmp_path / "repo" / ".zdr_lint_cache").is_dir()
    assert not (editor / ".zdr_lint_cache").exists()


def _limited(limit: int):
    """A preexec function: files this process writes may not grow past ``limit`` bytes (the
    writes fail with EFBIG, as on a full disk; Python ignores SIGXFSZ)."""
    import resource

    return lambda: resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE")
def test_a_full_disk_leaves_no_temporary_file_in_the_cache(tmp_path: Path) -> None:
    write_files(tmp_path, {"leak.py": LEAK})
    proc = subprocess.run(
        [*zdr_command(), "."],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        preexec_fn=_limited(200),
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 1, proc.stderr
    assert out_lines(proc) == [LEAK_FINDING]
    cache = tmp_path / ".zdr_lint_cache"
    assert cache.is_dir()
    assert [p.name for p in cache.rglob("*.tmp")] == []


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE")
def test_the_output_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    write_files(tmp_path, {"leak.py": LEAK, "report.txt": "the last report\n"})
    proc = subprocess.run(
        [*zdr_command(), "--no-cache", "-o", "report.txt", "."],
        cwd=tmp_path,
        capture_output=True,
        timeout=120,
        preexec_fn=_limited(50),
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert proc.returncode == 2
    assert "report.txt: cannot write output: File too large" in proc.stderr.decode()
    assert (tmp_path / "report.txt").read_text() == "the last report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["leak.py", "report.txt"]
    done = zdr(["--no-cache", "-o", "report.txt", "."], cwd=tmp_path)
    assert done.returncode == 1
    assert (tmp_path / "report.txt").read_text().splitlines() == [LEAK_FINDING]


def test_a_cache_dir_outside_the_root_or_not_a_folder_is_warned_about(project: Path) -> None:
    write_files(project, {"leak.py": LEAK, "zdr-lint.toml": "", "taken": "a file\n"})
    assert "warning" not in run(["."]).stderr
    outside = project.parent / "elsewhere"
    assert run(["--cache-dir", outside, "."]).stderr == ""  # a deliberate choice
    (project / "zdr-lint.toml").write_text('cache-dir = "../elsewhere"\n')
    result = run(["."])
    assert f"zdr-lint: warning: cache-dir {outside} (from " in result.stderr
    assert "is outside the project root" in result.stderr
    assert result.stdout.splitlines() == [LEAK_FINDING]
    (project / "zdr-lint.toml").write_text('cache-dir = "taken"\n')
    result = run(["."])
    assert "warning: cache-dir" in result.stderr and "is not a folder" in result.stderr
    assert result.stdout.splitlines() == [LEAK_FINDING]


# ---------------------------------------------------------------------------------------------
# 7. Smaller things
# ---------------------------------------------------------------------------------------------


def test_no_python_file_found_is_said(project: Path) -> None:
    write_files(project, {"notes.txt": "x\n", "build/gen.py": LEAK})
    result = run(["--no-cache", "."])
    assert result.exit_code == 0
    assert "zdr-lint: warning: no Python files found under ." in result.stderr
    write_files(project, {"leak.py": "x = 1\n"})
    assert "warning" not in run(["--no-cache", "."]).stderr


@pytest.mark.parametrize("linked", [False, True], ids=["repository", "linked-work-tree"])
def test_info_exclude_and_the_global_gitignore_are_honoured(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, linked: bool
) -> None:
    home = tmp_path / "home"
    xdg = tmp_path / "xdg"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(xdg))
    files = {
        "repo/leak.py": LEAK,
        "repo/local.py": LEAK,
        "repo/globally.py": LEAK,
        "repo/pkg/local.py": LEAK,
        "xdg/git/ignore": "globally.py\n",
    }
    if linked:  # as `git worktree add` makes it: .git is a file naming the git directory
        files["main/.git/info/exclude"] = "local.py\n"
        files["main/.git/worktrees/repo/commondir"] = "../..\n"
        files["repo/.git"] = f"gitdir: {tmp_path}/main/.git/worktrees/repo\n"
    else:
        files["repo/.git/info/exclude"] = "local.py\n"
    write_files(tmp_path, files)
    monkeypatch.chdir(tmp_path / "repo")
    assert run(["--no-cache", "."]).stdout.splitlines() == [LEAK_FINDING]
    # core.excludesFile in ~/.gitconfig replaces the default global file
    write_files(home, {".gitconfig": '[core]\n\texcludesFile = "~/my-ignores"\n'})
    write_files(home, {"my-ignores": "leak.py\n"})
    found = {line.split(":")[0] for line in run(["--no-cache", "."]).stdout.splitlines()}
    assert found == {"globally.py"}


def test_an_explicit_color_wins_over_no_color_as_the_readme_says(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(project, {"leak.py": LEAK})
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" in run(["--no-cache", "--color", "."]).stdout
    assert "\x1b[" not in run(["--no-cache", "."]).stdout
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    assert "never when `NO_COLOR` is set" not in readme
    assert "`--color` turns it on, whatever `NO_COLOR` says" in readme


@pytest.mark.skipif(sys.platform != "linux", reason="Linux allows any bytes in file names")
@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_non_utf8_file_names_give_strict_json(tmp_path: Path, fmt: str) -> None:
    write_files(tmp_path, {"leak.py": LEAK})
    (tmp_path / os.fsdecode(b"caf\xe9.py")).write_text(LEAK, encoding="utf-8")
    proc = zdr(["--no-cache", "--format", fmt, "."], cwd=tmp_path)
    text = proc.stdout.decode("utf-8")  # strict: no stray bytes
    document = json.loads(text)
    dumped = json.dumps(document, ensure_ascii=False)
    dumped.encode("utf-8")  # strict: no lone surrogates either
    if fmt == "json":
        paths = [result["path"] for result in document["results"]]
        assert paths == ["caf\\xe9.py", "leak.py"]
        assert "(caf\\xe9.py:6)" in document["results"][0]["message"]
    else:
        uris = [
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in document["runs"][0]["results"]
        ]
        assert uris == ["caf%E9.py", "leak.py"]


def test_the_readme_problem_matcher_files_notebook_findings_under_the_notebook() -> None:
    import re

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    block = readme.split("### VS Code", 1)[1].split("```json", 2)[2].split("```", 1)[0]
    pattern = json.loads(block)["tasks"][0]["problemMatcher"]["pattern"]
    regexp = re.compile(pattern["regexp"])

    def fields(line: str) -> tuple:
        match = regexp.match(line)
        assert match is not None, line
        return tuple(match.group(pattern[k]) for k in ("file", "line", "column", "code"))

    assert fields("nb.ipynb:cell 3:2:5: ZDR101 leak") == ("nb.ipynb", "2", "5", "ZDR101")
    assert fields("app/chat.py:15:5: ZDR101 leak") == ("app/chat.py", "15", "5", "ZDR101")
    assert fields("a b:c.py:1:1: ZDR902 x") == ("a b:c.py", "1", "1", "ZDR902")


@pytest.mark.parametrize(
    "files, expected",
    [
        ({"cgroup": "0::/box\n", "fs/box/cpu.max": "200000 100000\n"}, 2),
        ({"cgroup": "0::/box\n", "fs/cpu.max": "150000 100000\n"}, 2),
        ({"cgroup": "0::/box\n", "fs/box/cpu.max": "max 100000\n"}, 64),
        (
            {
                "cgroup": "4:cpu,cpuacct:/docker/abc\n",
                "fs/cpu,cpuacct/docker/abc/cpu.cfs_quota_us": "300000\n",
                "fs/cpu,cpuacct/docker/abc/cpu.cfs_period_us": "100000\n",
            },
            3,
        ),
        (
            {
                "cgroup": "4:cpu:/\n",
                "fs/cpu/cpu.cfs_quota_us": "-1\n",
                "fs/cpu/cpu.cfs_period_us": "100000\n",
            },
            64,
        ),
        ({}, 64),
    ],
    ids=["v2", "v2-parent", "v2-max", "v1", "v1-unlimited", "none"],
)
def test_default_jobs_honour_the_cgroup_cpu_quota(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, files: dict, expected: int
) -> None:
    import zdr_lint.cores as cores
    from zdr_lint.config import Overrides, resolve_settings

    write_files(tmp_path, files)
    monkeypatch.setattr(cores, "CGROUP_ROOT", tmp_path / "fs")
    monkeypatch.setattr(cores, "PROC_CGROUP", tmp_path / "cgroup")
    monkeypatch.setattr(os, "sched_getaffinity", lambda pid: set(range(64)), raising=False)
    assert cores.usable_cores() == expected
    assert resolve_settings(tmp_path, Overrides()).jobs == expected
