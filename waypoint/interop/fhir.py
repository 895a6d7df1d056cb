"""FHIR R4 (4.0.1) export: one patient's record as a Bundle an EHR can take (docs/fhir.md).

The bundle is a ``collection``: the patient, the diagnosis, the health-care proxy, each current
conversation as an Encounter with what was said in it (ECOG, code-status preferences, where the
patient wants to be cared for, whether an advance directive exists), the patient's goals in their
own words, the latest care plan PDF and EHR note, and Provenance naming who recorded what.

A discussed code status is a preference, never an order: it goes as US Core treatment
intervention preference Observations, and the export writes no ServiceRequest or other order,
even when a POLST is recorded as completed (the signed form, not Waypoint, is the order).

Every reference points at an entry of the bundle by its ``urn:uuid:`` fullUrl. The uuids are
keyed hashes (HMAC-SHA256) of Waypoint's own random record ids with the store's random id: the
same export from the same store gives the same ids, and the ids reveal nothing about the patient.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import uuid
from dataclasses import dataclass, field

from fhir.resources.R4B.bundle import Bundle, BundleEntry
from fhir.resources.R4B.codeableconcept import CodeableConcept
from fhir.resources.R4B.resource import Resource

from waypoint.content.bundle import Content
from waypoint.content.fhir_codes import Code, FhirCodes, fhir_codes
from waypoint.documents.careplan import render_careplan
from waypoint.documents.note import render_note
from waypoint.interop import fhir_resources as res
from waypoint.record.model import Assessment, CodeStatus, Conversation, Record
from waypoint.record.schema import field_label
from waypoint.storage.settings import Settings
from waypoint.storage.store import Store

FHIR_VERSION = "4.0.1"
#: The code-status choices exported as treatment intervention preferences, in form order.
CODE_STATUS_FIELDS = ("cpr", "treatment_level", "artificial_nutrition")


@dataclass
class _Builder:
    """Collects the bundle's entries; one per record part, each with a keyed uuid."""

    record: Record
    content: Content
    codes: FhirCodes
    key: str
    now: dt.datetime
    entries: list[tuple[str, Resource]] = field(default_factory=list)
    _practitioners: dict[str, str] = field(default_factory=dict)

    def url(self, kind: str, local: str) -> str:
        digest = hmac.new(
            self.key.encode("utf-8"), f"fhir/{kind}/{local}".encode(), hashlib.sha256
        ).digest()
        return f"urn:uuid:{uuid.UUID(bytes=digest[:16], version=4)}"

    def add(self, url: str, resource: Resource | None) -> str | None:
        if resource is None:
            return None
        self.entries.append((url, resource))
        return url

    def practitioner(self, name: str) -> str | None:
        """The Practitioner entry for a clinician's name, made once per name."""
        if res.text(name) is None:
            return None
        name = name.strip()
        if name not in self._practitioners:
            url = self.url("practitioner", name)
            self._practitioners[name] = url
            self.add(url, res.practitioner(name))
        return self._practitioners[name]


def build_bundle(
    record: Record,
    content: Content,
    *,
    key: str,
    now: dt.datetime,
    settings: Settings | None = None,
) -> Bundle:
    """The record as a FHIR R4 collection Bundle.

    ``key`` keys the entry ids (the store's id: same store, same ids); ``now`` is the export's
    time, with its time zone. The care plan and note are those of the latest conversation.
    """
    b = _Builder(record, content, fhir_codes(content), key, now)
    p = record.patient
    local = p.id or "patient"
    patient_url = b.url("patient", local)
    b.add(patient_url, res.patient(p, b.codes, content.label("language", p.language)))
    condition_url = b.add(b.url("condition", local), res.condition(p, b.codes, patient_url))
    b.add(b.url("proxy", local), res.proxy(p.health_care_proxy, b.codes, patient_url))
    latest = record.latest_conversation()
    for n, conversation in enumerate(record.current_conversations()):
        _conversation(
            b, conversation, n, patient_url, condition_url, settings, conversation is latest
        )
    for n, assessment in enumerate(record.assessments):
        _assessment(b, assessment, n, patient_url)
    return Bundle(
        type="collection",
        timestamp=now,
        entry=[BundleEntry(fullUrl=url, resource=resource) for url, resource in b.entries],
    )


@dataclass
class _Visit:
    """One conversation while its entries are made: what was said in it, for its Provenance."""

    b: _Builder
    local: str
    date: dt.date | None
    patient_url: str
    encounter_url: str
    clinician: str | None
    said: list[str] = field(default_factory=list)

    def observe(
        self,
        kind: str,
        code: Code,
        category: Code,
        *,
        value_integer: int | None = None,
        value_concept: CodeableConcept | None = None,
        value_string: str | None = None,
        interpretation: Code | None = None,
    ) -> None:
        url = self.b.url(kind, self.local)
        self.b.add(
            url,
            res.observation(
                code,
                category,
                self.date,
                self.patient_url,
                encounter_url=self.encounter_url,
                performer_url=self.clinician,
                value_integer=value_integer,
                value_concept=value_concept,
                value_string=value_string,
                interpretation=interpretation,
            ),
        )
        self.said.append(url)


def _conversation(
    b: _Builder,
    conversation: Conversation,
    n: int,
    patient_url: str,
    condition_url: str | None,
    settings: Settings | None,
    latest: bool,
) -> None:
    local = conversation.id or f"conversation-{n}"
    date, skipped = conversation.date, conversation.skipped
    clinician = b.practitioner(conversation.clinician)
    enterer = b.practitioner(conversation.recorded_by)
    encounter_url = b.url("encounter", local)
    b.add(encounter_url, res.encounter(date, b.codes, patient_url, clinician, condition_url))
    visit = _Visit(b, local, date, patient_url, encounter_url, clinician, [encounter_url])
    ecog = conversation.prognosis.ecog
    if ecog is not None and "prognosis" not in skipped:
        visit.observe(
            "ecog",
            b.codes.concepts["ecog"],
            b.codes.concepts["survey"],
            value_integer=ecog,
            interpretation=b.codes.answer("ecog", str(ecog)),
        )
    if "transition" not in skipped:
        _transition(visit, conversation)
    words = res.text(conversation.goals.goals)
    if latest and words and "goals" not in skipped:
        goal_url = b.url("goal", local)
        b.add(goal_url, res.goal(words, date, patient_url))
        visit.said.append(goal_url)
    if latest:
        visit.said += _documents(b, conversation, settings, patient_url, encounter_url, clinician)
    b.add(
        b.url("provenance", local),
        res.provenance(
            visit.said,
            b.codes,
            occurred=date,
            recorded=b.now,
            author_url=clinician,
            enterer_url=enterer,
        ),
    )


def _transition(visit: _Visit, conversation: Conversation) -> None:
    """Code-status preferences, where to be cared for, and whether a directive exists."""
    b, transition = visit.b, conversation.transition
    for name in CODE_STATUS_FIELDS:
        choice = getattr(transition.code_status, name)
        if not choice:
            continue
        words = f"{field_label(CodeStatus, name)}: {b.content.label(name, choice)}"
        visit.observe(
            f"preference/{name}",
            b.codes.concepts["treatment_preference"],
            b.codes.concepts["treatment_preference_category"],
            value_concept=res.concept(b.codes.answer(name, choice), words),
        )
    # The patient's own words are their stated preference; the clinician's note stands in
    # only when nobody wrote those down.
    place = res.text(transition.preferred_place_for_patient or transition.preferred_place_of_care)
    if place:
        visit.observe(
            "place-of-care",
            b.codes.concepts["care_experience"],
            b.codes.concepts["care_experience_category"],
            value_string=place,
        )
    exists = res.AD_EXISTS.get(transition.advance_directive)
    if exists:
        visit.observe(
            "advance-directive",
            b.codes.concepts["advance_directive"],
            b.codes.concepts["survey"],
            value_concept=res.concept(
                b.codes.answer("advance_directive", exists),
                b.content.label("document_state", transition.advance_directive),
            ),
        )


def _documents(
    b: _Builder,
    conversation: Conversation,
    settings: Settings | None,
    patient_url: str,
    encounter_url: str,
    author_url: str | None,
) -> list[str]:
    """The care plan PDF and the EHR note of the conversation, as printed."""
    local = conversation.id or "latest"
    made = [
        (
            "careplan",
            b.codes.concepts["careplan_document"],
            b.codes.texts["careplan_title"],
            "application/pdf",
            render_careplan(b.record, conversation, settings, content=b.content),
        ),
        (
            "note",
            b.codes.concepts["note_document"],
            b.codes.texts["note_title"],
            "text/plain; charset=utf-8",
            render_note(b.record, conversation, settings, content=b.content).encode("utf-8"),
        ),
    ]
    urls = []
    for kind, code, title, content_type, data in made:
        resource = res.document(
            code,
            b.codes,
            title=title,
            content_type=content_type,
            data=data,
            date=conversation.date,
            now=b.now,
            patient_url=patient_url,
            encounter_url=encounter_url,
            author_url=author_url,
        )
        urls.append(str(b.add(b.url(f"document/{kind}", local), resource)))
    return urls


def _assessment(b: _Builder, assessment: Assessment, n: int, patient_url: str) -> None:
    """An ECOG score entered with an assessment, attributed to whoever entered it."""
    if assessment.ecog is None:
        return
    local = assessment.id or f"assessment-{n}"
    enterer = b.practitioner(assessment.recorded_by)
    url = b.add(
        b.url("assessment-ecog", local),
        res.observation(
            b.codes.concepts["ecog"],
            b.codes.concepts["survey"],
            assessment.date,
            patient_url,
            performer_url=enterer,
            value_integer=assessment.ecog,
            interpretation=b.codes.answer("ecog", str(assessment.ecog)),
        ),
    )
    b.add(
        b.url("assessment-provenance", local),
        res.provenance(
            [str(url)],
            b.codes,
            occurred=assessment.date,
            recorded=b.now,
            author_url=None,
            enterer_url=enterer,
        ),
    )


def bundle_json(bundle: Bundle) -> bytes:
    """The bundle as UTF-8 JSON, indented for a person reading it, names left unescaped."""
    data = json.loads(bundle.model_dump_json(exclude_none=True))
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def export_fhir(
    store: Store,
    patient_id: str,
    content: Content,
    settings: Settings | None = None,
    now: dt.datetime | None = None,
) -> bytes:
    """One patient's record from ``store`` as FHIR JSON; StoreError for an unknown patient."""
    record = store.load(patient_id)
    moment = now or dt.datetime.now(dt.UTC).replace(microsecond=0)
    return bundle_json(
        build_bundle(record, content, key=store.store_id, now=moment, settings=settings)
    )
