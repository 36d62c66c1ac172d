"""Notebook findings placed in the notebook's own file, for viewers that show the stored file.

Findings count lines within a code cell (``cell 3, line 2``). GitHub code scanning and GitLab's
merge request view show the ``.ipynb`` file as stored, a JSON document, so they are given the
line (and column) of that document that holds the code (see
:class:`zdr_lint.notebooks.FilePositions`).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from zdr_lint.findings import Finding
from zdr_lint.output.common import RenderContext
from zdr_lint.reading import notebook_support
from zdr_lint.report import Report


class NotebookPlaces:
    """File positions of notebook cells, read from disk once per notebook."""

    def __init__(self, report: Report, cwd: Path) -> None:
        self.report = report
        self.cwd = cwd
        self._files: dict[str, Optional[object]] = {}

    def _positions(self, path: str):
        if path not in self._files:
            self._files[path] = self._load(path)
        return self._files[path]

    def _load(self, path: str):
        module = notebook_support()
        source = self.report.sources.get(path)
        cells = getattr(source, "cells", None)
        if module is None or cells is None:
            return None
        try:
            text = Path(os.path.join(self.cwd, path)).read_bytes().decode("utf-8-sig")
        except (OSError, UnicodeDecodeError):
            return None
        return module.FilePositions(text, cells)

    def place(self, path: str, cell: int, line: int, column: int) -> Optional[tuple[int, int]]:
        """``(line, column)`` in the stored file, or None when it cannot be told."""
        positions = self._positions(path)
        return positions.place(cell, line, column) if positions is not None else None

    def line_in_file(self, finding: Finding) -> Optional[int]:
        if finding.cell is None:
            return finding.line
        placed = self.place(finding.path, finding.cell, finding.line, finding.column)
        return placed[0] if placed else None


def notebook_positions(report: Report, ctx: RenderContext) -> NotebookPlaces:
    return NotebookPlaces(report, ctx.cwd or Path.cwd())
