"""Relative paths by string work: discovery and display run these for every file."""

from __future__ import annotations

import os
from typing import Optional, Union

PathLike = Union[str, "os.PathLike[str]"]


def relative_to(path: PathLike, base: PathLike) -> Optional[str]:
    """``path`` below ``base`` with the platform's separators: ``""`` when they are the same
    folder, None when ``path`` is not under ``base``.

    Lexical, as pathlib's ``relative_to`` is (both are made absolute first), at a tenth of its
    cost; the prefix test compares in the case the platform compares paths in.
    """
    full = os.path.abspath(path)
    top = os.path.abspath(base)
    if os.path.normcase(full) == os.path.normcase(top):
        return ""
    prefix = top if top.endswith(os.sep) else top + os.sep
    if not os.path.normcase(full).startswith(os.path.normcase(prefix)):
        return None
    return full[len(prefix) :]


def posix(relative: str) -> str:
    """A relative path from :func:`relative_to` in the ``/`` form patterns match against."""
    return relative.replace(os.sep, "/") if os.sep != "/" else relative
