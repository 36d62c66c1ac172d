"""docs/catalog-sweep.md stays true to the catalog: every API it names is still in rules/."""

from __future__ import annotations

import re
from pathlib import Path

from zdr_lint.catalog import builtin_catalog_dir

ROOT = Path(__file__).resolve().parent.parent
SWEEP = ROOT / "docs" / "catalog-sweep.md"
FAMILIES = {
    "logging",
    "databases and ORMs",
    "files and serialisation",
    "queues and object stores",
    "caches",
    "HTTP clients",
    "observability and LLM tracing",
    "messaging",
    "workflow engines",
}


def rows() -> list:
    found = []
    for line in SWEEP.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] not in ("family", "---"):
            found.append(cells)
    return found


def test_every_family_is_swept() -> None:
    assert FAMILIES <= {row[0] for row in rows()}


def test_every_api_named_is_in_the_catalog() -> None:
    catalog = "\n".join(p.read_text(encoding="utf-8") for p in builtin_catalog_dir().glob("*.toml"))
    missing = []
    for _family, library, api, state, rule in rows():
        names = re.findall(r"`([^`]+)`", api)
        assert names, f"{library}: no API named"
        assert re.match(r"^ZDR\d{3}", rule), f"{library}: rule {rule!r}"
        assert state.startswith(("yes", "added")) or state.endswith("added"), state
        missing += [f"{library}: {name}" for name in names if f'"{name}' not in catalog]
    assert not missing, "named in docs/catalog-sweep.md but not in rules/: " + ", ".join(missing)
