"""What changed since the previous conversation: goal, code status, chosen option, prognosis
and proxy, each with the dates and who recorded it.

Clinicians complain that record systems show only the latest entry; this is the other view.
Pure functions over the record model, shown by the overview and printed in the care plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from waypoint.content.bundle import Content
from waypoint.i18n import _
from waypoint.record.model import Conversation, Record


@dataclass(frozen=True)
class Change:
    """One part whose answer differs from the previous conversation's.

    Attributes:
        part: the part's id ("goal", "code_status", "chosen_option", "prognosis", "proxy").
        label: the part in words.
        before, after: the answers in words ("" when none was recorded).
        since, since_by: the previous conversation's date and who recorded it.
        date, by: this conversation's date and who recorded it.
    """

    part: str
    label: str
    before: str
    after: str
    since: dt.date | None
    since_by: str
    date: dt.date | None
    by: str


Reader = Callable[[Conversation, Content], str]


def _yes_no(value: bool | None) -> str:
    return "" if value is None else (_("yes") if value else _("no"))


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _goal(c: Conversation, _content: Content) -> str:
    return c.plan.goal_of_care.strip()


def _goals(c: Conversation, _content: Content) -> str:
    return c.goals.goals.strip()


def _code_status(c: Conversation, content: Content) -> str:
    status = c.transition.code_status
    return _join(
        content.label("cpr", status.cpr),
        content.label("treatment_level", status.treatment_level),
        content.label("artificial_nutrition", status.artificial_nutrition),
    )


def _chosen(c: Conversation, _content: Content) -> str:
    return "; ".join(o.name.strip() for o in c.treatment_options if o.chosen and o.name.strip())


def _prognosis(c: Conversation, _content: Content) -> str:
    p = c.prognosis
    median = p.median_survival_months
    return _join(
        _("median survival {n} months").format(n=f"{median:g}") if median is not None else "",
        _("ECOG {n}").format(n=p.ecog) if p.ecog is not None else "",
        _("PPS {n}%").format(n=p.pps) if p.pps is not None else "",
    )


def _proxy(c: Conversation, _content: Content) -> str:
    confirmed = _yes_no(c.transition.proxy_confirmed)
    return _("proxy confirmed: {answer}").format(answer=confirmed) if confirmed else ""


def parts() -> tuple[tuple[str, str, Reader], ...]:
    """The parts compared, in the order they are shown: (id, label, reader)."""
    return (
        ("goal", _("Agreed goal of care"), _goal),
        ("goal", _("Goals in the patient's words"), _goals),
        ("code_status", _("Code status"), _code_status),
        ("chosen_option", _("Chosen option"), _chosen),
        ("prognosis", _("Prognosis"), _prognosis),
        ("proxy", _("Health-care proxy"), _proxy),
    )


def who(conversation: Conversation) -> str:
    """Who recorded a conversation: the signed-in clinician if known, else the one named."""
    return conversation.recorded_by or conversation.clinician


def previous_conversation(record: Record, conversation: Conversation) -> Conversation | None:
    """The current conversation before ``conversation`` (by date, then entry order)."""
    if conversation.date is None:
        return None
    order = {id(c): i for i, c in enumerate(record.conversations)}
    mine = (conversation.date, order.get(id(conversation), len(order)))
    earlier = [
        c
        for c in record.current_conversations()
        if c is not conversation
        and c.id != conversation.amends
        and c.date is not None
        and (c.date, order[id(c)]) < mine
    ]
    return max(earlier, key=lambda c: (c.date, order[id(c)])) if earlier else None


def what_changed(record: Record, conversation: Conversation, content: Content) -> list[Change]:
    """Each part whose answer differs from the previous conversation's; [] with none before."""
    previous = previous_conversation(record, conversation)
    if previous is None:
        return []
    changes = []
    for part, label, read in parts():
        before, after = read(previous, content), read(conversation, content)
        if before != after:
            changes.append(
                Change(
                    part=part,
                    label=label,
                    before=before,
                    after=after,
                    since=previous.date,
                    since_by=who(previous),
                    date=conversation.date,
                    by=who(conversation),
                )
            )
    return changes
