"""Preview, print and save the documents of a conversation, without touching the disk.

Each document is built in memory and its pages drawn by PDFium (gui/pdf_pages.py); a file is
written only when the user chooses "Save". The EHR note is shown as text with a "Copy to
clipboard" button. A document that cannot be made shows that in its own place: the view never
keeps showing, or printing, the document chosen before it.

Documents are built off the GUI thread (gui/background.py): a long record's care plan takes
seconds, and the window stays usable meanwhile, saying "Preparing the care plan…" where the
document will be. A build finished for a choice no longer made (another document, language or
conversation) is kept for later but never shown in the current one's place.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.ask import Ask
from gui.background import Background, SyncBackground, Task
from gui.document_build import (
    Built,
    Choice,
    RenderFailure,
    build_document,
    conversation_title,
    conversation_titles,
    failure_message,
    log_failure,
    newest_first,
    preparing_message,
)
from gui.pdf_pages import PageView, PdfPages, print_pdf
from gui.screen_fit import fit_window
from waypoint.content.bundle import Content
from waypoint.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _
from waypoint.record.model import Conversation, Record
from waypoint.services.documents import (
    PLACEHOLDER,
    PRINTABLE_SCRIPTS,
    LetterNotOfferedError,
    document_file_name,
    handout_warnings,
    record_texts,
    unsupported_scripts,
)
from waypoint.storage.atomic import write_atomic
from waypoint.storage.settings import Settings

#: (key, label) in the order the chooser lists them; labels translated where shown.
DOCUMENT_CHOICES = (
    ("careplan", N_("Care plan")),
    ("handout", N_("Patient handout")),
    ("letter", N_("Letter to primary care")),
    ("note", N_("EHR note (text)")),
)
LANGUAGE_CHOICES = tuple((code, LANGUAGE_NAMES[code]) for code in LANGUAGES)


class DocumentPreview(QDialog):
    """The documents of one conversation: choose, look, print, save, copy."""

    def __init__(
        self,
        record: Record,
        conversation: Conversation | None,
        settings: Settings,
        content: Content,
        ask: Ask,
        parent: QWidget | None = None,
        *,
        initial: str = "careplan",
        choose_printer: Callable[[QPrinter], bool] | None = None,
        background: Background | SyncBackground,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DocumentPreview")
        self.setWindowTitle(_("Documents — {name}").format(name=record.patient.display_name))
        self.record, self.settings, self.content, self.ask = record, settings, content, ask
        self.conversations = newest_first(record.conversations)
        shown = conversation if any(c is conversation for c in self.conversations) else None
        self.conversation = shown or record.latest_conversation() or self.conversations[0]
        self._position = self._position_of(self.conversation)
        self._choose_printer = choose_printer or self._printer_dialog
        # The main window passes its own; tests pass a synchronous one.
        self.background = background
        self._cache: dict[Choice, Built] = {}
        #: Builds under way, by choice: one per choice, however often it is chosen meanwhile.
        self._building: dict[Choice, Task] = {}
        #: (key, language) of what the view shows now; None while it shows a failure or builds.
        self.shown: tuple[str, str] | None = None
        self._shown_choice: Choice | None = None
        self._page_count = 0
        self._build()
        fit_window(self, QSize(900, 900))
        lang = record.patient.language if record.patient.language in LANGUAGES else "en"
        self.language.setCurrentIndex([code for code, _l in LANGUAGE_CHOICES].index(lang))
        keys = [key for key, _label in DOCUMENT_CHOICES]
        self.chooser.setCurrentIndex(keys.index(initial) if initial in keys else 0)
        self._show_current()

    # -- building ---------------------------------------------------------------------------

    def _build(self) -> None:
        layout = QVBoxLayout(self)
        layout.addLayout(self._build_conversation_row())
        layout.addLayout(self._build_choice_row())
        layout.addWidget(self._build_script_note())
        layout.addWidget(self._build_handout_notice())
        self.stack = QStackedWidget()
        self.view = PageView()
        self.note_view = QPlainTextEdit()
        self.note_view.setReadOnly(True)
        self.note_view.setAccessibleName(_("EHR note"))
        self.failure_view = QLabel()
        self.failure_view.setObjectName("documentFailure")
        self.failure_view.setWordWrap(True)
        self.failure_view.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.failure_view.setMargin(32)
        for widget in (self.view, self.note_view, self.failure_view, self._build_preparing()):
            self.stack.addWidget(widget)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self._build_buttons())

    def _build_preparing(self) -> QWidget:
        # Stands where the document will be, so nothing older shows (or prints) in its place.
        self.preparing_view = QWidget()
        self.preparing_view.setObjectName("documentPreparing")
        layout = QVBoxLayout(self.preparing_view)
        self.preparing_label = QLabel()
        self.preparing_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.preparing_label.setWordWrap(True)
        busy = QProgressBar()
        busy.setRange(0, 0)  # a moving bar: the builder cannot say how far it is
        busy.setTextVisible(False)
        busy.setFixedWidth(280)
        busy.setAccessibleName(_("Preparing"))
        layout.addStretch(1)
        layout.addWidget(self.preparing_label)
        layout.addWidget(busy, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        return self.preparing_view

    def _build_conversation_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.conversation_label = QLabel(conversation_title(self.conversation))
        self.conversation_label.setObjectName("conversationTitle")
        self.conversation_choice = QComboBox()
        self.conversation_choice.setAccessibleName(_("Conversation"))
        for title, conversation in zip(
            conversation_titles(self.conversations), self.conversations, strict=True
        ):
            self.conversation_choice.addItem(title, conversation.id)
        self.conversation_choice.setCurrentIndex(self.conversations.index(self.conversation))
        self.conversation_choice.currentIndexChanged.connect(self._on_conversation_changed)
        several = len(self.conversations) > 1
        self.conversation_label.setVisible(not several)
        self.conversation_choice.setVisible(several)
        choice_label = QLabel(_("C&onversation:"))
        choice_label.setBuddy(self.conversation_choice)
        choice_label.setVisible(several)
        row.addWidget(choice_label)
        row.addWidget(self.conversation_label)
        row.addWidget(self.conversation_choice)
        row.addStretch(1)
        return row

    def _build_choice_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.chooser = QComboBox()
        self.chooser.setAccessibleName(_("Document"))
        for key, label in DOCUMENT_CHOICES:
            self.chooser.addItem(_(label), key)
        self.chooser.currentIndexChanged.connect(self._on_choice_changed)
        self.language = QComboBox()
        self.language.setAccessibleName(_("Handout language"))
        for code, label in LANGUAGE_CHOICES:
            self.language.addItem(label, code)
        self.language.currentIndexChanged.connect(self._on_choice_changed)
        chooser_label = QLabel(_("&Document:"))
        chooser_label.setBuddy(self.chooser)
        self.language_label = QLabel(_("&Language:"))
        self.language_label.setBuddy(self.language)
        row.addWidget(chooser_label)
        row.addWidget(self.chooser)
        row.addSpacing(16)
        row.addWidget(self.language_label)
        row.addWidget(self.language)
        row.addStretch(1)
        return row

    def _build_handout_notice(self) -> QLabel:
        # A handout with no number to call prints a blank line; say so before it is handed over.
        self.handout_notice = QLabel(self._handout_notice_text())
        self.handout_notice.setObjectName("formError")
        self.handout_notice.setWordWrap(True)
        self.handout_notice.setVisible(False)
        return self.handout_notice

    def _handout_notice_text(self) -> str:
        return "\n".join(handout_warnings(self.settings, self.conversation))

    def _build_script_note(self) -> QLabel:
        self.script_note = QLabel(self._script_note_text())
        self.script_note.setObjectName("mutedText")
        self.script_note.setWordWrap(True)
        return self.script_note

    def _script_note_text(self) -> str:
        scripts = unsupported_scripts(
            record_texts(self.record.patient) + record_texts(self.conversation)
        )
        if scripts:
            return _(
                "Prints as typed: {ok}. This record also has {scripts} text, which prints as "
                "{mark} — write those names in Latin letters where they matter."
            ).format(ok=_(PRINTABLE_SCRIPTS), scripts=", ".join(scripts), mark=PLACEHOLDER)
        return _("Prints as typed: {ok}.").format(ok=_(PRINTABLE_SCRIPTS))

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

    def _choice(self, key: str | None = None, lang: str | None = None) -> Choice:
        key = key or self.current_key()
        lang = lang or self.current_language()
        return (self._position, key, lang if key == "handout" else "")

    def _position_of(self, conversation: Conversation) -> int:
        return next(i for i, c in enumerate(self.conversations) if c is conversation)

    def document(self, key: str, lang: str) -> Built | None:
        """The shown conversation's document as built (cached per language), None until built.

        A document that cannot be made is a :class:`RenderFailure`, also cached, so choosing
        it again does not repeat a slow failure.
        """
        return self._cache.get(self._choice(key, lang))

    def building(self) -> bool:
        """True while the chosen document is being built."""
        return self._choice() in self._building

    def _label(self, key: str) -> str:
        return _(dict(DOCUMENT_CHOICES)[key])

    def _show_current(self) -> None:
        key = self.current_key()
        is_note = key == "note"
        self.language.setVisible(key == "handout")
        self.language_label.setVisible(key == "handout")
        self.handout_notice.setVisible(key == "handout" and bool(self.handout_notice.text()))
        self.copy_button.setVisible(is_note)
        self.save_button.setText(_("&Save as text…") if is_note else _("&Save as PDF…"))
        choice = self._choice()
        built = self._cache.get(choice)
        if built is not None:
            self._present(choice, built)
            return
        self._show_preparing(key)
        if choice not in self._building:
            self._start_build(choice)

    def _start_build(self, choice: Choice) -> None:
        position, key, lang = choice
        conversation = self.conversations[position]
        record, settings, content = self.record, self.settings, self.content

        def work(_progress: object) -> bytes | str:
            return build_document(key, record, conversation, settings, content, lang or "en")

        task = self.background.start(
            preparing_message(self._label(key)),
            work,
            lambda built: self._on_build_done(choice, built),
            lambda error: self._on_build_failed(choice, error),
            owner=self,
        )
        if task.pending:  # a synchronous runner has delivered already
            self._building[choice] = task

    def _on_build_done(self, choice: Choice, built: Built) -> None:
        self._building.pop(choice, None)
        self._cache[choice] = built
        # A result for an earlier choice waits in the cache; only the current one is shown.
        if choice == self._choice():
            self._present(choice, built)

    def _on_build_failed(self, choice: Choice, error: Exception) -> None:
        key = choice[1]
        if isinstance(error, LetterNotOfferedError):  # not a failure: the plan says no letter
            self._on_build_done(choice, RenderFailure(str(error)))
            return
        log_failure(key, error)
        self._on_build_done(choice, RenderFailure(failure_message(self._label(key))))

    def _present(self, choice: Choice, built: Built) -> None:
        key = choice[1]
        if isinstance(built, bytes):
            built = self._load_pdf(choice, built)
        if isinstance(built, RenderFailure):
            self._show_failure(built)
            return
        self.print_button.setEnabled(key != "note")
        self.save_button.setEnabled(True)
        self.copy_button.setEnabled(True)
        if isinstance(built, str):
            self.note_view.setPlainText(built)
            self.stack.setCurrentWidget(self.note_view)
        else:
            self.stack.setCurrentWidget(self.view)
        self.shown = (key, self.current_language())
        self._shown_choice = choice

    def _load_pdf(self, choice: Choice, data: bytes) -> bytes | RenderFailure:
        """Put ``data`` in the page view; a PDF that PDFium cannot read is a failure too."""
        try:
            pages = PdfPages(data)
        except Exception as exc:  # shown in the document's place, as above
            log_failure(choice[1], exc)
            failure = RenderFailure(failure_message(self._label(choice[1])))
            self._cache[choice] = failure
            return failure
        self._page_count = len(pages)
        self.view.set_pages(pages)
        return data

    def done(self, result: int) -> None:
        """Close: drop builds under way, release the PDF engine's copy of the document."""
        for task in self._building.values():
            task.cancel()  # a build still running finishes on its own; nobody is told
        self._building.clear()
        self.view.set_pages(None)
        super().done(result)

    def _show_nothing(self) -> None:
        # Drop the previous document's pages, so nothing can show or print in this one's place.
        self.view.set_pages(None)
        self._page_count = 0
        self.shown = self._shown_choice = None
        for button in (self.print_button, self.save_button, self.copy_button):
            button.setEnabled(False)

    def _show_preparing(self, key: str) -> None:
        self._show_nothing()
        self.preparing_label.setText(preparing_message(self._label(key)))
        self.stack.setCurrentWidget(self.preparing_view)

    def _show_failure(self, failure: RenderFailure) -> None:
        self._show_nothing()
        self.failure_view.setText(failure.message)
        self.stack.setCurrentWidget(self.failure_view)

    def _shown_document(self) -> bytes | str | None:
        """What the view shows now, to print or save; None while it shows nothing printable."""
        if self._shown_choice is None or self._shown_choice != self._choice():
            return None
        built = self._cache.get(self._shown_choice)
        return None if isinstance(built, RenderFailure) else built

    # -- handlers ---------------------------------------------------------------------------

    def _on_choice_changed(self, _index: int) -> None:
        self._show_current()

    def _on_conversation_changed(self, index: int) -> None:
        self.conversation = self.conversations[index]
        self._position = index
        self.conversation_label.setText(conversation_title(self.conversation))
        self.script_note.setText(self._script_note_text())
        self.handout_notice.setText(self._handout_notice_text())
        self._show_current()

    def _printer_dialog(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(self._page_count, 1))
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _on_print_clicked(self) -> None:
        data = self._shown_document()
        if not isinstance(data, bytes):
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.chooser.currentText())
        if not self._choose_printer(printer):
            return
        # Each page renders at the printer's resolution: a long care plan takes a few seconds.
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            print_pdf(data, printer)
        except OSError as exc:
            self.ask.warn(self, _("Not printed"), str(exc))
        finally:
            QGuiApplication.restoreOverrideCursor()

    def _on_save_clicked(self) -> None:
        key = self.current_key()
        data = self._shown_document()
        if data is None:
            return
        is_note = isinstance(data, str)
        suffix = "txt" if is_note else "pdf"
        lang = self.current_language() if key == "handout" else ""
        # Named for the patient and the date, never an existing file's name.
        suggested = document_file_name(
            self.record, self.conversation, key, suffix, Path.home(), lang=lang
        )
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
