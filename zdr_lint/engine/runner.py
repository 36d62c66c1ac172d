"""Run the engine over a project: pick the relevant files, summarise them, settle, report."""

from __future__ import annotations

import dataclasses
from typing import Iterable, Optional, Sequence

from zdr_lint.cores import usable_cores
from zdr_lint.engine.api import EngineOptions, SourceFile, UndecodedSource
from zdr_lint.engine.cache import SummaryCache
from zdr_lint.engine.collector import (
    collect_module_garbage,
    manual_collection,
    stop_automatic_collection,
)
from zdr_lint.engine.constants import PROJECT_ROOT_PREFIX, imported_key, string_constants
from zdr_lint.engine.incremental import (
    Features,
    ProjectState,
    load_state,
    referenced_spans,
    same_to_the_analysis,
    slot_name,
    store_state,
)
from zdr_lint.engine.modules import module_names, namespace_aliases
from zdr_lint.engine.pool import worker_pool
from zdr_lint.engine.problems import parse_error_finding, skipped_part_finding
from zdr_lint.engine.progress import QUIET, Observer
from zdr_lint.engine.relevance import ImportGraph, seed_pattern
from zdr_lint.engine.report import Reporter
from zdr_lint.engine.settle import MAX_ROUNDS, Project
from zdr_lint.engine.specs import Specs, build_specs
from zdr_lint.engine.summary import ModuleSummary
from zdr_lint.findings import Finding

PARALLEL_THRESHOLD = 24  # below this many files, worker start-up costs more than it saves

_worker_specs: Optional[Specs] = None


def run_project(
    files: Sequence[SourceFile], catalog, options: EngineOptions, observer: Observer = QUIET
) -> list[Finding]:
    with manual_collection():
        return _run_project(files, catalog, options, observer)


def _run_project(
    files: Sequence[SourceFile], catalog, options: EngineOptions, observer: Observer
) -> list[Finding]:
    observer.phase("index")
    specs = build_specs(catalog, tuple(options.sanitizers))
    names = module_names([f.path for f in files])
    by_module = {names[f.path][0]: f for f in files}
    packages = {name: names[f.path][1] for name, f in by_module.items()}
    salt = f"{catalog.digest}|{','.join(sorted(options.sanitizers))}"
    cache = SummaryCache(options.cache_dir, salt)
    keys = {n: cache.key(n, packages[n], _keyed_text(f)) for n, f in by_module.items()}
    pattern = seed_pattern(specs.relevance_words)
    aliases = namespace_aliases(names)
    graph = ImportGraph({n: (f.text, packages[n]) for n, f in by_module.items()}, aliases)
    analyzer = _Analyzer(specs, catalog, options, cache, by_module, packages, keys, graph)
    analyzer.observer = observer

    def features(name: str) -> Features:
        return (pattern.search(by_module[name].text), tuple(sorted(graph.imports(name))))

    slot = None
    if options.cache_dir is not None:
        slot = slot_name(
            salt,
            f"{sorted(options.extra.items())!r}",
            [(n, packages[n], f.display_path) for n, f in by_module.items()],
        )
        state = load_state(cache, slot)
        if state is not None:
            observer.phase("reuse")
            reused = _reuse(state, keys, features, analyzer)
            if reused is not None:
                if reused is not state:
                    store_state(cache, slot, reused)
                _tell_selection(observer, by_module, reused.done)
                return list(reused.findings)

    observer.phase("analyse")
    if options.extra.get("all_files"):
        wanted = set(by_module)
    else:
        seeds = {n for n, f in by_module.items() if pattern.search(f.text)}
        wanted = graph.closure(seeds)
    # Grow the set until it is closed. Which modules export Claude data is over-approximated
    # from the raw summaries (no settlement needed), so one settlement at the end suffices.
    exporters_seen: set[str] = set()
    while True:
        analyzer.analyze(sorted(wanted - analyzer.done))
        if options.extra.get("all_files"):
            break
        exporters = {n for n, s in analyzer.summaries.items() if might_export(s)}
        fresh = exporters - exporters_seen
        exporters_seen |= exporters
        # importers of an exporting module may re-export what it exports: follow them all
        grown = graph.closure(graph.importers_closure(fresh)) if fresh else set()
        if grown <= analyzer.done:
            break
        wanted = grown | analyzer.done
    _tell_selection(observer, by_module, analyzer.done)
    observer.phase("settle")
    project = Project(
        analyzer.good_summaries(), specs, scripts(analyzer.done, graph), aliases=aliases
    )
    project.settle(lambda number: observer.count("settle", number, MAX_ROUNDS))

    observer.phase("report")
    spans = {n: s.spans for n, s in analyzer.summaries.items()}
    hits = tuple(project.hits())
    findings = _report(analyzer, hits, spans, analyzer.problems)
    if slot is not None:
        state = ProjectState(
            keys=keys,
            features={n: features(n) for n in by_module},
            done=frozenset(analyzer.done),
            problems={n: tuple(found) for n, found in analyzer.problems.items()},
            hits=hits,
            spans=referenced_spans(hits, spans.get),
            findings=tuple(findings),
        )
        store_state(cache, slot, state)
    return findings


def scripts(modules: Iterable[str], graph: ImportGraph) -> frozenset:
    """The modules that run as programs of their own: outside any package (a script, a
    notebook) and imported by no module of the run. Two of them never share a process."""
    return frozenset(
        name for name in modules if "." not in name and not graph.importers_of({name}) - {name}
    )


def _tell_selection(observer: Observer, by_module: dict, done) -> None:
    analysed = sorted(by_module[name].display_path for name in done if name in by_module)
    left_out = sorted(source.display_path for name, source in by_module.items() if name not in done)
    observer.selection(analysed, left_out)


def _keyed_text(source: SourceFile) -> str:
    """What a module's cache key covers: its text, and for an undecoded file its problem."""
    if isinstance(source, UndecodedSource) and source.problem is not None:
        return f"{source.text}\0undecoded\0{source.problem.message}"
    return source.text


def _report(analyzer: _Analyzer, hits, spans: dict, problems: dict) -> list[Finding]:
    """The findings: the engine's own problems, and a finding with positions for each hit."""
    by_module = analyzer.by_module
    done = analyzer.done
    texts = {n: by_module[n].text for n in done}
    paths = {n: by_module[n].display_path for n in done}
    reporter = Reporter(texts, paths, spans)
    findings = [finding for found in problems.values() for finding in found]
    # one flow reached through two records of one line (a runner's call of a ``partial`` and
    # the call inside it) is one finding: the first column of the line says it
    seen: set = set()
    for finding in sorted((reporter.finding(hit) for hit in hits), key=Finding.sort_key):
        key = (finding.path, finding.cell, finding.line, finding.code, finding.message)
        if key not in seen:
            seen.add(key)
            findings.append(finding)
    return sorted(findings, key=Finding.sort_key)


def _reuse(state: ProjectState, keys: dict, features, analyzer: _Analyzer):
    """The last state of this slot, brought up to date without settling, or None when the
    change may matter to the analysis (see :mod:`zdr_lint.engine.incremental`)."""
    try:
        if set(state.keys) != set(keys):
            return None
        changed = sorted(n for n in keys if keys[n] != state.keys[n])
        if not changed:
            return state
        if any(features(n) != state.features.get(n) for n in changed):
            return None
        analysed = [n for n in changed if n in state.done]
        old = {
            n: analyzer.cache.load(
                analyzer.summary_key(state.keys[n], analyzer.imported_constants(n)), n
            )
            for n in analysed
        }
        analyzer.analyze(analysed)  # summaries a full settlement would need as well
        if any(not same_to_the_analysis(old[n], analyzer.loaded.get(n)) for n in analysed):
            return None
        analyzer.done |= state.done  # for the report: these modules count as analysed
        problems = dict(state.problems)
        for name in changed:
            problems.pop(name, None)
            if analyzer.problems.get(name):
                problems[name] = tuple(analyzer.problems[name])
        spans = dict(state.spans)
        for name in analysed:
            spans[name] = analyzer.loaded[name].spans
        findings = _report(analyzer, state.hits, spans, problems)
        return dataclasses.replace(
            state,
            keys=keys,
            problems=problems,
            spans=referenced_spans(state.hits, spans.get),
            findings=tuple(findings),
        )
    except Exception:  # noqa: BLE001 - a state that cannot be used is only a miss
        return None


class _Analyzer:
    """Summarises modules, from the cache where it can, in worker processes where it pays."""

    def __init__(self, specs, catalog, options, cache, by_module, packages, keys, graph) -> None:
        self.graph = graph
        self._constants: dict[str, dict] = {}  # module -> its string constants
        self._imported: dict[str, dict] = {}  # module -> the constants of what it imports
        self._shadowing: dict[str, bool] = {}  # top-level module -> does it hide a library
        self.specs = specs
        self.catalog = catalog
        self.options = options
        self.cache = cache
        self.by_module = by_module
        self.packages = packages
        self.keys = keys
        self.summaries: dict[str, object] = {}  # the modules that parsed
        self.loaded: dict[str, ModuleSummary] = {}  # every module summarised, as summarised
        self.problems: dict[str, list[Finding]] = {}  # module -> ZDR901 findings
        self.done: set[str] = set()
        self.observer: Observer = QUIET
        self._target = 0  # how many modules the analysis needs so far, for the progress count

    def _tell(self) -> None:
        self.observer.count("analysed", len(self.done), max(self._target, len(self.done)))

    def analyze(self, modules: list[str]) -> None:
        self._target = len(self.done | set(modules))
        todo = []
        imported = {name: self.imported_constants(name) for name in modules}
        for name in modules:
            source = self.by_module[name]
            if isinstance(source, UndecodedSource):  # never parsed: its ZDR902 is the result
                self.done.add(name)
                if source.problem is not None:
                    self.problems[name] = [source.problem]
                continue
            key = self.summary_key(self.keys[name], imported[name])
            cached = self.cache.load(key, name)
            if isinstance(cached, ModuleSummary) and cached.name == name:
                self._accept(name, cached)
            else:
                todo.append((name, key))
        self._tell()
        if not todo:
            return
        from zdr_lint.engine.analyzer import analyze_module  # libcst loads only when needed

        jobs = max(1, min(self.options.jobs, usable_cores()))  # never more workers than cores
        work = [
            (
                n,
                self.by_module[n].display_path,
                self.by_module[n].text,
                self.packages[n],
                imported[n],
            )
            for n, _ in todo
        ]
        if jobs > 1 and len(work) >= PARALLEL_THRESHOLD:
            results = self._parallel(work, jobs)
        else:
            results = []
            for n, d, t, p, c in work:
                results.append(analyze_module(n, d, t, self.specs, p, c))
                collect_module_garbage()
                self.observer.count("analysed", len(self.done) + len(results), self._target)
        for (name, key), summary in zip(todo, results):
            self.cache.store(key, summary, name)
            self._accept(name, summary)
        self._tell()

    def summary_key(self, key: str, imported: dict) -> str:
        """The cache key of a summary: the file's key, and the constants it imports (the
        summary depends on those values too)."""
        if not imported:
            return key
        return self.cache.key(key, False, repr(sorted(imported.items())))

    def imported_constants(self, name: str) -> dict:
        """``{"pkg.settings.MODEL": "claude-..."}`` for the project modules ``name`` imports, and
        the top-level modules among them that hide a library of their name
        (``PROJECT_ROOT_PREFIX``)."""
        found = self._imported.get(name)
        if found is None:
            found = self._imported[name] = {}
            for module in sorted(self.graph.imports(name)):
                constants = self._constants.get(module)
                if constants is None:
                    text = self.by_module[module].text
                    constants = self._constants[module] = string_constants(text)
                for constant, value in constants.items():
                    found[imported_key(module, constant)] = value
                root = module.split(".", 1)[0]
                if self.shadows_library(root):
                    found[PROJECT_ROOT_PREFIX + root] = root
        return found

    def shadows_library(self, root: str) -> bool:
        """Does the project's top-level module ``root`` hide a library the catalog knows by
        that name? It does when it defines none of the catalog's names under ``root``: a local
        ``llm.py`` is not the ``llm`` library, while an ``instructor`` package that defines
        ``from_openai`` is that library's own source, whose calls the catalog describes."""
        known = self._shadowing.get(root)
        if known is None:
            prefix = root + "."
            names = {
                qualified.rsplit(".", 1)[-1]
                for table in (
                    self.specs.client_factories,
                    self.specs.function_sources,
                    self.specs.function_sinks,
                    self.specs.type_factories,
                    self.specs.type_instances,
                )
                for qualified in table
                if qualified.startswith(prefix)
            }
            source = self.by_module.get(root)
            known = bool(names) and source is not None
            known = known and not any(name in source.text for name in names)
            self._shadowing[root] = known
        return known

    def _parallel(self, work: list, jobs: int) -> list:
        """The summaries of ``work``, in its order. The longest files go first and the chunks
        are small, so no worker is left with a long tail while the others wait."""
        order = sorted(range(len(work)), key=lambda i: -len(work[i][2]))
        chunk = max(1, len(work) // (jobs * 32))
        with worker_pool(jobs, _init_worker, (self.catalog, self.options.sanitizers)) as pool:
            done = pool.map(_analyze_in_worker, [work[i] for i in order], chunksize=chunk)
            results: list = [None] * len(work)
            for count, (index, summary) in enumerate(zip(order, done), start=1):
                results[index] = summary
                self.observer.count("analysed", len(self.done) + count, self._target)
        return results

    def _accept(self, name: str, summary) -> None:
        self.done.add(name)
        self.loaded[name] = summary
        if summary.parse_error is not None:
            self._problem(name, summary.parse_error)
        else:
            self.summaries[name] = summary
            source = self.by_module[name]
            for line, column, message in getattr(source, "skipped", ()):  # notebook cells
                finding = skipped_part_finding(source, line, column, message)
                self.problems.setdefault(name, []).append(finding)

    def _problem(self, name: str, error: tuple) -> None:
        self.problems.setdefault(name, []).append(parse_error_finding(self.by_module[name], error))

    def good_summaries(self) -> list:
        return [self.summaries[n] for n in sorted(self.summaries)]


def _init_worker(catalog, sanitizers) -> None:
    global _worker_specs
    _worker_specs = build_specs(catalog, tuple(sanitizers))
    stop_automatic_collection()


def _analyze_in_worker(item):
    from zdr_lint.engine.analyzer import analyze_module

    name, display, text, is_package, constants = item
    assert _worker_specs is not None
    summary = analyze_module(name, display, text, _worker_specs, is_package, constants)
    collect_module_garbage()
    return summary


SYMBOLIC_OR_CLAUDE = frozenset({"S", "C", "K", "G", "A", "F", "Q", "D"})


def might_export(summary) -> bool:
    """Could this module hand Claude data, a client or a prompt parameter to an importer?

    A cheap, sound over-approximation read off the raw summary: anything that is not plainly
    a parameter passed through or a library object might turn out to be Claude data.
    """
    if summary.uses_claude:
        return True
    for fn in summary.functions.values():
        if fn.prompt_params or any(label[0] in SYMBOLIC_OR_CLAUDE for label in fn.returns):
            return True
    for labels in summary.globals.values():
        if any(label[0] in SYMBOLIC_OR_CLAUDE for label in labels):
            return True
    return any(labels for _, _, labels, _ in summary.field_writes)
