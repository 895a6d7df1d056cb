"""The conversation wizard: a Conversation goes in, the edited Conversation comes out."""

from __future__ import annotations

import copy

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget, QWizard

from gui.pages.base import PageContext
from gui.pages.goals import GoalsPage
from gui.pages.plan import PlanPage
from gui.pages.setup import SetupPage
from waypoint.i18n import _
from waypoint.model import Conversation

PAGES = (SetupPage, GoalsPage, PlanPage)


class ConversationWizard(QWizard):
    """Steps through a conversation; the caller saves ``conversation`` when it is accepted."""

    def __init__(
        self, conversation: Conversation, context: PageContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ConversationWizard")
        self.conversation = copy.deepcopy(conversation)
        self.setWindowTitle(
            _("Conversation with {name}").format(name=context.record.patient.display_name)
        )
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Save conversation"))
        for page_class in PAGES:
            self.addPage(page_class(context))
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self._on_next_shortcut_activated)
        self.resize(1100, 720)

    def _on_next_shortcut_activated(self) -> None:
        # Through the buttons, so the page is validated exactly as a click would.
        last = self.currentId() == self.pageIds()[-1]
        self.button(
            QWizard.WizardButton.FinishButton if last else QWizard.WizardButton.NextButton
        ).click()
