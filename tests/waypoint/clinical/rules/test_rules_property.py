"""No record the model allows makes a rule crash, and every consideration shows its basis."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.waypoint.clinical.rules.strategies import records
from waypoint.clinical.rules import evaluate
from waypoint.content.bundle import SEVERITIES, shipped_content
from waypoint.content.rules import SHAPES
from waypoint.record.model import Record


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, st.dates(dt.date(2024, 1, 1), dt.date(2027, 1, 1)))
def test_no_record_crashes_a_rule(record: Record, today: dt.date) -> None:
    content = shipped_content()
    found = evaluate(record, today, content=shipped_content())
    ids = [c.id for c in found]
    assert len(ids) == len(set(ids)) and set(ids) <= set(SHAPES)
    for item in found:
        assert item.severity in SEVERITIES
        assert item.basis.data and all(s in content.references for s in item.basis.sources)
        # A dismissal holds only for the data it was made for (the trigger's fingerprint).
        dismissed = [
            d for d in record.dismissals if d.consideration == item.id and d.trigger == item.trigger
        ]
        assert (item.dismissal is not None) == bool(dismissed)
