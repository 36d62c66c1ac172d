"""Jupyter notebooks: code cells linted as one program, IPython syntax skipped, findings and
``# noqa`` in cell coordinates, malformed notebooks as ZDR902, and the real tools on them."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import lines, run, write
from jsonschema import Draft7Validator
from test_precommit import _git as git
from test_precommit import _skip_reason as precommit_missing
from test_precommit import try_repo

from zdr_lint.findings import Finding, Location, Step
from zdr_lint.notebooks import NotebookSource, python_lines, remap, split_cell, to_source

ROOT = Path(__file__).resolve().parent.parent
SARIF_SCHEMA = json.loads((ROOT / "tests" / "data" / "sarif-schema-2.1.0.json").read_text())
JSON_SCHEMA = json.loads((ROOT / "docs" / "zdr-lint-output.schema.json").read_text())

SETUP = """\
%pip install anthropic
import logging

import anthropic

logger = logging.getLogger(__name__)
client = anthropic.Anthropic()
"""
ASK = """\
!ls
files = !ls -1
reply = client.messages.create(
    model="claude-sonnet-4-5",
    max_tokens=256,
    messages=[{"role": "user", "content": "Summarise the ticket"}],
)
text = reply.content[0].text
client.messages.create?
"""
LOG = """\
%%time
logger.info(text)
logger.warning(text)  # noqa: ZDR101
"""
CLEAN_LOG = 'logger.info("reply id %s", reply.id)\n'


def notebook(*cells, language: str = "python", nbformat: int = 4) -> str:
    """A notebook: strings are code cells, ``("markdown", text)`` other cells."""
    out = []
    for cell in cells:
        kind, text = cell if isinstance(cell, tuple) else ("code", cell)
        entry = {"cell_type": kind, "metadata": {}, "source": text.splitlines(keepends=True)}
        if kind == "code":
            entry.update(execution_count=None, outputs=[])
        out.append(entry)
    document = {
        "nbformat": nbformat,
        "nbformat_minor": 5,
        "metadata": {
            "kernelspec": {"name": "python3", "language": language, "display_name": "Python 3"},
            "language_info": {"name": language},
        },
        "cells": out,
    }
    return json.dumps(document, indent=1)


LEAKY = notebook(("markdown", "# Support triage\n"), SETUP, ASK, LOG)


# --- IPython syntax ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "%pip install anthropic",
        "%matplotlib inline",
        "!ls -la",
        "!!ls",
        "files = !ls",
        "a, b = !echo 1 2",
        "t = %timeit -o f()",
        "?client",
        "??client.messages",
        "client?",
        "client.messages.create??",
        "np.*load*?",
        "/print 1",
        ",print a b",
        ";print a b",
    ],
)
def test_magics_and_shell_escapes_become_pass(line: str) -> None:
    cell = f"x = 1\n{line}\ny = 2\n"
    out = python_lines(split_cell(cell))
    assert out == ["x = 1", "pass", "y = 2"]
    ast.parse("\n".join(out))


def test_indented_magic_keeps_the_block_valid_and_continuations_are_emptied() -> None:
    cell = "for i in range(3):\n    !echo $i \\\n        more\nprint(i)\n"
    out = python_lines(split_cell(cell))
    assert out == ["for i in range(3):", "    pass", "", "print(i)"]
    ast.parse("\n".join(out))


def test_text_inside_strings_brackets_and_comments_is_left_alone() -> None:
    cell = (
        'doc = """\n!not a shell escape\nwhat is this?\n%not a magic\n"""\n'
        "call(\n    a,\n)\n"
        "# !comment\n"
        "!ls\n"
    )
    out = python_lines(split_cell(cell))
    assert out[:9] == split_cell(cell)[:9]
    assert out[9] == "pass"
    ast.parse("\n".join(out))


def test_a_cell_that_parses_is_untouched() -> None:
    cell = "x = 5 % 3\ny = x != 2\nz = {'a=!': 1}\n"
    assert python_lines(split_cell(cell)) == split_cell(cell)


def test_python_cell_magics_keep_their_body_and_others_drop_it() -> None:
    assert python_lines(split_cell("%%time\nx = f()\n!ls\n")) == ["pass", "x = f()", "pass"]
    bash = python_lines(split_cell("%%bash\nfor f in *; do echo $f; done\n"))
    assert bash == ["pass", ""]
    writefile = python_lines(split_cell("%%writefile x.py\ndef broken(:\n"))
    assert writefile == ["pass", ""]


def test_program_maps_lines_back_to_cells() -> None:
    source = to_source(Path("nb.ipynb"), "nb.ipynb", LEAKY.encode())
    assert isinstance(source, NotebookSource)
    assert source.cells == (SETUP, ASK, LOG)  # markdown skipped, code cells as written
    program = source.text.splitlines()
    assert len(program) == len(source.lines) == 7 + 9 + 3
    assert source.where(1) == (1, 1)
    assert source.where(8) == (2, 1)
    assert source.where(18) == (3, 2)
    assert program[17] == "logger.info(text)"
    ast.parse(source.text)


def test_remap_moves_positions_steps_and_messages_onto_cells() -> None:
    source = to_source(Path("nb.ipynb"), "nb.ipynb", LEAKY.encode())
    other = Finding(
        "app.py",
        4,
        1,
        "ZDR101",
        "data from messages.create (nb.ipynb:10) reaches log",
        source=Step(Location("nb.ipynb", 10, 9), "completion"),
    )
    inside = Finding(
        "nb.ipynb",
        18,
        1,
        "ZDR101",
        "data from messages.create (nb.ipynb:10) reaches log",
        end_line=18,
        end_column=18,
        noqa_lines=(18, 18),
        steps=(Step(Location("nb.ipynb", 18, 1), "reaches log"),),
    )
    moved_other, moved = remap([other, inside], [source])
    assert moved_other.message == "data from messages.create (nb.ipynb:cell 2:3) reaches log"
    assert moved_other.source.location == Location("nb.ipynb", 3, 9, cell=2)
    assert (moved.cell, moved.line, moved.end_line, moved.noqa_lines) == (3, 2, 2, (2, 2))
    assert moved.steps[0].location == Location("nb.ipynb", 2, 1, cell=3)


# --- malformed notebooks -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "content, reason",
    [
        ("{not json", "not JSON"),
        ("[]", "not a JSON object"),
        ('{"cells": []}', "no 'nbformat' field"),
        ('{"nbformat": "4", "cells": []}', "'nbformat' is '4'"),
        ('{"nbformat": 3, "worksheets": []}', "nbformat 3, but only nbformat 4"),
        ('{"nbformat": 4}', "no 'cells' list"),
        ('{"nbformat": 4, "cells": {}}', "'cells' is not a list"),
        ('{"nbformat": 4, "cells": [{"source": "x"}]}', "has no 'cell_type'"),
        ('{"nbformat": 4, "cells": [{"cell_type": "code", "source": 3}]}', "'source' is not"),
        (b"\xff\xfe{", "not UTF-8"),
        (
            '{"nbformat": 4, "cells": [{"cell_type": "code", "source": "x = \'\\u0000\'"}]}',
            "null byte",
        ),
    ],
)
def test_malformed_notebook_is_zdr902(project: Path, content, reason: str) -> None:
    write(project, {"nb.ipynb": content, "ok.py": "x = 1\n"})
    result = run([])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    out = lines(result)
    assert len(out) == 1
    assert out[0].startswith("nb.ipynb:1:1: ZDR902 malformed notebook (")
    assert reason in out[0]


def test_malformed_notebook_does_not_stop_the_other_files(project: Path) -> None:
    write(project, {"bad.ipynb": "{", "good.ipynb": LEAKY})
    out = lines(run([]))
    assert out[0].startswith("bad.ipynb:1:1: ZDR902")
    assert out[1].startswith("good.ipynb:cell 3:2:1: ZDR101")


# --- linting notebooks ---------------------------------------------------------------------------


def test_findings_are_reported_in_cells_and_noqa_works_in_cells(project: Path) -> None:
    write(project, {"triage.ipynb": LEAKY})
    result = run([])
    assert result.exit_code == 1
    assert lines(result) == [
        "triage.ipynb:cell 3:2:1: ZDR101 Claude completion data from messages.create "
        "(triage.ipynb:cell 2:3) reaches logging.Logger.info"
    ]
    shown = lines(run(["--show-suppressed"]))
    assert shown[1].startswith("triage.ipynb:cell 3:3:1: ZDR101 ")
    assert shown[1].endswith("[suppressed: noqa]")


def test_a_noqa_on_the_same_line_of_another_cell_does_not_count(project: Path) -> None:
    # Cell 1 line 2 carries a noqa; the finding is on line 2 of cell 3.
    setup = SETUP.replace("import logging\n", "import logging  # noqa\n")
    write(project, {"nb.ipynb": notebook(setup, ASK, LOG)})
    assert lines(run([]))[0].startswith("nb.ipynb:cell 3:2:1: ZDR101")


def test_noqa_on_any_line_of_a_statement_in_a_cell(project: Path) -> None:
    spread = "x = 1\nlogger.info(\n    text,\n)  # noqa: ZDR101\n"
    write(project, {"nb.ipynb": notebook(SETUP, ASK, spread)})
    assert run([]).exit_code == 0
    shown = lines(run(["--show-suppressed"]))
    assert shown[0].startswith("nb.ipynb:cell 3:2:1: ZDR101 ")
    assert shown[0].endswith("[suppressed: noqa]")


def test_skip_file_in_any_cell_skips_the_notebook(project: Path) -> None:
    write(project, {"nb.ipynb": notebook("# zdr-lint: skip-file\n", SETUP, ASK, LOG)})
    result = run([])
    assert result.exit_code == 0
    assert result.stdout == ""


def test_cells_without_magics_run_in_order_as_one_program(project: Path) -> None:
    ask = "\n".join(line for line in ASK.splitlines() if "!" not in line and "?" not in line)
    write(project, {"nb.ipynb": notebook(SETUP, ask + "\n", CLEAN_LOG, "print(text)\n")})
    assert run([]).exit_code == 0
    assert lines(run(["--extend-select", "ZDR106"]))[0].startswith("nb.ipynb:cell 4:1:1: ZDR106")


def test_a_syntax_error_is_reported_in_its_cell(project: Path) -> None:
    write(project, {"nb.ipynb": notebook("import anthropic\n", "x = 1\n", "def broken(:\n")})
    out = lines(run([]))
    assert len(out) == 1
    assert out[0].startswith("nb.ipynb:cell 3:1:")
    assert " ZDR901 " in out[0]


def test_a_cell_that_does_not_parse_is_left_out_and_the_others_are_checked(
    project: Path,
) -> None:
    prose = "Set up a profile with:\n- database credentials\n"
    write(project, {"nb.ipynb": notebook(SETUP, ASK, prose, LOG)})
    out = lines(run([]))
    assert [line.split(" ")[:3] for line in out] == [
        ["nb.ipynb:cell", "3:1:5:", "ZDR901"],
        ["nb.ipynb:cell", "4:2:1:", "ZDR101"],
    ]
    assert "this cell was not checked" in out[0]


def test_a_cell_left_out_keeps_the_lines_of_the_cells_after_it() -> None:
    source = to_source(
        Path("nb.ipynb"), "nb.ipynb", notebook("x = 1\n", "a b c\nd e\n", LOG).encode()
    )
    assert source.skipped == ((2, 3, "invalid syntax"),)
    assert source.text.splitlines()[1:3] == ["", ""]
    assert source.where(5) == (3, 2)


def test_a_notebook_in_another_language_has_nothing_to_check(project: Path) -> None:
    write(project, {"r.ipynb": notebook("library(ggplot2)\nx <- 1\n", language="R")})
    result = run([])
    assert (result.exit_code, result.stdout) == (0, "")


def test_empty_notebook_and_empty_cells(project: Path) -> None:
    write(project, {"a.ipynb": notebook(), "b.ipynb": notebook("", "\n", "x = 1\n")})
    assert run([]).exit_code == 0


def test_per_file_ignores_and_excludes_apply_to_notebooks(project: Path) -> None:
    write(project, {"scratch/nb.ipynb": LEAKY, "nb.ipynb": LEAKY})
    out = lines(run(["--extend-exclude", "scratch"]))
    assert [line.split(":")[0] for line in out] == ["nb.ipynb"]
    assert run(["--per-file-ignores", "*.ipynb:ZDR1"]).exit_code == 0


def test_json_and_sarif_of_a_notebook_validate(project: Path) -> None:
    write(project, {"nb.ipynb": LEAKY})
    document = json.loads(run(["--format", "json"]).stdout)
    Draft7Validator(JSON_SCHEMA).validate(document)
    (result,) = document["results"]
    assert (result["cell"], result["line"], result["column"]) == (3, 2, 1)
    assert result["source"]["cell"] == 2 and result["source"]["line"] == 3
    assert [step.get("cell") for step in result["steps"]] == [2, 3]

    sarif = json.loads(run(["--format", "sarif"]).stdout)
    Draft7Validator(SARIF_SCHEMA).validate(sarif)
    (entry,) = sarif["runs"][0]["results"]
    assert entry["locations"][0]["properties"] == {"cell": 3, "cellLine": 2, "cellColumn": 1}
    hops = entry["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [hop["location"]["properties"]["cell"] for hop in hops] == [2, 3]


def test_stdin_notebook(project: Path) -> None:
    result = run(["--stdin-filename", "nb.ipynb", "-"], stdin=LEAKY.encode())
    assert lines(result)[0].startswith("nb.ipynb:cell 3:2:1: ZDR101")


def test_real_process_on_a_folder_with_a_notebook(project: Path) -> None:
    write(project, {"work/triage.ipynb": LEAKY, "work/ok.py": "x = 1\n"})
    done = subprocess.run(
        [sys.executable, "-m", "zdr_lint", "work"],
        cwd=project,
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL,
        timeout=120,
    )
    assert done.returncode == 1, done.stderr
    assert done.stdout.startswith("work/triage.ipynb:cell 3:2:1: ZDR101 ")
    assert done.stderr == ""


# --- pre-commit --------------------------------------------------------------------------------


@pytest.mark.skipif(bool(precommit_missing()), reason=precommit_missing() or "-")
def test_precommit_hook_lints_staged_notebooks(tmp_path: Path) -> None:
    """Real ``pre-commit try-repo`` (it installs the hook from this checkout's committed and
    staged state): the hook receives the notebook because it declares ``jupyter``."""
    if subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True).returncode:
        pytest.skip("the project is not a git checkout with a commit")
    repo = tmp_path / "user-repo"
    repo.mkdir()
    git("init", "-q", cwd=repo)
    write(repo, {"analysis/triage.ipynb": LEAKY, "clean.py": "x = 1\n"})
    git("add", ".", cwd=repo)

    failed = try_repo(repo)
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "analysis/triage.ipynb:cell 3:2:1: ZDR101 " in failed.stdout

    fixed = notebook(SETUP, ASK, LOG.replace("logger.info(text)", "logger.info(reply.id)"))
    write(repo, {"analysis/triage.ipynb": fixed})
    git("add", ".", cwd=repo)
    passed = try_repo(repo)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout
