"""The relevance pre-pass: which files must be parsed at all.

A file is a *seed* when its text mentions a Claude entry point (a word derived from the
catalog's client factories and source functions, or the word "claude"). The set grows by
imports, read with a regular expression instead of a parser: every module a relevant module
imports (its functions may hold the sink), and, once summaries exist, every module that
imports a module exporting Claude data, a Claude client or a prompt parameter. Files outside
the set cannot produce a finding, so they are never parsed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Callable, Iterable, Optional, Sequence

from zdr_lint.engine.modules import module_names, namespace_aliases, unalias

if TYPE_CHECKING:
    from zdr_lint.engine.api import SourceFile

IMPORT_RE = re.compile(
    r"^[ \t]*(?:from[ \t]+(?P<base>\.*[\w.]*)[ \t]+import[ \t]+(?P<names>\([^)]*\)|[^\n#;]+)"
    r"|import[ \t]+(?P<modules>[^\n#;]+))",
    re.MULTILINE,
)


class SeedMatcher:
    """Does a text mention any of the words? Plain substring tests: far faster than a regex."""

    def __init__(self, words: Iterable[str]) -> None:
        unique = {w for w in words if w}
        # a word that contains another word adds nothing to the test
        self.words = tuple(sorted(w for w in unique if not any(o != w and o in w for o in unique)))

    def search(self, text: str) -> bool:
        return any(word in text for word in self.words)


def seed_pattern(words: Iterable[str]) -> SeedMatcher:
    return SeedMatcher(words)


def imported_modules(text: str, module: str, is_package: bool) -> set[str]:
    """Absolute names of the modules (and maybe submodules) that ``text`` imports."""
    found: set[str] = set()
    if "import" not in text:
        return found
    for match in IMPORT_RE.finditer(text):
        modules = match.group("modules")
        if modules is not None:
            for part in modules.split(","):
                name = part.strip().split(" as ", 1)[0].strip()
                if name:
                    found.add(name)
            continue
        base = absolute(match.group("base"), module, is_package)
        if base is None:
            continue
        if base:
            found.add(base)
        names = match.group("names").strip().strip("()")
        for part in names.replace("\\\n", " ").split(","):
            name = part.strip().split(" as ", 1)[0].strip()
            if name and name != "*" and name.isidentifier():
                found.add(f"{base}.{name}" if base else name)
    return found


def absolute(base: str, module: str, is_package: bool):
    level = len(base) - len(base.lstrip("."))
    target = base[level:]
    if level == 0:
        return target
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if level - 1 > len(parts):
        return None
    if level > 1:
        parts = parts[: len(parts) - (level - 1)]
    prefix = ".".join(parts)
    if target:
        return f"{prefix}.{target}" if prefix else target
    return prefix


def project_modules(
    imported: Iterable[str], name: str, modules, aliases: Optional[dict] = None
) -> set[str]:
    """The modules of the run (keys of ``modules``) that module ``name`` loads by importing
    ``imported`` (dotted names of modules or of names in them): the longest known prefix of
    each, and the packages above it, whose ``__init__`` runs for their submodules too.
    ``aliases`` reads a namespace folder's prefix (``examples_pkg.evals``) as the package it
    holds (``modules.namespace_aliases``)."""
    targets = set()
    for dotted in imported:
        candidate = unalias(dotted, aliases)
        while candidate and candidate not in modules:
            candidate = candidate.rpartition(".")[0]
        if candidate and candidate != name:
            targets.add(candidate)
            parent = candidate.rpartition(".")[0]
            while parent:
                if parent in modules:
                    targets.add(parent)
                parent = parent.rpartition(".")[0]
    return targets


def import_reach(start: Iterable[str], imports: Callable[[str], Iterable[str]]) -> set[str]:
    """``start`` and every module it imports, transitively, ``imports(name)`` giving the
    modules that ``name`` imports."""
    seen: set[str] = set()
    stack = list(start)
    while stack:
        name = stack.pop()
        if name in seen:
            continue
        seen.add(name)
        stack.extend(imports(name))
    return seen


class ImportGraph:
    """Who imports whom among the files of the run, computed only as far as it is asked."""

    def __init__(
        self, modules: dict[str, tuple[str, bool]], aliases: Optional[dict] = None
    ) -> None:
        # modules: module name -> (text, is_package)
        self.modules = modules
        self.aliases = aliases or {}
        self._imports: dict[str, set[str]] = {}
        self._importers: dict[str, set[str]] | None = None

    def imports(self, name: str) -> set[str]:
        found = self._imports.get(name)
        if found is None:
            found = self._imports[name] = self._scan(name)
        return found

    def _scan(self, name: str) -> set[str]:
        text, is_package = self.modules[name]
        imported = imported_modules(text, name, is_package)
        return project_modules(imported, name, self.modules, self.aliases)

    def closure(self, start: Iterable[str]) -> set[str]:
        """``start`` and every module it imports, transitively."""
        return import_reach(start, self.imports)

    def importers_of(self, names: Iterable[str]) -> set[str]:
        wanted = set(names)
        if not wanted:
            return set()
        if self._importers is None:
            self._importers = {}
            for module in self.modules:
                for target in self.imports(module):
                    self._importers.setdefault(target, set()).add(module)
        out: set[str] = set()
        for name in wanted:
            out |= self._importers.get(name, set())
        return out

    def importers_closure(self, names: Iterable[str]) -> set[str]:
        """Every module that imports one of ``names``, directly or through other modules."""
        seen: set[str] = set()
        stack = list(self.importers_of(names))
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            stack.extend(self.importers_of([name]) - seen)
        return seen


def import_closure(sources: Sequence[SourceFile], starts: Iterable[SourceFile]) -> list:
    """The ``sources`` that ``starts`` (some of them) are or import, directly or through other
    modules of ``sources``, in their order."""
    names = module_names([source.path for source in sources])
    graph = ImportGraph(
        {names[s.path][0]: (s.text, names[s.path][1]) for s in sources}, namespace_aliases(names)
    )
    reached = graph.closure(names[source.path][0] for source in starts)
    return [source for source in sources if names[source.path][0] in reached]
