"""Turn settled hits into :class:`~zdr_lint.findings.Finding` objects with positions."""

from __future__ import annotations

from zdr_lint.engine.positions import PositionIndex
from zdr_lint.engine.settle import Hit
from zdr_lint.engine.summary import LAMBDA_PREFIX, confidence_of, doubt_of
from zdr_lint.findings import Finding, Location, Step

KIND_WORDS = {"prompt": "prompt data", "completion": "Claude completion data"}


class Reporter:
    def __init__(self, texts: dict[str, str], paths: dict[str, str], spans=None) -> None:
        self.texts = texts
        self.paths = paths
        self.spans: dict = spans or {}
        self.indexes: dict[str, PositionIndex] = {}

    def index(self, module: str) -> PositionIndex:
        found = self.indexes.get(module)
        if found is None:
            found = self.indexes[module] = PositionIndex(self.texts.get(module, ""))
        return found

    def span(self, module: str, ref: tuple):
        """The span the module's summary recorded (cached with it), else computed now."""
        known = self.spans.get(module)
        if known is not None and ref in known:
            return known[ref]
        return self.index(module).span(ref)

    def location(self, module: str, ref: tuple) -> Location:
        span = self.span(module, ref)
        return Location(self.paths.get(module, module), span.line, span.column)

    def finding(self, hit: Hit) -> Finding:
        span = self.span(hit.module, hit.ref)
        path = self.paths[hit.module]
        steps = []
        source = None
        if hit.source[0] == "S":
            _, kind, module, ref, what = hit.source[:5]
            where = self.location(module, ref)
            words = KIND_WORDS.get(kind, kind)
            source = Step(where, f"{words} from {what}")
            doubt = doubt_of(hit.source)
            doubt = f"; medium confidence: {doubt}" if doubt else ""
            origin = f"{words} from {what} ({where.path}:{where.line}{doubt})"
            steps.append(source)
        elif hit.source[0] == "M":
            doubt = doubt_of(hit.source)
            origin = f"{hit.source[1]} (medium confidence: {doubt})" if doubt else hit.source[1]
        else:
            origin = "prompts and completions of the Claude calls in this module"
        if hit.source[0] == "M":
            message = origin
        elif hit.reach is not None:
            inner = self.location(hit.reach.module, hit.reach.ref)
            steps.append(
                Step(Location(path, span.line, span.column), f"passed to {hit.reach.via[0]}()")
            )
            steps.append(Step(inner, f"reaches {hit.sink}"))
            message = (
                f"{origin} enters {short(hit.reach.via[0])}() and reaches {hit.sink} "
                f"at {inner.path}:{inner.line}"
            )
        else:
            steps.append(Step(Location(path, span.line, span.column), f"reaches {hit.sink}"))
            message = f"{origin} reaches {hit.sink}"
        if hit.source[0] == "M":
            steps = []
        return Finding(
            path=path,
            line=span.line,
            column=span.column,
            code=hit.rule,
            message=message,
            end_line=span.end_line,
            end_column=span.end_column,
            noqa_lines=(span.stmt_start, span.stmt_end),
            source=source,
            steps=tuple(steps),
            context=hit.function,
            sink_expr=f"{hit.ref[1]}|{hit.sink}",
            confidence=confidence_of(hit.source),
        )


def short(qualname: str) -> str:
    """``Class.method`` or ``module.function`` of a qualified name; a lambda reads as one."""
    parts = [part for part in qualname.split(".") if part != "<locals>"]
    if parts[-1].startswith(LAMBDA_PREFIX):
        parts[-1] = "<lambda>"
    return ".".join(parts[-2:])
