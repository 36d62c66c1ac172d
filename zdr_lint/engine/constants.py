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
# A lazy import proxy: ``name = Proxy()`` at module level, where class ``Proxy`` has a
# ``__getattr__`` that loads one module with ``importlib.import_module("litellm")``.
PROXY_PREFIX = "module:"  # a key that names a module proxy (its value: the module's name)
# key prefix of ``imported_constants`` entries that name the top-level package of a project
# module the importer imports: ``import llm`` there is the project's ``llm``, not the library
PROJECT_ROOT_PREFIX = "\0project-root:"
CLASS_LINE = re.compile(r"^class[ \t]+([A-Za-z_]\w*)", re.MULTILINE)
GETATTR_LINE = re.compile(r"^[ \t]+def[ \t]+__getattr__[ \t]*\(", re.MULTILINE)
IMPORT_MODULE = re.compile(r"""import_module\([ \t]*(["'])([A-Za-z_][\w.]*)\1[ \t]*\)""")
INSTANCE_LINE = re.compile(
    r"^([A-Za-z_]\w*)[ \t]*=[ \t]*([A-Za-z_]\w*)\([ \t]*\)[ \t]*$", re.MULTILINE
)


def string_constants(text: str) -> dict[str, str]:
    """The names bound once at module level, each to a plain string literal, and the module
    proxies (``PROXY_PREFIX + name`` -> the module that ``name`` stands for)."""
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
    found.update(module_proxies(text))
    return found


def module_proxies(text: str) -> dict[str, str]:
    """``{PROXY_PREFIX + "litellm": "litellm"}`` for ``litellm = LazyModule()``, when the
    module's classes load exactly one module by name in a ``__getattr__``."""
    if "__getattr__" not in text or "import_module" not in text:
        return {}
    targets = {match.group(2) for match in IMPORT_MODULE.finditer(text)}
    if len(targets) != 1 or not GETATTR_LINE.search(text):
        return {}
    (target,) = targets
    classes = set(CLASS_LINE.findall(text))
    return {
        PROXY_PREFIX + match.group(1): target
        for match in INSTANCE_LINE.finditer(text)
        if match.group(2) in classes
    }


def imported_key(module: str, name: str) -> str:
    """The key under which an importer finds constant (or proxy) ``name`` of ``module``."""
    if name.startswith(PROXY_PREFIX):
        return f"{PROXY_PREFIX}{module}.{name[len(PROXY_PREFIX) :]}"
    return f"{module}.{name}"
