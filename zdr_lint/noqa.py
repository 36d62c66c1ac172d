"""``# noqa`` comments and ``# zdr-lint: skip-file``, with flake8's semantics.

* ``# noqa`` alone suppresses every finding on its line. ``# noqa: ZDR101,ZDR102`` (also
  ``# noqa:ZDR101 ZDR102``; any case) suppresses those codes, and a code given as a prefix
  (``# noqa: ZDR1``) covers the codes that start with it. Other tools' codes are ignored,
  so ``# noqa: E501`` does not hide a ZDR finding.
* A finding is suppressed by a comment on any physical line of the statement that holds it
  (``Finding.noqa_lines``, inclusive; ``(0, 0)`` means just ``Finding.line``).
* ``# zdr-lint: skip-file`` on any line suppresses every finding in the file.

As in flake8, comments are found by pattern on the physical lines, so that they work in files
that do not tokenize.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from zdr_lint.findings import Finding
from zdr_lint.reading import split_lines

NOQA = re.compile(
    r"#\s*noqa(?::\s?(?P<codes>[A-Z]+[0-9]+(?:[,\s]+[A-Z]+[0-9]+)*))?",
    re.IGNORECASE,
)
SKIP_FILE = re.compile(r"#\s*zdr-lint\s*:\s*skip-file\b", re.IGNORECASE)
_CODE_SEPARATOR = re.compile(r"[,\s]+")

NOQA_REASON = "noqa"
SKIP_FILE_REASON = "skip-file"


@dataclass(frozen=True)
class Suppressions:
    """The suppression comments of one file (or one notebook cell)."""

    skip_file: bool = False
    # line -> the codes its noqa comment names, or None when it names none (all codes)
    lines: dict[int, Optional[frozenset[str]]] = field(default_factory=dict)

    @classmethod
    def scan(cls, text: str) -> Suppressions:
        lines: dict[int, Optional[frozenset[str]]] = {}
        skip_file = False
        for number, line in enumerate(split_lines(text), start=1):
            if "#" not in line:
                continue
            skip_file = skip_file or SKIP_FILE.search(line) is not None
            for match in NOQA.finditer(line):
                codes = match.group("codes")
                if codes is None:
                    lines[number] = None
                elif number not in lines or lines[number] is not None:
                    named = frozenset(c.upper() for c in _CODE_SEPARATOR.split(codes) if c)
                    lines[number] = named | (lines.get(number) or frozenset())
        return cls(skip_file, lines)

    def reason(self, finding: Finding) -> Optional[str]:
        """Why ``finding`` is suppressed (``"skip-file"`` or ``"noqa"``), or None."""
        if self.skip_file:
            return SKIP_FILE_REASON
        first, last = sorted(finding.noqa_lines)
        if first <= 0:
            first = last = finding.line
        for number, codes in self.lines.items():
            if first <= number <= last and _covers(codes, finding.code):
                return NOQA_REASON
        return None


def _covers(codes: Optional[frozenset[str]], code: str) -> bool:
    return codes is None or any(code.startswith(named) for named in codes)
