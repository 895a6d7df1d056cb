"""What the screens need to make and save documents: render each one, name its file, say what a
handout leaves out and which scripts print. gui/ imports these from here, never from
waypoint.documents itself (tests/waypoint/test_layers.py).

Each name loads its module on first use (as the screens did themselves), so starting the app
does not pull in ReportLab or the sync engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from waypoint.services.lazy import lazy_exports

if TYPE_CHECKING:
    from waypoint.documents.careplan import render_careplan as render_careplan
    from waypoint.documents.common import document_file_name as document_file_name
    from waypoint.documents.glyphs import PLACEHOLDER as PLACEHOLDER
    from waypoint.documents.glyphs import PRINTABLE_SCRIPTS as PRINTABLE_SCRIPTS
    from waypoint.documents.glyphs import record_texts as record_texts
    from waypoint.documents.glyphs import unsupported_scripts as unsupported_scripts
    from waypoint.documents.handout import handout_warnings as handout_warnings
    from waypoint.documents.handout import render_handout as render_handout
    from waypoint.documents.letter import LetterNotOfferedError as LetterNotOfferedError
    from waypoint.documents.letter import render_letter as render_letter
    from waypoint.documents.note import render_note as render_note
    from waypoint.documents.worklist import render_worklist_pdf as render_worklist_pdf

_HOME = {
    "render_careplan": "waypoint.documents.careplan",
    "document_file_name": "waypoint.documents.common",
    "PLACEHOLDER": "waypoint.documents.glyphs",
    "PRINTABLE_SCRIPTS": "waypoint.documents.glyphs",
    "record_texts": "waypoint.documents.glyphs",
    "unsupported_scripts": "waypoint.documents.glyphs",
    "handout_warnings": "waypoint.documents.handout",
    "render_handout": "waypoint.documents.handout",
    "LetterNotOfferedError": "waypoint.documents.letter",
    "render_letter": "waypoint.documents.letter",
    "render_note": "waypoint.documents.note",
    "render_worklist_pdf": "waypoint.documents.worklist",
}
_MODULES: dict[str, str] = {}


__getattr__, __all__ = lazy_exports(__name__, _HOME, _MODULES)
