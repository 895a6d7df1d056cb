"""``main.py measures`` in a real process: JSON and CSV over a real store, and clear refusals."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

from tests.helpers import run_main
from tests.waypoint.clinical.test_measures import decedents, early_cohort, person, talk
from waypoint.record.model import CareEvent
from waypoint.storage.store import Store

AS_OF = "2026-06-30"


@pytest.fixture
def clinic(tmp_path: Path) -> Path:
    """A store holding the early and decedent cohorts, and one deleted patient."""
    root = tmp_path / "store"
    with Store.open(root) as store:
        for record in early_cohort() + decedents():
            store.save(record, actor="test")
        # Deleted patients are not counted: this one would add a decedent and a conversation.
        gone = person("X1", talks=(talk(dt.date(2026, 6, 1)),))
        gone.events.append(CareEvent(date=dt.date(2026, 6, 2), kind="death"))
        store.save(gone, actor="test")
        store.delete("X1", actor="test")
    return root


def test_json_gives_each_measure_with_title_and_source(clinic: Path) -> None:
    result = run_main("measures", "--format", "json", "--as-of", AS_OF, "--data-dir", str(clinic))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["goc_within_8_weeks"] == {
        "numerator": 2,
        "denominator": 6,
        "title": "Goals-of-care conversation within 56 days of the advanced diagnosis",
        "source": "ASCO 2017",
    }
    # The deleted patient X1 (a conversation, then death) would have made it 3 of 5.
    assert (data["goc_before_death"]["numerator"], data["goc_before_death"]["denominator"]) == (
        2,
        4,
    )
    assert data["hospice_under_3_days"]["source"] == "NQF 0216"
    assert data["stepped_first_visit"]["denominator"] == 0
    assert list(data)[:2] == ["goc_within_8_weeks", "palliative_referral_within_8_weeks"]


def test_period_and_spanish_titles(clinic: Path) -> None:
    result = run_main(
        "measures",
        "--format",
        "json",
        "--as-of",
        AS_OF,
        "--from",
        "2026-06-15",
        "--to",
        "2026-06-30",
        "--lang",
        "es",
        "--data-dir",
        str(clinic),
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["goc_before_death"]["numerator"], data["goc_before_death"]["denominator"]) == (
        1,
        2,
    )
    assert data["no_hospice"]["title"] == "Fallecidos sin ingreso en cuidados de hospicio"


def test_csv_has_one_row_per_measure_and_no_patient(clinic: Path) -> None:
    result = run_main("measures", "--format", "csv", "--as-of", AS_OF, "--data-dir", str(clinic))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    by_key = {row["measure"]: row for row in rows}
    assert len(rows) == 12
    assert (
        by_key["code_status_documented"]["numerator"],
        by_key["code_status_documented"]["denominator"],
    ) == ("3", "11")
    assert by_key["chemo_last_14_days"]["percent"] == "25.0"
    assert by_key["chemo_last_14_days"]["better"] == "lower"
    for name in ("P1", "D1", "Test", "X1"):
        assert name not in result.stdout


def test_counts_while_the_app_has_the_store_open(clinic: Path) -> None:
    with Store.open(clinic):  # this process holds the writer lock, as the app would
        result = run_main(
            "measures", "--format", "json", "--as-of", AS_OF, "--data-dir", str(clinic)
        )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["no_hospice"]["numerator"] == 1


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--as-of", "2026-13-01"), "--as-of '2026-13-01' is not a date: write it as YYYY-MM-DD"),
        (("--from", "30/06/2026", "--to", "2026-06-30"), "--from '30/06/2026' is not a date"),
        (("--from", "2026-06-30", "--to", "2026-06-01"), "--from is after --to"),
        (("--as-of", "2026-06-30", "--to", "2026-07-01"), "--to is after the as-of date"),
    ],
)
def test_bad_dates_are_refused_in_plain_words(
    clinic: Path, args: tuple[str, ...], said: str
) -> None:
    result = run_main("measures", "--format", "json", *args, "--data-dir", str(clinic))
    assert result.returncode == 2
    assert said in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def test_missing_folder_and_format_are_refused(tmp_path: Path) -> None:
    missing = run_main("measures", "--format", "csv", "--data-dir", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "no such folder" in missing.stderr
    assert not (tmp_path / "nowhere").exists()
    no_format = run_main("measures", "--data-dir", str(tmp_path))
    assert no_format.returncode == 2 and "--format" in no_format.stderr
