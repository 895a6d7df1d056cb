"""The translation catalogues are complete and current, and nothing translates at import time.

When a check here fails after you changed an interface string, README's "Translating Waypoint"
gives the three commands that bring the template and the catalogues up to date.
"""

from __future__ import annotations

import ast
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_from_file
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from waypoint.i18n import DEFAULT_LANGUAGE, LANGUAGES, catalogue_path

ROOT = Path(__file__).resolve().parents[1]
LOCALE = ROOT / "locale"
TEMPLATE = LOCALE / "waypoint.pot"
#: Where the interface strings live (the same as README's extraction command).
SOURCES = ("waypoint", "gui", "cli")
SCRIPTS = ("main.py",)
TRANSLATED = tuple(lang for lang in LANGUAGES if lang != DEFAULT_LANGUAGE)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}")


def code_msgids() -> set[str]:
    """Every string the code marks for translation, extracted as Babel does with babel.cfg."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as config:
        method_map, options_map = parse_mapping_cfg(config, "babel.cfg")
    found: set[str] = set()
    for folder in SOURCES:
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / folder, method_map, options_map, keywords=DEFAULT_KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    for script in SCRIPTS:
        for _line, message, _comments, _context in extract_from_file(
            "python", str(ROOT / script), keywords=DEFAULT_KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def read_catalogue(path: Path, lang: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=lang)


def po_path(lang: str) -> Path:
    return LOCALE / lang / "LC_MESSAGES" / "waypoint.po"


def test_the_template_holds_exactly_the_strings_in_the_code() -> None:
    in_code = code_msgids()
    in_template = {m.id for m in read_catalogue(TEMPLATE) if m.id}
    assert sorted(in_code - in_template) == [], "new strings: extract the template again"
    assert sorted(in_template - in_code) == [], "strings gone from the code: extract again"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_every_string_in_the_code_is_translated(lang: str) -> None:
    catalogue = read_catalogue(po_path(lang), lang)
    done = {m.id for m in catalogue if m.id and m.string and not m.fuzzy}
    missing = sorted(code_msgids() - done)
    assert missing == [], f"untranslated in {lang} ({len(missing)}): {missing}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_keep_placeholders_spaces_and_alt_letters(lang: str) -> None:
    problems = []
    for m in read_catalogue(po_path(lang), lang):
        if not m.id or not m.string:
            continue
        msgid, text = str(m.id), str(m.string)
        if sorted(_PLACEHOLDER.findall(msgid)) != sorted(_PLACEHOLDER.findall(text)):
            problems.append(f"placeholders differ: {msgid!r} -> {text!r}")
        if (msgid[:1] == " ", msgid[-1:] == " ") != (text[:1] == " ", text[-1:] == " "):
            problems.append(f"leading or trailing space differs: {msgid!r} -> {text!r}")
        has_key = "&" in msgid.replace("&&", "")
        if has_key != ("&" in text.replace("&&", "")):
            problems.append(f"Alt-letter marked in one only: {msgid!r} -> {text!r}")
        if msgid.count("\n") != text.count("\n"):
            problems.append(f"paragraphs differ: {msgid!r}")
    assert problems == []


@pytest.mark.parametrize("lang", TRANSLATED)
def test_the_shipped_compiled_catalogue_is_the_po_compiled(lang: str) -> None:
    compiled = io.BytesIO()
    write_mo(compiled, read_catalogue(po_path(lang), lang))
    assert catalogue_path(lang).read_bytes() == compiled.getvalue(), (
        f"locale/{lang}/LC_MESSAGES/waypoint.mo is stale: run pybabel compile (README)"
    )


# A fresh interpreter imports every module of waypoint/ and gui/, and main.py, with a catalogue
# that records each lookup: any lookup then ran at import time, when no language is chosen yet.
_RECORD_IMPORT_TIME_CALLS = """
import gettext, importlib, json, pkgutil, sys, traceback
import waypoint.i18n as i18n

calls = []

class Recording(gettext.NullTranslations):
    def gettext(self, message):
        frame = traceback.extract_stack()[-3]
        calls.append(f"{frame.filename}:{frame.lineno}: {message!r}")
        return message

i18n.install(Recording())
import cli, gui, waypoint
for package in (waypoint, gui, cli):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
importlib.import_module("main")
print(json.dumps(calls))
"""


@pytest.mark.slow
def test_nothing_is_translated_at_import_time() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-c", _RECORD_IMPORT_TIME_CALLS],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=100,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    calls = json.loads(done.stdout.strip().splitlines()[-1])
    assert calls == [], "translated at import (use N_() and translate where shown):\n" + "\n".join(
        calls
    )


def test_the_update_tool_lists_missing_and_fuzzy_strings(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    try:
        from translations import untranslated
    finally:
        sys.path.remove(str(ROOT / "tools"))
    po = tmp_path / "waypoint.po"
    po.write_text(
        'msgid ""\nmsgstr "Content-Type: text/plain; charset=utf-8\\n"\n\n'
        'msgid "Done"\nmsgstr "Hecho"\n\nmsgid "New"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Saved"\nmsgstr "Guardado"\n',
        encoding="utf-8",
    )
    assert untranslated(po) == ["New", "Saved"]


def test_no_translated_string_hides_inside_an_f_string() -> None:
    # Babel reads an f-string as one token on Python 3.11, so `f"{_('Sources')}"` is never
    # extracted and stays English on every screen: translate it outside the f-string.
    hidden = []
    files = [*(p for folder in SOURCES for p in (ROOT / folder).rglob("*.py"))]
    files += [ROOT / script for script in SCRIPTS]
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.JoinedStr):
                continue
            for call in ast.walk(node):
                if (
                    isinstance(call, ast.Call)
                    and isinstance(call.func, ast.Name)
                    and call.func.id in DEFAULT_KEYWORDS
                ):
                    hidden.append(f"{path.relative_to(ROOT)}:{call.lineno}: {ast.unparse(call)}")
    assert hidden == []
