"""The clinic's worklist as a one-page PDF, for a clinic that works from paper."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from waypoint.clinical.worklist import WorklistItem
from waypoint.dates import format_day
from waypoint.documents.markup import render_template
from waypoint.documents.pdf import render_pdf


def render_worklist_pdf(
    items: list[WorklistItem],
    today: dt.date,
    labels: Mapping[str, str],
    *,
    clinic_name: str = "",
    page_size: str = "letter",
    max_rows: int = 38,
) -> bytes:
    """The worklist as a one-page PDF; rows beyond ``max_rows`` are counted, not printed."""
    shown = items[:max_rows]
    xml = render_template(
        "worklist.xml.j2",
        items=shown,
        more=len(items) - len(shown),
        today=format_day(today),
        day=format_day,
        labels=labels,
        clinic_name=clinic_name,
    )
    return render_pdf(xml, page_size=page_size)
