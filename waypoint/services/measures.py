"""The clinic's quality measures over a whole store: what ``main.py measures`` and the Clinic
measures window call, and the JSON and CSV they write.

Records are read through the store, each file checked, and only the parts the measures need
are kept (:mod:`waypoint.clinical.measure_input`, :func:`waypoint.storage.scan.record_digests`),
so a report over 10,000 patients reads one small file (benchmarks/measures.py). Patient names
appear in a CSV only when asked for.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from waypoint.clinical.measure_facts import FACTS_VERSION, Facts, facts_from_json
from waypoint.clinical.measure_input import measure_digest
from waypoint.clinical.measures import MeasureResult, Period, measure_items, summarize
from waypoint.collector import collector_paused
from waypoint.content.bundle import Content
from waypoint.content.stepped import stepped_rules
from waypoint.i18n import _
from waypoint.storage.scan import record_digests
from waypoint.storage.store import Store

#: Characters that make a spreadsheet read a cell as a formula.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class ClinicReport:
    """The measures as of a day (over a period), and the same by quarter when asked."""

    as_of: dt.date
    period: Period
    results: tuple[MeasureResult, ...]
    by_quarter: tuple[tuple[Period, tuple[MeasureResult, ...]], ...] = ()
    #: Records that could not be read and are not counted (the store check says why).
    unreadable: int = 0


#: ``progress(done, total)``, as gui/background.py shows it.
Progress = Callable[[int, int], None]


def measure_facts(store: Store, progress: Progress | None = None) -> tuple[list[Facts], int]:
    """What the measures know of every listed patient, and how many records could not be read.

    The store keeps each record's facts between reports (:func:`record_digests`), so only the
    records saved since the last report are read again.
    """
    if progress is not None:
        progress(0, 0)
    patients: list[Facts] = []
    unreadable = 0
    for _id, kept in record_digests(store, FACTS_VERSION, measure_digest):
        try:
            if kept is None:
                raise ValueError("unreadable")
            patients.append(facts_from_json(kept))
        except (TypeError, ValueError):
            unreadable += 1
    return patients, unreadable


def clinic_report(
    store: Store,
    content: Content,
    as_of: dt.date,
    period: Period | None = None,
    *,
    lang: str = "en",
    by_quarter: Sequence[Period] = (),
    progress: Progress | None = None,
) -> ClinicReport:
    """Every measure over the store's patients as of ``as_of``; by quarter for the chart.

    Each patient's items are worked out once; a period or a quarter only picks items by their
    index date.
    """
    rules = stepped_rules(content)
    period = period or Period()
    # Tens of thousands of small objects are made here and none is garbage until the end.
    with collector_paused():
        patients, unreadable = measure_facts(store, progress)
        items = measure_items(patients, content, as_of, rules=rules)
        first, *rest = summarize(items, content, [period, *by_quarter], lang=lang, rules=rules)
    quarterly = tuple((q, tuple(r)) for q, r in zip(by_quarter, rest, strict=True))
    return ClinicReport(as_of, period, tuple(first), quarterly, unreadable)


def quarters(as_of: dt.date, count: int) -> list[Period]:
    """The last ``count`` calendar quarters, oldest first, the last one holding ``as_of``."""
    year, index = as_of.year, (as_of.month - 1) // 3
    found = []
    for _n in range(count):
        start = dt.date(year, 3 * index + 1, 1)
        end = dt.date(year + (index == 3), (3 * index + 3) % 12 + 1, 1) - dt.timedelta(days=1)
        found.append(Period(start, end))
        year, index = (year - 1, 3) if index == 0 else (year, index - 1)
    return found[::-1]


def quarter_label(period: Period) -> str:
    """ "2026 Q3" for a calendar quarter."""
    start = period.start or dt.date.min
    return _("{year} Q{n}").format(year=start.year, n=(start.month - 1) // 3 + 1)


def period_label(period: Period) -> str:
    """The period in words for a heading or a CSV cell."""
    if period.start is None and period.end is None:
        return _("all dates")
    start = period.start.isoformat() if period.start else "…"
    end = period.end.isoformat() if period.end else "…"
    return f"{start} – {end}"


def report_json(report: ClinicReport) -> dict[str, dict[str, Any]]:
    """Measure key → numerator, denominator, title and source (``main.py measures``)."""
    return {
        r.key: {
            "numerator": r.numerator,
            "denominator": r.denominator,
            "title": r.title,
            "source": r.source,
        }
        for r in report.results
    }


def report_csv(report: ClinicReport, names: dict[str, tuple[str, str]] | None = None) -> str:
    """The report as CSV: one row per measure (and per measure and quarter).

    With ``names`` (patient id → (name, record number)), a second table after a blank line
    lists whom each measure counted; without it no patient is named or identified.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            _("measure"),
            _("title"),
            _("period"),
            _("as of"),
            _("numerator"),
            _("denominator"),
            _("percent"),
            _("better"),
            _("source"),
        ]
    )
    for period, results in ((report.period, report.results), *report.by_quarter):
        label = period_label(period) if period is report.period else quarter_label(period)
        for r in results:
            percent = "" if r.percent is None else f"{r.percent:.1f}"
            writer.writerow(
                [
                    r.key,
                    _cell(r.title),
                    label,
                    report.as_of.isoformat(),
                    r.numerator,
                    r.denominator,
                    percent,
                    r.better,
                    _cell(r.source),
                ]
            )
    if names is not None:
        writer.writerow([])
        writer.writerow([_("measure"), _("patient"), _("record number"), _("met"), _("of")])
        for key, patient, mrn, met, of in _named_rows(report, names):
            writer.writerow([key, _cell(patient), _cell(mrn), met, of])
    return out.getvalue()


def _named_rows(
    report: ClinicReport, names: dict[str, tuple[str, str]]
) -> Iterator[tuple[str, str, str, int, int]]:
    for r in report.results:
        for tally in r.tallies:
            name, mrn = names.get(tally.patient_id, ("", ""))
            yield r.key, name, mrn, tally.met, tally.of


def _cell(text: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula (a name may start with "=")."""
    return "'" + text if text.startswith(_FORMULA) else text
