"""Every window fits the screen it opens on, and comes back where the clinician left it.

A window asks for its preferred size; it gets that size clamped to the *available* geometry of
its screen (the parent's screen, else the primary one), minus room for the window frame, and is
centred there. Its geometry is remembered per window class in QSettings and restored only when
it still fits on a screen that exists now (a laptop undocked from a big monitor, a clinic PC
switched to 150 % scaling).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

#: Room left for the frame the window manager draws: borders, and a title bar at the top
#: (about 30-40 logical pixels on Windows and common Linux desktops, at any scaling).
FRAME_ALLOWANCE = QSize(16, 48)

#: The smallest screen every window must fit, in logical pixels: 1280x800 at 150 % scaling
#: (1024x700 at 100 % is larger in both directions). Minimum sizes are chosen to fit inside it.
SMALLEST_SCREEN = QSize(853, 533)


def geometry_key(window: QWidget) -> str:
    """The QSettings key holding a window class's geometry (one per class, not per instance)."""
    return f"{type(window).__name__}/geometry"


def screen_for(window: QWidget) -> QScreen:
    """The screen a window opens on: its parent's, else the primary screen."""
    parent = window.parentWidget()
    screen = parent.window().screen() if parent is not None else None
    return screen or QGuiApplication.primaryScreen()


def usable_size(screen: QScreen) -> QSize:
    """The largest window (without its frame) that fits the screen's available area."""
    available = screen.availableGeometry().size()
    return (available - FRAME_ALLOWANCE).expandedTo(QSize(1, 1))


def fitted_rect(preferred: QSize, available: QRect, allowance: QSize = FRAME_ALLOWANCE) -> QRect:
    """The client area for a window of ``preferred`` size, clamped so that it and its frame fit
    in ``available``, with the frame centred there."""
    border = allowance.width() // 2
    room = (available.size() - allowance).expandedTo(QSize(1, 1))
    frame = QRect(QPoint(0, 0), preferred.boundedTo(room) + allowance)
    frame.moveCenter(available.center())
    return frame.adjusted(border, allowance.height() - border, -border, -border)


def fits_some_screen(rect: QRect) -> bool:
    """True when a client area ``rect`` and its frame lie inside a current screen's available
    area (a title bar above it included)."""
    border = FRAME_ALLOWANCE.width() // 2
    frame = rect.adjusted(-border, border - FRAME_ALLOWANCE.height(), border, border)
    return any(s.availableGeometry().contains(frame) for s in QGuiApplication.screens())


def restore_geometry(window: QWidget, settings: QSettings | None = None) -> bool:
    """Restore the window class's saved geometry if it still fits a current screen."""
    saved = (settings or QSettings()).value(geometry_key(window))
    if saved is None or not window.restoreGeometry(saved):
        return False
    if fits_some_screen(window.normalGeometry()):
        return True
    window.setWindowState(Qt.WindowState.WindowNoState)  # not maximized over a stale size
    return False


class _GeometryKeeper(QObject):
    """Saves a window's geometry when it closes or hides (a dialog that is accepted only hides)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._shown = False  # a window never shown has no geometry worth keeping

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind == QEvent.Type.Show:
            self._shown = True
        elif kind in (QEvent.Type.Close, QEvent.Type.Hide) and self._shown:
            assert isinstance(watched, QWidget)
            QSettings().setValue(geometry_key(watched), watched.saveGeometry())
        return False


def minimum_size(window: QWidget) -> QSize:
    """The smallest size the window's layout allows (QWizard sets it as a minimum size)."""
    return window.minimumSize().expandedTo(window.minimumSizeHint())


def fit_window(window: QWidget, preferred: QSize, *, remember: bool = True) -> None:
    """Size ``window`` for the screen it opens on; call once, after its layout is built.

    With ``remember`` the geometry of this window class is restored from QSettings when it
    still fits a screen, and saved whenever the window closes or hides.
    """
    if remember:
        window.installEventFilter(_GeometryKeeper(window))
        if restore_geometry(window):
            return
    available = screen_for(window).availableGeometry()
    window.setGeometry(fitted_rect(preferred.expandedTo(minimum_size(window)), available))


#: Characters a drop-down keeps visible when a window is narrow; the open list shows every
#: choice in full.
CHOICE_MIN_CHARS = 12
#: The narrowest a wrapped paragraph may become before its panel scrolls, in logical pixels.
PARAGRAPH_MIN_WIDTH = 120


def let_shrink(container: QWidget) -> None:
    """Let drop-downs and wrapped paragraphs in ``container`` give way on a narrow window.

    A drop-down is as wide as its longest choice by default, and Qt keeps a word-wrapped
    label wide enough for a few long lines; together they made the wizard's forms and prompt
    panes scroll sideways at 150 % scaling on a 1280x800 screen. Labels still wrap to the
    width they get, and an open drop-down still shows every choice in full.
    """
    for box in container.findChildren(QComboBox):
        box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        box.setMinimumContentsLength(CHOICE_MIN_CHARS)
    for label in container.findChildren(QLabel):
        # Only labels that are already wider: a smaller minimum width than Qt's own makes a
        # label's size hint tall and thin, and a form then leaves a gap above it.
        if label.wordWrap() and label.minimumSizeHint().width() > PARAGRAPH_MIN_WIDTH:
            label.setMinimumWidth(PARAGRAPH_MIN_WIDTH)
