"""The FHIR R4 export of a record: read back by two FHIR libraries, then checked against the
profile rules of docs/fhir.md (tests/waypoint/interop/fhir_checks.py)."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from tests.waypoint.documents.fixtures import follow_up, long_answer
from tests.waypoint.interop.fhir_checks import (
    attachment,
    by_url,
    check_profile,
    codes,
    parse,
    resources,
)
from waypoint.content.bundle import Content, load_content
from waypoint.interop.fhir import build_bundle, bundle_json
from waypoint.record.model import SECTIONS, Conversation, Record
from waypoint.record.sample import sample_record
from waypoint.record.schema import validate
from waypoint.resources import resource

NOW = dt.datetime(2026, 11, 21, 14, 30, tzinfo=dt.UTC)
KEY = "test-store-key"


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content(resource("content"))


def export(record: Record, content: Content, key: str = KEY) -> dict:  # type: ignore[type-arg]
    bundle = parse(bundle_json(build_bundle(record, content, key=key, now=NOW)))
    check_profile(bundle)
    return bundle


def observations(bundle: dict, code: str) -> list[dict]:  # type: ignore[type-arg]
    return [o for o in resources(bundle, "Observation") if code in codes(o["code"])]


def sparse() -> Record:
    """Name, birth date and one conversation in which every section was skipped."""
    record = Record()
    record.patient.given_name, record.patient.family_name = "Ana", "Ruiz"
    record.patient.date_of_birth = dt.date(1950, 6, 1)
    conversation = Conversation(date=dt.date(2026, 11, 2), clinician="Dr. Ana Kim")
    conversation.skipped = {section: "patient too tired today" for section in SECTIONS}
    # Left over from a carried-forward form: a skipped section's answers are not exported.
    conversation.transition.code_status.cpr = "attempt"
    conversation.goals.goals = "To go home."
    conversation.prognosis.ecog = 2
    record.conversations.append(conversation)
    validate(record)
    return record


def test_the_sample_exports_every_part_it_holds(content: Content) -> None:
    bundle = export(sample_record(), content)
    (patient,) = resources(bundle, "Patient")
    assert patient["birthDate"] == "1954-03-14"
    assert patient["name"][0]["family"] == "Delgado Núñez"
    assert patient["name"][0]["given"] == ["Rosa María"]
    (mrn,) = patient["identifier"]
    assert mrn["value"] == "MRN-204518" and codes(mrn["type"]) == {"MR"}
    (condition,) = resources(bundle, "Condition")
    assert condition["code"]["text"].startswith("Non-small cell lung cancer")
    assert condition["onsetDateTime"] == "2026-05-04"
    (proxy,) = resources(bundle, "RelatedPerson")
    assert proxy["name"][0]["text"] == "Elena Delgado"
    assert codes(proxy["relationship"][0]) == {"HPOWATT"}
    assert proxy["relationship"][0]["text"] == "Daughter"
    (encounter,) = resources(bundle, "Encounter")
    assert encounter["period"] == {"start": "2026-11-02", "end": "2026-11-02"}
    assert [p["name"][0]["text"] for p in resources(bundle, "Practitioner")] == [
        "Dr. Amara Lindqvist"
    ]
    (goal,) = resources(bundle, "Goal")
    assert goal["description"]["text"].startswith("To be at my granddaughter's wedding")


def test_code_status_goes_as_preferences_with_the_polst_answer_codes(content: Content) -> None:
    bundle = export(sample_record(), content)
    preferences = observations(bundle, "75773-2")
    assert [codes(o["valueCodeableConcept"]) for o in preferences] == [
        {"LA33471-6"},  # do not attempt CPR
        {"LA33474-0"},  # selective treatment
        {"LA33490-6"},  # trial period of artificial nutrition
    ]
    assert preferences[0]["valueCodeableConcept"]["text"] == (
        "Cardiopulmonary resuscitation: Do not attempt resuscitation (DNR)"
    )
    assert all(
        codes(o["category"][0]) == {"treatment-intervention-preference"} for o in preferences
    )


def test_ecog_place_of_care_and_advance_directive(content: Content) -> None:
    bundle = export(sample_record(), content)
    ecog = observations(bundle, "89247-1")
    # The conversation's score, then each assessment's, each on its own date.
    assert [(o["effectiveDateTime"], o["valueInteger"]) for o in ecog] == [
        ("2026-11-02", 2),
        ("2026-05-20", 1),
        ("2026-11-02", 2),
    ]
    assert codes(ecog[0]["interpretation"][0]) == {"LA9624-3"}
    (place,) = observations(bundle, "95541-9")
    record = sample_record()
    # The patient's stated preference is in their own words when the clinician wrote them down.
    assert place["valueString"] == record.conversations[-1].transition.preferred_place_for_patient
    (directive,) = observations(bundle, "45473-6")
    assert codes(directive["valueCodeableConcept"]) == {"LA33-6"}  # completed: one exists


def test_place_of_care_falls_back_to_the_clinicians_note(content: Content) -> None:
    record = sample_record()
    record.conversations[-1].transition.preferred_place_for_patient = ""
    (place,) = observations(export(record, content), "95541-9")
    assert place["valueString"] == record.conversations[-1].transition.preferred_place_of_care


def test_the_care_plan_pdf_and_the_note_travel_inline(content: Content) -> None:
    bundle = export(sample_record(), content)
    documents = {
        next(iter(codes(d["type"]))): attachment(d) for d in resources(bundle, "DocumentReference")
    }
    kind, pdf = documents["18776-5"]
    assert kind == "application/pdf" and pdf.startswith(b"%PDF") and len(pdf) > 10_000
    kind, note = documents["11506-3"]
    assert "Rosa María Delgado Núñez" in note.decode("utf-8")


@pytest.mark.parametrize("polst", ["", "in_progress", "completed"])
def test_no_order_is_ever_written(content: Content, polst: str) -> None:
    record = sample_record()
    record.conversations[0].transition.polst = polst
    bundle = export(record, content)
    assert not resources(bundle, "ServiceRequest")
    assert "ServiceRequest" not in json.dumps(bundle)
    assert len(observations(bundle, "75773-2")) == 3  # the preferences, as discussed


def test_provenance_names_who_recorded_what(content: Content) -> None:
    record = sample_record()
    record.conversations[0].recorded_by = "Nurse Jo Park"
    record.assessments[0].recorded_by = "Nurse Jo Park"
    bundle = export(record, content)
    index = by_url(bundle)
    provenances = resources(bundle, "Provenance")
    conversation = provenances[0]
    agents = {
        next(iter(codes(a["type"]))): index[a["who"]["reference"]]["name"][0]["text"]
        for a in conversation["agent"]
    }
    assert agents == {"author": "Dr. Amara Lindqvist", "enterer": "Nurse Jo Park"}
    assert conversation["occurredDateTime"] == "2026-11-02"
    targets = {index[t["reference"]]["resourceType"] for t in conversation["target"]}
    assert targets == {"Encounter", "Observation", "Goal", "DocumentReference"}
    # The assessment entered by the nurse has its own; the other names nobody and has none.
    assert len(provenances) == 2
    assert len(resources(bundle, "Practitioner")) == 2  # one entry per person, however often named


def test_a_sparse_record_with_every_section_skipped(content: Content) -> None:
    bundle = export(sparse(), content)
    kinds = sorted(r["resourceType"] for r in resources(bundle))
    assert kinds == [
        "DocumentReference",
        "DocumentReference",
        "Encounter",
        "Patient",
        "Practitioner",
        "Provenance",
    ]
    (patient,) = resources(bundle, "Patient")
    assert "identifier" not in patient


def test_only_current_conversations_and_the_latest_goals_and_documents(content: Content) -> None:
    record = follow_up()
    bundle = export(record, content)
    assert len(resources(bundle, "Encounter")) == 2
    assert len(resources(bundle, "Goal")) == 1
    assert len(resources(bundle, "DocumentReference")) == 2
    assert [o["valueInteger"] for o in observations(bundle, "89247-1")][:2] == [2, 3]
    amended = sample_record()
    fix = copy.deepcopy(amended.conversations[0])
    fix.id, fix.amends = "C-FIX", amended.conversations[0].id
    fix.goals.goals = "To stay at home."
    amended.conversations.append(fix)
    bundle = export(amended, content)
    assert len(resources(bundle, "Encounter")) == 1
    (goal,) = resources(bundle, "Goal")
    assert goal["description"]["text"] == "To stay at home."


def test_a_20000_character_answer_arrives_whole(content: Content) -> None:
    record = long_answer()
    bundle = export(record, content)
    (goal,) = resources(bundle, "Goal")
    assert goal["description"]["text"] == record.conversations[0].goals.goals.strip()
    assert len(goal["description"]["text"]) >= 19_900


def test_chinese_and_arabic_names(content: Content) -> None:
    record = sample_record()
    record.patient.given_name, record.patient.family_name = "小明", "李"
    record.patient.health_care_proxy.name = "فاطمة الزهراء"
    record.conversations[0].clinician = "د. سمير حداد"
    validate(record)
    payload = bundle_json(build_bundle(record, content, key=KEY, now=NOW))
    assert "小明" in payload.decode("utf-8")  # written as characters, not \\u escapes
    bundle = parse(payload)
    check_profile(bundle)
    (patient,) = resources(bundle, "Patient")
    assert patient["name"][0] == {
        "use": "official",
        "text": "小明 李",
        "family": "李",
        "given": ["小明"],
    }
    (proxy,) = resources(bundle, "RelatedPerson")
    assert proxy["name"][0]["text"] == "فاطمة الزهراء"
    (practitioner,) = resources(bundle, "Practitioner")
    assert practitioner["name"][0]["text"] == "د. سمير حداد"


def test_ids_are_stable_per_store_and_reveal_nothing(content: Content) -> None:
    record = sample_record()
    first = bundle_json(build_bundle(record, content, key=KEY, now=NOW))
    again = bundle_json(build_bundle(record, content, key=KEY, now=NOW))
    other_store = bundle_json(build_bundle(record, content, key="another-store", now=NOW))
    urls = [e["fullUrl"] for e in json.loads(first)["entry"]]
    # The same ids, and every reference the same (the PDF itself carries its making time).
    assert urls == [e["fullUrl"] for e in json.loads(again)["entry"]]
    assert _without_attachments(first) == _without_attachments(again)
    assert not set(urls) & {e["fullUrl"] for e in json.loads(other_store)["entry"]}
    text = first.decode("utf-8")
    for internal in ("P-SAMPLE0001", "C-SAMPLE0001", "A-SAMPLE0001"):
        assert internal not in text


def _without_attachments(payload: bytes) -> dict:  # type: ignore[type-arg]
    bundle = json.loads(payload)
    for document in resources(bundle, "DocumentReference"):
        for part in document["content"]:
            part["attachment"].pop("data")
    return bundle  # type: ignore[no-any-return]


def test_control_characters_never_reach_a_fhir_string(content: Content) -> None:
    record = sample_record()
    record.conversations[0].goals.goals = "To be\x00 at home\x1b.\tWith Elena.\r\n"
    record.patient.diagnosis = "\x07"  # nothing left: no Condition rather than an empty one
    validate(record)
    bundle = export(record, content)
    (goal,) = resources(bundle, "Goal")
    assert goal["description"]["text"] == "To be at home.\tWith Elena."
    assert not resources(bundle, "Condition")
