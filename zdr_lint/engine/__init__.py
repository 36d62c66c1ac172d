"""The analysis engine: per-module summaries settled across the project into findings.

The shell calls :func:`analyze` with the decoded sources it discovered; the engine returns
every finding it can prove (flow and configuration rules, and ZDR901 for files that do not
parse). Filtering by selection, ``noqa`` and per-file ignores is the shell's job.
"""

from __future__ import annotations

from zdr_lint.engine.api import EngineOptions, SourceFile, analyze

__all__ = ["EngineOptions", "SourceFile", "analyze"]
