"""Records out to the rest of health care: the FHIR bundle for the EHR. gui/ imports these from
here, never from waypoint.interop itself (tests/waypoint/test_layers.py).

Each name loads its module on first use (as the screens did themselves), so starting the app
does not pull in ReportLab or the sync engine.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from waypoint.interop.fhir import build_bundle as build_bundle
    from waypoint.interop.fhir import bundle_json as bundle_json

_HOME = {
    "build_bundle": "waypoint.interop.fhir",
    "bundle_json": "waypoint.interop.fhir",
}
_MODULES: dict[str, str] = {}


def __getattr__(name: str) -> Any:
    """The named function, class or constant from the module it lives in, loaded now."""
    if name not in _HOME and name not in _MODULES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    if name in _MODULES:
        return importlib.import_module(_MODULES[name])
    return getattr(importlib.import_module(_HOME[name]), name)


__all__ = sorted(_HOME)
