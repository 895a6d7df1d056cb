"""A fresh Linux machine: one plain line about a missing display or library, not Qt's abort."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from gui.system_libs import XCB_LIBRARIES, display_problem, uses_xcb

ROOT = Path(__file__).resolve().parent.parent
X11 = {"DISPLAY": ":0"}


def only_missing(*names: str):  # type: ignore[no-untyped-def]
    return lambda soname: soname not in names


def test_a_missing_library_is_named_with_its_package() -> None:
    line = display_problem(X11, "linux", only_missing("libxcb-cursor.so.0"))
    assert line == (
        "Waypoint needs the system library libxcb-cursor.so.0: install it with "
        "`sudo apt-get install libxcb-cursor0` (Debian, Ubuntu)."
    )


def test_several_missing_libraries_make_one_line_and_one_command() -> None:
    line = display_problem(
        X11, "linux", only_missing("libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libglib-2.0.so.0")
    )
    assert line is not None and "\n" not in line
    assert "libxcb-icccm.so.4, libxcb-keysyms.so.1, libglib-2.0.so.0" in line
    assert "`sudo apt-get install libxcb-icccm4 libxcb-keysyms1 libglib2.0-0`" in line


def test_nothing_is_said_when_everything_is_there() -> None:
    assert display_problem(X11, "linux", lambda _name: True) is None


def test_no_display_at_all_is_one_line() -> None:
    line = display_problem({}, "linux", lambda _name: True)
    assert line is not None and "no display" in line and "\n" not in line


def test_only_linux_with_x11_is_checked() -> None:
    nothing_loads = only_missing(*(name for name, _package in XCB_LIBRARIES))
    assert display_problem({}, "win32", nothing_loads) is None
    assert display_problem({}, "darwin", nothing_loads) is None
    assert display_problem({"QT_QPA_PLATFORM": "offscreen"}, "linux", nothing_loads) is None
    assert display_problem({"QT_QPA_PLATFORM": "wayland"}, "linux", nothing_loads) is None
    # A Wayland desktop: Qt tries Wayland first, so the X11 libraries are not required.
    assert not uses_xcb({"DISPLAY": ":0", "WAYLAND_DISPLAY": "wayland-0"}, "linux")
    assert uses_xcb({"DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}, "linux")
    assert uses_xcb({"QT_QPA_PLATFORM": "xcb:nograb"}, "linux")


def test_every_package_is_named_once_per_library() -> None:
    sonames = [name for name, _package in XCB_LIBRARIES]
    assert len(sonames) == len(set(sonames))
    assert all(".so." in name and package for name, package in XCB_LIBRARIES)


def test_the_app_says_so_and_exits_1_without_a_display(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "WAYPOINT_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "main.py"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 1
    assert done.stderr.strip().count("\n") == 0
    assert "no display was found" in done.stderr


def test_the_readme_installs_every_package_the_check_names() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = readme.split("sudo apt-get install ", 1)[1].split("```", 1)[0]
    listed = set(command.replace("\\", " ").split())
    assert listed == {package for _name, package in XCB_LIBRARIES}
