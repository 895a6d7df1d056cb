"""The rule about severe symptoms on the ESAS-r (Selby 2010 bands; ASCO palliative care)."""

from __future__ import annotations

from waypoint.clinical.rules.base import Consideration, Context, iso
from waypoint.clinical.rules.planning import palliative_care_involved
from waypoint.record.model import ESAS_ITEMS, Assessment, EsasScores
from waypoint.record.schema import field_label


def esas_scores(esas: EsasScores) -> list[tuple[str, int]]:
    """Each scored ESAS-r item as (its published name, score); "Other Problem" with its name."""
    scores = [
        (field_label(EsasScores, item), score)
        for item in ESAS_ITEMS
        if (score := getattr(esas, item)) is not None
    ]
    if esas.other_problem is not None:
        name = field_label(EsasScores, "other_problem")
        if esas.other_problem_name.strip():
            name = f"{name} ({esas.other_problem_name.strip()})"
        scores.append((name, esas.other_problem))
    return scores


def latest_esas(ctx: Context) -> Assessment | None:
    """The most recent assessment with ESAS-r scores, on or before the evaluation date."""
    scored = [
        (a.date, i, a)
        for i, a in enumerate(ctx.record.assessments)
        if a.date and a.date <= ctx.today and a.esas is not None
    ]
    return max(scored, key=lambda t: (t[0], t[1]))[2] if scored else None


def severe_symptoms(ctx: Context) -> list[Consideration]:
    """The latest ESAS-r has a score in the severe band: symptom attention or referral."""
    rule = "symptom_severe"
    text = ctx.text(rule)
    latest = latest_esas(ctx)
    if latest is None or latest.esas is None or latest.date is None:
        return []
    severe = [(n, s) for n, s in esas_scores(latest.esas) if s >= text.thresholds["severe_from"]]
    if not severe:
        return []
    day = iso(latest.date)
    data = [text.say("item", item=name, score=score, date=day) for name, score in severe]
    if not palliative_care_involved(ctx):
        data.append(text.say("referral"))
    return [ctx.consideration(rule, data)]
