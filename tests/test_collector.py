"""The engine runs with Python's automatic cyclic collection off, which is only safe because its
analysis builds no reference cycles: a module's trees are freed by reference counting."""

from __future__ import annotations

import gc
from pathlib import Path

import libcst as cst

from zdr_lint.catalog import load_catalog
from zdr_lint.engine import EngineOptions, SourceFile, analyze
from zdr_lint.engine.analyzer import analyze_module
from zdr_lint.engine.specs import build_specs

ROOT = Path(__file__).resolve().parent.parent
# nested functions, methods, a decorator and SDK calls: every place the analyser defers work
SAMPLE = ROOT / "tests" / "fixtures" / "flow" / "wrappers"


def cyclic_garbage_of(work) -> list:
    """The objects that only the cyclic collector could free, left behind by ``work()``."""
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        work()
        gc.collect()
        return list(gc.garbage)
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        if was_enabled:
            gc.enable()


def test_analysing_a_module_leaves_no_cycle_holding_its_syntax_tree() -> None:
    specs = build_specs(load_catalog())
    texts = [path.read_text(encoding="utf-8") for path in sorted(SAMPLE.rglob("*.py"))]
    assert texts

    def work() -> None:
        for index, text in enumerate(texts):
            analyze_module(f"pkg.m{index}", f"m{index}.py", text, specs)

    leaked = [o for o in cyclic_garbage_of(work) if isinstance(o, cst.CSTNode)]
    assert leaked == []


def test_a_run_restores_automatic_collection() -> None:
    text = "import anthropic, logging\nr = anthropic.Anthropic().messages.create()\n"
    files = [SourceFile(Path("leak.py"), "leak.py", text + "logging.info(r)\n")]
    assert gc.isenabled()
    findings = analyze(files, load_catalog(), EngineOptions())
    assert [f.code for f in findings] == ["ZDR101"]
    assert gc.isenabled()
