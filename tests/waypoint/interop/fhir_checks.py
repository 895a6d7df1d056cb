"""Checks of an exported FHIR bundle: two FHIR libraries, then the profile rules they cannot see.

fhir.resources (R4B models, pydantic) checks structure and every datatype; fhirclient's models,
generated from FHIR 4.0.1 itself, refuse any element R4 does not have. On top of that, the rules
of docs/fhir.md: required codes, cardinalities, subject and expressedBy, every reference inside
the bundle, and no order of any kind.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from typing import Any

from fhir.resources.R4B.bundle import Bundle
from fhirclient.models.bundle import Bundle as R4Bundle

LOINC = "http://loinc.org"
UUID_URL = re.compile(r"urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: Resource types the export may write; anything that orders (ServiceRequest, CarePlan with
#: activities, MedicationRequest, Consent…) is not among them.
ALLOWED = {
    "Patient",
    "Condition",
    "RelatedPerson",
    "Practitioner",
    "Encounter",
    "Observation",
    "Goal",
    "DocumentReference",
    "Provenance",
}
CPR = {"LA33470-8", "LA33471-6"}
TREATMENT = {"LA33473-2", "LA33474-0", "LA33475-7"}
NUTRITION = {"LA33489-8", "LA33490-6", "LA33491-4", "LA33492-2"}
ECOG = {"LA9622-7", "LA9623-5", "LA9624-3", "LA9625-0", "LA9626-8", "LA9627-6"}
AD_EXISTS = {"LA33-6", "LA32-8", "LA4489-6"}
OBSERVATION_CODES = {"89247-1", "75773-2", "95541-9", "45473-6"}


def parse(payload: bytes) -> dict[str, Any]:
    """The export as JSON, after both FHIR libraries have read it without complaint."""
    data: dict[str, Any] = json.loads(payload.decode("utf-8"))
    Bundle.model_validate(data)  # R4B models: structure and datatypes
    R4Bundle(data, strict=True)  # FHIR 4.0.1 models: no element R4 lacks
    return data


def resources(bundle: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    """The bundle's resources, of one type when ``kind`` is given."""
    found = [e["resource"] for e in bundle["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def by_url(bundle: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {e["fullUrl"]: e["resource"] for e in bundle["entry"]}


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference" and isinstance(value, str):
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def codes(concept: dict[str, Any]) -> set[str]:
    return {c["code"] for c in concept.get("coding", [])}


def attachment(document: dict[str, Any]) -> tuple[str, bytes]:
    (content,) = document["content"]
    return content["attachment"]["contentType"], base64.b64decode(content["attachment"]["data"])


def check_profile(bundle: dict[str, Any]) -> None:
    """Every rule of docs/fhir.md the libraries cannot check; AssertionError names the first."""
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    assert bundle["timestamp"].endswith(("Z", "+00:00"))
    urls = [e["fullUrl"] for e in bundle["entry"]]
    assert all(UUID_URL.fullmatch(u) for u in urls), "fullUrls are urn:uuid"
    assert len(urls) == len(set(urls)), "fullUrls are unique"
    kinds = {r["resourceType"] for r in resources(bundle)}
    assert kinds <= ALLOWED, f"unexpected resources: {kinds - ALLOWED}"
    unresolved = set(_references(bundle)) - set(urls)
    assert not unresolved, f"{len(unresolved)} reference(s) point outside the bundle"
    index = by_url(bundle)
    (patient_url,) = [u for u, r in index.items() if r["resourceType"] == "Patient"]
    for resource in resources(bundle):
        for key in ("subject", "patient"):
            if key in resource:
                assert resource[key]["reference"] == patient_url, resource["resourceType"]
    for goal in resources(bundle, "Goal"):
        assert goal["expressedBy"]["reference"] == patient_url
        assert goal["lifecycleStatus"] == "active" and goal["description"]["text"].strip()
    for observation in resources(bundle, "Observation"):
        _check_observation(observation)
    for encounter in resources(bundle, "Encounter"):
        assert encounter["status"] == "finished" and encounter["type"]
        for participant in encounter.get("participant", []):
            assert index[participant["individual"]["reference"]]["resourceType"] == "Practitioner"
    for document in resources(bundle, "DocumentReference"):
        assert document["status"] == "current" and codes(document["type"])
        assert len(document["context"]["encounter"]) == 1
        kind, data = attachment(document)
        if kind == "application/pdf":
            assert data.startswith(b"%PDF"), "the care plan decodes to a PDF"
        else:
            assert kind == "text/plain; charset=utf-8" and data.decode("utf-8").strip()
    for provenance in resources(bundle, "Provenance"):
        assert provenance["target"] and provenance["agent"]
        assert provenance["recorded"].endswith(("Z", "+00:00"))
        for agent in provenance["agent"]:
            assert index[agent["who"]["reference"]]["resourceType"] == "Practitioner"
            assert codes(agent["type"]) <= {"author", "enterer"}


def _check_observation(observation: dict[str, Any]) -> None:
    assert observation["status"] == "final" and observation["category"]
    (coding,) = observation["code"]["coding"]
    assert coding["system"] == LOINC and coding["code"] in OBSERVATION_CODES
    assert "effectiveDateTime" in observation
    values = [k for k in observation if k.startswith("value")]
    assert len(values) == 1, "exactly one value"
    code = coding["code"]
    if code == "89247-1":
        assert 0 <= observation["valueInteger"] <= 5
        (interpretation,) = observation["interpretation"]
        assert codes(interpretation) <= ECOG and len(codes(interpretation)) == 1
    elif code == "75773-2":
        value = observation["valueCodeableConcept"]
        assert value["text"].strip()
        assert codes(value) <= CPR | TREATMENT | NUTRITION
    elif code == "95541-9":
        assert observation["valueString"].strip()
    else:
        assert codes(observation["valueCodeableConcept"]) <= AD_EXISTS
