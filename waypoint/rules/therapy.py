"""Rules about anticancer therapy, treatment options and clinical trials (ASCO 2011, 2012)."""

from __future__ import annotations

from waypoint.model import Conversation, TreatmentOption
from waypoint.rules.base import Consideration, Context, ecog_sentence, iso, latest_ecog

#: Answers that show clinical trials were talked about.
TRIAL_DISCUSSED = ("interested", "not_interested", "unsure")


def _stopping_discussed(last: Conversation | None) -> bool:
    return last is not None and bool(last.anticancer_therapy.stopping_discussed)


def stop_for_ecog(ctx: Context) -> list[Consideration]:
    """ECOG in the content range (3 to 4) and stopping not discussed in the latest conversation."""
    rule = "therapy_stop_ecog"
    text = ctx.text(rule)
    found = latest_ecog(ctx)
    if found is None or _stopping_discussed(ctx.latest()):
        return []
    if not text.thresholds["ecog_from"] <= found[0] <= text.thresholds["ecog_to"]:
        return []
    data = [ecog_sentence(ctx, rule, *found), text.say("not_discussed")]
    return [ctx.consideration(rule, data)]


def stop_for_no_response(ctx: Context) -> list[Consideration]:
    """Enough earlier lines without a response, and stopping not discussed."""
    rule = "therapy_stop_no_response"
    text = ctx.text(rule)
    failed = sorted(
        (
            line
            for line in ctx.record.patient.therapy_history
            if line.best_response in text.codes["no_response"]
        ),
        key=lambda line: line.line,
    )
    if len(failed) < text.thresholds["prior_lines"] or _stopping_discussed(ctx.latest()):
        return []
    data = []
    for line in failed:
        response = ctx.content.label("best_response", line.best_response)
        if line.regimen.strip():
            data.append(
                text.say("line", line=line.line, regimen=line.regimen.strip(), response=response)
            )
        else:
            data.append(text.say("line_no_regimen", line=line.line, response=response))
    data.append(text.say("not_discussed"))
    return [ctx.consideration(rule, data)]


def _is_anticancer(option: TreatmentOption) -> bool:
    return not option.comfort_only and option.intent != "comfort_only"


def _current_line(last: Conversation) -> int | None:
    if last.anticancer_therapy.current_line is not None:
        return last.anticancer_therapy.current_line
    chosen = [o.line for o in last.treatment_options if o.chosen and _is_anticancer(o) and o.line]
    return max(chosen) if chosen else None


def _trials_discussed(conversation: Conversation) -> bool:
    trials = conversation.clinical_trials
    return (
        trials.interest in TRIAL_DISCUSSED
        or bool(trials.referral_made)
        or any(o.intent == "trial" for o in conversation.treatment_options)
    )


def trial_not_discussed(ctx: Context) -> list[Consideration]:
    """A line of therapy is recorded and no conversation at that line discussed trials.

    Early lines (up to the content threshold) get the rule's severity; later lines a softer one.
    """
    rule = "trial_not_discussed"
    last = ctx.latest()
    if last is None or last.date is None:
        return []
    line = _current_line(last)
    if line is None:
        return []
    same_line = [c for c in ctx.conversations() if _current_line(c) == line]
    if any(_trials_discussed(c) for c in same_line):
        return []
    text = ctx.text(rule)
    severity = None
    if line > text.thresholds["early_lines"]:
        severity = text.other_severities["severity_later"]
    data = [text.say("line", line=line, date=iso(last.date)), text.say("not_discussed")]
    return [ctx.consideration(rule, data, severity=severity, line=line)]


def option_incomplete(ctx: Context) -> list[Consideration]:
    """An anticancer option in the latest conversation lacks its chances, side effects or time."""
    rule = "option_incomplete"
    last = ctx.latest()
    if last is None:
        return []
    text = ctx.text(rule)
    data = []
    for option in last.treatment_options:
        if not _is_anticancer(option):
            continue
        missing = []
        if option.response_in_100 is None:
            missing.append(text.say("missing_response"))
        if not option.side_effects.strip():
            missing.append(text.say("missing_side_effects"))
        if not option.time_cost.strip():
            missing.append(text.say("missing_time_cost"))
        if missing:
            name = option.name.strip() or "?"
            data.append(text.say("option", option=name, missing=", ".join(missing)))
    return [ctx.consideration(rule, data)] if data else []
