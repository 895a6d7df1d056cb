"""Document preview: shows each document from memory, prints, saves only when asked, copies."""

from __future__ import annotations

import copy
import datetime as dt
import logging
from pathlib import Path

from PySide6.QtGui import QGuiApplication

from gui.background import SyncBackground, Task
from gui.document_preview import DocumentPreview, conversation_titles, newest_first
from gui.settings_dialog import SettingsDialog, logo_problem
from tests.helpers import ScriptedAsk, when_modal
from waypoint.content.bundle import shipped_content
from waypoint.dates import format_day
from waypoint.documents.glyphs import PLACEHOLDER
from waypoint.record.model import Record
from waypoint.record.sample import sample_record
from waypoint.storage.settings import Settings


def make_preview(qtbot, ask: ScriptedAsk, record=None, **kwargs) -> DocumentPreview:  # type: ignore[no-untyped-def]
    """A preview that builds each document before it returns (a synchronous runner)."""
    record = record or sample_record()
    conversation = kwargs.pop("conversation", record.conversations[0])
    kwargs.setdefault("background", SyncBackground())
    preview = DocumentPreview(
        record,
        conversation,
        Settings(clinic_phone="(555) 201-5000"),
        shipped_content(),
        ask,  # type: ignore[arg-type]
        **kwargs,
    )
    qtbot.addWidget(preview)
    return preview


def shown_pages(preview: DocumentPreview):  # type: ignore[no-untyped-def]
    """The PDF pages the view shows now (it has some only while it shows a PDF)."""
    assert preview.view.pages is not None
    return preview.view.pages


def test_each_document_shows_without_writing_a_file(qtbot, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    preview = make_preview(qtbot, ScriptedAsk())
    assert len(shown_pages(preview)) >= 2  # the care plan
    preview.chooser.setCurrentIndex(1)  # handout
    assert preview.language.isVisibleTo(preview)
    assert "Notes from your visit" in shown_pages(preview).text(0)
    preview.language.setCurrentIndex(1)
    assert "Notas de su visita" in shown_pages(preview).text(0)
    preview.chooser.setCurrentIndex(2)  # letter
    assert len(shown_pages(preview)) == 1
    assert list(tmp_path.iterdir()) == []


def test_note_copies_to_the_clipboard(qtbot) -> None:  # type: ignore[no-untyped-def]
    preview = make_preview(qtbot, ScriptedAsk(), initial="note")
    assert preview.copy_button.isVisibleTo(preview)
    assert not preview.print_button.isEnabled()
    preview.copy_button.click()
    assert "GOALS-OF-CARE CONVERSATION" in QGuiApplication.clipboard().text()


def test_save_writes_the_chosen_document_where_asked(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ask = ScriptedAsk()
    target = tmp_path / "handout.pdf"
    ask.save_paths.append(target)
    preview = make_preview(qtbot, ask, initial="handout")
    preview.save_button.click()
    assert target.read_bytes().startswith(b"%PDF")
    ask.save_paths.append(None)  # cancelled: nothing written
    preview.chooser.setCurrentIndex(3)
    preview.save_button.click()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handout.pdf"]


def test_save_suggests_the_patient_and_the_date(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    ask = ScriptedAsk()
    ask.save_paths.append(None)
    preview = make_preview(qtbot, ask, initial="careplan")
    preview.save_button.click()
    suggested = Path(ask.shown[-1][2])
    assert suggested.name.startswith("Delgado-Núñez-Rosa-María-careplan-")
    assert not suggested.exists()


def test_print_goes_through_the_printer_choice(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtPrintSupport import QPrinter

    out = tmp_path / "printed.pdf"
    asked: list[QPrinter] = []

    def choose(printer: QPrinter) -> bool:
        asked.append(printer)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(72)
        return True

    preview = make_preview(qtbot, ScriptedAsk(), initial="letter", choose_printer=choose)
    preview.print_button.click()
    assert len(asked) == 1
    assert out.read_bytes().startswith(b"%PDF")


def test_preview_says_which_scripts_print(qtbot) -> None:  # type: ignore[no-untyped-def]
    record = sample_record()
    record.patient.given_name = "สมชาย"  # Thai: no embedded font has it
    preview = make_preview(qtbot, ScriptedAsk(), record=record)
    text = preview.script_note.text()
    assert "Thai" in text and PLACEHOLDER in text and "Cyrillic" in text and "Chinese" in text


def test_settings_dialog_copies_widgets_and_checks_the_logo(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    dialog = SettingsDialog(Settings())
    qtbot.addWidget(dialog)
    dialog.edits["clinic_name"].setText("  Pine Ridge Cancer Clinic ")
    dialog.address.setPlainText("400 Hospital Road\nPine Ridge")
    dialog.paper.setCurrentIndex(1)
    dialog.edits["logo_path"].setText(str(tmp_path / "missing.png"))
    assert "no file" in dialog.apply()
    dialog.edits["logo_path"].setText("")
    assert dialog.apply() == ""
    assert dialog.settings.clinic_name == "Pine Ridge Cancer Clinic"
    assert dialog.settings.clinic_address == "400 Hospital Road\nPine Ridge"
    assert dialog.settings.paper_size == "a4"
    not_image = tmp_path / "logo.png"
    not_image.write_text("not a picture")
    assert logo_problem(str(not_image))


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def test_a_failed_document_shows_in_its_place_and_never_another(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    secret = "Rosa María Delgado Núñez wrote this"

    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise RuntimeError(secret)

    monkeypatch.setattr("waypoint.documents.handout.render_handout", broken)
    printed: list[bytes] = []
    monkeypatch.setattr("gui.document_preview.print_pdf", lambda data, _p: printed.append(data))
    log = _Collect()
    logging.getLogger("waypoint.documents").addHandler(log)
    try:
        preview = make_preview(qtbot, ScriptedAsk(), choose_printer=lambda _printer: True)
        careplan = preview.document("careplan", "en")
        preview.chooser.setCurrentIndex(1)  # the handout, which fails
    finally:
        logging.getLogger("waypoint.documents").removeHandler(log)

    assert preview.stack.currentWidget() is preview.failure_view
    message = preview.failure_view.text()
    assert "patient handout could not be made" in message
    assert "other documents" in message and "Waypoint's log" in message
    assert "Rosa" not in message and "Traceback" not in message and "RuntimeError" not in message
    assert preview.view.pages is None and preview.shown is None  # the care plan is gone
    assert not preview.print_button.isEnabled() and not preview.save_button.isEnabled()
    preview._on_print_clicked()  # even if a click got through, the care plan is not printed
    preview._on_save_clicked()
    assert printed == []
    assert log.lines and "RuntimeError" in log.lines[0] and "Rosa" not in log.lines[0]

    preview.chooser.setCurrentIndex(0)  # back to the care plan: shown and printed again
    assert preview.shown == ("careplan", "en") and preview.print_button.isEnabled()
    assert "Care plan" in shown_pages(preview).text(0)
    preview.print_button.click()
    assert printed == [careplan]
    preview.chooser.setCurrentIndex(1)  # the failure is remembered, not rebuilt
    assert preview.stack.currentWidget() is preview.failure_view


def test_a_pdf_pdfium_cannot_read_is_a_failure_too(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(
        "waypoint.documents.letter.render_letter", lambda *_a, **_k: b"%PDF-1.4 cut"
    )
    preview = make_preview(qtbot, ScriptedAsk())
    preview.chooser.setCurrentIndex(2)
    assert preview.stack.currentWidget() is preview.failure_view
    assert "letter to primary care could not be made" in preview.failure_view.text()
    assert not preview.print_button.isEnabled() and not preview.save_button.isEnabled()


def two_on_one_day() -> Record:
    """A record whose second conversation was held on the same day as the first, later."""
    record = sample_record()
    first = record.conversations[0]
    first.clinician = "Dr. Kim"
    later = copy.deepcopy(first)
    later.id, later.clinician = "C-LATER00001", "Dr. Osei"
    record.conversations.append(later)
    return record


def test_opens_the_latest_conversation_names_it_and_offers_the_others(qtbot) -> None:  # type: ignore[no-untyped-def]
    record = two_on_one_day()
    day = format_day(record.conversations[0].date)
    preview = make_preview(qtbot, ScriptedAsk(), record=record, conversation=None)
    assert preview.conversation is record.conversations[1]
    choice = preview.conversation_choice
    assert choice.isVisibleTo(preview) and not preview.conversation_label.isVisibleTo(preview)
    assert [choice.itemText(i) for i in range(choice.count())] == [
        f"Conversation of {day} with Dr. Osei (latest)",
        f"Conversation of {day} with Dr. Kim (earlier that day)",
    ]
    assert f"of {day} with Dr. Osei" in " ".join(shown_pages(preview).text(0).split())
    choice.setCurrentIndex(1)
    assert preview.conversation is record.conversations[0]
    assert f"of {day} with Dr. Kim" in " ".join(shown_pages(preview).text(0).split())


def test_one_conversation_is_named_without_a_choice(qtbot) -> None:  # type: ignore[no-untyped-def]
    record = sample_record()
    preview = make_preview(qtbot, ScriptedAsk(), record=record, conversation=None)
    conversation = record.conversations[0]
    assert preview.conversation_label.isVisibleTo(preview)
    assert not preview.conversation_choice.isVisibleTo(preview)
    assert preview.conversation_label.text() == (
        f"Conversation of {format_day(conversation.date)} with {conversation.clinician}"
    )


def test_documents_from_the_main_window_open_the_latest(
    qtbot, qsettings_isolated, data_dir
) -> None:  # type: ignore[no-untyped-def]
    from gui.app import build_main_window, create_application
    from waypoint.storage.store import Store

    create_application()
    record = two_on_one_day()
    with Store.open(data_dir) as store:
        store.save(record)
    window = build_main_window(data_dir, ScriptedAsk())
    qtbot.addWidget(window)
    window.show()
    window.select_patient(record.patient.id)
    seen: list[str] = []

    def look(preview: DocumentPreview) -> None:
        seen.append(preview.conversation.clinician)
        preview.accept()

    when_modal(DocumentPreview, look)
    window.documents_action.trigger()
    assert seen == ["Dr. Osei"]


def test_newest_first_agrees_with_the_record_on_the_latest() -> None:
    record = two_on_one_day()
    older = copy.deepcopy(record.conversations[0])
    older.id, older.date = "C-OLDER00001", dt.date(2020, 1, 2)
    record.conversations.insert(0, older)
    ordered = newest_first(record.conversations)
    assert ordered[0] is record.latest_conversation() is record.conversations[2]
    assert ordered == [record.conversations[2], record.conversations[1], older]
    titles = conversation_titles(ordered)
    assert titles[0].endswith("with Dr. Osei (latest)")
    assert titles[1].endswith("with Dr. Kim (earlier that day)")
    assert titles[2] == "Conversation of 2 Jan 2020 with Dr. Kim"


def test_a_corrected_conversation_gives_way_to_its_correction(qtbot) -> None:  # type: ignore[no-untyped-def]
    record = two_on_one_day()
    correction = copy.deepcopy(record.conversations[0])  # Dr. Kim's, corrected
    correction.id, correction.amends = "C-CORRECT0001", record.conversations[0].id
    record.conversations.append(correction)
    preview = make_preview(qtbot, ScriptedAsk(), record=record, conversation=None)
    assert preview.conversation is correction is record.latest_conversation()
    choice = preview.conversation_choice
    titles = [choice.itemText(i) for i in range(choice.count())]
    assert titles[0].endswith("with Dr. Kim (amended version, latest)")
    assert titles[1].endswith("with Dr. Osei (earlier that day)")
    assert titles[2].endswith("with Dr. Kim (replaced by an amendment, earlier that day)")


def test_closing_releases_the_document(qtbot) -> None:  # type: ignore[no-untyped-def]
    preview = make_preview(qtbot, ScriptedAsk())
    pages = shown_pages(preview)
    preview.reject()  # Escape or Close
    assert preview.view.pages is None
    assert pages._pdf is None  # closed now, not by pypdfium2's warning at exit


# -- documents built off the GUI thread ----------------------------------------------------


class HeldBackground:
    """A background that holds each started build until the test lets it finish."""

    def __init__(self) -> None:
        self.held: list[tuple[str, object, object, object, Task]] = []

    def start(self, label, work, on_done, on_failed=None, *, on_progress=None, owner=None):  # type: ignore[no-untyped-def]
        task = Task(label)
        self.held.append((label, work, on_done, on_failed, task))
        return task

    def labels(self) -> list[str]:
        return [label for label, *_rest in self.held]

    def finish(self, label: str) -> None:
        """Run the held build named ``label`` now and deliver what it gives."""
        index = self.labels().index(label)
        _label, work, on_done, on_failed, task = self.held.pop(index)
        try:
            result = work(lambda done, total: None)  # type: ignore[operator]
        except Exception as exc:
            outcome, deliver = exc, on_failed
        else:
            outcome, deliver = result, on_done
        if task.pending:
            task.finished = True
            deliver(outcome)  # type: ignore[operator]


def test_a_document_shows_preparing_until_built_and_cannot_be_printed_meanwhile(
    qtbot, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    printed: list[bytes] = []
    monkeypatch.setattr("gui.document_preview.print_pdf", lambda data, _p: printed.append(data))
    ask = ScriptedAsk()
    held = HeldBackground()
    preview = make_preview(qtbot, ask, background=held, choose_printer=lambda _printer: True)
    preview.show()
    assert held.labels() == ["Preparing the care plan…"]
    assert preview.stack.currentWidget() is preview.preparing_view
    assert preview.preparing_label.text() == "Preparing the care plan…"
    assert preview.building() and preview.shown is None and preview.view.pages is None
    assert not preview.print_button.isEnabled() and not preview.save_button.isEnabled()
    preview._on_print_clicked()  # even if a click got through: nothing to print yet
    preview._on_save_clicked()
    assert printed == [] and ask.shown == []

    held.finish("Preparing the care plan…")
    assert preview.stack.currentWidget() is preview.view and not preview.building()
    assert "Care plan" in shown_pages(preview).text(0)
    assert preview.print_button.isEnabled() and preview.save_button.isEnabled()
    preview.print_button.click()
    assert printed == [preview.document("careplan", "en")]


def test_the_result_of_an_earlier_choice_is_never_shown_in_place_of_the_current(qtbot) -> None:  # type: ignore[no-untyped-def]
    held = HeldBackground()
    preview = make_preview(qtbot, ScriptedAsk(), initial="handout", background=held)
    preview.language.setCurrentIndex(1)  # Spanish, while the English handout builds
    preview.chooser.setCurrentIndex(2)  # then the letter, while both build
    assert held.labels() == [
        "Preparing the patient handout…",
        "Preparing the patient handout…",
        "Preparing the letter to primary care…",
    ]
    held.finish("Preparing the patient handout…")  # the English handout: no longer chosen
    held.finish("Preparing the patient handout…")  # the Spanish one: neither
    assert preview.stack.currentWidget() is preview.preparing_view
    assert preview.shown is None and preview.view.pages is None
    assert preview.preparing_label.text() == "Preparing the letter to primary care…"
    assert not preview.print_button.isEnabled()
    held.finish("Preparing the letter to primary care…")
    assert preview.shown == ("letter", "es") and len(shown_pages(preview)) == 1
    # The handouts built meanwhile were kept: choosing one shows it without building again.
    preview.chooser.setCurrentIndex(1)
    assert held.held == [] and "Notas de su visita" in shown_pages(preview).text(0)


def test_choosing_a_document_again_while_it_builds_waits_for_the_same_build(qtbot) -> None:  # type: ignore[no-untyped-def]
    held = HeldBackground()
    preview = make_preview(qtbot, ScriptedAsk(), background=held)
    preview.chooser.setCurrentIndex(3)  # the note
    preview.chooser.setCurrentIndex(0)  # back to the care plan, still building
    assert held.labels() == ["Preparing the care plan…", "Preparing the EHR note (text)…"]
    held.finish("Preparing the care plan…")
    assert preview.shown == ("careplan", "en")
    held.finish("Preparing the EHR note (text)…")
    assert preview.shown == ("careplan", "en")  # the note came later and is not shown


def test_a_build_for_the_conversation_chosen_before_is_not_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    record = two_on_one_day()
    held = HeldBackground()
    preview = make_preview(qtbot, ScriptedAsk(), record=record, conversation=None, background=held)
    preview.conversation_choice.setCurrentIndex(1)  # Dr. Kim's, while Dr. Osei's builds
    assert held.labels() == ["Preparing the care plan…", "Preparing the care plan…"]
    held.finish("Preparing the care plan…")  # Dr. Osei's: no longer chosen
    assert preview.stack.currentWidget() is preview.preparing_view and preview.shown is None
    held.finish("Preparing the care plan…")  # Dr. Kim's
    assert preview.conversation.clinician == "Dr. Kim"
    assert "with Dr. Kim" in " ".join(shown_pages(preview).text(0).split())
    preview.conversation_choice.setCurrentIndex(0)  # Dr. Osei's was kept: shown at once
    assert held.held == [] and "with Dr. Osei" in " ".join(shown_pages(preview).text(0).split())


def test_a_failed_build_shows_in_its_place_and_the_guard_stays_quiet(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from gui.error_guard import ErrorGuard

    def broken(*_args: object, **_kwargs: object) -> bytes:
        raise RuntimeError("Rosa María Delgado Núñez wrote this")

    monkeypatch.setattr("waypoint.documents.careplan.render_careplan", broken)
    ask = ScriptedAsk()
    guard = ErrorGuard(ask, None)
    guard.install()
    log = _Collect()
    logging.getLogger("waypoint.documents").addHandler(log)
    held = HeldBackground()
    try:
        preview = make_preview(qtbot, ask, background=held)
        held.finish("Preparing the care plan…")
    finally:
        logging.getLogger("waypoint.documents").removeHandler(log)
        guard.uninstall()
    assert preview.stack.currentWidget() is preview.failure_view
    assert "care plan could not be made" in preview.failure_view.text()
    assert "Rosa" not in preview.failure_view.text()
    assert not preview.print_button.isEnabled() and not preview.save_button.isEnabled()
    # Explained in the document's place, logged without patient data: no second message.
    assert ask.shown == []
    assert log.lines and "RuntimeError" in log.lines[0] and "Rosa" not in log.lines[0]


def test_closing_while_a_document_builds_is_safe(qtbot, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import threading

    from gui.background import Background
    from waypoint.documents import careplan

    real = careplan.render_careplan
    started, release = threading.Event(), threading.Event()

    def slow(*args: object, **kwargs: object) -> bytes:
        started.set()
        release.wait(30)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("waypoint.documents.careplan.render_careplan", slow)
    background = Background()
    preview = DocumentPreview(
        sample_record(),
        None,
        Settings(),
        shipped_content(),
        ScriptedAsk(),  # type: ignore[arg-type]
        background=background,
    )
    preview.show()
    qtbot.waitUntil(started.is_set)
    assert preview.stack.currentWidget() is preview.preparing_view
    shown: list[object] = []
    monkeypatch.setattr(preview, "_present", lambda *args: shown.append(args))
    preview.reject()  # Close, while the care plan still builds
    preview.deleteLater()
    qtbot.waitUntil(lambda: not _alive(preview))
    release.set()
    qtbot.waitUntil(lambda: background.pending == 0)  # the late result arrived, and was dropped
    assert shown == []


def _alive(widget) -> bool:  # type: ignore[no-untyped-def]
    from shiboken6 import isValid

    return bool(isValid(widget))


def test_export_care_plan_builds_off_the_gui_thread_and_says_when_not_written(
    qtbot, qsettings_isolated, data_dir, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    import threading

    from gui.app import build_main_window, create_application
    from waypoint.documents import careplan
    from waypoint.storage.store import Store

    real = careplan.render_careplan
    threads: list[bool] = []

    def watched(*args: object, **kwargs: object) -> bytes:
        threads.append(threading.current_thread() is threading.main_thread())
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("waypoint.documents.careplan.render_careplan", watched)
    create_application()
    record = sample_record()
    with Store.open(data_dir) as store:
        store.save(record)
    ask = ScriptedAsk()
    window = build_main_window(data_dir, ask)  # the real background
    qtbot.addWidget(window)
    window.select_patient(record.patient.id)
    ask.save_paths.append(tmp_path / "plan.pdf")
    window.export_careplan_action.trigger()
    assert (tmp_path / "plan.pdf").read_bytes().startswith(b"%PDF-")
    assert threads == [False]
    # Offered under the patient's name, as the Documents window does: two patients seen on
    # one day never share a suggested file.
    [suggested] = [text for kind, _title, text in ask.shown if kind == "save_path"]
    assert Path(suggested).name.startswith("Delgado-Núñez-Rosa-María-careplan-")
    ask.save_paths.append(tmp_path / "no such folder" / "plan.pdf")
    window.export_careplan_action.trigger()
    assert [title for kind, title, _t in ask.shown if kind == "warn"] == ["Not exported"]
    window.store.close()
