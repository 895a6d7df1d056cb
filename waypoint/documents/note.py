"""The EHR note: plain text in the order notes are usually read, ready to paste into the chart.

Lines with nothing recorded are left out, and so is a heading with nothing under it. Every
line fits in 80 columns (EHR text boxes and printouts), continuation lines indented under
their label.
"""

from __future__ import annotations

import datetime as dt
import textwrap

from waypoint.content.bundle import Content
from waypoint.documents.common import (
    considerations,
    document_context,
    order_considerations,
    pick_conversation,
    ppi_summary,
    split_met,
    stepped_status,
    survival_scenarios,
)
from waypoint.documents.markup import clean, render_text
from waypoint.record.care_events import record_as_of
from waypoint.record.model import Conversation, Record
from waypoint.storage.settings import Settings

TEMPLATE = "note.txt.j2"
#: Columns: what an EHR text box and a printout show without wrapping mid-word.
WIDTH = 80
_SKIP = "\u2063skip\u2063"


def note_line(label: str, value: object) -> str:
    """``Label: value`` with continuation lines indented, or nothing for an empty value."""
    if value is None or value == "":
        return _SKIP
    text = clean(str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        return _SKIP
    return f"{label}: " + "\n    ".join(text.split("\n"))


def wrap(line: str, width: int = WIDTH) -> list[str]:
    """``line`` in lines of at most ``width`` characters, continuations indented.

    A continuation sits 4 spaces further in than the line it continues, so "Label: value" text
    reads as one entry. Words longer than a line (a pasted link) are broken rather than
    overflowing.
    """
    if len(line) <= width:
        return [line]
    indent = line[: len(line) - len(line.lstrip())]
    return textwrap.wrap(
        line,
        width=width,
        initial_indent="",
        subsequent_indent=indent + "    ",
        break_long_words=True,
        break_on_hyphens=False,
    ) or [line[:width]]


def _is_heading(line: str) -> bool:
    return line.isupper() and not line.startswith(" ")


def tidy(text: str) -> str:
    """Drop skipped lines and empty sections; one blank line between sections; 80 columns."""
    lines = [
        wrapped
        for line in text.split("\n")
        if line.strip() != _SKIP
        for wrapped in wrap(line.rstrip())
    ]
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    # A heading alone is an empty section. Continuation lines are indented, so a paragraph of
    # an answer that happens to be upper case ("I", "DNR") is never taken for a heading.
    kept = [b for b in blocks if b and not (len(b) == 1 and _is_heading(b[0]))]
    return "\n\n".join("\n".join(b) for b in kept) + "\n"


def render_note(
    record: Record,
    conversation: Conversation | None = None,
    settings: Settings | None = None,
    *,
    content: Content,
    today: dt.date | None = None,
) -> str:
    """The EHR note for ``conversation`` (the latest by default) as plain text."""
    conversation = pick_conversation(record, conversation)
    context = document_context(record, conversation, settings or Settings(), content, today)
    past = record_as_of(record, context["as_of"], conversation)
    shown = considerations(past, context["as_of"], content) or []
    flags, met = split_met(order_considerations(shown))
    median = conversation.prognosis.median_survival_months
    context.update(
        flags=[c for c in flags if not c.dismissed_reason],
        set_aside=[c for c in flags if c.dismissed_reason],
        met=met,
        scenarios=survival_scenarios(median, content) or [],
        ppi=ppi_summary(conversation, content),
        stepped=stepped_status(past, context["as_of"], content),
        line=note_line,
        skipped_text="; ".join(
            f"{context['section_title'](sid)} ({why})" for sid, why in conversation.skipped.items()
        ),
        yn=lambda value: "Yes" if value is True else ("No" if value is False else ""),
    )
    return tidy(render_text(TEMPLATE, **context))
