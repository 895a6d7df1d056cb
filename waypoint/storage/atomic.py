"""A TinyDB storage whose every write is atomic and durable (and sealed when the store is encrypted).

TinyDB's own JSONStorage truncates the file and rewrites it in place, so a crash mid-save can
leave half a file, and it reads a zero-length file as an empty database. This storage writes a
temporary file beside the target, fsyncs it, renames it over the target and fsyncs the folder:
after :meth:`AtomicJSONStorage.write` returns, the new content survives a power cut, and at
every instant the file on disk is either the old content or the new, never a mixture.
A file that cannot be read back is reported as :class:`DamagedFileError`, never as empty.

Plain (unencrypted) files carry a checksum of their payload on a first line of their own,
``WPS1 <sha256 hex>``, verified on every read: a flipped bit is damage, never a silently changed
record. Sealed files need none (AES-GCM authenticates them). Files written before checksums
existed (no first line) are still read; the next save adds it.

On Windows ``os.replace`` is not write-through and antivirus scanners briefly hold files open,
so the rename there is ``MoveFileExW(MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)``,
retried with a bounded back-off (about 3 s in all) on sharing and lock violations.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb.storages import Storage

from waypoint.i18n import _

if TYPE_CHECKING:
    from waypoint.storage.crypto import Cipher

TEMP_SUFFIX = ".wp-tmp"
#: First line of a plain store file: this tag, the payload's SHA-256 in hex, a newline.
PLAIN_TAG = b"WPS1 "
_PLAIN_HEAD = len(PLAIN_TAG) + 64 + 1
FILE_MODE = 0o600
DIR_MODE = 0o700

# Windows: MoveFileExW flags, and the errors worth waiting out (a scanner holding the file).
MOVEFILE_REPLACE_EXISTING = 0x1
MOVEFILE_WRITE_THROUGH = 0x8
_RETRYABLE_WINERRORS = (5, 32, 33)  # access denied, sharing violation, lock violation
_REPLACE_ATTEMPTS = 10  # 0.01 s doubling, capped at 0.5 s: about 3 s before giving up


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


def replace_file(src: Path, dst: Path) -> None:
    """Rename ``src`` over ``dst``; on Windows write-through, retrying while a scanner holds it."""
    if sys.platform == "win32":
        _replace_windows(src, dst)
    else:
        os.replace(src, dst)


if sys.platform == "win32":

    def _replace_windows(src: Path, dst: Path) -> None:
        import ctypes
        from ctypes import wintypes

        kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
        move = kernel32.MoveFileExW
        move.argtypes = [wintypes.LPCWSTR, wintypes.LPCWSTR, wintypes.DWORD]
        move.restype = wintypes.BOOL
        flags = MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH
        delay = 0.01
        for attempt in range(_REPLACE_ATTEMPTS):
            if move(str(src), str(dst), flags):
                return
            error = ctypes.get_last_error()
            if error not in _RETRYABLE_WINERRORS or attempt == _REPLACE_ATTEMPTS - 1:
                raise ctypes.WinError(error)
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def write_atomic(path: Path, payload: bytes) -> None:
    """Replace ``path`` with ``payload`` atomically and durably (file mode 0600)."""
    folder = path.parent
    fd, tmp_name = tempfile.mkstemp(prefix=".", suffix=TEMP_SUFFIX, dir=folder)
    tmp = Path(tmp_name)
    try:
        if hasattr(os, "fchmod"):
            os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        replace_file(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(folder)


def put_back(path: Path, old: bytes | None, new: bytes) -> None:
    """After a failed :func:`write_atomic` of ``new``: if it did land (only the folder sync
    failed), put ``old`` back (or remove a file that was new), so "not saved" stays true.
    Best effort; usually the rename never happened and the old file is untouched."""
    with contextlib.suppress(OSError):
        if path.read_bytes() != new:
            return
        if old is None:
            path.unlink()
            fsync_dir(path.parent)
        else:
            write_atomic(path, old)


def remove_orphans(folder: Path) -> None:
    """Delete temporary files a crash left in ``folder`` (the real files are intact)."""
    for tmp in folder.glob(f".*{TEMP_SUFFIX}"):
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def make_dir(path: Path) -> None:
    """Create a private folder (0700) if it does not exist, and every missing parent too.

    ``mkdir(parents=True, mode=...)`` applies the mode to the last folder only (parents get
    the umask's 0755), so each missing folder is created on its own.
    """
    missing: list[Path] = []
    folder = path
    while not folder.exists() and folder != folder.parent:
        missing.append(folder)
        folder = folder.parent
    for folder in reversed(missing):
        with contextlib.suppress(FileExistsError):
            folder.mkdir(mode=DIR_MODE)
        if hasattr(os, "chmod") and os.name == "posix":
            os.chmod(folder, DIR_MODE)  # the umask may have masked bits off; 0700 exactly


def frame_plain(payload: bytes) -> bytes:
    """``payload`` with its checksum line in front (how a plain store file is written)."""
    return PLAIN_TAG + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload


def unframe_plain(path: Path, raw: bytes) -> bytes:
    """The payload of a plain store file, its checksum verified (DamagedFileError if not)."""
    if not raw.startswith(PLAIN_TAG):
        return raw  # written before checksums: read as it is (JSON parsing still checks it)
    digest, payload = raw[len(PLAIN_TAG) : _PLAIN_HEAD - 1], raw[_PLAIN_HEAD:]
    if raw[_PLAIN_HEAD - 1 : _PLAIN_HEAD] != b"\n" or (
        hashlib.sha256(payload).hexdigest().encode("ascii") != digest
    ):
        raise DamagedFileError(path, _("the file fails its checksum (damaged or altered)"))
    return payload


def decode_json(path: Path, raw: bytes) -> Any:
    """Parse bytes read from ``path``; empty or unparsable content raises DamagedFileError."""
    if not raw.strip():
        raise DamagedFileError(path, _("the file is empty"))
    try:
        return json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise DamagedFileError(path, _("the file is not readable JSON")) from None


def read_json(path: Path) -> Any:
    """Read a plain store file (checksum verified); damage raises :class:`DamagedFileError`."""
    return decode_json(path, unframe_plain(path, path.read_bytes()))


def write_json(path: Path, data: Any) -> None:
    """Write ``data`` as a plain store file with its checksum, atomically."""
    write_atomic(path, frame_plain(dump_json(data)))


def dump_json(data: Any) -> bytes:
    """The bytes :func:`write_atomic` stores for ``data``."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def open_payload(path: Path, raw: bytes, cipher: Cipher | None, label: str) -> Any:
    """Decrypt (when the store is encrypted) and parse one store file's bytes."""
    if cipher is not None:
        if not raw:
            raise DamagedFileError(path, _("the file is empty"))
        raw = cipher.open(path, raw, label)
    return decode_json(path, unframe_plain(path, raw))


def seal_payload(data: Any, cipher: Cipher | None, label: str) -> bytes:
    """The bytes stored for ``data``: JSON, sealed when the store is encrypted."""
    payload = dump_json(data)
    return cipher.seal(payload, label) if cipher is not None else frame_plain(payload)


class AtomicJSONStorage(Storage):
    """TinyDB storage: atomic durable writes, and damage reported rather than read as empty.

    With a ``cipher`` every write is sealed with AES-256-GCM (fresh nonce) bound to ``label``
    (which names the file's role and patient), and a file that fails authentication is damage.
    """

    def __init__(
        self,
        path: str | Path,
        create: bool = True,
        cipher: Cipher | None = None,
        label: str = "",
    ) -> None:
        self.path = Path(path)
        self.create = create
        self.cipher = cipher
        self.label = label or self.path.name

    def read(self) -> dict[str, dict[str, Any]] | None:
        """The whole database, or None for a file that does not exist yet (TinyDB then starts empty)."""
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            if self.create:
                return None
            raise DamagedFileError(self.path, _("the file is missing")) from None
        data = open_payload(self.path, raw, self.cipher, self.label)
        if not isinstance(data, dict):
            raise DamagedFileError(self.path, _("the file does not hold a database"))
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        """Save the whole database; durable once this returns."""
        write_atomic(self.path, seal_payload(data, self.cipher, self.label))

    def close(self) -> None:
        """Nothing is held open between operations."""
