"""Which project functions a script can run.

A script (a module outside any package that nothing imports) runs as a program of its own. It
runs its own code, the module-level code of what it imports, and what those call; an instance
method runs only on an object of its class, so it runs only when the program builds one of the
classes that inherit it (rapid type analysis). A provider wrapper's method that calls Claude
does not run in an example that builds only the local-model wrapper, however its base class
dispatches in the rest of the project.

The answer errs on the side of running: a function nested in one that runs, a function or
bound method handed on as a value, a class given to a library (which may build it), and the
special methods and properties of a class that is built all run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from zdr_lint.engine.relevance import import_reach, project_modules
from zdr_lint.engine.summary import MUTATORS

if TYPE_CHECKING:
    from zdr_lint.engine.settle import Project
    from zdr_lint.engine.summary import CallRecord


class ScriptReach:
    """The functions each script of a project can run, computed once per script asked about."""

    def __init__(self, project: Project) -> None:
        self.project = project
        self._runs: dict[str, frozenset] = {}

    def runs(self, script: str, qualname: str) -> bool:
        """Can program ``script`` run function ``qualname`` (or the function it is nested in)?"""
        reached = self._runs.get(script)
        if reached is None:
            reached = self._runs[script] = _Walk(self.project, script).reached()
        return qualname in reached


class _Walk:
    """One script's walk over the settled calls: functions reached, classes built."""

    def __init__(self, project: Project, script: str) -> None:
        self.project = project
        self.script = script
        self.functions: set[str] = set()
        self.built: set[str] = set()  # classes an object of which the program builds
        self.live: set[str] = set()  # classes in the MRO of a class built
        self.waiting: dict[str, list] = {}  # class not yet live -> its methods called
        self.todo: list[str] = []

    def reached(self) -> frozenset:
        project = self.project
        for module in sorted(self._imported(self.script)):
            self.run(module)  # importing a module runs its module-level code
        for qualname, (module, _) in sorted(project.functions.items()):
            if module == self.script:
                self.run(qualname)
        while self.todo:
            qualname = self.todo.pop()
            for nested in project.nested_functions(qualname):
                self.run(nested)
            for key in project.calls_in.get(qualname, ()):
                self.visit(project.calls[key])
        return frozenset(self.functions)

    def _imported(self, script: str) -> set[str]:
        modules = self.project.modules
        return import_reach(
            [script],
            lambda name: project_modules(
                modules[name].imported_modules, name, modules, self.project.aliases
            ),
        )

    def run(self, qualname: str) -> None:
        entry = self.project.functions.get(qualname)
        if entry is None or qualname in self.functions:
            return
        if entry[0] != self.script and entry[0] in self.project.scripts:
            return  # another script's code exists only in that script's program
        self.functions.add(qualname)
        self.todo.append(qualname)

    def call(self, qualname: str) -> None:
        """A call of ``qualname``: an instance method waits for an object of its class."""
        fn = self.project.functions[qualname][1]
        if fn.cls is None or fn.class_level or fn.cls in self.live:
            self.run(qualname)
        else:
            self.waiting.setdefault(fn.cls, []).append(qualname)

    def build(self, cls: str) -> None:
        if cls in self.built:
            return
        self.built.add(cls)
        project = self.project
        special = project.library_types(cls)  # a library's subclass: the library calls in
        for base in project.mro(cls):
            if base not in self.live:
                self.live.add(base)
                for qualname in self.waiting.pop(base, ()):
                    self.run(qualname)
            prefix = base + "."
            for qualname in project.methods_of(base):
                name = qualname[len(prefix) :]
                fn = project.functions[qualname][1]
                if special or fn.is_property or (name.startswith("__") and name.endswith("__")):
                    self.run(qualname)

    def visit(self, record: CallRecord) -> None:
        project = self.project
        if record.callee is not None:
            resolved = project.resolve_qual(record.callee)
            if resolved and resolved[0] == "class":
                self.build(resolved[1])
        targets = project.target_of(record)
        for qualname, receiver in targets:
            if qualname.endswith(".__init__") and receiver is not None and record.after is None:
                if record.callee is not None or record.method == "__call__":
                    self.build(receiver[1])
            self.call(qualname)
        # a class put into a container (a registry) is built where it is taken out and called
        stores = record.method in MUTATORS or record.method == "__setitem__"
        values = [*record.args, *(labels for _, labels in record.kwargs)]
        for labels in values:
            for label in project.norm(labels, record.function):
                if label[0] == "Z":  # a function handed on: whoever gets it may call it
                    self.call(label[1])
                elif label[0] == "Y" and not targets and not stores:
                    self.build(label[1])  # a class given to a library, which may build it
