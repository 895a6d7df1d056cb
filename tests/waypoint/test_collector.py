"""collector_paused puts the collector back as it found it, never on when it was off."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from waypoint.collector import collector_paused


@pytest.fixture(autouse=True)
def restore_collector() -> Iterator[None]:
    was_on = gc.isenabled()
    yield
    (gc.enable if was_on else gc.disable)()


@pytest.mark.parametrize("on", [True, False])
def test_the_collector_is_off_inside_and_as_it_was_after(on: bool) -> None:
    (gc.enable if on else gc.disable)()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled() is on


def test_a_failure_inside_still_puts_it_back() -> None:
    gc.enable()
    with pytest.raises(ValueError), collector_paused():
        raise ValueError("inside")
    assert gc.isenabled()


def test_work_run_while_the_gui_keeps_it_off_does_not_switch_it_on() -> None:
    gc.disable()  # what gui/background.py does while work runs on a worker thread
    with collector_paused(), collector_paused():
        pass
    assert not gc.isenabled()
