"""Test set-up: Qt offscreen before anything imports Qt, fixtures for stores and questions."""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before any Qt import, so no display is needed
os.environ.setdefault("WAYPOINT_PASSPHRASE", "")
# Windows sign the clinician in from here (gui/clinician.py); tests of signing in remove it.
os.environ.setdefault("WAYPOINT_CLINICIAN", "Dr. Test Runner")
# English on every computer, whatever its own language (tests/gui/test_spanish_gui.py asks for es).
os.environ.setdefault("WAYPOINT_LANGUAGE", "en")

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import pytest  # noqa: E402


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that uses qtbot is a GUI test, so ``-m "not gui"`` gives a fast run."""
    for item in items:
        if "qtbot" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.gui)


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    """An empty data folder for a store."""
    return tmp_path / "store"


@pytest.fixture
def qsettings_isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """QSettings written under tmp_path, never the developer's own."""
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    yield


@pytest.fixture(autouse=True)
def _no_unexpected_questions():  # type: ignore[no-untyped-def]
    """Fail a test whose code asked the user something the test did not script."""
    from tests.helpers import MODAL_ERRORS, ScriptedAsk

    ScriptedAsk.instances.clear()
    MODAL_ERRORS.clear()
    yield
    if MODAL_ERRORS:
        raise MODAL_ERRORS[0]
    unexpected = [q for ask in ScriptedAsk.instances for q in ask.unexpected]
    assert not unexpected, f"unexpected questions to the user: {unexpected}"
