"""Run every rule over a record, and record a clinician's dismissal of a consideration."""

from __future__ import annotations

import datetime as dt

from waypoint.clinical.rules import conversation_due, planning, symptoms, therapy
from waypoint.clinical.rules.base import Consideration, Context, Rule
from waypoint.content.bundle import Content
from waypoint.content.rules import SHAPES
from waypoint.i18n import _
from waypoint.record.care_events import death, record_as_of
from waypoint.record.model import Dismissal, Record

#: Every rule, in the order its considerations are listed.
RULES: tuple[Rule, ...] = (
    conversation_due.new_diagnosis,
    conversation_due.change_since_last,
    conversation_due.fact_l_drop,
    conversation_due.ppi_high,
    conversation_due.ecog_poor,
    conversation_due.survival_without_hospice,
    therapy.stop_for_ecog,
    therapy.ecog_unknown,
    therapy.stop_for_no_response,
    planning.palliative_referral,
    planning.code_status_conflict,
    therapy.trial_not_discussed,
    therapy.option_incomplete,
    symptoms.severe_symptoms,
    planning.acp_billing,
)

#: What still applies after a death: the record of time spent (billing), nothing to act on.
AFTER_DEATH: tuple[Rule, ...] = (planning.acp_billing,)


def evaluate(record: Record, today: dt.date, content: Content) -> list[Consideration]:
    """The considerations a record raises as of ``today``, each with its basis and any dismissal.

    Only what was known on ``today`` is read (:func:`waypoint.record.care_events.record_as_of`), so a
    care plan reprinted later shows what it showed on its day. After a recorded death only the
    rules about what was already done run (:data:`AFTER_DEATH`): no conversation or therapy flag.
    Dismissed considerations are still returned (with ``dismissal`` set) so the care plan can
    show what was set aside and why.
    """
    past = record_as_of(record, today)
    ctx = Context(past, today, content)
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
    *,
    content: Content,
) -> Dismissal:
    """Set a consideration aside with the clinician's reason; the dismissal is kept in the record.

    The dismissal remembers a fingerprint of the data that triggered the consideration on
    ``today``: it holds while that data is the same, and new data brings the consideration
    back (to be dismissed again if need be).

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
    showing = [c for c in evaluate(record, today, content) if c.id == consideration_id]
    dismissal = Dismissal(
        consideration=consideration_id,
        reason=reason.strip(),
        clinician=clinician.strip(),
        date=today,
        conversation_id=conversation_id,
        trigger=showing[0].trigger if showing else "",
    )
    record.dismissals.append(dismissal)
    return dismissal
