"""The shape of every table a catalog file may hold.

A catalog file is TOML with arrays of tables: ``[[rule]]``, ``[[lesson]]``, ``[[client]]``,
``[[source]]``, ``[[type]]``, ``[[sink]]`` and ``[[sanitizer]]``, plus one optional
``[metadata]`` table. Each field is named here with the Python type its value must have,
and whether it is required. The loader rejects anything else, naming the file.
"""

from __future__ import annotations

STR = "string"
BOOL = "boolean"
STR_LIST = "list of strings"
ARG_LIST = "list of integers or strings"
STR_TABLE = "table of strings"
INT = "integer"

# kind -> field -> (type, required)
TABLES: dict[str, dict[str, tuple[str, bool]]] = {
    "rule": {
        "id": (STR, True),
        "name": (STR, True),
        "lesson": (STR, True),
        "default": (BOOL, True),
        # on by default in the modules that run in a service (see [service])
        "default-in-service": (BOOL, False),
        "severity": (STR, True),
        "summary": (STR, True),
        "why": (STR, True),
        "bad": (STR, True),
        "good": (STR, True),
        "fix": (STR, True),
        "references": (STR_LIST, False),
    },
    "lesson": {
        "key": (STR, True),
        "words": (STR, True),
        "section": (STR, True),
    },
    # A Claude client family: calling a factory yields a client of this family.
    "client": {
        "family": (STR, True),
        "factories": (STR_LIST, True),
        "processor": (STR, False),
        "model-pattern": (STR, False),
        "returns-client": (STR_LIST, False),
        # a factory called with no model at all leaves it to these methods of what it builds:
        # ``model=`` of ``model-at``, the first argument (or ``model=``) of ``model-at-first``
        "model-at": (STR_LIST, False),
        "model-at-first": (STR_LIST, False),
    },
    # A call that sends prompt data to Claude or returns completion data from it.
    "source": {
        "client": (STR, False),
        "methods": (STR_LIST, False),
        "functions": (STR_LIST, False),
        "model-pattern": (STR, False),
        "prompt-args": (ARG_LIST, False),
        "prompt-kwargs": (STR_LIST, False),
        "returns": (STR, False),
        "fallback": (BOOL, False),
        # a process runner: the source holds only when the program run is one of these
        # (``subprocess.run(["claude", "-p", ...])``); ``exec-style`` runners take the program
        # as their first argument instead of the first element of an argv list
        "argv0": (STR_LIST, False),
        "exec-style": (BOOL, False),
    },
    # A library type whose methods are sinks: how values of the type come to be.
    "type": {
        "name": (STR, True),
        "factories": (STR_LIST, False),
        "instances": (STR_LIST, False),
        "receiver-names": (STR_LIST, False),
        "fluent": (BOOL, False),
        "method-returns": (STR_TABLE, False),
        "bases": (STR_LIST, False),
    },
    # Where Claude data must not go.
    "sink": {
        "rule": (STR, True),
        "functions": (STR_LIST, False),
        "type": (STR, False),
        "methods": (STR_LIST, False),
        "any-receiver": (BOOL, False),
        "args": (ARG_LIST, False),
        "kwargs": (STR_LIST, False),
        "receiver": (BOOL, False),
        "decorator": (BOOL, False),
        # what a decorator sink keeps of each call of the function: "arguments", "result"
        # (both when the key is absent)
        "decorated-keeps": (STR_LIST, False),
        "subscript-store": (BOOL, False),
        "when-kwarg": (STR_LIST, False),
        "unless-kwarg": (STR_LIST, False),
        "module-uses-claude": (BOOL, False),
        "min-args": (INT, False),
        "max-positional": (INT, False),
        "min-positional": (INT, False),
        # a regular expression: a call whose first argument is literal text matching it (a
        # read-only query) is not this sink
        "unless-first-arg": (STR, False),
        # the sink applies only when the keyword holds a library object of that type
        "when-kwarg-type": (STR_TABLE, False),
        # what the call returns is stored (a prompt history): a finding when it reaches Claude
        "stores-result": (BOOL, False),
    },
    "sanitizer": {
        "functions": (STR_LIST, False),
        "methods": (STR_LIST, False),
        # what they return names a place (a file system path), not content: a name bound to
        # it holds no data, and is no prompt data where it is formatted into a prompt
        "places": (BOOL, False),
        # their result holds no data even when a project method of that name answers the call
        # (an embedding is a vector whatever computes it): the method still runs
        "whoever-runs": (BOOL, False),
    },
}

# Single tables (not arrays): kind -> field -> (type, required)
SINGLE_TABLES: dict[str, dict[str, tuple[str, bool]]] = {
    "metadata": {
        "attributes": (STR_LIST, True),
        # endings that make a name metadata wherever it is read (``user_id``, ``run_ids``)
        "suffixes": (STR_LIST, False),
        # attributes that are metadata only when read as attributes (``path.suffix``), not
        # as a dict's keys (``settings["suffix"]`` may be the text appended to a prompt)
        "attribute-only": (STR_LIST, False),
        # attributes that are metadata only on a tool-use content block: read where the block
        # is known to be one (``if block.type == "tool_use":``, ``isinstance(b, ToolUseBlock)``)
        "tool-use-attributes": (STR_LIST, False),
        "tool-use-types": (STR_LIST, False),
        "tool-use-classes": (STR_LIST, False),
    },
    # A module runs in a service when it imports one of these modules (or a submodule): web,
    # worker and bot frameworks and their servers; so do the modules it imports.
    "service": {
        "frameworks": (STR_LIST, True),
    },
    # Library objects that hold state for the whole process or session, keyed by attribute or
    # item (``st.session_state.history`` is ``st.session_state["history"]``): what a module
    # writes under a key there, any module reads back.
    "shared-state": {
        "objects": (STR_LIST, True),
    },
}

SEVERITIES = ("error", "warning", "note")
RETURNS = ("completion", "metadata", "none")
