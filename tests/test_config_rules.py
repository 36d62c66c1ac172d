"""Configuration-rule fixtures: run the engine on each folder and compare with inline marks.

Every folder under ``tests/fixtures/config/`` is analysed as one project. A trailing
``# expect: ZDR401`` comment marks the line where a finding of a configuration rule (issue 4:
ZDR105, ZDR306, ZDR307, ZDR401, ZDR402, ZDR501-ZDR506) must be reported: the first line of the
call, or of the statement for an assignment or a content block. Any other line must have no
configuration finding; ``# ok`` marks a deliberate negative. Flow findings are not compared
here (the flow fixtures cover them).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

import pytest

from zdr_lint.catalog import load_catalog
from zdr_lint.engine import EngineOptions, SourceFile, analyze

CONFIG_DIR = Path(__file__).resolve().parent / "fixtures" / "config"
CONFIG_RULES = frozenset(
    {"ZDR105", "ZDR306", "ZDR307", "ZDR401", "ZDR402"} | {f"ZDR50{n}" for n in range(1, 7)}
)
EXPECT_RE = re.compile(r"#\s*expect:\s*(ZDR\d{3}(?:\s*,\s*ZDR\d{3})*)")
OK_RE = re.compile(r"#\s*ok\b")
FOLDER_RE = re.compile(r"^zdr(\d{3})_")
MIN_POSITIVES = 6
MIN_NEGATIVES = 6


def _folders() -> list:
    if not CONFIG_DIR.is_dir():
        return []
    return [pytest.param(p, id=p.name) for p in sorted(CONFIG_DIR.iterdir()) if p.is_dir()]


def _files(folder: Path) -> list:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _marks(folder: Path) -> tuple:
    """``({(file, line, code)}, {(file, line)} marked ok, {(file, line): text})``."""
    expected, ok_lines, lines = set(), set(), {}
    for path in _files(folder):
        display = path.relative_to(folder).as_posix()
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            lines[(display, number)] = line.strip()
        for token in tokenize.generate_tokens(io.StringIO(text).readline):
            if token.type != tokenize.COMMENT:
                continue
            match = EXPECT_RE.match(token.string)
            if match:
                for code in match.group(1).split(","):
                    expected.add((display, token.start[0], code.strip()))
            elif OK_RE.match(token.string):
                ok_lines.add((display, token.start[0]))
    return expected, ok_lines, lines


def _findings(folder: Path, options: EngineOptions) -> dict:
    files = [
        SourceFile(path, path.relative_to(folder).as_posix(), path.read_text(encoding="utf-8"))
        for path in _files(folder)
    ]
    found: dict = {}
    for finding in analyze(files, load_catalog(), options):
        if finding.code in CONFIG_RULES:
            key = (finding.path, finding.line, finding.code)
            found.setdefault(key, []).append(finding.message)
    return found


def _diff(folder: Path, expected: set, ok_lines: set, lines: dict, found: dict) -> str:
    missing = sorted(expected - set(found))
    unexpected = sorted(key for key in found if key not in expected)
    out = [f"{folder.name}: {len(missing)} missing, {len(unexpected)} unexpected"]
    if missing:
        out.append("missing (marked `# expect:` but not reported):")
        out.extend(f"  {p}:{n} {c}    {lines.get((p, n), '')}" for p, n, c in missing)
    if unexpected:
        out.append("unexpected (reported on a line without that expectation):")
        for p, n, c in unexpected:
            flag = "  [marked # ok]" if (p, n) in ok_lines else ""
            out.append(f"  {p}:{n} {c}{flag}    {lines.get((p, n), '')}")
            out.extend(f"      -> {message}" for message in found[(p, n, c)])
    return "\n".join(out)


@pytest.mark.parametrize("folder", _folders())
def test_config_findings_match_expectations(folder: Path) -> None:
    expected, ok_lines, lines = _marks(folder)
    found = _findings(folder, EngineOptions())
    assert set(found) == expected, _diff(folder, expected, ok_lines, lines, found)


@pytest.mark.parametrize("folder", _folders())
def test_relevance_filter_keeps_config_findings(folder: Path) -> None:
    """Analysing every file gives the same configuration findings as the relevance filter."""
    assert _findings(folder, EngineOptions(extra={"all_files": True})) == _findings(
        folder, EngineOptions()
    )


@pytest.mark.parametrize("folder", _folders())
def test_fixture_folder_is_well_formed(folder: Path) -> None:
    """Python 3.9 syntax, known config codes, enough positives and negatives for its rule."""
    expected, ok_lines, _ = _marks(folder)
    problems = []
    for path in _files(folder):
        try:
            ast.parse(path.read_text(encoding="utf-8"), str(path), feature_version=(3, 9))
        except SyntaxError as exc:
            problems.append(f"{path}: not valid Python 3.9: {exc}")
    for path, line, code in sorted(expected):
        if code not in CONFIG_RULES:
            problems.append(f"{path}:{line}: {code} is not a configuration rule")
        if (path, line) in ok_lines:
            problems.append(f"{path}:{line}: marked both `# expect:` and `# ok`")
    match = FOLDER_RE.match(folder.name)
    if match is None:
        problems.append(f"{folder.name}: folder name does not start with zdrNNN_")
    else:
        code = f"ZDR{match.group(1)}"
        positives = [key for key in expected if key[2] == code]
        if len(positives) < MIN_POSITIVES:
            problems.append(f"{folder.name}: {len(positives)} `# expect: {code}` lines")
        if len(ok_lines) < MIN_NEGATIVES:
            problems.append(f"{folder.name}: {len(ok_lines)} `# ok` lines")
    assert not problems, "\n".join(problems)


def test_every_configuration_rule_has_a_folder() -> None:
    codes = {f"ZDR{FOLDER_RE.match(p.name).group(1)}" for p in CONFIG_DIR.iterdir() if p.is_dir()}
    assert codes == CONFIG_RULES


ODD_CODE = """
import logging
import os
import ssl

import anthropic
import httpx
import sentry_sdk
from sentry_sdk.integrations.anthropic import AnthropicIntegration

args, kwargs, key, value = (), {}, "K", "V"
os.environ[key] = value
os.environ[1:2] = value
os.environ["ANTHROPIC_LOG"] = f"{value}"
os.environ.update(**kwargs)
os.environ.update(kwargs, ANTHROPIC_BASE_URL=value)
os.environ.setdefault()
os.putenv(*args)
logging.getLogger(*args).setLevel()
logging.getLogger(key).setLevel(level=value)
logging.basicConfig(**kwargs)
logging.config.dictConfig(kwargs)
sentry_sdk.init(*args, **kwargs)
sentry_sdk.init(send_default_pii=True, integrations=kwargs["x"] + [])
sentry_sdk.init(send_default_pii=True, integrations=[*args, AnthropicIntegration(*args)])
sentry_sdk.init(send_default_pii=True, integrations=[AnthropicIntegration(False)])
loop_a = loop_b
loop_b = loop_a
loop_a = loop_a
client = anthropic.Anthropic(http_client=httpx.Client(verify=loop_a), base_url=loop_b)
context = ssl.create_default_context()
context.verify_mode = value
(lambda: 1).verify_mode = ssl.CERT_NONE
client = anthropic.Anthropic(*args, base_url=value, http_client=httpx.Client(verify=key), **kwargs)
client = anthropic.Anthropic(base_url=b"http://bytes.example.com", http_client=None)
client = anthropic.Anthropic(base_url="http://" + kwargs["h"] + ":8080", http_client=lambda: 1)
client = anthropic.Anthropic(base_url="not a url", default_headers=[("anthropic-beta", value)])
client.messages.create(tools=[lambda: 1, None, ..., {**kwargs}, {1: 2}], mcp_servers=None)
client.messages.create(tools=kwargs.get("tools"), container=value, betas=value, extra_headers=value)
client.messages.create(tools=[{"type": value, "allowed_callers": value}], betas=[1, None])
client.messages.batches
client.beta.files
(client or client).beta.files.upload
[x for x in client.beta.sessions]
getattr(client, "beta").skills.list
{"source": {"type": "file"}, **kwargs}
{"source": value, "type": "container_upload"}
for item in {"source": {"type": "file"}}: pass
def one_liner(): return {"source": {"type": "url"}}
class Nested:
    class Inner:
        def method(self):
            return self.client.beta.agents
    attribute = client.messages.create(tools=[])
match value:
    case {"source": {"type": "file", "file_id": x}}:
        pass
"""


def test_odd_code_never_raises(tmp_path: Path) -> None:
    """Hooks see every shape of call and assignment; none of these may raise or fire."""
    path = tmp_path / "odd.py"
    path.write_text(ODD_CODE, encoding="utf-8")
    findings = analyze([SourceFile(path, "odd.py", ODD_CODE)], load_catalog(), EngineOptions())
    assert [f for f in findings if f.code in CONFIG_RULES] == []
