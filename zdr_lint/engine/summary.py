"""What the per-module pass produces: picklable summaries the project settlement reads.

Values are tracked as sets of *labels*, small tuples:

``("S", kind, module, ref, what, why)``  Claude data born at ``ref`` (kind: prompt or
                                    completion); ``why`` is "" when the call reaches Claude for
                                    certain, else why it may not (medium confidence)
``("P", name)``                     the value of parameter ``name`` of the current function
``("V", name)``                     prompt data if ``name`` (a local, or a path rooted at ``self``,
                                    a module-level name or a shared store) ends up in a prompt
                                    (backward)
``("V", name, ids)``                the same, read on one side of a fork: the calls ``ids``
                                    of the other side never run there (``branch_prompts.py``)
``("K", module, call_id)``          the result of a recorded call, settled later
``("K", module, call_id, index)``   position ``index`` of the tuple that call returns
``("K", module, call_id, (KEYED, key))`` the item under literal ``key`` of the dict it returns
``("Q", module, call_id, key)``     prompt data if argument ``key`` of that call reaches Claude
                                    (in whole or in part: the label of a name inside it)
``("Q", module, call_id, key, how)`` the same for a name or path passed as the argument:
                                    ``how`` is "whole" (on the name: the callee sends that
                                    parameter whole, or the part read) or "inside" (on
                                    ``INSIDE + name``: the callee sends it or any part of it)
``("F", class, attr)``              the field ``attr`` of instances of a project class
``("G", qualified)``                a module-level name of a project module
``("A", labels, attr)``             attribute ``attr`` read from a value not yet known
``("D", labels)``                   the data in values not yet known, without their clients or
                                    objects (what a library function builds from its arguments)
``("C", family, processor)``        a Claude client
``("T", type)``                     a library object with sink methods (a logger, a cursor)
``("O", class)``                    an instance of a project class
``("Y", class)``                    a project class as a value (calling it builds an instance)
``("Z", function, receiver)``       a project function as a value; a bound method when
                                    ``receiver`` is the object's ``O`` label (else None)
``("N", text)``                     a string that may name a project class (``"pkg.mod.Cls"``),
                                    as plugin tables load them with ``importlib``
``("X", function, labels)``         ``labels`` of the enclosing ``function`` as a closure sees
                                    them (its parameters, its locals' prompt labels)

A ``ref`` locates a node without positions: ``(statement ordinal, callee text, occurrence)``.
Positions are resolved only for the nodes that end up in findings (see ``positions``).
"""

from __future__ import annotations

import hashlib
import sys
from dataclasses import dataclass, field
from typing import Optional

Labels = frozenset
# mapping lookups (``d.get(key, default)``, ``d.pop(key)``): the result is a value held by the
# receiver or the default, never the key, so a library method of these names drops its first
# argument
KEY_LOOKUPS = frozenset({"get", "pop"})
# the methods of a dict whose result holds its items (``get``, ``pop``) or runs over them
ITEM_READS = KEY_LOOKUPS | {"values", "items"}
# methods that put their arguments into the receiver (a list, a dict, a queue, a message)
MUTATORS = frozenset(
    {
        "append",
        "extend",
        "insert",
        "update",
        "add",
        "setdefault",
        "appendleft",
        "extendleft",
        "put",
        "put_nowait",
        "set_content",
        "attach",
        "write",
        "writelines",
    }
)
# the owner ``(METHOD_FILL, cls)`` of a field write made by a mutator (``self.items.add(x)``):
# it fills the field only where the field holds no library object (``library_object``)
METHOD_FILL = "method-fill"
# the attribute of an ``A`` label that reads an item (``self.db["answers"]``): once the base is
# known, a library object's item is what its type's ``__getitem__`` returns, and nothing else
ITEM = "__getitem__"
# the name of the function a lambda becomes starts so: no name in source code does
LAMBDA_PREFIX = "λ"
# the keyword under which a call record keeps what its ``*`` arguments spread (besides the
# ``**`` part, which holds both): the items of the callee's ``*args`` parameter
STAR = "*"
NodeRef = tuple  # (ordinal, text, occurrence)
EMPTY: frozenset = frozenset()
# Summaries are held for the whole run, thousands of records each: without a __dict__ per
# record they take a fifth less memory (slots=True needs Python 3.10).
SLOTS: dict = {"slots": True} if sys.version_info >= (3, 10) else {}


@dataclass(**SLOTS)
class CallRecord:
    """A call whose meaning depends on other modules or on values not yet known."""

    id: tuple
    ref: NodeRef
    function: str
    callee: Optional[str] = None
    receiver: Labels = EMPTY
    method: str = ""
    receiver_name: str = ""
    args: tuple = ()
    kwargs: tuple = ()
    model: Optional[str] = None
    first_text: Optional[str] = None  # the leading literal text of the first argument
    fallback: bool = False
    after: Optional[str] = None  # ``super().m()`` in class ``after``: look past it in the MRO
    # ``ask_claude(q) if use_claude else ask_gpt(q)``: the id of the call made instead of this
    alternative: Optional[tuple] = None
    forwarding: bool = False  # the call of a forwarder's callable (``FunctionSummary.forwards``)
    # the fields whose copy the ``**`` part holds (``f(**dict(self.options))``): key by key
    splat_sources: Labels = EMPTY
    # what the caller's own ``*args`` spread here holds (``super().__init__(*args)``): it
    # fills only as many positional parameters as the caller's callers pass extra
    spread: Labels = EMPTY
    spreads: bool = False  # a ``*`` argument: how many positionals it gives is not known
    # the slots (position or keyword) given a literal of known truth, with which kind
    # (``guards.py``: ``NONE_VALUE``, ``FALSY_VALUE``, ``TRUE_VALUE``)
    literals: tuple = ()
    # ``(q, p)``: the argument for slot ``q`` is a dict display keyed by the name passed for ``p``
    keyed_by: tuple = ()
    # ``(slot, p)``: the argument for ``slot`` is the caller's parameter ``p``, as passed to it
    passed_params: tuple = ()
    # ``(slot, text)``: the argument for ``slot`` is a string literal (``provider="docker"``)
    texts: tuple = ()


@dataclass(**SLOTS)
class SinkEvent:
    """Data (``labels``) reaching a sink at ``ref`` inside ``function``."""

    rule: str
    label: str
    labels: Labels
    ref: NodeRef
    function: str
    var: str = ""


@dataclass(**SLOTS)
class FunctionSummary:
    qualname: str
    params: tuple[str, ...]
    cls: Optional[str] = None
    vararg: str = ""
    kwarg: str = ""
    returns: Labels = EMPTY
    # what each position of the returned tuple holds, when every return gives a tuple of one
    # length (``return text, usage``); empty otherwise
    returns_at: tuple = ()
    returns_from: tuple = ()  # ``return f(x)``: the calls whose tuples it hands back whole
    # literal key -> what it holds, when every return gives a dict whose keys are literals
    # (``return {"id": ..., "text": ...}``); empty otherwise
    returns_keys: dict = field(default_factory=dict)
    # ``def run(func, *args, **kwargs): return func(*args, **kwargs)``: the parameter whose
    # callable the function calls with exactly its own ``*args`` and ``**kwargs``
    forwards: str = ""
    prompt_params: dict = field(default_factory=dict)  # param -> labels: sent whole
    # param -> {access path suffix (".task", '["text"]') -> labels}: a part of it is sent
    prompt_parts: dict = field(default_factory=dict)
    prompt_vars: dict = field(default_factory=dict)
    # root name of a path read here -> the module-level or shared place it names
    # (``SETTINGS`` -> ``pkg.mod.SETTINGS``, ``st`` -> ``streamlit``): see access_paths.global_place
    global_roots: dict = field(default_factory=dict)
    # ``conv.for_api()`` sent -> the labels of ``conv``: its method's returned fields are sent
    result_receivers: dict = field(default_factory=dict)
    # param -> what the function puts into the container passed for it (``out.append(x)``)
    fills: dict = field(default_factory=dict)
    # param -> the literal keys it is read under, when it is read no other way (``keyed_reads``)
    keyed_params: dict = field(default_factory=dict)
    # param -> the value of its default, when that is a name of the enclosing function
    param_defaults: dict = field(default_factory=dict)
    # a parameter whose default is falsy and without which the function returns before it
    # sends anything (``if not exact: return estimate``): a call passing nothing sends nothing
    prompt_guard: str = ""
    # the call records made before that test (``estimate = len(encoder.encode(text))``): the
    # guard holds only when none of them may send
    before_guard: tuple = ()
    # the ref of a call made under a test of the parameters -> the guards that hold there
    # (``if response is not None:``, see ``guards.py``); calls under no such test are absent
    guarded: dict = field(default_factory=dict)
    # the ref of a call or sink in one branch of an ``if``/``else`` -> the ids of the call
    # records in the other branch, which never run with it
    exclusive: dict = field(default_factory=dict)
    # parameter -> the kind of its default (``guards.NONE_VALUE``, ``FALSY_VALUE``,
    # ``TRUE_VALUE``), when a literal of known truth
    literal_defaults: dict = field(default_factory=dict)
    # parameter -> the text of its default, when a string literal
    text_defaults: dict = field(default_factory=dict)
    is_route: bool = False
    static: bool = False
    no_store: bool = False
    is_property: bool = False  # read as an attribute: ``obj.name`` runs it
    class_level: bool = False  # a static or class method: runs without an instance
    always_raises: bool = False  # an ``__init__`` that reaches a top-level ``raise`` always
    # a decorator other than ``staticmethod``/``classmethod``/``property`` may wrap it in a
    # function of another signature (one that takes ``**kwargs``)
    rewrapped: bool = False
    # param -> the project classes its annotation names (``O`` or ``G`` labels): what it holds
    # when its callers pass no object (a base class stands for its subclasses only then)
    param_classes: dict = field(default_factory=dict)
    # param -> the project classes that calling it returns objects of, by its annotation
    # (``Callable[[Context], Settings]``): its result when nothing known runs
    param_returns: dict = field(default_factory=dict)

    def accepts(self, keywords: tuple) -> bool:
        """Can a call pass these keyword names? Always for a function with ``**`` or one a
        decorator may wrap, and for a constructor (a dataclass or model builds its own)."""
        if self.kwarg or self.rewrapped or self.qualname.endswith(".__init__"):
            return True
        return all(name in self.params for name in keywords)


@dataclass(**SLOTS)
class ModuleSummary:
    name: str
    display_path: str
    is_package: bool = False
    uses_claude: bool = False
    # a multi-provider call or client here names another provider's model in a literal, or
    # leaves the model to run time
    names_other_model: bool = False
    runtime_model: bool = False
    imports: dict = field(default_factory=dict)
    functions: dict = field(default_factory=dict)
    classes: dict = field(default_factory=dict)
    globals: dict = field(default_factory=dict)
    events: list = field(default_factory=list)
    calls: dict = field(default_factory=dict)
    field_writes: list = field(default_factory=list)
    # writes of a dict whose keys are known (``self.options = dict(kwargs)``), beside the
    # plain write in ``field_writes``: (owner, attr, labels, key -> labels, copied fields, writer)
    keyed_field_writes: list = field(default_factory=list)
    # (key under a shared library store, labels, writer): ``st.session_state.history = ...``
    shared_writes: list = field(default_factory=list)
    state_vars: set = field(default_factory=set)  # module-level containers: program state
    imported_modules: set = field(default_factory=set)
    config_findings: list = field(default_factory=list)
    parse_error: Optional[tuple] = None
    no_store_everywhere: bool = False
    class_fields: dict = field(default_factory=dict)  # class -> its annotated fields, in order
    # class -> the fields its body declares as, or only sets to, numbers (``field_kinds``)
    number_fields: dict = field(default_factory=dict)
    # class -> ((attr, (literals, ``__init__`` parameters)), ...): the fields its methods set
    # only to string literals or to what ``__init__`` was given (``field_kinds``)
    field_choices: dict = field(default_factory=dict)
    constants: dict = field(default_factory=dict)  # what importers read (constants.py)
    spans: dict = field(default_factory=dict)
    # the call that reaches Claude -> the function it is made in (where its data is born)
    born_in: dict = field(default_factory=dict)
    # capitalised words the module's text uses beyond its import lines (a package's
    # ``__init__`` counts those too) and beyond the names of the classes it defines
    named_words: frozenset = EMPTY


def param_names(labels) -> list:
    """The parameters that ``labels`` hold or hold the data of (one level down), sorted."""
    names: set = set()
    for label in labels:
        if label[0] == "P":
            names.add(label[1])
        elif label[0] == "D":
            names.update(inner[1] for inner in label[1] if inner[0] == "P")
    return sorted(names)


def library_object(labels: frozenset) -> bool:
    """Does a value hold a library object of a known type or a client (``T``, ``C``)? Its
    ``add`` or ``update`` is that library's method, not a container's."""
    return any(label[0] in ("T", "C") for label in labels)


def share_equal_label_sets(summary: ModuleSummary) -> None:
    """Make equal label sets of ``summary`` one object (a module repeats the same few sets in
    hundreds of places): less memory, and a smaller pickle for the cache and the workers."""
    shared: dict = {EMPTY: EMPTY}

    def one(labels):
        return shared.setdefault(labels, labels) if type(labels) is frozenset else labels

    def each_value(table: dict) -> None:
        for key, labels in table.items():
            table[key] = one(labels)

    for fn in summary.functions.values():
        fn.returns = one(fn.returns)
        each_value(fn.prompt_params)
        for parts in fn.prompt_parts.values():
            each_value(parts)
        each_value(fn.prompt_vars)
        each_value(fn.fills)
    for record in summary.calls.values():
        record.receiver = one(record.receiver)
        record.args = tuple(one(labels) for labels in record.args)
        record.kwargs = tuple((name, one(labels)) for name, labels in record.kwargs)
    for event in summary.events:
        event.labels = one(event.labels)
    each_value(summary.globals)
    summary.field_writes = [
        (cls, attr, one(labels), writer) for cls, attr, labels, writer in summary.field_writes
    ]
    summary.shared_writes = [
        (key, one(labels), writer) for key, labels, writer in summary.shared_writes
    ]


# the fourth part of a call label ``("K", module, call, (KEYED, key))``: the item under the
# literal ``key`` of the dict the call returns (``conv = describe(c); conv["messages"]``)
KEYED = "key"

# the attribute of an ``A`` label that reads the keys of a parameter's dict (``set(options)``)
KEYS = "__keys__"

# the fourth part of a call label ``("K", module, call, (FILLS, key))``: what the callee puts
# into the container passed as argument ``key`` (``collect(doc, found)`` appending to ``found``)
FILLS = "fills"


RUNTIME_MODEL = "the model is chosen at run time"  # why a multi-provider call may be Claude's
# the processor of a client label built with a model named only at run time
# (``init_chat_model(name)``, ``llm.get_model(model_id)``): its calls may be Claude's
RUNTIME_CLIENT = "run-time model"


def client_doubt(label: tuple) -> str:
    """Why calls on client ``label`` may not reach Claude ("" when they do for certain)."""
    return RUNTIME_MODEL if label[2] == RUNTIME_CLIENT else ""


def claude_data(kind: str, module: str, ref: NodeRef, what: str, why: str = "") -> tuple:
    """The label of Claude data born at ``ref``: a ``prompt`` or a ``completion``.

    ``why`` is empty when the call reaches Claude for certain (high confidence), else the
    reason it may reach another provider (medium confidence): "the model is chosen at run time".
    """
    return ("S", kind, module, ref, what, why)


def confidence_of(source: tuple) -> str:
    """``high`` or ``medium`` for a source label."""
    return "medium" if doubt_of(source) else "high"


# the fourth part of a configuration finding's ``M`` label when the project modules its module
# imports decide whether it holds (a recorder of every provider in a module that names no model)
BY_IMPORTS = "by-imports"


def doubt_of(source: tuple) -> str:
    """Why a source label (a Claude call's data, or a configuration finding's ``M``) may not
    be about Claude's traffic: run-time configuration. Empty when it is certain."""
    if source[0] == "S" and len(source) > 5:
        return source[5]
    if source[0] == "M" and len(source) > 2:
        return source[2]
    return ""


def source_order(source: tuple) -> tuple:
    """Sort key that puts certain sources first: a finding names the surest one."""
    return (confidence_of(source) != "high", source)


_DIGESTS: dict = {}


def label_digest(value) -> str:
    """A short text for a label (or a part of one) that is the same under any hash seed.

    Nested label sets are shared and deep, so the text of a whole label can be exponential
    in its size: each part is digested once (memoised) and stands for itself by its digest.
    """
    found = _DIGESTS.get(value)
    if found is None:
        if isinstance(value, frozenset):
            text = "{" + ",".join(sorted(label_digest(item) for item in value)) + "}"
        elif isinstance(value, tuple):
            text = "(" + ",".join(label_digest(item) for item in value) + ")"
        else:
            text = repr(value)
        if len(text) > 48:
            text = hashlib.blake2b(text.encode(), digest_size=12).hexdigest()
        found = _DIGESTS[value] = text
    return found
