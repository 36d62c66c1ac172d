"""The engine's runner: the relevance pre-pass is sound, the cache is reused and invalidated,
and worker processes change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zdr_lint.catalog import load_catalog
from zdr_lint.engine import EngineOptions, SourceFile, analyze
from zdr_lint.engine import runner as runner_module

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = sorted(
    [p for p in (ROOT / "tests" / "fixtures" / "flow").iterdir() if p.is_dir()]
    + [p for p in (ROOT / "tests" / "fixtures" / "config").iterdir() if p.is_dir()]
    + [ROOT / "examples"]
)
CATALOG = load_catalog()


def sources(folder: Path) -> list[SourceFile]:
    return [
        SourceFile(path, path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8"))
        for path in sorted(folder.rglob("*.py"))
    ]


def keys(findings) -> list:
    return [(f.path, f.line, f.column, f.code, f.message) for f in findings]


@pytest.mark.parametrize("folder", FOLDERS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_pre_pass_loses_nothing(folder: Path) -> None:
    files = sources(folder)
    relevant = analyze(files, CATALOG, EngineOptions())
    everything = analyze(files, CATALOG, EngineOptions(extra={"all_files": True}))
    assert keys(relevant) == keys(everything)
    assert relevant, "each fixture folder has findings, so this comparison means something"


def test_pre_pass_skips_files_that_cannot_leak(tmp_path: Path, monkeypatch) -> None:
    (tmp_path / "plain.py").write_text("def add(a, b):\n    return a + b\n")
    (tmp_path / "leak.py").write_text(
        "import logging, anthropic\n"
        "c = anthropic.Anthropic()\n"
        "r = c.messages.create(model='claude', messages=[])\n"
        "logging.info(r.content[0].text)\n"
    )
    seen = []
    original = runner_module._Analyzer.analyze

    def spy(self, modules):
        seen.extend(modules)
        return original(self, modules)

    monkeypatch.setattr(runner_module._Analyzer, "analyze", spy)
    findings = analyze(sources(tmp_path), CATALOG, EngineOptions())
    assert [f.code for f in findings] == ["ZDR101"]
    assert "plain" not in seen and "leak" in seen


def test_cache_is_reused_then_invalidated_by_a_change(tmp_path: Path, monkeypatch) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "examples", project)
    cache = tmp_path / "cache"
    options = EngineOptions(cache_dir=cache)
    cold = analyze(sources(project), CATALOG, options)
    assert (cache / ".gitignore").read_text().strip().endswith("*")

    parsed = []
    import zdr_lint.engine.analyzer as analyzer_module

    original = analyzer_module.analyze_module

    def counting(name, *args, **kwargs):
        parsed.append(name)
        return original(name, *args, **kwargs)

    monkeypatch.setattr(analyzer_module, "analyze_module", counting)
    warm = analyze(sources(project), CATALOG, options)
    assert keys(warm) == keys(cold)
    assert parsed == [], "a warm run with no change parses nothing"

    web = project / "support_bot" / "web.py"
    web.write_text(web.read_text() + "\n# touched\n")
    touched = analyze(sources(project), CATALOG, options)
    assert parsed == ["support_bot.web"], "only the changed file is parsed again"
    assert keys(touched) == keys(cold)


def test_workers_give_the_same_findings() -> None:
    files = sources(ROOT / "tests" / "fixtures" / "flow" / "propagation")
    many = []
    for index in range(3):
        for source in files:
            path = source.path.with_name(f"copy{index}_{source.path.name}")
            many.append(SourceFile(path, f"copy{index}/{source.display_path}", source.text))
    serial = analyze(many, CATALOG, EngineOptions(jobs=1))
    parallel = analyze(many, CATALOG, EngineOptions(jobs=2))
    assert len(many) >= runner_module.PARALLEL_THRESHOLD
    assert keys(serial) == keys(parallel)
    assert serial


def test_a_client_imported_from_a_project_module_is_a_claude_client(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "clients.py").write_text("import anthropic\nclient = anthropic.Anthropic()\n")
    (package / "wrap.py").write_text(
        "import logging\n"
        "from pkg.clients import client\n"
        "from pkg import clients\n"
        "def ask(q, model):\n"
        "    r = client.messages.create(model=model, max_tokens=5, messages=[])\n"
        "    logging.info(r.content[0].text)\n"
        "    s = clients.client.messages.create(model=model, max_tokens=5, messages=[])\n"
        "    logging.info(s.content[0].text)\n"
        "    logging.info(s.usage.output_tokens)\n"
    )
    findings = analyze(sources(tmp_path), CATALOG, EngineOptions())
    assert [(f.path, f.line, f.code) for f in findings] == [
        ("pkg/wrap.py", 6, "ZDR101"),
        ("pkg/wrap.py", 8, "ZDR101"),
    ]
