"""Data-flow fixtures: run the engine on each fixture folder and compare with inline expectations.

Every folder under ``tests/fixtures/flow/`` (and ``examples/``) is analysed as one project. A
trailing ``# expect: ZDR101`` (or ``# expect: ZDR101,ZDR102``) comment marks the line where a
finding must be reported: the first line of the sink call, or of the call that carries Claude
data into a project function that reaches the sink. Every other line must have no finding.
``# ok`` marks a deliberate negative; it is there for the reader and for the coverage count.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from dataclasses import dataclass
from pathlib import Path

import pytest

from zdr_lint.catalog import load_catalog
from zdr_lint.engine import EngineOptions, SourceFile, analyze

ROOT = Path(__file__).resolve().parent.parent
FLOW_DIR = ROOT / "tests" / "fixtures" / "flow"
EXAMPLES_DIR = ROOT / "examples"

EXPECT_RE = re.compile(r"#\s*expect:\s*(ZDR\d{3}(?:\s*,\s*ZDR\d{3})*)")
OK_RE = re.compile(r"#\s*ok\b")
RULE_FOLDER_RE = re.compile(r"^zdr(\d{3})_")
MIN_CASES = 8


@dataclass(frozen=True)
class Marks:
    """The inline marks of one folder."""

    expected: frozenset  # {(display_path, line, code)}
    ok_lines: frozenset  # {(display_path, line)}
    lines: dict  # {(display_path, line): source text}


def _project_folders() -> list:
    folders = sorted(p for p in FLOW_DIR.iterdir() if p.is_dir()) if FLOW_DIR.is_dir() else []
    params = [pytest.param(p, id=f"flow/{p.name}") for p in folders]
    if any(EXAMPLES_DIR.rglob("*.py")):
        params.append(pytest.param(EXAMPLES_DIR, id="examples"))
    return params


def _rule_folders() -> list:
    if not FLOW_DIR.is_dir():
        return []
    return [
        pytest.param(p, id=p.name)
        for p in sorted(FLOW_DIR.iterdir())
        if p.is_dir() and RULE_FOLDER_RE.match(p.name)
    ]


def _python_files(folder: Path) -> list:
    return sorted(p for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def _display(folder: Path, path: Path) -> str:
    return path.relative_to(folder).as_posix()


def _read_marks(folder: Path) -> Marks:
    expected, ok_lines, lines = set(), set(), {}
    for path in _python_files(folder):
        display = _display(folder, path)
        text = path.read_text(encoding="utf-8")
        for number, line in enumerate(text.splitlines(), start=1):
            lines[(display, number)] = line.strip()
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type != tokenize.COMMENT:
                continue
            line = tok.start[0]
            match = EXPECT_RE.match(tok.string)
            if match:
                for code in match.group(1).split(","):
                    expected.add((display, line, code.strip()))
            elif OK_RE.match(tok.string):
                ok_lines.add((display, line))
    return Marks(frozenset(expected), frozenset(ok_lines), lines)


def _run_engine(folder: Path) -> list:
    files = [
        SourceFile(
            path=path, display_path=_display(folder, path), text=path.read_text(encoding="utf-8")
        )
        for path in _python_files(folder)
    ]
    return analyze(files, load_catalog(), EngineOptions(project_root=folder))


def _report(folder: Path, marks: Marks, missing: set, unexpected: dict) -> str:
    out = [f"{folder.name}: {len(missing)} missing, {len(unexpected)} unexpected"]
    if missing:
        out.append("missing (marked `# expect:` but not reported):")
        for path, line, code in sorted(missing):
            out.append(f"  {path}:{line} {code}    {marks.lines.get((path, line), '')}")
    if unexpected:
        out.append("unexpected (reported on a line without that expectation):")
        for (path, line, code), messages in sorted(unexpected.items()):
            ok = "  [marked # ok]" if (path, line) in marks.ok_lines else ""
            out.append(f"  {path}:{line} {code}{ok}    {marks.lines.get((path, line), '')}")
            for message in messages:
                out.append(f"      -> {message}")
    return "\n".join(out)


@pytest.mark.parametrize("folder", _project_folders())
def test_fixture_findings_match_expectations(folder: Path) -> None:
    marks = _read_marks(folder)
    reported: dict = {}
    for finding in _run_engine(folder):
        key = (finding.path, finding.line, finding.code)
        if finding.code.startswith("ZDR9") and key not in marks.expected:
            continue
        reported.setdefault(key, []).append(finding.message)
    missing = set(marks.expected) - set(reported)
    unexpected = {key: msgs for key, msgs in reported.items() if key not in marks.expected}
    assert not missing and not unexpected, _report(folder, marks, missing, unexpected)


@pytest.mark.parametrize("folder", _rule_folders())
def test_rule_folder_has_enough_cases(folder: Path) -> None:
    code = "ZDR" + RULE_FOLDER_RE.match(folder.name).group(1)
    marks = _read_marks(folder)
    positives = {(path, line) for path, line, c in marks.expected if c == code}
    negatives = set(marks.ok_lines)
    assert len(positives) >= MIN_CASES, f"{folder.name}: {len(positives)} `# expect: {code}` lines"
    assert len(negatives) >= MIN_CASES, f"{folder.name}: {len(negatives)} `# ok` lines"


@pytest.mark.parametrize("folder", _project_folders())
def test_fixture_marks_are_well_formed(folder: Path) -> None:
    """Fixtures parse as Python 3.9, name real rules, and never mark a line both ways."""
    known = set(load_catalog().rules)
    problems = []
    for path in _python_files(folder):
        try:
            ast.parse(path.read_text(encoding="utf-8"), str(path), feature_version=(3, 9))
        except SyntaxError as exc:
            problems.append(f"{path}: not valid Python 3.9: {exc}")
    marks = _read_marks(folder)
    for path, line, code in sorted(marks.expected):
        if code not in known:
            problems.append(f"{path}:{line}: unknown rule {code}")
        if (path, line) in marks.ok_lines:
            problems.append(f"{path}:{line}: marked both `# expect:` and `# ok`")
    assert not problems, "\n".join(problems)
