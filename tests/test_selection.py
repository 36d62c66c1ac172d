"""Which rules run: select, extend-select, ignore and per-file-ignores."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import BAD_UTF8, SYNTAX_ERROR, run, write

from zdr_lint.selection import (
    PerFileIgnores,
    Selection,
    SelectionError,
    SelectionLayer,
    check_selector,
)

DEFAULTS = {"ZDR101": True, "ZDR102": True, "ZDR106": False, "ZDR301": True, "ZDR901": True}


def enabled(*layers: SelectionLayer) -> list:
    return Selection(DEFAULTS, layers).enabled_codes()


def test_defaults_leave_off_by_default_rules_off() -> None:
    assert enabled() == ["ZDR101", "ZDR102", "ZDR301", "ZDR901"]


def test_select_replaces_the_default_set_and_a_prefix_enables_default_off_rules() -> None:
    assert enabled(SelectionLayer(select=("ZDR1",))) == ["ZDR101", "ZDR102", "ZDR106"]
    assert enabled(SelectionLayer(select=("ALL",))) == sorted(DEFAULTS)


def test_extend_select_adds_to_the_defaults() -> None:
    layer = SelectionLayer(extend_select=("ZDR106",))
    assert enabled(layer) == ["ZDR101", "ZDR102", "ZDR106", "ZDR301", "ZDR901"]


def test_ignore_subtracts() -> None:
    assert enabled(SelectionLayer(ignore=("ZDR10",))) == ["ZDR301", "ZDR901"]


def test_the_more_specific_selector_wins() -> None:
    assert enabled(SelectionLayer(select=("ZDR101",), ignore=("ZDR1",))) == ["ZDR101"]
    assert enabled(SelectionLayer(select=("ZDR1",), ignore=("ZDR101",))) == ["ZDR102", "ZDR106"]
    layer = SelectionLayer(extend_select=("ZDR106",), ignore=("ZDR1",))
    assert enabled(layer) == ["ZDR106", "ZDR301", "ZDR901"]


def test_ignore_wins_a_tie() -> None:
    assert enabled(SelectionLayer(select=("ZDR1",), ignore=("ZDR1",))) == []


def test_the_command_line_layer_comes_after_the_config_layer() -> None:
    config = SelectionLayer(select=("ZDR1",), ignore=("ZDR102",))
    assert enabled(config, SelectionLayer(extend_select=("ZDR102",))) == [
        "ZDR101",
        "ZDR102",
        "ZDR106",
    ]
    assert enabled(config, SelectionLayer(ignore=("ZDR101",))) == ["ZDR106"]
    assert enabled(config, SelectionLayer(select=("ZDR3",))) == ["ZDR301"]


def test_codes_the_catalog_does_not_know_stay_on_unless_ignored() -> None:
    assert Selection(DEFAULTS).enabled("ZDR777")
    assert not Selection(DEFAULTS, (SelectionLayer(ignore=("ZDR7",)),)).enabled("ZDR777")


def test_per_file_ignores_match_globs_and_prefixes() -> None:
    ignores = PerFileIgnores((("tests/*.py", ("ZDR1",)), ("legacy/**", ("ZDR301",))))
    assert ignores.ignored("tests/test_a.py", "ZDR101")
    assert not ignores.ignored("tests/test_a.py", "ZDR301")
    assert not ignores.ignored("src/tests/test_a.py", "ZDR101")
    assert ignores.ignored("legacy/deep/er/x.py", "ZDR301")
    assert not ignores.ignored("src/x.py", "ZDR301")


# --- end to end, with the analysis problems as real findings ---------------------------------


@pytest.fixture
def broken(project: Path) -> Path:
    return write(project, {"syntax.py": SYNTAX_ERROR, "encoding.py": BAD_UTF8})


def codes(args: list) -> list:
    return sorted({line.split(": ")[1].split()[0] for line in run(args).stdout.splitlines()})


def test_analysis_problems_are_on_by_default(broken: Path) -> None:
    assert codes([]) == ["ZDR901", "ZDR902"]


def test_cli_selection_end_to_end(broken: Path) -> None:
    assert codes(["--select", "ZDR902"]) == ["ZDR902"]
    assert codes(["--ignore", "ZDR901"]) == ["ZDR902"]
    assert codes(["--select", "zdr1,zdr3"]) == []
    assert codes(["--ignore", "ZDR9", "--extend-select", "ZDR901"]) == ["ZDR901"]
    assert codes(["--select", "ZDR1", "--select", "ZDR901"]) == ["ZDR901"]
    result = run(["--ignore", "ZDR9"])
    assert (result.exit_code, result.stdout) == (0, "")


def test_config_selection_end_to_end(broken: Path) -> None:
    write(broken, {"pyproject.toml": '[tool.zdr-lint]\nignore = ["ZDR901"]\n'})
    assert codes([]) == ["ZDR902"]
    assert codes(["--extend-select", "ZDR901"]) == ["ZDR901", "ZDR902"]


def test_files_outside_the_analysis_are_never_parsed(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15: a file the relevance pre-pass leaves out is not parsed at all, so its syntax
    error is not reported (ruff or flake8 report it anyway)."""
    import ast

    import libcst

    write(project, {"plain.py": "def broken(:\n    pass\n", "llm.py": SYNTAX_ERROR})
    parsed: list = []
    for module, name in ((ast, "parse"), (libcst, "parse_module")):
        real = getattr(module, name)
        monkeypatch.setattr(
            module,
            name,
            lambda text, *a, _real=real, **k: parsed.append(text) or _real(text, *a, **k),
        )
    out = run(["--no-cache", "-j1"]).stdout.splitlines()
    assert [line.split(":")[0] for line in out] == ["llm.py"]
    assert parsed and all("anthropic" in text for text in parsed)


def test_per_file_ignores_end_to_end(broken: Path) -> None:
    write(
        broken,
        {
            "pyproject.toml": "[tool.zdr-lint.per-file-ignores]\n'syntax.py' = ['ZDR9']\n",
            "sub/syntax.py": SYNTAX_ERROR,
        },
    )
    result = run([])
    assert sorted(line.split(":")[0] for line in result.stdout.splitlines()) == ["encoding.py"]
    result = run(["--per-file-ignores", "encoding.py:ZDR902"])
    assert result.exit_code == 0


def test_per_file_ignores_are_relative_to_the_config_folder(project: Path) -> None:
    write(
        project,
        {
            "app/pyproject.toml": "[tool.zdr-lint.per-file-ignores]\n'gen/*.py' = ['ZDR901']\n",
            "app/gen/x.py": SYNTAX_ERROR,
            "app/src/gen/x.py": SYNTAX_ERROR,
        },
    )
    result = run(["app"])
    assert [line.split(":")[0] for line in result.stdout.splitlines()] == ["app/src/gen/x.py"]


def test_bad_per_file_ignores_option(project: Path) -> None:
    result = run(["--per-file-ignores", "no-codes-here"])
    assert result.exit_code == 2
    assert "GLOB:CODES" in result.stderr


def test_unknown_selector_on_the_command_line(project: Path) -> None:
    result = run(["--ignore", "ZDR1,XYZ1"])
    assert result.exit_code == 2
    assert "--ignore: unknown rule code or prefix 'XYZ1'" in result.stderr
    with pytest.raises(SelectionError, match="here: unknown rule code or prefix 'ZDR5000'"):
        check_selector("ZDR5000", ["ZDR501"], "here")
