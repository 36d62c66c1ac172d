"""Baselines: accept today's findings, report only new ones.

``zdr-lint --write-baseline .zdr-baseline.json src/`` records the findings of a run;
``zdr-lint --baseline .zdr-baseline.json src/`` then reports only the findings that are not
in it. A finding is identified without line numbers, so that edits elsewhere in a file that
move it up or down keep it baselined:

* the rule code;
* the file, relative to the project root (the configuration file's folder);
* the enclosing function's qualified name (``Finding.context``; empty at module level);
* the sink expression with its whitespace removed (``Finding.sink_expr``: the callee as written
  and the sink it resolves to), or for findings without one (ZDR901, ZDR902) the message with
  its numbers taken out.

Findings with the same identity in one file are counted: the baseline stores how many there
were, and a run that finds more reports the surplus (the last ones, in line order) as new.
Baselined findings that a run no longer reports are *gone*; the command line says how many,
so the file can be written again. Only entries for files this run checked, with rules this run
selected, can be gone, so linting a subfolder does not count the rest of the project as fixed.

The file is JSON, sorted, with a ``version`` field, so that it diffs well in review.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

from zdr_lint.findings import Finding
from zdr_lint.limits import BASELINE_LIMIT, Refused, read_bounded
from zdr_lint.writing import write_atomically

VERSION = 1
_SPACE = re.compile(r"\s+")
_NUMBER = re.compile(r"\d+")

Key = tuple[str, str, str, str]  # code, path, context, sink


class BaselineError(Exception):
    """The baseline file cannot be read or is not a zdr-lint baseline."""


def normalise_sink(expression: str) -> str:
    return _SPACE.sub("", expression)


def identity(finding: Finding, relative_path: str) -> Key:
    """What stays the same about a finding when lines move."""
    if finding.sink_expr:
        sink = normalise_sink(finding.sink_expr)
    else:
        sink = "message:" + _SPACE.sub(" ", _NUMBER.sub("N", finding.message)).strip()
    return (finding.code, relative_path, finding.context, sink)


def fingerprint(key: Key, occurrence: int) -> str:
    text = "\0".join((*key, str(occurrence)))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass(frozen=True)
class Split:
    """A run's findings against a baseline."""

    new: list[Finding] = field(default_factory=list)
    baselined: list[Finding] = field(default_factory=list)
    gone: int = 0


@dataclass(frozen=True)
class Baseline:
    counts: dict[Key, int] = field(default_factory=dict)

    @classmethod
    def of(cls, findings: Iterable[Finding], relative: Callable[[str], str]) -> Baseline:
        return cls(dict(Counter(identity(f, relative(f.path)) for f in findings)))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def split(
        self,
        findings: Iterable[Finding],
        relative: Callable[[str], str],
        checked: set[str],
        enabled: Callable[[str, str], bool],
    ) -> Split:
        """Which ``findings`` are new, which are baselined, and how many baselined are gone.

        ``checked`` holds the relative paths of the files this run read, and ``enabled`` says
        whether a code was selected in a file (code, relative path): only such entries can be
        gone.
        """
        seen: Counter = Counter()
        new, baselined = [], []
        for finding in sorted(findings, key=Finding.sort_key):
            key = identity(finding, relative(finding.path))
            seen[key] += 1
            (baselined if seen[key] <= self.counts.get(key, 0) else new).append(finding)
        gone = sum(
            max(0, count - seen[key])
            for key, count in self.counts.items()
            if key[1] in checked and enabled(key[0], key[1])
        )
        return Split(new, baselined, gone)

    def dumps(self) -> str:
        entries = []
        for key in sorted(self.counts, key=lambda k: (k[1], k[0], k[2], k[3])):
            code, path, context, sink = key
            entries.append(
                {
                    "code": code,
                    "path": path,
                    "context": context,
                    "sink": sink,
                    "count": self.counts[key],
                    "fingerprint": fingerprint(key, 0),
                }
            )
        document = {
            "version": VERSION,
            "tool": "zdr-lint",
            "about": (
                "Findings accepted when this file was written; zdr-lint --baseline FILE reports "
                "only others. Regenerate with zdr-lint --write-baseline FILE."
            ),
            "total": self.total,
            "findings": entries,
        }
        return json.dumps(document, indent=2, ensure_ascii=False) + "\n"

    def write(self, path: Path) -> None:
        try:
            write_atomically(path, self.dumps().encode("utf-8"))
        except OSError as exc:
            raise BaselineError(f"{path}: cannot write baseline: {exc.strerror or exc}") from exc

    @classmethod
    def load(cls, path: Path) -> Baseline:
        try:
            document = json.loads(read_bounded(path, BASELINE_LIMIT).decode("utf-8"))
        except Refused as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc}") from exc
        except FileNotFoundError as exc:
            raise BaselineError(
                f"{path}: baseline file not found; create it with --write-baseline {path}"
            ) from exc
        except OSError as exc:
            raise BaselineError(f"{path}: cannot read baseline: {exc.strerror or exc}") from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise BaselineError(f"{path}: not a zdr-lint baseline (not JSON: {exc})") from exc
        return cls(_counts(document, path))


def _counts(document: object, path: Path) -> dict[Key, int]:
    if not isinstance(document, dict) or document.get("tool") != "zdr-lint":
        raise BaselineError(f'{path}: not a zdr-lint baseline (no "tool": "zdr-lint")')
    if document.get("version") != VERSION:
        raise BaselineError(
            f"{path}: baseline version {document.get('version')!r} is not {VERSION}; "
            "write it again with --write-baseline"
        )
    entries = document.get("findings")
    if not isinstance(entries, list):
        raise BaselineError(f'{path}: "findings" must be a list')
    counts: dict[Key, int] = {}
    for number, entry in enumerate(entries, start=1):
        fields = ("code", "path", "context", "sink")
        if not isinstance(entry, dict) or not all(isinstance(entry.get(f), str) for f in fields):
            raise BaselineError(f"{path}: finding {number} lacks code, path, context or sink")
        count = entry.get("count", 1)
        if not isinstance(count, int) or isinstance(count, bool) or count < 1:
            raise BaselineError(f'{path}: finding {number}: "count" must be a whole number ≥ 1')
        key = (entry["code"], entry["path"], entry["context"], entry["sink"])
        counts[key] = counts.get(key, 0) + count
    return counts
