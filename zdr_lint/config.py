"""Configuration: ``[tool.zdr-lint]`` in ``pyproject.toml`` (or a ``zdr-lint.toml``), merged
with the command line into :class:`Settings`.

The configuration file is found by walking up from the first path linted. In each directory,
``.zdr-lint.toml`` and ``zdr-lint.toml`` (keys at the top level) are used first, then a
``pyproject.toml`` that has a ``[tool.zdr-lint]`` table. ``--config FILE`` names the file
instead: a file called ``pyproject.toml`` is read from its ``[tool.zdr-lint]`` table, any other
file from its top level. Paths written in the file are relative to the file's folder, which is
also the project root that ``exclude`` and ``per-file-ignores`` patterns are matched against.
"""

from __future__ import annotations

import difflib
import os
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from zdr_lint.cores import usable_cores
from zdr_lint.limits import CONFIG_LIMIT, DEFAULT_MAX_FILE_SIZE, Refused, parse_size, read_bounded
from zdr_lint.selection import SelectionLayer, check_layer, check_selector, normalise

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older Pythons only
    import tomli as tomllib

OWN_FILES = (".zdr-lint.toml", "zdr-lint.toml")
FORMAT_NAMES = ("text", "json", "sarif", "github", "grouped", "full", "gitlab", "junit")
DEFAULT_CACHE_DIR = ".zdr_lint_cache"

# Directories skipped unless ``exclude`` replaces this list (gitignore-style patterns).
DEFAULT_EXCLUDE = (
    ".git/",
    ".hg/",
    ".svn/",
    ".venv/",
    "venv/",
    "build/",
    "dist/",
    "node_modules/",
    "__pycache__/",
    ".mypy_cache/",
    ".pytest_cache/",
    ".ruff_cache/",
    ".tox/",
    ".nox/",
    ".eggs/",
    "*.egg-info/",
    DEFAULT_CACHE_DIR + "/",
    # test suites, as semgrep skips them: their prompts are fixtures, not users' data
    "tests/",
    "test/",
)

STR_LIST = "a list of strings"
# a finding's confidence, surest first: ``--min-confidence high`` keeps only the first
CONFIDENCE_LEVELS = ("high", "medium")

# key -> what its value must be
KEYS: dict[str, str] = {
    "select": STR_LIST,
    "extend-select": STR_LIST,
    "ignore": STR_LIST,
    "exclude": STR_LIST,
    "extend-exclude": STR_LIST,
    "per-file-ignores": "a table of glob = [codes]",
    "force-exclude": "true or false",
    "extend-catalog": STR_LIST,
    "sanitizers": STR_LIST,
    "cache-dir": "a string",
    "jobs": "a whole number, 0 or more",
    "format": "one of " + ", ".join(FORMAT_NAMES),
    "show-suppressed": "true or false",
    "baseline": "a string (a path)",
    "min-confidence": "one of " + ", ".join(CONFIDENCE_LEVELS),
    "max-file-size": 'a size: a number of bytes, or a string such as "2MB" or "500KB"',
}


class ConfigError(Exception):
    """The configuration is wrong. The message names the file and the key."""


@dataclass(frozen=True)
class FileConfig:
    """The validated contents of one configuration file (or none)."""

    path: Optional[Path] = None
    values: dict = field(default_factory=dict)

    @property
    def where(self) -> str:
        if self.path is None:
            return ""
        table = " [tool.zdr-lint]" if self.path.name == "pyproject.toml" else ""
        return f"{self.path}{table}: "

    def relative(self, value: str) -> Path:
        """A path written in the file, taken relative to the file's folder."""
        base = self.path.parent if self.path else Path.cwd()
        return Path(os.path.normpath(base / Path(value).expanduser()))


@dataclass(frozen=True)
class Overrides:
    """What the command line says. ``None`` means the option was not given."""

    config: Optional[Path] = None
    select: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: Optional[tuple[str, ...]] = None
    extend_exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    force_exclude: Optional[bool] = None
    cache_dir: Optional[Path] = None
    no_cache: bool = False
    jobs: Optional[int] = None
    format: Optional[str] = None
    show_suppressed: Optional[bool] = None
    baseline: Optional[Path] = None
    no_baseline: bool = False
    min_confidence: Optional[str] = None
    max_file_size: Optional[int] = None


@dataclass(frozen=True)
class Settings:
    """Everything a run needs to know, configuration and command line merged."""

    root: Path
    config_file: Optional[Path] = None
    layers: tuple[SelectionLayer, ...] = ()
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
    per_file_ignores: tuple[tuple[str, tuple[str, ...], str], ...] = ()
    force_exclude: bool = False
    extend_catalog: tuple[Path, ...] = ()
    sanitizers: tuple[str, ...] = ()
    cache_dir: Optional[Path] = None
    cache_dir_chosen: bool = False  # set by --cache-dir or the file, not the default
    jobs: int = 1
    format: str = "text"
    show_suppressed: bool = False
    baseline: Optional[Path] = None
    min_confidence: str = "medium"
    max_file_size: int = DEFAULT_MAX_FILE_SIZE  # bytes; 0: no limit

    def check_codes(self, known: Iterable[str]) -> None:
        """Raise SelectionError for a selector or per-file-ignores code naming no rule."""
        known = tuple(known)
        for layer in self.layers:
            check_layer(layer, known)
        for pattern, codes, origin in self.per_file_ignores:
            for code in codes:
                check_selector(code, known, f"{origin}per-file-ignores '{pattern}'")


def find_config(start: Path) -> Optional[Path]:
    """The nearest configuration file at or above ``start`` (a folder), or None."""
    for folder in (start, *start.parents):
        for name in OWN_FILES:
            # os.path.isfile: False, never PermissionError, in a folder that cannot be searched
            if os.path.isfile(folder / name):
                return folder / name
        pyproject = folder / "pyproject.toml"
        if os.path.isfile(pyproject) and "zdr-lint" in _read_toml(pyproject).get("tool", {}):
            return pyproject
    return None


def load_config(path: Path) -> FileConfig:
    """Read and validate one configuration file."""
    data = _read_toml(path)
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("zdr-lint", {})
        if not isinstance(data, dict):
            raise ConfigError(f"{path}: [tool.zdr-lint] must be a table")
    config = FileConfig(path, data)
    for key, value in data.items():
        if key not in KEYS:
            hint = difflib.get_close_matches(key, KEYS, n=1)
            extra = f" (did you mean '{hint[0]}'?)" if hint else ""
            raise ConfigError(f"{config.where}unknown key '{key}'{extra}")
        if not _valid(key, value):
            raise ConfigError(f"{config.where}key '{key}' must be {KEYS[key]}")
    return config


def _read_toml(path: Path) -> dict:
    try:
        return tomllib.loads(read_bounded(path, CONFIG_LIMIT).decode("utf-8"))
    except Refused as exc:
        raise ConfigError(f"{path}: cannot read: {exc}") from exc
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: not UTF-8 ({exc.reason})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc


def _is_str_list(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _valid(key: str, value: Any) -> bool:
    kind = KEYS[key]
    if kind == STR_LIST:
        return _is_str_list(value)
    if key == "per-file-ignores":
        return isinstance(value, dict) and all(_is_str_list(v) for v in value.values())
    if key in ("force-exclude", "show-suppressed"):
        return isinstance(value, bool)
    if key == "jobs":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    if key == "format":
        return value in FORMAT_NAMES
    if key == "min-confidence":
        return value in CONFIDENCE_LEVELS
    if key == "max-file-size":
        try:
            parse_size(value)
        except (ValueError, TypeError):
            return False
        return True
    return isinstance(value, str)


def resolve_settings(start: Path, cli: Overrides) -> Settings:
    """Find and read the configuration for ``start`` and lay the command line over it."""
    path = Path(os.path.abspath(cli.config)) if cli.config is not None else find_config(start)
    file = load_config(path) if path is not None else FileConfig()
    values = file.values
    root = file.path.parent if file.path else Path.cwd()

    def codes(key: str) -> tuple[str, ...]:
        return tuple(normalise(c) for c in values.get(key, ()))

    file_layer = SelectionLayer(
        select=codes("select") if "select" in values else None,
        extend_select=codes("extend-select"),
        ignore=codes("ignore"),
        origin=file.where,
    )
    cli_layer = SelectionLayer(cli.select, cli.extend_select, cli.ignore, origin="--")
    exclude = cli.exclude if cli.exclude is not None else values.get("exclude", DEFAULT_EXCLUDE)
    per_file = [
        (pattern, tuple(normalise(c) for c in listed), file.where)
        for pattern, listed in values.get("per-file-ignores", {}).items()
    ]
    per_file += [(pattern, listed, "--") for pattern, listed in cli.per_file_ignores]
    cache_dir: Optional[Path] = None
    if not cli.no_cache:
        if cli.cache_dir is not None:
            cache_dir = Path(os.path.abspath(cli.cache_dir))
        elif "cache-dir" in values:
            cache_dir = file.relative(values["cache-dir"])
        else:
            cache_dir = root / DEFAULT_CACHE_DIR
    jobs = _first(cli.jobs, values.get("jobs"), 0)
    baseline: Optional[Path] = None
    if cli.baseline is not None:
        baseline = Path(os.path.abspath(cli.baseline))
    elif "baseline" in values and not cli.no_baseline:
        baseline = file.relative(values["baseline"])
    return Settings(
        root=root,
        config_file=file.path,
        layers=(file_layer, cli_layer),
        exclude=(
            *exclude,
            *values.get("extend-exclude", ()),
            *cli.extend_exclude,
        ),
        per_file_ignores=tuple(per_file),
        force_exclude=_first(cli.force_exclude, values.get("force-exclude"), False),
        extend_catalog=tuple(file.relative(p) for p in values.get("extend-catalog", ())),
        sanitizers=tuple(values.get("sanitizers", ())),
        cache_dir=cache_dir,
        cache_dir_chosen=cli.cache_dir is not None or "cache-dir" in values,
        jobs=jobs or usable_cores(),
        format=_first(cli.format, values.get("format"), "text"),
        show_suppressed=_first(cli.show_suppressed, values.get("show-suppressed"), False),
        baseline=baseline,
        min_confidence=_first(cli.min_confidence, values.get("min-confidence"), "medium"),
        max_file_size=_first(
            cli.max_file_size,
            parse_size(values["max-file-size"]) if "max-file-size" in values else None,
            DEFAULT_MAX_FILE_SIZE,
        ),
    )


def cache_warnings(settings: Settings, cli: Overrides) -> list[str]:
    """What is odd about a chosen ``cache-dir``: one that is not a folder (the run goes on
    without a cache), or one that the configuration file puts outside the project root (a
    ``../`` too many, or a folder every user of the repository would write to). A
    ``--cache-dir`` outside the root is a deliberate choice (a CI cache) and is not warned of."""
    folder = settings.cache_dir
    if folder is None or not settings.cache_dir_chosen:
        return []
    if os.path.lexists(folder) and not os.path.isdir(folder):
        return [f"cache-dir {folder} is not a folder; running without a cache"]
    if cli.cache_dir is not None:
        return []
    root = Path(os.path.abspath(settings.root))
    absolute = Path(os.path.abspath(folder))
    if root != absolute and root not in absolute.parents:
        return [
            f"cache-dir {folder} (from {settings.config_file}) is outside the project root {root}"
        ]
    return []


def _first(*values: Any) -> Any:
    """The first value that is not None (the command line, then the file, then the default)."""
    return next(v for v in values if v is not None)
