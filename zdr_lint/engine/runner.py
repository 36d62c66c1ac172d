"""Run the engine over a project: summarise each module, settle, and report."""

from __future__ import annotations

from typing import Sequence

from zdr_lint.engine.analyzer import analyze_module
from zdr_lint.engine.api import EngineOptions, SourceFile
from zdr_lint.engine.modules import module_names
from zdr_lint.engine.problems import parse_error_finding
from zdr_lint.engine.report import Reporter
from zdr_lint.engine.settle import Project
from zdr_lint.engine.specs import build_specs
from zdr_lint.findings import Finding


def run_project(files: Sequence[SourceFile], catalog, options: EngineOptions) -> list[Finding]:
    specs = build_specs(catalog, tuple(options.sanitizers))
    names = module_names([f.path for f in files])
    summaries = []
    texts: dict[str, str] = {}
    paths: dict[str, str] = {}
    findings: list[Finding] = []
    for source in files:
        name, is_package = names[source.path]
        summary = analyze_module(name, source.display_path, source.text, specs, is_package)
        if summary.parse_error is not None:
            findings.append(parse_error_finding(source, summary.parse_error))
            continue
        summaries.append(summary)
        texts[name] = source.text
        paths[name] = source.display_path
    project = Project(summaries, specs)
    project.settle()
    reporter = Reporter(texts, paths)
    for hit in project.hits():
        findings.append(reporter.finding(hit))
    return sorted(findings, key=Finding.sort_key)
