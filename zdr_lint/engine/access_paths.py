"""Access paths for the backward prompt flow: ``req.message`` and ``event["text"]``.

When ``event["text"]`` goes into a prompt, the prompt data is that part of ``event``, not the
whole of it: logging ``event["user"]`` logs no prompt, logging ``event`` does. So the
backward flow keys its uses by access path (a name followed by attributes and literal
subscripts, as written; ``analyzer.access_path`` reads them off the tree) and records, for
every proper prefix of a path that reached a prompt, that something inside it did (the key
``INSIDE + prefix``). A read of a path is
prompt data when the path itself or one of its prefixes reached a prompt, or something inside
it did.
"""

from __future__ import annotations

INSIDE = "\0inside:"  # key prefix: "some part of this value ends up in a prompt"


def prefixes(path: str) -> list[str]:
    """The proper prefixes of an access path, longest first: ``a.b["k"]`` -> ``a.b``, ``a``."""
    out = []
    depth = 0
    for index in range(len(path) - 1, 0, -1):
        char = path[index]
        if char == "]":
            depth += 1
        elif char == "[":
            depth -= 1
            if depth == 0:
                out.append(path[:index])
        elif char == "." and depth == 0:
            out.append(path[:index])
    return out


def mark_insides(uses: dict) -> None:
    """Add ``INSIDE + prefix`` entries for every path in ``uses`` (name -> labels), in place."""
    for key in [k for k in uses if not k.startswith(INSIDE)]:
        for prefix in prefixes(key):
            if prefix == "self":  # a field is sent: the object is not, nor every read of it
                continue
            uses.setdefault(INSIDE + prefix, set()).update(uses[key])


def prompt_labels_of(prompt_vars: dict, name: str) -> frozenset:
    """The prompt labels a read of ``name`` (a plain name or an access path) stands for."""
    found: set = set()
    for key in (name, INSIDE + name, *prefixes(name)):
        labels = prompt_vars.get(key)
        if labels:
            found |= labels
    return frozenset(found)


def under(path: str, prefix: str) -> bool:
    """Is ``path`` a step or more below ``prefix`` (``job.task`` under ``job``, ``.task.title``
    under ``.task``)?"""
    return path.startswith(prefix) and path[len(prefix) : len(prefix) + 1] in (".", "[")


def overlaps(part: str, suffix: str) -> bool:
    """Do two access path suffixes (``.task``, ``["text"]``) share data: one is the other or
    lies inside it (``.task`` and ``.task.title``)?"""
    return part == suffix or under(part, suffix) or under(suffix, part)


def own_field_sent(path: str) -> str | None:
    """``attr`` when ``path`` is ``self.attr`` or an item of it (``self.attr[0]``): the field's
    value is sent whole. None for a part read through an attribute (``self.attr.text``)."""
    if not path.startswith("self."):
        return None
    rest = path[5:]
    attr = rest.split("[", 1)[0]
    if not attr or "." in attr:
        return None
    return attr


def nested_field_sent(path: str) -> tuple[str, str] | None:
    """``(a, b)`` when ``path`` is ``self.a.b`` or an item of it: field ``b`` of what field
    ``a`` holds is sent whole. None for any other path."""
    if not path.startswith("self."):
        return None
    parts = path[5:].split("[", 1)[0].split(".")
    if len(parts) != 2 or not all(part.isidentifier() for part in parts):
        return None
    return parts[0], parts[1]


def path_root(path: str) -> str:
    """The name an access path starts from: ``a`` for ``a.b["k"]``."""
    return path.split(".", 1)[0].split("[", 1)[0]


def holds_store(qualified: str, stores) -> bool:
    """Is ``qualified`` a shared store (``streamlit.session_state``) or a module that holds
    one (``streamlit``)? A read of it is the store itself, not one of its keys."""
    return any(owner == qualified or owner.startswith(qualified + ".") for owner in stores)


def global_place(path: str, roots: dict, stores) -> str | None:
    """The program-wide name of a path rooted at a module-level place (``roots``: the
    qualified name of each such root), with a shared store's keys read alike
    (``st.session_state["k"]`` and ``st.session_state.k`` are ``streamlit.session_state.k``)."""
    root = path_root(path)
    qualified = roots.get(root)
    if qualified is None:
        return None
    place = qualified + path[len(root) :]
    for owner in stores:
        if place.startswith(owner + "['"):
            close = place.find("']", len(owner))
            if close > 0:
                place = f"{owner}.{place[len(owner) + 2 : close]}{place[close + 2 :]}"
            break
    return place
