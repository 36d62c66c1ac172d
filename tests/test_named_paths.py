"""The path a finding names: of the sinks a call reaches and of the sources that reach it,
the ones that every program has."""

from __future__ import annotations

from pathlib import Path

from test_flow_fixtures import _run_engine

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "flow" / "named_paths"


def test_a_library_sink_is_named_before_one_a_script_registers() -> None:
    findings = [f for f in _run_engine(FIXTURE) if f.path == "extractors/scoring.py"]
    assert [(f.line, f.code) for f in findings] == [(15, "ZDR101")]
    library = (FIXTURE / "extractors" / "__init__.py").read_text(encoding="utf-8").splitlines()
    sink_line = next(n for n, text in enumerate(library, 1) if "log.warning" in text)
    assert f"extractors/__init__.py:{sink_line}" in findings[0].message
    assert "adapt_local" not in findings[0].message


SOURCES = Path(__file__).resolve().parent / "fixtures" / "flow" / "named_sources"


def test_a_library_source_is_named_before_one_a_script_holds() -> None:
    findings = [f for f in _run_engine(SOURCES) if f.path == "memo/store.py"]
    assert [(f.line, f.code) for f in findings] == [(32, "ZDR101")]
    assert "(memo/store.py:26)" in findings[0].message
    assert "chat_demo" not in findings[0].message
