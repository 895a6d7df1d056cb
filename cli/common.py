"""What every command shares: exit codes, the one-line error, the store and record to work on."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from waypoint.record.model import Record
    from waypoint.storage.store import Store

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


class CommandError(Exception):
    """A command could not do what was asked; the message is one plain line."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def data_folder(args: argparse.Namespace) -> Path:
    from waypoint.resources import resolve_data_dir

    return resolve_data_dir(getattr(args, "data_dir", None))


def open_store(
    args: argparse.Namespace, repair_header: bool = False, read_only_when_busy: bool = False
) -> Store:
    """Open the store; an encrypted one takes WAYPOINT_PASSPHRASE or WAYPOINT_RECOVERY_KEY,
    else a prompt on a terminal. With ``repair_header`` a damaged or missing store.json is
    first put back from its copy or a snapshot (``check --repair``). With
    ``read_only_when_busy`` a store the app has open is opened read-only (for reports)."""
    import os

    from waypoint.storage.atomic import DamagedFileError
    from waypoint.storage.errors import HeaderDamagedError, PassphraseError, StoreError
    from waypoint.storage.header import repair_header as restore_header
    from waypoint.storage.lock import StoreLockedError
    from waypoint.storage.store import Store

    passphrase = os.environ.get("WAYPOINT_PASSPHRASE", "")
    recovery_key = os.environ.get("WAYPOINT_RECOVERY_KEY", "")
    try:
        try:
            return Store.open(data_folder(args), passphrase=passphrase, recovery_key=recovery_key)
        except StoreLockedError:
            if not read_only_when_busy:
                raise
            return Store.open(
                data_folder(args), passphrase=passphrase, recovery_key=recovery_key, read_only=True
            )
        except HeaderDamagedError:
            if not repair_header:
                raise
            print(restore_header(data_folder(args)))
            return Store.open(data_folder(args), passphrase=passphrase, recovery_key=recovery_key)
        except PassphraseError as exc:
            if not (exc.missing and sys.stdin is not None and sys.stdin.isatty()):
                raise
            import getpass

            passphrase = getpass.getpass("Passphrase (or recovery key) for the records: ")
            return Store.open(data_folder(args), passphrase=passphrase)
    except (StoreError, DamagedFileError) as exc:
        raise CommandError(str(exc)) from None


def read_record(path_text: str) -> Record:
    from waypoint.record.model import record_from_text
    from waypoint.record.schema import ValidationError

    path = Path(path_text)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(f"{path}: no such file.", EXIT_INVALID) from None
    except UnicodeDecodeError:
        raise CommandError(f"{path}: not a UTF-8 text file.", EXIT_INVALID) from None
    except OSError as exc:
        raise CommandError(f"{path}: cannot be read ({exc.strerror}).", EXIT_INVALID) from None
    try:
        return record_from_text(text)
    except ValidationError as exc:
        # Text is never echoed (a name, a date of birth, goals in free text); a number is.
        shown = exc.value if isinstance(exc.value, int | float) else "not valid"
        raise CommandError(
            f"{path}: {exc.label} ({exc.path}) is {shown}; allowed: {exc.allowed}.", EXIT_INVALID
        ) from None


def close_quietly(store: Store) -> list[str]:
    """Close the store; what failed in its housekeeping comes back as warnings, never raised."""
    from waypoint.i18n import _

    try:
        return store.close()
    except Exception as exc:  # after a durable save nothing here may turn into "not saved"
        return [
            _("Waypoint could not close the records cleanly ({why}); nothing is lost.").format(
                why=type(exc).__name__
            )
        ]


def day_option(name: str, text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"{name} {text!r} is not a date: write it as YYYY-MM-DD (for example 2026-06-30).",
            EXIT_INVALID,
        ) from None
