"""Errors the store raises; every message is one plain line with no patient information."""

from __future__ import annotations


class StoreError(Exception):
    """The store cannot be used as asked; the message says why in plain words."""


class PassphraseError(StoreError):
    """The store is encrypted and the passphrase (or recovery key) given does not open it."""

    def __init__(self, message: str, *, missing: bool = False) -> None:
        super().__init__(message)
        self.missing = missing


class HeaderDamagedError(StoreError):
    """store.json and its copy are both damaged (or missing while patient files are there).

    Never a wrong passphrase and never "update Waypoint": the header is restored from a
    snapshot by ``check --repair`` (:func:`waypoint.storage.header.repair_header`).
    """
