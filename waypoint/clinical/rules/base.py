"""What a rule returns, and the small toolkit rules share to read a record.

A consideration is never an order: it names a title, a plain explanation, how strongly it is
worded, and its basis (sources, guideline element and the record data that triggered it) so
the clinician can check it independently.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from waypoint.content.bundle import Content, RuleText
from waypoint.record.conversation_flow import unconfirmed
from waypoint.record.model import Conversation, Dismissal, Record


@dataclass(frozen=True)
class Basis:
    """Why a consideration was shown.

    Attributes:
        sources: reference ids (content/references.toml).
        element: the guideline element, in words.
        data: plain sentences naming the record data that triggered it.
    """

    sources: tuple[str, ...]
    element: str
    data: tuple[str, ...]


@dataclass(frozen=True)
class Consideration:
    """Something for the clinician to consider or discuss; never an order or an urgent alert.

    Attributes:
        id: the rule id (stable; dismissals refer to it).
        severity: "info", "consider" or "discuss".
        dismissal: the record's latest dismissal of this id made while the triggering data was
            what it is now; None when there is none (new data brings a dismissed one back).
        trigger: a fingerprint of the triggering data (see :func:`fingerprint`).
    """

    id: str
    title: str
    explanation: str
    severity: str
    basis: Basis
    dismissal: Dismissal | None
    trigger: str = ""


@dataclass(frozen=True)
class Context:
    """What every rule reads: the record, today's date and the loaded content."""

    record: Record
    today: dt.date
    content: Content

    def text(self, rule_id: str) -> RuleText:
        """The content entry of a rule."""
        return self.content.rules[rule_id]

    def conversations(self) -> list[Conversation]:
        """Dated conversations, oldest first (entry order on a tie)."""
        dated = [(c.date, i, c) for i, c in enumerate(self.record.conversations) if c.date]
        return [c for _d, _i, c in sorted(dated, key=lambda t: (t[0], t[1]))]

    def latest(self) -> Conversation | None:
        """The most recent dated conversation."""
        conversations = self.conversations()
        return conversations[-1] if conversations else None

    def consideration(
        self,
        rule_id: str,
        data: Iterable[str],
        severity: str | None = None,
        trigger: Iterable[object] | None = None,
        **values: object,
    ) -> Consideration:
        """Build a rule's consideration from its content, with values filled into the wording.

        ``trigger`` names the record values that made the rule fire; by default the data
        sentences. Pass it when a sentence changes by itself from day to day ("60 days ago"),
        or a dismissal would lapse overnight.
        """
        text = self.text(rule_id)
        title, explanation = text.heading(**values)
        sentences = tuple(data)
        key = fingerprint(sentences if trigger is None else trigger)
        return Consideration(
            id=rule_id,
            title=title,
            explanation=explanation,
            severity=severity or text.severity,
            basis=Basis(text.sources, text.element, sentences),
            dismissal=latest_dismissal(self.record, rule_id, key),
            trigger=key,
        )


Rule = Callable[[Context], list[Consideration]]


def fingerprint(parts: Iterable[object]) -> str:
    """A short one-way digest of the triggering data: comparable, but no readable record data."""
    joined = "\x1f".join(str(p) for p in parts)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:16]


def latest_dismissal(
    record: Record, consideration_id: str, trigger: str | None = None
) -> Dismissal | None:
    """The most recent dismissal of a consideration (by date, then entry order).

    With ``trigger``, only a dismissal made for that same triggering data counts; a dismissal
    from before the trigger existed (blank) never hides anything.
    """
    found = [
        (d.date or dt.date.min, i, d)
        for i, d in enumerate(record.dismissals)
        if d.consideration == consideration_id and (trigger is None or d.trigger == trigger)
    ]
    return max(found, key=lambda t: (t[0], t[1]))[2] if found else None


def iso(day: dt.date) -> str:
    """Dates in considerations are ISO (YYYY-MM-DD): unambiguous in every locale."""
    return day.isoformat()


def advanced_diagnosis(record: Record) -> dt.date | None:
    """The advanced diagnosis date: from the patient details, else the earliest such event."""
    if record.patient.advanced_diagnosis_date is not None:
        return record.patient.advanced_diagnosis_date
    dates = [e.date for e in record.events if e.kind == "advanced_diagnosis" and e.date]
    return min(dates) if dates else None


def latest_ecog(ctx: Context) -> tuple[int, dt.date | None] | None:
    """The most recent ECOG: dated ones from assessments and conversations, else the patient's.

    Nothing dated after ``today`` counts, and neither does an ECOG carried forward into a
    conversation and not confirmed: it is the earlier visit's value, not that day's. ECOG 5
    (death, on the scale) is never a living patient's value: an old record may hold it, and it
    is left out (a death is a care event).
    """

    def living(ecog: int | None) -> bool:
        return ecog is not None and not ctx.content.calculators.living.is_death("ecog", ecog)

    dated: list[tuple[dt.date, int, int]] = []
    for i, a in enumerate(ctx.record.assessments):
        if a.date and a.date <= ctx.today and a.ecog is not None and living(a.ecog):
            dated.append((a.date, i, a.ecog))
    for i, c in enumerate(ctx.conversations()):
        if c.date and c.date <= ctx.today and c.prognosis.ecog is not None:
            if unconfirmed(ctx.record, c, "prognosis.ecog") or not living(c.prognosis.ecog):
                continue
            dated.append((c.date, len(ctx.record.assessments) + i, c.prognosis.ecog))
    if dated:
        day, _i, ecog = max(dated)
        return ecog, day
    if ctx.record.patient.ecog is not None and living(ctx.record.patient.ecog):
        return ctx.record.patient.ecog, None
    return None


def ecog_sentence(ctx: Context, rule_id: str, ecog: int, day: dt.date | None) -> str:
    """The data sentence for an ECOG value, dated when the date is known."""
    text = ctx.text(rule_id)
    if day is None:
        return text.say("ecog_undated", ecog=ecog)
    return text.say("ecog", ecog=ecog, date=iso(day))
