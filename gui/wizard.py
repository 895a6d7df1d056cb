"""The conversation wizard: one page per part of the conversation, autosaved as a draft.

A Conversation goes in; the edited conversation, the assessment entered with it and any
considerations dismissed come out, and the caller saves them through its one save path.
"""

from __future__ import annotations

import copy
import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QSize, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget, QWizard

from gui.error_guard import KeepsTyping, plain_cause
from gui.mnemonics import mnemonic_of
from gui.pages.base import ConversationPage, PageContext
from gui.pages.goals import GoalsPage
from gui.pages.plan import PlanPage
from gui.pages.prognosis import PrognosisPage
from gui.pages.quality import QualityPage
from gui.pages.setup import SetupPage
from gui.pages.transition import TransitionPage
from gui.pages.treatment import TreatmentPage
from gui.pages.trials import TrialsPage
from gui.screen_fit import fit_window
from gui.wizard_side import WizardSidePanel
from waypoint.applog import describe_failure, logger
from waypoint.i18n import _
from waypoint.record.conversation_flow import confirm, field_labels, unchanged_fields
from waypoint.record.model import Assessment, Conversation, Dismissal, Record
from waypoint.record.schema import to_json
from waypoint.storage.drafts import Draft, DraftStore

PAGES: tuple[type[ConversationPage], ...] = (
    SetupPage,
    PrognosisPage,
    TreatmentPage,
    QualityPage,
    TrialsPage,
    GoalsPage,
    TransitionPage,
    PlanPage,
)
#: The parts listed in the side panel, with the page that records each.
ELEMENTS = (
    ("prognosis", PrognosisPage),
    ("anticancer_therapy", TreatmentPage),
    ("treatment_options", TreatmentPage),
    ("quality_of_life", QualityPage),
    ("clinical_trials", TrialsPage),
    ("goals", GoalsPage),
    ("transition", TransitionPage),
)
AUTOSAVE_MS = 800
#: Wizard buttons whose Alt-letters no page may use.
_LABELLED_BUTTONS = (
    QWizard.WizardButton.BackButton,
    QWizard.WizardButton.NextButton,
    QWizard.WizardButton.CommitButton,
    QWizard.WizardButton.FinishButton,
    QWizard.WizardButton.CancelButton,
    QWizard.WizardButton.CustomButton1,
    QWizard.WizardButton.CustomButton2,
    QWizard.WizardButton.CustomButton3,
)
#: After a failed autosave, try again this often until one succeeds.
AUTOSAVE_RETRY_MS = 5000
DISCARD_BUTTON = QWizard.WizardButton.CustomButton1

_log = logger("wizard")

#: Saves the finished record durably; True once it is saved (it tells the user why not).
SaveRecord = Callable[[Record], bool]


class ConversationWizard(QWizard, KeepsTyping):
    """Steps through a conversation and saves it through ``save_record`` on Finish.

    Nothing typed is lost to a key: Escape, Cancel and closing keep the draft; only the
    labelled "Discard this conversation" button, confirmed, throws it away. A save that fails
    leaves the wizard open with every word in it (and in the draft).
    """

    def __init__(
        self,
        context: PageContext,
        conversation: Conversation,
        *,
        assessment: Assessment | None = None,
        dismissals: list[Dismissal] | None = None,
        previous: Conversation | None = None,
        drafts: DraftStore | None = None,
        save_record: SaveRecord | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("ConversationWizard")
        self.context = context
        self.conversation = copy.deepcopy(conversation)
        self.assessment = copy.deepcopy(assessment)
        self.new_dismissals: list[Dismissal] = list(dismissals or [])
        self.previous = previous
        self.drafts = drafts
        self.save_record = save_record
        self._visited: set[int] = set()
        self._dirty = False
        self.draft_saved_at: str | None = None
        name = context.record.patient.display_name
        self.setWindowTitle(
            _("Amending the conversation of {date} with {name}").format(
                date=conversation.date.isoformat() if conversation.date else "", name=name
            )
            if conversation.amends
            else _("Conversation with {name}").format(name=name)
        )
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.setOption(QWizard.WizardOption.HaveHelpButton, False)
        self.setButtonText(QWizard.WizardButton.FinishButton, _("&Save conversation"))
        self._build_discard_button()
        self.pages: list[ConversationPage] = []
        for page_class in PAGES:
            page = page_class(context)
            self.pages.append(page)
            self.addPage(page)
            page.changed.connect(self._on_page_changed)
            page.skip_toggled.connect(self._on_page_skip_toggled)
        self._build_side()
        self._build_mnemonics()
        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.setInterval(AUTOSAVE_MS)
        self._autosave.timeout.connect(self._on_autosave_timeout)
        self.autosave_failed_since: str | None = None
        self.currentIdChanged.connect(self._on_current_id_changed)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
            shortcut.activated.connect(self._on_next_shortcut_activated)
        fit_window(self, QSize(1240, 780))

    def _build_discard_button(self) -> None:
        self.setOption(QWizard.WizardOption.HaveCustomButton1, True)
        self.setButtonText(DISCARD_BUTTON, _("&Discard this conversation…"))
        self.button(DISCARD_BUTTON).setObjectName("discardButton")
        self.customButtonClicked.connect(self._on_custom_button_clicked)
        buttons = QWizard.WizardButton
        # Discard sits apart from Back/Next, so it is never hit on the way to them.
        self.setButtonLayout(
            [
                DISCARD_BUTTON,
                buttons.Stretch,
                buttons.BackButton,
                buttons.NextButton,
                buttons.FinishButton,
                buttons.CancelButton,
            ]
        )

    def _build_banner(self) -> QLabel:
        banner = QLabel()
        banner.setObjectName("saveProblemBanner")
        banner.setWordWrap(True)
        banner.setAccessibleName(_("Saving problem"))
        banner.hide()
        return banner

    def _build_mnemonics(self) -> None:
        # Alt-letters unique on every page: the wizard's buttons keep theirs, the side panel
        # picks from what is left, then each page from its own labels (see gui/mnemonics.py).
        buttons = QWizard.WizardButton
        self.setButtonText(buttons.BackButton, _("< &Back"))
        self.setButtonText(buttons.NextButton, _("&Next >"))
        self.setButtonText(buttons.CancelButton, _("&Cancel"))
        taken = {
            letter for which in _LABELLED_BUTTONS if (letter := mnemonic_of(self.buttonText(which)))
        }
        taken |= self.side.assign_mnemonics(taken)
        for page in self.pages:
            page.assign_mnemonics(taken)

    def _build_side(self) -> None:
        self.side = WizardSidePanel(
            self.context.content, self.context.ask, tuple(section for section, _p in ELEMENTS)
        )
        self.side.timer.minutes.setValue(self.conversation.acp_minutes)
        self.side.timer.minutes_changed.connect(self._on_acp_minutes_changed)
        self.side.section_chosen.connect(self._on_side_section_chosen)
        self.side.considerations.dismiss_requested.connect(self._on_dismiss_requested)
        self.banner = self._build_banner()
        # Kept on self: PySide does not hand the side widget's ownership to the wizard.
        self.side_column = QWidget()
        layout = QVBoxLayout(self.side_column)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.side, 1)
        self.setSideWidget(self.side_column)
        for page in self.pages:
            self._build_carried_row(page)
        self._refresh()

    def _build_carried_row(self, page: ConversationPage) -> None:
        """The "carried forward, not yet confirmed" note and its Confirm button, atop a page."""
        banner = QLabel()
        banner.setObjectName("carriedBanner")
        banner.setWordWrap(True)
        button = QPushButton(_("Confirm carried answers"))
        button.setToolTip(_("The answers still hold: checked with the patient today."))
        button.clicked.connect(lambda: self._on_confirm_clicked(page))
        holder = QWidget()
        # Stacked, not side by side: a narrow page (150 % scaling) must not scroll sideways.
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(banner)
        column.addWidget(button, 0, Qt.AlignmentFlag.AlignLeft)
        holder.hide()
        page.form.insertRow(0, holder)
        page.carried_banner = banner  # type: ignore[attr-defined]
        page.carried_row = holder  # type: ignore[attr-defined]

    # -- the working record -----------------------------------------------------------------

    def collect(self) -> None:
        """Copy every visited page into the conversation, keeping typos in their widgets."""
        for page_id in sorted(self._visited):
            page = self.page(page_id)
            if isinstance(page, ConversationPage):
                page.apply_safely(self.conversation)
        self.conversation.acp_minutes = self.side.timer.minutes.value()

    def working_record(self) -> Record:
        """The record as it would be saved now: with this conversation, assessment, dismissals."""
        record = copy.deepcopy(self.context.record)
        record.conversations = [c for c in record.conversations if c.id != self.conversation.id]
        record.conversations.append(copy.deepcopy(self.conversation))
        if self.assessment is not None:
            record.assessments.append(copy.deepcopy(self.assessment))
        record.dismissals.extend(copy.deepcopy(self.new_dismissals))
        return record

    def save_draft(self) -> None:
        """Write the draft now (atomically, durably); raises OSError/StoreError if it cannot."""
        if self.drafts is None:
            return
        self.collect()
        draft = Draft(
            self.context.record.patient.id,
            self.conversation,
            self.assessment,
            self.new_dismissals,
        )
        self.drafts.save(draft)
        self._dirty = False
        self.draft_saved_at = draft.saved_at

    def try_save_draft(self) -> bool:
        """Save the draft; on failure show the banner (until a save succeeds) and keep trying."""
        try:
            self.save_draft()
        except Exception as exc:  # any failure: the typing stays on screen, the banner says so
            _log.warning("draft not saved: %s", describe_failure(type(exc), exc.__traceback__))
            self._dirty = True
            self._show_save_problem(
                _(
                    "Not saved as a draft since {when}: {cause}. Everything you typed is still "
                    "here; Waypoint keeps trying."
                ).format(when=self.autosave_failed_since or _clock(), cause=plain_cause(exc))
            )
            self._autosave.start(AUTOSAVE_RETRY_MS)
            return False
        if self.autosave_failed_since is not None:
            self.autosave_failed_since = None
            self.banner.hide()
        return True

    def _show_save_problem(self, text: str) -> None:
        if self.autosave_failed_since is None:
            self.autosave_failed_since = _clock()
        self.banner.setText(text)
        self.banner.show()

    def keep_typing(self) -> str | None:
        """For the error guard: keep what is typed as a draft; the time, or None if it failed."""
        if self.drafts is None or not self.try_save_draft():
            return None
        return (self.draft_saved_at or "").partition("T")[2] or _clock()

    # -- refreshing the side panel ----------------------------------------------------------

    def _refresh(self) -> None:
        self.side.show_status(self.conversation, self.previous)
        self.side.considerations.show_considerations(self._considerations())
        self._show_carried()

    def _considerations(self) -> list[Any]:
        from waypoint.services.clinical import evaluate

        today = self.conversation.date or dt.date.today()
        return list(evaluate(self.working_record(), today, self.context.content))

    def _show_carried(self) -> None:
        if self.previous is None:
            return
        same = unchanged_fields(self.previous, self.conversation)
        labels = field_labels()
        when = self.previous.date.isoformat() if self.previous.date else ""
        for page in self.pages:
            # Confirmed parts are the clinician's answers for today, no longer "carried".
            prefixes = _page_parts(page) - set(self.conversation.confirmed)
            names = sorted(
                {
                    labels.get(leaf, leaf).lower()
                    for path in same
                    if path.split(".")[0].split("[")[0] in prefixes
                    for leaf in [path.split(".")[-1].split("[")[0]]
                }
            )
            banner: QLabel = page.carried_banner  # type: ignore[attr-defined]
            page.carried_row.setVisible(bool(names))  # type: ignore[attr-defined]
            banner.setText(
                _(
                    "Carried forward from {date}, not yet confirmed: {n} answers on this page"
                    " are unchanged."
                ).format(date=when, n=len(names))
            )
            banner.setToolTip(_("Unchanged: {fields}.").format(fields=", ".join(names)))

    # -- handlers ---------------------------------------------------------------------------

    def _on_page_changed(self) -> None:
        self._dirty = True
        self._autosave.start()

    def _on_autosave_timeout(self) -> None:
        self._autosave.setInterval(AUTOSAVE_MS)
        self.try_save_draft()
        self._refresh()

    def _on_page_skip_toggled(self, _section: str) -> None:
        self._dirty = True
        self._on_autosave_timeout()

    def _on_acp_minutes_changed(self, minutes: int) -> None:
        self.conversation.acp_minutes = minutes
        self._on_page_changed()

    def _on_current_id_changed(self, page_id: int) -> None:
        if page_id >= 0:
            self._visited.add(page_id)
        if self._dirty:
            self._on_autosave_timeout()
        else:
            self._refresh()

    def _on_confirm_clicked(self, page: ConversationPage) -> None:
        page.apply_safely(self.conversation)
        for part in sorted(_page_parts(page)):
            confirm(self.conversation, part)
        self._dirty = True
        self._on_autosave_timeout()

    def _on_dismiss_requested(self, consideration_id: str, reason: str) -> None:
        # The dismissal holds for the data that triggered the consideration as shown now.
        showing = [c for c in self._considerations() if c.id == consideration_id]
        self.new_dismissals.append(
            Dismissal(
                consideration=consideration_id,
                reason=reason,
                clinician=self.conversation.clinician,
                date=self.conversation.date or dt.date.today(),
                conversation_id=self.conversation.id,
                trigger=showing[0].trigger if showing else "",
            )
        )
        self._dirty = True
        self._on_autosave_timeout()

    def _on_side_section_chosen(self, section: str) -> None:
        target_class = dict(ELEMENTS)[section]
        target = next(i for i, p in enumerate(self.pages) if isinstance(p, target_class))
        ids = self.pageIds()
        while self.currentId() != ids[target]:
            before = self.currentId()
            self.next() if ids.index(before) < target else self.back()
            if self.currentId() == before:  # the page did not validate; it says why
                break

    def _on_next_shortcut_activated(self) -> None:
        # Through the buttons, so the page is validated exactly as a click would.
        last = self.currentId() == self.pageIds()[-1]
        button = QWizard.WizardButton.FinishButton if last else QWizard.WizardButton.NextButton
        self.button(button).click()

    # -- finishing --------------------------------------------------------------------------

    def accept(self) -> None:
        """Finish: save the conversation; if that fails, stay open with everything kept."""
        self._autosave.stop()
        self.side.timer.pause()
        self.collect()
        if self.save_record is not None:
            if not self.save_record(self.working_record()):
                self.try_save_draft()
                self._show_save_problem(
                    _(
                        "The conversation is not saved yet. Everything you typed is still here "
                        "and kept as a draft. Solve the problem, then choose Save conversation again."
                    )
                )
                return
            if self.drafts is not None:
                self.drafts.discard(self.context.record.patient.id)
        super().accept()

    def reject(self) -> None:
        """Escape, Cancel or closing the window: keep what was typed as a draft, then close.

        If the draft cannot be written the wizard stays open, so closing never loses typing.
        """
        self._autosave.stop()
        if self.drafts is not None:
            self.collect()
            if self.has_content():
                if not self.try_save_draft():
                    self.context.ask.warn(
                        self,
                        _("Conversation kept open"),
                        _(
                            "The conversation could not be kept as a draft, so it stays open and "
                            "nothing you typed is lost. Free some disk space and try again, or "
                            "choose Discard this conversation to throw it away."
                        ),
                    )
                    return
            else:
                self.drafts.discard(self.context.record.patient.id)
        self.side.timer.pause()
        super().reject()

    def _on_custom_button_clicked(self, which: int) -> None:
        if which != DISCARD_BUTTON.value:
            return
        if not self.context.ask.confirm_destructive(
            self,
            _("Discard this conversation?"),
            _(
                "Everything typed in this conversation will be deleted, including its draft. "
                "This cannot be undone. Records already saved stay as they are."
            ),
            _("&Discard it"),
        ):
            return  # "Go back": the conversation stays open as it was
        self._autosave.stop()
        self.side.timer.pause()
        if self.drafts is not None:
            self.drafts.discard(self.context.record.patient.id)
        self.done(QWizard.DialogCode.Rejected.value)

    def has_content(self) -> bool:
        """True when something was recorded beyond the defaults."""
        blank = Conversation(
            id=self.conversation.id,
            date=self.conversation.date,
            clinician=self.conversation.clinician,
        )
        return to_json(blank) != to_json(self.conversation) or self.assessment is not None


def _clock() -> str:
    return dt.datetime.now().strftime("%H:%M")


def _page_parts(page: ConversationPage) -> set[str]:
    """The conversation parts a page edits (the treatment page edits two)."""
    return {page.section_id, *(s for s, p in ELEMENTS if isinstance(page, p))}
