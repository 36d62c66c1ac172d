"""What a class's own fields hold, read off its body: containers, objects, numbers.

* A field declared ``set[str]`` or set to ``[]`` is a container: ``self.seen.add(name)`` is
  the set's method, never a store's.
* A field that ``__init__`` sets to ``VectorStore(...)`` or ``Factory.create(...)`` holds an
  object with methods of its own: ``self.store.insert(row)`` runs that method, which decides
  where the row goes; the field does not become the row.
* A field set only to numeric literals and changed only by arithmetic (``self.tokens +=
  used``) holds a number: a count stays a count, since adding text to a number fails.

Each kind asks that every value the class's methods give the field (``None`` aside) is of
that kind; a field set anywhere else to something unknown is none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

import libcst as cst

from zdr_lint.engine.numbering import child_statements

# standard classes whose instances hold what is put into them
CONTAINER_CLASSES = frozenset(
    {
        "OrderedDict",
        "Counter",
        "ChainMap",
        "UserDict",
        "UserList",
        "Queue",
        "SimpleQueue",
        "LifoQueue",
        "PriorityQueue",
        "JoinableQueue",
        "StringIO",
        "BytesIO",
    }
)
# builtin and standard containers, as an annotation or a call names them
CONTAINER_TYPES = CONTAINER_CLASSES | {
    "list",
    "dict",
    "set",
    "frozenset",
    "deque",
    "defaultdict",
    "List",
    "Dict",
    "Set",
    "FrozenSet",
    "Deque",
    "DefaultDict",
    "MutableSequence",
    "MutableMapping",
    "MutableSet",
}
DISPLAYS = (cst.List, cst.Dict, cst.Set, cst.ListComp, cst.DictComp, cst.SetComp)
NUMBER_TYPES = frozenset({"int", "float"})
UNKNOWN = cst.Name("_unknown")  # the value of a field bound by unpacking or a loop


@dataclass(frozen=True)
class FieldKinds:
    containers: frozenset = frozenset()
    objects: frozenset = frozenset()
    numbers: frozenset = frozenset()


def field_kinds(node: cst.ClassDef) -> FieldKinds:
    """The kinds of the fields that the methods and annotations of class ``node`` set."""
    containers: dict[str, bool] = {}
    objects: dict[str, bool] = {}
    numbers: dict[str, bool] = {}
    for stmt in class_statements(node):
        if isinstance(stmt, cst.AnnAssign) and isinstance(stmt.target, cst.Name):
            annotation = stmt.annotation.annotation
            name = stmt.target.value
            if _container_annotation(annotation):
                containers[name] = True
            elif isinstance(annotation, cst.Name) and annotation.value in NUMBER_TYPES:
                numbers[name] = True
        elif isinstance(stmt, cst.FunctionDef):
            for attr, value, augmented in _assignments_in(stmt):
                if augmented:  # ``+=``: a list grows, a count adds up, an object is replaced
                    objects[attr] = False
                    numbers.setdefault(attr, True)
                    continue
                if isinstance(value, cst.Name) and value.value == "None":
                    continue
                containers[attr] = containers.get(attr, True) and _builds_container(value)
                objects[attr] = objects.get(attr, True) and _builds_object(value)
                numbers[attr] = numbers.get(attr, True) and _number(value)
    return FieldKinds(_kept(containers), _kept(objects), _kept(numbers))


def _kept(kinds: dict) -> frozenset:
    return frozenset(attr for attr, holds in kinds.items() if holds)


def class_statements(node: cst.ClassDef) -> Iterator[cst.CSTNode]:
    """The statements of a class body, simple statements unpacked from their lines."""
    for stmt in node.body.body if isinstance(node.body, cst.IndentedBlock) else ():
        if isinstance(stmt, cst.SimpleStatementLine):
            yield from stmt.body
        else:
            yield stmt


def _assignments_in(function: cst.FunctionDef) -> list[tuple[str, cst.BaseExpression, bool]]:
    """``(attr, value, augmented)`` for each ``self.attr = value`` (or ``+=``) in a method.

    Assignments are statements, so only statements are walked (in source pre-order), not
    expressions; nested functions and classes are left out (their ``self`` is another name).
    A LibCST visitor would rebuild every node of the method on the way: most of the cost."""
    found: list = []
    stack = list(child_statements(function))
    stack.reverse()
    while stack:
        stmt = stack.pop()
        if isinstance(stmt, (cst.SimpleStatementLine, cst.SimpleStatementSuite)):
            stack.extend(reversed(stmt.body))
        elif isinstance(stmt, cst.Assign):
            for target in stmt.targets:
                attr = _self_attribute(target.target)
                if attr:
                    found.append((attr, stmt.value, False))
                elif isinstance(target.target, (cst.Tuple, cst.List)):
                    for element in target.target.elements:  # unpacked: unknown values
                        attr = _self_attribute(element.value)
                        if attr:
                            found.append((attr, UNKNOWN, False))
        elif isinstance(stmt, cst.AnnAssign):
            attr = _self_attribute(stmt.target)
            if attr and stmt.value is not None:
                found.append((attr, stmt.value, False))
        elif isinstance(stmt, cst.AugAssign):
            attr = _self_attribute(stmt.target)
            if attr:
                found.append((attr, stmt.value, True))
        elif not isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            if isinstance(stmt, cst.For):
                attr = _self_attribute(stmt.target)
                if attr:
                    found.append((attr, UNKNOWN, False))
            inner = list(child_statements(stmt))
            inner.reverse()
            stack.extend(inner)
    return found


def _self_attribute(target: cst.BaseExpression) -> Optional[str]:
    if (
        isinstance(target, cst.Attribute)
        and isinstance(target.value, cst.Name)
        and target.value.value == "self"
    ):
        return target.attr.value
    return None


def _callee_parts(value: cst.BaseExpression) -> Optional[list]:
    """``["Factory", "create"]`` for ``Factory.create(...)`` (awaited or not), else None."""
    if isinstance(value, cst.Await):
        value = value.expression
    if not isinstance(value, cst.Call):
        return None
    parts = []
    func = value.func
    while isinstance(func, cst.Attribute):
        parts.append(func.attr.value)
        func = func.value
    if not isinstance(func, cst.Name):
        return None
    parts.append(func.value)
    return parts[::-1]


def _builds_object(value: cst.BaseExpression) -> bool:
    """A call of a class (a dotted name with a capitalised part) that is no container."""
    parts = _callee_parts(value)
    if not parts or any(part in CONTAINER_TYPES for part in parts):
        return False
    return any(part[:1].isupper() for part in parts)


def _builds_container(value: cst.BaseExpression) -> bool:
    if isinstance(value, DISPLAYS):
        return True
    parts = _callee_parts(value)
    return bool(parts) and parts[-1] in CONTAINER_TYPES


def _number(value: cst.BaseExpression) -> bool:
    if isinstance(value, cst.UnaryOperation):
        value = value.expression
    return isinstance(value, (cst.Integer, cst.Float))


def _container_annotation(node: cst.BaseExpression) -> bool:
    """``set[str]``, ``list``, ``Dict[str, int]``, ``collections.deque``: a container type
    (``Optional[...]`` and unions are not looked into: they may hold anything)."""
    if isinstance(node, cst.Subscript):
        node = node.value
    if isinstance(node, cst.Attribute):
        return node.attr.value in CONTAINER_TYPES
    return isinstance(node, cst.Name) and node.value in CONTAINER_TYPES
