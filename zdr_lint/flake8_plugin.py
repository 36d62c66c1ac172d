"""The flake8 plugin: ``flake8 --select ZDR`` reports zdr-lint's findings.

flake8 loads :class:`ZdrFlake8Plugin` through the ``flake8.extension`` entry point ``ZDR``
and runs it on each file it checks, so ``# noqa``, ``per-file-ignores``, ``--format`` and
every editor integration of flake8 apply to zdr-lint's findings unchanged.

The plugin sees one file at a time. It analyses that file alone, with the catalog,
``sanitizers``, ``extend-catalog`` and rule selection of the ``[tool.zdr-lint]`` configuration
found from the file's folder. A flow that crosses modules (a completion returned by a helper in
another file and logged here) needs the whole project, which only the ``zdr-lint`` command
sees. ``# zdr-lint: skip-file`` is honoured, and so is ``# noqa`` the way the ``zdr-lint``
command reads it, before flake8 reads it its own way: codes and prefixes in any case
(``# NOQA: zdr1``), and a comment on any line of the statement (the closing line of a call
that spans several), where flake8 looks only at the reported line. ``--disable-noqa`` turns
both off.

The plugin never makes flake8 fail: a configuration problem or an internal error becomes a
``ZDR900`` finding on line 1 of the file, and the rest of the run goes on.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional

from zdr_lint import __version__

INTERNAL = "ZDR900"
STDIN_NAMES = ("stdin", "-")


class ZdrFlake8Plugin:
    """A flake8 AST plugin; it asks for ``tree`` only because flake8 requires one of
    ``tree``, ``logical_line`` or ``physical_line``, and reads ``filename`` and ``lines``."""

    name = "zdr-lint"
    version = __version__
    disable_noqa = False

    @classmethod
    def parse_options(cls, options: Any) -> None:
        """flake8 hands over its options: ``--disable-noqa`` applies to zdr-lint's reading."""
        cls.disable_noqa = bool(getattr(options, "disable_noqa", False))

    def __init__(self, tree: Any, filename: str = "stdin", lines: Optional[list] = None) -> None:
        self.filename = filename
        self.lines = lines or []

    def run(self) -> Iterator[tuple[int, int, str, type]]:
        try:
            results = check(self.filename, "".join(self.lines), noqa=not self.disable_noqa)
        except Exception as exc:  # flake8 must never fail because of this plugin
            from zdr_lint.app import describe_error

            results = [(1, 0, f"{INTERNAL} zdr-lint: {describe_error(exc)}")]
        for line, column, text in results:
            yield line, column, text, type(self)


def check(filename: str, text: str, noqa: bool = True) -> list[tuple[int, int, str]]:
    """``(line, 0-based column, "CODE message")`` for each finding in one file that neither
    selection nor (with ``noqa``) a ``# noqa`` comment removes."""
    from zdr_lint.engine.api import EngineOptions, SourceFile, analyze
    from zdr_lint.noqa import Suppressions

    path = Path(os.path.abspath(filename))
    folder = Path(os.getcwd()) if filename in STDIN_NAMES else path.parent
    try:
        project = _project(str(folder))
    except _ConfigProblem as problem:
        return [(1, 0, f"{INTERNAL} zdr-lint configuration error: {problem}")]
    suppressions = Suppressions.scan(text)
    if suppressions.skip_file:
        return []
    settings = project.settings
    # flake8 reports syntax errors itself (E999) and runs no plugin on such a file
    options = EngineOptions(
        sanitizers=settings.sanitizers,
        jobs=1,
        cache_dir=None,
        project_root=settings.root,
    )
    source = SourceFile(path=path, display_path=filename, text=text)
    findings = analyze([source], project.catalog, options)
    in_project = project.with_services([source])
    return [
        (f.line, max(f.column - 1, 0), f"{f.code} {f.message}")
        for f in findings
        if f.path == filename
        and in_project.wanted(f)
        and not (noqa and suppressions.reason(f) is not None)
    ]


class _ConfigProblem(Exception):
    pass


@lru_cache(maxsize=32)
def _project(folder: str):
    """The settings and catalog for files in ``folder``, read once per folder."""
    from zdr_lint.app import Project
    from zdr_lint.catalog import CatalogError, load_catalog
    from zdr_lint.config import ConfigError, Overrides, resolve_settings
    from zdr_lint.selection import SelectionError

    try:
        settings = resolve_settings(Path(folder), Overrides(no_cache=True, jobs=1))
        catalog = load_catalog(settings.extend_catalog)
        settings.check_codes(catalog.rules)
    except (ConfigError, CatalogError, SelectionError) as exc:
        raise _ConfigProblem(str(exc)) from exc
    return Project(settings, catalog, Path(os.getcwd()))
