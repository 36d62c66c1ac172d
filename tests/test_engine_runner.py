"""The engine's runner: the relevance pre-pass is sound, the cache is reused and invalidated,
and worker processes change nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from zdr_lint.catalog import load_catalog
from zdr_lint.engine import EngineOptions, SourceFile, analyze
from zdr_lint.engine import runner as runner_module
from zdr_lint.engine.modules import module_names, namespace_aliases, unalias

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


def full_keys(findings) -> list:
    """Everything a user can see of a finding, including the steps of its flow."""
    return [
        (f.path, f.line, f.column, f.end_line, f.end_column, f.code, f.message, f.steps)
        for f in findings
    ]


def test_the_last_settled_state_is_reused_only_while_it_still_holds(
    tmp_path: Path, monkeypatch
) -> None:
    """Each edit below is followed by a cached run, which must print exactly what a run
    without a cache prints: the stored state may answer only edits that change nothing for
    the analysis (a comment, a line moved), and settles again after any other edit."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "examples", project)
    options = EngineOptions(cache_dir=tmp_path / "cache")
    settled = []
    original = runner_module.Project.settle

    def counting(self, *args, **kwargs):
        settled.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(runner_module.Project, "settle", counting)
    analyze(sources(project), CATALOG, options)
    llm = project / "support_bot" / "llm.py"
    storage = project / "support_bot" / "storage.py"
    plain = project / "support_bot" / "config.py"
    edits = [
        ("no change", None, None, 0),
        ("a comment at the end", llm, lambda t: t + "# touched\n", 0),
        ("every line moved down", llm, lambda t: "# header\n\n" + t, 0),
        ("the completion logged", llm, lambda t: t.replace("resp.id,", "resp.content,"), 1),
        ("back to metadata", llm, lambda t: t.replace("resp.content,", "resp.id,"), 1),
        ("a sink removed", storage, lambda t: t.replace("_db.execute(\n", "_db.ignore(\n", 1), 1),
        ("a syntax error", storage, lambda t: t + "def broken(:\n", 1),
        ("a plain module now imports Claude", plain, lambda t: t + "import anthropic\n", 1),
        ("a constant added", plain, lambda t: t + 'GATEWAY = "https://gw.example.com"\n', 1),
        ("the client uses it", llm, lambda t: t.replace(".Anthropic()", gateway_client, 1), 1),
        (
            "only the imported constant changes",
            plain,
            lambda t: t.replace("gw.example", "api.anthropic"),
            1,
        ),
    ]
    gateway_client = ".Anthropic(base_url=config.GATEWAY)"
    for what, path, change, settles in edits:
        if path is not None:
            path.write_text(change(path.read_text()))
        settled.clear()
        cached = analyze(sources(project), CATALOG, options)
        assert len(settled) == settles, what
        fresh = analyze(sources(project), CATALOG, EngineOptions())
        assert full_keys(cached) == full_keys(fresh), what
        gateway = [f for f in fresh if f.code == "ZDR307"]
        assert bool(gateway) == (what == "the client uses it"), what


def test_a_damaged_project_state_is_only_a_miss(tmp_path: Path) -> None:
    project = tmp_path / "project"
    shutil.copytree(ROOT / "examples", project)
    cache = tmp_path / "cache"
    options = EngineOptions(cache_dir=cache)
    cold = analyze(sources(project), CATALOG, options)
    states = list(cache.rglob("project-*.pickle"))
    assert len(states) == 1
    states[0].write_bytes(states[0].read_bytes()[:-40])
    assert full_keys(analyze(sources(project), CATALOG, options)) == full_keys(cold)


def test_a_package_in_a_namespace_folder_is_imported_under_both_names(tmp_path: Path) -> None:
    """``demos/tracing/__init__.py`` with no ``demos/__init__.py``: the module is named
    ``tracing``, and ``demos.tracing.agent`` (as the run's own imports may write it) reads as
    ``tracing.agent``; a name outside the run is left alone."""
    package = tmp_path / "demos" / "tracing"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "agent.py").write_text("", encoding="utf-8")
    names = module_names([package / "__init__.py", package / "agent.py"])
    assert names[package / "agent.py"] == ("tracing.agent", False)
    aliases = namespace_aliases(names)
    assert aliases == {"demos.tracing": "tracing"}
    assert unalias("demos.tracing.agent.support_agent", aliases) == "tracing.agent.support_agent"
    assert unalias("demos.other", aliases) == "demos.other"
    assert unalias("tracing.agent", aliases) == "tracing.agent"
