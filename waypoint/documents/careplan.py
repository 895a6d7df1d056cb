"""The care plan for the chart: every section of a conversation, on Letter or A4."""

from __future__ import annotations

import datetime as dt
from typing import Any

from waypoint.clinical.prognosis import ppi_references, scenario_note, scenario_references
from waypoint.clinical.stepped_care import enrolment_baseline
from waypoint.clinical.what_changed import what_changed
from waypoint.content.bundle import Content
from waypoint.content.stepped import stepped_rules
from waypoint.documents.common import (
    ShownConsideration,
    brief,
    considerations,
    document_context,
    esas_table,
    fact_l_series,
    format_contact,
    format_date,
    number_references,
    order_considerations,
    pick_conversation,
    ppi_summary,
    split_met,
    stepped_status,
    survival_scenarios,
)
from waypoint.documents.markup import render_template
from waypoint.documents.pdf import load_flowables, render_pdf
from waypoint.record.care_events import record_as_of
from waypoint.record.model import Conversation, Record
from waypoint.storage.settings import Settings

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
    shown = considerations(past, as_of, content)
    met: list[ShownConsideration] = []
    references: list[str] = []
    if shown is not None:
        shown, met = split_met(order_considerations(shown))
        shown, references = number_references(shown)
    esas_day, esas_items = esas_table(record, conversation, content)
    context.update(
        considerations=shown,
        met_considerations=met,
        references=references,
        esas_day=esas_day,
        esas_items=esas_items,
        ppi=ppi_summary(conversation, content),
        # Where the PPI and the scenario multiples come from, in full, beside their caveats.
        ppi_sources=[r.citation for r in ppi_references(content)],
        scenario_note=scenario_note(content),
        scenario_sources=[r.citation for r in scenario_references(content)],
        dismissals=past.dismissals,
        changes=what_changed(record, conversation, content),
        rule_title=lambda rule_id: rule_title(content, rule_id),
        scenarios=survival_scenarios(conversation.prognosis.median_survival_months, content),
        fact_l=series,
        fact_l_latest=latest,
        fact_l_change=(
            round(latest.total - baseline, 1) if latest and baseline is not None else None
        ),
        fact_l_chart=_chart(past, as_of, content),
        stepped=stepped_status(past, as_of, content),
    )
    context["glance"] = at_a_glance(context, shown or [])
    return context


#: Page 1 holds the decisions; a long answer there points to where it is whole.
GLANCE_LIMIT = 280
#: How many open considerations the "At a glance" block names.
GLANCE_CONSIDERATIONS = 3


def at_a_glance(context: dict[str, Any], shown: list[ShownConsideration]) -> list[tuple[str, str]]:
    """(label, text) rows for page 1: what was decided and what happens next, blanks left out.

    Long answers are shortened with a pointer to the section where they are whole.
    """
    conversation: Conversation = context["conversation"]
    label = context["label"]
    date = context["date"]
    plan, tr = conversation.plan, conversation.transition
    cs = tr.code_status
    conflict = any(c.id == "code_status_conflict" and not c.dismissed_reason for c in shown)
    code = "; ".join(
        p
        for p in (
            label("cpr", cs.cpr) if cs.cpr else "",
            label("treatment_level", cs.treatment_level) if cs.treatment_level else "",
            ("POLST: " + label("document_state", tr.polst)) if tr.polst else "",
        )
        if p
    )
    if conflict:
        code += " (these do not match: see Considerations)"
    proxy = format_contact(context["patient"].health_care_proxy)
    if proxy and tr.proxy_confirmed:
        proxy += " (confirmed today)"
    chosen = "; ".join(o.name for o in context["chosen"])
    follow_up = date(plan.follow_up_date)
    stepped = context.get("stepped")
    due = stepped.next_visit_due if stepped else None
    visit = date(due)
    review = date(conversation.anticancer_therapy.trial_review_date)
    when = "; ".join(
        p
        for p in (
            f"follow-up {follow_up}" if follow_up else "",
            f"review of the time-limited trial {review}" if review else "",
            (
                f"palliative care visit overdue since {visit}"
                if due and due < context["as_of"]
                else f"palliative care visit due by {visit}"
            )
            if visit
            else "",
        )
        if p
    )
    open_items = [c.title for c in shown if not c.dismissed_reason and c.severity != "info"]
    rows = [
        ("Goal of care", brief(plan.goal_of_care, GLANCE_LIMIT, "… (whole text under Plan)")),
        ("Code status", code),
        ("Health-care proxy", proxy),
        ("Decided", chosen or ("No option chosen" if conversation.treatment_options else "")),
        ("Next", brief(plan.next_steps, GLANCE_LIMIT, "… (whole text under Plan)")),
        ("When", when),
        ("Matters most", "\n".join(open_items[:GLANCE_CONSIDERATIONS])),
    ]
    return [(k, v) for k, v in rows if v]


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


def _chart(record: Record, today: dt.date, content: Content) -> str:
    """The FACT-L chart element (markup the chart module built and escaped)."""
    from waypoint.documents import charts  # late: ReportLab graphics, only when a plan is built

    element: str = charts.fact_l_chart_element(record, stepped_rules(content), today=today)
    return element


def careplan_xml(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    *,
    content: Content,
) -> str:
    """The care plan as document XML (useful for tests and previews)."""
    conversation = pick_conversation(record, conversation)
    context = careplan_context(record, conversation, settings or Settings(), content)
    return render_template(TEMPLATE, **context)


def render_careplan(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    *,
    content: Content,
) -> bytes:
    """The care plan PDF for ``conversation`` (the latest one by default), as bytes."""
    settings = settings or Settings()
    xml = careplan_xml(record, conversation, settings, content=content)
    return render_pdf(xml, page_size=settings.paper_size)
