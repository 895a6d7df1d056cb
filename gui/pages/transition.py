"""Page 7: hospice, place of care, caregiver, code status and advance care planning documents."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from gui.inputs import set_yes_no, yes_no_box
from gui.pages.base import ConversationPage
from gui.widgets import choice_box, labelled, line_box, set_choice, text_box
from waypoint.i18n import _
from waypoint.record.model import (
    CPR_CHOICES,
    DOCUMENT_STATES,
    NUTRITION_CHOICES,
    TREATMENT_LEVELS,
    YES_NO_UNKNOWN,
    CodeStatus,
    Conversation,
    Transition,
)


class TransitionPage(ConversationPage):
    """Transition and advance care planning."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "transition.advance_directive",
            "transition.caregiver",
            "transition.caregiver_capacity",
            "transition.caregiver_strain",
            "transition.code_status.artificial_nutrition",
            "transition.code_status.cpr",
            "transition.code_status.treatment_level",
            "transition.home_hospice_available",
            "transition.hospice_discussed",
            "transition.polst",
            "transition.preferred_place_for_patient",
            "transition.preferred_place_of_care",
            "transition.proxy_confirmed",
        }
    )

    section_id = "transition"
    skippable = "transition"

    def build(self) -> None:
        c = self.context.content
        self.hospice = yes_no_box(_("Hospice discussed"))
        self.place = text_box(_("Where the patient wants to be cared for"), lines=2)
        # The handout prints only this, never the note above ("pt prefers home, not SNF").
        self.place_for_patient = text_box(
            _("Optional: in the patient's own words, for the handout"),
            _("e.g. At home, in my own bed"),
            lines=2,
        )
        self.home_hospice = choice_box(
            _("Home hospice reaches the patient's address"), c, "yes_no_unknown", YES_NO_UNKNOWN
        )
        self.caregiver = line_box(_("Caregiver"), max_length=500)
        self.capacity = text_box(_("What the caregiver can do"), lines=2)
        self.strain = text_box(
            _("Caregiver strain and support"), _("how the caregiver is coping; support offered"), 2
        )
        self.cpr = choice_box(_("Resuscitation"), c, "cpr", CPR_CHOICES)
        self.level = choice_box(_("Treatment level"), c, "treatment_level", TREATMENT_LEVELS)
        self.nutrition = choice_box(
            _("Artificial nutrition"), c, "artificial_nutrition", NUTRITION_CHOICES
        )
        self.proxy = yes_no_box(_("Health-care proxy confirmed"))
        proxy = self.context.record.patient.health_care_proxy
        self.proxy_name = QLabel(
            _("On record: {name}").format(
                name=", ".join(p for p in (proxy.name, proxy.role, proxy.phone) if p)
            )
            if proxy.name
            else _("No proxy on record yet (add one with Edit patient).")
        )
        self.proxy_name.setWordWrap(True)
        self.directive = choice_box(_("Advance directive"), c, "document_state", DOCUMENT_STATES)
        self.polst = choice_box(_("POLST form"), c, "document_state", DOCUMENT_STATES)
        f = self.form
        f.addRow(labelled(self.hospice, _("&Hospice discussed")), self.hospice)
        f.addRow(labelled(self.place, _("&Place of care")), self.place)
        f.addRow(
            labelled(self.place_for_patient, _("In the patient's &words")), self.place_for_patient
        )
        f.addRow(labelled(self.home_hospice, _("Home hospice &reaches")), self.home_hospice)
        f.addRow(labelled(self.caregiver, _("&Caregiver")), self.caregiver)
        f.addRow(labelled(self.capacity, _("Caregiver c&an do")), self.capacity)
        f.addRow(labelled(self.strain, _("Caregiver strain")), self.strain)
        f.addRow(labelled(self.cpr, _("Re&suscitation")), self.cpr)
        f.addRow(labelled(self.level, _("&Treatment level")), self.level)
        f.addRow(labelled(self.nutrition, _("Artificial &nutrition")), self.nutrition)
        f.addRow(labelled(self.proxy, _("Pro&xy confirmed")), self.proxy)
        f.addRow("", self.proxy_name)
        f.addRow(labelled(self.directive, _("Advance &directive")), self.directive)
        f.addRow(labelled(self.polst, _("P&OLST")), self.polst)
        for widget, name in (
            (self.place, "preferred_place_of_care"),
            (self.place_for_patient, "preferred_place_for_patient"),
            (self.caregiver, "caregiver"),
            (self.capacity, "caregiver_capacity"),
            (self.strain, "caregiver_strain"),
        ):
            self.checks.add(widget, Transition, name, owner=lambda c: c.transition)

    def fill(self, conversation: Conversation) -> None:
        t = conversation.transition
        set_yes_no(self.hospice, t.hospice_discussed)
        self.place.setPlainText(t.preferred_place_of_care)
        self.place_for_patient.setPlainText(t.preferred_place_for_patient)
        set_choice(self.home_hospice, t.home_hospice_available)
        self.caregiver.setText(t.caregiver)
        self.capacity.setPlainText(t.caregiver_capacity)
        self.strain.setPlainText(t.caregiver_strain)
        set_choice(self.cpr, t.code_status.cpr)
        set_choice(self.level, t.code_status.treatment_level)
        set_choice(self.nutrition, t.code_status.artificial_nutrition)
        set_yes_no(self.proxy, t.proxy_confirmed)
        set_choice(self.directive, t.advance_directive)
        set_choice(self.polst, t.polst)

    def apply(self, conversation: Conversation) -> None:
        conversation.transition = Transition(
            hospice_discussed=self.hospice.currentData(),
            preferred_place_of_care=self.place.toPlainText().strip(),
            preferred_place_for_patient=self.place_for_patient.toPlainText().strip(),
            home_hospice_available=self.home_hospice.currentData(),
            caregiver=self.caregiver.text().strip(),
            caregiver_capacity=self.capacity.toPlainText().strip(),
            caregiver_strain=self.strain.toPlainText().strip(),
            code_status=CodeStatus(
                cpr=self.cpr.currentData(),
                treatment_level=self.level.currentData(),
                artificial_nutrition=self.nutrition.currentData(),
            ),
            proxy_confirmed=self.proxy.currentData(),
            advance_directive=self.directive.currentData(),
            polst=self.polst.currentData(),
        )
