"""What Orca would hear: walk Waypoint's windows through the real Linux accessibility stack.

Run by hand (not in CI) on Linux, with Debian's python3 for the client side:

    apt-get install -y xvfb at-spi2-core dbus-x11 python3-pyatspi
    /usr/bin/python3 tools/atspi_walk.py [--json OUT.json] [--verbose]

It starts its own X server (Xvfb), D-Bus session and AT-SPI bus, then runs the app in a child
process from the project's virtualenv (``.venv/bin/python tools/atspi_walk.py --app WORK``),
which opens every window, dialog and wizard page in turn (on a sample record; the wizard on a
new, blank conversation). For each screen the client walks the app's AT-SPI tree with pyatspi,
as a screen reader does, and lists every focusable control that is showing: its role, its name
and, for combo boxes and spin buttons, the value a screen reader reads (the Text interface,
the Value interface, or the selected item of the drop-down list). It prints the problems (no
name; the name is the value; a combo box whose choice cannot be read) and the totals.

Exit code 0 when nothing was found, 1 otherwise. The figures of the last run are in
docs/accessibility.md.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"

# -- the app side (runs in the virtualenv) ------------------------------------------------------


def _app(work: Path) -> None:
    """Show each screen in turn; print "SHOW <name>", wait for a line on stdin, go on."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("WAYPOINT_PASSPHRASE", "")
    import datetime as dt

    from PySide6.QtCore import QEvent, QEventLoop, QSettings, QSocketNotifier
    from PySide6.QtWidgets import QWidget

    from gui.pages.base import PageContext
    from gui.wizard import ConversationWizard
    from tests.gui.window_fit_child import Windows
    from waypoint.record.model import Conversation

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(work / "qs"))
    windows = Windows(work)
    app = windows.app

    def settle() -> None:
        deadline = time.monotonic() + 1.0  # let the bridge announce the new objects
        while time.monotonic() < deadline:
            app.processEvents()
            app.sendPostedEvents(None, QEvent.Type.LayoutRequest)
            time.sleep(0.02)

    def shown(name: str, window: QWidget) -> None:
        window.show()
        window.raise_()
        window.activateWindow()
        settle()
        print(f"SHOW {name}\t{window.windowTitle()}", flush=True)
        # Qt answers the screen reader's D-Bus calls from its event loop: keep it running
        # until the client says it has walked this screen.
        loop = QEventLoop()
        notifier = QSocketNotifier(sys.stdin.fileno(), QSocketNotifier.Type.Read)
        notifier.activated.connect(loop.quit)
        loop.exec()
        notifier.setEnabled(False)
        sys.stdin.readline()

    for name, factory in windows.each():
        window = factory()
        shown(name, window)
        if window is not windows.main:
            window.close()
    m = windows.main
    context = PageContext(windows.record, m.content, m.settings, windows.ask)
    # A new conversation, as New conversation opens it for the signed-in clinician.
    blank = Conversation(date=dt.date.today(), clinician="Dr. Ines Park")
    wizard: Any = ConversationWizard(context, blank, parent=m)
    wizard.show()
    for index in range(len(wizard.pages)):
        shown(f"wizard {type(wizard.currentPage()).__name__}", wizard)
        if index < len(wizard.pages) - 1:
            wizard.next()
    wizard.hide()
    print("DONE", flush=True)
    os._exit(0)  # the store and windows need no tidy teardown here


# -- the client side (Debian's python3 with pyatspi) --------------------------------------------


def _start_stack() -> tuple[dict[str, str], list[subprocess.Popen[bytes]], int]:
    """Xvfb, a D-Bus session and the AT-SPI bus; the environment that reaches them."""
    env = dict(os.environ)
    # Xvfb picks a free display itself and writes its number to the pipe.
    read_end, write_end = os.pipe()
    xvfb = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
        pass_fds=(write_end,),
    )
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        env["DISPLAY"] = ":" + pipe.readline().strip()
    # dbus-launch forks the daemon and prints its address and process id.
    launched = subprocess.run(
        ["dbus-launch", "--sh-syntax"], env=env, capture_output=True, text=True, check=True
    ).stdout
    values = dict(
        line.split("=", 1)[0:2] for line in launched.replace(";", "\n").splitlines() if "=" in line
    )
    env["DBUS_SESSION_BUS_ADDRESS"] = values["DBUS_SESSION_BUS_ADDRESS"].strip("'")
    dbus_pid = int(values["DBUS_SESSION_BUS_PID"])
    bus = subprocess.Popen(["/usr/libexec/at-spi-bus-launcher", "--launch-immediately"], env=env)
    time.sleep(1.5)
    env.update(
        QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1",
        QT_ACCESSIBILITY="1",
        QT_QPA_PLATFORM="xcb",
        NO_AT_BRIDGE="0",
    )
    return env, [bus, xvfb], dbus_pid


def _interfaces(acc: Any) -> list[str]:
    try:
        return list(acc.get_interfaces())
    except Exception:
        return []


def _combo_value(acc: Any, pyatspi: Any) -> tuple[str, str]:
    """What a screen reader can read as a combo box's choice, and where it got it."""
    names = _interfaces(acc)
    if "Text" in names:
        text = acc.queryText()
        value = text.getText(0, -1)
        if value:
            return value, "Text"
    if "Value" in names:
        value = acc.queryValue()
        words = getattr(value, "text", "") if hasattr(value, "text") else ""
        if words:
            return str(words), "Value.text"
    for index in range(acc.childCount):
        child = acc.getChildAtIndex(index)
        if child is None:
            continue
        if "Selection" in _interfaces(child):
            selection = child.querySelection()
            if selection.nSelectedChildren:
                item = selection.getSelectedChild(0)
                return item.name, "selected item"
        for sub in range(child.childCount):
            item = child.getChildAtIndex(sub)
            if item is not None and item.getState().contains(pyatspi.STATE_SELECTED):
                return item.name, "selected item (state)"
    return "", "none"


def _spin_value(acc: Any) -> tuple[str, str]:
    """The spin button's text, and the number its Value interface gives (Orca may read it)."""
    names = _interfaces(acc)
    text = acc.queryText().getText(0, -1) if "Text" in names else ""
    number = str(acc.queryValue().currentValue) if "Value" in names else ""
    return text, number


def _walk(acc: Any, pyatspi: Any, depth: int = 0) -> list[Any]:
    found = []
    if acc is None or depth > 60:
        return found
    state = acc.getState()
    if not state.contains(pyatspi.STATE_SHOWING) and depth > 0:
        return found
    found.append(acc)
    for index in range(acc.childCount):
        found += _walk(acc.getChildAtIndex(index), pyatspi, depth + 1)
    return found


def _walk_screen(app_acc: Any, title: str, pyatspi: Any) -> list[dict[str, str]]:
    """Every focusable, showing control in the app's window called ``title``."""
    controls = []
    for window in [app_acc.getChildAtIndex(i) for i in range(app_acc.childCount)]:
        if window is None or window.name != title:
            continue
        if not window.getState().contains(pyatspi.STATE_SHOWING):
            continue
        for acc in _walk(window, pyatspi):
            state = acc.getState()
            if not state.contains(pyatspi.STATE_FOCUSABLE):
                continue
            role = acc.getRoleName()
            item: dict[str, str] = {"role": role, "name": acc.name or ""}
            if role == "combo box":
                item["value"], item["via"] = _combo_value(acc, pyatspi)
            elif role == "spin button":
                item["value"], item["number"] = _spin_value(acc)
            if acc.description:
                item["description"] = acc.description
            controls.append(item)
    return controls


def _find_app(pyatspi: Any, pid: int) -> Any:
    for _try in range(100):
        desktop = pyatspi.Registry.getDesktop(0)
        for index in range(desktop.childCount):
            app_acc = desktop.getChildAtIndex(index)
            try:
                if app_acc is not None and app_acc.get_process_id() == pid:
                    return app_acc
            except Exception:
                continue
        time.sleep(0.1)
    raise SystemExit("The app never appeared on the accessibility bus.")


def _problems(screen: str, controls: list[dict[str, str]]) -> list[str]:
    found = []
    for c in controls:
        what = f"{screen}: {c['role']} {c['name']!r}"
        if not c["name"].strip():
            found.append(f"{what} has no name")
        elif c.get("value") and c["name"] == c["value"]:
            found.append(f"{what} is announced by its value")
        if c["role"] == "combo box" and not c.get("value"):
            found.append(f"{what}: its choice cannot be read")
        if c.get("value", "").strip() in {"—", "-"} and c.get("description") != "not recorded":
            found.append(f"{what}: its value is heard as a dash")
    return found


def _client(json_out: Path | None, verbose: bool) -> int:
    if shutil.which("Xvfb") is None:
        raise SystemExit("Install xvfb at-spi2-core dbus-x11 python3-pyatspi first.")
    work = Path(tempfile.mkdtemp(prefix="atspi-walk-"))
    env, helpers, dbus_pid = _start_stack()
    os.environ.update(env)  # pyatspi reaches the bus it finds in the environment on import
    import pyatspi

    app = subprocess.Popen(
        [str(VENV_PYTHON), str(Path(__file__).resolve()), "--app", str(work)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        env=env,
        text=True,
        cwd=ROOT,
    )
    report: dict[str, Any] = {"screens": {}}
    problems: list[str] = []
    try:
        assert app.stdout is not None and app.stdin is not None
        app_acc = None
        for line in app.stdout:
            if line.startswith("DONE"):
                break
            if not line.startswith("SHOW "):
                continue
            screen, _tab, title = line[5:].rstrip("\n").partition("\t")
            app_acc = app_acc or _find_app(pyatspi, app.pid)
            controls = _walk_screen(app_acc, title, pyatspi)
            report["screens"][screen] = controls
            problems += _problems(screen, controls)
            if verbose:
                for c in controls:
                    print(f"  {screen}: {c}")
            app.stdin.write("\n")
            app.stdin.flush()
    finally:
        app.kill()
        for helper in helpers:
            helper.terminate()
        os.kill(dbus_pid, signal.SIGTERM)
        shutil.rmtree(work, ignore_errors=True)
    every = [c for controls in report["screens"].values() for c in controls]
    combos = [c for c in every if c["role"] == "combo box"]
    report["totals"] = {
        "screens": len(report["screens"]),
        "controls": len(every),
        "unnamed": sum(1 for c in every if not c["name"].strip()),
        "name_is_value": sum(1 for c in every if c.get("value") and c["name"] == c["value"]),
        "combo_boxes": len(combos),
        "combo_choice_readable": sum(1 for c in combos if c.get("value")),
        "roles": _count(c["role"] for c in every),
    }
    report["problems"] = problems
    print("\n".join(problems) or "No problems found.")
    print(json.dumps(report["totals"], indent=2))
    if json_out is not None:
        json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False), "utf-8")
    return 1 if problems else 0


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--app":
        _app(Path(sys.argv[2]))
    else:
        out = Path(sys.argv[sys.argv.index("--json") + 1]) if "--json" in sys.argv else None
        sys.exit(_client(out, "--verbose" in sys.argv))
