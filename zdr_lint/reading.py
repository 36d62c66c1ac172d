"""Read a file's bytes and decode them the way Python does, or say why that failed.

Decoding follows Python: a UTF-8 byte-order mark, else a PEP 263 coding cookie on one of the
first two lines, else UTF-8. A file that cannot be read or decoded, names an unknown codec or
holds a null byte, is not a regular file (a FIFO, a device) or is larger than ``max-file-size``
becomes a ZDR902 finding at line 1, column 1, and the run goes on. The
decoded text is kept as it is (CRLF and lone CR included); :func:`split_lines` splits it the
way the tokenizer counts lines.

Notebooks (``*.ipynb``) are turned into sources by ``zdr_lint.notebooks`` when that module
exists: ``to_source(path, display_path, data: bytes) -> SourceFile``, raising ``ValueError``
with the reason for a malformed notebook.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import os
import re
import tokenize
from pathlib import Path
from types import ModuleType
from typing import Optional, Union

from zdr_lint.engine.api import SourceFile, UndecodedSource
from zdr_lint.findings import Finding
from zdr_lint.limits import DEFAULT_MAX_FILE_SIZE, Refused, read_bounded

MAX_SIZE_OPTION = "max-file-size"

UNREADABLE = "ZDR902"
NOT_CHECKED = "nothing in this file was checked"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def split_lines(text: str) -> list[str]:
    """Physical lines without their endings; ``\\r\\n``, ``\\r`` and ``\\n`` each end a line."""
    return _LINE_BREAK.split(text)


def notebook_support() -> Optional[ModuleType]:
    """The notebook module when it is installed, else None."""
    if importlib.util.find_spec("zdr_lint.notebooks") is None:
        return None
    return importlib.import_module("zdr_lint.notebooks")


def unreadable(display_path: str, reason: str) -> Finding:
    """The ZDR902 finding for a file that could not be read or decoded."""
    return Finding(
        path=display_path,
        line=1,
        column=1,
        code=UNREADABLE,
        message=f"{reason}; {NOT_CHECKED}",
        noqa_lines=(1, 1),
    )


def read_source(
    path: Path,
    display_path: str,
    max_size: Optional[int] = DEFAULT_MAX_FILE_SIZE,
    *,
    stand_in: bool = False,
) -> Union[SourceFile, Finding]:
    """Read and decode ``path``; a ZDR902 finding when that is not possible, when it is not a
    regular file or when it is larger than ``max_size`` bytes (None or 0: no limit). With
    ``stand_in``, an undecodable file is an :class:`UndecodedSource` (see
    :func:`decode_source`)."""
    try:
        data = read_bounded(path, max_size, MAX_SIZE_OPTION)
    except Refused as exc:
        return unreadable(display_path, f"cannot read file ({exc})")
    except FileNotFoundError:
        if os.path.islink(path):
            return unreadable(display_path, "broken symbolic link (its target does not exist)")
        return unreadable(display_path, "file disappeared before it could be read")
    except OSError as exc:
        return unreadable(display_path, f"cannot read file ({exc.strerror or exc})")
    return decode_source(data, path, display_path, stand_in=stand_in)


class _Undecodable(Exception):
    """Why bytes are not Python text; the message goes into the ZDR902 finding."""


def decode_source(
    data: bytes, path: Path, display_path: str, *, stand_in: bool = False
) -> Union[SourceFile, Finding]:
    """Decode ``data`` read from ``path`` (or standard input) as Python would.

    Bytes that are not Python text give their ZDR902 finding; with ``stand_in``, an
    :class:`UndecodedSource` holding that finding and a lossy decoding instead, so that the
    engine reports it only when the analysis needs the file.
    """
    if path.suffix == ".ipynb":
        return _notebook(data, path, display_path)
    try:
        text = _decode(data)
    except _Undecodable as exc:
        problem = unreadable(display_path, str(exc))
    else:
        null = text.find("\0")
        if null < 0:
            return SourceFile(path=path, display_path=display_path, text=text)
        line = len(split_lines(text[:null]))
        problem = unreadable(display_path, f"contains a null byte (line {line})")
    if not stand_in:
        return problem
    lossy = data.decode("utf-8", "replace").replace("\0", " ")
    return UndecodedSource(path=path, display_path=display_path, text=lossy, problem=problem)


def _decode(data: bytes) -> str:
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError as exc:
        message = str(exc.msg or exc)
        if message.startswith("encoding problem"):
            raise _Undecodable("the UTF-8 byte-order mark contradicts the coding cookie") from exc
        if not message.startswith("invalid or missing encoding declaration"):
            raise _Undecodable(f"bad coding cookie ({message})") from exc
        # No cookie and the first lines are not UTF-8: let decoding say where it fails.
        encoding = "utf-8"
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        byte = data[exc.start : exc.start + 1].hex()
        where = f"byte 0x{byte} at offset {exc.start}" if byte else exc.reason
        raise _Undecodable(f"cannot decode as {encoding} ({where})") from exc
    except LookupError as exc:  # a codec that does not turn bytes into text
        raise _Undecodable(f"cannot decode as {encoding} ({exc})") from exc


def _notebook(data: bytes, path: Path, display_path: str) -> Union[SourceFile, Finding]:
    notebooks = notebook_support()
    if notebooks is None:
        return unreadable(display_path, "notebooks are not supported yet")
    try:
        return notebooks.to_source(path, display_path, data)
    except ValueError as exc:
        return unreadable(display_path, f"malformed notebook ({exc})")
