"""The result cache: one pickled module summary per file, keyed on everything it depends on.

The key covers the file's text, its module name, the zdr-lint version, the catalog and the
engine options, so a stale entry can never be read. The cache folder holds a ``.gitignore``
of its own, as ruff's does. A cache that cannot be written (a read-only checkout, a full disk)
is skipped from then on, and an entry whose writing failed is removed, not left half-written.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from pathlib import Path
from typing import Optional

from zdr_lint import __version__
from zdr_lint.engine.summary import ModuleSummary

FORMAT = "v9"  # v9: columns count characters, not UTF-8 bytes; calls through super()

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
    def __init__(self, folder: Optional[Path], salt: str) -> None:
        self.folder = folder
        self.salt = salt
        self.writable = folder is not None

    def key(self, module: str, is_package: bool, text: str) -> str:
        digest = hashlib.sha256()
        for part in (FORMAT, __version__, self.salt, module, str(is_package)):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        digest.update(text.encode("utf-8", "surrogatepass"))
        return digest.hexdigest()

    def _path(self, key: str) -> Path:
        assert self.folder is not None
        return self.folder / FORMAT / key[:2] / f"{key}.pickle"

    def load(self, key: str):
        """The entry for ``key``, or None. A damaged or crafted entry is only a miss: the
        unpickler builds nothing but the summary types and plain containers."""
        if self.folder is None:
            return None
        try:
            with open(self._path(key), "rb") as handle:
                value = SafeUnpickler(handle).load()
        except Exception:  # noqa: BLE001 - any damage at all means "not cached"
            return None
        return value if isinstance(value, (ModuleSummary, tuple)) else None

    def load_entry(self, name: str):
        """A named entry (a project's last state), or None; as safe as :meth:`load`."""
        if self.folder is None:
            return None
        try:
            with open(self._path(name), "rb") as handle:
                return SafeUnpickler(handle).load()
        except Exception:  # noqa: BLE001 - any damage at all means "not cached"
            return None

    def store_entry(self, name: str, value) -> None:
        self.store(name, value)

    def store(self, key: str, summary) -> None:
        if self.folder is None or not self.writable:
            return
        path = self._path(key)
        try:
            self._prepare(path.parent)
            fd, temp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    pickle.dump(summary, handle, protocol=pickle.HIGHEST_PROTOCOL)
                os.replace(temp, path)
            except BaseException:  # a full disk, say: no half-written entry stays behind
                with contextlib.suppress(OSError):
                    os.unlink(temp)
                raise
        except OSError:
            self.writable = False

    def _prepare(self, directory: Path) -> None:
        assert self.folder is not None
        if not self.folder.exists():
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / ".gitignore").write_text("# Created by zdr-lint\n*\n")
            (self.folder / "CACHEDIR.TAG").write_text(
                "Signature: 8a477f597d28d172789f06886806bc55\n# zdr-lint cache\n"
            )
        directory.mkdir(parents=True, exist_ok=True)
