"""Does the project run as a service? Then what it prints ends up in a kept log.

A project runs as a service when one of its analysed modules imports a web, worker or bot
framework named in the catalog's ``[service]`` table (``flask``, ``celery``, ``slack_bolt`` …),
or a submodule of one. Imports are read off the text with the relevance pre-pass's regular
expression, so no file is parsed for this. Rules with ``default-in-service = true`` (ZDR106)
are then on by default.
"""

from __future__ import annotations

from typing import Iterable, Optional

from zdr_lint.engine.relevance import imported_modules


def service_framework(texts: Iterable[str], frameworks: Iterable[str]) -> Optional[str]:
    """The first framework module that one of ``texts`` imports, else None."""
    wanted = frozenset(frameworks)
    if not wanted:
        return None
    for text in texts:
        for module in imported_modules(text, "", False):
            parts = module.split(".")
            for size in range(1, len(parts) + 1):
                prefix = ".".join(parts[:size])
                if prefix in wanted:
                    return prefix
    return None
