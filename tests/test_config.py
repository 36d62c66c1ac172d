"""Finding, reading and validating the configuration, and the command line laid over it."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import SYNTAX_ERROR, run, write

from zdr_lint.config import (
    DEFAULT_EXCLUDE,
    ConfigError,
    Overrides,
    find_config,
    load_config,
    resolve_settings,
)

EXTRA_RULE = """
[[rule]]
id = "ZDR801"
name = "in-house-audit-log"
lesson = "own-storage"
default = true
severity = "warning"
summary = "Claude data reaches the in-house audit log."
why = "The audit log is kept for seven years."
bad = "audit.record(reply.content[0].text)"
good = "audit.record(reply.id)"
fix = "Record the message id."
"""


def pyproject(body: str) -> str:
    return f'[project]\nname = "demo"\n\n[tool.zdr-lint]\n{body}\n'


def test_found_by_walking_up_from_the_first_path(project: Path) -> None:
    write(project, {"pyproject.toml": pyproject('select = ["ZDR1"]'), "src/pkg/a.py": ""})
    assert find_config(project / "src" / "pkg") == project / "pyproject.toml"


def test_pyproject_without_the_table_is_passed_over(project: Path) -> None:
    write(
        project,
        {"pyproject.toml": pyproject("exit-zero = 1"), "sub/pyproject.toml": "[project]\n"},
    )
    assert find_config(project / "sub") == project / "pyproject.toml"


def test_own_file_wins_over_pyproject_in_the_same_folder(project: Path) -> None:
    write(project, {"pyproject.toml": pyproject(""), "zdr-lint.toml": 'select = ["ZDR1"]\n'})
    assert find_config(project) == project / "zdr-lint.toml"


def test_search_starts_at_the_first_path_not_the_working_directory(project: Path) -> None:
    write(
        project,
        {
            "pyproject.toml": pyproject('ignore = ["ZDR901"]'),
            "other/pyproject.toml": pyproject(""),
            "other/bad.py": SYNTAX_ERROR,
            "bad.py": SYNTAX_ERROR,
        },
    )
    assert run(["bad.py"]).exit_code == 0  # ignored by ./pyproject.toml
    assert run(["other/bad.py"]).exit_code == 1  # other/pyproject.toml ignores nothing


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ('selct = ["ZDR1"]', "unknown key 'selct' (did you mean 'select'?)"),
        ('select = "ZDR1"', "key 'select' must be a list of strings"),
        ("jobs = -1", "key 'jobs' must be a whole number"),
        ('format = "xml"', "key 'format' must be one of text, json"),
        ("force-exclude = 1", "key 'force-exclude' must be true or false"),
        ("per-file-ignores = { 'a.py' = 'ZDR1' }", "key 'per-file-ignores' must be a table"),
    ],
)
def test_bad_keys_name_the_file_and_the_key(project: Path, body: str, expected: str) -> None:
    write(project, {"pyproject.toml": pyproject(body), "a.py": ""})
    with pytest.raises(ConfigError) as error:
        load_config(project / "pyproject.toml")
    assert str(error.value).startswith(f"{project / 'pyproject.toml'} [tool.zdr-lint]: ")
    assert expected in str(error.value)
    result = run([])
    assert result.exit_code == 2
    assert expected in result.stderr
    assert "Traceback" not in result.output


def test_bad_toml_names_the_file(project: Path) -> None:
    write(project, {"pyproject.toml": "[tool.zdr-lint\nselect = [", "a.py": ""})
    result = run([])
    assert result.exit_code == 2
    assert f"{project / 'pyproject.toml'}: invalid TOML" in result.stderr


@pytest.mark.parametrize(
    ("body", "where"),
    [
        ('select = ["ZDR999"]', "[tool.zdr-lint]: select: unknown rule code or prefix 'ZDR999'"),
        ('extend-select = ["E501"]', "extend-select: unknown rule code or prefix 'E501'"),
        ('ignore = ["ZDR7"]', "ignore: unknown rule code or prefix 'ZDR7'"),
        (
            "[tool.zdr-lint.per-file-ignores]\n'tests/*' = ['ZDR000']",
            "per-file-ignores 'tests/*': unknown rule code or prefix 'ZDR000'",
        ),
    ],
)
def test_unknown_codes_in_config(project: Path, body: str, where: str) -> None:
    write(project, {"pyproject.toml": pyproject(body), "a.py": ""})
    result = run([])
    assert result.exit_code == 2
    assert where in result.stderr
    assert "pyproject.toml" in result.stderr


def test_config_option_reads_a_plain_file_from_its_top_level(project: Path) -> None:
    write(project, {"ci/lint.toml": 'ignore = ["ZDR9"]\n', "bad.py": SYNTAX_ERROR})
    assert run(["bad.py"]).exit_code == 1
    assert run(["--config", "ci/lint.toml", "bad.py"]).exit_code == 0


def test_config_option_reads_a_pyproject_from_its_table(project: Path) -> None:
    write(project, {"ci/pyproject.toml": pyproject('ignore = ["ZDR901"]'), "bad.py": SYNTAX_ERROR})
    assert run(["--config", "ci/pyproject.toml", "bad.py"]).exit_code == 0


def test_config_option_with_a_relative_path_roots_patterns_there(project: Path) -> None:
    config = "[per-file-ignores]\n'gen/*.py' = ['ZDR901']\n"
    write(project, {"lint.toml": config, "gen/bad.py": SYNTAX_ERROR, "src/gen/bad.py": ""})
    result = run(["--config", "lint.toml", "gen", "src"])
    assert (result.exit_code, result.stdout) == (0, "")
    settings = resolve_settings(project, Overrides(config=Path("lint.toml")))
    assert settings.root == project


def test_config_option_missing_file(project: Path) -> None:
    result = run(["--config", "nope.toml"])
    assert result.exit_code == 2
    assert "nope.toml: cannot read" in result.stderr


def test_command_line_overrides_config(project: Path) -> None:
    write(project, {"pyproject.toml": pyproject('format = "json"'), "bad.py": SYNTAX_ERROR})
    assert run([]).stdout.startswith("{")
    assert run(["--format", "text"]).stdout.startswith("bad.py:")


def test_settings_merge_values_and_resolve_paths(project: Path) -> None:
    body = (
        'extend-exclude = ["gen"]\nforce-exclude = true\njobs = 3\ncache-dir = "cache"\n'
        'sanitizers = ["app.redact"]\nshow-suppressed = true\nextend-catalog = ["more.toml"]'
    )
    write(project, {"sub/pyproject.toml": pyproject(body)})
    settings = resolve_settings(project / "sub", Overrides(extend_exclude=("cli",)))
    assert settings.root == project / "sub"
    assert settings.exclude == (*DEFAULT_EXCLUDE, "gen", "cli")
    assert settings.force_exclude is True
    assert settings.jobs == 3
    assert settings.cache_dir == project / "sub" / "cache"
    assert settings.sanitizers == ("app.redact",)
    assert settings.show_suppressed is True
    assert settings.extend_catalog == (project / "sub" / "more.toml",)
    cli = Overrides(exclude=("only",), force_exclude=False, jobs=1, no_cache=True)
    settings = resolve_settings(project / "sub", cli)
    assert settings.exclude == ("only", "gen")
    assert (settings.force_exclude, settings.jobs, settings.cache_dir) == (False, 1, None)


def test_no_config_means_defaults_rooted_at_the_working_directory(project: Path) -> None:
    settings = resolve_settings(project, Overrides())
    assert settings.config_file is None
    assert settings.root == project
    assert settings.exclude == DEFAULT_EXCLUDE
    assert settings.format == "text"


def test_extend_catalog_adds_rules_relative_to_the_config(project: Path) -> None:
    write(
        project,
        {
            "tools/zdr-lint.toml": 'extend-catalog = ["house.toml"]\n',
            "tools/house.toml": EXTRA_RULE,
        },
    )
    result = run(["rules", "--config", "tools/zdr-lint.toml"])
    assert result.exit_code == 0
    assert "ZDR801  in-house-audit-log" in result.stdout
    assert "ZDR801" not in run(["rules"]).stdout
    # and its code becomes a valid selector
    assert run(["--config", "tools/zdr-lint.toml", "--select", "ZDR801"]).exit_code == 0
    assert run(["--select", "ZDR801"]).exit_code == 2


def test_broken_extend_catalog_names_the_catalog_file(project: Path) -> None:
    write(project, {"zdr-lint.toml": 'extend-catalog = ["house.toml"]\n', "house.toml": "[[rule]"})
    result = run([])
    assert result.exit_code == 2
    assert "house.toml: invalid TOML" in result.stderr
