"""Lists of fixed-size tuples built in one function, position by position.

``rows = []``, then ``rows.append((row_id, text))`` in a loop: ``[r[0] for r in rows]`` holds
the ids and not the texts, and so does ``row_id`` in ``for row_id, text in rows``. A list
stops being tracked once anything else is put into it or it is bound to something else.
"""

from __future__ import annotations

from typing import Optional


class TupleRows:
    """The tuple lists of one function body and the loop names bound to their rows."""

    def __init__(self) -> None:
        # list name -> what each position of its rows holds ([] while still empty; None once
        # it holds something else than tuples of one length)
        self.lists: dict[str, Optional[list[frozenset]]] = {}
        self.rows: dict[str, list[frozenset]] = {}  # loop name -> the positions of its row

    def start(self, name: str) -> None:
        """``name`` is bound to an empty list."""
        self.lists[name] = []
        self.rows.pop(name, None)

    def forget(self, name: str) -> None:
        """``name`` is bound to anything else."""
        self.lists.pop(name, None)
        self.rows.pop(name, None)

    def add(self, name: str, parts: Optional[list[frozenset]]) -> None:
        """A row put into list ``name``: the labels of each of its positions, or None when it
        is not a tuple display (then the list's rows are no longer known)."""
        if name not in self.lists:
            return
        current = self.lists[name]
        if current is None:
            return
        if parts is None or (current and len(current) != len(parts)):
            self.lists[name] = None
        elif not current:
            self.lists[name] = list(parts)
        else:
            self.lists[name] = [old | new for old, new in zip(current, parts)]

    def columns(self, name: str) -> Optional[list[frozenset]]:
        """What each position of the rows of list ``name`` holds, when known."""
        return self.lists.get(name) or None

    def bind_row(self, item: str, name: str) -> None:
        """Loop name ``item`` runs over the rows of list ``name``."""
        columns = self.columns(name)
        if columns is not None:
            self.rows[item] = columns

    def position(self, item: str, index: int) -> Optional[frozenset]:
        """``item[index]`` for a loop name bound to a row, when known."""
        columns = self.rows.get(item)
        if columns is None or not -len(columns) <= index < len(columns):
            return None
        return columns[index]
