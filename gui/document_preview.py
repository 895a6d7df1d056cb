"""Preview, print and save the documents of a conversation, without touching the disk.

Each document is built in memory and shown with QtPdf from a QBuffer; a file is written only
when the user chooses "Save". The EHR note is shown as text with a "Copy to clipboard" button.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QSize, Qt
from PySide6.QtGui import QGuiApplication, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.ask import Ask
from waypoint.content import Content
from waypoint.documents.glyphs import (
    PLACEHOLDER,
    PRINTABLE_SCRIPTS,
    record_texts,
    unsupported_scripts,
)
from waypoint.i18n import _
from waypoint.model import Conversation, Record
from waypoint.settings import Settings
from waypoint.storage.atomic import write_atomic

#: (key, label) in the order the chooser lists them.
DOCUMENT_CHOICES = (
    ("careplan", _("Care plan")),
    ("handout", _("Patient handout")),
    ("letter", _("Letter to primary care")),
    ("note", _("EHR note (text)")),
)
LANGUAGE_CHOICES = (("en", "English"), ("es", "Español"))


def print_pdf(document: QPdfDocument, printer: QPrinter) -> None:
    """Paint every page of ``document`` on ``printer``, each scaled to the printable area."""
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(_("the printer could not be started"))
    try:
        dpi = min(printer.resolution(), 300)
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            points = document.pagePointSize(index)
            size = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
            image = document.render(index, size)
            target = painter.viewport()
            scaled = image.size().scaled(target.size(), Qt.AspectRatioMode.KeepAspectRatio)
            painter.setViewport(target.x(), target.y(), scaled.width(), scaled.height())
            painter.setWindow(image.rect())
            painter.drawImage(0, 0, image)
            painter.setViewport(target)
    finally:
        painter.end()


class DocumentPreview(QDialog):
    """The documents of one conversation: choose, look, print, save, copy."""

    def __init__(
        self,
        record: Record,
        conversation: Conversation,
        settings: Settings,
        content: Content,
        ask: Ask,
        parent: QWidget | None = None,
        *,
        initial: str = "careplan",
        choose_printer: Callable[[QPrinter], bool] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DocumentPreview")
        self.setWindowTitle(_("Documents — {name}").format(name=record.patient.display_name))
        self.record, self.conversation = record, conversation
        self.settings, self.content, self.ask = settings, content, ask
        self._choose_printer = choose_printer or self._printer_dialog
        self._cache: dict[tuple[str, str], bytes | str] = {}
        self._buffer: QBuffer | None = None
        self.pdf = QPdfDocument(self)
        self._build()
        self.resize(900, 900)
        lang = record.patient.language if record.patient.language in ("en", "es") else "en"
        self.language.setCurrentIndex([code for code, _l in LANGUAGE_CHOICES].index(lang))
        keys = [key for key, _label in DOCUMENT_CHOICES]
        self.chooser.setCurrentIndex(keys.index(initial) if initial in keys else 0)
        self._show_current()

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(_("Document"))
        for key, label in DOCUMENT_CHOICES:
            self.chooser.addItem(label, key)
        self.chooser.currentIndexChanged.connect(self._on_choice_changed)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Handout language"))
        for code, label in LANGUAGE_CHOICES:
            self.language.addItem(label, code)
        self.language.currentIndexChanged.connect(self._on_choice_changed)
        self.language_label = QLabel(_("Language:"))
        top.addWidget(QLabel(_("Document:")))
        top.addWidget(self.chooser)
        top.addSpacing(16)
        top.addWidget(self.language_label)
        top.addWidget(self.language)
        top.addStretch(1)
        layout.addLayout(top)
        layout.addWidget(self._build_script_note())
        self.stack = QStackedWidget()
        self.view = QPdfView()
        self.view.setDocument(self.pdf)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.note_view = QPlainTextEdit()
        self.note_view.setReadOnly(True)
        self.note_view.setAccessibleName(_("EHR note"))
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.note_view)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self._build_buttons())

    def _build_script_note(self) -> QLabel:
        scripts = unsupported_scripts(
            record_texts(self.record.patient) + record_texts(self.conversation)
        )
        if scripts:
            text = _(
                "Prints as typed: {ok}. This record also has {scripts} text, which prints as "
                "{mark} — write those names in Latin letters where they matter."
            ).format(ok=PRINTABLE_SCRIPTS, scripts=", ".join(scripts), mark=PLACEHOLDER)
        else:
            text = _("Prints as typed: {ok}.").format(ok=PRINTABLE_SCRIPTS)
        self.script_note = QLabel(text)
        self.script_note.setObjectName("mutedText")
        self.script_note.setWordWrap(True)
        return self.script_note

    def _build_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.print_button = QPushButton(_("&Print…"))
        self.print_button.clicked.connect(self._on_print_clicked)
        self.save_button = QPushButton(_("&Save as PDF…"))
        self.save_button.clicked.connect(self._on_save_clicked)
        self.copy_button = QPushButton(_("&Copy to clipboard"))
        self.copy_button.clicked.connect(self._on_copy_clicked)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.accept)
        for button in (self.print_button, self.save_button, self.copy_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(close)
        return row

    # -- documents --------------------------------------------------------------------------

    def current_key(self) -> str:
        """The chosen document's key (careplan, handout, letter, note)."""
        return str(self.chooser.currentData())

    def current_language(self) -> str:
        """The chosen handout language."""
        return str(self.language.currentData())

    def document(self, key: str, lang: str) -> bytes | str:
        """The document built in memory (PDF bytes, or the note's text), cached per language."""
        cache_key = (key, lang if key == "handout" else "")
        if cache_key not in self._cache:
            self._cache[cache_key] = self._render(key, lang)
        return self._cache[cache_key]

    def _render(self, key: str, lang: str) -> bytes | str:
        from waypoint.documents.careplan import render_careplan
        from waypoint.documents.handout import render_handout
        from waypoint.documents.letter import render_letter
        from waypoint.documents.note import render_note

        r, c, s = self.record, self.conversation, self.settings
        if key == "careplan":
            return render_careplan(r, c, s, self.content)
        if key == "handout":
            return render_handout(r, c, s, lang, self.content)
        if key == "letter":
            return render_letter(r, c, s, self.content)
        return render_note(r, c, s, self.content)

    def _show_current(self) -> None:
        key = self.current_key()
        is_note = key == "note"
        self.language.setVisible(key == "handout")
        self.language_label.setVisible(key == "handout")
        self.copy_button.setVisible(is_note)
        self.print_button.setEnabled(not is_note)
        self.save_button.setText(_("&Save as text…") if is_note else _("&Save as PDF…"))
        data = self.document(key, self.current_language())
        if isinstance(data, str):
            self.note_view.setPlainText(data)
            self.stack.setCurrentWidget(self.note_view)
            return
        self._load_pdf(data)
        self.stack.setCurrentWidget(self.view)

    def _load_pdf(self, data: bytes) -> None:
        self.pdf.close()
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.pdf.load(buffer)
        if self._buffer is not None:
            self._buffer.deleteLater()
        self._buffer = buffer  # QPdfDocument reads from it for as long as it shows the page

    # -- handlers ---------------------------------------------------------------------------

    def _on_choice_changed(self, _index: int) -> None:
        self._show_current()

    def _printer_dialog(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self)
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.chooser.currentText())
        if not self._choose_printer(printer):
            return
        try:
            print_pdf(self.pdf, printer)
        except OSError as exc:
            self.ask.warn(self, _("Not printed"), str(exc))

    def _on_save_clicked(self) -> None:
        key = self.current_key()
        data = self.document(key, self.current_language())
        is_note = isinstance(data, str)
        suffix = "txt" if is_note else "pdf"
        lang = f"-{self.current_language()}" if key == "handout" else ""
        suggested = Path.home() / f"{key}{lang}-{self.conversation.date}.{suffix}"
        file_filter = _("Text files (*.txt)") if is_note else _("PDF files (*.pdf)")
        path = self.ask.save_path(
            self, _("Save {doc}").format(doc=self.chooser.currentText()), suggested, file_filter
        )
        if path is None:
            return
        payload = data.encode("utf-8") if isinstance(data, str) else data
        try:
            write_atomic(path, payload)
        except OSError as exc:
            self.ask.warn(
                self,
                _("Not saved"),
                _("The document could not be written to {path}: {why}").format(
                    path=path, why=exc.strerror
                ),
            )
            return
        self.saved_path = path

    def _on_copy_clicked(self) -> None:
        QGuiApplication.clipboard().setText(self.note_view.toPlainText())
        self.copy_button.setText(_("Copied"))
