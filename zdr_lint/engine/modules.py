"""Module names for source files: the dotted name Python would import them under."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional


def module_names(paths: list[Path]) -> dict[Path, tuple[str, bool]]:
    """Map each path to ``(module name, is_package)``, unique within the run."""
    names: dict[Path, tuple[str, bool]] = {}
    used: dict[str, Path] = {}
    packages: dict[Path, list[str]] = {}
    for path in paths:
        name, is_package = module_name(path, packages)
        if name in used and used[name] != path:
            name = "_".join(path.with_suffix("").parts[-4:]).replace("-", "_").replace(".", "_")
        used[name] = path
        names[path] = (name, is_package)
    return names


MAX_NAMESPACE_DEPTH = 3  # folders without ``__init__.py`` between a module and its package


def _is_package(folder: Path) -> bool:
    """Is ``folder`` imported as a package: it has an ``__init__.py``, or it is a namespace
    portion inside one (``pkg/utils/`` without an ``__init__.py`` under ``pkg/__init__.py`` is
    ``pkg.utils``, as Python finds it)?"""
    current = folder
    for _ in range(MAX_NAMESPACE_DEPTH + 1):
        if not current.name.isidentifier():
            return False
        if os.path.isfile(current / "__init__.py"):
            return True
        if current.parent == current:
            return False
        current = current.parent
    return False


def module_name(path: Path, packages: Optional[dict] = None) -> tuple[str, bool]:
    """``path``'s dotted name: its stem under the packages (folders with an ``__init__.py``,
    and namespace folders inside one) above it. ``packages`` memoises, per folder, the
    package names from it upwards."""
    is_package = path.name == "__init__.py"
    chain = _package_chain(path.parent, {} if packages is None else packages)
    parts = ([] if is_package else [path.stem]) + chain
    if not parts:
        parts.append(path.parent.name or "__main__")
    return ".".join(reversed(parts)), is_package


def _package_chain(folder: Path, memo: dict) -> list[str]:
    """The names of ``folder`` and the folders above it, innermost first, while each is a
    package (a loop, not recursion: a tree may be deeper than the recursion limit)."""
    climbed: list[Path] = []
    above: list[str] = []
    while True:
        known = memo.get(folder)
        if known is not None:
            above = known
            break
        if not _is_package(folder):
            memo[folder] = above = []
            break
        climbed.append(folder)
        if folder.parent == folder:
            break
        folder = folder.parent
    for package in reversed(climbed):
        above = memo[package] = [package.name, *above]
    return above


def namespace_aliases(names: dict[Path, tuple[str, bool]]) -> dict[str, str]:
    """``{"X.P": "P"}`` for each top-level module or package ``P`` of the run that lies in a
    folder ``X`` without an ``__init__.py``: with the folder above ``X`` on the path, Python
    imports it as ``X.P`` (a namespace package, as a distribution's ``examples/`` layout
    does), and the run's own imports may name it so."""
    top = {name for name, _ in names.values() if "." not in name}
    aliases: dict[str, str] = {}
    for path, (name, is_package) in names.items():
        if "." in name:
            continue
        folder = path.parent.parent if is_package else path.parent
        holder = folder.name
        if holder.isidentifier() and holder not in top:
            aliases[f"{holder}.{name}"] = name
    return aliases


def unalias(dotted: str, aliases: Optional[dict[str, str]]) -> str:
    """``dotted`` with a leading ``X.P`` of ``aliases`` (see namespace_aliases) read as ``P``."""
    if not aliases or dotted.count(".") < 1:
        return dotted
    head, _, rest = dotted.partition(".")
    second, _, tail = rest.partition(".")
    target = aliases.get(f"{head}.{second}")
    if target is None:
        return dotted
    return f"{target}.{tail}" if tail else target
