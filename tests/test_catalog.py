"""The rule catalog: validation errors name the file, and the built-in rules match the
rule-ID contract (the table in the project's reference rules.md, copied here)."""

from __future__ import annotations

from pathlib import Path

import pytest

from zdr_lint.catalog import CatalogError, load_catalog

# code: (name, lesson, default); the analysis problems have no lesson in the contract.
CONTRACT = {
    "ZDR101": ("log", "own-storage", True),
    "ZDR102": ("database", "own-storage", True),
    "ZDR103": ("file", "own-storage", True),
    "ZDR104": ("queue-or-object-store", "own-storage", True),
    "ZDR106": ("stdout", "own-systems", False),
    "ZDR201": ("server-cache", "own-storage", True),
    "ZDR202": ("http-response-cacheable", "device-cache", True),
    "ZDR203": ("client-side-storage", "device-cache", True),
    "ZDR301": ("mcp", "third-party", True),
    "ZDR302": ("http-api", "third-party", True),
    "ZDR303": ("other-ai-provider", "third-party", True),
    "ZDR304": ("observability", "third-party", True),
    "ZDR305": ("messaging", "third-party", True),
    "ZDR105": ("sdk-debug-logging", "own-storage", True),
    "ZDR306": ("content-capturing-instrumentation", "third-party", True),
    "ZDR307": ("third-party-gateway", "third-party", True),
    "ZDR401": ("plaintext-transport", "tls", True),
    "ZDR402": ("tls-verification-disabled", "tls", True),
    "ZDR501": ("batches-api", "contract-scope", True),
    "ZDR502": ("files-api", "contract-scope", True),
    "ZDR503": ("code-execution", "contract-scope", True),
    "ZDR504": ("mcp-connector-or-skills", "contract-scope", True),
    "ZDR505": ("managed-agents", "contract-scope", True),
    "ZDR506": ("provider-not-anthropic", "contract-scope", True),
    "ZDR901": ("syntax-error", None, True),
    "ZDR902": ("unreadable", None, True),
}

LESSONS = {
    "own-storage": "Storage within your own application servers and databases",
    "device-cache": "Caching on the user's device or browser",
    "third-party": (
        "Data flow when integrating with third-party tools (MCP servers, external APIs, etc.)"
    ),
    "tls": (
        "Encrypt data during network transmission: Handled separately via TLS, "
        "a feature independent of ZDR"
    ),
    "own-systems": (
        "Prevent data leaks within your own systems: Out of scope, handled by your "
        "organization's security policy"
    ),
    "contract-scope": (
        "The detailed definitions, conditions, and scope of applicability depend on the "
        "Anthropic Privacy Policy and the individual terms of your Enterprise contract"
    ),
}


def rule(rule_id: str = "ZDR801", **changes: object) -> str:
    fields = {
        "id": rule_id,
        "name": "house-log",
        "lesson": "own-storage",
        "default": True,
        "severity": "warning",
        "summary": "s",
        "why": "w",
        "bad": "b",
        "good": "g",
        "fix": "f",
    }
    fields.update(changes)
    body = "".join(
        f"{key} = {str(value).lower() if isinstance(value, bool) else repr(value)}\n"
        for key, value in fields.items()
        if value is not None
    )
    return "[[rule]]\n" + body.replace("'", '"')


def load_with(tmp_path: Path, *texts: str):
    paths = []
    for index, text in enumerate(texts):
        path = tmp_path / f"extra{index}.toml"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return load_catalog(extra_files=paths), paths


def error_for(tmp_path: Path, *texts: str) -> tuple[str, list]:
    paths = [tmp_path / f"extra{i}.toml" for i in range(len(texts))]
    with pytest.raises(CatalogError) as error:
        load_with(tmp_path, *texts)
    return str(error.value), paths


def test_builtin_catalog_matches_the_contract() -> None:
    catalog = load_catalog()
    actual = {
        code: (rule.name, rule.lesson.key, rule.default) for code, rule in catalog.rules.items()
    }
    assert sorted(actual) == sorted(CONTRACT)
    for code, (name, lesson, default) in CONTRACT.items():
        assert actual[code][0] == name, code
        assert actual[code][2] == default, code
        if lesson is not None:
            assert actual[code][1] == lesson, code
    assert {key: lesson.words for key, lesson in catalog.lessons.items()} == LESSONS


def test_builtin_rules_have_their_documentation() -> None:
    for code, r in load_catalog().rules.items():
        assert r.severity in ("error", "warning", "note"), code
        for part in (r.summary, r.why, r.bad, r.good, r.fix):
            assert part.strip(), code


def test_extra_file_adds_a_rule(tmp_path: Path) -> None:
    catalog, _ = load_with(tmp_path, rule())
    assert catalog.rules["ZDR801"].name == "house-log"
    assert catalog.rules["ZDR801"].lesson.key == "own-storage"


def test_duplicate_id_across_files(tmp_path: Path) -> None:
    message, paths = error_for(tmp_path, rule(), rule(name="again"))
    assert message.startswith(f"{paths[1]}: duplicate rule id 'ZDR801'")
    assert str(paths[0]) in message


def test_duplicate_of_a_builtin_id(tmp_path: Path) -> None:
    message, paths = error_for(tmp_path, rule("ZDR101"))
    assert message.startswith(f"{paths[0]}: duplicate rule id 'ZDR101'")


def test_unknown_key(tmp_path: Path) -> None:
    message, paths = error_for(tmp_path, rule(colour="red"))
    assert message.startswith(str(paths[0]))
    assert "unknown key 'colour'" in message


def test_missing_field(tmp_path: Path) -> None:
    message, paths = error_for(tmp_path, rule(fix=None))
    assert message.startswith(str(paths[0]))
    assert "missing required key 'fix'" in message


def test_wrong_type(tmp_path: Path) -> None:
    message, paths = error_for(tmp_path, rule(default="yes"))
    assert message.startswith(str(paths[0]))
    assert "'default' must be a boolean" in message


def test_unknown_lesson(tmp_path: Path) -> None:
    message, paths = error_for(tmp_path, rule(lesson="vibes"))
    assert message == f"{paths[0]}: rule ZDR801: unknown lesson key 'vibes'"


def test_bad_rule_id_and_severity(tmp_path: Path) -> None:
    message, paths = error_for(tmp_path, rule("LOG1"))
    assert message == f"{paths[0]}: rule id 'LOG1' must look like ZDR123"
    message, paths = error_for(tmp_path, rule(severity="fatal"))
    assert message.startswith(f"{paths[0]}: rule ZDR801: severity must be one of")


def test_bad_toml(tmp_path: Path) -> None:
    message, paths = error_for(tmp_path, "[[rule]\nid = ")
    assert message.startswith(f"{paths[0]}: invalid TOML")


def test_unknown_table(tmp_path: Path) -> None:
    message, paths = error_for(tmp_path, "[[rules]]\nid = 'ZDR801'\n")
    assert message.startswith(f"{paths[0]}: unknown table 'rules'")


def test_missing_extra_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="nope.toml: cannot read catalog file"):
        load_catalog(extra_files=[tmp_path / "nope.toml"])
