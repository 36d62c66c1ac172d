"""What a run reports while it goes, for a front end to show (a progress line, ``--verbose``).

The engine knows nothing of terminals: it calls an :class:`Observer`, whose methods do nothing
unless a front end overrides them. Calls come from the main process only; the observer keeps
its own clock (the time of a phase is the time until the next phase starts, or
:meth:`Observer.finish`).
"""

from __future__ import annotations

from typing import Sequence


class Observer:
    """Receives a run's phases and counts; this base class ignores them."""

    def phase(self, name: str) -> None:
        """A phase starts: ``discover``, ``read``, ``index``, ``reuse``, ``analyse``,
        ``settle``, ``syntax``, ``report``. The previous phase ends here."""

    def count(self, what: str, done: int, total: int) -> None:
        """Progress within a phase: ``read`` and ``analysed`` count files out of ``total``;
        ``settle`` counts the rounds of the settlement (``total`` is its limit)."""

    def selection(self, analysed: Sequence[str], left_out: Sequence[str]) -> None:
        """The files (as displayed) the analysis read, and those it left out as irrelevant
        (they name no Claude entry point and import nothing that could hand over Claude data)."""

    def finish(self) -> None:
        """The run is over (the last phase ends here)."""


QUIET = Observer()
