"""Starting, resuming and amending conversations from the main window.

Every path opens the one wizard, which saves through the window's one save path and keeps a
draft of whatever is not saved.
"""

from __future__ import annotations

import copy
import datetime as dt
from typing import TYPE_CHECKING

from waypoint.i18n import _
from waypoint.record.conversation_flow import carry_forward
from waypoint.record.model import Assessment, Conversation, Dismissal
from waypoint.storage.atomic import DamagedFileError
from waypoint.storage.drafts import Draft

if TYPE_CHECKING:
    from gui.main_window import MainWindow


def start_conversation(window: MainWindow) -> None:
    """New conversation: continue the patient's draft if there is one, else carry forward."""
    if window.record is None:
        return
    patient_id = window.record.patient.id
    draft = load_draft(window, patient_id)
    if draft is not None:
        # One draft per patient: a new conversation would overwrite it, so the only ways
        # on are to continue it or (inside it) to discard it; No and Escape go back.
        if window.ask.confirm(
            window,
            _("Unfinished conversation"),
            _(
                "There is an unfinished conversation from {when}. Continue it now?\n\n"
                "To start a new one instead, continue it and choose Discard this "
                "conversation."
            ).format(when=draft.saved_at.replace("T", " ")),
        ):
            open_wizard(window, draft.conversation, draft.assessment, draft.dismissals)
        return
    previous = window.record.latest_conversation()
    if previous is not None:
        conversation = carry_forward(previous, dt.date.today())
        # Held by whoever is signed in now, not by whoever held the last one.
        conversation.clinician = window.clinician or conversation.clinician
    else:
        conversation = Conversation(date=dt.date.today())
    open_wizard(window, conversation, None, [])


def amend_conversation(window: MainWindow) -> None:
    """Correct the selected saved conversation as a new version; the original is kept."""
    original = window._selected_conversation()
    if window.record is None or original is None:
        return
    # Amend what stands now: an amended conversation is corrected through its amendment.
    while (newer := window.record.amendment_of(original)) is not None:
        original = newer
    if window.drafts.exists(window.record.patient.id):
        window.ask.inform(
            window,
            _("Unfinished conversation"),
            _(
                "This patient has an unfinished conversation. Finish or discard it (New "
                "conversation opens it) before amending a saved one."
            ),
        )
        return
    amendment = copy.deepcopy(original)
    amendment.id = ""
    amendment.amends = original.id
    amendment.recorded_by = ""  # the correction is named for who makes it
    open_wizard(window, amendment, None, [])


def load_draft(window: MainWindow, patient_id: str) -> Draft | None:
    """The patient's draft; a damaged one is set aside (never deleted) and None returned."""
    try:
        return window.drafts.load(patient_id)
    except (DamagedFileError, OSError):
        window.ask.warn(
            window,
            _("Draft cannot be read"),
            _("An unfinished conversation for this patient could not be read and was set aside."),
        )
        window.drafts.set_aside(patient_id)  # kept in drafts/damaged/, never deleted
        return None


def open_wizard(
    window: MainWindow,
    conversation: Conversation,
    assessment: Assessment | None,
    dismissals: list[Dismissal],
) -> None:
    """Run the wizard; save what it returns through the one save path."""
    assert window.record is not None
    if not conversation.clinician:
        conversation.clinician = window.clinician
    previous = next(
        (c for c in window.record.conversations if c.id == conversation.carried_from), None
    )
    # The wizard and its eight pages load on first use, not at start-up.
    from gui.pages.base import PageContext
    from gui.wizard import ConversationWizard

    context = PageContext(window.record, window.content, window.settings, window.ask)
    wizard = ConversationWizard(
        context,
        conversation,
        assessment=assessment,
        dismissals=dismissals,
        previous=previous,
        drafts=window.drafts,
        save_record=window._save,
        parent=window,
    )
    # The wizard saves on Finish through _save and stays open if that fails.
    if wizard.exec() == ConversationWizard.DialogCode.Accepted:
        return
    if wizard.draft_saved_at is not None and window.drafts.exists(window.record.patient.id):
        window.statusBar().showMessage(
            _("The conversation was kept as a draft; New conversation continues it."), 8000
        )


def offer_drafts(window: MainWindow) -> None:
    """At start-up: offer to resume conversations left unfinished (closed, crashed, power cut)."""
    for patient_id in window.drafts.patient_ids():
        if patient_id not in window.store:
            continue
        window.select_patient(patient_id)
        if window.record is None or window.record.patient.id != patient_id:
            continue
        draft = load_draft(window, patient_id)
        if draft is None:
            continue
        if window.ask.confirm(
            window,
            _("Resume conversation?"),
            _(
                "The conversation with {name} was not finished (last saved {when}). Resume it now?"
            ).format(
                name=window.record.patient.display_name, when=draft.saved_at.replace("T", " ")
            ),
        ):
            open_wizard(window, draft.conversation, draft.assessment, draft.dismissals)
