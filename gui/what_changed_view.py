"""The overview's "what changed since last time": per part, before and after, dated and signed.

Clinicians complain that record systems show only the latest entry. This shows, for the
latest conversation, each part that differs from the one before it.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from waypoint.content.bundle import Content
from waypoint.dates import format_date_text
from waypoint.i18n import _
from waypoint.record.model import Record
from waypoint.services.clinical import Change, what_changed


def changes_html(changes: list[Change]) -> str:
    """The changes as a short rich-text list (every recorded value escaped)."""
    if not changes:
        return ""
    first = changes[0]
    heading = _("What changed since {since} ({since_by}), recorded {date} by {by}").format(
        since=format_date_text(first.since),
        since_by=first.since_by,
        date=format_date_text(first.date),
        by=first.by,
    )
    rows = "".join(
        "<li><b>{label}</b>: {before} → {after}</li>".format(
            label=escape(c.label),
            before=escape(c.before or _("not recorded")),
            after=escape(c.after or _("not recorded")),
        )
        for c in changes
    )
    return f"<b>{escape(heading)}</b><ul style='margin:0'>{rows}</ul>"


class WhatChangedView(QWidget):
    """Hidden when there is no earlier conversation or nothing changed."""

    def __init__(self, content: Content) -> None:
        super().__init__()
        self.setObjectName("WhatChanged")
        self._content = content
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.text = QLabel()
        self.text.setObjectName("whatChanged")
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.text)
        self.hide()

    def show_record(self, record: Record) -> None:
        """Show what the latest conversation changed, or hide."""
        latest = record.latest_conversation()
        changes = what_changed(record, latest, self._content) if latest else []
        self.text.setText(changes_html(changes))
        self.text.setAccessibleName(self.text.text() and _("What changed since last time"))
        self.setVisible(bool(changes))
