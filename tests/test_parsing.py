"""The engine's LibCST parse skips node validation, and only while it parses."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest

from zdr_lint.engine.parsing import parse_module

ROOT = Path(__file__).resolve().parent.parent
SOURCES = sorted((ROOT / "tests" / "fixtures").rglob("*.py")) + sorted(
    (ROOT / "zdr_lint").rglob("*.py")
)


def test_the_tree_is_the_one_libcst_builds() -> None:
    compared = 0
    for path in SOURCES:
        text = path.read_text(encoding="utf-8")
        try:
            expected = cst.parse_module(text)
        except cst.ParserSyntaxError:
            continue
        tree = parse_module(text)
        assert tree.deep_equals(expected), path
        assert tree.code == text, path
        compared += 1
    assert compared > 50


def test_validation_is_back_after_a_parse_and_after_a_failed_one() -> None:
    parse_module("x = 1\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")
    with pytest.raises(cst.ParserSyntaxError):
        parse_module("def (:\n")
    with pytest.raises(cst.CSTValidationError):
        cst.Name("not a name")
