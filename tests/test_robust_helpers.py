"""Helpers shared by the robustness tests (hostile input, fuzzing, determinism, harmlessness,
scale). This module holds no tests of its own.

``LEAK`` is a small file with one real ZDR101 finding (``LEAK_FINDING``); most robustness tests
put it beside the hostile input and check that it is still reported, so that a crash or a
silently abandoned run cannot pass for "nothing found".
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Optional, Sequence

# No blank lines, so that any mix of line endings keeps the line numbers.
LEAK = (
    "import logging\n"
    "import anthropic\n"
    "client = anthropic.Anthropic()\n"
    "log = logging.getLogger(__name__)\n"
    "def ask(q):\n"
    '    reply = client.messages.create(model="m", max_tokens=9, messages=[{"role": "user", '
    '"content": q}])\n'
    "    log.info(reply.content[0].text)\n"
)
LEAK_LINE = 7
LEAK_COLUMN = 5


def leak_finding(path: str = "leak.py", line: int = LEAK_LINE, column: int = LEAK_COLUMN) -> str:
    """The text-format line for the ZDR101 in ``LEAK`` (shifted by ``line``/``column``)."""
    return (
        f"{path}:{line}:{column}: ZDR101 Claude completion data from messages.create "
        f"({path}:{line - 1}) reaches logging.Logger.info"
    )


LEAK_FINDING = leak_finding()
NO_TRACEBACK = re.compile(r"Traceback \(most recent call last\)|^\s+File \"", re.M)


def zdr_command() -> list[str]:
    """The installed ``zdr-lint`` script beside this Python, else ``python -m zdr_lint``."""
    script = Path(sys.executable).parent / ("zdr-lint.exe" if os.name == "nt" else "zdr-lint")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "zdr_lint"]


def clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("ZDR_", "PYTHON"))}
    env["NO_COLOR"] = "1"
    env.update(extra)
    return env


def zdr(
    args: Sequence[object],
    cwd: Path,
    *,
    timeout: float = 120,
    env: Optional[dict] = None,
    command: Optional[list[str]] = None,
    stdin: bytes = b"",
) -> subprocess.CompletedProcess:
    """Run zdr-lint as a real process; fail on a traceback or an internal error."""
    proc = subprocess.run(
        [*(command or zdr_command()), *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        timeout=timeout,
        env=env or clean_env(),
    )
    out = proc.stdout.decode("utf-8", "replace")
    err = proc.stderr.decode("utf-8", "replace")
    assert proc.returncode >= 0, f"killed by signal {-proc.returncode}\n{out}\n{err}"
    assert not NO_TRACEBACK.search(out + err), out + err
    assert "internal error" not in out + err, out + err
    return proc


def out_lines(proc: subprocess.CompletedProcess) -> list[str]:
    return proc.stdout.decode("utf-8").splitlines()


def write_files(root: Path, files: dict) -> Path:
    """Create ``files`` (relative path -> str or bytes; str is written as UTF-8, as is)."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return root


def snapshot(root: Path) -> dict:
    """Every entry under ``root``: kind, and for files size, mtime and content hash."""
    seen = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            info = path.lstat()
            rel = path.relative_to(root).as_posix()
            if stat.S_ISREG(info.st_mode):
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
                seen[rel] = ("file", info.st_size, info.st_mtime_ns, digest)
            elif stat.S_ISLNK(info.st_mode):
                seen[rel] = ("link", os.readlink(path))
            else:
                seen[rel] = ("dir", stat.S_IMODE(info.st_mode))
    return seen


def copy_tree(source: Path, dest: Path, suffix: str = ".py") -> tuple[int, int]:
    """Copy the ``suffix`` files of ``source`` (no site-packages, no caches) to ``dest``;
    returns (files, lines)."""

    def ignore(folder: str, names: list) -> list:
        skipped = []
        for name in names:
            full = os.path.join(folder, name)
            if name in ("site-packages", "dist-packages", "__pycache__"):
                skipped.append(name)
            elif not os.path.isdir(full) and not name.endswith(suffix):
                skipped.append(name)
        return skipped

    shutil.copytree(source, dest, ignore=ignore, symlinks=True)
    files = lines = 0
    for path in dest.rglob(f"*{suffix}"):
        if path.is_file() and not path.is_symlink():
            files += 1
            lines += path.read_bytes().count(b"\n")
    return files, lines
