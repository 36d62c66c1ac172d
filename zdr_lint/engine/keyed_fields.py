"""Fields that hold a dict whose keys are known: ``self.options = dict(kwargs)``.

Such a field keeps each key apart, as a local dict does, in pseudo-fields named
``options[key]`` for the literal keys written and ``options[*]`` for what was written under
keys not known. A plain write to a field of that name reaches ``options[*]`` too. A copy of a
field (``dict(other.options)``, written to a field or spread with ``**``) keeps the source's
keys: its labels are moved to the source's pseudo-fields, key by key.
"""

from __future__ import annotations

from typing import Iterable

EMPTY: frozenset = frozenset()
UNKNOWN_KEY = "*"


def keyed_name(attr: str, key: str) -> str:
    """The pseudo-field of ``attr`` that holds what is under ``key``."""
    return f"{attr}[{key}]"


def base_name(attr: str) -> str:
    """The field a pseudo-field belongs to (``options`` for ``options[model]``)."""
    return attr.split("[", 1)[0]


def key_of(attr: str):
    """The key of a pseudo-field (``model`` for ``options[model]``); None for a plain name."""
    return attr[attr.index("[") + 1 : -1] if "[" in attr else None


def keyed_label(label: tuple, key: str) -> tuple:
    """A field read (``F``/``A`` label) moved to the pseudo-field for ``key``."""
    return (label[0], label[1], keyed_name(label[2], key))


class KeyedFields:
    """The literal keys each keyed field may hold, over the whole project."""

    def __init__(self, summaries: Iterable) -> None:
        self.keys: dict[str, set] = {}
        self.plain_writes: set = set()  # the plain writes that a keyed write stands beside
        copies: list[tuple[str, str]] = []  # (field written, field copied into it)
        for summary in summaries:
            for owner, attr, labels, keys, sources, writer in summary.keyed_field_writes:
                self.plain_writes.add((owner, attr, labels, writer))
                known = self.keys.setdefault(attr, set())
                known.update(key for key in keys if key is not None)
                copies.extend((attr, source[2]) for source in sources)
        grown = True
        while grown:  # a copy of a copy has the keys of both
            grown = False
            for attr, source in copies:
                extra = self.keys.get(source, set()) - self.keys[attr]
                if extra:
                    self.keys[attr] |= extra
                    grown = True

    def is_keyed(self, attr: str) -> bool:
        return attr in self.keys

    def copied(self, sources: frozenset, key: str) -> frozenset:
        """What a copy of ``sources`` holds under ``key``: each keyed source's own ``key``
        (a source whose field holds no known keys gives its whole value)."""
        out = set()
        for label in sources:
            out.add(keyed_label(label, key) if self.is_keyed(label[2]) else label)
        return frozenset(out)

    def spread(self, labels: frozenset, sources: frozenset, param: str) -> frozenset:
        """What ``f(**copy)`` passes to parameter ``param`` of ``f``: the copied fields'
        ``param`` item and their items under unknown keys, not their whole values."""
        kept = labels - sources
        return kept | self.copied(sources, param) | self.copied(sources, UNKNOWN_KEY)
