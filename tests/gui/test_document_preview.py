"""Document preview: shows each document from memory, prints, saves only when asked, copies."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QGuiApplication

from gui.document_preview import DocumentPreview
from gui.settings_dialog import SettingsDialog, logo_problem
from tests.helpers import ScriptedAsk
from waypoint.content import shipped_content
from waypoint.documents.glyphs import PLACEHOLDER
from waypoint.sample import sample_record
from waypoint.settings import Settings


def make_preview(qtbot, ask: ScriptedAsk, record=None, **kwargs) -> DocumentPreview:  # type: ignore[no-untyped-def]
    record = record or sample_record()
    preview = DocumentPreview(
        record,
        record.conversations[0],
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
    record.patient.given_name = "王秀英"
    preview = make_preview(qtbot, ScriptedAsk(), record=record)
    text = preview.script_note.text()
    assert "Chinese/Japanese" in text and PLACEHOLDER in text and "Cyrillic" in text


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
