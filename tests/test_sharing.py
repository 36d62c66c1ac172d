"""Equal label sets are one object, in a module's summary and in the settlement's memos: a
project repeats a few thousand sets in hundreds of thousands of places."""

from __future__ import annotations

import copy
from pathlib import Path

import zdr_lint.engine.analyzer as analyzer
from zdr_lint.catalog import load_catalog
from zdr_lint.engine.settle import Project
from zdr_lint.engine.specs import build_specs
from zdr_lint.engine.summary import ModuleSummary

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = [ROOT / "tests" / "fixtures" / "flow" / name for name in ("wrappers", "crossmodule")]


def summaries() -> list[ModuleSummary]:
    specs = build_specs(load_catalog())
    paths = sorted(p for folder in SAMPLES for p in folder.rglob("*.py"))
    assert paths
    return [
        analyzer.analyze_module(f"pkg.m{i}", p.name, p.read_text(encoding="utf-8"), specs)
        for i, p in enumerate(paths)
    ]


def label_sets(summary: ModuleSummary) -> list[frozenset]:
    found = []
    for fn in summary.functions.values():
        found += [fn.returns, *fn.prompt_params.values(), *fn.prompt_vars.values()]
    for record in summary.calls.values():
        found += [record.receiver, *record.args, *(labels for _, labels in record.kwargs)]
    found += [event.labels for event in summary.events]
    found += [*summary.globals.values(), *(write[2] for write in summary.field_writes)]
    return [labels for labels in found if isinstance(labels, frozenset)]


def test_equal_label_sets_of_a_summary_are_one_object() -> None:
    checked = 0
    for summary in summaries():
        sets = label_sets(summary)
        first: dict = {}
        for labels in sets:
            assert first.setdefault(labels, labels) is labels
        checked += len(sets) - len(first)
    assert checked > 0  # the samples do repeat label sets


def test_sharing_changes_no_value(monkeypatch) -> None:
    shared = summaries()
    monkeypatch.setattr(analyzer, "share_equal_label_sets", lambda summary: None)
    assert summaries() == shared


def test_the_settlement_memoises_one_object_per_value() -> None:
    project = Project(copy.deepcopy(summaries()), build_specs(load_catalog()))
    project.settle()
    project.hits()
    values = [
        v
        for memos in (project._memo, project._call_memo)
        for m in memos.values()
        for v in m.values()
    ]
    assert len(values) > len({id(v) for v in values})
    first: dict = {}
    for value in values:
        assert first.setdefault(value, value) is value
