"""Dates as people type and read them: one editable spelling (year-month-day) with messages
that say how to fix a typo, and one shown spelling (14 Mar 2026) for screens and documents."""

from __future__ import annotations

import datetime as dt
import re

from waypoint.i18n import _

_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def parse_date_text(text: str, *, allow_future: bool = True) -> dt.date | None:
    """A date from what was typed; blank gives None. Raises ValueError with a plain message."""
    cleaned = text.strip().replace("/", "-").replace(".", "-")
    if not cleaned:
        return None
    match = _ISO.fullmatch(cleaned)
    if not match:
        raise ValueError(
            _(
                "Write the date as year-month-day, for example 1956-03-14 (you typed {text})."
            ).format(text=text.strip())
        )
    year, month, day = (int(g) for g in match.groups())
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise ValueError(
            _("{text} is not a real date: check the month (1 to 12) and the day.").format(
                text=text.strip()
            )
        ) from None
    if year < 1900:
        raise ValueError(_("{text} is too far in the past.").format(text=text.strip()))
    if not allow_future and value > dt.date.today():
        raise ValueError(_("{text} is in the future.").format(text=text.strip()))
    return value


def format_date_text(value: dt.date | None) -> str:
    """The editable spelling of a date (blank for None)."""
    return value.isoformat() if value else ""


_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def format_day(value: dt.date) -> str:
    """A date as screens and documents show it: 14 Mar 2026, unambiguous in every country.

    The one shown spelling (issue 15): the Spanish handout's "el 23 de noviembre de 2026" is
    wording in content/, not a second formatter.
    """
    return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
