"""Rules about palliative care referral, code status and advance-care-planning time."""

from __future__ import annotations

from waypoint.clinical.rules.base import Consideration, Context, advanced_diagnosis, iso

#: Referral answers that mean palliative care is involved.
REFERRED = ("referred", "already_seeing")


def palliative_care_involved(ctx: Context) -> bool:
    """Palliative care is involved: enrolment, a visit, or a referral recorded."""
    record = ctx.record
    if record.patient.stepped_care.enrolled_on is not None:
        return True
    if any(e.kind == "palliative_care_visit" for e in record.events):
        return True
    return any(
        c.quality_of_life.palliative_referral in REFERRED
        or bool(c.quality_of_life.stepped_care_enrolled)
        for c in record.conversations
    )


def palliative_referral(ctx: Context) -> list[Consideration]:
    """No palliative care involvement once the content's weeks have passed since diagnosis.

    The reminder appears on the day the weeks are complete (8 weeks = day 56).
    """
    rule = "palliative_referral"
    text = ctx.text(rule)
    diagnosed = advanced_diagnosis(ctx.record)
    if diagnosed is None or palliative_care_involved(ctx):
        return []
    days = (ctx.today - diagnosed).days
    if days < text.thresholds["weeks"] * 7:
        return []
    data = [
        text.say("diagnosis", diagnosis_date=iso(diagnosed), days=days),
        text.say("no_referral"),
    ]
    declined = [
        c for c in ctx.conversations() if c.quality_of_life.palliative_referral == "declined"
    ]
    declined_on = declined[-1].date if declined else None
    if declined_on:
        data.append(text.say("declined", date=iso(declined_on)))
    # The day count grows daily; the dismissal holds while the diagnosis and refusal stand.
    return [ctx.consideration(rule, data, trigger=(diagnosed, declined_on))]


def code_status_conflict(ctx: Context) -> list[Consideration]:
    """The latest conversation records "attempt CPR" with comfort-focused treatment."""
    rule = "code_status_conflict"
    last = ctx.latest()
    if last is None or last.date is None:
        return []
    status = last.transition.code_status
    if status.cpr != "attempt" or status.treatment_level != "comfort":
        return []
    data = [
        ctx.text(rule).say(
            "code_status",
            date=iso(last.date),
            cpr=ctx.content.label("cpr", status.cpr),
            level=ctx.content.label("treatment_level", status.treatment_level),
        )
    ]
    return [ctx.consideration(rule, data)]


def acp_units(
    minutes: int, first_from: float, further_from: float, every: float
) -> tuple[bool, int]:
    """Whether the first code is reached, and how many units of the further code."""
    further = 0 if minutes < further_from else 1 + int((minutes - further_from) // every)
    return minutes >= first_from, further


def acp_billing(ctx: Context) -> list[Consideration]:
    """The latest conversation's advance-care-planning minutes against the billing thresholds."""
    rule = "acp_billing"
    last = ctx.latest()
    if last is None or last.date is None or last.acp_minutes <= 0:
        return []
    text = ctx.text(rule)
    limits = text.thresholds
    first, further = acp_units(
        last.acp_minutes,
        limits["first_from"],
        limits["further_from"],
        max(limits["further_every"], 1.0),
    )
    data = [text.say("minutes", minutes=last.acp_minutes, date=iso(last.date))]
    data.append(text.say("first_met" if first else "first_not_met"))
    if further:
        data.append(text.say("further_met", units=further))
    return [ctx.consideration(rule, data)]
