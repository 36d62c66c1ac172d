"""What a run produced, as the output formats see it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Optional

from zdr_lint.catalog import Catalog
from zdr_lint.engine.api import SourceFile
from zdr_lint.findings import Finding

BASELINE_REASON = "baseline"


@dataclass(frozen=True)
class Reported:
    """A finding that passed selection, and why it is suppressed (``noqa``, ``skip-file``,
    or ``baseline`` for a finding the baseline file accepts)."""

    finding: Finding
    suppressed: Optional[str] = None


@dataclass(frozen=True)
class FileError:
    """An internal failure while handling one file: the run went on without it."""

    path: str
    message: str


@dataclass
class Report:
    results: list[Reported] = field(default_factory=list)
    errors: list[FileError] = field(default_factory=list)
    files_checked: int = 0
    # with --baseline: findings the baseline accepted, and baselined findings no longer found
    baselined: int = 0
    baseline_gone: int = 0
    # the texts read, by displayed path, for formats that show the code (``full``)
    sources: dict[str, SourceFile] = field(default_factory=dict)

    @property
    def active(self) -> list[Finding]:
        """The findings that count: not suppressed."""
        return [r.finding for r in self.results if r.suppressed is None]

    def exit_code(self, exit_zero: bool = False) -> int:
        """2 after an internal error, else 1 for findings (0 with ``exit_zero``), else 0."""
        if self.errors:
            return 2
        return 1 if self.active and not exit_zero else 0


@dataclass(frozen=True)
class RuleMeta:
    """What the formats print about a rule; codes the catalog lacks get neutral values."""

    code: str
    name: str
    severity: str
    lesson_key: Optional[str]
    lesson_words: Optional[str]


def rule_meta(catalog: Optional[Catalog], code: str) -> RuleMeta:
    rule = catalog.rules.get(code) if catalog is not None else None
    if rule is None:
        return RuleMeta(code, code.lower(), "error", None, None)
    return RuleMeta(code, rule.name, rule.severity, rule.lesson.key, rule.lesson.words)


def fingerprint(finding: Finding) -> str:
    """A line-independent identity: rule, file, enclosing function and sink expression."""
    path = finding.path.replace("\\", "/")
    key = "\0".join((finding.code, path, finding.context, finding.sink_expr))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


# A rule's severity as other tools grade it: GitHub code scanning's numeric
# ``security-severity`` (7.0 to 8.9 is "high", 4.0 to 6.9 "medium", below 4.0 "low") and
# GitLab Code Quality's scale (info, minor, major, critical, blocker).
SECURITY_SEVERITY = {"error": "7.5", "warning": "5.0", "note": "2.0"}
GITLAB_SEVERITY = {"error": "critical", "warning": "major", "note": "minor"}
