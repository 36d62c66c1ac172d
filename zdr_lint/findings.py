"""The data that the engine hands to the reporting side: findings and the steps of a flow."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional


@dataclass(frozen=True, order=True)
class Location:
    """A place in a file. Lines are 1-based; columns are 1-based, as flake8 prints them.

    In a notebook, ``cell`` is the 1-based index of the code cell and ``line`` counts within it.
    """

    path: str
    line: int
    column: int
    cell: Optional[int] = None


@dataclass(frozen=True)
class Step:
    """One hop of a flow from a Claude source to a sink, for JSON and SARIF ``codeFlows``."""

    location: Location
    note: str


@dataclass(frozen=True)
class Finding:
    """One reported problem.

    ``path`` is the path as the user should see it (relative to the working directory when
    possible). ``noqa_lines`` is the inclusive range of physical lines of the statement that
    holds the finding: a ``# noqa`` comment on any of them suppresses it, as in flake8.
    ``context`` (the enclosing function's qualified name) and ``sink_expr`` (the normalised
    sink expression) make a line-independent fingerprint for baselines.
    """

    path: str
    line: int
    column: int
    code: str
    message: str
    end_line: int = 0
    end_column: int = 0
    noqa_lines: tuple[int, int] = (0, 0)
    source: Optional[Step] = None
    steps: tuple[Step, ...] = ()
    context: str = ""
    sink_expr: str = ""
    cell: Optional[int] = None
    extra: tuple[tuple[str, str], ...] = field(default=())
    confidence: str = "high"

    def sort_key(self) -> tuple:
        return (self.path, self.cell or 0, self.line, self.column, self.code, self.message)
