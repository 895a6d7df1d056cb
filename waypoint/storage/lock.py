"""One writer at a time: an operating-system lock on DATA_DIR/store.lock.

The lock is taken with ``fcntl.flock`` (POSIX) or ``msvcrt.locking`` (Windows). The operating
system releases it when the holding process ends, however it ends, so a lock left by a crashed
instance is recovered without guessing: the file may remain, but nobody holds it. The file
records who holds the lock (process id, host name, start time) so a second instance can say so.
The data folder is local (never a network share), where these locks are reliable.

The lock is held on open files, not on the file's existence: on POSIX the data folder itself
is locked too (``flock`` on the folder's descriptor), so deleting store.lock while Waypoint
holds it cannot let a second writer in (a new store.lock would be a new, unlocked file, but
the folder cannot be replaced while it holds the records). On Windows an open file cannot be
deleted, so store.lock alone is enough there.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import sys
import weakref
from pathlib import Path
from typing import Any

from waypoint.i18n import _
from waypoint.storage.errors import StoreError

LOCK_FILE = "store.lock"
_WINDOWS_LOCK_OFFSET = 4096  # lock a byte past the holder details, so others can read them


class StoreLockedError(StoreError):
    """Another Waypoint is writing to this store."""

    def __init__(self, holder: dict[str, Any]) -> None:
        self.holder = holder
        where = holder.get("host") or _("another program")
        since = holder.get("started") or _("an unknown time")
        super().__init__(
            _(
                "Waypoint is already open on these records (on {where}, process {pid}, since "
                "{since}). Only one copy can save at a time: close the other one first, or "
                "open the records read-only."
            ).format(where=where, pid=holder.get("pid", "?"), since=since)
        )


def _try_lock(fd: int) -> bool:
    if sys.platform == "win32":
        import msvcrt

        os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _lock_folder(lock_path: Path) -> int | None:
    """POSIX: lock the data folder itself (an open descriptor nobody can delete from under
    us); StoreLockedError when another process holds it. None on Windows."""
    if sys.platform == "win32":
        return None
    folder_fd = os.open(lock_path.parent, os.O_RDONLY)
    if not _try_lock(folder_fd):
        os.close(folder_fd)
        raise StoreLockedError(read_holder(lock_path))
    return folder_fd


def _close_all(*fds: int | None) -> None:
    for fd in fds:
        if fd is not None:
            os.close(fd)


def read_holder(path: Path) -> dict[str, Any]:
    """Who holds (or last held) the lock, as recorded in the file; {} when unknown."""
    try:
        data = json.loads(path.read_bytes()[:_WINDOWS_LOCK_OFFSET].decode("utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class StoreLock:
    """The writer lock of one store; :meth:`acquire` or StoreLockedError."""

    def __init__(self, root: Path) -> None:
        self.path = root / LOCK_FILE
        self._release: weakref.finalize | None = None  # type: ignore[type-arg]

    def acquire(self) -> None:
        """Take the lock or raise :class:`StoreLockedError` naming the holder."""
        folder_fd = _lock_folder(self.path)
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
            if not _try_lock(fd):
                os.close(fd)
                raise StoreLockedError(read_holder(self.path))
            holder = {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            }
            payload = json.dumps(holder).encode("utf-8")
            try:
                os.lseek(fd, 0, os.SEEK_SET)
                os.write(fd, payload)
                os.ftruncate(fd, len(payload))
            except OSError:
                os.close(fd)  # a full disk must not leave this process holding the lock
                raise
        except BaseException:
            if folder_fd is not None:
                os.close(folder_fd)
            raise
        # A store dropped without close() still lets go of the lock when it is collected.
        self._release = weakref.finalize(self, _close_all, fd, folder_fd)

    @property
    def held(self) -> bool:
        """True while this process holds the lock."""
        return self._release is not None and self._release.alive

    def release(self) -> None:
        """Let the next instance in (closing the file releases the operating-system lock)."""
        if self._release is not None:
            self._release()
            self._release = None
