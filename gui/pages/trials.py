"""Page 5: clinical trials — interest, eligibility, what was considered, referral."""

from __future__ import annotations

from gui.inputs import set_yes_no, yes_no_box
from gui.pages.base import ConversationPage
from gui.widgets import choice_box, labelled, set_choice, text_box
from waypoint.i18n import _
from waypoint.record.model import TRIAL_INTEREST, ClinicalTrials, Conversation


class TrialsPage(ConversationPage):
    """Clinical trials."""

    #: The record fields this form edits (tests/gui/test_field_editors.py checks it).
    EDITS = frozenset(
        {
            "clinical_trials.eligibility_known",
            "clinical_trials.interest",
            "clinical_trials.referral_made",
            "clinical_trials.trials_considered",
        }
    )

    section_id = "clinical_trials"
    skippable = "clinical_trials"

    def build(self) -> None:
        self.interest = choice_box(
            _("Interest in clinical trials"), self.context.content, "trial_interest", TRIAL_INTEREST
        )
        self.eligibility = yes_no_box(_("Eligibility known"))
        self.considered = text_box(_("Trials considered"), lines=3)
        self.referral = yes_no_box(_("Referred for a trial"))
        f = self.form
        f.addRow(labelled(self.interest, _("&Interest")), self.interest)
        f.addRow(labelled(self.eligibility, _("&Eligibility known")), self.eligibility)
        f.addRow(labelled(self.considered, _("Trials &considered")), self.considered)
        f.addRow(labelled(self.referral, _("&Referred")), self.referral)
        self.checks.add(
            self.considered, ClinicalTrials, "trials_considered", owner=lambda c: c.clinical_trials
        )

    def fill(self, conversation: Conversation) -> None:
        t = conversation.clinical_trials
        set_choice(self.interest, t.interest)
        set_yes_no(self.eligibility, t.eligibility_known)
        self.considered.setPlainText(t.trials_considered)
        set_yes_no(self.referral, t.referral_made)

    def apply(self, conversation: Conversation) -> None:
        conversation.clinical_trials = ClinicalTrials(
            interest=self.interest.currentData(),
            eligibility_known=self.eligibility.currentData(),
            trials_considered=self.considered.toPlainText().strip(),
            referral_made=self.referral.currentData(),
        )
