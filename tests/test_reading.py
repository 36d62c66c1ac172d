"""Reading and decoding sources as Python does, and ZDR902 when that fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SYNTAX_ERROR, run, write

import zdr_lint.reading
from zdr_lint.engine.api import SourceFile
from zdr_lint.findings import Finding
from zdr_lint.reading import decode_source, read_source, split_lines


def decode(data: bytes):
    return decode_source(data, Path("m.py"), "m.py")


def problem(data: bytes) -> str:
    result = decode(data)
    assert isinstance(result, Finding), result
    assert (result.code, result.path, result.line, result.column) == ("ZDR902", "m.py", 1, 1)
    assert result.message.endswith("; nothing in this file was checked")
    return result.message


def text(data: bytes) -> str:
    result = decode(data)
    assert isinstance(result, SourceFile), result
    return result.text


def test_utf8_bom_is_removed() -> None:
    assert text(b"\xef\xbb\xbfx = '\xc3\xa9'\n") == "x = 'é'\n"


def test_latin1_coding_cookie() -> None:
    assert text(b"# -*- coding: latin-1 -*-\nx = '\xe9'\n").endswith("x = 'é'\n")
    vim = b"#!/usr/bin/env python\n# vim: set fileencoding=latin-1 :\nx = '\xe9'\n"
    assert text(vim).endswith("x = 'é'\n")


def test_latin1_without_cookie_is_invalid_utf8() -> None:
    message = problem(b"x = '\xe9'\n")
    assert message.startswith("cannot decode as utf-8 (byte 0xe9 at offset 5)")


def test_invalid_utf8_on_a_later_line() -> None:
    assert "(byte 0xff at offset 13)" in problem(b"x = 1\ny = 2\n#\xff\n")


def test_truncated_utf8_at_the_end() -> None:
    assert "cannot decode as utf-8 (byte 0xc3 at offset 5)" in problem(b"x = '\xc3")


def test_unknown_codec_in_cookie() -> None:
    assert "bad coding cookie (unknown encoding: klingon)" in problem(b"# coding: klingon\n")


def test_cookie_naming_a_non_text_codec() -> None:
    assert problem(b"# coding: rot13\nx = 1\n").startswith("cannot decode as rot13")


def test_bom_contradicting_the_cookie() -> None:
    assert "byte-order mark contradicts" in problem(b"\xef\xbb\xbf# coding: latin-1\nx = 1\n")


def test_null_bytes() -> None:
    assert problem(b"x = 1\ny = '\x00'\n").startswith("contains a null byte (line 2)")


def test_empty_file_is_fine() -> None:
    assert text(b"") == ""


def test_crlf_and_lone_cr_are_kept() -> None:
    assert text(b"a = 1\r\nb = 2\rc = 3\n") == "a = 1\r\nb = 2\rc = 3\n"


def test_split_lines_counts_like_the_tokenizer() -> None:
    assert split_lines("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert split_lines("a\x0cb\u2028c") == ["a\x0cb\u2028c"]


def test_deleted_file(tmp_path: Path) -> None:
    result = read_source(tmp_path / "gone.py", "gone.py")
    assert isinstance(result, Finding)
    assert result.message.startswith("file disappeared before it could be read")


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, {"locked.py": "x = 1\n"}) / "locked.py"

    def denied(path, limit, option=""):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(zdr_lint.reading, "read_bounded", denied)
    result = read_source(path, "locked.py")
    assert isinstance(result, Finding)
    assert result.message.startswith("cannot read file (Permission denied)")


def test_large_file_is_read_when_the_limit_allows(tmp_path: Path) -> None:
    path = tmp_path / "big.py"
    path.write_bytes(b"x = 1\n" * 2_000_000)  # 12 MB
    refused = read_source(path, "big.py")
    assert isinstance(refused, Finding)
    assert refused.message.startswith("cannot read file (11.4 MB, over the size limit of 2.0 MB")
    result = read_source(path, "big.py", None)
    assert isinstance(result, SourceFile)
    assert len(result.text) == 12_000_000


def test_the_run_goes_on_after_unreadable_files(project: Path) -> None:
    write(
        project,
        {
            "a.py": b"x = '\xff'  # claude\n",  # files the analysis needs (issue 15)
            "b.py": b"import anthropic\n\x00\x00",
            "c.py": SYNTAX_ERROR,
            "d.py": b"\xef\xbb\xbfx = 1\r\n",
            "e.py": b"# coding: latin-1\nx = '\xe9'\n",
        },
    )
    result = run([])
    assert result.exit_code == 1
    reported = [line.split(": ")[1][:6] for line in result.stdout.splitlines()]
    assert reported == ["ZDR902", "ZDR902", "ZDR901"]
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["a.py", "b.py", "c.py"]


def test_undecodable_files_are_reported_only_when_the_analysis_needs_them(project: Path) -> None:
    """Issue 15: ZDR902 for a file the relevance pre-pass leaves out is not reported; a file
    that mentions Claude, or that a relevant module imports, is needed."""
    write(
        project,
        {
            "plain.py": b"x = '\xff'\n",
            "nulls.py": b"\x00\x00",
            "helper.py": b"y = '\xff'\n",
            "llm.py": b"import anthropic\nimport helper\n",
        },
    )
    result = run([])
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["helper.py"]
    assert " ZDR902 cannot decode as utf-8 " in result.stdout
