"""Preview, print and save the documents of a conversation, without touching the disk.

Each document is built in memory and its pages drawn by PDFium (gui/pdf_pages.py); a file is
written only when the user chooses "Save". The EHR note is shown as text with a "Copy to
clipboard" button. A document that cannot be made shows that in its own place: the view never
keeps showing, or printing, the document chosen before it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from gui.ask import Ask
from gui.pdf_pages import PageView, PdfPages, print_pdf
from gui.screen_fit import fit_window
from waypoint.applog import describe_failure, logger
from waypoint.clinical.stepped_care import format_day
from waypoint.content.bundle import Content
from waypoint.documents.common import document_file_name
from waypoint.documents.glyphs import (
    PLACEHOLDER,
    PRINTABLE_SCRIPTS,
    record_texts,
    unsupported_scripts,
)
from waypoint.documents.handout import handout_warnings
from waypoint.documents.letter import LetterNotOfferedError
from waypoint.i18n import LANGUAGE_NAMES, LANGUAGES, N_, _
from waypoint.record.model import Conversation, Record
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

_log = logger("documents")


@dataclass(frozen=True)
class RenderFailure:
    """A document that could not be made: the view shows ``message`` in its place."""

    message: str


def newest_first(conversations: Sequence[Conversation]) -> list[Conversation]:
    """Conversations by date, newest first; on the same day the one entered last comes first.

    The same order as :meth:`Record.latest_conversation`, so the first is the latest.
    """
    order = sorted(
        range(len(conversations)),
        key=lambda i: (conversations[i].date or dt.date.min, i),
        reverse=True,
    )
    return [conversations[i] for i in order]


def conversation_title(conversation: Conversation) -> str:
    """How the window names a conversation: its date and clinician."""
    day = format_day(conversation.date) if conversation.date else _("an unknown date")
    if not conversation.clinician:
        return _("Conversation of {date}").format(date=day)
    return _("Conversation of {date} with {clinician}").format(
        date=day, clinician=conversation.clinician
    )


def conversation_titles(ordered: Sequence[Conversation]) -> list[str]:
    """Titles for conversations listed newest first, telling same-day ones and versions apart."""
    amended = {c.amends for c in ordered if c.amends}
    latest = next((c for c in ordered if c.id not in amended), None)
    titles = []
    for position, conversation in enumerate(ordered):
        notes = []
        if conversation.id in amended:
            notes.append(_("replaced by an amendment"))
        elif conversation.amends:
            notes.append(_("amended version"))
        if conversation is latest:
            notes.append(_("latest"))
        elif position and conversation.date == ordered[position - 1].date:
            notes.append(_("earlier that day"))
        title = conversation_title(conversation)
        titles.append(f"{title} ({', '.join(notes)})" if notes else title)
    return titles


def failure_message(document: str) -> str:
    """What the view says in place of a document that could not be made (no patient data)."""
    return _(
        "The {document} could not be made, so it is not shown here and cannot be printed or "
        "saved.\n\nThe other documents of this conversation can still be shown, printed and "
        "saved: choose one under Document above.\n\nDetails were written to Waypoint's log."
    ).format(document=document.lower())


def _log_failure(key: str, exc: BaseException) -> None:
    # The kind of error and where, never its message: a message may quote what was typed.
    _log.error(
        "document %s could not be made: %s",
        key,
        describe_failure(type(exc), exc.__traceback__),
    )


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
    ) -> None:
        super().__init__(parent)
        self.setObjectName("DocumentPreview")
        self.setWindowTitle(_("Documents — {name}").format(name=record.patient.display_name))
        self.record, self.settings, self.content, self.ask = record, settings, content, ask
        self.conversations = newest_first(record.conversations)
        shown = conversation if any(c is conversation for c in self.conversations) else None
        self.conversation = shown or record.latest_conversation() or self.conversations[0]
        self._choose_printer = choose_printer or self._printer_dialog
        self._cache: dict[tuple[str, str], bytes | str | RenderFailure] = {}
        #: (key, language) of what the view shows now; None while it shows a failure.
        self.shown: tuple[str, str] | None = None
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
        for widget in (self.view, self.note_view, self.failure_view):
            self.stack.addWidget(widget)
        layout.addWidget(self.stack, 1)
        layout.addLayout(self._build_buttons())

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

    def document(self, key: str, lang: str) -> bytes | str | RenderFailure:
        """The document built in memory (PDF bytes, or the note's text), cached per language.

        A document that cannot be made gives a :class:`RenderFailure`, also cached, so choosing
        it again does not repeat a slow failure.
        """
        cache_key = (key, lang if key == "handout" else "")
        if cache_key not in self._cache:
            try:
                self._cache[cache_key] = self._render(key, lang)
            except LetterNotOfferedError as exc:  # not a failure: the plan says no letter, and why
                self._cache[cache_key] = RenderFailure(str(exc))
            except Exception as exc:  # any failure shows in the document's place
                _log_failure(key, exc)
                self._cache[cache_key] = RenderFailure(failure_message(self._label(key)))
        return self._cache[cache_key]

    def _label(self, key: str) -> str:
        return _(dict(DOCUMENT_CHOICES)[key])

    def _render(self, key: str, lang: str) -> bytes | str:
        from waypoint.documents.careplan import render_careplan
        from waypoint.documents.handout import render_handout
        from waypoint.documents.letter import render_letter
        from waypoint.documents.note import render_note

        r, c, s = self.record, self.conversation, self.settings
        if key == "careplan":
            return render_careplan(r, c, s, content=self.content)
        if key == "handout":
            return render_handout(r, c, s, lang, content=self.content)
        if key == "letter":
            return render_letter(r, c, s, content=self.content)
        return render_note(r, c, s, content=self.content)

    def _show_current(self) -> None:
        key, lang = self.current_key(), self.current_language()
        is_note = key == "note"
        self.language.setVisible(key == "handout")
        self.language_label.setVisible(key == "handout")
        self.handout_notice.setVisible(key == "handout" and bool(self.handout_notice.text()))
        self.copy_button.setVisible(is_note)
        self.save_button.setText(_("&Save as text…") if is_note else _("&Save as PDF…"))
        data = self.document(key, lang)
        if isinstance(data, bytes):
            data = self._load_pdf(key, lang, data)
        if isinstance(data, RenderFailure):
            self._show_failure(data)
            return
        self.print_button.setEnabled(not is_note)
        self.save_button.setEnabled(True)
        self.copy_button.setEnabled(True)
        if isinstance(data, str):
            self.note_view.setPlainText(data)
            self.stack.setCurrentWidget(self.note_view)
        else:
            self.stack.setCurrentWidget(self.view)
        self.shown = (key, lang)

    def _load_pdf(self, key: str, lang: str, data: bytes) -> bytes | RenderFailure:
        """Put ``data`` in the page view; a PDF that PDFium cannot read is a failure too."""
        try:
            pages = PdfPages(data)
        except Exception as exc:  # shown in the document's place, as above
            _log_failure(key, exc)
            failure = RenderFailure(failure_message(self._label(key)))
            self._cache[(key, lang if key == "handout" else "")] = failure
            return failure
        self._page_count = len(pages)
        self.view.set_pages(pages)
        return data

    def done(self, result: int) -> None:
        """Close: release the PDF engine's copy of the document before the window goes."""
        self.view.set_pages(None)
        super().done(result)

    def _show_failure(self, failure: RenderFailure) -> None:
        # Drop the previous document's pages, so nothing can show or print in this one's place.
        self.view.set_pages(None)
        self._page_count = 0
        self.shown = None
        self.failure_view.setText(failure.message)
        self.stack.setCurrentWidget(self.failure_view)
        for button in (self.print_button, self.save_button, self.copy_button):
            button.setEnabled(False)

    def _current_pdf(self) -> bytes | None:
        data = self.document(self.current_key(), self.current_language())
        return data if isinstance(data, bytes) else None

    # -- handlers ---------------------------------------------------------------------------

    def _on_choice_changed(self, _index: int) -> None:
        self._show_current()

    def _on_conversation_changed(self, index: int) -> None:
        self.conversation = self.conversations[index]
        self.conversation_label.setText(conversation_title(self.conversation))
        self.script_note.setText(self._script_note_text())
        self.handout_notice.setText(self._handout_notice_text())
        self._cache.clear()
        self._show_current()

    def _printer_dialog(self, printer: QPrinter) -> bool:
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(self._page_count, 1))
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _on_print_clicked(self) -> None:
        data = self._current_pdf()
        if data is None:
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
        data = self.document(key, self.current_language())
        if isinstance(data, RenderFailure):
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
