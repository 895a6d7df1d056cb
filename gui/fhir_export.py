"""Patient ▸ Export for the EHR…: the patient on screen as one FHIR R4 bundle (docs/fhir.md).

The user picks the file through the injectable :class:`gui.ask.Ask`; the bundle (care plan PDF
included) is built off the GUI thread and written atomically beside that file, so a failure
leaves neither a half-written export nor a stray temporary copy of the record anywhere else.
"""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QWidget

from gui.ask import Ask
from gui.background import Background, Progress, SyncBackground, WorkFailedError
from waypoint.content.bundle import Content
from waypoint.i18n import _
from waypoint.record.model import Record
from waypoint.services.interop import build_bundle, bundle_json
from waypoint.storage.atomic import write_atomic
from waypoint.storage.settings import Settings


def suggested_path(today: dt.date, folder: Path | None = None) -> Path:
    """Where the save dialog starts: the user's folder, a name with the date and no patient data."""
    return (folder or Path.home()) / f"ehr-export-{today.isoformat()}.json"


def export_for_ehr(
    parent: QWidget | None,
    ask: Ask,
    background: Background | SyncBackground,
    record: Record,
    content: Content,
    settings: Settings,
    key: str,
) -> Path | None:
    """Ask where, build and write the export; the path written, or None (cancelled, or the
    user was told in plain words why nothing was written)."""
    path = ask.save_path(
        parent,
        _("Export for the EHR"),
        suggested_path(dt.date.today()),
        _("FHIR bundles (*.json)"),
    )
    if path is None:
        return None
    snapshot = copy.deepcopy(record)  # the worker never shares the record the window edits

    def work(progress: Progress) -> None:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0)
        bundle = build_bundle(snapshot, content, key=key, now=now, settings=settings)
        write_atomic(path, bundle_json(bundle))

    try:
        background.run(parent, _("Preparing the export for the EHR…"), work, expected=(OSError,))
    except OSError as exc:
        ask.warn(
            parent,
            _("Not exported"),
            _("The export could not be written to {path} ({why}). Nothing was saved there.").format(
                path=path, why=exc.strerror or type(exc).__name__
            ),
        )
        return None
    except WorkFailedError:  # already shown by the error guard, in plain words
        return None
    return path
