"""What is due for each patient, computed when the record is saved so the worklist stays fast.

The store keeps the result of :func:`due_dates` in each patient's index row; the clinic
worklist then filters index rows by date without opening any record.
"""

from __future__ import annotations

from waypoint.model import Record

#: Kinds of due item, in the order the worklist shows them.
DUE_KINDS = ("conversation", "visit", "fact_l")


def due_dates(record: Record) -> dict[str, str]:
    """Kind of item → ISO date it is due, for the items this record has a date for."""
    due: dict[str, str] = {}
    latest = record.latest_conversation()
    if latest is not None and latest.plan.follow_up_date is not None:
        due["conversation"] = latest.plan.follow_up_date.isoformat()
    return due
