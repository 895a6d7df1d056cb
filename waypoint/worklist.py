"""What is due for each patient, computed when the record is saved so the worklist stays fast.

The store keeps the result of :func:`due_dates` in each patient's index row; the clinic
worklist (:func:`build_worklist`) then filters index rows by date without opening any record.
Due dates never depend on the day they were computed (see :mod:`waypoint.stepped_care`), so a
row saved weeks ago still gives today's worklist.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

from waypoint.content import ContentError
from waypoint.model import Record
from waypoint.stepped_care import format_day, schedule_for_record

#: Kinds of due item, in the order the worklist shows them.
DUE_KINDS = ("conversation", "visit", "fact_l")
#: "Due this week": today and the next six days.
HORIZON_DAYS = 7


class DueRow(Protocol):
    """What the worklist reads from an index row (:class:`waypoint.storage.PatientSummary`)."""

    @property
    def id(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def mrn(self) -> str: ...
    @property
    def due(self) -> Mapping[str, str]: ...


@dataclass(frozen=True)
class WorklistItem:
    """One thing due for one patient."""

    patient_id: str
    name: str
    mrn: str
    kind: str
    due: dt.date
    days: int  # due minus today: negative when overdue

    @property
    def overdue(self) -> bool:
        """Due before today."""
        return self.days < 0


def due_dates(record: Record, today: dt.date | None = None) -> dict[str, str]:
    """Kind of item → ISO date it is due, for the items this record has a date for."""
    due: dict[str, str] = {}
    latest = record.latest_conversation()
    if latest is not None and latest.plan.follow_up_date is not None:
        due["conversation"] = latest.plan.follow_up_date.isoformat()
    try:
        plan = schedule_for_record(record, today or dt.date.today())
    except (ValueError, ContentError):
        # A save must never fail for want of a schedule; the overview shows the problem.
        plan = None
    if plan is not None:
        if plan.next_visit_due is not None:
            due["visit"] = plan.next_visit_due.isoformat()
        if plan.next_fact_l_due is not None:
            due["fact_l"] = plan.next_fact_l_due.isoformat()
    return due


def build_worklist(
    summaries: Iterable[DueRow], today: dt.date, horizon_days: int = HORIZON_DAYS
) -> list[WorklistItem]:
    """Everything overdue or due within ``horizon_days`` of ``today``, earliest first.

    Reads only the index rows' ``due`` dates (ISO strings compare in date order), so it never
    opens a patient file.
    """
    limit = (today + dt.timedelta(days=horizon_days - 1)).isoformat()
    items: list[WorklistItem] = []
    for row in summaries:
        for kind, when in row.due.items():
            if when > limit or kind not in DUE_KINDS:
                continue
            try:
                day = dt.date.fromisoformat(when)
            except ValueError:
                continue  # a damaged row: the store check reports it
            items.append(
                WorklistItem(row.id, row.display_name, row.mrn, kind, day, (day - today).days)
            )
    items.sort(key=lambda i: (i.due, i.name.casefold(), DUE_KINDS.index(i.kind)))
    return items


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
    from waypoint.documents.markup import render_template
    from waypoint.documents.pdf import render_pdf

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
