"""What every conversation page shares: its form on the left, its prompts on the right."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any, ClassVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from gui.checked_fields import CheckedFields
from gui.mnemonics import apply_mnemonics, keep_mnemonic, mnemonic_widgets
from gui.screen_fit import let_shrink
from gui.widgets import PromptPanel, first_field, plain_message_label
from waypoint.content.bundle import Content, Section
from waypoint.i18n import _
from waypoint.record.model import Conversation, Record
from waypoint.storage.settings import Settings


@dataclass
class PageContext:
    """What pages need besides the conversation they edit."""

    record: Record
    content: Content
    settings: Settings
    ask: Any = None  # gui.ask.Ask, or a test's stand-in


class ConversationPage(QWizardPage):
    """A wizard page for one section; subclasses build the form, fill it and apply it.

    ``changed`` fires on any edit, so the wizard can autosave and refresh considerations.
    """

    changed = Signal()
    skip_toggled = Signal(str)

    section_id = ""
    #: The section recorded as skipped when the clinician skips this page (None: cannot skip).
    skippable: str | None = None
    #: The conversation fields the page edits, as dotted paths ("goals.fears"; a list of groups
    #: as "treatment_options[].name"). Every field is edited by some form or marked ``set_by``
    #: in the model: tests/gui/test_field_editors.py checks both.
    EDITS: ClassVar[frozenset[str]] = frozenset()

    def __init__(self, context: PageContext) -> None:
        super().__init__()
        self.context = context
        self._filling = False
        self._follows_wizard = False
        section = context.content.sections[self.section_id]
        self.setObjectName(f"page_{self.section_id}")
        self.setTitle(section.title)
        outer = QHBoxLayout(self)
        outer.addWidget(self._build_body(), 3)
        outer.addWidget(self._build_prompts(section), 2)
        self._watch_inputs(self._body)

    def _build_body(self) -> QScrollArea:
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        # The scroll areas follow the focus; taking it themselves leaves the cursor nowhere.
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._body = QWidget()
        column = QVBoxLayout(self._body)
        self.form = QFormLayout()
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        column.addLayout(self.form)
        column.addStretch(1)
        self.error = plain_message_label()
        column.addWidget(self.error)
        self.checks = CheckedFields(self, self.context.content)
        self.build()
        let_shrink(self._body)
        # Added after the fields, so Tab reaches it after them (the focus chain follows the
        # order widgets join the page, not their place on it).
        self.skip_button = QPushButton(_("S&kip this part today…"))
        self.skip_button.setVisible(self.skippable is not None)
        self.skip_button.clicked.connect(self._on_skip_clicked)
        column.addWidget(self.skip_button)
        scroll.setWidget(self._body)
        return scroll

    def _build_prompts(self, section: Section) -> QScrollArea:
        self.prompts = PromptPanel(section, self.context.content)
        # Scrolls rather than clips when the text is large (150 % scaling) or the window small.
        prompt_scroll = QScrollArea()
        prompt_scroll.setWidgetResizable(True)
        prompt_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        prompt_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        let_shrink(self.prompts)
        prompt_scroll.setWidget(self.prompts)
        prompt_scroll.setMinimumWidth(240)
        return prompt_scroll

    def _watch_inputs(self, body: QWidget) -> None:
        for widget in body.findChildren(QWidget):
            signal = None
            if (
                isinstance(widget, QLineEdit) and not isinstance(widget.parent(), QAbstractSpinBox)
            ) or isinstance(widget, QPlainTextEdit):
                signal = widget.textChanged
            elif isinstance(widget, QComboBox):
                signal = widget.currentIndexChanged
            elif isinstance(widget, QSpinBox | QDoubleSpinBox):
                signal = widget.valueChanged
            elif isinstance(widget, QAbstractButton) and widget.isCheckable():
                signal = widget.toggled
            if signal is not None:
                signal.connect(self._on_input_changed)

    def _on_input_changed(self, *_args: object) -> None:
        if not self._filling:
            self.changed.emit()

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
        """Copy the widgets into the conversation (only valid values; typos stay in the widgets)."""
        raise NotImplementedError

    def initializePage(self) -> None:
        self._filling = True
        try:
            self.fill(self.conversation())
        finally:
            self._filling = False
        self._show_skip_state()
        if not self._follows_wizard:
            # The wizard puts the cursor on Next after switching pages; take it back afterwards.
            self._follows_wizard = True
            self.wizard().currentIdChanged.connect(self._on_wizard_current_id_changed)

    def focus_first_field(self) -> None:
        """Put the cursor in the page's first field (a page opens ready to type)."""
        field = first_field(self._body)
        if field is not None:
            field.setFocus(Qt.FocusReason.TabFocusReason)

    def _on_wizard_current_id_changed(self, _page_id: int) -> None:
        if self.wizard() is not None and self.wizard().currentPage() is self:
            self.focus_first_field()

    def assign_mnemonics(self, reserved: set[str]) -> set[str]:
        """Unique Alt-letters for this page's labels and buttons, none of ``reserved``."""
        return apply_mnemonics(mnemonic_widgets(self), reserved)

    def cleanupPage(self) -> None:
        """Going Back keeps what was typed on this page (Qt's default would reset it)."""
        self.apply_safely(self.conversation())

    def apply_safely(self, conversation: Conversation) -> None:
        """Apply for an autosave: a half-typed date must not stop the rest being kept.

        A value the record cannot hold (PPS 65) stays in its box and out of the draft.
        """

        def apply() -> None:
            with contextlib.suppress(ValueError):
                self.apply(conversation)

        self.checks.keep_valid(conversation, apply)

    def validatePage(self) -> bool:
        # Every field shows its own problem; the page's sentence, if any, explains best.
        in_fields = self.checks.check_all()
        message = self.problems() or in_fields
        self.error.setText(message)
        self.error.setVisible(bool(message))
        if message:
            return False
        self.apply(self.conversation())
        return True

    # -- skipping ---------------------------------------------------------------------------

    def _show_skip_state(self) -> None:
        if self.skippable is None:
            return
        skipped = self.skippable in self.conversation().skipped
        keep_mnemonic(
            self.skip_button,
            _("Don't skip this part") if skipped else _("Skip this part today…"),
        )

    def _on_skip_clicked(self) -> None:
        assert self.skippable is not None
        skipped = self.conversation().skipped
        if self.skippable in skipped:
            del skipped[self.skippable]
        else:
            reason = self.context.ask.text(
                self, _("Skip this part"), _("Why is this part not covered today?")
            )
            if not reason:
                return
            skipped[self.skippable] = reason
        self._show_skip_state()
        self.skip_toggled.emit(self.skippable)
