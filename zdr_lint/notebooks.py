"""Jupyter notebooks (``*.ipynb``): the code cells, in order, as one Python program.

A notebook runs its cells in one namespace, so a completion fetched in cell 2 and logged in
cell 5 is a flow. The engine sees one program: the code cells joined in order. Each program
line maps back to ``(cell, line in cell)``, with cells counted from 1 among the *code* cells
(markdown and raw cells are skipped), and the findings the engine returns are moved back onto
the cells with :func:`remap`, messages and flow steps included.

IPython syntax that is not Python is replaced, line for line, so that no line number moves:

* line magics and shell escapes at the start of a statement (``%pip install x``, ``!ls``,
  ``!!ls``, ``x = !ls``, ``y = %time f()``), help (``?obj``, ``obj?``, ``obj??``) and the
  auto-call prefixes (``/f a``, ``,f a b``, ``;f a b``) become ``pass`` at the same
  indentation, and their backslash-continued lines become empty;
* a cell magic (``%%time`` on a cell's first line) becomes ``pass``, and the cell body is kept
  as Python for the magics that run it as Python (``%%time``, ``%%timeit``, ``%%capture``,
  ``%%prun``, ``%%debug``); the body of any other cell magic (``%%bash``, ``%%html``,
  ``%%writefile``, ``%%sql`` …) is not Python and becomes empty lines.

Lines inside strings and brackets are never touched, and a cell that already parses as Python
is left as it is. A notebook whose kernel language is not Python has no code to check.

Jupyter compiles each cell on its own, so a cell with a syntax error (prose typed into a code
cell) fails alone and the others still run. Such a cell becomes empty lines in the program,
and its error is kept (``NotebookSource.skipped``): the engine reports it as ZDR901 in that
cell and checks the rest of the notebook.

A notebook that is not JSON, is not an object, has no ``cells`` list or is not nbformat 4 is
malformed: :func:`to_source` raises ``ValueError`` and the file is reported as ZDR902.
"""

from __future__ import annotations

import ast
import json
import json.decoder
import json.scanner
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterable, Optional, Sequence

from zdr_lint.engine.api import SourceFile
from zdr_lint.findings import Finding, Location, Step

SUPPORTED_NBFORMAT = 4
PLACEHOLDER = "pass"
# Cell magics whose body IPython runs as Python in the notebook's namespace.
PYTHON_CELL_MAGICS = frozenset({"time", "timeit", "capture", "prun", "debug"})

_ESCAPES = ("%", "!", "?", "/", ",", ";")
_HELP_SUFFIX = re.compile(r"[\w.*\[\]]+\?{1,2}\s*$")
_ASSIGN_MAGIC = re.compile(r"[A-Za-z_][\w.\[\]'\", ]*=\s*[!%]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


@dataclass(frozen=True)
class NotebookSource(SourceFile):
    """A notebook as the engine reads it: ``text`` is the program of its code cells.

    ``cells`` holds each code cell's own text (as written, magics included), and
    ``lines[i]`` is ``(cell, line in cell)`` for program line ``i + 1``.
    """

    cells: tuple[str, ...] = ()
    lines: tuple[tuple[int, int], ...] = ()
    # ``(program line, column, message)`` of each code cell left out for a syntax error
    skipped: tuple[tuple[int, int, str], ...] = ()

    def where(self, line: int) -> tuple[Optional[int], int]:
        """``(cell, line in cell)`` for program ``line``; ``(None, 1)`` for an empty notebook.

        A line past the end (a syntax error at the end of the input) stays in the last cell.
        """
        if not self.lines:
            return None, 1
        if line < 1:
            return self.lines[0]
        if line > len(self.lines):
            cell, last = self.lines[-1]
            return cell, last + line - len(self.lines)
        return self.lines[line - 1]


def split_cell(text: str) -> list[str]:
    """A cell's lines, without endings; a final line break does not start another line."""
    lines = _LINE_BREAK.split(text)
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()
    return [] if lines == [""] else lines


def to_source(path: Path, display_path: str, data: bytes) -> NotebookSource:
    """Read a notebook's bytes. Raises ValueError, saying why, when it is malformed."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 ({exc.reason} at byte {exc.start})") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"not JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from exc
    except RecursionError as exc:
        raise ValueError("not JSON: nested too deeply") from exc
    cells = code_cells(document)
    program: list[str] = []
    owners: list[tuple[int, int]] = []
    skipped: list[tuple[int, int, str]] = []
    for number, cell in enumerate(cells, start=1):
        python = python_lines(split_cell(cell))
        error = syntax_error("\n".join(python)) if python else None
        if error is not None:  # the cell fails on its own when run; the others do not
            line, column, message = error
            skipped.append((len(program) + min(max(line, 1), len(python)), column, message))
            python = [""] * len(python)
        program.extend(python)
        owners.extend((number, line) for line in range(1, len(python) + 1))
    text = "".join(line + "\n" for line in program)
    return NotebookSource(
        path=path,
        display_path=display_path,
        text=text,
        cells=tuple(cells),
        lines=tuple(owners),
        skipped=tuple(skipped),
    )


def syntax_error(text: str) -> Optional[tuple[int, int, str]]:
    """``(line, column, message)`` of the syntax error Python finds in ``text``, if any."""
    try:
        ast.parse(text)
    except SyntaxError as exc:
        return exc.lineno or 1, exc.offset or 1, exc.msg or "invalid syntax"
    except (ValueError, RecursionError, MemoryError) as exc:
        return 1, 1, str(exc) or type(exc).__name__
    return None


def code_cells(document: object) -> list[str]:
    """The text of each code cell, in order; ValueError when the notebook is malformed."""
    if not isinstance(document, dict):
        raise ValueError("the top level is not a JSON object")
    version = document.get("nbformat")
    if "nbformat" not in document:
        raise ValueError("no 'nbformat' field")
    if not isinstance(version, int) or isinstance(version, bool):
        raise ValueError(f"'nbformat' is {version!r}, not a number")
    if version != SUPPORTED_NBFORMAT:
        raise ValueError(
            f"nbformat {version}, but only nbformat {SUPPORTED_NBFORMAT} is supported; "
            "convert it with 'jupyter nbconvert --to notebook'"
        )
    cells = document.get("cells")
    if not isinstance(cells, list):
        raise ValueError("no 'cells' list" if cells is None else "'cells' is not a list")
    if not _is_python(document.get("metadata")):
        return []
    texts = []
    for index, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            raise ValueError(f"cell {index} (of all cells) has no 'cell_type'")
        if cell["cell_type"] != "code":
            continue
        source = cell.get("source", "")
        if isinstance(source, list) and all(isinstance(part, str) for part in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise ValueError(f"code cell {len(texts) + 1}: 'source' is not text")
        if "\0" in source:
            raise ValueError(f"code cell {len(texts) + 1} contains a null byte")
        texts.append(source)
    return texts


def _is_python(metadata: object) -> bool:
    """False only when the notebook says its kernel's language is something else."""
    if not isinstance(metadata, dict):
        return True
    for key, field in (("language_info", "name"), ("kernelspec", "language")):
        table = metadata.get(key)
        if isinstance(table, dict) and isinstance(table.get(field), str):
            return table[field].strip().lower() in ("python", "python3", "ipython", "")
    return True


def python_lines(lines: Sequence[str]) -> list[str]:
    """The cell's lines with IPython syntax replaced; as many lines as were given."""
    if not lines or syntax_error("\n".join(lines)) is None:
        return list(lines)
    out = list(lines)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    start = 0
    if first is not None and lines[first].lstrip().startswith("%%"):
        words = lines[first].lstrip()[2:].split()
        out[first] = _indent(lines[first]) + PLACEHOLDER
        if not words or words[0] not in PYTHON_CELL_MAGICS:
            return [out[i] if i <= first else "" for i in range(len(out))]
        start = first + 1
    scanner = _Scanner()
    index = start
    while index < len(lines):
        line = lines[index]
        if scanner.at_statement_start() and _is_magic(line):
            out[index] = _indent(line) + PLACEHOLDER
            while line.endswith("\\") and index + 1 < len(lines):
                index += 1
                line = lines[index]
                out[index] = ""
        else:
            scanner.feed(line)
        index += 1
    return out


def _indent(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def _is_magic(line: str) -> bool:
    stripped = line.strip()
    if not stripped or stripped.startswith("#"):
        return False
    return (
        stripped.startswith(_ESCAPES)
        or _HELP_SUFFIX.fullmatch(stripped) is not None
        or _ASSIGN_MAGIC.match(stripped) is not None
    )


class _Scanner:
    """Just enough of Python's tokenizer to know where statements start: strings (triple
    quoted ones across lines), brackets, comments and backslash continuations."""

    def __init__(self) -> None:
        self.triple: Optional[str] = None
        self.depth = 0
        self.continued = False

    def at_statement_start(self) -> bool:
        return self.triple is None and self.depth == 0 and not self.continued

    def feed(self, line: str) -> None:
        self.continued = False
        i, n = 0, len(line)
        while i < n:
            if self.triple is not None:
                i = self._in_triple(line, i)
                continue
            char = line[i]
            if char == "#":
                return
            if char in "'\"":
                if line.startswith(char * 3, i):
                    self.triple = char * 3
                    i += 3
                else:
                    i = self._short_string(line, i + 1, char)
                continue
            if char in "([{":
                self.depth += 1
            elif char in ")]}":
                self.depth = max(0, self.depth - 1)
            elif char == "\\" and i == n - 1:
                self.continued = True
            i += 1

    def _in_triple(self, line: str, i: int) -> int:
        assert self.triple is not None
        while i < len(line):
            if line[i] == "\\":
                i += 2
            elif line.startswith(self.triple, i):
                self.triple = None
                return i + 3
            else:
                i += 1
        return i

    def _short_string(self, line: str, i: int, quote: str) -> int:
        while i < len(line):
            if line[i] == "\\":
                if i == len(line) - 1:
                    self.continued = True
                i += 2
            elif line[i] == quote:
                return i + 1
            else:
                i += 1
        return i


def cell_text(source: SourceFile, cell: int) -> str:
    """The text of code cell ``cell`` (1-based) of a notebook source, as written."""
    cells = getattr(source, "cells", ())
    return cells[cell - 1] if 0 < cell <= len(cells) else ""


def remap(findings: Iterable[Finding], notebooks: Sequence[NotebookSource]) -> list[Finding]:
    """Move findings, their flow steps and the positions their messages name from program
    lines onto notebook cells. Findings elsewhere that pass through a notebook are fixed too."""
    by_path = {nb.display_path: nb for nb in notebooks}
    if not by_path:
        return list(findings)
    pattern = re.compile(
        "(" + "|".join(re.escape(p) for p in sorted(by_path, key=len, reverse=True)) + r"):(\d+)\b"
    )

    def message(text: str) -> str:
        def cell_ref(match: re.Match) -> str:
            cell, line = by_path[match.group(1)].where(int(match.group(2)))
            where = f"cell {cell}:{line}" if cell is not None else str(line)
            return f"{match.group(1)}:{where}"

        return pattern.sub(cell_ref, text)

    def location(where: Location) -> Location:
        notebook = by_path.get(where.path)
        if notebook is None or where.cell is not None:
            return where
        cell, line = notebook.where(where.line)
        return replace(where, line=line, cell=cell)

    def step(hop: Optional[Step]) -> Optional[Step]:
        return None if hop is None else replace(hop, location=location(hop.location))

    out = []
    for finding in findings:
        changes: dict = {
            "message": message(finding.message),
            "source": step(finding.source),
            "steps": tuple(step(hop) for hop in finding.steps),
        }
        notebook = by_path.get(finding.path)
        if notebook is not None and finding.cell is None:
            changes.update(_cell_position(finding, notebook))
        out.append(replace(finding, **changes))
    return out


def _cell_position(finding: Finding, notebook: NotebookSource) -> dict:
    cell, line = notebook.where(finding.line)
    if cell is None:
        return {"line": 1, "end_line": 0, "end_column": 0, "noqa_lines": (1, 1)}

    def in_cell(program_line: int, fallback: int) -> int:
        if program_line <= 0:
            return fallback
        other, mapped = notebook.where(program_line)
        return mapped if other == cell else fallback

    end_line = in_cell(finding.end_line, 0)
    first, last = finding.noqa_lines
    noqa = (in_cell(first, line), in_cell(last, line)) if first > 0 else (0, 0)
    return {
        "cell": cell,
        "line": line,
        "end_line": end_line,
        "end_column": finding.end_column if end_line else 0,
        "noqa_lines": noqa,
    }


class _Placed(str):
    """A JSON string value that remembers where its text starts in the document."""

    offset: int = 0


def _placing_decoder() -> json.JSONDecoder:
    """A JSON decoder whose string values are :class:`_Placed` (keys stay plain ``str``)."""
    decoder = json.JSONDecoder()

    def parse_string(text: str, start: int, strict: bool = True) -> tuple[str, int]:
        value, end = json.decoder.scanstring(text, start, strict)
        placed = _Placed(value)
        placed.offset = start  # just after the opening quote
        return placed, end

    decoder.parse_string = parse_string  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # the C scanner ignores the hook
    return decoder


def _raw_offsets(document: str, part: _Placed) -> list[int]:
    """For each character of ``part``, its offset in ``document`` (escapes decoded)."""
    offsets = []
    i = part.offset
    for _ in range(len(part)):
        offsets.append(i)
        if document[i] != "\\":
            i += 1
        elif document[i + 1] != "u":
            i += 2
        elif 0xD800 <= int(document[i + 2 : i + 6], 16) < 0xDC00 and document[i + 6 : i + 8] == (
            "\\u"
        ):
            i += 12  # a surrogate pair is one character
        else:
            i += 6
    return offsets


class FilePositions:
    """Where the lines of a notebook's code cells stand in the notebook's JSON file.

    A viewer that shows the file as it is stored (GitHub code scanning shows the lines of the
    ``.ipynb`` file) needs ``(line, column)`` of the file, not of the cell. Built from the file's
    text; :meth:`place` is None when the file does not hold the cells the analysis read.
    """

    def __init__(self, document: str, cells: Sequence[str]) -> None:
        self.document = document
        self._cells: list[tuple[list[int], list[int]]] = []  # per code cell: offsets, line starts
        try:
            decoded = _placing_decoder().decode(document)
            raw = decoded.get("cells") if isinstance(decoded, dict) else None
        except (ValueError, RecursionError, AttributeError):
            raw = None
        found = []
        for cell in raw if isinstance(raw, list) else ():
            if not isinstance(cell, dict) or cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            parts = source if isinstance(source, list) else [source]
            if not all(isinstance(part, _Placed) for part in parts):
                found = []
                break
            text = "".join(parts)
            offsets = [o for part in parts for o in _raw_offsets(document, part)]
            starts = [0] + [m.end() for m in _LINE_BREAK.finditer(text)]
            found.append((text, offsets, starts))
        if [text for text, _, _ in found] == list(cells):
            self._cells = [(offsets, starts) for _, offsets, starts in found]

    def place(self, cell: int, line: int, column: int) -> Optional[tuple[int, int]]:
        """``(line, column)`` in the file of ``column`` on ``line`` of code cell ``cell``."""
        if not 0 < cell <= len(self._cells):
            return None
        offsets, starts = self._cells[cell - 1]
        if not offsets or not 0 < line <= len(starts):
            return None
        end = starts[line] - 1 if line < len(starts) else len(offsets) - 1
        index = max(min(starts[line - 1] + max(column, 1) - 1, end, len(offsets) - 1), 0)
        raw = offsets[index]
        file_line = self.document.count("\n", 0, raw) + 1
        return file_line, raw - self.document.rfind("\n", 0, raw)
