"""The cache does not only grow (issue 15): a module keeps its few latest summaries, entries no
run has used for a month go, and ``zdr-lint clean`` removes the project's cache."""

from __future__ import annotations

import os
import time
from pathlib import Path

from conftest import CLAUDE_WRAPPER, run, write

from zdr_lint.config import DEFAULT_CACHE_DIR
from zdr_lint.engine import cache

LLM = CLAUDE_WRAPPER
BUFFER = """\
import logging

from app.llm import ask

logger = logging.getLogger(__name__)


def handle(question):
    answer = ask(question)
    logger.info(answer)  # save {n}
    return answer
"""


def files_in(folder: Path) -> int:
    return sum(1 for path in folder.rglob("*") if path.is_file())


def make(project: Path) -> Path:
    write(
        project,
        {"pyproject.toml": "[tool.zdr-lint]\n", "app/__init__.py": "", "app/llm.py": LLM},
    )
    return project / DEFAULT_CACHE_DIR


def save(n: int):
    text = BUFFER.format(n=n).encode()
    return run(["--stdin-filename", "app/web.py", "-"], stdin=text)


def test_editor_saves_do_not_pile_up(project: Path) -> None:
    folder = make(project)
    counts = []
    for n in range(20):
        result = save(n)
        assert result.exit_code == 1 and " ZDR101 " in result.stdout
        counts.append(files_in(folder))
    assert counts[-1] < 21
    assert counts[-1] == counts[cache.KEEP_PER_GROUP + 1]  # it stopped growing
    assert counts[1] > counts[0]  # the first saves are kept: undo is cheap


def test_entries_unused_for_a_month_and_old_formats_are_deleted(project: Path) -> None:
    folder = make(project)
    assert save(0).exit_code == 1
    old_format = folder / "v1" / "ab" / "entry.pickle"
    old_format.parent.mkdir(parents=True)
    old_format.write_bytes(b"")
    entries = sorted((folder / cache.FORMAT).rglob("*.pickle"))
    stale = folder / cache.FORMAT / "zz" / "zz0" / "gone.pickle"  # a module since deleted
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"")
    month_ago = time.time() - (cache.MAX_AGE_DAYS + 1) * 24 * 3600
    os.utime(stale, (month_ago, month_ago))
    stamp = folder / cache.FORMAT / ".last-prune"
    yesterday = time.time() - cache.PRUNE_EVERY - 60
    os.utime(stamp, (yesterday, yesterday))
    assert save(1).exit_code == 1  # a run that writes sweeps, at most once a day
    assert not stale.exists()
    assert not (folder / "v1").exists()
    assert stamp.stat().st_mtime > yesterday + 60
    assert not stale.parent.exists()  # an empty group goes too
    assert all(path.exists() for path in entries)


def test_an_entry_read_is_marked_used(project: Path) -> None:
    folder = make(project)
    assert save(0).exit_code == 1
    entries = sorted((folder / cache.FORMAT).rglob("*.pickle"))
    long_ago = time.time() - 10 * 24 * 3600
    for path in entries:
        os.utime(path, (long_ago, long_ago))
    assert run(["--no-project", "app/llm.py"]).exit_code == 0  # reads llm.py's summary
    touched = [path for path in entries if path.stat().st_mtime > long_ago + 60]
    assert touched


def test_clean_removes_the_cache(project: Path) -> None:
    folder = make(project)
    assert save(0).exit_code == 1
    assert folder.is_dir()
    done = run(["clean"])
    assert done.exit_code == 0, done.stderr
    assert not folder.exists()
    assert "removed the cache" in done.stderr
    again = run(["clean"])
    assert again.exit_code == 0 and "no cache" in again.stderr
    assert (project / "app" / "llm.py").is_file()  # nothing else goes


def test_clean_follows_the_configured_cache_dir_and_refuses_other_folders(project: Path) -> None:
    make(project)
    write(project, {"pyproject.toml": '[tool.zdr-lint]\ncache-dir = "build/zdr"\n'})
    assert save(0).exit_code == 1
    assert (project / "build" / "zdr").is_dir()
    assert run(["clean"]).exit_code == 0
    assert not (project / "build" / "zdr").exists()
    refused = run(["clean", "--cache-dir", "app"])
    assert refused.exit_code == 2
    assert "does not look like a zdr-lint cache" in refused.stderr
    assert (project / "app" / "llm.py").is_file()
