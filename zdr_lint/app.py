"""One lint run, apart from any command-line parsing: discover, read, analyse, filter.

The CLI, the ``--stdin-filename`` editor mode and other front ends call :func:`prepare` and
:func:`lint`; formatting and the exit code come from :mod:`zdr_lint.output` and
:class:`zdr_lint.report.Report`.

Files named on the command line, and editor mode's buffer (``zdr-lint --stdin-filename
path/to/file.py -``), are analysed together with the modules of their project that they import
(transitively), so that a completion returned by a helper in another module is still followed
into them; only their findings are reported. The project is the configuration file's folder,
else the git work tree holding the file, else the working directory; a file outside it is
analysed alone, and so are named files with ``with_project=False`` (``--no-project``). The
summary cache keeps the other files cheap. Folders named on the command line are walked and
every file in them is reported, as before.

Files whose bytes do not decode reach the engine as
:class:`~zdr_lint.engine.api.UndecodedSource`: their ZDR902 is reported only when the
relevance pre-pass takes them in, like a ZDR901.

Notebook findings come back from the engine on the lines of the notebook's program (its code
cells joined) and are moved onto the cells by :func:`zdr_lint.notebooks.remap`; ``# noqa`` is
then looked up in the cell's own lines.
"""

from __future__ import annotations

import dataclasses
import os
import traceback
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Optional, Sequence, Union

from zdr_lint.baseline import Baseline
from zdr_lint.catalog import Catalog, load_catalog
from zdr_lint.changes import ChangedLines
from zdr_lint.config import DEFAULT_CACHE_DIR, Overrides, Settings, resolve_settings
from zdr_lint.discovery import DiscoveryError, Excluder, discover
from zdr_lint.engine.api import EngineOptions, SourceFile, UndecodedSource, analyze
from zdr_lint.engine.cache import SummaryCache
from zdr_lint.engine.progress import QUIET, Observer
from zdr_lint.findings import Finding
from zdr_lint.limits import Refused, read_stream_bounded
from zdr_lint.noqa import Suppressions
from zdr_lint.paths import posix, relative_to
from zdr_lint.reading import (
    MAX_SIZE_OPTION,
    UNREADABLE,
    decode_source,
    notebook_support,
    read_source,
    unreadable,
)
from zdr_lint.report import BASELINE_REASON, FileError, Report, Reported
from zdr_lint.selection import PerFileIgnores, Selection
from zdr_lint.service import ImportVerdicts, service_modules

STDIN = "-"
STDIN_DISPLAY = "stdin"
# the cache entry that keeps the parser's answers on framework imports (see service.py)
SERVICE_IMPORTS = "service-imports"


@dataclass(frozen=True)
class Project:
    """Settings and catalog for a run, validated."""

    settings: Settings
    catalog: Catalog
    cwd: Path
    # the display paths of the modules that run in a service (see zdr_lint.service)
    service_files: frozenset[str] = frozenset()

    @cached_property
    def selection(self) -> Selection:
        """The selection outside a service."""
        return self._selection(service=False)

    @cached_property
    def service_selection(self) -> Selection:
        """The selection in a module that runs in a service."""
        return self._selection(service=True)

    def _selection(self, service: bool) -> Selection:
        rules = self.catalog.rules.items()
        defaults = {code: rule.on_by_default(service) for code, rule in rules}
        return Selection(defaults, self.settings.layers)

    def selection_for(self, display_path: str) -> Selection:
        """The selection that applies to the file shown as ``display_path``."""
        return self.service_selection if display_path in self.service_files else self.selection

    def with_services(self, sources: Iterable[SourceFile]) -> Project:
        """This project, knowing which of the analysed ``sources`` run in a service. The
        parser's verdicts on import lines are kept in the cache folder between runs."""
        cache = SummaryCache(self.settings.cache_dir, "")
        stored = cache.load_entry(SERVICE_IMPORTS)
        verdicts = ImportVerdicts(known=stored if isinstance(stored, dict) else {})
        running = service_modules(sources, self.catalog.service_frameworks, verdicts)
        if verdicts.used != verdicts.known:
            cache.store_entry(SERVICE_IMPORTS, verdicts.used)
        if running == self.service_files:
            return self
        return dataclasses.replace(self, service_files=running)

    @cached_property
    def per_file_ignores(self) -> PerFileIgnores:
        return PerFileIgnores(tuple((p, c) for p, c, _ in self.settings.per_file_ignores))

    def wanted(self, finding: Finding) -> bool:
        """Whether selection, ``min-confidence`` and per-file ignores let ``finding`` through."""
        if not self.selection_for(finding.path).enabled(finding.code):
            return False
        if self.settings.min_confidence == "high" and finding.confidence != "high":
            return False
        per_file = self.per_file_ignores
        return not (
            per_file.entries
            and per_file.ignored(self.relative_to_root(Path(finding.path)), finding.code)
        )

    def display(self, path: Path) -> str:
        """``path`` as findings print it: relative to the working directory when under it."""
        relative = relative_to(path, self.cwd)
        if relative is None:
            return os.path.normpath(str(path))
        return relative or "."

    def relative_to_root(self, path: Path) -> str:
        absolute = os.path.abspath(self.cwd / path)
        relative = relative_to(absolute, self.settings.root)
        if relative is None:
            return Path(absolute).as_posix()
        return posix(relative) or "."


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
    if not os.path.isdir(start):  # False, not PermissionError, below an unsearchable folder
        start = start.parent
    settings = resolve_settings(start, overrides)
    if paths and paths[0] == STDIN and stdin_filename and not settings.cache_dir_chosen:
        settings = _cache_at_git_top(settings, Path(os.path.abspath(stdin_filename)))
    catalog = load_catalog(settings.extend_catalog)
    settings.check_codes(catalog.rules)
    return Project(settings, catalog, cwd)


@dataclass
class _Run:
    project: Project
    sources: list[SourceFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    # editor mode: the other files of the project, analysed but not reported
    context: list[SourceFile] = field(default_factory=list)
    observer: Observer = QUIET

    def add(self, read: Union[SourceFile, Finding]) -> None:
        if isinstance(read, Finding):
            self.findings.append(read)
        else:
            self.sources.append(read)

    def checked(self) -> set[str]:
        """The files this run reports on (read, or reported as unreadable), as displayed."""
        unreadable = {f.path for f in self.findings if f.code == UNREADABLE}
        return {s.display_path for s in self.sources} | unreadable


def lint(
    project: Project,
    paths: Sequence[str],
    *,
    stdin: Union[bytes, Refused, None] = None,
    stdin_filename: Optional[str] = None,
    baseline: Optional[Baseline] = None,
    observer: Observer = QUIET,
    with_project: bool = True,
    changed: Optional[ChangedLines] = None,
) -> Report:
    """Lint ``paths`` (``-`` is ``stdin``, reported as ``stdin_filename``; a
    :class:`~zdr_lint.limits.Refused` for ``stdin`` when it was over the size limit).

    Files named in ``paths`` are analysed with the modules of their project that they import
    (see :func:`_add_context`); ``with_project=False`` analyses them alone. With ``changed``,
    only findings on changed lines are kept (after the baseline, which still sees them all).

    With ``baseline``, findings it holds are left out (marked ``baseline`` with
    ``show-suppressed``) and the report counts the baselined findings that are gone.
    ``observer`` hears of the run's phases and counts. Raises DiscoveryError when a path
    does not exist.
    """
    settings = project.settings
    run = _Run(project, observer=observer)
    observer.phase("discover")
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
    observer.phase("read")
    total = len(discovered.files)
    for number, path in enumerate(discovered.files, start=1):
        run.add(_read(project, path, stand_in=True))
        observer.count("read", number, total)
    if STDIN in paths:
        named = Path(stdin_filename) if stdin_filename else None
        if not (named and settings.force_exclude and excluder.excluded_with_parents(named)):
            display = project.display(named) if named else STDIN_DISPLAY
            where = Path(os.path.abspath(named or STDIN_DISPLAY))
            if isinstance(stdin, Refused):
                run.add(unreadable(display, f"cannot read standard input ({stdin})"))
            else:
                run.add(decode_source(stdin or b"", where, display, stand_in=True))
            if named is not None and list(paths) == [STDIN]:
                _add_context(run, [run.sources[-1]] if run.sources else [], named, excluder)
    elif with_project and files:
        given = {os.path.realpath(p) for p in files if not os.path.isdir(p)}
        named_sources = [s for s in run.sources if os.path.realpath(s.path) in given]
        if named_sources:
            _add_context(run, named_sources, named_sources[0].path, excluder)
    run.project = project.with_services(run.sources + run.context)
    _analyze(run)
    observer.phase("filter")
    results = _filter(run)
    report = Report(
        results=results,
        errors=sorted(run.errors, key=lambda e: e.path),
        # an undecodable file is not counted as checked, as before it reached the engine
        files_checked=sum(not isinstance(s, UndecodedSource) for s in run.sources),
        sources={source.display_path: source for source in run.context + run.sources},
    )
    if baseline is not None:
        _apply_baseline(report, baseline, run)
    if changed is not None:
        report.results = [r for r in report.results if changed.covers(r.finding, project.cwd)]
    observer.finish()
    return report


def read_stdin(project: Project, stream) -> Union[bytes, Refused]:
    """Standard input, up to the size limit (the refusal past it)."""
    try:
        return read_stream_bounded(stream, project.settings.max_file_size, MAX_SIZE_OPTION)
    except Refused as exc:
        return exc


def _read(project: Project, path: Path, stand_in: bool = False) -> Union[SourceFile, Finding]:
    absolute = Path(os.path.abspath(path))
    size = project.settings.max_file_size
    return read_source(absolute, project.display(path), size, stand_in=stand_in)


def relative_path(project: Project):
    """A function from a displayed path to the path relative to the project root."""
    return lambda display: project.relative_to_root(Path(display))


def _apply_baseline(report: Report, baseline: Baseline, run: _Run) -> None:
    project = run.project
    relative = relative_path(project)
    active = [r.finding for r in report.results if r.suppressed is None]
    checked = {relative(path) for path in run.checked()}
    in_service = {relative(path) for path in project.service_files}

    def enabled(code: str, relative_file: str) -> bool:
        selection = project.service_selection if relative_file in in_service else project.selection
        return selection.enabled(code)

    split = baseline.split(active, relative, checked, enabled)
    accepted = set(split.baselined)
    show = project.settings.show_suppressed
    results = []
    for result in report.results:
        if result.suppressed is None and result.finding in accepted:
            if show:
                results.append(Reported(result.finding, BASELINE_REASON))
        else:
            results.append(result)
    report.results = results
    report.baselined = len(split.baselined)
    report.baseline_gone = split.gone


def _add_context(run: _Run, named: list[SourceFile], anchor: Path, excluder: Excluder) -> None:
    """The modules of the project that the ``named`` sources import, directly or through other
    modules, to analyse alongside them (never reported). ``anchor`` locates the project.

    Findings in a file come from what it does with data it makes or gets from the modules it
    imports (their functions' results, their globals, their classes); a call from another
    module into the file is reported in that other module. So the import closure is enough,
    and it keeps editor and hook runs on a large project far cheaper than settling every
    module. The other modules' summaries come from the cache where it holds them.
    """
    root = project_root(run.project.settings, Path(os.path.abspath(anchor)), run.project.cwd)
    if root is None or not named:
        return
    try:
        found = discover(
            [root], excluder, notebooks=notebook_support() is not None, display=run.project.display
        )
    except DiscoveryError:
        return
    taken = {os.path.realpath(source.path) for source in run.sources}
    others = []
    for path in found.files:
        if os.path.realpath(path) not in taken:
            read = _read(run.project, path)
            if isinstance(read, SourceFile):  # (an undecodable module adds nothing here)
                others.append(read)
    run.context.extend(_imported_by(named, others))


def _imported_by(named: list[SourceFile], others: list[SourceFile]) -> list[SourceFile]:
    """The sources among ``others`` that ``named`` import, directly or transitively."""
    from zdr_lint.engine.relevance import import_closure

    named_paths = {source.path for source in named}
    reached = import_closure([*named, *others], named)
    return [source for source in reached if source.path not in named_paths]


def _cache_at_git_top(settings: Settings, buffer: Path) -> Settings:
    """Editor mode without a configuration file: the cache goes to the top of the buffer's git
    work tree, the project the buffer is analysed with, not to the editor's working folder."""
    if settings.config_file is not None or settings.cache_dir is None:
        return settings
    top = git_top(buffer)
    if top is None:
        return settings
    return dataclasses.replace(settings, cache_dir=top / DEFAULT_CACHE_DIR)


def git_top(path: Path) -> Optional[Path]:
    """The top of the git work tree holding ``path`` (a folder holding ``.git``), or None."""
    return next((f for f in path.parents if os.path.exists(f / ".git")), None)


def project_root(settings: Settings, file: Path, cwd: Path) -> Optional[Path]:
    """The folder of ``file``'s project: the configuration's folder, else the top of the git
    work tree, else the working directory; None when ``file`` is not inside it."""
    if settings.config_file is not None:
        root = Path(os.path.abspath(settings.config_file.parent))
    else:
        root = git_top(file) or cwd
    if root not in file.parents:
        return None
    return root


def _options(project: Project) -> EngineOptions:
    settings = project.settings
    return EngineOptions(
        sanitizers=settings.sanitizers,
        jobs=settings.jobs,
        cache_dir=settings.cache_dir,
        project_root=settings.root,
    )


def _analyze(run: _Run) -> None:
    """Analyse all sources together; if that fails, each on its own so one bad file is named.

    Only findings in the sources are kept (not in editor mode's context files), moved onto
    notebook cells where they are in notebooks.
    """
    options = _options(run.project)
    catalog = run.project.catalog
    reported = {source.display_path for source in run.sources}
    try:
        found = analyze(run.sources + run.context, catalog, options, run.observer)
    except Exception as whole:  # any engine failure: retried file by file below
        found = []
        if len(run.sources) + len(run.context) > 1:
            run.errors.append(FileError(".", _across_files(whole)))
        for source in run.sources:
            try:
                found.extend(analyze([source], catalog, options))
            except Exception as exc:  # reported as an error for this file, never a traceback
                run.errors.append(FileError(source.display_path, describe_error(exc)))
    found = [finding for finding in found if finding.path in reported]
    notebooks = [s for s in run.sources + run.context if isinstance(s, _notebook_type())]
    if notebooks:
        found = notebook_support().remap(found, notebooks)
    run.findings.extend(found)


def _notebook_type() -> type:
    module = notebook_support()
    return getattr(module, "NotebookSource", ()) if module else ()


def _across_files(exc: BaseException) -> str:
    """The failure of the analysis across files, said so: the files are retried one by one."""
    return (
        f"{_internal_error(exc)} in the analysis across files; each file was then checked on "
        "its own, so flows between files are missed, please report this"
    )


def describe_error(exc: BaseException) -> str:
    """An internal failure in words for the user, with where it happened, never a traceback."""
    return f"{_internal_error(exc)}; this file was not checked, please report this"


def _internal_error(exc: BaseException) -> str:
    """``internal error (Class: message at file:line)``."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    return f"internal error ({type(exc).__name__}: {exc}{where})"


def _filter(run: _Run) -> list[Reported]:
    project = run.project
    # an undecodable file's lossy text holds no comments that count
    sources = {s.display_path: s for s in run.sources if not isinstance(s, UndecodedSource)}
    scanned: dict[tuple[str, Optional[int]], Suppressions] = {}
    results = []
    for finding in sorted(set(run.findings), key=Finding.sort_key):
        if not project.wanted(finding):
            continue
        key = (finding.path, finding.cell)
        if key not in scanned:
            scanned[key] = _suppressions(sources.get(finding.path), finding.cell)
        reason = scanned[key].reason(finding)
        if reason is None or project.settings.show_suppressed:
            results.append(Reported(finding, reason))
    return results


def _suppressions(source: Optional[SourceFile], cell: Optional[int]) -> Suppressions:
    """The comments that count for a finding: the file's, or for a notebook cell the cell's own
    ``# noqa`` lines (its line numbers count within the cell) and a ``skip-file`` anywhere."""
    if source is None:
        return Suppressions()
    whole = Suppressions.scan(source.text)
    if cell is None:
        return whole
    module = notebook_support()
    text = module.cell_text(source, cell) if module else ""
    own = Suppressions.scan(text)
    return dataclasses.replace(own, skip_file=own.skip_file or whole.skip_file)
