"""Load and validate the rule catalog: the rules, lesson notes, sources, types and sinks.

The built-in catalog is the ``rules/`` folder (shipped inside the wheel as
``zdr_lint/rules``). Users add their own files with ``extend-catalog``; they use the same
format and are validated the same way.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

from zdr_lint.catalog_schema import (
    ARG_LIST,
    BOOL,
    INT,
    RETURNS,
    SEVERITIES,
    SINGLE_TABLES,
    STR,
    STR_LIST,
    STR_TABLE,
    TABLES,
)
from zdr_lint.limits import CONFIG_LIMIT, Refused, read_bounded

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on older Pythons only
    import tomli as tomllib

RULE_ID = re.compile(r"^ZDR\d{3}$")


class CatalogError(Exception):
    """The catalog is malformed. The message names the file and the problem."""


@dataclass(frozen=True)
class Lesson:
    key: str
    words: str
    section: str


@dataclass(frozen=True)
class Rule:
    id: str
    name: str
    lesson: Lesson
    default: bool
    severity: str
    summary: str
    why: str
    bad: str
    good: str
    fix: str
    references: tuple[str, ...] = ()
    origin: str = ""
    default_in_service: bool = False  # on by default in the modules that run in a service

    def on_by_default(self, service: bool) -> bool:
        return self.default or (service and self.default_in_service)

    @property
    def default_state(self) -> str:
        """``on``, ``off``, or ``service`` (on in the modules that run in a service)."""
        if self.default:
            return "on"
        return "service" if self.default_in_service else "off"


@dataclass
class Catalog:
    """Everything the catalog files define, merged, plus a digest for cache keys."""

    rules: dict[str, Rule] = field(default_factory=dict)
    lessons: dict[str, Lesson] = field(default_factory=dict)
    clients: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    types: list[dict] = field(default_factory=list)
    sinks: list[dict] = field(default_factory=list)
    sanitizers: list[dict] = field(default_factory=list)
    metadata_attributes: set[str] = field(default_factory=set)
    metadata_suffixes: set[str] = field(default_factory=set)
    metadata_attribute_only: set[str] = field(default_factory=set)
    tool_use: dict[str, set[str]] = field(default_factory=dict)  # key -> values
    service_frameworks: set[str] = field(default_factory=set)
    shared_state: set[str] = field(default_factory=set)
    digest: str = ""

    def rule(self, code: str) -> Rule:
        return self.rules[code]


def builtin_catalog_dir() -> Path:
    """The folder of the built-in catalog: inside the installed package, else the source tree."""
    packaged = Path(__file__).resolve().parent / "rules"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "rules"


def load_catalog(extra_files: Iterable[Path] = ()) -> Catalog:
    """Load the built-in catalog and any extra files, validating every table."""
    builtin = sorted(builtin_catalog_dir().glob("*.toml"))
    if not builtin:
        raise CatalogError(f"{builtin_catalog_dir()}: no catalog files found")
    files = [*builtin, *[Path(p) for p in extra_files]]
    catalog = Catalog()
    pending_rules: list[tuple[Path, dict]] = []
    hasher = hashlib.sha256()
    for path in files:
        try:
            raw = read_bounded(path, CONFIG_LIMIT)
        except Refused as exc:
            raise CatalogError(f"{path}: cannot read catalog file: {exc}") from exc
        except OSError as exc:
            raise CatalogError(f"{path}: cannot read catalog file: {exc.strerror or exc}") from exc
        hasher.update(path.name.encode() + b"\0" + raw)
        try:
            data = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise CatalogError(f"{path}: invalid TOML: {exc}") from exc
        _merge_file(catalog, path, data, pending_rules)
    for path, table in pending_rules:
        _add_rule(catalog, path, table)
    for sink in catalog.sinks:
        if sink["rule"] not in catalog.rules:
            raise CatalogError(f"{sink['origin']}: a sink names unknown rule '{sink['rule']}'")
    catalog.digest = hasher.hexdigest()
    return catalog


def _merge_file(catalog: Catalog, path: Path, data: dict, pending_rules: list) -> None:
    for kind, value in data.items():
        if kind in SINGLE_TABLES:
            if not isinstance(value, dict):
                raise CatalogError(f"{path}: [{kind}] must be a table")
            _check_fields(path, kind, value, SINGLE_TABLES[kind])
            if kind == "metadata":
                catalog.metadata_attributes.update(value["attributes"])
                catalog.metadata_suffixes.update(value.get("suffixes", []))
                catalog.metadata_attribute_only.update(value.get("attribute-only", []))
                for key in ("tool-use-attributes", "tool-use-types", "tool-use-classes"):
                    catalog.tool_use.setdefault(key, set()).update(value.get(key, []))
            elif kind == "service":
                catalog.service_frameworks.update(value["frameworks"])
            elif kind == "shared-state":
                catalog.shared_state.update(value["objects"])
            continue
        if kind not in TABLES:
            known = ", ".join(sorted([*TABLES, *SINGLE_TABLES]))
            raise CatalogError(f"{path}: unknown table '{kind}' (known: {known})")
        if not isinstance(value, list):
            raise CatalogError(f"{path}: '{kind}' must be an array of tables ([[{kind}]])")
        for index, table in enumerate(value, start=1):
            where = f"{path}: [[{kind}]] #{index}"
            if not isinstance(table, dict):
                raise CatalogError(f"{where} must be a table")
            _check_fields(Path(where), kind, table, TABLES[kind])
            _check_kind(where, kind, table)
            if kind == "rule":
                pending_rules.append((path, table))
            elif kind == "lesson":
                if table["key"] in catalog.lessons:
                    raise CatalogError(f"{where}: duplicate lesson key '{table['key']}'")
                catalog.lessons[table["key"]] = Lesson(
                    table["key"], table["words"], table["section"]
                )
            else:
                entry = dict(table, origin=str(path))
                getattr(catalog, _LIST_FOR[kind]).append(entry)


_LIST_FOR = {
    "client": "clients",
    "source": "sources",
    "type": "types",
    "sink": "sinks",
    "sanitizer": "sanitizers",
}


def _check_fields(where: Path, kind: str, table: dict, schema: dict) -> None:
    for key, value in table.items():
        if key not in schema:
            raise CatalogError(f"{where}: unknown key '{key}' in [{kind}]")
        expected, _ = schema[key]
        if not _has_type(value, expected):
            raise CatalogError(f"{where}: key '{key}' must be a {expected}")
    for key, (_, required) in schema.items():
        if required and key not in table:
            raise CatalogError(f"{where}: missing required key '{key}' in [{kind}]")


def _has_type(value: Any, expected: str) -> bool:
    if expected == STR:
        return isinstance(value, str)
    if expected == BOOL:
        return isinstance(value, bool)
    if expected == STR_LIST:
        return isinstance(value, list) and all(isinstance(v, str) for v in value)
    if expected == ARG_LIST:
        return isinstance(value, list) and all(
            (isinstance(v, int) and not isinstance(v, bool)) or _is_arg_range(v) for v in value
        )
    if expected == INT:
        return isinstance(value, int) and not isinstance(value, bool)
    if expected == STR_TABLE:
        return isinstance(value, dict) and all(isinstance(v, str) for v in value.values())
    return False


def _is_arg_range(value: Any) -> bool:
    return isinstance(value, str) and (value == "*" or re.fullmatch(r"\d+\+", value) is not None)


def _check_kind(where: str, kind: str, table: dict) -> None:
    """Rules that one field alone cannot express."""
    if kind == "sink":
        shapes = [bool(table.get("functions")), bool(table.get("methods"))]
        if not any(shapes):
            raise CatalogError(f"{where}: a sink needs 'functions' or 'methods'")
        if table.get("methods") and not (table.get("type") or table.get("any-receiver")):
            raise CatalogError(f"{where}: sink 'methods' need a 'type' or 'any-receiver = true'")
        if not RULE_ID.match(table["rule"]):
            raise CatalogError(f"{where}: 'rule' must look like ZDR123, not '{table['rule']}'")
    elif kind == "source":
        if not (table.get("methods") or table.get("functions")):
            raise CatalogError(f"{where}: a source needs 'methods' or 'functions'")
        if table.get("methods") and not table.get("client"):
            raise CatalogError(f"{where}: source 'methods' need the 'client' family they belong to")
        if table.get("returns", "completion") not in RETURNS:
            raise CatalogError(f"{where}: 'returns' must be one of {', '.join(RETURNS)}")
    for pattern_key in ("model-pattern",):
        if pattern_key in table:
            try:
                re.compile(table[pattern_key])
            except re.error as exc:
                raise CatalogError(f"{where}: '{pattern_key}' is not a valid regex: {exc}") from exc
    for name in table.get("receiver-names", []):
        try:
            re.compile(name)
        except re.error as exc:
            raise CatalogError(f"{where}: receiver name '{name}' is not a valid regex") from exc


def _add_rule(catalog: Catalog, path: Path, table: dict) -> None:
    rule_id = table["id"]
    if not RULE_ID.match(rule_id):
        raise CatalogError(f"{path}: rule id '{rule_id}' must look like ZDR123")
    if rule_id in catalog.rules:
        other = catalog.rules[rule_id].origin
        raise CatalogError(f"{path}: duplicate rule id '{rule_id}' (also in {other})")
    if table["severity"] not in SEVERITIES:
        raise CatalogError(
            f"{path}: rule {rule_id}: severity must be one of {', '.join(SEVERITIES)}"
        )
    lesson = catalog.lessons.get(table["lesson"])
    if lesson is None:
        raise CatalogError(f"{path}: rule {rule_id}: unknown lesson key '{table['lesson']}'")
    catalog.rules[rule_id] = Rule(
        id=rule_id,
        name=table["name"],
        lesson=lesson,
        default=table["default"],
        severity=table["severity"],
        summary=table["summary"].strip(),
        why=table["why"].strip(),
        bad=table["bad"].strip("\n"),
        good=table["good"].strip("\n"),
        fix=table["fix"].strip(),
        references=tuple(table.get("references", ())),
        origin=str(path),
        default_in_service=table.get("default-in-service", False),
    )


def find_rule_by_name(catalog: Catalog, name: str) -> Optional[Rule]:
    for rule in catalog.rules.values():
        if rule.name == name:
            return rule
    return None
