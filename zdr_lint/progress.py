"""What the command line shows on standard error while a run goes: a progress line on a
terminal, or with ``--verbose`` what was analysed and how long each phase took.

The engine and :func:`zdr_lint.app.lint` report to an :class:`~zdr_lint.engine.progress.Observer`;
the classes here turn that into text. Nothing here is used in a pipe, a CI log or with
``--quiet`` (see :func:`progress_wanted`).
"""

from __future__ import annotations

import os
import shutil
import time
from typing import Callable, Mapping, Optional, Sequence, TextIO

from zdr_lint.engine.progress import Observer

# Set by CI services (GitHub Actions, GitLab, Azure, Jenkins, Buildkite, CircleCI, Travis,
# TeamCity, and the generic CI / CONTINUOUS_INTEGRATION / BUILD_NUMBER): their logs keep every
# rewrite of a line, so no progress line there even when they give the job a terminal.
CI_VARIABLES = (
    "CI",
    "CONTINUOUS_INTEGRATION",
    "BUILD_NUMBER",
    "GITHUB_ACTIONS",
    "GITLAB_CI",
    "TF_BUILD",
    "JENKINS_URL",
    "BUILDKITE",
    "CIRCLECI",
    "TRAVIS",
    "TEAMCITY_VERSION",
)
DELAY = 0.5  # seconds before the line first shows, so that short runs print nothing
INTERVAL = 0.1  # seconds between two rewrites
DELAY_VARIABLE = "ZDR_LINT_PROGRESS_DELAY"  # for the tests: show the line from the start


def progress_wanted(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """A progress line only on a terminal that is not a CI job's log and not ``TERM=dumb``."""
    try:
        terminal = stream.isatty()
    except (AttributeError, ValueError):
        return False
    if not terminal or environ.get("TERM") == "dumb":
        return False
    return not any(environ.get(name) for name in CI_VARIABLES)


class ProgressLine(Observer):
    """One line on a terminal, rewritten in place: files read, files analysed, settlement.

    It shows after :data:`DELAY` seconds and at most every :data:`INTERVAL` seconds, and is
    erased when the run ends, so the findings print on a clean line.
    """

    def __init__(
        self,
        stream: TextIO,
        clock: Callable[[], float] = time.monotonic,
        delay: Optional[float] = None,
    ) -> None:
        self.stream = stream
        self.clock = clock
        if delay is None:
            delay = float(os.environ.get(DELAY_VARIABLE, DELAY))
        self.start = clock() + delay
        self.last = float("-inf")
        self.shown = False
        self.current = ""
        self.counts: dict[str, tuple[int, int]] = {}

    def phase(self, name: str) -> None:
        self.current = name
        self._draw(force=True)

    def count(self, what: str, done: int, total: int) -> None:
        self.counts[what] = (done, total)
        self._draw(force=False)

    def text(self) -> str:
        parts = []
        if "read" in self.counts:
            done, total = self.counts["read"]
            parts.append(f"read {done}/{total} files")
        if "analysed" in self.counts:
            done, total = self.counts["analysed"]
            parts.append(f"analysed {done}/{total}")
        if self.current == "settle":
            done, _ = self.counts.get("settle", (0, 0))
            parts.append(f"settling, round {done}" if done else "settling")
        elif self.current in ("syntax", "report", "filter", "reuse"):
            parts.append(
                {"reuse": "checking the cache", "syntax": "checking syntax"}.get(
                    self.current, "reporting"
                )
            )
        return "zdr-lint: " + ", ".join(parts) if parts else "zdr-lint: starting"

    def _draw(self, force: bool) -> None:
        now = self.clock()
        if now < self.start or (not force and now - self.last < INTERVAL):
            return
        self.last = now
        width = shutil.get_terminal_size((80, 24)).columns
        line = self.text()[: max(width - 1, 10)]
        self.stream.write("\r" + line + "\x1b[K")
        self.stream.flush()
        self.shown = True

    def finish(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self.shown = False
        self.start = float("inf")  # nothing more after the end


class Verbose(Observer):
    """``--verbose``: each phase with its time, the files analysed and those left out."""

    def __init__(self, stream: TextIO, clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.clock = clock
        self.current: Optional[str] = None
        self.started = clock()
        self.began = self.started
        self.notes: list[str] = []
        self.finished = False

    def _say(self, text: str) -> None:
        self.stream.write(f"zdr-lint: {text}\n")
        self.stream.flush()

    def _end_phase(self) -> None:
        if self.current is not None:
            elapsed = self.clock() - self.started
            detail = "".join(f"; {note}" for note in self.notes)
            self._say(f"phase {self.current}: {elapsed:.3f} s{detail}")
        self.notes = []

    def phase(self, name: str) -> None:
        self._end_phase()
        self.current = name
        self.started = self.clock()

    def count(self, what: str, done: int, total: int) -> None:
        if what == "read" and done == total:
            self.notes = [f"{total} files read"]
        elif what == "settle":
            self.notes = [f"{done} round{'s' if done != 1 else ''}"]

    def selection(self, analysed: Sequence[str], left_out: Sequence[str]) -> None:
        for path in analysed:
            self._say(f"analysed: {path}")
        for path in left_out:
            self._say(f"left out as irrelevant: {path}")
        self._say(
            f"{len(analysed)} file{'s' if len(analysed) != 1 else ''} analysed, "
            f"{len(left_out)} left out as irrelevant (no Claude entry point named, nothing "
            "relevant imported)"
        )

    def finish(self) -> None:
        if self.finished:
            return
        self.finished = True
        self._end_phase()
        self.current = None
        self._say(f"total: {self.clock() - self.began:.3f} s")
