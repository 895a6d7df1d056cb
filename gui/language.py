"""The interface language: chosen per computer account, applied once at start-up.

Someone who shares a clinic workstation may read Spanish while a colleague reads English, so
the choice is kept per operating-system user (QSettings), not in the clinic's settings.
``WAYPOINT_LANGUAGE`` overrides it for scripts and tests; with neither, the system's language
is used when Waypoint speaks it, else English (waypoint/i18n.py). Every screen takes its
strings when it is built, so a new choice applies at the next start rather than half-way
through an open conversation. Documents are separate: a handout is printed in the patient's
language whatever the screen shows.
"""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QSettings, QTranslator
from PySide6.QtWidgets import QApplication, QWidget

from gui.ask import Ask
from waypoint.applog import logger
from waypoint.i18n import (
    LANGUAGE_NAMES,
    LANGUAGES,
    _,
    choose_language,
    language,
    load_translation,
    use_language,
)

_CHOICE_KEY = "Interface/language"
# Qt's own words (OK, Cancel, Yes, No, the right-click menu of a text box) come from its catalogue.
_QT_CATALOGUE = "qtbase_{lang}"


def saved_choice() -> str:
    """The language this computer account chose ("" when none was chosen)."""
    value = str(QSettings().value(_CHOICE_KEY, "") or "")
    return value if value in LANGUAGES else ""


def save_choice(lang: str) -> None:
    """Remember ``lang`` for this computer account, from the next start on."""
    QSettings().setValue(_CHOICE_KEY, lang)


def apply_interface_language(app: QApplication, lang: str | None = None) -> str:
    """Translate the interface into ``lang`` (default: the chosen one) before any window is built.

    Returns the language used.
    """
    lang = lang or choose_language(saved_choice())
    try:
        use_language(lang)
    except OSError:
        # A damaged installation: start in English rather than not at all (the self-test and
        # tests/test_i18n_catalogues.py catch it before a release).
        logger("language").warning("the catalogue for the interface language cannot be read")
        lang = "en"
        use_language(lang)
    _install_qt_catalogue(app, lang)
    return lang


def _install_qt_catalogue(app: QApplication, lang: str) -> None:
    for old in app.findChildren(QTranslator, "waypointQtCatalogue"):
        app.removeTranslator(old)
        old.deleteLater()
    if lang == "en":
        return
    translator = QTranslator(app)
    translator.setObjectName("waypointQtCatalogue")
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(_QT_CATALOGUE.format(lang=lang), folder):
        app.installTranslator(translator)
    else:
        # Only Qt's standard buttons stay in English; Waypoint's own words are translated.
        logger("language").warning("Qt's catalogue for the interface language is missing")


def choose_interface_language(parent: QWidget | None, ask: Ask) -> None:
    """Ask which language this computer account wants; it applies from the next start."""
    codes = list(LANGUAGES)
    current = codes.index(saved_choice() or language())
    picked = ask.choose(
        parent,
        _("Interface language"),
        _(
            "The language of Waypoint's menus and messages for this computer account. Documents "
            "for patients keep the patient's own language."
        ),
        [LANGUAGE_NAMES[code] for code in codes],
        current,
    )
    if picked is None or codes[picked] == codes[current]:
        return
    chosen = codes[picked]
    save_choice(chosen)
    # Said in the new language: whoever chose it may not read the old one.
    words = load_translation(chosen)
    ask.inform(
        parent,
        words.gettext("Interface language"),
        words.gettext("Waypoint will use {language} the next time it starts.").format(
            language=LANGUAGE_NAMES[chosen]
        ),
    )
