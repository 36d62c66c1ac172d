"""The tests of parameters that guard a branch (``zdr_lint.engine.guards``)."""

import libcst as cst
import pytest

from zdr_lint.engine.guard_syntax import (
    argument_facts,
    bound_in,
    branch_guards,
    field_guards,
    leaves_block,
    literal_kind,
    literal_texts,
)
from zdr_lint.engine.guards import (
    ABSENT,
    FALSY,
    FALSY_VALUE,
    FIELD_IN,
    FIELD_OUT,
    NONE_VALUE,
    NOT_NONE,
    TRUE_VALUE,
    TRUTHY,
    fails,
    field_test_fails,
)


def guards_of(test: str) -> tuple[set, set]:
    body, orelse = branch_guards(cst.parse_expression(test))
    return set(body), set(orelse)


@pytest.mark.parametrize(
    ("test", "body", "orelse"),
    [
        ("flag", {(TRUTHY, "flag")}, {(FALSY, "flag")}),
        ("not flag", {(FALSY, "flag")}, {(TRUTHY, "flag")}),
        ("reply is not None", {(NOT_NONE, "reply")}, {(FALSY, "reply")}),
        ("reply is None", {(FALSY, "reply")}, {(NOT_NONE, "reply")}),
        ("reply is not None and ready()", {(NOT_NONE, "reply")}, set()),
        ("flag or other", set(), {(FALSY, "flag"), (FALSY, "other")}),
        ("not (flag and other)", set(), {(TRUTHY, "flag"), (TRUTHY, "other")}),
        ("not (flag or other)", {(FALSY, "flag"), (FALSY, "other")}, set()),
        ("text in vectors", set(), {(ABSENT, "text", "vectors")}),
        ("text not in vectors", {(ABSENT, "text", "vectors")}, set()),
        ("count > 2", set(), set()),
        ("reply == None", set(), set()),
    ],
)
def test_branch_guards(test: str, body: set, orelse: set) -> None:
    assert guards_of(test) == (body, orelse)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("None", NONE_VALUE),
        ("False", FALSY_VALUE),
        ("0", FALSY_VALUE),
        ('""', FALSY_VALUE),
        ("[]", FALSY_VALUE),
        ("{}", FALSY_VALUE),
        ("0_0", FALSY_VALUE),
        ("True", TRUE_VALUE),
        ("1", TRUE_VALUE),
        ('"x"', TRUE_VALUE),
        ("[None]", TRUE_VALUE),
        ("reply", None),
        ("-1", None),
    ],
)
def test_literal_kind(text: str, value) -> None:
    assert literal_kind(cst.parse_expression(text)) == value


def test_argument_facts_name_literal_slots_and_keyed_dicts() -> None:
    call = cst.parse_expression("remember(text, {text: vector}, None, verbose=False, skip=True)")
    literals, keyed = argument_facts(call.args)
    assert literals == (
        (1, TRUE_VALUE),
        (2, NONE_VALUE),
        ("verbose", FALSY_VALUE),
        ("skip", TRUE_VALUE),
    )
    assert keyed == ((1, 0),)


@pytest.mark.parametrize(
    ("guard", "value", "failed"),
    [
        (TRUTHY, NONE_VALUE, True),
        (TRUTHY, FALSY_VALUE, True),
        (TRUTHY, TRUE_VALUE, False),
        (NOT_NONE, NONE_VALUE, True),
        (NOT_NONE, FALSY_VALUE, False),
        (FALSY, TRUE_VALUE, True),
        (FALSY, NONE_VALUE, False),
        (FALSY, FALSY_VALUE, False),
        (FALSY, None, False),
    ],
)
def test_fails(guard: str, value, failed: bool) -> None:
    assert fails((guard, "p"), value) is failed


def test_leaves_block() -> None:
    source = "if a:\n    return\nif b:\n    log(b)\nfor x in y:\n    if c: continue\n"
    module = cst.parse_module(source)
    first, second, loop = module.body
    assert leaves_block(first.body)
    assert not leaves_block(second.body)
    assert leaves_block(loop.body.body[0].body)


def test_bound_in_reads_statements_not_nested_scopes() -> None:
    source = (
        "def f(a, b, c, d, e, g):\n"
        "    if a:\n"
        "        b = 1\n"
        "    elif c:\n"
        "        pass\n"
        "    else:\n"
        "        for d, x in y:\n"
        "            pass\n"
        "    try:\n"
        "        pass\n"
        "    except E as e:\n"
        "        pass\n"
        "    def inner(g):\n"
        "        g = 2\n"
    )
    function = cst.parse_module(source).body[0]
    assert bound_in(function.body) == {"b", "d", "x", "e", "inner"}


def _in(*texts):
    return (FIELD_IN, "C", "mode", frozenset(texts))


def _out(*texts):
    return (FIELD_OUT, "C", "mode", frozenset(texts))


@pytest.mark.parametrize(
    ("test", "body", "orelse"),
    [
        ('self.mode == "a"', {_in("a")}, {_out("a")}),
        ('self.mode != "a"', {_out("a")}, {_in("a")}),
        ('self.mode in ("a", "b")', {_in("a", "b")}, {_out("a", "b")}),
        ('not self.mode in ["a"]', {_out("a")}, {_in("a")}),
        ("self.mode == name", set(), set()),
        ('other.mode == "a"', set(), set()),
        ('self.mode == "a" and ready', {_in("a")}, set()),
    ],
)
def test_field_guards(test: str, body: set, orelse: set) -> None:
    found = field_guards(cst.parse_expression(test), "C")
    assert (set(found[0]), set(found[1])) == (body, orelse)


@pytest.mark.parametrize(
    ("guard", "values", "failed"),
    [
        ((FIELD_IN, "C", "mode", frozenset({"local"})), frozenset({"docker"}), True),
        ((FIELD_IN, "C", "mode", frozenset({"local"})), frozenset({"docker", "local"}), False),
        ((FIELD_OUT, "C", "mode", frozenset({"docker"})), frozenset({"docker"}), True),
        ((FIELD_OUT, "C", "mode", frozenset({"docker"})), frozenset({"docker", "x"}), False),
    ],
)
def test_field_test_fails(guard: tuple, values: frozenset, failed: bool) -> None:
    assert field_test_fails(guard, values) is failed
    assert fails(guard, TRUE_VALUE) is False  # never a parameter's test


def test_literal_texts() -> None:
    call = cst.parse_expression('Env("docker", name=n, mode="fast", count=3)')
    assert literal_texts(call.args) == ((0, "docker"), ("mode", "fast"))
