"""Does the project run as a service? Then what it prints ends up in a kept log.

A project runs as a service when one of its analysed modules imports a web, worker or bot
framework named in the catalog's ``[service]`` table (``flask``, ``celery``, ``slack_bolt`` …),
or a submodule of one. Imports are read off the text with the relevance pre-pass's regular
expression, so no file is parsed for this. Rules with ``default-in-service = true`` (ZDR106)
are then on by default.
"""

from __future__ import annotations

import ast
from typing import Iterable, Optional

from zdr_lint.engine.relevance import imported_modules


def service_framework(texts: Iterable[str], frameworks: Iterable[str]) -> Optional[str]:
    """The first framework module that one of ``texts`` imports, else None.

    The regular expression also matches import lines inside strings (a prompt that shows
    example code), so a text it flags is confirmed with Python's parser."""
    wanted = frozenset(frameworks)
    if not wanted:
        return None
    for text in texts:
        if _framework(imported_modules(text, "", False), wanted) is not None:
            confirmed = _framework(_real_imports(text), wanted)
            if confirmed is not None:
                return confirmed
    return None


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
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
    return found
