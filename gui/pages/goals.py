"""Page: goals and values, in the patient's own words."""

from __future__ import annotations

from gui.pages.base import ConversationPage
from gui.widgets import labelled, text_box
from waypoint.i18n import _
from waypoint.model import Conversation, GoalsAndValues

_FIELDS = (
    ("goals", _("&Goals"), _("What matters most")),
    ("fears", _("&Fears and worries"), _("Fears and worries")),
    ("strengths", _("&Strengths"), _("Sources of strength")),
    (
        "critical_abilities",
        _("Cannot do &without"),
        _("Abilities they cannot imagine living without"),
    ),
    ("tradeoffs", _("&Trade-offs"), _("Trade-offs they would or would not accept")),
    ("family_knowledge", _("Family &knows"), _("How much the family knows")),
)


class GoalsPage(ConversationPage):
    """Goals and values."""

    section_id = "goals"
    skippable = "goals"

    def build(self) -> None:
        self.boxes = {}
        for name, label, accessible in _FIELDS:
            box = text_box(accessible, _("in the patient's own words"), lines=2)
            self.boxes[name] = box
            self.form.addRow(labelled(box, label), box)
            self.checks.add(box, GoalsAndValues, name, owner=lambda c: c.goals)

    def fill(self, conversation: Conversation) -> None:
        for name, box in self.boxes.items():
            box.setPlainText(getattr(conversation.goals, name))

    def apply(self, conversation: Conversation) -> None:
        conversation.goals = GoalsAndValues(
            **{name: box.toPlainText().strip() for name, box in self.boxes.items()}
        )
