"""Scale: zdr-lint on a copy of the installed standard library (without site-packages).

It must finish without a crash, and report nothing but the standard library's own test files
that Python itself cannot parse or decode (ZDR901, ZDR902): lib2to3's Python 2 test data, and
``test/tokenizedata/bad*`` / ``badsyntax_*``. A copy is linted because the installed folder
may sit under a git-ignored folder (pyenv's ``versions/``), and because a run must not write
next to the interpreter.

The copy and run take 10 to 20 seconds; ``ZDR_SKIP_SCALE=1`` skips them.
"""

from __future__ import annotations

import ast
import io
import os
import re
import sysconfig
import time
import tokenize
from pathlib import Path

import pytest
from test_robust_helpers import copy_tree, out_lines, zdr

SKIP = bool(os.environ.get("ZDR_SKIP_SCALE"))
STDLIB = Path(sysconfig.get_paths()["stdlib"])

# The standard library's deliberately broken files (as paths relative to it).
KNOWN_BAD = re.compile(
    r"^(lib2to3/tests/data/.*"
    r"|test/(tokenizedata/)?bad[^/]*\.py"
    r"|test/(test_)?future(_stmt)?/badsyntax_[^/]*\.py"
    r"|test/test_lib2to3/data/.*"
    r"|test/.*/bad[^/]*\.py)$"
)
FINDING = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<code>ZDR\d{3}) (?P<msg>.+)$"
)


def python_rejects(path: Path) -> bool:
    """Whether Python itself cannot decode or parse the file."""
    data = path.read_bytes()
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
        text = data.decode(encoding)
        ast.parse(text)
    except (SyntaxError, UnicodeDecodeError, LookupError, ValueError):
        return True
    return False


@pytest.mark.skipif(SKIP, reason="ZDR_SKIP_SCALE is set")
@pytest.mark.skipif(not STDLIB.is_dir(), reason="no standard library folder")
def test_standard_library(tmp_path: Path) -> None:
    tree = tmp_path / "stdlib"
    files, lines = copy_tree(STDLIB, tree)
    assert files > 500, f"only {files} files in {STDLIB}"
    started = time.perf_counter()
    proc = zdr(["--no-cache", "."], cwd=tree, timeout=900)
    elapsed = time.perf_counter() - started
    output = out_lines(proc)
    print(
        f"standard library: {files} files, {lines} lines, {elapsed:.1f} s, {len(output)} findings"
    )
    assert proc.returncode in (0, 1)
    assert proc.stderr == b""
    reported = set()
    for line in output:
        match = FINDING.match(line)
        assert match, line
        path = match["path"]
        assert match["code"] in ("ZDR901", "ZDR902"), line
        assert KNOWN_BAD.match(path), f"a finding outside the known broken files: {line}"
        assert python_rejects(tree / path), f"Python reads this file fine: {line}"
        reported.add(path)
    # every known broken file that Python rejects is reported (nothing is silently skipped)
    for path in tree.rglob("*.py"):
        rel = path.relative_to(tree).as_posix()
        if KNOWN_BAD.match(rel) and python_rejects(path):
            assert rel in reported, f"{rel} does not parse but was not reported"
