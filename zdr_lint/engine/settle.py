"""Settle module summaries across the project: resolve symbolic labels to Claude data.

The tables computed here are the classic summaries of an interprocedural taint analysis:
what each function returns (in terms of its parameters), which values fields and module
globals hold, which parameters reach which sinks, and which parameters end up in a prompt.
They are iterated together until nothing changes (every table only grows).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Callable, Optional

from zdr_lint.engine.access_paths import (
    INSIDE,
    global_place,
    holds_store,
    nested_field_sent,
    overlaps,
    own_field_sent,
    path_root,
    prefixes,
    prompt_labels_of,
)
from zdr_lint.engine.branch_prompts import uses_on_path
from zdr_lint.engine.guards import (
    ABSENT,
    FIELD_GUARDS,
    MISSING,
    GuardSlots,
    fails,
    field_test_fails,
)
from zdr_lint.engine.keyed_fields import (
    UNKNOWN_KEY,
    KeyedFields,
    base_name,
    key_of,
    keyed_name,
)
from zdr_lint.engine.modules import unalias
from zdr_lint.engine.programs import ScriptReach
from zdr_lint.engine.relevance import project_modules
from zdr_lint.engine.specs import Specs
from zdr_lint.engine.summary import (
    BY_IMPORTS,
    EMPTY,
    FILLS,
    ITEM,
    ITEM_READS,
    KEY_LOOKUPS,
    KEYS,
    METHOD_FILL,
    STAR,
    CallRecord,
    FunctionSummary,
    ModuleSummary,
    claude_data,
    client_doubt,
    label_digest,
    library_object,
    param_names,
    source_order,
)

MAX_ROUNDS = 10_000  # a safety bound only: every table grows monotonically to a fixpoint
# A cycle's root is evaluated again until its value stops growing; the values are finite sets of
# labels, so this is a safety bound only.
MAX_CYCLE_ITERATIONS = 64
MAX_SOURCES = 4  # sources kept per kind in one value (see few_sources)
OTHER_PROVIDER_RULE = "ZDR303"  # data handed to another AI provider
# inherited methods calling inherited methods on self: how deep their overrides are followed
MAX_INHERITED_DEPTH = 4
MAX_OVERRIDES = 8  # a stub with more overrides than this is a library's plug-in point
# import levels read for what the modules that a recorder's module imports call
MAX_IMPORT_DEPTH = 3
CONCRETE = ("S", "C", "T", "O", "U", "M", "Y", "Z", "N")
# what a parameter's callers pass that is not data: clients, objects, classes and functions
MARKERS = ("C", "T", "O", "Y", "Z")
# what a value table keeps when settlement starts again: markers and class names (see settle)
SEEDS = MARKERS + ("N",)
# labels that stand for prompt data found by the backward flow (see summary)
PROMPT_KINDS = ("V", "Q", "R", "W")
# bases that give a class no fields of its own to show
PLAIN_BASES = frozenset(
    {"object", "ABC", "abc.ABC", "Generic", "typing.Generic", "Protocol", "typing.Protocol"}
)
# what the first fixpoint leaves out: data (Claude's, a library's result, messages) and the
# backward prompt flow; the values it finds never depend on them
NOT_VALUES = PROMPT_KINDS + ("S", "D", "U", "M")


PROVIDER_AT_RUN_TIME = "the provider is chosen at run time"
# marks an ``unless`` key that leaves out a source only where it carries PROVIDER_AT_RUN_TIME
RUN_TIME = "run-time"


def tuple_position(fn: FunctionSummary, index: int) -> Optional[frozenset]:
    """What position ``index`` of the tuples ``fn`` returns holds (``return super().m(x)``:
    that call's position); None when its returns are no tuples that long."""
    if fn.returns_from and not fn.returns_at:
        return frozenset((*call, index) for call in fn.returns_from)
    if index < len(fn.returns_at):
        return fn.returns_at[index]
    return None


def dict_item(fn: FunctionSummary, key: str) -> Optional[frozenset]:
    """What ``fn`` puts under literal ``key`` of the dicts it returns (nothing when that key is
    absent); None when its returns are not all dicts with literal keys."""
    return fn.returns_keys.get(key, EMPTY) if fn.returns_keys else None


@dataclass
class _Scratch:
    """A result that read cycle roots still being iterated (``roots``)."""

    memo: dict
    key: object
    value: frozenset
    roots: set


@dataclass(frozen=True)
class Reach:
    """A sink reached from inside a function, for reporting at the call sites."""

    rule: str
    label: str
    module: str
    ref: tuple
    via: tuple  # qualified names of the functions passed through, outermost first
    # prompts for which this path does not run: what the other providers of a dispatch on the
    # way send to Claude (``source_key``s); one provider is chosen per call
    unless: frozenset = EMPTY
    # parameters of the function holding the callable the path runs through (``report(msg)``
    # with ``report`` a parameter): a caller that passes nothing for one does not take it
    needs: frozenset = EMPTY
    # the literal keys under which the function at the start of the path reads the parameter,
    # when it reads it no other way (``keyed_reads``); empty: the parameter reaches it whole
    keys: frozenset = EMPTY
    # the guards over the parameters of the function at the start of the path that must hold
    # for it to run (``guards.py``): a call whose arguments make one false does not take it
    guards: frozenset = EMPTY


@dataclass(frozen=True)
class Hit:
    """Claude data reaching a sink: the raw material of a finding."""

    rule: str
    module: str
    ref: tuple
    function: str
    sink: str
    source: tuple
    reach: Optional[Reach] = None


class Project:
    def __init__(
        self,
        summaries: list[ModuleSummary],
        specs: Specs,
        scripts: frozenset = EMPTY,
        aliases: Optional[dict] = None,
    ) -> None:
        self.specs = specs
        # ``X.P`` -> ``P``: a top-level package imported through the namespace folder above it
        self.aliases = aliases or {}
        # modules run as programs of their own (see ``runner.scripts``): no value crosses
        # from one to another, whatever library state both of them touch
        self.scripts = scripts
        self.modules = {s.name: s for s in summaries}
        self.functions: dict[str, tuple[str, FunctionSummary]] = {}
        self.classes: dict[str, list] = {}
        self.calls: dict[tuple, CallRecord] = {}
        self.calls_in: dict[str, list] = {}
        self.events_in: dict[str, list] = {}
        self.class_fields: dict[str, tuple] = {}
        self._attr_names: dict[str, set] = {}  # class -> attribute names it declares or writes
        # ``self.x = ...`` in a class's own ``__init__``: bound per construction site
        self._init_writes: dict[tuple, list] = {}
        # (function, parameter, labels): a nested function's defaults taken from its scope
        self._defaults: list[tuple] = []
        # attributes set on values whose classes are known only when settled (``res.x = ...``)
        self._set_on_values: set[str] = set()
        for summary in summaries:
            for qualname, fn in summary.functions.items():
                self.functions[qualname] = (summary.name, fn)
                for param, labels in sorted(fn.param_defaults.items()):
                    self._defaults.append((qualname, param, labels))
            self.classes.update(summary.classes)
            self.class_fields.update(summary.class_fields)
            for cls, names in summary.class_fields.items():
                self._attr_names.setdefault(cls, set()).update(names)
            for cls, attr, labels, writer in summary.field_writes:
                if not isinstance(cls, str) and cls[0] == "?":
                    self._set_on_values.add(attr)
                if not isinstance(cls, str) and cls[0] == METHOD_FILL:
                    self._attr_names.setdefault(cls[1], set()).add(attr)
                elif isinstance(cls, str):
                    self._attr_names.setdefault(cls, set()).add(attr)
                    if writer == f"{cls}.__init__":
                        self._init_writes.setdefault((cls, attr), []).append((labels, writer))
            for record in summary.calls.values():
                key = (summary.name, record.id)
                self.calls[key] = record
                self.calls_in.setdefault(record.function, []).append(key)
            for event in summary.events:
                self.events_in.setdefault(event.function, []).append((summary.name, event))
        self.number_attrs = self._number_attrs(summaries)  # fields that only hold numbers
        self.ret: dict[str, frozenset] = {}
        self.globals: dict[str, frozenset] = {}
        self.fields: dict[tuple, frozenset] = {}
        # what a field holds apart from what constructors bind from their arguments
        self.shared_fields: dict[tuple, frozenset] = {}
        self.site_writes: dict[tuple, frozenset] = {}  # (construction label, attr) -> value
        self.param_in: dict[tuple, frozenset] = {}
        self.prompt_params: dict[str, dict] = {}
        self.late: dict[tuple, list] = {}
        self._qual_cache: dict[str, Optional[tuple]] = {}
        self._memo: dict = {}  # context -> memo
        self._items_open: set = set()  # the tuple positions of calls being read (``call_item``)
        self._canonical: dict = {EMPTY: EMPTY}  # memoised value -> the one object that holds it
        self._call_memo: dict = {}  # context -> memo
        self._deps: dict = {}  # (table, key) -> contexts whose memos read it
        self._ctx: Optional[str] = None
        self._prompt_flat: dict = {}
        self._prompt_parts: dict = {}  # (function, param, access path suffix) -> prompts
        self._prompt_fields: dict = {}  # (class, attribute) -> prompts its value is sent in
        self._prompt_places: dict = {}  # module-level place (global_place) -> prompts it is in
        self._active: set = set()
        self._cycle_roots: set = set()
        self._provisional: dict = {}  # cycle root being iterated -> its value so far
        self._scratch: dict = {}  # (memo id, key) -> _Scratch, valid while its roots iterate
        self._scratch_by_root: dict = {}  # cycle root -> the scratch slots that depend on it
        self._grew = False
        # the first fixpoint finds values only: prompt labels (backward flow) resolve to nothing
        self._values_only = False
        self._order: list = []
        self._by_method: Optional[dict] = None
        self._needed: Optional[dict] = None
        self._needed_method_names: set = set()
        self._constructions: Optional[list] = None
        self._dispatch: dict = {}
        self._unreachable: dict[str, bool] = {}
        # (function, parameter) -> does every call pass its own ``**kwargs`` there
        self._keyword_keyed: dict[tuple, bool] = {}
        self._field_values: dict[tuple, Optional[frozenset]] = {}
        self._built_by: Optional[dict] = None
        self._class_builds: Optional[list] = None
        self._field_choices: Optional[dict] = None
        self._outside_writes: Optional[set] = None
        self._calls_named: Optional[dict[str, list]] = None
        self._attr_name_set = {name for names in self._attr_names.values() for name in names}
        self.keyed = KeyedFields(summaries)
        # functions that spread their own ``*args`` into a call, and the most positional
        # arguments beyond their parameters that a caller gives them (None: not known)
        self._spreading = {r.function for s in summaries for r in s.calls.values() if r.spread}
        self._extra_positionals: dict[str, Optional[int]] = {}
        self._property_names = {
            q.rsplit(".", 1)[-1] for q, (_, fn) in self.functions.items() if fn.is_property
        }
        self._field_owners: dict[str, set] = {}  # attribute name -> classes whose field holds it
        self._mro: dict[str, list] = {}
        self._known_attributes: dict[tuple, bool] = {}
        self._library_types: dict[str, list] = {}
        self._subclasses: Optional[dict] = None
        self._class_calls: Optional[dict] = None  # class -> the prompts its methods send
        self._siblings: dict[str, frozenset] = {}
        self._shows_fields: dict[str, bool] = {}
        self._sibling_prompts: dict[str, frozenset] = {}
        self._alternatives: dict[tuple, frozenset] = {}  # (targets, chosen) -> prompts
        self._method_names = {
            q.rsplit(".", 1)[-1] for q, (_, fn) in self.functions.items() if fn.cls
        }
        self._bound: dict[tuple, frozenset] = {}
        self._guessed: dict[tuple, object] = {}  # (receiver name, method) -> guess_type
        self._subclasses_of: dict[str, list] = {}  # class -> subclasses(class)
        # target_of's part through the receiver, per record: (receiver, field stamp, targets,
        # whether it read fields, record); a stamp counts the growths of the fields of a name
        self._receiver_targets: dict[int, tuple] = {}
        self._field_stamps: dict[str, int] = {}
        self._nested_in: dict[str, list] = {}  # function -> the functions nested in it
        for qualname in self.functions:
            parts = qualname.split(".<locals>.")
            for cut in range(1, len(parts)):
                outer = ".<locals>.".join(parts[:cut])
                self._nested_in.setdefault(outer, []).append(qualname)
        self.script_reach = ScriptReach(self)
        self._named_words: Optional[frozenset] = None
        self._imported_names: frozenset = EMPTY
        self._methods_of: Optional[dict] = None
        # forwarders called only directly (see forward_calls), and for each such call the
        # record of the call of the callable it forwards to
        self._forwarders: frozenset = EMPTY
        self._forwarded: dict[tuple, tuple] = {}
        self.forward_calls()

    # ---- forwarders ------------------------------------------------------------------------
    def forward_calls(self) -> None:
        """``run(f, a, k=v)``, where project function ``run`` calls its callable parameter with
        exactly its own ``*args`` and ``**kwargs``, calls ``f(a, k=v)`` right there: a record of
        that call is added at each call site, and the forwarder's own call of its parameter runs
        nothing (pairing every caller's callable with every caller's arguments is not what
        runs). Only a forwarder that is used nowhere but in such direct calls is handled so."""
        forwarders = {q: fn for q, (_, fn) in self.functions.items() if fn.forwards}
        if not forwarders:
            return
        unclean = self._named_as_values(forwarders)
        added: dict = {}
        for (module, _), record in list(self.calls.items()):
            resolved = self.resolve_qual(record.callee) if record.callee else None
            if not resolved or resolved[0] != "function" or resolved[1] not in forwarders:
                continue
            forwarded = self._forwarded_record(record, forwarders[resolved[1]])
            if forwarded is None:
                unclean.add(resolved[1])
            else:
                added.setdefault(resolved[1], []).append((module, record, forwarded))
        self._forwarders = frozenset(q for q in added if q not in unclean)
        for qualname in self._forwarders:
            for module, record, forwarded in added[qualname]:
                self.calls[(module, forwarded.id)] = forwarded
                self.calls_in.setdefault(record.function, []).append((module, forwarded.id))
                self._forwarded[(module, record.id)] = forwarded.id

    def _named_as_values(self, forwarders: dict) -> set:
        """The forwarders that some value names (passed, stored or returned, not called)."""
        found: set = set()
        seen: set = set()

        def scan(labels) -> None:
            if id(labels) in seen:
                return
            seen.add(id(labels))
            for label in labels:
                if label[0] in ("G", "Z") and label[1] in forwarders:  # a function as a value
                    found.add(label[1])
                for part in label[1:]:
                    if type(part) is frozenset:
                        scan(part)

        for record in self.calls.values():
            scan(record.receiver)
            for labels in record.args:
                scan(labels)
            for _, labels in record.kwargs:
                scan(labels)
        for summary in self.modules.values():
            for labels in summary.globals.values():
                scan(labels)
            for fn in summary.functions.values():
                scan(fn.returns)
        return found

    @staticmethod
    def _forwarded_record(record: CallRecord, fn: FunctionSummary) -> Optional[CallRecord]:
        """The call ``f(a, k=v)`` that ``run(f, a, k=v)`` makes (a splat at the call is spread
        over it, ``run(f, *args)``), or None when the callable is not passed by name or in
        position."""
        keywords = dict(record.kwargs)
        index = fn.params.index(fn.forwards)
        if index < len(record.args):
            callee = record.args[index]
        elif fn.forwards in keywords:
            callee = keywords[fn.forwards]
        else:
            return None
        rest = record.args[len(fn.params) :] if fn.vararg else ()
        named = tuple(
            (k, v) for k, v in record.kwargs if k not in fn.params and (fn.kwarg or k == "**")
        )
        return replace(
            record,
            id=(*record.id, "forwarded"),
            callee=None,
            receiver=callee,
            method="__call__",
            receiver_name="",
            args=tuple(rest),
            kwargs=named,
            model=None,
            first_text=None,
            forwarding=False,
        )

    def forwarded_away(self, record: CallRecord) -> bool:
        """Is ``record`` a forwarder's call of its callable, made at its callers instead?"""
        if not record.forwarding or not self._forwarders:
            return False
        outer = record.function.split(".<locals>.", 1)[0]
        return outer in self._forwarders

    # ---- names -----------------------------------------------------------------------------
    def resolve_qual(self, qualified: str, depth: int = 0) -> Optional[tuple]:
        if qualified in self._qual_cache:
            return self._qual_cache[qualified]
        self._qual_cache[qualified] = None
        result = self._resolve_qual(qualified, depth)
        self._qual_cache[qualified] = result
        return result

    def _resolve_qual(self, qualified: str, depth: int) -> Optional[tuple]:
        if depth > 20:
            return None
        qualified = unalias(qualified, self.aliases)
        if qualified in self.modules:
            shadow = self.package_binding(qualified)
            if shadow is None:
                return ("module", qualified)
            return self.resolve_qual(shadow, depth + 1)
        if qualified in self.functions:
            return ("function", qualified)
        if qualified in self.classes:
            return ("class", qualified)
        parts = qualified.split(".")
        for cut in range(len(parts) - 1, 0, -1):
            module_name = ".".join(parts[:cut])
            module = self.modules.get(module_name)
            if module is None:
                continue
            head, rest = parts[cut], parts[cut + 1 :]
            target = None
            if head in module.imports and head != "*":
                target = self.resolve_qual(module.imports[head], depth + 1)
            elif head in module.globals:
                target = ("global", f"{module_name}.{head}")
            else:
                for base in module.imports.get("*", []):
                    target = self.resolve_qual(f"{base}.{head}", depth + 1)
                    if target:
                        break
            if target is None:
                return None
            for attr in rest:
                if target[0] == "class":
                    method = self.method(target[1], attr)
                    target = ("function", method) if method else None
                elif target[0] == "module":
                    target = self.resolve_qual(f"{target[1]}.{attr}", depth + 1)
                else:
                    target = None
                if target is None:
                    return None
            return target
        return None

    def package_binding(self, qualified: str) -> Optional[str]:
        """What ``pkg.name`` is when ``pkg/__init__.py`` imports ``name`` from elsewhere
        (``from pkg.name import name``): the import rebinds the package attribute that the
        submodule had set, so ``pkg.name`` is the imported object, not the submodule."""
        package, _, name = qualified.rpartition(".")
        module = self.modules.get(package)
        if module is None:
            return None
        imported = module.imports.get(name)
        if not isinstance(imported, str) or imported == qualified:
            return None
        return imported

    def mro(self, cls: str) -> list:
        """``cls`` and its project base classes, nearest first (computed once per class)."""
        found = self._mro.get(cls)
        if found is None:
            found = self._mro[cls] = self._compute_mro(cls)
        return found

    def _compute_mro(self, cls: str) -> list:
        order, stack, seen = [], [cls], set()
        while stack:
            current = stack.pop(0)
            if current in seen:
                continue
            seen.add(current)
            order.append(current)
            for base in self.classes.get(current, []):
                resolved = self.resolve_qual(base)
                if resolved and resolved[0] == "class":
                    stack.append(resolved[1])
        return order

    def method(self, cls: str, name: str) -> Optional[str]:
        for current in self.mro(cls):
            qualname = f"{current}.{name}"
            if qualname in self.functions:
                return qualname
        return None

    def dispatch(self, cls: str, name: str, after: Optional[str] = None) -> list:
        """The methods a call ``obj.name()`` on an instance of ``cls`` may run: the one ``cls``
        inherits and, when that is a stub (or missing), the overrides in project subclasses
        (``self.complete()`` in a base class runs the subclass's ``complete``).

        ``super().name()`` written in class ``after`` runs the first ``name`` found in the MRO
        of ``cls`` past ``after``."""
        if after is not None:
            order = self.mro(cls)
            start = order.index(after) + 1 if after in order else len(order)
            for base in order[start:]:
                if f"{base}.{name}" in self.functions:
                    return [f"{base}.{name}"]
            return []
        key = (cls, name)
        found = self._dispatch.get(key)
        if found is None:
            inherited = self.method(cls, name)
            found = [inherited] if inherited and not self.never_built(cls) else []
            if inherited is None or self.is_stub(inherited):
                overrides = [
                    f"{sub}.{name}"
                    for sub in self.subclasses(cls)
                    if f"{sub}.{name}" in self.functions and not self.never_built(sub)
                ]
                if len(overrides) <= MAX_OVERRIDES:
                    found.extend(q for q in overrides if q not in found)
            self._dispatch[key] = found
        return found

    def nested_functions(self, qualname: str) -> list:
        """The functions defined inside function ``qualname``, at any depth."""
        return self._nested_in.get(qualname, [])

    def methods_of(self, cls: str) -> list:
        """The methods class ``cls`` defines itself."""
        if self._methods_of is None:
            self._methods_of = {}
            for qualname, (_, fn) in self.functions.items():
                if fn.cls is not None and qualname == f"{fn.cls}.{qualname.rsplit('.', 1)[-1]}":
                    self._methods_of.setdefault(fn.cls, []).append(qualname)
        return self._methods_of.get(cls, [])

    def never_built(self, cls: str) -> bool:
        """Is ``cls`` a class of which no object exists, so that its instance methods never
        run: one whose ``__init__`` always raises (a class kept but deprecated), or one that
        nothing names (``unnamed``)?"""
        init = self.method(cls, "__init__")
        if init is not None and self.functions[init][1].always_raises:
            return True
        return self.unnamed(cls)

    def unnamed(self, cls: str) -> bool:
        """Is ``cls`` a class that modules of the run import, but that none of them writes
        outside an import line (nor its own module outside its ``class`` header), and that no
        project class inherits? Not called, passed, registered, annotated, exported by a
        package or named in a string or a comment: left behind where it is still imported.
        A class nothing imports may be a library's, built by its users: not this."""
        name = cls.rsplit(".", 1)[-1]
        if not name[:1].isupper() or ".<locals>." in cls:
            return False
        if self._named_words is None:
            words: set = set()
            imported: set = set()
            for summary in self.modules.values():
                words.update(summary.named_words)
                imported.update(summary.imported_modules)
            self._named_words = frozenset(words)
            self._imported_names = frozenset(imported)
        if name in self._named_words or cls not in self._imported_names:
            return False
        return not self.subclasses(cls)

    def never_true(self, function: str, ref) -> bool:
        """Is ``ref`` in ``function`` under a test of a field that no object of its class can
        pass (``if self.provider == "local":`` where every construction says ``"docker"``)?"""
        for guard in self.guards_at(function, ref):
            if guard[0] in FIELD_GUARDS:
                values = self.field_values(guard[1], guard[2])
                if values is not None and field_test_fails(guard, values):
                    return True
        return False

    def field_values(self, cls: str, attr: str) -> Optional[frozenset]:
        """The texts field ``attr`` of an object of ``cls`` can hold, when known: the class
        (with no project subclass, nothing outside its methods writing the field) sets it only
        to string literals or to an ``__init__`` parameter, and every construction of it in
        the project passes a literal there, or leaves it to a literal default. None when not
        known."""
        key = (cls, attr)
        if key not in self._field_values:
            self._field_values[key] = self._find_field_values(cls, attr)
        return self._field_values[key]

    def _find_field_values(self, cls: str, attr: str) -> Optional[frozenset]:
        if self._field_choices is None:
            self._field_choices = {}
            self._outside_writes = set()
            for summary in self.modules.values():
                for owner, choices in summary.field_choices.items():
                    self._field_choices[owner] = dict(choices)
                for owner, written, _, writer in summary.field_writes:
                    if not (isinstance(owner, str) and writer.startswith(owner + ".")):
                        self._outside_writes.add(written)
        found = self._field_choices.get(cls, {}).get(attr)
        if found is None or attr in self._outside_writes or self.subclasses(cls):
            return None
        literals, params = found
        values = set(literals)
        if params:
            init = self.functions.get(f"{cls}.__init__")
            built = self.class_constructions(cls)
            if init is None or not built:
                return None  # built where the project does not show (by its users)
            for param in params:
                for record in built:
                    text = self.text_argument(init[1], param, record)
                    if text is None:
                        return None
                    values.add(text)
        return frozenset(values)

    def text_argument(self, init: FunctionSummary, param: str, record: CallRecord):
        """The string literal a construction passes for ``param`` of ``__init__`` (or leaves
        to its literal default), else None."""
        if record.spreads or record.spread:
            return None
        slots = GuardSlots(call_params(init, ("O", "")), record, {})
        if slots.unknown:
            return None
        where = slots.slot(param)
        if where == MISSING:
            return init.text_defaults.get(param)
        return dict(record.texts).get(where) if where is not None else None

    def class_constructions(self, cls: str) -> list:
        """The call records that name ``cls`` to build it (``ComputerEnvironment(...)``)."""
        if self._built_by is None:
            self._built_by = {}
            for record, built in self.class_builds():
                self._built_by.setdefault(built, []).append(record)
        return self._built_by.get(cls, [])

    def class_builds(self) -> list:
        """``(record, class)`` for each call that names a project class, in call order."""
        if self._class_builds is None:
            self._class_builds = []
            for record in self.calls.values():
                resolved = None if record.callee is None else self.resolve_qual(record.callee)
                if resolved and resolved[0] == "class":
                    self._class_builds.append((record, resolved[1]))
        return self._class_builds

    def keyword_keyed(self, qualname: str, param: str) -> bool:
        """Does every call of ``qualname`` pass, for ``param``, its own ``**kwargs`` (or a
        parameter of its own that is so passed in turn)? Then the keys of ``param`` are
        keyword names that callers wrote, not data (``set(options) - accepted``). Calls are
        found by the function's name; a function no call names may be called with any dict."""
        key = (qualname, param)
        found = self._keyword_keyed.get(key)
        if found is None:
            self._keyword_keyed[key] = False  # a cycle of such helpers proves nothing
            found = self._keyword_keyed[key] = self._all_pass_keywords(qualname, param)
        return found

    def _all_pass_keywords(self, qualname: str, param: str) -> bool:
        """``keyword_keyed`` computed: at least one call, and each passes such a dict."""
        entry = self.functions.get(qualname)
        if entry is None:
            return False
        fn = entry[1]
        if self._calls_named is None:
            self._calls_named = {}
            for record in self.calls.values():
                name = (record.method or record.callee or "").rsplit(".", 1)[-1]
                self._calls_named.setdefault(name, []).append(record)
        calls = self._calls_named.get(qualname.rsplit(".", 1)[-1], [])
        seen = False
        for record in calls:
            if record.callee and not record.receiver:
                resolved = self.resolve_qual(record.callee)
                if resolved is not None and resolved != ("function", qualname):
                    continue  # a call of another function of that name
            if record.spreads or record.spread or any(name == "**" for name, _ in record.kwargs):
                return False
            on_object = ("O", fn.cls or "") if record.receiver else None  # ``self._helper(...)``
            given = self.bind(fn, param, record.args, dict(record.kwargs), on_object)
            passed = {label[1] for label in given if label[0] == "P"}
            caller = self.functions.get(record.function)
            if caller is None or len(passed) != 1 or any(lab[0] not in ("P", "V") for lab in given):
                return False  # not a parameter of the caller, as it was given
            (name,) = passed
            if name != caller[1].kwarg and not self.keyword_keyed(record.function, name):
                return False
            seen = True
        return seen

    def unreachable(self, qualname: str) -> bool:
        """Is ``qualname`` an instance method of a class never built (or nested in one)?"""
        found = self._unreachable.get(qualname)
        if found is None:
            entry = self.functions.get(qualname.split(".<locals>.", 1)[0])
            found = (
                entry is not None
                and entry[1].cls is not None
                and not entry[1].class_level
                and self.never_built(entry[1].cls)
            )
            self._unreachable[qualname] = found
        return found

    def library_types(self, cls: str) -> list:
        """The catalog types a project class is by inheritance (a Django ``Model``)."""
        found = self._library_types.get(cls)
        if found is None:
            found = []
            for current in self.mro(cls):
                for base in self.classes.get(current, []):
                    type_name = self.specs.type_bases.get(base)
                    if type_name and type_name not in found and self.resolve_qual(base) is None:
                        found.append(type_name)
            self._library_types[cls] = found
        return found

    def shows_fields(self, cls: str) -> bool:
        """Does an instance of ``cls`` carry what it was built from wherever it goes: a record
        that prints, saves or serialises its fields (a dataclass or model that declares them,
        an exception, a subclass of a library class)? A plain class's object is not its
        constructor's arguments: only its fields hold them."""
        found = self._shows_fields.get(cls)
        if found is None:
            found = bool(self.declared_fields(cls)) or any(
                base not in PLAIN_BASES and (self.resolve_qual(base) or ("",))[0] != "class"
                for current in self.mro(cls)
                for base in self.classes.get(current, [])
            )
            self._shows_fields[cls] = found
        return found

    def object_data(self, cls: str) -> frozenset:
        """What the fields of instances of ``cls`` hold (saving the object stores them)."""
        out: set = set()
        classes = set(self.mro(cls))
        for (owner, _), value in self.fields.items():
            if owner in classes:
                out |= value
        return frozenset(out)

    def is_stub(self, qualname: str) -> bool:
        """A method with nothing to say (``raise NotImplementedError``, ``...``): no calls, no
        sinks and no value returned; the subclass's override is what runs."""
        fn = self.functions[qualname][1]
        return (
            not fn.returns and not self.calls_in.get(qualname) and not self.events_in.get(qualname)
        )

    def subclasses(self, cls: str) -> list:
        """The project classes that inherit from ``cls``, directly or not, in a stable order."""
        found = self._subclasses_of.get(cls)
        if found is None:
            found = self._subclasses_of[cls] = self._find_subclasses(cls)
        return found

    def _find_subclasses(self, cls: str) -> list:
        if self._subclasses is None:
            direct: dict[str, list] = {}
            for name, bases in sorted(self.classes.items()):
                for base in bases:
                    resolved = self.resolve_qual(base)
                    if resolved and resolved[0] == "class" and resolved[1] != name:
                        direct.setdefault(resolved[1], []).append(name)
            self._subclasses = direct
        out: list = []
        stack = list(self._subclasses.get(cls, ()))
        while stack:
            current = stack.pop(0)
            if current in out or current == cls:
                continue
            out.append(current)
            stack.extend(self._subclasses.get(current, ()))
        return out

    # ---- label resolution --------------------------------------------------------------------
    def norm(self, labels: frozenset, ctx: str) -> frozenset:
        if not labels:
            return EMPTY
        return self._guarded(self._memo.setdefault(ctx, {}), (labels, ctx), self._norm)

    def _norm(self, key: tuple) -> frozenset:
        labels, ctx = key
        outer, self._ctx = self._ctx, ctx
        out: set = set()
        for label in ordered(labels):
            out |= self.resolve(label, ctx)
        self._ctx = outer
        return few_sources(frozenset(out))

    def _read(self, name: str, table: dict, key, default=EMPTY):
        """Read a table, noting that the current context's memo depends on this entry."""
        if self._ctx is not None:
            self._deps.setdefault((name, key), set()).add(self._ctx)
        return table.get(key, default)

    def _guarded(self, memo: dict, key: tuple, compute) -> frozenset:
        """Memoised evaluation that is exact on cycles, whatever the evaluation order.

        A key met again while it is being computed answers its value so far (nothing, at
        first) and becomes a cycle root: once its computation ends, it is computed again with
        the new value until the value stops growing (a least fixpoint, since every result is a
        union). Results that read a root still being iterated are kept in a scratch memo until
        that root's iteration moves on (then they are dropped) or ends (then they are final).
        """
        cached = memo.get(key)
        if cached is not None:
            return cached
        if key in self._active:
            self._cycle_roots.add(key)
            return self._provisional.get(key, EMPTY)
        slot = (id(memo), key)
        scratch = self._scratch.get(slot)
        if scratch is not None:
            self._cycle_roots |= scratch.roots
            return scratch.value
        self._active.add(key)
        outer_roots = self._cycle_roots
        value = EMPTY
        for _ in range(MAX_CYCLE_ITERATIONS):
            self._cycle_roots = set()
            grown = value | compute(key)
            if key not in self._cycle_roots or grown == value:
                value = grown
                break
            value = self._provisional[key] = grown
            self._forget_scratch(key)  # computed with the older value
        # equal results share one object: most memo entries hold one of a few thousand values
        value = self._canonical.setdefault(value, value)
        self._active.discard(key)
        self._provisional.pop(key, None)
        if key in self._cycle_roots:
            self._cycle_roots.discard(key)
            self._settle_scratch(key)
        if self._cycle_roots:
            self._keep_scratch(slot, memo, key, value)
        else:
            memo[key] = value
        self._cycle_roots |= outer_roots
        return value

    def _keep_scratch(self, slot: tuple, memo: dict, key, value: frozenset) -> None:
        self._scratch[slot] = _Scratch(memo, key, value, set(self._cycle_roots))
        for root in self._cycle_roots:
            self._scratch_by_root.setdefault(root, set()).add(slot)

    def _forget_scratch(self, root) -> None:
        """Drop the scratch results that read an older value of ``root``."""
        for slot in self._scratch_by_root.pop(root, ()):
            scratch = self._scratch.pop(slot, None)
            if scratch is None:
                continue
            for other in scratch.roots:
                if other != root and other in self._scratch_by_root:
                    self._scratch_by_root[other].discard(slot)

    def _settle_scratch(self, root) -> None:
        """``root`` has its final value: results that read only it (and finished roots) are
        final too and go to their memo."""
        for slot in self._scratch_by_root.pop(root, ()):
            scratch = self._scratch.get(slot)
            if scratch is None:
                continue
            scratch.roots.discard(root)
            if not scratch.roots:
                del self._scratch[slot]
                scratch.memo[scratch.key] = scratch.value

    def resolve(self, label: tuple, ctx: str) -> frozenset:
        kind = label[0]
        if self._values_only and kind in NOT_VALUES:
            return EMPTY
        if kind in CONCRETE:
            return frozenset({label})
        if kind == "P":
            markers = frozenset(
                lab
                for lab in self._read("param_in", self.param_in, (ctx, label[1]))
                if lab[0] in MARKERS
            )
            entry = self.functions.get(ctx)
            declared = entry[1].param_classes.get(label[1]) if entry is not None else None
            if declared and not any(lab[0] in ("O", "Y") for lab in markers):
                # an instance of the annotation's class (and its subclasses) only when no
                # caller says more: an imported class name reads as the class itself
                markers |= instances_of(self.norm(declared, ctx))
            return frozenset({label}) | markers
        if kind == "G":
            return self.named(label[1])
        if kind == "F":
            value = self.instance_field(label[1], label[2]) | self.bound_methods(label[1], label[2])
            return self.metadata_field(label[2], value)
        if kind == "A" and label[2] == KEYS:  # ``set(options)``: the keys of a parameter
            (param,) = label[1]
            return EMPTY if self.keyword_keyed(ctx, param[1]) else data(self.norm(label[1], ctx))
        if kind == "A":  # memoised on its own: many label sets share one attribute read
            return self._guarded(
                self._memo.setdefault(ctx, {}), (label, ctx), self._attribute_label
            )
        if kind == "K":
            if len(label) > 3:  # one position of the tuple the call returns
                return self.call_item(label[1], label[2], label[3])
            return self.call_result(label[1], label[2])
        if kind == "Q":  # memoised with the context's other results (and dropped with them)
            return self._guarded(self._memo.setdefault(ctx, {}), label, self._prompt_if_label)
        if kind == "D":
            return data(self.norm(label[1], ctx))
        if kind == "R":  # an argument of a call whose result is prompt data
            return self._guarded(
                self._memo.setdefault(ctx, {}), (label, ctx), self._through_call_label
            )
        if kind == "W":  # written to ``self.attr``: prompt data where that field is sent
            if "." not in label[2]:
                return self.prompt_field(label[1], label[2])
            outer, inner = label[2].split(".", 1)  # ``self.state.turns``: the state's turns
            out: set = set()
            for held in self.objects_in_field(label[1], outer):
                out |= self.prompt_field(held, inner)
            return frozenset(out)
        if kind == "X":  # an enclosing function's value, seen from a nested function
            return self.enclosing_value(label[1], label[2])
        if kind == "V":
            entry = self.functions.get(ctx)
            if entry is None or self.names_number(label[1]):
                return EMPTY
            labels = prompt_labels_of(entry[1].prompt_vars, label[1])
            labels = uses_on_path(labels, label, entry[0])
            out = set(self.norm(labels, ctx)) if labels else set()
            out |= self.place_prompts(entry[1], label[1])
            for prefix in prefixes(label[1]):  # ``job`` passed on, of which a part is sent
                for use in uses_on_path(entry[1].prompt_vars.get(prefix, EMPTY), label, entry[0]):
                    if use[0] == "Q" and len(use) > 4 and use[4] == "whole":
                        out |= self._guarded(
                            self._memo.setdefault(ctx, {}),
                            (use, label[1][len(prefix) :]),
                            self._prompt_part_label,
                        )
            return frozenset(out)
        return EMPTY

    def names_number(self, path: str) -> bool:
        """Does access path ``path`` end in a field that every project class with a field of
        that name holds a number in (``state.steps``)? A count formatted into a prompt is not
        its text."""
        if path.endswith("]") or "." not in path:
            return False
        return path.rsplit(".", 1)[1] in self.number_attrs

    def _number_attrs(self, summaries: list) -> frozenset:
        """The field names that hold a number in every project class that declares or sets
        them (``field_kinds``)."""
        numbers: dict[str, set] = {}
        for summary in summaries:
            for cls, names in summary.number_fields.items():
                for name in names:
                    numbers.setdefault(name, set()).add(cls)
        return frozenset(
            name
            for name, classes in numbers.items()
            if all(cls in classes for cls, attrs in self._attr_names.items() if name in attrs)
        )

    def _through_call_label(self, key: tuple) -> frozenset:
        (_, module, record_id, arg, target), ctx = key
        record = self.calls.get((module, record_id))
        if record is not None and not self.passes_to_result(record, arg):
            return EMPTY
        entry = self.functions.get(ctx)
        labels = entry[1].prompt_vars.get(target) if entry is not None else None
        return self.norm(labels, ctx) if labels else EMPTY  # the result is sent whole

    def passes_to_result(self, record: CallRecord, key) -> bool:
        """Does argument ``key`` of a call reach its result? A library function or a value
        whose target is unknown passes its arguments on, a class keeps them in the object it
        builds, and a project function returns those of its parameters that its result holds."""
        targets = self.target_of(record)
        accepting = 0  # a target without a parameter for the argument is not what runs
        for qualname, receiver in targets:
            if qualname.rsplit(".", 1)[-1] == "__init__":
                return True
            fn = self.functions[qualname][1]
            if key in ("*", "**"):  # ``f(**kwargs)``: into the callee's own ``**kwargs``
                param = fn.vararg if key == "*" else fn.kwarg
                if not param:
                    return True  # spread over named parameters: which ones is not known
            else:
                param = self.key_param(fn, key, receiver)
                if param is None:
                    continue
            accepting += 1
            if param in param_names(self._read("ret", self.ret, qualname)):
                return True
        return not accepting

    def place_prompts(self, fn, path: str) -> frozenset:
        """The prompts that a place read at ``path`` in ``fn`` is sent in by any function: a
        field of ``self`` sent whole by a method of the class family, or a module-level place
        (a global, a shared store's key) sent, or something inside it."""
        attr = own_field_sent(path) if fn.cls is not None else None
        if attr is not None:
            return self.prompt_field(fn.cls, attr)
        if not fn.global_roots:
            return EMPTY
        place = global_place(path, fn.global_roots, self.specs.shared_state)
        if place is None or not self.is_state(fn.global_roots[path_root(path)]):
            return EMPTY
        out: set = set()
        for key in (place, INSIDE + place, *prefixes(place)):
            out |= self._read("prompt-places", self._prompt_places, key)
        return frozenset(out)

    def prompt_field(self, cls: str, attr: str) -> frozenset:
        """The prompts field ``attr`` of ``cls``'s objects is sent in, by a method of the class,
        of a base (whose methods run on it) or of a subclass (whose objects it may be). None
        for a field that holds a number: a count sent with the text is not the text."""
        if attr in self.number_attrs:
            return EMPTY
        out: set = set()
        for owner in (*self.mro(cls), *self.subclasses(cls)):
            out |= self._read("prompt-fields", self._prompt_fields, (owner, attr))
        return frozenset(out)

    def enclosing_value(self, outer: str, labels: frozenset) -> frozenset:
        """What ``labels`` of function ``outer`` hold, for a closure: the enclosing function's
        parameters stand for what its callers pass (a nested function's memo is dropped with
        the enclosing one's, see ``_grow``)."""
        out: set = set()
        for label in ordered(self.norm(labels, outer)):
            if label[0] == "P":
                out |= self._read("param_in", self.param_in, (outer, label[1]))
            elif label[0] == "D":
                for name in param_names(label[1]):
                    out |= data(self._read("param_in", self.param_in, (outer, name)))
            else:
                out.add(label)
        return frozenset(out)

    def named(self, qualified: str) -> frozenset:
        """The value of a project name: a global's, a function or class as a value, or an
        attribute set in a class's body (``Factory.providers``)."""
        target = self.resolve_qual(qualified)
        if target is None:
            owner, _, attr = qualified.rpartition(".")
            if owner in self.specs.shared_state:  # a key of a library store the process shares
                return self._read("globals", self.globals, qualified)
            cls = self.resolve_qual(owner) if owner else None
            if cls is not None and cls[0] == "class":
                return self.class_attribute(cls[1], attr)
            return EMPTY
        if target[0] == "global":
            return self._read("globals", self.globals, target[1])
        if target[0] == "function":
            return frozenset({("Z", target[1], None)})
        if target[0] == "class":
            return frozenset({("Y", target[1])})
        return EMPTY

    def class_attribute(self, cls: str, attr: str) -> frozenset:
        """``Cls.attr``: what the class body (or a base) set, a method as a plain function,
        or what a library base class has there (a Django model's ``objects``)."""
        out = set(self.field(cls, attr))
        method = self.method(cls, attr)
        if method is not None:
            out.add(("Z", method, None))
        for type_name in self.library_types(cls):
            out |= self.specs.attribute_of_type(type_name, attr)
        return frozenset(out)

    def instance_field(self, cls: str, name: str) -> frozenset:
        """What a field ``name`` of a value typed ``cls`` may hold: set on the class, a base
        or, since ``self`` in an inherited method may be an instance of a subclass, on a
        subclass (a base's ``save()`` over ``self.payload`` that a provider subclass fills;
        ``self.produce(...)`` in a base, ``obj.produce = f`` on the subclass's instance)."""
        if name not in self._field_owners:
            return self.field(cls, name)  # nothing yet: note the dependency
        out = set(self.field(cls, name))
        for sub in self.subclasses(cls):
            out |= self.field(sub, name)
        return frozenset(out)

    def objects_in_field(self, cls: str, attr: str) -> list:
        """The project classes of the objects that field ``attr`` of ``cls`` may hold."""
        return sorted({label[1] for label in self.instance_field(cls, attr) if label[0] == "O"})

    def bound_methods(self, cls: str, attr: str) -> frozenset:
        """``obj.attr`` read as a value where ``attr`` is a method: the methods bound to it."""
        if attr not in self._method_names:
            return EMPTY
        key = (cls, attr)
        found = self._bound.get(key)
        if found is None:
            receiver = ("O", cls)
            found = self._bound[key] = frozenset(
                ("Z", method, receiver)
                for method in self.dispatch(cls, attr)
                if not self.functions[method][1].is_property
            )
        return found

    def classes_named(self, value: frozenset) -> list:
        """The project classes ``value`` may be: classes as values and strings naming one."""
        found = set()
        for label in value:
            if label[0] == "Y":
                found.add(label[1])
            elif label[0] == "N":
                target = self.resolve_qual(label[1])
                if target is not None and target[0] == "class":
                    found.add(target[1])
        return sorted(found)

    def value_targets(self, value: frozenset) -> list:
        """What calling ``value`` runs: (function, receiver marker) for each project function,
        bound method or class (its ``__init__``, with the object it builds) it may hold."""
        if not value:
            return []
        targets = []
        for label in sorted((lab for lab in value if lab[0] == "Z"), key=repr):
            targets.append((label[1], label[2]))
        for cls in self.classes_named(value):
            init = self.method(cls, "__init__")
            if init:
                targets.append((init, ("O", cls)))
        return targets

    def call_held(self, module, record, value, positional, keywords, all_args) -> tuple:
        """The result of calling what ``value`` holds (functions, classes, a Claude API
        method taken as a value), and whether anything in it answered for the call."""
        out: set = set()
        answered = False
        answers = []  # what each project function it may hold returns: it runs one of them
        for label in ordered(value):
            if label[0] == "Z":
                answered = True
                answers.append(self.substitute(label[1], positional, keywords, label[2]))
            elif label[0] == "C" and len(label) > 3:
                source = self.specs.client_sources.get(label[1], {}).get(label[3])
                if source is not None:
                    answered = True
                    if source.returns == "completion":
                        out.add(
                            claude_data(
                                "completion", module, record.ref, label[3], client_doubt(label)
                            )
                        )
        for cls in self.classes_named(value):
            answered = True
            out.add(("O", cls))
            out |= data(all_args)
        return frozenset(out | one_of(answers)), answered

    def field(self, cls: str, attr: str) -> frozenset:
        """What instances of ``cls`` hold in ``attr`` (set on the class or a base).

        The reading context depends on every field of that name: a field ``attr`` of any class
        that grows drops its memo (one dependency per name, not one per class read)."""
        if attr in self.number_attrs:  # declared or only set as a number: a count, no data
            return EMPTY
        if self._ctx is not None:
            self._deps.setdefault(("field-name", attr), set()).add(self._ctx)
        owners = self._field_owners.get(attr)
        if not owners:  # no class holds anything under this name (yet)
            return EMPTY
        out: set = set()
        for current in self.mro(cls):
            if current in owners:
                out |= self.fields[(current, attr)]
        return frozenset(out)

    def known_attribute(self, cls: str, attr: str) -> bool:
        """Does the project class (or a base) declare or assign the attribute ``attr``?"""
        if attr not in self._attr_name_set:
            return False
        key = (cls, attr)
        known = self._known_attributes.get(key)
        if known is None:
            known = any(attr in self._attr_names.get(current, ()) for current in self.mro(cls))
            self._known_attributes[key] = known
        return known

    def attribute(self, receiver: frozenset, attr: str) -> frozenset:
        if base_name(attr) == ITEM:  # an item of a library object; the rest as it was
            out: set = set()
            for label in receiver:
                if label[0] == "T":
                    out |= self.specs.attribute_of_type(label[1], ITEM)
            return frozenset(out)
        # an attribute a project class is known to have holds what was put into it, not
        # everything its instance was built from (``answer.tokens`` is not ``answer.text``)
        field_name = base_name(attr)  # ``options[model]`` is an item of field ``options``
        through_field = field_name in self._attr_name_set and any(
            label[0] == "O" and self.known_attribute(label[1], field_name) for label in receiver
        )
        may_be_property = attr in self._property_names
        if field_name in self._set_on_values and not may_be_property:
            # set on project objects somewhere (``res.options = ...``): a field, not their data
            through_field = through_field or any(label[0] == "O" for label in receiver)
        # a name every project class holds a number in: a count read off any value
        numbers = field_name in self.number_attrs
        metadata = field_name in self.specs.metadata or through_field or numbers
        out: set = set()
        for label in ordered(receiver):
            kind = label[0]
            if kind in ("S", "P", "D", "N") and not metadata:
                out.add(label)
            elif kind == "C":
                out.add(self.specs.client_resource(label, attr))
            elif kind == "T":
                out |= self.specs.attribute_of_type(label[1], attr)
            elif kind == "Y":  # a field named like metadata holds none on the class either
                out |= self.metadata_field(attr, self.class_attribute(label[1], attr))
            elif kind == "O":
                value = self.field(label[1], attr) | self.bound_methods(label[1], attr)
                out |= self.metadata_field(attr, value)
                if attr not in self.specs.metadata:  # a field the class sends whole to Claude
                    out |= self.prompt_field(label[1], attr)
                if may_be_property:
                    for method in self.dispatch(label[1], attr):
                        if self.functions[method][1].is_property:
                            out |= self.substitute(method, [], {}, label)
        return frozenset(out)

    def metadata_field(self, attr: str, value: frozenset) -> frozenset:
        """A field named like metadata (``id``, ``model``, ``usage``) holds no Claude data, only
        the objects and functions in it."""
        if attr not in self.specs.metadata:
            return value
        return frozenset(lab for lab in value if lab[0] in SEEDS)

    def args_of(self, record: CallRecord) -> tuple[list, dict]:
        ctx = record.function
        positional = [self.norm(a, ctx) for a in record.args]
        keywords = {k: self.norm(v, ctx) for k, v in record.kwargs}
        return positional, keywords

    def target_of(self, record: CallRecord) -> list:
        """The project functions (with the receiver marker) that a call may reach: not one
        that cannot take the keywords it passes (Python raises ``TypeError`` before its body
        runs, ``add(text, filters=f)`` where ``add`` has no ``filters`` and no ``**``)."""
        targets = self._targets_of(record)
        named = record_keywords(record)
        if not named or not targets:
            return targets
        return [
            (qualname, receiver)
            for qualname, receiver in targets
            if self.functions[qualname][1].accepts(named)
        ]

    def _targets_of(self, record: CallRecord) -> list:
        targets = []
        if record.forwarding and self.forwarded_away(record):
            return targets
        if record.callee is not None:
            resolved = self.resolve_qual(record.callee)
            if resolved and resolved[0] == "function":
                targets.append((resolved[1], None))
            elif resolved and resolved[0] == "class":
                init = self.method(resolved[1], "__init__")
                if init:
                    targets.append((init, ("O", resolved[1])))
            elif resolved and resolved[0] == "global":  # a module-level name holding a callable
                targets.extend(self.value_targets(self._read("globals", self.globals, resolved[1])))
            if resolved is not None or not record.receiver:
                return targets
        receiver = self.norm(record.receiver, record.function)
        last = record.method.rsplit(".", 1)[-1]
        # What follows reads only the receiver, the fields named ``last`` and tables that do
        # not change: the same receiver with no such field grown gives the same targets.
        stamp = self._field_stamps.get(last, 0)
        memo = self._receiver_targets.get(id(record))
        if (
            memo is not None
            and memo[4] is record  # (held by the entry: its id is not reused)
            and memo[1] == stamp
            and (memo[0] is receiver or memo[0] == receiver)
        ):
            if memo[3] and self._ctx is not None:  # what ``field`` notes for the reader
                self._deps.setdefault(("field-name", last), set()).add(self._ctx)
            targets.extend(memo[2])
            return targets
        found = self.receiver_targets(receiver, record.method, record.after)
        classes = any(label[0] in ("O", "Y") for label in receiver)
        entry = (receiver, stamp, tuple(found), classes, record)
        self._receiver_targets[id(record)] = entry
        targets.extend(found)
        return targets

    def receiver_targets(self, receiver: frozenset, method: str, after: Optional[str]) -> list:
        """The project functions (with the receiver marker) that calling ``method`` on a value
        holding ``receiver`` (settled labels) may run."""
        last = method.rsplit(".", 1)[-1]
        found: list = []
        calls_value = last == "__call__" and method == "__call__"
        if calls_value:
            found.extend(self.value_targets(receiver))
        kinds = ("O",) if calls_value else ("O", "Y")  # calling a class builds it (above)
        # sorted: the first target found names the path a finding shows
        classes = sorted(label[1] for label in receiver if label[0] in kinds)
        for cls in classes:
            for target in self.dispatch(cls, last, after):
                found.append((target, ("O", cls)))
            # a callable kept in a field: ``self.api_call = other.method``
            found.extend(self.value_targets(self.instance_field(cls, last)))
        return found

    def call_item(self, module: str, call_id, index) -> frozenset:
        """Part ``index`` of what a call returns: a position of its tuple (``text, usage =
        ask(q)``), ``(KEYED, key)`` an item of its dict (``describe(c)["text"]``), or ``(FILLS,
        key)`` what it puts into its argument ``key``."""
        if type(index) is tuple and index[0] == FILLS:
            return self.call_fills(self.calls[(module, call_id)], index[1])
        if type(index) is tuple:  # (KEYED, key)
            return self.returned_part(module, call_id, index, lambda fn: dict_item(fn, index[1]))
        return self.returned_part(module, call_id, index, lambda fn: tuple_position(fn, index))

    def returned_part(self, module: str, call_id, index, part_of: Callable) -> frozenset:
        """One part of what a call returns: what ``part_of`` says each project function the
        call may run returns there, with its parameters bound; the whole result when a function
        gives None (its returns have no such part) or the call runs none."""
        record = self.calls[(module, call_id)]
        targets = self.target_of(record)
        key = (module, call_id, index)
        if not targets or key in self._items_open:  # ``return self.inner.m()`` may be itself
            return self.call_result(module, call_id)
        positional, keywords = self.args_of(record)
        answers = []
        self._items_open.add(key)
        try:
            for qualname, receiver in targets:
                fn = self.functions[qualname][1]
                part = part_of(fn)
                if part is None:
                    return self.call_result(module, call_id)
                # what the whole return holds bounds the part (and its growth drops the memo)
                whole = self._read("ret", self.ret, qualname)
                item = self.norm(part, qualname) & whole
                bound = self.bind_returned(fn, item, positional, keywords, receiver)
                if self.inherited_by(fn, receiver):  # run for a subclass: what it returns there
                    bound &= self.call_result(module, call_id)
                answers.append(bound)
        finally:
            self._items_open.discard(key)
        return one_of(answers)

    def call_fills(self, record: CallRecord, key) -> frozenset:
        """What the project functions a call may run put into the container passed as its
        argument ``key`` (``out.append(x)`` on that parameter), with their parameters bound
        to the call's arguments."""
        out: set = set()
        positional, keywords = self.args_of(record)
        for qualname, receiver in self.target_of(record):
            fn = self.functions[qualname][1]
            param = self.key_param(fn, key, receiver)
            if param is None or param not in fn.fills:
                continue
            filled = self.norm(fn.fills[param], qualname)
            out |= self.bind_returned(fn, filled, positional, keywords, receiver)
        return frozenset(out)

    def call_result(self, module: str, call_id) -> frozenset:
        ctx = self.calls[(module, call_id)].function
        return self._guarded(self._call_memo.setdefault(ctx, {}), (module, call_id), self._call_key)

    def _call_key(self, key: tuple) -> frozenset:
        record = self.calls[key]
        # the late sinks a call meets are those of its latest evaluation, never an older one's
        self.late.pop((key[0], record.id), None)
        outer, self._ctx = self._ctx, record.function
        result = self._call_result(key[0], record)
        self._ctx = outer
        return result

    def _call_result(self, module: str, record: CallRecord) -> frozenset:
        positional, keywords = self.args_of(record)
        all_args = every_argument(positional, keywords)
        if record.callee is not None:
            resolved = self.resolve_qual(record.callee)
            if resolved is None and record.receiver:
                # not a project function: a method of an object a project module holds
                return self.method_result(module, record, positional, keywords, all_args)
            if resolved is None:
                return self.unknown_callee(module, record, all_args)
            if resolved[0] == "function":
                result = self.substitute(resolved[1], positional, keywords, None)
                forwarded = self._forwarded.get((module, record.id))
                if forwarded is not None:  # ``run(f, a)``: what ``f(a)`` returns
                    result = result | self.call_result(module, forwarded)
                return result
            if resolved[0] == "class":
                built = frozenset({("O", resolved[1])})
                return built | data(all_args) if self.shows_fields(resolved[1]) else built
            if resolved[0] == "global":
                value = self._read("globals", self.globals, resolved[1])
                held, answered = self.call_held(
                    module, record, value, positional, keywords, all_args
                )
                if answered:  # a module-level name bound to a function, a class, an API method
                    return held
                out = {lab for lab in value if lab[0] == "C"}
                for label in value:
                    if label[0] == "T":
                        spec = self.specs.types.get(label[1])
                        if spec and "__call__" in spec.method_returns:
                            out.add(("T", spec.method_returns["__call__"]))
                return frozenset(out) | data(all_args)
            return all_args
        return self.method_result(module, record, positional, keywords, all_args)

    @staticmethod
    def fallback(module: str, record: CallRecord) -> bool:
        """May an unresolved ``x.messages.create`` count as a Claude call here?"""
        return record.fallback

    def unknown_callee(self, module: str, record: CallRecord, all_args: frozenset) -> frozenset:
        """A call outside the project: guess a library type from the receiver's name."""
        if record.method and record.receiver_name:
            spec = self.guess_type(record.receiver_name, record.method)
            if spec is not None:
                self.late[(module, record.id)] = [(s, False) for s in spec.methods[record.method]]
            spec = spec or self.guess_type(record.receiver_name, None)
            if spec is not None and spec.fluent:
                return frozenset({("T", spec.name)})
        return data(all_args)  # a library's result: the data passed in, not the client

    def guess_type(self, name: str, method):
        """A library type whose usual receiver names match ``name`` (and has ``method``)."""
        key = (name, method)
        if key in self._guessed:  # the same few receiver names, every round
            return self._guessed[key]
        found = None
        for spec in self.specs.types.values():
            if method is not None and method not in spec.methods:
                continue
            if any(p.search(name) for p in spec.receiver_names):
                found = spec
                break
        self._guessed[key] = found
        return found

    def method_result(self, module, record, positional, keywords, all_args) -> frozenset:
        if record.forwarding and self.forwarded_away(record):
            return EMPTY  # what it returns is returned at the forwarder's callers
        specs = self.specs
        receiver = self.norm(record.receiver, record.function)
        last = record.method.rsplit(".", 1)[-1]
        out: set = set()
        late = []
        matched = False
        explained = False  # a project method answers for the result: its return, nothing else
        if record.method == "__call__":  # a call of a value: what it holds runs
            held, explained = self.call_held(
                module, record, receiver, positional, keywords, all_args
            )
            out |= held
            if not explained:  # a parameter declared ``Callable[[...], Settings]``
                returned = self.declared_returns(record)
                out |= returned
                explained = bool(returned)
            receiver = frozenset(lab for lab in receiver if lab[0] not in ("C", "Y"))
        markers = sorted((lab for lab in receiver if lab[0] in ("C", "T", "O", "Y")), key=repr)
        answered = False  # some marker knows the method (else the receiver's name may tell)
        answers: list = []  # what each project method the call may run returns
        for label in markers:
            if label[0] == "C":
                path = specs.client_method(label, record.method)
                source = specs.client_sources.get(label[1], {}).get(path)
                if source is not None:
                    matched = answered = True
                    if source.returns == "completion":
                        doubt = client_doubt(label)
                        out.add(claude_data("completion", module, record.ref, path, doubt))
                if last in specs.client_returns.get(label[1], ()):
                    out.add(label)
                    answered = True
            elif label[0] == "T":
                spec = specs.types.get(label[1])
                if spec is None:
                    continue
                if last == "__setitem__":
                    late.extend((sink, True) for sink in spec.subscript_sinks)
                for sink in spec.methods.get(last, []):
                    late.append((sink, False))
                answered = answered or last in spec.methods or last in spec.method_returns
                if last in spec.method_returns:
                    out.add(("T", spec.method_returns[last]))
                elif last in spec.methods:
                    explained = True  # the sink's answer: neither the client nor what was sent
                elif spec.fluent:
                    out.add(label)
            elif label[0] in ("O", "Y"):
                found = False
                receiver_object = ("O", label[1])
                for method in self.dispatch(label[1], last, record.after):
                    found = explained = True
                    answers.append(self.substitute(method, positional, keywords, receiver_object))
                # a callable kept in a field: ``self.api_call = other.method``
                held, held_found = self.call_held(
                    module,
                    record,
                    self.instance_field(label[1], last),
                    positional,
                    keywords,
                    all_args,
                )
                found = found or held_found
                explained = explained or found
                answered = answered or found
                out |= held
                if not found:  # a method the class inherits from a library type
                    for type_name in self.library_types(label[1]):
                        late.extend(
                            (sink, False) for sink in specs.types[type_name].methods.get(last, [])
                        )
        if not markers and self.fallback(module, record) and record.method in specs.fallback_paths:
            matched = True
            source = specs.fallback_paths[record.method]
            if source.returns == "completion":
                out.add(claude_data("completion", module, record.ref, record.method))
        elif not answered:  # no marker, or only markers that lack the method: guess by name
            if record.receiver_name:
                spec = self.guess_type(record.receiver_name, last)
                if spec is not None:
                    late.extend((sink, False) for sink in spec.methods[last])
                spec = spec or self.guess_type(record.receiver_name, None)
                if spec is not None and last in spec.method_returns and not markers:
                    out.add(("T", spec.method_returns[last]))
                    explained = True  # a query's rows, not its criteria
                elif spec is not None and spec.fluent and not markers:
                    out.add(("T", spec.name))
        out |= one_of(answers)
        if late:
            self.late[(module, record.id)] = late
        if matched:
            return frozenset(out)
        if not explained and last in specs.sanitizer_methods:
            return frozenset(out)  # a library's ``embed_query``: a vector, not the text
        if last in specs.opaque_methods:  # a project's ``embed`` too: its sinks ran, no text
            return frozenset(lab for lab in out if lab[0] in MARKERS)
        # a receiver that may also be a value not known here (a parameter's data, a string)
        # gets a library method's result for that part: its data and the arguments'
        if not explained and (not markers or not out or data(receiver)):
            if last in KEY_LOOKUPS:  # ``d.get(key, default)``: the key is not returned
                all_args = every_argument(positional[1:], keywords)
            if last in ITEM_READS:  # ``PROVIDERS.get(name)``, ``self.writers.values()``
                out |= self.items_read(record, receiver)
            out |= data(receiver) | data(all_args)
        return frozenset(out)

    def items_read(self, record: CallRecord, receiver: frozenset) -> frozenset:
        """The items that ``record`` (a ``get``, ``pop``, ``values`` or ``items`` call) reads
        of the dict display its receiver holds: a module-level name's (``WRITERS.values()``)
        or an object's field's (``self.writers.values()``, ``receiver`` settled)."""
        if record.method in ITEM_READS:
            return self.container_items(record.receiver, record.function)
        path = record.method.rsplit(".", 1)[0]
        if "." in path:
            return EMPTY
        fields = frozenset(("F", label[1], path) for label in receiver if label[0] == "O")
        return self.container_items(fields, record.function) if fields else EMPTY

    def container_items(self, base: frozenset, ctx: str, key: Optional[str] = None):
        """The items, objects included, of a module-level dict display (``PROVIDERS =
        {"claude": Claude(), ...}``, kept as ``NAME[key]`` and ``NAME[*]``) or of a field
        written with one (its keyed pseudo-fields), that ``base`` (unsettled labels of
        ``ctx``) reads under ``key`` (None: a key not known): what ``PROVIDERS[name]`` or
        ``self.providers.get(name)`` gives, where the dict read whole holds only its values'
        data."""
        out: set = set()
        for label in ordered(base):
            if label[0] == "G":
                place = keyed_name(label[1], UNKNOWN_KEY if key is None else key)
                out |= self._read("globals", self.globals, place)
            elif label[0] == "F" and len(label) == 3 and self.keyed.is_keyed(label[2]):
                known = self.keyed.keys[label[2]]
                for each in (UNKNOWN_KEY, *sorted(known if key is None else {key} & known)):
                    out |= self.field(label[1], keyed_name(label[2], each))
        return frozenset(out)

    def substitute(self, qualname, positional, keywords, receiver) -> frozenset:
        fn = self.functions[qualname][1]
        returns = self._read("ret", self.ret, qualname)
        if self.inherited_by(fn, receiver):
            inherited = self.inherited_return(qualname, receiver[1])
            returns = returns if inherited is None else inherited
        return self.bind_returned(fn, returns, positional, keywords, receiver)

    def bind_returned(self, fn, returns: frozenset, positional, keywords, receiver) -> frozenset:
        """``returns`` (settled labels of ``fn``) with its parameters bound to the arguments."""
        out: set = set()
        for label in ordered(returns):
            if label[0] == "P":
                out |= self.bind(fn, label[1], positional, keywords, receiver)
            elif label[0] == "D":  # the data of a parameter: not the client passed for it
                for name in param_names(label[1]):
                    out |= data(self.bind(fn, name, positional, keywords, receiver))
            else:
                out.add(label)
        return frozenset(out)

    def inherited_return(self, qualname: str, cls: str) -> Optional[frozenset]:
        """What an inherited method returns when it runs on an instance of ``cls``: its calls
        on ``self`` run ``cls``'s overrides, not every subclass's (``Backend.ask`` calling
        ``self._complete`` on an ``EchoBackend``). None when ``cls`` overrides none of them."""
        fn = self.functions[qualname][1]
        own_calls = self.overridden_calls(qualname, cls)
        if not own_calls:
            return None
        out: set = set()
        for label in ordered(fn.returns):
            out |= self._on_receiver(label, qualname, own_calls, cls)
        return few_sources(frozenset(out))

    def inherited_by(self, fn: FunctionSummary, receiver) -> bool:
        """Is method ``fn`` one that the receiver's class (a project object ``O`` label)
        inherits from a base, rather than its own or an override reached through a stub?"""
        if receiver is None or receiver[0] != "O" or not fn.cls or fn.cls == receiver[1]:
            return False
        return fn.cls in self.mro(receiver[1])

    def overridden_calls(self, qualname: str, cls: str) -> dict:
        """The calls in method ``qualname`` that run something else on an instance of ``cls``
        than on one of the method's own class, by call key, each moved to the receiver it has
        there: a call on ``self`` that ``cls`` overrides or whose callable field ``cls`` fills
        otherwise (``self.api_call = self._ask`` in each subclass), and a call on a field of
        ``self`` that ``cls`` fills otherwise (``self.cache.get()`` where each subclass's
        ``__init__`` builds its own cache)."""
        fn = self.functions[qualname][1]
        owner = ("O", fn.cls)
        found = {}
        for key in self.calls_in.get(qualname, ()):
            record = self.calls[key]
            if not record.method or record.after is not None:
                continue
            if owner in record.receiver:
                if self.runs_otherwise(fn.cls, cls, record.method):
                    found[key] = replace(record, receiver=frozenset({("O", cls)}))
                continue
            moved = self.on_own_field(record, fn.cls, cls)
            if moved is not None:
                found[key] = moved
        return found

    def runs_otherwise(self, base: str, cls: str, method: str) -> bool:
        """Does ``self.method()`` run something else on an instance of ``cls`` than on one of
        ``base``: another override, or another callable kept in a field of that name?"""
        if self.dispatch(cls, method) != self.dispatch(base, method):
            return True
        if method not in self._field_owners:
            return False
        return callables(self.instance_field(cls, method)) != callables(
            self.instance_field(base, method)
        )

    def on_own_field(self, record: CallRecord, base: str, cls: str) -> Optional[CallRecord]:
        """``record``, a call on a field of ``self`` in a method of ``base``, moved to what that
        field holds on an instance of ``cls``; None when that is what it holds on ``base``."""
        fields = [lab for lab in record.receiver if lab[0] == "F" and lab[1] == base]
        if not fields:
            return None
        receiver = set(record.receiver)
        moved = False
        for label in fields:
            attr = label[2]
            held = self.instance_field(cls, attr)
            if held == self.instance_field(base, attr):
                continue
            moved = True
            receiver.discard(label)
            receiver |= self.metadata_field(attr, held | self.bound_methods(cls, attr))
        return replace(record, receiver=frozenset(receiver)) if moved else None

    def overridden_by(self, record: CallRecord, target: FunctionSummary) -> dict:
        """When ``record`` is a call on ``self`` in an inherited method that reaches the
        override ``target`` of a subclass: the calls on ``self`` there that the subclass
        overrides (else empty)."""
        caller = self.functions.get(record.function)
        if caller is None or not self.inherited_by(caller[1], ("O", target.cls)):
            return {}
        if ("O", caller[1].cls) not in record.receiver:
            return {}
        return self.overridden_calls(record.function, target.cls)

    def target_prompt(
        self, qualname: str, receiver, key, depth: int = 0, how: str = "any", suffix=None
    ) -> frozenset:
        """The prompt data argument ``key`` becomes when passed to ``qualname`` called on
        ``receiver``: an inherited method sends it to Claude only through the overrides that
        the receiver's class runs.

        ``how`` says what of the argument is asked about: "whole" (the value passed: prompt
        data when the callee sends the parameter whole; with ``suffix``, the part at that
        access path, also when the callee sends that part), "inside" or "any" (when the
        callee sends the parameter or any part of it)."""
        fn = self.functions[qualname][1]
        param = self.key_param(fn, key, receiver)
        if param is None:
            return EMPTY
        if isinstance(key, str) and param != key and param == fn.kwarg:
            suffix = f"[{key!r}]" + (suffix or "")  # an item of the callee's ``**kwargs``
        whole = self._read("prompt", self._prompt_flat, (qualname, param), None) or EMPTY
        if whole and self.inherited_by(fn, receiver):
            own_calls = self.overridden_calls(qualname, receiver[1])
            if own_calls and depth <= MAX_INHERITED_DEPTH:
                labels = fn.prompt_params.get(param, EMPTY)
                whole = self.prompts_on(labels, qualname, receiver[1], own_calls, depth)
        if how == "whole" and suffix is None:
            return whole
        out = set(whole)
        for part in fn.prompt_parts.get(param, ()):
            if suffix is None or overlaps(part, suffix):
                out |= self._read("prompt-part", self._prompt_parts, (qualname, param, part))
        return few_sources(frozenset(out))

    def prompts_on(self, labels, qualname: str, cls: str, own_calls: dict, depth: int = 0):
        """The Claude prompts that backward labels of method ``qualname`` stand for when it
        runs on an instance of ``cls`` (its calls on ``self`` run ``cls``'s overrides)."""
        out: set = set()
        for label in ordered(labels):
            record = own_calls.get((label[1], label[2])) if label[0] == "Q" else None
            if record is None:
                out |= self.prompts_in(frozenset({label}), qualname)
                continue
            receiver = self.norm(record.receiver, qualname)
            for method, bound in self.receiver_targets(receiver, record.method, None):
                out |= self.target_prompt(method, bound, label[3], depth + 1)
        return few_sources(frozenset(out))

    def prompts_in(self, labels: frozenset, ctx: str) -> frozenset:
        """The Claude prompts that backward labels of function ``ctx`` resolve to."""
        return frozenset(
            lab for lab in self.norm(labels, ctx) if lab[0] == "S" and lab[1] == "prompt"
        )

    def on_receiver_args(self, labels: frozenset, ctx: str, cls: str, own_calls: dict):
        """Arguments of a call on ``self`` in inherited method ``ctx``, as they are when it runs
        on an instance of ``cls``: its locals are prompt data only through ``cls``'s overrides."""
        plain = frozenset(lab for lab in labels if lab[0] not in ("V", "D"))
        out = set(self.norm(plain, ctx))
        fn = self.functions[ctx][1]
        for label in ordered(labels):
            if label[0] == "V":
                uses = prompt_labels_of(fn.prompt_vars, label[1])
                uses = uses_on_path(uses, label, self.functions[ctx][0])
                out |= self.prompts_on(uses, ctx, cls, own_calls)
            elif label[0] == "D":
                out |= data(self.on_receiver_args(label[1], ctx, cls, own_calls))
        return frozenset(out)

    def _on_receiver(self, label: tuple, qualname: str, own_calls: dict, cls: str) -> frozenset:
        """``label`` of inherited method ``qualname``, with its calls on ``self`` run on ``cls``."""
        kind = label[0]
        if kind == "K" and (label[1], label[2]) in own_calls:
            moved = own_calls[(label[1], label[2])]
            positional = [self.on_receiver_args(a, qualname, cls, own_calls) for a in moved.args]
            keywords = {
                k: self.on_receiver_args(v, qualname, cls, own_calls) for k, v in moved.kwargs
            }
            kept_late = self.late.get((label[1], moved.id))
            all_args = every_argument(positional, keywords)
            result = self.method_result(label[1], moved, positional, keywords, all_args)
            if kept_late is None:
                self.late.pop((label[1], moved.id), None)
            else:
                self.late[(label[1], moved.id)] = kept_late
            return result
        if kind not in ("D", "A"):
            return self.norm(frozenset({label}), qualname)
        inner: set = set()
        for nested in ordered(label[1]):
            inner |= self._on_receiver(nested, qualname, own_calls, cls)
        return data(frozenset(inner)) if kind == "D" else self.attribute(frozenset(inner), label[2])

    def bind(self, fn: FunctionSummary, param: str, positional, keywords, receiver) -> frozenset:
        """The labels the caller passes for ``param``."""
        params = call_params(fn, receiver)
        if len(params) < len(fn.params) and param == fn.params[0]:
            return frozenset({receiver})
        if param in keywords:
            return keywords[param]
        if param in params:
            index = params.index(param)
            if index < len(positional):
                return positional[index]
            return keywords.get("**", EMPTY)
        if param == fn.vararg:  # and what a ``*`` argument spreads (``Toolbox(*tools)``)
            extra: set = set(keywords.get(STAR, EMPTY))
            for item in positional[len(params) :]:
                extra |= item
            return frozenset(extra)
        if param == fn.kwarg:
            extra = set()
            for name, item in keywords.items():
                if name not in params:
                    extra |= item
            return frozenset(extra)
        return EMPTY

    def key_param(self, fn: FunctionSummary, key, receiver) -> Optional[str]:
        params = call_params(fn, receiver)
        if isinstance(key, int):
            if key < len(params):
                return params[key]
            return fn.vararg or None
        if key in params:
            return key
        return fn.kwarg or None

    def _attribute_label(self, key: tuple) -> frozenset:
        label, ctx = key
        attr = label[2]
        sites = {lab: self.built_here(lab, ctx, attr) for lab in label[1] if lab[0] == "K"}
        sites = {lab: cls for lab, cls in sites.items() if cls is not None}
        if base_name(attr) == ITEM:  # ``PROVIDERS[name]``: an item of a dict display it holds
            items = self.container_items(label[1], ctx, key_of(attr))
            if items:
                return self.attribute(self.norm(label[1], ctx), attr) | items
        if not sites:
            return self.attribute(self.norm(label[1], ctx), attr)
        out = set(self.attribute(self.norm(label[1] - frozenset(sites), ctx), attr))
        for site in ordered(frozenset(sites)):
            out |= self.site_field(site, sites[site], attr)
        return frozenset(out)

    def built_here(self, label: tuple, ctx: str, attr: str) -> Optional[str]:
        """The project class that call ``label`` of function ``ctx`` builds, when its field
        ``attr`` is a plain field of that class (not a property, a method or unknown)."""
        record = self.calls.get((label[1], label[2]))
        if record is None or record.callee is None or record.function != ctx or len(label) > 3:
            return None
        resolved = self.resolve_qual(record.callee)
        if not resolved or resolved[0] != "class":
            return None
        cls = resolved[1]
        if attr in self._property_names or self.method(cls, attr) is not None:
            return None
        return cls if self.known_attribute(cls, attr) else None

    def write_site(self, label: tuple, writer: str, attr: str) -> Optional[tuple]:
        """The construction call, in ``writer``, of the one object a write ``x.attr = ...``
        fills, when ``x`` (``label``) is the object that call built."""
        if label[0] != "K" or self.built_here(label, writer, attr) is None:
            return None
        return label

    def site_field(self, site: tuple, cls: str, attr: str) -> frozenset:
        """Field ``attr`` of the object that call ``site`` (a ``K`` label) builds: what its
        constructor stores from the arguments of this call, what is written to that object
        right after, and what the field gets elsewhere (methods, writes through other values,
        a base's ``__init__``), not what other construction sites pass."""
        self.field(cls, attr)  # the memo depends on every field of this name
        record = self.calls[(site[1], site[2])]
        out: set = set(self.site_writes.get((site, attr), EMPTY))
        positional, keywords = self.args_of(record)
        receiver = ("O", cls)
        init = self.method(cls, "__init__")
        if init is None:  # declared fields (a dataclass, a model): bound from the arguments
            names = self.declared_fields(cls)
            if attr in names:
                index = names.index(attr)
                if index < len(positional):
                    out |= positional[index]
                out |= keywords.get(attr, EMPTY)
        for owner in self.mro(cls):
            out |= self.shared_fields.get((owner, attr), EMPTY)
            for labels, writer in self._init_writes.get((owner, attr), ()):
                if writer != init:  # a base's ``__init__`` reached through ``super()``
                    out |= self.with_param_data(self.norm(labels, writer), writer)
                    continue
                fn = self.functions[init][1]
                for label in ordered(labels):
                    if label[0] == "P":
                        out |= self.bind(fn, label[1], positional, keywords, receiver)
                    elif label[0] == "D":
                        for name in param_names(label[1]):
                            out |= data(self.bind(fn, name, positional, keywords, receiver))
                        others = frozenset(lab for lab in label[1] if lab[0] != "P")
                        out |= data(self.with_param_data(self.norm(others, writer), writer))
                    else:
                        out |= self.with_param_data(self.norm(frozenset({label}), writer), writer)
        return frozenset(out)

    def _prompt_part_label(self, key: tuple) -> frozenset:
        use, suffix = key
        return self.prompt_if(use[1], use[2], use[3], "whole", suffix)

    def _prompt_if_label(self, label: tuple) -> frozenset:
        how = label[4] if len(label) > 4 else "any"
        return self.prompt_if(
            label[1], label[2], label[3], how, label[5] if len(label) > 5 else None
        )

    def prompt_if(self, module: str, call_id: int, key, how: str = "any", suffix=None):
        record = self.calls.get((module, call_id))
        if record is None:
            return EMPTY
        ref = record.ref
        if record.callee is None or self.resolve_qual(record.callee) is None:
            receiver = self.norm(record.receiver, record.function)
            for label in ordered(receiver):
                if label[0] == "C":
                    path = self.specs.client_method(label, record.method)
                    source = self.specs.client_sources.get(label[1], {}).get(path)
                    if source is not None and self._takes(source.prompt, key):
                        doubt = client_doubt(label)
                        return frozenset({claude_data("prompt", module, ref, path, doubt)})
            if not any(lab[0] in ("C", "T", "O") for lab in receiver) and self.fallback(
                module, record
            ):
                source = self.specs.fallback_paths.get(record.method)
                if source is not None and self._takes(source.prompt, key):
                    return frozenset({claude_data("prompt", module, ref, record.method)})
        # every target that may run: a union, so the answer only grows as the tables do
        found: set = set()
        for qualname, receiver in self.target_of(record):
            if self.guard_unset(qualname, record, receiver):
                continue  # ``count_tokens(text)``: without the flag it returns before it sends
            found |= self.target_prompt(qualname, receiver, key, 0, how, suffix)
        return few_sources(frozenset(found))

    def guard_unset(self, qualname: str, record: CallRecord, receiver) -> bool:
        """Does ``record`` pass nothing for the flag (``FunctionSummary.prompt_guard``) without
        which ``qualname`` returns before it sends anything?"""
        module, fn = self.functions[qualname]
        flag = fn.prompt_guard
        if not flag or record.spreads or record.spread:
            return False
        slots = GuardSlots(call_params(fn, receiver), record, fn.literal_defaults)
        if slots.unknown or slots.slot(flag) not in (None, MISSING):
            return False
        return not any(self.may_send(self.calls.get((module, ident))) for ident in fn.before_guard)

    def may_send(self, record: Optional[CallRecord]) -> bool:
        """May call ``record`` reach Claude: a project function, a Claude client's method or
        a call the catalog takes for a source whatever its receiver?"""
        if record is None:
            return False
        if self.target_of(record) or record.fallback:
            return True
        return any(lab[0] == "C" for lab in self.norm(record.receiver, record.function))

    @staticmethod
    def _takes(spec, key) -> bool:
        return spec.takes_position(key) if isinstance(key, int) else spec.takes_keyword(key)

    # ---- the fixpoint ------------------------------------------------------------------------
    def settle(self, on_round: Optional[Callable[[int], None]] = None) -> None:
        """Iterate the tables to their fixpoint; ``on_round(n)`` hears of each round.

        Functions are visited callees first and every table is updated in place (Gauss-Seidel),
        so most values settle in the first round; the memo is dropped only when a table grows,
        which keeps a round that changes nothing cheap.
        """
        self._order = self._callees_first()
        # Early rounds see calls whose receiver is not known yet (a field that a later round
        # fills) and let such a call pass its arguments to its result, as a library call does.
        # The tables only grow, so that guess would stay. So a first fixpoint finds the values
        # (objects, classes, functions, clients), without the backward prompt flow, and the
        # second settles again from those values alone: every call meets its known receivers.
        self._values_only = True
        rounds = self._fixpoint(on_round, 0)
        self._values_only = False
        self._restart(self._value_seeds())
        self._fixpoint(on_round, rounds)
        # One last pass so that late events reflect the final tables: a call last evaluated
        # before a table it reads grew has lost its memo (see _grow) and runs again now.
        for key in self.calls:
            self.call_result(*key)

    def _fixpoint(self, on_round: Optional[Callable[[int], None]], done: int) -> int:
        """Run rounds until no table grows (or the limit); the number of the last round."""
        number = done
        for number in range(done + 1, done + MAX_ROUNDS + 1):
            if on_round is not None:
                on_round(number)
            self._grew = False
            self._round()
            if not self._grew:
                break
        if self._grew:  # the round limit was hit, so the memos may lag the tables: start afresh
            self._invalidate()
            self.late.clear()
        return number

    def _value_tables(self) -> tuple:
        return (
            self.ret,
            self.globals,
            self.fields,
            self.shared_fields,
            self.site_writes,
            self.param_in,
        )

    def _value_seeds(self) -> list:
        """What each value table holds of objects, classes, functions and clients (not data)."""
        seeds = []
        for table in self._value_tables():
            kept = {}
            for key, labels in table.items():
                values = frozenset(label for label in labels if label[0] in SEEDS)
                if values:
                    kept[key] = values
            seeds.append(kept)
        return seeds

    def _restart(self, seeds: list) -> None:
        """Empty every table but for ``seeds`` (one dict per value table), and every memo."""
        for table, kept in zip(self._value_tables(), seeds):
            table.clear()
            table.update(kept)
        for table in (
            self.prompt_params,
            self.late,
            self._prompt_flat,
            self._prompt_parts,
            self._prompt_fields,
            self._prompt_places,
            self._provisional,
            self._scratch,
            self._scratch_by_root,
        ):
            table.clear()
        self._cycle_roots.clear()
        self._field_owners.clear()
        self._receiver_targets.clear()  # the fields start again
        for cls, attr in self.fields:
            self._field_owners.setdefault(attr, set()).add(cls)
        self._invalidate()

    def _grow_prompt_fields(self, qualname: str, fn) -> None:
        """Fields of ``self`` that method ``qualname`` sends whole (``messages=self.history``,
        ``self.turns[-5:]``), not those of which it sends a part (``self.config.system``)."""
        for path, labels in fn.prompt_vars.items():
            attr = own_field_sent(path)
            if attr is not None:
                resolved = self.prompts_in(labels, qualname)
                self._grow("prompt-fields", self._prompt_fields, (fn.cls, attr), resolved)
                continue
            nested = nested_field_sent(path)  # ``self.state.prompt``: the state's field
            if nested is None:
                continue
            resolved = self.prompts_in(labels, qualname)
            if not resolved:
                continue
            for held in self.objects_in_field(fn.cls, nested[0]):
                key = (held, nested[1])
                self._grow("prompt-fields", self._prompt_fields, key, resolved)

    def is_state(self, qualified: str) -> bool:
        """Is ``qualified`` program state: a module-level container of a project module, or
        the library module that holds a shared store (``streamlit``)?"""
        if holds_store(qualified, self.specs.shared_state):
            return True
        module, _, name = qualified.rpartition(".")
        summary = self.modules.get(module)
        return summary is not None and name in summary.state_vars

    def _grow_result_fields(self, qualname: str, fn) -> None:
        """``conv.for_api()`` sent: the pseudo-field ``for_api()`` of the classes ``conv`` may
        be is a prompt field, so what that method returns is prompt data (note_method_return)."""
        for key, receiver in fn.result_receivers.items():
            prompts = self.prompts_in(fn.prompt_vars.get(key, EMPTY), qualname)
            if not prompts:
                continue
            method = key.rsplit(".", 1)[1]
            for label in ordered(self.norm(receiver, qualname)):
                if label[0] == "O":
                    self._grow("prompt-fields", self._prompt_fields, (label[1], method), prompts)

    def _grow_prompt_places(self, qualname: str, fn) -> None:
        """Module-level places (globals, shared stores' keys) that ``qualname`` sends, whole or
        in part (``INSIDE``)."""
        stores = self.specs.shared_state
        for path, labels in fn.prompt_vars.items():
            inside = path.startswith(INSIDE)
            read = path[len(INSIDE) :] if inside else path
            place = global_place(read, fn.global_roots, stores)
            if place is not None and self.is_state(fn.global_roots[path_root(read)]):
                key = INSIDE + place if inside else place
                resolved = self.prompts_in(labels, qualname)
                self._grow("prompt-places", self._prompt_places, key, resolved)

    def _grow_sent_fields(self, qualname: str, param: str, part: str, prompts) -> None:
        """``job.task`` sent, where parameter ``job`` holds objects of project classes: field
        ``task`` of those classes is a prompt field (what their methods write there is sent)."""
        attr = part[1:]
        if not part.startswith(".") or not attr.isidentifier():
            return
        for label in self._read("param_in", self.param_in, (qualname, param)):
            if label[0] == "O":
                self._grow("prompt-fields", self._prompt_fields, (label[1], attr), prompts)

    def _invalidate(self) -> None:
        self._memo.clear()
        self._call_memo.clear()
        self._deps.clear()

    def _grow(self, name: str, table: dict, key, value: frozenset) -> None:
        """Add to a table entry; forget the memos of the contexts that read it."""
        old = table.get(key, EMPTY)
        if value and not value <= old:
            grown = few_sources(old | value)
            if grown == old:
                return
            table[key] = grown
            self._grew = True
            stale = self._deps.pop((name, key), set())
            if name in ("fields", "shared-fields"):  # readers depend on the field's name
                stale = stale | self._deps.pop(("field-name", key[1]), set())
            if name == "fields":
                self._field_owners.setdefault(key[1], set()).add(key[0])
                self._field_stamps[key[1]] = self._field_stamps.get(key[1], 0) + 1
            for ctx in stale:
                for dropped in (ctx, *self._nested_in.get(ctx, ())):
                    self._memo.pop(dropped, None)
                    self._call_memo.pop(dropped, None)

    def static_targets(self, record: CallRecord) -> list:
        """The project functions a call may reach, known without values: the resolved callee
        (a class means its ``__init__``), or for a method call every method of that name."""
        if self._by_method is None:
            self._by_method = {}
            for qualname in self.functions:
                self._by_method.setdefault(qualname.rsplit(".", 1)[-1], []).append(qualname)
        resolved = None if record.callee is None else self.resolve_qual(record.callee)
        if resolved is None:
            if record.callee is None or record.receiver:
                return self._by_method.get(record.method.rsplit(".", 1)[-1], [])
            return []
        if resolved[0] == "class":
            init = self.method(resolved[1], "__init__")
            return [init] if init else []
        return [resolved[1]] if resolved[0] == "function" else []

    def _callees_first(self) -> list:
        """Function names in depth-first post-order of the (statically known) call graph."""
        edges: dict[str, set] = {}
        for record in self.calls.values():
            edges.setdefault(record.function, set()).update(self.static_targets(record))
        order: list = []
        seen: set = set()
        for root in self.functions:
            if root in seen:
                continue
            seen.add(root)
            stack = [(root, iter(sorted(edges.get(root, ()))))]
            while stack:
                node, children = stack[-1]
                child = next(children, None)
                if child is None:
                    stack.pop()
                    order.append(node)
                elif child not in seen and child in self.functions:
                    seen.add(child)
                    stack.append((child, iter(sorted(edges.get(child, ())))))
        return order

    def _round(self) -> None:
        for qualname in self._order:
            fn = self.functions[qualname][1]
            self._grow("ret", self.ret, qualname, self.norm(fn.returns, qualname))
            if not self._values_only:
                self._grow_prompts(qualname, fn)
        self._grow_values()

    def _grow_prompts(self, qualname: str, fn) -> None:
        """The backward prompt flow of one function: its prompt parameters and the fields and
        module-level places it sends."""
        for param, labels in fn.prompt_params.items():
            resolved = self.prompts_in(labels, qualname)
            self._grow("prompt", self._prompt_flat, (qualname, param), resolved)
            if resolved:
                table = self.prompt_params.setdefault(qualname, {})
                table[param] = self._prompt_flat[(qualname, param)]
        if fn.cls is not None:
            self._grow_prompt_fields(qualname, fn)
        if fn.global_roots:
            self._grow_prompt_places(qualname, fn)
        if fn.result_receivers:
            self._grow_result_fields(qualname, fn)
        for param, parts in fn.prompt_parts.items():
            for part, labels in parts.items():
                resolved = self.prompts_in(labels, qualname)
                key = (qualname, param, part)
                self._grow("prompt-part", self._prompt_parts, key, resolved)
                if resolved:  # the parameter holds prompt data: a sink there reports it
                    table = self.prompt_params.setdefault(qualname, {})
                    table[param] = table.get(param, EMPTY) | self._prompt_parts[key]
                    self._grow_sent_fields(qualname, param, part, resolved)

    def _grow_values(self) -> None:
        """Globals, fields and the parameters whose callers' values matter."""
        method_fills: list = []  # (class, attr, value, writer) of ``self.attr.add(x)``
        for summary in self.modules.values():
            for name, labels in summary.globals.items():
                key = f"{summary.name}.{name}"
                self._grow("globals", self.globals, key, concrete(self.norm(labels, summary.name)))
            for key, labels, writer in summary.shared_writes:  # ``st.session_state.x = ...``,
                # or a module's container that a function fills with a parameter
                value = self.with_param_data(self.norm(labels, writer), writer)
                self._grow("globals", self.globals, key, concrete(value))
            for cls, attr, labels, writer in summary.field_writes:
                value = self.with_param_data(self.norm(labels, writer), writer)
                if not isinstance(cls, str) and cls[0] == METHOD_FILL:
                    method_fills.append((cls[1], attr, value, writer))
                    continue
                site = None
                unkeyed = (
                    self.keyed.is_keyed(attr)
                    and (cls, attr, labels, writer) not in self.keyed.plain_writes
                )
                if isinstance(cls, str):
                    classes = [cls]
                elif cls[0] == "fill":
                    classes, attr = self.fill_targets(cls[1], attr, writer)
                else:
                    classes = self.write_targets(cls[1], attr, writer)
                    site = self.write_site(cls[1], writer, attr)
                shared = not (isinstance(cls, str) and writer == f"{cls}.__init__")
                for owner in classes:
                    self._grow_field(owner, attr, value, unkeyed, site, shared)
            for write in summary.keyed_field_writes:
                self._grow_keyed_field(*write)
        for cls, attr, value, writer in method_fills:  # after the fields' other writes
            if not library_object(self.field(cls, attr)):  # ``self.items.add(x)``: a container
                unkeyed = self.keyed.is_keyed(attr)
                self._grow_field(cls, attr, value, unkeyed, None, writer != f"{cls}.__init__")
        for record, cls, names in self.constructions():
            self._bind_fields(record, cls, names)
        self._grow_extra_positionals()
        needed = self.needed_params()
        for record in self.calls.values():
            if not self._may_target_needed(record, needed):
                continue
            targets = self.target_of(record)
            raw_keywords = dict(record.kwargs)
            for qualname, receiver in targets:
                fn = self.functions[qualname][1]
                own_calls = self.overridden_by(record, fn)
                if fn.kwarg and fn.kwarg in needed.get(qualname, ()):
                    self._grow_kwargs_items(record, fn, qualname, receiver)
                for param in needed.get(qualname, ()):
                    raw = self.bind(fn, param, record.args, raw_keywords, receiver)
                    if self.bound_by_splat(fn, param, record.args, raw_keywords, receiver):
                        raw = self.splat_item(record, fn, param, raw, receiver)
                    if own_calls:  # ``self.m(x)`` in a base, running a subclass's override
                        value = self.on_receiver_args(raw, record.function, fn.cls, own_calls)
                    else:
                        value = self.norm(raw, record.function)
                    value = self.with_param_data(value, record.function)
                    self._grow_param(qualname, param, value)
        for qualname, param, labels in self._defaults:  # what a call passing nothing gets
            if param in needed.get(qualname, ()):
                self._grow_param(qualname, param, self.norm(labels, qualname))

    def _grow_param(self, qualname: str, param: str, value: frozenset) -> None:
        """What a call passes for ``param`` of ``qualname``. A parameter named for metadata
        (``model``, ``request_id``: a catalog name itself, not only its suffix) gets the
        objects passed there, not Claude data: a model's name read from a conversation is not
        what it says."""
        if self.specs.metadata.named(param):
            value = frozenset(label for label in value if label[0] != "S")
        self._grow("param_in", self.param_in, (qualname, param), value)

    def _grow_field(self, owner, attr, value, unkeyed: bool, site, shared: bool) -> None:
        """A write of ``value`` to field ``attr`` of class ``owner``: under keys not known
        too when the field holds a keyed dict (``unkeyed``), and for the one object built at
        ``site`` (``obj = Cls(...)`` then ``obj.attr = ...``) or, when ``shared``, for every
        object (anything but the class's own ``__init__``)."""
        self._grow("fields", self.fields, (owner, attr), value)
        if unkeyed:
            self._grow("fields", self.fields, (owner, keyed_name(attr, UNKNOWN_KEY)), value)
        if site is not None:
            self._grow("shared-fields", self.site_writes, (site, attr), value)
        elif shared:
            self._grow("shared-fields", self.shared_fields, (owner, attr), value)

    def _grow_kwargs_items(self, record: CallRecord, fn, qualname: str, receiver) -> None:
        """What a call passes into ``fn``'s ``**kwargs``, key by key: each keyword under its
        name, the call's own ``**`` part under the unknown key."""
        params = call_params(fn, receiver)
        items = {name: labels for name, labels in record.kwargs if name not in params}
        sources = record.splat_sources
        if "**" in items and sources:  # a copy of a field: its keys go under their names
            items["**"] = (items["**"] - sources) | self.keyed.copied(sources, UNKNOWN_KEY)
            for source in sources:
                for name in self.keyed.keys.get(source[2], ()):
                    if name not in params:
                        copied = self.keyed.copied(frozenset({source}), name)
                        items[name] = items.get(name, EMPTY) | copied
        for name, labels in items.items():
            key = keyed_name(fn.kwarg, UNKNOWN_KEY if name == "**" else name)
            value = self.with_param_data(self.norm(labels, record.function), record.function)
            self._grow("param_in", self.param_in, (qualname, key), value)

    def splat_item(self, record: CallRecord, fn, param: str, raw: frozenset, receiver):
        """What a call's ``*``/``**`` part (``raw``) gives ``param``, which nothing else
        fills: a copied keyed field's item of that name (``f(**dict(self.options))``), the
        caller's own ``*args`` only within as many places as its callers give extra, and of
        the caller's own ``**kwargs`` (``super().__init__(**kwargs)``) what its callers passed
        under that name or under unknown keys."""
        if record.splat_sources:
            raw = self.keyed.spread(raw, record.splat_sources, param)
        if record.spread and not self.spread_reaches(record, fn, param, receiver):
            raw = raw - record.spread
        caller = self.functions.get(record.function)
        kwarg = caller[1].kwarg if caller is not None else ""
        whole = ("P", kwarg)
        if not kwarg or whole not in raw:
            return raw
        if kwarg not in self.needed_params().get(record.function, ()):
            return raw  # its items are not tracked
        items = {("P", keyed_name(kwarg, param)), ("P", keyed_name(kwarg, UNKNOWN_KEY))}
        return (raw - {whole}) | items

    def _grow_extra_positionals(self) -> None:
        """How many positional arguments beyond its parameters each function that spreads
        its own ``*args`` gets from its callers, as far as the calls known so far tell."""
        if not self._spreading:
            return
        names = {q.rsplit(".", 1)[-1] for q in self._spreading} | {"__init__", "__call__"}
        for record in self.calls.values():
            if record.callee is None:
                if record.method.rsplit(".", 1)[-1] not in names:
                    continue
            elif self.names_function(record) and self._spreading.isdisjoint(
                self.static_targets(record)
            ):  # its one target is known without values, and spreads nothing
                continue
            for qualname, receiver in self.target_of(record):
                if qualname not in self._spreading:
                    continue
                old = self._extra_positionals.get(qualname, 0)
                if old is None:
                    continue
                if record.spreads:
                    new = None
                else:
                    fn = self.functions[qualname][1]
                    new = max(old, len(record.args) - len(call_params(fn, receiver)))
                if new != old:
                    self._extra_positionals[qualname] = new
                    self._grew = True

    def names_function(self, record: CallRecord) -> bool:
        """Does the call name a project function or class (its target needs no values)?"""
        resolved = None if record.callee is None else self.resolve_qual(record.callee)
        return resolved is not None and resolved[0] in ("function", "class")

    def spread_reaches(self, record: CallRecord, fn: FunctionSummary, param: str, receiver) -> bool:
        """Can the caller's own ``*args`` spread at ``record`` fill ``param`` of ``fn``, which
        only the ``*``/``**`` part fills? Only a positional parameter within as many places as
        the caller's callers give extra."""
        extra = self._extra_positionals.get(record.function, 0)
        if extra is None:
            return True
        params = call_params(fn, receiver)
        return param in params and params.index(param) < len(record.args) + extra

    def _grow_keyed_field(self, cls, attr, labels, keys, sources, writer) -> None:
        """A dict with known keys written to a field: each key's value goes to the field's
        pseudo-field for that key, and a copied field's keys to the same keys."""
        if isinstance(cls, str):
            classes = [cls]
        else:
            classes = self.write_targets(cls[1], attr, writer)
        values = {}
        for key, held in keys.items():
            if key is None:
                held = held - sources
                key = UNKNOWN_KEY
            values[key] = values.get(key, EMPTY) | held
        for key in (UNKNOWN_KEY, *sorted(self.keyed.keys.get(attr, ()))):
            values[key] = values.get(key, EMPTY) | self.keyed.copied(sources, key)
        for key, held in values.items():
            value = self.with_param_data(self.norm(held, writer), writer)
            for owner in classes:
                self._grow("fields", self.fields, (owner, keyed_name(attr, key)), value)

    def fill_targets(self, field: tuple, attr: str, writer: str) -> tuple[list, str]:
        """Where ``self.state.turns.append(x)`` keeps ``x``: in field ``turns`` of the project
        objects that field ``state`` (``field``, an ``F`` label) holds, which have that
        attribute (the call would fail otherwise), declared or set at run time; when it holds
        none, in field ``state`` itself, whole."""
        classes = self.object_classes(field, writer)
        if classes:
            return classes, attr
        return [field[1]], field[2]

    def write_targets(self, receiver: tuple, attr: str, writer: str) -> list:
        """The classes whose field ``attr`` a write ``x.attr = ...`` through a value not known
        in the module (a parameter, a call's result) fills: those ``x`` may be that declare or
        assign ``attr``; when no project class has it, every class ``x`` may be (an attribute
        set from outside, such as an injected method).

        Each class is judged on its own, from what the summaries say, so the targets only grow
        as the receiver does: the fixpoint does not depend on the order of evaluation."""
        classes = self.object_classes(receiver, writer)
        if attr in self._attr_name_set:
            return [c for c in classes if self.known_attribute(c, attr)]
        return classes

    def object_classes(self, label: tuple, writer: str) -> list:
        """The project classes of the objects that ``label`` may hold in ``writer``, sorted."""
        return sorted(lab[1] for lab in self.resolve(label, writer) if lab[0] == "O")

    def constructions(self) -> list:
        """Calls that build a project class with declared fields and no ``__init__`` of the
        project (a dataclass, a pydantic model, a named tuple), with the fields in order."""
        if self._constructions is None:
            self._constructions = []
            for record, cls in self.class_builds():
                if self.method(cls, "__init__"):
                    continue
                names = self.declared_fields(cls)
                if names:
                    self._constructions.append((record, cls, names))
        return self._constructions

    def declared_fields(self, cls: str) -> tuple:
        """The fields a class declares (a dataclass, a model), its bases' first, in order:
        the parameters of the constructor that Python writes for it."""
        names: list = []
        for current in reversed(self.mro(cls)):
            names.extend(n for n in self.class_fields.get(current, ()) if n not in names)
        return tuple(names)

    def _bind_fields(self, record: CallRecord, cls: str, names: tuple) -> None:
        ctx = record.function
        bound = list(zip(names, record.args))
        bound.extend((key, value) for key, value in record.kwargs if key in names)
        for name, raw in bound:
            value = self.with_param_data(self.norm(raw, ctx), ctx)
            self._grow("fields", self.fields, (cls, name), value)

    def _may_target_needed(self, record: CallRecord, needed: dict) -> bool:
        if record.callee is not None:
            resolved = self.resolve_qual(record.callee)
            if resolved is None:
                return bool(record.receiver) and (
                    record.method.rsplit(".", 1)[-1] in self._needed_method_names
                )
            if resolved[0] == "function":
                return resolved[1] in needed
            return resolved[0] in ("class", "global")
        if record.method == "__call__":  # a call of a value: what it holds is known only now
            return True
        last = record.method.rsplit(".", 1)[-1]
        return last in self._needed_method_names or last in self._field_owners

    def needed_params(self) -> dict:
        """Parameters whose callers' values matter: used as a receiver, an attribute's base or a
        field value, or passed on to such a parameter. Only these get ``param_in``."""
        if self._needed is not None:
            return self._needed
        needed: dict[str, set] = {}

        inside: dict = {}  # nested label set -> the parameters in it (nested sets are shared)

        def params_in(labels, into: set) -> None:
            for label in labels:
                if label[0] == "P":
                    into.add(label[1])
                elif label[0] in ("A", "D"):
                    nested = inside.get(label[1])
                    if nested is None:
                        found: set = set()
                        params_in(label[1], found)
                        nested = inside[label[1]] = frozenset(found)
                    into |= nested
                elif label[0] == "X":  # a closure uses the enclosing function's parameters
                    found = set()
                    params_in(label[2], found)
                    if found:
                        needed.setdefault(label[1], set()).update(found)

        def attribute_bases(labels, into: set) -> None:
            for label in labels:
                if label[0] == "A":
                    params_in(label[1], into)

        # a sink, or a call that may turn out to be one, reads ``param.attr``
        for function, items in self.events_in.items():
            for _, event in items:
                found = set()
                attribute_bases(event.labels, found)
                if found:
                    needed.setdefault(function, set()).update(found)
        for record in self.calls.values():
            found = set()
            for labels in (*record.args, *(v for _, v in record.kwargs)):
                attribute_bases(labels, found)
            params_in(record.receiver, found)
            if found:
                needed.setdefault(record.function, set()).update(found)
        for summary in self.modules.values():
            for owner, _, labels, writer in summary.field_writes:
                found = set()
                params_in(labels, found)
                if not isinstance(owner, str) and owner[0] != METHOD_FILL:
                    params_in(frozenset({owner[1]}), found)  # ``param.attr = ...``: which class
                if found:
                    needed.setdefault(writer, set()).update(found)
        for qualname, (_, fn) in self.functions.items():  # ``job.task`` sent: which class
            sent = [p for p, parts in fn.prompt_parts.items() if any(k[:1] == "." for k in parts)]
            if sent:
                needed.setdefault(qualname, set()).update(sent)
        for summary in self.modules.values():  # a module's container a function fills
            for _, labels, writer in summary.shared_writes:
                found = set()
                params_in(labels, found)
                if found:
                    needed.setdefault(writer, set()).update(found)
        for record, _, _ in self.constructions():  # arguments that become declared fields
            found = set()
            for labels in (*record.args, *(v for _, v in record.kwargs)):
                params_in(labels, found)
            if found:
                needed.setdefault(record.function, set()).update(found)
        # A caller passing parameters on to a function that needs some: one pass to index the
        # calls by target, then a worklist over the functions that become needed.
        passed_on: dict[str, list] = {}
        for record in self.calls.values():
            found = set()
            for labels in (*record.args, *(v for _, v in record.kwargs)):
                params_in(labels, found)
            if not found:
                continue
            for qualname in self.static_targets(record):
                passed_on.setdefault(qualname, []).append((record.function, found))
        pending = sorted(needed)
        while pending:
            qualname = pending.pop()
            for caller, found in passed_on.get(qualname, ()):
                if caller not in needed:
                    needed[caller] = set(found)
                    pending.append(caller)
                else:
                    needed[caller] |= found
        self._needed = {k: tuple(sorted(v)) for k, v in needed.items()}
        self._needed_method_names = {q.rsplit(".", 1)[-1] for q in self._needed}
        return self._needed

    def with_param_data(self, labels: frozenset, ctx: str) -> frozenset:
        """The concrete labels of ``labels``, and what callers pass for its parameters (a
        union: the order of the labels does not matter here)."""
        out: set = set()
        param_in = self.param_in
        for label in labels:
            kind = label[0]
            if kind in CONCRETE:
                out.add(label)
            elif kind == "P":
                out |= param_in.get((ctx, label[1]), EMPTY)
            elif kind == "D":
                for name in param_names(label[1]):
                    out |= data(param_in.get((ctx, name), EMPTY))
        return frozenset(out)

    # ---- reaching sinks ----------------------------------------------------------------------
    def all_events(self):
        """Every (function, module, rule, sink label, labels, ref) that reaches a sink."""
        for function, items in self.events_in.items():
            if self.unreachable(function):
                continue
            for module, event in items:
                if self.never_true(function, event.ref):
                    continue
                yield function, module, event.rule, event.label, event.labels, event.ref
        for (module, call_id), sinks in sorted(self.late.items()):
            record = self.calls[(module, call_id)]
            if self.unreachable(record.function) or self.never_true(record.function, record.ref):
                continue
            positional, keywords = self.args_of(record)
            for sink, every_argument in sinks:
                labels: set = set()
                for index, item in enumerate(positional):
                    if every_argument or sink.args.takes_position(index):
                        labels |= item
                for name, item in keywords.items():
                    if sink.args.takes_keyword(name) or name == "**" and sink.args.takes_starred():
                        labels |= item  # ``**``: the call's ``*args`` and ``**kwargs``
                if not sink.applies(len(positional), set(keywords), record.first_text):
                    continue
                if sink.receiver:
                    receiver = self.norm(record.receiver, record.function)
                    labels |= receiver
                    for label in ordered(receiver):
                        if label[0] == "O":
                            labels |= self.object_data(label[1])
                if labels:
                    yield (
                        record.function,
                        module,
                        sink.rule,
                        sink.label,
                        frozenset(labels),
                        record.ref,
                    )

    def param_sinks(self) -> dict[str, dict[str, list]]:
        """Which parameters of each function reach which sinks, directly or through calls."""
        reach: dict[str, dict[str, dict]] = {}
        for function, module, rule, label, labels, ref in self.all_events():
            guards = self.guards_at(function, ref)
            for name in param_names(self.norm(labels, function)):
                if self.specs.metadata.named(name):
                    continue  # ``log.debug("model %s", model)``: metadata (``_grow_param``)
                slot = reach.setdefault(function, {}).setdefault(name, {})
                known = slot.get(rule)
                if known is None:
                    keys = self.keys_read(function, name)
                    slot[rule] = Reach(rule, label, module, ref, (), keys=keys, guards=guards)
                elif not known.guards <= guards:  # either sink may run: what both need
                    slot[rule] = replace(known, guards=known.guards & guards)
            for outer, inner in closure_labels(labels):  # a closure's sink: the enclosing
                for name in param_names(self.norm(inner, outer)):  # function's parameter
                    slot = reach.setdefault(outer, {}).setdefault(name, {})
                    keys = self.keys_read(outer, name)
                    slot.setdefault(rule, Reach(rule, label, module, ref, (), keys=keys))
        order = {name: index for index, name in enumerate(self._order)}
        records = sorted(self.calls.values(), key=lambda r: order.get(r.function, -1))
        for _ in range(MAX_ROUNDS):
            changed = False
            for record in records:  # callees first: most reaches settle in one round
                targets = self.target_of(record)
                if not targets or self.unreachable(record.function):
                    continue
                if self.never_true(record.function, record.ref):
                    continue
                positional, keywords = self.args_of(record)
                called = callable_params(record)
                for qualname, receiver in targets:
                    inner = reach.get(qualname)
                    if not inner:
                        continue
                    fn = self.functions[qualname][1]
                    # copies: a recursive call may add to the very tables being read
                    caller_kwarg = self.functions[record.function][1].kwarg
                    for param, by_rule in list(inner.items()):
                        value = self.bind(fn, param, positional, keywords, receiver)
                        given = self.bind(fn, param, record.args, dict(record.kwargs), receiver)
                        spread = self.bound_by_splat(fn, param, positional, keywords, receiver)
                        for rule, hit in list(by_rule.items()):
                            hit_value = value
                            if hit.keys and param == fn.kwarg:  # ``kwargs["k"]`` read there
                                hit_value = self.kwargs_under(fn, keywords, hit.keys)
                            for name in param_names(hit_value):
                                slot = reach.setdefault(record.function, {}).setdefault(name, {})
                                own_keys = self.keys_read(record.function, name)
                                known = slot.get(rule)
                                if known is not None and not (
                                    known.unless
                                    or known.needs
                                    or known.keys
                                    or known.guards
                                    or self.scripts_on(known.module, known.via)
                                ):
                                    continue
                                passed = self.passed_callables(fn, hit, record, receiver)
                                if passed is None:
                                    continue  # a callable it runs is not given here
                                if self.guard_fails(fn, hit.guards, record, receiver):
                                    continue  # ``close(span, None)``: its test is false
                                guards = self.caller_guards(fn, hit.guards, record, receiver)
                                if known is not None:
                                    # either path may run: the caller needs what both need
                                    guards = known.guards & guards
                                needs = called | passed
                                unless = hit.unless | self.alternatives(targets, qualname)
                                # the keys the sink reads: those the caller reads its own
                                # parameter under, or the callee's when it is handed on as is
                                keys = own_keys or (hit.keys if ("P", name) in given else EMPTY)
                                if not keys and spread and name == caller_kwarg:
                                    # ``super().__init__(**kwargs)``: the caller's keyword
                                    # of that name is what reaches the sink
                                    keys = frozenset({param})
                                # a path that holds for more of the providers (or that runs
                                # no callable a caller must give, or reads more of the
                                # parameter) replaces one that holds for fewer
                                # and a path that holds in every program replaces one that
                                # enters a script, which holds only in that script's program
                                via = (qualname, *hit.via)
                                rank = (bool(self.scripts_on(hit.module, via)), unless, needs)
                                if known is not None:
                                    known_rank = (
                                        bool(self.scripts_on(known.module, known.via)),
                                        known.unless,
                                        known.needs,
                                    )
                                    if rank == known_rank:
                                        keys = wider_keys(keys, known.keys)
                                        if keys == known.keys and guards == known.guards:
                                            continue
                                        # the path found first (a sink in the function
                                        # itself, before those of its callees) stays the one
                                        # named; the caller needs what either path needs
                                        slot[rule] = replace(known, keys=keys, guards=guards)
                                        changed = True
                                        continue
                                    elif not rank < known_rank:
                                        if guards != known.guards:
                                            slot[rule] = replace(known, guards=guards)
                                            changed = True
                                        continue
                                slot[rule] = Reach(
                                    rule,
                                    hit.label,
                                    hit.module,
                                    hit.ref,
                                    via,
                                    unless,
                                    needs,
                                    keys,
                                    guards,
                                )
                                changed = True
            if not changed:
                break
        return {f: {p: list(r.values()) for p, r in params.items()} for f, params in reach.items()}

    def keyed_prompts(
        self, record: CallRecord, fn: FunctionSummary, param: str, receiver, keys: frozenset
    ) -> frozenset:
        """The prompt data in what ``record`` passes for ``param``, of which the path reads only
        the items under ``keys``: what the caller's backward flow sends of those items or of
        the whole, not what it sends of another item (``settings["ttl"]`` put into a prompt
        is not in ``settings.get("tool_choice")``). Prompt data that came in through the
        caller's own parameter is left to the caller's call sites, which ask the same."""
        given = self.bind(fn, param, record.args, dict(record.kwargs), receiver)
        ctx = record.function
        out: set = set()
        for label in ordered(given):
            if label[0] == "V":
                out |= self.prompts_under_keys(ctx, label[1], keys, set())
            elif label[0] != "P":
                out |= self.norm(frozenset({label}), ctx)
        return frozenset(lab for lab in out if lab[0] == "S" and lab[1] == "prompt")

    def prompts_under_keys(self, ctx: str, name: str, keys: frozenset, seen: set) -> frozenset:
        """What the backward flow of ``name`` in ``ctx`` resolves to, leaving out the calls
        whose callee reads that argument only under other keys."""
        if (ctx, name) in seen or ctx not in self.functions:
            return EMPTY
        seen.add((ctx, name))
        fn = self.functions[ctx][1]
        out = set(self.place_prompts(fn, name))
        for path in (name, INSIDE + name, *prefixes(name)):
            for label in ordered(fn.prompt_vars.get(path, EMPTY)):
                out |= self.backward_under_keys(label, ctx, keys, seen)
        return frozenset(out)

    def backward_under_keys(self, label: tuple, ctx: str, keys: frozenset, seen: set) -> frozenset:
        """One backward label (see ``prompts_under_keys``): an argument (``R``, ``Q``) counts
        through the callees that read it whole or under one of ``keys``."""
        record = self.calls.get((label[1], label[2])) if label[0] in ("R", "Q") else None
        targets = self.target_of(record) if record is not None else ()
        if not targets:
            return self.norm(frozenset({label}), ctx)
        out: set = set()
        for qualname, receiver in targets:
            callee = self.functions[qualname][1]
            param = self.key_param(callee, label[3], receiver)
            if param is None:
                continue
            read = callee.keyed_params.get(param)
            if read and keys.isdisjoint(read):
                continue  # the callee reads other items of it
            if label[0] == "Q" and not read:
                out |= self.prompts_under_keys(qualname, param, keys, seen)
            else:
                out |= self.norm(frozenset({label}), ctx)
        return frozenset(out)

    def declared_returns(self, record: CallRecord) -> frozenset:
        """What calling a parameter gives when nothing known runs: an object of the project
        class its ``Callable[[...], R]`` annotation returns (``FunctionSummary.param_returns``),
        not the data of the arguments, as a library function would."""
        entry = self.functions.get(record.function)
        if entry is None or not entry[1].param_returns:
            return EMPTY
        out: set = set()
        for label in record.receiver:
            if label[0] == "P" and label[1] in entry[1].param_returns:
                out |= instances_of(self.norm(entry[1].param_returns[label[1]], record.function))
        return frozenset(out)

    def bound_by_splat(
        self, fn: FunctionSummary, param: str, positional, keywords, receiver
    ) -> bool:
        """Does a call give ``param`` nothing but its ``**`` part (``f(**kwargs)``)?"""
        if "**" not in keywords or param in keywords or param == fn.kwarg:
            return False
        params = call_params(fn, receiver)
        return param in params and params.index(param) >= len(positional)

    @staticmethod
    def kwargs_under(fn: FunctionSummary, keywords: dict, keys: frozenset) -> frozenset:
        """What a call passes into ``fn``'s ``**kwargs`` under ``keys``: those keywords, and
        its own ``**`` part, whose keys are not known."""
        out: set = set(keywords.get("**", EMPTY))
        for key in keys:
            if key not in fn.params:
                out |= keywords.get(key, EMPTY)
        return frozenset(out)

    def keys_read(self, qualname: str, param: str) -> frozenset:
        """The literal keys ``qualname`` reads its parameter ``param`` under, when it reads it
        no other way (``FunctionSummary.keyed_params``); empty otherwise."""
        entry = self.functions.get(qualname)
        keys = entry[1].keyed_params.get(param) if entry is not None else None
        return frozenset(keys) if keys else EMPTY

    def passed_callables(self, fn, hit: Reach, record: CallRecord, receiver) -> Optional[frozenset]:
        """For a path through callables that ``fn``'s parameters hold (``hit.needs``): the
        caller's own parameters those callables come from, or None when the call passes
        nothing for one of them (its default runs, not a callable some other caller gives)."""
        if not hit.needs:
            return EMPTY
        ctx = record.function
        found: set = set()
        for need in hit.needs:
            given = self.bind(fn, need, record.args, dict(record.kwargs), receiver)
            if not given and need in fn.param_defaults:
                continue  # its default, taken from the enclosing scope, holds the callable
            if not given:
                return None
            found.update(param_names(self.norm(given, ctx)))
        return frozenset(found)

    def guards_at(self, function: str, ref) -> frozenset:
        """The guards over ``function``'s parameters that hold at the call ``ref``."""
        entry = self.functions.get(function)
        return entry[1].guarded.get(ref, EMPTY) if entry is not None else EMPTY

    def guard_fails(self, fn: FunctionSummary, guards: frozenset, record: CallRecord, receiver):
        """Does ``record`` make one of ``guards`` (over ``fn``'s parameters) false: ``None``
        passed, or left to a ``None`` default, where the path needs ``p is not None``; ``True``
        passed where it needs ``not p``?"""
        if not guards or record.spreads or record.spread:
            return False
        slots = GuardSlots(call_params(fn, receiver), record, fn.literal_defaults)
        if slots.unknown:
            return False
        for guard in guards:
            if guard[0] == ABSENT:
                present, mapping = slots.slot(guard[1]), slots.slot(guard[2])
                if (mapping, present) in record.keyed_by:
                    return True
                continue
            if fails(guard, slots.literal_value(guard[1])):
                return True
        return False

    def caller_guards(self, fn: FunctionSummary, guards: frozenset, record: CallRecord, receiver):
        """The guards a path through ``record`` needs in its caller: those that hold where
        the call is made, and each of the callee's guards on a parameter for which the caller
        passes its own parameter as it was given (``if verbose: log(x)`` reached by
        ``helper(x, verbose)``)."""
        out = set(self.guards_at(record.function, record.ref))
        if record.passed_params:
            slots = GuardSlots(call_params(fn, receiver), record, fn.literal_defaults)
            passed = dict(record.passed_params)
            for guard in guards:
                if guard[0] in FIELD_GUARDS:
                    continue  # kept as the call site's own (``guards_at``), not mapped
                where = slots.slot(guard[1]) if guard[0] != ABSENT else None
                if where in passed:
                    out.add((guard[0], passed[where]))
        return frozenset(out)

    def alternatives(self, targets: list, chosen: str) -> frozenset:
        """The prompts (``source_key``s) that the other functions a call may run send to
        Claude and ``chosen`` does not. A call that runs one of several providers runs one of
        them: an argument that is prompt data because another alternative sends it to Claude
        does not leak through the one chosen, which sends it elsewhere."""
        if len(targets) < 2:
            return EMPTY
        key = (tuple(qualname for qualname, _ in targets), chosen)
        found = self._alternatives.get(key)
        if found is None:
            found = self._alternatives[key] = self._alternatives_of(targets, chosen)
        return found

    def _alternatives_of(self, targets: list, chosen: str) -> frozenset:
        out: set = set()
        for qualname, _ in targets:
            if qualname != chosen:
                out.update(self.sent_to_claude(qualname))
        # a dispatch on the receiver's class, which the program picks at run time: the object
        # is of one class, and never runs a sibling class's methods, so the prompts those send
        # to Claude are not sent on this path (the provider wrappers of one hierarchy). Claude's
        # answers are still Claude's, whichever object passes them on, except an answer that a
        # sibling gave only as the provider picked at run time: the program picks one provider
        # of the hierarchy, so that answer never meets this class (``RUN_TIME`` keys)
        chosen_cls = self.functions[chosen][1].cls
        if chosen_cls is not None and any(
            self.functions[qualname][1].cls in self.siblings(chosen_cls) for qualname, _ in targets
        ):
            prompts = self.sibling_prompts(chosen_cls)
            out.update(prompts)
            out.update((RUN_TIME, "completion", *key[1:]) for key in prompts)
        return frozenset(out - self.sent_to_claude(chosen))

    def sibling_prompts(self, cls: str) -> frozenset:
        """The prompts that sibling classes' methods send to Claude (a call belongs to one
        class's methods, so none of them is also ``cls``'s)."""
        found = self._sibling_prompts.get(cls)
        if found is None:
            out: set = set()
            for sibling in self.siblings(cls):
                out.update(self.prompts_sent_in(sibling))
            found = self._sibling_prompts[cls] = frozenset(out)
        return found

    def siblings(self, cls: str) -> frozenset:
        """The project classes that share a project base with ``cls`` and are neither its
        bases nor its subclasses: an object of ``cls`` runs none of their methods."""
        found = self._siblings.get(cls)
        if found is None:
            related = set(self.mro(cls)) | set(self.subclasses(cls))
            out: set = set()
            for base in self.mro(cls)[1:]:
                out.update(sub for sub in self.subclasses(base) if sub not in related)
            found = self._siblings[cls] = frozenset(out)
        return found

    def prompts_sent_in(self, cls: str) -> frozenset:
        """The prompts (``source_key``s) that the calls in class ``cls``'s own methods (and
        the functions nested in them) may send to Claude: the project calls made there and
        the Claude API calls themselves."""
        if self._class_calls is None:
            index: dict[str, set] = {}
            for (module, _), record in self.calls.items():
                owner = self._owner_class(record.function)
                if owner is not None:
                    index.setdefault(owner, set()).add(("prompt", module, record.ref))
            for qualname, (_, fn) in self.functions.items():
                owner = self._owner_class(qualname)
                if owner is None:
                    continue
                for labels in fn.prompt_vars.values():
                    for label in labels:
                        if label[0] == "S" and label[1] == "prompt":
                            index.setdefault(owner, set()).add(source_key(label))
            self._class_calls = {cls: frozenset(keys) for cls, keys in index.items()}
        return self._class_calls.get(cls, EMPTY)

    def _owner_class(self, qualname: str) -> Optional[str]:
        """The class whose method ``qualname`` is or is nested in, if any."""
        fn = self.functions.get(qualname)
        owner = fn[1].cls if fn is not None else None
        return owner if owner is not None else self._nesting_class(qualname)

    def _nesting_class(self, qualname: str) -> Optional[str]:
        """The class of the method that function ``qualname`` is nested in, if any."""
        head = qualname.split(".<locals>.", 1)[0]
        if head == qualname:
            return None
        fn = self.functions.get(head)
        return fn[1].cls if fn is not None else None

    def sent_to_claude(self, qualname: str) -> set:
        """The prompts (``source_key``s) that ``qualname``'s parameters are sent in."""
        out: set = set()
        for param in self.functions[qualname][1].params:
            out.update(map(source_key, self._prompt_flat.get((qualname, param), EMPTY)))
        return out

    def sent_instead(
        self, module: str, function: str, ref, rule: str, alternative=None
    ) -> frozenset:
        """The prompt data that the calls made instead of the one at ``ref`` send to Claude:
        the other branch of an ``if``/``else`` (``FunctionSummary.exclusive``) or of
        ``ask_claude(q) if use_claude else ask_gpt(q)`` (``alternative``). Handing it to
        another AI provider there (``rule`` ZDR303) is a choice of provider, not a copy to a
        second one."""
        if rule != OTHER_PROVIDER_RULE:
            return EMPTY
        entry = self.functions.get(function)
        ids = set(entry[1].exclusive.get(ref, EMPTY)) if entry is not None else set()
        if alternative is not None:
            ids.add(alternative)
        out: set = set()
        for call_id in sorted(ids, key=repr):
            other = self.calls.get((module, call_id))
            if other is None:
                continue
            for key in (*range(len(other.args)), *(name for name, _ in other.kwargs)):
                out |= self.prompt_if(module, other.id, key)
        return frozenset(out)

    def scripts_on(self, module: str, via: tuple) -> set:
        """The scripts whose code a path through the functions ``via`` to a sink in
        ``module`` enters."""
        modules = {module}
        modules.update(self.functions[name][0] for name in via if name in self.functions)
        return {name for name in modules if name in self.scripts}

    def imports_may_use_claude(self, source: tuple, module: str) -> bool:
        """For a recorder of every provider in a module that names no model (``BY_IMPORTS``):
        may the project modules it imports (and theirs, a few levels down) call Claude? Not
        when those that name a model name only other providers' (an example that instruments
        the agents of its ``agent.py``)."""
        if source[0] != "M" or len(source) < 4 or source[3] != BY_IMPORTS:
            return True
        named_other = False
        seen = {module}
        layer = [module]
        # a module of a package looks within its package: the framework it instruments may be
        # part of the run (a library's own examples), and there it resolves models, not picks
        package = module.split(".", 1)[0] + "." if "." in module else ""
        for _ in range(MAX_IMPORT_DEPTH):
            following = []
            for name in layer:
                imports = self.modules[name].imported_modules
                found = project_modules(imports, name, self.modules, self.aliases)
                for imported in sorted(found):
                    if imported in seen or not (imported + ".").startswith(package):
                        continue
                    seen.add(imported)
                    summary = self.modules[imported]
                    if summary.uses_claude or summary.runtime_model:
                        return True
                    if summary.names_other_model:
                        named_other = True
                    else:
                        following.append(imported)
            layer = following
        return not named_other

    def same_program(self, source: tuple, module: str, function: Optional[str] = None) -> bool:
        """Can data born at ``source`` be in ``function`` of ``module`` at run time? Not when
        both modules are scripts, each run as its own program, nor when ``module`` is a script
        that never runs the function where the data is born (a wrapper class the script never
        builds). Data born in a script exists only in that script's program, so it is never in
        a library function that the program does not run (``update()`` when the script only
        calls ``add()``)."""
        born = source[2] if source[0] == "S" else module
        if born == module:
            return True
        if born in self.scripts:
            if module in self.scripts:
                return False
            return function is None or self.script_reach.runs(born, function)
        if module not in self.scripts:
            return True
        function = self.modules[born].born_in.get(source[3])
        if function is None:
            record = self.calls.get((born, source[3]))
            function = record.function if record is not None else None
        return function is None or self.script_reach.runs(module, function)

    def sources_in(self, value: frozenset, module: str, record: CallRecord) -> list:
        """The Claude data in what ``record`` passes, as its program can hold it there, not
        what that very call returned (a retry loop handing it back), in a fixed order."""
        return sorted(
            (
                s
                for s in value
                if s[0] == "S"
                and self.same_program(s, module, record.function)
                and (s[2], s[3]) != (module, record.id)
            ),
            key=self.source_rank,
        )

    def source_rank(self, source: tuple) -> tuple:
        """Sort key of the sources a finding may name: certain ones first, then those born
        outside scripts (they hold in every program, a notebook's only in its own), then a
        fixed order."""
        uncertain, _ = source_order(source)
        return (uncertain, source[0] == "S" and source[2] in self.scripts, source)

    def hits(self) -> list[Hit]:
        found: dict[tuple, Hit] = {}
        for function, module, rule, label, labels, ref in self.all_events():
            instead = self.sent_instead(module, function, ref, rule)
            sources = (
                s
                for s in self.norm(labels, function)
                if s[0] in ("S", "U", "M")
                and self.same_program(s, module, function)
                and self.imports_may_use_claude(s, module)
                and s not in instead
            )
            for source in sorted(sources, key=self.source_rank):
                key = (module, ref, rule)
                if key not in found or self.source_rank(source) < self.source_rank(
                    found[key].source
                ):
                    found[key] = Hit(rule, module, ref, function, label, source)
                break
        reach = self.param_sinks()
        through_script: set = set()
        for (module, _), record in sorted(self.calls.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            targets = self.target_of(record)
            if not targets or self.unreachable(record.function):
                continue
            if self.never_true(record.function, record.ref):
                continue
            positional, keywords = self.args_of(record)
            # what this very call returned, handed back to it (a retry loop), came from the
            # Claude API method the callee value held, not from the project functions it may
            # also hold: those sources are left out of its arguments below
            for qualname, receiver in targets:
                fn = self.functions[qualname][1]
                alternatives = self.alternatives(targets, qualname)
                for param, hits in sorted(reach.get(qualname, {}).items()):
                    prompts = self.prompt_params.get(qualname, {}).get(param, EMPTY)
                    value = self.bind(fn, param, positional, keywords, receiver)
                    whole = self.sources_in(value, module, record)
                    for item in hits:
                        by_keyword = bool(item.keys) and param == fn.kwarg
                        sources = (
                            self.sources_in(
                                self.kwargs_under(fn, keywords, item.keys), module, record
                            )
                            if by_keyword
                            else whole
                        )
                        if not sources:
                            continue
                        if self.passed_callables(fn, item, record, receiver) is None:
                            continue  # the path runs a callable this call does not give
                        if self.guard_fails(fn, item.guards, record, receiver):
                            continue  # the path runs only for arguments this call does not give
                        # a function a script defines (and registers, say) exists only in
                        # that script's program: a call in another script does not reach it,
                        # and a library call whose path enters it runs with that program's data
                        programs = self.scripts_on(item.module, (qualname, *item.via)) - {module}
                        if module in self.scripts and programs:
                            continue
                        key = (module, record.ref, item.rule)
                        unless = item.unless | alternatives
                        if any(source_key(p) not in unless for p in prompts):
                            continue  # a prompt inside the callee: reported at the sink there
                        keyed = (
                            self.keyed_prompts(record, fn, param, receiver, item.keys)
                            if item.keys and not by_keyword
                            else None
                        )
                        instead = self.sent_instead(
                            module, record.function, record.ref, item.rule, record.alternative
                        )
                        kept = [
                            s
                            for s in sources
                            if not excluded(s, unless)
                            and not (prompts and s[1] == "prompt")
                            and (keyed is None or s[1] != "prompt" or s in keyed)
                            and all(self.same_program(s, script) for script in programs)
                            and s not in instead
                        ]
                        # a path that enters another script holds only in that script's
                        # program: a path that holds in every program is named before it
                        if kept and (key not in found or key in through_script and not programs):
                            if programs:
                                through_script.add(key)
                            else:
                                through_script.discard(key)
                            found[key] = Hit(
                                item.rule,
                                module,
                                record.ref,
                                record.function,
                                item.label,
                                kept[0],
                                Reach(
                                    item.rule,
                                    item.label,
                                    item.module,
                                    item.ref,
                                    (qualname, *item.via),
                                ),
                            )
        return list(found.values())


def record_keywords(record: CallRecord) -> tuple:
    """The keyword names a call passes as written (``f(x, name=v)``), not its splats."""
    return tuple(name for name, _ in record.kwargs if name not in ("**", STAR))


def call_params(fn: FunctionSummary, receiver) -> list:
    """The parameters a call fills in order: without the receiver's (``self``) when the call
    is made on an object."""
    params = list(fn.params)
    if receiver is not None and params and not fn.static:
        return params[1:]
    return params


def wider_keys(first: frozenset, second: frozenset) -> frozenset:
    """The keys two paths to one sink read together: empty (the whole value) when either
    reads the whole."""
    return first | second if first and second else EMPTY


def callable_params(record: CallRecord) -> frozenset:
    """The parameters whose value ``record`` calls (``report(msg)``, ``report`` a parameter)."""
    if record.method != "__call__":
        return EMPTY
    return frozenset(label[1] for label in record.receiver if label[0] == "P")


def source_key(label: tuple) -> tuple:
    """What Claude data an ``S`` label stands for, whatever the confidence it carries."""
    return label[1:4]


def excluded(label: tuple, unless: frozenset) -> bool:
    """Is the Claude data of ``S`` label ``label`` left out on a path that holds ``unless``:
    its source, or its source only as the provider picked at run time."""
    key = source_key(label)
    return key in unless or (label[5] == PROVIDER_AT_RUN_TIME and (RUN_TIME, *key) in unless)


def one_of(answers: list) -> frozenset:
    """The result of a call that runs one of several project methods (a provider picked at
    run time): Claude data that only some of them return is Claude's with medium confidence."""
    if len(answers) < 2:
        return answers[0] if answers else EMPTY
    out: set = set()
    for answer in answers:
        for label in answer:
            if (
                label[0] == "S"
                and label[5] != PROVIDER_AT_RUN_TIME
                and not all(label in other for other in answers)
            ):
                label = (*label[:5], PROVIDER_AT_RUN_TIME)
            out.add(label)
    return frozenset(out)


def ordered(labels: frozenset):
    """``labels`` in an order that does not depend on the hash seed.

    Evaluating one label can fill tables that others read, and some steps are not monotone
    (a marker found late replaces the data a call passes on), so the order of evaluation is
    fixed: the output is then the same for every run, worker count and cache state."""
    if len(labels) < 2:
        return labels
    return sorted(labels, key=label_digest)


def few_sources(labels: frozenset) -> frozenset:
    """``labels`` with at most ``MAX_SOURCES`` sources of each kind (the first in sorted order).

    A finding names one source, the first; a value that library code has mixed from hundreds
    of calls needs no more to be reported, and unions of such sets are what made settling
    large libraries slow. Keeping the first ones in sorted order keeps the result the same
    whatever the order of evaluation."""
    count = 0
    for label in labels:
        if label[0] == "S":
            count += 1
    if count <= MAX_SOURCES:
        return labels
    kept: dict = {}
    for label in sorted((lab for lab in labels if lab[0] == "S"), key=source_order):
        kept.setdefault(label[1], [])
        if len(kept[label[1]]) < MAX_SOURCES:
            kept[label[1]].append(label)
    out = {lab for lab in labels if lab[0] != "S"}
    for group in kept.values():
        out.update(group)
    return frozenset(out)


def concrete(labels: frozenset) -> frozenset:
    return frozenset(lab for lab in labels if lab[0] in CONCRETE)


def callables(labels: frozenset) -> frozenset:
    """The project functions, bound methods and classes among ``labels``: what calling it runs."""
    return frozenset(lab for lab in labels if lab[0] in ("Z", "Y", "N"))


def instances_of(labels: frozenset) -> frozenset:
    """What an annotation declares: an object of each class it names (``("Y", cls)`` is the
    class itself, as an imported name reads), and the objects and clients it already holds."""
    out: set = set()
    for label in labels:
        if label[0] == "Y":
            out.add(("O", label[1]))
        elif label[0] in ("O", "C", "T"):
            out.add(label)
    return frozenset(out)


def data(labels: frozenset) -> frozenset:
    """Labels without clients and objects; a parameter becomes the data of that parameter."""
    out: set = set()
    for label in labels:
        kind = label[0]
        if kind == "P":
            out.add(("D", frozenset({label})))
        elif kind not in MARKERS:
            out.add(label)
    return frozenset(out)


def every_argument(positional: list, keywords: dict) -> frozenset:
    """The labels of all of a call's arguments together."""
    out: set = set()
    for item in (*positional, *keywords.values()):
        out |= item
    return frozenset(out)


def closure_labels(labels: frozenset) -> list:
    """The ``X`` labels in ``labels``, also inside ``D`` and ``A``: (enclosing function, labels)."""
    found = set()
    stack = [labels]
    visited = {id(labels)}  # nested sets are shared, and deep: each is walked once
    while stack:
        for label in stack.pop():
            if label[0] == "X":
                found.add(label)
            elif label[0] in ("D", "A") and id(label[1]) not in visited:
                visited.add(id(label[1]))
                stack.append(label[1])
    return [(label[1], label[2]) for label in ordered(frozenset(found))]
