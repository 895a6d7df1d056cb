"""Rules that say a goals-of-care conversation is due (ASCO 2011; Temel 2024)."""

from __future__ import annotations

import datetime as dt

from waypoint.model import Assessment
from waypoint.prognosis import palliative_prognostic_index
from waypoint.rules.base import (
    Consideration,
    Context,
    advanced_diagnosis,
    ecog_sentence,
    iso,
    latest_ecog,
)

#: Care events that change the picture enough to talk again.
CHANGE_EVENTS = ("progression", "hospitalization", "treatment_change")


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


def _fact_l(assessment: Assessment) -> int | None:
    if assessment.fact_l_total is not None:
        return assessment.fact_l_total
    return assessment.fact_l.total() if assessment.fact_l is not None else None


def fact_l_drop(ctx: Context) -> list[Consideration]:
    """The latest FACT-L total is the content threshold or more below baseline, not yet discussed.

    Baseline is the stepped-care baseline when recorded, else the earliest FACT-L total.
    """
    rule = "conversation_due_fact_l_drop"
    scored = sorted(
        (
            (a.date, i, total)
            for i, a in enumerate(ctx.record.assessments)
            if a.date and (total := _fact_l(a)) is not None
        ),
    )
    if not scored:
        return []
    baseline = ctx.record.patient.stepped_care.baseline_fact_l
    if baseline is None:
        if len(scored) < 2:
            return []
        baseline = scored[0][2]
    latest_date, _i, latest = scored[-1]
    drop = baseline - latest
    text = ctx.text(rule)
    if drop < text.thresholds["drop_points"]:
        return []
    if any(c.date and c.date >= latest_date for c in ctx.conversations()):
        return []
    data = [
        text.say("baseline", baseline_score=baseline),
        text.say("latest", latest_score=latest, latest_date=iso(latest_date), drop=drop),
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
    inputs = last.prognosis.ppi
    score = palliative_prognostic_index(
        last.prognosis.pps,
        inputs.oral_intake or "normal",
        bool(inputs.edema),
        bool(inputs.dyspnea_at_rest),
        bool(inputs.delirium),
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
