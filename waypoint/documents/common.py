"""What every document template sees: the record, the clinic, and small formatting helpers.

Decision support (``waypoint.clinical.rules``) and survival scenarios (``waypoint.clinical.prognosis``) are
looked up when a document is built, so documents work whether or not those modules exist.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waypoint.clinical.prognosis import survival_scenarios as prognosis_scenarios
from waypoint.clinical.rules import Consideration, evaluate
from waypoint.clinical.stepped_care import Schedule, schedule_for_record
from waypoint.clinical.stepped_care import fact_l_series as stepped_fact_l_series
from waypoint.content.bundle import Content
from waypoint.content.stepped import stepped_rules
from waypoint.dates import format_day
from waypoint.record.model import SECTIONS, Contact, Conversation, Record
from waypoint.storage.settings import Settings


def format_date(value: dt.date | None) -> str:
    """Dates in documents: unambiguous in every country (14 Mar 2026), blank for None."""
    return format_day(value) if value else ""


def format_contact(contact: Contact, address: bool = False) -> str:
    """A contact on one line: name, role, organization, phone (and address), blanks left out."""
    parts = [contact.name, contact.role, contact.organization, contact.phone]
    if address:
        parts.append(" ".join(contact.address.split()))
    return ", ".join(p for p in parts if p)


def brief(text: str, limit: int, marker: str) -> str:
    """``text`` on one line, whole when it fits in ``limit`` characters.

    Longer text is cut at a word boundary and ends with ``marker``, which must say that it was
    shortened (and where the whole text is): nothing is ever cut silently. The marker counts
    towards ``limit``, so the shortened text takes no more room than the limit allows.
    """
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = max(limit - len(marker) - 1, 1)
    cut = text[:room].rsplit(" ", 1)[0] if " " in text[:room] else text[:room]
    return f"{cut.rstrip(',;:.')} {marker}"


def covered_sections(conversation: Conversation) -> list[str]:
    """The conversation's sections that were not skipped, in order."""
    return [s for s in SECTIONS if s not in conversation.skipped]


@dataclass(frozen=True)
class ShownConsideration:
    """A consideration as a document shows it: what, why, the basis, and any dismissal.

    ``references`` are the numbers of ``sources`` in the document's one reference list (see
    :func:`number_references`); empty until numbered.
    """

    title: str
    explanation: str
    sources: list[str]
    element: str
    data: str
    dismissed_reason: str
    dismissed_by: str
    id: str = ""
    severity: str = ""
    references: tuple[int, ...] = ()


#: Strongest first: what to discuss, then what to consider, then information (rules.toml).
SEVERITY_ORDER = {"discuss": 0, "consider": 1, "info": 2}
#: Rules that say a goals-of-care conversation is due; the conversation documented answers them.
CONVERSATION_DUE = "conversation_due"


def order_considerations(shown: list[ShownConsideration]) -> list[ShownConsideration]:
    """Strongest first; those set aside after every open one (the order is otherwise kept)."""
    return sorted(
        shown, key=lambda c: (bool(c.dismissed_reason), SEVERITY_ORDER.get(c.severity, 3))
    )


def split_met(
    shown: list[ShownConsideration],
) -> tuple[list[ShownConsideration], list[ShownConsideration]]:
    """(still open, met by the conversation being documented).

    A document of a goals-of-care conversation is evaluated as of that conversation's day, so
    every "conversation due" consideration it raises was triggered on or before it: the
    conversation is the answer, and listing it as due would tell the reader to do it again.
    """
    met = [c for c in shown if c.id.startswith(CONVERSATION_DUE)]
    return [c for c in shown if not c.id.startswith(CONVERSATION_DUE)], met


def number_references(
    shown: list[ShownConsideration],
) -> tuple[list[ShownConsideration], list[str]]:
    """Each source cited once: the considerations with their reference numbers, and the list."""
    refs: list[str] = []
    numbered = []
    for c in shown:
        numbers = []
        for source in c.sources:
            if source not in refs:
                refs.append(source)
            numbers.append(refs.index(source) + 1)
        numbered.append(dataclasses.replace(c, references=tuple(numbers)))
    return numbered, refs


def _source_text(source: Any, content: Content) -> str:
    if isinstance(source, str):
        ref = content.references.get(source)
        return ref.citation if ref else source
    return str(getattr(source, "citation", source))


_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def document_dates(text: str) -> str:
    """ISO dates in rule sentences (2026-11-02) in the documents' one style (2 Nov 2026)."""

    def day(match: re.Match[str]) -> str:
        try:
            return format_date(dt.date(*(int(g) for g in match.groups())))
        except ValueError:  # not a real date: leave the text as it is
            return match.group(0)

    return _ISO_DATE.sub(day, text)


def _sentences(parts: list[str]) -> str:
    """Sentences joined with spaces, each ending in a full stop (never ".;")."""
    kept = [p.strip() for p in parts if p and p.strip()]
    return " ".join(p if p[-1] in ".!?" else p + "." for p in kept)


def _data_text(data: Any) -> str:
    if isinstance(data, dict):
        return document_dates(_sentences([f"{k}: {v}" for k, v in data.items()]))
    if isinstance(data, list | tuple):
        return document_dates(_sentences([str(d) for d in data]))
    return "" if data is None else document_dates(str(data))


def considerations(record: Record, today: dt.date, content: Content) -> list[ShownConsideration]:
    """The decision-support considerations for ``record``, as documents show them."""
    return [_shown(item, content) for item in evaluate(record, today, content)]


def _shown(item: Consideration, content: Content) -> ShownConsideration:
    dismissal = item.dismissal
    by = (dismissal.clinician, format_date(dismissal.date)) if dismissal else ()
    return ShownConsideration(
        title=item.title,
        explanation=item.explanation,
        sources=[_source_text(s, content) for s in item.basis.sources],
        element=item.basis.element,
        data=_data_text(item.basis.data),
        dismissed_reason=dismissal.reason if dismissal else "",
        id=item.id,
        severity=item.severity,
        dismissed_by=" ".join(p for p in by if p),
    )


def survival_scenarios(median: float | None, content: Content) -> list[str] | None:
    """Best case / typical / worst case sentences for ``median`` months, in ``content``'s words."""
    if median is None:
        return None
    try:
        result = prognosis_scenarios(median, content)
    except ValueError:  # e.g. a median of 0: no scenarios to tell
        return None
    return [str(sentence) for sentence in result["sentences"].values()]


def stepped_status(record: Record, today: dt.date, content: Content) -> Schedule | None:
    """The stepped palliative care schedule (step, reasons, what is due); None before enrolment."""
    try:
        return schedule_for_record(record, today, stepped_rules(content))
    except ValueError:  # enrolment after today: nothing to show yet
        return None


@dataclass(frozen=True)
class QualityPoint:
    """One FACT-L total on a date."""

    date: dt.date
    total: float


def fact_l_series(record: Record) -> list[QualityPoint]:
    """Every FACT-L score in the record (subscale-only entries added up), oldest first."""
    return [QualityPoint(day, score) for day, score in stepped_fact_l_series(record)]


@dataclass(frozen=True)
class EsasItem:
    """One ESAS-r item as scored: its published name, 0 to 10, and its band in words."""

    name: str
    score: int
    band: str
    severity: str


def esas_table(
    record: Record, conversation: Conversation, content: Content
) -> tuple[dt.date | None, list[EsasItem]]:
    """The latest ESAS-r up to the conversation's day: its date and each item with its band.

    ESAS-r item names are printed as published (it may be used, not modified); "Other Problem"
    carries the name the patient gave it.
    """
    from waypoint.clinical.assessments import esas_severity
    from waypoint.clinical.rules.symptoms import esas_scores

    day = conversation.date or dt.date.max
    scored = [
        (a.date, i, a)
        for i, a in enumerate(record.assessments)
        if a.esas is not None and a.date is not None and a.date <= day
    ]
    if not scored:
        return None, []
    when, _i, latest = max(scored, key=lambda t: (t[0], t[1]))
    assert latest.esas is not None
    items = []
    for name, score in esas_scores(latest.esas):
        band = esas_severity(score, content)
        items.append(EsasItem(name, score, content.label("esas_severity", band), band))
    return when, items


def esas_lines(
    record: Record, conversation: Conversation, content: Content, notable: bool = False
) -> list[str]:
    """The latest ESAS-r as lines: its date, then each item with its band.

    ``notable`` keeps moderate and severe items only (the one-page letter); with none, the
    list is empty.
    """
    when, items = esas_table(record, conversation, content)
    lines = [
        f"{i.name}: {i.score} ({i.band})"
        for i in items
        if not notable or i.severity in ("moderate", "severe")
    ]
    return [f"{format_date(when)}", *lines] if lines else []


@dataclass(frozen=True)
class PpiSummary:
    """The Palliative Prognostic Index as a document shows it, with where it comes from."""

    score: float
    band: str
    note: str
    partial: bool


def ppi_summary(conversation: Conversation, content: Content) -> PpiSummary | None:
    """The PPI from the conversation's PPS and inputs; None without a PPS.

    Unanswered items count as absent (as the rule does), so the score is then a lower bound and
    ``partial`` says so.
    """
    from waypoint.clinical.prognosis import palliative_prognostic_index, ppi_band, ppi_note

    pr = conversation.prognosis
    if pr.pps is None or content.calculators.living.is_death("pps", pr.pps):
        return None  # PPS 0% in an old record is a death: no index, and the document still prints
    inputs = pr.ppi
    score = palliative_prognostic_index(
        pr.pps,
        inputs.oral_intake or "normal",
        bool(inputs.edema),
        bool(inputs.dyspnea_at_rest),
        bool(inputs.delirium),
        content,
    )
    partial = not inputs.oral_intake or None in (
        inputs.edema,
        inputs.dyspnea_at_rest,
        inputs.delirium,
    )
    return PpiSummary(score, ppi_band(score, content), ppi_note(content), partial)


def format_months(value: float | None) -> str:
    """A number of months as people write it: "30 months", "2.5 months", blank for None."""
    if value is None:
        return ""
    return f"{value:g} month" + ("" if value == 1 else "s")


def document_context(
    record: Record,
    conversation: Conversation,
    settings: Settings,
    content: Content,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """What every document template sees."""
    today = today or dt.date.today()
    # Considerations, stepped care and billing are as of the conversation's own date.
    as_of = min(conversation.date or today, today)
    label: Callable[[str, str], str] = content.label

    def section_title(sid: str) -> str:
        return content.sections[sid].title if sid in content.sections else sid

    covered = covered_sections(conversation)
    return {
        "patient": record.patient,
        "record": record,
        "conversation": conversation,
        "clinic": settings,
        "today": today,
        "as_of": as_of,
        "date": format_date,
        "months": format_months,
        "contact": format_contact,
        "label": label,
        "labels": lambda group, codes: ", ".join(content.label(group, c) for c in codes),
        "section_title": section_title,
        "covered": covered,
        "covered_titles": [section_title(s) for s in covered],
        "chosen": [o for o in conversation.treatment_options if o.chosen],
        "esas": esas_lines(record, conversation, content),
        "esas_notable": esas_lines(record, conversation, content, notable=True),
    }


def pick_conversation(record: Record, conversation: Conversation | None) -> Conversation:
    """``conversation`` or the record's latest; a record without one cannot make documents."""
    conversation = conversation or record.latest_conversation()
    if conversation is None:
        raise ValueError("this record has no conversation to put in a document")
    return conversation


_UNSAFE = re.compile(r"[^\w]+")


def document_file_name(
    record: Record,
    conversation: Conversation,
    document: str,
    suffix: str,
    folder: Path,
    lang: str = "",
) -> Path:
    """A file in ``folder`` for a saved document that names the patient and the date.

    "Delgado-Rosa-careplan-2026-11-02.pdf": family name first, so a folder sorts by patient;
    letters of any script are kept, anything a file system might refuse becomes "-". A name
    already taken gets " (2)", " (3)"… so two patients (or two saves) never overwrite.
    """
    patient = record.patient
    parts = [patient.family_name, patient.given_name, document, lang, str(conversation.date or "")]
    stem = "-".join(p for p in (_UNSAFE.sub("-", x).strip("-_") for x in parts) if p)
    candidate = folder / f"{stem}.{suffix}"
    number = 2
    while candidate.exists():
        candidate = folder / f"{stem} ({number}).{suffix}"
        number += 1
    return candidate
