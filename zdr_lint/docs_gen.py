"""Generate ``docs/rules.md``, the rule reference, from the built-in catalog (``rules/*.toml``).

    python -m zdr_lint.docs_gen            # write docs/rules.md
    python -m zdr_lint.docs_gen --check    # exit 1 when docs/rules.md is out of date
    python -m zdr_lint.docs_gen -o -       # print the page

Each rule's section holds what ``zdr-lint explain CODE`` prints, as Markdown: what it flags,
whether it is on by default, the lesson note, why it matters, a flagged and a fixed example, how
to fix it and how to suppress it. The test suite regenerates the page and fails when the
committed file differs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Optional, Sequence

from zdr_lint import __version__
from zdr_lint.catalog import Catalog, Rule, load_catalog
from zdr_lint.rule_docs import as_markdown

REGENERATE = "python -m zdr_lint.docs_gen"
DEFAULT_OUTPUT = Path(__file__).resolve().parent.parent / "docs" / "rules.md"
# The published page, pinned to this version's tag so that an anchor never moves under a
# report: SARIF's ``helpUri`` points here. Change the host with the install lines in the README.
RULES_URL = f"https://example.com/your-mirror/zdr-lint/blob/v{__version__}/docs/rules.md"


def anchor(code: str, name: str) -> str:
    """GitHub's anchor for the heading ``## CODE name`` (lower case, spaces to hyphens; rule
    codes and names hold only letters, digits and hyphens, which the slug keeps)."""
    return f"{code.lower()}-{name.lower()}"


def rule_url(rule: Rule) -> str:
    """The address of ``rule``'s section of the rule reference."""
    return f"{RULES_URL}#{anchor(rule.id, rule.name)}"


def render(catalog: Catalog) -> str:
    rules = [catalog.rules[code] for code in sorted(catalog.rules)]
    lines = [
        "# Rule reference",
        "",
        f"<!-- Generated from rules/*.toml by `{REGENERATE}`; do not edit by hand. -->",
        "",
        "Every rule zdr-lint knows, from its catalog (`rules/*.toml`). `zdr-lint explain CODE`",
        "prints the same text at the terminal and `zdr-lint rules` lists the rules. Rules that are",
        "off by default run only when `select` or `extend-select` names them; `service` means on",
        "by default in the modules that run in a service (a module that imports a web, worker or",
        "bot framework listed in `rules/service.toml`, and the modules it imports), off elsewhere.",
        "",
        "| code | name | lesson note | default | what it flags |",
        "|---|---|---|---|---|",
    ]
    for rule in rules:
        state = rule.default_state
        summary = rule.summary.replace("|", "\\|")
        link = f"[{rule.id}](#{anchor(rule.id, rule.name)})"
        lines.append(f"| {link} | {rule.name} | {rule.lesson.key} | {state} | {summary} |")
    lines += ["", "## Lesson notes", "", "| key | the lesson's words | section |", "|---|---|---|"]
    for key in sorted(catalog.lessons):
        lesson = catalog.lessons[key]
        lines.append(f'| `{key}` | "{lesson.words}" | {lesson.section} |')
    for rule in rules:
        lines += ["", f"## {rule.id} {rule.name}", "", as_markdown(rule, title=False).rstrip()]
    return "\n".join(lines) + "\n"


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m zdr_lint.docs_gen", description=__doc__)
    parser.add_argument("-o", "--output", default=str(DEFAULT_OUTPUT), help="file, or - for stdout")
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)
    page = render(load_catalog())
    if args.output == "-":
        sys.stdout.write(page)
        return 0
    output = Path(args.output)
    if args.check:
        current = output.read_text(encoding="utf-8") if output.is_file() else None
        if current != page:
            print(f"{output} is out of date; regenerate it with: {REGENERATE}", file=sys.stderr)
            return 1
        return 0
    output.write_text(page, encoding="utf-8")
    print(f"wrote {output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
