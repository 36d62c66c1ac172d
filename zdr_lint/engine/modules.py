"""Module names for source files: the dotted name Python would import them under."""

from __future__ import annotations

from pathlib import Path


def module_names(paths: list[Path]) -> dict[Path, tuple[str, bool]]:
    """Map each path to ``(module name, is_package)``, unique within the run."""
    names: dict[Path, tuple[str, bool]] = {}
    used: dict[str, Path] = {}
    for path in paths:
        name, is_package = module_name(path)
        if name in used and used[name] != path:
            name = "_".join(path.with_suffix("").parts[-4:]).replace("-", "_").replace(".", "_")
        used[name] = path
        names[path] = (name, is_package)
    return names


def module_name(path: Path) -> tuple[str, bool]:
    is_package = path.name == "__init__.py"
    parts = [] if is_package else [path.stem]
    parent = path.parent
    while (parent / "__init__.py").is_file():
        parts.append(parent.name)
        if parent.parent == parent:
            break
        parent = parent.parent
    if not parts:
        parts.append(path.parent.name or "__main__")
    return ".".join(reversed(parts)), is_package
