"""Fuzzing: the engine never raises and always terminates, whatever Python it is given.

* programs generated from Python's grammar by hypothesmith (``from_grammar``, ``from_node``);
* "Claude soup": random programs (and small multi-module projects) built from the statements
  the analysis cares about (clients, ``messages.create``, sinks, wrappers, fields, globals),
  nested in random blocks, so that the data-flow code itself is exercised;
* the fixture projects with one file mutated: a line deleted, a line duplicated, two tokens
  swapped, a line cut short. A mutant that no longer parses must become a ZDR901 finding;
* random bytes through the shell's reader, which must decode them or say why not.

The default run is quick (30 examples each); ``ZDR_FUZZ_EXAMPLES=2000`` raises the count.
Every example has a time limit, so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import ast
import io
import os
import signal
import sys
import tokenize
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from zdr_lint.catalog import load_catalog
from zdr_lint.engine import EngineOptions, SourceFile, analyze
from zdr_lint.findings import Finding
from zdr_lint.reading import decode_source, split_lines

EXAMPLES = int(os.environ.get("ZDR_FUZZ_EXAMPLES", "30"))
TIME_LIMIT = 60  # seconds for one example: far more than any real file needs
ROOT = Path(__file__).resolve().parent.parent
FIXTURE_ROOTS = [ROOT / "tests" / "fixtures", ROOT / "examples"]
CATALOG = load_catalog()
EVERYTHING = EngineOptions(extra={"all_files": True})
RELEVANT_ONLY = EngineOptions()

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=timedelta(seconds=TIME_LIMIT),
    suppress_health_check=list(HealthCheck),
    database=None,
    print_blob=True,
)


@contextmanager
def time_limit(seconds: int = TIME_LIMIT):
    """Fail (instead of hanging) when the body runs longer than ``seconds``."""
    if sys.platform == "win32" or not hasattr(signal, "setitimer"):
        yield
        return

    def expired(signum, frame):
        raise AssertionError(f"the engine did not finish within {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _python_parses(text: str) -> bool:
    try:
        ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def check_engine(files: list, options: EngineOptions = EVERYTHING, all_read: bool = True) -> list:
    """Analyse ``files``; the findings must be well formed and name files of the project.
    ``all_read``: every file is read, so each one Python rejects is reported as not analysed
    (not so for a project analysed for relevance only, where a mutation can cut a file off
    from the Claude code, and nothing parses it)."""
    with time_limit():
        findings = analyze(files, CATALOG, options)
    displays = {f.display_path for f in files}
    for finding in findings:
        assert isinstance(finding, Finding)
        assert finding.path in displays, finding
        assert finding.line >= 1 and finding.column >= 1, finding
        assert finding.code.startswith("ZDR"), finding
        assert finding.message, finding
    for source in files:
        if all_read and not _python_parses(source.text):  # reported as not analysed
            codes = {f.code for f in findings if f.path == source.display_path}
            assert codes & {"ZDR901", "ZDR902"}, (source.display_path, findings)
    assert findings == sorted(findings, key=Finding.sort_key)
    return findings


def source(text: str, name: str = "gen.py", folder: str = "/nonexistent/fuzz") -> SourceFile:
    return SourceFile(path=Path(folder) / name, display_path=name, text=text)


# ---------------------------------------------------------------------------------------------
# hypothesmith: programs from Python's grammar
# ---------------------------------------------------------------------------------------------


@FUZZ
@given(hypothesmith.from_grammar())
def test_engine_survives_programs_from_the_grammar(text: str) -> None:
    check_engine([source(text)])
    check_engine([source("import anthropic\n" + text)], RELEVANT_ONLY)


@settings(FUZZ, max_examples=max(3, EXAMPLES // 3))  # generating these is slow
@given(hypothesmith.from_grammar(start="eval_input"))
def test_engine_survives_generated_expressions_in_claude_code(expr: str) -> None:
    text = (
        "import anthropic\nimport logging\nclient = anthropic.Anthropic()\n"
        "def ask(q):\n"
        "    r = client.messages.create(model='m', max_tokens=1, messages=q)\n"
        f"    v = ({expr.strip()})\n"
        f"    logging.info(v, r, ({expr.strip()}))\n"
        "    return v\n"
    )
    check_engine([source(text)])


@FUZZ
@given(hypothesmith.from_node())
def test_engine_survives_programs_from_libcst_nodes(text: str) -> None:
    check_engine([source(text)])


# ---------------------------------------------------------------------------------------------
# Claude soup: random programs made of the statements the analysis looks at
# ---------------------------------------------------------------------------------------------

NAMES = ["q", "text", "reply", "self.x"]
SOURCES = [
    "{n} = client.messages.create(model='m', max_tokens=1, messages=[{{'role': 'user', "
    "'content': {m}}}])",
    "{n} = client.messages.create(model='m', max_tokens=1, system={m}, messages={m})",
    "with client.messages.stream(model='m', max_tokens=1, messages={m}) as {n}: pass",
    "{n} = await client.messages.create(model='m', max_tokens=1, messages={m})",
    "{n} = ai.Anthropic().completions.create(model='m', prompt={m})",
]
STEPS = [
    "{n} = {m}.content[0].text",
    "{n} = {m}.usage.output_tokens",
    "{n} = [{m}, {m}]",
    "{n} = {{'k': {m}}}",
    "{n}.append({m})",
    "{n} = f'{{{m}}}'",
    "{n} = {m} + {m}",
    "{n} = str({m}).upper()",
    "{n} = helper({m})",
    "{n} = Store({m}).get()",
    "{n} = m2.wrap({m})",
    "{n} = len({m})",
    "{n} = {m} if {m} else None",
    "{n} = lambda a={m}: a",
    "{n} = [c for c in {m}]",
    "{n}, {m} = {m}, {n}",
    "{n} += {m}",
    "{n} = {m}",
]
SINKS = [
    "log.info({m})",
    "logging.warning('%s', {m})",
    "print({m})",
    "open('out.txt', 'w').write({m})",
    "cursor.execute('insert', ({m},))",
    "cache.set('k', {m})",
    "requests.post('http://x', json={m})",
    "redis.Redis().set('k', {m})",
    "sentry_sdk.capture_message({m})",
    "return {m}",
    "yield {m}",
    "raise ValueError({m})",
]
OTHER = [
    "import anthropic",
    "import logging",
    "from anthropic import Anthropic, AsyncAnthropic",
    "import anthropic as ai",
    "from m0 import helper, Store",
    "from m1 import *",
    "import m2",
    "client = anthropic.Anthropic()",
    "client = Anthropic(api_key={m})",
    "log = logging.getLogger(__name__)",
    "global {g}",
    "nonlocal {g}",
    "del {g}",
    "await {m}",
    "assert {m}, {n}",
    "pass",
    "break",
    "continue",
]
ATOMS = SOURCES + STEPS + SINKS + OTHER
BLOCKS = [
    "def helper({g}):",
    "def ask(q, *args, **kwargs):",
    "async def ask_async({g}=None):",
    "class Store:",
    "class Store(Base, metaclass=Meta):",
    "def __init__(self, {g}):",
    "def get(self):",
    "@decorator\ndef wrapped({g}):",
    "if {m}:",
    "for {g} in {m}:",
    "async for {g} in {m}:",
    "while {m}:",
    "with open('f') as {g}:",
    "try:",
    "match {m}:\n{indent}    case [a, *rest]:",
]


def _name(draw) -> str:
    return draw(st.sampled_from(NAMES))


@st.composite
def soup_statement(draw, depth: int = 0) -> list:
    """One statement (as lines, unindented) or one block with a random body."""
    if depth < 4 and draw(st.integers(0, 3)) == 0:
        block = draw(st.sampled_from(BLOCKS))
        head = block.format(m=_name(draw), g=_name(draw).replace("self.", ""), indent="")
        body = draw(st.lists(soup_statement(depth + 1), min_size=1, max_size=4))
        lines = head.split("\n")
        inner = "    " * (2 if head.startswith("match") else 1)
        lines += [inner + line for stmt in body for line in stmt]
        if head == "try:":
            lines += ["except Exception as e:", "    log.error(e)", "finally:", "    pass"]
        elif head.startswith("if ") and draw(st.booleans()):
            lines += ["else:", f"    log.info({_name(draw)})"]
        return lines
    if draw(st.booleans()):  # a chain: a source, some steps, a sink, one name to the next
        name = _name(draw)
        chain = [draw(st.sampled_from(SOURCES)).format(n=name, m=_name(draw))]
        for _ in range(draw(st.integers(0, 3))):
            new = _name(draw)
            chain.append(draw(st.sampled_from(STEPS)).format(n=new, m=name))
            name = new
        chain.append(draw(st.sampled_from(SINKS)).format(m=name))
        return chain
    atom = draw(st.sampled_from(ATOMS))
    return [atom.format(n=_name(draw), m=_name(draw), g=_name(draw).replace("self.", ""))]


PREAMBLE = [
    "import anthropic",
    "import logging",
    "import requests",
    "import redis",
    "import sentry_sdk",
    "from django.core.cache import cache",
    "client = anthropic.Anthropic()",
    "log = logging.getLogger(__name__)",
    "q = input()",
]


@st.composite
def soup_module(draw) -> str:
    """A preamble (most of the time) that defines a client and a logger, then soup."""
    head = [line for line in PREAMBLE if draw(st.integers(0, 9))]
    statements = draw(st.lists(soup_statement(), min_size=1, max_size=12))
    return "".join(line + "\n" for line in head + [ln for stmt in statements for ln in stmt])


@FUZZ
@given(st.lists(soup_module(), min_size=1, max_size=3))
def test_engine_survives_claude_soup_projects(modules: list) -> None:
    files = [source(text, f"m{i}.py") for i, text in enumerate(modules)]
    check_engine(files)
    check_engine(files, RELEVANT_ONLY, all_read=False)


@FUZZ
@given(soup_module(), st.data())
def test_claude_soup_gives_the_same_findings_in_any_file_order(text: str, data) -> None:
    files = [source(text, "m0.py"), source(data.draw(soup_module()), "m1.py")]
    assert check_engine(files) == check_engine(files[::-1])


# ---------------------------------------------------------------------------------------------
# Mutated fixtures
# ---------------------------------------------------------------------------------------------


def _fixture_projects() -> list:
    """Folders analysed as one project: each flow/config fixture folder and each example."""
    projects = []
    for root in FIXTURE_ROOTS:
        for folder in sorted(p for p in root.rglob("*") if p.is_dir()):
            files = sorted(p for p in folder.glob("*.py"))
            if files and not (folder / "__init__.py").exists():
                every = sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)
                projects.append((folder, every))
    return projects


PROJECTS = _fixture_projects()


def _tokens(text: str) -> list:
    """(start offset, end offset) of each token that has text."""
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    spans = []
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.string.strip() and tok.type not in (tokenize.ENDMARKER,):
                start = starts[tok.start[0] - 1] + tok.start[1]
                end = starts[tok.end[0] - 1] + tok.end[1]
                spans.append((start, end))
    except (tokenize.TokenError, SyntaxError):
        pass
    return spans


def mutate(text: str, data) -> str:
    lines = text.splitlines(keepends=True) or ["\n"]
    kind = data.draw(st.sampled_from(["delete", "duplicate", "swap", "cut", "indent", "char"]))
    i = data.draw(st.integers(0, len(lines) - 1))
    if kind == "delete":
        del lines[i]
    elif kind == "duplicate":
        lines.insert(i, lines[i])
    elif kind == "cut":
        lines[i] = lines[i][: data.draw(st.integers(0, len(lines[i])))]
    elif kind == "indent":
        lines[i] = data.draw(st.sampled_from(["    ", "\t", " "])) + lines[i]
    elif kind == "char":
        at = data.draw(st.integers(0, len(lines[i])))
        char = data.draw(st.sampled_from(list("()[]{}:,.'\"\\#=\n\r\t ") + ["\x00", "\x0c"]))
        lines[i] = lines[i][:at] + char + lines[i][at:]
    else:
        spans = _tokens(text)
        if len(spans) >= 2:
            a, b = sorted(data.draw(st.lists(st.sampled_from(spans), min_size=2, max_size=2)))
            if a[1] <= b[0]:
                return (
                    text[: a[0]]
                    + text[b[0] : b[1]]
                    + text[a[1] : b[0]]
                    + text[a[0] : a[1]]
                    + text[b[1] :]
                )
        return text
    return "".join(lines)


@FUZZ
@given(st.sampled_from(PROJECTS) if PROJECTS else st.nothing(), st.data())
def test_engine_survives_mutated_fixture_projects(project, data) -> None:
    folder, paths = project
    texts = {path: path.read_text(encoding="utf-8") for path in paths}
    victim = data.draw(st.sampled_from(paths))
    for _ in range(data.draw(st.integers(1, 3))):
        texts[victim] = mutate(texts[victim], data)
    files = [
        SourceFile(path=path, display_path=path.relative_to(folder).as_posix(), text=text)
        for path, text in texts.items()
        if "\0" not in text  # the shell turns a null byte into ZDR902 before the engine
    ]
    check_engine(files, RELEVANT_ONLY, all_read=False)
    check_engine(files)


def test_there_are_fixture_projects_to_mutate() -> None:
    assert len(PROJECTS) >= 10, PROJECTS


# ---------------------------------------------------------------------------------------------
# The reader: random bytes
# ---------------------------------------------------------------------------------------------

PREFIXES = [
    b"",
    b"\xef\xbb\xbf",
    b"# coding: latin-1\n",
    b"# -*- coding: utf-8 -*-\n",
    b"#!/usr/bin/python\n# vim: set fileencoding=cp1252 :\n",
    b"# coding: utf-16\n",
    b"# coding: bogus\n",
    b"\xef\xbb\xbf# coding: latin-1\n",
    b"\xff\xfe",
]


@FUZZ
@given(st.sampled_from(PREFIXES), st.binary(max_size=300))
def test_reader_decodes_any_bytes_or_says_why(prefix: bytes, body: bytes) -> None:
    data = prefix + body
    result = decode_source(data, Path("fuzz.py"), "fuzz.py")
    if isinstance(result, Finding):
        assert result.code == "ZDR902"
        assert (result.line, result.column) == (1, 1)
        assert result.message.endswith("nothing in this file was checked")
        return
    assert "\0" not in result.text
    # the text is exactly what Python's own decoder gives
    try:
        encoding, _ = tokenize.detect_encoding(io.BytesIO(data).readline)
    except SyntaxError:
        encoding = "utf-8"
    assert result.text == data.decode(encoding)
    assert len(split_lines(result.text)) >= 1


@FUZZ
@given(st.text(max_size=300))
def test_reader_agrees_with_python_on_utf8_text(text: str) -> None:
    data = text.encode("utf-8", "surrogatepass")
    result = decode_source(data, Path("fuzz.py"), "fuzz.py")
    try:
        expected = data.decode("utf-8")
    except UnicodeDecodeError:
        assert isinstance(result, Finding)
        return
    if "\0" in expected:
        assert isinstance(result, Finding) and "null byte" in result.message
    elif isinstance(result, Finding):  # only a coding cookie in the text can refuse it
        assert "cod" in text, (text, result)
    else:
        assert result.text == expected or "cod" in text


@pytest.mark.parametrize("text", ["", "\n", "\r", "\r\n", "\\", "#", "\x0c", " ", "\t"])
def test_engine_survives_tiny_files(text: str) -> None:
    check_engine([source(text)])
    check_engine([source("import anthropic\n" + text)], RELEVANT_ONLY)


# ---------------------------------------------------------------------------------------------
# What fuzzing and the scale runs found, kept as plain regression tests
# ---------------------------------------------------------------------------------------------

FOUND = {
    # settle.py: a recursive call that passes one parameter into another changed the table of
    # parameters that reach sinks while it was being read (found on site-packages)
    "recursion-swapping-parameters": "import logging\n\n\ndef f(a, b):\n"
    "    logging.info(a)\n    f(b, a)\n",
    "mutual-recursion": "import logging\n\n\ndef f(a, b):\n    logging.info(a)\n    g(b, a)\n\n\n"
    "def g(c, d):\n    f(d, c)\n    f(c, c)\n",
    "recursive-method": "import logging\n\n\nclass C:\n    def m(self, a, b, c):\n"
    "        logging.info(a)\n        self.m(b, c, a)\n",
}


@pytest.mark.parametrize("name", sorted(FOUND))
def test_found_by_fuzzing(name: str) -> None:
    leak = (
        "import anthropic\nclient = anthropic.Anthropic()\n"
        "r = client.messages.create(model='m', max_tokens=1, messages=[])\n"
    )
    files = [source("import anthropic\n" + FOUND[name], "found.py")]
    check_engine(files, RELEVANT_ONLY, all_read=False)
    check_engine(files)
    function, call = {
        "recursion-swapping-parameters": ("f", "f(1, r)"),
        "mutual-recursion": ("g", "g(r, 1)"),
    }.get(name, ("C", "C().m(1, 2, r)"))
    files.append(source(leak + f"from found import {function}\n{call}\n", "use.py"))
    findings = check_engine(files, RELEVANT_ONLY)
    assert [(f.path, f.code) for f in findings] == [("use.py", "ZDR101")], findings
