"""Which modules run inside a service? What they print ends up in a kept log.

A module runs in a service when it imports a web, worker or bot framework named in the
catalog's ``[service]`` table (``flask``, ``celery``, ``slack_bolt`` …) or a submodule of one,
or when such a module imports it, directly or through other modules of the run. A command-line
script or an example beside the server imports the package, not the other way round, so it
stays outside. Imports are read off the text with the relevance pre-pass's regular expression;
only a text it flags is confirmed with Python's parser. Rules with ``default-in-service = true``
(ZDR106) are on by default in those modules.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass, field
from typing import Iterable, Optional

from zdr_lint.engine.api import SourceFile
from zdr_lint.engine.relevance import import_closure, imported_modules


@dataclass
class ImportVerdicts:
    """The parser's answers for texts whose import lines the pattern flags, by digest (the
    framework imported, or "" for none): kept in the cache folder from one run to the next."""

    known: dict = field(default_factory=dict)
    used: dict = field(default_factory=dict)  # the answers this run asked for

    def framework(self, text: str, wanted: frozenset) -> Optional[str]:
        key = text_digest(text, wanted)
        found = self.known.get(key)
        if not isinstance(found, str):
            found = _framework(_real_imports(text), wanted) or ""
        self.used[key] = found
        return found or None


def service_modules(
    sources: Iterable[SourceFile],
    frameworks: Iterable[str],
    verdicts: Optional[ImportVerdicts] = None,
) -> frozenset[str]:
    """The display paths of the ``sources`` that run in a service: those importing a framework
    and every module of ``sources`` that they import, transitively."""
    sources = list(sources)
    entry_points = [
        s for s in sources if service_framework([s.text], frameworks, verdicts) is not None
    ]
    if not entry_points:
        return frozenset()
    return frozenset(source.display_path for source in import_closure(sources, entry_points))


def service_framework(
    texts: Iterable[str], frameworks: Iterable[str], verdicts: Optional[ImportVerdicts] = None
) -> Optional[str]:
    """The first framework module that one of ``texts`` imports, else None.

    The regular expression also matches import lines inside strings (a prompt that shows
    example code), so a text it flags is confirmed with Python's parser (or by ``verdicts``,
    which remember its answers)."""
    wanted = frozenset(frameworks)
    if not wanted:
        return None
    verdicts = verdicts if verdicts is not None else ImportVerdicts()
    for text in texts:
        if _framework(imported_modules(text, "", False), wanted) is not None:
            confirmed = verdicts.framework(text, wanted)
            if confirmed is not None:
                return confirmed
    return None


def text_digest(text: str, frameworks: frozenset) -> str:
    """A key for ``text`` checked against ``frameworks`` (another catalog may answer otherwise)."""
    digest = hashlib.sha256()
    for name in sorted(frameworks):
        digest.update(name.encode("utf-8") + b"\0")
    digest.update(text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _framework(modules: Iterable[str], wanted: frozenset) -> Optional[str]:
    for module in sorted(modules):
        parts = module.split(".")
        for size in range(1, len(parts) + 1):
            prefix = ".".join(parts[:size])
            if prefix in wanted:
                return prefix
    return None


def _real_imports(text: str) -> set[str]:
    """The absolute modules (and imported names) of the import statements ``text`` holds."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return set()
    found: set[str] = set()
    for node in _statements(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found


_BLOCKS = (ast.stmt, ast.excepthandler, ast.match_case)


def _statements(tree: ast.Module) -> Iterable[ast.AST]:
    """Every statement of ``tree``, at any depth, without walking into expressions (an import
    is a statement; a module's expressions are most of its nodes)."""
    stack: list = list(tree.body)
    while stack:
        node = stack.pop()
        yield node
        for _, value in ast.iter_fields(node):
            if isinstance(value, list):
                stack.extend(item for item in value if isinstance(item, _BLOCKS))
