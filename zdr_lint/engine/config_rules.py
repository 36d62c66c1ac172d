"""Configuration rules (ZDR105, ZDR306, ZDR307, ZDR401, ZDR402, ZDR501-ZDR506).

These need no data flow: a setting, a client constructor or an API feature is enough. The
analyzer calls the hooks below as it walks a module, with names already resolved through
imports and with the receiver's labels (so a Claude client is known as one, wherever it was
made). A finding is emitted as a sink event whose only label is ``("M", message)``.

This module holds what the rules share: the module's bindings (which name was last assigned
what, per scope), the resolution of strings and literal containers through them, the
classification of a call's receiver as a Claude client, and the findings that wait for the
end of the module. The rules themselves are in ``config_setup`` (ZDR105, ZDR306: logging,
instrumentation, environment variables) and ``config_api`` (ZDR307, ZDR401, ZDR402,
ZDR501-ZDR506: clients, endpoints and API features).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

import libcst as cst

from zdr_lint.engine import config_api, config_setup
from zdr_lint.engine.config_values import UNKNOWN, Later, keyword
from zdr_lint.engine.names import dotted_name, literal_string
from zdr_lint.engine.summary import BY_IMPORTS, EMPTY, METHOD_FILL, SinkEvent, library_object

MAX_DEPTH = 8  # how far a name is followed through other names
CLAUDE_MODEL = re.compile(r"(?i)claude|anthropic")
RAW_WRAPPERS = frozenset({"with_raw_response", "with_streaming_response"})
OTHER_PROVIDER_TYPE = "ai.OtherProvider"  # the catalog type of OpenAI, Gemini, Cohere ... clients

HTTP_CLIENTS = frozenset(
    {
        "httpx.Client",
        "httpx.AsyncClient",
        "httpx.HTTPTransport",
        "httpx.AsyncHTTPTransport",
        "anthropic.DefaultHttpxClient",
        "anthropic.DefaultAsyncHttpxClient",
        "anthropic._base_client.DefaultHttpxClient",
        "anthropic._base_client.DefaultAsyncHttpxClient",
    }
)
UNVERIFIED_CONTEXTS = frozenset({"ssl._create_unverified_context"})
CERT_NONE = "ssl.CERT_NONE"
LITELLM_LOGGERS = frozenset({"LiteLLM", "LiteLLM Router", "LiteLLM Proxy"})
INSTRUMENTORS = frozenset({"opentelemetry.instrumentation.anthropic.AnthropicInstrumentor"})


@dataclass
class Binding:
    """What a name (or ``a.b`` attribute path) was last assigned, and what kind of object it is."""

    node: object
    kind: Optional[str]
    fa: object


@dataclass
class ModuleState:
    """Facts about the whole module that some rules wait for (see ``finish``)."""

    creates_client: bool = False
    trace_content_off: bool = False
    debug_roots: list = field(default_factory=list)  # basicConfig(level=DEBUG) and the like
    tracers: list = field(default_factory=list)  # OpenLLMetry/Traceloop set-ups
    weave: list = field(default_factory=list)
    # instrumentation of a multi-provider library (logfire.instrument_pydantic_ai)
    multi_provider: list = field(default_factory=list)
    sentry_inits: list = field(default_factory=list)
    integrations: dict = field(default_factory=dict)  # id(AnthropicIntegration call) -> record
    disabled_integrations: set = field(default_factory=set)


class Site:
    """One call, seen by the configuration rules."""

    def __init__(self, rules: ConfigRules, fa, call, qualified, receiver) -> None:
        self.rules = rules
        self.fa = fa
        self.call = call
        self.node: cst.Call = call.node
        self.qualified: Optional[str] = qualified
        self.receiver = receiver if receiver is not None else EMPTY
        func = self.node.func
        self.receiver_node = func.value if type(func) is cst.Attribute else None
        names = []
        node = func
        while type(node) is cst.Attribute:
            names.append(node.attr.value)
            node = node.value
        if type(node) is cst.Name:
            names.append(node.value)
        written = tuple(reversed(names))
        if qualified is not None:
            self.path: tuple = tuple(qualified.split("."))
            self.base = None
        else:
            self.path = written
            self.base = node
        self.last = self.path[-1] if self.path else ""
        # the API path as written (``client.beta.agents.create``), never an import path: in
        # the SDK's own code ``Agents(...)`` resolves to ``anthropic.resources.beta.agents...``
        self.clean = tuple(p for p in written if p not in RAW_WRAPPERS)
        self._claude: Optional[bool] = None

    def keyword(self, name: str):
        return keyword(self.node, name)

    def report(self, rule: str, label: str, message: str, doubt: str = "") -> None:
        self.rules.report(self.fa, rule, label, message, self.call.ref, doubt)

    def ends(self, *names: str) -> bool:
        return self.clean[-len(names) :] == names

    def follows(self, first: str, seconds) -> Optional[str]:
        """The name after ``first`` in the path when it is one of ``seconds``."""
        for index in range(len(self.clean) - 1):
            if self.clean[index] == first and self.clean[index + 1] in seconds:
                return self.clean[index + 1]
        return None

    def receiver_labels(self) -> frozenset:
        return self.rules.expand(self.fa, self.receiver)

    @property
    def on_claude(self) -> bool:
        """Is the receiver an Anthropic-SDK Claude client (or, when unknown, likely one)?"""
        if self._claude is None:
            self._claude = self.rules.claude_receiver(self)
        return self._claude


class ConfigRules:
    """The hooks the analyzer calls, and the state the configuration rules share."""

    def __init__(self, module) -> None:
        self.module = module
        self.bindings: dict = {}  # (scope qualname, name) -> Binding
        self.attributes: dict = {}  # "self.http" -> Binding
        self.later: list = []
        self.state = ModuleState()
        # the litellm Router calls that name a model (from the catalog's sources)
        self.router_methods = frozenset(module.specs.client_sources.get("litellm-router", {}))

    # ---- hooks -----------------------------------------------------------------------------
    def on_call(self, fa, call, qualified, receiver, method) -> None:
        """A call: ``qualified`` is set for a resolved function, else ``receiver``/``method``."""
        site = Site(self, fa, call, qualified, receiver)
        config_setup.on_call(site)
        config_api.on_call(site)

    def on_name_assign(self, fa, name, value) -> None:
        """``name = value`` anywhere in the module."""
        self.bindings[(fa.fn.qualname, name)] = Binding(value, self.classify(fa, value), fa)

    def on_attribute_assign(self, fa, target, value) -> None:
        """``a.b = value``."""
        if target.attr.value == "verify_mode" and fa.qualified(value) == CERT_NONE:
            bound = self.bound(fa, target.value)
            if bound is not None:
                bound.kind = "unverified-ssl"
        if fa.qualified(target) in config_setup.LITELLM_VERBOSE:
            config_setup.litellm_set_verbose(self, fa, value)
        dotted = dotted_name(target)
        if dotted:
            self.attributes[dotted] = Binding(value, self.classify(fa, value), fa)

    def on_subscript_assign(self, fa, target, value) -> None:
        """``a[k] = value`` (for example ``os.environ["ANTHROPIC_LOG"] = "debug"``)."""
        if fa.qualified(target.value) != "os.environ" or len(target.slice) != 1:
            return
        index = target.slice[0].slice
        if type(index) is cst.Index:
            config_setup.env_setting(self, fa, self.text(fa, index.value), value, None)

    def finish(self) -> None:
        """After the whole module is walked: rules that depend on the module as a whole."""
        config_setup.finish(self)
        config_api.finish(self)
        summary = self.module.summary
        seen = set()
        for item in self.later:
            key = (item.rule, item.ref)
            if key in seen:
                continue
            seen.add(key)
            source = ("M", item.message, item.doubt) if item.doubt else ("M", item.message)
            if item.by_imports:
                source = (*source[:2], item.doubt, BY_IMPORTS)
            labels = frozenset({source})
            summary.events.append(SinkEvent(item.rule, item.label, labels, item.ref, item.function))

    # ---- reporting -------------------------------------------------------------------------
    def report(self, fa, rule: str, label: str, message: str, ref=None, doubt: str = "") -> None:
        """A finding now: at ``ref`` (a call), or at the current statement when ``ref`` is None.
        ``doubt`` says why it holds only with medium confidence (run-time configuration)."""
        source = ("M", message, doubt) if doubt else ("M", message)
        fa.add_event(rule, label, frozenset({source}), ref=ref, text="<stmt>")

    def defer(self, fa, rule: str, label: str, message: str, ref=None) -> Later:
        """A finding that ``finish`` may or may not emit (kept in a ``ModuleState`` list)."""
        if ref is None:
            ref = (fa.ordinal, "<stmt>", 0)
        return Later(rule, label, message, ref, fa.fn.qualname)

    def hold(self, site, bucket: list, rule: str, label: str, message: str) -> None:
        """Keep a finding at ``site``'s call in one of ``ModuleState``'s lists."""
        bucket.append(self.defer(site.fa, rule, label, message, site.call.ref))

    def emit(self, item: Later) -> None:
        """Emit a deferred finding (from ``finish``)."""
        self.later.append(item)

    # ---- names and values ------------------------------------------------------------------
    def bound(self, fa, node) -> Optional[Binding]:
        """The binding a name or attribute path refers to from inside ``fa``'s function."""
        if type(node) is cst.Attribute:
            dotted = dotted_name(node)
            return self.attributes.get(dotted) if dotted else None
        if type(node) is not cst.Name:
            return None
        name = node.value
        fn = fa.fn
        if name in fn.params or name in (fn.vararg, fn.kwarg):
            return None
        scope = fn.qualname
        while True:
            found = self.bindings.get((scope, name))
            if found is not None:
                return found
            if ".<locals>." in scope:
                scope = scope.rsplit(".<locals>.", 1)[0]  # the enclosing function
            elif scope != self.module.summary.name:
                scope = self.module.summary.name
            else:
                return None

    def resolve(self, fa, node, depth: int = 0):
        """Follow names to the value they were assigned: ``(fa of that value, value node)``."""
        while depth < MAX_DEPTH and type(node) in (cst.Name, cst.Attribute):
            bound = self.bound(fa, node)
            if bound is None:
                break
            fa, node = bound.fa, bound.node
            depth += 1
        return fa, node

    def text(self, fa, node, partial: bool = False, depth: int = 0) -> Optional[str]:
        """The string an expression evaluates to, if it is known from the source.

        With ``partial``, parts that cannot be known (an f-string's variable, an environment
        lookup) are kept as ``UNKNOWN`` so that a known scheme, host or path still counts.
        """
        unknown = UNKNOWN if partial else None
        if node is None or depth > MAX_DEPTH:
            return unknown
        value = literal_string(node)
        if value is not None:
            return value
        if type(node) is cst.Integer:
            return node.value
        if type(node) in (cst.Name, cst.Attribute):
            bound = self.bound(fa, node)
            if bound is not None:
                return self.text(bound.fa, bound.node, partial, depth + 1)
            if type(node) is cst.Name and node.value in self.module.constants:
                return self.module.constants[node.value]
            qualified = fa.qualified(node)  # a constant of another project module
            if qualified in self.module.imported_constants:
                return self.module.imported_constants[qualified]
            return unknown
        parts: list = []
        if type(node) is cst.BinaryOperation and type(node.operator) is cst.Add:
            parts = [node.left, node.right]
        elif type(node) is cst.ConcatenatedString:
            parts = [node.left, node.right]
        elif type(node) is cst.FormattedString:
            out = []
            for part in node.parts:
                if type(part) is cst.FormattedStringText:
                    out.append(part.value)
                else:
                    piece = self.text(fa, part.expression, partial, depth + 1)
                    if piece is None:
                        return None
                    out.append(piece)
            return "".join(out)
        else:
            return unknown
        pieces = [self.text(fa, part, partial, depth + 1) for part in parts]
        return None if any(p is None for p in pieces) else "".join(pieces)

    def strings(self, fa, node) -> list:
        """The known strings of a literal list/tuple/set (or of one string)."""
        fa, node = self.resolve(fa, node)
        if type(node) in (cst.List, cst.Tuple, cst.Set):
            found = [self.text(fa, element.value) for element in node.elements]
            return [s for s in found if s is not None]
        single = self.text(fa, node)
        return [single] if single is not None else []

    def elements(self, fa, node, depth: int = 0):
        """``(fa, node)`` for each element of a literal sequence, through names and ``+``."""
        fa, node = self.resolve(fa, node)
        if depth > MAX_DEPTH:
            return
        if type(node) in (cst.List, cst.Tuple, cst.Set):
            for element in node.elements:
                if type(element) is cst.StarredElement:
                    yield from self.elements(fa, element.value, depth + 1)
                else:
                    inner_fa, inner = self.resolve(fa, element.value)
                    yield inner_fa, inner
        elif type(node) is cst.BinaryOperation and type(node.operator) is cst.Add:
            yield from self.elements(fa, node.left, depth + 1)
            yield from self.elements(fa, node.right, depth + 1)

    def literal_sequence(self, fa, node, depth: int = 0) -> bool:
        """Is the whole sequence written out here (no part bound elsewhere or computed)?"""
        fa, node = self.resolve(fa, node)
        if depth > MAX_DEPTH:
            return False
        if type(node) in (cst.List, cst.Tuple, cst.Set):
            return all(
                self.literal_sequence(fa, element.value, depth + 1)
                for element in node.elements
                if type(element) is cst.StarredElement
            )
        if type(node) is cst.BinaryOperation and type(node.operator) is cst.Add:
            return self.literal_sequence(fa, node.left, depth + 1) and self.literal_sequence(
                fa, node.right, depth + 1
            )
        return False

    def is_literal(self, fa, node, value: str) -> bool:
        """Is ``node`` (through names) the literal ``True``/``False``/``None``?"""
        _, node = self.resolve(fa, node)
        return type(node) is cst.Name and node.value == value

    # ---- kinds of objects ------------------------------------------------------------------
    def classify(self, fa, value) -> Optional[str]:
        """What an assigned value is, as far as these rules care (None for most values)."""
        if type(value) is cst.Call:
            qualified = fa.qualified(value.func)
            if qualified in HTTP_CLIENTS:
                transport = keyword(value, "transport")
                if self.verify_off(fa, keyword(value, "verify")) or (
                    transport is not None and self.kind(fa, transport) == "unverified-http"
                ):
                    return "unverified-http"
            elif qualified in UNVERIFIED_CONTEXTS:
                return "unverified-ssl"
            elif qualified == "logging.getLogger" and value.args:
                name = self.text(fa, value.args[0].value)
                if name and (name == "anthropic" or name.startswith("anthropic.")):
                    return "anthropic-logger"
                if name in LITELLM_LOGGERS:
                    return "litellm-logger"
            elif qualified in INSTRUMENTORS:
                return "anthropic-instrumentor"
            return None
        if type(value) is cst.IfExp:
            return self.classify(fa, value.body) or self.classify(fa, value.orelse)
        if type(value) in (cst.Name, cst.Attribute):
            bound = self.bound(fa, value)
            return bound.kind if bound is not None else None
        return None

    def kind(self, fa, node) -> Optional[str]:
        return self.classify(fa, node) if node is not None else None

    def verify_off(self, fa, node, depth: int = 0) -> bool:
        """``verify=`` that turns certificate checks off: False, an unverified SSL context."""
        if node is None or depth > MAX_DEPTH:
            return False
        if type(node) is cst.IfExp:
            return self.verify_off(fa, node.body, depth + 1) or self.verify_off(
                fa, node.orelse, depth + 1
            )
        if type(node) is cst.Name and node.value == "False":
            return True
        if type(node) is cst.Integer and node.value == "0":
            return True
        if type(node) is cst.Call:
            return fa.qualified(node.func) in UNVERIFIED_CONTEXTS
        if type(node) in (cst.Name, cst.Attribute):
            if fa.qualified(node) == CERT_NONE:
                return True
            bound = self.bound(fa, node)
            if bound is not None:
                return bound.kind == "unverified-ssl" or self.verify_off(
                    bound.fa, bound.node, depth + 1
                )
        return False

    # ---- Claude receivers ------------------------------------------------------------------
    def expand(self, fa, labels: frozenset, depth: int = 0) -> frozenset:
        """Labels with this module's globals, fields and pending attributes looked up."""
        out: set = set()
        if depth > MAX_DEPTH:
            return frozenset()
        prefix = self.module.summary.name + "."
        for label in labels:
            kind = label[0]
            if kind == "A":
                out |= self.expand(fa, label[1], depth + 1)
            elif kind == "G" and label[1].startswith(prefix):
                value = self.module.summary.globals.get(label[1][len(prefix) :], EMPTY)
                out |= self.expand(fa, value, depth + 1) if value else {label}
            elif kind == "F":
                found: set = set()
                for write in [*self.module.summary.field_writes, *fa.field_writes]:
                    if write[1] == label[2] and write[0] in (label[1], (METHOD_FILL, label[1])):
                        found |= write[2]
                out |= self.expand(fa, frozenset(found), depth + 1) if found else {label}
            else:
                out.add(label)
        return frozenset(out)

    def claude_receiver(self, site: Site) -> bool:
        """Does the call go to an Anthropic SDK client?

        Known receivers decide by their labels. A receiver the analysis cannot resolve (a
        parameter, an attribute of an unknown value) counts when the module uses Claude; one
        imported from another project module counts by itself (the paths these rules look for
        are the anthropic SDK's own, and the importing module is analysed only because it is
        related to Claude). Either way the path must have none of another provider's words,
        any literal model must name Claude, and the receiver's name must not be one of another
        provider's client names.
        """
        if site.qualified is None:
            labels = site.receiver_labels()
            if any(lab[0] == "C" and lab[1] == "anthropic" for lab in labels):
                return True
            if library_object(labels):
                return False
            if not self.module.summary.uses_claude:
                return False
        elif not site.fa.m.is_project_candidate(site.qualified):
            return False
        if "chat" in site.path or "threads" in site.path:
            return False
        model = literal_string(site.keyword("model"))
        if model is not None and not CLAUDE_MODEL.search(model):
            return False
        other = self.module.specs.types.get(OTHER_PROVIDER_TYPE)
        name = site.base.value if type(site.base) is cst.Name else ""
        if site.qualified is None and len(site.path) > 1 and name == "self":
            name = site.path[1]
        if other is not None and name and any(p.search(name) for p in other.receiver_names):
            return False
        return True
