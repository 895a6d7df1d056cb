"""Names a service module offers, each loaded from its home module on first use.

The screens imported rules, documents and sync inside the functions that needed them, so the
app starts without ReportLab or the sync engine; a service module keeps that by resolving its
names through this module-level ``__getattr__`` (PEP 562) instead of importing them at once.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any


def lazy_exports(
    service: str, homes: Mapping[str, str], modules: Mapping[str, str] | None = None
) -> tuple[Callable[[str], Any], list[str]]:
    """``__getattr__`` and ``__all__`` for ``service``: ``homes`` maps a name to the module it
    lives in; ``modules`` maps a name to a whole module offered as it is."""
    whole = dict(modules or {})

    def __getattr__(name: str) -> Any:  # noqa: N807 (the module hook's own name)
        if name in whole:
            return importlib.import_module(whole[name])
        if name not in homes:
            raise AttributeError(f"module {service!r} has no attribute {name!r}")
        return getattr(importlib.import_module(homes[name]), name)

    return __getattr__, sorted([*homes, *whole])
