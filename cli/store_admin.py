"""Looking after the store: check and repair, backup and restore, the passphrase."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cli.common import EXIT_FAILED, EXIT_INVALID, EXIT_OK, CommandError, data_folder, open_store


def cmd_check(args: argparse.Namespace) -> int:
    from waypoint.storage.errors import StoreError

    with open_store(args, repair_header=args.repair) as store:
        for notice in store.notices:
            print(notice)
        problems = store.check()
        for problem in problems:
            print(problem)
        if problems and args.repair:
            try:
                repaired = store.repair()
            except StoreError as exc:
                raise CommandError(str(exc)) from None
            for done in repaired:
                print(done)
            problems = store.check()
        if problems:
            print(f"{len(problems)} problem(s) found in {store.root}.")
            return EXIT_FAILED
        print(f"The store is sound: {len(store)} patient(s) in {store.root}.")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace) -> int:
    target = Path(args.file)
    if not target.parent.is_dir():
        raise CommandError(f"{target.parent}: no such folder.", EXIT_INVALID)
    with open_store(args) as store:
        count = store.backup_to(target)
    print(f"Backed up {count} patient(s) to {target}.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from waypoint.storage.backup import restore_archive
    from waypoint.storage.errors import StoreError

    try:
        count = restore_archive(Path(args.file), data_folder(args))
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    with open_store(args) as store:
        problems = store.check()
    for problem in problems:
        print(problem)
    print(f"Restored {count} patient(s) into {store.root}.")
    return EXIT_FAILED if problems else EXIT_OK


def _new_passphrase() -> str:
    """WAYPOINT_NEW_PASSPHRASE, else asked twice on a terminal (never a hang without one)."""
    import os

    new = os.environ.get("WAYPOINT_NEW_PASSPHRASE", "")
    if new:
        return new
    if sys.stdin is None or not sys.stdin.isatty():
        raise CommandError("Set WAYPOINT_NEW_PASSPHRASE, or run this in a terminal.", EXIT_INVALID)
    import getpass

    new = getpass.getpass("New passphrase (at least 8 characters): ")
    if getpass.getpass("The same passphrase again: ") != new:
        raise CommandError("The two passphrases differ; nothing was changed.", EXIT_INVALID)
    return new


def cmd_passphrase(args: argparse.Namespace) -> int:
    """Set the first passphrase (prints the recovery key alone on the last line) or change it."""
    from waypoint.storage.errors import StoreError

    store = open_store(args)
    with store:
        if args.action == "set" and store.encrypted:
            raise CommandError("These records already have a passphrase; use: passphrase change.")
        new = _new_passphrase()
        try:
            if args.action == "change":
                store.change_passphrase(new)
                print("The passphrase was changed; the recovery key stays the same.")
                return EXIT_OK
            recovery = store.set_passphrase(new)
        except StoreError as exc:
            raise CommandError(str(exc)) from None
    print("The records are now encrypted. Print this recovery key and keep it locked away;")
    print("it opens the records if the passphrase is lost. It is not shown again.")
    print(recovery)
    return EXIT_OK
