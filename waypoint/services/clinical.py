"""What the screens show of the clinical side: stepped care, what is due, decision support,
prognosis and assessment bands, what changed. gui/ imports these from here, never from
waypoint.clinical itself (tests/waypoint/test_layers.py), so the rules can move without the
screens noticing.

Each name loads its module on first use (as the screens did themselves), so starting the app
does not pull in ReportLab or the sync engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from waypoint.services.lazy import lazy_exports

if TYPE_CHECKING:
    from waypoint.clinical import rules as rules
    from waypoint.clinical.assessments import esas_severity as esas_severity
    from waypoint.clinical.prognosis import (
        palliative_prognostic_index as palliative_prognostic_index,
    )
    from waypoint.clinical.prognosis import ppi_band as ppi_band
    from waypoint.clinical.prognosis import ppi_note as ppi_note
    from waypoint.clinical.prognosis import scenario_note as scenario_note
    from waypoint.clinical.prognosis import scenario_references as scenario_references
    from waypoint.clinical.prognosis import survival_scenarios as survival_scenarios
    from waypoint.clinical.rules import evaluate as evaluate
    from waypoint.clinical.stepped_care import Schedule as Schedule
    from waypoint.clinical.stepped_care import chart_axis as chart_axis
    from waypoint.clinical.stepped_care import fact_l_series as fact_l_series
    from waypoint.clinical.stepped_care import format_score as format_score
    from waypoint.clinical.stepped_care import schedule_for_record as schedule_for_record
    from waypoint.clinical.what_changed import Change as Change
    from waypoint.clinical.what_changed import what_changed as what_changed
    from waypoint.clinical.worklist import DUE_KINDS as DUE_KINDS
    from waypoint.clinical.worklist import WorklistItem as WorklistItem
    from waypoint.clinical.worklist import bring_up_to_date as bring_up_to_date
    from waypoint.clinical.worklist import build_worklist as build_worklist
    from waypoint.clinical.worklist import due_dates as due_dates
    from waypoint.clinical.worklist import stale_rows as stale_rows

_HOME = {
    "esas_severity": "waypoint.clinical.assessments",
    "palliative_prognostic_index": "waypoint.clinical.prognosis",
    "ppi_band": "waypoint.clinical.prognosis",
    "ppi_note": "waypoint.clinical.prognosis",
    "scenario_note": "waypoint.clinical.prognosis",
    "scenario_references": "waypoint.clinical.prognosis",
    "survival_scenarios": "waypoint.clinical.prognosis",
    "evaluate": "waypoint.clinical.rules",
    "Schedule": "waypoint.clinical.stepped_care",
    "chart_axis": "waypoint.clinical.stepped_care",
    "fact_l_series": "waypoint.clinical.stepped_care",
    "format_score": "waypoint.clinical.stepped_care",
    "schedule_for_record": "waypoint.clinical.stepped_care",
    "Change": "waypoint.clinical.what_changed",
    "what_changed": "waypoint.clinical.what_changed",
    "DUE_KINDS": "waypoint.clinical.worklist",
    "WorklistItem": "waypoint.clinical.worklist",
    "bring_up_to_date": "waypoint.clinical.worklist",
    "build_worklist": "waypoint.clinical.worklist",
    "due_dates": "waypoint.clinical.worklist",
    "stale_rows": "waypoint.clinical.worklist",
}
#: Whole modules the screens use by name.
_MODULES = {"rules": "waypoint.clinical.rules"}


__getattr__, __all__ = lazy_exports(__name__, _HOME, _MODULES)
