"""``--diff-from REF``: which lines changed since a git revision, to report findings on them only.

The lines come from ``git diff -U0 REF``, which compares REF with the working tree (commits
since REF, staged and unstaged edits alike): each hunk header ``@@ -a,b +c,d @@`` marks lines
``c`` to ``c+d-1`` of the new file as changed. Renames are detected (``-M``), so a file that was
only moved has no changed lines. Files git does not track yet (and does not ignore) count as
changed throughout, and so do files git calls binary (an undecodable file, say). Notebook cells
are not mapped onto the notebook's JSON lines: a changed notebook counts as changed throughout.
"""

from __future__ import annotations

import codecs
import os
import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from zdr_lint.findings import Finding

HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@")
WHOLE_FILE = None  # in ChangedLines.lines: every line of the file counts as changed


class DiffError(Exception):
    """git could not say what changed (not a git work tree, an unknown revision, no git)."""


@dataclass
class ChangedLines:
    """Changed lines per file (real absolute paths); ``None`` for a file changed throughout."""

    lines: dict = field(default_factory=dict)

    def covers(self, finding: Finding, cwd: Path) -> bool:
        """Whether a line of ``finding``'s statement changed (any change, in a notebook)."""
        path = os.path.realpath(os.path.join(cwd, finding.path))
        if path not in self.lines:
            return False
        changed = self.lines[path]
        if changed is WHOLE_FILE or finding.cell is not None:
            return True
        first, last = finding.noqa_lines
        if first <= 0 or last < first:
            first = last = finding.line
        return any(line in changed for line in range(first, last + 1))

    def add(self, path: str, first: int, count: int) -> None:
        known = self.lines.setdefault(path, set())
        if known is not WHOLE_FILE:
            known.update(range(first, first + count))

    def whole(self, path: str) -> None:
        self.lines[path] = WHOLE_FILE


def changed_since(ref: str, folder: Path) -> ChangedLines:
    """The lines changed in the git work tree around ``folder`` since ``ref``."""
    top = Path(_git(["rev-parse", "--show-toplevel"], folder).strip())
    if not ref or ref.startswith("-"):
        raise DiffError(f"'{ref}' is not a git revision")
    _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], top, what=ref)
    diff = _git(
        ["diff", "-U0", "-M", "--no-color", "--no-ext-diff", "--src-prefix=a/", "--dst-prefix=b/"]
        + [ref, "--"],
        top,
    )
    changed = parse_diff(diff, top)
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard"], top)
    for name in untracked.split("\0"):
        if name:
            changed.whole(os.path.realpath(top / name))
    return changed


def parse_diff(diff: str, top: Path) -> ChangedLines:
    """Read ``git diff -U0`` output: the new side's changed lines per file."""
    changed = ChangedLines()
    current = None
    for line in diff.splitlines():
        if line.startswith("diff --git "):
            current = None
        elif line.startswith("+++ "):
            name = _unquote(line[4:])
            current = None if name == "/dev/null" else os.path.realpath(top / name[2:])
        elif line.startswith("Binary files ") and line.endswith(" differ"):
            name = line[len("Binary files ") : -len(" differ")].rpartition(" and ")[2]
            name = _unquote(name)
            if name != "/dev/null":
                changed.whole(os.path.realpath(top / name[2:]))
        elif current is not None:
            match = HUNK.match(line)
            if match:
                count = 1 if match.group(2) is None else int(match.group(2))
                changed.add(current, int(match.group(1)), count)
    return changed


def _unquote(name: str) -> str:
    """A path as git prints it: C-quoted (octal escapes for other bytes) when unusual."""
    name = name.rstrip("\t")
    if len(name) >= 2 and name[0] == name[-1] == '"':
        raw = codecs.escape_decode(name[1:-1].encode("utf-8", "surrogateescape"))[0]
        return os.fsdecode(raw)
    return name


def _git(args: list, cwd: Path, what: str = "") -> str:
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=cwd,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=600,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        raise DiffError(f"cannot run git ({exc})") from exc
    if done.returncode != 0:
        if what:
            raise DiffError(f"'{what}' is not a commit in this git repository")
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise DiffError(f"git {args[0]}: {message[-1] if message else 'failed'}")
    return os.fsdecode(done.stdout)
