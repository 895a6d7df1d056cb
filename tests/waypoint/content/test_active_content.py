"""A clinic's content update, once activated, is what rules, scheduling and documents use."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from waypoint.clinical.stepped_care import schedule
from waypoint.content.bundle import activate_content, load_content, shipped_content
from waypoint.content.stepped import shipped_stepped_rules
from waypoint.documents.wording import shipped_wording
from waypoint.resources import resource


@pytest.fixture
def edited_content(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "content"
    shutil.copytree(resource("content"), folder)
    wording = folder / "handout" / "en.toml"
    wording.write_text(
        wording.read_text(encoding="utf-8").replace(
            'title = "Notes from your visit"', 'title = "Your visit, in writing"'
        ),
        encoding="utf-8",
    )
    stepped = folder / "stepped_care.toml"
    stepped.write_text(
        stepped.read_text(encoding="utf-8").replace("within_weeks = 4", "within_weeks = 3", 1),
        encoding="utf-8",
    )
    yield folder
    activate_content(None)


def test_activated_update_reaches_every_content_reader(edited_content: Path) -> None:
    enrolled = dt.date(2026, 1, 5)
    before = schedule(enrolled, 100, [], [], [], enrolled)
    assert shipped_wording("en").text["document"]["title"] == "Notes from your visit"

    activate_content(load_content(edited_content))
    assert shipped_content().folder == edited_content
    assert shipped_wording("en").text["document"]["title"] == "Your visit, in writing"
    assert shipped_stepped_rules() is not None
    after = schedule(enrolled, 100, [], [], [], enrolled)
    assert before.next_visit_due == enrolled + dt.timedelta(weeks=4)
    assert after.next_visit_due == enrolled + dt.timedelta(weeks=3)

    activate_content(None)
    assert shipped_wording("en").text["document"]["title"] == "Notes from your visit"
