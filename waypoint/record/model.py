"""The record: a patient, their goals-of-care conversations, assessments and care events.

Plain dataclasses. Limits are declared beside each field (see :mod:`waypoint.record.schema`), so the
JSON format, the validation and its messages come from one place. The format is documented in
docs/record-format.md; bump :data:`SCHEMA_VERSION` and add a migration when it changes.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import secrets
from dataclasses import dataclass
from typing import Any

from waypoint.i18n import LANGUAGES as LANGUAGES  # the one list, re-exported for the record
from waypoint.i18n import _
from waypoint.record.schema import (
    ValidationError,
    declared,
    field_label,
    from_json,
    spec,
    to_json,
)

SCHEMA_VERSION = 1

INFORMATION_PREFERENCES = ("", "everything", "big_picture", "ask_family", "not_now")
ORAL_INTAKE = ("", "normal", "moderate", "severe")
RESPONSE_KINDS = ("symptom_relief", "shrinkage", "slower_growth", "longer_life")
OPTION_INTENTS = ("", "disease_control", "symptom_relief", "comfort_only", "trial")
BEST_RESPONSES = ("", "response", "stable", "progression", "not_evaluable")
THERAPY_TYPES = ("systemic", "radiotherapy", "surgery", "other")
STOP_REASONS = ("", "progression", "toxicity", "completed", "patient_choice", "other")
DIAGNOSIS_CATEGORIES = ("", "solid_tumour", "haematological")
REFERRAL_STATES = ("", "not_discussed", "offered", "declined", "referred", "already_seeing")
TRIAL_INTEREST = ("", "interested", "not_interested", "unsure", "not_discussed")
YES_NO_UNKNOWN = ("", "yes", "no", "unknown")
CPR_CHOICES = ("", "attempt", "do_not_attempt", "undecided")
TREATMENT_LEVELS = ("", "full", "selective", "comfort")
NUTRITION_CHOICES = ("", "long_term", "trial_period", "none", "undecided")
DOCUMENT_STATES = ("", "none", "discussed", "in_progress", "completed", "unknown")
STEPPED_MODES = ("stepped", "early")
EVENT_KINDS = (
    "advanced_diagnosis",
    "progression",
    "treatment_change",
    "hospitalization",
    "palliative_care_visit",
    "icu_admission",
    "systemic_therapy",
    "hospice_enrolment",
    "death",
)
#: Events with an end: an admission's ``date`` is the admission, ``end_date`` the discharge.
ADMISSION_KINDS = ("hospitalization", "icu_admission")
#: Where a death happened (NQF 0213/0215/0216 count deaths in acute care and the ICU).
DEATH_PLACES = ("", "home", "hospice_facility", "hospital", "icu", "nursing_facility", "other")
#: The sections of a conversation: ASCO's six elements of individualized care, then goals and values.
SECTIONS = (
    "prognosis",
    "anticancer_therapy",
    "quality_of_life",
    "treatment_options",
    "clinical_trials",
    "transition",
    "goals",
)
#: The highest FACT-L v4 total; the subscale maxima on FactLScores add up to it.
FACT_L_MAX = 136
ESAS_ITEMS = (
    "pain",
    "tiredness",
    "drowsiness",
    "nausea",
    "lack_of_appetite",
    "shortness_of_breath",
    "depression",
    "anxiety",
    "wellbeing",
)

_ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9-]{0,39}")
_NAME = 200
_SHORT = 500


def new_id(prefix: str) -> str:
    """A random identifier that carries no patient information (safe for file names)."""
    return f"{prefix}-{secrets.token_hex(5).upper()}"


@dataclass
class Contact:
    """A person to reach: primary care provider or health-care proxy."""

    name: str = spec("Name", "", max_length=_NAME)
    role: str = spec("Role or relationship", "", max_length=_NAME)
    organization: str = spec("Practice or organization", "", max_length=_SHORT)
    phone: str = spec("Phone", "", max_length=60)
    address: str = spec("Address", "", max_length=_SHORT)


@dataclass
class TherapyLine:
    """One earlier line of anticancer therapy."""

    line: int = spec("Line of therapy", 1, minimum=1, maximum=20)
    regimen: str = spec("Regimen", "", max_length=_SHORT)
    started: dt.date | None = spec("Start date", None)
    stopped: dt.date | None = spec("Stop date", None)
    best_response: str = spec("Best response", "", choices=BEST_RESPONSES)
    # Lines entered before the type existed were lines of systemic therapy.
    therapy_type: str = spec("Type of therapy", "systemic", choices=THERAPY_TYPES)
    reason_stopped: str = spec("Reason stopped", "", choices=STOP_REASONS)


@dataclass
class SteppedCare:
    """Enrolment in stepped (or early) palliative care."""

    enrolled_on: dt.date | None = spec("Enrolment date", None)
    mode: str = spec("Palliative care model", "stepped", choices=STEPPED_MODES)
    baseline_fact_l: float | None = spec(
        "Baseline FACT-L total", None, minimum=0, maximum=FACT_L_MAX
    )

    def check(self, path: str) -> None:
        """Scores carry at most one decimal (prorated FACIT scores such as 21.5)."""
        self.baseline_fact_l = _one_decimal(
            _("Baseline FACT-L total"), f"{path}.baseline_fact_l", self.baseline_fact_l
        )


@dataclass
class Patient:
    """Patient."""

    id: str = spec("Patient id", "", max_length=40, set_by="app")
    given_name: str = spec("Given name", "", max_length=_NAME, required=True)
    family_name: str = spec("Family name", "", max_length=_NAME, required=True)
    mrn: str = spec("Medical record number", "", max_length=60)
    date_of_birth: dt.date | None = spec("Date of birth", None, required=True, not_future=True)
    diagnosis: str = spec("Diagnosis", "", max_length=_SHORT)
    diagnosis_category: str = spec("Solid tumour or blood cancer", "", choices=DIAGNOSIS_CATEGORIES)
    advanced_diagnosis_date: dt.date | None = spec(
        "Date of advanced diagnosis", None, not_future=True
    )
    ecog: int | None = spec("ECOG performance status", None, minimum=0, maximum=5)
    language: str = spec("Preferred language", "en", choices=LANGUAGES)
    travel_minutes: int | None = spec(
        "Travel time to the clinic in minutes", None, minimum=0, maximum=2000
    )
    primary_care_provider: Contact = spec("Primary care provider", factory=Contact)
    health_care_proxy: Contact = spec("Health-care proxy", factory=Contact)
    therapy_history: list[TherapyLine] = spec("Earlier lines of therapy", factory=list)
    stepped_care: SteppedCare = spec("Stepped palliative care", factory=SteppedCare)

    @property
    def display_name(self) -> str:
        """Name as shown in lists and documents."""
        return f"{self.given_name} {self.family_name}".strip()

    def check(self, path: str) -> None:
        """Rules that span fields."""
        if self.id and not _ID_PATTERN.fullmatch(self.id):
            raise ValidationError(
                _("Patient id"), f"{path}.id", self.id, _("letters, digits and hyphens only")
            )
        dob, advanced = self.date_of_birth, self.advanced_diagnosis_date
        if dob and advanced and advanced < dob:
            raise ValidationError(
                _("Date of advanced diagnosis"),
                f"{path}.advanced_diagnosis_date",
                advanced.isoformat(),
                _("a date after the date of birth ({dob})").format(dob=dob.isoformat()),
            )


@dataclass
class PalliativeIndexInputs:
    """Palliative Prognostic Index inputs other than PPS."""

    oral_intake: str = spec("Oral intake", "", choices=ORAL_INTAKE)
    edema: bool | None = spec("Oedema", None)
    dyspnea_at_rest: bool | None = spec("Shortness of breath at rest", None)
    delirium: bool | None = spec("Delirium", None)


@dataclass
class Prognosis:
    """Prognosis and information preferences."""

    understanding: str = spec("What the patient understands about the illness", "")
    information_preference: str = spec(
        "How much the patient wants to know", "", choices=INFORMATION_PREFERENCES
    )
    ecog: int | None = spec("ECOG performance status", None, minimum=0, maximum=5)
    pps: int | None = spec("Palliative Performance Scale", None, minimum=0, maximum=100, step=10)
    ppi: PalliativeIndexInputs = spec("Palliative Prognostic Index", factory=PalliativeIndexInputs)
    median_survival_months: float | None = spec(
        "Estimated median survival in months", None, minimum=0, maximum=240
    )
    function_based: str = spec("Function-based prognosis", "")
    shared: str = spec("What was shared", "")
    reaction: str = spec("How the patient took it", "")


@dataclass
class AnticancerTherapy:
    """Anticancer therapy when evidence supports meaningful benefit."""

    current_line: int | None = spec("Current line of therapy", None, minimum=1, maximum=20)
    current_regimen: str = spec("Current regimen", "", max_length=_SHORT)
    expected_benefit: str = spec("Expected benefit and its evidence", "")
    stopping_discussed: bool | None = spec("Stopping treatment discussed", None)
    time_limited_trial: str = spec(
        "Time-limited trial: what is tried, for how long, what counts as success", ""
    )
    trial_review_date: dt.date | None = spec("Time-limited trial review date", None)
    notes: str = spec("Notes", "")


@dataclass
class QualityOfLife:
    """Quality of life from diagnosis onward."""

    symptoms: str = spec("Symptoms and concerns", "")
    palliative_referral: str = spec("Palliative care referral", "", choices=REFERRAL_STATES)
    referral_date: dt.date | None = spec("Referral date", None)
    stepped_care_enrolled: bool | None = spec("Enrolled in stepped palliative care", None)
    goal_of_therapy: str = spec("Goal of therapy", "")


@dataclass
class TreatmentOption:
    """A treatment option discussed."""

    name: str = spec("Option", "", max_length=_SHORT, required=True)
    comfort_only: bool = spec("Focus on comfort without anticancer therapy", False)
    intent: str = spec("Intent", "", choices=OPTION_INTENTS)
    line: int | None = spec("Line of therapy", None, minimum=1, maximum=20)
    response_in_100: int | None = spec(
        "Chance of response (out of 100)", None, minimum=0, maximum=100
    )
    chance_months: int | None = spec(
        "Time frame of that chance, in months", None, minimum=1, maximum=120
    )
    response_kinds: list[str] = spec(
        "What a response would mean", factory=list, choices=RESPONSE_KINDS
    )
    plain_words: str = spec(
        "What this option is, in plain words for the patient's handout (optional)", ""
    )
    side_effects: str = spec("Main side effects and risks", "")
    time_cost: str = spec("Time cost (visits, infusion hours, travel)", "")
    money_cost: str = spec("Cost in money", "")
    rules_out: str = spec("Alternatives it would rule out", "")
    chosen: bool = spec("Chosen", False)

    @property
    def no_response_in_100(self) -> int | None:
        """The chance of no response, in the same denominator as the chance of response."""
        return None if self.response_in_100 is None else 100 - self.response_in_100


@dataclass
class ClinicalTrials:
    """Clinical trials."""

    interest: str = spec("Interest in clinical trials", "", choices=TRIAL_INTEREST)
    eligibility_known: bool | None = spec("Eligibility known", None)
    trials_considered: str = spec("Trials considered", "")
    referral_made: bool | None = spec("Referred for a trial", None)


@dataclass
class CodeStatus:
    """Code status and treatment level (POLST)."""

    cpr: str = spec("Cardiopulmonary resuscitation", "", choices=CPR_CHOICES)
    treatment_level: str = spec("Treatment level", "", choices=TREATMENT_LEVELS)
    artificial_nutrition: str = spec("Artificial nutrition", "", choices=NUTRITION_CHOICES)


@dataclass
class Transition:
    """Transition to symptom-directed palliative care and advance care planning."""

    hospice_discussed: bool | None = spec("Hospice discussed", None)
    preferred_place_of_care: str = spec("Where the patient wants to be cared for", "")
    preferred_place_for_patient: str = spec(
        "Where they want to be cared for, in the patient's own words for the handout (optional)",
        "",
    )
    home_hospice_available: str = spec(
        "Home hospice reaches the patient's address", "", choices=YES_NO_UNKNOWN
    )
    caregiver: str = spec("Caregiver", "", max_length=_SHORT)
    caregiver_capacity: str = spec("What the caregiver can do", "")
    caregiver_strain: str = spec("Caregiver strain and support", "")
    code_status: CodeStatus = spec("Code status", factory=CodeStatus)
    proxy_confirmed: bool | None = spec("Health-care proxy confirmed", None)
    advance_directive: str = spec("Advance directive", "", choices=DOCUMENT_STATES)
    polst: str = spec("POLST form", "", choices=DOCUMENT_STATES)


@dataclass
class GoalsAndValues:
    """Goals and values, in the patient's own words."""

    goals: str = spec("Goals", "")
    fears: str = spec("Fears and worries", "")
    strengths: str = spec("Sources of strength", "")
    critical_abilities: str = spec("Abilities they cannot imagine living without", "")
    tradeoffs: str = spec("Trade-offs they would or would not accept", "")
    family_knowledge: str = spec("How much the family knows", "")
    distress: int | None = spec("Distress thermometer (0-10)", None, minimum=0, maximum=10)
    psychosocial_referral: str = spec("Psychosocial referral", "", choices=REFERRAL_STATES)
    spiritual_concerns: str = spec("Spiritual concerns and sources of meaning", "")
    financial_concerns: str = spec("Financial worries from illness and treatment", "")


@dataclass
class Plan:
    """Summary and plan."""

    recommendation: str = spec("Recommendation", "")
    goal_of_care: str = spec("Agreed goal of care", "")
    follow_up_date: dt.date | None = spec("Follow-up date", None)
    inform_primary_care: bool = spec("Inform the primary care provider", True)
    next_steps: str = spec("Next steps", "")
    next_steps_for_patient: str = spec(
        "Next steps in plain words for the patient's handout (optional; used there instead)", ""
    )


@dataclass
class Conversation:
    """Goals-of-care conversation."""

    id: str = spec("Conversation id", "", max_length=40, set_by="app")
    date: dt.date | None = spec("Date of the conversation", None, required=True, not_future=True)
    clinician: str = spec("Clinician", "", max_length=_NAME, required=True)
    participants: list[str] = spec("Who was present", factory=list, max_length=_NAME)
    permission_given: bool | None = spec("Permission to talk", None)
    interpreter_needed: bool | None = spec("Interpreter needed", None)
    prognosis: Prognosis = spec("Prognosis", factory=Prognosis)
    anticancer_therapy: AnticancerTherapy = spec("Anticancer therapy", factory=AnticancerTherapy)
    quality_of_life: QualityOfLife = spec("Quality of life", factory=QualityOfLife)
    treatment_options: list[TreatmentOption] = spec("Treatment options", factory=list)
    clinical_trials: ClinicalTrials = spec("Clinical trials", factory=ClinicalTrials)
    transition: Transition = spec("Transition and advance care planning", factory=Transition)
    goals: GoalsAndValues = spec("Goals and values", factory=GoalsAndValues)
    plan: Plan = spec("Plan", factory=Plan)
    acp_minutes: int = spec(
        "Advance-care-planning minutes", 0, minimum=0, maximum=600, set_by="app"
    )
    skipped: dict[str, str] = spec("Sections skipped, with the reason", factory=dict, set_by="app")
    carried_from: str = spec(
        "Conversation this one was carried forward from", "", max_length=40, set_by="app"
    )
    amends: str = spec(
        "Conversation this one corrects (an amendment; the original is kept)",
        "",
        max_length=40,
        set_by="app",
    )
    recorded_by: str = spec(
        "Who entered it in Waypoint (the clinician signed in)", "", max_length=_NAME, set_by="app"
    )
    confirmed: list[str] = spec(
        "Carried-forward parts the clinician confirmed",
        factory=list,
        choices=(*SECTIONS, "plan"),
        set_by="app",
    )

    def check(self, path: str) -> None:
        """Rules that span fields."""
        for section in self.skipped:
            if section not in SECTIONS:
                raise ValidationError(
                    _("Skipped section"), f"{path}.skipped", section, ", ".join(SECTIONS)
                )


@dataclass
class EsasScores:
    """ESAS-r scores, each 0 (none) to 10 (worst possible)."""

    pain: int | None = spec("Pain", None, minimum=0, maximum=10)
    tiredness: int | None = spec("Tiredness", None, minimum=0, maximum=10)
    drowsiness: int | None = spec("Drowsiness", None, minimum=0, maximum=10)
    nausea: int | None = spec("Nausea", None, minimum=0, maximum=10)
    lack_of_appetite: int | None = spec("Lack of Appetite", None, minimum=0, maximum=10)
    shortness_of_breath: int | None = spec("Shortness of Breath", None, minimum=0, maximum=10)
    depression: int | None = spec("Depression", None, minimum=0, maximum=10)
    anxiety: int | None = spec("Anxiety", None, minimum=0, maximum=10)
    wellbeing: int | None = spec("Wellbeing", None, minimum=0, maximum=10)
    other_problem_name: str = spec("Other Problem (name)", "", max_length=_NAME)
    other_problem: int | None = spec("Other Problem", None, minimum=0, maximum=10)


@dataclass
class FactLScores:
    """FACT-L subscale scores entered from the licensed form."""

    pwb: float | None = spec("Physical well-being", None, minimum=0, maximum=28)
    swb: float | None = spec("Social/family well-being", None, minimum=0, maximum=28)
    ewb: float | None = spec("Emotional well-being", None, minimum=0, maximum=24)
    fwb: float | None = spec("Functional well-being", None, minimum=0, maximum=28)
    lcs: float | None = spec("Lung cancer subscale", None, minimum=0, maximum=28)

    def total(self) -> float | None:
        """The FACT-L total when every subscale is present (to one decimal)."""
        parts = (self.pwb, self.swb, self.ewb, self.fwb, self.lcs)
        if any(p is None for p in parts):
            return None
        return _tidy(round(sum(p for p in parts if p is not None), 1))

    def check(self, path: str) -> None:
        """Scores carry at most one decimal (prorated FACIT scores such as 21.5)."""
        for name in ("pwb", "swb", "ewb", "fwb", "lcs"):
            label = field_label(FactLScores, name)
            setattr(self, name, _one_decimal(label, f"{path}.{name}", getattr(self, name)))


#: ESAS-r item names as published, declared once on EsasScores; they may not be reworded.
ESAS_NAMES: dict[str, str] = {
    name: str(label) for name, label in declared(EsasScores, "label").items() if name in ESAS_ITEMS
}
#: FACT-L v4 subscales and their maximum scores (each from 0), declared once on FactLScores.
FACT_L_RANGES: dict[str, int] = {
    name: int(top) for name, top in declared(FactLScores, "maximum").items()
}


@dataclass
class Assessment:
    """Assessment."""

    id: str = spec("Assessment id", "", max_length=40, set_by="app")
    date: dt.date | None = spec("Date of the assessment", None, required=True, not_future=True)
    esas: EsasScores | None = spec("ESAS-r", None)
    fact_l_total: float | None = spec("FACT-L total", None, minimum=0, maximum=FACT_L_MAX)
    fact_l: FactLScores | None = spec("FACT-L subscales", None)
    ecog: int | None = spec("ECOG performance status", None, minimum=0, maximum=5)
    pps: int | None = spec("Palliative Performance Scale", None, minimum=0, maximum=100, step=10)
    recorded_by: str = spec(
        "Who entered it in Waypoint (the clinician signed in)", "", max_length=_NAME, set_by="app"
    )

    def check(self, path: str) -> None:
        """The total must agree with the subscales when both are given; one decimal at most."""
        self.fact_l_total = _one_decimal(
            _("FACT-L total"), f"{path}.fact_l_total", self.fact_l_total
        )
        if self.fact_l is not None and self.fact_l_total is not None:
            total = self.fact_l.total()
            if total is not None and abs(total - self.fact_l_total) > 0.05:
                raise ValidationError(
                    _("FACT-L total"),
                    f"{path}.fact_l_total",
                    self.fact_l_total,
                    _("the sum of the subscales ({total})").format(total=total),
                )


@dataclass
class CareEvent:
    """Care event."""

    id: str = spec("Event id", "", max_length=40, set_by="app")
    date: dt.date | None = spec("Date of the event", None, required=True, not_future=True)
    kind: str = spec("Kind of event", "", choices=EVENT_KINDS, required=True)
    note: str = spec("Note", "")
    end_date: dt.date | None = spec("Discharge date (admissions only)", None, not_future=True)
    place: str = spec("Place of death (deaths only)", "", choices=DEATH_PLACES)
    recorded_by: str = spec(
        "Who entered it in Waypoint (the clinician signed in)", "", max_length=_NAME, set_by="app"
    )

    def check(self, path: str) -> None:
        """A discharge belongs to an admission and follows it; a place only to a death."""
        if self.end_date is not None:
            if self.kind not in ADMISSION_KINDS:
                raise ValidationError(
                    _("Discharge date (admissions only)"),
                    f"{path}.end_date",
                    self.end_date.isoformat(),
                    _("blank for this kind of event"),
                )
            if self.date is not None and self.end_date < self.date:
                raise ValidationError(
                    _("Discharge date (admissions only)"),
                    f"{path}.end_date",
                    self.end_date.isoformat(),
                    _("a date on or after the admission ({date})").format(
                        date=self.date.isoformat()
                    ),
                )
        if self.place and self.kind != "death":
            raise ValidationError(
                _("Place of death (deaths only)"),
                f"{path}.place",
                self.place,
                _("blank for this kind of event"),
            )


@dataclass
class Dismissal:
    """A consideration the clinician set aside, and why."""

    consideration: str = spec("Consideration", "", max_length=120, required=True, set_by="app")
    reason: str = spec("Reason", "", required=True, set_by="app")
    clinician: str = spec("Clinician", "", max_length=_NAME, set_by="app")
    date: dt.date | None = spec("Date", None, set_by="app")
    conversation_id: str = spec("Conversation id", "", max_length=40, set_by="app")
    # A fingerprint of the data that triggered the consideration (no readable record data):
    # the dismissal holds only while that data is the same.
    trigger: str = spec("Triggering data (fingerprint)", "", max_length=64, set_by="app")


@dataclass
class Record:
    """Patient record."""

    schema_version: int = spec(
        "Schema version", SCHEMA_VERSION, minimum=1, maximum=SCHEMA_VERSION, set_by="app"
    )
    patient: Patient = spec("Patient", factory=Patient)
    conversations: list[Conversation] = spec("Conversations", factory=list)
    assessments: list[Assessment] = spec("Assessments", factory=list)
    events: list[CareEvent] = spec("Care events", factory=list)
    dismissals: list[Dismissal] = spec("Dismissed considerations", factory=list)

    def current_conversations(self) -> list[Conversation]:
        """The conversations as they stand: each amended one replaced by its amendment."""
        amended = {c.amends for c in self.conversations if c.amends}
        return [c for c in self.conversations if c.id not in amended]

    def amendment_of(self, conversation: Conversation) -> Conversation | None:
        """The conversation that amends ``conversation``, if there is one."""
        return next(
            (c for c in self.conversations if c.amends and c.amends == conversation.id), None
        )

    def latest_conversation(self) -> Conversation | None:
        """The most recent current conversation by date (the last entered on a tie)."""
        dated = [(c.date or dt.date.min, i, c) for i, c in enumerate(self.conversations)]
        current = {id(c) for c in self.current_conversations()}
        dated = [t for t in dated if id(t[2]) in current]
        return max(dated, key=lambda t: (t[0], t[1]))[2] if dated else None

    def attribute_new_entries(self, clinician: str, saved: Record | None) -> None:
        """Name ``clinician`` on each conversation, assessment, event and dismissal that names
        nobody and is not in ``saved`` (the stored version): entries saved before keep theirs."""
        if not clinician:
            return
        known = {e.id for e in _entries(saved)} if saved is not None else set()
        for entry in _entries(self):
            if not entry.recorded_by and not (entry.id and entry.id in known):
                entry.recorded_by = clinician
        for dismissal in self.dismissals:
            if not dismissal.clinician and (saved is None or dismissal not in saved.dismissals):
                dismissal.clinician = clinician

    def assign_ids(self) -> None:
        """Give every new part of the record an identifier."""
        if not self.patient.id:
            self.patient.id = new_id("P")
        for items, prefix in (
            (self.conversations, "C"),
            (self.assessments, "A"),
            (self.events, "E"),
        ):
            for item in items:
                if not item.id:
                    item.id = new_id(prefix)


def _tidy(value: float) -> float:
    # Whole scores stay whole numbers, so a record round-trips as it was written (91, not 91.0).
    return int(value) if float(value).is_integer() else value


def _one_decimal(label: str, path: str, value: float | None) -> float | None:
    """``value`` with at most one decimal, or ValidationError; whole numbers kept whole."""
    if value is None:
        return None
    if abs(value * 10 - round(value * 10)) > 1e-6:
        raise ValidationError(label, path, value, _("a score with at most one decimal (21.5)"))
    return _tidy(round(value, 1))


def _entries(record: Record) -> list[Conversation | Assessment | CareEvent]:
    return [*record.conversations, *record.assessments, *record.events]


def record_from_json(data: object) -> Record:
    """Validate parsed JSON as a record; raise :class:`ValidationError` naming the first problem."""
    if isinstance(data, dict):
        version = data.get("schema_version")
        if isinstance(version, int) and not isinstance(version, bool) and version > SCHEMA_VERSION:
            raise ValidationError(
                _("Schema version"),
                "record.schema_version",
                version,
                _("{n} or lower: this record was written by a newer Waypoint").format(
                    n=SCHEMA_VERSION
                ),
            )
    return from_json(Record, data, "record")


def record_from_text(text: str) -> Record:
    """Parse and validate a record from JSON text."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _("Record file"), f"line {exc.lineno}, column {exc.colno}", exc.msg, _("valid JSON")
        ) from None
    return record_from_json(data)


def record_to_json(record: Record) -> dict[str, Any]:
    """The JSON-ready form of a record."""
    data: dict[str, Any] = to_json(record)
    return data
