"""The branches Python's literals close (``analyzer.dead_lines``), found by visiting statements
only, at any depth, and the class names written only there (``analyzer.named_words``)."""

import ast

import pytest

from zdr_lint.engine.analyzer import dead_lines, named_words

CLOSED = [
    (
        "class Agent:\n    def act(self):\n        try:\n            pass\n"
        "        except ValueError:\n            if False:\n                log()\n",
        {7},
    ),
    ("match x:\n    case 1:\n        if 0:\n            a = 1\n", {4}),
    ("with ctx:\n    for i in y:\n        while z:\n            if False: a = 1\n", {4}),
    ("if False:\n    a = 1\nb = 2\n", {2}),
    ("if x and False:\n    a = 1\nelse:\n    b = 2\n", {2}),
    ("if True:\n    a = 1\nelse:\n    b = 2\n", {4}),
    ("if not True:\n    a = 1\n", {2}),
    ("if x or True:\n    a = 1\nelse:\n    b = 2\n", {4}),
    ("if 0:\n    a = 1\n", {2}),
    ("if (\n    DEBUG\n    and False\n):\n    a = 1\n", {5}),
    ("if (\n    False\n    and x\n):\n    a = 1\n", {5}),
    ("if x:\n    pass\nelif (None):\n    a = 1\n", {4}),
    ("if False or 0:\n    a = 1\n", {2}),
    ("if True and 1:\n    a = 1\nelse:\n    b = 2\n", {4}),
]
OPEN = [
    "if x is not None:\n    a = 1\n",
    "if x is None and y:\n    a = 1\n",
    "y = x or None\nif y:\n    a = 1\n",
    "while True:\n    a = 1\n",
    "if x == 0:\n    a = 1\n",
]


@pytest.mark.parametrize(("text", "lines"), CLOSED)
def test_a_branch_a_literal_closes_is_dead(text: str, lines: set) -> None:
    assert dead_lines(ast.parse(text)) == frozenset(lines)


@pytest.mark.parametrize("text", OPEN)
def test_tests_no_literal_decides_close_nothing(text: str) -> None:
    assert dead_lines(ast.parse(text)) == frozenset()


def test_a_package_import_that_serves_only_a_dead_branch_names_nothing() -> None:
    text = (
        "from .vision import VisionAgent\n"
        "from .chat import ChatAgent\n"
        "def pick(flag):\n"
        "    if flag and False:\n"
        "        return VisionAgent()\n"
        "    return ChatAgent()\n"
    )
    tree = ast.parse(text)
    imports = frozenset({1, 2})
    words = named_words(text, True, (), dead_lines(tree), imports)
    assert "VisionAgent" not in words
    assert "ChatAgent" in words
    assert "VisionAgent" in named_words(text, True, (), frozenset(), imports)
