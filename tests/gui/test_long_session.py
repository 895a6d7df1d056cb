"""A whole first conversation typed key by key in the real app, in its own process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from waypoint.record.sample import sample_record
from waypoint.record.schema import to_json
from waypoint.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
PATIENT = "P-SAMPLE0001"


@pytest.mark.slow
def test_a_long_conversation_is_typed_saved_and_the_app_quits_cleanly(tmp_path: Path) -> None:
    data_dir = tmp_path / "store"
    record = sample_record()
    record.conversations = []
    with Store.open(data_dir) as store:
        store.save(record)
    typed_file = tmp_path / "typed.json"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path / "home")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.gui.long_session_child",
            str(data_dir),
            PATIENT,
            str(typed_file),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SAVED" in result.stdout.split(), result.stdout
    assert "Fatal Python error" not in result.stderr

    typed: dict[str, str] = json.loads(typed_file.read_text(encoding="utf-8"))
    assert sum(len(text) for text in typed.values()) >= 8_000
    with Store.open(data_dir, read_only=True) as store:
        saved = store.load(PATIENT)
    assert len(saved.conversations) == 1
    # Answers land in the conversation, or in the assessment entered with it (ESAS-r's other
    # problem, FACT-L): the whole record must hold every one.
    stored = json.dumps(to_json(saved), ensure_ascii=False)
    missing = [name for name, text in typed.items() if text.strip() not in stored]
    assert not missing, f"typed but not saved: {missing}"
    assert not (data_dir / "drafts" / f"{PATIENT}.json").exists()
