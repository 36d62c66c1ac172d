"""Harmless: zdr-lint never imports or runs the code it reads, writes only inside its cache
folder (nothing at all with ``--no-cache``), and works on a read-only checkout.

Every analysed file below would leave a marker file (and stop the process) if it were ever
imported or executed; the markers must never appear, and the leaks in those same files must
still be reported, which shows that they were read.
"""

from __future__ import annotations

import os
import pickle
import random
import stat
import sys
from pathlib import Path

import pytest
from conftest import lines, run
from test_robust_helpers import (
    LEAK,
    LEAK_FINDING,
    clean_env,
    leak_finding,
    out_lines,
    snapshot,
    write_files,
    zdr,
)

from zdr_lint.config import DEFAULT_CACHE_DIR

PROBE_MODULE = "zdr_harmless_probe_module"


def booby_trap(marker: Path, name: str) -> str:
    """Python that leaves ``marker/name`` behind and exits if it is ever run, plus a leak."""
    return (
        "import os, sys\n"
        f"open(os.path.join({str(marker)!r}, {name!r}), 'w').write('executed')\n"
        f"raise SystemExit('zdr-lint executed {name}')\n" + LEAK
    )


# Files a careless tool might import or run, and modules that shadow zdr-lint's dependencies
# when the analysed folder is on sys.path (not ``anthropic`` or ``logging``: shadowing those
# would change what the analysed code means).
TRAPPED = [
    "conftest.py",
    "setup.py",
    "noxfile.py",
    "sitecustomize.py",
    "usercustomize.py",
    "__main__.py",
    "pkg/__init__.py",
    "pkg/__main__.py",
    "pkg/conftest.py",
    "checks/conftest.py",
    f"{PROBE_MODULE}.py",
    "click.py",
    "libcst/__init__.py",
    "pathspec.py",
    "tomli.py",
    "tomllib.py",
    "pickle.py",
    "hashlib.py",
    "ast.py",
    "concurrent/__init__.py",
]


def trapped_tree(root: Path, marker: Path) -> Path:
    marker.mkdir(parents=True, exist_ok=True)
    files = {name: booby_trap(marker, name.replace("/", "_")) for name in TRAPPED}
    files["zz_trap.pth"] = f"import os; open(os.path.join({str(marker)!r}, 'pth'), 'w')\n"
    files["pyproject.toml"] = (
        '[build-system]\nrequires = ["setuptools"]\n\n[tool.zdr-lint]\njobs = 1\n'
    )
    return write_files(root, files)


def expected_leaks() -> list:
    return sorted(leak_finding(name, 7 + 3) for name in TRAPPED)


def assert_not_executed(marker: Path) -> None:
    assert sorted(os.listdir(marker)) == [], "zdr-lint executed analysed code"


def test_never_imports_the_code_it_reads_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = trapped_tree(tmp_path / "tree", tmp_path / "marker")
    monkeypatch.chdir(root)
    before = set(sys.modules)
    result = run(["--no-cache", "-j", "2", "."])
    assert_not_executed(tmp_path / "marker")
    assert PROBE_MODULE not in sys.modules
    assert not {m for m in set(sys.modules) - before if m.startswith(("pkg", "conftest"))}
    assert result.exit_code == 1
    assert lines(result) == expected_leaks()


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_never_imports_the_code_it_reads_as_a_script(tmp_path: Path, jobs: str) -> None:
    root = trapped_tree(tmp_path / "tree", tmp_path / "marker")
    proc = zdr(["--no-cache", "-j", jobs, "."], cwd=root)
    assert_not_executed(tmp_path / "marker")
    assert proc.returncode == 1
    assert out_lines(proc) == expected_leaks()


def test_never_imports_the_code_it_reads_with_python_m(tmp_path: Path) -> None:
    """``python -m zdr_lint`` puts the working folder first on sys.path; a ``click.py`` or
    ``libcst/`` in the folder being linted must still not be imported."""
    root = trapped_tree(tmp_path / "tree", tmp_path / "marker")
    proc = zdr(["--no-cache", "."], cwd=root, command=[sys.executable, "-m", "zdr_lint"])
    assert_not_executed(tmp_path / "marker")
    assert out_lines(proc) == expected_leaks()


def test_never_imports_the_code_it_reads_on_standard_input(tmp_path: Path) -> None:
    root = trapped_tree(tmp_path / "tree", tmp_path / "marker")
    args = ["--no-cache", "--stdin-filename", "conftest.py", "-"]
    proc = zdr(args, cwd=root, stdin=(root / "conftest.py").read_bytes())
    assert_not_executed(tmp_path / "marker")
    assert out_lines(proc) == [leak_finding("conftest.py", 7 + 3)]


# ---------------------------------------------------------------------------------------------
# What it writes
# ---------------------------------------------------------------------------------------------


def _homes(tmp_path: Path) -> tuple[dict, list]:
    """HOME, TMPDIR and the XDG folders pointed at empty folders we can inspect afterwards."""
    folders = []
    env = {}
    for var in ("HOME", "TMPDIR", "XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME"):
        folder = tmp_path / "env" / var.lower()
        folder.mkdir(parents=True)
        folders.append(folder)
        env[var] = str(folder)
    return clean_env(**env), folders


def _changes(before: dict, after: dict) -> set:
    return {path for path in set(before) | set(after) if before.get(path) != after.get(path)}


def test_no_cache_writes_nothing_anywhere(tmp_path: Path) -> None:
    root = write_files(tmp_path / "tree", {"leak.py": LEAK, "bad.py": "def f(:\n", "ok.py": ""})
    env, homes = _homes(tmp_path)
    before = snapshot(tmp_path)
    for jobs in ("1", "2"):
        for fmt in ("text", "json", "sarif", "github", "grouped"):
            proc = zdr(["--no-cache", "-j", jobs, "--format", fmt, "."], cwd=root, env=env)
            assert proc.returncode == 1
    assert snapshot(tmp_path) == before
    for folder in homes:
        assert list(folder.iterdir()) == []


def test_writes_only_inside_its_cache_folder(tmp_path: Path) -> None:
    root = write_files(tmp_path / "tree", {"leak.py": LEAK, "bad.py": "def f(:\n", "ok.py": ""})
    env, homes = _homes(tmp_path)
    before = snapshot(tmp_path)
    proc = zdr(["."], cwd=root, env=env)
    assert out_lines(proc)[-1] == LEAK_FINDING
    changed = _changes(before, snapshot(tmp_path))
    assert changed, "the default run should have written a cache"
    inside = f"tree/{DEFAULT_CACHE_DIR}"
    assert all(path == inside or path.startswith(inside + "/") for path in changed), changed
    # a second (warm) run and a run with the cache elsewhere
    zdr(["."], cwd=root, env=env)
    elsewhere = tmp_path / "elsewhere"
    middle = snapshot(tmp_path)
    zdr(["--cache-dir", str(elsewhere), "."], cwd=root, env=env)
    changed = _changes(middle, snapshot(tmp_path))
    assert changed and all(path.startswith("elsewhere") for path in changed), changed
    for folder in homes:
        assert list(folder.iterdir()) == []


def test_cache_folder_is_ignored_by_git(tmp_path: Path) -> None:
    root = write_files(tmp_path / "tree", {"leak.py": LEAK})
    zdr(["."], cwd=root)
    gitignore = root / DEFAULT_CACHE_DIR / ".gitignore"
    assert gitignore.read_text().splitlines()[-1] == "*"


# ---------------------------------------------------------------------------------------------
# Read-only checkouts and caches that cannot be written
# ---------------------------------------------------------------------------------------------


def _read_only(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        for name in files:
            os.chmod(os.path.join(folder, name), 0o444)
        os.chmod(folder, 0o555)


def _writable(root: Path) -> None:
    for folder, _dirs, files in os.walk(root):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)


def test_read_only_checkout(tmp_path: Path) -> None:
    """``chmod -R a-w``. As root the mode does not stop writes, so the cache-under-a-file case
    below covers a cache that really cannot be created."""
    root = write_files(tmp_path / "tree", {"leak.py": LEAK, "pkg/bad.py": "def f(:\n"})
    _read_only(root)
    try:
        before = snapshot(root)
        proc = zdr(["."], cwd=root)
        after = snapshot(root)
        assert proc.returncode == 1
        assert out_lines(proc)[0] == LEAK_FINDING
        assert proc.stderr == b""
        if os.geteuid() != 0:
            assert after == before
        proc = zdr(["."], cwd=root)  # again: warm if the cache could be written, else cold
        assert out_lines(proc)[0] == LEAK_FINDING
    finally:
        _writable(root)


@pytest.mark.parametrize(
    "where",
    ["under-a-file", "is-a-file", "read-only-dir", "dev-null"],
)
def test_cache_that_cannot_be_written(tmp_path: Path, where: str) -> None:
    root = write_files(tmp_path / "tree", {"leak.py": LEAK, "bad.py": "def f(:\n"})
    blocker = write_files(tmp_path, {"a_file": "not a folder"}) / "a_file"
    cache = {
        "under-a-file": blocker / "cache",
        "is-a-file": blocker,
        "read-only-dir": tmp_path / "ro_cache",
        "dev-null": Path(os.devnull) / "cache",
    }[where]
    if where == "read-only-dir":
        cache.mkdir()
        cache.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        expected = out_lines(zdr(["--no-cache", "."], cwd=root))
        if where == "is-a-file":  # a usage error is as good as running without a cache
            proc = zdr(["--cache-dir", str(cache), "."], cwd=root)
            if proc.returncode == 2:
                assert str(cache) in proc.stderr.decode(), proc.stderr
                return
        for _ in range(2):
            proc = zdr(["--cache-dir", str(cache), "."], cwd=root)
            assert proc.returncode == 1
            assert out_lines(proc) == expected
            assert proc.stderr == b""
        assert blocker.read_text() == "not a folder"
    finally:
        if where == "read-only-dir":
            cache.chmod(0o755)


def test_cache_dir_from_configuration_that_cannot_be_written(project: Path) -> None:
    write_files(project, {"a_file": "x", "leak.py": LEAK})
    write_files(project, {"pyproject.toml": '[tool.zdr-lint]\ncache-dir = "a_file/cache"\n'})
    result = run(["."])
    assert result.exit_code == 1
    assert lines(result) == [LEAK_FINDING]


# ---------------------------------------------------------------------------------------------
# The cache is data, never code
# ---------------------------------------------------------------------------------------------


class _Payload:
    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        code = f"open({str(self.marker)!r}, 'w').write('executed')"
        return (exec, (code,))


# Bytes that make pickle raise something other than UnpicklingError.
ODD_PICKLES = {
    "memory-error": bytes.fromhex("4e72ef0bc49d"),
    "type-error": bytes.fromhex("88325206"),
    "overflow-error": bytes.fromhex("8dc5eb10de334c55a1"),
    "wrong-type": pickle.dumps(["a list", "not a summary"]),
    "none-tuple": pickle.dumps((None, None)),
}


@pytest.mark.parametrize(
    "damage", ["code", "garbage", "truncated", "empty", "directory", *ODD_PICKLES]
)
def test_tampered_cache_is_never_trusted(tmp_path: Path, damage: str) -> None:
    """A checkout can carry a crafted ``.zdr_lint_cache`` (it is only git-ignored by a file
    inside it). Loading an entry must never run code, and a damaged entry is just a miss."""
    root = write_files(tmp_path / "tree", {"leak.py": LEAK, "bad.py": "import anthropic\n(\n"})
    expected = zdr(["."], cwd=root).stdout
    entries = [p for p in (root / DEFAULT_CACHE_DIR).rglob("*") if p.is_file()]
    entries = [p for p in entries if p.name not in (".gitignore", "CACHEDIR.TAG")]
    assert entries, "nothing was cached"
    marker = tmp_path / "executed"
    for entry in entries:
        if damage == "code":
            entry.write_bytes(pickle.dumps(_Payload(marker)))
        elif damage == "garbage":
            entry.write_bytes(random.Random(entry.name).randbytes(64))
        elif damage == "truncated":
            entry.write_bytes(entry.read_bytes()[:10])
        elif damage == "empty":
            entry.write_bytes(b"")
        elif damage in ODD_PICKLES:
            entry.write_bytes(ODD_PICKLES[damage])
        else:
            entry.unlink()
            entry.mkdir()
    proc = zdr(["."], cwd=root)
    assert not marker.exists(), "zdr-lint ran code from its cache"
    assert proc.stdout == expected
    assert proc.stderr == b""


# ---------------------------------------------------------------------------------------------
# The machine: a checkout's configuration cannot make zdr-lint start a process per file
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("where", ["pyproject", "command-line"])
def test_worker_count_is_capped_by_the_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    """``jobs = 10000`` in a checkout's pyproject.toml (or ``-j 10000``) must not start
    thousands of worker processes: never more than the machine has cores."""
    from test_determinism import make_project

    from zdr_lint.engine import pool as engine_pool

    root = make_project(tmp_path / "proj", modules=60)
    if where == "pyproject":
        write_files(root, {"pyproject.toml": "[tool.zdr-lint]\njobs = 10000\n"})
    monkeypatch.chdir(root)
    workers = []
    real = engine_pool.ProcessPoolExecutor

    def pool(max_workers=None, **kwargs):
        workers.append(max_workers)
        return real(max_workers=min(max_workers or 1, 2), **kwargs)  # the test must not fork-bomb

    monkeypatch.setattr(engine_pool, "ProcessPoolExecutor", pool)
    result = run(["--no-cache", *(["-j", "10000"] if where == "command-line" else []), "."])
    assert result.exit_code == 1
    assert workers, "no worker processes were used"
    assert max(workers) <= (os.cpu_count() or 1), workers
