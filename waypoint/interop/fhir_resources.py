"""One FHIR R4 resource each from the parts of a Waypoint record (used by waypoint.interop.fhir).

Built with the fhir.resources models, which check structure and datatypes as each resource is
made; the codings come from content/fhir_codes.toml. docs/fhir.md maps every field. Each
function returns a resource or None when the record holds nothing to say (a blank answer is never
sent as an empty element).
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from typing import Any

from fhir.resources.R4B.address import Address
from fhir.resources.R4B.attachment import Attachment
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.coding import Coding
from fhir.resources.R4B.condition import Condition
from fhir.resources.R4B.contactpoint import ContactPoint
from fhir.resources.R4B.documentreference import (
    DocumentReference,
    DocumentReferenceContent,
    DocumentReferenceContext,
)
from fhir.resources.R4B.encounter import Encounter, EncounterParticipant
from fhir.resources.R4B.goal import Goal
from fhir.resources.R4B.humanname import HumanName
from fhir.resources.R4B.identifier import Identifier
from fhir.resources.R4B.observation import Observation
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.patient import PatientCommunication
from fhir.resources.R4B.period import Period
from fhir.resources.R4B.practitioner import Practitioner
from fhir.resources.R4B.provenance import Provenance, ProvenanceAgent
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.relatedperson import RelatedPerson

from waypoint.content.fhir_codes import Code, FhirCodes
from waypoint.record.model import Contact, Patient

#: The record's advance-directive state → whether one exists (content: answer.advance_directive).
#: Discussed or in progress is not yet a directive; a blank state says nothing.
AD_EXISTS = {
    "completed": "yes",
    "none": "no",
    "discussed": "no",
    "in_progress": "no",
    "unknown": "unknown",
}


#: Characters FHIR strings may not hold (below U+0020 other than tab, line feed and return).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text(value: str) -> str | None:
    """``value`` as a FHIR string: control characters dropped, no surrounding blanks; None
    when nothing is left (FHIR strings may not be empty)."""
    cleaned = _CONTROL.sub("", value).strip()
    return cleaned or None


def day(value: dt.date | None) -> Any:
    """A date for a FHIR dateTime element: FHIR allows a bare date there (the day is all a
    record knows), and the models take one, though their annotations name only datetime."""
    return value


def coding(code: Code) -> Coding:
    """A Coding from one content entry."""
    return Coding(system=code.system, code=code.code, display=code.display)


def concept(code: Code | None, words: str | None = None) -> CodeableConcept:
    """A CodeableConcept with the content's coding (if any) and the record's words."""
    return CodeableConcept(coding=[coding(code)] if code else None, text=words)


def ref(url: str) -> Reference:
    """A reference to another entry of the bundle, by its fullUrl."""
    return Reference(reference=url)


def patient(p: Patient, codes: FhirCodes, language_label: str) -> FhirPatient:
    """Patient: names, birth date, MRN and preferred language."""
    identifier = None
    if text(p.mrn):
        identifier = [
            Identifier(use="usual", type=concept(codes.concepts["mrn"]), value=text(p.mrn))
        ]
    given = text(p.given_name)
    return FhirPatient(
        identifier=identifier,
        name=[
            HumanName(
                use="official",
                text=text(p.display_name),
                family=text(p.family_name),
                given=[given] if given else None,
            )
        ],
        birthDate=p.date_of_birth,
        communication=[
            PatientCommunication(
                language=concept(codes.answer("language", p.language), language_label),
                preferred=True,
            )
        ],
    )


def condition(p: Patient, codes: FhirCodes, patient_url: str) -> Condition | None:
    """The advanced cancer diagnosis, as the clinician wrote it (mCODE primary cancer style)."""
    diagnosis = text(p.diagnosis)
    if diagnosis is None:
        return None
    return Condition(
        clinicalStatus=concept(codes.concepts["condition_active"]),
        verificationStatus=concept(codes.concepts["condition_confirmed"]),
        category=[concept(codes.concepts["condition_category"])],
        code=CodeableConcept(text=diagnosis),
        subject=ref(patient_url),
        onsetDateTime=day(p.advanced_diagnosis_date),
    )


def practitioner(name: str) -> Practitioner:
    """A clinician, known to Waypoint by the name they sign in with."""
    return Practitioner(name=[HumanName(text=text(name))])


def proxy(contact: Contact, codes: FhirCodes, patient_url: str) -> RelatedPerson | None:
    """The health-care proxy (health-care power of attorney) named in the record."""
    name = text(contact.name)
    if name is None:
        return None
    phone, address = text(contact.phone), text(contact.address)
    return RelatedPerson(
        active=True,
        patient=ref(patient_url),
        relationship=[concept(codes.concepts["proxy"], text(contact.role))],
        name=[HumanName(text=name)],
        telecom=[ContactPoint(system="phone", value=phone)] if phone else None,
        address=[Address(text=address)] if address else None,
    )


def encounter(
    date: dt.date | None,
    codes: FhirCodes,
    patient_url: str,
    clinician_url: str | None,
    condition_url: str | None,
) -> Encounter:
    """A goals-of-care conversation as a finished ambulatory encounter on its date."""
    participant = None
    if clinician_url:
        participant = [
            EncounterParticipant(
                type=[concept(codes.concepts["primary_performer"])], individual=ref(clinician_url)
            )
        ]
    # The model takes "class" as class_fhir; its type stub knows only the JSON name.
    return Encounter(  # type: ignore[call-arg]
        status="finished",
        type=[CodeableConcept(text=codes.texts["encounter_type"])],
        subject=ref(patient_url),
        participant=participant,
        period=Period(start=day(date), end=day(date)) if date else None,
        reasonReference=[ref(condition_url)] if condition_url else None,
        class_fhir=coding(codes.concepts["encounter_class"]),
    )


def observation(
    code: Code,
    category: Code,
    date: dt.date | None,
    patient_url: str,
    *,
    encounter_url: str | None = None,
    performer_url: str | None = None,
    value_integer: int | None = None,
    value_concept: CodeableConcept | None = None,
    value_string: str | None = None,
    interpretation: Code | None = None,
) -> Observation:
    """A final Observation about the patient; exactly one of the values is given."""
    return Observation(
        status="final",
        category=[concept(category)],
        code=concept(code),
        subject=ref(patient_url),
        encounter=ref(encounter_url) if encounter_url else None,
        effectiveDateTime=day(date),
        performer=[ref(performer_url)] if performer_url else None,
        valueInteger=value_integer,
        valueCodeableConcept=value_concept,
        valueString=value_string,
        interpretation=[concept(interpretation)] if interpretation else None,
    )


def goal(words: str, date: dt.date | None, patient_url: str) -> Goal:
    """The patient's goals in their own words, expressed by the patient."""
    return Goal(
        lifecycleStatus="active",
        description=CodeableConcept(text=words),
        subject=ref(patient_url),
        expressedBy=ref(patient_url),
        startDate=date,
    )


def document(
    kind: Code,
    codes: FhirCodes,
    *,
    title: str,
    content_type: str,
    data: bytes,
    date: dt.date | None,
    now: dt.datetime,
    patient_url: str,
    encounter_url: str,
    author_url: str | None,
) -> DocumentReference:
    """A document of the conversation (the care plan PDF, the EHR note), carried inline."""
    return DocumentReference(
        status="current",
        docStatus="final",
        type=concept(kind),
        category=[concept(codes.concepts["clinical_note"])],
        subject=ref(patient_url),
        date=now,
        author=[ref(author_url)] if author_url else None,
        description=title,
        content=[
            DocumentReferenceContent(
                attachment=Attachment(
                    contentType=content_type,
                    data=base64.b64encode(data),
                    title=title,
                    creation=day(date),
                )
            )
        ],
        context=DocumentReferenceContext(
            encounter=[ref(encounter_url)],
            period=Period(start=day(date), end=day(date)) if date else None,
        ),
    )


def provenance(
    targets: list[str],
    codes: FhirCodes,
    *,
    occurred: dt.date | None,
    recorded: dt.datetime,
    author_url: str | None,
    enterer_url: str | None,
) -> Provenance | None:
    """Who said what and when: the clinician as author, whoever typed it in as enterer."""
    agents = []
    if author_url:
        agents.append(ProvenanceAgent(type=concept(codes.concepts["author"]), who=ref(author_url)))
    if enterer_url:
        agents.append(
            ProvenanceAgent(type=concept(codes.concepts["enterer"]), who=ref(enterer_url))
        )
    if not agents or not targets:
        return None
    return Provenance(
        target=[ref(url) for url in targets],
        occurredDateTime=day(occurred),
        recorded=recorded,
        agent=agents,
    )
