"""Output formats. Each module has ``render(report, ctx) -> str``."""

from __future__ import annotations

from typing import Callable

from zdr_lint.output import full, github, gitlab, grouped, json_format, junit, sarif, text
from zdr_lint.output.common import RenderContext
from zdr_lint.report import Report

FORMATTERS: dict[str, Callable[[Report, RenderContext], str]] = {
    "text": text.render,
    "json": json_format.render,
    "sarif": sarif.render,
    "github": github.render,
    "grouped": grouped.render,
    "full": full.render,
    "gitlab": gitlab.render,
    "junit": junit.render,
}

# Formats whose output is a document for a program; colour never applies to them.
MACHINE_FORMATS = ("json", "sarif", "github", "gitlab", "junit")


def render(format_name: str, report: Report, ctx: RenderContext) -> str:
    return FORMATTERS[format_name](report, ctx)


__all__ = ["FORMATTERS", "MACHINE_FORMATS", "RenderContext", "render"]
