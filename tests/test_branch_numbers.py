"""A name holds a number only where every path to the read made it one (``match`` cases)."""

import sys

import pytest

from zdr_lint.catalog import load_catalog
from zdr_lint.engine.analyzer import analyze_module
from zdr_lint.engine.specs import build_specs

SOURCE = """
import logging
import anthropic

trace = logging.getLogger("t")
client = anthropic.Anthropic()


def answer_of(prompt, kind):
    match kind:
        case "ask":
            answer = client.messages.create(model="claude-haiku-4-5", max_tokens=9,
                                            messages=[{"role": "user", "content": prompt}])
        case _:
            answer = FALLBACK
    trace.info("answer %s", answer)
"""


def logged_labels(fallback: str) -> frozenset:
    specs = build_specs(load_catalog(), ())
    summary = analyze_module("m", "m.py", SOURCE.replace("FALLBACK", fallback), specs)
    (record,) = [r for r in summary.calls.values() if r.ref[1] == "trace.info"]
    return data_of(record.args[1])


def data_of(labels: frozenset) -> set:
    """The labels of values (not the backward ``V`` placeholder of the name read)."""
    return {label for label in labels if label[0] != "V"}


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs Python 3.10")
def test_a_number_in_one_case_leaves_the_answer_of_another() -> None:
    assert logged_labels("-1")


@pytest.mark.skipif(sys.version_info < (3, 10), reason="match needs Python 3.10")
def test_a_name_that_is_a_number_in_every_case_carries_nothing() -> None:
    source = SOURCE.replace("FALLBACK", "-1")
    start = source.index("client.messages.create(")
    end = source.index("])", start) + 2
    numbers_only = source[:start] + "2" + source[end:]
    specs = build_specs(load_catalog(), ())
    summary = analyze_module("m", "m.py", numbers_only, specs)
    (record,) = [r for r in summary.calls.values() if r.ref[1] == "trace.info"]
    assert not data_of(record.args[1])
