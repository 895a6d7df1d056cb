"""Page: goals and values, in the patient's own words; distress, meaning and money worries."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from gui.inputs import OptionalSpin
from gui.pages.base import ConversationPage
from gui.widgets import choice_box, labelled, set_choice, text_box
from waypoint.i18n import N_, _
from waypoint.record.model import REFERRAL_STATES, Conversation, GoalsAndValues

# (field, label, accessible name); translated where shown.
_FIELDS = (
    ("goals", N_("&Goals"), N_("What matters most")),
    ("fears", N_("&Fears and worries"), N_("Fears and worries")),
    ("strengths", N_("&Strengths"), N_("Sources of strength")),
    (
        "critical_abilities",
        N_("Cannot do &without"),
        N_("Abilities they cannot imagine living without"),
    ),
    ("tradeoffs", N_("&Trade-offs"), N_("Trade-offs they would or would not accept")),
    ("family_knowledge", N_("Family &knows"), N_("How much the family knows")),
    (
        "spiritual_concerns",
        N_("Spiritual concerns"),
        N_("Spiritual concerns and sources of meaning"),
    ),
    ("financial_concerns", N_("Money worries"), N_("Money worries from illness and treatment")),
)


class GoalsPage(ConversationPage):
    """Goals and values."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "goals.critical_abilities",
            "goals.distress",
            "goals.family_knowledge",
            "goals.fears",
            "goals.financial_concerns",
            "goals.goals",
            "goals.psychosocial_referral",
            "goals.spiritual_concerns",
            "goals.strengths",
            "goals.tradeoffs",
        }
    )

    section_id = "goals"
    skippable = "goals"

    def build(self) -> None:
        self.boxes = {}
        for name, label, accessible in _FIELDS:
            box = text_box(_(accessible), _("in the patient's own words"), lines=2)
            self.boxes[name] = box
            self.form.addRow(labelled(box, _(label)), box)
            self.checks.add(box, GoalsAndValues, name, owner=lambda c: c.goals)
        self._build_distress()

    def _build_distress(self) -> None:
        # The NCCN distress thermometer (0-10) and where it led (content: section goals).
        self.distress = OptionalSpin.for_field(GoalsAndValues, "distress")
        self.psychosocial = choice_box(
            _("Psychosocial referral"),
            self.context.content,
            "psychosocial_referral",
            REFERRAL_STATES,
        )
        # Sized to a short label, not to its longest choice, so the page never scrolls sideways.
        self.psychosocial.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.psychosocial.setMinimumContentsLength(12)
        self.form.addRow(labelled(self.distress, _("Distress (0–10)")), self.distress)
        self.form.addRow(labelled(self.psychosocial, _("Psychosocial referral")), self.psychosocial)
        self.checks.add(self.distress, GoalsAndValues, "distress", owner=lambda c: c.goals)

    def fill(self, conversation: Conversation) -> None:
        for name, box in self.boxes.items():
            box.setPlainText(getattr(conversation.goals, name))
        self.distress.set_number(conversation.goals.distress)
        set_choice(self.psychosocial, conversation.goals.psychosocial_referral)

    def apply(self, conversation: Conversation) -> None:
        conversation.goals = GoalsAndValues(
            **{name: box.toPlainText().strip() for name, box in self.boxes.items()},
            distress=self.distress.number(),
            psychosocial_referral=self.psychosocial.currentData(),
        )
