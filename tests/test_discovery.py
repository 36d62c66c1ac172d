"""Which files are linted: walking, excludes, .gitignore, symlinks and explicit paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import SYNTAX_ERROR, run, write

from zdr_lint.config import DEFAULT_EXCLUDE
from zdr_lint.discovery import DiscoveryError, Excluder, discover


def found(root: Path, paths=(".",), patterns=DEFAULT_EXCLUDE, **kwargs) -> list:
    excluder = Excluder(root, tuple(patterns))
    result = discover([Path(p) for p in paths], excluder, **kwargs)
    return [p.as_posix() for p in result.files]


def test_picks_python_files_sorted(project: Path) -> None:
    write(project, {"b.py": "", "a/z.py": "", "a/y.py": "", "notes.txt": "", "c.pyi": ""})
    assert found(project) == ["a/y.py", "a/z.py", "b.py"]


def test_skips_the_usual_folders(project: Path) -> None:
    skipped = [
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "build",
        "dist",
        "node_modules",
        "__pycache__",
        ".mypy_cache",
        ".pytest_cache",
        ".ruff_cache",
        ".tox",
        ".nox",
        ".eggs",
        "pkg.egg-info",
        ".zdr_lint_cache",
        "src/build",
    ]
    write(project, {f"{name}/x.py": "" for name in skipped})
    write(project, {"src/keep.py": "", "env/pyvenv.cfg": "", "env/lib/x.py": ""})
    write(project, {"myenv/pyvenv.cfg": "", "myenv/x.py": "", "environment/x.py": ""})
    assert found(project) == ["environment/x.py", "src/keep.py"]


def test_exclude_and_extend_exclude_patterns(project: Path) -> None:
    write(project, {"gen/a.py": "", "src/gen/b.py": "", "src/c.py": "", "build/d.py": ""})
    assert found(project, patterns=(*DEFAULT_EXCLUDE, "/gen")) == ["src/c.py", "src/gen/b.py"]
    assert found(project, patterns=("gen",)) == ["build/d.py", "src/c.py"]


def test_gitignore_files_are_honoured_including_nested_ones(project: Path) -> None:
    write(
        project,
        {
            ".git/HEAD": "",
            ".gitignore": "generated/\n*_pb2.py\n",
            "generated/a.py": "",
            "src/msg_pb2.py": "",
            "src/.gitignore": "local_*.py\n!local_keep.py\n",
            "src/local_one.py": "",
            "src/local_keep.py": "",
            "src/main.py": "",
            "other/local_one.py": "",
        },
    )
    assert found(project) == ["other/local_one.py", "src/local_keep.py", "src/main.py"]


def test_gitignore_above_the_walked_folder_applies_inside_a_git_tree(project: Path) -> None:
    write(project, {".git/HEAD": "", ".gitignore": "secret/\n"})
    write(project, {"src/secret/a.py": "", "src/b.py": ""})
    assert found(project, paths=("src",)) == ["src/b.py"]


def test_explicit_file_is_always_checked_unless_force_exclude(project: Path) -> None:
    write(
        project,
        {
            ".git/HEAD": "",
            ".gitignore": "ignored.py\n",
            "ignored.py": "",
            "build/gen.py": "",
            "script": "",
        },
    )
    explicit = ("ignored.py", "build/gen.py", "script")
    assert found(project, paths=explicit) == ["build/gen.py", "ignored.py", "script"]
    assert found(project, paths=explicit, force_exclude=True) == ["ignored.py", "script"]


def test_force_exclude_matches_a_folder_above_the_file(project: Path) -> None:
    write(project, {"app/fixtures/deep/leak.py": "", "app/main.py": ""})
    patterns = (*DEFAULT_EXCLUDE, "app/fixtures")
    files = ("app/fixtures/deep/leak.py", "app/main.py")
    assert found(project, paths=files, patterns=patterns, force_exclude=True) == ["app/main.py"]


def test_test_folders_are_skipped_unless_named(project: Path) -> None:
    write(
        project,
        {
            "app/main.py": "",
            "tests/test_main.py": "",
            "app/test/test_util.py": "",
            "app/testing.py": "",
            "app/test_helpers.py": "",
        },
    )
    assert found(project) == ["app/main.py", "app/test_helpers.py", "app/testing.py"]
    named = ("tests/test_main.py",)
    assert found(project, paths=named) == ["tests/test_main.py"]
    assert found(project, paths=named, force_exclude=True) == []
    no_test_folders = tuple(p for p in DEFAULT_EXCLUDE if p not in ("tests/", "test/"))
    assert "tests/test_main.py" in found(project, patterns=no_test_folders)


def test_force_exclude_agrees_with_the_walk_about_excluded_folders(project: Path) -> None:
    # As in git, a file inside an excluded folder cannot be re-included by a later pattern.
    write(project, {"gen/keep.py": "", "gen/drop.py": "", "src/a.py": ""})
    patterns = ("gen/", "!gen/keep.py")
    assert found(project, patterns=patterns) == ["src/a.py"]
    explicit = ("gen/keep.py", "src/a.py")
    assert found(project, paths=explicit, patterns=patterns, force_exclude=True) == ["src/a.py"]


def test_missing_path_is_an_error(project: Path) -> None:
    with pytest.raises(DiscoveryError, match="path does not exist: gone.py"):
        found(project, paths=("gone.py",))


def test_directory_named_like_a_python_file_is_walked_not_read(project: Path) -> None:
    write(project, {"weird.py/inner.py": "", "weird.py/notes.txt": ""})
    assert found(project) == ["weird.py/inner.py"]
    assert found(project, paths=("weird.py",)) == ["weird.py/inner.py"]


def test_notebooks_only_with_notebook_support(project: Path) -> None:
    write(project, {"a.ipynb": "{}", "b.py": ""})
    assert found(project) == ["b.py"]
    assert found(project, paths=("a.ipynb",)) == []
    assert found(project, notebooks=True) == ["a.ipynb", "b.py"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlink_loops_end(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(project, {"pkg/a.py": "", "pkg/sub/b.py": ""})
    os.symlink("..", project / "pkg" / "sub" / "up")
    os.symlink(".", project / "pkg" / "self")
    listed = []
    real_scandir = os.scandir

    def counting_scandir(path):
        listed.append(path)
        assert len(listed) < 50, "discovery keeps walking in circles"
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", counting_scandir)
    assert found(project) == ["pkg/a.py", "pkg/sub/b.py"]
    assert len(listed) == 3  # ., pkg, pkg/sub: each folder once


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symlinks")
def test_symlinks_out_of_the_tree_are_not_followed(tmp_path: Path, project: Path) -> None:
    outside = write(tmp_path / "outside", {"secret.py": "", "dir/x.py": ""})
    write(project, {"src/a.py": ""})
    os.symlink(outside / "secret.py", project / "src" / "linked.py")
    os.symlink(outside / "dir", project / "src" / "linked_dir")
    os.symlink(project / "src" / "a.py", project / "src" / "alias.py")
    assert found(project) == ["src/a.py"]
    # a link inside the tree to a file inside the tree is the same file: listed once
    assert found(project, paths=("src/alias.py", "src/a.py")) == ["src/a.py"]


def test_unlistable_folder_is_a_zdr902_finding(project: Path, monkeypatch) -> None:
    write(project, {"locked/a.py": "", "open/b.py": ""})
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = discover([Path(".")], Excluder(project, DEFAULT_EXCLUDE))
    assert [p.as_posix() for p in result.files] == ["open/b.py"]
    assert [(f.code, f.path) for f in result.problems] == [("ZDR902", "locked")]
    assert "Permission denied" in result.problems[0].message


def test_cli_lints_explicit_excluded_file_and_pre_commit_style_force_exclude(
    project: Path,
) -> None:
    write(
        project,
        {
            "pyproject.toml": '[tool.zdr-lint]\nextend-exclude = ["vendored"]\n',
            "vendored/bad.py": SYNTAX_ERROR,
        },
    )
    assert run([]).exit_code == 0
    assert run(["vendored/bad.py"]).exit_code == 1
    assert run(["--force-exclude", "vendored/bad.py"]).exit_code == 0
    write(project, {"pyproject.toml": "[tool.zdr-lint]\nforce-exclude = true\n"})
    assert run(["build/x.py"]).exit_code == 2  # does not exist: still a usage error
