"""The patient handout: plain words, 14 pt type, in the patient's language (English or Spanish).

All wording comes from content/handout/<lang>.toml; the template only arranges it around what
the patient said and what was decided. The handout records decisions and gives no advice.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from waypoint.content.bundle import Content
from waypoint.documents.common import document_context, pick_conversation
from waypoint.documents.markup import render_template
from waypoint.documents.pdf import render_pdf
from waypoint.documents.wording import HANDOUT_LANGUAGES, HandoutWording, handout_wording
from waypoint.i18n import _
from waypoint.record.model import Conversation, Record
from waypoint.storage.settings import Settings

TEMPLATE = "handout.xml.j2"
#: The handout's body size in points: large print for patients (14 pt or more).
BODY_SIZE = 14


def handout_language(record: Record, lang: str | None) -> str:
    """``lang`` when given, else the patient's preferred language (English as a fallback)."""
    chosen = lang or record.patient.language
    return chosen if chosen in HANDOUT_LANGUAGES else "en"


@dataclass(frozen=True)
class CallPlan:
    """What the "When to call and whom" block says, decided from the record.

    Attributes:
        comfort_first: hospice or comfort-focused care: call the hospice team or the clinic
            first, and show the POLST to paramedics, rather than "call 911".
        hospice: the patient is enrolled in hospice (a line for the hospice team's number).
        on_treatment: on anticancer therapy: fever and chills are warning signs.
        polst_done: a completed POLST to show the paramedics.
    """

    comfort_first: bool
    hospice: bool
    on_treatment: bool
    polst_done: bool


def call_plan(record: Record, conversation: Conversation) -> CallPlan:
    """Whom the patient calls first and which warning signs apply, from what was recorded."""
    day = conversation.date or dt.date.max
    hospice = any(
        e.kind == "hospice_enrolment" and e.date is not None and e.date <= day
        for e in record.events
    )
    skipped = conversation.skipped
    transition = conversation.transition
    comfort = "transition" not in skipped and transition.code_status.treatment_level == "comfort"
    chosen = [o for o in conversation.treatment_options if o.chosen]
    comfort_chosen = bool(chosen) and all(o.comfort_only for o in chosen)
    regimen = conversation.anticancer_therapy.current_regimen
    on_treatment = bool(regimen) and not (hospice or comfort_chosen)
    return CallPlan(
        comfort_first=hospice or comfort or comfort_chosen,
        hospice=hospice,
        on_treatment=on_treatment,
        polst_done="transition" not in skipped and transition.polst == "completed",
    )


def handout_warnings(settings: Settings, conversation: Conversation | None = None) -> list[str]:
    """What a handout printed with these settings lacks, in plain words (no patient data).

    A handout with no number to call leaves a blank line to write it in by hand; the Documents
    window and ``main.py render`` say so, so nobody hands it over without filling it in. With
    ``conversation``, also what the handout leaves out of it because it was written only as a
    clinician's note.
    """
    notices = [] if conversation is None else _left_out(conversation)
    missing = []
    if not settings.clinic_phone.strip():
        missing.append(_("the clinic's phone number"))
    if not settings.after_hours_phone.strip():
        missing.append(_("the after-hours phone number"))
    if missing:
        notices.insert(
            0,
            _(
                "The patient handout is missing {numbers}: it leaves a blank line to write in by "
                "hand before you give it to the patient. Add the numbers in Clinic settings."
            ).format(numbers=_(" and ").join(missing)),
        )
    return notices


def _left_out(conversation: Conversation) -> list[str]:
    """What the handout leaves out or leaves vague: notes with no patient's words beside them,
    and chances of help with no time frame."""
    return _place_left_out(conversation) + _chances_without_time(conversation)


def _place_left_out(conversation: Conversation) -> list[str]:
    transition = conversation.transition
    if "transition" in conversation.skipped:
        return []
    if transition.preferred_place_of_care.strip() and not (
        transition.preferred_place_for_patient.strip()
    ):
        return [
            _(
                "The patient handout does not say where the patient wants to be cared for: only "
                "your note was filled in. To print it, write it in the patient's own words "
                "next to your note on place of care."
            )
        ]
    return []


def _chances_without_time(conversation: Conversation) -> list[str]:
    """A chance of help means little to a patient without "within how long" (IPDAS)."""
    if "treatment_options" in conversation.skipped:
        return []
    # Numbered as on the treatment page: a notice never repeats what was typed in the record.
    vague = [
        str(number)
        for number, o in enumerate(conversation.treatment_options, start=1)
        if o.response_in_100 is not None and o.chance_months is None
    ]
    if not vague:
        return []
    return [
        _(
            "The patient handout gives a chance of help with no time frame (treatment option "
            "{numbers}): add 'Within … months' on the treatment page so the patient knows by "
            "when."
        ).format(numbers=", ".join(vague))
    ]


#: Information preferences that get numbers; the others ("the big picture", "ask my family",
#: "not now") get words, and only "everything" gets what may lie ahead in time.
NUMBERS_FOR = ("", "everything")
#: Upper bounds of the verbal bands for a chance out of 100 (words_few … words_nearly_all).
_WORD_BANDS = ((10, "words_few"), (40, "words_some"), (60, "words_half"), (89, "words_most"))


def chance_words_key(n: int) -> str:
    """The handout entry that says a chance of ``n`` in 100 in words."""
    return next((key for upper, key in _WORD_BANDS if n <= upper), "words_nearly_all")


def _duration(months: float, wording: HandoutWording) -> str:
    ahead = wording.text["ahead"]
    if months < 2:
        return ahead["weeks"].format(n=max(1, round(months * 52 / 12)))
    if months >= 24:
        return ahead["years"].format(n=round(months / 12))
    return ahead["months"].format(n=round(months))


def what_may_lie_ahead(conversation: Conversation, wording: HandoutWording) -> list[str]:
    """Survival scenarios in plain words, only for a patient who asked to know everything.

    Best case, typical and worst case from the median (Kiely 2011); empty when the patient
    did not ask for everything, the prognosis part was skipped or no median was recorded.
    """
    prognosis = conversation.prognosis
    median = prognosis.median_survival_months
    if (
        prognosis.information_preference != "everything"
        or "prognosis" in conversation.skipped
        or not median
    ):
        return []
    ahead = wording.text["ahead"]
    return [
        ahead["intro"],
        ahead["typical"].format(
            low=_duration(median / 2, wording), high=_duration(median * 2, wording)
        ),
        ahead["worst"].format(worst=_duration(median / 4, wording)),
        ahead["best"].format(best=_duration(median * 3, wording)),
    ]


def _join_kinds(kinds: list[str], wording: HandoutWording) -> str:
    words = [wording.text["labels.response_kinds"].get(k, k) for k in kinds]
    if len(words) < 2:
        return "".join(words)
    conjunction = " o " if wording.language == "es" else " or "
    return ", ".join(words[:-1]) + conjunction + words[-1]


def handout_xml(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    lang: str | None = None,
    *,
    content: Content,
    today: dt.date | None = None,
) -> str:
    """The handout as document XML."""
    conversation = pick_conversation(record, conversation)
    wording = handout_wording(content, handout_language(record, lang))
    context: dict[str, Any] = document_context(
        record, conversation, settings or Settings(), content, today
    )
    context.update(
        t=wording.text,
        lang=wording.language,
        hdate=wording.date,
        clinician_phrase=wording.clinician,
        kinds=lambda codes: _join_kinds(list(codes), wording),
        body_size=BODY_SIZE,
        call=call_plan(record, conversation),
        numbers=conversation.prognosis.information_preference in NUMBERS_FOR,
        chance_words=chance_words_key,
        ahead=what_may_lie_ahead(conversation, wording),
    )
    return render_template(TEMPLATE, **context)


def render_handout(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    lang: str | None = None,
    *,
    content: Content,
) -> bytes:
    """The patient handout PDF in ``lang`` (by default the patient's language), as bytes."""
    settings = settings or Settings()
    xml = handout_xml(record, conversation, settings, lang, content=content)
    return render_pdf(xml, page_size=settings.paper_size)
