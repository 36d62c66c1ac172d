"""The zdr-lint benchmark: speed and memory against ruff and against the LibCST parse floor.

    python bench/run.py --modules 2000          # run with the Python that has zdr-lint installed

prints, with the median, min and max over ``--repeat`` runs of each command:

* zdr-lint cold (``--no-cache``) on a copy of the installed standard library, beside
  ``ruff check --no-cache --exit-zero -q`` on the same tree;
* on a generated Claude-heavy project (``bench/generate.py``, ``--modules`` modules): LibCST
  parse-only of every file in one process, zdr-lint cold ``-j1`` and ``-jN`` (N: the number of
  cores), zdr-lint warm with no change, warm with one file touched, and a pre-commit hook run
  (``zdr-lint --force-exclude FILE``, the hook's command) on a warm cache with that one staged
  file changed (a function added, so its summary changes and its part of the project settles
  again);
* the peak memory of each command;
* the ratios against the targets of issue 5, with PASS/MISS. They are informational: the exit
  status is 0 whatever they say (1 only when the benchmark itself cannot run).

Timing is ``time.perf_counter`` around each child process; the peak memory is the child's
``ru_maxrss`` from ``os.wait4`` (the largest single process of its tree), and, on Linux, the
sampled sum of the resident sizes of the whole tree (what ``-jN`` workers add up to).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

OK_CODES = (0, 1)  # zdr-lint exits 1 when it has findings
TOUCHED_MARK = "# bench: touched"
HOOK_EDIT = "\n\ndef bench_hook_{n}(question):\n    return question.strip()\n"

PARSE_ONLY = """\
import sys

del sys.path[0]  # the working folder, which "python -c" puts first
import libcst

with open(sys.argv[1], encoding="utf-8") as listing:
    paths = listing.read().splitlines()
failed = 0
for path in paths:
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    try:
        libcst.parse_module(text)
    except Exception:
        failed += 1
if failed:
    print(f"{failed} files did not parse", file=sys.stderr)
"""


# ------------------------------------------------------------------ measuring


@dataclass
class Run:
    seconds: float
    maxrss: int  # bytes: ru_maxrss of the child (largest process of its tree)
    tree_rss: Optional[int]  # bytes: sampled peak of the summed tree, Linux only
    returncode: int
    stdout: str
    stderr: str


@dataclass
class Measurement:
    label: str
    runs: list = field(default_factory=list)
    error: Optional[str] = None

    @property
    def ok(self) -> bool:
        return self.error is None and bool(self.runs)

    @property
    def times(self) -> list:
        return [r.seconds for r in self.runs]

    @property
    def median(self) -> float:
        return statistics.median(self.times)

    @property
    def maxrss(self) -> int:
        return max(r.maxrss for r in self.runs)

    @property
    def tree_rss(self) -> Optional[int]:
        values = [r.tree_rss for r in self.runs if r.tree_rss is not None]
        return max(values) if values else None


# Runs one command and reports on it, as JSON on its standard output. A fresh, small process of
# its own, because a child's ru_maxrss starts at the RSS of the process that forked it (Linux
# carries the high-water mark across fork and exec), and this script grows while it generates.
WRAPPER = """\
import json, os, sys, threading, time, subprocess

cmd, cwd, out_path, err_path = json.loads(sys.argv[1])
page = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
tree = sys.platform.startswith("linux") and os.path.exists("/proc/self/statm")
peak = [None]
done = threading.Event()


def tree_rss(root):
    total, stack, seen = 0, [root], set()
    while stack:
        pid = stack.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * page
            for task in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{task}/children") as fh:
                    stack.extend(int(c) for c in fh.read().split())
        except (OSError, ValueError, IndexError):
            continue
    return total


def sample(pid):
    while not done.is_set():
        total = tree_rss(pid)
        if total and (peak[0] is None or total > peak[0]):
            peak[0] = total
        done.wait(0.02)


with open(out_path, "wb") as out, open(err_path, "wb") as err:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, stdin=subprocess.DEVNULL)
    sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True) if tree else None
    if sampler:
        sampler.start()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    done.set()
    if sampler:
        sampler.join()
scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB elsewhere
print(json.dumps({
    "seconds": seconds,
    "maxrss": usage.ru_maxrss * scale,
    "tree_rss": peak[0],
    "returncode": os.waitstatus_to_exitcode(status),
}))
"""


def tree_sampling() -> bool:
    return sys.platform.startswith("linux") and Path("/proc/self/statm").exists()


def run_once(cmd: list, cwd: Path, workdir: Path) -> Run:
    """Run ``cmd`` under the wrapper; its time and the peak memory of exactly that child."""
    out_path = workdir / "stdout.txt"
    err_path = workdir / "stderr.txt"
    spec = json.dumps([[str(c) for c in cmd], str(cwd), str(out_path), str(err_path)])
    done = subprocess.run(
        [sys.executable, "-c", WRAPPER, spec], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise SystemExit(f"the measuring wrapper failed:\n{done.stderr}")
    report = json.loads(done.stdout)
    return Run(
        seconds=report["seconds"],
        maxrss=report["maxrss"],
        tree_rss=report["tree_rss"],
        returncode=report["returncode"],
        stdout=out_path.read_text(encoding="utf-8", errors="replace"),
        stderr=err_path.read_text(encoding="utf-8", errors="replace"),
    )


@dataclass
class Step:
    measurement: Measurement
    cmd: list
    cwd: Path
    times: int
    before: Optional[Callable[[], None]] = None
    after: Optional[Callable[[], None]] = None


class Plan:
    """Commands to time, run in rounds: every command once per round, in the order added.

    Interleaving spreads a burst of outside load over several measurements instead of all the
    runs of one; a step with ``times=1`` (the cache priming) runs in the first round only.
    """

    def __init__(self, workdir: Path, repeat: int) -> None:
        self.workdir = workdir
        self.repeat = repeat
        self.steps: list[Step] = []

    def add(self, label, cmd, cwd, times=None, before=None, after=None) -> Measurement:
        measurement = Measurement(label)
        self.steps.append(Step(measurement, cmd, cwd, times or self.repeat, before, after))
        return measurement

    def run(self) -> None:
        for round_ in range(1, self.repeat + 1):
            for step in self.steps:
                m = step.measurement
                if m.error is not None or len(m.runs) >= step.times:
                    continue
                progress(f"round {round_}/{self.repeat}: {m.label}")
                if step.before:
                    step.before()
                run = run_once(step.cmd, step.cwd, self.workdir)
                if step.after:
                    step.after()
                if run.returncode not in OK_CODES:
                    lines = run.stderr.strip().splitlines()[-8:]
                    tail = "".join(f"\n      {line}" for line in lines)
                    command = " ".join(map(str, step.cmd))
                    m.error = f"exit status {run.returncode}: {command}{tail}"
                    continue
                m.runs.append(run)


# ------------------------------------------------------------------ printing


def progress(text: str) -> None:
    """A transient status line, on a terminal only, so that the report stays clean."""
    if sys.stderr.isatty():
        sys.stderr.write(f"\r\033[K  {text} ...")
        sys.stderr.flush()


def clear_progress() -> None:
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
        sys.stderr.flush()


def mib(value: Optional[int]) -> str:
    return "-" if value is None else f"{value / 2**20:.0f} MiB"


def print_table(measurements: list, tree_column: bool) -> None:
    clear_progress()
    width = max(len(m.label) for m in measurements) + 2
    head = f"  {'':{width}}{'median':>9}{'min':>9}{'max':>9}{'max RSS':>11}"
    if tree_column:
        head += f"{'tree RSS':>11}"
    print(head)
    for m in measurements:
        if not m.ok:
            print(f"  {m.label:{width}}ERROR {m.error}")
            continue
        line = (
            f"  {m.label:{width}}{m.median:>7.2f} s{min(m.times):>7.2f} s{max(m.times):>7.2f} s"
            f"{mib(m.maxrss):>11}"
        )
        if tree_column:
            line += f"{mib(m.tree_rss):>11}"
        print(line)


def ratio_line(label: str, num, den, target: Optional[float]) -> str:
    if num is None or den is None or not den:
        return f"  {label:54}{'n/a':>8}"
    value = num / den
    text = f"  {label:54}{value:>7.2f}×"
    if target is None:
        return text + "   (no target)"
    verdict = "PASS" if value <= target else "MISS"
    return text + f"   ≤ {target:<5}{verdict}"


def time_of(m: Optional[Measurement]):
    return m.median if m is not None and m.ok else None


def rss_of(m: Optional[Measurement], tree: bool = False):
    if m is None or not m.ok:
        return None
    return m.tree_rss if tree else m.maxrss


# ------------------------------------------------------------------ trees


def python_tree_stats(root: Path) -> tuple:
    files = sorted(p for p in root.rglob("*.py") if p.is_file())
    lines = 0
    for path in files:
        with open(path, "rb") as fh:
            lines += fh.read().count(b"\n")
    return files, lines


def copy_stdlib(dest: Path) -> Path:
    """Copy the ``.py`` files of the standard library, without site-packages, to ``dest``."""
    source = Path(sysconfig.get_paths()["stdlib"])

    def ignore(folder: str, names: list) -> list:
        skipped = []
        for name in names:
            full = os.path.join(folder, name)
            if name in ("site-packages", "dist-packages", "__pycache__"):
                skipped.append(name)
            elif not os.path.isdir(full) and not name.endswith(".py"):
                skipped.append(name)
        return skipped

    shutil.copytree(source, dest, ignore=ignore, symlinks=True)
    return source


def load() -> str:
    try:
        return ", ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):
        return "unknown"


def zdr_command(python: str) -> list:
    """The installed ``zdr-lint`` script, as users run it.

    Not ``python -m zdr_lint``: that puts the working folder first on ``sys.path``, and in the
    copy of the standard library that makes Python import (and compile) the copy's modules.
    """
    script = Path(python).parent / ("zdr-lint.exe" if os.name == "nt" else "zdr-lint")
    if script.is_file():
        return [str(script)]
    return [python, "-c", "import sys; del sys.path[0]; from zdr_lint.cli import main; main()"]


def find_ruff() -> Optional[str]:
    beside = Path(sys.executable).parent / ("ruff.exe" if os.name == "nt" else "ruff")
    if beside.is_file():
        return str(beside)
    return shutil.which("ruff")


def version_of(cmd: list) -> str:
    try:
        done = subprocess.run(
            cmd, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir()
        )
    except (OSError, subprocess.CalledProcessError):
        return "?"
    text = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else "?"
    return text.split()[-1]  # "ruff 0.6.9" -> "0.6.9"


# ------------------------------------------------------------------ main


def main(argv: Optional[list] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--modules", type=int, default=2000, help="generated modules (2000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each command (3)")
    parser.add_argument("--skip-stdlib", action="store_true", help="skip the stdlib and ruff part")
    parser.add_argument(
        "--keep",
        type=Path,
        help="generate the project into DIR (empty, or from an earlier --keep) and keep it",
        metavar="DIR",
    )
    parser.add_argument("--seed", type=int, default=0, help="generator seed (0)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.modules < 6:
        parser.error("--repeat must be at least 1 and --modules at least 6")

    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(line_buffering=True)
    python = sys.executable
    # (run from a neutral folder: "python -c" puts the working folder first on sys.path)
    neutral = tempfile.gettempdir()
    check = subprocess.run(
        [python, "-c", "import zdr_lint, libcst"], capture_output=True, cwd=neutral
    )
    if check.returncode != 0:
        print(
            f"zdr-lint or libcst cannot be imported by {python}; run this script with the Python "
            "of the environment where zdr-lint is installed (e.g. .venv/bin/python).",
            file=sys.stderr,
        )
        return 1
    zdr = zdr_command(python)
    jobs = os.cpu_count() or 1
    ruff = find_ruff()

    print("zdr-lint benchmark")
    print(
        f"  machine: {platform.system()} {platform.machine()}, {jobs} CPUs, "
        f"Python {platform.python_version()}"
    )
    libcst_version = version_of(
        [python, "-c", "import importlib.metadata as m; print(m.version('libcst'))"]
    )
    where = subprocess.run(
        [python, "-c", "import os, zdr_lint; print(os.path.dirname(zdr_lint.__file__))"],
        capture_output=True,
        text=True,
        cwd=neutral,
    ).stdout.strip()
    print(
        f"  zdr-lint {version_of([*zdr, '--version'])} ({where}), libcst {libcst_version}, "
        f"ruff {version_of([ruff, '--version']) if ruff else '(not installed)'}"
    )
    print(
        f"  each command run {args.repeat}× (in rounds: each command once per round): "
        "median, min, max; peak memory over the runs"
    )
    print(f"  load average at the start: {load()} (other work on the machine skews the times)")

    with tempfile.TemporaryDirectory(prefix="zdr-bench-") as tmp_name:
        tmp = Path(tmp_name)
        workdir = tmp / "io"
        workdir.mkdir()

        # ------------------------------------------------ standard library
        stdlib_zdr = stdlib_ruff = None
        if args.skip_stdlib:
            print("\nstandard library: skipped (--skip-stdlib)")
        else:
            tree = tmp / "stdlib"
            progress("copying the standard library")
            source = copy_stdlib(tree)
            files, lines = python_tree_stats(tree)
            clear_progress()
            print(f"\nstandard library: {source} (without site-packages), copied to a temp folder")
            print(f"  {len(files):,} .py files, {lines:,} lines")
            plan = Plan(workdir, args.repeat)
            rows = []
            if ruff:
                stdlib_ruff = plan.add(
                    "ruff check --no-cache --exit-zero -q",
                    [ruff, "check", "--no-cache", "--exit-zero", "-q", "."],
                    tree,
                )
                rows.append(stdlib_ruff)
            stdlib_zdr = plan.add(
                f"zdr-lint cold --no-cache (-j{jobs})", [*zdr, "--no-cache", f"-j{jobs}", "."], tree
            )
            rows.append(stdlib_zdr)
            plan.run()
            print_table(rows, tree_column=False)
            if stdlib_zdr.ok:
                print(f"  zdr-lint findings: {stdlib_zdr.runs[0].stdout.count(chr(10))}")
            if not ruff:
                print("  note: ruff is not installed (pip install ruff), so there is no comparison")
            shutil.rmtree(tree)

        # ------------------------------------------------ generated project
        if args.keep:
            project = args.keep.resolve()
            project.mkdir(parents=True, exist_ok=True)
        else:
            project = tmp / "project"
        progress(f"generating {args.modules} modules")
        generate(project, args.modules, args.seed, force=True)
        clear_progress()
        files, lines = python_tree_stats(project)
        print(
            f"\ngenerated project: {args.modules:,} modules, seed {args.seed} "
            f"({len(files):,} .py files with the __init__.py files, {lines:,} lines)"
            + (f", kept in {project}" if args.keep else "")
        )
        listing = workdir / "files.txt"
        listing.write_text("\n".join(str(p) for p in files) + "\n", encoding="utf-8")
        touched = sorted(project.glob("genapp/llm/*/wrappers_*.py"))[0]
        original = touched.read_text(encoding="utf-8")
        staged = sorted(project.glob("genapp/web/*/views_*.py"))[0]
        staged_original = staged.read_text(encoding="utf-8")
        cache = tmp / "cache"

        empty = tmp / "empty"
        empty.mkdir()
        warm_cmd = [*zdr, "--cache-dir", str(cache), f"-j{jobs}", "."]
        counter = iter(range(1, 10**9))

        def touch() -> None:
            with open(touched, "a", encoding="utf-8") as fh:
                fh.write(f"{TOUCHED_MARK} {next(counter)}\n")

        def edit_staged() -> None:
            with open(staged, "a", encoding="utf-8") as fh:
                fh.write(HOOK_EDIT.format(n=next(counter)))

        def restore_staged() -> None:  # the other runs see the project as it was
            staged.write_text(staged_original, encoding="utf-8")

        plan = Plan(workdir, args.repeat)
        parse_only = plan.add(
            "LibCST parse-only (1 process)", [python, "-c", PARSE_ONLY, str(listing)], project
        )
        startup = plan.add(
            "zdr-lint on an empty folder (start-up)", [*zdr, "--no-cache", "."], empty
        )
        cold1 = plan.add("zdr-lint cold -j1 --no-cache", [*zdr, "--no-cache", "-j1", "."], project)
        coldn = plan.add(
            f"zdr-lint cold -j{jobs} --no-cache", [*zdr, "--no-cache", f"-j{jobs}", "."], project
        )
        prime = plan.add(
            f"zdr-lint -j{jobs} writing the cache (priming, once)", warm_cmd, project, 1
        )
        warm = plan.add(f"zdr-lint warm -j{jobs}, no change", warm_cmd, project)
        one = plan.add(f"zdr-lint warm -j{jobs}, one file touched", warm_cmd, project, None, touch)
        hook_cmd = [*zdr, "--cache-dir", str(cache), f"-j{jobs}", "--force-exclude"]
        hook = plan.add(
            f"hook: zdr-lint FILE -j{jobs}, warm, FILE changed",
            [*hook_cmd, str(staged.relative_to(project))],
            project,
            None,
            edit_staged,
            restore_staged,
        )
        try:
            plan.run()
        finally:
            touched.write_text(original, encoding="utf-8")
            staged.write_text(staged_original, encoding="utf-8")
        zdr_runs = [cold1, coldn, prime, warm, one]
        print_table([parse_only, startup, *zdr_runs, hook], tree_column=tree_sampling())
        print(f"  touched file: {touched.relative_to(project)} (a comment line appended per run)")
        print(
            f"  hook file: {staged.relative_to(project)} (a function appended per run; "
            f"{hook.runs[0].stdout.count(chr(10)) if hook.ok else '?'} findings in it)"
        )
        outputs = {r.stdout for m in zdr_runs if m.ok for r in m.runs}
        finding_counts = {r.stdout.count("\n") for m in zdr_runs if m.ok for r in m.runs}
        if outputs:
            same = "yes" if len(outputs) == 1 else "NO, the outputs differ"
            print(
                f"  findings: {', '.join(map(str, sorted(finding_counts)))}; "
                f"same output from every zdr-lint run: {same}"
            )

    # ---------------------------------------------------- ratios
    print(f"\nload average at the end: {load()}")
    print("ratios (targets from issues 5 and 15; informational, the exit status ignores them)")
    print(f"  {'':54}{'ratio':>8}   target")
    if not args.skip_stdlib:
        print(
            ratio_line(
                f"stdlib: zdr-lint cold -j{jobs} / ruff",
                time_of(stdlib_zdr),
                time_of(stdlib_ruff),
                0.5,
            )
        )
    print(ratio_line("cold -j1 / LibCST parse-only", time_of(cold1), time_of(parse_only), 1.3))
    print(
        ratio_line(f"cold -j{jobs} / LibCST parse-only", time_of(coldn), time_of(parse_only), 0.75)
    )
    print(ratio_line(f"warm, no change / cold -j{jobs}", time_of(warm), time_of(coldn), 0.1))
    print(ratio_line(f"one file touched / cold -j{jobs}", time_of(one), time_of(coldn), 0.2))
    print(
        ratio_line(
            f"hook, one staged file changed, warm / cold -j{jobs}",
            time_of(hook),
            time_of(coldn),
            0.2,
        )
    )
    print(
        ratio_line(
            "peak memory: cold -j1 max RSS / parse-only max RSS",
            rss_of(cold1),
            rss_of(parse_only),
            2.0,
        )
    )
    if tree_sampling():
        print(
            ratio_line(
                f"peak memory: cold -j{jobs} tree RSS / parse-only tree RSS",
                rss_of(coldn, tree=True),
                rss_of(parse_only, tree=True),
                None,
            )
        )
    if jobs != 2:
        print(f"  (the issue's -jN target is stated for -j2; this machine has {jobs} CPUs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
