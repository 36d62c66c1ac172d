"""Configuration rules (ZDR105, ZDR306, ZDR307, ZDR401, ZDR402, ZDR501-ZDR506).

These need no data flow: a setting, a client constructor or an API feature is enough. The
analyzer calls the hooks below as it walks a module, with names already resolved through
imports and with the receiver's labels (so a Claude client is known as one, wherever it was
made). A finding is emitted as a sink event whose only label is ``("M", message)``.
"""

from __future__ import annotations


class ConfigRules:
    """Placeholder: the hooks the analyzer calls. Each emits nothing yet."""

    def __init__(self, module) -> None:
        self.module = module

    def on_call(self, fa, call, qualified, receiver, method) -> None:
        """A call: ``qualified`` is set for a resolved function, else ``receiver``/``method``."""

    def on_name_assign(self, fa, name, value) -> None:
        """``name = value`` anywhere in the module."""

    def on_attribute_assign(self, fa, target, value) -> None:
        """``a.b = value``."""

    def on_subscript_assign(self, fa, target, value) -> None:
        """``a[k] = value`` (for example ``os.environ["ANTHROPIC_LOG"] = "debug"``)."""

    def finish(self) -> None:
        """After the whole module is walked: rules that depend on the module as a whole."""
