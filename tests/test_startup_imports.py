"""The first window loads only what it needs: heavy libraries wait until they are first used.

ReportLab and Jinja2 (documents), cryptography (only for an encrypted store), and PDFium (the
preview) together cost hundreds of milliseconds; benchmarks/startup.py measures the start, and
this test keeps a top-level import from quietly bringing them back.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFERRED = ("reportlab", "jinja2", "cryptography", "pypdfium2")


def test_the_main_window_modules_do_not_load_heavy_libraries() -> None:
    code = (
        "import sys, gui.app, gui.main_window;"
        f"print(','.join(m for m in {DEFERRED!r} if m in sys.modules))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"loaded at start-up: {done.stdout.strip()}"
