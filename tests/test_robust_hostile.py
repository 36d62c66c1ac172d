"""Hostile files: each gets a clear finding or message, and the rest of the run goes on.

Every test puts a normal leaking file (``leak.py``) beside the hostile input and checks that
its ZDR101 is still reported, so that a crash, a hang or an abandoned run cannot pass for a
clean result. Cases that could take the whole process down (deep nesting, huge files) run
zdr-lint as a real process with a time limit; the others go through click's runner.
"""

from __future__ import annotations

import ast
import os
import re
import sys
from pathlib import Path

import pytest
from conftest import lines, run
from test_robust_helpers import (
    LEAK,
    LEAK_FINDING,
    LEAK_LINE,
    clean_env,
    leak_finding,
    out_lines,
    write_files,
    zdr,
)

import zdr_lint.app
import zdr_lint.reading

SLOW = bool(os.environ.get("ZDR_SLOW"))

# ---------------------------------------------------------------------------------------------
# Files read and decoded: (files, expected output lines besides leak.py's, as regexes)
# ---------------------------------------------------------------------------------------------

LATIN1_COMMENT = "# caf\xe9 cr\xe8me br\xfbl\xe9e\n"


def _endings(text: str, endings: tuple) -> bytes:
    """``text`` with its line ends replaced by ``endings`` in turn (no blank lines in ``text``,
    so a ``\\r`` is never followed by an empty line's ``\\n``)."""
    parts = text.split("\n")[:-1]
    return "".join(p + endings[i % len(endings)] for i, p in enumerate(parts)).encode()


ZDR901 = r"ZDR901 syntax error: .+; nothing in this file was checked"
NOT_CHECKED = "; nothing in this file was checked"

CASES = {
    "syntax-error": (
        {"h.py": "import anthropic\n\ndef broken(:\n    pass\n"},
        [rf"h\.py:3:\d+: {ZDR901}"],
    ),
    "syntax-error-no-claude": ({"h.py": "x = 1\ndef broken(:\n"}, [rf"h\.py:2:\d+: {ZDR901}"]),
    "unterminated-string": ({"h.py": 'x = 1\ny = "abc\n'}, [rf"h\.py:2:\d+: {ZDR901}"]),
    "python2-print": (
        {"h.py": 'import anthropic\nprint "hi"\n'},
        [r"h\.py:2:\d+: ZDR901 syntax error: Missing parentheses.*"],
    ),
    "tab-error": ({"h.py": "if x:\n\tpass\n        pass\n"}, [rf"h\.py:3:\d+: {ZDR901}"]),
    "unclosed-bracket-at-eof": (
        {"h.py": "import anthropic\nx = [1,\n"},
        [rf"h\.py:\d:\d+: {ZDR901}"],
    ),
    "null-byte": (
        {"h.py": b"import anthropic\nx = 1\0\n"},
        [rf"h\.py:1:1: ZDR902 contains a null byte \(line 2\){NOT_CHECKED}"],
    ),
    "invalid-utf8": (
        {"h.py": b"import anthropic\nx = '\xff'\n"},
        [rf"h\.py:1:1: ZDR902 cannot decode as utf-8 \(byte 0xff at offset 22\){NOT_CHECKED}"],
    ),
    "truncated-utf8-at-eof": (
        {"h.py": "import anthropic\n# \u20ac".encode()[:-1]},
        [rf"h\.py:1:1: ZDR902 cannot decode as utf-8 .+{NOT_CHECKED}"],
    ),
    "latin1-without-cookie": (
        {"h.py": (LATIN1_COMMENT + LEAK).encode("latin-1")},
        [rf"h\.py:1:1: ZDR902 cannot decode as utf-8 \(byte 0xe9 at offset 5\){NOT_CHECKED}"],
    ),
    "latin1-with-cookie": (
        {"h.py": ("# -*- coding: latin-1 -*-\n" + LATIN1_COMMENT + LEAK).encode("latin-1")},
        [re.escape(leak_finding("h.py", 9))],
    ),
    "cookie-on-second-line": (
        {
            "h.py": (
                "#!/usr/bin/env python\n# vim: set fileencoding=cp1252 :\n# \u20ac\n" + LEAK
            ).encode("cp1252")
        },
        [re.escape(leak_finding("h.py", 10))],
    ),
    "bom": ({"h.py": b"\xef\xbb\xbf" + LEAK.encode()}, [re.escape(leak_finding("h.py"))]),
    "bom-and-utf8-cookie": (
        {"h.py": b"\xef\xbb\xbf# coding: utf-8\n" + LEAK.encode()},
        [re.escape(leak_finding("h.py", 8))],
    ),
    "bom-contradicts-cookie": (
        {"h.py": b"\xef\xbb\xbf# coding: latin-1\n" + LEAK.encode()},
        [r"h\.py:1:1: ZDR902 the UTF-8 byte-order mark contradicts the coding cookie.*"],
    ),
    "unknown-codec": (
        {"h.py": b"# coding: no-such-codec\n" + LEAK.encode()},
        [r"h\.py:1:1: ZDR902 bad coding cookie \(unknown encoding: no-such-codec\).*"],
    ),
    "codec-that-is-not-text": (
        {"h.py": b"# coding: rot13\n" + LEAK.encode()},
        [r"h\.py:1:1: ZDR902 cannot decode as rot13 .*"],
    ),
    "utf16-with-bom": (
        {"h.py": LEAK.encode("utf-16")},
        [r"h\.py:1:1: ZDR902 cannot decode as utf-8 \(byte 0xff at offset 0\).*"],
    ),
    "crlf": ({"h.py": _endings(LEAK, ("\r\n",))}, [re.escape(leak_finding("h.py"))]),
    "cr-only": ({"h.py": _endings(LEAK, ("\r",))}, [re.escape(leak_finding("h.py"))]),
    "mixed-endings": (
        {"h.py": _endings(LEAK, ("\r\n", "\r", "\n"))},
        [re.escape(leak_finding("h.py"))],
    ),
    "mixed-endings-other-order": (
        {"h.py": _endings(LEAK, ("\r", "\n", "\r\n", "\r\n"))},
        [re.escape(leak_finding("h.py"))],
    ),
    "crlf-noqa": (
        {"h.py": _endings(LEAK.replace(".text)\n", ".text)  # noqa: ZDR101\n"), ("\r\n",))},
        [],
    ),
    "cr-noqa": (
        {"h.py": _endings(LEAK.replace(".text)\n", ".text)  # noqa: ZDR101\n"), ("\r",))},
        [],
    ),
    "crlf-syntax-error": (
        {"h.py": _endings("import anthropic\nx = 1\ndef broken(:\n    pass\n", ("\r\n",))},
        [rf"h\.py:3:\d+: {ZDR901}"],
    ),
    "mixed-endings-syntax-error": (
        {"h.py": _endings("import anthropic\nx = 1\ny = 2\nz = 3\nw = (\n", ("\r", "\n", "\r\n"))},
        [rf"h\.py:5:\d+: {ZDR901}"],
    ),
    "form-feeds": (
        {"h.py": "\x0c" + LEAK.replace("def ask", "\x0cdef ask")},
        [re.escape(leak_finding("h.py"))],
    ),
    "empty": ({"h.py": b""}, []),
    "only-bom": ({"h.py": b"\xef\xbb\xbf"}, []),
    "only-whitespace": ({"h.py": b" \n\t\n\r\n  "}, []),
    "comment-without-newline": ({"h.py": b"# anthropic"}, []),
    "no-final-newline": (
        {"h.py": LEAK.rstrip("\n")},
        [re.escape(leak_finding("h.py"))],
    ),
    "text-named-py": (
        {"h.py": "This is not Python. It is a README that ended up named h.py.\n"},
        [rf"h\.py:1:\d+: {ZDR901}"],
    ),
    "shell-script-named-py": (
        {"h.py": "#!/bin/sh\nset -e\necho $HOME\n"},
        [rf"h\.py:\d:\d+: {ZDR901}"],
    ),
    "png-named-py": (
        {"h.py": b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0"},
        [r"h\.py:1:1: ZDR902 cannot decode as utf-8 \(byte 0x89 at offset 0\).*"],
    ),
    "gzip-named-py": (
        {"h.py": b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03\xcb\x48\xcd\xc9\xc9\x07\x00"},
        [r"h\.py:1:1: ZDR902 cannot decode as utf-8 \(byte 0x8b at offset 1\).*"],
    ),
    "elf-named-py": (
        {"h.py": b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00>\x00"},
        [r"h\.py:1:1: ZDR902 contains a null byte \(line 1\).*"],
    ),
    "long-line-before-leak": (
        {"h.py": "x = '" + "a" * 1_000_000 + "'\n" + LEAK},
        [re.escape(leak_finding("h.py", 8))],
    ),
    "long-comment-before-leak": (
        {"h.py": "#" + " anthropic" * 200_000 + "\n" + LEAK},
        [re.escape(leak_finding("h.py", 8))],
    ),
    "long-line-inside-leak": (
        {"h.py": LEAK.replace("log.info(reply", "log.info(" + " " * 1_000_000 + "reply")},
        [re.escape(leak_finding("h.py"))],
    ),
    "long-list-literal": (
        {"h.py": "import anthropic\nx = [" + "1, " * 200_000 + "]\n"},
        [],
    ),
    "many-statements-on-one-line": (
        {"h.py": "import anthropic\n" + "x = 1; " * 20_000 + "\n" + LEAK},
        [re.escape(leak_finding("h.py", 9))],
    ),
    "long-line-syntax-error": (
        {"h.py": "x = [" + "1, " * 100_000 + "2 3]\n"},
        [rf"h\.py:1:\d+: {ZDR901}"],
    ),
}


# Hostile files that mention no Claude entry point and that no relevant module imports: the
# relevance pre-pass leaves them out, so they are never parsed and nothing is reported for them
# (issue 15: ZDR901 and ZDR902 for the files the analysis needs). The run still goes on.
NOT_NEEDED = {
    "syntax-error-no-claude",
    "unterminated-string",
    "tab-error",
    "utf16-with-bom",
    "text-named-py",
    "shell-script-named-py",
    "png-named-py",
    "gzip-named-py",
    "elf-named-py",
    "long-line-syntax-error",
}
for _name in NOT_NEEDED:
    CASES[_name] = (CASES[_name][0], [])


def _check_output(output: list, expected: list) -> None:
    """Each expected regex matches exactly one line; the leak and nothing else remain."""
    rest = list(output)
    for pattern in expected:
        hits = [line for line in rest if re.fullmatch(pattern, line)]
        assert len(hits) == 1, f"{pattern!r} matched {hits} in\n" + "\n".join(output)
        rest.remove(hits[0])
    assert rest == [LEAK_FINDING], "\n".join(output)


@pytest.mark.parametrize("name", sorted(CASES))
def test_hostile_file_gets_a_clear_finding_and_the_leak_is_still_reported(
    project: Path, name: str
) -> None:
    files, expected = CASES[name]
    write_files(project, {"leak.py": LEAK, **files})
    result = run(["--no-cache", "."])
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    _check_output(lines(result), expected)


def _in_folder(folder: str, pattern: str) -> str:
    """``pattern`` for ``h.py`` moved into ``folder``; a ZDR901 at any position, any message
    (positions and messages are checked one case at a time above)."""
    if " ZDR901 " in pattern:
        return rf"{folder}/h\.py:\d+:\d+: ZDR901 .+"
    return pattern.replace(r"h\.py", rf"{folder}/h\.py")


def test_all_hostile_files_together_in_a_real_process(tmp_path: Path) -> None:
    """One run over every hostile file at once: each gets its finding, nothing is lost."""
    files = {"leak.py": LEAK}
    expected = []
    for name, (case_files, patterns) in CASES.items():
        folder = name.replace("-", "_")
        files.update({f"{folder}/{path}": content for path, content in case_files.items()})
        expected += [_in_folder(folder, pattern) for pattern in patterns]
    write_files(tmp_path, files)
    proc = zdr(["--no-cache", "."], cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == b""
    _check_output(out_lines(proc), expected)


# ---------------------------------------------------------------------------------------------
# Python accepts it, LibCST does not
# ---------------------------------------------------------------------------------------------

LIBCST_REJECTS = (
    "if x:\n  \\\n  pass\n",  # a backslash continuation line inside an indented block
    "x = " + "'a' " * 5000 + "\n",  # a long implicit string concatenation
    "type X = int\n",  # PEP 695, for a LibCST older than the Python running
    "def f[T](x: T) -> T:\n    return x\n",
    'x = {"a": 1}\ny = f"{x["a"]}"\n',  # PEP 701
)


def _python_accepts_libcst_rejects() -> str:
    import libcst

    for text in LIBCST_REJECTS:
        try:
            ast.parse(text)
        except SyntaxError:
            continue
        try:
            libcst.parse_module(text)
        except libcst.ParserSyntaxError:
            return text
    pytest.skip("the installed LibCST parses every candidate that this Python accepts")


def test_file_python_accepts_but_libcst_rejects_is_reported_as_not_analysed(
    project: Path,
) -> None:
    text = "import anthropic\n" + _python_accepts_libcst_rejects()
    write_files(project, {"leak.py": LEAK, "new_syntax.py": text})
    result = run(["--no-cache", "."])
    assert result.exit_code == 1
    _check_output(
        lines(result),
        [
            r"new_syntax\.py:\d+:\d+: ZDR901 Python accepts this file but LibCST cannot parse it "
            r"\(.+\); nothing in it was checked"
        ],
    )


def test_libcst_accepting_what_python_rejects_is_still_a_syntax_error(project: Path) -> None:
    """LibCST's grammar is looser than Python's in places; Python decides what is valid."""
    texts = {
        "dict_unpacking_in_comprehension.py": "import anthropic\nx = {**a for a in b}\n",
        "star_in_comprehension.py": "import anthropic\nx = [*a for a in b]\n",
        "assign_to_call.py": "import anthropic\nf() = 1\n",
        "await_await.py": "import anthropic\nasync def f():\n    await await x\n",
    }
    for text in texts.values():
        with pytest.raises(SyntaxError):
            ast.parse(text)
    write_files(project, {"leak.py": LEAK, **texts})
    result = run(["--no-cache", "."])
    assert result.exit_code == 1
    _check_output(lines(result), [rf"{re.escape(name)}:\d+:\d+: {ZDR901}" for name in texts])


# ---------------------------------------------------------------------------------------------
# Deep nesting and huge files: a real process, with a time limit
# ---------------------------------------------------------------------------------------------

DEPTH = 5000
DEEP = {
    "parentheses": "x = " + "(" * DEPTH + "1" + ")" * DEPTH + "\n",
    "brackets": "x = " + "[" * DEPTH + "]" * DEPTH + "\n",
    "braces": "x = " + "{1: " * DEPTH + "1" + "}" * DEPTH + "\n",
    "nested-calls": "x = " + "f(" * DEPTH + ")" * DEPTH + "\n",
    "unary-minus": "x = " + "-" * DEPTH + "1\n",
    "not": "x = " + "not " * DEPTH + "y\n",
    "attribute-chain": "x = a" + ".b" * DEPTH + "\n",
    "call-chain": "x = a" + "()" * DEPTH + "\n",
    "subscript-chain": "x = a" + "[0]" * DEPTH + "\n",
    "binary-chain": "x = 1" + " + 1" * DEPTH + "\n",
    "power-chain": "x = 2" + " ** 2" * DEPTH + "\n",
    "lambda-chain": "x = " + "lambda: " * DEPTH + "1\n",
    "conditional-chain": "x = " + "1 if a else " * DEPTH + "2\n",
    "boolean-chain": "x = a" + " and a" * (4 * DEPTH) + "\n",
    "comparison-chain": "x = a" + " < a" * (4 * DEPTH) + "\n",
    "elif-chain": "if a:\n    pass\n" + "elif a:\n    pass\n" * DEPTH,
    "nested-blocks": "".join(" " * i + "if a:\n" for i in range(DEPTH)) + " " * DEPTH + "pass\n",
    "nested-functions": "".join(" " * i + "def f():\n" for i in range(DEPTH))
    + " " * DEPTH
    + "pass\n",
}
NOT_ANALYSED = re.compile(r"deep(_claude)?\.py:\d+:\d+: ZDR90[12] \S.*")


@pytest.mark.parametrize("shape", sorted(DEEP))
def test_deep_nesting_never_crashes_the_run(tmp_path: Path, shape: str) -> None:
    """Deep nesting: ZDR901/ZDR902 or a normal analysis, never a crash, hang or traceback.

    The file is there twice: mentioning Claude (so the engine parses it) and not (so the
    relevance pre-pass leaves it out and nothing parses it).
    """
    text = DEEP[shape]
    write_files(
        tmp_path,
        {"leak.py": LEAK, "deep.py": text, "deep_claude.py": "import anthropic\n" + text},
    )
    proc = zdr(["--no-cache", "."], cwd=tmp_path, timeout=90)
    assert proc.returncode == 1, proc.stdout
    assert proc.stderr == b""
    output = out_lines(proc)
    assert LEAK_FINDING in output
    others = [line for line in output if line != LEAK_FINDING]
    assert all(NOT_ANALYSED.fullmatch(line) for line in others), others
    try:
        ast.parse(text)
        python_rejects = False
    except (SyntaxError, RecursionError, MemoryError):
        python_rejects = True
    reported = {line.split(":")[0] for line in others}
    assert "deep.py" not in reported  # no Claude: never parsed (issue 15)
    if python_rejects:  # what Python cannot compile is reported, whichever parser looks
        assert reported == {"deep_claude.py"}, others


def _big_file(statements: int, width: int) -> str:
    pad = "a" * width
    return "".join(f'v{i} = "{pad}"\n' for i in range(statements))


def test_20_mb_file(tmp_path: Path) -> None:
    """20 MB of assignments (long strings, so that it stays quick), mentioning Claude, with a
    leak at the very end; and the same without Claude plus a syntax error at the end."""
    body = _big_file(20_000, 1000)
    assert len(body) >= 20_000_000
    claude = body + LEAK
    plain = body + "def broken(:\n"
    write_files(tmp_path, {"big_claude.py": claude, "big_plain.py": plain, "leak.py": LEAK})
    proc = zdr(["--no-cache", "--max-file-size", "0", "."], cwd=tmp_path, timeout=300)
    assert proc.returncode == 1
    output = out_lines(proc)
    assert output[0] == leak_finding("big_claude.py", 20_000 + 7)
    assert output[1:] == [LEAK_FINDING]  # big_plain.py: not needed, not parsed (issue 15)


@pytest.mark.skipif(not SLOW, reason="minutes and gigabytes: set ZDR_SLOW=1")
@pytest.mark.parametrize("claude", [False, True], ids=["plain", "claude"])
def test_20_mb_of_short_statements(tmp_path: Path, claude: bool) -> None:
    """1.2 million one-line assignments: Python's own parser needs ~10 s and 3 GB for it.
    Without Claude it ends in a syntax error; with Claude it is analysed and ends in a leak."""
    body = "".join(f"v{i} = {i}\n" for i in range(1_200_000))
    if claude:
        files = {"big.py": "import anthropic\n" + body + LEAK, "leak.py": LEAK}
    else:
        files = {"big.py": body + "def broken(:\n", "leak.py": LEAK}
    write_files(tmp_path, files)
    proc = zdr(["--no-cache", "--max-file-size", "0", "."], cwd=tmp_path, timeout=3600)
    assert proc.returncode == 1
    output = out_lines(proc)
    if claude:
        assert output[0] == leak_finding("big.py", 1_200_001 + LEAK_LINE)
        assert output[1:] == [LEAK_FINDING]
    else:  # not needed by the analysis: not parsed (issue 15)
        assert output == [LEAK_FINDING]


# ---------------------------------------------------------------------------------------------
# Directories named like files, files that go away or cannot be read
# ---------------------------------------------------------------------------------------------


def test_directory_named_like_a_python_file(project: Path) -> None:
    write_files(project, {"pkg.py/inner.py": LEAK, "pkg.py/sub.py/deeper.py": LEAK})
    result = run(["--no-cache", "."])
    assert lines(result) == [
        leak_finding("pkg.py/inner.py"),
        leak_finding("pkg.py/sub.py/deeper.py"),
    ]
    assert result.exit_code == 1
    named = run(["--no-cache", "pkg.py"])
    assert lines(named) == lines(result)


def test_folder_tree_deeper_than_the_recursion_limit(tmp_path: Path) -> None:
    depth = sys.getrecursionlimit() + 500
    folder = str(tmp_path)
    for _ in range(depth):  # os.makedirs itself recurses
        folder = os.path.join(folder, "a")
        os.mkdir(folder)
    Path(folder, "leak.py").write_text(LEAK, encoding="utf-8")
    write_files(tmp_path, {"leak.py": LEAK})
    try:
        proc = zdr(["--no-cache", "."], cwd=tmp_path)
        assert proc.returncode == 1
        assert out_lines(proc) == [leak_finding("a/" * depth + "leak.py"), LEAK_FINDING]
    finally:
        # pytest removes old temporary folders recursively, which this depth would break
        os.remove(os.path.join(folder, "leak.py"))
        while folder != str(tmp_path):
            os.rmdir(folder)
            folder = os.path.dirname(folder)


def _discover_then(monkeypatch: pytest.MonkeyPatch, action) -> None:
    """Let discovery list the files, then run ``action`` before any of them is read."""
    real = zdr_lint.app.discover

    def discover(*args, **kwargs):
        found = real(*args, **kwargs)
        action()
        return found

    monkeypatch.setattr(zdr_lint.app, "discover", discover)


def test_file_deleted_after_discovery(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(project, {"gone.py": LEAK, "leak.py": LEAK})
    _discover_then(monkeypatch, lambda: (project / "gone.py").unlink())
    result = run(["--no-cache", "."])
    assert result.exit_code == 1
    assert lines(result) == [
        "gone.py:1:1: ZDR902 file disappeared before it could be read; "
        "nothing in this file was checked",
        LEAK_FINDING,
    ]


def test_file_replaced_by_a_directory_after_discovery(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(project, {"turned.py": LEAK, "leak.py": LEAK})

    def replace() -> None:
        (project / "turned.py").unlink()
        (project / "turned.py").mkdir()

    _discover_then(monkeypatch, replace)
    result = run(["--no-cache", "."])
    assert result.exit_code == 1
    output = lines(result)
    assert re.fullmatch(r"turned\.py:1:1: ZDR902 cannot read file \(.+\).*", output[1]), output
    assert output[0] == LEAK_FINDING


def test_file_replaced_by_a_dangling_symlink_after_discovery(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_files(project, {"link.py": LEAK, "leak.py": LEAK})

    def replace() -> None:
        (project / "link.py").unlink()
        os.symlink("nowhere.py", project / "link.py")

    _discover_then(monkeypatch, replace)
    result = run(["--no-cache", "."])
    assert result.exit_code == 1
    output = lines(result)
    assert output[0] == LEAK_FINDING
    assert output[1] == (
        "link.py:1:1: ZDR902 broken symbolic link (its target does not exist); "
        "nothing in this file was checked"
    )


@pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")
def test_dangling_symlink_named_on_the_command_line(project: Path) -> None:
    write_files(project, {"leak.py": LEAK})
    os.symlink("nowhere.py", project / "link.py")
    result = run(["--no-cache", "leak.py", "link.py"])
    assert result.exit_code == 1
    assert lines(result) == [
        LEAK_FINDING,
        "link.py:1:1: ZDR902 broken symbolic link (its target does not exist); "
        "nothing in this file was checked",
    ]


def test_file_that_cannot_be_read(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Permission denied (simulated: the tests may run as root, where chmod 000 reads fine)."""
    write_files(project, {"secret.py": LEAK, "leak.py": LEAK})
    real = zdr_lint.reading.read_bounded

    def read_bounded(path, limit, option=""):
        if Path(path).name == "secret.py":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, limit, option)

    monkeypatch.setattr(zdr_lint.reading, "read_bounded", read_bounded)
    result = run(["--no-cache", "."])
    assert result.exit_code == 1
    assert lines(result) == [
        LEAK_FINDING,
        "secret.py:1:1: ZDR902 cannot read file (Permission denied); "
        "nothing in this file was checked",
    ]


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0, reason="root reads whatever the mode"
)
def test_file_with_no_read_permission(project: Path) -> None:
    write_files(project, {"secret.py": LEAK, "leak.py": LEAK})
    (project / "secret.py").chmod(0)
    try:
        result = run(["--no-cache", "."])
    finally:
        (project / "secret.py").chmod(0o644)
    assert result.exit_code == 1
    assert lines(result)[1].startswith("secret.py:1:1: ZDR902 cannot read file (Permission")


def test_folder_that_cannot_be_listed(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_files(project, {"locked/a.py": LEAK, "leak.py": LEAK})
    real = os.scandir

    def scandir(path=".", *args):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run(["--no-cache", "."])
    assert result.exit_code == 1
    assert lines(result) == [
        LEAK_FINDING,
        "locked:1:1: ZDR902 cannot list directory (Permission denied); nothing in it was checked",
    ]


# ---------------------------------------------------------------------------------------------
# Symbolic links
# ---------------------------------------------------------------------------------------------

needs_symlinks = pytest.mark.skipif(sys.platform == "win32", reason="symlinks need privileges")


@needs_symlinks
def test_symlink_loops_end(tmp_path: Path) -> None:
    root = tmp_path / "tree"
    write_files(root, {"leak.py": LEAK, "sub/a.py": "x = 1\n"})
    os.symlink("..", root / "sub" / "up")  # directory loop
    os.symlink(".", root / "self")
    os.symlink("loop_b.py", root / "loop_a.py")  # file loop
    os.symlink("loop_a.py", root / "loop_b.py")
    os.symlink("dangling_target.py", root / "dangling.py")
    os.symlink("sub2", root / "sub1")
    os.symlink("sub1", root / "sub2")
    proc = zdr(["--no-cache", "."], cwd=root, timeout=60)
    assert proc.returncode == 1
    assert out_lines(proc) == [LEAK_FINDING]


@needs_symlinks
def test_symlink_loop_named_on_the_command_line(tmp_path: Path) -> None:
    write_files(tmp_path, {"leak.py": LEAK})
    os.symlink("loop_b.py", tmp_path / "loop_a.py")
    os.symlink("loop_a.py", tmp_path / "loop_b.py")
    proc = zdr(["--no-cache", "leak.py", "loop_a.py"], cwd=tmp_path, timeout=60)
    assert proc.returncode == 1
    output = out_lines(proc)
    assert output[0] == LEAK_FINDING
    assert re.fullmatch(r"loop_a\.py:1:1: ZDR902 cannot read file \(.+\).*", output[1]), output


@needs_symlinks
def test_symlinks_pointing_outside_the_tree_are_not_followed(tmp_path: Path) -> None:
    outside = write_files(tmp_path / "outside", {"leak_outside.py": LEAK, "pkg/mod.py": LEAK})
    root = write_files(tmp_path / "tree", {"leak.py": LEAK})
    os.symlink(outside, root / "linked_dir")
    os.symlink(outside / "leak_outside.py", root / "linked_file.py")
    os.symlink(os.path.relpath(outside / "pkg", root), root / "relative_link")
    proc = zdr(["--no-cache", "."], cwd=root, timeout=60)
    assert proc.returncode == 1
    assert out_lines(proc) == [LEAK_FINDING]


# ---------------------------------------------------------------------------------------------
# Broken configuration
# ---------------------------------------------------------------------------------------------

BROKEN_PYPROJECT = {
    "invalid-toml": b"[tool.zdr-lint\nselect = 1\n",
    "not-utf8": b"\xff\xfe[tool.zdr-lint]\n",
    "null-byte": b"[tool.zdr-lint]\nselect = ['ZDR1']\n\0",
    "table-is-a-string": b"[tool]\nzdr-lint = 'yes'\n",
    "wrong-type": b"[tool.zdr-lint]\nselect = 'ZDR1'\n",
    "unknown-key": b"[tool.zdr-lint]\nselct = ['ZDR1']\n",
    "unknown-code": b"[tool.zdr-lint]\nselect = ['ZDR999']\n",
    "negative-jobs": b"[tool.zdr-lint]\njobs = -1\n",
    "duplicate-key": b"[tool.zdr-lint]\njobs = 1\njobs = 2\n",
    "empty-key": b'[tool.zdr-lint]\n"" = 1\n',
    "huge-file": b"[tool.zdr-lint]\n" + b"# padding\n" * 500_000 + b"jobs = 'x'\n",
}


@pytest.mark.parametrize("name", sorted(BROKEN_PYPROJECT))
def test_broken_pyproject_is_a_configuration_error_naming_the_file(
    project: Path, name: str
) -> None:
    write_files(project, {"pyproject.toml": BROKEN_PYPROJECT[name], "leak.py": LEAK})
    result = run(["."])
    assert result.exit_code == 2
    assert result.stdout == ""
    message = result.stderr
    assert message.startswith("zdr-lint: error: "), message
    assert str(project / "pyproject.toml") in message, message
    assert "Traceback" not in message
    assert len(message.splitlines()) <= 3, message


def test_broken_pyproject_in_a_real_process(tmp_path: Path) -> None:
    write_files(tmp_path, {"pyproject.toml": b"[tool.zdr-lint\n", "leak.py": LEAK})
    proc = zdr(["."], cwd=tmp_path)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert str(tmp_path / "pyproject.toml") in proc.stderr.decode()


def test_broken_config_file_given_with_config(project: Path) -> None:
    write_files(project, {"cfg/zdr.toml": b"select = [", "leak.py": LEAK})
    result = run(["--config", "cfg/zdr.toml", "."])
    assert result.exit_code == 2
    assert "zdr.toml" in result.stderr


def test_pyproject_that_is_a_directory_or_a_dangling_link_is_passed_over(project: Path) -> None:
    write_files(project, {"leak.py": LEAK, "sub/leak.py": LEAK})
    (project / "pyproject.toml").mkdir()
    if sys.platform != "win32":
        os.symlink("nowhere.toml", project / "sub" / "pyproject.toml")
    result = run(["--no-cache", "."])
    assert result.exit_code == 1, result.stderr
    assert lines(result) == [LEAK_FINDING, leak_finding("sub/leak.py")]


# ---------------------------------------------------------------------------------------------
# Odd file names
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(sys.platform != "linux", reason="Linux allows any bytes in file names")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "grouped"])
def test_file_names_that_are_not_utf8(tmp_path: Path, fmt: str) -> None:
    """A name with bytes that are not UTF-8 is still analysed and printed (escaped)."""
    write_files(tmp_path, {"leak.py": LEAK})
    (tmp_path / os.fsdecode(b"caf\xe9.py")).write_text(LEAK, encoding="utf-8")
    proc = zdr(["--no-cache", "--format", fmt, "."], cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == b""
    out = proc.stdout.decode("utf-8", "replace")
    assert out.count("ZDR101") >= 2, out


@pytest.mark.skipif(sys.platform != "linux", reason="Linux allows any bytes in file names")
@pytest.mark.parametrize("fmt", ["text", "json", "sarif", "github", "grouped"])
def test_unreadable_file_whose_name_is_not_utf8(tmp_path: Path, fmt: str) -> None:
    """The ZDR902 comes from the shell alone; every format must be able to print its path."""
    write_files(tmp_path, {"leak.py": LEAK})
    (tmp_path / os.fsdecode(b"caf\xe9.py")).write_bytes(b"# claude\n\xff")
    proc = zdr(["--no-cache", "--format", fmt, "."], cwd=tmp_path)
    assert proc.returncode == 1
    assert proc.stderr == b""
    out = proc.stdout.decode("utf-8", "replace")
    assert "ZDR902" in out and "ZDR101" in out, out


@pytest.mark.skipif(sys.platform == "win32", reason="names Windows does not allow")
def test_file_names_with_newlines_colons_and_spaces(project: Path) -> None:
    names = [
        "new\nline.py",
        "colon:1:1: ZDR101 fake.py",
        "  spaced  .py",
        "-dash.py",
        "\u00e9t\u00e9.py",
    ]
    write_files(project, {name: LEAK for name in names})
    result = run(["--no-cache", "--format", "json", "."])
    assert result.exit_code == 1
    import json

    paths = sorted(r["path"] for r in json.loads(result.stdout)["results"])
    assert paths == sorted(names)
    github = run(["--no-cache", "--format", "github", "."])
    commands = github.stdout.splitlines()
    assert len(commands) == len(names)
    assert all(line.startswith("::error file=") for line in commands), commands


# ---------------------------------------------------------------------------------------------
# Notebooks
# ---------------------------------------------------------------------------------------------


def _notebook(*sources: str) -> str:
    import json

    cells = [{"cell_type": "code", "metadata": {}, "source": s, "outputs": []} for s in sources]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})


HOSTILE_NOTEBOOKS = {
    "not-json.ipynb": ("{not json", r"ZDR902 malformed notebook \(not JSON: .+\)"),
    "a-list.ipynb": ("[1, 2]", r"ZDR902 malformed notebook \(.+\)"),
    "cells-not-a-list.ipynb": ('{"cells": 5, "nbformat": 4}', r"ZDR902 malformed notebook .+"),
    "source-not-text.ipynb": (
        '{"cells": [{"cell_type": "code", "source": 7}], "nbformat": 4}',
        r"ZDR902 malformed notebook .+",
    ),
    "not-utf8.ipynb": (b"\xff\xfe{}", r"ZDR902 malformed notebook .+"),
    "deep-json.ipynb": ("[" * 100_000 + "]" * 100_000, r"ZDR902 malformed notebook .+"),
    "syntax-error.ipynb": (
        _notebook("import anthropic\nx = 1\n", "def f(:\n"),
        r"ZDR901 syntax error: .+",
    ),
    "deep-cell.ipynb": (
        _notebook("import anthropic\n", "x = " + "(" * 5000 + ")" * 5000),
        r"ZDR901 .+",
    ),
    "null-in-cell.ipynb": (_notebook("import anthropic\nx = '\0'\n"), r"ZDR90[12] .+"),
    "magics.ipynb": (
        _notebook("%%bash\nls\n", "!pip install x\nimport anthropic\n%time 1\n"),
        None,
    ),
    "many-cells.ipynb": (_notebook(*["x = 1\n"] * 20_000), None),
    "empty.ipynb": ("", r"ZDR902 malformed notebook .+"),
}


def test_hostile_notebooks(project: Path) -> None:
    if zdr_lint.reading.notebook_support() is None:
        pytest.skip("notebooks are not supported")
    write_files(project, {"leak.py": LEAK, **{k: v for k, (v, _) in HOSTILE_NOTEBOOKS.items()}})
    result = run(["--no-cache", "."])
    assert result.exit_code == 1
    assert result.stderr == ""
    expected = [
        rf"{re.escape(name)}:(cell \d+:)?\d+:\d+: {pattern}.*"
        for name, (_, pattern) in HOSTILE_NOTEBOOKS.items()
        if pattern
    ]
    _check_output(lines(result), expected)


# ---------------------------------------------------------------------------------------------
# Standard input
# ---------------------------------------------------------------------------------------------

STDIN_CASES = {
    # each mentions Claude: a file the analysis needs (issue 15)
    "invalid-utf8": (b"# claude\n\xff\xfe", r"stdin:1:1: ZDR902 cannot decode as utf-8 .+"),
    "null-byte": (b"x = 1  # claude\0", r"stdin:1:1: ZDR902 contains a null byte \(line 1\).+"),
    "empty": (b"", None),
    "syntax-error": (b"import anthropic\ndef f(:\n", r"stdin:2:\d+: ZDR901 syntax error: .+"),
    "bom-contradicts-cookie": (
        b"\xef\xbb\xbf# coding: latin-1\nimport anthropic\n",
        r"stdin:1:1: ZDR902 .+",
    ),
    "crlf-leak": (LEAK.replace("\n", "\r\n").encode(), re.escape(leak_finding("stdin"))),
    "deep": (
        b"import anthropic\nx = " + b"(" * DEPTH + b")" * DEPTH + b"\n",
        r"stdin:\d+:\d+: ZDR901 .+",
    ),
}


@pytest.mark.parametrize("name", sorted(STDIN_CASES))
def test_hostile_standard_input(project: Path, name: str) -> None:
    data, pattern = STDIN_CASES[name]
    proc = zdr(["--no-cache", "-"], cwd=project, stdin=data)
    assert proc.returncode == (1 if pattern else 0), proc.stdout
    assert proc.stderr == b""
    output = out_lines(proc)
    if pattern:
        assert len(output) == 1 and re.fullmatch(pattern, output[0]), output
    else:
        assert output == []


def test_stdin_filename_in_a_folder_that_does_not_exist(project: Path) -> None:
    result = run(["--no-cache", "--stdin-filename", "no/such/dir/x.py", "-"], stdin=LEAK.encode())
    assert result.exit_code == 1
    assert lines(result) == [leak_finding("no/such/dir/x.py")]


# ---------------------------------------------------------------------------------------------
# Code that Python warns about while compiling
# ---------------------------------------------------------------------------------------------

WARNS = (
    'import re\nDIGITS = re.compile("\\d+")\n'  # invalid escape: SyntaxWarning from 3.12
    "x = 1 is 1\n"  # SyntaxWarning: "is" with a literal
    "y = [1, 2] (3)\n"  # SyntaxWarning: 'list' object is not callable
    "assert (x, 'never fails')\n"  # SyntaxWarning: assertion is always true
)


@pytest.mark.parametrize("warnings", ["default", "error"])
def test_compile_warnings_are_not_syntax_errors_nor_noise(tmp_path: Path, warnings: str) -> None:
    """Valid code that Python warns about is analysed like any other, with no output on
    standard error, even when the user's environment turns warnings into errors."""
    write_files(tmp_path, {"warns.py": WARNS + LEAK, "plain_warns.py": WARNS, "leak.py": LEAK})
    env = clean_env(PYTHONWARNINGS=warnings)
    proc = zdr(["--no-cache", "."], cwd=tmp_path, env=env)
    assert proc.stderr == b""
    assert out_lines(proc) == [LEAK_FINDING, leak_finding("warns.py", 5 + LEAK_LINE)]


# ---------------------------------------------------------------------------------------------
# Output that cannot be written
# ---------------------------------------------------------------------------------------------


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("to", ["stdout", "output-file"])
def test_output_to_a_full_disk_is_a_clear_error(tmp_path: Path, to: str) -> None:
    import subprocess

    from test_robust_helpers import zdr_command

    write_files(tmp_path, {"leak.py": LEAK})
    args = [*zdr_command(), "--no-cache", "."]
    with open("/dev/full", "wb") as full:
        if to == "stdout":
            proc = subprocess.run(args, cwd=tmp_path, stdout=full, stderr=subprocess.PIPE)
        else:
            proc = subprocess.run([*args, "-o", "/dev/full"], cwd=tmp_path, capture_output=True)
    message = proc.stderr.decode()
    assert proc.returncode == 2
    assert "cannot write output" in message and "No space left" in message, message
    assert "internal error" not in message and "Traceback" not in message, message
