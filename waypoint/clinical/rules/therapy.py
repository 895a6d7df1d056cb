"""Rules about anticancer therapy, treatment options and clinical trials (ASCO 2011, 2012)."""

from __future__ import annotations

import datetime as dt

from waypoint.clinical.rules.base import Consideration, Context, iso, latest_ecog
from waypoint.i18n import _
from waypoint.record.conversation_flow import unconfirmed
from waypoint.record.model import Conversation, TherapyLine, TreatmentOption

#: Answers that show clinical trials were talked about.
TRIAL_DISCUSSED = ("interested", "not_interested", "unsure")
#: Only these lines count towards "no response to earlier lines" (not radiotherapy or surgery).
SYSTEMIC = "systemic"
#: The diagnosis category the stop suggestions do not apply to (their source is about solid tumours).
BLOOD_CANCER = "haematological"
_STOPPING = "anticancer_therapy.stopping_discussed"


def _is_anticancer(option: TreatmentOption) -> bool:
    return not option.comfort_only and option.intent != "comfort_only"


def current_therapy(ctx: Context) -> str | None:
    """What anticancer therapy is current or being considered, in words; None if there is none.

    Current: the latest conversation's line or regimen, or a systemic line in the history with
    a start and no stop. Being considered: an anticancer option in the latest conversation.
    """
    last = ctx.latest()
    if last is not None:
        at = last.anticancer_therapy
        if at.current_regimen.strip():
            return at.current_regimen.strip()
        if at.current_line is not None:
            return _("line {n}").format(n=at.current_line)
        options = [o.name.strip() for o in last.treatment_options if _is_anticancer(o)]
        if any(options):
            return ", ".join(o for o in options if o)
    ongoing = [
        line.regimen.strip() or _("line {n}").format(n=line.line)
        for line in ctx.record.patient.therapy_history
        if line.therapy_type == SYSTEMIC and line.started and line.stopped is None
    ]
    return ", ".join(ongoing) if ongoing else None


def _stopping(ctx: Context) -> tuple[bool, dt.date | None]:
    """Whether the latest conversation settles "stopping discussed", and a carried one's date.

    A "yes" carried forward from an earlier conversation, not confirmed or edited since,
    does not settle it: it answers a question asked about another day's situation.
    """
    last = ctx.latest()
    if last is None or not last.anticancer_therapy.stopping_discussed:
        return False, None
    if unconfirmed(ctx.record, last, _STOPPING):
        source = next((c for c in ctx.record.conversations if c.id == last.carried_from), None)
        return False, source.date if source else None
    return True, None


def _ecog_now(ctx: Context) -> tuple[int, dt.date, int] | None:
    """The latest ECOG with its date and age in days, when dated and recent enough to use."""
    found = latest_ecog(ctx)
    if found is None:
        return None
    ecog, day = found
    if day is None:
        return None
    age = (ctx.today - day).days
    if age > ctx.text("therapy_stop_ecog").thresholds["recent_days"]:
        return None
    return ecog, day, age


def stop_for_ecog(ctx: Context) -> list[Consideration]:
    """A current ECOG in the content range while anticancer therapy is current or considered.

    Not for blood cancers; says so when the category is unrecorded. A carried-forward
    "stopping discussed" that nobody confirmed does not silence it.
    """
    rule = "therapy_stop_ecog"
    text = ctx.text(rule)
    category = ctx.record.patient.diagnosis_category
    therapy = current_therapy(ctx)
    now = _ecog_now(ctx)
    if category == BLOOD_CANCER or therapy is None or now is None:
        return []
    ecog, day, age = now
    if not text.thresholds["ecog_from"] <= ecog <= text.thresholds["ecog_to"]:
        return []
    settled, carried_on = _stopping(ctx)
    if settled:
        return []
    data = [
        text.say("ecog", ecog=ecog, date=iso(day), age=age),
        text.say("therapy", therapy=therapy),
    ]
    if not category:
        data.append(text.say("category_unknown"))
    if carried_on is not None:
        data.append(text.say("carried", date=iso(carried_on)))
    else:
        data.append(text.say("not_discussed"))
    return [ctx.consideration(rule, data, trigger=(ecog, day, therapy, category, carried_on))]


def ecog_unknown(ctx: Context) -> list[Consideration]:
    """Anticancer therapy is current or considered and no dated, recent ECOG is recorded.

    The stop rule needs a current ECOG; saying it is missing is better than staying silent.
    """
    rule = "therapy_stop_ecog_unknown"
    text = ctx.text(rule)
    therapy = current_therapy(ctx)
    if ctx.record.patient.diagnosis_category == BLOOD_CANCER or therapy is None:
        return []
    if _ecog_now(ctx) is not None:
        return []
    recent = ctx.text("therapy_stop_ecog").thresholds["recent_days"]
    found = latest_ecog(ctx)
    if found is None:
        sentence = text.say("unknown")
    elif found[1] is None:
        sentence = text.say("undated", ecog=found[0])
    else:
        age = (ctx.today - found[1]).days
        sentence = text.say("stale", ecog=found[0], date=iso(found[1]), age=age)
    data = [text.say("therapy", therapy=therapy), sentence]
    return [ctx.consideration(rule, data, trigger=(therapy, found), recent_days=f"{recent:g}")]


def _distinct_systemic(history: list[TherapyLine]) -> list[TherapyLine]:
    """Systemic lines, one per line number (the later entry wins), oldest line first.

    The same line entered twice (same regimen and start date under two numbers) counts once.
    """
    by_number: dict[int, TherapyLine] = {}
    for line in history:
        if line.therapy_type == SYSTEMIC:
            by_number[line.line] = line
    seen: set[tuple[str, dt.date | None]] = set()
    distinct: list[TherapyLine] = []
    for number in sorted(by_number):
        line = by_number[number]
        key = (line.regimen.strip().casefold(), line.started)
        if key[0] and key in seen:
            continue
        seen.add(key)
        distinct.append(line)
    return distinct


def failed_run(history: list[TherapyLine], no_response: tuple[str, ...]) -> list[TherapyLine]:
    """The consecutive systemic lines, ending with the latest, whose best response was none.

    A line that responded, or a gap in the numbering, ends the run.
    """
    run: list[TherapyLine] = []
    for line in reversed(_distinct_systemic(history)):
        if line.best_response not in no_response:
            break
        if run and run[-1].line != line.line + 1:
            break
        run.append(line)
    return list(reversed(run))


def stop_for_no_response(ctx: Context) -> list[Consideration]:
    """Enough consecutive systemic lines with progression, and stopping not settled."""
    rule = "therapy_stop_no_response"
    text = ctx.text(rule)
    failed = failed_run(ctx.record.patient.therapy_history, text.codes["no_response"])
    settled, carried_on = _stopping(ctx)
    if len(failed) < text.thresholds["prior_lines"] or settled:
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
    if carried_on is not None:
        data.append(text.say("carried", date=iso(carried_on)))
    else:
        data.append(text.say("not_discussed"))
    return [ctx.consideration(rule, data)]


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
