"""Rules that say a goals-of-care conversation is due (ASCO 2011; Temel 2024)."""

from __future__ import annotations

import datetime as dt

from waypoint.clinical.prognosis import palliative_prognostic_index
from waypoint.clinical.rules.base import (
    Consideration,
    Context,
    advanced_diagnosis,
    ecog_sentence,
    iso,
    latest_ecog,
)
from waypoint.clinical.stepped_care import enrolment_baseline, fact_l_series, format_score

#: Care events that change the picture enough to talk again.
CHANGE_EVENTS = ("progression", "hospitalization", "icu_admission", "treatment_change")


def new_diagnosis(ctx: Context) -> list[Consideration]:
    """An advanced diagnosis with no conversation recorded on or after it."""
    rule = "conversation_due_new_diagnosis"
    diagnosed = advanced_diagnosis(ctx.record)
    if diagnosed is None or any(c.date and c.date >= diagnosed for c in ctx.conversations()):
        return []
    text = ctx.text(rule)
    data = [text.say("diagnosis", diagnosis_date=iso(diagnosed)), text.say("none_since")]
    return [ctx.consideration(rule, data)]


def change_since_last(ctx: Context) -> list[Consideration]:
    """Progression, hospitalization or a change of treatment after the last conversation."""
    rule = "conversation_due_event"
    last = ctx.latest()
    if last is None or last.date is None:
        return []
    since = last.date
    events = sorted(
        (e for e in ctx.record.events if e.kind in CHANGE_EVENTS and e.date and e.date > since),
        key=lambda e: e.date or dt.date.min,
    )
    if not events:
        return []
    text = ctx.text(rule)
    data = [
        text.say(
            "event",
            event=ctx.content.label("event_kind", e.kind),
            event_date=iso(e.date or since),
        )
        for e in events
    ]
    data.append(text.say("last_conversation", last_date=iso(since)))
    return [ctx.consideration(rule, data)]


def fact_l_drop(ctx: Context) -> list[Consideration]:
    """The latest FACT-L total is the content threshold or more below baseline, not yet discussed.

    The baseline is the enrolment baseline (:func:`waypoint.clinical.stepped_care.enrolment_baseline`),
    the one every schedule, chart and document uses; without it the rule stays silent and the
    stepped-care status asks for it. Subscale-only entries count.
    """
    rule = "conversation_due_fact_l_drop"
    scored = fact_l_series(ctx.record, ctx.today)
    baseline = enrolment_baseline(ctx.record)
    if not scored or baseline is None:
        return []
    latest_date, latest = scored[-1]
    drop = round(baseline - latest, 1)
    text = ctx.text(rule)
    if drop < text.thresholds["drop_points"]:
        return []
    if any(c.date and c.date >= latest_date for c in ctx.conversations()):
        return []
    data = [
        text.say("baseline", baseline_score=format_score(baseline)),
        text.say(
            "latest",
            latest_score=format_score(latest),
            latest_date=iso(latest_date),
            drop=format_score(drop),
        ),
    ]
    return [ctx.consideration(rule, data)]


def ppi_high(ctx: Context) -> list[Consideration]:
    """The latest conversation's Palliative Prognostic Index is above the content threshold.

    Items left unanswered count as absent, so the index is a lower bound: if it is already above
    the threshold, the full index would be too.
    """
    rule = "conversation_due_ppi"
    last = ctx.latest()
    if last is None or last.date is None or last.prognosis.pps is None:
        return []
    if ctx.content.calculators.living.is_death("pps", last.prognosis.pps):
        return []  # PPS 0% in an old record: a death, not a living patient's index
    inputs = last.prognosis.ppi
    score = palliative_prognostic_index(
        last.prognosis.pps,
        inputs.oral_intake or "normal",
        bool(inputs.edema),
        bool(inputs.dyspnea_at_rest),
        bool(inputs.delirium),
        ctx.content,
    )
    text = ctx.text(rule)
    if score <= text.thresholds["above"]:
        return []
    data = [
        text.say(
            "score",
            score=f"{score:g}",
            pps=last.prognosis.pps,
            conversation_date=iso(last.date),
        )
    ]
    partial = not inputs.oral_intake or None in (
        inputs.edema,
        inputs.dyspnea_at_rest,
        inputs.delirium,
    )
    if partial:
        data.append(text.say("partial"))
    return [ctx.consideration(rule, data)]


def ecog_poor(ctx: Context) -> list[Consideration]:
    """The latest ECOG performance status is at the content threshold or worse."""
    rule = "conversation_due_ecog"
    found = latest_ecog(ctx)
    if found is None or found[0] < ctx.text(rule).thresholds["at_least"]:
        return []
    return [ctx.consideration(rule, [ecog_sentence(ctx, rule, *found)])]


def survival_without_hospice(ctx: Context) -> list[Consideration]:
    """Estimated median survival at or under the content threshold, hospice never discussed."""
    rule = "conversation_due_survival"
    estimates = [c for c in ctx.conversations() if c.prognosis.median_survival_months is not None]
    if not estimates:
        return []
    latest = estimates[-1]
    median = latest.prognosis.median_survival_months
    text = ctx.text(rule)
    if median is None or latest.date is None or median > text.thresholds["months"]:
        return []
    if any(c.transition.hospice_discussed for c in ctx.record.conversations):
        return []
    data = [
        text.say("estimate", median=f"{median:g}", date=iso(latest.date)),
        text.say("no_hospice"),
    ]
    return [ctx.consideration(rule, data)]
