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

from typing import TYPE_CHECKING

from waypoint.i18n import _
from waypoint.storage import backup
from waypoint.storage.atomic import (
    DamagedFileError,
    dump_json,
    open_payload,
    seal_payload,
    write_atomic,
)
from waypoint.storage.crypto import Cipher, new_encryption, wrap_with_passphrase
from waypoint.storage.errors import StoreError

if TYPE_CHECKING:
    from waypoint.storage.store import Store

MIN_PASSPHRASE = 8


def _check_new(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise StoreError(_("A passphrase needs at least {n} characters.").format(n=MIN_PASSPHRASE))


def set_passphrase(store: Store, passphrase: str, kdf: dict[str, int] | None = None) -> str:
    """Encrypt a plain store; returns the one-time recovery key for the clinic to print."""
    store._check_writable()
    if store.encrypted:
        raise StoreError(_("These records already have a passphrase; change it instead."))
    _check_new(passphrase)
    store_id = str(store.header["store_id"])
    section, key, recovery = new_encryption(store_id, passphrase, kdf)
    store.header = {**store.header, "encryption": section, "converting": True}
    write_atomic(store.root / "store.json", dump_json(store.header))
    store.cipher = Cipher(key, store_id, allow_plain=True)
    finish_encryption(store)
    return recovery


def finish_encryption(store: Store) -> None:
    """Seal every file not yet sealed, then clear the header's converting flag."""
    cipher = store.cipher
    assert cipher is not None
    jobs = [(store.root / "index.json", "index")]
    for path in store.patients_dir.glob("*.json"):
        label = f"patient/{path.stem}"
        jobs.append((path, label))
        for old in backup.versions(store.root, path.stem):
            jobs.append((old, label))
    for path, label in jobs:
        try:
            raw = path.read_bytes()
            if raw.startswith(b"WPE1"):
                continue
            data = open_payload(path, raw, None, label)
        except (OSError, DamagedFileError):
            continue  # missing or already damaged: left for check/repair, never dropped
        write_atomic(path, seal_payload(data, cipher, label))
    store.header = {k: v for k, v in store.header.items() if k != "converting"}
    write_atomic(store.root / "store.json", dump_json(store.header))
    store.cipher = Cipher(cipher.key, cipher.store_id)


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
    write_atomic(store.root / "store.json", dump_json(header))
    store.header = header
