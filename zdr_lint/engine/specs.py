"""The catalog's sources, types and sinks, compiled into lookup tables for the engine."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional


class MetadataNames(frozenset):
    """The names that hold metadata: the catalog's attributes, and any name with one of its
    suffixes (``user_id``)."""

    suffixes: tuple[str, ...]
    attribute_only: frozenset

    def __new__(cls, names, suffixes=(), attribute_only=()) -> MetadataNames:
        made = super().__new__(cls, names)
        made.suffixes = tuple(sorted(suffixes))
        made.attribute_only = frozenset(attribute_only)
        return made

    def __contains__(self, name) -> bool:
        if frozenset.__contains__(self, name):
            return True
        return type(name) is str and name.endswith(self.suffixes)

    def named(self, name) -> bool:
        """Is ``name`` one of the catalog's metadata names itself (``model``, ``request_id``),
        not only by its suffix (``order_id``)?"""
        return frozenset.__contains__(self, name) and name not in self.attribute_only

    def holds_key(self, key) -> bool:
        """Is an item read under ``key`` metadata? Not under a name that is metadata only as
        an attribute (``path.suffix``; ``settings["suffix"]`` is text)."""
        return key not in self.attribute_only and key in self

    def __reduce__(self):
        return (MetadataNames, (frozenset(self), self.suffixes, self.attribute_only))


@dataclass(frozen=True)
class ArgSpec:
    """Which arguments of a call carry the data: positions, open ranges and keywords."""

    positions: frozenset[int] = frozenset()
    from_position: Optional[int] = None
    keywords: frozenset[str] = frozenset()
    all_keywords: bool = False

    @classmethod
    def parse(cls, args: list, kwargs: list) -> ArgSpec:
        positions: set[int] = set()
        start: Optional[int] = None
        for item in args:
            if isinstance(item, int):
                positions.add(item)
            elif item == "*":
                start = 0
            else:
                number = int(item[:-1])
                start = number if start is None else min(start, number)
        keywords = frozenset(k for k in kwargs if k != "**")
        return cls(frozenset(positions), start, keywords, "**" in kwargs)

    def takes_position(self, index: int) -> bool:
        return index in self.positions or (
            self.from_position is not None and index >= self.from_position
        )

    def takes_keyword(self, name: str) -> bool:
        return self.all_keywords or name in self.keywords

    def takes_starred(self) -> bool:
        """Does it take what a call's ``*args``/``**kwargs`` may hold (a position range or
        keywords)? The same for sinks applied in the analysis and in the settlement."""
        return self.from_position is not None or self.all_keywords or bool(self.keywords)


@dataclass(frozen=True)
class SinkSpec:
    rule: str
    label: str
    args: ArgSpec
    receiver: bool = False
    decorator: bool = False
    # what a decorator sink keeps of each call: the arguments, the result (a DBOS step keeps
    # only its output)
    keeps_arguments: bool = True
    keeps_result: bool = True
    when_kwarg: frozenset[str] = frozenset()
    unless_kwarg: frozenset[str] = frozenset()
    module_uses_claude: bool = False
    min_args: int = 0
    max_positional: Optional[int] = None  # the sink applies to calls with at most this many
    min_positional: int = 0  # ... and at least this many positional arguments
    when_kwarg_type: tuple[tuple[str, str], ...] = ()  # (keyword, library type it must hold)
    stores_result: bool = False  # the call's result is kept: its assignee is what is stored
    # a call whose first argument is text matching this (a ``SELECT`` query) stores nothing
    unless_first_arg: Optional[re.Pattern] = None

    def applies(self, positional: int, keywords, first_text: Optional[str]) -> bool:
        """Does a call with this many positional arguments, these keyword names and this
        leading text of its first argument (None: not literal text) meet this sink? Both the
        per-module pass and the settlement ask it."""
        if self.when_kwarg and not (self.when_kwarg & keywords):
            return False
        if self.unless_kwarg and self.unless_kwarg & keywords:
            return False
        if self.min_args and positional + len(keywords) < self.min_args:
            return False
        if self.max_positional is not None and positional > self.max_positional:
            return False
        if positional < self.min_positional:
            return False
        pattern = self.unless_first_arg
        return not (pattern is not None and first_text and pattern.search(first_text))


@dataclass(frozen=True)
class SourceSpec:
    """A Claude call: what it takes as prompt and what it returns."""

    label: str
    prompt: ArgSpec
    returns: str
    model_pattern: Optional[re.Pattern] = None
    fallback: bool = False
    argv0: frozenset[str] = frozenset()  # a process runner: the programs that make it a source
    exec_style: bool = False  # the program is the first argument, not argv[0] of a list


@dataclass(frozen=True)
class ClientSpec:
    family: str
    processor: str
    model_pattern: Optional[re.Pattern] = None
    # built with no model, it takes one from some of its methods (``Specs.deferred_model_methods``)
    model_later: bool = False


@dataclass
class TypeSpec:
    name: str
    fluent: bool = False
    method_returns: dict[str, str] = field(default_factory=dict)
    receiver_names: tuple[re.Pattern, ...] = ()
    methods: dict[str, list[SinkSpec]] = field(default_factory=dict)
    subscript_sinks: list[SinkSpec] = field(default_factory=list)


@dataclass
class Specs:
    """Everything the analysis looks up, keyed for speed."""

    metadata: MetadataNames
    function_sinks: dict[str, list[SinkSpec]]
    any_receiver_sinks: dict[str, list[SinkSpec]]
    types: dict[str, TypeSpec]
    type_factories: dict[str, str]
    type_instances: dict[str, str]
    type_bases: dict[str, str]  # a library class a project class may subclass -> its type
    client_factories: dict[str, ClientSpec]
    # a method that takes the model of a client built with none -> (that client, first arg?)
    deferred_model_methods: dict[str, tuple[ClientSpec, bool]]
    client_returns: dict[str, set[str]]
    client_sources: dict[str, dict[str, SourceSpec]]
    function_sources: dict[str, SourceSpec]
    fallback_paths: dict[str, SourceSpec]
    sanitizer_functions: frozenset[str]
    sanitizer_methods: frozenset[str]
    # the sanitizers whose result is a place, a path (``places = true``)
    place_functions: frozenset[str]
    place_methods: frozenset[str]
    # sanitizer methods whose result is no data whoever answers (``whoever-runs = true``)
    opaque_methods: frozenset[str]
    source_method_names: frozenset[str]
    sink_method_names: frozenset[str]
    relevance_words: tuple[str, ...]
    # metadata only on a tool-use block: its attributes, its ``type`` values, its classes
    tool_use_attributes: frozenset[str] = frozenset()
    shared_state: frozenset[str] = frozenset()  # library objects that are global stores
    tool_use_types: frozenset[str] = frozenset()
    tool_use_classes: frozenset[str] = frozenset()
    # per client family, the attribute paths that lead to a source (``messages``, ``beta``,
    # ``beta.messages``): ``msgs = client.messages`` keeps the client and that path
    client_resources: dict[str, frozenset[str]] = field(default_factory=dict)

    def client_resource(self, label: tuple, attr: str) -> tuple:
        """The client label for ``attr`` of client ``label`` (``client.messages``)."""
        path = f"{label[3]}.{attr}" if len(label) > 3 else attr
        if path in self.client_resources.get(label[1], ()):
            return (*label[:3], path)
        if path in self.client_sources.get(label[1], {}):  # an API method taken as a value
            return (*label[:3], path)
        return label

    @staticmethod
    def client_method(label: tuple, method: str) -> str:
        """The API path of ``method`` called on client ``label`` (``messages.create``); calling
        the label of an API method taken as a value is a call of that method."""
        if method == "__call__" and len(label) > 3:
            return label[3]
        return f"{label[3]}.{method}" if len(label) > 3 else method

    def attribute_of_type(self, type_name: str, attr: str) -> frozenset:
        """The marker of ``obj.attr`` when ``obj`` is a library object of ``type_name``."""
        spec = self.types.get(type_name)
        if spec is not None and (spec.fluent or attr in spec.method_returns):
            return frozenset({("T", spec.method_returns.get(attr, type_name))})
        return frozenset()


def build_specs(catalog, extra_sanitizers: tuple[str, ...] = ()) -> Specs:
    """Compile a loaded :class:`~zdr_lint.catalog.Catalog` into :class:`Specs`."""
    types: dict[str, TypeSpec] = {}
    type_factories: dict[str, str] = {}
    type_instances: dict[str, str] = {}
    type_bases: dict[str, str] = {}
    for entry in catalog.types:
        spec = types.setdefault(entry["name"], TypeSpec(entry["name"]))
        spec.fluent = spec.fluent or entry.get("fluent", False)
        spec.method_returns.update(entry.get("method-returns", {}))
        spec.receiver_names += tuple(re.compile(p) for p in entry.get("receiver-names", []))
        for factory in entry.get("factories", []):
            type_factories[factory] = entry["name"]
        for instance in entry.get("instances", []):
            type_instances[instance] = entry["name"]
        for base in entry.get("bases", []):
            type_bases[base] = entry["name"]

    function_sinks: dict[str, list[SinkSpec]] = {}
    any_receiver: dict[str, list[SinkSpec]] = {}
    for entry in catalog.sinks:
        args = ArgSpec.parse(entry.get("args", []), entry.get("kwargs", []))

        keeps = entry.get("decorated-keeps", ["arguments", "result"])

        def make(label: str, entry: dict = entry, args: ArgSpec = args, keeps=keeps) -> SinkSpec:
            return SinkSpec(
                rule=entry["rule"],
                label=label,
                args=args,
                receiver=entry.get("receiver", False),
                decorator=entry.get("decorator", False),
                keeps_arguments="arguments" in keeps,
                keeps_result="result" in keeps,
                when_kwarg=frozenset(entry.get("when-kwarg", [])),
                unless_kwarg=frozenset(entry.get("unless-kwarg", [])),
                module_uses_claude=entry.get("module-uses-claude", False),
                min_args=entry.get("min-args", 0),
                max_positional=entry.get("max-positional"),
                min_positional=entry.get("min-positional", 0),
                when_kwarg_type=tuple(sorted(entry.get("when-kwarg-type", {}).items())),
                stores_result=entry.get("stores-result", False),
                unless_first_arg=(
                    re.compile(entry["unless-first-arg"]) if "unless-first-arg" in entry else None
                ),
            )

        for name in entry.get("functions", []):
            function_sinks.setdefault(name, []).append(make(name))
        type_name = entry.get("type")
        if type_name:
            spec = types.setdefault(type_name, TypeSpec(type_name))
            for method in entry.get("methods", []):
                spec.methods.setdefault(method, []).append(make(f"{type_name}.{method}"))
            if entry.get("subscript-store"):
                spec.subscript_sinks.append(make(f"{type_name}[...] ="))
        elif entry.get("any-receiver"):
            for method in entry.get("methods", []):
                any_receiver.setdefault(method, []).append(make(f"<object>.{method}"))

    client_factories: dict[str, ClientSpec] = {}
    deferred_model_methods: dict[str, tuple[ClientSpec, bool]] = {}
    client_returns: dict[str, set[str]] = {}
    for entry in catalog.clients:
        pattern = entry.get("model-pattern")
        model_at = {name: False for name in entry.get("model-at", [])}
        model_at.update({name: True for name in entry.get("model-at-first", [])})
        client = ClientSpec(
            entry["family"],
            entry.get("processor", "anthropic"),
            re.compile(pattern) if pattern else None,
            bool(model_at),
        )
        for factory in entry["factories"]:
            client_factories[factory] = client
        for method, first in model_at.items():
            deferred_model_methods[method] = (client, first)
        client_returns.setdefault(entry["family"], set()).update(entry.get("returns-client", []))

    client_sources: dict[str, dict[str, SourceSpec]] = {}
    function_sources: dict[str, SourceSpec] = {}
    fallback_paths: dict[str, SourceSpec] = {}
    for entry in catalog.sources:
        prompt = ArgSpec.parse(entry.get("prompt-args", []), entry.get("prompt-kwargs", []))
        pattern = entry.get("model-pattern")
        compiled = re.compile(pattern) if pattern else None
        for method in entry.get("methods", []):
            spec = SourceSpec(
                f"{entry['client']}:{method}",
                prompt,
                entry.get("returns", "completion"),
                compiled,
                entry.get("fallback", False),
            )
            client_sources.setdefault(entry["client"], {})[method] = spec
            if spec.fallback:
                fallback_paths[method] = spec
        for function in entry.get("functions", []):
            function_sources[function] = SourceSpec(
                function,
                prompt,
                entry.get("returns", "completion"),
                compiled,
                argv0=frozenset(entry.get("argv0", [])),
                exec_style=entry.get("exec-style", False),
            )

    sanitizer_functions = set(extra_sanitizers)
    sanitizer_methods: set[str] = set()
    place_functions: set[str] = set()
    place_methods: set[str] = set()
    opaque_methods: set[str] = set()
    for entry in catalog.sanitizers:
        sanitizer_functions.update(entry.get("functions", []))
        sanitizer_methods.update(entry.get("methods", []))
        if entry.get("places"):
            place_functions.update(entry.get("functions", []))
            place_methods.update(entry.get("methods", []))
        if entry.get("whoever-runs"):
            opaque_methods.update(entry.get("methods", []))

    source_methods = {path.rsplit(".", 1)[-1] for by in client_sources.values() for path in by}
    sink_methods = set(any_receiver)
    for spec in types.values():
        sink_methods.update(spec.methods)
    # a process runner is a source only when it runs a named program, whose name is the word
    named = {name: spec for name, spec in function_sources.items() if not spec.argv0}
    words = _relevance_words(client_factories, named, fallback_paths)
    resources: dict[str, set[str]] = {}
    for family, by_path in client_sources.items():
        for path in by_path:
            parts = path.split(".")
            for size in range(1, len(parts)):
                resources.setdefault(family, set()).add(".".join(parts[:size]))
    return Specs(
        metadata=MetadataNames(
            catalog.metadata_attributes | catalog.metadata_attribute_only,
            catalog.metadata_suffixes,
            catalog.metadata_attribute_only,
        ),
        function_sinks=function_sinks,
        any_receiver_sinks=any_receiver,
        types=types,
        type_factories=type_factories,
        type_instances=type_instances,
        type_bases=type_bases,
        client_factories=client_factories,
        deferred_model_methods=deferred_model_methods,
        client_returns=client_returns,
        client_sources=client_sources,
        function_sources=function_sources,
        fallback_paths=fallback_paths,
        sanitizer_functions=frozenset(sanitizer_functions),
        sanitizer_methods=frozenset(sanitizer_methods),
        place_functions=frozenset(place_functions),
        place_methods=frozenset(place_methods),
        opaque_methods=frozenset(opaque_methods),
        source_method_names=frozenset(source_methods),
        sink_method_names=frozenset(sink_methods),
        relevance_words=words,
        tool_use_attributes=frozenset(catalog.tool_use.get("tool-use-attributes", ())),
        shared_state=frozenset(catalog.shared_state),
        tool_use_types=frozenset(catalog.tool_use.get("tool-use-types", ())),
        tool_use_classes=frozenset(catalog.tool_use.get("tool-use-classes", ())),
        client_resources={family: frozenset(paths) for family, paths in resources.items()},
    )


def _relevance_words(client_factories, function_sources, fallback_paths) -> tuple[str, ...]:
    """Words whose presence in a file's text makes it a candidate for analysis."""
    words = {"anthropic", "claude", "Claude", "litellm"}
    for qualified in [*client_factories, *function_sources]:
        root = qualified.split(".", 1)[0]
        if len(root) > SHORT_ROOT:
            words.add(root)
        else:  # ``llm`` is inside ``fullmatch``: the import or a use names the package
            words.update((f"import {root}", f"from {root}", f"{root}."))
    return tuple(sorted(words))


SHORT_ROOT = 4  # a package name this short is also part of common words
