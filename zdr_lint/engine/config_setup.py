"""ZDR105 (SDK debug logging) and ZDR306 (instrumentation that records prompts), and the
environment variables that switch either on.

Facts: shared/reference/claude-surface.md part 3 (Observability) and part 2.2 (Agent SDK
``env``); the anthropic SDK logs request options, body included, at DEBUG.
"""

from __future__ import annotations

from dataclasses import replace

import libcst as cst

from zdr_lint.engine import config_api
from zdr_lint.engine.config_values import (
    argument,
    capture_on,
    entry_get,
    entry_items,
    env_true,
    expression_nodes,
    keyword,
    positional,
)

THIRD_PARTY = "a third party outside ZDR"
ANTHROPIC_LOGGER = "anthropic"
SDK_DEBUG = "logs every request body, prompts included, to your own logs (outside ZDR)"
# litellm's debug mode logs each request as a curl command with its JSON body
LITELLM_DEBUG = "logs every request as a curl command with its body, prompts included, to your logs"
LITELLM_DEBUG_FUNCTIONS = frozenset(
    {"litellm._turn_on_debug", "litellm.turn_on_debug", "litellm._logging._turn_on_debug"}
)
LITELLM_VERBOSE = frozenset({"litellm.set_verbose", "litellm._logging.set_verbose"})
LITELLM_LOGGER_OBJECTS = frozenset(
    {
        "litellm.verbose_logger",
        "litellm._logging.verbose_logger",
        "litellm._logging.verbose_router_logger",
    }
)

SENTRY_INIT = "sentry_sdk.init"
SENTRY_INTEGRATION = "sentry_sdk.integrations.anthropic.AnthropicIntegration"
TRACELOOP_INIT = "traceloop.sdk.Traceloop.init"
LOGFIRE = frozenset({"instrument_anthropic", "instrument_pydantic_ai"})
WRAP_ANTHROPIC = frozenset(
    {"langsmith.wrappers.wrap_anthropic", "langsmith.wrappers._anthropic.wrap_anthropic"}
)
AGENT_OPTIONS = frozenset(
    {
        "claude_agent_sdk.ClaudeAgentOptions",
        "claude_agent_sdk.types.ClaudeAgentOptions",
        "claude_code_sdk.ClaudeCodeOptions",
        "claude_code_sdk.types.ClaudeCodeOptions",
    }
)

# Claude Code's telemetry switches that put content into its OpenTelemetry events
CLAUDE_CODE_CONTENT = {
    "OTEL_LOG_USER_PROMPTS": "user prompts",
    "OTEL_LOG_ASSISTANT_RESPONSES": "Claude's responses",
    "OTEL_LOG_TOOL_DETAILS": "tool inputs",
    "OTEL_LOG_RAW_API_BODIES": "raw API request and response bodies",
}
GENAI_CAPTURE = "OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT"


def on_call(site) -> None:
    qualified = site.qualified
    handler = FUNCTIONS.get(qualified) if qualified is not None else None
    if handler is not None:
        handler(site)
        return
    if qualified is not None and qualified in site.fa.m.specs.function_sources:
        request_debug(site)
    if qualified is not None and qualified.endswith(".setLevel"):
        if qualified.rsplit(".", 1)[0] in LITELLM_LOGGER_OBJECTS:
            set_level(site, "litellm-logger")
    if qualified is None and site.receiver_node is not None:
        last = site.last
        if last == "setLevel":
            set_level(site, site.rules.kind(site.fa, site.receiver_node))
        elif last == "instrument":
            if site.rules.kind(site.fa, site.receiver_node) == "anthropic-instrumentor":
                tracer(site, "OpenLLMetry AnthropicInstrumentor().instrument()")
        elif last in LOGFIRE:
            logfire(site)


# ---- ZDR105 ----------------------------------------------------------------------------------
def is_debug(rules, fa, node) -> bool:
    """A logging level at or below DEBUG: ``logging.DEBUG``, ``"DEBUG"``, ``10``."""
    if node is None:
        return False
    fa, node = rules.resolve(fa, node)
    if fa.qualified(node) == "logging.DEBUG":
        return True
    text = rules.text(fa, node)
    if text is None:
        return False
    if text.isdigit():
        return 0 < int(text) <= 10
    return text.strip().upper() == "DEBUG"


def set_level(site, kind) -> None:
    """``logger.setLevel(...)`` on a logger of ``kind`` (``anthropic-logger``, ...)."""
    if kind not in ("anthropic-logger", "litellm-logger"):
        return
    if is_debug(site.rules, site.fa, argument(site.node, "level", 0)):
        if kind == "anthropic-logger":
            message = f"the '{ANTHROPIC_LOGGER}' logger set to DEBUG {SDK_DEBUG}"
            site.report("ZDR105", "anthropic logger", message)
        else:
            message = f"litellm's 'LiteLLM' logger set to DEBUG {LITELLM_DEBUG}"
            site.report("ZDR105", "litellm debug", message)


def litellm_turn_on_debug(site) -> None:
    """``litellm._turn_on_debug()``."""
    message = f"{site.qualified}() turns on litellm's debug logging, which {LITELLM_DEBUG}"
    site.report("ZDR105", "litellm debug", message)


def litellm_set_verbose(rules, fa, value) -> None:
    """``litellm.set_verbose = True``."""
    if rules.is_literal(fa, value, "True"):
        message = (
            f"litellm.set_verbose = True turns on litellm's debug logging, which {LITELLM_DEBUG}"
        )
        rules.report(fa, "ZDR105", "litellm debug", message)


def request_debug(site) -> None:
    """``litellm.completion(..., litellm_request_debug=True)``: that request is logged at
    WARNING, body included."""
    if not site.qualified.startswith("litellm."):
        return
    if site.rules.is_literal(site.fa, keyword(site.node, "litellm_request_debug"), "True"):
        message = (
            "litellm_request_debug=True logs this request as a curl command with its body, "
            "prompts included, at WARNING level to your logs"
        )
        site.report("ZDR105", "litellm debug", message)


def basic_config(site) -> None:
    if is_debug(site.rules, site.fa, keyword(site.node, "level")):
        root_debug(site, "logging.basicConfig(level=DEBUG)")


def root_debug(site, what: str) -> None:
    message = (
        f"{what} in a module that creates a Claude client puts the anthropic SDK's logger at "
        f"DEBUG, which {SDK_DEBUG}"
    )
    site.rules.hold(site, site.rules.state.debug_roots, "ZDR105", "root logger", message)


def dict_config(site) -> None:
    """``logging.config.dictConfig`` with the anthropic (or the root) logger at DEBUG."""
    rules, fa = site.rules, site.fa
    config_fa, config = rules.resolve(fa, positional(site.node, 0))
    loggers_fa, loggers = rules.resolve(config_fa, entry_get(config, "loggers"))
    for name, value in entry_items(loggers):
        level_fa, settings = rules.resolve(loggers_fa, value)
        if not is_debug(rules, level_fa, entry_get(settings, "level")):
            continue
        if name == "anthropic" or name.startswith("anthropic."):
            message = f"dictConfig sets the '{name}' logger to DEBUG, which {SDK_DEBUG}"
            site.report("ZDR105", "anthropic logger", message)
        elif name == "":
            root_debug(site, "dictConfig with the root logger at DEBUG")
    root_fa, root = rules.resolve(config_fa, entry_get(config, "root"))
    if is_debug(rules, root_fa, entry_get(root, "level")):
        root_debug(site, "dictConfig with the root logger at DEBUG")


# ---- environment variables -------------------------------------------------------------------
def env_setting(rules, fa, key, value, ref, value_fa=None) -> None:
    """An environment variable set in code (``os.environ``, ``putenv``, an Agent SDK ``env=``).

    Findings go to ``fa`` at ``ref`` (the statement when None); ``value_fa`` is where
    ``value`` was written when it differs (a dict bound to a module-level name).
    """
    if not key:
        return
    if key == "ANTHROPIC_BASE_URL":
        name = "ANTHROPIC_BASE_URL"
        config_api.check_base_url(rules, fa, value, name, name, ref, value_fa=value_fa)
        return
    text = rules.text(value_fa or fa, value)
    if text is None:
        return
    if key in ("CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX"):
        if env_true(text):
            config_api.cloud_provider_env(rules, fa, key, ref)
        return
    if key == "ANTHROPIC_LOG":
        if text.strip().lower() == "debug":
            message = f"ANTHROPIC_LOG={text} turns on the SDK's debug logging, which {SDK_DEBUG}"
            rules.report(fa, "ZDR105", key, message, ref)
    elif key == "LITELLM_LOG":
        if text.strip().upper() == "DEBUG":
            message = f"LITELLM_LOG={text} turns on litellm's debug logging, which {LITELLM_DEBUG}"
            rules.report(fa, "ZDR105", key, message, ref)
    elif key == "TRACELOOP_TRACE_CONTENT":
        if text.strip().lower() != "true":
            rules.state.trace_content_off = True
    elif key == GENAI_CAPTURE:
        if capture_on(text):
            message = (
                f"{key}={text} makes the OpenTelemetry GenAI instrumentation record prompts and "
                f"completions in telemetry sent to {THIRD_PARTY}"
            )
            rules.report(fa, "ZDR306", key, message, ref)
    elif key in CLAUDE_CODE_CONTENT:
        if env_true(text):
            message = (
                f"{key}={text} makes Claude Code export {CLAUDE_CODE_CONTENT[key]} in its "
                f"OpenTelemetry data, to a collector outside ZDR"
            )
            rules.report(fa, "ZDR306", key, message, ref)


def environ_setdefault(site) -> None:
    """``os.environ.setdefault(k, v)`` and ``os.putenv(k, v)``."""
    rules, fa = site.rules, site.fa
    key = rules.text(fa, positional(site.node, 0))
    env_setting(rules, fa, key, positional(site.node, 1), site.call.ref)


def environ_update(site) -> None:
    rules, fa = site.rules, site.fa
    mapping_fa, mapping = rules.resolve(fa, positional(site.node, 0))
    for key, value in entry_items(mapping) if type(mapping) is cst.Dict else ():
        env_setting(rules, fa, key, value, site.call.ref, mapping_fa)
    for arg in site.node.args:
        if arg.keyword is not None:
            env_setting(rules, fa, arg.keyword.value, arg.value, site.call.ref)


def agent_options(site) -> None:
    """``ClaudeAgentOptions(env={...})``: the variables Claude Code runs with."""
    rules, fa = site.rules, site.fa
    env_fa, env = rules.resolve(fa, keyword(site.node, "env"))
    if type(env) is cst.Dict:
        for key, value in entry_items(env):
            env_setting(rules, fa, key, value, site.call.ref, env_fa)


# why a multi-provider recorder holds only with medium confidence: no call here names Claude
MODEL_ELSEWHERE = "no call in this module names a Claude model; the model is chosen elsewhere"


# ---- ZDR306 ----------------------------------------------------------------------------------
def sentry_integration(site) -> None:
    rules, fa = site.rules, site.fa
    include = argument(site.node, "include_prompts", 0)
    if any(arg.star for arg in site.node.args):
        state = "unknown"
    elif include is None or rules.is_literal(fa, include, "True"):
        state = "on"
    elif rules.is_literal(fa, include, "False"):
        state = "off"
    else:
        state = "unknown"
    message = (
        "Sentry's AnthropicIntegration records prompts and completions (include_prompts "
        f"defaults to True) and send_default_pii=True sends them to Sentry, {THIRD_PARTY}"
    )
    record = rules.defer(fa, "ZDR306", "AnthropicIntegration", message, site.call.ref)
    rules.state.integrations[id(site.node)] = (record, state)


def sentry_init(site) -> None:
    rules, fa = site.rules, site.fa
    if not rules.is_literal(fa, keyword(site.node, "send_default_pii"), "True"):
        return
    state = rules.state
    listed = set()
    opaque = False
    integrations = keyword(site.node, "integrations")
    if integrations is not None:
        found, opaque = integration_calls(rules, fa, integrations)
        listed = found
    disabled = keyword(site.node, "disabled_integrations")
    off = set()
    if disabled is not None:
        off, _ = integration_calls(rules, fa, disabled)
        state.disabled_integrations |= off
    message = (
        "sentry_sdk.init(send_default_pii=True) with Sentry's Anthropic integration enabled by "
        "default records prompts and completions (include_prompts defaults to True) in Sentry, "
        f"{THIRD_PARTY}"
    )
    record = rules.defer(fa, "ZDR306", "sentry_sdk.init", message, site.call.ref)
    defaults_off = rules.is_literal(fa, keyword(site.node, "default_integrations"), "False")
    state.sentry_inits.append((record, listed, opaque, defaults_off or bool(off)))


def integration_calls(rules, fa, node) -> tuple:
    """The AnthropicIntegration calls inside an ``integrations=`` value, and whether the value
    could hold others that are not visible here (a name bound elsewhere, a call)."""
    found = set()
    opaque = not rules.literal_sequence(fa, node)
    known = rules.state.integrations
    for _, element in rules.elements(fa, node):
        if type(element) is not cst.Call:
            opaque = True
            continue
        for inner in expression_nodes(element):
            if id(inner) in known:
                found.add(id(inner))
    return found, opaque


def finish_sentry(rules) -> None:
    state = rules.state
    for record, listed, opaque, defaults_off in state.sentry_inits:
        if listed:
            chosen = [state.integrations[i] for i in sorted(listed)]
        elif opaque:  # the list is built elsewhere: judge this module's integrations
            disabled = state.disabled_integrations
            chosen = [v for k, v in state.integrations.items() if k not in disabled]
        else:  # none listed: Sentry enables the integration by itself, prompts included
            if not defaults_off:
                rules.emit(record)
            continue
        for integration, include in chosen:
            if include == "on":
                rules.emit(integration)


def tracer(site, what: str) -> None:
    message = (
        f"{what} records prompts and completions in traces (content tracing is on unless "
        f"TRACELOOP_TRACE_CONTENT=false); the tracing backend is {THIRD_PARTY}"
    )
    site.rules.hold(site, site.rules.state.tracers, "ZDR306", "OpenLLMetry", message)


def traceloop_init(site) -> None:
    if site.rules.is_literal(site.fa, keyword(site.node, "trace_content"), "False"):
        return
    tracer(site, "Traceloop.init()")


def logfire(site) -> None:
    if site.rules.is_literal(site.fa, keyword(site.node, "include_content"), "False"):
        return
    name = site.last
    message = (
        f"logfire.{name}() records prompts and completions (message content is included by "
        f"default) and sends them to Logfire, {THIRD_PARTY}"
    )
    if name == "instrument_anthropic":
        site.report("ZDR306", f"logfire.{name}", message)
    else:  # records every provider's calls: Claude's unless the module names only others
        site.rules.hold(site, site.rules.state.multi_provider, "ZDR306", f"logfire.{name}", message)


def mlflow_autolog(site) -> None:
    rules, fa = site.rules, site.fa
    if rules.is_literal(fa, keyword(site.node, "disable"), "True"):
        return
    if rules.is_literal(fa, keyword(site.node, "log_traces"), "False"):
        return
    message = (
        "mlflow.anthropic.autolog() logs prompts and completion responses as traces to the "
        "MLflow tracking server, outside ZDR"
    )
    site.report("ZDR306", "mlflow.anthropic.autolog", message)


def wrap_anthropic(site) -> None:
    message = (
        "langsmith wrap_anthropic() traces every prompt and completion of the wrapped Claude "
        f"client to LangSmith, {THIRD_PARTY}"
    )
    site.report("ZDR306", "wrap_anthropic", message)


def weave_init(site) -> None:
    message = (
        "weave.init() in a module that uses Claude patches the anthropic SDK and records every "
        f"prompt and completion in Weave (Weights & Biases), {THIRD_PARTY}"
    )
    site.rules.hold(site, site.rules.state.weave, "ZDR306", "weave.init", message)


def finish(rules) -> None:
    state = rules.state
    if state.creates_client:
        for item in state.debug_roots:
            rules.emit(item)
    if not state.trace_content_off:
        for item in state.tracers:
            rules.emit(item)
    summary = rules.module.summary
    if summary.uses_claude:
        for item in state.weave:
            rules.emit(item)
    if summary.uses_claude or summary.runtime_model or not summary.names_other_model:
        # Claude's for certain only when a call here names a Claude model
        doubt = "" if summary.uses_claude else MODEL_ELSEWHERE
        # no model named here at all: the agents it imports from the project may decide
        silent = not (summary.uses_claude or summary.runtime_model or summary.names_other_model)
        for item in state.multi_provider:
            rules.emit(replace(item, doubt=doubt, by_imports=silent))
    finish_sentry(rules)


FUNCTIONS = {
    "os.environ.setdefault": environ_setdefault,
    "os.putenv": environ_setdefault,
    "os.environ.update": environ_update,
    "logging.basicConfig": basic_config,
    "logging.config.dictConfig": dict_config,
    SENTRY_INIT: sentry_init,
    SENTRY_INTEGRATION: sentry_integration,
    TRACELOOP_INIT: traceloop_init,
    "logfire.instrument_anthropic": logfire,
    "logfire.instrument_pydantic_ai": logfire,
    "mlflow.anthropic.autolog": mlflow_autolog,
    "weave.init": weave_init,
    **{name: wrap_anthropic for name in WRAP_ANTHROPIC},
    **{name: agent_options for name in AGENT_OPTIONS},
    **{name: litellm_turn_on_debug for name in LITELLM_DEBUG_FUNCTIONS},
}
