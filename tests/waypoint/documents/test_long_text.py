"""Every text the record format accepts prints in every document (issue 11).

The free-text fields are found by walking the record's dataclasses and their declared limits
(:mod:`waypoint.record.schema`), so a field added to the model later is covered without editing this
file. Each is set to its maximum length — realistic words with accents, Greek, Cyrillic,
Chinese, long words, markup characters and paragraph breaks — one at a time and then all at
once, and every document is rendered. A document that prints a field must print it whole, or
(the one-page letter) say where the whole text is.
"""

from __future__ import annotations

import dataclasses
import random
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, Union

import pytest

from tests.waypoint.documents.helpers import CLINIC
from waypoint.clinical.rules import dismiss
from waypoint.content.bundle import shipped_content
from waypoint.documents.careplan import render_careplan
from waypoint.documents.common import format_date
from waypoint.documents.glyphs import printable
from waypoint.documents.handout import render_handout
from waypoint.documents.letter import render_letter
from waypoint.documents.markup import clean
from waypoint.documents.note import render_note
from waypoint.documents.wording import document_wording
from waypoint.record.model import Record
from waypoint.record.sample import sample_record
from waypoint.record.schema import DEFAULT_MAX_TEXT, validate

#: Fields of at most this many characters hold identifiers Waypoint generates (``new_id``) and
#: no document prints; every longer text field is something a person typed.
ID_LIMIT = 40
#: Fields no document prints, and why. A new field that no document prints fails the test
#: until it is printed or listed here.
NOT_PRINTED = {
    "events[0].note": "care events feed the stepped-care schedule; their notes are not printed",
    "dismissals[0].trigger": "a one-way fingerprint of the triggering data, not readable",
    "assessments[0].esas.other_problem_name": "documents print the latest ESAS-r only",
    "assessments[0].recorded_by": "who entered an assessment shows in the audit view",
    "events[0].recorded_by": "who recorded an event shows in the audit view",
}

#: Plain-language wording written for the patient: it prints in the handout, and the chart
#: documents print the clinician's own wording of the same thing instead.
PATIENT_FACING = {
    "conversations[0].treatment_options[0].plain_words": "the option in the handout's words",
    "conversations[0].plan.next_steps_for_patient": "next steps in the handout's words",
    "conversations[0].transition.preferred_place_for_patient": "place of care, patient's words",
}

#: Words as people type them: accents, Greek, Cyrillic, Chinese (printed as a placeholder),
#: long words, markup characters and quotes.
_SAID = (
    "I want to be at home with my dog and my two sons on Sundays when the garden is green "
    "señora Núñez café mañana Łukasz Zoë naïve Ἀθῆναι Αλέξης ελπίδα Дмитрий надежда дом "
    "希望 家 a<b & c>d \"quoted\" 'single' O'Brien-Łukasz 3½ 100% (maybe) — "
    "pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism "
    "Donaudampfschifffahrtsgesellschaftskapitän"
)
WORDS = tuple(_SAID.split())


def realistic_text(limit: int, seed: int) -> str:
    """Exactly ``limit`` characters of varied words, starting and ending with a unique tag."""
    rng = random.Random(seed)
    head, tail = f"Begin{seed:03d}q", f"Finish{seed:03d}q."
    parts = [head]
    size = len(head)
    budget = limit - len(tail) - 1
    while True:
        word = rng.choice(WORDS)
        sep = "\n\n" if limit > 2000 and rng.random() < 0.01 else " "
        if size + len(sep) + len(word) > budget:
            break
        parts.append(sep + word)
        size += len(sep) + len(word)
    text = "".join(parts)
    text += " " * (budget - len(text)) + " " + tail
    assert len(text) == limit
    return text


@dataclass(frozen=True)
class TextField:
    """One free-text field of a record: where it is and how long it may be."""

    path: tuple[str | int, ...]
    limit: int

    @property
    def name(self) -> str:
        """``conversations[0].goals.goals`` and the like."""
        out = ""
        for step in self.path:
            out += f"[{step}]" if isinstance(step, int) else f".{step}" if out else step
        return out

    def set(self, record: Record, value: str) -> None:
        """Put ``value`` in this field of ``record``."""
        target: Any = record
        for step in self.path[:-1]:
            target = target[step] if isinstance(step, int) else getattr(target, step)
        last = self.path[-1]
        if isinstance(last, int) or isinstance(target, dict):
            target[last] = value
        else:
            setattr(target, last, value)


def _plain(hint: Any) -> Any:
    """``X`` for ``X | None``."""
    if typing.get_origin(hint) in (Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        return args[0]
    return hint


def text_fields(obj: object, path: tuple[str | int, ...] = ()) -> Iterator[TextField]:
    """Every free-text field under ``obj``, from the declared types and limits.

    Lists and dicts are entered through their first item, so the base record must have one.
    """
    hints = typing.get_type_hints(type(obj))
    for f in dataclasses.fields(obj):  # type: ignore[arg-type]
        if f.metadata.get("choices") is not None:
            continue
        hint, value, here = _plain(hints[f.name]), getattr(obj, f.name), (*path, f.name)
        limit = f.metadata.get("max_length") or DEFAULT_MAX_TEXT
        origin = typing.get_origin(hint)
        if hint is str:
            if limit > ID_LIMIT:
                yield TextField(here, limit)
        elif origin in (list, dict):
            item = typing.get_args(hint)[-1]
            if item is not str and not dataclasses.is_dataclass(item):
                continue
            assert value, f"give the base record an item in {here} so its text is tested"
            key = 0 if origin is list else next(iter(value))
            if item is str:
                yield TextField((*here, key), limit)
            else:
                yield from text_fields(value[key], (*here, key))
        elif dataclasses.is_dataclass(hint):
            has_text = any(_plain(h) is not int for h in typing.get_type_hints(hint).values())
            if value is None and has_text:
                pytest.fail(f"give the base record a {hint.__name__} in {here}")
            if value is not None:
                yield from text_fields(value, here)


def base_record() -> Record:
    """The sample record with an example of every list and dict, so every field is reached."""
    record = sample_record()
    conversation = record.conversations[0]
    conversation.skipped = {"clinical_trials": "We ran out of time."}
    # Dismissed on the day of the conversation, so the care plan as of that day lists it.
    assert conversation.date is not None
    dismiss(
        record,
        "acp_billing",
        "Billing is done elsewhere.",
        "Dr. Lindqvist",
        conversation.date,
        content=shipped_content(),
    )
    return record


FIELDS = list(text_fields(base_record()))

Render = Callable[[Record], bytes]
DOCUMENTS: dict[str, Render] = {
    "careplan": lambda r: render_careplan(r, settings=CLINIC, content=shipped_content()),
    "handout en": lambda r: render_handout(
        r, settings=CLINIC, lang="en", content=shipped_content()
    ),
    "handout es": lambda r: render_handout(
        r, settings=CLINIC, lang="es", content=shipped_content()
    ),
    "letter": lambda r: render_letter(r, settings=CLINIC, content=shipped_content()),
    "note": lambda r: render_note(r, content=shipped_content()).encode("utf-8"),
}


def _squash(text: str) -> str:
    """Text without whitespace: lines wrap and long words break where the page says."""
    return "".join(text.split())


def pages_of(name: str, data: bytes) -> list[str]:
    """The document's text, one string per page (the note is one page), whitespace removed."""
    if name == "note":
        return [_squash(data.decode("utf-8"))]
    import io

    from pypdf import PdfReader

    return [_squash(page.extract_text()) for page in PdfReader(io.BytesIO(data)).pages]


def expected(name: str, value: str) -> str:
    """What a document prints for ``value``: PDFs show unprintable scripts as a placeholder."""
    return _squash(clean(value) if name == "note" else printable(clean(value)))


def printed_whole(text: str, pages: list[str]) -> bool:
    """Whether ``text`` runs whole through consecutive pages (the footer sits between them)."""
    rest = text
    for page in pages:
        if not rest:
            break
        low, high = 0, len(rest)  # the longest start of ``rest`` on this page
        while low < high:
            mid = (low + high + 1) // 2
            if rest[:mid] in page:
                low = mid
            else:
                high = mid - 1
        if low >= min(len(rest), 24):
            rest = rest[low:]
    return not rest


def check_document(name: str, data: bytes, values: dict[str, str], pointer: str) -> set[str]:
    """Assert each value the document prints is whole (or shortened with the pointer).

    Returns the names of the fields the document prints.
    """
    pages = pages_of(name, data)
    everything = "".join(pages)
    shown = set()
    for field, value in values.items():
        text = expected(name, value)
        if text[:24] not in everything:
            continue  # this document does not print this field
        shown.add(field)
        if printed_whole(text, pages):
            continue
        assert name == "letter", f"{name} prints {field} but not all of it"
        assert pointer in everything, f"the letter shortens {field} without saying so"
    return shown


def _pointer(record: Record) -> str:
    wording = document_wording(shipped_content()).text["letter"]["shortened_note"]
    conversation = record.latest_conversation()
    assert conversation is not None
    return _squash(wording.format(date=format_date(conversation.date)))


def render_and_check(record: Record, values: dict[str, str]) -> dict[str, set[str]]:
    """Render every document of ``record``; field name → the documents that print it."""
    validate(record)  # the record format accepts every value
    pointer = _pointer(record)
    printed: dict[str, set[str]] = {field: set() for field in values}
    for name, render in DOCUMENTS.items():
        for field in check_document(name, render(record), values, pointer):
            printed[field].add(name)
    return printed


def test_the_fields_come_from_the_schema() -> None:
    names = {f.name for f in FIELDS}
    assert "conversations[0].goals.goals" in names
    assert "conversations[0].treatment_options[0].name" in names
    assert "conversations[0].participants[0]" in names
    assert "conversations[0].skipped.clinical_trials" in names
    assert "patient.health_care_proxy.name" in names
    assert "dismissals[0].reason" in names
    assert not any(name.endswith(".id") for name in names)
    assert len(FIELDS) >= 45


def test_a_twenty_thousand_character_answer_prints_whole_in_every_document() -> None:
    record = base_record()
    value = realistic_text(DEFAULT_MAX_TEXT, 1)
    record.conversations[0].goals.goals = value
    printed = render_and_check(record, {"goals": value})
    assert printed["goals"] == set(DOCUMENTS)


def test_the_letter_says_where_a_shortened_answer_is_whole() -> None:
    record = base_record()
    record.conversations[0].goals.goals = realistic_text(DEFAULT_MAX_TEXT, 2)
    text = "".join(
        pages_of("letter", render_letter(record, settings=CLINIC, content=shipped_content()))
    )
    assert _squash("… (see the care plan)") in text
    assert _squash("The whole text is in the care plan of 2 Nov 2026.") in text
    assert "Finish002q" not in text


@pytest.mark.slow
@pytest.mark.parametrize("field", FIELDS, ids=lambda f: f.name)
def test_each_field_at_its_maximum_prints_in_every_document(field: TextField) -> None:
    record = base_record()
    value = realistic_text(field.limit, FIELDS.index(field))
    field.set(record, value)
    printed = render_and_check(record, {field.name: value})
    if field.name in NOT_PRINTED:
        assert not printed[field.name], f"{field.name} is printed now: remove it from NOT_PRINTED"
    elif field.name in PATIENT_FACING:
        assert {"handout en", "handout es"} <= printed[field.name]
    else:
        assert "careplan" in printed[field.name] or "note" in printed[field.name], (
            f"no chart document prints {field.name}; print it or list it in NOT_PRINTED"
        )


@pytest.mark.slow
@pytest.mark.timeout(
    900
)  # about a million characters through every document: minutes on a busy machine
def test_every_field_at_its_maximum_at_once_prints_in_every_document() -> None:
    record = base_record()
    values = {}
    for i, field in enumerate(FIELDS):
        # Fields no document prints were rendered at their maximum one at a time above; here
        # they keep their example (a dismissal must name a real rule for its reason to print).
        if field.name not in NOT_PRINTED:
            values[field.name] = realistic_text(field.limit, i)
            field.set(record, values[field.name])
    printed = render_and_check(record, values)
    missing = {name for name, docs in printed.items() if not docs}
    assert not missing, f"printed by no document: {sorted(missing)}"
