"""The clinic report's quarters and its CSV: calendar quarters across a new year, and cells a
spreadsheet can never run as a formula."""

from __future__ import annotations

import csv
import datetime as dt
import io

from waypoint.clinical.measures import MeasureResult, Period
from waypoint.services.measures import ClinicReport, quarter_label, quarters, report_csv

D = dt.date


def test_quarters_run_back_across_a_new_year() -> None:
    found = quarters(D(2026, 2, 14), 3)
    assert found == [
        Period(D(2025, 7, 1), D(2025, 9, 30)),
        Period(D(2025, 10, 1), D(2025, 12, 31)),
        Period(D(2026, 1, 1), D(2026, 3, 31)),
    ]
    assert [quarter_label(q) for q in found] == ["2025 Q3", "2025 Q4", "2026 Q1"]
    assert quarters(D(2026, 12, 31), 1) == [Period(D(2026, 10, 1), D(2026, 12, 31))]


def test_csv_cells_never_start_a_formula() -> None:
    result = MeasureResult(
        key="proxy_named",
        title="=HYPERLINK(1)",
        source="+NQF",
        better="higher",
        numerator=1,
        denominator=2,
        counted=(("P-1", 1, True), ("P-2", 1, False)),
    )
    report = ClinicReport(D(2026, 6, 30), Period(), (result,))
    names = {"P-1": ("=cmd|' /C calc'!A0", "-MRN"), "P-2": ("@Rosa", "MRN-2")}
    text = report_csv(report, names)
    plain, listed = text.split("\n\n")
    row = next(csv.DictReader(io.StringIO(plain)))
    assert row["title"] == "'=HYPERLINK(1)" and row["source"] == "'+NQF"
    assert row["percent"] == "50.0" and row["period"] == "all dates"
    people = list(csv.reader(io.StringIO(listed)))
    assert people[1] == ["proxy_named", "'=cmd|' /C calc'!A0", "'-MRN", "1", "1"]
    assert people[2] == ["proxy_named", "'@Rosa", "MRN-2", "0", "1"]
    assert "P-1" not in text and "P-2" not in text
