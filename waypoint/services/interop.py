"""Records out to the rest of health care: the FHIR bundle for the EHR. gui/ imports these from
here, never from waypoint.interop itself (tests/waypoint/test_layers.py).

Each name loads its module on first use (as the screens did themselves), so starting the app
does not pull in ReportLab or the sync engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from waypoint.services.lazy import lazy_exports

if TYPE_CHECKING:
    from waypoint.interop.fhir import build_bundle as build_bundle
    from waypoint.interop.fhir import bundle_json as bundle_json

_HOME = {
    "build_bundle": "waypoint.interop.fhir",
    "bundle_json": "waypoint.interop.fhir",
}
_MODULES: dict[str, str] = {}


__getattr__, __all__ = lazy_exports(__name__, _HOME, _MODULES)
