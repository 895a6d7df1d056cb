"""The Documents window says why a document is not offered, and what a handout lacks."""

from __future__ import annotations

from tests.gui.test_document_preview import make_preview
from tests.helpers import ScriptedAsk
from waypoint.record.sample import sample_record


def test_no_letter_when_primary_care_is_not_to_be_informed_and_it_says_why(qtbot) -> None:  # type: ignore[no-untyped-def]
    record = sample_record()
    record.conversations[0].plan.inform_primary_care = False
    preview = make_preview(qtbot, ScriptedAsk(), record=record, initial="letter")
    assert preview.stack.currentWidget() is preview.failure_view
    message = preview.failure_view.text()
    assert "Inform the primary care provider" in message and "Plan page" in message
    assert "could not be made" not in message
    assert not preview.print_button.isEnabled() and not preview.save_button.isEnabled()


def test_handout_without_a_number_warns_in_the_documents_window(qtbot) -> None:  # type: ignore[no-untyped-def]
    from gui.background import SyncBackground
    from gui.document_preview import DocumentPreview
    from waypoint.content.bundle import shipped_content
    from waypoint.storage.settings import Settings

    preview = DocumentPreview(
        sample_record(),
        None,
        Settings(clinic_phone="(555) 201-5000"),
        shipped_content(),
        ScriptedAsk(),  # type: ignore[arg-type]
        initial="handout",
        background=SyncBackground(),
    )
    qtbot.addWidget(preview)
    preview.show()
    assert preview.handout_notice.isVisible()
    assert "after-hours phone number" in preview.handout_notice.text()
    assert "blank line" in preview.handout_notice.text()
    preview.chooser.setCurrentIndex(0)  # the care plan: no notice
    assert not preview.handout_notice.isVisible()
