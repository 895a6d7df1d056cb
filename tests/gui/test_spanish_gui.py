"""The app in Spanish: no English interface string left, Alt-keys unique, every window fits.

Every window and dialog the window-fit harness opens (tests/gui/window_fit_child.py), and every
wizard page, is shown with the Spanish catalogue; each visible text is compared with the
English interface strings (the catalogue's msgids). Wording from content/ (clinical prompts,
choice labels) and what a clinician typed are not interface strings and are not checked here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import QCoreApplication, QEvent, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QPlainTextEdit,
    QTabWidget,
    QWidget,
    QWizard,
)

from gui.app import create_application
from gui.assessment_dialog import ESAS_NAMES
from gui.language import apply_interface_language, choose_interface_language, saved_choice
from gui.mnemonics import plain_text
from tests.gui.shortcuts import alt_key, visible_keys
from tests.gui.test_mnemonics import _inputs
from tests.gui.test_window_fit import SCREENS, open_every_window, problems_in
from tests.gui.window_fit_child import Windows
from tests.helpers import ScriptedAsk
from waypoint.i18n import LANGUAGE_ENV, LANGUAGES, _, language

ROOT = Path(__file__).resolve().parents[2]
SPANISH_PO = ROOT / "locale" / "es" / "LC_MESSAGES" / "waypoint.po"


@cache
def content_wording() -> frozenset[str]:
    """Every text in content/: clinical wording with its own languages, not the catalogue's."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, str):
            found.add(value.strip())
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for path in (ROOT / "content").rglob("*.toml"):
        walk(tomllib.loads(path.read_text(encoding="utf-8")))
    return frozenset(found)


def english_only_strings() -> set[str]:
    """Interface strings as shown in English whose Spanish differs ("FACT-L", "No" do not).

    Left out: texts content/ also holds (a section title "Prognosis", a choice "Referred"),
    and the ESAS-r item names, shown exactly as published in English (gui/assessment_dialog.py).
    """
    with SPANISH_PO.open("rb") as po:
        catalogue = read_po(po, locale="es")
    found = set()
    for m in catalogue:
        if not m.id or "{" in str(m.id):
            continue  # a text with a placeholder is never shown as it stands
        english, spanish = plain_text(str(m.id)).strip(), plain_text(str(m.string)).strip()
        if english and english != spanish:
            found.add(english)
    return found - content_wording() - set(ESAS_NAMES.values())


def _item_texts(widget: QWidget) -> Iterator[str]:
    if isinstance(widget, QComboBox):
        yield from (widget.itemText(i) for i in range(widget.count()))
    elif isinstance(widget, QAbstractSpinBox):
        yield widget.specialValueText()
        yield from (widget.suffix(), widget.prefix()) if hasattr(widget, "suffix") else ()
    elif isinstance(widget, QTabWidget):
        yield from (widget.tabText(i) for i in range(widget.count()))
    elif isinstance(widget, QHeaderView) and widget.model() is not None:
        for section in range(widget.count()):
            yield str(widget.model().headerData(section, widget.orientation()) or "")


def shown_texts(window: QWidget) -> Iterator[str]:
    """Every text a person sees (or hears from a screen reader) in ``window`` now."""
    yield window.windowTitle()
    if isinstance(window, QMainWindow):
        for action in window.menuBar().actions():
            yield action.text()
            menu = action.menu()
            if menu is not None:
                yield from (a.text() for a in menu.actions())
    for widget in window.findChildren(QWidget):
        if not widget.isVisible():
            continue
        yield widget.accessibleName()
        yield widget.toolTip()
        if isinstance(widget, QLabel | QAbstractButton):
            yield widget.text()
        elif isinstance(widget, QGroupBox):
            yield widget.title()
        if isinstance(widget, QLineEdit | QPlainTextEdit):
            yield widget.placeholderText()
        yield from _item_texts(widget)


def _pieces(text: str) -> Iterator[str]:
    """A shown text and, for rich text, each line and each part before or after a colon."""
    yield plain_text(text).strip()
    if "<" in text:
        document = QTextDocument()
        document.setHtml(text)
        text = document.toPlainText()
    for line in text.splitlines():
        for part in re.split(r": |\(|\)", line):
            yield part.strip()


def english_left(window: QWidget, english: set[str]) -> list[str]:
    content = content_wording()  # a choice such as "Early palliative care (every 4 weeks)"
    texts = [t for t in shown_texts(window) if plain_text(t).strip() not in content]
    return sorted({p for t in texts for p in _pieces(t) if p in english})


def duplicate_keys(widgets: set[QWidget]) -> list[tuple[str, str]]:
    found = visible_keys(widgets)
    keys = [key for key, _text in found]
    return [(k, t) for k, t in found if keys.count(k) > 1]


def _settle(app: QApplication) -> None:
    for _round in range(10):
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.LayoutRequest)


@pytest.fixture
def spanish(qtbot, qsettings_isolated, monkeypatch) -> Iterator[QApplication]:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(LANGUAGE_ENV, "es")
    monkeypatch.setenv("WAYPOINT_PASSPHRASE", "")
    app = create_application()
    yield app
    apply_interface_language(app, "en")  # the next test sees English again


@pytest.fixture
def windows(spanish: QApplication, tmp_path: Path) -> Iterator[Windows]:
    opened = Windows(tmp_path)  # applies WAYPOINT_LANGUAGE: Spanish
    yield opened
    opened.main.close()


def each_window(windows: Windows) -> Iterator[tuple[str, QWidget]]:
    for name, factory in windows.each():
        window: Any = factory()
        window.show()
        _settle(windows.app)
        yield name, window
        if window is not windows.main:
            window.close()


def each_wizard_page(windows: Windows) -> Iterator[tuple[str, Any]]:
    wizard: Any = windows.wizard()
    wizard.show()
    for index in range(len(wizard.pages)):
        _settle(windows.app)
        yield type(wizard.currentPage()).__name__, wizard
        if index < len(wizard.pages) - 1:
            wizard.next()
    wizard.close()


@pytest.mark.slow
def test_no_english_interface_string_is_left_in_any_window(windows: Windows) -> None:
    english = english_only_strings()
    assert "Care plan" in english and "Patient" in english  # the check can find something
    left = {name: english_left(window, english) for name, window in each_window(windows)}
    left.update(
        {f"wizard {name}": english_left(w, english) for name, w in each_wizard_page(windows)}
    )
    assert len(left) >= 22  # every window and wizard page was opened
    found = [f"{name}: {texts}" for name, texts in left.items() if texts]
    assert not found, "English left in Spanish:\n" + "\n".join(found)
    assert windows.ask.unexpected == []


@pytest.mark.slow
def test_alt_keys_stay_unique_in_spanish(windows: Windows) -> None:
    clashes = {}
    for name, window in each_window(windows):
        if name != "main_window":  # its Alt-keys are the menu and the search box only
            clashes[name] = duplicate_keys({w for w in window.findChildren(QWidget)})
    for name, wizard in each_wizard_page(windows):
        buttons = [wizard.button(QWizard.WizardButton(which)) for which in range(9)]
        widgets = {
            *wizard.currentPage().findChildren(QWidget),
            *wizard.side.findChildren(QWidget),
            *(b for b in buttons if b is not None),
        }
        clashes[f"wizard {name}"] = duplicate_keys(widgets)
    found = [f"{name}: {keys}" for name, keys in clashes.items() if keys]
    assert not found, "Alt-keys used twice:\n" + "\n".join(found)


@pytest.mark.slow
@pytest.mark.parametrize("screen", ["1024x700 at 100%", "1280x800 at 150%"])
def test_every_window_fits_in_spanish(tmp_path: Path, screen: str, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv(LANGUAGE_ENV, "es")
    report = open_every_window(tmp_path, *SCREENS[screen])
    assert report["language"] == "es"
    assert report["unexpected_questions"] == []
    problems = problems_in(report)
    assert not problems, f"in Spanish on {screen}:\n" + "\n".join(problems)


def test_choosing_spanish_applies_from_the_next_start(
    qtbot, qsettings_isolated, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.delenv(LANGUAGE_ENV, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")  # a system language Waypoint does not speak
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    app = create_application()
    assert apply_interface_language(app) == "en"
    ask = ScriptedAsk()
    ask.choose_answers.append(LANGUAGES.index("es"))
    choose_interface_language(None, ask)
    assert saved_choice() == "es"
    # Told in the language chosen, and nothing on screen changes until Waypoint starts again.
    assert ask.shown[-1] == (
        "inform",
        "Idioma de la interfaz",
        "Waypoint usará Español la próxima vez que se inicie.",
    )
    assert language() == "en"
    try:
        assert apply_interface_language(app) == "es"  # the next start
        assert _("Care plan") == "Plan de cuidados"
        # Qt's own buttons speak Spanish too.
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancelar"
    finally:
        apply_interface_language(app, "en")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"


def test_the_main_window_offers_the_language_choice(windows: Windows) -> None:
    action = windows.main.language_action
    assert action in windows.main.menuBar().actions()[0].menu().actions()
    windows.ask.choose_answers.append(None)  # cancelled: nothing saved
    action.trigger()
    assert windows.ask.shown[-1][0] == "choose" and saved_choice() == ""


def test_a_missing_catalogue_starts_in_english_not_at_all(
    qtbot, qsettings_isolated, monkeypatch, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from waypoint import i18n

    monkeypatch.setattr(i18n, "catalogue_path", lambda lang: tmp_path / "missing.mo")
    app = create_application()
    assert apply_interface_language(app, "es") == "en"
    assert language() == "en"


@pytest.mark.slow
def test_every_wizard_field_is_reached_by_its_spanish_alt_key(windows: Windows, qtbot) -> None:  # type: ignore[no-untyped-def]
    wizard: Any = windows.wizard()
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow, timeout=2000)
    unreached = []
    for index in range(len(wizard.pages)):
        page = wizard.currentPage()
        labels = {
            label.buddy(): label
            for label in page.findChildren(QLabel)
            if label.buddy() is not None and label.isVisible()
        }
        for field in _inputs(page):
            label = labels.get(field)
            key = alt_key(label.text()) if label is not None else None
            if key is None:
                unreached.append(f"{type(page).__name__}: {field.accessibleName()} has no Alt-key")
                continue
            QTest.keyClick(
                QApplication.focusWidget() or wizard, key[-1], Qt.KeyboardModifier.AltModifier
            )
            focused = QApplication.focusWidget()
            if not (focused is field or field.isAncestorOf(focused)):
                unreached.append(
                    f"{type(page).__name__}: {label.text()!r} does not reach its field"
                )
        if index < len(wizard.pages) - 1:
            wizard.next()
    assert unreached == []
