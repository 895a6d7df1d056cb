"""Bring the interface catalogues up to date with the code, in one command.

    .venv/bin/python tools/translations.py

Extracts every interface string from waypoint/, gui/, cli/ and main.py into locale/waypoint.pot
(babel.cfg says how), merges the template into each catalogue (locale/<lang>/LC_MESSAGES/
waypoint.po), compiles the .mo files, and lists the strings still to translate. Exit code 1
while any is left: translate them in the .po (a line marked ``#, fuzzy`` is a guess from a
similar string: check it and remove the mark), then run this again. Commit the .pot, the .po
and the .mo together; tests/test_i18n_catalogues.py checks that they match the code.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale"
TEMPLATE = LOCALE / "waypoint.pot"
SOURCES = ("waypoint", "gui", "cli", "main.py")


def _pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "--quiet", *args])


def untranslated(po: Path) -> list[str]:
    """The msgids of ``po`` with no translation, or only a fuzzy one."""
    with po.open("rb") as source:
        catalogue = read_po(source)
    return [str(m.id) for m in catalogue if m.id and (not m.string or m.fuzzy)]


def main() -> int:
    """Extract, update, compile; 1 while a string is left untranslated."""
    os.chdir(ROOT)  # the template names files relative to the repository
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        "-c",
        "TRANSLATORS:",
        "--add-location=file",
        "--sort-output",
        "-o",
        str(TEMPLATE.relative_to(ROOT)),
        *SOURCES,
    )
    _pybabel("update", "-i", str(TEMPLATE), "-d", str(LOCALE), "-D", "waypoint")
    _pybabel("compile", "-d", str(LOCALE), "-D", "waypoint")
    left = 0
    for po in sorted(LOCALE.glob("*/LC_MESSAGES/waypoint.po")):
        missing = untranslated(po)
        left += len(missing)
        for msgid in missing:
            print(f"{po.relative_to(ROOT)}: translate {msgid!r}")
    return 1 if left else 0


if __name__ == "__main__":
    sys.exit(main())
