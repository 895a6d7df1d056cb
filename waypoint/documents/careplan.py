"""The care plan for the chart: every section of a conversation, on Letter or A4."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waypoint.care_events import record_as_of
from waypoint.content import Content, shipped_content
from waypoint.documents.common import (
    considerations,
    document_context,
    fact_l_series,
    format_contact,
    format_date,
    pick_conversation,
    stepped_status,
    survival_scenarios,
)
from waypoint.documents.markup import render_template
from waypoint.documents.pdf import FLOWABLES, load_flowables, render_pdf
from waypoint.model import Conversation, Record
from waypoint.settings import Settings
from waypoint.stepped_care import enrolment_baseline
from waypoint.what_changed import what_changed

TEMPLATE = "careplan.xml.j2"

__all__ = ["careplan_xml", "format_contact", "format_date", "render_careplan"]


def careplan_context(
    record: Record,
    conversation: Conversation,
    settings: Settings,
    content: Content,
    today: dt.date | None = None,
) -> dict[str, Any]:
    """The care plan's template context: the common one plus decision support and quality of life.

    Decision support, stepped care and the FACT-L trend are as of the conversation's date
    (``as_of``), so a care plan reprinted later shows what it showed on the day.
    """
    context = document_context(record, conversation, settings, content, today)
    as_of = context["as_of"]
    past = record_as_of(record, as_of, conversation)
    series = fact_l_series(past)
    baseline = enrolment_baseline(record)
    latest = series[-1] if series else None
    load_flowables()
    context.update(
        considerations=considerations(past, as_of, content),
        dismissals=past.dismissals,
        changes=what_changed(record, conversation, content),
        rule_title=lambda rule_id: rule_title(content, rule_id),
        scenarios=survival_scenarios(conversation.prognosis.median_survival_months),
        fact_l=series,
        fact_l_latest=latest,
        fact_l_change=(
            round(latest.total - baseline, 1) if latest and baseline is not None else None
        ),
        fact_l_chart=_chart(past, as_of),
        stepped=stepped_status(past, as_of),
    )
    return context


class _Blank(dict[str, object]):
    def __missing__(self, key: str) -> str:
        return "…"


def rule_title(content: Content, rule_id: str) -> str:
    """A rule's title for a list of dismissals: the clinic's thresholds filled in, any
    record value the title names shown as "…" (the dismissal does not keep it)."""
    text = content.rules.get(rule_id)
    if text is None:
        return rule_id
    values = _Blank({k: f"{v:g}" for k, v in text.thresholds.items()})
    return text.title.format_map(values)


def _chart(record: Record, today: dt.date) -> str:
    """The FACT-L chart element when the chart module is present (markup it built and escaped)."""
    if "fact_l_chart" not in FLOWABLES:
        return ""
    from waypoint.documents import charts

    element: str = charts.fact_l_chart_element(record, today=today)
    return element


def careplan_xml(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    content: Content | None = None,
) -> str:
    """The care plan as document XML (useful for tests and previews)."""
    content = content or shipped_content()
    conversation = pick_conversation(record, conversation)
    context = careplan_context(record, conversation, settings or Settings(), content)
    return render_template(TEMPLATE, **context)


def render_careplan(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    content: Content | None = None,
) -> bytes:
    """The care plan PDF for ``conversation`` (the latest one by default), as bytes."""
    settings = settings or Settings()
    xml = careplan_xml(record, conversation, settings, content)
    return render_pdf(xml, page_size=settings.paper_size)
