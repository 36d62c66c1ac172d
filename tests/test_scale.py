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
    # The known broken files name no Claude entry point: since issue 15 the relevance pre-pass
    # leaves them out and they are not parsed, so they are not reported either.


# ---------------------------------------------------------------------------------------------
# Long chains: the settlement must reach its fixpoint, not stop after a fixed number of rounds
# ---------------------------------------------------------------------------------------------

CREATE = "c.messages.create(model='m', max_tokens=1, messages=[])"


def _sink_chain(depth: int) -> dict:
    """f0 -> f1 -> ... -> f{depth-1}, which logs its parameter; Claude data enters f0."""
    lines = ["import anthropic", "import logging", "c = anthropic.Anthropic()"]
    for i in range(depth - 1):
        lines.append(f"def f{i}(x):\n    return f{i + 1}(x)")
    lines.append(f"def f{depth - 1}(x):\n    logging.info(x)")
    lines.append(f"f0({CREATE})")
    return {"chain.py": "\n".join(lines) + "\n"}


def _source_chain(depth: int) -> dict:
    """f0 returns f1() ... returns a completion; what f0 returns is logged."""
    lines = ["import anthropic", "import logging", "c = anthropic.Anthropic()"]
    for i in range(depth - 1):
        lines.append(f"def f{i}():\n    return f{i + 1}()")
    lines.append(f"def f{depth - 1}():\n    return {CREATE}")
    lines.append("logging.info(f0())")
    return {"chain.py": "\n".join(lines) + "\n"}


def _module_chain(depth: int) -> dict:
    """The sink chain across modules m0 ... m{depth-1}, each importing the next."""
    files = {}
    for i in range(depth - 1):
        files[f"m{i}.py"] = f"import m{i + 1}\n\n\ndef f(x):\n    return m{i + 1}.f(x)\n"
    files[f"m{depth - 1}.py"] = "import logging\n\n\ndef f(x):\n    logging.info(x)\n"
    files["use.py"] = f"import anthropic\nimport m0\n\nc = anthropic.Anthropic()\nm0.f({CREATE})\n"
    return files


CHAINS = {"sink": _sink_chain, "source": _source_chain, "modules": _module_chain}


@pytest.mark.parametrize("depth", [2, 13, 14, 40, 300])
@pytest.mark.parametrize("shape", sorted(CHAINS))
def test_long_chains_of_calls_are_followed_to_the_end(shape: str, depth: int) -> None:
    from zdr_lint.catalog import load_catalog
    from zdr_lint.engine import EngineOptions, SourceFile, analyze

    files = [
        SourceFile(path=Path("/nonexistent/chain") / name, display_path=name, text=text)
        for name, text in CHAINS[shape](depth).items()
    ]
    started = time.perf_counter()
    findings = analyze(files, load_catalog(), EngineOptions())
    assert time.perf_counter() - started < 60
    assert [f.code for f in findings] == ["ZDR101"], findings
