"""Find the files to lint: walk directories, honour excludes and ``.gitignore``, stay in the tree.

Rules, in order:

* A path named on the command line that does not exist is a usage error. One that cannot be
  looked at (a folder above it denies search) is read like a file, and reported as ZDR902.
* A file named on the command line is always checked (as Python, whatever its suffix), unless
  ``force_exclude`` is set and the file or a folder above it matches an exclude pattern.
* Inside a directory, ``*.py`` files are picked (and ``*.ipynb`` when notebook support is
  present). Folders matching an exclude pattern, folders holding a ``pyvenv.cfg`` (virtual
  environments) and whatever ``.gitignore`` files ignore are skipped. ``.gitignore`` files are
  read in every folder walked and in the folders above the walk up to the git work tree's top;
  inside a work tree, the repository's ``info/exclude`` and the user's global excludes file
  (``core.excludesFile``, by default ``$XDG_CONFIG_HOME/git/ignore``) apply too, as in git.
* A symbolic link is followed only when its target stays inside the directory being walked,
  and a folder is never entered twice (by its real path), so link loops end.
* The result is sorted and each real file appears once.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Sequence

from pathspec import GitIgnoreSpec

from zdr_lint.findings import Finding
from zdr_lint.limits import CONFIG_LIMIT, Refused, read_bounded
from zdr_lint.paths import posix, relative_to

PYTHON_SUFFIXES = (".py",)
NOTEBOOK_SUFFIX = ".ipynb"


class DiscoveryError(Exception):
    """A path given on the command line cannot be linted (it does not exist)."""


@dataclass(frozen=True)
class Excluder:
    """Gitignore-style exclude patterns, matched against paths relative to the project root."""

    root: Path
    patterns: tuple[str, ...] = ()
    spec: GitIgnoreSpec = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "spec", GitIgnoreSpec.from_lines(self.patterns))

    def excluded(self, path: Path, is_dir: bool, base: Optional[Path] = None) -> bool:
        """Whether ``path`` itself matches (relative to the root, else to ``base``)."""
        rel = _relative(path, self.root) or (_relative(path, base) if base else None)
        if rel is None:
            rel = path.name
        return self.spec.match_file(rel + "/" if is_dir else rel)

    def excluded_with_parents(self, path: Path) -> bool:
        """Whether ``path`` or any folder above it (inside the root) matches."""
        if self.excluded(path, os.path.isdir(path)):
            return True
        return any(
            self.excluded(parent, True)
            for parent in path.parents
            if _relative(parent, self.root) not in (None, "")
        )


def _relative(path: Path, base: Path) -> Optional[str]:
    """``path`` relative to ``base`` in POSIX form, or None when it is not under it."""
    rel = relative_to(path, base)
    return None if rel is None else posix(rel)


@dataclass(frozen=True)
class GitIgnores:
    """The ``.gitignore`` specs that apply in one folder, shallowest first."""

    specs: tuple[tuple[Path, GitIgnoreSpec], ...] = ()

    def entering(self, folder: Path) -> GitIgnores:
        spec = _read_gitignore(folder)
        return self if spec is None else GitIgnores((*self.specs, (folder, spec)))

    def ignored(self, path: Path, is_dir: bool) -> bool:
        # Deeper files override shallower ones; within a file the last match wins.
        verdict = False
        for base, spec in self.specs:
            rel = _relative(path, base)
            if rel is None:
                continue
            result = spec.check_file(rel + "/" if is_dir else rel)
            if result.include is not None:
                verdict = result.include
        return verdict

    @classmethod
    def above(cls, folder: Path) -> GitIgnores:
        """The specs that apply in ``folder`` from outside it: inside a git work tree, the
        user's global excludes file, the repository's ``info/exclude`` and the ``.gitignore``
        files of the folders above ``folder`` up to the top (in git's order of precedence,
        lowest first)."""
        folder = Path(os.path.abspath(folder))
        chain = [folder, *folder.parents]
        top = next((f for f in chain if os.path.exists(f / ".git")), None)
        if top is None:
            return cls()
        specs = []
        for path in (global_excludes_file(top), _info_exclude(top)):
            spec = _read_patterns(path) if path is not None else None
            if spec is not None:
                specs.append((top, spec))
        ignores = cls(tuple(specs))
        for parent in reversed(chain[1 : chain.index(top) + 1]):
            ignores = ignores.entering(parent)
        return ignores


def _read_gitignore(folder: Path) -> Optional[GitIgnoreSpec]:
    return _read_patterns(folder / ".gitignore")


def _read_patterns(path: Path) -> Optional[GitIgnoreSpec]:
    try:
        data = read_bounded(path, CONFIG_LIMIT)
    except (OSError, Refused):
        return None
    lines = data.decode("utf-8", errors="replace").splitlines()
    return GitIgnoreSpec.from_lines(lines)


def _git_dirs(top: Path) -> tuple[Optional[Path], Optional[Path]]:
    """The git directory of the work tree ``top`` and its common directory (they differ in a
    linked work tree, whose ``.git`` is a file saying ``gitdir: ...``)."""
    dotgit = top / ".git"
    if os.path.isdir(dotgit):
        return dotgit, dotgit
    try:
        text = read_bounded(dotgit, CONFIG_LIMIT).decode("utf-8", "replace").strip()
    except (OSError, Refused):
        return None, None
    if not text.startswith("gitdir:"):
        return None, None
    git_dir = top / text[len("gitdir:") :].strip()
    try:
        common = read_bounded(git_dir / "commondir", CONFIG_LIMIT).decode("utf-8", "replace")
        return git_dir, git_dir / common.strip()
    except (OSError, Refused):
        return git_dir, git_dir


def _info_exclude(top: Path) -> Optional[Path]:
    """The repository's ``info/exclude`` (in the common directory of linked work trees)."""
    common = _git_dirs(top)[1]
    return common / "info" / "exclude" if common is not None else None


def global_excludes_file(top: Optional[Path] = None) -> Optional[Path]:
    """The user's global gitignore: ``core.excludesFile`` from the repository's or the user's
    git configuration, else ``$XDG_CONFIG_HOME/git/ignore`` (``~/.config/git/ignore``)."""
    home = os.path.expanduser("~")
    xdg = os.environ.get("XDG_CONFIG_HOME") or os.path.join(home, ".config")
    configs = [Path(xdg) / "git" / "config", Path(home) / ".gitconfig"]
    git_dir = _git_dirs(top)[1] if top is not None else None
    if git_dir is not None:
        configs.append(git_dir / "config")
    chosen = None
    for config in configs:  # later files win, as in git
        value = _core_excludes_file(config)
        if value is not None:
            chosen = value
    if chosen is not None:
        return Path(os.path.expanduser(chosen))
    return Path(xdg) / "git" / "ignore"


def _core_excludes_file(config: Path) -> Optional[str]:
    """``core.excludesFile`` in one git configuration file (the plain ``key = value`` form)."""
    try:
        text = read_bounded(config, CONFIG_LIMIT).decode("utf-8", "replace")
    except (OSError, Refused):
        return None
    section = ""
    found = None
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line[0] in "#;":
            continue
        if line.startswith("["):
            section = line[1:].split("]", 1)[0].strip().lower()
            continue
        key, sep, value = line.partition("=")
        if sep and section == "core" and key.strip().lower() == "excludesfile":
            value = value.split(" #", 1)[0].split(" ;", 1)[0].strip()
            found = value[1:-1] if len(value) >= 2 and value[0] == value[-1] == '"' else value
    return found


@dataclass
class Discovered:
    """The files to read, and problems met on the way (unlistable folders, as ZDR902)."""

    files: list[Path] = field(default_factory=list)
    problems: list[Finding] = field(default_factory=list)


@dataclass
class _Walk:
    excluder: Excluder
    suffixes: tuple[str, ...]
    display: Callable[[Path], str]
    result: Discovered
    seen_dirs: set = field(default_factory=set)

    def directory(self, top: Path) -> None:
        """Walk ``top`` depth first, in name order, with a stack (a tree deeper than Python's
        recursion limit is walked like any other)."""
        tree = os.path.realpath(top)
        self.seen_dirs.add(tree)
        stack = [self._folder(top, tree, tree, GitIgnores.above(top).entering(top), top)]
        while stack:
            below = next(stack[-1], None)
            if below is None:
                stack.pop()
            else:
                stack.append(self._folder(*below))

    def _folder(
        self, folder: Path, real_folder: str, tree: str, ignores: GitIgnores, base: Path
    ) -> Iterator[tuple[Path, str, str, GitIgnores, Path]]:
        """Record the files of ``folder`` (whose real path is ``real_folder``); yield each
        subfolder to walk, as it comes."""
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=lambda e: e.name)
        except OSError as exc:
            self.result.problems.append(_unlistable(self.display(folder), exc))
            return
        for entry in entries:
            path = folder / entry.name
            real = os.path.realpath(path) if entry.is_symlink() else None
            if real is not None and not _inside(real, tree):
                continue
            is_dir = _is_dir(entry)
            if self.excluder.excluded(path, is_dir, base) or ignores.ignored(path, is_dir):
                continue
            if is_dir:
                # not a link: its real path follows from its folder's (realpath would cost
                # one lstat per level, quadratic in a deep tree)
                real = real or os.path.join(real_folder, entry.name)
                # os.path.exists, not Path.exists: False (not PermissionError, before Python
                # 3.14) in a folder that cannot be searched; the walk then reports it
                if real in self.seen_dirs or os.path.exists(path / "pyvenv.cfg"):
                    continue
                self.seen_dirs.add(real)
                yield path, real, tree, ignores.entering(path), base
            elif entry.name.endswith(self.suffixes) and _is_file(entry):
                self.result.files.append(path)


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def _is_file(entry: os.DirEntry) -> bool:
    try:
        return entry.is_file()
    except OSError:
        return False


def _inside(real: str, tree: str) -> bool:
    return real == tree or real.startswith(tree.rstrip(os.sep) + os.sep)


def _unlistable(display: str, exc: OSError) -> Finding:
    reason = exc.strerror or str(exc)
    return Finding(
        path=display,
        line=1,
        column=1,
        code="ZDR902",
        message=f"cannot list directory ({reason}); nothing in it was checked",
    )


def discover(
    paths: Sequence[Path],
    excluder: Excluder,
    *,
    force_exclude: bool = False,
    notebooks: bool = False,
    display: Callable[[Path], str] = str,
) -> Discovered:
    """The files to lint under ``paths``, sorted, each real file once."""
    missing = [str(p) for p in paths if _missing(p)]
    if missing:
        raise DiscoveryError(f"path does not exist: {', '.join(missing)}")
    suffixes = PYTHON_SUFFIXES + ((NOTEBOOK_SUFFIX,) if notebooks else ())
    result = Discovered()
    walk = _Walk(excluder, suffixes, display, result)
    for path in paths:
        if force_exclude and excluder.excluded_with_parents(path):
            continue
        if os.path.isdir(path):
            walk.directory(path)
        elif path.suffix != NOTEBOOK_SUFFIX or notebooks:
            result.files.append(path)
    result.files = _unique(sorted(result.files, key=display))
    return result


def _missing(path: Path) -> bool:
    """Whether ``path`` surely does not exist. A path that cannot be looked at (a folder above
    it cannot be searched) may exist: it is read, and reading it reports why it cannot be."""
    try:
        os.lstat(path)
    except (FileNotFoundError, NotADirectoryError, ValueError):
        return True
    except OSError:
        return False
    return False


def _unique(files: Iterable[Path]) -> list[Path]:
    seen: set[str] = set()
    unique = []
    for path in files:
        real = os.path.realpath(path)
        if real not in seen:
            seen.add(real)
            unique.append(path)
    return unique
