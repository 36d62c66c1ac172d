"""The per-module pass: one walk over a LibCST tree that builds a :class:`ModuleSummary`.

Each function body is interpreted in statement order with an environment from names to label
sets (see ``summary``). Branches are joined, loops run twice, and values that depend on other
modules stay symbolic for the settlement. No LibCST metadata providers are used: scopes,
names and statement numbering are tracked here.
"""

from __future__ import annotations

import ast
import builtins
import re
import sys
from typing import Iterable, Iterator, Optional, Union

import libcst as cst

from zdr_lint.engine import callbacks
from zdr_lint.engine.access_paths import INSIDE, holds_store, mark_insides, path_root, under
from zdr_lint.engine.branch_prompts import apart_from
from zdr_lint.engine.config_rules import ConfigRules
from zdr_lint.engine.constants import (
    PROJECT_ROOT_PREFIX,
    PROXY_PREFIX,
    module_proxies,
    string_constants,
)
from zdr_lint.engine.field_kinds import FieldKinds, annotated_with, field_kinds
from zdr_lint.engine.guard_syntax import (
    argument_facts,
    bound_in,
    branch_guards,
    field_guards,
    jumps,
    leaves_block,
    literal_kind,
    literal_texts,
)
from zdr_lint.engine.guards import FALSY_VALUE, NONE_VALUE, TRUE_VALUE
from zdr_lint.engine.keyed_fields import UNKNOWN_KEY, keyed_name
from zdr_lint.engine.keyed_reads import keyed_names, keyed_params
from zdr_lint.engine.names import (
    BUILTIN_NAMES,
    NameReads,
    dotted_name,
    literal_string,
    resolve_relative,
    word_start,
)
from zdr_lint.engine.numbering import child_statements, number_statements
from zdr_lint.engine.parsing import parse_module
from zdr_lint.engine.positions import PositionIndex
from zdr_lint.engine.problems import python_parse, too_deep_for_libcst
from zdr_lint.engine.rows import TupleRows
from zdr_lint.engine.specs import ArgSpec, SinkSpec, Specs
from zdr_lint.engine.summary import (
    EMPTY,
    FILLS,
    ITEM,
    ITEM_READS,
    KEY_LOOKUPS,
    KEYED,
    KEYS,
    LAMBDA_PREFIX,
    METHOD_FILL,
    MUTATORS,
    RUNTIME_CLIENT,
    RUNTIME_MODEL,
    STAR,
    CallRecord,
    FunctionSummary,
    ModuleSummary,
    SinkEvent,
    claude_data,
    client_doubt,
    label_digest,
    library_object,
    param_names,
    share_equal_label_sets,
)

# a Message Batches request written out as a dict (``batch_request``): the keys of its
# ``params`` that Claude is sent, and the name its prompt source goes by
BATCH_PROMPT_KEYS = frozenset({"messages", "system"})
BATCH_REQUEST = "message batch request"
# decorators that keep a method's signature as written (``rewrapped`` is about the others)
PLAIN_DECORATORS = frozenset(
    {"staticmethod", "classmethod", "property", "abstractmethod", "abc.abstractmethod"}
)
NO_KINDS = FieldKinds()
CONST = None  # environment value for a name last bound to a constant
# handlers that catch whatever an ``except`` body raises
CATCH_ALL = frozenset(
    {"Exception", "BaseException", "builtins.Exception", "builtins.BaseException"}
)
# pydantic's validators (models' and ``TypeAdapter``'s): the ``ValidationError`` they raise
# quotes the input it rejected, so the handler's name holds that input's data
VALIDATORS = frozenset(
    {
        "model_validate",
        "model_validate_json",
        "model_validate_strings",
        "parse_obj",
        "parse_raw",
        "validate_python",
        "validate_json",
        "validate_strings",
    }
)
VALIDATION_ERROR = "pydantic.ValidationError"
# the parameters of the lambda a ``partial(...)`` stands for: names no source code uses
PARTIAL_REST, PARTIAL_MORE = "λrest", "λmore"
# "pkg.module.ClassName" or "pkg.module:ClassName": a string that may name a project class
CLASS_PATH = re.compile(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*[.:][A-Z]\w*\Z")
# labels whose meaning depends on the function they stand in (parameters, prompt labels of
# locals, values built from them); a closure sees them through an ``X`` label
CONTEXT_KINDS = frozenset({"P", "V", "A", "D", "Q"})
# labels a called value may hold and the settlement can call: symbolic values, a project object
VALUE_KINDS = frozenset({"P", "K", "G", "F", "A", "D", "O", "X"})
OBJECT_VALUE_KINDS = VALUE_KINDS - {"D"}  # those that may be a project object
# what the sources of a tool's arguments are called: Claude wrote all of them, ids included
TOOL_INPUT, TOOL_ARGS = "@tool input", "tool arguments"
TOOL_ARGUMENTS = frozenset({TOOL_INPUT, TOOL_ARGS})
PENDING_KINDS = frozenset({"P", "K", "G", "F", "A", "V", "D"})  # known only when settled
OBJECT_KINDS = frozenset({"P", "K", "G", "F", "A"})  # may turn out to be a library object
ROUTE_METHODS = frozenset(
    {"route", "get", "post", "put", "patch", "delete", "api_route", "view", "websocket_route"}
)
NO_STORE_DECORATORS = ("never_cache",)
FILE_OPENERS = frozenset({"open", "io.open", "aiofiles.open", "codecs.open", "gzip.open"})
# library functions whose result is (a view of) their argument, clients and handles included
PASS_THROUGH = frozenset(
    {
        "typing.cast",
        "typing_extensions.cast",
        "contextlib.closing",
        "contextlib.aclosing",
        "contextlib.nullcontext",
        "copy.copy",
        "copy.deepcopy",
        "asyncio.wait_for",
        "asyncio.shield",
    }
)
CASTS = frozenset({"typing.cast", "typing_extensions.cast"})  # ``cast(type, value)``
# a stream's writes: they fill an in-memory buffer (``io.StringIO``) only; written to anything
# else (``proc.stdin.write(command)``, a socket), the data leaves, and what is read back from
# the other end (the program's output) is not it
STREAM_WRITES = frozenset({"write", "writelines"})
# builtins that iterate a dict whole, and so give its keys
KEY_ITERATORS = frozenset({"set", "frozenset", "list", "tuple", "sorted", "iter", "reversed"})
LITERALS = (
    cst.Integer,
    cst.Float,
    cst.Imaginary,
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.Ellipsis,
)
STDLIB = frozenset(getattr(sys, "stdlib_module_names", ())) | {"builtins"}

Env = dict
MAX_PATH_DEPTH = 4  # attribute and subscript steps in an access path
PLAIN_DISPLAYS = (
    cst.Dict,
    cst.List,
    cst.Set,
    cst.Tuple,
    cst.DictComp,
    cst.ListComp,
    cst.SetComp,
)
# keyword arguments of the Claude SDK calls that the unresolved-receiver fallback stands for
CLAUDE_KEYWORDS = frozenset(
    {
        "model",
        "messages",
        "max_tokens",
        "max_tokens_to_sample",
        "system",
        "prompt",
        "tools",
        "tool_choice",
        "stream",
        "requests",
        "file",
        "files",
        "metadata",
        "temperature",
        "top_p",
        "top_k",
        "stop_sequences",
        "thinking",
        "betas",
        "output_format",
        "output_config",
        "container",
        "mcp_servers",
        "extra_body",
        "extra_headers",
        "extra_query",
        "timeout",
        "message_batch_id",
        "file_id",
    }
)
PLAIN_TYPES = frozenset(
    {
        "dict",
        "list",
        "set",
        "io.StringIO",
        "io.BytesIO",
        "collections.defaultdict",
        "collections.OrderedDict",
        "collections.Counter",
        "collections.deque",
    }
)


def analyze_module(
    module_name: str,
    display_path: str,
    text: str,
    specs: Specs,
    is_package: bool = False,
    imported_constants: Optional[dict] = None,
) -> ModuleSummary:
    """Parse ``text`` and summarise it. Parse failures are recorded, never raised.

    ``imported_constants`` holds the string constants of the project modules it imports, by
    qualified name (``pkg.settings.MODEL``)."""
    summary = ModuleSummary(module_name, display_path, is_package=is_package)
    # Python's own parser first: it is cheap, its tree gives the positions, and it refuses
    # what Python refuses (and pathological nesting) before LibCST's parser sees it.
    python_tree, python_error = python_parse(text)
    if python_error is None:
        python_error = too_deep_for_libcst(text, python_tree)
    if python_error is not None:
        summary.parse_error = python_error
        return summary
    try:
        tree = parse_module(text)
    except cst.ParserSyntaxError as exc:
        summary.parse_error = (exc.raw_line, exc.raw_column + 1, exc.message, True)
        return summary
    except (RecursionError, MemoryError):
        summary.parse_error = (1, 1, "too deeply nested for the parser", True)
        return summary
    try:
        ModuleAnalyzer(summary, specs, tree, text, imported_constants or {}).run()
    except RecursionError:
        fresh = ModuleSummary(module_name, display_path, is_package=is_package)
        fresh.parse_error = (1, 1, "too deeply nested to analyse")
        return fresh
    record_spans(summary, text, python_tree)
    defined = {qualname.rsplit(".", 1)[-1] for qualname in summary.classes}
    dead = dead_lines(python_tree)
    imports = import_lines(python_tree) if is_package and dead else frozenset()
    summary.named_words = named_words(text, is_package, defined, dead, imports)
    share_equal_label_sets(summary)
    return summary


CAPITAL_WORD = re.compile(r"\b[A-Z]\w*")
# the opening of a call whose first argument is starred (comments may stand between):
# the ``(*`` of ``run(*args, ...``; it starts with a literal, so the search is a fast scan
OPEN_STAR = re.compile(r"\(\s*(?:#[^\n]*\n\s*)*\*")
IMPORT_STARTS = ("import ", "from ")


def star_callees(text: str) -> frozenset:
    """The names ``text`` calls with a starred first argument (``run(*args``, ``f (**kw``):
    the identifier that ends just before each ``OPEN_STAR`` match, whitespace between."""
    names = set()
    for match in OPEN_STAR.finditer(text):
        end = match.start()
        while end and text[end - 1].isspace():
            end -= 1
        start = word_start(text, end)
        if start < end and (text[start].isascii() and text[start].isalpha() or text[start] == "_"):
            names.add(text[start:end])
    return frozenset(names)


def named_words(
    text: str,
    is_package: bool,
    defined: Iterable[str] = (),
    dead: frozenset = frozenset(),
    import_lines: frozenset = frozenset(),
) -> frozenset:
    """The capitalised words ``text`` uses (class names, mostly): in code, strings and
    comments, not on its import lines (unless it is a package's ``__init__``, which exports
    what it imports), not on the ``dead`` lines (a branch that never runs), and not the names
    of the classes it ``defined`` that it writes only in their headers. A package that
    imports a name only to use it in a dead branch (``elif False: agent = Agent(...)``)
    imports it for that branch, not to export it: the name on its ``import_lines`` (every
    line of each import statement) does not count either."""
    lines = text.split("\n")
    if not is_package or dead:
        kept = (
            line
            for number, line in enumerate(lines, 1)
            if number not in dead and (is_package or not line.lstrip().startswith(IMPORT_STARTS))
        )
        text = "\n".join(kept)
    found = CAPITAL_WORD.findall(text)
    words = set(found)
    if is_package and dead and import_lines:
        in_dead = {word for number in dead for word in CAPITAL_WORD.findall(lines[number - 1])}
        in_code = {
            word
            for number, line in enumerate(lines, 1)
            if number not in dead and number not in import_lines
            for word in CAPITAL_WORD.findall(line)
        }
        words -= in_dead - in_code
    for name in defined:
        if name in words and found.count(name) < 2:  # its header only
            words.discard(name)
    return frozenset(words)


def import_lines(python_tree) -> frozenset:
    """Every line of the module's import statements (a parenthesised name list included)."""
    lines: set = set()
    for node in statements(python_tree):
        if type(node) in (ast.Import, ast.ImportFrom):
            lines.update(range(node.lineno, node.end_lineno + 1))
    return frozenset(lines)


def statements(python_tree) -> Iterator:
    """Every statement of the module, at any depth (an ``except`` handler and a ``match``
    case count as one, for the statements they hold): expressions, most of a tree, are not
    visited."""
    stack = list(python_tree.body) if python_tree is not None else []
    while stack:
        node = stack.pop()
        yield node
        for field in STATEMENT_LISTS:
            inner = getattr(node, field, None)
            if inner:
                stack.extend(inner)


def dead_lines(python_tree) -> frozenset:
    """The lines of the branches that never run: the body of an ``if`` whose test Python's
    literals make false (``elif cond and False:``), the ``else`` of one they make true."""
    lines: set = set()
    for node in statements(python_tree):
        if type(node) is ast.If:
            truth = literal_truth(node.test)
            block = node.body if truth is False else node.orelse if truth else None
            if block:
                lines.update(range(block[0].lineno, block[-1].end_lineno + 1))
    return frozenset(lines)


# the fields of a statement (or an ``except`` handler, a ``match`` case) that hold statements
STATEMENT_LISTS = ("body", "orelse", "finalbody", "handlers", "cases")


def names_keyword_dict(name: str) -> bool:
    """Does a parameter's name say it holds keyword arguments (``kwargs``, ``hook_kwargs``)?
    By Python's convention the keys of such a dict are parameter names."""
    return name == "kwargs" or name.endswith("_kwargs")


def literal_truth(test) -> Optional[bool]:
    """``constant_truth`` on Python's own tree."""
    if type(test) is ast.Constant and (test.value is None or type(test.value) in (bool, int)):
        return bool(test.value)
    if type(test) is ast.UnaryOp and type(test.op) is ast.Not:
        inner = literal_truth(test.operand)
        return None if inner is None else not inner
    if type(test) is ast.BoolOp:
        values = [literal_truth(value) for value in test.values]
        if type(test.op) is ast.And:
            if False in values:
                return False
            return True if all(values) else None
        if True in values:
            return True
        return False if all(value is False for value in values) else None
    return None


def record_spans(summary: ModuleSummary, text: str, python_tree=None) -> None:
    """Positions of every node a finding may name, kept (and cached) with the summary."""
    refs = {event.ref for event in summary.events}
    refs.update(record.ref for record in summary.calls.values())
    if not refs:
        return
    index = PositionIndex(text, python_tree)
    summary.spans = {ref: index.span(ref) for ref in refs}


class ModuleAnalyzer:
    """Holds what is shared by every function of one module."""

    def __init__(
        self,
        summary: ModuleSummary,
        specs: Specs,
        tree: cst.Module,
        text: str = "",
        imported_constants: Optional[dict] = None,
    ) -> None:
        self.summary = summary
        self.text = text
        self.specs = specs
        self.tree = tree
        self.ordinals = number_statements(tree)
        self.made_nodes: list = []  # nodes built for lambdas: kept alive, their ids numbered
        self.lambda_names: dict[int, str] = {}  # id of a lambda -> the function it became
        self.partials: dict[int, cst.Lambda] = {}  # id of a ``partial(...)`` -> its lambda
        self.constants: dict[str, str] = {}
        self.imported_constants: dict[str, str] = imported_constants or {}
        self.proxies = module_proxies(text)  # lazy import proxies defined here
        # the calls of a forwarder's callable with its own ``*args, **kwargs`` (their ids)
        self.forwarding_calls: set = set()
        # names called with a starred first argument somewhere in the text (``f(*args``):
        # only a parameter among them can be a forwarder's callable
        self.star_callees = star_callees(text)
        # names read under a literal key somewhere in the text (``p.get("k")``): only a
        # parameter among them can be read under keys alone
        self.keyed_names = keyed_names(text)
        self.literal_columns: dict[str, tuple] = {}  # set by _collect_module_defs
        # clients built here with no model (``Agent()``), and whether a later call gave one
        self.deferred_models: set = set()
        self.models_given = False
        self.config = ConfigRules(self)
        self.module_defs: set[str] = set()
        self.function_defs: dict[str, cst.FunctionDef] = {}  # module-level, by name
        self._rebound: Optional[frozenset] = None  # see rebound_names
        self.context_first: set[str] = set()  # functions whose first parameter is a RunContext
        self.field_kinds: dict[str, FieldKinds] = {}  # class -> what its own fields hold

    def run(self) -> None:
        self._collect_module_defs(self.tree.body)
        body_fn = FunctionSummary(self.summary.name, ())
        analyzer = FunctionAnalyzer(self, body_fn, None, {}, module_level=True)
        analyzer.analyze(self.tree.body)
        self.summary.functions[self.summary.name] = body_fn
        for name, value in analyzer.env.items():
            if value:
                self.summary.globals[name] = value
        if self.deferred_models and not self.models_given:
            self.summary.runtime_model = True  # built with no model, and none given later
        self.config.finish()
        self.summary.constants = string_constants(self.text)  # what importers read of it
        # The rules refer back to this analyser, which holds the whole tree: without the
        # cycle, the tree is freed the moment analysis ends, not at the next full collection.
        del self.config

    def note_model(self, client, model: Optional[str]) -> None:
        """A multi-provider client's model, named by a literal (``model``) or left to run
        time (None): Claude's, another provider's, or either."""
        if model is None:
            self.summary.runtime_model = True
        elif client.model_pattern.search(model):
            self.summary.uses_claude = True
        else:
            self.summary.names_other_model = True

    def given_model(self, method: str, call) -> None:
        """A call that may give the model to a client built here without one
        (``agent.run(q, model="openai:gpt-5")``, ``agent.realtime("openai:gpt-realtime")``)."""
        client, first = self.specs.deferred_model_methods[method]
        if client not in self.deferred_models:
            return
        model = call.model_name(client.model_pattern, positional=first)
        if model is None and call.node_keyword("model") is None and not (first and call.positional):
            return  # this call gives no model: the one the client was built with, if any
        self.models_given = True
        self.note_model(client, model)

    def rebound_names(self) -> frozenset:
        """The names the module body (outside its functions and classes) binds more than once."""
        if self._rebound is None:
            counter = _BindingCounter()
            for stmt in self.tree.body:
                stmt.visit(counter)
            self._rebound = frozenset(n for n, count in counter.counts.items() if count > 1)
        return self._rebound

    def _collect_module_defs(self, body) -> None:
        bound: dict = {}
        for stmt in body:
            if type(stmt) in (cst.FunctionDef, cst.ClassDef):
                self.module_defs.add(stmt.name.value)
                if type(stmt) is cst.FunctionDef:
                    self.function_defs[stmt.name.value] = stmt
            elif type(stmt) is cst.SimpleStatementLine:
                for small in stmt.body:
                    for name, value in assigned_names(small):
                        bound[name] = None if name in bound else column_strings(value)
        # module-level names bound once to a literal collection of strings or of tuples of
        # strings (``MODELS = [("openai:gpt-5", "OPENAI_API_KEY"), ...]``): position by position
        self.literal_columns = {name: cols for name, cols in bound.items() if cols}

    def qualify(self, local: str) -> str:
        return f"{self.summary.name}.{local}"

    def class_ancestors(self, cls: str) -> Optional[set]:
        """``cls`` and the names of its bases, for a class of this module (None otherwise);
        a base from another module stands by its qualified and its short name."""
        if cls not in self.summary.classes:
            return None
        found: set = set()
        stack = [cls]
        while stack:
            current = stack.pop()
            if current in found:
                continue
            found.add(current)
            found.add(current.rsplit(".", 1)[-1])
            stack.extend(self.summary.classes.get(current, []))
        return found

    def is_project_candidate(self, qualified: str) -> bool:
        """Could ``qualified`` name a function of the analysed project?"""
        root = qualified.split(".", 1)[0]
        if root in STDLIB or qualified in BUILTIN_NAMES:
            return False
        return root not in self.specs_roots()

    def specs_roots(self) -> frozenset:
        roots = getattr(self, "_roots", None)
        if roots is None:
            names = [
                *self.specs.function_sinks,
                *self.specs.type_factories,
                *self.specs.type_instances,
                *self.specs.client_factories,
                *self.specs.function_sources,
            ]
            project = {
                value
                for key, value in self.imported_constants.items()
                if key.startswith(PROJECT_ROOT_PREFIX)
            }  # a project module shadows a library of its name (``llm``)
            roots = frozenset(n.split(".", 1)[0] for n in names) - {self.root_package(), *project}
            self._roots = roots
        return roots

    def root_package(self) -> str:
        return self.summary.name.split(".", 1)[0]


class FunctionAnalyzer:
    """Interprets one function body (or the module body)."""

    def __init__(
        self,
        module: ModuleAnalyzer,
        fn: FunctionSummary,
        cls: Optional[str],
        env: Env,
        module_level: bool = False,
    ) -> None:
        self.m = module
        self.specs = module.specs
        self.fn = fn
        self.cls = cls
        self.env: Env = env
        self.module_level = module_level
        self.local_imports: dict[str, str] = {}
        self.prompt_uses: dict[str, set] = {}
        self.deps: dict[str, set] = {}
        # ``except … as e``: the handler's own name for ``e`` in the backward flow, while its
        # body runs (each handler binds a new exception; Python deletes it at the end)
        self.handler_names: dict[str, str] = {}
        self.handler_numbers: dict[int, int] = {}  # id of a handler node -> its number
        # name -> {(read, call record id, argument key)}: ``name = f(read)`` takes ``read``
        # through call ``f``, which passes it on only if ``f`` returns that argument
        self.deps_through: dict[str, set] = {}
        self.recorded: dict[int, tuple] = {}  # id of a call node -> the id of its call record
        self.claude_nodes: set[int] = set()  # ids of the call nodes that send to Claude here
        # ``conv.for_api()`` (see names_in) -> the objects ``conv`` may be
        self.result_receivers: dict[str, frozenset] = {}
        self.events: list[SinkEvent] = []
        # the guards over this function's parameters that hold where it now runs (guards.py)
        self.guards: frozenset = EMPTY
        self.param_values: dict = {name: env.get(name) for name in fn.params}
        self.body_node = None  # the body interpreted, when a function's
        self._bound_names: Optional[frozenset] = None  # see bound_names
        self.stored_results: list = []  # (sink, ref) of calls in this statement that keep results
        self.tool_blocks: frozenset = frozenset()  # names known here to hold a tool-use block
        self.tool_refs: dict = {}  # a pydantic-ai Tool(f) call node -> its reference
        self.calls: list[CallRecord] = []
        self.field_writes: list = []
        self.keyed_field_writes: list = []  # (owner, attr, labels, key -> labels, copied, writer)
        self.returns: set = set()
        # what each position of the tuples the function returns holds (``return text, usage``);
        # None once a return gives something else (a tuple of another length, a list, a name)
        self.returns_at: Optional[list] = []
        self.returns_keys: Optional[dict] = {}  # see FunctionSummary.returns_keys
        # the calls whose results the function returns as they are (``return super().m(x)``):
        # position ``i`` of its tuple is position ``i`` of theirs
        self.returns_from: list = []
        self.globals_declared: set[str] = set()
        self.plain_values: set[str] = set()  # names bound here to an in-memory container
        # names that hold a number here (an ``int`` parameter, a counter, a seed from a
        # literal list): a number is not prompt or completion text, so they carry nothing.
        # ``PLACE + name`` for a name that holds a path: no backward prompt data (``places``)
        self.numbers: set[str] = set()
        # loop names bound to one of a literal collection's strings (``for k in ("a", "b")``):
        # ``d[k]`` is one of those keys
        self.key_choices: dict[str, frozenset[str]] = {}
        # lists of fixed-size tuples built here, position by position (``rows.append((k, v))``)
        self.tuple_rows = TupleRows()
        self.tuple_parts: dict[int, list[frozenset]] = {}  # id(tuple display) -> its items
        # names bound to a dict whose literal keys are known: key -> the value's node, so that
        # ``create(**params)`` reads ``params["model"]`` and ``params["messages"]``
        self.dict_items: dict[str, dict[str, cst.BaseExpression]] = {}
        # the same dicts, key by key: what each literal key holds (``d["text"]`` is not
        # ``d["id"]``); what was written under keys not known here sits under ``None`` and is
        # part of every key's value
        self.dict_values: dict[str, dict[str, frozenset]] = {}
        # a dict comprehension's key labels that are none of its values' (by node id), and
        # those of the locals bound to one: an item read gives a value, not a key
        self.comprehension_keys: dict[int, frozenset] = {}
        self.key_only: dict[str, frozenset] = {}
        self.display_keys: dict[int, dict[str, frozenset]] = {}  # id(dict display) -> its keys
        # a dict copied from a field (``dict(other.options)``) keeps that field's keys: the
        # field reads it was copied from, by local name and by id of the copying call
        self.dict_sources: dict[str, frozenset] = {}
        self.display_sources: dict[int, frozenset] = {}
        # what was written to attributes of a local here (``args.answer = text``), attribute by
        # attribute: ``args.style`` is not ``args.answer``; the whole ``args`` holds them all
        self.attr_values: dict[str, dict[str, frozenset]] = {}
        # locals bound to a string literal (None once bound to anything else as well)
        self.local_strings: dict[str, Optional[str]] = {}
        self.local_heads: dict[str, Optional[str]] = {}  # the leading text of each, likewise
        self.local_functions: set[str] = set()  # names of functions defined in this body
        # per enclosing try: (the class raised, when known, and the data it carries)
        self.raised: list[list] = []
        self.ordinal = 0
        self.loop_depth = 0  # loops around the statement now run
        # the ref of a call or sink -> the ids of the calls of the other branch of a fork
        # outside loops, which never run with it (``branch_prompts.py``)
        self.apart: dict = {}
        # ``if ...: return`` forks of the block now run: (marks at the body, after it)
        self.early_exits: list = []
        self.lambdas = 0  # lambdas defined so far in this function
        self.occurrences: dict = {}
        self.nested: list = []

    # ---- driving ---------------------------------------------------------------------------
    def analyze(self, body) -> None:
        self.run_block(body)
        self.commit()

    def commit(self) -> None:
        s = self.m.summary
        if self.apart:
            self.restrict_prompts()
        s.events.extend(self.events)
        for record in self.calls:
            s.calls[record.id] = record
        s.field_writes.extend(self.field_writes)
        s.keyed_field_writes.extend(self.keyed_field_writes)
        self.fn.returns = frozenset(self.returns)
        shape = self.returns_at
        if shape is not None and self.returns_from:
            if shape:  # tuples here, a call's tuple there: each position takes both
                shape = [
                    item | {(*call, index) for call in self.returns_from}
                    for index, item in enumerate(shape)
                ]
            else:
                self.fn.returns_from = tuple(self.returns_from)
        self.fn.returns_at = tuple(shape or ())
        self.fn.returns_keys = dict(self.returns_keys or {})
        self.set_prompt_params()  # a module body's names too: a script sends its own
        if self.fn.no_store:
            s.events[:] = [
                e for e in s.events if not (e.rule == "ZDR202" and e.function == self.fn.qualname)
            ]
        nested, self.nested = self.nested, []  # the closures refer back to self: no cycle
        for analyze_nested in nested:
            analyze_nested()

    def backward_prompts(self) -> dict:
        """Names that end up in a prompt, with the labels that say where (flow-insensitive)."""
        result: dict[str, set] = {k: set(v) for k, v in self.prompt_uses.items()}
        module = self.m.summary.name
        changed = True
        while changed:
            changed = False
            for target, sources in self.deps.items():
                labels = result.get(target)
                if not labels:
                    continue
                for name in sources:
                    bucket = result.setdefault(name, set())
                    if not labels <= bucket:
                        bucket |= labels
                        changed = True
            for target, edges in self.deps_through.items():
                if not result.get(target):
                    continue
                for read, record_id, key in edges:
                    label = ("R", module, record_id, key, target)
                    bucket = result.setdefault(read, set())
                    if label not in bucket:
                        bucket.add(label)
                        changed = True
        mark_insides(result)
        return {k: frozenset(v) for k, v in result.items() if v}

    # ---- statements ------------------------------------------------------------------------
    def run_block(self, block) -> None:
        body = block.body if type(block) in (cst.IndentedBlock, cst.SimpleStatementSuite) else block
        outer_guards = self.guards  # an early ``return`` guards the rest of this block only
        outer_exits, self.early_exits = self.early_exits, []
        for stmt in body:
            self.run_stmt(stmt)
            if jumps(stmt) and not self.module_level:
                break  # what follows a ``return`` or ``raise`` in its block never runs
        self.guards = outer_guards
        for start, middle in self.early_exits:  # the rest of the block is the fork's other side
            self.note_apart(start, middle)
        self.early_exits = outer_exits

    def enter(self, node) -> None:
        self.ordinal = self.m.ordinals.get(id(node), self.ordinal)
        self.occurrences = {}

    def run_stmt(self, stmt) -> None:
        if type(stmt) in (cst.SimpleStatementLine, cst.SimpleStatementSuite):
            for small in stmt.body:
                self.enter(small)
                self.run_small(small)
            return
        self.enter(stmt)
        if type(stmt) is cst.FunctionDef:
            self.define_function(stmt)
        elif type(stmt) is cst.ClassDef:
            self.define_class(stmt)
        elif type(stmt) is cst.If and (truth := constant_truth(stmt.test)) is not None:
            self.eval(stmt.test)  # ``if DEBUG and False:``: one side of it never runs
            if truth:
                self.run_block(stmt.body)
            elif type(stmt.orelse) is cst.If:
                self.run_stmt(stmt.orelse)
            elif stmt.orelse is not None:
                self.run_block(stmt.orelse.body)
        elif type(stmt) is cst.If:
            self.eval(stmt.test)
            before = dict(self.env)
            outer_guards = self.guards
            body_guards, else_guards = self.param_guards(stmt.test)
            if not self.module_level and self.fn.cls and self.fn.params[:1] == ("self",):
                in_body, in_else = field_guards(stmt.test, self.fn.cls)
                body_guards, else_guards = body_guards | in_body, else_guards | in_else
            empty_in_body, empty_in_else = empty_names(stmt.test)
            self.forget_values(empty_in_body)
            self.narrow_members(stmt.test)
            narrowed = self.tool_blocks
            self.tool_blocks = narrowed | self.tool_use_tested(stmt.test)
            self.guards = outer_guards | body_guards
            marks = (len(self.calls), len(self.events))
            numbers_before = set(self.numbers)
            self.run_block(stmt.body)
            self.tool_blocks = narrowed
            after_body = self.env
            numbers_after_body = self.numbers
            self.env = dict(before)
            self.numbers = numbers_before
            self.forget_values(empty_in_else)
            self.guards = outer_guards | else_guards
            middle = (len(self.calls), len(self.events))
            if stmt.orelse is not None:
                if type(stmt.orelse) is cst.If:
                    self.run_stmt(stmt.orelse)
                else:
                    self.run_block(stmt.orelse.body)
                self.note_exclusive(marks, middle)
                self.note_apart(marks, middle)
            elif leaves_block(stmt.body) and not self.loop_depth:
                self.early_exits.append((marks, middle))
            self.env = join(after_body, self.env)
            self.numbers = numbers_after_body & self.numbers
            self.guards = outer_guards
            if leaves_block(stmt.body) and else_guards:
                if stmt.orelse is None:  # ``if response is None: return``: the rest of the
                    self.guards = outer_guards | else_guards  # block runs with a response
        elif type(stmt) is cst.For:
            labels = self.eval(stmt.iter)
            before = dict(self.env)
            numbers_before = set(self.numbers)
            self.loop_depth += 1
            for _ in range(2):
                self.enter(stmt)
                self.bind_loop_target(stmt.target, stmt.iter, labels)
                self.run_block(stmt.body)
                self.env = join(before, self.env)
            self.loop_depth -= 1
            self.numbers &= numbers_before  # the body may not run
            if stmt.orelse is not None:
                self.run_block(stmt.orelse.body)
        elif type(stmt) is cst.While:
            before = dict(self.env)
            numbers_before = set(self.numbers)
            self.loop_depth += 1
            for _ in range(2):
                self.enter(stmt)
                self.eval(stmt.test)
                self.run_block(stmt.body)
                self.env = join(before, self.env)
            self.loop_depth -= 1
            self.numbers &= numbers_before  # the body may not run
            if stmt.orelse is not None:
                self.run_block(stmt.orelse.body)
        elif type(stmt) in (cst.Try, cst.TryStar):
            before = dict(self.env)
            numbers_before = set(self.numbers)
            self.raised.append([])
            self.run_block(stmt.body)
            caught = self.route_exceptions(self.raised.pop(), stmt.handlers)
            merged = join(before, self.env)
            results = [self.env]
            numbers_after_body = self.numbers
            numbers_in_handlers = numbers_before & numbers_after_body
            numbers_after = []
            for handler, raised in zip(stmt.handlers, caught):
                self.env = dict(merged)
                self.numbers = set(numbers_in_handlers)
                outer_names = self.handler_names
                if handler.name is not None and type(handler.name.name) is cst.Name:
                    name = handler.name.name.value
                    self.env[name] = raised
                    number = self.handler_numbers.setdefault(id(handler), len(self.handler_numbers))
                    self.handler_names = {**outer_names, name: f"{name}@{number}"}
                self.run_block(handler.body)
                self.handler_names = outer_names
                results.append(self.env)
                numbers_after.append(self.numbers)
            self.env = results[0]
            self.numbers = numbers_after_body
            if stmt.orelse is not None:
                self.run_block(stmt.orelse.body)
                results[0] = self.env
            env: Env = {}
            for item in results:
                env = join(env, item)
            self.env = env
            self.numbers = self.numbers.intersection(*numbers_after)
            if stmt.finalbody is not None:
                self.run_block(stmt.finalbody.body)
        elif type(stmt) is cst.With:
            for item in stmt.items:
                labels = self.eval(item.item)
                if item.asname is not None:
                    self.assign(item.asname.name, labels, item.item)
            self.run_block(stmt.body)
        elif type(stmt) is cst.Match:
            labels = self.eval(stmt.subject)
            before = dict(self.env)
            numbers_before = set(self.numbers)
            numbers_after = numbers_before
            env: Env = {}
            for case in stmt.cases:
                self.env = dict(before)
                self.numbers = set(numbers_before)
                self.bind_pattern(case.pattern, labels)
                self.run_block(case.body)
                env = join(env, self.env)
                numbers_after = numbers_after & self.numbers
            self.env = env
            self.numbers = numbers_after

    def note_exclusive(self, start: tuple, middle: tuple) -> None:
        """The calls and sink events of an ``if``'s body and those of its ``else`` never run
        together: each keeps the records of the other branch (``FunctionSummary.exclusive``),
        so a prompt that one branch sends to Claude is not taken as copied to another
        provider by the other (``if model in CLAUDE: ... else: openai.create(...)``)."""
        body_calls, else_calls = self.calls[start[0] : middle[0]], self.calls[middle[0] :]
        if not body_calls or not else_calls:
            return
        body_refs = [r.ref for r in body_calls] + [e.ref for e in self.events[start[1] : middle[1]]]
        else_refs = [r.ref for r in else_calls] + [e.ref for e in self.events[middle[1] :]]
        exclusive = self.fn.exclusive
        for refs, others in ((body_refs, else_calls), (else_refs, body_calls)):
            ids = frozenset(record.id for record in others)
            for ref in refs:
                exclusive[ref] = exclusive.get(ref, EMPTY) | ids

    def note_apart(self, start: tuple, middle: tuple) -> None:
        """The calls and sinks of one side of a fork outside loops (from ``start`` to
        ``middle``) and the calls of the other (from ``middle`` to now) never run together:
        each ref keeps the other side's call ids (``branch_prompts.py``)."""
        if self.loop_depth:
            return
        first, second = self.calls[start[0] : middle[0]], self.calls[middle[0] :]
        if not first and not second:
            return
        first_refs = [r.ref for r in first] + [e.ref for e in self.events[start[1] : middle[1]]]
        second_refs = [r.ref for r in second] + [e.ref for e in self.events[middle[1] :]]
        for refs, others in ((first_refs, second), (second_refs, first)):
            ids = frozenset(record.id for record in others)
            if ids:
                for ref in refs:
                    self.apart[ref] = self.apart.get(ref, EMPTY) | ids

    def restrict_prompts(self) -> None:
        """Backward labels read at a call or sink on one side of a fork leave out what the
        other side's calls send (``branch_prompts.apart_from``)."""
        for record in self.calls:
            ids = self.apart.get(record.ref)
            if ids:
                record.args = tuple(apart_from(arg, ids) for arg in record.args)
                record.kwargs = tuple((key, apart_from(arg, ids)) for key, arg in record.kwargs)
                record.receiver = apart_from(record.receiver, ids)
        for event in self.events:
            ids = self.apart.get(event.ref)
            if ids:
                event.labels = apart_from(event.labels, ids)

    def raised_class(self, node) -> Optional[str]:
        """The class of ``raise Cls(...)`` / ``raise Cls``, qualified; None when not known."""
        target = node.func if type(node) is cst.Call else node
        if type(target) is cst.Name and target.value in self.env and not self.module_level:
            return None  # ``raise error``: an exception held in a variable, of any class
        return self.qualified(target)

    def handler_types(self, handler) -> Optional[list]:
        """The qualified classes a handler names; None for a bare ``except:``."""
        if handler.type is None:
            return None
        nodes = handler.type.elements if type(handler.type) is cst.Tuple else [handler.type]
        names = []
        for element in nodes:
            node = element.value if type(element) is cst.Element else element
            names.append(self.qualified(node) or callee_text(node))
        return names

    def catches(self, types: Optional[list], raised: Optional[str]) -> tuple[bool, bool]:
        """(may, surely): may a handler for ``types`` catch an exception of class ``raised``,
        and is it certain to (then no later handler sees it)? Only the classes of this module
        have a known hierarchy; another class may be caught by any handler, surely only by one
        that names it or catches everything."""
        if types is None or any(name in CATCH_ALL for name in types):
            return True, True
        if raised is None:
            return True, False
        if raised in types or raised.rsplit(".", 1)[-1] in types:
            return True, True
        builtin = builtin_exception(raised)
        if builtin is not None and all(builtin_exception(name) for name in types):
            matched = any(issubclass(builtin, builtin_exception(name)) for name in types)
            return matched, matched  # the builtin classes' hierarchy is Python's own
        ancestors = self.m.class_ancestors(raised)
        if ancestors is None:
            return True, False
        matched = any(name in ancestors for name in types)
        return matched, matched

    def route_exceptions(self, raised: list, handlers) -> list:
        """What each handler's ``as`` name receives: each raised value goes to the handlers that
        may catch it, up to the first that surely does."""
        caught: list = [set() for _ in handlers]
        types = [self.handler_types(handler) for handler in handlers]
        for cls, labels in raised:
            for index, names in enumerate(types):
                may, surely = self.catches(names, cls)
                if may:
                    caught[index] |= labels
                if surely:
                    break
        return [frozenset(item) for item in caught]

    def bind_loop_target(self, target, iterable, labels: frozenset) -> None:
        """``for target in iterable``; ``for i, item in enumerate(items)`` binds a counter to
        ``i`` (no data) and the items to ``item``; ``for name, value in d.items()`` binds a
        key to ``name``, a name as ``d.keys()`` gives (no data); the keys of a dict built here
        with literal keys are those literals (``for name in d``)."""
        if type(target) is cst.Name and self.literal_keyed(iterable):
            self.assign(target, EMPTY, None)
            return
        if is_items_call(iterable) and pair_target(target):
            self.assign(target.elements[0].value, EMPTY, None)
            self.assign(target.elements[1].value, labels, None)
            return
        if (
            type(iterable) is cst.Call
            and self.qualified(iterable.func) == "enumerate"
            and pair_target(target)
        ):
            self.assign(target.elements[0].value, EMPTY, None)
            if type(target.elements[0].value) is cst.Name:
                self.numbers.add(target.elements[0].value.value)
            rows = iterable.args[0].value if len(iterable.args) == 1 else None
            if not self.bind_row(target.elements[1].value, rows):
                self.assign(target.elements[1].value, labels, None)
            return
        columns = self.zip_columns(target, iterable)
        if columns is not None:  # ``for key, text in zip(keys, texts)``: one name per column
            for element, column in zip(target.elements, columns):
                self.assign(element.value, column, None)
            return
        if self.bind_row(target, iterable):
            return
        if type(target) in (cst.Tuple, cst.List):  # an item of the iterable, each name all of it
            for element in target.elements:
                self.assign(element.value, labels, None)
            self.note_loop_choices(target, iterable)
            return
        self.assign(target, labels, None)
        if type(target) is cst.Name and counts(iterable):
            self.numbers.add(target.value)
        self.note_loop_choices(target, iterable)

    def note_loop_choices(self, target, iterable) -> None:
        """A loop name bound to one of a literal collection's strings (``for k in ("a", "b")``,
        ``for model, key in MODELS`` over a module-level list of literal tuples) is one of them."""
        columns = column_strings(iterable)
        if columns is None and type(iterable) is cst.Name and iterable.value not in self.env:
            columns = self.m.literal_columns.get(iterable.value)
        if not columns:
            return
        if type(target) is cst.Name and len(columns) == 1 and columns[0]:
            self.key_choices[target.value] = columns[0]
        elif type(target) in (cst.Tuple, cst.List) and len(target.elements) == len(columns):
            for element, column in zip(target.elements, columns):
                if type(element.value) is cst.Name and column:
                    self.key_choices[element.value.value] = column

    def bind_row(self, target, iterable) -> bool:
        """``for row in rows`` or ``for key, text in rows`` over a list of tuples built here:
        each name gets its position (``row[0]`` reads one); True when bound so."""
        if type(iterable) is not cst.Name:
            return False
        columns = self.tuple_rows.columns(iterable.value)
        if columns is None:
            return False
        if type(target) is cst.Name:
            self.assign(target, frozenset().union(*columns), None)
            self.tuple_rows.bind_row(target.value, iterable.value)
            return True
        if type(target) not in (cst.Tuple, cst.List) or len(target.elements) != len(columns):
            return False
        if any(type(element) is cst.StarredElement for element in target.elements):
            return False
        for element, column in zip(target.elements, columns):
            self.assign(element.value, column, None)
        return True

    def zip_columns(self, target, iterable) -> Optional[list]:
        """For ``for a, b in zip(xs, ys)`` with one plain name or attribute path per column:
        the labels of each zipped iterable, in order (else None)."""
        if not (
            type(iterable) is cst.Call
            and self.qualified(iterable.func) == "zip"
            and type(target) in (cst.Tuple, cst.List)
            and len(target.elements) == len(iterable.args)
        ):
            return None
        if any(type(e) is cst.StarredElement for e in target.elements):
            return None
        if any(
            arg.star or arg.keyword is not None or not plain_chain(arg.value)
            for arg in iterable.args
        ):
            return None
        return [self.eval(arg.value) for arg in iterable.args]

    def apply_any_receiver_sinks(self, method: str, call: CallSite, receiver: frozenset) -> bool:
        """The catalog's sinks of ``method`` on any receiver but a project object (whose own
        method runs instead); True when there are some."""
        sinks = self.specs.any_receiver_sinks.get(method)
        if not sinks or any(label[0] == "O" for label in receiver):
            return False
        self.apply_sinks(sinks, call, receiver)
        return True

    def narrow_members(self, test) -> None:
        """In the body of ``if name in known:`` the name holds one of ``known``'s items: when
        ``known`` is a literal collection or a local holding only what project calls returned
        (``matching = [c for c in COMMANDS if ...]``), the name holds what the items hold,
        not what it held before (a word of the user's line that is one of the command names)."""
        if not (
            type(test) is cst.Comparison
            and type(test.left) is cst.Name
            and len(test.comparisons) == 1
            and type(test.comparisons[0].operator) is cst.In
            and test.left.value in self.env
        ):
            return
        known = test.comparisons[0].comparator
        if type(known) in (cst.List, cst.Tuple, cst.Set):
            if all(is_constant(element.value) for element in known.elements):
                self.env[test.left.value] = EMPTY
            return
        if type(known) is cst.Name:
            held = self.env.get(known.value)
            if held and all(label[0] in ("K", "V") for label in held):
                self.env[test.left.value] = frozenset(lab for lab in held if lab[0] == "K")

    def forget_values(self, names: tuple) -> None:
        """The locals a branch's test proves ``None`` or empty hold no data in that branch."""
        for name in names:
            if name in self.env:
                self.env[name] = EMPTY

    def literal_keyed(self, iterable) -> bool:
        """Is ``iterable`` a dict whose keys carry no data: one built here whose keys are all
        literals, or the function's own ``**kwargs``, keyed by the names its callers wrote?"""
        if type(iterable) is not cst.Name:
            return False
        if self.keyword_names(iterable.value):
            return True
        known = self.dict_values.get(iterable.value)
        return known is not None and None not in known

    def keyword_names(self, name: str) -> bool:
        """Is ``name`` this function's ``**kwargs`` parameter, or a parameter named for a dict
        of keyword arguments (``kwargs``, ``call_kwargs``: handed one by a runner), never bound
        again in its body? Its keys are keyword names written at the call sites, not data."""
        if self.module_level or not name:
            return False
        own = name == self.fn.kwarg or name in self.fn.params and names_keyword_dict(name)
        return own and name not in self.bound_names()

    def keys_only(self, call: CallSite, qualified: Optional[str]) -> bool:
        """``set(kwargs)``, ``sorted(kwargs)``, ``list(kwargs)``: a dict iterated whole by a
        builtin gives its keys, which for ``literal_keyed`` dicts hold no data."""
        args = call.node.args
        return (
            qualified in KEY_ITERATORS
            and len(args) == 1
            and args[0].keyword is None
            and not args[0].star
            and self.literal_keyed(args[0].value)
        )

    def iterated_param_keys(self, call: CallSite, qualified: Optional[str]):
        """``set(options)``, ``sorted(options)`` of a parameter: its keys (``param_keys``)."""
        args = call.node.args
        if qualified not in KEY_ITERATORS or len(args) != 1 or args[0].keyword or args[0].star:
            return None
        return self.param_keys(args[0].value)

    def bind_pattern(self, pattern, labels) -> None:
        if type(pattern) is cst.MatchAs and pattern.name is not None:
            self.env[pattern.name.value] = labels
        for attr in ("patterns", "keys"):
            for child in getattr(pattern, attr, ()) or ():
                inner = getattr(child, "pattern", child)
                if isinstance(inner, cst.MatchPattern):
                    self.bind_pattern(inner, labels)

    def run_small(self, small) -> None:
        self.stored_results.clear()
        if type(small) is cst.Expr:
            self.eval(small.value)
        elif type(small) is cst.Assign:
            before = len(self.events)
            labels = self.eval(small.value)
            for target in small.targets:
                self.assign(target.target, labels, small.value, first_event=before)
            self.store_results([target.target for target in small.targets])
        elif type(small) is cst.AnnAssign:
            if small.value is not None:
                before = len(self.events)
                labels = self.eval(small.value)
                self.assign(small.target, labels, small.value, first_event=before)
                self.store_results([small.target])
            elif type(small.target) is cst.Name:
                self.env[small.target.value] = self.annotation_labels(small.annotation)
        elif type(small) is cst.AugAssign:
            labels = self.eval(small.value) | self.eval(small.target)
            if type(small.operator) in (cst.AddAssign, cst.SubtractAssign) and is_number(
                small.value
            ):  # ``self.turns += 1``: a number, whatever the target held
                labels = EMPTY
            self.note_field_write(small.target, (small.value,))
            self.assign(small.target, labels, None, weak=True)
        elif type(small) is cst.Return:
            if small.value is not None:
                labels = self.eval_returned(small.value)
                self.returns |= labels
                if self.fn.cls is not None and not self.fn.static:
                    self.note_method_return(small.value)
                if self.fn.is_route and not self.is_response_call(small.value):
                    data = data_only(labels)
                    if data:
                        self.add_event("ZDR202", "a route's return value", data, text="<stmt>")
        elif type(small) in (cst.Raise, cst.Assert):
            for child in (getattr(small, "exc", None), getattr(small, "test", None)):
                if child is not None:
                    labels = self.eval(child)
                    if type(small) is cst.Raise:
                        raised = self.raised_class(child)
                        for frame in self.raised:  # the first handler that catches it
                            frame.append((raised, data_only(labels)))
            message = getattr(small, "msg", None)
            if message is not None:
                labels = data_only(self.eval(message))
                for frame in self.raised:  # a failed assert raises its message
                    frame.append(("AssertionError", labels))
        elif type(small) is cst.Del:
            self.delete(small.target)
        elif type(small) is cst.Global:
            self.globals_declared.update(n.name.value for n in small.names)
        elif type(small) in (cst.Import, cst.ImportFrom):
            self.record_import(small)

    def delete(self, target) -> None:
        if type(target) is cst.Name:
            self.env.pop(target.value, None)
        elif type(target) in (cst.Tuple, cst.List):
            for element in target.elements:
                self.delete(element.value)

    # ---- imports ---------------------------------------------------------------------------
    def record_import(self, node) -> None:
        table = self.m.summary.imports if self.module_level else self.local_imports
        summary = self.m.summary
        if type(node) is cst.Import:
            for alias in node.names:
                full = dotted_name(alias.name)
                if full is None:
                    continue
                summary.imported_modules.add(full)
                if alias.asname is not None and type(alias.asname.name) is cst.Name:
                    table[alias.asname.name.value] = full
                else:
                    root = full.split(".", 1)[0]
                    table[root] = root
                self.note_claude_import(full)
            return
        base = resolve_relative(
            summary.name, summary.is_package, len(node.relative), dotted_name(node.module)
        )
        if base is None:
            return
        summary.imported_modules.add(base)
        self.note_claude_import(base)
        if type(node.names) is cst.ImportStar:
            summary.imports.setdefault("*", []).append(base) if self.module_level else None
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            if name is None:
                continue
            local = name
            if alias.asname is not None and type(alias.asname.name) is cst.Name:
                local = alias.asname.name.value
            table[local] = f"{base}.{name}" if base else name
            summary.imported_modules.add(f"{base}.{name}")

    def note_claude_import(self, module: str) -> None:
        root = module.split(".", 1)[0]
        if root in ("anthropic", "claude_agent_sdk", "claude_code_sdk", "langchain_anthropic"):
            self.m.summary.uses_claude = True

    def resolve_name(self, name: str) -> Optional[str]:
        """The qualified name a bare name refers to, if it is an import or a module def."""
        if name in self.local_imports:
            return self.local_imports[name]
        if name in self.env and not self.module_level:
            return None
        imports = self.m.summary.imports
        if name in imports and name != "*":
            imported = imports[name]
            return self.m.imported_constants.get(PROXY_PREFIX + imported, imported)
        proxied = self.m.proxies.get(PROXY_PREFIX + name)
        if proxied is not None:
            return proxied
        if name in self.m.module_defs:
            return self.m.qualify(name)
        if name in BUILTIN_NAMES and name not in self.env:
            return name
        return None

    def qualified(self, node) -> Optional[str]:
        """Resolve ``a.b.c`` when ``a`` is an import or module-level definition."""
        if type(node) is cst.Name:
            if node.value in self.env and self.module_level:
                return None
            return self.resolve_name(node.value)
        if type(node) is cst.Attribute:
            base = self.qualified(node.value)
            if base is not None:
                return f"{base}.{node.attr.value}"
        return None

    # ---- definitions -----------------------------------------------------------------------
    def define_lambda(self, node: cst.Lambda) -> frozenset:
        """``lambda args: body`` as the nested function ``def <name>(args): return body``,
        named after the statement it is in; its value is that function (defined once, also
        when a runner's call reads it again)."""
        name = self.m.lambda_names.get(id(node))
        if name is not None:
            return self.read_name(name)
        self.lambdas += 1
        name = self.m.lambda_names[id(node)] = f"{LAMBDA_PREFIX}{self.ordinal}_{self.lambdas}"
        returned = cst.Return(value=node.body)
        line = cst.SimpleStatementLine(body=[returned])
        definition = cst.FunctionDef(
            name=cst.Name(name), params=node.params, body=cst.IndentedBlock(body=[line])
        )
        for made in (definition, line, returned):  # its calls are found in this statement
            self.m.ordinals[id(made)] = self.ordinal
            self.m.made_nodes.append(made)
        self.define_function(definition)
        return self.read_name(name)

    def partial_value(self, node: cst.Call) -> frozenset:
        """``partial(f, a, k=v)`` as the lambda it stands for, ``lambda *rest, **more:
        f(a, *rest, k=v, **more)``: calling it calls ``f`` with the bound arguments first.
        When ``f`` is a function of this module, the lambda takes its remaining positional
        parameters by name (``lambda text, level="info": f(a, text, level, k=v)``), so each
        argument of a later call reaches its own parameter."""
        made = self.m.partials.get(id(node))
        if made is None:
            args = list(node.args)
            if not args or args[0].star or args[0].keyword is not None:
                return EMPTY
            bound = args[1:]
            positional = [arg for arg in bound if arg.keyword is None and not arg.star]
            named = [arg for arg in bound if arg.keyword is not None or arg.star]
            more = cst.Name(PARTIAL_MORE)
            taken = self.partial_params(args[0].value, len(positional), named)
            if taken is None:
                rest = cst.Name(PARTIAL_REST)
                passed = [cst.Arg(star="*", value=rest)]
                params = cst.Parameters(star_arg=cst.Param(rest), star_kwarg=cst.Param(more))
            else:
                passed = [cst.Arg(value=param.name) for param in taken]
                params = cst.Parameters(params=taken, star_kwarg=cst.Param(more))
            call = cst.Call(
                func=args[0].value,
                args=[*positional, *passed, *named, cst.Arg(star="**", value=more)],
            )
            made = self.m.partials[id(node)] = cst.Lambda(params=params, body=call)
        return self.define_lambda(made)

    def partial_params(self, function, skipped: int, named: list) -> Optional[list]:
        """The positional parameters of module function ``function`` that a ``partial``
        leaves open (after the ``skipped`` it binds, without those it binds by keyword), as
        a lambda's parameters; None when ``function`` is not one, or takes ``*args``."""
        definition = (
            self.m.function_defs.get(function.value) if type(function) is cst.Name else None
        )
        if definition is None or function.value in self.env:
            return None
        params = definition.params
        if type(params.star_arg) is cst.Param or params.posonly_params:
            return None
        keywords = {arg.keyword.value for arg in named if arg.keyword is not None}
        return [
            cst.Param(name=param.name, default=param.default, equal=param.equal)
            for param in params.params[skipped:]
            if param.name.value not in keywords
        ]

    def define_function(self, node: cst.FunctionDef, cls: Optional[str] = None) -> None:
        owner = cls or (None if self.module_level else self.fn.qualname + ".<locals>")
        prefix = owner if owner else self.m.summary.name
        qualname = f"{prefix}.{node.name.value}"
        params, vararg, kwarg = parameter_names(node.params)
        fn = FunctionSummary(qualname, tuple(params), cls, vararg, kwarg)
        if takes_run_context(node.params):
            self.m.context_first.add(qualname)
        env: Env = {} if self.module_level or cls else self.closure_env()
        if not self.module_level and cls is None:
            fn.param_defaults = self.captured_defaults(node.params, env)
        decorators = self.read_decorators(node, fn)
        fn.static = bool(cls and decorators.get("staticmethod"))
        fn.class_level = bool(
            cls and (decorators.get("staticmethod") or decorators.get("classmethod"))
        )
        # only a constructor's is read (a class whose ``__init__`` always raises is never built)
        fn.always_raises = node.name.value == "__init__" and always_raises(node)
        if cls is None and (vararg or kwarg) and not self.m.star_callees.isdisjoint(params):
            forwarded = forwarding_calls(node, params, vararg, kwarg)
            if forwarded:
                fn.forwards = forwarded[0]
                self.m.forwarding_calls.update(id(call) for call in forwarded[1])
        fn.prompt_guard, guard_index = flag_guard(node, params)
        fn.rewrapped = any(
            callee_text(each.decorator) not in PLAIN_DECORATORS for each in node.decorators
        )
        for param in params:
            default = parameter(node.params, param).default
            value = literal_kind(default) if default is not None else None
            if value is not None:
                fn.literal_defaults[param] = value
            text = literal_string(default) if default is not None else None
            if text is not None:
                fn.text_defaults[param] = text
        keyed = self.m.keyed_names.intersection(params)
        if keyed:
            fn.keyed_params = keyed_params(node.body, keyed)
        numbers: set = set()
        data_method = self.library_data_method(cls, node.name.value) if cls else None
        for index, param in enumerate(params):
            if index == 0 and cls and not decorators.get("staticmethod"):
                env[param] = EMPTY if decorators.get("classmethod") else frozenset({("O", cls)})
                continue
            declared_param = parameter(node.params, param)
            if numeric_parameter(declared_param):
                numbers.add(param)
                env[param] = EMPTY
                continue
            if path_parameter(declared_param):
                numbers.add(PLACE + param)
            annotation = declared_param.annotation
            declared = self.annotation_labels(annotation) if annotation else EMPTY
            returned = self.callable_returns(annotation) if annotation else EMPTY
            if returned:  # what calling it gives when no caller says more
                fn.param_returns[param] = returned
            classes = frozenset(lab for lab in declared if lab[0] in ("O", "G"))
            if classes:  # settled against what callers pass (``Project.resolve``)
                fn.param_classes[param] = classes
            env[param] = frozenset({("P", param)}) | (declared - classes)
            if "tool_input" in decorators and index == (1 if cls else 0):
                ref = decorators["tool_input"]  # an Agent SDK @tool: Claude wrote these arguments
                env[param] |= {claude_data("completion", self.m.summary.name, ref, TOOL_INPUT)}
            if data_method is not None and index == data_method[0] + 1:
                ref = self.ref("def " + node.name.value)  # the SDK calls it with Claude data
                env[param] |= {claude_data("completion", self.m.summary.name, ref, data_method[1])}
            if "tool_arguments" in decorators and index >= decorators["tool_arguments"][0]:
                ref = decorators["tool_arguments"][1]  # a pydantic-ai tool of a Claude agent
                env[param] |= {claude_data("completion", self.m.summary.name, ref, TOOL_ARGS)}
        for name in (vararg, kwarg):
            if name:
                env[name] = frozenset({("P", name)})
        self.m.summary.functions[qualname] = fn
        if owner and not cls:  # a nested function: calls to its name in this scope reach it
            self.local_imports[node.name.value] = qualname
            self.local_functions.add(node.name.value)
        sinks = decorators.get("sinks", [])

        class_param = params[0] if cls and params and decorators.get("classmethod") else None

        def analyze_body() -> None:
            inner = FunctionAnalyzer(self.m, fn, cls, env)
            inner.numbers = set(numbers)
            inner.local_imports = dict(self.local_imports) if not self.module_level else {}
            if class_param:  # ``cls(...)`` in a classmethod builds the class (``cls.m`` is its m)
                inner.local_imports[class_param] = cls
            inner.analyze_with_decorators(node, sinks)
            if guard_index:
                inner.note_calls_before_guard(node.body.body[:guard_index])
            if owner and not cls:
                self.share_prompt_uses(inner, set(env) - set(params) - {vararg, kwarg})

        if not decorators.get("never_runs"):  # a test marked to be skipped never runs
            self.nested.append(analyze_body)

    def share_prompt_uses(self, inner: FunctionAnalyzer, free: set) -> None:
        """A closure that sends one of this function's names to Claude makes it prompt data
        here too (a streaming generator that calls Claude with the view's ``history``)."""
        shared = False
        for name in sorted(free & set(inner.prompt_uses)):
            uses = self.prompt_uses.setdefault(name, set())
            if not inner.prompt_uses[name] <= uses:
                uses |= inner.prompt_uses[name]
                shared = True
        if shared:
            self.set_prompt_params()

    def names_metadata(self, path: str) -> bool:
        """Does the name at the end of ``path`` say it holds metadata (``model``,
        ``provider_name``, ``request_id``)? Formatted into a prompt, a model name or an id is
        not what the conversation says, so it is not backward prompt data."""
        if path.endswith(")") or path.endswith("]"):
            return False
        name = path[len(INSIDE) :] if path.startswith(INSIDE) else path
        return self.specs.metadata.holds_key(name.rsplit(".", 1)[-1])

    def set_prompt_params(self) -> None:
        """The backward prompt labels of this function's names, and of its parameters: those
        sent whole, and the access paths of those of which a part is sent (``job.task``).

        In a module body, only of the names it binds once: a long script reuses a name for
        unrelated values (``file_name`` of one loop and of another), and the backward flow
        does not tell its bindings apart."""
        prompt_vars = {
            path: labels
            for path, labels in self.backward_prompts().items()
            if not self.names_metadata(path)
        }
        if self.module_level and prompt_vars:
            rebound = self.m.rebound_names()
            prompt_vars = {
                path: labels
                for path, labels in prompt_vars.items()
                if path_root(path) not in rebound
            }
        self.fn.prompt_vars = prompt_vars
        for param in (*self.fn.params, self.fn.kwarg) if self.fn.kwarg else self.fn.params:
            whole = prompt_vars.get(param)
            if whole:
                self.fn.prompt_params[param] = whole
            parts = {
                key[len(param) :]: labels
                for key, labels in prompt_vars.items()
                if under(key, param) and not key.endswith("()")
            }
            if parts:
                self.fn.prompt_parts[param] = parts
        self.fn.result_receivers = {
            key: labels for key, labels in self.result_receivers.items() if key in prompt_vars
        }

    def closure_env(self) -> Env:
        """The enclosing function's names as a nested function sees them: values whose meaning
        depends on the function they were computed in (its parameters, its locals' prompt
        labels) are wrapped in an ``X`` label that the settlement resolves there."""
        outer = self.fn.qualname
        env: Env = {}
        for name, labels in self.env.items():
            if labels and any(label[0] in CONTEXT_KINDS for label in labels):
                keep = frozenset(lab for lab in labels if lab[0] not in CONTEXT_KINDS)
                moved = frozenset(lab for lab in labels if lab[0] in CONTEXT_KINDS)
                labels = keep | {("X", outer, moved)}
            env[name] = labels
        return env

    @staticmethod
    def captured_defaults(params: cst.Parameters, closure: Env) -> dict:
        """``{param: labels}`` for the parameters of a nested function whose default is a name
        of the enclosing scope (``def run(ctx, *, step=step)``): Python evaluates the default
        when the ``def`` runs, so a call that passes nothing for the parameter gets that value."""
        found = {}
        for param in (*params.posonly_params, *params.params, *params.kwonly_params):
            default = param.default
            if type(default) is cst.Name and closure.get(default.value):
                found[param.name.value] = closure[default.value]
        return found

    def analyze_with_decorators(self, node: cst.FunctionDef, sinks: list) -> None:
        body = node.body
        self.body_node = body
        self.run_block(body)
        if sinks:
            arguments: set = set()
            for param in self.fn.params:
                arguments |= self.read_name(param) if param != "self" else EMPTY
            result = data_only(frozenset(self.returns))
            passed = data_only(frozenset(arguments))
            for spec, ref in sinks:
                data = (result if spec.keeps_result else EMPTY) | (
                    passed if spec.keeps_arguments else EMPTY
                )
                if data:
                    self.events.append(
                        SinkEvent(spec.rule, spec.label, data, ref, self.fn.qualname)
                    )
        self.commit()

    def read_decorators(self, node: cst.FunctionDef, fn: FunctionSummary) -> dict:
        found: dict = {"sinks": []}
        self.enter(node)
        for decorator in node.decorators:
            expr = decorator.decorator
            call = expr if type(expr) is cst.Call else None
            target = call.func if call else expr
            text = callee_text(target)
            name = self.qualified(target) or ""
            last = name.rsplit(".", 1)[-1] if name else text.rsplit(".", 1)[-1]
            if last in ("staticmethod", "classmethod"):
                found[last] = True
            if name in SKIP_DECORATORS:
                found["never_runs"] = True
            if last in ("property", "cached_property"):
                fn.is_property = True
            if name in callbacks.TOOL_DECORATORS:
                found["tool_input"] = self.ref("@" + text)
            first = callbacks.AGENT_TOOL_DECORATORS.get(last)
            if first is not None and type(target) is cst.Attribute:
                if self.is_claude_agent(self.eval(target.value)):  # @agent.tool, @agent.tool_plain
                    found["tool_arguments"] = (first, self.ref("@" + text))
            if last in NO_STORE_DECORATORS or (
                last == "cache_control" and call and has_true_kw(call, "no_store")
            ):
                fn.no_store = True
            if last == "after_request" or (last == "middleware" and call):
                if "no-store" in self.m.tree.code_for_node(node):
                    self.m.summary.no_store_everywhere = True
            if type(target) is cst.Attribute and last in ROUTE_METHODS and call is not None:
                fn.is_route = True
            decorator_value = self.eval(call) if call is not None else EMPTY
            ref = self.ref("@" + text)
            if fn.cls is None:  # a registry's decorator gets the function: calls it may make
                self.decorate(decorator_value if call is not None else self.eval(target), ref, fn)
            for spec in self.specs.function_sinks.get(name, []):
                if spec.decorator and decorator_applies(spec, call):
                    found["sinks"].append((spec, ref))
            if type(target) is cst.Attribute and not name:
                receiver = self.eval(target.value)
                for spec in self.type_method_sinks(receiver, target.value, target.attr.value):
                    if spec.decorator:
                        found["sinks"].append((spec, ref))
        return found

    def library_data_method(self, cls: str, method: str) -> Optional[tuple]:
        """``(position, what)`` when ``method`` implements a library protocol that calls it with
        Claude data (an Agent SDK ``SessionStore.append`` gets the transcript entries)."""
        for base in self.m.summary.classes.get(cls, ()):
            found = callbacks.DATA_METHODS.get(base, {}).get(method)
            if found is not None:
                return found
        return None

    def define_class(self, node: cst.ClassDef, prefix: Optional[str] = None) -> None:
        if prefix is None:
            prefix = self.m.summary.name if self.module_level else self.fn.qualname + ".<locals>"
        qualname = f"{prefix}.{node.name.value}"
        bases = []
        for arg in node.bases:
            value = arg.value
            if type(value) is cst.Subscript:  # ``Model[Client]``: a generic base is the base
                value = value.value
            base = self.qualified(value)
            if base:
                bases.append(base)
        self.m.summary.classes[qualname] = bases
        kinds = self.m.field_kinds[qualname] = field_kinds(node)
        if kinds.choices:
            self.m.summary.field_choices[qualname] = kinds.choices
        if kinds.numbers:
            self.m.summary.number_fields[qualname] = tuple(sorted(kinds.numbers))
        if not self.module_level:
            self.env[node.name.value] = EMPTY
        self.enter(node)
        decorators = []
        for decorator in node.decorators:
            expr = decorator.decorator
            value = self.eval(expr)
            target = expr.func if type(expr) is cst.Call else expr
            decorators.append((value, self.ref("@" + callee_text(target))))
        class_env: Env = {}
        declared = []  # annotated class attributes: the fields of a dataclass, a model, ...
        for stmt in class_members(node.body):
            self.enter(stmt)
            if type(stmt) is cst.AnnAssign and type(stmt.target) is cst.Name:
                declared.append(stmt.target.value)
            if type(stmt) is cst.FunctionDef:
                saved = self.env
                self.env = class_env
                self.define_function(stmt, cls=qualname)
                self.env = saved
            elif type(stmt) is cst.ClassDef:
                self.define_class(stmt, prefix=qualname)
            elif type(stmt) in (cst.Assign, cst.AnnAssign) and stmt.value is not None:
                labels = self.eval(stmt.value)
                targets = (
                    [t.target for t in stmt.targets] if type(stmt) is cst.Assign else [stmt.target]
                )
                for target in targets:
                    if type(target) is cst.Name:  # a class attribute, data or not (``count = 0``)
                        self.m.config.on_name_assign(self, target.value, stmt.value)
                        self.field_writes.append((qualname, target.value, labels, self.fn.qualname))
            elif type(stmt) is cst.Expr:
                self.eval(stmt.value)
        if declared:
            self.m.summary.class_fields[qualname] = tuple(declared)
        for value, ref in reversed(decorators):  # a class registry's decorator gets the class
            self.call_value_with(value, ref, frozenset({("G", qualname)}))

    def decorate(self, decorator: frozenset, ref: tuple, fn: FunctionSummary) -> None:
        """A project decorator is called with the function it decorates (a registry keeps it)."""
        self.call_value_with(decorator, ref, frozenset({("G", fn.qualname)}))

    def call_value_with(self, value: frozenset, ref: tuple, argument: frozenset) -> None:
        """Record a call of ``value`` with one argument, made where no call is written."""
        receiver = frozenset(lab for lab in value if lab[0] in VALUE_KINDS)
        if receiver:
            site = CallSite(None, ref, ref[1], [argument], {}, EMPTY)
            self.record_call(site, receiver=receiver, method="__call__", call_id=(*ref, "value"))

    def annotation_labels(self, annotation: cst.Annotation) -> frozenset:
        return self.type_labels(annotation.annotation)

    def type_labels(self, expression) -> frozenset:
        """Markers for a value of the type ``expression`` names (the classes in a union or a
        container type); a ``Callable[..., R]`` is a function, not an ``R``."""
        labels: set = set()
        stack = [expression]
        while stack:
            node = stack.pop()
            if type(node) is cst.Subscript:
                if not self.is_callable_type(node):
                    stack.extend(e.slice.value for e in node.slice if type(e.slice) is cst.Index)
                continue
            if type(node) is cst.BinaryOperation:
                stack.extend((node.left, node.right))
                continue
            if type(node) is cst.SimpleString:
                text = literal_string(node)
                if text and text.isidentifier():
                    stack.append(cst.Name(text))
                continue
            name = self.qualified(node)
            if not name:
                continue
            labels |= self.constructed(name)
        return frozenset(labels)

    def is_callable_type(self, node: cst.Subscript) -> bool:
        """``Callable[[...], R]`` from ``typing`` or ``collections.abc``."""
        name = self.qualified(node.value)
        return name is not None and name.rsplit(".", 1)[-1] == "Callable"

    def callable_returns(self, annotation: cst.Annotation) -> frozenset:
        """The project classes whose objects a ``Callable[[...], R]`` in ``annotation`` (alone,
        in a union or ``Optional``) returns."""
        labels: set = set()
        stack = [annotation.annotation]
        while stack:
            node = stack.pop()
            if type(node) is cst.BinaryOperation:
                stack.extend((node.left, node.right))
            elif type(node) is cst.Subscript and self.is_callable_type(node):
                last = node.slice[-1].slice
                if len(node.slice) == 2 and type(last) is cst.Index:
                    labels |= self.type_labels(last.value)
            elif type(node) is cst.Subscript:  # ``Optional[...]``, ``Union[...]``
                name = self.qualified(node.value)
                if name is not None and name.rsplit(".", 1)[-1] in ("Optional", "Union"):
                    stack.extend(e.slice.value for e in node.slice if type(e.slice) is cst.Index)
        return frozenset(lab for lab in labels if lab[0] in ("O", "G"))

    def constructed(self, name: str) -> frozenset:
        """Markers for an object made by calling (or annotated as) ``name``."""
        client = self.specs.client_factories.get(name)
        if client is not None and client.model_pattern is None:
            return frozenset({("C", client.family, client.processor)})
        type_name = self.specs.type_factories.get(name)
        if type_name:
            return frozenset({("T", type_name)})
        if (
            name.startswith(self.m.summary.name + ".")
            and name.rsplit(".", 1)[-1] in self.m.module_defs
        ):
            return frozenset({("O", name)})
        if self.m.is_project_candidate(name):
            return frozenset({("G", name)})
        return EMPTY

    # ---- assignment ------------------------------------------------------------------------
    def store_results(self, targets: list) -> None:
        """A call whose result a library keeps (``stores-result``) was assigned to a name: the
        name's text is stored, which matters when it ends up in a prompt (settled backwards)."""
        if not self.stored_results or self.module_level:
            return
        for target in targets:
            if type(target) is cst.Name:
                for spec, ref in self.stored_results:
                    labels = prompt_label(target.value)
                    self.events.append(
                        SinkEvent(spec.rule, spec.label, labels, ref, self.fn.qualname)
                    )
        self.stored_results.clear()

    def eval_returned(self, value) -> frozenset:
        """The labels of a returned value, noting position by position what a returned tuple
        holds (see ``returns_at``)."""
        if type(value) is cst.Tuple and not any(
            type(element) is cst.StarredElement for element in value.elements
        ):
            items = [self.eval(element.value) for element in value.elements]
            self.returns_keys = None
            shape = self.returns_at
            if shape is not None:
                if not shape:
                    self.returns_at = items
                elif len(shape) == len(items):
                    self.returns_at = [old | new for old, new in zip(shape, items)]
                else:
                    self.returns_at = None
            return frozenset().union(*items)
        labels = self.eval(value)
        self.note_returned_keys(value)
        call = returned_call(value, labels)
        if call is not None:
            self.returns_from.append(call)
        elif not (type(value) is cst.Name and value.value == "None"):
            self.returns_at = None
        return labels

    def note_returned_keys(self, value) -> None:
        """Key by key, what a returned dict holds when its keys are all literals (a display,
        or a dict built here); any other return (but ``None``) leaves the keys unknown."""
        if self.returns_keys is None or (type(value) is cst.Name and value.value == "None"):
            return
        keys = None
        if type(value) is cst.Dict:
            keys = self.display_keys.get(id(value))
        elif type(value) is cst.Name:
            keys = self.dict_values.get(value.value)
        if not keys or None in keys:
            self.returns_keys = None
            return
        for key, labels in keys.items():
            self.returns_keys[key] = self.returns_keys.get(key, EMPTY) | labels

    def assign(
        self, target, labels: frozenset, value, weak: bool = False, first_event: int = -1
    ) -> None:
        if type(target) is cst.Name:
            name = target.value
            if name in self.local_functions:  # the nested function's name now holds a value
                self.local_functions.discard(name)
                self.local_imports.pop(name, None)
            if value is not None:
                if self.module_level:
                    text = literal_string(value)
                    if text is not None:
                        self.m.constants[name] = text
                    else:
                        self.m.constants.pop(name, None)
                self.m.config.on_name_assign(self, name, value)
            if first_event >= 0:
                for event in self.events[first_event:]:
                    if event.rule == "ZDR202" and not event.var:
                        event.var = name
            if value is not None and self.is_plain_value(value):
                self.plain_values.add(name)
            elif not weak:
                self.plain_values.discard(name)
            if value is not None and is_number(value):
                self.numbers.add(name)
            elif not weak:
                self.numbers.discard(name)
            if value is not None and self.holds_place(value):
                self.numbers.add(PLACE + name)
            elif not weak:
                self.numbers.discard(PLACE + name)
            self.key_choices.pop(name, None)
            if not weak and type(value) is cst.List and not value.elements:
                self.tuple_rows.start(name)
            else:
                self.tuple_rows.forget(name)
            if not self.module_level:
                self.note_local_string(name, value)
            if not weak:  # ``{hyp: [] for hyp in bank}``: its items are not the hypotheses
                key_only = self.comprehension_keys.get(id(value)) if value is not None else None
                if key_only:
                    self.key_only[name] = key_only
                else:
                    self.key_only.pop(name, None)
            items = self.literal_dict_items(value) if value is not None else None
            keys = self.display_keys.get(id(value)) if value is not None else None
            shared = value.value if type(value) is cst.Name else None
            if shared in self.dict_items and shared in self.dict_values and not weak:
                # ``kwargs = use_kwargs``: one dict under two names
                self.dict_items[name] = self.dict_items[shared]
                self.dict_values[name] = self.dict_values[shared]
                self.dict_sources[name] = self.dict_sources.get(shared, EMPTY)
            elif items is not None and keys is not None and not weak:
                self.dict_items[name] = items
                self.dict_values[name] = dict(keys)
                self.dict_sources[name] = self.display_sources.get(id(value), EMPTY)
            elif name in self.dict_values and passes_itself(name, value):
                pass  # ``kwargs = add_callbacks(kwargs)``: the same dict, perhaps added to
            elif not weak or items is None:
                self.dict_items.pop(name, None)
                self.dict_values.pop(name, None)
                self.dict_sources.pop(name, None)
            if not weak:
                self.attr_values.pop(name, None)
            if weak:
                current = self.env.get(name) or EMPTY
                self.env[name] = current | labels
            elif not labels and value is not None and is_constant(value):
                self.env[name] = CONST
            else:
                self.env[name] = labels
            if value is not None:
                self.note_deps(name, value)
            if name in self.globals_declared or (
                self.module_level and value is not None and self.builds_container(value)
            ):
                self.m.summary.state_vars.add(name)  # module state that functions fill
            if self.module_level or name in self.globals_declared:
                if labels:
                    self.m.summary.globals[name] = self.m.summary.globals.get(name, EMPTY) | labels
                items = self.display_keys.get(id(value)) if self.module_level else None
                if items:  # ``PROVIDERS = {"claude": Claude(), ...}``: its items, objects and all
                    self.keep_items(name, items)
            return
        if type(target) in (cst.Tuple, cst.List):
            values = None
            if type(value) in (cst.Tuple, cst.List) and len(value.elements) == len(target.elements):
                values = [e.value for e in value.elements]
            starred = any(type(e) is cst.StarredElement for e in target.elements)
            for index, element in enumerate(target.elements):
                inner = element.value
                if values is not None and type(values[index]) is not cst.StarredElement:
                    self.assign(inner, self.eval(values[index]), values[index])
                elif values is None and not starred:  # ``text, usage = ask(q)``: one position
                    self.assign(inner, position_of(labels, index), value)
                else:
                    self.assign(inner, labels, value)
            return
        if type(target) is cst.StarredElement:
            self.assign(target.value, labels, value)
            return
        if type(target) is cst.Attribute:
            self.assign_attribute(target, labels, value)
            return
        if type(target) is cst.Subscript:
            self.assign_subscript(target, labels, value)

    def items_of(self, receiver: frozenset, method: str, call: CallSite) -> frozenset:
        """What ``self.writers.values()`` or ``.get(name)`` gives of a container field or
        global besides its data: its items, objects included, once settled (an ``A`` label
        with attribute ``ITEM``, keyed when ``get`` names a literal key)."""
        if method not in ITEM_READS:
            return EMPTY
        objects = frozenset(lab for lab in receiver if lab[0] in ("F", "G"))
        if not objects:
            return EMPTY
        first = first_argument(call) if method in KEY_LOOKUPS else None
        key = literal_string(first) if first is not None else None
        return frozenset({("A", objects, ITEM if key is None else keyed_name(ITEM, key))})

    def keep_items(self, name: str, items: dict) -> None:
        """Keep the items of a module-level dict display bound to ``name``, objects included,
        under ``name[key]`` for each literal key and ``name[*]`` for any."""
        table = self.m.summary.globals
        for key, labels in items.items():
            place = keyed_name(name, UNKNOWN_KEY if key is None else key)
            table[place] = table.get(place, EMPTY) | labels
            if key is not None:
                every = keyed_name(name, UNKNOWN_KEY)
                table[every] = table.get(every, EMPTY) | labels

    def assign_attribute(self, target: cst.Attribute, labels: frozenset, value=None) -> None:
        if value is not None:
            self.m.config.on_attribute_assign(self, target, value)
            self.note_field_write(target, (value,))
        self.note_shared_write(target, labels)
        if self.holds_number(target):
            return  # a count stays a count, whatever is added to it
        chain = attribute_chain(target)
        if "cache_control" in chain and "no_store" in chain:
            self.sanitize_response(chain[0])
            return
        receiver = self.eval(target.value)
        attr = target.attr.value
        keyed = self.keyed_value(value) if labels else None
        for label in sorted(
            receiver, key=label_digest
        ):  # the summary is the same under any hash seed
            if label[0] == "O":
                owner = label[1]
            elif label[0] in OBJECT_KINDS and labels:
                owner = ("?", label)
            else:
                continue
            self.field_writes.append((owner, attr, labels, self.fn.qualname))
            if keyed is not None:  # ``self.options = dict(kwargs)``: the keys stay known
                keys, sources = keyed
                write = (owner, attr, labels, dict(keys), sources, self.fn.qualname)
                self.keyed_field_writes.append(write)
        if type(target.value) is cst.Name and target.value.value not in ("self", "cls") and labels:
            fields = self.attr_values.setdefault(target.value.value, {})
            fields[attr] = fields.get(attr, EMPTY) | labels

    def assign_subscript(self, target: cst.Subscript, labels: frozenset, value) -> None:
        if value is not None:
            self.m.config.on_subscript_assign(self, target, value)
            self.note_field_write(target.value, (value,))
        self.note_shared_write(target, labels)
        key = subscript_key(target)
        if key is not None and key.lower() == "cache-control":
            text = literal_string(value) if value is not None else None
            if text and "no-store" in text.lower():
                chain = attribute_chain(target.value)
                if chain:
                    self.sanitize_response(chain[0])
                return
        if type(target.value) is cst.Name:
            name = target.value.value
            items, known = self.dict_items.get(name), self.dict_values.get(name)
            if items is not None and known is not None:
                if key is None or value is None:
                    self.write_dict_item(name, None, labels)
                else:
                    items[key] = value
                    self.write_dict_item(name, key, labels)
        container = self.eval(target.value)
        data = data_only(labels)
        if data and any(label[0] in OBJECT_KINDS for label in container):
            site = CallSite(None, self.ref("<setitem>"), "<setitem>", [data], {}, EMPTY)
            self.record_call(
                site,
                receiver=container,
                method="__setitem__",
                receiver_name=receiver_name(target.value),
            )
        if data:
            for label in container:
                if label[0] == "T":
                    for spec in self.specs.types[label[1]].subscript_sinks:
                        self.add_event(spec.rule, spec.label, data, text="<stmt>")
            plain = type(target.value) is cst.Name and target.value.value in self.plain_values
            if not plain and not any(label[0] == "T" for label in container):
                guess = self.guess_types(target.value)
                for type_name in guess:
                    for spec in self.specs.types[type_name].subscript_sinks:
                        self.add_event(spec.rule, spec.label, data, text="<stmt>")
        self.taint_container(target.value, labels)

    def fill_container(self, receiver_node, method: str, call: CallSite) -> None:
        """A mutator (``items.append(x)``) puts its arguments' data into the container, and
        ties the names passed to it to the container's name for the backward prompt flow."""
        if method not in MUTATORS:
            return
        if method in STREAM_WRITES and not self.holds_container(receiver_node):
            return  # ``proc.stdin.write(command)``: written out, not kept in the object
        if type(receiver_node) is cst.Name:
            self.tuple_rows.add(receiver_node.value, self.appended_row(method, call))
        if not self.holds_container(receiver_node) and self.guess_types(receiver_node, method):
            return  # ``self.index.add(vectors)``: a store's sink method by its name, not a fill
        if call.positional or call.keywords:
            self.taint_container(receiver_node, call.all_args(), by_method=True)
        if type(receiver_node) is cst.Name and call.node is not None:
            for arg in call.node.args:
                self.note_deps(receiver_node.value, arg.value)

    def appended_row(self, method: str, call: CallSite) -> Optional[list]:
        """The items of the tuple display ``rows.append((k, v))`` puts in, else None."""
        node = call.node
        if method != "append" or node is None or len(node.args) != 1 or call.keywords:
            return None
        arg = node.args[0]
        if arg.star or arg.keyword is not None or type(arg.value) is not cst.Tuple:
            return None
        return self.tuple_parts.get(id(arg.value))

    def note_filled(self, name: str, filled: tuple) -> None:
        """Name ``name`` is handed to a call: when it holds a container of this function or of
        its caller (a parameter), what the callee puts into it (``filled``) is in it after."""
        if name in self.plain_values:
            self.env[name] = (self.env.get(name) or EMPTY) | {filled}
        else:  # passed on: the caller's container, filled further down
            self.fill_param(name, frozenset({filled}))

    def fill_param(self, name: str, labels: frozenset) -> None:
        """When ``name`` is a parameter (not rebound to a container here), ``labels`` go into
        the container its caller passes (``FunctionSummary.fills``)."""
        if name in self.fn.params and name not in self.plain_values and not self.module_level:
            fills = self.fn.fills
            fills[name] = fills.get(name, EMPTY) | labels

    def taint_container(self, node, labels: frozenset, by_method: bool = False) -> None:
        """``node`` holds ``labels``' data after a write into it: an item set (``x[k] = v``)
        or, ``by_method``, a mutator called on it (``x.add(v)``), which fills a container
        but is a library object's own method (a collection's ``add`` stores elsewhere)."""
        data = data_only(labels)
        if not data:
            return
        if self.shared_key(node) is not None:
            return  # ``st.session_state.turns.append(x)``: kept under its key (note_shared_write)
        if type(node) is cst.Name:
            name = node.value
            if by_method and library_object(self.env.get(name) or EMPTY):
                return  # ``collection.add(documents=...)``: the library keeps it, not the name
            self.fill_param(name, data)  # the caller's container, filled here
            local = name in self.env and name not in self.globals_declared
            imported = None if local else self.resolve_name(name)
            if imported is not None and not self.m.is_project_candidate(imported):
                return  # a library module or object: not a container of this program's
            if local or self.module_level:
                self.env[name] = (self.env.get(name) or EMPTY) | data
            if self.module_level or (not local and imported is None):
                # a module-level container filled from a function
                self.m.summary.globals[name] = self.m.summary.globals.get(name, EMPTY) | data
                if not self.module_level and param_names(data):
                    # what callers pass for a parameter put there (``HISTORY.append(text)``,
                    # ``REGISTRY[name] = function``): bound where the writer is called
                    key = f"{self.m.summary.name}.{name}"
                    self.m.summary.shared_writes.append((key, data, self.fn.qualname))
        elif type(node) is cst.Attribute:
            if self.holds_object(node):
                return  # ``self.store.insert(row)``: the store's own method keeps the row
            receiver = self.eval(node.value)
            objects = sorted((lab for lab in receiver if lab[0] == "O"), key=label_digest)
            for label in objects:
                # a mutator's write counts once the field is known to hold no library object
                owner = (METHOD_FILL, label[1]) if by_method else label[1]
                self.field_writes.append((owner, node.attr.value, data, self.fn.qualname))
            if objects:
                return
            # ``self.state.turns.append(x)``: the object the field holds keeps the data in its
            # own field, settled once that object is known (see ``Project.fill_targets``)
            fields = sorted((lab for lab in receiver if lab[0] == "F"), key=label_digest)
            for label in fields:
                write = (("fill", label), node.attr.value, data, self.fn.qualname)
                self.field_writes.append(write)
            if not fields:  # a project object holds the data in that field, not as a whole
                self.taint_container(node.value, data)
        elif type(node) is cst.Subscript:
            self.fill_dict_item(node, data)
            self.taint_container(node.value, data)

    def fill_dict_item(self, node: cst.Subscript, data: frozenset) -> None:
        """``groups["answers"].append(x)``: the item of a dict built here that is filled holds
        ``x``."""
        if type(node.value) is cst.Name and node.value.value in self.dict_values:
            self.write_dict_item(node.value.value, subscript_key(node), data)

    def write_dict_item(self, name: str, key: Optional[str], labels: frozenset) -> None:
        """``labels`` were written into dict ``name`` (built here) under literal ``key``, or
        under keys not known here when ``key`` is None."""
        if key is None:
            self.unknown_keys(name, labels)
        else:
            known = self.dict_values[name]
            known[key] = known.get(key, EMPTY) | labels

    def holds_object(self, node) -> bool:
        """Is ``node`` a ``self.attr`` that this class only sets to built objects?"""
        return self.own_field(node) in self.own_kinds().objects

    def holds_container(self, node) -> bool:
        """Is ``node`` a ``self.attr`` that this class declares or sets as a container, or a
        local bound here to a container display, ``set()`` or an in-memory buffer?"""
        if type(node) is cst.Name:
            return node.value in self.plain_values
        return self.own_field(node) in self.own_kinds().containers

    def holds_number(self, node) -> bool:
        """Is ``node`` a ``self.attr`` that this class only sets to numbers?"""
        return self.own_field(node) in self.own_kinds().numbers

    def own_kinds(self) -> FieldKinds:
        return self.m.field_kinds.get(self.fn.cls or "", NO_KINDS)

    def own_field(self, node) -> Optional[str]:
        """``attr`` for ``self.attr`` in a method, else None."""
        if (
            type(node) is cst.Attribute
            and type(node.value) is cst.Name
            and node.value.value == "self"
            and self.fn.cls is not None
        ):
            return node.attr.value
        return None

    def sanitize_response(self, name: str) -> None:
        if name in self.fn.params:  # an injected response object: its headers go out too
            self.fn.no_store = True
            self.events = [e for e in self.events if e.rule != "ZDR202"]
            return
        self.events = [e for e in self.events if not (e.rule == "ZDR202" and e.var == name)]

    def shared_key(self, node) -> Optional[str]:
        """``streamlit.session_state.history`` for ``st.session_state.history`` or
        ``st.session_state["history"]``: a key of a library store shared by the process."""
        if type(node) is cst.Attribute:
            owner, key = self.qualified(node.value), node.attr.value
        elif type(node) is cst.Subscript:
            owner, key = self.qualified(node.value), subscript_key(node)
        else:
            return None
        if owner is None or key is None or owner not in self.specs.shared_state:
            return None
        return f"{owner}.{key}"

    def place_path(self, node, qualified: Optional[str] = None) -> frozenset:
        """The backward prompt label of a read of a module-level place (``config.SETTINGS``,
        ``st.session_state.suffix``): prompt data wherever it is sent, on another page too.
        ``qualified`` is the node's qualified name, when it has one."""
        if self.module_level:
            return EMPTY
        if qualified is not None and holds_store(qualified, self.specs.shared_state):
            return EMPTY  # the store itself (``state = st.session_state``): not one key of it
        path = access_path(node)
        if path is None or self.global_place(path_root(path)) is None:
            return EMPTY
        return prompt_label(path)

    def note_shared_write(self, target, labels: frozenset) -> None:
        key = self.shared_key(target)
        if key is not None and labels:
            self.m.summary.shared_writes.append((key, labels, self.fn.qualname))

    def note_field_write(self, target, values) -> None:
        """``self.attr`` receives ``values`` (assigned, added, appended): what is written there
        is prompt data wherever the field is sent to Claude, in any method of its class family.
        So is what ``self.attr.item`` receives where field ``item`` of the objects that
        ``self.attr`` holds is sent (a ``W`` label for the dotted name ``attr.item``)."""
        attr = self.own_field(target)
        if attr is None and type(target) is cst.Attribute:
            outer = self.own_field(target.value)  # ``self.state.turns``: "state.turns"
            attr = None if outer is None else f"{outer}.{target.attr.value}"
        if attr is None:
            return
        path = "self." + attr
        for value in values:
            self.note_deps(path, value)
        self.prompt_uses.setdefault(path, set()).add(("W", self.fn.cls, attr))

    def note_opaque(self, call: CallSite) -> None:
        """A call whose result holds none of its inputs' content (``hash(query)``,
        ``len(text)``): the backward flow does not go through it (see names_in)."""
        if call.node is not None:
            self.recorded[id(call.node)] = OPAQUE_CALL

    def note_result_receiver(self, receiver_node, method: str, receiver: frozenset) -> None:
        """Keep what the receiver of ``conv.for_api()`` may be: where that result is sent, the
        fields the method returns are prompt fields of those objects."""
        if method in CONTENT_METHODS:
            return
        path = name_or_path(receiver_node)
        objects = frozenset(lab for lab in receiver if lab[0] in ("O", "P", "F", "A", "G", "K"))
        if path is not None and objects:
            key = f"{path}.{method}()"
            self.result_receivers[key] = self.result_receivers.get(key, EMPTY) | objects

    def note_method_return(self, value) -> None:
        """What a method returns is prompt data where its result is sent: all a property read
        as ``self.name`` returns (field ``name``), the fields of ``self`` a method called as
        ``obj.name()`` returns (field ``name()``: not the counts and locals it builds a result
        from). Its parameters are not: the caller's arguments follow them (``R`` labels)."""
        name = self.fn.qualname.rsplit(".", 1)[-1]
        field_name = name if self.fn.is_property else name + "()"
        params = set(self.fn.params)
        for read in self.backward_names(value):
            if self.fn.is_property and path_root(read) not in params or read.startswith("self."):
                uses = self.prompt_uses.setdefault(read, set())
                uses.add(("W", self.fn.cls, field_name))

    def backward_names(self, node, recorded=None, through: Optional[list] = None) -> set:
        """``names_in``, with a handler's exception name told apart from other handlers'."""
        found = names_in(node, recorded, through)
        if not self.handler_names:
            return found
        if through:
            through[:] = [(self.handler_alias(n), record, key) for n, record, key in through]
        return {self.handler_alias(name) for name in found}

    def handler_alias(self, path: str) -> str:
        """``path`` with its root renamed when it is the exception of the running handler."""
        if not self.handler_names:
            return path
        inside = path.startswith(INSIDE)
        rest = path[len(INSIDE) :] if inside else path
        root = path_root(rest)
        alias = self.handler_names.get(root)
        if alias is None:
            return path
        return (INSIDE if inside else "") + alias + rest[len(root) :]

    def note_deps(self, name: str, value) -> None:
        if PLACE + name in self.numbers:  # a path to a folder is not what it was named after
            return
        through: list = []
        names = self.backward_names(value, self.recorded, through)
        if names:
            self.deps.setdefault(name, set()).update(names)
        if through:
            self.deps_through.setdefault(name, set()).update(through)

    # ---- expressions -----------------------------------------------------------------------
    def read_name(self, name: str, with_attributes: bool = True) -> frozenset:
        """What ``name`` holds here; ``with_attributes``: with the data written to its
        attributes in this function (left out where one attribute is read)."""
        if name in self.numbers:
            return EMPTY
        fields = self.attr_values.get(name) if with_attributes else None
        if fields:
            data = frozenset().union(*fields.values())
            return self.read_name(name, with_attributes=False) | data_only(data)
        value = self.env.get(name, EMPTY) if name in self.env else None
        if value is None and name in self.env:
            return EMPTY
        if value is None:
            if not self.module_level and (
                name in self.m.summary.globals or name in self.globals_declared
            ):
                value = frozenset({("G", self.m.qualify(name))})
            else:
                qualified = self.resolve_name(name)
                value = self.named_object(qualified) if qualified else EMPTY
        if PLACE + name in self.numbers:  # a path: where data is, even written in a prompt
            return value
        if name in self.env or (not self.module_level and name in self.fn.params):
            # prompt data if the name ends up in a prompt anywhere in this function (or in
            # this module's body: a script, a notebook, a Streamlit page)
            value = value | prompt_label(self.handler_alias(name))
        elif self.global_place(name) is not None:  # or anywhere in the program
            value = value | prompt_label(name)
        return value

    def holds_place(self, node) -> bool:
        """Does ``node`` give a path: ``folder / name``, ``Path(x)``, ``os.path.join(...)``, a
        path method of one (``Path(x).expanduser().resolve()``), a name holding one, or both
        sides of ``a if c else b``? A path says where data is kept: formatted into a prompt
        ("you work in ~/src/app") it is not what was said (the catalog's ``places``). What
        the path is built from still flows through it (``root / title`` holds the title)."""
        kind = type(node)
        if kind is cst.BinaryOperation:
            return type(node.operator) is cst.Divide
        if kind is cst.IfExp:
            return self.holds_place(node.body) and self.holds_place(node.orelse)
        if kind is cst.Name:
            return PLACE + node.value in self.numbers
        if kind is not cst.Call:
            return False
        func = node.func
        if type(func) is cst.Attribute and func.attr.value in self.specs.place_methods:
            return self.holds_place(func.value)
        return self.qualified(func) in self.specs.place_functions

    def builds_container(self, value) -> bool:
        """A list, dict or set display or comprehension, or a call of a collection type
        (``defaultdict(list)``): a value that code adds to later."""
        if type(value) in (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp):
            return True
        if type(value) is cst.Call:
            name = self.qualified(value.func)
            return name in CONTAINER_TYPES
        return False

    def global_place(self, root: str) -> Optional[str]:
        """The qualified name of module-level variable ``root`` (of this module or imported
        from the project), or of the library module holding a shared store, recorded for the
        settlement: what such a place holds is prompt data where it is sent, in any function."""
        if self.module_level or root in self.env or root in self.fn.params:
            return None
        if root in self.m.summary.state_vars or root in self.globals_declared:
            qualified = self.m.qualify(root)
        else:
            qualified = self.resolve_name(root)
            if qualified is None or qualified in self.m.imported_constants:
                return None
            if not holds_store(qualified, self.specs.shared_state):
                if qualified.startswith(self.m.summary.name + ".") or not (
                    self.m.is_project_candidate(qualified)
                ):
                    return None
        self.fn.global_roots[root] = qualified
        return qualified

    def named_object(self, qualified: str) -> frozenset:
        type_name = self.specs.type_instances.get(qualified)
        if type_name:
            return frozenset({("T", type_name)})
        if qualified.rpartition(".")[0] in self.specs.shared_state:
            return frozenset({("G", qualified)})  # a key of a shared store, settled later
        if qualified.startswith(self.m.summary.name + "."):
            # a function or class of this module as a value: what it is, the settlement knows
            return frozenset({("G", qualified)})
        if self.m.is_project_candidate(qualified):
            return frozenset({("G", qualified)})
        return EMPTY

    def eval(self, node) -> frozenset:
        method = getattr(self, "eval_" + type(node).__name__, None)
        if method is not None:
            return method(node)
        return EMPTY

    def eval_Name(self, node: cst.Name) -> frozenset:
        return self.read_name(node.value)

    def tool_use_tested(self, test) -> frozenset:
        """Names that ``test`` proves hold a tool-use block: ``b.type == "tool_use"`` (or
        ``in (...)`` of such types), ``isinstance(b, ToolUseBlock)``, alone or in an ``and``."""
        if type(test) is cst.BooleanOperation and type(test.operator) is cst.And:
            return self.tool_use_tested(test.left) | self.tool_use_tested(test.right)
        specs = self.specs
        if (
            type(test) is cst.Comparison
            and len(test.comparisons) == 1
            and type(test.left) is cst.Attribute
            and test.left.attr.value == "type"
            and type(test.left.value) is cst.Name
        ):
            target = test.comparisons[0]
            if type(target.operator) is cst.Equal:
                values = [target.comparator]
            elif type(target.operator) is cst.In and type(target.comparator) in (
                cst.Tuple,
                cst.List,
                cst.Set,
            ):
                values = [element.value for element in target.comparator.elements]
            else:
                values = []
            texts = [literal_string(value) for value in values]
            if texts and all(text in specs.tool_use_types for text in texts):
                return frozenset({test.left.value.value})
        if (
            type(test) is cst.Call
            and type(test.func) is cst.Name
            and test.func.value == "isinstance"
            and len(test.args) == 2
            and type(test.args[0].value) is cst.Name
        ):
            kinds = test.args[1].value
            nodes = (
                [element.value for element in kinds.elements]
                if type(kinds) is cst.Tuple
                else [kinds]
            )
            names = [callee_text(kind).rsplit(".", 1)[-1] for kind in nodes]
            if names and all(name in specs.tool_use_classes for name in names):
                return frozenset({test.args[0].value.value})
        return frozenset()

    def eval_Attribute(self, node: cst.Attribute) -> frozenset:
        qualified = self.qualified(node)
        if qualified is not None:
            return self.named_object(qualified) | self.place_path(node, qualified)
        if (
            self.tool_blocks
            and type(node.value) is cst.Name
            and node.value.value in self.tool_blocks
            and node.attr.value in self.specs.tool_use_attributes
        ):
            return EMPTY  # the name of the tool Claude picked: one the application declared
        if self.holds_number(node):
            return EMPTY
        base, path = self.eval_path_base(node)
        value = self.read_attribute(base, node.attr.value)
        fields = self.attr_values.get(node.value.value) if type(node.value) is cst.Name else None
        if fields:
            value = value | fields.get(node.attr.value, EMPTY)
        if path and node.attr.value not in self.specs.metadata:  # ids and counts are not prompts
            return value | prompt_label(path)
        return value

    def eval_path_base(self, node) -> tuple[frozenset, Optional[str]]:
        """The value under ``node`` (an attribute or subscript), and ``node``'s access path when
        it is a local's: the base's own prompt label is left out, the path's stands for it.
        The data written to the base's other attributes is left out of an attribute's."""
        if type(node) is cst.Attribute and type(node.value) is cst.Name:
            base = self.read_name(node.value.value, with_attributes=False)
        else:
            base = self.eval(node.value)
        path = None if self.module_level else access_path(node)
        if path is None:
            return base, None
        root = path_root(path)
        if root not in self.env and root not in self.fn.params and not self.global_place(root):
            return base, None
        inner = access_path(node.value) if type(node.value) is not cst.Name else root
        path = self.handler_alias(path)
        if not inner:
            return base, path
        return base - prompt_label(self.handler_alias(inner)), path

    @staticmethod
    def metadata_item(container: frozenset, key: str) -> frozenset:
        """An item named like metadata holds no Claude data, but in the arguments of a tool
        call, where Claude wrote every item; what a parameter, field or call result holds under
        that name is read when it settles, as an attribute named so is."""
        out = {label for label in container if label[0] == "S" and label[4] in TOOL_ARGUMENTS}
        pending = frozenset(label for label in container if label[0] in PENDING_KINDS)
        if pending:
            out.add(("A", pending, key))
        return frozenset(out)

    def metadata_key(self, node) -> Optional[str]:
        """The metadata name that key ``node`` surely is: a literal string, or a loop name
        bound to literal strings that are all metadata names (one of them)."""
        if type(node) is cst.Name and node.value in self.key_choices:
            choices = self.key_choices[node.value]
            if all(self.specs.metadata.holds_key(choice) for choice in choices):
                return min(choices)
            return None
        key = literal_string(node) if isinstance(node, cst.BaseExpression) else None
        if key is None and type(node) in (cst.Name, cst.Attribute):
            key = self.module_constant(node)  # ``attrs[REQUEST_MODEL]``: a named literal
        return key if key is not None and self.specs.metadata.holds_key(key) else None

    def read_attribute(self, receiver: frozenset, attr: str) -> frozenset:
        if not receiver:
            return EMPTY
        metadata = attr in self.specs.metadata
        out: set = set()
        pending: set = set()
        for label in receiver:
            kind = label[0]
            if kind == "S":
                if not metadata:
                    out.add(label)
            elif kind == "C":
                out.add(self.specs.client_resource(label, attr))
            elif kind == "T":
                out |= self.specs.attribute_of_type(label[1], attr)
            elif kind == "O":
                out.add(("F", label[1], attr))
            elif kind in PENDING_KINDS:
                pending.add(label)
            elif kind == "Q" and not metadata:
                out.add(label)
        if pending:
            if metadata:
                markers = frozenset(pending)
                out.add(("A", markers, attr))
            else:
                out.add(("A", frozenset(pending), attr))
        return frozenset(out)

    def eval_Subscript(self, node: cst.Subscript) -> frozenset:
        for element in node.slice:
            if type(element.slice) is cst.Index:
                self.eval(element.slice.value)
        shared = self.shared_key(node)
        if shared is not None:  # ``st.session_state["history"]``
            return frozenset({("G", shared)}) | self.place_path(node)
        base, path = self.eval_path_base(node)
        if type(node.value) is cst.Name and node.value.value in self.key_only:
            base = base - self.key_only[node.value.value]  # an item, not a key
        out = set(prompt_label(path)) if path else set()
        position = self.row_position(node)
        if position is not None:  # ``row[0]`` of a row of a tuple list built here
            return frozenset(out) | position
        known = self.dict_values.get(node.value.value) if type(node.value) is cst.Name else None
        key = subscript_key(node) if known is not None else None
        if key is not None and key in known:  # a dict whose keys are known: this key's value
            return frozenset(out) | known[key] | known.get(None, EMPTY)
        if known is not None and subscript_key(node) is None and known:
            # ``table[name]`` of a dict built here: any of its values, objects and all (a
            # table of handlers), where the dict read whole holds only its values' data
            return frozenset(out).union(*known.values())
        index = node.slice[0].slice if len(node.slice) == 1 else None
        key = self.metadata_key(index.value) if type(index) is cst.Index else None
        if key is not None:  # ``data["usage"]``: metadata, as the attribute is
            return self.metadata_item(base, key)
        literal = subscript_key(node)
        for label in base:
            if label[0] == "T":
                out |= self.specs.attribute_of_type(label[1], ITEM)
            elif label[0] == "K" and len(label) == 3 and literal is not None:
                out.add((*label, (KEYED, literal)))  # ``describe(c)["text"]``: that key's value
            elif label[0] not in ("C", "O"):
                out.add(label)
        objects = frozenset(lab for lab in base if lab[0] in OBJECT_KINDS)
        if objects:  # ``self.db["answers"]``: a library object's item, once it is known
            key = subscript_key(node)  # a literal key picks one item of a dict display
            out.add(("A", objects, ITEM if key is None else keyed_name(ITEM, key)))
        return frozenset(out)

    def row_position(self, node: cst.Subscript) -> Optional[frozenset]:
        """What ``row[i]`` holds when ``row`` runs over a tuple list built here."""
        if type(node.value) is not cst.Name or len(node.slice) != 1:
            return None
        index = node.slice[0].slice
        if type(index) is not cst.Index:
            return None
        value = index.value
        negative = type(value) is cst.UnaryOperation and type(value.operator) is cst.Minus
        number = value.expression if negative else value
        if type(number) is not cst.Integer:
            return None
        position = int(number.value) * (-1 if negative else 1)
        return self.tuple_rows.position(node.value.value, position)

    def eval_SimpleString(self, node: cst.SimpleString) -> frozenset:
        """A string that reads like a class's dotted path may name a project class: plugin
        tables load such names with ``importlib`` and call what they get."""
        raw = node.value
        if "\\" in raw or len(raw) > 200 or ("." not in raw and ":" not in raw):
            return EMPTY  # escapes, prose: not a dotted path
        text = literal_string(node)
        if text and CLASS_PATH.match(text):
            return frozenset({("N", text.replace(":", "."))})
        return EMPTY

    def eval_BinaryOperation(self, node) -> frozenset:
        left, right = self.eval(node.left), self.eval(node.right)
        if type(node.operator) in NO_TEXT_OPERATORS:
            return EMPTY
        if type(node.operator) in (cst.Add, cst.Subtract) and (
            is_number(node.left) or is_number(node.right)
        ):  # ``count + 1``: text, lists and dicts raise there, so the result is a number
            return EMPTY
        if type(node.operator) is cst.Subtract:
            # ``set(kwargs) - set(accepted)``: a set difference holds some of the left
            # operand's items, none of the right's (text has no ``-``; numbers carry no data)
            return left
        return left | right

    def eval_BooleanOperation(self, node) -> frozenset:
        left = self.eval(node.left)
        right = self.eval(node.right)
        if type(node.operator) is cst.And:
            # ``a and b`` is ``b``, or ``a`` when ``a`` is falsy (None, "", an empty
            # container), which holds no data: ``self.chat and self.chat.env.get(key)``
            return right
        return left | right

    def eval_Comparison(self, node) -> frozenset:
        self.eval(node.left)
        for target in node.comparisons:
            self.eval(target.comparator)
        operands = [node.left, *(target.comparator for target in node.comparisons)]
        if any(is_len_call(operand) for operand in operands) and all(
            isinstance(target.operator, SIZE_COMPARISONS) for target in node.comparisons
        ):  # ``len(found) != expected``: what a length is compared with is a count
            for operand in operands:
                if type(operand) is cst.Name and operand.value not in ("None", "self"):
                    self.numbers.add(operand.value)
        return EMPTY

    def eval_UnaryOperation(self, node) -> frozenset:
        labels = self.eval(node.expression)
        return EMPTY if type(node.operator) is cst.Not else labels

    def eval_FormattedString(self, node) -> frozenset:
        labels: set = set()
        for part in node.parts:
            if type(part) is cst.FormattedStringExpression:  # text: never an object
                value = self.eval(part.expression)
                if not numeric_format(part):  # ``{cost:.2f}`` formats a number, not text
                    labels |= data_of(value)
        return frozenset(labels)

    def eval_ConcatenatedString(self, node) -> frozenset:
        return self.eval(node.left) | self.eval(node.right)

    def eval_elements(self, node) -> frozenset:
        labels: set = set()
        parts = []
        for element in node.elements:
            part = self.eval(element.value)
            parts.append(None if type(element) is cst.StarredElement else part)
            labels |= part
        if type(node) is cst.Tuple and None not in parts:
            self.tuple_parts[id(node)] = parts
        return frozenset(labels)

    eval_List = eval_Tuple = eval_Set = eval_elements

    def eval_Dict(self, node) -> frozenset:
        labels: set = set()
        keys: Optional[dict] = {}
        for element in node.elements:
            if type(element) is cst.DictElement:
                self.eval(element.key)
                value = self.eval(element.value)
                key = literal_string(element.key)
                if keys is not None and key is not None:
                    keys[key] = keys.get(key, EMPTY) | value
                else:
                    keys = None
                labels |= held_by_display(value)
            else:
                labels |= held_by_display(self.eval(element.value))
                keys = None
        if keys is not None:
            self.display_keys[id(node)] = keys
            if "custom_id" in keys and "params" in keys:
                labels |= self.batch_request(node)
        return frozenset(labels)

    def batch_request(self, node: cst.Dict) -> frozenset:
        """``{"custom_id": ..., "params": {"messages": ...}}`` is a request of Anthropic's
        Message Batches API (another provider's batch line has ``url`` and ``body``): when
        its ``params`` hold messages or a system prompt, the request holds prompt data,
        wherever it goes (a JSONL file for upload, a queue). The request is the source, not
        the names it was built from: the same messages may go to another provider's batch in
        another branch."""
        params = next(
            (
                element.value
                for element in node.elements
                if type(element) is cst.DictElement and literal_string(element.key) == "params"
            ),
            None,
        )
        if type(params) is not cst.Dict or not any(
            type(element) is cst.DictElement and literal_string(element.key) in BATCH_PROMPT_KEYS
            for element in params.elements
        ):
            return EMPTY
        ref = (self.ordinal, BATCH_REQUEST, 0)
        self.m.summary.uses_claude = True
        self.m.summary.born_in[ref] = self.fn.qualname
        return frozenset({claude_data("prompt", self.m.summary.name, ref, BATCH_REQUEST)})

    def eval_comprehension(self, node) -> frozenset:
        saved, saved_choices = self.env, self.key_choices
        self.env, self.key_choices = dict(self.env), dict(self.key_choices)
        saved_rows = dict(self.tuple_rows.rows)
        clause = node.for_in
        while clause is not None:
            iterable = self.eval(clause.iter)
            self.bind_loop_target(clause.target, clause.iter, iterable)
            for condition in clause.ifs:
                self.eval(condition.test)
            clause = clause.inner_for_in
        if type(node) is cst.DictComp:
            keys, values = self.eval(node.key), self.eval(node.value)
            labels = keys | values
            self.comprehension_keys[id(node)] = data_only(keys) - values
        else:
            labels = self.eval(node.elt)
        self.env, self.key_choices = saved, saved_choices
        self.tuple_rows.rows = saved_rows
        return data_only(labels) | frozenset(lab for lab in labels if lab[0] in ("T", "C"))

    eval_ListComp = eval_SetComp = eval_GeneratorExp = eval_DictComp = eval_comprehension

    def eval_IfExp(self, node) -> frozenset:
        first = len(self.calls)
        body = self.eval(node.body)
        body_calls = self.calls[first:]
        self.eval(node.test)
        second = len(self.calls)
        orelse = self.eval(node.orelse)
        else_calls = self.calls[second:]
        if type(node.body) is cst.Call and type(node.orelse) is cst.Call and body_calls:
            if else_calls:  # one of two calls runs: each is the other's alternative
                body_calls[-1].alternative = else_calls[-1].id
                else_calls[-1].alternative = body_calls[-1].id
        return body | orelse

    def eval_Await(self, node) -> frozenset:
        return self.eval(node.expression)

    def eval_Yield(self, node) -> frozenset:
        if node.value is None:
            return EMPTY
        value = node.value.item if type(node.value) is cst.From else node.value
        labels = self.eval(value)
        self.returns |= labels
        return EMPTY

    def eval_NamedExpr(self, node) -> frozenset:
        labels = self.eval(node.value)
        self.assign(node.target, labels, node.value)
        return labels

    def eval_StarredElement(self, node) -> frozenset:
        return self.eval(node.value)

    def eval_Lambda(self, node) -> frozenset:
        """A lambda is a function, defined here: its value calls its body with the arguments
        of whoever calls it (a callback handed on, a runner's function). At module level its
        body is looked at for calls only."""
        if not self.module_level:
            return self.define_lambda(node)
        saved = self.env
        self.env = dict(self.env)
        params, vararg, kwarg = parameter_names(node.params)
        for name in (*params, vararg, kwarg):
            if name:
                self.env[name] = EMPTY
        self.eval(node.body)
        self.env = saved
        return EMPTY

    # ---- calls -----------------------------------------------------------------------------
    def ref(self, text: str) -> tuple:
        key = text
        count = self.occurrences.get(key, 0)
        self.occurrences[key] = count + 1
        ref = (self.ordinal, text, count)
        if self.guards:
            self.fn.guarded[ref] = self.guards
        return ref

    def param_guards(self, test) -> tuple[frozenset, frozenset]:
        """The guards of ``if test:`` (``guards.branch_guards``) over parameters that still
        hold what the caller passed."""
        if self.module_level:
            return EMPTY, EMPTY
        body, orelse = branch_guards(test)
        if not body and not orelse:
            return EMPTY, EMPTY
        values = self.param_values
        rebound = self.rebound_params()

        def passed(guard: tuple) -> bool:
            return all(name in values and name not in rebound for name in guard[1:])

        return (
            frozenset(guard for guard in body if passed(guard)),
            frozenset(guard for guard in orelse if passed(guard)),
        )

    def passed_params(self, args) -> tuple:
        """The ``(slot, parameter)`` pairs of a call's arguments that are this function's
        parameters, still holding what its caller passed (a flag handed on)."""
        values = self.param_values
        if not values or self.module_level:
            return ()
        out = []
        for index, arg in enumerate(args):
            value = arg.value
            if type(value) is cst.Name and value.value in values:
                if value.value not in self.rebound_params():
                    out.append(
                        (arg.keyword.value if arg.keyword is not None else index, value.value)
                    )
        return tuple(out)

    def param_keys(self, node) -> Optional[frozenset]:
        """The keys of parameter ``node`` taken whole (``set(options)``, ``sorted(options)``),
        when it is a parameter still holding what its callers
        passed: settled as no data where every caller passes its own ``**kwargs`` there
        (``Project.keyword_keyed``), else as the parameter's data. None for anything else."""
        if self.module_level or type(node) is not cst.Name:
            return None
        name = node.value
        if name not in self.param_values or name in self.rebound_params():
            return None
        return frozenset({("A", frozenset({("P", name)}), KEYS)})

    def rebound_params(self) -> frozenset:
        """The parameters that the function's body binds again (``debug = debug or ...``):
        a test of one says nothing of what the caller passed."""
        return self.bound_names().intersection(self.param_values)

    def bound_names(self) -> frozenset:
        """The names the function's body binds (``guard_syntax.bound_in``), read when first
        asked."""
        if self._bound_names is None:
            body = self.body_node
            self._bound_names = frozenset(bound_in(body)) if body is not None else EMPTY
        return self._bound_names

    def add_event(self, rule: str, label: str, labels: frozenset, ref=None, text: str = "") -> None:
        if ref is None:
            ref = (self.ordinal, text or "<stmt>", 0)
            if self.guards:
                self.fn.guarded[ref] = self.guards
        self.events.append(SinkEvent(rule, label, labels, ref, self.fn.qualname))

    def eval_Call(self, node: cst.Call) -> frozenset:
        func = node.func
        if type(func) is cst.Subscript and names_types(func):
            func = func.value  # ``Client[Any](...)``: a generic class called is the class
        text = callee_text(func)
        ref = self.ref(text)
        qualified = self.qualified(func)
        chain_receiver = None
        method = ""
        if qualified is None and type(func) is cst.Attribute:
            chain_receiver, method = self.split_receiver(func)
        runner = callbacks.runner_for(qualified, func)
        positional: list = []
        keywords: dict = {}
        splat: set = set()
        spread: set = set()  # what ``*args`` gives: positional parameters only
        spread_from = ""  # the function's own ``*args``, when that is all that is spread
        spread_also: set = set()  # what the ``**`` part holds besides
        items: dict = {}  # a runner's literal ``args=`` tuple, element by element
        for arg in node.args:
            elements = None
            if runner is not None and arg.keyword is not None:
                if arg.keyword.value == runner.args_kw:
                    elements = callbacks.literal_items(arg.value)
            if elements is not None:
                items[arg.keyword.value] = [self.eval(element) for element in elements]
                labels = frozenset().union(*items[arg.keyword.value])
            else:
                labels = self.eval(arg.value)
            known = self.splat_keys(arg)
            if known is not None:  # ``f(**params)``, the keys of ``params`` known: key by key
                paths = frozenset(lab for lab in labels if lab[0] == "V")
                for key, value in known.items():
                    value = value | own_paths(paths, known, key)
                    if key is None:
                        splat |= value
                        spread_also |= value
                    else:
                        keywords[key] = keywords.get(key, EMPTY) | value
            elif arg.star:
                splat |= labels
                if arg.star == "*":
                    own = type(arg.value) is cst.Name and arg.value.value == self.fn.vararg
                    spread_from = arg.value.value if own and not spread else "?"
                    spread |= labels
                else:
                    spread_also |= labels
            elif arg.keyword is not None:
                keywords[arg.keyword.value] = labels
            else:
                positional.append(labels)
        call = CallSite(node, ref, text, positional, keywords, frozenset(splat))
        if spread_from == "?":  # ``Toolbox(*tools)``: items for a ``*args`` parameter
            call.star = frozenset(spread)
        if spread_from not in ("", "?"):
            keyed = frozenset().union(*keywords.values()) if keywords else EMPTY
            call.spread = frozenset(spread) - keyed - spread_also
        call.constant = self.module_constant
        call.head = self.local_heads.get
        call.choices = self.key_choices.get
        if qualified == "dict" and not positional and not splat:
            self.display_keys[id(node)] = dict(keywords)
        elif qualified == "dict" and len(positional) == 1 and not keywords and not splat:
            self.copy_dict(node, positional[0])
        for arg in node.args:
            if arg.star == "**" and type(arg.value) is cst.Name:
                call.splat_items.update(self.dict_items.get(arg.value.value) or {})
                call.splat_sources |= self.dict_sources.get(arg.value.value, EMPTY)
        ran = self.run_callback(runner, call, items) if runner is not None else None
        # what a runner returns is what the function it runs returns (a future, an awaitable,
        # a ``map`` iterator), not its arguments; a partial is the function itself, to be called
        returns_callback = ran is not None and qualified != "functools.partial"
        ran = ran or EMPTY
        if self.raised and type(func) is cst.Attribute and func.attr.value in VALIDATORS:
            echoed = data_only(call.all_args())
            for frame in self.raised:  # the error quotes the rejected input
                frame.append((VALIDATION_ERROR, echoed))
        for function, position, what in callbacks.data_callbacks(qualified, node):
            self.call_with_data(call, function, position, what)
        if self.keys_only(call, qualified):
            return EMPTY  # ``set(kwargs)``: the keyword names
        keys = self.iterated_param_keys(call, qualified)
        if keys is not None:
            return keys
        if qualified is not None:
            self.m.config.on_call(self, call, qualified, None, "")
            if type(func) is cst.Attribute and func.attr.value in MUTATORS:
                self.note_shared_write(func.value, data_only(call.all_args()))
            result = self.call_function(qualified, call)
            if qualified in callbacks.TOOL_WRAPPERS:
                self.tool_refs[node] = ref  # a finding in the tool stands at its Tool(...)
            if qualified in callbacks.AGENT_FACTORIES and self.is_claude_agent(result):
                self.agent_tools(call)
            if qualified == "functools.partial" and not self.module_level:
                result = result | self.partial_value(node)
            return ran if returns_callback else result | ran
        if self.is_super_call(func):
            return self.record_call(
                call, receiver=frozenset({("O", self.cls)}), method=func.attr.value, after=self.cls
            )
        if chain_receiver is not None:
            receiver_labels = self.eval(chain_receiver)
            self.m.config.on_call(self, call, None, receiver_labels, method)
            result = self.call_method(receiver_labels, chain_receiver, method, call)
            return ran if returns_callback else result | ran
        return self.call_value(self.eval(func), call) | ran

    def copy_dict(self, node: cst.Call, labels: frozenset) -> None:
        """``dict(other)``: a copy of a dict built here keeps its keys; a copy of a field
        (``dict(self.options)``) keeps the field's keys, known only when the project is settled
        (``dict_sources``); any other copy has keys not known here. Keys set on it later are
        added to those."""
        other = node.args[0].value
        if type(other) is cst.Name and other.value in self.dict_values:
            self.display_keys[id(node)] = dict(self.dict_values[other.value])
            self.display_sources[id(node)] = self.dict_sources.get(other.value, EMPTY)
            return
        self.display_keys[id(node)] = {None: labels}
        if type(other) is cst.Attribute:
            self.display_sources[id(node)] = frozenset(
                lab for lab in labels if lab[0] in ("A", "F")
            )

    def keyed_value(self, value) -> Optional[tuple]:
        """(what each key holds, the fields copied in) for a dict whose keys are known here:
        a local built here, its copy, or a display; None for any other value."""
        if type(value) is cst.Name and value.value in self.dict_values:
            return self.dict_values[value.value], self.dict_sources.get(value.value, EMPTY)
        if value is not None and id(value) in self.display_keys:
            return self.display_keys[id(value)], self.display_sources.get(id(value), EMPTY)
        return None

    def call_value(self, callee: frozenset, call: CallSite) -> frozenset:
        """Call a value. A Claude API method taken as a value (``create =
        client.messages.create``) is that Claude call; a value that may hold a project
        function, a bound method, a class or a callable object is recorded for the settlement,
        which calls what it holds."""
        result: set = set()
        for label in sorted((lab for lab in callee if lab[0] == "C" and len(lab) > 3), key=repr):
            source = self.specs.client_sources.get(label[1], {}).get(label[3])
            if source is not None:
                result |= self.claude_call(source, call, label[3], client_doubt(label))
        if result:
            return frozenset(result)
        receiver = frozenset(lab for lab in callee if lab[0] in VALUE_KINDS)
        if receiver:
            return self.record_call(call, receiver=receiver, method="__call__")
        return data_of(callee | call.all_args())

    def is_claude_agent(self, labels: frozenset) -> bool:
        return any(lab[0] == "C" and lab[1] in callbacks.AGENT_FAMILIES for lab in labels)

    def agent_tools(self, call: CallSite) -> None:
        """A Claude agent built with ``tools=[f, Tool(g), ...]`` calls each function with the
        arguments Claude wrote: every parameter but a leading ``RunContext``."""
        for function, takes_ctx, wrapper in callbacks.agent_tool_functions(
            call.node, self.qualified
        ):
            qualified = self.qualified(function)
            if takes_ctx is None and qualified is not None:
                takes_ctx = qualified in self.m.context_first
            start = 1 if takes_ctx else 0
            source = frozenset(
                {claude_data("completion", self.m.summary.name, call.ref, TOOL_ARGS)}
            )
            positional = [EMPTY] * start + [source] * (callbacks.TOOL_ARITY - start)
            callback = callbacks.Callback(function, positional, {})
            site = call
            if wrapper is not None and wrapper in self.tool_refs:
                site = CallSite(wrapper, self.tool_refs.pop(wrapper), "Tool", [], {}, EMPTY)
            call_id = (*site.ref, "callback", "tools", callee_text(function))
            self.record_callback(site, callback, call_id)

    def is_super_call(self, func) -> bool:
        """``super().m`` or ``super(ThisClass, self).m`` inside a method of ``self.cls``."""
        if self.cls is None or type(func) is not cst.Attribute:
            return False
        inner = func.value
        if type(inner) is not cst.Call or self.qualified(inner.func) != "super":
            return False
        if not inner.args:
            return True
        return len(inner.args) == 2 and self.qualified(inner.args[0].value) == self.cls

    def call_with_data(self, call: CallSite, function, position: int, what: str) -> None:
        """Record that ``function`` (a hook, a ``can_use_tool``) is called with Claude data at
        ``position``, at the call site that hands it to the Agent SDK."""
        source = frozenset({claude_data("completion", self.m.summary.name, call.ref, what)})
        positional = [EMPTY] * position + [source]
        callback = callbacks.Callback(function, positional, {})
        call_id = (*call.ref, "callback", position, callee_text(function))
        self.record_callback(call, callback, call_id)

    def run_callback(self, runner, call: CallSite, items: dict) -> Optional[frozenset]:
        """Record the call a runner makes (``executor.submit(save, answer)`` calls ``save``)
        at the runner's call site; its result is the result of that call (None: the runner's
        function is not one that can be read here)."""
        callback = callbacks.callback_of(
            runner, call.node, call.positional, call.keywords, call.splat, items
        )
        if callback is None:
            return None
        return self.record_callback(call, callback, (*call.ref, "callback"))

    def record_callback(self, call: CallSite, callback, call_id: tuple) -> Optional[frozenset]:
        """Record the call of ``callback`` and return its result (None: a function that is
        not the project's, or a value not known here)."""
        target = callback.function
        site = CallSite(
            None, call.ref, call.text, callback.positional, callback.keywords, callback.splat
        )
        qualified = self.qualified(target)
        if qualified is not None:
            if not self.m.is_project_candidate(qualified):
                return None
            return self.record_call(site, callee=qualified, call_id=call_id)
        if type(target) is cst.Attribute and plain_chain(target.value):
            receiver = self.eval(target.value)
            # ``partial(store.put_object, ...)``
            self.apply_any_receiver_sinks(target.attr.value, site, receiver)
            return self.record_call(
                site,
                receiver=receiver,
                method=target.attr.value,
                receiver_name=receiver_name(target.value),
                call_id=call_id,
            )
        value = frozenset(lab for lab in self.eval(target) if lab[0] in VALUE_KINDS)
        if value:  # a variable, a partial, a call's result: the settlement calls what it holds
            return self.record_call(site, receiver=value, method="__call__", call_id=call_id)
        return None

    def split_receiver(self, func: cst.Attribute):
        """Split ``x.a.b.c`` into a receiver and a method path, longest source path first."""
        chain = []
        node = func
        while type(node) is cst.Attribute:
            chain.append(node.attr.value)
            node = node.value
        chain.reverse()
        for size in range(min(4, len(chain)), 1, -1):
            path = ".".join(chain[-size:])
            if path in self.specs.fallback_paths or any(
                path in by for by in self.specs.client_sources.values()
            ):
                receiver = func
                for _ in range(size):
                    receiver = receiver.value
                return receiver, path
        return func.value, chain[-1]

    def call_function(self, qualified: str, call: CallSite) -> frozenset:
        specs = self.specs
        if qualified in specs.sanitizer_functions:
            self.note_opaque(call)
            return EMPTY
        source = specs.function_sources.get(qualified)
        if source is not None and (not source.argv0 or runs_program(call.node, source)):
            return self.claude_call(source, call, qualified)
        if source is not None:  # a process runner starting another program: what that
            self.note_opaque(call)  # program prints is its output, not the command line
            return EMPTY
        client = specs.client_factories.get(qualified)
        if client is not None:
            if client.model_pattern is None:
                return frozenset({("C", client.family, client.processor)})
            model = call.model_name(client.model_pattern)
            if model is not None and client.model_pattern.search(model):
                self.m.summary.uses_claude = True
                return frozenset({("C", client.family, client.processor)})
            given = frozenset(lab for lab in call.all_args() if lab[0] == "C")
            if (
                model is None
                and client.model_later
                and call.node_keyword("model") is None
                and not call.positional
            ):
                self.m.deferred_models.add(client)  # the model comes with a later call
                return given
            self.m.note_model(client, model)
            if model is None:  # named at run time: Claude's or another provider's
                return given | {("C", client.family, RUNTIME_CLIENT)}
            return given
        if (
            qualified in FILE_OPENERS
            or qualified.endswith(".open")
            and qualified.startswith("aiofiles")
        ):
            return self.open_call(call)
        sinks = specs.function_sinks.get(qualified)
        if sinks:
            self.apply_sinks(sinks, call, EMPTY)
            if any(spec.rule == "ZDR202" for spec in sinks):
                return EMPTY
        type_name = specs.type_factories.get(qualified)
        if type_name:
            return frozenset({("T", type_name)})
        if sinks:
            return EMPTY
        func = call.node.func
        if type(func) is cst.Attribute:
            receiver = self.eval(func.value)
            if any(label[0] in ("C", "T", "O") for label in receiver):
                return self.call_method(receiver, func.value, func.attr.value, call)
            any_sinks = specs.any_receiver_sinks.get(func.attr.value)
            if any_sinks:
                self.apply_sinks(any_sinks, call, EMPTY)
        if self.m.is_project_candidate(qualified):
            if type(func) is not cst.Attribute:
                return self.record_call(call, callee=qualified)
            # a project function (``store.save``), or a method of an object a project module
            # holds (``clients.client.messages.create``): the settlement decides which
            chain_receiver, method = self.split_receiver(func)
            return self.record_call(
                call,
                callee=qualified,
                receiver=self.eval(chain_receiver),
                method=method,
                receiver_name=receiver_name(chain_receiver),
                fallback=method in self.specs.fallback_paths
                and self.claude_fallback_ok(chain_receiver, call),
            )
        if qualified in PASS_THROUGH:  # returns its argument: the client stays a client
            # ``cast(Settings, value)`` gives the value, not the type named before it
            return call.all_args(skip_first=qualified in CASTS)
        # another library's function: its result may carry the data, not the client (an
        # object built from a Claude client is not one)
        return data_of(call.all_args())

    def open_call(self, call: CallSite) -> frozenset:
        mode = None
        if len(call.node.args) > 1 and call.node.args[1].keyword is None:
            mode = literal_string(call.node.args[1].value)
        for arg in call.node.args:
            if arg.keyword is not None and arg.keyword.value == "mode":
                mode = literal_string(arg.value)
        if mode and any(flag in mode for flag in "wax+"):
            return frozenset({("T", "file")})
        return EMPTY

    def call_method(
        self, receiver: frozenset, receiver_node, method: str, call: CallSite
    ) -> frozenset:
        specs = self.specs
        last = method.rsplit(".", 1)[-1]
        if self.m.deferred_models and last in specs.deferred_model_methods:
            self.m.given_model(last, call)
        if last in specs.metadata or last in specs.sanitizer_methods:
            self.note_opaque(call)
            if last in specs.metadata or not may_be_project_object(receiver):
                return EMPTY  # a project object's method of that name runs (``method_result``)
        if last == "keys" and not call.node.args and self.literal_keyed(receiver_node):
            return EMPTY  # ``kwargs.keys()``: keyword names
        if type(receiver_node) is cst.Name and receiver_node.value in self.dict_values:
            # a dict built here from a display: its values' objects are not the dict
            receiver = data_of(receiver)
        if method in ("update", "setdefault"):
            self.update_dict_items(receiver_node, method, call)
        elif method == "get":
            value = self.dict_get(receiver_node, call)
            if value is not None:
                return value
            first = first_argument(call)
            key = self.metadata_key(first) if first is not None else None
            if key is not None:  # ``data.get("id")``: an id, not the data beside it
                return self.metadata_item(receiver, key)
        item = keyed_lookup_path(receiver_node, last, call.node) if call.node is not None else None
        if item is not None:  # ``event.get("user")``: in the backward flow, that item alone
            receiver = (receiver - prompt_label(item[0])) | prompt_label(item[1])
        if (
            last in MUTATORS
            and call.node is not None
            and not self.holds_object(receiver_node)
            and (last not in STREAM_WRITES or self.holds_container(receiver_node))
        ):
            self.note_field_write(receiver_node, [arg.value for arg in call.node.args])
            self.note_shared_write(receiver_node, data_only(call.all_args()))
        if self.holds_container(receiver_node):  # ``self.seen.add(name)``: the set's own method
            self.fill_container(receiver_node, last, call)
            data = data_only(receiver) | data_only(call.all_args(skip_first=last in KEY_LOOKUPS))
            return data | self.items_of(receiver, method, call)
        self.note_result_receiver(receiver_node, last, receiver)
        result: set = set()
        handled = False
        markers = sorted((lab for lab in receiver if lab[0] in ("C", "T", "O")), key=repr)
        objects = frozenset(lab for lab in markers if lab[0] == "O")
        for label in markers:
            if label[0] == "C":
                path = specs.client_method(label, method)
                source = specs.client_sources.get(label[1], {}).get(path)
                if source is not None:
                    result |= self.claude_call(source, call, path, client_doubt(label))
                    handled = True
                if last in specs.client_returns.get(label[1], ()):
                    result.add(label)
                    handled = True
            elif label[0] == "T":
                type_spec = specs.types.get(label[1])
                if type_spec is None:
                    continue
                sinks = type_spec.methods.get(last)
                if sinks:
                    self.apply_sinks(sinks, call, receiver)
                    handled = True
                if last in type_spec.method_returns:
                    result.add(("T", type_spec.method_returns[last]))
                    handled = True
                elif type_spec.fluent and not sinks:  # a sink's result is its answer
                    result.add(label)
                if last == "open" and label[1] == "path":
                    result |= self.open_call(call)
            elif label[0] == "O":  # every project object the receiver may be, in one record
                return self.record_call(call, receiver=objects, method=last)
        if self.apply_any_receiver_sinks(last, call, receiver):
            handled = True
        symbolic = frozenset(lab for lab in receiver if lab[0] in ("P", "F", "A", "G", "K"))
        if not markers and not handled:
            if symbolic:
                name = receiver_name(receiver_node)
                fallback = method in specs.fallback_paths and self.claude_fallback_ok(
                    receiver_node, call
                )
                recorded = self.record_call(
                    call,
                    receiver=receiver,
                    method=method,
                    receiver_name=name,
                    fallback=fallback,
                )
                self.fill_container(receiver_node, last, call)
                return recorded
            else:
                handled = self.unresolved_receiver(receiver_node, method, call, result)
        self.fill_container(receiver_node, last, call)
        if not handled or not markers:
            passed = call.all_args(skip_first=last in KEY_LOOKUPS)
            result |= data_only(receiver) | data_only(passed)
        return frozenset(result)

    def module_constant(self, node) -> Optional[str]:
        """The string a module-level constant holds (``MODEL``, or one imported from another
        project module: ``MODEL`` or ``settings.MODEL``), unless a local of that name hides it."""
        if type(node) is cst.Name:
            if not self.module_level and node.value in self.env:
                return self.local_strings.get(node.value)
            if node.value in self.m.constants:
                return self.m.constants[node.value]
        elif type(node) is not cst.Attribute:
            return None
        qualified = self.qualified(node)
        return self.m.imported_constants.get(qualified) if qualified else None

    def note_local_string(self, name: str, value) -> None:
        """Remember the literal a local holds, and the literal text it starts with (an
        f-string query's verb); a second, different binding makes either unknown."""
        bound_once(self.local_strings, name, literal_string(value) if value is not None else None)
        bound_once(self.local_heads, name, leading_text(value) if value is not None else None)

    def splat_keys(self, arg: cst.Arg) -> Optional[dict]:
        """What each key of a dict built here holds, for ``**name`` (None: not such a dict)."""
        if arg.star != "**" or type(arg.value) is not cst.Name:
            return None
        name = arg.value.value
        if name not in self.dict_items:
            return None
        return self.dict_values.get(name)

    def literal_dict_items(self, value) -> Optional[dict]:
        """``{"model": node, ...}`` for a dict display or ``dict(model=...)`` whose keys are
        all literal strings, else None."""
        items: dict = {}
        if type(value) is cst.Dict:
            for element in value.elements:
                key = literal_string(element.key) if type(element) is cst.DictElement else None
                if key is None:
                    return None  # ``**other`` or a computed key: not all keys are known
                items[key] = element.value
            return items
        if type(value) is cst.Call and self.qualified(value.func) == "dict":
            if len(value.args) == 1 and not value.args[0].keyword and not value.args[0].star:
                other = value.args[0].value  # ``dict(other)``: its keys, when known here
                return dict(self.dict_items.get(other.value, {})) if type(other) is cst.Name else {}
            for arg in value.args:
                if arg.keyword is None:
                    return None
                items[arg.keyword.value] = arg.value
            return items
        return None

    def unknown_keys(self, name: str, labels: frozenset) -> None:
        """``labels`` were written into dict ``name`` under keys not known here."""
        known = self.dict_values[name]
        known[None] = known.get(None, EMPTY) | labels

    def update_dict_items(self, receiver_node, method: str, call: CallSite) -> None:
        """``params.update({...})``, ``params.update(k=v)``, ``params.setdefault("k", v)``."""
        if type(receiver_node) is not cst.Name:
            return
        name = receiver_node.value
        items, known = self.dict_items.get(name), self.dict_values.get(name)
        if items is None or known is None or call.node is None:
            return
        args = call.node.args
        if method == "update":
            for arg in args:
                if arg.keyword is not None:
                    items[arg.keyword.value] = arg.value
                    known[arg.keyword.value] = known.get(arg.keyword.value, EMPTY) | (
                        call.keywords.get(arg.keyword.value, EMPTY)
                    )
                    continue
                other = arg.value.value if type(arg.value) is cst.Name else None
                if not arg.star and other in self.dict_values and other in self.dict_items:
                    items.update(self.dict_items[other])  # ``update(d)``: a dict built here
                    for key, labels in self.dict_values[other].items():
                        known[key] = known.get(key, EMPTY) | labels
                    continue
                display = self.literal_dict_items(arg.value)
                keys = self.display_keys.get(id(arg.value))
                if arg.star or display is None or keys is None:
                    self.unknown_keys(name, call.all_args())  # ``update(other)``
                    continue
                items.update(display)
                for key, labels in keys.items():
                    known[key] = known.get(key, EMPTY) | labels
        elif method == "setdefault" and len(args) == 2 and args[0].keyword is None:
            key = literal_string(args[0].value)
            if key is None:
                self.unknown_keys(name, call.all_args())
                return
            items.setdefault(key, args[1].value)
            known[key] = known.get(key, EMPTY) | (
                call.positional[1] if len(call.positional) > 1 else EMPTY
            )

    def dict_get(self, receiver_node, call: CallSite) -> Optional[frozenset]:
        """``params.get("key"[, default])`` on a dict whose keys are known: that key's value."""
        if type(receiver_node) is not cst.Name or call.node is None:
            return None
        known = self.dict_values.get(receiver_node.value)
        first = first_argument(call)
        key = literal_string(first) if first is not None else None
        if known is None or key is None:
            return None
        default = call.positional[1] if len(call.positional) > 1 else EMPTY
        return known.get(key, EMPTY) | known.get(None, EMPTY) | default

    def is_plain_value(self, value) -> bool:
        """Is ``value`` a container display or an in-memory buffer (``{}``, ``io.StringIO()``)?"""
        if isinstance(value, PLAIN_DISPLAYS):
            return True
        if type(value) is cst.Call:
            return self.qualified(value.func) in PLAIN_TYPES
        return False

    def unresolved_receiver(self, receiver_node, method: str, call: CallSite, result: set) -> bool:
        """Heuristics for receivers the analysis knows nothing about."""
        if method in self.specs.fallback_paths:
            if self.claude_fallback_ok(receiver_node, call):
                result |= self.claude_call(self.specs.fallback_paths[method], call, method)
                return True
        if type(receiver_node) is cst.Name and receiver_node.value in self.plain_values:
            return False  # bound right here to a dict or a buffer: its name says nothing

        last = method.rsplit(".", 1)[-1]
        guessed = False
        for type_name in self.guess_types(receiver_node, last):
            self.apply_sinks(self.specs.types[type_name].methods[last], call, EMPTY)
            guessed = True
        return guessed

    def guess_types(self, receiver_node, method: Optional[str] = None) -> list:
        name = receiver_name(receiver_node)
        if not name:
            return []
        found = []
        for type_name, spec in self.specs.types.items():
            if method is not None and method not in spec.methods:
                continue
            if method is None and not spec.subscript_sinks:
                continue
            if any(pattern.search(name) for pattern in spec.receiver_names):
                found.append(type_name)
        return found[:1]

    def claude_fallback_ok(self, receiver_node, call: CallSite) -> bool:
        chain = attribute_chain(receiver_node)
        if "threads" in chain or "chat" in chain:
            return False
        model = call.model_text(positional=False)
        if model is not None:
            return "claude" in model.lower() or "anthropic" in model.lower()
        if call.keywords and not call.splat and not set(call.keywords) & CLAUDE_KEYWORDS:
            return False  # e.g. Twilio's messages.create(body=..., to=...): not the Claude API
        return self.m.summary.uses_claude

    def type_method_sinks(self, receiver: frozenset, receiver_node, method: str) -> list:
        out = []
        for label in receiver:
            if label[0] == "T" and label[1] in self.specs.types:
                out.extend(self.specs.types[label[1]].methods.get(method, []))
        if not out:
            for type_name in self.guess_types(receiver_node, method):
                out.extend(self.specs.types[type_name].methods[method])
        return out

    def claude_call(self, source, call: CallSite, what: str, why: str = "") -> frozenset:
        """A call that sends its prompt arguments to Claude and may return a completion.

        A source that serves several providers (``model-pattern``) is Claude's for certain when
        its model is a literal that matches, another provider's when the literal does not, and
        Claude's with medium confidence when the model is chosen at run time. ``why`` is
        already set for a call on a client whose model was named at run time."""
        if source.model_pattern is not None:
            model = call.model_name(source.model_pattern)
            if model is None:
                why = RUNTIME_MODEL
                self.m.summary.runtime_model = True
            elif not source.model_pattern.search(model):
                self.other_provider(source.prompt, call)
                return EMPTY
        if not why:
            self.m.summary.uses_claude = True
        module = self.m.summary.name
        self.m.summary.born_in[call.ref] = self.fn.qualname
        if call.node is not None:
            self.claude_nodes.add(id(call.node))
        prompt_source = claude_data("prompt", module, call.ref, what, why)
        for node in call.arg_nodes(source.prompt):
            for name in self.backward_names(node):
                self.prompt_uses.setdefault(name, set()).add(prompt_source)
        for path in self.own_kwargs_sent(call, source.prompt):
            self.prompt_uses.setdefault(path, set()).add(prompt_source)
        if source.returns == "completion":
            return frozenset({claude_data("completion", module, call.ref, what, why)})
        return EMPTY

    def note_calls_before_guard(self, statements) -> None:
        """Keep the flag guard (``FunctionSummary.prompt_guard``) only if no call before its
        test sends to Claude here, and record the other calls made there
        (``before_guard``), which the settlement asks in turn."""
        records = []
        for call in calls_within(statements):
            if id(call) in self.claude_nodes:
                self.fn.prompt_guard = ""
                return
            record = self.recorded.get(id(call))
            if record is not None and record is not OPAQUE_CALL:
                records.append(record)
        self.fn.before_guard = tuple(records)

    def own_kwargs_sent(self, call: CallSite, prompt: ArgSpec) -> list[str]:
        """``litellm.completion(**kwargs)`` with the function's own ``**kwargs``: the items
        its callers pass under the prompt keywords (``kwargs['messages']``) are sent."""
        if call.node is None or not self.spreads_own_kwargs(call.node):
            return []
        return [f"{self.fn.kwarg}[{key!r}]" for key in sorted(prompt.keywords)]

    def other_provider(self, prompt: ArgSpec, call: CallSite) -> None:
        self.m.summary.names_other_model = True
        data = data_only(call.select(prompt))
        if data:
            self.events.append(
                SinkEvent("ZDR303", "litellm (non-Claude model)", data, call.ref, self.fn.qualname)
            )

    def apply_sinks(self, sinks: list[SinkSpec], call: CallSite, receiver: frozenset) -> None:
        for spec in sinks:
            if spec.decorator:
                continue
            if spec.module_uses_claude:
                if self.m.summary.uses_claude:
                    self.add_event(spec.rule, spec.label, frozenset({("U",)}), call.ref)
                continue
            given = set(call.keywords)
            file_kw = call.node_keyword("file")
            if file_kw is not None and callee_text(file_kw) in ("sys.stdout", "sys.stderr"):
                given.discard("file")
            if not spec.applies(len(call.positional), given, call.first_text()):
                continue
            if spec.rule == "ZDR202" and call.has_no_store_header():
                continue
            if any(
                ("T", type_name) not in call.keywords.get(keyword, EMPTY)
                for keyword, type_name in spec.when_kwarg_type
            ):
                continue
            if spec.stores_result:
                self.stored_results.append((spec, call.ref))
                continue
            labels = call.select(spec.args)
            if spec.receiver:
                labels = labels | receiver
            data = data_only(labels)
            if data:
                self.events.append(
                    SinkEvent(spec.rule, spec.label, data, call.ref, self.fn.qualname)
                )

    def record_call(
        self,
        call: CallSite,
        callee: Optional[str] = None,
        receiver: frozenset = EMPTY,
        method: str = "",
        receiver_name: str = "",
        fallback: bool = False,
        call_id: Optional[tuple] = None,
        after: Optional[str] = None,
    ) -> frozenset:
        record = CallRecord(
            id=call.ref if call_id is None else call_id,
            ref=call.ref,
            function=self.fn.qualname,
            callee=callee,
            receiver=receiver,
            method=method,
            receiver_name=receiver_name,
            args=tuple(call.positional),
            kwargs=tuple(sorted(call.keywords.items())),
            model=call.model_text(positional=False),
            first_text=call.first_text(),
            fallback=fallback,
            after=after,
        )
        if call.splat:
            record.kwargs = record.kwargs + (("**", call.splat),)
            if call.star:
                record.kwargs = record.kwargs + ((STAR, call.star),)
            record.splat_sources = call.splat_sources
            record.spread = call.spread
            record.spreads = call.node is not None and any(a.star == "*" for a in call.node.args)
        if call.node is not None and id(call.node) in self.m.forwarding_calls:
            record.forwarding = True
        if call.node is not None and not record.spreads:
            record.literals, record.keyed_by = argument_facts(call.node.args)
            record.texts = literal_texts(call.node.args)
            record.passed_params = self.passed_params(call.node.args)
        self.calls.append(record)
        if call.node is not None and self.recorded.get(id(call.node)) is not OPAQUE_CALL:
            self.recorded[id(call.node)] = record.id  # (an opaque call stays opaque)
        module = self.m.summary.name
        if call.node is None:
            return frozenset({("K", module, record.id)})
        for index, arg in enumerate(call.node.args):
            key = arg.keyword.value if arg.keyword is not None else index
            if arg.star:
                continue
            if callee is not None and type(arg.value) is cst.Name:
                self.note_filled(arg.value.value, ("K", module, record.id, (FILLS, key)))
            passed = name_or_path(arg.value)
            if passed is not None:  # the argument is a name or a path: which part is sent
                uses = self.prompt_uses
                uses.setdefault(passed, set()).add(("Q", module, record.id, key, "whole"))
                uses.setdefault(INSIDE + passed, set()).add(("Q", module, record.id, key, "inside"))
                continue
            items = self.literal_dict_items(arg.value) if type(arg.value) is cst.Dict else None
            if items is not None:  # ``send({"user": u, "text": t})``: each key is a part
                for item_key, value in items.items():
                    label = ("Q", module, record.id, key, "whole", f"[{item_key!r}]")
                    for name in self.backward_names(value):
                        self.prompt_uses.setdefault(name, set()).add(label)
                continue
            for name in self.backward_names(arg.value):
                self.prompt_uses.setdefault(name, set()).add(("Q", module, record.id, key))
        for key, node in call.splat_items.items():  # ``**params`` with keys known here
            for name in self.backward_names(node):
                self.prompt_uses.setdefault(name, set()).add(("Q", module, record.id, key))
        return frozenset({("K", module, record.id)})

    def spreads_own_kwargs(self, node: cst.Call) -> bool:
        """Does call ``node`` spread this function's own ``**kwargs`` (``f(**kwargs)``)?"""
        kwarg = self.fn.kwarg
        return bool(kwarg) and any(
            arg.star == "**" and type(arg.value) is cst.Name and arg.value.value == kwarg
            for arg in node.args
        )

    def is_response_call(self, node) -> bool:
        if type(node) is not cst.Call:
            return False
        name = self.qualified(node.func)
        return bool(name) and any(
            spec.rule == "ZDR202" for spec in self.specs.function_sinks.get(name, [])
        )


class CallSite:
    """The evaluated arguments of one call."""

    __slots__ = (
        "node",
        "ref",
        "text",
        "positional",
        "keywords",
        "splat",
        "constant",
        "head",
        "choices",
        "splat_items",
        "splat_sources",
        "spread",
        "star",
    )

    def __init__(self, node, ref, text, positional, keywords, splat) -> None:
        self.node = node
        self.ref = ref
        self.text = text
        self.positional = positional
        self.keywords = keywords
        self.splat = splat
        self.constant = None  # node -> the module (or imported) string constant it names
        self.head = None  # node -> the leading text of what a local was bound to (a query)
        self.choices = None  # name -> the literal strings a loop name may hold
        self.splat_items: dict = {}  # ``**params``: the keys known of ``params``, with nodes
        self.splat_sources: frozenset = EMPTY  # the fields ``params`` was copied from
        self.spread: frozenset = EMPTY  # what the function's own ``*args`` spread here holds
        self.star: frozenset = EMPTY  # what other ``*`` arguments spread: ``*args`` items

    def string(self, node) -> Optional[str]:
        """A literal string, or a module constant's (``MODEL = "claude-..."``)."""
        text = literal_string(node)
        if text is None and self.constant is not None:
            text = self.constant(node)
        return text

    def first_text(self) -> Optional[str]:
        """The leading literal text of the first positional argument (a query's verb), also
        when a constant or a local bound to one literal holds it (``db.query(ROWS_SQL)``)."""
        if self.node is None or not self.node.args or self.node.args[0].keyword is not None:
            return None
        first = self.node.args[0].value
        text = leading_text(first)
        if text is None and self.constant is not None and type(first) is cst.Name:
            whole = self.constant(first)
            text = None if whole is None else whole[:80]
        if text is None and self.head is not None and type(first) is cst.Name:
            text = self.head(first.value)
        return text

    def all_args(self, skip_first: bool = False) -> frozenset:
        """The labels of every argument; ``skip_first`` leaves out the first positional one (a
        lookup's key)."""
        labels: set = set(self.splat)
        for item in self.positional[1:] if skip_first else self.positional:
            labels |= item
        for item in self.keywords.values():
            labels |= item
        return frozenset(labels)

    def select(self, spec: ArgSpec) -> frozenset:
        labels: set = set()
        for index, item in enumerate(self.positional):
            if spec.takes_position(index):
                labels |= item
        for name, item in self.keywords.items():
            if spec.takes_keyword(name):
                labels |= item
        if self.splat and spec.takes_starred():
            labels |= self.splat
        return frozenset(labels)

    def arg_nodes(self, spec: ArgSpec) -> list:
        nodes = [node for key, node in self.splat_items.items() if spec.takes_keyword(key)]
        index = 0
        for arg in self.node.args:
            if arg.keyword is not None:
                if spec.takes_keyword(arg.keyword.value):
                    nodes.append(arg.value)
            elif not arg.star:
                if spec.takes_position(index):
                    nodes.append(arg.value)
                index += 1
        return nodes

    def node_keyword(self, name: str):
        """The node passed as keyword ``name``, written out or inside a ``**params`` dict."""
        if self.node is None:
            return None
        for arg in self.node.args:
            if arg.keyword is not None and arg.keyword.value == name:
                return arg.value
        return self.splat_items.get(name)

    def model_text(self, positional: bool = True) -> Optional[str]:
        """The literal model name, from ``model=`` (or the first argument if ``positional``)."""
        if self.node is None:
            return None
        for key in ("model", "model_name"):
            node = self.node_keyword(key)
            if node is not None:
                text = self.string(node)
                provider = self.string(self.node_keyword("model_provider"))
                if text is not None and provider:
                    return f"{provider}:{text}"
                return text
        if positional and self.node.args and self.node.args[0].keyword is None:
            return self.string(self.node.args[0].value)
        return None

    def model_name(self, pattern: re.Pattern, positional: bool = True) -> Optional[str]:
        """The literal model name (``model_text``) or, for a loop name over literal names, one
        that stands for them all under ``pattern`` (``one_model``); None: chosen at run time."""
        text = self.model_text(positional)
        return text if text is not None else one_model(self.model_choices(positional), pattern)

    def model_choices(self, positional: bool = True) -> Optional[frozenset]:
        """The literal model names that a loop name given as the model may hold
        (``for model in MODELS: ...(model=model)``), else None."""
        if self.node is None or self.choices is None:
            return None
        node = self.node_keyword("model")
        if node is None and positional and self.node.args and self.node.args[0].keyword is None:
            node = self.node.args[0].value
        return self.choices(node.value) if type(node) is cst.Name else None

    def has_no_store_header(self) -> bool:
        node = self.node_keyword("headers")
        if type(node) is cst.Dict:
            for element in node.elements:
                if type(element) is cst.DictElement:
                    key = literal_string(element.key)
                    value = literal_string(element.value)
                    if key and key.lower() == "cache-control" and value and "no-store" in value:
                        return True
        return False


# ---- helpers -----------------------------------------------------------------------------
def own_paths(paths: frozenset, known: dict, key) -> frozenset:
    """The names read (``V`` labels) that a dict with known keys passes under ``key``: all
    but those written under other literal keys only (``history`` under ``"history"`` is not
    the ``log_path`` item)."""
    elsewhere = set()
    for other, value in known.items():
        if other != key and other is not None:
            elsewhere |= {lab for lab in value if lab[0] == "V"}
    mine = {lab for lab in known.get(key, EMPTY) | known.get(None, EMPTY) if lab[0] == "V"}
    return frozenset(lab for lab in paths if lab not in elsewhere or lab in mine)


def first_argument(call: CallSite):
    """The node of a call's first argument when it is positional and not a splat, else None."""
    args = call.node.args if call.node is not None else ()
    if not args or args[0].keyword is not None or args[0].star:
        return None
    return args[0].value


def bound_once(table: dict, name: str, text: Optional[str]) -> None:
    """Note ``text`` for ``name`` in ``table``; a second binding to other text makes it None."""
    if name not in table:
        table[name] = text
    elif table[name] != text:
        table[name] = None


def position_of(labels: frozenset, index: int) -> frozenset:
    """What position ``index`` of a value unpacked into several names holds: a project call's
    result alone (``res = parse(line)``, then ``words, first = res``) stands for that position
    of the tuple its function returns (``("K", module, call, i)``); anything else for all."""
    calls = [label for label in labels if label[0] != "V"]  # ``V``: read, for the backward flow
    if len(calls) == 1 and calls[0][0] == "K" and len(calls[0]) == 3:
        return labels - {calls[0]} | {(*calls[0], index)}
    return labels


def forwarding_calls(node: cst.FunctionDef, params: list, vararg: str, kwarg: str):
    """``(parameter, calls)`` when every call in ``node`` (nested functions included) of one of
    its parameters passes exactly its own ``*args`` and ``**kwargs`` and nothing else, and
    that parameter is read nowhere else: the function forwards its arguments to that callable.
    """
    calls: dict = {}
    reads: dict = {}
    for found in _NameUse.of(node.body):
        name, call = found
        if name not in params:
            continue
        reads[name] = reads.get(name, 0) + 1
        if call is not None and _forwards(call, vararg, kwarg):
            calls.setdefault(name, []).append(call)
    for name, found in calls.items():
        if len(found) == reads[name] and name != "self":
            return name, found
    return None


def _forwards(call: cst.Call, vararg: str, kwarg: str) -> bool:
    """Does ``call`` pass exactly ``*vararg`` and ``**kwarg`` (those it has)?"""
    want = {("*", vararg)} if vararg else set()
    if kwarg:
        want.add(("**", kwarg))
    got = set()
    for arg in call.args:
        if not arg.star or type(arg.value) is not cst.Name or arg.keyword is not None:
            return False
        got.add((arg.star, arg.value.value))
    return got == want and len(call.args) == len(want)


class _NameUse(NameReads):
    """Every read of a name, with the call it is the callee of (or None)."""

    def __init__(self) -> None:
        self.found: list = []
        self.callee_ids: dict = {}

    @classmethod
    def of(cls, body) -> list:
        walker = cls()
        body.visit(walker)
        return walker.found

    def visit_Call(self, node: cst.Call) -> None:
        if type(node.func) is cst.Name:
            self.callee_ids[id(node.func)] = node

    def visit_Name(self, node: cst.Name) -> None:
        self.found.append((node.value, self.callee_ids.get(id(node))))


def always_raises(node: cst.FunctionDef) -> bool:
    """Does every run of the function end in a ``raise`` written at the top of its body (no
    ``return`` or ``yield`` before it)? An ``__init__`` like that builds no object."""
    body = node.body
    statements = body.body if type(body) is cst.IndentedBlock else [body]
    if not any(
        type(small) is cst.Raise
        for statement in statements
        if type(statement) in (cst.SimpleStatementLine, cst.SimpleStatementSuite)
        for small in statement.body
    ):
        return False  # no ``raise`` at the top: the walks below are not needed
    for statement in statements:
        if type(statement) in (cst.SimpleStatementLine, cst.SimpleStatementSuite):
            for small in statement.body:
                if type(small) is cst.Raise:
                    return True
                if type(small) is cst.Return or leaves_early(small):
                    return False
        elif leaves_early(statement):
            return False
    return False


class _EarlyExit(cst.CSTVisitor):
    """Finds a ``return`` or ``yield`` outside nested functions, classes and lambdas."""

    def __init__(self) -> None:
        self.found = False

    def visit_Return(self, node: cst.Return) -> bool:
        self.found = True
        return False

    def visit_Yield(self, node: cst.Yield) -> bool:
        self.found = True
        return False

    def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
        return False

    def visit_ClassDef(self, node: cst.ClassDef) -> bool:
        return False

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


def leaves_early(node: cst.CSTNode) -> bool:
    """Does ``node`` hold a ``return`` or ``yield`` of the function it stands in?"""
    finder = _EarlyExit()
    node.visit(finder)
    return finder.found


# the nodes whose names are their own scope's, not the enclosing body's
OWN_SCOPES = (
    cst.FunctionDef,
    cst.ClassDef,
    cst.Lambda,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.GeneratorExp,
)


class _BindingCounter(cst.CSTVisitor):
    """Counts the bindings of each name in a module body: assignments, loop and ``with``
    targets, ``:=``; not inside functions, classes or comprehensions (their own scopes)."""

    def __init__(self) -> None:
        self.counts: dict[str, int] = {}

    def _bind(self, target) -> None:
        if type(target) is cst.Name:
            self.counts[target.value] = self.counts.get(target.value, 0) + 1
        elif type(target) in (cst.Tuple, cst.List):
            for element in target.elements:
                self._bind(element.value)
        elif type(target) is cst.StarredElement:
            self._bind(target.value)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if type(node) in OWN_SCOPES:
            return False  # its names are its own
        return super().on_visit(node)

    def visit_AssignTarget(self, node: cst.AssignTarget) -> None:
        self._bind(node.target)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        if node.value is not None:
            self._bind(node.target)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target)

    def visit_AsName(self, node: cst.AsName) -> None:
        self._bind(node.name)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target)


def takes_run_context(params: cst.Parameters) -> bool:
    """Whether the first parameter is annotated ``RunContext`` (``RunContext[Deps]``)."""
    first = [*params.posonly_params, *params.params][:1]
    if not first or first[0].annotation is None:
        return False
    node = first[0].annotation.annotation
    if type(node) is cst.Subscript:
        node = node.value
    return callee_text(node).rsplit(".", 1)[-1] == "RunContext"


def runs_program(node: Optional[cst.Call], source) -> bool:
    """Whether a process runner's call runs one of ``source.argv0`` (by its file name): the
    first element of a literal argv list, the first word of a command string, or, for an
    exec-style runner (``asyncio.create_subprocess_exec``), its first argument."""
    if node is None or not node.args or node.args[0].keyword is not None:
        return False
    first = node.args[0].value
    if not source.exec_style and type(first) in (cst.List, cst.Tuple):
        if not first.elements or type(first.elements[0]) is cst.StarredElement:
            return False
        first = first.elements[0].value
    if type(first) is cst.FormattedString:
        parts = first.parts
        text = parts[0].value if parts and type(parts[0]) is cst.FormattedStringText else ""
    else:
        text = literal_string(first) or ""
    words = text.split()
    if not words or (source.exec_style and len(words) > 1):
        return False
    if type(first) is cst.FormattedString and len(words) == 1 and text.rstrip() == text:
        return False  # f"claude{suffix}": the program's name is not all written down
    return words[0].replace("\\", "/").rsplit("/", 1)[-1] in source.argv0


def decorator_applies(spec: SinkSpec, call: Optional[cst.Call]) -> bool:
    """A decorator sink with ``when-kwarg`` stores only when one of those keywords is given
    and not switched off (``@task(persist_result=True)``, not ``@task`` or ``=False``)."""
    if not spec.when_kwarg:
        return True
    if call is None:
        return False
    return any(
        arg.keyword is not None
        and arg.keyword.value in spec.when_kwarg
        and not (type(arg.value) is cst.Name and arg.value.value in ("False", "None"))
        for arg in call.args
    )


_PROMPT_LABELS: dict = {}


def builtin_exception(name: str) -> Optional[type]:
    """The builtin exception class ``name`` names (``ValueError``), else None."""
    found = (
        getattr(builtins, name.rsplit(".", 1)[-1], None)
        if "." not in name or name.startswith("builtins.")
        else None
    )
    return found if isinstance(found, type) and issubclass(found, BaseException) else None


def prompt_label(name: str) -> frozenset:
    """``{("V", name)}``: the backward prompt labels of a local name, settled later."""
    found = _PROMPT_LABELS.get(name)
    if found is None:
        found = _PROMPT_LABELS[name] = frozenset({("V", name)})
    return found


def passes_itself(name: str, value) -> bool:
    """Is ``value`` a call given ``name`` itself (``kwargs = add_callbacks(kwargs)``)? Bound back
    to the name, its result is taken for the same container, updated."""
    if type(value) is not cst.Call:
        return False
    return any(
        type(arg.value) is cst.Name and arg.value.value == name and not arg.star
        for arg in value.args
    )


def join(left: Env, right: Env) -> Env:
    out = dict(left)
    for name, value in right.items():
        if name in out:
            a, b = out[name], value
            if a is CONST:
                out[name] = b if b is not CONST else CONST
            elif b is CONST:
                out[name] = a
            else:
                out[name] = a | b
        else:
            out[name] = value
    return out


def may_be_project_object(labels: frozenset) -> bool:
    """May a receiver be an object of a project class: one already, or a value known only
    when the project is settled (a parameter, a field, a call's result)?"""
    return any(label[0] in OBJECT_VALUE_KINDS for label in labels)


def data_only(labels: frozenset) -> frozenset:
    if not labels:
        return labels
    return frozenset(lab for lab in labels if lab[0] not in ("C", "T", "O"))


def held_by_display(labels: frozenset) -> frozenset:
    """What a dict display holds as a whole: its values' data, not the objects among them (a
    dict is no logger), but the project names it holds, which may be classes or functions
    (a table of providers)."""
    named = frozenset(lab for lab in labels if lab[0] == "G")
    return data_of(labels - named) | named if named else data_of(labels)


def data_of(labels: frozenset) -> frozenset:
    """The data in ``labels`` without clients, library objects or project objects, also once
    the symbolic labels among them are settled (their part is wrapped in one ``D`` label)."""
    kept: set = set()
    symbolic: set = set()
    for label in labels:
        kind = label[0]
        if kind in ("C", "T", "O"):
            continue
        if kind in ("S", "U", "M", "Q"):
            kept.add(label)
        else:
            symbolic.add(label)
    if symbolic:
        kept.add(("D", frozenset(symbolic)))
    return frozenset(kept)


def is_items_call(node) -> bool:
    """``d.items()``: a mapping's (key, value) pairs."""
    return (
        type(node) is cst.Call
        and type(node.func) is cst.Attribute
        and node.func.attr.value == "items"
        and not node.args
    )


def pair_target(target) -> bool:
    """A loop target of exactly two plain elements (``for a, b in ...``)."""
    return (
        type(target) in (cst.Tuple, cst.List)
        and len(target.elements) == 2
        and not any(type(e) is cst.StarredElement for e in target.elements)
    )


def one_model(choices: Optional[frozenset], pattern) -> Optional[str]:
    """One model name that stands for all ``choices`` (a loop over literal names): any of
    them when they are all Claude's or all another provider's, else None (mixed: which one
    runs is a run-time matter)."""
    if not choices:
        return None
    claude = [name for name in choices if pattern.search(name)]
    if claude and len(claude) < len(choices):
        return None
    return min(choices)


def column_strings(node) -> Optional[tuple]:
    """For a literal list, tuple or set of strings, or of equally long tuples: the strings
    each position may hold (an empty set where a position holds something else); else None."""
    if type(node) not in (cst.List, cst.Tuple, cst.Set) or not node.elements:
        return None
    rows = []
    for element in node.elements:
        item = element.value
        if type(item) is cst.Tuple:
            rows.append([literal_string(part.value) for part in item.elements])
        else:
            rows.append([literal_string(item)])
    width = len(rows[0])
    if any(len(row) != width for row in rows):
        return None
    columns = []
    for index in range(width):
        texts = [row[index] for row in rows]
        columns.append(frozenset() if None in texts else frozenset(texts))
    if not any(columns):
        return None
    return tuple(columns)


def assigned_names(small) -> list:
    """``(name, value node)`` for each plain name a simple statement binds: an assignment, an
    annotated assignment (value None without one), an augmented assignment (value None)."""
    if type(small) is cst.Assign:
        return [(t.target.value, small.value) for t in small.targets if type(t.target) is cst.Name]
    if type(small) is cst.AnnAssign and type(small.target) is cst.Name:
        return [(small.target.value, small.value)]
    if type(small) is cst.AugAssign and type(small.target) is cst.Name:
        return [(small.target.value, None)]
    return []


def is_constant(node) -> bool:
    if isinstance(node, LITERALS):
        return True
    if type(node) is cst.Name and node.value in ("None", "True", "False"):
        return True
    if type(node) in (cst.List, cst.Tuple, cst.Set):
        return all(is_constant(e.value) for e in node.elements)
    if type(node) is cst.Dict:
        return all(
            type(e) is cst.DictElement and is_constant(e.key) and is_constant(e.value)
            for e in node.elements
        )
    return False


CONTAINER_TYPES = frozenset(
    {
        "dict",
        "list",
        "set",
        "collections.defaultdict",
        "collections.OrderedDict",
        "collections.deque",
        "collections.Counter",
    }
)
OPAQUE_CALL = ("opaque",)  # in ``recorded``: a call whose result holds no input's content


def names_in(node, recorded: Optional[dict] = None, through: Optional[list] = None) -> set:
    """Names read anywhere in an expression (for the backward prompt flow).

    With ``recorded`` (call node id -> call record id), the arguments of those calls are not
    read directly: each name read in one goes to ``through`` as ``(name, record id, key)``.
    Dispatches on the exact node type: LibCST's concrete classes have no subclasses, and an
    ``isinstance`` test against its (ABC) classes costs a Python call each."""
    found: set = set()
    stack = [node]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is cst.Name:
            found.add(item.value)
        elif kind is cst.Attribute or kind is cst.Subscript:
            path = access_path(item)
            if path:
                found.add(path)
            else:
                stack.append(item.value)
        elif kind is cst.Call:
            if is_file_read(item):  # a file's content is not its name
                continue
            record_id = recorded.get(id(item)) if recorded else None
            if record_id is OPAQUE_CALL:
                continue
            if record_id is None:
                stack.extend(arg.value for arg in item.args)
            else:
                call_arguments(item, record_id, through)
            func = item.func
            lookup = (
                keyed_lookup_path(func.value, func.attr.value, item)
                if type(func) is cst.Attribute
                else None
            )
            if lookup is not None:  # ``event.get("text")`` sent: that item of ``event``
                found.add(lookup[1])
            elif type(func) is cst.Attribute:
                if func.attr.value in CONTENT_METHODS:
                    stack.append(func.value)
                else:  # ``job.render()``: what is sent is made from a part of ``job``
                    receiver = func.value
                    path = receiver.value if type(receiver) is cst.Name else access_path(receiver)
                    if path is None:
                        stack.append(receiver)
                    else:
                        if path != "self":
                            found.add(INSIDE + path)
                        found.add(f"{path}.{func.attr.value}()")  # see note_result_receiver
        elif kind in _ELEMENT_NODES:
            stack.extend(e.value for e in item.elements)
        elif kind is cst.FormattedString:
            stack.extend(
                p.expression
                for p in item.parts
                if type(p) is cst.FormattedStringExpression and not numeric_format(p)
            )
        elif kind is cst.BooleanOperation and type(item.operator) is cst.And:
            stack.append(item.right)  # ``a and b``: a falsy ``a`` or ``b``
        elif kind in _LEFT_RIGHT_NODES:
            stack.extend((item.left, item.right))
        elif kind is cst.StarredElement:
            stack.append(item.value)
        elif kind is cst.Await:
            stack.append(item.expression)
        elif kind is cst.IfExp:
            stack.extend((item.body, item.orelse))
        elif kind in _COMPREHENSION_NODES:
            stack.append(item.for_in.iter)
    found.discard("self")
    return found


NUMBER_PRESENTATIONS = frozenset("bdeEfFgGnoxX%")


def numeric_format(part: cst.FormattedStringExpression) -> bool:
    """Does the replacement field's format spec present a number (``{n:,}``, ``{cost:.2f}``,
    ``{share:.0%}``)? Such a spec raises on a string, so the value is not text."""
    if not part.format_spec:
        return False
    spec = "".join(p.value for p in part.format_spec if type(p) is cst.FormattedStringText)
    if len(spec) > 1 and spec[1] in "<>=^":
        spec = spec[2:]  # a fill character and an alignment
    elif spec[:1] in ("<", ">", "=", "^"):
        spec = spec[1:]
    return bool(spec) and (spec[-1] in NUMBER_PRESENTATIONS or "," in spec or "_" in spec)


def is_file_read(call: cst.Call) -> bool:
    """``open(path)``, ``Path(path).read_text()``: what comes back is the file's content."""
    func = call.func
    if type(func) is cst.Name:
        return func.value == "open"
    return type(func) is cst.Attribute and func.attr.value in ("read_text", "read_bytes", "open")


def call_arguments(call: cst.Call, record_id: tuple, through: list) -> None:
    """``(name, record id, key)`` for every name read in an argument of ``call``."""
    index = 0
    for arg in call.args:
        if arg.keyword is not None:
            key = arg.keyword.value
        elif arg.star:
            key = "*" if arg.star == "*" else "**"
        else:
            key = index
            index += 1
        for name in names_in(arg.value):
            through.append((name, record_id, key))


# Methods whose result is the receiver's content, whole (of ``str``, ``bytes``, lists and
# dicts, and the dumps of data models): ``text.strip()`` in a prompt sends ``text``. The
# result of any other method is made from a part of its receiver (``job.render()``).
CONTENT_METHODS = frozenset(
    {
        "capitalize",
        "casefold",
        "center",
        "copy",
        "decode",
        "encode",
        "expandtabs",
        "format",
        "format_map",
        "join",
        "ljust",
        "lower",
        "lstrip",
        "model_dump",
        "model_dump_json",
        "dict",
        "json",
        "partition",
        "removeprefix",
        "removesuffix",
        "replace",
        "rjust",
        "rpartition",
        "rsplit",
        "rstrip",
        "split",
        "splitlines",
        "strip",
        "swapcase",
        "title",
        "translate",
        "upper",
        "values",
        "items",
        "zfill",
        "to_dict",
        "to_json",
        "dumps",
        "tolist",
        "read",
        "getvalue",
        "text",
    }
)
_ELEMENT_NODES = frozenset({cst.List, cst.Tuple, cst.Set, cst.Dict})
_LEFT_RIGHT_NODES = frozenset({cst.BinaryOperation, cst.BooleanOperation, cst.ConcatenatedString})
_COMPREHENSION_NODES = frozenset({cst.ListComp, cst.GeneratorExp, cst.SetComp})


def constant_truth(test) -> Optional[bool]:
    """The truth of an ``if`` test that Python's literals decide whatever the names in it
    hold (``False``, ``0``, ``None``, ``x and False``, ``not True``), else None."""
    kind = type(test)
    if kind in (cst.Name, cst.Integer):
        value = literal_kind(test)  # ``True``, ``None``, ``0``; another name: not known
        return None if value is None else value == TRUE_VALUE
    if kind is cst.UnaryOperation and type(test.operator) is cst.Not:
        inner = constant_truth(test.expression)
        return None if inner is None else not inner
    if kind is cst.BooleanOperation:
        left, right = constant_truth(test.left), constant_truth(test.right)
        if type(test.operator) is cst.And:
            if left is False or right is False:
                return False
            return True if left and right else None
        if left or right:
            return True
        return False if left is False and right is False else None
    return None


def empty_names(test) -> tuple:
    """The names an ``if`` test proves ``None``, empty or blank in its body and in its
    ``else``: ``x is None``, ``not x``, ``not x.strip()``, ``len(x) == 0``, ``x == ""`` (body),
    their negations (else), and ``or`` / ``and`` of such tests."""
    kind = type(test)
    if kind is cst.Name:  # ``if answer: ... else:``: falsy in the ``else``
        return (), (test.value,)
    if kind is cst.UnaryOperation and type(test.operator) is cst.Not:
        inner = test.expression
        name = inner.value if type(inner) is cst.Name else blank_name(inner)
        if name is not None:
            return (name,), ()
        body, orelse = empty_names(inner)
        return orelse, body
    if kind is cst.BooleanOperation:
        left, right = empty_names(test.left), empty_names(test.right)
        if type(test.operator) is cst.Or:  # one of the two holds in the body, neither after
            return tuple(n for n in left[0] if n in right[0]), left[1] + right[1]
        return left[0] + right[0], tuple(n for n in left[1] if n in right[1])
    if kind is cst.Comparison and len(test.comparisons) == 1:
        return _compared_empty(test.left, test.comparisons[0])
    return (), ()


EMPTY_LITERALS = (cst.SimpleString, cst.List, cst.Dict, cst.Tuple)


def _compared_empty(left, comparison: cst.ComparisonTarget) -> tuple:
    """``x is None``, ``x == ""``, ``len(x) == 0`` and their negations (see empty_names)."""
    operator = type(comparison.operator)
    right = comparison.comparator
    if type(left) is cst.Name:
        name = left.value
        if type(right) is cst.Name and right.value == "None":
            if operator is cst.Is:
                return (name,), ()
            if operator is cst.IsNot:
                return (), (name,)
        if type(right) in EMPTY_LITERALS and literal_kind(right) == FALSY_VALUE:
            if operator is cst.Equal:
                return (name,), ()
            if operator is cst.NotEqual:
                return (), (name,)
        return (), ()
    name = measured_name(left)
    if name is None or type(right) is not cst.Integer:
        return (), ()
    if (right.value, operator) in ((("0", cst.Equal)), ("1", cst.LessThan)):
        return (name,), ()
    if right.value == "0" and operator in (cst.NotEqual, cst.GreaterThan):
        return (), (name,)
    return (), ()


def blank_name(node) -> Optional[str]:
    """``x`` for ``x.strip()`` (or ``lstrip``/``rstrip``) and ``len(x)``: false only when ``x``
    is blank or empty."""
    if type(node) is cst.Call and type(node.func) is cst.Attribute:
        func = node.func
        if func.attr.value in ("strip", "lstrip", "rstrip") and type(func.value) is cst.Name:
            return func.value.value
    return measured_name(node)


def measured_name(node) -> Optional[str]:
    """``x`` for ``len(x)``."""
    if (
        type(node) is cst.Call
        and type(node.func) is cst.Name
        and node.func.value == "len"
        and len(node.args) == 1
        and type(node.args[0].value) is cst.Name
    ):
        return node.args[0].value.value
    return None


def plain_chain(node) -> bool:
    """``a`` or ``a.b.c``: names and attributes only, safe to evaluate a second time."""
    while type(node) is cst.Attribute:
        node = node.value
    return type(node) is cst.Name


def returned_call(value, labels: frozenset) -> Optional[tuple]:
    """The recorded call whose whole result ``return f(x)`` (or ``return await f(x)``)
    hands back, when its labels are that call's result and nothing else."""
    node = value.expression if type(value) is cst.Await else value
    if type(node) is not cst.Call or len(labels) != 1:
        return None
    (label,) = labels
    return label if label[0] == "K" and len(label) == 3 else None


def access_path(node) -> Optional[str]:
    """``a.b``, ``self.b`` or ``a["k"]`` (up to four steps) rooted at a name other than ``cls``."""
    steps = []
    while type(node) in (cst.Attribute, cst.Subscript):
        if type(node) is cst.Attribute:
            steps.append("." + node.attr.value)
        else:
            key = literal_key(node)
            if key is None:
                return None
            steps.append(f"[{key!r}]")
        node = node.value
    if not steps or len(steps) > MAX_PATH_DEPTH or type(node) is not cst.Name:
        return None
    if node.value == "cls":
        return None
    return node.value + "".join(reversed(steps))


def keyed_lookup_path(receiver, method: str, call) -> Optional[tuple[str, str]]:
    """``(path, item path)`` for ``path.get("k")`` or ``path.pop("k")`` with a literal string key
    on a name or access path (``event.get("text")``: ``event`` and ``event['text']``), the
    subscript that the lookup reads; None for anything else."""
    if method not in KEY_LOOKUPS or not call.args or call.args[0].keyword is not None:
        return None
    key = literal_string(call.args[0].value)
    path = name_or_path(receiver)
    if key is None or path is None or path in ("self", "cls"):
        return None
    return path, f"{path}[{key!r}]"


def name_or_path(node) -> Optional[str]:
    """``a`` for a name, ``a.b["k"]`` for an access path (see access_path), else None."""
    return node.value if type(node) is cst.Name else access_path(node)


NUMBER_TYPES = frozenset({"int", "float", "bool", "complex"})
# a parameter annotated with one of these holds a file system path: where data is, not data
PATH_TYPES = frozenset({"Path", "PurePath", "PosixPath", "WindowsPath", "PathLike"})


SIZE_COMPARISONS = (
    cst.Equal,
    cst.NotEqual,
    cst.LessThan,
    cst.LessThanEqual,
    cst.GreaterThan,
    cst.GreaterThanEqual,
)


def is_len_call(node) -> bool:
    """``len(x)``."""
    return (
        type(node) is cst.Call
        and type(node.func) is cst.Name
        and node.func.value == "len"
        and len(node.args) == 1
    )


# decorators under which a test function never runs (not ``skipif``: that one depends)
SKIP_DECORATORS = frozenset({"pytest.mark.skip", "unittest.skip"})


def is_number(node) -> bool:
    """A numeric literal (``3``, ``-0.5``, ``True``)."""
    if type(node) is cst.UnaryOperation:
        node = node.expression
    if type(node) is cst.Name:
        return node.value in ("True", "False")
    return type(node) in (cst.Integer, cst.Float, cst.Imaginary)


def counts(iterable) -> bool:
    """An iterable of numbers written out: ``range(...)`` or a literal list of numbers."""
    if type(iterable) is cst.Call:
        return type(iterable.func) is cst.Name and iterable.func.value == "range"
    if type(iterable) in (cst.List, cst.Tuple, cst.Set):
        return bool(iterable.elements) and all(
            type(e) is cst.Element and is_number(e.value) for e in iterable.elements
        )
    return False


def flag_guard(node: cst.FunctionDef, params: list) -> tuple[str, int]:
    """The parameter with a falsy default (``False``, ``None``, ``0``, ``""``) that a leading
    ``if not flag: return ...`` (or ``raise``) tests after simple lines only: without it, the
    function runs only those lines. With the index of the test when a line before it calls
    something (``estimate = len(encoder.encode(text))``), whose calls must not send; else 0.
    ``("", 0)`` when there is no such test."""
    body = node.body.body if type(node.body) is cst.IndentedBlock else ()
    calls_before = False
    for index, stmt in enumerate(body):
        if type(stmt) is cst.If and stmt.orelse is None:
            test = stmt.test
            if (
                type(test) is cst.UnaryOperation
                and type(test.operator) is cst.Not
                and type(test.expression) is cst.Name
                and test.expression.value in params
                and falsy_default(parameter(node.params, test.expression.value))
                and leaves_function(stmt.body)
            ):
                return test.expression.value, index if calls_before else 0
        if type(stmt) is not cst.SimpleStatementLine:
            return "", 0  # a block may send before the test
        calls_before = calls_before or not plain_statement(stmt)
    return "", 0


class _Calls(cst.CSTVisitor):
    """The call nodes of a tree, those inside lambdas left out (they do not run there)."""

    def __init__(self) -> None:
        self.found: list = []

    def visit_Call(self, node: cst.Call) -> None:
        self.found.append(node)

    def visit_Lambda(self, node: cst.Lambda) -> bool:
        return False


def calls_within(statements) -> list:
    """The call nodes in ``statements``, in order."""
    visitor = _Calls()
    for stmt in statements:
        stmt.visit(visitor)
    return visitor.found


def falsy_default(param: cst.Param) -> bool:
    """Is the default of ``param`` a falsy literal?"""
    default = param.default
    return default is not None and literal_kind(default) in (NONE_VALUE, FALSY_VALUE)


def leaves_function(block) -> bool:
    """Does ``block`` end by returning or raising?"""
    body = block.body if type(block) in (cst.IndentedBlock, cst.SimpleStatementSuite) else ()
    if not body:
        return False
    last = body[-1]
    if type(last) is cst.SimpleStatementLine:
        return type(last.body[-1]) in (cst.Return, cst.Raise)
    return type(last) in (cst.Return, cst.Raise)


PLAIN_VALUES = (
    cst.Name,
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.Integer,
    cst.Float,
    cst.Ellipsis,
)


def plain_statement(stmt) -> bool:
    """A line that calls nothing: a docstring, or names bound to literals, names and
    arithmetic on them (``per_word = PRICE * 1.3``)."""
    if type(stmt) is not cst.SimpleStatementLine:
        return False
    for small in stmt.body:
        if type(small) is cst.Expr:
            value = small.value
        elif type(small) in (cst.Assign, cst.AnnAssign) and small.value is not None:
            value = small.value
        else:
            return False
        if not plain_value(value):
            return False
    return True


def plain_value(node) -> bool:
    """An expression that calls nothing, of a few cheap kinds."""
    if type(node) in PLAIN_VALUES:
        return True
    if type(node) is cst.Attribute:
        return plain_value(node.value)
    if type(node) is cst.BinaryOperation:
        return plain_value(node.left) and plain_value(node.right)
    if type(node) is cst.UnaryOperation:
        return plain_value(node.expression)
    return False


# ``//``, ``**``, ``@``: no text, list, dict or path type defines them, so what they give is a
# number, never text
NO_TEXT_OPERATORS = frozenset({cst.FloorDivide, cst.Power, cst.MatrixMultiply})
# the mark of a name that holds a path in ``FunctionAnalyzer.numbers``
PLACE = "/"


TYPE_WORDS = frozenset({"str", "int", "float", "bool", "bytes", "dict", "list", "tuple", "set"})


def names_types(node: cst.Subscript) -> bool:
    """Is ``node`` a generic class with its type arguments (``Client[Any]``,
    ``Box[str, pkg.Item]``), not an item of a container (``handlers[name]``,
    ``self.tools["save"]``)? Type arguments are capitalised names or builtin types."""
    if type(node.value) not in (cst.Name, cst.Attribute):
        return False
    for element in node.slice:
        value = element.slice.value if type(element.slice) is cst.Index else None
        if type(value) is cst.Subscript and names_types(value):
            continue
        name = value.attr if type(value) is cst.Attribute else value
        if type(name) is not cst.Name or not (name.value[:1].isupper() or name.value in TYPE_WORDS):
            return False
    return True


def parameter(params: cst.Parameters, name: str) -> cst.Param:
    """The named parameter ``name`` of ``params`` (one of ``parameter_names``)."""
    for param in (*params.posonly_params, *params.params, *params.kwonly_params):
        if param.name.value == name:
            return param
    raise KeyError(name)


def numeric_parameter(param: cst.Param) -> bool:
    """A parameter that holds a number: annotated ``int``, ``float``, ``bool`` (or an
    ``Optional`` of one), or unannotated with a numeric default."""
    if param.annotation is None:
        return param.default is not None and is_number(param.default)
    return annotated_as(param, NUMBER_TYPES)


def path_parameter(param: cst.Param) -> bool:
    """A parameter annotated ``Path`` (or an ``Optional`` of one): it holds a path."""
    return param.annotation is not None and annotated_as(param, PATH_TYPES)


def annotated_as(param: cst.Param, types: frozenset) -> bool:
    """Is ``param`` annotated with one of ``types``, ``None`` aside (``Path | None``,
    ``Optional[int]``)?"""
    return annotated_with(param.annotation.annotation, types)


# calls that wrap query text and start with it: psycopg's ``sql.SQL(...)``, SQLAlchemy's
# ``text(...)``
QUERY_WRAPPERS = frozenset({"SQL", "text"})
# calls that build a statement of one verb, and the methods that refine it: SQLAlchemy Core's
# ``select(...)``, ``delete(...)`` and ``.where(...)``; the verb is the statement's text
QUERY_BUILDERS = {"select": "SELECT", "delete": "DELETE"}
QUERY_REFINERS = frozenset(
    {"where", "filter", "filter_by", "order_by", "limit", "offset", "join", "returning"}
)


def leading_text(node) -> Optional[str]:
    """The literal text a string expression starts with: a literal's, an f-string's first
    part, the left side of a concatenation, the text that ``.format(...)`` fills in or that a
    query wrapper (``sql.SQL("SELECT ...")``, ``text(...)``) holds (at most 80 characters),
    else None."""
    text = literal_string(node)
    if text is None and type(node) is cst.FormattedString:
        head = node.parts[0] if node.parts else None
        text = head.value if type(head) is cst.FormattedStringText else None
    elif text is None and type(node) in (cst.ConcatenatedString, cst.BinaryOperation):
        return leading_text(node.left)
    elif text is None and type(node) is cst.Call:
        func = node.func
        if type(func) is cst.Attribute and func.attr.value == "format":
            return leading_text(func.value)
        name = func.attr.value if type(func) is cst.Attribute else getattr(func, "value", None)
        if name in QUERY_WRAPPERS and node.args and node.args[0].keyword is None:
            return leading_text(node.args[0].value)
        return built_query_verb(node)
    return None if text is None else text[:80]


def built_query_verb(node: cst.Call) -> Optional[str]:
    """``DELETE`` for ``delete(Table).where(...)``, ``SELECT`` for ``select(...)``: the verb of
    a statement a query builder makes, through the methods that refine it; else None."""
    while type(node.func) is cst.Attribute and node.func.attr.value in QUERY_REFINERS:
        if type(node.func.value) is not cst.Call:
            return None
        node = node.func.value
    func = node.func
    name = func.attr.value if type(func) is cst.Attribute else getattr(func, "value", None)
    return QUERY_BUILDERS.get(name)


def literal_key(node: cst.Subscript):
    """The literal string or integer of ``x["k"]`` / ``x[0]``, else None."""
    if len(node.slice) != 1 or type(node.slice[0].slice) is not cst.Index:
        return None
    value = node.slice[0].slice.value
    if type(value) is cst.SimpleString and value.prefix.lower() in ("", "u"):
        return value.evaluated_value
    if type(value) is cst.Integer:
        return int(value.value, 0) if value.value.isdigit() else None
    return None


def callee_text(node) -> str:
    """A canonical text for a callee, computed the same way on the ``ast`` side."""
    parts = []
    while type(node) is cst.Attribute:
        parts.append(node.attr.value)
        node = node.value
    if type(node) is cst.Name:
        parts.append(node.value)
    else:
        parts.append("?")
    return ".".join(reversed(parts))


def attribute_chain(node) -> list:
    parts = []
    while True:
        if type(node) is cst.Attribute:
            parts.append(node.attr.value)
            node = node.value
        elif type(node) is cst.Subscript:
            node = node.value
        elif type(node) is cst.Call:
            node = node.func
        else:
            break
    if type(node) is cst.Name:
        parts.append(node.value)
    return list(reversed(parts))


def receiver_name(node) -> str:
    if type(node) is cst.Name:
        return node.value
    if type(node) is cst.Attribute:
        return node.attr.value
    return ""


def subscript_key(node: cst.Subscript) -> Optional[str]:
    if len(node.slice) == 1 and type(node.slice[0].slice) is cst.Index:
        return literal_string(node.slice[0].slice.value)
    return None


def has_true_kw(call: cst.Call, name: str) -> bool:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return type(arg.value) is cst.Name and arg.value.value == "True"
    return False


def parameter_names(params: cst.Parameters) -> tuple[list, str, str]:
    names = [p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params)]
    vararg = ""
    if type(params.star_arg) is cst.Param:
        vararg = params.star_arg.name.value
    kwarg = params.star_kwarg.name.value if params.star_kwarg is not None else ""
    return names, vararg, kwarg


Node = Union[cst.CSTNode]


def class_members(block):
    """The statements of a class body, looking inside ``if``/``try``/``with`` blocks."""
    stack = [iter(block.body)]
    while stack:
        stmt = next(stack[-1], None)
        if stmt is None:
            stack.pop()
        elif type(stmt) in (cst.SimpleStatementLine, cst.SimpleStatementSuite):
            yield from stmt.body
        elif type(stmt) in (cst.If, cst.Try, cst.TryStar, cst.With, cst.For, cst.While):
            stack.append(child_statements(stmt))
        else:
            yield stmt
