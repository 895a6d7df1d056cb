"""The content in use is passed to every reader; nothing falls back to a global bundle."""

from __future__ import annotations

import datetime as dt
import importlib
import inspect
import pkgutil
import shutil
from pathlib import Path

import pytest

import waypoint
from waypoint.clinical.stepped_care import schedule
from waypoint.content.bundle import Content, load_content, shipped_content
from waypoint.content.stepped import stepped_rules
from waypoint.documents.wording import handout_wording
from waypoint.resources import resource


@pytest.fixture
def edited_content(tmp_path: Path) -> Path:
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
    return folder


def test_each_reader_uses_the_content_it_is_given(edited_content: Path) -> None:
    enrolled = dt.date(2026, 1, 5)
    shipped, edited = shipped_content(), load_content(edited_content)
    before = schedule(enrolled, 100, [], [], [], enrolled, rules=stepped_rules(shipped))
    after = schedule(enrolled, 100, [], [], [], enrolled, rules=stepped_rules(edited))
    assert before.next_visit_due == enrolled + dt.timedelta(weeks=4)
    assert after.next_visit_due == enrolled + dt.timedelta(weeks=3)
    assert handout_wording(edited, "en").text["document"]["title"] == "Your visit, in writing"
    # Reading the edited bundle changed nothing for anyone holding the shipped one.
    assert handout_wording(shipped, "en").text["document"]["title"] == "Notes from your visit"


def _functions() -> list[tuple[str, inspect.Signature]]:
    found = []
    for info in pkgutil.walk_packages(waypoint.__path__, "waypoint."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if inspect.isfunction(obj) and obj.__module__ == info.name:
                found.append((f"{info.name}.{name}", inspect.signature(obj)))
    return found


def test_no_reader_of_content_has_a_default_for_it() -> None:
    """A default (None, then "the shipped one") is how the CLI once printed stale wording."""
    readers = [
        (name, sig)
        for name, sig in _functions()
        if any(
            p.annotation in (Content, "Content", "Content | None") for p in sig.parameters.values()
        )
    ]
    assert len(readers) > 20  # the check sees the readers
    defaulted = [
        name
        for name, sig in readers
        for p in sig.parameters.values()
        if p.annotation in (Content, "Content", "Content | None")
        and p.default is not inspect.Parameter.empty
    ]
    assert defaulted == []
