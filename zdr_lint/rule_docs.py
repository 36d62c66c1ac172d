"""A rule's documentation from the catalog, as plain text (``zdr-lint explain``) or Markdown
(SARIF help, generated reference pages). Both render the same sections in the same order."""

from __future__ import annotations

import textwrap

from zdr_lint.catalog import Rule


def _state(rule: Rule) -> str:
    if rule.default:
        default = "On by default"
    elif rule.default_in_service:
        default = (
            "On by default in the modules that run in a service (one that imports a web, "
            "worker or bot framework: Flask, FastAPI, Django, Celery, Slack Bolt …, and the "
            "modules it imports), off elsewhere (select it to run it)"
        )
    else:
        default = "Off by default (select it to run it)"
    return f"{default}. Severity: {rule.severity}."


def _suppress(rule: Rule) -> str:
    return (
        f"Add `# noqa: {rule.id}` to a line of the reported statement, put "
        f"`# zdr-lint: skip-file` in the file, or list {rule.id} under `per-file-ignores`. "
        "To accept the findings a codebase has today and report only new ones, record them "
        "with `zdr-lint --write-baseline .zdr-baseline.json` and lint with "
        "`--baseline .zdr-baseline.json`."
    )


CONFIDENCE = (
    "Each finding says how sure it is that the data is Claude's. High: the call goes through an "
    "Anthropic client, names a Claude model or uses a Claude-only SDK. Medium: the call reaches "
    "Claude or another provider depending on run-time configuration (a litellm call whose model "
    "is not a literal, a provider object that may be one of several of the project's classes); "
    "the message says so. `--min-confidence high` reports only the first."
)


def _sections(rule: Rule) -> list[tuple[str, str, bool]]:
    """(heading, body, is_code) for each section that has content."""
    sections = [
        ("Why it matters", rule.why, False),
        ("Flagged", rule.bad, True),
        ("Instead", rule.good, True),
        ("How to fix", rule.fix, False),
        ("Confidence", CONFIDENCE, False),
        ("How to suppress", _suppress(rule), False),
    ]
    if rule.references:
        sections.append(("References", "\n".join(f"- {r}" for r in rule.references), False))
    return sections


def as_text(rule: Rule) -> str:
    lesson = rule.lesson
    lines = [
        f"{rule.id} {rule.name}",
        _state(rule),
        f'Lesson ({lesson.key}): "{lesson.words}" ({lesson.section})',
        "",
        rule.summary,
    ]
    for heading, body, is_code in _sections(rule):
        lines += ["", heading, textwrap.indent(body, "    " if is_code else "  ")]
    return "\n".join(lines) + "\n"


def as_markdown(rule: Rule, title: bool = True, level: int = 3) -> str:
    """Markdown; ``title=False`` leaves out the bold code and name (for a page that puts them
    in a heading), and ``level`` is the heading level of the sections."""
    lesson = rule.lesson
    lines = [
        f"**{rule.id} {rule.name}**: {rule.summary}" if title else rule.summary,
        "",
        _state(rule),
        "",
        f'Lesson note `{lesson.key}`: "{lesson.words}" (*{lesson.section}*)',
    ]
    for heading, body, is_code in _sections(rule):
        text = f"```python\n{body}\n```" if is_code else body
        lines += ["", f"{'#' * level} {heading}", "", text]
    return "\n".join(lines) + "\n"
