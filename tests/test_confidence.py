"""Confidence: a multi-provider call whose model is chosen at run time gives medium findings."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import run, write
from jsonschema import Draft7Validator

ROOT = Path(__file__).resolve().parent.parent
JSON_SCHEMA = json.loads((ROOT / "docs" / "zdr-lint-output.schema.json").read_text())

MODULE = """import logging

import litellm

log = logging.getLogger(__name__)


def configured(model_name, turns):
    reply = litellm.completion(model=model_name, messages=turns)
    log.info("%s", reply.choices[0].message.content)


def pinned(turns):
    reply = litellm.completion(model="claude-sonnet-4-5", messages=turns)
    log.info("%s", reply.choices[0].message.content)
"""


def test_a_run_time_model_is_medium_and_a_claude_literal_high(project: Path) -> None:
    write(project, {"chat.py": MODULE})
    result = run(["--no-cache", "--format", "json", "."])
    findings = json.loads(result.stdout)["results"]
    Draft7Validator(JSON_SCHEMA).validate(json.loads(result.stdout))
    assert [(f["line"], f["confidence"]) for f in findings] == [(10, "medium"), (15, "high")]
    assert "medium confidence: the model is chosen at run time" in findings[0]["message"]
    assert "confidence" not in findings[1]["message"]


def test_text_names_the_doubt_and_keeps_the_sink_last(project: Path) -> None:
    write(project, {"chat.py": MODULE})
    (first, second) = run(["--no-cache", "."]).stdout.splitlines()
    assert first.startswith("chat.py:10:")
    assert "(chat.py:9; medium confidence: the model is chosen at run time)" in first
    assert first.endswith("reaches logging.Logger.info")
    assert second.startswith("chat.py:15:") and "confidence" not in second


def test_min_confidence_high_drops_medium_findings(project: Path) -> None:
    write(project, {"chat.py": MODULE})
    assert [
        line.split(":")[1]
        for line in run(["--no-cache", "--min-confidence", "high", "."]).stdout.splitlines()
    ] == ["15"]


def test_min_confidence_key_in_the_configuration(project: Path) -> None:
    write(
        project, {"chat.py": MODULE, "pyproject.toml": '[tool.zdr-lint]\nmin-confidence = "high"\n'}
    )
    assert len(run(["--no-cache", "."]).stdout.splitlines()) == 1
    write(project, {"pyproject.toml": '[tool.zdr-lint]\nmin-confidence = "low"\n'})
    result = run(["--no-cache", "."])
    assert result.exit_code == 2 and "min-confidence" in result.stderr


def test_sarif_sets_precision_on_rules_and_results(project: Path) -> None:
    write(project, {"chat.py": MODULE})
    document = json.loads(run(["--no-cache", "--format", "sarif", "."]).stdout)
    sarif_run = document["runs"][0]
    assert [r["properties"]["precision"] for r in sarif_run["results"]] == ["medium", "high"]
    assert all(
        rule["properties"]["precision"] == "high" for rule in sarif_run["tool"]["driver"]["rules"]
    )


REGISTRY = """import logging

import anthropic

log = logging.getLogger(__name__)


class ClaudeBackend:
    def __init__(self):
        self.client = anthropic.Anthropic()

    def reply(self, text):
        answer = self.client.messages.create(
            model="claude-sonnet-4-5", max_tokens=100, messages=[{"role": "user", "content": text}]
        )
        return answer.content[0].text


class EchoBackend:
    def reply(self, text):
        return "echo"


BACKENDS = {"claude": ClaudeBackend, "echo": EchoBackend}


def chat(name, text):
    backend = BACKENDS[name]()
    log.info("%s", backend.reply(text))


def pinned(text):
    log.info("%s", ClaudeBackend().reply(text))
"""


def test_a_provider_picked_at_run_time_is_medium_and_a_fixed_one_high(project: Path) -> None:
    write(project, {"chat.py": REGISTRY})
    findings = json.loads(run(["--no-cache", "--format", "json", "."]).stdout)["results"]
    assert [(f["line"], f["confidence"]) for f in findings] == [(29, "medium"), (33, "high")]
    assert "medium confidence: the provider is chosen at run time" in findings[0]["message"]


def test_a_configuration_finding_on_a_run_time_host_is_medium(project: Path) -> None:
    write(
        project,
        {
            "client.py": "import os\n\nimport anthropic\n\n"
            'gateway = anthropic.Anthropic(base_url=os.environ["LLM_GATEWAY"])\n'
            'pinned = anthropic.Anthropic(base_url="https://gw.example.com")\n'
        },
    )
    result = run(["--no-cache", "--format", "json", "."])
    findings = json.loads(result.stdout)["results"]
    Draft7Validator(JSON_SCHEMA).validate(json.loads(result.stdout))
    assert [(f["line"], f["code"], f["confidence"]) for f in findings] == [
        (5, "ZDR307", "medium"),
        (6, "ZDR307", "high"),
    ]
    assert findings[0]["message"].endswith("(medium confidence: the host is chosen at run time)")
    high_only = run(["--no-cache", "--min-confidence", "high", "."]).stdout.splitlines()
    assert [line.split(":")[1] for line in high_only] == ["6"]


RECORDER = """import logfire
from pydantic_ai import Agent

logfire.instrument_pydantic_ai()
agent = Agent(instructions="Answer.")


def answer(question, model_name):
    return agent.run_sync(question, model=MODEL).output
"""


def test_a_recorder_of_every_provider_is_high_only_beside_a_claude_model(project: Path) -> None:
    """Instrumentation that records every provider's calls records Claude's for certain only
    when a call of the module names a Claude model; a model chosen at run time makes it medium."""
    models = {"model_name": "medium", '"anthropic:claude-sonnet-4-5"': "high"}
    for model, confidence in models.items():
        write(project, {"app.py": RECORDER.replace("MODEL", model)})
        findings = json.loads(run(["--no-cache", "--format", "json", "."]).stdout)["results"]
        assert [(f["code"], f["line"], f["confidence"]) for f in findings] == [
            ("ZDR306", 4, confidence)
        ]
    write(project, {"app.py": RECORDER.replace("MODEL", '"openai:gpt-4o"')})
    assert json.loads(run(["--no-cache", "--format", "json", "."]).stdout)["results"] == []


LOOPS = """import logging

import litellm

log = logging.getLogger(__name__)
OTHERS = [("gpt-4o", "OPENAI_API_KEY"), ("gemini/gemini-2.0-flash", "GEMINI_API_KEY")]
CLAUDES = ["claude-sonnet-4-5", "claude-haiku-4-5"]


def each_other(turns):
    for model, key_name in OTHERS:
        reply = litellm.completion(model=model, messages=turns)
        log.info("%s", reply.choices[0].message.content)


def each_claude(turns):
    for model in CLAUDES:
        reply = litellm.completion(model=model, messages=turns)
        log.info("%s", reply.choices[0].message.content)


def each_of_both(turns):
    for model in ("gpt-4o", "claude-haiku-4-5"):
        reply = litellm.completion(model=model, messages=turns)
        log.info("%s", reply.choices[0].message.content)
"""


def test_a_loop_over_literal_models_is_as_sure_as_its_names(project: Path) -> None:
    """The model a loop takes from a literal list: another provider's only (no finding),
    Claude's only (high), or either (medium: which one runs is a run-time matter)."""
    write(project, {"chat.py": LOOPS})
    findings = json.loads(run(["--no-cache", "--format", "json", "."]).stdout)["results"]
    assert [(f["line"], f["confidence"]) for f in findings] == [(19, "high"), (25, "medium")]
