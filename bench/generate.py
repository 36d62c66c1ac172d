"""Generate a deterministic, Claude-heavy Python project for the zdr-lint benchmark.

    python bench/generate.py --modules 2000 --out /tmp/genproject

writes ``/tmp/genproject/genapp/``: a package with one subpackage per kind of module, each split
into ``part_NN`` folders of at most 40 modules. ``--modules`` counts the ordinary modules; the
``__init__.py`` files of the packages come on top. The kinds, by share of the modules:

* ``clients_*`` (6%): ``anthropic.Anthropic()`` clients as module globals and as ``self.client`` of
  service classes;
* ``wrappers_*`` (16%): functions that call ``client.messages.create(...)`` (or stream with
  ``client.messages.stream``) and return ``resp.content[0].text``;
* ``storage_*`` (14%): functions whose parameters reach sinks (logging, sqlite3, redis, requests,
  files);
* ``services_*`` (22%): import wrappers, storage, helpers and other services across modules, with
  absolute and relative imports, and pass the answers along;
* ``views_*`` (12%): Flask routes that return ``jsonify(answer)``;
* ``plain_*`` (30%): ordinary code that never touches Claude (what the relevance pre-pass skips),
  except for the few helpers that services import.

Every module is padded with ordinary code to a size drawn between 50 and 300 lines. The output
depends only on ``--modules`` and ``--seed`` (one ``random.Random(seed)``, no clock, no hash
ordering), and every file is checked with ``ast.parse`` before it is written.
"""

from __future__ import annotations

import argparse
import ast
import random
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

PACKAGE = "genapp"
PART_SIZE = 40
MODEL = "claude-sonnet-4-5"

# kind -> (subpackage, share of the modules); plain modules are split over two subpackages
SHARES = [
    ("clients", "clients", 0.06),
    ("wrappers", "llm", 0.16),
    ("storage", "storage", 0.14),
    ("services", "services", 0.22),
    ("views", "web", 0.12),
    ("plain", None, 0.30),
]
PLAIN_AREAS = ("common", "domain")

# Plain words only: none may contain a relevance word of zdr-lint (anthropic, claude,
# instructor, langchain, litellm, llama_index, pydantic_ai, messages.create/stream, ...).
NOUNS = [
    "order", "invoice", "customer", "ticket", "report", "account", "payment", "shipment",
    "profile", "session", "metric", "event", "record", "batch", "item", "note", "page", "task",
    "job", "entry", "rate", "score", "window", "label", "region", "tenant", "bucket", "quota",
    "vendor", "product", "review", "booking", "course", "lesson", "channel", "device", "sensor",
    "reading", "route", "stop", "driver", "parcel", "warehouse", "ledger", "budget", "forecast",
]  # fmt: skip
VERBS = [
    "load", "parse", "build", "merge", "split", "format", "check", "count", "group", "rank",
    "clean", "collect", "compute", "convert", "filter", "index", "match", "render", "resolve",
    "scan", "sort", "summarise", "trim", "update", "validate", "normalise", "encode", "decode",
]  # fmt: skip
TOPICS = [
    "billing", "onboarding", "shipping", "returns", "search", "support", "reviews", "tutoring",
    "triage", "compliance", "scheduling", "inventory", "analytics", "feedback", "pricing",
]  # fmt: skip


@dataclass
class Module:
    kind: str
    index: int
    area: str
    part: int
    functions: list = field(default_factory=list)  # exported functions (names)
    classes: list = field(default_factory=list)  # exported classes (names)
    helpers: list = field(default_factory=list)  # plain helpers: str -> str functions
    target_lines: int = 0

    @property
    def name(self) -> str:
        return f"{self.kind}_{self.index:04d}"

    @property
    def package(self) -> tuple:
        return (PACKAGE, self.area, f"part_{self.part:02d}")

    @property
    def dotted(self) -> str:
        return ".".join((*self.package, self.name))

    @property
    def relpath(self) -> Path:
        return Path(*self.package, self.name + ".py")


class Writer:
    """Lines of one module, with indentation."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def add(self, text: str = "", indent: int = 0) -> None:
        for line in text.split("\n"):
            self.lines.append(("    " * indent + line) if line else "")

    def blank(self, count: int = 1) -> None:
        for _ in range(count):
            self.lines.append("")

    def __len__(self) -> int:
        return len(self.lines)

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


class Generator:
    def __init__(self, modules: int, seed: int) -> None:
        if modules < len(SHARES):
            raise SystemExit(f"--modules must be at least {len(SHARES)}")
        self.rng = random.Random(seed)
        self.count = modules
        self.by_kind: dict[str, list[Module]] = {}
        self.used_names: set[str] = set()

    # ----------------------------------------------------------------- planning

    def plan(self) -> list[Module]:
        counts = {kind: max(1, int(self.count * share)) for kind, _, share in SHARES}
        counts["plain"] += self.count - sum(counts.values())
        modules: list[Module] = []
        for kind, area, _ in SHARES:
            mods = []
            for i in range(counts[kind]):
                if area is None:
                    mod_area = PLAIN_AREAS[i % len(PLAIN_AREAS)]
                    part = (i // len(PLAIN_AREAS)) // PART_SIZE
                else:
                    mod_area, part = area, i // PART_SIZE
                mod = Module(kind, i, mod_area, part)
                mod.target_lines = self.size()
                mods.append(mod)
            self.by_kind[kind] = mods
            modules.extend(mods)
        return modules

    def size(self) -> int:
        # most modules are short, a few are long: a triangular draw leaning to the low end
        return int(self.rng.triangular(50, 300, 90))

    def fresh(self, base: str) -> str:
        """A function name unique in the project, so cross-module imports never clash."""
        name = base
        n = 2
        while name in self.used_names:
            name = f"{base}_{n}"
            n += 1
        self.used_names.add(name)
        return name

    def noun(self) -> str:
        return self.rng.choice(NOUNS)

    def verb(self) -> str:
        return self.rng.choice(VERBS)

    # ------------------------------------------------------------ import helpers

    def import_line(self, src: Module, target: Module, names: Optional[list] = None) -> str:
        """Import ``target`` (or ``names`` from it) into ``src``, absolutely or relatively."""
        if self.rng.random() < 0.45:
            common = 0
            for a, b in zip(src.package, target.package):
                if a != b:
                    break
                common += 1
            dots = "." * (len(src.package) - common + 1)
            rest = ".".join(target.package[common:])
            base = dots + rest
        else:
            base = ".".join(target.package)
        if names:
            joiner = "" if base.endswith(".") else "."
            return f"from {base}{joiner}{target.name} import {', '.join(names)}"
        return f"from {base} import {target.name}"

    def alias(self, src_lines: list[str], src: Module, target: Module) -> str:
        """Import the module ``target`` into ``src``; return the name it is bound to."""
        style = self.rng.random()
        if style < 0.5:
            name = f"{target.kind[:3]}{target.index}"
            line = self.import_line(src, target)
            src_lines.append(f"{line} as {name}")
        elif style < 0.75:
            name = target.name
            src_lines.append(self.import_line(src, target))
        else:
            name = target.name
            src_lines.append(f"import {target.dotted}")
            name = target.dotted
        return name

    # ------------------------------------------------------------- rendering

    def render(self, mod: Module) -> str:
        render = {
            "clients": self.render_clients,
            "wrappers": self.render_wrappers,
            "storage": self.render_storage,
            "services": self.render_services,
            "views": self.render_views,
            "plain": self.render_plain,
        }[mod.kind]
        return render(mod)

    def pad(self, w: Writer, mod: Module) -> None:
        """Ordinary code until the module reaches its drawn size."""
        while len(w) < mod.target_lines:
            w.blank(2)
            self.rng.choice(FILLERS)(self, w)

    def header(self, w: Writer, doc: str, imports: list[str]) -> None:
        w.add(f'"""{doc}"""')
        w.blank()
        w.add("from __future__ import annotations")
        w.blank()
        stdlib = sorted(i for i in imports if i.startswith("import ") and "." not in i[7:])
        others = [i for i in imports if i not in stdlib]
        for line in stdlib:
            w.add(line)
        if stdlib and others:
            w.blank()
        for line in others:
            w.add(line)

    def render_clients(self, mod: Module) -> str:
        w = Writer()
        topic = self.rng.choice(TOPICS)
        self.header(w, f"Claude clients for the {topic} area.", ["import os", "import anthropic"])
        w.blank()
        w.add(f'DEFAULT_MODEL = "{MODEL}"')
        w.add(f"MAX_TOKENS = {self.rng.choice([512, 1024, 2048, 4096])}")
        w.blank()
        w.add("client = anthropic.Anthropic()")
        if self.rng.random() < 0.4:
            w.add('backup_client = anthropic.Anthropic(api_key=os.environ.get("BACKUP_API_KEY"))')
        cls = f"{topic.title()}Assistant{mod.index}"
        mod.classes.append(cls)
        w.blank(2)
        w.add(f'class {cls}:\n    """Keeps one client and a short history for the {topic} desk."""')
        w.blank()
        w.add(
            "def __init__(self, api_key: str | None = None, max_tokens: int = MAX_TOKENS):\n"
            '    self.client = anthropic.Anthropic(api_key=api_key or os.environ.get("API_KEY"))\n'
            "    self.max_tokens = max_tokens\n"
            "    self.history: list[str] = []",
            1,
        )
        w.blank()
        w.add(
            "def ask(self, question: str) -> str:\n"
            "    resp = self.client.messages.create(\n"
            "        model=DEFAULT_MODEL,\n"
            "        max_tokens=self.max_tokens,\n"
            '        messages=[{"role": "user", "content": question}],\n'
            "    )\n"
            "    text = resp.content[0].text\n"
            "    self.history.append(text)\n"
            "    return text",
            1,
        )
        w.blank()
        w.add(
            "def last(self, count: int = 3) -> list[str]:\n"
            "    return self.history[-count:]\n\n"
            "def reset(self) -> None:\n"
            "    self.history.clear()",
            1,
        )
        w.blank(2)
        w.add(
            "def make_client(timeout: float = 30.0) -> anthropic.Anthropic:\n"
            "    return anthropic.Anthropic(timeout=timeout, max_retries=2)"
        )
        self.pad(w, mod)
        return w.text()

    def render_wrappers(self, mod: Module) -> str:
        w = Writer()
        topic = self.rng.choice(TOPICS)
        imports = ["import logging"]
        source = self.rng.random()
        clients = self.by_kind["clients"]
        service_cls = None
        if source < 0.45:
            target = self.rng.choice(clients)
            imports.append(self.import_line(mod, target, ["client"]))
            client_expr = "client"
        elif source < 0.7:
            target = self.rng.choice(clients)
            bound = self.alias(imports, mod, target)
            client_expr = f"{bound}.client"
        elif source < 0.85:
            imports.append("import anthropic")
            client_expr = "_client"
        else:
            target = self.rng.choice(clients)
            imports.append("import anthropic")
            imports.append(self.import_line(mod, target, [target.classes[0]]))
            service_cls = target.classes[0]
            client_expr = "_client"
        self.header(w, f"Claude calls for {topic}.", imports)
        w.blank()
        w.add("logger = logging.getLogger(__name__)")
        w.add(f'MODEL = "{MODEL}"')
        if client_expr == "_client":
            w.add("_client = anthropic.Anthropic()")
        if service_cls:
            w.add(f"_assistant = {service_cls}()")
        for _ in range(self.rng.randint(2, 5)):
            w.blank(2)
            self.rng.choice(WRAPPER_FUNCS)(self, w, mod, client_expr)
        if not mod.functions:
            w.blank(2)
            wrap_create(self, w, mod, client_expr)
        if service_cls:
            name = self.fresh(f"ask_{topic}_desk")
            mod.functions.append(name)
            w.blank(2)
            w.add(f"def {name}(question: str) -> str:\n    return _assistant.ask(question)")
        self.pad(w, mod)
        return w.text()

    def render_storage(self, mod: Module) -> str:
        w = Writer()
        imports = ["import json", "import logging", "import sqlite3", "import redis"]
        imports.append("import requests")
        self.header(w, f"Persistence and forwarding for {self.noun()} data.", imports)
        w.blank()
        w.add("logger = logging.getLogger(__name__)")
        w.add(f'DB_PATH = "data/{mod.name}.db"')
        w.add(f'HOOK_URL = "https://hooks.example.com/{mod.name}"')
        w.add("_cache = redis.Redis()")
        for _ in range(self.rng.randint(3, 6)):
            w.blank(2)
            self.rng.choice(STORAGE_FUNCS)(self, w, mod)
        self.pad(w, mod)
        return w.text()

    def render_services(self, mod: Module) -> str:
        w = Writer()
        topic = self.rng.choice(TOPICS)
        imports: list[str] = []
        pool = self.by_kind["wrappers"]
        wrappers = self.rng.sample(pool, min(len(pool), self.rng.randint(1, 3)))
        pool = self.by_kind["storage"]
        storages = self.rng.sample(pool, min(len(pool), self.rng.randint(1, 2)))
        ask_calls: list[str] = []  # wrapper functions: (question) -> answer
        for target in wrappers:
            fns = self.rng.sample(target.functions, min(2, len(target.functions)))
            if self.rng.random() < 0.5:
                imports.append(self.import_line(mod, target, fns))
                ask_calls.extend(fns)
            else:
                bound = self.alias(imports, mod, target)
                ask_calls.extend(f"{bound}.{fn}" for fn in fns)
        store_calls: list[tuple] = []  # storage functions: (expression, arity)
        for target in storages:
            fns = self.rng.sample(target.functions, min(3, len(target.functions)))
            if self.rng.random() < 0.5:
                imports.append(self.import_line(mod, target, [f for f, _ in fns]))
                store_calls.extend(fns)
            else:
                bound = self.alias(imports, mod, target)
                store_calls.extend((f"{bound}.{f}", arity) for f, arity in fns)
        helper = None
        plain_helpers = self.by_kind["plain"][: max(1, len(self.by_kind["plain"]) // 10)]
        if self.rng.random() < 0.6:
            target = self.rng.choice(plain_helpers)
            helper = target.helpers[0]
            imports.append(self.import_line(mod, target, [helper]))
        chain = None  # an earlier service: (user_id, question) -> answer
        earlier = [m for m in self.by_kind["services"] if m.index < mod.index and m.functions]
        if earlier and self.rng.random() < 0.35:
            target = self.rng.choice(earlier[-60:])
            chain = target.functions[0]
            imports.append(self.import_line(mod, target, [chain]))
        self.header(w, f"The {topic} service: asks Claude and records the answers.", imports)
        for k in range(self.rng.randint(2, 4)):
            w.blank(2)
            self.service_function(
                w, mod, topic, ask_calls, store_calls, helper, chain if k == 0 else None
            )
        if self.rng.random() < 0.4:
            w.blank(2)
            self.service_class(w, mod, topic, ask_calls, store_calls)
        self.pad(w, mod)
        return w.text()

    def service_function(self, w, mod, topic, ask_calls, store_calls, helper, chain) -> None:
        name = self.fresh(f"handle_{topic}_{self.noun()}")
        mod.functions.append(name)
        w.add(f"def {name}(user_id: str, question: str) -> str:")
        w.add(f'"""Answer a {topic} question for one user and keep a record."""', 1)
        if helper:
            w.add(f"cleaned = {helper}(question)", 1)
        else:
            w.add("cleaned = question.strip()", 1)
        w.add("if not cleaned:\n    return ''", 1)
        if chain:
            w.add(f"answer = {chain}(user_id, cleaned)", 1)
        else:
            w.add(f"answer = {self.rng.choice(ask_calls)}(cleaned)", 1)
        for fn, arity in self.rng.sample(store_calls, min(len(store_calls), 2)):
            args = {1: "answer", 2: "user_id, answer"}[arity]
            w.add(f"{fn}({args})", 1)
        if self.rng.random() < 0.3:
            w.add("summary = {'user': user_id, 'length': len(answer)}", 1)
            w.add("print(summary)", 1)
        w.add("return answer", 1)

    def service_class(self, w, mod, topic, ask_calls, store_calls) -> None:
        ask = self.rng.choice(ask_calls)
        cls = f"{topic.title()}Desk{mod.index}"
        mod.classes.append(cls)
        fn, arity = self.rng.choice(store_calls)
        args = {1: "answer", 2: "self.name, answer"}[arity]
        w.add(
            f"class {cls}:\n"
            f"    def __init__(self, name: str = {topic!r}):\n"
            "        self.name = name\n"
            "        self.answers: list[str] = []\n"
            "\n"
            "    def respond(self, question: str) -> str:\n"
            f"        answer = {ask}(question)\n"
            "        self.answers.append(answer)\n"
            f"        {fn}({args})\n"
            "        return answer\n"
            "\n"
            "    def count(self) -> int:\n"
            "        return len(self.answers)"
        )

    def render_views(self, mod: Module) -> str:
        w = Writer()
        services = [m for m in self.by_kind["services"] if m.functions]
        targets = self.rng.sample(services, min(len(services), self.rng.randint(1, 2)))
        imports = ["from flask import Blueprint, jsonify, request"]
        handlers: list[str] = []
        for target in targets:
            fns = target.functions[:2]
            if self.rng.random() < 0.5:
                imports.append(self.import_line(mod, target, fns))
                handlers.extend(fns)
            else:
                bound = self.alias(imports, mod, target)
                handlers.extend(f"{bound}.{fn}" for fn in fns)
        self.header(w, "HTTP routes.", imports)
        w.blank()
        w.add(f'bp = Blueprint("{mod.name}", __name__)')
        for k in range(self.rng.randint(2, 4)):
            w.blank(2)
            handler = self.rng.choice(handlers)
            route = self.fresh(f"{self.verb()}_{self.noun()}_view")
            w.add(f'@bp.route("/{mod.name}/{k}", methods=["POST"])')
            w.add(f"def {route}():")
            w.add(
                "data = request.get_json(force=True) or {}\n"
                'user = data.get("user", "anonymous")\n'
                f'answer = {handler}(user, data.get("question", ""))',
                1,
            )
            if self.rng.random() < 0.5:
                w.add("return jsonify(answer)", 1)
            else:
                w.add('return jsonify({"answer": answer, "user": user})', 1)
        w.blank(2)
        w.add('@bp.route("/health")\ndef health():\n    return jsonify({"ok": True})')
        self.pad(w, mod)
        return w.text()

    def render_plain(self, mod: Module) -> str:
        w = Writer()
        imports = ["import re"]
        plains = [m for m in self.by_kind["plain"] if m.index < mod.index and m.helpers]
        used = None
        if plains and self.rng.random() < 0.4:
            target = self.rng.choice(plains[-40:])
            used = target.helpers[0]
            imports.append(self.import_line(mod, target, [used]))
        self.header(w, f"Helpers for {self.noun()} {self.noun()} handling.", imports)
        w.blank()
        w.add(f'_SPACES = re.compile(r"\\s+")\nSEPARATOR = {self.rng.choice(["-", "_", "/"])!r}')
        # a str -> str helper that services may import
        helper = self.fresh(f"{self.verb()}_text")
        mod.helpers.append(helper)
        w.blank(2)
        body = f"{used}(text)" if used else "text"
        w.add(
            f"def {helper}(text: str) -> str:\n"
            f"    value = _SPACES.sub(' ', {body}).strip()\n"
            "    return value[:4000]"
        )
        self.pad(w, mod)
        return w.text()

    def init_file(self, package: tuple) -> str:
        return f'"""The {".".join(package)} package."""\n'


# ------------------------------------------------------------- wrapper functions


def wrap_create(g: Generator, w: Writer, mod: Module, client: str) -> None:
    name = g.fresh(f"{g.verb()}_{g.noun()}_answer")
    mod.functions.append(name)
    w.add(
        f"def {name}(question: str, max_tokens: int = {g.rng.choice([256, 512, 1024])}) -> str:\n"
        f"    resp = {client}.messages.create(\n"
        "        model=MODEL,\n"
        "        max_tokens=max_tokens,\n"
        '        messages=[{"role": "user", "content": question}],\n'
        "    )\n"
        "    return resp.content[0].text"
    )


def wrap_system(g: Generator, w: Writer, mod: Module, client: str) -> None:
    name = g.fresh(f"classify_{g.noun()}")
    mod.functions.append(name)
    w.add(
        f"def {name}(question: str) -> str:\n"
        f'    prompt = f"Classify this {g.noun()} request: {{question}}"\n'
        f"    resp = {client}.messages.create(\n"
        f'        model="{MODEL}",\n'
        "        max_tokens=64,\n"
        '        system="Answer with one lower-case word.",\n'
        '        messages=[{"role": "user", "content": prompt}],\n'
        "    )\n"
        "    label = resp.content[0].text.strip().lower()\n"
        "    return label"
    )


def wrap_stream(g: Generator, w: Writer, mod: Module, client: str) -> None:
    name = g.fresh(f"stream_{g.noun()}_reply")
    mod.functions.append(name)
    w.add(
        f"def {name}(question: str) -> str:\n"
        "    parts = []\n"
        f"    with {client}.messages.stream(\n"
        "        model=MODEL,\n"
        "        max_tokens=1024,\n"
        '        messages=[{"role": "user", "content": question}],\n'
        "    ) as s:\n"
        "        for t in s.text_stream:\n"
        "            parts.append(t)\n"
        '    return "".join(parts)'
    )


def wrap_logged(g: Generator, w: Writer, mod: Module, client: str) -> None:
    name = g.fresh(f"draft_{g.noun()}_reply")
    mod.functions.append(name)
    w.add(
        f"def {name}(question: str) -> str:\n"
        f"    resp = {client}.messages.create(\n"
        "        model=MODEL,\n"
        "        max_tokens=800,\n"
        '        messages=[{"role": "user", "content": question}],\n'
        "    )\n"
        "    text = resp.content[0].text\n"
        '    logger.info("draft ready: %s", text)\n'
        "    return text"
    )


def wrap_metadata(g: Generator, w: Writer, mod: Module, client: str) -> None:
    # Only metadata leaves this function: no finding expected downstream.
    name = g.fresh(f"measure_{g.noun()}_tokens")
    w.add(
        f"def {name}(question: str) -> int:\n"
        f"    resp = {client}.messages.create(\n"
        "        model=MODEL,\n"
        "        max_tokens=16,\n"
        '        messages=[{"role": "user", "content": question}],\n'
        "    )\n"
        '    logger.info("used %d output tokens", resp.usage.output_tokens)\n'
        "    return resp.usage.output_tokens"
    )


WRAPPER_FUNCS = [wrap_create, wrap_create, wrap_system, wrap_stream, wrap_logged, wrap_metadata]


# ------------------------------------------------------------- storage functions


def store_log(g: Generator, w: Writer, mod: Module) -> None:
    name = g.fresh(f"log_{g.noun()}_event")
    mod.functions.append((name, 1))
    w.add(
        f"def {name}(message: str) -> None:\n"
        f'    logging.getLogger(__name__).info("{g.noun()} event: %s", message)'
    )


def store_sqlite(g: Generator, w: Writer, mod: Module) -> None:
    name = g.fresh(f"save_{g.noun()}_row")
    table = g.noun() + "s"
    mod.functions.append((name, 2))
    w.add(
        f"def {name}(key: str, body: str) -> None:\n"
        "    conn = sqlite3.connect(DB_PATH)\n"
        "    try:\n"
        f'        conn.execute("INSERT INTO {table} (key, body) VALUES (?, ?)", (key, body))\n'
        "        conn.commit()\n"
        "    finally:\n"
        "        conn.close()"
    )


def store_redis(g: Generator, w: Writer, mod: Module) -> None:
    name = g.fresh(f"cache_{g.noun()}")
    mod.functions.append((name, 2))
    w.add(
        f"def {name}(key: str, value: str, ttl: int = {g.rng.choice([60, 300, 3600])}) -> None:\n"
        f'    _cache.set(f"{g.noun()}:{{key}}", value, ex=ttl)'
    )


def store_http(g: Generator, w: Writer, mod: Module) -> None:
    name = g.fresh(f"forward_{g.noun()}")
    mod.functions.append((name, 1))
    w.add(
        f"def {name}(payload: str) -> int:\n"
        '    reply = requests.post(HOOK_URL, json={"text": payload}, timeout=10)\n'
        "    return reply.status_code"
    )


def store_file(g: Generator, w: Writer, mod: Module) -> None:
    name = g.fresh(f"write_{g.noun()}_file")
    mod.functions.append((name, 2))
    if g.rng.random() < 0.5:
        w.add(
            f"def {name}(path: str, text: str) -> None:\n"
            '    with open(path, "w", encoding="utf-8") as fh:\n'
            "        fh.write(text)"
        )
    else:
        w.add(f'def {name}(path: str, text: str) -> None:\n    open(path, "w").write(text)')


def store_json_line(g: Generator, w: Writer, mod: Module) -> None:
    name = g.fresh(f"append_{g.noun()}_audit")
    mod.functions.append((name, 2))
    w.add(
        f"def {name}(user_id: str, text: str) -> None:\n"
        '    line = json.dumps({"user": user_id, "text": text})\n'
        '    logger.info("audit %s", line)'
    )


STORAGE_FUNCS = [store_log, store_sqlite, store_redis, store_http, store_file, store_json_line]


# ------------------------------------------------------------- ordinary code


def fill_loop(g: Generator, w: Writer) -> None:
    noun = g.noun()
    w.add(
        f"def {g.fresh(f'total_{noun}_amounts')}(rows: list[dict]) -> dict[str, float]:\n"
        f'    """Sum the amounts per {noun}, skipping rows without one."""\n'
        "    totals: dict[str, float] = {}\n"
        "    for row in rows:\n"
        f'        key = row.get("{noun}")\n'
        "        if key is None:\n"
        "            continue\n"
        '        amount = float(row.get("amount", 0))\n'
        f"        if amount < {g.rng.randint(0, 5)}:\n"
        "            amount = 0.0\n"
        "        totals[key] = totals.get(key, 0.0) + amount\n"
        "    return totals"
    )


def fill_comprehension(g: Generator, w: Writer) -> None:
    noun = g.noun()
    w.add(
        f"def {g.fresh(f'{g.verb()}_{noun}_ids')}(items, limit: int = {g.rng.randint(5, 500)}):\n"
        f'    ids = [item["id"] for item in items if item.get("active")]\n'
        "    seen = {i: n for n, i in enumerate(ids)}\n"
        "    pairs = sorted((v, k) for k, v in seen.items())\n"
        "    return [k for _, k in pairs][:limit]"
    )


def fill_strings(g: Generator, w: Writer) -> None:
    noun = g.noun()
    w.add(
        f"def {g.fresh(f'slug_for_{noun}')}(title: str) -> str:\n"
        "    words = [part.lower() for part in title.replace('/', ' ').split()]\n"
        "    words = [''.join(c for c in word if c.isalnum()) for word in words]\n"
        f"    slug = '-'.join(w for w in words if w)[:{g.rng.randint(20, 80)}]\n"
        f'    return slug or "{noun}"'
    )


def fill_class(g: Generator, w: Writer) -> None:
    noun = g.noun()
    cls = g.fresh(f"{noun.title()}{g.verb().title()}er")
    w.add(
        f"class {cls}:\n"
        f'    """Accumulates {noun} values and reports simple statistics."""\n'
        "\n"
        f"    def __init__(self, name: str = {noun!r}, cap: int = {g.rng.randint(10, 1000)}):\n"
        "        self.name = name\n"
        "        self.cap = cap\n"
        "        self.values: list[float] = []\n"
        "\n"
        "    def add(self, value: float) -> None:\n"
        "        if len(self.values) >= self.cap:\n"
        "            self.values.pop(0)\n"
        "        self.values.append(value)\n"
        "\n"
        "    def mean(self) -> float:\n"
        "        return sum(self.values) / len(self.values) if self.values else 0.0\n"
        "\n"
        "    def spread(self) -> tuple[float, float]:\n"
        "        if not self.values:\n"
        "            return (0.0, 0.0)\n"
        "        return (min(self.values), max(self.values))\n"
        "\n"
        "    def __repr__(self) -> str:\n"
        '        return f"<{type(self).__name__} {self.name} n={len(self.values)}>"'
    )


def fill_generator(g: Generator, w: Writer) -> None:
    w.add(
        f"def {g.fresh(f'iter_{g.noun()}_chunks')}(seq, size: int = {g.rng.randint(2, 64)}):\n"
        "    chunk = []\n"
        "    for value in seq:\n"
        "        chunk.append(value)\n"
        "        if len(chunk) == size:\n"
        "            yield tuple(chunk)\n"
        "            chunk = []\n"
        "    if chunk:\n"
        "        yield tuple(chunk)"
    )


def fill_try(g: Generator, w: Writer) -> None:
    noun = g.noun()
    w.add(
        f"def {g.fresh(f'parse_{noun}_number')}(raw: str, default: int = 0) -> int:\n"
        "    try:\n"
        "        value = int(raw.strip().replace(',', ''))\n"
        "    except (AttributeError, ValueError):\n"
        "        return default\n"
        "    else:\n"
        f"        return max(value, {g.rng.randint(-10, 0)})"
    )


def fill_constants(g: Generator, w: Writer) -> None:
    noun = g.noun().upper()
    values = ", ".join(repr(g.noun()) for _ in range(g.rng.randint(3, 8)))
    w.add(
        f"{noun}_KINDS_{g.rng.randint(0, 999)} = ({values})\n"
        f"{noun}_LIMITS_{g.rng.randint(0, 999)} = {{\n"
        + "".join(f'    "{g.noun()}": {g.rng.randint(1, 9999)},\n' for _ in range(4))
        + "}"
    )


def fill_dispatch(g: Generator, w: Writer) -> None:
    verbs = g.rng.sample(VERBS, 4)
    name = g.fresh(f"dispatch_{g.noun()}")
    body = "".join(
        f'    {"if" if i == 0 else "elif"} action == "{v}":\n'
        f"        return [x for x in values if x % {i + 2} == 0]\n"
        for i, v in enumerate(verbs)
    )
    w.add(
        f"def {name}(action: str, values: list[int]) -> list[int]:\n"
        f"{body}"
        "    raise ValueError(f'unknown action {action!r}')"
    )


def fill_exception(g: Generator, w: Writer) -> None:
    noun = g.noun().title()
    cls = g.fresh(f"{noun}Error")
    w.add(
        f"class {cls}(Exception):\n"
        f'    """Raised when a {noun.lower()} cannot be processed."""\n'
        "\n"
        "    def __init__(self, key: str, reason: str = 'invalid'):\n"
        "        super().__init__(f'{key}: {reason}')\n"
        "        self.key = key\n"
        "        self.reason = reason"
    )


def fill_textwrap(g: Generator, w: Writer) -> None:
    name = g.fresh(f"wrap_{g.noun()}_lines")
    w.add(
        f"def {name}(text: str, width: int = {g.rng.randint(40, 100)}):\n"
        "    lines, current = [], ''\n"
        "    for word in text.split():\n"
        "        if current and len(current) + len(word) + 1 > width:\n"
        "            lines.append(current)\n"
        "            current = word\n"
        "        else:\n"
        "            current = f'{current} {word}' if current else word\n"
        "    if current:\n"
        "        lines.append(current)\n"
        "    return '\\n'.join(lines)"
    )


def fill_dict_merge(g: Generator, w: Writer) -> None:
    noun = g.noun()
    w.add(
        f"def {g.fresh(f'merge_{noun}_settings')}(*layers: dict) -> dict:\n"
        "    merged: dict = {}\n"
        "    for layer in layers:\n"
        "        for key, value in layer.items():\n"
        "            if isinstance(value, dict) and isinstance(merged.get(key), dict):\n"
        "                merged[key] = {**merged[key], **value}\n"
        "            else:\n"
        "                merged[key] = value\n"
        "    return merged"
    )


FILLERS: list[Callable[[Generator, Writer], None]] = [
    fill_loop,
    fill_comprehension,
    fill_strings,
    fill_class,
    fill_generator,
    fill_try,
    fill_constants,
    fill_dispatch,
    fill_exception,
    fill_textwrap,
    fill_dict_merge,
]


# ------------------------------------------------------------------- main


def generate(out: Path, modules: int, seed: int = 0, force: bool = False) -> list[Path]:
    """Write the project under ``out/genapp``; return the written files, sorted."""
    root = out / PACKAGE
    if root.exists():
        if not force:
            raise SystemExit(f"{root} exists (use --force to replace it)")
        shutil.rmtree(root)
    gen = Generator(modules, seed)
    planned = gen.plan()
    # render in dependency order so every module knows what it may import
    order = ["plain", "clients", "wrappers", "storage", "services", "views"]
    texts: dict[Path, str] = {}
    for kind in order:
        for mod in gen.by_kind[kind]:
            texts[mod.relpath] = gen.render(mod)
    packages = {mod.package[:i] for mod in planned for i in range(1, len(mod.package) + 1)}
    for package in packages:
        texts[Path(*package, "__init__.py")] = gen.init_file(package)
    written = []
    for rel in sorted(texts):
        text = texts[rel]
        try:
            ast.parse(text, filename=str(rel))
        except SyntaxError as exc:
            raise SystemExit(f"generated invalid Python in {rel}: {exc}\n{text}") from exc
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        written.append(path)
    pyproject = out / "pyproject.toml"
    if not pyproject.exists():
        pyproject.write_text('[project]\nname = "genapp"\nversion = "0.1.0"\n', encoding="utf-8")
    return written


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", type=int, default=2000, help="modules (default 2000)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write genapp/ into")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    parser.add_argument("--force", action="store_true", help="replace an existing OUT/genapp")
    args = parser.parse_args(argv)
    files = generate(args.out, args.modules, args.seed, args.force)
    lines = sum(p.read_text(encoding="utf-8").count("\n") for p in files)
    print(f"wrote {len(files)} files ({lines} lines) under {args.out / PACKAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
