"""The engine's public entry point and the types it accepts."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional, Sequence

from zdr_lint.engine.progress import QUIET, Observer
from zdr_lint.findings import Finding


@dataclass(frozen=True)
class SourceFile:
    """A decoded Python source file. ``display_path`` is what findings print."""

    path: Path
    display_path: str
    text: str


@dataclass(frozen=True)
class UndecodedSource(SourceFile):
    """A file whose bytes are not Python text: ``problem`` is its ZDR902 finding, ``text`` a
    lossy decoding. The relevance pre-pass reads ``text`` like any other file's; the file is
    never parsed, and ``problem`` is reported only when the analysis needs the file."""

    problem: Optional[Finding] = None


@dataclass(frozen=True)
class EngineOptions:
    """Settings that change what the engine computes (and so belong in the cache key)."""

    sanitizers: tuple[str, ...] = ()
    jobs: int = 1
    cache_dir: Optional[Path] = None
    project_root: Optional[Path] = None
    extra: dict = field(default_factory=dict)


def analyze(
    files: Sequence[SourceFile],
    catalog,
    options: EngineOptions,
    observer: Optional[Observer] = None,
) -> list[Finding]:
    """Analyse ``files`` together as one project and return the findings, sorted.
    ``observer`` hears of the phases and counts (see :mod:`zdr_lint.engine.progress`)."""
    from zdr_lint.engine.runner import run_project

    return run_project(files, catalog, options, observer or QUIET)
