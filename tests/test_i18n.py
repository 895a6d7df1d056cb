"""The interface language: chosen from the environment, the user and the system; applied at use."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from waypoint import i18n
from waypoint.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    N_,
    _,
    choose_language,
    load_translation,
    os_language,
    script_language,
    use_language,
)


@pytest.fixture
def restore_english() -> Iterator[None]:
    yield
    use_language("en")


def test_one_list_of_languages_each_named_in_its_own_words() -> None:
    assert LANGUAGES[0] == "en" and set(LANGUAGES) == set(LANGUAGE_NAMES)
    assert LANGUAGE_NAMES["es"] == "Español"


def test_the_environment_wins_then_the_users_choice_then_the_system() -> None:
    assert choose_language("en", {"WAYPOINT_LANGUAGE": "es", "LANG": "en_US.UTF-8"}) == "es"
    assert choose_language("es", {"LANG": "en_US.UTF-8"}) == "es"
    assert choose_language("", {"LANG": "es_MX.UTF-8"}) == "es"
    assert choose_language(None, {"LANGUAGE": "fr:es_AR", "LANG": "en_US"}) == "es"
    # Unknown everywhere: English, never a guess.
    assert choose_language("de", {"WAYPOINT_LANGUAGE": "xx", "LANG": "fr_FR.UTF-8"}) == "en"
    assert choose_language(None, {"LANG": "C.UTF-8"}) == "en"


def test_system_locale_names_of_posix_and_windows() -> None:
    assert os_language({"LC_ALL": "es_ES@euro"}) == "es"
    assert os_language({"LANG": "es-419"}) == "es"
    assert os_language({"LANG": "Spanish_Mexico.1252"}) == "es"
    assert os_language({"LC_MESSAGES": "en_GB.UTF-8"}) == "en"
    # The first variable set decides, as in gettext: LC_ALL=C is not overridden by LANG.
    assert os_language({"LC_ALL": "C", "LANG": "es_MX.UTF-8"}) is None


def test_scripts_get_english_unless_they_ask() -> None:
    assert script_language({"LANG": "es_MX.UTF-8"}) == "en"
    assert script_language({"WAYPOINT_LANGUAGE": "es"}) == "es"


def test_strings_are_translated_when_used_not_when_marked(restore_english: None) -> None:
    marked = N_("Care plan")  # as a module constant would hold it
    assert marked == "Care plan"
    use_language("es")
    assert i18n.language() == "es"
    assert _(marked) == "Plan de cuidados"
    assert _("Nothing to consider right now.") == "Nada que considerar por ahora."
    use_language("en")
    assert _(marked) == "Care plan"


def test_a_spoken_language_without_its_catalogue_is_an_error(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(i18n, "catalogue_path", lambda lang: tmp_path / "missing.mo")
    with pytest.raises(FileNotFoundError):
        load_translation("es")
    with pytest.raises(ValueError, match="unknown interface language"):
        load_translation("fr")


def test_the_self_test_loads_every_catalogue_and_fails_without_one(monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from waypoint.services.selftest import SelfTestResult, _check_catalogues

    result = SelfTestResult()
    _check_catalogues(result)
    assert result.checks == ["load the interface catalogue (es)"] and result.ok
    monkeypatch.setattr(i18n, "catalogue_path", lambda lang: tmp_path / "missing.mo")
    broken = SelfTestResult()
    _check_catalogues(broken)
    assert broken.failures == ["load the interface catalogue (es) (FileNotFoundError)"]
