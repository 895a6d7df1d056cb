"""Run every rule over a record, and record a clinician's dismissal of a consideration."""

from __future__ import annotations

import datetime as dt

from waypoint.care_events import death, record_as_of
from waypoint.content import Content, shipped_content
from waypoint.i18n import _
from waypoint.model import Dismissal, Record
from waypoint.rules import conversation_due, planning, therapy
from waypoint.rules.base import Consideration, Context, Rule
from waypoint.rules.catalog import SHAPES

#: Every rule, in the order its considerations are listed.
RULES: tuple[Rule, ...] = (
    conversation_due.new_diagnosis,
    conversation_due.change_since_last,
    conversation_due.fact_l_drop,
    conversation_due.ppi_high,
    conversation_due.ecog_poor,
    conversation_due.survival_without_hospice,
    therapy.stop_for_ecog,
    therapy.stop_for_no_response,
    planning.palliative_referral,
    planning.code_status_conflict,
    therapy.trial_not_discussed,
    therapy.option_incomplete,
    planning.acp_billing,
)

#: What still applies after a death: the record of time spent (billing), nothing to act on.
AFTER_DEATH: tuple[Rule, ...] = (planning.acp_billing,)


def evaluate(record: Record, today: dt.date, content: Content | None = None) -> list[Consideration]:
    """The considerations a record raises as of ``today``, each with its basis and any dismissal.

    Only what was known on ``today`` is read (:func:`waypoint.care_events.record_as_of`), so a
    care plan reprinted later shows what it showed on its day. After a recorded death only the
    rules about what was already done run (:data:`AFTER_DEATH`): no conversation or therapy flag.
    Dismissed considerations are still returned (with ``dismissal`` set) so the care plan can
    show what was set aside and why.
    """
    past = record_as_of(record, today)
    ctx = Context(past, today, content or shipped_content())
    rules = AFTER_DEATH if death(past, today) is not None else RULES
    found: list[Consideration] = []
    for rule in rules:
        found.extend(rule(ctx))
    return found



def dismiss(
    record: Record,
    consideration_id: str,
    reason: str,
    clinician: str,
    today: dt.date,
    conversation_id: str = "",
) -> Dismissal:
    """Set a consideration aside with the clinician's reason; the dismissal is kept in the record.

    Raises:
        ValueError: the reason is blank or the consideration id is unknown.
    """
    if consideration_id not in SHAPES:
        raise ValueError(
            _("consideration_id {id!r} is not a Waypoint rule; allowed: {allowed}").format(
                id=consideration_id, allowed=", ".join(SHAPES)
            )
        )
    if not isinstance(reason, str) or not reason.strip():
        raise ValueError(_("reason is required: say why this consideration is set aside"))
    dismissal = Dismissal(
        consideration=consideration_id,
        reason=reason.strip(),
        clinician=clinician.strip(),
        date=today,
        conversation_id=conversation_id,
    )
    record.dismissals.append(dismissal)
    return dismissal
