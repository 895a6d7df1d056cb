"""Every record field has a form that edits it, or the model says who else sets it.

Each wizard page and record dialog declares the fields it edits (``EDITS``). Two checks keep the
declarations true: shown a record with every field set and written back into an empty one, a
form copies exactly what it declares; and every field of the record is declared by a form or
marked ``set_by`` (Waypoint or an import fills it). Four fields once had no editor at all.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing

import pytest
from PySide6.QtWidgets import QApplication

from gui.app import create_application
from gui.assessment_dialog import AssessmentDialog
from gui.event_dialog import EnrolmentDialog, EventDialog
from gui.pages.base import PageContext
from gui.patient_dialog import PatientDialog
from gui.therapy_dialog import TherapyHistoryDialog
from gui.wizard import PAGES, ConversationWizard
from tests.full_values import changed, full, leaves
from tests.helpers import ScriptedAsk
from waypoint.content.bundle import shipped_content
from waypoint.record import model
from waypoint.record.sample import sample_record
from waypoint.storage.settings import Settings

pytestmark = pytest.mark.gui

#: Where each form's fields sit in the class whose fields must all be edited.
FORMS: dict[type, list[tuple[type, str]]] = {
    model.Conversation: [(page, "") for page in PAGES],
    model.Patient: [
        (PatientDialog, ""),
        (EnrolmentDialog, "stepped_care."),
        (TherapyHistoryDialog, "therapy_history[]."),
    ],
    model.Assessment: [(AssessmentDialog, "")],
    model.CareEvent: [(EventDialog, "")],
}


@pytest.fixture
def app(qsettings_isolated) -> QApplication:  # type: ignore[no-untyped-def]
    return create_application()


def _set_by(cls: type, path: str) -> str:
    """The ``set_by`` mark of the field at ``path`` (or of the list of groups it is in)."""
    for part in path.split("."):
        name = part.removesuffix("[]")
        f = {f.name: f for f in dataclasses.fields(cls)}[name]
        if f.metadata.get("set_by"):
            return str(f.metadata["set_by"])
        hint = typing.get_type_hints(cls)[name]
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        inner = args[0] if args else hint
        cls = inner if dataclasses.is_dataclass(inner) else cls  # type: ignore[assignment]
    return ""


@pytest.mark.parametrize("cls", list(FORMS), ids=lambda c: c.__name__)
def test_every_field_has_an_editor_or_says_who_sets_it(cls: type) -> None:
    declared = {prefix + path for form, prefix in FORMS[cls] for path in form.EDITS}
    marked = {path for path in leaves(cls) if _set_by(cls, path)}
    assert declared <= set(leaves(cls)), "declared fields the record does not have"
    assert not declared & marked, "a field both edited and set by Waypoint"
    assert set(leaves(cls)) - declared - marked == set()


def test_record_level_fields_are_set_by_waypoint_or_edited_through_forms() -> None:
    edited_lists = {"conversations[]", "assessments[]", "events[]"}
    for path in leaves(model.Record):
        top = path.split(".")[0]
        if top in edited_lists or top == "patient":
            continue
        assert _set_by(model.Record, path), path


def test_each_page_copies_exactly_what_it_declares(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    record = sample_record()
    record.conversations = []
    context = PageContext(record, shipped_content(), Settings(), ScriptedAsk())
    wizard = ConversationWizard(context, model.Conversation(date=dt.date.today(), clinician="X"))
    qtbot.addWidget(wizard)
    everything = full(model.Conversation)
    for page in wizard.pages:
        page.fill(everything)
        written = model.Conversation()
        page.apply(written)
        assert changed(model.Conversation(), written, model.Conversation) == page.EDITS, type(
            page
        ).__name__


def test_each_dialog_copies_exactly_what_it_declares(qtbot, app) -> None:  # type: ignore[no-untyped-def]
    content = shipped_content()
    patient = full(model.Patient)
    patient.ecog = 1  # 5 would be a death, which the dialog refuses
    dialog = PatientDialog(patient, content)
    qtbot.addWidget(dialog)
    written = model.Patient()
    dialog.apply(written)
    assert changed(model.Patient(), written, model.Patient) == PatientDialog.EDITS

    assessment = full(model.Assessment)
    assessment.ecog, assessment.pps = 1, 50
    dialog = AssessmentDialog(assessment, content)
    qtbot.addWidget(dialog)
    dialog.assessment = model.Assessment()
    dialog.apply()
    got = changed(model.Assessment(), dialog.assessment, model.Assessment)
    assert got == AssessmentDialog.EDITS

    got = set()
    for kind in model.CareEvent.__dataclass_fields__["kind"].metadata["choices"]:
        event = full(model.CareEvent)
        event.kind = kind
        dialog = EventDialog(event, content)
        qtbot.addWidget(dialog)
        dialog.care_event = model.CareEvent()
        dialog.accept()  # fields that do not apply to a kind are cleared: take every kind
        got |= changed(model.CareEvent(), dialog.care_event, model.CareEvent)
    assert got == EventDialog.EDITS

    dialog = EnrolmentDialog(full(model.SteppedCare), content)
    qtbot.addWidget(dialog)
    dialog.stepped_care = model.SteppedCare()
    dialog.accept()
    assert changed(model.SteppedCare(), dialog.stepped_care, model.SteppedCare) == (
        EnrolmentDialog.EDITS
    )

    dialog = TherapyHistoryDialog([full(model.TherapyLine)], content)
    qtbot.addWidget(dialog)
    dialog.lines = [model.TherapyLine()]
    dialog._store()
    got = changed(model.TherapyLine(), dialog.lines[0], model.TherapyLine)
    assert got == TherapyHistoryDialog.EDITS


def test_the_full_record_really_is_full() -> None:
    """Each field differs from its default, or a form could miss it unseen."""
    for cls in (*FORMS, model.SteppedCare, model.TherapyLine):
        assert changed(cls(), full(cls), cls) == set(leaves(cls)), cls.__name__
