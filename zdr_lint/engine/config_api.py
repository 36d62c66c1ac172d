"""Clients, endpoints and API features: ZDR307, ZDR401, ZDR402 (where the client sends data and
how) and ZDR501-ZDR506 (API features and providers outside ZDR).

Facts: shared/reference/claude-surface.md part 1 (the feature table: Batch 29 days, Files until
deleted, code execution and programmatic tool calling up to 30 days, Skills and the MCP
connector under the standard policy, Managed Agents until deleted; Bedrock and Vertex have the
cloud provider as processor) and part 2 (clients, the Files API, litellm model strings).
"""

from __future__ import annotations

import re

import libcst as cst

from zdr_lint.engine.config_values import (
    ANTHROPIC_DOMAINS,
    DYNAMIC_FILTERING_SINCE,
    UNKNOWN,
    Later,
    argument,
    dated_tool,
    entry_get,
    entry_items,
    expression_nodes,
    in_domains,
    is_empty,
    is_loopback,
    positional,
    shown,
    source_text,
    url_path_endswith,
    url_scheme_host,
)
from zdr_lint.engine.names import literal_string
from zdr_lint.engine.numbering import child_statements

CLAUDE = re.compile(r"(?i)claude|anthropic")
PROCESSORS = {"aws-bedrock": "Amazon Bedrock", "google-vertex": "Google Vertex AI"}
NO_SDK_LOGGING = frozenset({"agent-sdk", "litellm-router"})  # clients that are not the SDK
URL_KEYWORDS = ("base_url", "anthropic_api_url")
LITELLM_URL_KEYWORDS = ("api_base", "base_url")
# hosts a client for a cloud platform talks to by design (not a gateway)
PLATFORM_DOMAINS = (
    ("Foundry", ("azure.com",)),
    ("Bedrock", ("amazonaws.com", "api.aws")),
    ("AWS", ("amazonaws.com", "api.aws")),
    ("Vertex", ("googleapis.com",)),
    ("GoogleCloud", ("googleapis.com",)),
)
MANAGED_AGENTS = frozenset({"agents", "sessions", "environments", "memory_stores"})
BATCH_DATA_CALLS = frozenset({"create", "results"})  # the calls that send or fetch Claude data
MESSAGE_CALLS = frozenset({"create", "stream", "parse", "tool_runner"})
BEDROCK_RUNTIME = frozenset(
    {"invoke_model", "invoke_model_with_response_stream", "converse", "converse_stream"}
)
RECEIVER_METHODS = frozenset({"post", "request", "bind_tools"}) | BEDROCK_RUNTIME
RAW_POST = frozenset({"requests.post", "requests.api.post", "httpx.post"})
RAW_REQUEST = frozenset({"requests.request", "requests.api.request", "httpx.request"})
ANTHROPIC_HEADERS = frozenset({"anthropic-version", "anthropic-beta"})
RUNTIME_HOST = "the host is chosen at run time"
STANDARD_POLICY = "Anthropic's standard retention applies (up to 30 days)"
CONTAINER_DAYS = "container data is kept up to 30 days"


def on_call(site) -> None:
    qualified = site.qualified
    specs = site.rules.module.specs
    if qualified is not None:
        client = specs.client_factories.get(qualified)
        if client is not None:
            constructor(site, client)
        elif qualified.startswith("litellm.") and qualified in specs.function_sources:
            litellm_model(site, argument(site.node, "model", 0))
        elif qualified in RAW_POST:
            raw_post(site, argument(site.node, "url", 0))
        elif qualified in RAW_REQUEST:
            raw_request(site)
        else:
            cloud_wrapper(site)
    else:
        by_receiver(site)
    claude_paths(site)


# ---- ZDR307, ZDR401, ZDR402: where and how the client sends --------------------------------
def check_base_url(
    rules, fa, node, subject: str, label: str, ref, extra: tuple = (), value_fa=None
) -> None:
    """A base URL the Claude traffic goes to: plain http off loopback, or a foreign host.

    The finding goes to ``fa`` (the function being analysed); ``value_fa`` is where ``node``
    was written, when it comes from a name bound elsewhere.
    """
    value_fa = value_fa or fa
    text = rules.text(value_fa, node, partial=True)
    parsed = url_scheme_host(text)
    if parsed is None:
        if text in (None, UNKNOWN) and configured(rules, value_fa, node):
            message = (
                f"{subject} `{source_text(node)}` is chosen at run time: when it names a "
                f"gateway or proxy, that host sees every prompt and completion, outside ZDR"
            )
            rules.report(fa, "ZDR307", label, message, ref, RUNTIME_HOST)
        return
    scheme, host = parsed
    if scheme == "http" and not is_loopback(host):
        message = f"{subject} {shown(text)} sends prompts without TLS to a non-loopback host"
        rules.report(fa, "ZDR401", label, message, ref)
    elif scheme == "https" and not in_domains(host, ANTHROPIC_DOMAINS + extra):
        message = (
            f"{subject} {shown(text)} routes every prompt through {host}, which is not "
            f"Anthropic's: a gateway or proxy there sees all Claude traffic, outside ZDR"
        )
        rules.report(fa, "ZDR307", label, message, ref)


def check_url_keywords(site, names: tuple, subject: str, extra: tuple = ()) -> None:
    """check_base_url on each URL keyword the call passes, written out or in a ``**options``
    dict built in the function (``options["base_url"] = url``: ``CallSite.node_keyword``)."""
    for name in names:
        node = site.call.node_keyword(name)
        if node is not None:
            check_base_url(
                site.rules, site.fa, node, f"{subject} {name}", name, site.call.ref, extra
            )


def configured(rules, fa, node) -> bool:
    """Is ``node`` a value the deployment chooses (an environment variable, a settings
    attribute, an expression of them)? Not a literal or ``None``, and not a bare parameter: a
    function that passes its caller's URL on leaves the choice to that caller."""
    _, value = rules.resolve(fa, node)
    return not isinstance(value, (cst.Name, cst.BaseString, cst.Integer))


def transport(site, subject: str, extra: tuple = ()) -> None:
    """``base_url``/``anthropic_api_url`` and ``http_client`` of a client or ``with_options``."""
    rules, fa = site.rules, site.fa
    check_url_keywords(site, URL_KEYWORDS, subject, extra)
    http_client = site.keyword("http_client")
    if http_client is not None and rules.kind(fa, http_client) == "unverified-http":
        message = (
            f"{subject} http_client has TLS certificate verification turned off: anyone on the "
            f"network path can read or change prompts and completions"
        )
        site.report("ZDR402", "http_client", message)


def constructor(site, client) -> None:
    if client.model_pattern is not None:
        model = site.call.model_text()
        if model is None or not client.model_pattern.search(model):
            return
    state = site.rules.state
    if client.family not in NO_SDK_LOGGING:
        state.creates_client = True
    if client.family == "litellm-router":
        router_models(site)
        return
    if client.family == "agent-sdk":
        return
    name = site.qualified.rsplit(".", 1)[-1]
    extra = tuple(d for word, domains in PLATFORM_DOMAINS if word in name for d in domains)
    transport(site, "Claude client", extra)
    if client.processor != "anthropic":
        provider = PROCESSORS.get(client.processor, client.processor)
        site.report("ZDR506", name, cloud_message(name, provider))
    if client.family == "langchain":
        connector_options(site)
    if client.family == "llama-index":
        if site.keyword("aws_region") is not None:
            site.report("ZDR506", name, cloud_message(f"{name}(aws_region=...)", "Amazon Bedrock"))
        elif site.keyword("project_id") is not None or site.keyword("region") is not None:
            site.report("ZDR506", name, cloud_message(f"{name}(region=...)", "Google Vertex AI"))
    beta_headers(site, site.keyword("default_headers"))


# ---- ZDR506: a cloud provider as processor ----------------------------------------------------
def cloud_message(what: str, provider: str) -> str:
    return (
        f"{what} sends Claude requests through {provider}, where the cloud provider is the data "
        f"processor: the cloud provider's terms apply, not Anthropic's ZDR"
    )


def cloud_model(text) -> str:
    """The cloud platform a litellm model string routes Claude through, or ''."""
    if not text or not CLAUDE.search(text):
        return ""
    lower = text.strip().lower()
    if lower.startswith("bedrock/"):
        return "Amazon Bedrock"
    if lower.startswith(("vertex_ai/", "vertex_ai_beta/")):
        return "Google Vertex AI"
    return ""


def litellm_model(site, node) -> None:
    text = site.rules.text(site.fa, node)
    provider = cloud_model(text)
    if provider:
        what = f"litellm model {shown(text)}"
        site.report("ZDR506", "litellm model", cloud_message(what, provider))
    if text is None or CLAUDE.search(text):  # the endpoint a Claude model is sent to
        check_url_keywords(site, LITELLM_URL_KEYWORDS, "litellm")


def router_models(site) -> None:
    rules = site.rules
    for entry_fa, entry in rules.elements(site.fa, site.keyword("model_list")):
        params_fa, params = rules.resolve(entry_fa, entry_get(entry, "litellm_params"))
        text = rules.text(params_fa, entry_get(params, "model"))
        provider = cloud_model(text)
        if provider:
            what = f"litellm Router model {shown(text)}"
            site.report("ZDR506", "litellm model", cloud_message(what, provider))
            return


def cloud_provider_env(rules, fa, key: str, ref) -> None:
    provider = "Amazon Bedrock" if key.endswith("BEDROCK") else "Google Vertex AI"
    rules.report(fa, "ZDR506", key, cloud_message(f"{key}=1 (Claude Code)", provider), ref)


def cloud_wrapper(site) -> None:
    """LangChain's Claude-on-Vertex and Bedrock chat models."""
    parts = site.path
    root, name = parts[0], parts[-1]
    if root == "langchain_google_vertexai" and name == "ChatAnthropicVertex":
        site.report("ZDR506", name, cloud_message(name, "Google Vertex AI"))
    elif root == "langchain_aws" and name in ("ChatBedrock", "ChatBedrockConverse", "BedrockLLM"):
        node = site.keyword("model_id")
        if node is None:
            node = argument(site.node, "model", 0)
        text = site.rules.text(site.fa, node)
        if text and CLAUDE.search(text):
            site.report("ZDR506", name, cloud_message(f"{name}({shown(text)})", "Amazon Bedrock"))


def by_receiver(site) -> None:
    """Calls on library objects: HTTP sessions, boto3 clients, litellm routers, LangChain."""
    last = site.last
    if last not in RECEIVER_METHODS and last not in site.rules.router_methods:
        return
    labels = site.receiver_labels()
    for label in labels:
        if label[0] == "T" and label[1] == "http.Session":
            if last == "post":
                raw_post(site, argument(site.node, "url", 0))
            elif last == "request":
                raw_request(site)
        elif label[0] == "T" and label[1] == "boto3.Client" and last in BEDROCK_RUNTIME:
            text = site.rules.text(site.fa, site.keyword("modelId"))
            if text and CLAUDE.search(text):
                what = f"bedrock-runtime {last}(modelId={shown(text)})"
                site.report("ZDR506", "bedrock-runtime", cloud_message(what, "Amazon Bedrock"))
        elif label[0] == "C" and label[1] == "litellm-router":
            if last in site.rules.router_methods:
                litellm_model(site, site.keyword("model"))
        elif label[0] == "C" and label[1] == "langchain" and last == "bind_tools":
            tools = site.keyword("tools")
            server_tools(site, tools if tools is not None else positional(site.node, 0))
            return


# ---- ZDR501-ZDR505: API features outside ZDR -------------------------------------------------
def claude_paths(site) -> None:
    clean, last = site.clean, site.last
    if len(clean) < 2:
        return
    if clean[-3:-1] == ("messages", "batches") and last in BATCH_DATA_CALLS:
        if site.on_claude:
            what = ".".join(clean[-4:] if clean[-4:-3] == ("beta",) else clean[-3:])
            message = (
                f"{what}: the Message Batches API is not covered by ZDR; Anthropic keeps batch "
                f"requests and results for 29 days"
            )
            site.report("ZDR501", what, message)
    elif site.ends("beta", "files", "upload"):
        if site.on_claude:
            message = (
                "beta.files.upload: the Files API is not covered by ZDR; Anthropic keeps "
                "uploaded files until they are deleted"
            )
            site.report("ZDR502", "beta.files.upload", message)
    elif site.follows("beta", ("skills",)) and last != "delete":
        if site.on_claude:
            message = f"beta.skills.{last}: Agent Skills are not covered by ZDR; {STANDARD_POLICY}"
            site.report("ZDR504", "beta.skills", message)
    elif site.follows("beta", MANAGED_AGENTS) and last != "delete":
        if site.on_claude:
            resource = site.follows("beta", MANAGED_AGENTS)
            message = (
                f"beta.{resource}: Managed Agents are not covered by ZDR; agents, session "
                f"transcripts and memory stores persist until you delete them"
            )
            site.report("ZDR505", f"beta.{resource}", message)
    elif clean[-2] == "messages" and last in MESSAGE_CALLS:
        if site.on_claude:
            message_features(site)
    elif last in ("with_options", "copy"):
        if site.on_claude:
            transport(site, "Claude client")


def message_features(site) -> None:
    """``tools=``, ``mcp_servers=``, ``container=``, ``betas=`` of a Messages API call."""
    rules, fa = site.rules, site.fa
    server_tools(site, site.keyword("tools"))
    connector_options(site)
    container_fa, container = rules.resolve(fa, site.keyword("container"))
    skills = entry_get(container, "skills")
    if skills is not None and not is_empty(skills):
        message = f"container skills=: Agent Skills are not covered by ZDR; {STANDARD_POLICY}"
        site.report("ZDR504", "container skills", message)
    beta_headers(site, site.keyword("extra_headers"))


def connector_options(site) -> None:
    """``mcp_servers=`` and ``betas=`` (Messages API calls and ChatAnthropic)."""
    servers = site.keyword("mcp_servers")
    if servers is not None and not is_empty(servers):
        message = (
            "mcp_servers=: the MCP connector is not covered by ZDR (data retained per standard "
            "policy, up to 30 days) and the remote MCP server is a third party"
        )
        site.report("ZDR504", "mcp_servers", message)
    betas = site.keyword("betas")
    if betas is not None:
        connector_betas(site, site.rules.strings(site.fa, betas), "betas")


def connector_betas(site, names: list, where: str) -> None:
    for name in names:
        for beta in name.split(","):
            beta = beta.strip()
            if beta.startswith("mcp-client-") or beta.startswith("skills-"):
                feature = "the MCP connector" if beta.startswith("mcp") else "Agent Skills"
                message = (
                    f"{where} enables '{beta}': {feature} is not covered by ZDR; {STANDARD_POLICY}"
                )
                site.report("ZDR504", where, message)
                return


def beta_headers(site, node) -> None:
    headers_fa, headers = site.rules.resolve(site.fa, node)
    for key, value in entry_items(headers):
        if key.lower() == "anthropic-beta":
            text = site.rules.text(headers_fa, value)
            if text:
                connector_betas(site, [text], "anthropic-beta header")


def server_tools(site, node) -> None:
    """Tool definitions that run in Anthropic's code-execution containers or reach MCP."""
    if node is None:
        return
    rules = site.rules
    for entry_fa, entry in rules.elements(site.fa, node):
        kind = rules.text(entry_fa, entry_get(entry, "type")) or ""
        callers_node = entry_get(entry, "allowed_callers")
        callers = rules.strings(entry_fa, callers_node) if callers_node is not None else []
        dated = dated_tool(kind)
        if kind.startswith("code_execution_"):
            message = f"the code execution tool '{kind}' is not covered by ZDR; {CONTAINER_DAYS}"
            site.report("ZDR503", "code execution", message)
        elif kind == "mcp_toolset":
            message = (
                "an mcp_toolset tool uses the MCP connector, which is not covered by ZDR; "
                f"{STANDARD_POLICY}"
            )
            site.report("ZDR504", "mcp_toolset", message)
        elif dated and dated[1] >= DYNAMIC_FILTERING_SINCE and set(callers) != {"direct"}:
            message = (
                f"'{kind}' filters results with code execution (dynamic filtering), which is not "
                f"covered by ZDR; {CONTAINER_DAYS}. The basic {dated[0]} versions and "
                f"allowed_callers=['direct'] avoid it"
            )
            site.report("ZDR503", "dynamic filtering", message)
        if any(caller.startswith("code_execution") for caller in callers):
            message = (
                "allowed_callers names code execution: programmatic tool calling runs in "
                f"code-execution containers, not covered by ZDR; {CONTAINER_DAYS}"
            )
            site.report("ZDR503", "programmatic tool calling", message)


# ---- ZDR501/ZDR502 over raw HTTP --------------------------------------------------------------
def raw_request(site) -> None:
    method = site.rules.text(site.fa, argument(site.node, "method", 0))
    if method and method.upper() == "POST":
        raw_post(site, argument(site.node, "url", 1))


def raw_post(site, url) -> None:
    rules, fa = site.rules, site.fa
    text = rules.text(fa, url, partial=True)
    if url_path_endswith(text, "/v1/files"):
        rule, label = "ZDR502", "POST /v1/files"
        feature = "the Files API, which is not covered by ZDR: files are kept until deleted"
    elif url_path_endswith(text, "/v1/messages/batches"):
        rule, label = "ZDR501", "POST /v1/messages/batches"
        feature = "the Message Batches API, which is not covered by ZDR: batches are kept 29 days"
    else:
        return
    parsed = url_scheme_host(text)
    _, headers = rules.resolve(fa, site.keyword("headers"))
    # Anthropic's API host, or the anthropic-version header every request to the API carries
    if (parsed is not None and in_domains(parsed[1], ANTHROPIC_DOMAINS)) or any(
        key.lower() in ANTHROPIC_HEADERS for key, _ in entry_items(headers)
    ):
        site.report(rule, label, f"POST to {shown(text)} uses {feature}")


# ---- ZDR502 content blocks: a statement walk at the end of the module --------------------------
def finish(rules) -> None:
    module = rules.module
    if "file_id" not in module.text:  # both block shapes name a file_id: nothing to find
        return
    walker = BlockWalker(rules)
    walker.block(module.tree.body, module.summary.name, None, True)


class BlockWalker:
    """Finds content blocks whose source is a Files API file, statement by statement."""

    MESSAGE = (
        "a content block with a Files API source ({'type': 'file', 'file_id': ...}) uses a file "
        "uploaded to the Files API, which is not covered by ZDR: Anthropic keeps it until it is "
        "deleted"
    )

    def __init__(self, rules) -> None:
        self.rules = rules
        self.module_name = rules.module.summary.name
        self.ordinals = rules.module.ordinals
        self.scope: cst.CSTNode = rules.module.tree  # the function (or module) being walked

    def block(self, body, function: str, cls, module_level: bool) -> None:
        for stmt in body:
            self.statement(stmt, function, cls, module_level)

    def statement(self, stmt, function: str, cls, module_level: bool) -> None:
        if type(stmt) in (cst.SimpleStatementLine, cst.SimpleStatementSuite):
            for small in stmt.body:
                self.check(small, small, function)
            return
        if isinstance(stmt, cst.BaseSmallStatement):  # the body of ``def f(): return ...``
            self.check(stmt, stmt, function)
            return
        if type(stmt) is cst.FunctionDef:
            name = stmt.name.value
            if cls:
                qualname = f"{cls}.{name}"
            elif module_level:
                qualname = f"{self.module_name}.{name}"
            else:
                qualname = f"{function}.<locals>.{name}"
            outer, self.scope = self.scope, stmt
            self.block(child_statements(stmt), qualname, None, False)
            self.scope = outer
            return
        if type(stmt) is cst.ClassDef:
            prefix = self.module_name if module_level else f"{function}.<locals>"
            self.block(
                child_statements(stmt), function, f"{prefix}.{stmt.name.value}", module_level
            )
            return
        for header in headers(stmt):
            self.check(stmt, header, function)
        self.block(child_statements(stmt), function, cls, module_level)

    def check(self, stmt, node, function: str) -> None:
        ordinal = self.ordinals.get(id(stmt))
        if ordinal is None:
            return
        for item in expression_nodes(node):
            if type(item) is cst.Dict and self.file_source(item):
                if self.expected_value(stmt):
                    return
                ref = (ordinal, "<stmt>", 0)
                self.rules.emit(Later("ZDR502", "file content block", self.MESSAGE, ref, function))
                return

    def expected_value(self, stmt) -> bool:
        """A block that a test compares against (``assert sent == [block]``, directly or
        through a local that only asserts read) describes a request; it sends nothing."""
        if type(stmt) is cst.Assert:
            return True
        if (
            type(stmt) is cst.Assign
            and len(stmt.targets) == 1
            and type(stmt.targets[0].target) is cst.Name
        ):
            reads = AssertReads(stmt.targets[0].target.value)
            self.scope.visit(reads)
            return reads.in_asserts > 0 and reads.elsewhere == 0
        return False

    @staticmethod
    def file_source(node: cst.Dict) -> bool:
        """``{"source": {"type": "file", "file_id": ...}}`` or a ``container_upload`` block."""
        source = entry_get(node, "source")
        if type(source) is cst.Dict and literal_string(entry_get(source, "type")) == "file":
            return entry_get(source, "file_id") is not None
        kind = literal_string(entry_get(node, "type"))
        return kind == "container_upload" and entry_get(node, "file_id") is not None


class AssertReads(cst.CSTVisitor):
    """Counts the reads of one name inside ``assert`` statements and elsewhere."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.depth = 0
        self.in_asserts = 0
        self.elsewhere = 0

    def visit_Assert(self, node: cst.Assert) -> None:
        self.depth += 1

    def leave_Assert(self, node: cst.Assert) -> None:
        self.depth -= 1

    def visit_AssignTarget(self, node: cst.AssignTarget) -> bool:
        return False  # a binding, not a read

    def visit_Name(self, node: cst.Name) -> None:
        if node.value != self.name:
            return
        if self.depth:
            self.in_asserts += 1
        else:
            self.elsewhere += 1


def headers(stmt) -> list:
    """The expressions of a compound statement's header (not of its body)."""
    if type(stmt) in (cst.If, cst.While):
        return [stmt.test]
    if type(stmt) is cst.For:
        return [stmt.iter]
    if type(stmt) is cst.With:
        return [item.item for item in stmt.items]
    if type(stmt) is cst.Match:
        return [stmt.subject]
    return []
