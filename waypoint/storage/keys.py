"""Setting and changing the store's passphrase.

Setting one on a plain store: a data key is made, the header is written with the wrapped key and
``"converting": true``, every file is rewritten sealed, then the flag is cleared. A crash half
way leaves a store that opens with the new passphrase and finishes the job (files not yet sealed
are read as they are only while the flag is set).

Changing it: the same data key is rewrapped under the new passphrase and the header is replaced
in one atomic write, so a crash leaves a store that opens with either the old or the new one.
The recovery key keeps working across passphrase changes.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from waypoint.i18n import _
from waypoint.storage.atomic import (
    DamagedFileError,
    decode_json,
    dump_json,
    frame_plain,
    open_payload,
    seal_payload,
    unframe_plain,
    write_atomic,
)
from waypoint.storage.backup import Progress
from waypoint.storage.checking import set_aside
from waypoint.storage.crypto import MAGIC, Cipher, new_encryption, wrap_with_passphrase
from waypoint.storage.errors import StoreError
from waypoint.storage.header import write_header
from waypoint.storage.kinds import (
    ARCHIVE_ERRORS,
    HEADER,
    SETTINGS,
    FileKind,
    all_files,
    label_for,
    relative,
)

if TYPE_CHECKING:
    from waypoint.storage.store import Store

MIN_PASSPHRASE = 8
#: The kinds rewritten when the first passphrase is set (every kind that can hold PHI).
SEALED_FORMS = ("sealed", "archive", "aside", "temporary")


def _check_new(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise StoreError(_("A passphrase needs at least {n} characters.").format(n=MIN_PASSPHRASE))


def set_passphrase(
    store: Store,
    passphrase: str,
    kdf: dict[str, int] | None = None,
    progress: Progress | None = None,
) -> str:
    """Encrypt a plain store; returns the one-time recovery key for the clinic to print.

    Safe to run off the GUI thread (it touches no widget; ``progress`` is called with (files
    done, files in all)) and safe to kill at any point: the header says ``converting`` until
    every file is sealed, and the next open finishes the job with the new passphrase.
    """
    store._check_writable()
    if store.encrypted:
        raise StoreError(_("These records already have a passphrase; change it instead."))
    _check_new(passphrase)
    store_id = str(store.header["store_id"])
    section, key, recovery = new_encryption(store_id, passphrase, kdf)
    store.header = {**store.header, "encryption": section, "converting": True}
    write_header(store.root, store.header)
    store.cipher = Cipher(key, store_id, allow_plain=True)
    finish_encryption(store, progress)
    return recovery


def finish_encryption(store: Store, progress: Progress | None = None) -> None:
    """Seal every file of every kind that can hold patient information, remove temporary
    files (a plain copy of something), then clear the header's converting flag."""
    cipher = store.cipher
    assert cipher is not None
    jobs = list(all_files(store.root, SEALED_FORMS))
    for done, (kind, path) in enumerate(jobs, start=1):
        _seal_file(store, kind, path, cipher)
        if progress is not None:
            progress(done, len(jobs))
    store.header = {k: v for k, v in store.header.items() if k != "converting"}
    write_header(store.root, store.header)
    store.cipher = Cipher(cipher.key, cipher.store_id)


def _seal_file(store: Store, kind: FileKind, path: Path, cipher: Cipher) -> None:
    try:
        if kind.form == "temporary":
            path.unlink()
            return
        raw = path.read_bytes()
        if raw.startswith(MAGIC):
            return
        if kind.form == "archive":
            _reseal_archive(store, path, cipher)
        elif kind.form == "aside":
            write_atomic(path, cipher.seal(raw, label_for(relative(store.root, path))))
        else:
            label = label_for(relative(store.root, path))
            try:
                data = open_payload(path, raw, None, label)
            except DamagedFileError:
                # Unreadable, so it cannot be rewritten sealed: set aside, sealed whole.
                aside = set_aside(path)
                write_atomic(aside, cipher.seal(raw, label_for(relative(store.root, aside))))
                return
            write_atomic(path, seal_payload(data, cipher, label))
    except FileNotFoundError:
        return  # gone meanwhile (a temporary file): nothing left to seal


def _reseal_archive(store: Store, path: Path, cipher: Cipher) -> None:
    """Rewrite a snapshot with every member sealed and the current header (so it restores)."""
    out: dict[str, bytes] = {}
    try:
        with zipfile.ZipFile(path) as archive:
            for name in archive.namelist():
                raw = archive.read(name)
                if name == HEADER:
                    done = {k: v for k, v in store.header.items() if k != "converting"}
                    raw = frame_plain(dump_json(done))
                elif name != SETTINGS and not raw.startswith(MAGIC):
                    data = decode_json(path, unframe_plain(path, raw))
                    raw = seal_payload(data, cipher, label_for(name))
                out[name] = raw
    except (*ARCHIVE_ERRORS, KeyError, DamagedFileError):
        aside = set_aside(path)
        write_atomic(aside, cipher.seal(aside.read_bytes(), label_for(relative(store.root, aside))))
        return
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, raw in out.items():
            archive.writestr(name, raw)
    write_atomic(path, buffer.getvalue())


def change_passphrase(store: Store, passphrase: str, kdf: dict[str, int] | None = None) -> None:
    """Rewrap the data key under a new passphrase, in one atomic write of the header."""
    store._check_writable()
    if not store.encrypted or store.cipher is None:
        raise StoreError(_("These records have no passphrase yet; set one first."))
    _check_new(passphrase)
    section = dict(store.header["encryption"])
    section["passphrase"] = wrap_with_passphrase(
        store.cipher.store_id, store.cipher.key, passphrase, kdf
    )
    header = {**store.header, "encryption": section}
    write_header(store.root, header)
    store.header = header
