"""One translation hook for the whole app, Qt-free so the domain can mark its messages too.

Interface strings are wrapped in ``_()`` and translated when they are used, never when a module
is imported (a test imports every module with a recording catalogue and fails on any call): a
string needed at import time, in a module constant or a class attribute, is marked with
``N_()`` and passed through ``_()`` where it is shown.

The catalogues are gettext's: ``locale/<lang>/LC_MESSAGES/waypoint.po`` translated by people,
compiled to ``waypoint.mo`` beside it and found through :func:`waypoint.resources.resource`, so
the frozen app finds them too (README, "Translating Waypoint", says how to update them).
English is the source language and needs no catalogue.

This module also holds the one list of languages Waypoint speaks, for the interface and for
the patient's documents alike. Clinical wording is not translated here: it lives in content/
with its own language versions, and a handout's language is the patient's, not the screen's.
"""

from __future__ import annotations

import gettext
import locale
import os
from collections.abc import Mapping
from pathlib import Path

from waypoint.resources import resource

#: Every language Waypoint speaks (interface, handouts, letters), English first.
LANGUAGES = ("en", "es")
#: Each language in its own words, so anyone can find theirs whatever the screen shows.
LANGUAGE_NAMES = {"en": "English", "es": "Español"}
DEFAULT_LANGUAGE = "en"
#: Scripts and tests choose the interface language here; it overrides the user's choice.
LANGUAGE_ENV = "WAYPOINT_LANGUAGE"
DOMAIN = "waypoint"
LOCALE_DIR = "locale"

# Windows names its locales in English ("Spanish_Mexico"); POSIX uses codes ("es_MX.UTF-8").
_OS_LANGUAGE_NAMES = {"english": "en", "spanish": "es"}

_translation: gettext.NullTranslations = gettext.NullTranslations()
_language = DEFAULT_LANGUAGE


def _(message: str) -> str:
    """Translate a user-facing interface string, now, into the interface language."""
    return _translation.gettext(message)


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name for a marker)
    """Mark a string for extraction without translating it: ``_()`` translates it at use."""
    return message


def language() -> str:
    """The interface language in use (a code from :data:`LANGUAGES`)."""
    return _language


def catalogue_path(lang: str) -> Path:
    """The compiled catalogue for ``lang`` (it need not exist)."""
    return resource(f"{LOCALE_DIR}/{lang}/LC_MESSAGES/{DOMAIN}.mo")


def load_translation(lang: str) -> gettext.NullTranslations:
    """The catalogue for ``lang``; English needs none.

    A language in :data:`LANGUAGES` whose catalogue is missing is an installation fault and
    raises FileNotFoundError, rather than silently showing English to someone who chose Spanish.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown interface language {lang!r}")
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()
    with catalogue_path(lang).open("rb") as catalogue:
        return gettext.GNUTranslations(catalogue)


def use_language(lang: str) -> None:
    """Switch the interface language; strings already on screen keep the old one."""
    global _language
    install(load_translation(lang))
    _language = lang


def install(translation: gettext.NullTranslations) -> None:
    """Use ``translation`` for every ``_()`` from now on (tests install recording ones)."""
    global _translation
    _translation = translation


def _language_of(name: str) -> str | None:
    """``es_MX.UTF-8``, ``es-419``, ``Spanish_Mexico.1252`` -> ``es``; None when not spoken."""
    head = name.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    code = _OS_LANGUAGE_NAMES.get(head, head)
    return code if code in LANGUAGES else None


def os_language(environ: Mapping[str, str] = os.environ) -> str | None:
    """The operating system's language if Waypoint speaks it, else None.

    Read the way gettext does (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), then the C library's locale
    (Windows sets no variables).
    """
    for key in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(key, "")
        if value:
            # LANGUAGE may list several ("es_MX:en"); the first one spoken wins.
            for part in value.split(":"):
                found = _language_of(part)
                if found:
                    return found
            return None
    current = locale.getlocale(locale.LC_CTYPE)[0] or ""
    return _language_of(current) if current else None


def script_language(environ: Mapping[str, str] = os.environ) -> str:
    """The command line's language: WAYPOINT_LANGUAGE, else English.

    Never the system's: a script that reads Waypoint's output must get the same words on every
    computer.
    """
    value = environ.get(LANGUAGE_ENV, "").strip()
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def choose_language(chosen: str | None = None, environ: Mapping[str, str] = os.environ) -> str:
    """The interface language: WAYPOINT_LANGUAGE, then the user's choice, then the system's.

    English when none of them names a language Waypoint speaks.
    """
    for candidate in (environ.get(LANGUAGE_ENV, "").strip(), (chosen or "").strip()):
        if candidate in LANGUAGES:
            return candidate
    return os_language(environ) or DEFAULT_LANGUAGE
