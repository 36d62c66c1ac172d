"""The ``zdr-lint`` command.

``zdr-lint [OPTIONS] [PATH]...`` lints. Three words are subcommands, and only as the very
first argument: ``zdr-lint rules`` lists the rules, ``zdr-lint explain CODE`` prints one
rule's documentation and ``zdr-lint clean`` removes the project's cache. Anything else is a
path, so ``zdr-lint rules/``, ``zdr-lint ./rules``, ``zdr-lint -- rules`` and
``zdr-lint --select ZDR1 rules`` all lint a folder named ``rules``.
"""

from __future__ import annotations

import os
import shutil
import signal
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, NoReturn, Optional

import click
from click.core import ParameterSource

from zdr_lint import __version__
from zdr_lint.app import STDIN, Project, lint, prepare, read_stdin, relative_path
from zdr_lint.baseline import Baseline, BaselineError
from zdr_lint.catalog import Catalog, CatalogError, find_rule_by_name, load_catalog
from zdr_lint.changes import DiffError, changed_since
from zdr_lint.config import (
    CONFIDENCE_LEVELS,
    FORMAT_NAMES,
    ConfigError,
    Overrides,
    cache_warnings,
    find_config,
    load_config,
    resolve_settings,
)
from zdr_lint.discovery import DiscoveryError
from zdr_lint.engine.cache import is_cache_folder
from zdr_lint.engine.pool import Terminated, raise_terminated
from zdr_lint.engine.progress import QUIET, Observer
from zdr_lint.limits import parse_size
from zdr_lint.output import MACHINE_FORMATS, RenderContext, render
from zdr_lint.output import statistics as statistics_output
from zdr_lint.progress import ProgressLine, Verbose, progress_wanted
from zdr_lint.report import Report
from zdr_lint.rule_docs import as_text
from zdr_lint.selection import SelectionError, split_list
from zdr_lint.writing import write_atomically

USAGE_ERROR = 2
STATISTICS_UNSUPPORTED = tuple(
    name
    for name in FORMAT_NAMES
    if name not in statistics_output.DOCUMENT_FORMATS + statistics_output.TEXT_FORMATS
)
TERMINATED = 128 + signal.SIGTERM  # what a shell reports for a process ended by SIGTERM
PROBLEMS = (ConfigError, SelectionError, CatalogError, DiscoveryError, BaselineError, DiffError)


def fail(message: str) -> NoReturn:
    """Print a usage or configuration error and stop with exit code 2."""
    click.echo(f"zdr-lint: error: {message}", err=True)
    sys.exit(USAGE_ERROR)


class _Dispatch(click.Command):
    """The lint command, handing over to a subcommand when the first argument names one."""

    def main(self, args: Any = None, prog_name: Optional[str] = None, **extra: Any) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        prog = prog_name or "zdr-lint"
        if argv and argv[0] in SUBCOMMANDS:
            name = argv[0]
            if os.path.isdir(name):
                click.echo(
                    f"zdr-lint: note: '{name}' is the subcommand here; to lint the folder "
                    f"'{name}', run 'zdr-lint ./{name}'",
                    err=True,
                )
            command = SUBCOMMANDS[name]
            return command.main(argv[1:], prog_name=f"{prog} {name}", **extra)
        return super().main(argv, prog_name=prog, **extra)


def _codes(values: tuple[str, ...]) -> Optional[tuple[str, ...]]:
    """Repeatable comma-list options, joined; None when not given."""
    return tuple(code for value in values for code in split_list(value)) if values else None


def _patterns(values: tuple[str, ...]) -> Optional[tuple[str, ...]]:
    if not values:
        return None
    return tuple(p.strip() for value in values for p in value.split(",") if p.strip())


def _per_file(values: tuple[str, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    entries = []
    for value in values:
        pattern, sep, codes = value.rpartition(":")
        if not sep or not pattern.strip() or not split_list(codes):
            raise click.BadParameter(
                f"'{value}' is not GLOB:CODES (e.g. 'tests/*:ZDR101,ZDR2')",
                param_hint="--per-file-ignores",
            )
        entries.append((pattern.strip(), split_list(codes)))
    return tuple(entries)


def _given(ctx: click.Context, name: str) -> Any:
    """An option's value, or None when the command line did not set it."""
    if ctx.get_parameter_source(name) in (ParameterSource.DEFAULT, None):
        return None
    return ctx.params[name]


def _use_color(choice: Optional[bool], output_file: Optional[str], fmt: str) -> bool:
    if fmt in MACHINE_FORMATS:
        return False
    if choice is not None:
        return choice
    if output_file or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


CODES_HELP = "Comma list of rule codes or prefixes (ZDR1, ZDR30, ZDR101)."


@click.command(
    cls=_Dispatch,
    name="zdr-lint",
    context_settings={"help_option_names": ["-h", "--help"]},
    epilog=(
        "Subcommands (only as the first argument): 'zdr-lint rules' lists the rules, "
        "'zdr-lint explain CODE' prints a rule's documentation, 'zdr-lint clean' removes "
        "the project's cache. To lint a folder named 'rules', 'explain' or 'clean', write "
        "'./rules', 'rules/' or '-- rules'."
    ),
)
# readable=False: an unreadable file is reported as ZDR902 by the run, not refused here
@click.argument("paths", nargs=-1, type=click.Path(readable=False))
@click.option("--select", multiple=True, metavar="CODES", help="Rules to run. " + CODES_HELP)
@click.option("--extend-select", multiple=True, metavar="CODES", help="Rules to add. " + CODES_HELP)
@click.option("--ignore", multiple=True, metavar="CODES", help="Rules to skip. " + CODES_HELP)
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help="Configuration file: a pyproject.toml ([tool.zdr-lint]) or a zdr-lint.toml.",
)
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), help="Output format.")
@click.option("--output-file", "-o", type=click.Path(dir_okay=False), help="Write output here.")
@click.option("--statistics", is_flag=True, help="Print a count per rule instead of findings.")
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@click.option(
    "--show-suppressed", is_flag=True, default=None, help="Also print suppressed findings."
)
@click.option(
    "--min-confidence",
    type=click.Choice(CONFIDENCE_LEVELS),
    help="Report only findings at least this sure that the data is Claude's (default: medium).",
)
@click.option("--exclude", multiple=True, metavar="GLOBS", help="Replace the exclude list.")
@click.option("--extend-exclude", multiple=True, metavar="GLOBS", help="Add exclude patterns.")
@click.option(
    "--force-exclude/--no-force-exclude",
    default=None,
    help="Apply excludes to files named on the command line too (for pre-commit).",
)
@click.option(
    "--per-file-ignores", multiple=True, metavar="GLOB:CODES", help="Ignore codes in files."
)
@click.option("-j", "--jobs", type=click.IntRange(min=0), help="Worker processes (0: all cores).")
@click.option(
    "--max-file-size",
    metavar="SIZE",
    help="Skip (as ZDR902) source files larger than this: bytes, or 500KB, 2MB; 0: no limit "
    "(default: 2MB).",
)
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Where to keep the cache.")
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option("--color/--no-color", default=None, help="Colour (default: on a terminal only).")
@click.option(
    "--stdin-filename",
    metavar="PATH",
    help="Lint standard input (path '-') and report it under PATH.",
)
@click.option(
    "--baseline",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Report only findings that this baseline file does not hold.",
)
@click.option(
    "--write-baseline",
    type=click.Path(dir_okay=False),
    metavar="FILE",
    help="Record the findings of this run in FILE (a baseline) instead of reporting them.",
)
@click.option("--no-baseline", is_flag=True, help="Ignore the configuration's baseline.")
@click.option(
    "-q", "--quiet", is_flag=True, help="Print the findings only: no progress, notes or summaries."
)
@click.option(
    "-v",
    "--verbose",
    is_flag=True,
    help="Say on standard error what was analysed, what was left out and each phase's time.",
)
@click.option(
    "--diff-from",
    metavar="REF",
    help="Report only findings on lines changed since the git revision REF (the analysis "
    "still covers every file); files git does not track count as changed.",
)
@click.option(
    "--no-project",
    is_flag=True,
    help="Analyse the files named alone, without the modules of their project they import.",
)
@click.version_option(
    __version__, "--version", prog_name="zdr-lint", message="%(prog)s %(version)s"
)
@click.pass_context
def cli(ctx: click.Context, paths: tuple[str, ...], **options: Any) -> None:
    """Find Claude prompts and completions that leak to logs, databases, caches and third
    parties, outside Zero Data Retention. Lints PATH... (default: the current folder)."""
    stdin_filename = options["stdin_filename"]
    if stdin_filename and not paths:
        paths = (STDIN,)
    elif stdin_filename and STDIN not in paths:
        raise click.UsageError("--stdin-filename needs '-' among the paths")
    if options["write_baseline"] and options["baseline"]:
        raise click.UsageError("give --baseline or --write-baseline, not both")
    if options["quiet"] and options["verbose"]:
        raise click.UsageError("give --quiet or --verbose, not both")

    paths = paths or (".",)
    max_file_size = None
    if options["max_file_size"] is not None:
        try:
            max_file_size = parse_size(options["max_file_size"])
        except ValueError:
            raise click.BadParameter(
                f"'{options['max_file_size']}' is not a size (e.g. 2000000, 500KB, 2MB)",
                param_hint="--max-file-size",
            ) from None
    overrides = Overrides(
        config=Path(options["config"]) if options["config"] else None,
        select=_codes(options["select"]),
        extend_select=_codes(options["extend_select"]) or (),
        ignore=_codes(options["ignore"]) or (),
        exclude=_patterns(options["exclude"]),
        extend_exclude=_patterns(options["extend_exclude"]) or (),
        per_file_ignores=_per_file(options["per_file_ignores"]),
        force_exclude=_given(ctx, "force_exclude"),
        cache_dir=Path(options["cache_dir"]) if options["cache_dir"] else None,
        no_cache=options["no_cache"],
        jobs=options["jobs"],
        format=options["fmt"],
        show_suppressed=_given(ctx, "show_suppressed"),
        min_confidence=options["min_confidence"],
        baseline=Path(options["baseline"]) if options["baseline"] else None,
        no_baseline=options["no_baseline"] or bool(options["write_baseline"]),
        max_file_size=max_file_size,
    )
    try:
        with _sigterm_raises():
            code = _run(paths, overrides, options)
    except PROBLEMS as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        click.echo("zdr-lint: interrupted", err=True)
        code = 130
    except Terminated:
        click.echo("zdr-lint: terminated", err=True)
        code = TERMINATED
    except BrokenPipeError:
        raise  # the reader went away (zdr-lint | head): click exits quietly
    except Exception as exc:  # the last guard: no traceback reaches the user
        click.echo(f"zdr-lint: internal error: {type(exc).__name__}: {exc}", err=True)
        code = USAGE_ERROR
    sys.exit(code)


@contextmanager
def _sigterm_raises() -> Iterator[None]:
    """SIGTERM raises :class:`Terminated` during the run, so that the worker processes are
    ended with it (the default action would end this process alone)."""
    try:
        previous = signal.signal(signal.SIGTERM, raise_terminated)
    except (ValueError, OSError):  # not the main thread (an embedding program): leave it
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run(paths: tuple[str, ...], overrides: Overrides, options: dict) -> int:
    project = prepare(paths, overrides, options["stdin_filename"])
    settings = project.settings
    if options["statistics"] and settings.format in STATISTICS_UNSUPPORTED:
        fail(
            f"--statistics has no '{settings.format}' form; "
            "use the format text, full, grouped, json or sarif"
        )
    for warning in cache_warnings(settings, overrides):
        click.echo(f"zdr-lint: warning: {warning}", err=True)
    baseline = Baseline.load(settings.baseline) if settings.baseline else None
    stdin = read_stdin(project, sys.stdin.buffer) if STDIN in paths else None
    changed = None
    if options["diff_from"] is not None:
        changed = changed_since(options["diff_from"], settings.root)
    observer = _observer(options)
    try:
        report = lint(
            project,
            paths,
            stdin=stdin,
            stdin_filename=options["stdin_filename"],
            baseline=baseline,
            observer=observer,
            with_project=not options["no_project"],
            changed=changed,
        )
    finally:
        observer.finish()  # erase the progress line, whatever happened
    if STDIN not in paths and report.files_checked == 0 and not report.results:
        click.echo(f"zdr-lint: warning: no Python files found under {' '.join(paths)}", err=True)
    if options["write_baseline"]:
        return _write_baseline(
            project, report, Path(options["write_baseline"]), quiet=options["quiet"]
        )
    fmt = project.settings.format
    color = _use_color(options["color"], options["output_file"], fmt)
    ctx = RenderContext(catalog=project.catalog, color=color, cwd=project.cwd)
    if options["statistics"]:
        text = statistics_output.render(report, ctx, fmt)
    else:
        text = render(fmt, report, ctx)
    _write(text, options["output_file"], color)
    _print_errors(report)
    if settings.baseline and report.baseline_gone and not options["quiet"]:
        gone = report.baseline_gone
        click.echo(
            f"zdr-lint: {gone} finding{'s' if gone != 1 else ''} in the baseline "
            f"{_shown(settings.baseline, project.cwd)} {'are' if gone != 1 else 'is'} gone "
            "(fixed, or moved to another function or file); refresh it with --write-baseline",
            err=True,
        )
    return report.exit_code(options["exit_zero"])


def _observer(options: dict) -> Observer:
    """Who hears of the run's progress: ``--verbose`` lines, a progress line on a terminal
    (never in a pipe or a CI log), or nobody (``--quiet``)."""
    if options["quiet"]:
        return QUIET
    if options["verbose"]:
        return Verbose(sys.stderr)
    if progress_wanted(sys.stderr, os.environ):
        return ProgressLine(sys.stderr)
    return QUIET


def _shown(path: Path, cwd: Path) -> str:
    try:
        return str(path.relative_to(cwd))
    except ValueError:
        return str(path)


def _write_baseline(project: Project, report: Report, path: Path, quiet: bool = False) -> int:
    """``--write-baseline``: record the findings that count, say so (unless ``quiet``), exit 0
    (2 on errors)."""
    baseline = Baseline.of(report.active, relative_path(project))
    baseline.write(path)
    files = len({finding.path for finding in report.active})
    if not quiet:
        click.echo(
            f"zdr-lint: wrote {baseline.total} finding{'s' if baseline.total != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''} to the baseline {path}",
            err=True,
        )
    _print_errors(report)
    return USAGE_ERROR if report.errors else 0


def _write(text: str, output_file: Optional[str], color: bool) -> None:
    # A file name that is not UTF-8 reaches here as lone surrogates: write its own bytes back.
    data = text.encode("utf-8", "surrogateescape")
    if output_file is None:
        if not color:
            data = click.unstyle(text).encode("utf-8", "surrogateescape")
        try:
            click.echo(data, nl=False)
            sys.stdout.flush()
        except BrokenPipeError:
            raise  # the reader went away (zdr-lint | head): click exits quietly
        except OSError as exc:
            _drop_stdout()
            fail(f"standard output: cannot write output: {exc.strerror or exc}")
        return
    try:
        write_atomically(Path(output_file), data)
    except OSError as exc:
        fail(f"{output_file}: cannot write output: {exc.strerror or exc}")


def _drop_stdout() -> None:
    """Point standard output at the null device, so that the flush at exit cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):  # no real descriptor (a test runner's stream)
        pass


def _print_errors(report: Report) -> None:
    for error in report.errors:
        click.echo(f"zdr-lint: error: {error.path}: {error.message}", err=True)


# ---- subcommands -------------------------------------------------------------------------


def _catalog(config: Optional[str]) -> Catalog:
    """The catalog with the ``extend-catalog`` files of the configuration in force here."""
    try:
        path = Path(config) if config else find_config(Path(os.getcwd()))
        extra = ()
        if path is not None:
            file = load_config(path)
            extra = tuple(file.relative(p) for p in file.values.get("extend-catalog", ()))
        return load_catalog(extra)
    except (ConfigError, CatalogError) as exc:
        fail(str(exc))


CONFIG_OPTION = click.option(
    "--config", type=click.Path(dir_okay=False), help="Configuration file (for extend-catalog)."
)


@click.command(name="rules", context_settings={"help_option_names": ["-h", "--help"]})
@CONFIG_OPTION
def rules_command(config: Optional[str]) -> None:
    """List every rule: code, name, default state and lesson note."""
    catalog = _catalog(config)
    rules = [catalog.rules[code] for code in sorted(catalog.rules)]
    width = max((len(rule.name) for rule in rules), default=4)
    click.echo(f"{'CODE':<7} {'NAME':<{width}}  {'DEFAULT':<7}  LESSON")
    for rule in rules:
        state = rule.default_state
        click.echo(f"{rule.id:<7} {rule.name:<{width}}  {state:<7}  {rule.lesson.key}")
    click.echo("\nLesson notes:")
    key_width = max((len(key) for key in catalog.lessons), default=4)
    for key in sorted(catalog.lessons):
        click.echo(f'  {key:<{key_width}}  "{catalog.lessons[key].words}"')


@click.command(name="explain", context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("code")
@CONFIG_OPTION
def explain_command(code: str, config: Optional[str]) -> None:
    """Print the full documentation of the rule CODE (or rule name)."""
    catalog = _catalog(config)
    rule = catalog.rules.get(code.strip().upper()) or find_rule_by_name(catalog, code.strip())
    if rule is None:
        fail(f"unknown rule '{code}'; 'zdr-lint rules' lists them")
    click.echo(as_text(rule), nl=False)


@click.command(name="clean", context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--config",
    type=click.Path(dir_okay=False),
    help="Configuration file (for cache-dir); found from the working directory by default.",
)
@click.option("--cache-dir", type=click.Path(file_okay=False), help="The cache to remove.")
def clean_command(config: Optional[str], cache_dir: Optional[str]) -> None:
    """Remove the project's analysis cache (the folder that cache-dir names, by default
    .zdr_lint_cache in the project root). Only a folder that zdr-lint created is removed."""
    overrides = Overrides(
        config=Path(config) if config else None,
        cache_dir=Path(cache_dir) if cache_dir else None,
    )
    try:
        folder = resolve_settings(Path(os.getcwd()), overrides).cache_dir
    except ConfigError as exc:
        fail(str(exc))
    assert folder is not None
    if not folder.exists():
        click.echo(f"zdr-lint: no cache at {_shown(folder, Path(os.getcwd()))}", err=True)
        return
    if not is_cache_folder(folder):
        fail(f"{folder} does not look like a zdr-lint cache (no CACHEDIR.TAG); left alone")
    try:
        shutil.rmtree(folder)
    except OSError as exc:
        fail(f"{folder}: cannot remove the cache ({exc.strerror or exc})")
    click.echo(f"zdr-lint: removed the cache {_shown(folder, Path(os.getcwd()))}", err=True)


SUBCOMMANDS: dict[str, click.Command] = {
    "rules": rules_command,
    "explain": explain_command,
    "clean": clean_command,
}


def main() -> None:
    """Console entry point."""
    try:
        cli.main(prog_name="zdr-lint")
    except Exception as exc:  # a failure outside the lint run (e.g. in a subcommand)
        click.echo(f"zdr-lint: internal error: {type(exc).__name__}: {exc}", err=True)
        sys.exit(USAGE_ERROR)
