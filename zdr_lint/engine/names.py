"""Small helpers for names: dotted names, string literals, relative imports, builtins."""

from __future__ import annotations

import builtins
from typing import Optional

import libcst as cst

BUILTIN_NAMES = frozenset(dir(builtins))


def dotted_name(node) -> Optional[str]:
    """``a.b.c`` for a Name/Attribute chain, else None."""
    if node is None:
        return None
    if type(node) is cst.Name:
        return node.value
    if type(node) is cst.Attribute:
        base = dotted_name(node.value)
        return f"{base}.{node.attr.value}" if base else None
    return None


def literal_string(node) -> Optional[str]:
    """The value of a plain string literal (no f-string), else None."""
    if type(node) is cst.SimpleString:
        raw = node.value
        if raw[:1] in "\"'" and "\\" not in raw:  # no prefix, no escapes: skip literal_eval
            quote = raw[:3] if raw[:3] in ('"""', "'''") else raw[:1]
            return raw[len(quote) : len(raw) - len(quote)]
        try:
            value = node.evaluated_value
        except Exception:  # noqa: BLE001 - odd prefixes or escapes
            return None
        return value if isinstance(value, str) else None
    if type(node) is cst.ConcatenatedString:
        left = literal_string(node.left)
        right = literal_string(node.right)
        if left is not None and right is not None:
            return left + right
    return None


def resolve_relative(
    module: str, is_package: bool, level: int, target: Optional[str]
) -> Optional[str]:
    """The absolute module named by ``from <level dots><target> import ...`` in ``module``."""
    if level == 0:
        return target
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    if level > 1:
        if level - 1 > len(parts):
            return None
        parts = parts[: len(parts) - (level - 1)]
    base = ".".join(parts)
    if target:
        return f"{base}.{target}" if base else target
    return base or None


def word_start(text: str, end: int) -> int:
    """Where the run of identifier characters (letters, digits, ``_``) that ends at ``end``
    in ``text`` starts (``end`` itself when there is none)."""
    start = end
    while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
        start -= 1
    return start


class NameReads(cst.CSTVisitor):
    """A visitor whose ``visit_Name`` sees only reads of names: not the name of an attribute
    (``x.name``), of a keyword (``f(name=x)``) or of a nested function's parameter."""

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        node.value.visit(self)
        return False

    def visit_Param(self, node: cst.Param) -> bool:
        return False

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False
