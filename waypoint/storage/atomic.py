"""A TinyDB storage whose every write is atomic and durable.

TinyDB's own JSONStorage truncates the file and rewrites it in place, so a crash mid-save can
leave half a file, and it reads a zero-length file as an empty database. This storage writes a
temporary file beside the target, fsyncs it, renames it over the target and fsyncs the folder:
after :meth:`AtomicJSONStorage.write` returns, the new content survives a power cut, and at
every instant the file on disk is either the old content or the new, never a mixture.
A file that cannot be read back is reported as :class:`DamagedFileError`, never as empty.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from waypoint.i18n import _

TEMP_SUFFIX = ".wp-tmp"
FILE_MODE = 0o600


class DamagedFileError(Exception):
    """A store file exists but cannot be read back as what was saved."""

    def __init__(self, path: Path, why: str) -> None:
        self.path = path
        self.why = why
        super().__init__(_("{name} is damaged: {why}").format(name=path.name, why=why))


def fsync_dir(folder: Path) -> None:
    """Make a rename inside ``folder`` durable (a no-op where folders cannot be opened)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def write_atomic(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` atomically and durably."""
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=TEMP_SUFFIX, dir=folder)
    tmp = Path(tmp_name)
    try:
        os.fchmod(fd, FILE_MODE) if hasattr(os, "fchmod") else None
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def read_json(path: Path) -> Any:
    """Read a JSON file written by :func:`write_atomic`; damage raises :class:`DamagedFileError`."""
    raw = path.read_bytes()
    if not raw.strip():
        raise DamagedFileError(path, _("the file is empty"))
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DamagedFileError(path, _("the file is not readable JSON")) from None


def dump_json(data: Any) -> bytes:
    """The bytes :func:`write_atomic` stores for ``data``."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic durable writes, and damage reported rather than read as empty."""

    def __init__(self, path: str | Path, create: bool = True) -> None:
        self.path = Path(path)
        self.create = create

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database, or None for a file that does not exist yet (TinyDB then starts empty)."""
        if not self.path.exists():
            if self.create:
                return None
            raise DamagedFileError(self.path, _("the file is missing"))
        data = read_json(self.path)
        if not isinstance(data, dict):
            raise DamagedFileError(self.path, _("the file does not hold a database"))
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Save the whole database; durable once this returns."""
        write_atomic(self.path, dump_json(data))

    def close(self) -> None:
        """Nothing is held open between operations."""
