"""ZDR106 (standard output) is on by default in the modules that run in a service: those that
import a web, worker or bot framework listed in the catalog's ``[service]`` table, and the
modules they import. Elsewhere it stays opt-in, and explicit selection always decides."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import lines, run, write

from zdr_lint.catalog import load_catalog
from zdr_lint.engine.api import SourceFile
from zdr_lint.service import ImportVerdicts, service_framework, service_modules

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "flow" / "service_prints"
CATALOG = load_catalog()


@pytest.fixture
def service(project: Path) -> Path:
    for path in FIXTURE.glob("*.py"):
        shutil.copy(path, project / path.name)
    return project


def codes(result) -> list:
    return [line.split(" ")[1] for line in lines(result)]


def test_prints_are_findings_in_a_service(service: Path) -> None:
    result = run(["--no-cache", "."])
    assert result.exit_code == 1
    found = [line for line in lines(result) if " ZDR106 " in line]
    assert [line.split(":")[:2] for line in found] == [
        ["agent_loop.py", "15"],
        ["agent_loop.py", "23"],
        ["agent_loop.py", "25"],
    ]


def test_without_the_framework_prints_are_opt_in(service: Path) -> None:
    (service / "api.py").unlink()
    assert "ZDR106" not in codes(run(["--no-cache", "."]))
    assert codes(run(["--no-cache", "--extend-select", "ZDR106", "."])).count("ZDR106") == 4


def test_a_script_the_service_does_not_import_stays_opt_in(service: Path) -> None:
    assert "ask_once.py" not in run(["--no-cache", "."]).output
    text = (service / "ask_once.py").read_text(encoding="utf-8").splitlines()
    printed = next(n for n, line in enumerate(text, start=1) if line.strip().startswith("print("))
    chosen = lines(run(["--no-cache", "--extend-select", "ZDR106", "."]))
    assert [line.split(":")[:2] for line in chosen if line.startswith("ask_once.py")] == [
        ["ask_once.py", str(printed)]
    ]


def test_the_service_runs_what_it_imports_transitively(tmp_path: Path) -> None:
    texts = {
        "server.py": "import flask\nfrom app import routes\n",
        "app/__init__.py": "",
        "app/routes.py": "from .engine import ask\n",
        "app/engine.py": "import anthropic\n",
        "cli.py": "from app.engine import ask\n",
        "examples/demo.py": "from app.routes import ask\n",
    }
    sources = []
    for name, text in texts.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        sources.append(SourceFile(path=path, display_path=name, text=text))
    running = service_modules(sources, CATALOG.service_frameworks)
    assert running == {"server.py", "app/__init__.py", "app/routes.py", "app/engine.py"}
    assert service_modules(sources[1:], CATALOG.service_frameworks) == frozenset()


def test_explicit_selection_still_wins(service: Path) -> None:
    assert "ZDR106" not in codes(run(["--no-cache", "--ignore", "ZDR106", "."]))
    assert "ZDR106" not in codes(run(["--no-cache", "--select", "ZDR101", "."]))
    write(service, {"pyproject.toml": '[tool.zdr-lint]\nignore = ["ZDR106"]\n'})
    assert "ZDR106" not in codes(run(["--no-cache", "."]))


def test_a_service_module_outside_the_paths_linted_does_not_count(service: Path) -> None:
    assert "ZDR106" not in codes(run(["--no-cache", "agent_loop.py"]))


@pytest.mark.parametrize(
    "text, framework",
    [
        ("from fastapi import FastAPI\n", "fastapi"),
        ("import flask\n", "flask"),
        ("from aiohttp import web\n", "aiohttp.web"),
        ("from django.http import HttpResponse\n", "django"),
        ("from celery import Celery\n", "celery"),
        ("from rq import Queue\n", "rq"),
        ("import dramatiq\n", "dramatiq"),
        ("from slack_bolt import App\n", "slack_bolt"),
        ("import discord\n", "discord"),
        ("from telegram.ext import Application\n", "telegram.ext"),
        ("import uvicorn\n", "uvicorn"),
        ("from gunicorn.app.base import BaseApplication\n", "gunicorn"),
        ("from starlette.applications import Starlette\n", "starlette"),
        ("import aiohttp\n", None),  # the HTTP client alone is no server
        ("import discord_webhook\n", None),
        ("from telegram import Bot\n", None),  # sending a message is not running a bot
        ("import flasgger_like\n", None),
        ("import anthropic\n", None),
    ],
)
def test_which_imports_make_a_service(text: str, framework) -> None:
    assert service_framework([text], CATALOG.service_frameworks) == framework


def test_the_framework_list_is_catalog_data() -> None:
    assert {"flask", "fastapi", "celery", "slack_bolt"} <= CATALOG.service_frameworks
    stdout = CATALOG.rules["ZDR106"]
    assert not stdout.default and stdout.default_in_service
    assert stdout.on_by_default(True) and not stdout.on_by_default(False)


def test_an_import_shown_inside_a_string_is_not_an_import() -> None:
    prompt = 'EXAMPLE = """\nfrom flask import Flask\napp = Flask(__name__)\n"""\n'
    assert service_framework([prompt], CATALOG.service_frameworks) is None
    assert service_framework([prompt, "import celery\n"], CATALOG.service_frameworks) == "celery"


def test_the_parser_answers_once_per_text(monkeypatch: pytest.MonkeyPatch) -> None:
    prompt = 'EXAMPLE = """\nfrom flask import Flask\n"""\n'
    server = "from flask import Flask\napp = Flask(__name__)\n"
    first = ImportVerdicts()
    assert service_framework([prompt], CATALOG.service_frameworks, first) is None
    assert service_framework([server], CATALOG.service_frameworks, first) == "flask"
    assert sorted(first.used.values()) == ["", "flask"]

    def no_parsing(text: str) -> set:
        raise AssertionError("parsed again")

    monkeypatch.setattr("zdr_lint.service._real_imports", no_parsing)
    again = ImportVerdicts(known=dict(first.used))
    assert service_framework([prompt], CATALOG.service_frameworks, again) is None
    assert service_framework([server], CATALOG.service_frameworks, again) == "flask"
    assert again.used == first.used
    with pytest.raises(AssertionError, match="parsed again"):
        service_framework([server + "# edited\n"], CATALOG.service_frameworks, again)


def test_the_answers_live_in_the_cache_and_a_damaged_entry_is_a_miss(service: Path) -> None:
    cold = run(["--cache-dir", ".cache", "."])
    entries = list((service / ".cache").rglob("service-imports.pickle"))
    assert len(entries) == 1
    entries[0].write_bytes(b"not a pickle")
    warm = run(["--cache-dir", ".cache", "."])
    assert lines(warm) == lines(cold)
    assert " ZDR106 " in cold.stdout
    # the entry is written again, whole
    assert entries[0].read_bytes() != b"not a pickle"
