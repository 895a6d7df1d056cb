"""Last page: the recommendation, the agreed goal of care, follow-up and time spent."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox

from gui.pages.base import ConversationPage
from gui.widgets import DateField, labelled, text_box
from waypoint.i18n import _
from waypoint.record.model import Conversation, Plan


class PlanPage(ConversationPage):
    """Summary and plan."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "plan.follow_up_date",
            "plan.goal_of_care",
            "plan.inform_primary_care",
            "plan.next_steps",
            "plan.next_steps_for_patient",
            "plan.recommendation",
        }
    )

    section_id = "plan"

    def build(self) -> None:
        self.recommendation = text_box(_("Recommendation"), lines=3)
        self.goal_of_care = text_box(_("Agreed goal of care"), _("in plain words"), lines=2)
        self.next_steps = text_box(_("Next steps"), lines=2)
        # The handout prints this instead of the next steps above when filled ("a scan in about
        # 6 weeks" rather than "CT after cycle 4").
        self.next_steps_for_patient = text_box(
            _("Optional: the next steps in plain words for the patient's handout"), lines=2
        )
        self.follow_up = DateField(_("Follow-up date"))
        self.inform_pcp = QCheckBox(_("Send a letter to the primary care provider"))
        self.inform_pcp.setAccessibleName(_("Inform the primary care provider"))
        f = self.form
        f.addRow(labelled(self.goal_of_care, _("Agreed &goal of care")), self.goal_of_care)
        f.addRow(labelled(self.recommendation, _("&Recommendation")), self.recommendation)
        f.addRow(labelled(self.next_steps, _("&Next steps")), self.next_steps)
        f.addRow(
            labelled(self.next_steps_for_patient, _("Next steps for the handout")),
            self.next_steps_for_patient,
        )
        f.addRow(labelled(self.follow_up, _("&Follow-up date")), self.follow_up)
        f.addRow("", self.follow_up.error)
        f.addRow("", self.inform_pcp)
        for widget, name in (
            (self.goal_of_care, "goal_of_care"),
            (self.recommendation, "recommendation"),
            (self.next_steps, "next_steps"),
            (self.next_steps_for_patient, "next_steps_for_patient"),
            (self.follow_up, "follow_up_date"),
        ):
            self.checks.add(widget, Plan, name, owner=lambda c: c.plan)

    def fill(self, conversation: Conversation) -> None:
        plan = conversation.plan
        self.recommendation.setPlainText(plan.recommendation)
        self.goal_of_care.setPlainText(plan.goal_of_care)
        self.next_steps.setPlainText(plan.next_steps)
        self.next_steps_for_patient.setPlainText(plan.next_steps_for_patient)
        self.follow_up.set_value(plan.follow_up_date)
        self.inform_pcp.setChecked(plan.inform_primary_care)

    def apply(self, conversation: Conversation) -> None:
        plan = conversation.plan
        plan.recommendation = self.recommendation.toPlainText().strip()
        plan.goal_of_care = self.goal_of_care.toPlainText().strip()
        plan.next_steps = self.next_steps.toPlainText().strip()
        plan.next_steps_for_patient = self.next_steps_for_patient.toPlainText().strip()
        plan.inform_primary_care = self.inform_pcp.isChecked()
        plan.follow_up_date = self.follow_up.value()  # last: a typo raises, the rest is kept
