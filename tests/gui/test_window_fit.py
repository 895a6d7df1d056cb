"""Every window fits the screen it opens on: small screens, 150 % scaling, remembered geometry.

Each screen size runs in its own process (one QApplication per process; the offscreen
platform reads the screen from a config file), which opens every top-level window and dialog
with a long-named patient and a full conversation and reports where everything landed.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMainWindow, QWidget

from gui.screen_fit import FRAME_ALLOWANCE, fit_window, fitted_rect, geometry_key

ROOT = Path(__file__).resolve().parents[2]

#: name -> (width, height, logical dpi). A logical dpi of 144 makes Qt lay out at 150 %: the
#: 1280x800 screen becomes 853x533 logical pixels. (The offscreen "dpr" key would not: it
#: keeps the geometry and only scales the backing store, as on macOS.)
SCREENS = {
    "1024x700 at 100%": (1024, 700, 96),
    "1280x800 at 150%": (1280, 800, 144),
    "1920x1080 at 150%": (1920, 1080, 144),
}

#: Every window the child opens; a window missing from the report is a failure too.
WINDOWS = {
    "main_window",
    "worklist",
    "measures",
    "patient_dialog",
    "assessment_dialog",
    "event_dialog",
    "enrolment_dialog",
    "settings_dialog",
    "passphrase_dialog",
    "passphrase_prompt",
    "recovery_key_dialog",
    "clinician_dialog",
    "background_progress",
    "audit_dialog",
    "documents",
    "sync_conflicts",
}
WIZARD_PAGES = 8


def open_every_window(tmp_path: Path, width: int, height: int, dpi: int) -> dict[str, Any]:
    """Run the child on a configured offscreen screen; its JSON report."""
    screens = tmp_path / "screens.json"
    screen = {"name": "s", "x": 0, "y": 0, "width": width, "height": height}
    screen.update({"logicalDpi": dpi, "logicalBaseDpi": 96, "dpr": 1})
    screens.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={screens}")
    done = subprocess.run(
        [sys.executable, "-m", "tests.gui.window_fit_child", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _inside(rect: list[int], area: QRect) -> bool:
    return area.contains(QRect(*rect))


def problems_in(report: dict[str, Any]) -> list[str]:
    """Everything off screen, too big for the screen, clipped sideways or squeezed, in words."""
    area = QRect(*report["available"])
    room = area.size() - FRAME_ALLOWANCE
    found = []
    names = {w["name"] for w in report["windows"]}
    found += [f"{name}: not opened" for name in sorted(WINDOWS - names)]
    pages = [n for n in names if n.startswith("wizard_")]
    if len(pages) != WIZARD_PAGES:
        found.append(f"wizard: {len(pages)} of {WIZARD_PAGES} pages opened")
    for window in report["windows"]:
        name = window["name"]
        if "error" in window:
            found.append(f"{name}: {window['error']}")
            continue
        if not _inside(window["frame"], area):
            found.append(f"{name}: window {window['frame']} is off the screen {area.getRect()}")
        width, height = window["minimum"]
        if width > room.width() or height > room.height():
            found.append(f"{name}: cannot shrink below {width}x{height}")
        for button in window["buttons"]:
            if not _inside(button["rect"], area):
                found.append(f"{name}: button {button['text']!r} at {button['rect']} is off screen")
        for viewport in window["viewports"]:
            if not _inside(viewport, area):
                found.append(f"{name}: a scrolling area at {viewport} is off screen")
        found += [f"{name}: {w} scrolls sideways" for w in window["sideways_scrolling"]]
        found += [f"{name}: {w} is squeezed below its minimum" for w in window["squeezed"]]
    return found


@pytest.mark.slow
@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_window_and_button_is_on_screen(tmp_path: Path, screen: str) -> None:
    report = open_every_window(tmp_path, *SCREENS[screen])
    assert report["unexpected_questions"] == []
    problems = problems_in(report)
    assert not problems, f"on {screen}:\n" + "\n".join(problems)


# -- the helper itself, on this process's default offscreen screen ------------------------------


def test_fitted_rect_clamps_and_centres_with_room_for_the_frame() -> None:
    available = QRect(0, 0, 853, 533)
    client = fitted_rect(QSize(1240, 780), available)
    assert client.size() == QSize(853, 533) - FRAME_ALLOWANCE
    frame = client.adjusted(-8, -40, 8, 8)
    assert available.contains(frame)
    small = fitted_rect(QSize(400, 300), QRect(100, 50, 1000, 700))
    assert small.size() == QSize(400, 300)
    # centred, frame included
    assert (
        abs(small.adjusted(-8, -40, 8, 8).center().x() - QRect(100, 50, 1000, 700).center().x())
        <= 1
    )


def test_a_window_larger_than_the_screen_is_shrunk_onto_it(qtbot, qsettings_isolated) -> None:
    available = QGuiApplication.primaryScreen().availableGeometry()
    window = QMainWindow()
    qtbot.addWidget(window)
    fit_window(window, QSize(available.width() * 2, available.height() * 2))
    assert available.contains(window.geometry())
    assert window.width() == available.width() - FRAME_ALLOWANCE.width()


class _Remembered(QDialog):
    pass


def test_geometry_is_kept_per_class_and_restored_only_if_it_fits(qtbot, qsettings_isolated) -> None:
    available = QGuiApplication.primaryScreen().availableGeometry()
    first = _Remembered()
    qtbot.addWidget(first)
    fit_window(first, QSize(300, 200))
    first.show()
    first.setGeometry(available.x() + 30, available.y() + 60, 320, 210)
    first.accept()  # a dialog only hides: its geometry is kept all the same
    assert QSettings().value(geometry_key(first)) is not None

    again = _Remembered()
    qtbot.addWidget(again)
    fit_window(again, QSize(300, 200))
    assert again.geometry() == QRect(available.x() + 30, available.y() + 60, 320, 210)

    # Saved on a bigger screen (or at a smaller scaling): not restored, fitted instead.
    huge = _Remembered()
    qtbot.addWidget(huge)
    huge.setGeometry(0, 0, available.width() + 500, available.height() + 400)
    QSettings().setValue(geometry_key(huge), huge.saveGeometry())
    later = _Remembered()
    qtbot.addWidget(later)
    fit_window(later, QSize(300, 200))
    assert later.size() == QSize(300, 200)
    assert available.contains(later.geometry())


def test_a_dialog_opens_on_its_parents_screen(qtbot, qsettings_isolated) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    dialog = QDialog(parent)
    fit_window(dialog, QSize(5000, 100), remember=False)
    screen = parent.screen().availableGeometry()
    assert screen.contains(dialog.geometry())
