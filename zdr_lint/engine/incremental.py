"""Reuse the last run's settled result when the project has not changed in any way that counts.

Settling thousands of summaries costs seconds even when every summary comes from the cache,
so the runner keeps, per set of files (a *slot*), the state its last run ended in: each
module's cache key, what the relevance pre-pass read off its text, the settled hits, the
spans they point at, the engine's own problems per module and the findings. A new run whose
keys all match returns those findings at once. When some files changed, the result still
stands if each changed file is the same to the analysis: it reads as relevant or irrelevant
as before, imports the same modules and, if it was analysed, its new summary equals the old
one apart from positions (a comment added, code moved down a line). Then only the findings
are laid out again, from the same hits with the new positions. Anything else, or anything
unexpected in the stored state, means a full settlement.
"""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Callable, Iterable, Optional

from zdr_lint import __version__
from zdr_lint.engine.cache import SummaryCache
from zdr_lint.engine.positions import Span
from zdr_lint.engine.settle import Hit
from zdr_lint.engine.summary import ModuleSummary
from zdr_lint.findings import Finding

Features = tuple  # (is a relevance seed, sorted tuple of the project modules it imports)


@dataclass
class ProjectState:
    """What one run of a slot ended in."""

    keys: dict  # module -> its summary cache key (covers text, name, version, catalog, options)
    features: dict  # module -> Features
    done: frozenset  # the modules that were analysed (parsed and summarised)
    problems: dict  # module -> tuple of the engine's own findings for it (ZDR901)
    hits: tuple  # the settled hits
    spans: dict  # module -> {ref: Span} for every ref the hits point at
    findings: tuple  # the sorted findings of that run


def slot_name(salt: str, options_part: str, modules: Iterable[tuple[str, bool, str]]) -> str:
    """The slot of a run: the zdr-lint version, catalog, options and the exact set of files."""
    digest = hashlib.sha256()
    for part in (__version__, salt, options_part):
        digest.update(part.encode("utf-8", "surrogatepass") + b"\0")
    for name, is_package, display in sorted(modules):
        digest.update(f"{name}\0{int(is_package)}\0{display}\0".encode("utf-8", "surrogatepass"))
    return "project-" + digest.hexdigest()


def load_state(cache: SummaryCache, slot: str) -> Optional[ProjectState]:
    state = cache.load_entry(slot)
    return state if _well_formed(state) else None


def store_state(cache: SummaryCache, slot: str, state: ProjectState) -> None:
    cache.store_entry(slot, state)


def referenced_spans(hits: Iterable[Hit], spans_of: Callable[[str], dict]) -> dict:
    """For each module, the spans of the refs that ``hits`` point at (where they are known)."""
    wanted: dict[str, set] = {}
    for hit in hits:
        for module, ref in hit_refs(hit):
            wanted.setdefault(module, set()).add(ref)
    out: dict[str, dict] = {}
    for module, refs in wanted.items():
        known = spans_of(module) or {}
        out[module] = {ref: known[ref] for ref in refs if ref in known}
    return out


def hit_refs(hit: Hit) -> list[tuple[str, tuple]]:
    refs = [(hit.module, hit.ref)]
    if hit.source and hit.source[0] == "S" and len(hit.source) >= 4:
        refs.append((hit.source[2], hit.source[3]))
    if hit.reach is not None:
        refs.append((hit.reach.module, hit.reach.ref))
    return refs


def same_to_the_analysis(old: object, new: object) -> bool:
    """Are two summaries of a module equal once their positions are set aside?"""
    if not isinstance(old, ModuleSummary) or not isinstance(new, ModuleSummary):
        return False
    return dataclasses.replace(old, spans={}) == dataclasses.replace(new, spans={})


def _well_formed(state: object) -> bool:
    """A loaded state is used only if every part has the expected shape."""
    if not isinstance(state, ProjectState):
        return False
    parts_ok = (
        isinstance(state.keys, dict)
        and isinstance(state.features, dict)
        and isinstance(state.done, frozenset)
        and isinstance(state.problems, dict)
        and isinstance(state.hits, tuple)
        and isinstance(state.spans, dict)
        and isinstance(state.findings, tuple)
    )
    if not parts_ok:
        return False
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in state.keys.items()):
        return False
    if not all(isinstance(hit, Hit) for hit in state.hits):
        return False
    if not all(isinstance(f, Finding) for f in state.findings):
        return False
    for found in state.problems.values():
        if not isinstance(found, tuple) or not all(isinstance(f, Finding) for f in found):
            return False
    for table in state.spans.values():
        if not isinstance(table, dict) or not all(isinstance(s, Span) for s in table.values()):
            return False
    return all(
        isinstance(f, tuple) and len(f) == 2 and isinstance(f[0], bool) and isinstance(f[1], tuple)
        for f in state.features.values()
    )
