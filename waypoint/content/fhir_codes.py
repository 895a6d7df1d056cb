"""The codes of the FHIR export from content/fhir_codes.toml, checked as they load.

Every coding the export writes (LOINC terms and answers, HL7 terminology) is data with its
sources, never a literal in Python. The loader refuses a file that lacks a code the export needs,
a LOINC code whose check digit is wrong (a typo that would silently mean something else), or an
answer for a choice no record can hold. A broken file raises
:class:`waypoint.content.bundle.ContentError` naming the entry, like every other content file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from waypoint.content.bundle import (
    Content,
    ContentError,
    Reference,
    load_references,
    read_toml,
    sources_field,
    text_field,
)
from waypoint.i18n import LANGUAGES, _

FILE = "fhir_codes.toml"
LOINC = "http://loinc.org"

#: The codings the export writes, by the key it looks them up with.
CONCEPTS = (
    "mrn",
    "condition_category",
    "condition_active",
    "condition_confirmed",
    "encounter_class",
    "primary_performer",
    "survey",
    "ecog",
    "treatment_preference",
    "treatment_preference_category",
    "care_experience",
    "care_experience_category",
    "advance_directive",
    "proxy",
    "clinical_note",
    "careplan_document",
    "note_document",
    "author",
    "enterer",
)
#: Answer groups: the choices that must have a code, and those that may (the record's choices;
#: tests/waypoint/interop/test_fhir_codes.py keeps them equal to waypoint.record.model's).
ANSWERS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ecog": (("0", "1", "2", "3", "4", "5"), ()),
    "cpr": (("attempt", "do_not_attempt"), ("undecided",)),
    "treatment_level": (("full", "selective", "comfort"), ()),
    "artificial_nutrition": (("long_term", "trial_period", "none"), ("undecided",)),
    "advance_directive": (("yes", "no", "unknown"), ()),
    "language": (LANGUAGES, ()),
}
TEXTS = ("encounter_type", "careplan_title", "note_title")

_SYSTEM = re.compile(r"(https?://[^\s]+|urn:(oid|uuid|ietf):[^\s]+)")
_CODE = re.compile(r"[^\s]+( [^\s]+)*")
_LOINC_TERM = re.compile(r"(\d{1,7})-(\d)")
_LOINC_ANSWER = re.compile(r"LA\d{1,7}-\d")


@dataclass(frozen=True)
class Code:
    """One coding: the code system's URI, the code and the display it gives the code."""

    system: str
    code: str
    display: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class FhirCodes:
    """Every coding and fixed wording of the FHIR export."""

    concepts: Mapping[str, Code]
    answers: Mapping[str, Mapping[str, Code]]
    texts: Mapping[str, str]

    def answer(self, group: str, choice: str) -> Code | None:
        """The code for a stored choice; None when the choice has none (it goes as words)."""
        return self.answers[group].get(choice)


def loinc_check_digit(number: str) -> int:
    """The check digit of a LOINC term number (the Luhn mod-10 scheme LOINC publishes)."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char) * (2 if position % 2 == 0 else 1)
        total += digit // 10 + digit % 10
    return (10 - total % 10) % 10


def _code(where: str, entry: Any, refs: Mapping[str, Reference]) -> Code:
    if not isinstance(entry, dict):
        raise ContentError(FILE, where, _("must be a table"))
    system = text_field(FILE, where, entry, "system")
    code = text_field(FILE, where, entry, "code")
    if not _SYSTEM.fullmatch(system):
        raise ContentError(FILE, where, _("system must be a URI (http://… or urn:oid:…)"))
    if not _CODE.fullmatch(code):
        raise ContentError(FILE, where, _("code must not start or end with a space"))
    if system == LOINC:
        _check_loinc(where, code)
    return Code(
        system,
        code,
        text_field(FILE, where, entry, "display"),
        sources_field(FILE, where, entry, refs),
    )


def _check_loinc(where: str, code: str) -> None:
    if _LOINC_ANSWER.fullmatch(code):
        return  # answer codes carry a check digit of their own scheme, not published as Luhn
    term = _LOINC_TERM.fullmatch(code)
    if term is None or loinc_check_digit(term.group(1)) != int(term.group(2)):
        raise ContentError(
            FILE, where, _("{code} is not a valid LOINC code (check digit)").format(code=code)
        )


def _answers(data: Mapping[str, Any], refs: Mapping[str, Reference]) -> dict[str, dict[str, Code]]:
    raw = data.get("answer", {})
    if not isinstance(raw, dict):
        raise ContentError(FILE, "answer", _("must be a table"))
    answers: dict[str, dict[str, Code]] = {}
    for group, (required, allowed) in ANSWERS.items():
        entries = raw.get(group, {})
        if not isinstance(entries, dict):
            raise ContentError(FILE, f"answer.{group}", _("must be a table"))
        known = set(required) | set(allowed)
        for choice in entries:
            if choice not in known:
                raise ContentError(
                    FILE,
                    f"answer.{group}.{choice}",
                    _("not a choice a record holds ({allowed})").format(
                        allowed=", ".join(sorted(known))
                    ),
                )
        for choice in required:
            if choice not in entries:
                raise ContentError(FILE, f"answer.{group}.{choice}", _("the entry is missing"))
        answers[group] = {
            choice: _code(f"answer.{group}.{choice}", entry, refs)
            for choice, entry in entries.items()
        }
    return answers


def load_fhir_codes(folder: Path) -> FhirCodes:
    """Load and check the FHIR codes of a content folder; raise ContentError on a problem."""
    refs = load_references(folder)
    data = read_toml(folder, FILE)
    raw_concepts = data.get("code", {})
    if not isinstance(raw_concepts, dict):
        raise ContentError(FILE, "code", _("must be a table"))
    concepts: dict[str, Code] = {}
    for key in CONCEPTS:
        if key not in raw_concepts:
            raise ContentError(FILE, f"code.{key}", _("the entry is missing"))
        concepts[key] = _code(f"code.{key}", raw_concepts[key], refs)
    texts_table = data.get("text", {})
    if not isinstance(texts_table, dict):
        raise ContentError(FILE, "text", _("must be a table"))
    texts = {key: text_field(FILE, "text", texts_table, key) for key in TEXTS}
    return FhirCodes(concepts, _answers(data, refs), texts)


@cache
def _codes_for(folder: Path) -> FhirCodes:
    return load_fhir_codes(folder)


def fhir_codes(content: Content) -> FhirCodes:
    """The FHIR codes that belong with ``content`` (read from its folder once)."""
    return _codes_for(content.folder)
