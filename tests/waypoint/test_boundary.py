"""The domain package stays Qt-free: checked in a fresh interpreter, not hoped for."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_waypoint_imports_no_qt() -> None:
    modules = sorted(
        "waypoint." + ".".join(p.relative_to(ROOT / "waypoint").with_suffix("").parts)
        for p in (ROOT / "waypoint").rglob("*.py")
        if p.name != "__init__.py"
    )
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
        "print(qt); sys.exit(1 if qt else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_content_and_templates_found_through_one_helper() -> None:
    import pytest

    from waypoint.resources import resource

    assert resource("templates/careplan.xml.j2").is_file()
    for bad in ("/etc/passwd", "../secrets", "content/../../x", "C:/x"):
        with pytest.raises(ValueError):
            resource(bad)


def test_record_format_doc_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "record_format_doc.py"), "--check"], cwd=ROOT
    )
    assert result.returncode == 0, "run: python tools/record_format_doc.py"
