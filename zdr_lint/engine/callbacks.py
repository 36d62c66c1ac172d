"""Calls that run a function passed as a value: threads, executors, background tasks, ``map``.

``executor.submit(save, answer)`` runs ``save(answer)``. The analyzer records that call as if
it were written at the ``submit``, so what ``save`` does with ``answer`` is reported there, and
the call's result (a future, a ``map`` iterator) carries what ``save`` returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst


@dataclass(frozen=True)
class Runner:
    """Where a runner takes the function and the function's arguments."""

    function_at: Optional[int]  # the function's position among the runner's arguments
    function_kw: Optional[str] = None  # or its keyword (``Thread(target=...)``)
    args_from: Optional[int] = None  # the runner's positional arguments from here on
    args_kw: Optional[str] = None  # a keyword holding a tuple of them (``args=(a, b)``)
    keywords: bool = False  # the runner's other keyword arguments go to the function


THREAD = Runner(1, "target", args_kw="args")
REST = Runner(0, args_from=1, keywords=True)

# fully qualified runner functions (classes included)
FUNCTIONS: dict[str, Runner] = {
    "threading.Thread": THREAD,
    "multiprocessing.Process": THREAD,
    "threading.Timer": Runner(1, "function", args_kw="args"),
    "asyncio.to_thread": REST,
    "anyio.to_thread.run_sync": Runner(0, args_from=1),
    "starlette.concurrency.run_in_threadpool": REST,
    "fastapi.concurrency.run_in_threadpool": REST,
    "map": Runner(0, args_from=1),
    # a partial is made to be called: its function runs with the arguments bound here (the
    # arguments given at the later call are that call's)
    "functools.partial": REST,
}

# methods of any receiver (executors, event loops, FastAPI/Starlette BackgroundTasks)
METHODS: dict[str, Runner] = {
    "submit": REST,
    "add_task": REST,
    "map": Runner(0, args_from=1),
    "run_in_executor": Runner(1, args_from=2),
    "call_soon": Runner(0, args_from=1),
    "call_soon_threadsafe": Runner(0, args_from=1),
    "call_later": Runner(1, args_from=2),
    "call_at": Runner(1, args_from=2),
}

# keywords a runner keeps for itself (never passed to the function)
RUNNER_KEYWORDS = frozenset({"name", "daemon", "group", "timeout", "context", "executor"})


def runner_for(qualified: Optional[str], func) -> Optional[Runner]:
    """The runner a call's callee is, if any: a known function, else a known method name."""
    if qualified is not None and qualified in FUNCTIONS:
        return FUNCTIONS[qualified]
    if type(func) is cst.Attribute:
        return METHODS.get(func.attr.value)
    return None


@dataclass
class Callback:
    """The call a runner makes: the function (a node) and the labels of its arguments."""

    function: cst.BaseExpression
    positional: list
    keywords: dict
    splat: frozenset = frozenset()  # ``**options`` passed on to the function


def callback_of(
    runner: Runner, node: cst.Call, positional: list, keywords: dict, splat: frozenset, items: dict
):
    """The call ``runner`` makes, from the runner's evaluated arguments.

    ``items`` holds the labels of each element of a literal ``args=`` tuple, evaluated one by
    one. None when the function or its arguments cannot be told from the source (``*args``, or
    ``**options`` for a runner that keeps its keywords).
    """
    if any(arg.star == "*" or (arg.star and not runner.keywords) for arg in node.args):
        return None
    function = None
    given = [arg for arg in node.args if arg.keyword is None]
    named = {arg.keyword.value: arg for arg in node.args if arg.keyword is not None}
    if runner.function_kw is not None and runner.function_kw in named:
        function = named[runner.function_kw].value
    elif runner.function_at is not None and runner.function_at < len(given):
        function = given[runner.function_at].value
    if type(function) not in (cst.Name, cst.Attribute, cst.Lambda):
        return None
    args: list = []
    if runner.args_from is not None:
        args = list(positional[runner.args_from :])
    if runner.args_kw is not None and runner.args_kw in named:
        if runner.args_kw not in items:
            return None  # a tuple built elsewhere: which argument is which is not known
        args = list(items[runner.args_kw])
    kwargs: dict = {}
    if runner.keywords:
        skip = {runner.function_kw, runner.args_kw, *RUNNER_KEYWORDS}
        kwargs = {name: labels for name, labels in keywords.items() if name not in skip}
    return Callback(function, args, kwargs, splat if runner.keywords else frozenset())


def literal_items(value) -> Optional[list]:
    """The elements of a literal tuple or list with no starred element, else None."""
    if type(value) not in (cst.Tuple, cst.List):
        return None
    if any(type(element) is cst.StarredElement for element in value.elements):
        return None
    return [element.value for element in value.elements]


# ---- functions the Claude Agent SDK calls with Claude data ---------------------------------
# every public path of each name: the package, and the module that defines it
_SDKS = ("claude_agent_sdk", "claude_agent_sdk.types", "claude_code_sdk", "claude_code_sdk.types")
AGENT_OPTIONS = tuple(
    f"{sdk}.{name}" for sdk in _SDKS for name in ("ClaudeAgentOptions", "ClaudeCodeOptions")
)
HOOK_MATCHERS = tuple(f"{sdk}.HookMatcher" for sdk in _SDKS)
# (keyword, the position of the parameter that gets the data, what the data is)
DATA_CALLBACKS: dict[str, tuple] = {
    **{name: (("can_use_tool", 1, "can_use_tool input"),) for name in AGENT_OPTIONS},
    **{name: (("hooks", 0, "hook input"),) for name in HOOK_MATCHERS},
}
# Library protocols whose implementations the SDK calls with Claude data: base class ->
# {method: (the position of the parameter that gets the data, after self; what it is)}
DATA_METHODS: dict[str, dict] = {
    f"{sdk}.SessionStore": {"append": (1, "session transcript entries")} for sdk in _SDKS
}
# decorators whose function's first parameter is the tool input Claude wrote
TOOL_DECORATORS = frozenset({"claude_agent_sdk.tool", "claude_code_sdk.tool"})


# pydantic-ai: an agent of a Claude model calls its tools with the arguments Claude wrote.
AGENT_FAMILIES = frozenset({"pydantic-ai"})
AGENT_FACTORIES = frozenset({"pydantic_ai.Agent", "pydantic_ai.agent.Agent"})
TOOL_WRAPPERS = frozenset({"pydantic_ai.Tool", "pydantic_ai.tools.Tool"})
# decorator method -> the position of the first parameter Claude fills (after a RunContext)
AGENT_TOOL_DECORATORS = {"tool": 1, "tool_plain": 0}
TOOL_ARITY = 8  # parameters filled for a tool function whose signature is not at hand


def agent_tool_functions(node: cst.Call, qualify) -> list:
    """``(function node, takes a RunContext or None when unknown, the Tool(...) call or None)``
    for each function in the literal ``tools=[...]`` of an agent, bare or wrapped in ``Tool``."""
    found = []
    for arg in node.args:
        if arg.keyword is None or arg.keyword.value != "tools":
            continue
        for value in literal_items(arg.value) or []:
            takes_ctx = None
            wrapper = None
            if type(value) is cst.Call and qualify(value.func) in TOOL_WRAPPERS:
                wrapper = value
                wrapped = None
                for inner in value.args:
                    if inner.keyword is None and wrapped is None:
                        wrapped = inner.value
                    elif inner.keyword is not None and inner.keyword.value == "function":
                        wrapped = inner.value
                    elif inner.keyword is not None and inner.keyword.value == "takes_ctx":
                        flag = inner.value
                        if type(flag) is cst.Name and flag.value in ("True", "False"):
                            takes_ctx = flag.value == "True"
                value = wrapped
            if type(value) in (cst.Name, cst.Attribute):
                found.append((value, takes_ctx, wrapper))
    return found


def data_callbacks(qualified: Optional[str], node: cst.Call) -> list:
    """``(function node, parameter position, what)`` for each function that an Agent SDK
    option or hook matcher built here will call with Claude data."""
    if qualified is None or qualified not in DATA_CALLBACKS:
        return []
    found = []
    for keyword, position, what in DATA_CALLBACKS[qualified]:
        for arg in node.args:
            if arg.keyword is None or arg.keyword.value != keyword:
                continue
            values = literal_items(arg.value)
            for value in values if values is not None else [arg.value]:
                if type(value) in (cst.Name, cst.Attribute):
                    found.append((value, position, what))
    return found
