"""Page 1: who is here, permission to talk, and what the patient understands and wants to know."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox

from gui.inputs import add_blank, set_yes_no, yes_no_box
from gui.pages.base import ConversationPage
from gui.widgets import DateField, choice_box, labelled, line_box, set_choice, text_box
from waypoint.i18n import _
from waypoint.record.model import INFORMATION_PREFERENCES, Conversation, Prognosis


class SetupPage(ConversationPage):
    """Getting started."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "clinician",
            "date",
            "interpreter_needed",
            "participants",
            "permission_given",
            "prognosis.information_preference",
            "prognosis.understanding",
        }
    )

    section_id = "setup"

    def build(self) -> None:
        self.date = DateField(_("Date of the conversation"), allow_future=False)
        self.clinician = line_box(_("Clinician"), _("your name as it should appear on documents"))
        self.participants = text_box(_("Who is present"), _("one person per line"), lines=2)
        self.permission = QComboBox()
        self.permission.setAccessibleName(_("Permission to talk"))
        add_blank(self.permission)
        self.permission.addItem(_("Yes"), True)
        self.permission.addItem(_("No, not today"), False)
        self.preference = choice_box(
            _("How much the patient wants to know"),
            self.context.content,
            "information_preference",
            INFORMATION_PREFERENCES,
        )
        self.interpreter = yes_no_box(_("Interpreter needed"))
        self.understanding = text_box(
            _("What the patient understands"), _("in the patient's own words"), lines=4
        )
        f = self.form
        f.addRow(labelled(self.date, _("&Date")), self.date)
        f.addRow("", self.date.error)
        f.addRow(labelled(self.clinician, _("&Clinician")), self.clinician)
        f.addRow(labelled(self.participants, _("&Who is present")), self.participants)
        f.addRow(labelled(self.permission, _("&Permission to talk")), self.permission)
        f.addRow(labelled(self.interpreter, _("Interpreter needed")), self.interpreter)
        f.addRow(labelled(self.preference, _("Wants to &know")), self.preference)
        f.addRow(labelled(self.understanding, _("&Understanding")), self.understanding)
        self.checks.add(self.date, Conversation, "date", owner=lambda c: c)
        self.checks.add(self.clinician, Conversation, "clinician", owner=lambda c: c)
        self.checks.add(
            self.participants,
            Conversation,
            "participants",
            owner=lambda c: c,
            value=self._participants,
        )
        self.checks.add(self.understanding, Prognosis, "understanding", owner=lambda c: c.prognosis)

    def _participants(self) -> list[str]:
        return [
            line.strip() for line in self.participants.toPlainText().splitlines() if line.strip()
        ]

    def fill(self, conversation: Conversation) -> None:
        self.date.set_value(conversation.date or dt.date.today())
        self.clinician.setText(conversation.clinician)  # the main window fills in who signed in
        self.participants.setPlainText("\n".join(conversation.participants))
        self.permission.setCurrentIndex(
            max(self.permission.findData(conversation.permission_given), 0)
        )
        set_yes_no(self.interpreter, conversation.interpreter_needed)
        set_choice(self.preference, conversation.prognosis.information_preference)
        self.understanding.setPlainText(conversation.prognosis.understanding)

    def problems(self) -> str:
        if not self.clinician.text().strip():
            return _(
                "Please enter the clinician's name, so the record says who held the conversation."
            )
        return ""

    def apply(self, conversation: Conversation) -> None:
        conversation.clinician = self.clinician.text().strip()
        conversation.participants = self._participants()
        conversation.permission_given = self.permission.currentData()
        conversation.interpreter_needed = self.interpreter.currentData()
        conversation.prognosis.information_preference = self.preference.currentData()
        conversation.prognosis.understanding = self.understanding.toPlainText().strip()
        conversation.date = self.date.value()  # last: a typo raises, and the rest is kept
