"""What is due for each patient: the one source the worklist and the overview both read.

:func:`due_dates` joins the follow-up date the clinician set, the rules that say a
goals-of-care conversation is due (:mod:`waypoint.clinical.rules`) and the stepped-care schedule. The
store keeps its result in each patient's index row with a stamp (:func:`due_stamp`), so the
clinic worklist (:func:`build_worklist`) filters index rows by date without opening any record.
Due dates are fixed by the record's facts known on a day, not by the day itself: a rule-based
conversation is due from the day its trigger was recorded. So a row holds until the content
changes or a fact dated after the day it was computed comes into view; :func:`current_rows`
computes such rows again when the worklist is read.

After a recorded death nothing is due (the patient leaves the worklist; the record stays
readable); after hospice enrolment stepped-care visits and FACT-L stop.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from waypoint.clinical.rules import evaluate
from waypoint.clinical.stepped_care import schedule_for_record
from waypoint.content.bundle import Content, ContentError
from waypoint.content.stepped import stepped_rules
from waypoint.record.care_events import death
from waypoint.record.model import Record

#: Kinds of due item, in the order the worklist shows them.
DUE_KINDS = ("conversation", "visit", "fact_l")
#: "Due this week": today and the next six days.
HORIZON_DAYS = 7
#: Considerations whose id starts so say a goals-of-care conversation is due.
CONVERSATION_RULES = "conversation_due"


class DueRow(Protocol):
    """What the worklist reads from an index row (:class:`waypoint.storage.summary.PatientSummary`)."""

    @property
    def id(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def mrn(self) -> str: ...
    @property
    def due(self) -> Mapping[str, str]: ...


class StampedRow(DueRow, Protocol):
    """An index row that says what its due dates hold for (:func:`due_stamp`)."""

    @property
    def due_stamp(self) -> str: ...


class DueStore(Protocol):
    """What :func:`current_rows` needs of the store (:class:`waypoint.storage.store.Store`)."""

    def list_patients(self) -> Sequence[StampedRow]: ...
    def readable(self, patient_id: str) -> Record | None: ...
    def refresh_due(self, patient_id: str, due: dict[str, str], stamp: str) -> None: ...


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


def due_dates(record: Record, today: dt.date | None = None, *, content: Content) -> dict[str, str]:
    """Kind of item → ISO date it is due, for the items this record has a date for.

    "conversation" is the earlier of the follow-up date and the day a "conversation due"
    consideration (not dismissed) first applied; "visit" and "fact_l" come from stepped care.
    Nothing is due once a death is recorded.
    """
    today = today or dt.date.today()
    if death(record, today) is not None:
        return {}
    due: dict[str, str] = {}
    talk = [d for d in (_follow_up(record), conversation_due_since(record, today, content)) if d]
    if talk:
        due["conversation"] = min(talk).isoformat()
    try:
        plan = schedule_for_record(record, today, stepped_rules(content))
    except (ValueError, ContentError):
        # A save must never fail for want of a schedule; the overview shows the problem.
        plan = None
    if plan is not None:
        if plan.next_visit_due is not None:
            due["visit"] = plan.next_visit_due.isoformat()
        if plan.next_fact_l_due is not None:
            due["fact_l"] = plan.next_fact_l_due.isoformat()
    return due


def _follow_up(record: Record) -> dt.date | None:
    latest = record.latest_conversation()
    return latest.plan.follow_up_date if latest is not None else None


def _firing(record: Record, day: dt.date, content: Content) -> set[str]:
    return {
        c.id
        for c in evaluate(record, day, content)
        if c.id.startswith(CONVERSATION_RULES) and c.dismissal is None
    }


def conversation_due_since(record: Record, today: dt.date, content: Content) -> dt.date | None:
    """The day a rule first said a conversation is due (None when none says so today).

    The rules are asked as of each day something was recorded since the last conversation,
    so the date is the day of the triggering fact, not the day the record was last saved.
    """
    firing = _firing(record, today, content)
    if not firing:
        return None
    for day in _fact_days(record, today):
        if _firing(record, day, content) & firing:
            return day
    return today


def _fact_days(record: Record, today: dt.date) -> list[dt.date]:
    """Days on which the record gained a dated fact, from the last conversation to ``today``."""
    latest = record.latest_conversation()
    start = latest.date if latest is not None and latest.date is not None else dt.date.min
    days: set[dt.date] = {a.date for a in record.assessments if a.date}
    for e in record.events:
        days.update(d for d in (e.date, e.end_date) if d)
    days.update(c.date for c in record.conversations if c.date)
    if record.patient.advanced_diagnosis_date is not None:
        days.add(record.patient.advanced_diagnosis_date)
    return sorted(d for d in days if start <= d <= today)


def due_stamp(record: Record, today: dt.date, content: Content) -> str:
    """What the due dates of ``record`` computed on ``today`` hold for: "version|until".

    ``version`` is the content's; ``until`` is the first day a fact dated after ``today`` comes
    into view (the rules and the schedule read only what was known on the day they are asked),
    empty when the record has none.
    """
    version = content.version
    later = [d for d in _all_fact_days(record) if d > today]
    return f"{version}|{min(later).isoformat() if later else ''}"


def stamp_holds(stamp: str, today: dt.date, content: Content) -> bool:
    """True when due dates stamped ``stamp`` are still what :func:`due_dates` says ``today``."""
    version, _sep, until = stamp.partition("|")
    if version != content.version:
        return False
    return not until or today.isoformat() < until


def current_rows(store: DueStore, today: dt.date, content: Content) -> list[DueRow]:
    """The store's rows with what is due brought up to date for ``today`` and ``content``.

    Only rows whose stamp no longer holds open their record (after a content update, every
    row once; the store keeps the result). A record that cannot be read keeps its old row: the
    store check reports it.
    """
    bring_up_to_date(store, stale_rows(store, today, content), today, content)
    return list(store.list_patients())


def stale_rows(store: DueStore, today: dt.date, content: Content) -> list[DueRow]:
    """Rows whose due dates no longer hold for ``today`` and ``content`` (cheap: no record read)."""
    return [row for row in store.list_patients() if not stamp_holds(row.due_stamp, today, content)]


def bring_up_to_date(
    store: DueStore,
    rows: Sequence[DueRow],
    today: dt.date,
    content: Content,
    progress: Callable[[int, int], None] | None = None,
) -> None:
    """Compute and keep what is due for ``rows`` (each opens its record: seconds for thousands)."""
    for done, row in enumerate(rows, start=1):
        record = store.readable(row.id)
        if record is not None:
            due = due_dates(record, today, content=content)
            store.refresh_due(row.id, due, due_stamp(record, today, content))
        if progress is not None and (done % 50 == 0 or done == len(rows)):
            progress(done, len(rows))


def _all_fact_days(record: Record) -> set[dt.date]:
    """Every day the rules or the schedule could see a fact appear (see record_as_of)."""
    days: set[dt.date] = {a.date for a in record.assessments if a.date}
    for e in record.events:
        days.update(d for d in (e.date, e.end_date) if d)
    days.update(c.date for c in record.conversations if c.date)
    days.update(d.date for d in record.dismissals if d.date)
    if record.patient.stepped_care.enrolled_on is not None:
        days.add(record.patient.stepped_care.enrolled_on)
    return days


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
