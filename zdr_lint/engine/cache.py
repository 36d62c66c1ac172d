"""The result cache: one pickled module summary per file, keyed on everything it depends on.

The key covers the file's text, its module name, the zdr-lint version, the catalog and the
engine options, so a stale entry can never be read. The cache folder holds a ``.gitignore``
of its own, as ruff's does. A cache that cannot be written (a read-only checkout, a full disk)
is skipped from then on, and an entry whose writing failed is removed, not left half-written.

The cache does not only grow. Summaries are kept per module (a *group*): storing one keeps the
:data:`KEEP_PER_GROUP` most recently used entries of its module and deletes the older ones, so
editing a file again and again leaves a handful of entries, not one per save. Every entry read
is touched (its modification time set to now), and once a day a run deletes every entry, of
any kind, that no run has used for :data:`MAX_AGE_DAYS` days, as well as the folders of older
cache formats. ``zdr-lint clean`` removes the whole folder.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import shutil
import tempfile
import time
from pathlib import Path
from typing import Optional

from zdr_lint import __version__
from zdr_lint.engine.summary import ModuleSummary

# v11: classes, functions and bound methods as values; v10: summaries grouped per module
FORMAT = "v120"
KEEP_PER_GROUP = 8  # summaries kept per module: its last few versions, options and branches
MAX_AGE_DAYS = 30  # an entry no run has used for this long is deleted
PRUNE_EVERY = 24 * 3600  # seconds between two sweeps for old entries
SIGNATURE = "Signature: 8a477f597d28d172789f06886806bc55\n# zdr-lint cache\n"

ALLOWED = {
    ("zdr_lint.engine.summary", name)
    for name in ("ModuleSummary", "FunctionSummary", "CallRecord", "SinkEvent")
} | {
    ("zdr_lint.engine.positions", "Span"),
    ("zdr_lint.engine.settle", "Hit"),
    ("zdr_lint.engine.settle", "Reach"),
    ("zdr_lint.engine.incremental", "ProjectState"),
    ("zdr_lint.findings", "Finding"),
    ("zdr_lint.findings", "Location"),
    ("zdr_lint.findings", "Step"),
    ("builtins", "frozenset"),
    ("builtins", "set"),
    ("copyreg", "_reconstructor"),
    ("builtins", "object"),
}


class SafeUnpickler(pickle.Unpickler):
    """Refuses every global but the summary types: a cache entry can never run code."""

    def find_class(self, module: str, name: str):
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"{module}.{name} is not allowed in the cache")
        return super().find_class(module, name)


class SummaryCache:
    """Pickled entries under ``folder``: summaries by group and key, named entries by name."""

    def __init__(self, folder: Optional[Path], salt: str) -> None:
        self.folder = folder
        self.salt = salt
        self.writable = folder is not None
        self._pruned = False

    def key(self, module: str, is_package: bool, text: str) -> str:
        digest = hashlib.sha256()
        for part in (FORMAT, __version__, self.salt, module, str(is_package)):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str, group: str) -> Path:
        assert self.folder is not None
        name = hashlib.sha256(group.encode("utf-8", "surrogatepass")).hexdigest()[:24]
        return self.folder / FORMAT / name[:2] / name / f"{key}.pickle"

    def _named_path(self, name: str) -> Path:
        assert self.folder is not None
        return self.folder / FORMAT / "named" / f"{name}.pickle"

    def load(self, key: str, group: str):
        """The entry for ``key`` in ``group`` (a module name), or None. A damaged or crafted
        entry is only a miss: the unpickler builds nothing but the summary types and plain
        containers."""
        if self.folder is None:
            return None
        value = _read(self._path(key, group))
        return value if isinstance(value, (ModuleSummary, tuple)) else None

    def load_entry(self, name: str):
        """A named entry (a project's last state), or None; as safe as :meth:`load`."""
        if self.folder is None:
            return None
        return _read(self._named_path(name))

    def store_entry(self, name: str, value) -> None:
        if self.folder is not None:
            self._write(self._named_path(name), value)

    def store(self, key: str, summary, group: str) -> None:
        """Store ``summary`` under ``key`` in ``group``, keeping the group's newest entries."""
        if self.folder is None:
            return
        path = self._path(key, group)
        if self._write(path, summary):
            _keep_newest(path.parent, KEEP_PER_GROUP)

    def _write(self, path: Path, value) -> bool:
        if not self.writable:
            return False
        try:
            self._prepare(path.parent)
            fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temp, path)
            except BaseException:  # a full disk, say: no half-written entry stays behind
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            self.writable = False
            return False
        if not self._pruned:
            self._pruned = True
            prune_if_due(self.folder)
        return True

    def _prepare(self, directory: Path) -> None:
        assert self.folder is not None
        if not self.folder.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / ".gitignore").write_text("# Created by zdr-lint\n*\n")
            (self.folder / "CACHEDIR.TAG").write_text(SIGNATURE)
        directory.mkdir(parents=True, exist_ok=True)


def _read(path: Path):
    """Unpickle ``path`` safely and mark it used; None when it is missing or damaged."""
    try:
        with open(path, "rb") as handle:
            value = SafeUnpickler(handle).load()
    except Exception:  # noqa: BLE001 - any damage at all means "not cached"
        return None
    try:
        os.utime(path)  # used now: the age sweep keeps it
    except OSError:
        pass
    return value


def _entries(folder: Path) -> list[tuple[float, Path]]:
    found = []
    try:
        with os.scandir(folder) as listing:
            for entry in listing:
                if entry.name.endswith(".pickle"):
                    try:
                        found.append((entry.stat().st_mtime, Path(entry.path)))
                    except OSError:
                        pass
    except OSError:
        pass
    return found


def _keep_newest(folder: Path, keep: int) -> None:
    """Delete all but the ``keep`` most recently used entries in ``folder``."""
    entries = _entries(folder)
    if len(entries) <= keep:
        return
    entries.sort(reverse=True)
    for _, path in entries[keep:]:
        _remove(path)


def _remove(path: Path) -> None:
    try:
        path.unlink()
    except OSError:
        pass


def prune_if_due(folder: Path, now: Optional[float] = None) -> None:
    """At most once every :data:`PRUNE_EVERY` seconds: delete the entries no run has used for
    :data:`MAX_AGE_DAYS` days, empty groups, and the folders of other cache formats."""
    now = time.time() if now is None else now
    stamp = folder / FORMAT / ".last-prune"
    try:
        if now - stamp.stat().st_mtime < PRUNE_EVERY:
            return
    except OSError:
        pass
    try:
        stamp.touch()
        os.utime(stamp, (now, now))
    except OSError:
        return
    prune(folder, now)


def prune(folder: Path, now: Optional[float] = None) -> None:
    """Delete what no run has used for :data:`MAX_AGE_DAYS` days (see :func:`prune_if_due`)."""
    now = time.time() if now is None else now
    oldest = now - MAX_AGE_DAYS * 24 * 3600
    if is_cache_folder(folder):
        for child in folder.iterdir():
            if child.is_dir() and child.name[:1] == "v" and child.name != FORMAT:
                shutil.rmtree(child, ignore_errors=True)  # an older cache format: never read
    for directory, _, _ in os.walk(folder / FORMAT, topdown=False):
        for mtime, path in _entries(Path(directory)):
            if mtime < oldest:
                _remove(path)
        try:
            os.rmdir(directory)  # only when empty
        except OSError:
            pass


def is_cache_folder(folder: Path) -> bool:
    """Whether ``folder`` is a zdr-lint cache (it holds the tag file zdr-lint writes)."""
    try:
        return (folder / "CACHEDIR.TAG").read_text(encoding="utf-8") == SIGNATURE
    except (OSError, UnicodeDecodeError):
        return False
