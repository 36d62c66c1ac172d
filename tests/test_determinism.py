"""Determinism: the same input gives byte-identical output, whatever the worker count, the order
of files on disk, the hash seed, or the state of the cache.

The project is the benchmark's generated Claude-heavy package (cross-module flows, wrappers,
services, views), large enough for the engine to use worker processes, plus a few files that
do not parse or decode, a suppressed finding and a CRLF file.
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import run
from test_robust_helpers import LEAK, clean_env, write_files, zdr

import zdr_lint.app
from zdr_lint.engine import pool as engine_pool
from zdr_lint.engine import runner

ROOT = Path(__file__).resolve().parent.parent
GENERATOR = ROOT / "bench" / "generate.py"
FORMATS = ("text", "json", "sarif")
EXTRA = {
    "genapp/zz_broken.py": "import anthropic\n\ndef broken(:\n    pass\n",
    "genapp/zz_plain_broken.py": "def broken(:\n",
    "genapp/zz_latin.py": b"x = '\xe9'  # claude\n",  # a file the analysis needs (issue 15)
    "genapp/zz_leak.py": LEAK,
    "genapp/zz_leak_crlf.py": LEAK.replace("\n", "\r\n"),
    "genapp/zz_suppressed.py": LEAK.replace(".text)\n", ".text)  # noqa: ZDR101\n"),
    "genapp/sub/zz_config.py": "import anthropic\nimport logging\n"
    "logging.basicConfig(level=logging.DEBUG)\nclient = anthropic.Anthropic()\n",
}


def make_project(dest: Path, modules: int = 50, reverse: bool = False) -> Path:
    """The generated project in ``dest``; with ``reverse``, files are created in reverse order."""
    if not GENERATOR.exists():
        pytest.skip("bench/generate.py is not in this checkout")
    staging = dest.parent / (dest.name + ".staging")
    subprocess.run(
        [sys.executable, str(GENERATOR), "--modules", str(modules), "--out", str(staging)],
        check=True,
        capture_output=True,
    )
    write_files(staging, EXTRA)
    files = sorted(p for p in staging.rglob("*") if p.is_file())
    for path in reversed(files) if reverse else files:
        target = dest / path.relative_to(staging)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    shutil.rmtree(staging)
    return dest


@pytest.fixture
def generated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = make_project(tmp_path / "proj")
    monkeypatch.chdir(root)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return root


def lint(*args: str) -> bytes:
    result = run(["--no-color", *args, "."])
    assert result.exit_code == 1, result.output
    assert result.stderr == ""
    return result.stdout_bytes


def test_project_is_big_enough_for_worker_processes(generated: Path) -> None:
    assert len(list(generated.rglob("*.py"))) >= 2 * runner.PARALLEL_THRESHOLD
    out = lint("--no-cache").decode().splitlines()
    codes = {line.split()[1] for line in out}
    assert {"ZDR101", "ZDR901", "ZDR902"} <= codes, out
    assert len(out) >= 20


@pytest.mark.parametrize("fmt", FORMATS)
def test_same_output_whatever_the_worker_count(
    generated: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    pools = []
    real = engine_pool.ProcessPoolExecutor

    def pool(*args, **kwargs):
        pools.append(kwargs.get("max_workers"))
        return real(*args, **kwargs)

    monkeypatch.setattr(engine_pool, "ProcessPoolExecutor", pool)
    outputs = {jobs: lint("--no-cache", "--format", fmt, "-j", str(jobs)) for jobs in (1, 2, 4)}
    # the engine may use fewer workers than asked (no more than the machine has cores)
    assert all(2 <= workers <= 4 for workers in pools), pools
    if (os.cpu_count() or 1) >= 2:
        assert pools, "the engine did not use worker processes"
    assert outputs[2] == outputs[1]
    assert outputs[4] == outputs[1]


def test_same_output_whatever_the_hash_seed(generated: Path) -> None:
    """Sets and dicts of strings iterate in another order under another PYTHONHASHSEED."""
    outputs = set()
    for seed in ("0", "1", "4242"):
        for fmt in ("text", "sarif"):
            proc = zdr(
                ["--no-cache", "-j", "2", "--format", fmt, "."],
                cwd=generated,
                env=clean_env(PYTHONHASHSEED=seed),
            )
            assert proc.returncode == 1
            outputs.add((fmt, proc.stdout))
    assert len(outputs) == 2


HANDLERS = ("Alpha", "Bravo", "Charlie", "Delta", "Echo", "Foxtrot", "Golf")


def dispatch_project(root: Path) -> Path:
    """A parameter that holds instances of seven subclasses, each of which logs: the finding at
    the call site names one of the seven paths, and which one must not depend on set order."""
    handlers = ["import logging", "", "log = logging.getLogger(__name__)", ""]
    handlers += [
        "class Handler:",
        "    def handle(self, text):",
        "        raise NotImplementedError",
    ]
    for name in HANDLERS:
        handlers += ["", f"class {name}(Handler):", "    def handle(self, text):"]
        handlers += [f'        log.info("{name} %s", text)']
    instances = ", ".join(f"{name}()" for name in HANDLERS)
    run_module = f"""import anthropic

from app.handlers import {", ".join(HANDLERS)}

client = anthropic.Anthropic()


def deliver(handler, text):
    handler.handle(text)


def main(question):
    reply = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=100,
        messages=[{{"role": "user", "content": question}}],
    )
    for handler in ({instances}):
        deliver(handler, reply.content[0].text)
"""
    files = {"app/__init__.py": "", "app/handlers.py": "\n".join(handlers) + "\n"}
    files["app/run.py"] = run_module
    return write_files(root, files)


def test_the_path_a_finding_names_does_not_depend_on_the_hash_seed(tmp_path: Path) -> None:
    project = dispatch_project(tmp_path)
    outputs = set()
    for seed in ("1", "2", "3", "4", "5"):
        proc = zdr(["--no-cache", "app"], cwd=project, env=clean_env(PYTHONHASHSEED=seed))
        assert proc.returncode == 1
        outputs.add(proc.stdout)
    assert len(outputs) == 1
    assert b"enters run.deliver() and reaches logging.Logger.info" in outputs.pop()


def test_same_output_whatever_the_order_files_were_created(tmp_path: Path) -> None:
    outputs = []
    for reverse in (False, True):
        root = make_project(tmp_path / "proj", reverse=reverse)
        proc = zdr(["--no-cache", "--format", "json", "."], cwd=root)
        outputs.append(proc.stdout)
        shutil.rmtree(root)
    assert outputs[0] == outputs[1]


def test_same_output_whatever_order_the_directory_listing_gives(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = {fmt: lint("--no-cache", "--format", fmt) for fmt in FORMATS}
    real = os.scandir

    class Shuffled:
        def __init__(self, path=".") -> None:
            self.listing = real(path)
            self.entries = list(self.listing)
            random.Random(str(path)).shuffle(self.entries)
            self.entries.reverse()

        def __enter__(self):
            return iter(self.entries)

        def __exit__(self, *exc) -> None:
            self.listing.close()

        def __iter__(self):
            return iter(self.entries)

    monkeypatch.setattr(os, "scandir", Shuffled)
    for fmt in FORMATS:
        assert lint("--no-cache", "--format", fmt) == expected[fmt]


def test_engine_gives_the_same_findings_in_any_input_order(
    generated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = lint("--no-cache", "--format", "json")
    real = zdr_lint.app.analyze
    for seed in range(3):

        def shuffled(files, catalog, options, *rest, seed=seed):
            files = list(files)
            random.Random(seed).shuffle(files)
            return real(files, catalog, options, *rest)

        monkeypatch.setattr(zdr_lint.app, "analyze", shuffled)
        assert lint("--no-cache", "--format", "json") == expected


def test_same_output_whatever_the_cache_state(generated: Path) -> None:
    cache = generated.parent / "cache"
    expected = {fmt: lint("--no-cache", "--format", fmt) for fmt in FORMATS}

    def check(state: str) -> None:
        for fmt in FORMATS:
            assert lint("--cache-dir", str(cache), "--format", fmt) == expected[fmt], state

    check("cold")
    assert any(cache.rglob("*.pickle")), "nothing was cached"
    check("warm")
    victim = generated / "genapp" / "zz_leak.py"
    os.utime(victim, (1, 1))
    check("one file touched")
    victim.write_text(LEAK + "# an edit that changes no finding\n", encoding="utf-8")
    expected_after_edit = {fmt: lint("--no-cache", "--format", fmt) for fmt in FORMATS}
    assert expected_after_edit == expected
    check("one file edited")
    for fmt in FORMATS:  # warm with another worker count
        assert lint("--cache-dir", str(cache), "-j", "4", "--format", fmt) == expected[fmt]


def test_warm_cache_after_a_real_change_matches_a_cold_run(generated: Path) -> None:
    """An edit that changes the findings, in a module others import: the warm run must see it."""
    cache = generated.parent / "cache"
    before = lint("--cache-dir", str(cache))
    wrappers = sorted((generated / "genapp").rglob("wrappers_*.py"))
    texts = {path: path.read_text(encoding="utf-8") for path in wrappers}
    assert any(".messages.create(" in text for text in texts.values())
    for path, text in texts.items():  # no Claude call left: the services' findings go too
        path.write_text(text.replace(".messages.", ".not_messages."), encoding="utf-8")
    warm = lint("--cache-dir", str(cache))
    cold = lint("--no-cache")
    assert warm == cold
    assert warm != before
    assert b"services_" in before and b"services_" not in warm
    for path, text in texts.items():
        path.write_text(text, encoding="utf-8")
    assert lint("--cache-dir", str(cache)) == before
