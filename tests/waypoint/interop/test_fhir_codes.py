"""content/fhir_codes.toml: every code the export needs, checked as it loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from waypoint.content.bundle import ContentError
from waypoint.content.fhir_codes import ANSWERS, CONCEPTS, load_fhir_codes, loinc_check_digit
from waypoint.record.model import CPR_CHOICES, LANGUAGES, NUTRITION_CHOICES, TREATMENT_LEVELS
from waypoint.resources import resource
from waypoint.services.content_updates import ContentUpdateError, validate_update


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "content"
    shutil.copytree(resource("content"), copy)
    return copy


def _edit(folder: Path, old: str, new: str) -> None:
    path = folder / "fhir_codes.toml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_shipped_codes_load_with_every_entry_the_export_needs() -> None:
    codes = load_fhir_codes(resource("content"))
    assert set(codes.concepts) == set(CONCEPTS)
    assert codes.concepts["ecog"].code == "89247-1"
    assert codes.answer("cpr", "do_not_attempt").code == "LA33471-6"  # type: ignore[union-attr]
    assert codes.answer("cpr", "undecided") is None  # goes as words, never a made-up code
    assert all(code.sources for code in codes.concepts.values())


def test_answer_groups_follow_the_choices_a_record_holds() -> None:
    def choices(values: tuple[str, ...]) -> set[str]:
        return {v for v in values if v}

    for group, values in (
        ("cpr", CPR_CHOICES),
        ("treatment_level", TREATMENT_LEVELS),
        ("artificial_nutrition", NUTRITION_CHOICES),
        ("language", LANGUAGES),
    ):
        required, allowed = ANSWERS[group]
        assert set(required) | set(allowed) == choices(values), group


@pytest.mark.parametrize(
    ("number", "digit"),
    [("89247", 1), ("75773", 2), ("95541", 9), ("45473", 6), ("11506", 3), ("18776", 5)],
)
def test_loinc_check_digits(number: str, digit: int) -> None:
    assert loinc_check_digit(number) == digit


@pytest.mark.parametrize(
    ("old", "new", "entry", "problem"),
    [
        ('code = "89247-1"', 'code = "89247-2"', "code.ecog", "check digit"),
        ("[code.enterer]", "[code.typist]", "code.enterer", "missing"),
        ("[answer.cpr.do_not_attempt]", "[answer.cpr.dnr]", "answer.cpr.dnr", "not a choice"),
        ('display = "Yes CPR"', 'display = ""', "answer.cpr.attempt", "display"),
        ('sources = ["loinc", "mcode"]', 'sources = ["nowhere"]', "code.ecog", "nowhere"),
        (
            'system = "http://loinc.org"\ncode = "89247-1"',
            'system = "loinc"\ncode = "89247-1"',
            "code.ecog",
            "URI",
        ),
    ],
)
def test_a_broken_entry_is_named(
    folder: Path, old: str, new: str, entry: str, problem: str
) -> None:
    _edit(folder, old, new)
    with pytest.raises(ContentError) as caught:
        load_fhir_codes(folder)
    assert caught.value.file == "fhir_codes.toml" and caught.value.entry == entry
    assert problem in caught.value.problem


def test_a_content_update_with_broken_codes_is_refused(folder: Path) -> None:
    _edit(folder, 'code = "75773-2"', 'code = "75773-3"')
    with pytest.raises(ContentUpdateError, match=r"fhir_codes\.toml"):
        validate_update(folder)
