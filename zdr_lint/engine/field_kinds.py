"""What a class's own fields hold, read off its body: containers, objects, numbers.

* A field declared ``set[str]`` or set to ``[]`` is a container: ``self.seen.add(name)`` is
  the set's method, never a store's.
* A field that ``__init__`` sets to ``VectorStore(...)`` or ``Factory.create(...)`` holds an
  object with methods of its own: ``self.store.insert(row)`` runs that method, which decides
  where the row goes; the field does not become the row.
* A field set only to numeric literals and changed only by arithmetic (``self.tokens +=
  used``) holds a number: a count stays a count, since adding text to a number fails.
* A field set only to string literals, or to a parameter of ``__init__`` as it was given
  (``self.provider = provider``), holds one of a few choices (``choices``): which, the
  settlement reads off the literals that the constructions pass.

Each kind asks that every value the class's methods give the field (``None`` aside) is of
that kind; a field set anywhere else to something unknown is none of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterator, Optional

import libcst as cst

from zdr_lint.engine.guard_syntax import bound_in
from zdr_lint.engine.names import literal_string
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
    # attr -> (the string literals it is set to, the ``__init__`` parameters it is set to)
    choices: tuple = ()


def field_kinds(node: cst.ClassDef) -> FieldKinds:
    """The kinds of the fields that the methods and annotations of class ``node`` set."""
    containers: dict[str, bool] = {}
    objects: dict[str, bool] = {}
    numbers: dict[str, bool] = {}
    choices: dict[str, Optional[tuple]] = {}
    for stmt in class_statements(node):
        if type(stmt) is cst.AnnAssign and type(stmt.target) is cst.Name:
            annotation = stmt.annotation.annotation
            name = stmt.target.value
            if _container_annotation(annotation):
                containers[name] = True
            elif annotated_with(annotation, NUMBER_TYPES):
                numbers[name] = True
        elif type(stmt) is cst.FunctionDef:
            init_params = _plain_params(stmt) if stmt.name.value == "__init__" else frozenset()
            for attr, value, augmented in _assignments_in(stmt):
                if augmented:  # ``+=``: a list grows, a count adds up, an object is replaced
                    objects[attr] = False
                    numbers.setdefault(attr, True)
                    choices[attr] = None
                    continue
                if attr not in choices or choices[attr] is not None:
                    choices[attr] = _with_choice(choices.get(attr, ((), ())), value, init_params)
                if type(value) is cst.Name and value.value == "None":
                    continue
                containers[attr] = containers.get(attr, True) and _builds_container(value)
                objects[attr] = objects.get(attr, True) and _builds_object(value)
                numbers[attr] = numbers.get(attr, True) and _number(value)
    kept_choices = tuple(
        (attr, (frozenset(found[0]), frozenset(found[1])))
        for attr, found in sorted(choices.items())
        if found is not None
    )
    return FieldKinds(_kept(containers), _kept(objects), _kept(numbers), kept_choices)


def _plain_params(function: cst.FunctionDef) -> frozenset:
    """The parameters of ``function`` that its body never binds again (``self`` aside)."""
    names = {param.name.value for param in function.params.params[1:]}
    names |= {param.name.value for param in function.params.kwonly_params}
    return frozenset(names - bound_in(function.body))


def _with_choice(found: tuple, value, init_params: frozenset) -> Optional[tuple]:
    """``found`` (literals, parameters) with ``value`` added, or None when ``value`` is
    neither a string literal nor one of ``init_params``."""
    literals, params = found
    if type(value) is cst.Name and value.value == "None":
        return found
    text = literal_string(value)
    if text is not None:
        return (*literals, text), params
    if type(value) is cst.Name and value.value in init_params:
        return literals, (*params, value.value)
    return None


def _kept(kinds: dict) -> frozenset:
    return frozenset(attr for attr, holds in kinds.items() if holds)


def class_statements(node: cst.ClassDef) -> Iterator[cst.CSTNode]:
    """The statements of a class body, simple statements unpacked from their lines."""
    for stmt in node.body.body if type(node.body) is cst.IndentedBlock else ():
        if type(stmt) is cst.SimpleStatementLine:
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
        if type(stmt) in (cst.SimpleStatementLine, cst.SimpleStatementSuite):
            stack.extend(reversed(stmt.body))
        elif type(stmt) is cst.Assign:
            for target in stmt.targets:
                attr = _self_attribute(target.target)
                if attr:
                    found.append((attr, stmt.value, False))
                elif type(target.target) in (cst.Tuple, cst.List):
                    for element in target.target.elements:  # unpacked: unknown values
                        attr = _self_attribute(element.value)
                        if attr:
                            found.append((attr, UNKNOWN, False))
        elif type(stmt) is cst.AnnAssign:
            attr = _self_attribute(stmt.target)
            if attr and stmt.value is not None:
                found.append((attr, stmt.value, False))
        elif type(stmt) is cst.AugAssign:
            attr = _self_attribute(stmt.target)
            if attr:
                found.append((attr, stmt.value, True))
        elif type(stmt) not in (cst.FunctionDef, cst.ClassDef):
            if type(stmt) is cst.For:
                attr = _self_attribute(stmt.target)
                if attr:
                    found.append((attr, UNKNOWN, False))
            inner = list(child_statements(stmt))
            inner.reverse()
            stack.extend(inner)
    return found


def _self_attribute(target: cst.BaseExpression) -> Optional[str]:
    if (
        type(target) is cst.Attribute
        and type(target.value) is cst.Name
        and target.value.value == "self"
    ):
        return target.attr.value
    return None


def _callee_parts(value: cst.BaseExpression) -> Optional[list]:
    """``["Factory", "create"]`` for ``Factory.create(...)`` (awaited or not), else None."""
    if type(value) is cst.Await:
        value = value.expression
    if type(value) is not cst.Call:
        return None
    parts = []
    func = value.func
    while type(func) is cst.Attribute:
        parts.append(func.attr.value)
        func = func.value
    if type(func) is not cst.Name:
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


def annotated_with(annotation: cst.BaseExpression, types: frozenset) -> bool:
    """Is ``annotation`` one of ``types``, or a union of them with ``None`` (``int | None``,
    ``Optional[Path]``, ``Union[int, None]``)? Names are compared by their last part."""
    leaves: list = []
    stack = [annotation]
    while stack:
        current = stack.pop()
        if type(current) is cst.BinaryOperation and type(current.operator) is cst.BitOr:
            stack.extend((current.left, current.right))
        elif type(current) is cst.Subscript and _last_name(current.value) in UNION_TYPES:
            stack.extend(e.slice.value for e in current.slice if type(e.slice) is cst.Index)
        else:
            leaves.append(current)
    names = [_last_name(leaf) for leaf in leaves]
    return any(name in types for name in names) and all(
        name in types or name == "None" for name in names
    )


def _last_name(node: cst.BaseExpression) -> Optional[str]:
    """``Optional`` of ``typing.Optional``, ``int`` of ``int``; None for anything else."""
    if type(node) is cst.Attribute:
        return node.attr.value
    return node.value if type(node) is cst.Name else None


UNION_TYPES = frozenset({"Optional", "Union"})


def _number(value: cst.BaseExpression) -> bool:
    if type(value) is cst.UnaryOperation:
        value = value.expression
    return type(value) in (cst.Integer, cst.Float)


def _container_annotation(node: cst.BaseExpression) -> bool:
    """``set[str]``, ``list``, ``Dict[str, int]``, ``collections.deque``: a container type
    (``Optional[...]`` and unions are not looked into: they may hold anything)."""
    if type(node) is cst.Subscript:
        node = node.value
    if type(node) is cst.Attribute:
        return node.attr.value in CONTAINER_TYPES
    return type(node) is cst.Name and node.value in CONTAINER_TYPES
