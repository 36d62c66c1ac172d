"""Which rules run: ``select``, ``extend-select`` and ``ignore`` resolved the way ruff does.

Selectors are rule codes or prefixes of them (``ZDR1``, ``ZDR30``, ``ZDR101``) or ``ALL``.
Selection is applied in layers, the configuration file first and the command line after it.
Within a layer the most specific selector that matches a code decides (an ignore wins a tie);
a layer with ``select`` switches off every code none of its selectors match. Rules that are off
by default (``default = false`` in the catalog) run only when a select or extend-select matches
them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Iterable, Mapping, Optional

from pathspec import GitIgnoreSpec

ALL = "ALL"


class SelectionError(ValueError):
    """A selector names no known rule. The message names where it was written."""


@dataclass(frozen=True)
class SelectionLayer:
    """The selectors of one place (a config file or the command line)."""

    select: Optional[tuple[str, ...]] = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    origin: str = ""

    def decide(self, code: str) -> Optional[bool]:
        """True or False when this layer decides ``code``; None when it leaves it alone."""
        best_on = _longest_match(code, (*(self.select or ()), *self.extend_select))
        best_off = _longest_match(code, self.ignore)
        if best_on is None and best_off is None:
            return False if self.select is not None else None
        return best_off is None or (best_on is not None and best_on > best_off)

    def selectors(self) -> Iterable[tuple[str, str]]:
        """Every selector with the option it came from, for validation messages."""
        for option, values in (
            ("select", self.select or ()),
            ("extend-select", self.extend_select),
            ("ignore", self.ignore),
        ):
            for value in values:
                yield option, value


def _longest_match(code: str, selectors: Iterable[str]) -> Optional[int]:
    lengths = [0 if s == ALL else len(s) for s in selectors if s == ALL or code.startswith(s)]
    return max(lengths) if lengths else None


def matches(code: str, selector: str) -> bool:
    """Whether ``selector`` (a code, a prefix or ``ALL``) covers ``code``."""
    return selector == ALL or code.startswith(selector)


def normalise(selector: str) -> str:
    """Selectors are case-insensitive and may carry spaces around them."""
    return selector.strip().upper()


def split_list(text: str) -> tuple[str, ...]:
    """A comma list from the command line (``ZDR1,ZDR201``) as normalised selectors."""
    return tuple(normalise(part) for part in text.split(",") if part.strip())


def check_selector(selector: str, known: Iterable[str], where: str) -> None:
    """Raise :class:`SelectionError` unless ``selector`` covers at least one known code."""
    if selector == ALL or any(code.startswith(selector) for code in known):
        return
    raise SelectionError(f"{where}: unknown rule code or prefix '{selector}'")


def check_layer(layer: SelectionLayer, known: Iterable[str]) -> None:
    known = tuple(known)
    for option, selector in layer.selectors():
        check_selector(selector, known, f"{layer.origin}{option}")


@dataclass(frozen=True)
class Selection:
    """The resolved selection: answers whether a code is reported."""

    defaults: Mapping[str, bool]
    layers: tuple[SelectionLayer, ...] = ()

    def enabled(self, code: str) -> bool:
        # A code the catalog does not know is on unless a layer says otherwise.
        state = self.defaults.get(code, True)
        for layer in self.layers:
            decision = layer.decide(code)
            if decision is not None:
                state = decision
        return state

    def enabled_codes(self) -> list[str]:
        return sorted(code for code in self.defaults if self.enabled(code))


@dataclass(frozen=True)
class PerFileIgnores:
    """``per-file-ignores``: gitignore-style globs, matched against paths relative to the
    project root, each with the codes (or prefixes) ignored in the files it matches."""

    entries: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def ignored(self, relative_path: str, code: str) -> bool:
        return any(
            any(matches(code, c) for c in codes) and _glob(pattern).match_file(relative_path)
            for pattern, codes in self.entries
        )


@cache
def _glob(pattern: str) -> GitIgnoreSpec:
    return GitIgnoreSpec.from_lines([pattern])
