"""Reading settings out of source for the configuration rules: URLs, env values, dict entries.

Everything here is pure: it looks at LibCST nodes and strings and never raises on odd code.
Name resolution (constants, variables bound elsewhere) is the caller's job; see
``config_rules.ConfigRules.text`` and ``ConfigRules.value``.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Optional

import libcst as cst

from zdr_lint.engine.names import literal_string

UNKNOWN = "\x00"  # stands for a part of a string that cannot be known statically

ANTHROPIC_DOMAINS = ("anthropic.com", "claude.com")
URL_HEAD = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)")
FALSE_WORDS = frozenset({"", "0", "false", "no", "off", "none", "no_content"})
TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
DATED_TOOL = re.compile(r"^(web_search|web_fetch)_(\d{8})$")
DYNAMIC_FILTERING_SINCE = 20260209  # the first web_search/web_fetch version that filters in code


@dataclass
class Later:
    """A finding kept for the end of the module (``ConfigRules.finish`` emits or drops it)."""

    rule: str
    label: str
    message: str
    ref: tuple
    function: str
    doubt: str = ""  # why it holds only with medium confidence (run-time configuration)
    # the module names no model at all: the project modules it imports decide (see settle)
    by_imports: bool = False


# ---- URLs ----------------------------------------------------------------------------------
def url_scheme_host(text: Optional[str]) -> Optional[tuple[str, str]]:
    """``(scheme, host)`` of an absolute URL whose scheme and host are known, else None."""
    if not text:
        return None
    match = URL_HEAD.match(text)
    if match is None:
        return None
    scheme, authority = match.group(1).lower(), match.group(2)
    if UNKNOWN in authority or not authority:
        return None
    authority = authority.rsplit("@", 1)[-1]
    if authority.startswith("["):
        host = authority[1:].split("]", 1)[0]
    else:
        host = authority.split(":", 1)[0]
    host = host.lower().rstrip(".")
    return (scheme, host) if host else None


def is_loopback(host: str) -> bool:
    """``localhost``, ``127.0.0.0/8`` and ``::1`` (the traffic never leaves the machine)."""
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def in_domains(host: str, domains: tuple[str, ...]) -> bool:
    return any(host == domain or host.endswith("." + domain) for domain in domains)


def url_path_endswith(text: Optional[str], suffix: str) -> bool:
    """Does the URL's path (query and fragment dropped) end with ``suffix``?"""
    if not text:
        return False
    path = re.split(r"[?#]", text, maxsplit=1)[0].rstrip("/")
    return path.endswith(suffix) and UNKNOWN not in path[-len(suffix) :]


def shown(text: str) -> str:
    """A string as a message quotes it, with unknown parts shown as ``{...}``."""
    return "'" + text.replace(UNKNOWN, "{...}") + "'"


_RENDER = cst.Module(body=[])


def source_text(node, limit: int = 60) -> str:
    """An expression as written, on one line and cut to ``limit`` characters."""
    text = " ".join(_RENDER.code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ---- environment values --------------------------------------------------------------------
def env_true(value: str) -> bool:
    return value.strip().lower() in TRUE_WORDS


def capture_on(value: str) -> bool:
    """For variables whose 'on' values are words (``SPAN_ONLY``) rather than booleans."""
    return value.strip().lower() not in FALSE_WORDS


# ---- dict-like nodes -------------------------------------------------------------------------
def entry_items(node) -> list:
    """``(key, value node)`` of a dict literal, or of a call's keywords (``dict(...)``)."""
    items = []
    if type(node) is cst.Dict:
        for element in node.elements:
            if type(element) is cst.DictElement:
                key = literal_string(element.key)
                if key is not None:
                    items.append((key, element.value))
    elif type(node) is cst.Call:
        for arg in node.args:
            if arg.keyword is not None and not arg.star:
                items.append((arg.keyword.value, arg.value))
    return items


def entry_get(node, key: str):
    for name, value in entry_items(node):
        if name == key:
            return value
    return None


def keyword(call: cst.Call, name: str):
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def positional(call: cst.Call, index: int):
    position = 0
    for arg in call.args:
        if arg.keyword is not None or arg.star:
            continue
        if position == index:
            return arg.value
        position += 1
    return None


def argument(call: cst.Call, name: str, index: int):
    """A keyword argument, or the positional argument at ``index`` when it is not given so."""
    found = keyword(call, name)
    return found if found is not None else positional(call, index)


def is_name(node, value: str) -> bool:
    return type(node) is cst.Name and node.value == value


def is_empty(node) -> bool:
    """``None``, ``[]``, ``()`` or ``{}`` written literally."""
    if is_name(node, "None"):
        return True
    return type(node) in (cst.List, cst.Tuple, cst.Dict, cst.Set) and not node.elements


def dated_tool(kind: str) -> Optional[tuple[str, int]]:
    """``("web_search", 20260209)`` for a dated web search or fetch tool type."""
    match = DATED_TOOL.match(kind)
    return (match.group(1), int(match.group(2))) if match else None


# the fields that lead from a node to the expressions inside it (LibCST's generic ``children``
# also visits every whitespace and comma node, and costs as much as the analysis itself)
INNER_FIELDS = {
    cst.Expr: ("value",),
    cst.Assign: ("value",),
    cst.AnnAssign: ("value",),
    cst.AugAssign: ("value",),
    cst.Return: ("value",),
    cst.Raise: ("exc",),
    cst.Assert: ("test", "msg"),
    cst.Call: ("func",),
    cst.Attribute: ("value",),
    cst.Subscript: ("value",),
    cst.BinaryOperation: ("left", "right"),
    cst.BooleanOperation: ("left", "right"),
    cst.UnaryOperation: ("expression",),
    cst.IfExp: ("test", "body", "orelse"),
    cst.Await: ("expression",),
    cst.Yield: ("value",),
    cst.From: ("item",),
    cst.NamedExpr: ("value",),
    cst.Lambda: ("body",),
    cst.StarredElement: ("value",),
    cst.ListComp: ("elt",),
    cst.SetComp: ("elt",),
    cst.GeneratorExp: ("elt",),
    cst.DictComp: ("key", "value"),
}


def expression_nodes(node):
    """Every expression inside ``node`` (a small statement or an expression), ``node`` first."""
    stack = [node]
    while stack:
        item = stack.pop()
        if item is None:
            continue
        yield item
        for name in INNER_FIELDS.get(type(item), ()):
            stack.append(getattr(item, name, None))
        if type(item) in (cst.List, cst.Tuple, cst.Set):
            stack.extend(element.value for element in item.elements)
        elif type(item) is cst.Dict:
            for element in item.elements:
                stack.append(element.value)
                if type(element) is cst.DictElement:
                    stack.append(element.key)
        elif type(item) is cst.Call:
            stack.extend(arg.value for arg in item.args)
        elif type(item) is cst.FormattedString:
            stack.extend(
                p.expression for p in item.parts if type(p) is cst.FormattedStringExpression
            )
        elif type(item) is cst.Comparison:
            stack.append(item.left)
            stack.extend(target.comparator for target in item.comparisons)
        if type(item) in (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp):
            clause = item.for_in
            while clause is not None:
                stack.append(clause.iter)
                clause = clause.inner_for_in
