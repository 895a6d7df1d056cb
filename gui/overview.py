"""The patient overview: the facts that matter, the stepped-care badge, the FACT-L trend,
considerations, and a timeline of everything recorded, with the actions to add to it.

Recording an assessment, event or visit copies the record, adds the entry and hands it to the
``save`` callable (the main window's single save path), which shows the saved record again.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable, Sequence
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.considerations_panel import ConsiderationsPanel
from gui.fact_l_chart import FactLChart
from gui.flow_layout import FlowLayout
from gui.what_changed_view import WhatChangedView
from waypoint.applog import describe_failure, logger
from waypoint.content.bundle import Content, ContentError
from waypoint.content.stepped import SteppedRules, stepped_rules
from waypoint.dates import format_day
from waypoint.i18n import _
from waypoint.record.model import Assessment, CareEvent, Conversation, Record
from waypoint.services.clinical import Schedule, due_dates, fact_l_series, schedule_for_record

_BADGE_STYLE = (
    "QFrame#steppedBadge { border: %dpx solid #333; border-radius: 4px; background: #fafafa; }"
)

_log = logger("overview")


def _day(value: dt.date | None) -> str:
    return format_day(value) if value else "—"


def _label(name: str, rich: bool = True) -> QLabel:
    label = QLabel()
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
    return label


class PatientOverview(QWidget):
    """One patient at a glance, and the buttons to record what happened."""

    def __init__(
        self,
        content: Content,
        ask: Any,
        save: Callable[[Record], bool],
        actions: Sequence[QAction] = (),
        settings: Any = None,
        today: Callable[[], dt.date] = dt.date.today,
    ) -> None:
        super().__init__()
        self.setObjectName("PatientOverview")
        self.content, self.ask, self._save, self.settings = content, ask, save, settings
        self._today = today
        self.record: Record | None = None
        #: The clinician signed in (set by the main window): named on dismissals made here.
        self.clinician = ""
        self.plan: Schedule | None = None
        self.considerations: list[Any] = []
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # it follows the cursor; never holds it
        body = QWidget()
        layout = QVBoxLayout(body)
        self.header = _label("patientHeader")
        layout.addWidget(self.header)
        layout.addLayout(self._build_buttons(actions))
        layout.addLayout(self._build_top())
        self.what_changed = WhatChangedView(content)
        layout.addWidget(self.what_changed)
        layout.addLayout(self._build_middle())
        layout.addLayout(self._build_timeline(), 1)
        scroll.setWidget(body)
        outer.addWidget(scroll)

    # -- building ---------------------------------------------------------------------------

    def _build_buttons(self, actions: Sequence[QAction]) -> QVBoxLayout:
        # Two rows that wrap on a narrow window, rather than a grid wider than the screen.
        rows = QVBoxLayout()
        self.action_buttons: list[QPushButton] = []
        for action in actions:
            button = QPushButton(action.text().replace("&", "").rstrip("…") + "…")
            button.clicked.connect(action.trigger)
            button.setEnabled(action.isEnabled())
            action.changed.connect(lambda a=action, b=button: b.setEnabled(a.isEnabled()))
            self.action_buttons.append(button)
        self.assessment_button = QPushButton(_("Record FACT-L / ESAS-r…"))
        self.assessment_button.clicked.connect(self._on_assessment_clicked)
        self.event_button = QPushButton(_("Record an event…"))
        self.event_button.clicked.connect(self._on_event_clicked)
        self.visit_button = QPushButton(_("Record a palliative care visit…"))
        self.visit_button.clicked.connect(self._on_visit_clicked)
        self.therapy_button = QPushButton(_("Earlier lines of therapy…"))
        self.therapy_button.clicked.connect(self._on_therapy_clicked)
        record_buttons = [
            self.assessment_button,
            self.event_button,
            self.visit_button,
            self.therapy_button,
        ]
        for buttons in (self.action_buttons, record_buttons):
            row = FlowLayout()
            for button in buttons:
                row.addWidget(button)
            rows.addLayout(row)
        return rows

    def _build_top(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.facts = _label("patientFacts")
        row.addWidget(self.facts, 3)
        self.badge = QFrame()
        self.badge.setObjectName("steppedBadge")
        badge_layout = QVBoxLayout(self.badge)
        self.badge_title = _label("badgeTitle")
        self.badge_text = _label("badgeText")
        self.enrol_button = QPushButton(_("Enrol in palliative care…"))
        self.enrol_button.clicked.connect(self._on_enrol_clicked)
        badge_layout.addWidget(self.badge_title)
        badge_layout.addWidget(self.badge_text, 1)
        badge_layout.addWidget(self.enrol_button, 0, Qt.AlignmentFlag.AlignLeft)
        row.addWidget(self.badge, 4)
        return row

    def _build_middle(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.chart = FactLChart()
        row.addWidget(self.chart, 3)
        self.considerations_panel = ConsiderationsPanel(self.content, self.ask)
        self.considerations_panel.dismiss_requested.connect(self._on_dismiss_requested)
        self.considerations_panel.setMinimumHeight(170)
        row.addWidget(self.considerations_panel, 2)
        return row

    def _build_timeline(self) -> QVBoxLayout:
        column = QVBoxLayout()
        heading = QLabel(_("Timeline"))
        heading.setObjectName("sectionHeading")
        column.addWidget(heading)
        row = QHBoxLayout()
        self.timeline = QListWidget()
        self.timeline.setAccessibleName(_("Timeline"))
        self.timeline.setMinimumHeight(150)
        self.timeline.currentRowChanged.connect(self._on_timeline_row_changed)
        self.timeline.itemDoubleClicked.connect(self._on_timeline_item_double_clicked)
        row.addWidget(self.timeline, 3)
        self.entry_detail = _label("entryDetail")
        row.addWidget(self.entry_detail, 2)
        column.addLayout(row, 1)
        return column

    # -- showing ----------------------------------------------------------------------------

    def show_record(self, record: Record) -> None:
        """Show ``record`` (the saved one: the overview never edits it in place)."""
        self.record = record
        today = self._today()
        p = record.patient
        born = _("born {date}").format(date=_day(p.date_of_birth)) if p.date_of_birth else ""
        line = " · ".join(x for x in (born, p.mrn) if x)
        self.header.setText(f"<h2>{escape(p.display_name)}</h2>{escape(line)}")
        self.facts.setText(self._facts_html(record))
        self._show_badge(record, today)
        rules = self._rules()
        threshold = None
        care = p.stepped_care
        if rules is not None and care.baseline_fact_l is not None and care.mode == "stepped":
            threshold = care.baseline_fact_l - rules.step_up_points
        self.chart.set_data(
            fact_l_series(record),
            care.baseline_fact_l,
            threshold,
            self.plan.stepped_up_on if self.plan else None,
        )
        self._show_considerations(record, today)
        self.what_changed.show_record(record)
        self._show_timeline(record)

    def _rules(self) -> SteppedRules | None:
        try:
            return stepped_rules(self.content)
        except ContentError:
            return None

    def _facts_html(self, record: Record) -> str:
        p = record.patient
        latest = record.latest_conversation()
        dated = [a for a in record.assessments if a.ecog is not None and a.date]
        ecog = max(dated, key=lambda a: a.date or dt.date.min).ecog if dated else p.ecog
        line = ""
        if latest and latest.anticancer_therapy.current_line:
            therapy = latest.anticancer_therapy
            line = _("line {n}").format(n=therapy.current_line)
            line += f": {therapy.current_regimen}" if therapy.current_regimen else ""
        elif p.therapy_history:
            last = max(p.therapy_history, key=lambda t: t.line)
            line = _("line {n}").format(n=last.line) + (f": {last.regimen}" if last.regimen else "")
        proxy = p.health_care_proxy
        proxy_text = ", ".join(x for x in (proxy.name, proxy.role, proxy.phone) if x)
        code = ""
        goal = ""
        if latest is not None:
            status = latest.transition.code_status
            code = "; ".join(
                x
                for x in (
                    self.content.label("cpr", status.cpr),
                    self.content.label("treatment_level", status.treatment_level),
                )
                if x
            )
            goal = latest.plan.goal_of_care
        rows = [
            (_("Diagnosis"), p.diagnosis),
            (_("ECOG"), "" if ecog is None else str(ecog)),
            (_("Line of therapy"), line),
            (_("Health-care proxy"), proxy_text),
            (_("Code status"), code),
            (_("Goal of care"), goal),
        ]
        cells = "".join(
            f"<tr><td style='padding-right:10px'><b>{escape(k)}</b></td>"
            f"<td>{escape(v) if v else '—'}</td></tr>"
            for k, v in rows
        )
        return f"<table cellspacing='2'>{cells}</table>"

    def _show_badge(self, record: Record, today: dt.date) -> None:
        self.plan = None
        care = record.patient.stepped_care
        self.enrol_button.setText(
            _("Change enrolment…") if care.enrolled_on else _("Enrol in palliative care…")
        )
        if care.enrolled_on is None:
            self.badge.setStyleSheet(_BADGE_STYLE % 1)
            # Translated outside f-strings throughout: Babel cannot see a call inside one.
            not_enrolled = escape(_("Not enrolled in palliative care"))
            self.badge_title.setText(f"<b>{not_enrolled}</b>")
            self.badge_text.setText(
                escape(_("Enrol the patient to track the step and what is due."))
                + self._conversation_due_line(record, today, "<br/>")
            )
            return
        try:
            self.plan = schedule_for_record(record, today, stepped_rules(self.content))
        except (ValueError, ContentError) as exc:
            self.badge.setStyleSheet(_BADGE_STYLE % 1)
            cannot = escape(_("Stepped care cannot be scheduled"))
            self.badge_title.setText(f"<b>{cannot}</b>")
            self.badge_text.setText(escape(str(exc)))
            return
        plan = self.plan
        assert plan is not None
        if plan.mode == "early":
            title = _("Early palliative care")
        elif plan.step == 2:
            title = _("Step 2 since {date}").format(date=_day(plan.stepped_up_on))
        else:
            title = _("Step 1 since {date}").format(date=_day(care.enrolled_on))
        self.badge.setStyleSheet(_BADGE_STYLE % (3 if plan.step == 2 else 1))
        self.badge_title.setText(f"<span style='font-size:13pt'><b>{escape(title)}</b></span>")

        def when(value: dt.date | None) -> str:
            if value is None:
                return escape(_("not scheduled"))
            text, overdue = escape(_day(value)), escape(_("overdue"))
            return f"<b>{text} ({overdue})</b>" if value < today else text

        lines = [
            escape(_("Next palliative care visit")) + f": {when(plan.next_visit_due)}",
            escape(_("Next FACT-L")) + f": {when(plan.next_fact_l_due)}",
        ]
        talk = self._conversation_due_line(record, today, "")
        if talk:
            lines.insert(0, talk)
        reasons = "".join(f"<li>{escape(r)}</li>" for r in plan.reasons)
        rules = self._rules()
        cites = ""
        if rules is not None:
            refs = [
                self.content.references[s] for s in plan.sources if s in self.content.references
            ]
            cites = "; ".join(escape(_short_citation(r.citation)) for r in refs)
        self.badge_text.setText(
            "<br/>".join(lines)
            + f"<ul style='margin-left:-20px'>{reasons}</ul>"
            + ("<small>" + escape(_("Sources")) + f": {cites}</small>" if cites else "")
        )

    def _conversation_due_line(self, record: Record, today: dt.date, lead: str) -> str:
        """When a goals-of-care conversation is due: the worklist's own date (one source)."""
        due = due_dates(record, today, content=self.content).get("conversation")
        if due is None:
            return ""
        day = dt.date.fromisoformat(due)
        text = escape(_("Goals-of-care conversation due")) + f": {escape(_day(day))}"
        if day < today:
            text = f"<b>{text} (" + escape(_("overdue")) + ")</b>"
        return lead + text

    def _show_considerations(self, record: Record, today: dt.date) -> None:
        from waypoint.services.clinical import (
            evaluate,  # decision support loads with the first record
        )

        try:
            self.considerations = list(evaluate(record, today, self.content))
        except (ValueError, ContentError) as exc:
            # The record stays viewable; the failure is logged, not hidden.
            _log.error(
                "decision support failed: %s", describe_failure(type(exc), exc.__traceback__)
            )
            self.considerations = []
        self.considerations_panel.show_considerations(self.considerations)

    def _show_timeline(self, record: Record) -> None:
        self.timeline.clear()
        entries: list[tuple[dt.date, int, str, object]] = []
        # Last entered first: the sort below keeps this order on a tie, so of two conversations on
        # one day the later is listed (and selected, and opened in Documents) first.
        for c in reversed(record.conversations):
            if record.amendment_of(c) is not None:
                text = _("Conversation — {who} (replaced by an amendment)").format(who=c.clinician)
            elif c.amends:
                text = _("Conversation, amended — {who}").format(who=c.clinician)
            else:
                text = _("Conversation — {who}").format(who=c.clinician)
            entries.append((c.date or dt.date.min, 3, text, c))
        for a in record.assessments:
            entries.append((a.date or dt.date.min, 2, _assessment_text(a), a))
        for e in record.events:
            text = self.content.label("event_kind", e.kind)
            entries.append((e.date or dt.date.min, 1, f"{text}{': ' if e.note else ''}{e.note}", e))
        care = record.patient.stepped_care
        if care.enrolled_on is not None:
            text = self.content.label("stepped_mode", care.mode) + " — " + _("enrolled")
            entries.append((care.enrolled_on, 0, text, care))
        entries.sort(key=lambda t: (t[0], t[1]), reverse=True)
        for day, _rank, text, payload in entries:
            item = QListWidgetItem(f"{_day(day)}   {text.splitlines()[0] if text else ''}")
            item.setData(Qt.ItemDataRole.UserRole, payload)
            self.timeline.addItem(item)
        if entries:
            conversations = [i for i, e in enumerate(entries) if isinstance(e[3], Conversation)]
            self.timeline.setCurrentRow(conversations[0] if conversations else 0)
        else:
            self.entry_detail.setText(escape(_("Nothing recorded yet.")))

    def selected_conversation(self) -> Conversation | None:
        """The conversation chosen in the timeline, else the latest one."""
        item = self.timeline.currentItem()
        payload = item.data(Qt.ItemDataRole.UserRole) if item else None
        if isinstance(payload, Conversation):
            return payload
        return self.record.latest_conversation() if self.record else None

    # -- handlers ---------------------------------------------------------------------------

    def _on_timeline_row_changed(self, _row: int) -> None:
        item = self.timeline.currentItem()
        payload = item.data(Qt.ItemDataRole.UserRole) if item else None
        if isinstance(payload, Conversation):
            plan = payload.plan
            parts = [
                (_("Goals"), payload.goals.goals or _("(no goals recorded)")),
                (_("Agreed goal of care"), plan.goal_of_care or _("(no goal of care recorded)")),
                (_("Follow-up"), _day(plan.follow_up_date)),
            ]
            self.entry_detail.setText(
                "".join(f"<p><b>{escape(k)}</b><br/>{escape(v)}</p>" for k, v in parts)
            )
        elif isinstance(payload, Assessment):
            self.entry_detail.setText(
                escape(_assessment_text(payload, full=True)).replace("\n", "<br/>")
            )
        elif isinstance(payload, CareEvent):
            lines = [payload.note or _("(no note)")]
            if payload.end_date is not None:
                lines.append(_("Discharged on {date}").format(date=_day(payload.end_date)))
            if payload.place:
                lines.append(self.content.label("death_place", payload.place))
            lines.append(_("Double-click to correct it (for example, add the discharge date)."))
            self.entry_detail.setText("<br/>".join(escape(line) for line in lines))
        elif item is not None:
            self.entry_detail.setText(escape(item.text()))

    def _add_and_save(self, change: Callable[[Record], None]) -> bool:
        if self.record is None:
            return False
        record = copy.deepcopy(self.record)
        change(record)
        return self._save(record)

    def _on_assessment_clicked(self) -> None:
        from gui.assessment_dialog import AssessmentDialog

        dialog = AssessmentDialog(Assessment(), self.content, self)
        if dialog.exec() == AssessmentDialog.DialogCode.Accepted:
            self._add_and_save(lambda r: r.assessments.append(dialog.assessment))

    def _on_therapy_clicked(self) -> None:
        from gui.therapy_dialog import TherapyHistoryDialog

        if self.record is None:
            return
        dialog = TherapyHistoryDialog(self.record.patient.therapy_history, self.content, self)
        if dialog.exec() == TherapyHistoryDialog.DialogCode.Accepted:
            lines = dialog.lines
            self._add_and_save(lambda r: setattr(r.patient, "therapy_history", lines))

    def _on_event_clicked(self) -> None:
        self._record_event(CareEvent())

    def _on_visit_clicked(self) -> None:
        from gui.event_dialog import VISIT

        self._record_event(CareEvent(kind=VISIT))

    def _record_event(self, event: CareEvent) -> None:
        from gui.event_dialog import EventDialog

        dialog = EventDialog(event, self.content, self)
        if dialog.exec() == EventDialog.DialogCode.Accepted:
            self._add_and_save(lambda r: r.events.append(dialog.care_event))

    def _on_timeline_item_double_clicked(self, item: QListWidgetItem) -> None:
        payload = item.data(Qt.ItemDataRole.UserRole)
        if isinstance(payload, CareEvent):
            self.edit_event(payload)

    def edit_event(self, event: CareEvent) -> None:
        """Correct a recorded event, e.g. add the discharge date to an admission."""
        from gui.event_dialog import EventDialog

        dialog = EventDialog(event, self.content, self)
        if dialog.exec() != EventDialog.DialogCode.Accepted:
            return

        def replace(record: Record) -> None:
            for i, e in enumerate(record.events):
                if e.id == event.id:
                    record.events[i] = dialog.care_event

        self._add_and_save(replace)

    def _on_enrol_clicked(self) -> None:
        if self.record is None:
            return
        from gui.event_dialog import EnrolmentDialog

        dialog = EnrolmentDialog(self.record.patient.stepped_care, self.content, self)
        if dialog.exec() == EnrolmentDialog.DialogCode.Accepted:

            def enrol(record: Record) -> None:
                record.patient.stepped_care = dialog.stepped_care

            self._add_and_save(enrol)

    def _on_dismiss_requested(self, consideration_id: str, reason: str) -> None:
        from waypoint.services.clinical import rules

        clinician = self.clinician

        def dismiss(record: Record) -> None:
            rules.dismiss(
                record, consideration_id, reason, clinician, self._today(), content=self.content
            )

        try:
            self._add_and_save(dismiss)
        except ValueError as exc:
            self.ask.warn(self, _("Not dismissed"), str(exc))


def _short_citation(citation: str) -> str:
    """First author and year: "Temel JS 2024"."""
    year = re.search(r"\b(19|20)\d{2}\b", citation)
    return citation.split(",")[0].split(".")[0] + (f" {year.group(0)}" if year else "")


def _assessment_text(a: Assessment, full: bool = False) -> str:
    parts = []
    if a.fact_l_total is not None:
        parts.append(_("FACT-L {n}").format(n=a.fact_l_total))
    if a.esas is not None:
        from waypoint.record.model import ESAS_NAMES

        scores = [(ESAS_NAMES[k], getattr(a.esas, k)) for k in ESAS_NAMES]
        given = [f"{name} {value}" for name, value in scores if value is not None]
        parts.append(("ESAS-r: " + ", ".join(given)) if full else _("ESAS-r"))
    if a.ecog is not None:
        parts.append(_("ECOG {n}").format(n=a.ecog))
    if a.pps is not None:
        parts.append(f"PPS {a.pps}%")
    return ("\n" if full else " · ").join(parts) or _("Assessment")
