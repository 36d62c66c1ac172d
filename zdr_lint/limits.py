"""Bounded reads: how much of a file zdr-lint will read, and what it refuses to read at all.

Only regular files are read. A FIFO would block for ever, ``/dev/zero`` never ends and a
device may change state when opened, so anything else is refused with its kind named. A file
larger than its limit is refused before a byte of it is read, and a file that grows while it
is read is cut off one byte past the limit, so memory stays bounded either way.
"""

from __future__ import annotations

import os
import re
import stat
from typing import Optional, Union

# Source files: far above any hand-written module, well below what makes the analysis slow
# (a 5 MB module of dense Claude calls took 22 s and 3.7 GB before this limit existed).
DEFAULT_MAX_FILE_SIZE = 2 * 1024 * 1024
# Configuration, catalog and baseline files are small; these limits only stop runaway reads.
CONFIG_LIMIT = 1024 * 1024
BASELINE_LIMIT = 256 * 1024 * 1024

_UNITS = {"": 1, "b": 1, "k": 1024, "kb": 1024, "m": 1024**2, "mb": 1024**2, "g": 1024**3}
_UNITS.update({"kib": 1024, "mib": 1024**2, "gb": 1024**3, "gib": 1024**3})
_SIZE = re.compile(r"\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*", re.IGNORECASE)


class Refused(Exception):
    """A file that is not read: not a regular file, or over its size limit. The message says
    why, in words for a finding or an error."""


def parse_size(value: Union[int, str]) -> int:
    """Bytes from ``2000000``, ``"500KB"``, ``"2MB"`` or ``"1.5 MiB"`` (K/M/G count in 1024s).
    Raises ValueError for anything else, or a negative number."""
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        if value < 0:
            raise ValueError(value)
        return value
    match = _SIZE.fullmatch(value)
    if match is None or match.group(2).lower() not in _UNITS:
        raise ValueError(value)
    return int(float(match.group(1)) * _UNITS[match.group(2).lower()])


def describe_size(size: int) -> str:
    """``1.5 MB`` (in 1024s, as :func:`parse_size` reads them), or ``812 bytes``."""
    for unit, factor in (("GB", 1024**3), ("MB", 1024**2), ("KB", 1024)):
        if size >= factor:
            return f"{size / factor:.1f} {unit}"
    return f"{size} bytes"


def _kind(mode: int) -> Optional[str]:
    """What a file that is not regular is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a directory"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _check(mode: int, size: int, limit: Optional[int], option: str) -> None:
    kind = _kind(mode)
    if kind is not None:
        raise Refused(f"it is {kind}, not a regular file" if kind.startswith("a ") else kind)
    if limit and size > limit:
        raise Refused(
            f"{describe_size(size)}, over the size limit of {describe_size(limit)}"
            + (f" ({option})" if option else "")
        )


def read_bounded(path: Union[str, os.PathLike], limit: Optional[int], option: str = "") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them (None or 0: no limit).

    Raises :class:`Refused` for a file that is not regular or is over the limit (``option``
    names the setting that raises it), OSError when it cannot be opened or read.
    """
    info = os.stat(path)
    _check(info.st_mode, info.st_size, limit, option)
    # O_NONBLOCK: should the file have become a FIFO since, opening it must not wait
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    with open(fd, "rb", closefd=True) as handle:
        info = os.fstat(fd)
        _check(info.st_mode, info.st_size, limit, option)
        data = handle.read(limit + 1) if limit else handle.read()
    if limit and len(data) > limit:  # it grew while being read
        _check(stat.S_IFREG, len(data), limit, option)
    return data


def read_stream_bounded(stream, limit: Optional[int], option: str = "") -> bytes:
    """At most ``limit`` bytes of a stream (standard input); :class:`Refused` past it."""
    data = stream.read(limit + 1) if limit else stream.read()
    if limit and len(data) > limit:
        raise Refused(
            f"more than {describe_size(limit)}, over the size limit"
            + (f" ({option})" if option else "")
        )
    return data
