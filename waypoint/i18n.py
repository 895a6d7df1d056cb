"""One translation hook for the whole app, Qt-free so the domain can mark its messages too.

User-facing strings are wrapped in ``_()`` from the start. Catalogues would live in
``locale/<lang>/LC_MESSAGES/waypoint.mo``; until one is shipped, gettext falls back to English.
Clinical wording is not translated here: it lives in content/ with its own language versions.
"""

from __future__ import annotations

import gettext

_translation: gettext.NullTranslations = gettext.NullTranslations()


def _(message: str) -> str:
    """Translate a user-facing interface string."""
    return _translation.gettext(message)


def install(translation: gettext.NullTranslations) -> None:
    """Switch the interface language (used by the GUI at start-up)."""
    global _translation
    _translation = translation
