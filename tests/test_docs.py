"""The generated rule reference, ``docs/rules.md``, is up to date with the catalog."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from zdr_lint.catalog import load_catalog
from zdr_lint.docs_gen import REGENERATE, anchor, render

ROOT = Path(__file__).resolve().parent.parent
RULES_MD = ROOT / "docs" / "rules.md"
CATALOG = load_catalog()


def test_rules_md_is_up_to_date() -> None:
    committed = RULES_MD.read_text(encoding="utf-8") if RULES_MD.is_file() else ""
    assert committed == render(CATALOG), (
        f"docs/rules.md is out of date with rules/*.toml; regenerate it with: {REGENERATE}"
    )


def test_every_rule_has_a_full_section() -> None:
    page = render(CATALOG)
    for code, rule in CATALOG.rules.items():
        heading = f"\n## {code} {rule.name}\n"
        assert heading in page
        section = page.split(heading, 1)[1].split("\n## ", 1)[0]
        assert rule.summary in section  # what it flags
        assert f'Lesson note `{rule.lesson.key}`: "{rule.lesson.words}"' in section
        for part in ("### Why it matters", "### Flagged", "### Instead", "### How to fix"):
            assert part in section, (code, part)
        assert f"# noqa: {code}" in section  # how to suppress
        assert rule.bad.strip().splitlines()[0] in section
        assert rule.good.strip().splitlines()[0] in section
        assert f"(#{anchor(code, rule.name)})" in page  # linked from the index


def test_check_mode_and_stdout(tmp_path: Path) -> None:
    def gen(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "zdr_lint.docs_gen", *args], capture_output=True, text=True
        )

    assert gen("--check").returncode == 0
    stale = tmp_path / "rules.md"
    stale.write_text("old\n")
    checked = gen("--check", "-o", str(stale))
    assert checked.returncode == 1
    assert f"regenerate it with: {REGENERATE}" in checked.stderr
    assert gen("-o", str(stale)).returncode == 0
    assert stale.read_text() == gen("-o", "-").stdout == RULES_MD.read_text()


def test_readme_points_to_the_reference_and_explain_matches() -> None:
    assert "docs/rules.md" in (ROOT / "README.md").read_text()
    explained = subprocess.run(
        [sys.executable, "-m", "zdr_lint", "explain", "ZDR101"], capture_output=True, text=True
    )
    assert CATALOG.rules["ZDR101"].summary in explained.stdout
    assert CATALOG.rules["ZDR101"].summary in RULES_MD.read_text()
