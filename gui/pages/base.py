"""What every conversation page shares: its form on the left, its prompts on the right."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QScrollArea,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from gui.widgets import PromptPanel, plain_message_label
from waypoint.content import Content
from waypoint.model import Conversation, Record
from waypoint.settings import Settings


@dataclass
class PageContext:
    """What pages need besides the conversation they edit."""

    record: Record
    content: Content
    settings: Settings


class ConversationPage(QWizardPage):
    """A wizard page for one section; subclasses build the form, fill it and apply it."""

    section_id = ""

    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self.context = context
        section = context.content.sections[self.section_id]
        self.setObjectName(f"page_{self.section_id}")
        self.setTitle(section.title)
        outer = QHBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        body = QWidget()
        column = QVBoxLayout(body)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        column.addLayout(self.form)
        column.addStretch(1)
        self.error = plain_message_label()
        column.addWidget(self.error)
        scroll.setWidget(body)
        outer.addWidget(scroll, 3)
        self.prompts = PromptPanel(section, context.content)
        outer.addWidget(self.prompts, 2)
        self.build()

    def conversation(self) -> Conversation:
        """The conversation the wizard is editing."""
        return self.wizard().conversation  # type: ignore[attr-defined, no-any-return]

    def build(self) -> None:
        """Add the page's fields to ``self.form``."""
        raise NotImplementedError

    def fill(self, conversation: Conversation) -> None:
        """Show the conversation's answers in the widgets."""
        raise NotImplementedError

    def problems(self) -> str:
        """A plain sentence about what must be fixed before going on; empty when fine."""
        return ""

    def apply(self, conversation: Conversation) -> None:
        """Copy the widgets into the conversation."""
        raise NotImplementedError

    def initializePage(self) -> None:
        self.fill(self.conversation())

    def validatePage(self) -> bool:
        message = self.problems()
        self.error.setText(message)
        self.error.setVisible(bool(message))
        if message:
            return False
        self.apply(self.conversation())
        return True
