"""Before Qt starts on Linux: is there a display, and are the X11 libraries Qt needs installed?

Without them Qt aborts with a long message about the "xcb" platform plugin that names no
package (on a fresh Debian machine: libxcb-cursor0). This says in one line what is missing and
how to install it. Imports nothing from Qt, so it runs before the QApplication exists.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable, Mapping

from waypoint.i18n import _

#: The system libraries Qt's X11 ("xcb") platform plugin links against, and the Debian/Ubuntu
#: package providing each. From `objdump -p` (NEEDED) of PySide6 6.11's
#: plugins/platforms/libqxcb.so, lib/libQt6XcbQpa.so.6 and lib/libQt6Gui.so.6, less the C and
#: C++ runtime; libdbus-1 is loaded by QtDBus, which the plugin uses. The packages are those of
#: Debian 12; Ubuntu uses the same names (Ubuntu 24.04 renamed GLib's to libglib2.0-0t64, which
#: provides libglib2.0-0, so apt selects it for the name given here).
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-sync.so.1", "libxcb-sync1"),
    ("libxcb-xfixes.so.0", "libxcb-xfixes0"),
    ("libxcb-shm.so.0", "libxcb-shm0"),
    ("libxcb-render.so.0", "libxcb-render0"),
    ("libxcb.so.1", "libxcb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libX11.so.6", "libx11-6"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
    ("libGL.so.1", "libgl1"),
    ("libEGL.so.1", "libegl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libfreetype.so.6", "libfreetype6"),
    ("libglib-2.0.so.0", "libglib2.0-0"),
    ("libgthread-2.0.so.0", "libglib2.0-0"),
    ("libdbus-1.so.3", "libdbus-1-3"),
)


def loadable(soname: str) -> bool:
    """True when the dynamic linker finds and loads ``soname`` (as Qt would)."""
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def uses_xcb(env: Mapping[str, str], platform: str = sys.platform) -> bool:
    """True when Qt will start its X11 ("xcb") platform plugin here.

    On a Wayland desktop with no platform chosen Qt tries Wayland first, so the X11 libraries
    are not required there; elsewhere on Linux X11 is Qt's default.
    """
    if not platform.startswith("linux"):
        return False
    chosen = env.get("QT_QPA_PLATFORM", "").split(":")[0].strip()
    if chosen:
        return chosen == "xcb"
    return not (env.get("WAYLAND_DISPLAY") or env.get("XDG_SESSION_TYPE") == "wayland")


def display_problem(
    env: Mapping[str, str],
    platform: str = sys.platform,
    can_load: Callable[[str], bool] = loadable,
) -> str | None:
    """One line saying why Qt cannot open a window here, or None when it can try."""
    if not uses_xcb(env, platform):
        return None
    if not env.get("DISPLAY"):
        return _(
            "Waypoint needs a graphical desktop, and no display was found (DISPLAY is not set): "
            "start it from the desktop, or over SSH with X forwarding (ssh -X)."
        )
    missing = [(name, package) for name, package in XCB_LIBRARIES if not can_load(name)]
    if not missing:
        return None
    names = ", ".join(name for name, _package in missing)
    packages = " ".join(dict.fromkeys(package for _name, package in missing))
    if len(missing) == 1:
        text = _(
            "Waypoint needs the system library {names}: install it with "
            "`sudo apt-get install {packages}` (Debian, Ubuntu)."
        )
    else:
        text = _(
            "Waypoint needs the system libraries {names}: install them with "
            "`sudo apt-get install {packages}` (Debian, Ubuntu)."
        )
    return text.format(names=names, packages=packages)
