"""What a save did, and disk faults (full, read-only, not allowed) told in plain words.

A save either raises (:class:`NotSavedError` or another StoreError: nothing was changed) or
returns a :class:`SaveOutcome`: the record is then durable on disk, and any housekeeping that
failed afterwards (the patient list, the daily snapshot, the lock) is a warning of its own.
Messages name no patient, no record id and no file path inside the store: an OSError's own text
carries the file name (which is the patient id), so only its error number is ever described.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from waypoint.i18n import _
from waypoint.storage.atomic import TEMP_SUFFIX
from waypoint.storage.errors import StoreError

#: Bytes the open-time probe writes: one page, the least any save needs.
PROBE_BYTES = 4096


@dataclass(frozen=True)
class SaveOutcome:
    """The result of a save that is durable on disk.

    Attributes:
        patient_id: the record's patient id (new records get one assigned).
        already_saved: the store already held exactly this record, so nothing was written.
        changed_since: an import without a patient id that was saved before and changed in
            Waypoint since; the newer record was left as it is (see exchange.import_record).
        warnings: housekeeping after the durable write that failed, one plain sentence each
            ("Saved. But Waypoint could not …; nothing is lost. …"); show them, but the record
            is safe whatever they say.
    """

    patient_id: str
    already_saved: bool = False
    changed_since: bool = False
    warnings: tuple[str, ...] = ()


def describe(exc: OSError) -> tuple[str, str]:
    """(what went wrong, what to do about it) for an I/O error, in plain words, without the path.

    The second part reads after "To fix this:" or "When you can," (lower case, no full stop).
    """
    code = exc.errno
    if code == errno.ENOSPC:
        return _("the disk is full"), _("free some disk space")
    if code == getattr(errno, "EDQUOT", -1):
        return _("your disk quota is used up"), _("free some space or ask IT for a larger quota")
    if code == errno.EROFS:
        return _("the disk is read-only"), _("ask IT to make the data folder writable")
    if code in (errno.EACCES, errno.EPERM):
        return (
            _("Waypoint is not allowed to write to the data folder"),
            _("ask IT for permission to write to the data folder"),
        )
    name = errno.errorcode.get(code or 0, type(exc).__name__)
    return _("the disk reported an error ({code})").format(code=name), _("ask IT to check the disk")


class NotSavedError(StoreError):
    """A save failed before it was durable; the store is as it was before the save began."""

    def __init__(self, exc: OSError) -> None:
        self.reason, self.action = describe(exc)
        self.errno = exc.errno
        super().__init__(
            _(
                "Not saved: {why}; nothing already saved was changed. "
                "To fix this: {action}, then save again."
            ).format(why=self.reason, action=self.action)
        )


def tidy_warning(step: str, exc: OSError, *, saved: bool) -> str:
    """The warning for housekeeping ``step`` that failed with ``exc`` (nothing is lost)."""
    why, action = describe(exc)
    if saved:
        text = _(
            "Saved. But Waypoint could not {step} ({why}); nothing is lost. When you can, {action}."
        )
    else:
        text = _("Waypoint could not {step} ({why}); nothing is lost. When you can, {action}.")
    return text.format(step=step, why=why, action=action)


def read_only_notice(exc: OSError) -> str:
    """What to tell the user when the store had to open read-only because of ``exc``."""
    why, action = describe(exc)
    return _(
        "Waypoint cannot write to the data folder ({why}), so the records are open read-only: "
        "you can read, export and print them, but not save. To save again: {action}, then "
        "start Waypoint again."
    ).format(why=why, action=action)


def probe_writable(folder: Path) -> None:
    """Raise OSError unless a small file can be written and synced in ``folder``.

    A nearly full disk still lets the lock file (already allocated) be rewritten, so writing
    the lock proves nothing; one page written and fsynced does. The probe is a temporary file
    that the next open sweeps away should the process die here.
    """
    fd, name = tempfile.mkstemp(prefix=".probe-", suffix=TEMP_SUFFIX, dir=folder)
    try:
        written = os.write(fd, b"\0" * PROBE_BYTES)
        if written < PROBE_BYTES:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        os.fsync(fd)
    finally:
        os.close(fd)
        with contextlib.suppress(OSError):
            os.unlink(name)
