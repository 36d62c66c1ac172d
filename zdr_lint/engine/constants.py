"""Module-level string constants, read off a module's text without parsing it.

A model name or a base URL often lives in a settings module (``MODEL = "claude-..."``) and is
imported where the client is called. The analysis of the importing module needs those values,
and it runs module by module, so the runner reads them here (one regular expression per line
of the imported module) and hands each module the constants of the project modules it imports.
"""

from __future__ import annotations

import re

# ``NAME = "text"`` or ``NAME: str = 'text'`` at the start of a line (module level), on one
# line, with no escapes; a name assigned twice is left out (which value holds is not known)
ASSIGNMENT = re.compile(r"^([A-Za-z_]\w*)[ \t]*(?::[^=\n]+)?=(?!=)[ \t]*([^\n]*)$", re.MULTILINE)
LITERAL = re.compile(r"""^(["'])([^"'\\\n]*)\1[ \t]*(?:#[^\n]*)?$""")


def string_constants(text: str) -> dict[str, str]:
    """The names bound once at module level, each to a plain string literal."""
    found: dict[str, str] = {}
    seen: set[str] = set()
    for match in ASSIGNMENT.finditer(text):
        name = match.group(1)
        literal = LITERAL.match(match.group(2).rstrip())
        if name in seen or literal is None:
            found.pop(name, None)
        else:
            found[name] = literal.group(2)
        seen.add(name)
    return found
