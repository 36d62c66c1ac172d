"""One lint run, apart from any command-line parsing: discover, read, analyse, filter.

The CLI, the ``--stdin-filename`` editor mode and other front ends call :func:`prepare` and
:func:`lint`; formatting and the exit code come from :mod:`zdr_lint.output` and
:class:`zdr_lint.report.Report`.
"""

from __future__ import annotations

import os
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence, Union

from zdr_lint.catalog import Catalog, load_catalog
from zdr_lint.config import Overrides, Settings, resolve_settings
from zdr_lint.discovery import Excluder, discover
from zdr_lint.engine.api import EngineOptions, SourceFile, analyze
from zdr_lint.findings import Finding
from zdr_lint.noqa import Suppressions
from zdr_lint.reading import decode_source, notebook_support, read_source
from zdr_lint.report import FileError, Report, Reported
from zdr_lint.selection import PerFileIgnores, Selection

STDIN = "-"
STDIN_DISPLAY = "stdin"


@dataclass(frozen=True)
class Project:
    """Settings and catalog for a run, validated."""

    settings: Settings
    catalog: Catalog
    cwd: Path

    @property
    def selection(self) -> Selection:
        defaults = {code: rule.default for code, rule in self.catalog.rules.items()}
        return Selection(defaults, self.settings.layers)

    def display(self, path: Path) -> str:
        """``path`` as findings print it: relative to the working directory when under it."""
        absolute = Path(os.path.abspath(path))
        try:
            return str(absolute.relative_to(self.cwd))
        except ValueError:
            return os.path.normpath(str(path))

    def relative_to_root(self, path: Path) -> str:
        absolute = Path(os.path.abspath(self.cwd / path))
        try:
            return absolute.relative_to(self.settings.root).as_posix()
        except ValueError:
            return absolute.as_posix()


def prepare(
    paths: Sequence[str], overrides: Overrides, stdin_filename: Optional[str] = None
) -> Project:
    """Read the configuration and the catalog for a run over ``paths``.

    Raises ConfigError, SelectionError or CatalogError with a message for the user.
    """
    cwd = Path(os.getcwd())
    first = paths[0] if paths else "."
    if first == STDIN:
        first = stdin_filename or "."
    start = Path(os.path.abspath(first))
    if not start.is_dir():
        start = start.parent
    settings = resolve_settings(start, overrides)
    catalog = load_catalog(settings.extend_catalog)
    settings.check_codes(catalog.rules)
    return Project(settings, catalog, cwd)


@dataclass
class _Run:
    project: Project
    sources: list[SourceFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)

    def add(self, read: Union[SourceFile, Finding]) -> None:
        if isinstance(read, Finding):
            self.findings.append(read)
        else:
            self.sources.append(read)


def lint(
    project: Project,
    paths: Sequence[str],
    *,
    stdin: Optional[bytes] = None,
    stdin_filename: Optional[str] = None,
) -> Report:
    """Lint ``paths`` (``-`` is ``stdin``, reported as ``stdin_filename``).

    Raises DiscoveryError when a path does not exist.
    """
    settings = project.settings
    run = _Run(project)
    excluder = Excluder(settings.root, settings.exclude)
    files = [Path(p) for p in paths if p != STDIN]
    discovered = discover(
        files,
        excluder,
        force_exclude=settings.force_exclude,
        notebooks=notebook_support() is not None,
        display=project.display,
    )
    run.findings.extend(discovered.problems)
    for path in discovered.files:
        run.add(read_source(Path(os.path.abspath(path)), project.display(path)))
    if STDIN in paths:
        named = Path(stdin_filename) if stdin_filename else None
        if not (named and settings.force_exclude and excluder.excluded_with_parents(named)):
            display = project.display(named) if named else STDIN_DISPLAY
            where = Path(os.path.abspath(named or STDIN_DISPLAY))
            run.add(decode_source(stdin or b"", where, display))
    _analyze(run)
    return Report(
        results=_filter(run),
        errors=sorted(run.errors, key=lambda e: e.path),
        files_checked=len(run.sources),
    )


def _options(settings: Settings) -> EngineOptions:
    return EngineOptions(
        sanitizers=settings.sanitizers,
        jobs=settings.jobs,
        cache_dir=settings.cache_dir,
        project_root=settings.root,
    )


def _analyze(run: _Run) -> None:
    """Analyse all sources together; if that fails, each on its own so one bad file is named."""
    options = _options(run.project.settings)
    catalog = run.project.catalog
    try:
        run.findings.extend(analyze(run.sources, catalog, options))
        return
    except Exception:  # any engine failure: retried file by file below
        pass
    for source in run.sources:
        try:
            run.findings.extend(analyze([source], catalog, options))
        except Exception as exc:  # reported as an error for this file, never a traceback
            run.errors.append(FileError(source.display_path, _describe(exc)))


def _describe(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return (
        f"internal error ({type(exc).__name__}: {exc}{where}); "
        "this file was not checked, please report this"
    )


def _filter(run: _Run) -> list[Reported]:
    project = run.project
    selection = project.selection
    per_file = PerFileIgnores(tuple((p, c) for p, c, _ in project.settings.per_file_ignores))
    texts = {source.display_path: source.text for source in run.sources}
    scanned: dict[tuple[str, Optional[int]], Suppressions] = {}
    results = []
    for finding in sorted(set(run.findings), key=Finding.sort_key):
        if not selection.enabled(finding.code):
            continue
        if per_file.entries and per_file.ignored(
            project.relative_to_root(Path(finding.path)), finding.code
        ):
            continue
        key = (finding.path, finding.cell)
        if key not in scanned:
            scanned[key] = Suppressions.scan(_text_of(texts.get(finding.path, ""), finding.cell))
        reason = scanned[key].reason(finding)
        if reason is None or project.settings.show_suppressed:
            results.append(Reported(finding, reason))
    return results


def _text_of(text: str, cell: Optional[int]) -> str:
    """The text whose lines a finding's line numbers count: the file, or one notebook cell
    (which the notebook module cuts out of the notebook's source with ``cell_text``)."""
    if cell is None:
        return text
    cell_text = getattr(notebook_support(), "cell_text", None)
    return cell_text(text, cell) if cell_text else ""
