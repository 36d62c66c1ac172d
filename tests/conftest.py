"""Shared helpers: write small projects into a temporary folder and run the CLI on them."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import pytest
from click.testing import CliRunner, Result

from zdr_lint.cli import cli

# Files with real findings that do not depend on the data-flow rules: ZDR901 (does not
# parse) and ZDR902 (cannot be decoded). The syntax error imports anthropic so that it is
# analysed even by an engine that only parses files that mention Claude.
SYNTAX_ERROR = "import anthropic\n\n\ndef broken(:\n    pass\n"
BAD_UTF8 = b"x = '\xff'  # claude\n"  # mentions Claude: a file the analysis needs
CLEAN = "x = 1\n"
# A module that asks Claude through a module-level client: the wrapper other modules import.
CLAUDE_WRAPPER = """\
import anthropic

client = anthropic.Anthropic()


def ask(question: str) -> str:
    reply = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=512,
        messages=[{"role": "user", "content": question}],
    )
    return reply.content[0].text
"""


def write(root: Path, files: dict) -> Path:
    """Create ``files`` (relative path -> str or bytes) under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty project folder that is also the working directory."""
    root = tmp_path / "proj"
    root.mkdir()
    monkeypatch.chdir(root)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return root


def _runner() -> CliRunner:
    try:
        return CliRunner(mix_stderr=False)  # click < 8.2 mixes the streams unless told not to
    except TypeError:
        return CliRunner()  # click >= 8.2 keeps them apart and has no such argument


def run(args: list, stdin: Optional[bytes] = None) -> Result:
    """Run the CLI in-process through click's runner."""
    return _runner().invoke(cli, [str(a) for a in args], input=stdin, catch_exceptions=False)


def lines(result: Result) -> list:
    return result.stdout.splitlines()
