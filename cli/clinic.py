"""The clinic's side: content updates, the self-test, quality measures and sync."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.common import EXIT_INVALID, EXIT_OK, CommandError, data_folder, day_option, open_store


def cmd_self_test(args: argparse.Namespace) -> int:
    from waypoint.services.selftest import main as self_test

    return self_test()


def cmd_content(args: argparse.Namespace) -> int:
    from waypoint.content.bundle import ContentError
    from waypoint.services.content_updates import ContentUpdateError, choose_content, install_update

    data_dir = data_folder(args)
    if args.content_command == "install":
        try:
            target = install_update(Path(args.folder), data_dir)
        except ContentUpdateError as exc:
            raise CommandError(f"content not installed: {exc}", EXIT_INVALID) from None
        except OSError as exc:
            raise CommandError(f"content not installed: {exc.strerror}.") from None
        print(f"Installed content to {target}; it is used from the next start.")
        return EXIT_OK
    try:
        choice = choose_content(data_dir)
    except ContentError as exc:
        raise CommandError(str(exc)) from None
    for message in choice.refused:
        print(message)
    where = "installed update" if choice.from_update else "shipped with Waypoint"
    print(f"Content version {choice.content.version} ({where}): {choice.content.folder}")
    return EXIT_OK


def cmd_measures(args: argparse.Namespace) -> int:
    import datetime as dt

    from waypoint.clinical.measures import Period
    from waypoint.content.bundle import ContentError
    from waypoint.i18n import language
    from waypoint.services.content_updates import choose_content
    from waypoint.services.measures import clinic_report, report_csv, report_json

    as_of = day_option("--as-of", args.as_of) or dt.date.today()
    period = Period(day_option("--from", args.start), day_option("--to", args.end))
    if period.start and period.end and period.start > period.end:
        raise CommandError("--from is after --to: the period has no days.", EXIT_INVALID)
    if period.end and period.end > as_of:
        raise CommandError(
            f"--to is after the as-of date ({as_of.isoformat()}): nothing after it is counted; "
            "give an earlier --to or a later --as-of.",
            EXIT_INVALID,
        )
    if not data_folder(args).is_dir():
        raise CommandError(f"{data_folder(args)}: no such folder.", EXIT_INVALID)
    try:
        content = choose_content(data_folder(args)).content
    except ContentError as exc:
        raise CommandError(str(exc)) from None
    with open_store(args, read_only_when_busy=True) as store:
        report = clinic_report(store, content, as_of, period, lang=args.lang or language())
    if report.unreadable:
        print(
            f"waypoint: {report.unreadable} record(s) could not be read and are not counted; "
            "run 'main.py check' to see which.",
            file=sys.stderr,
        )
    if args.output == "json":
        print(json.dumps(report_json(report), ensure_ascii=False, indent=2))
    else:
        sys.stdout.write(report_csv(report))
    return EXIT_OK


def cmd_sync(args: argparse.Namespace) -> int:
    """Sync with the clinic hub; ``status`` reads this computer only; ``password`` keeps the
    hub password (from WAYPOINT_SYNC_PASSWORD or asked) in the data folder."""
    import getpass
    import os

    from waypoint.storage.errors import StoreError
    from waypoint.storage.settings import load_settings
    from waypoint.sync.command import run_sync, status_lines
    from waypoint.sync.hub import SyncError
    from waypoint.sync.setup import save_password

    data_dir = data_folder(args)
    settings = load_settings(data_dir, [])
    try:
        if args.sync_action == "status":
            with open_store(args) as store:
                lines = status_lines(store, settings)
        elif args.sync_action == "password":
            password = os.environ.get("WAYPOINT_SYNC_PASSWORD") or getpass.getpass("Hub password: ")
            with open_store(args) as store:
                save_password(store, password)
            lines = ["The hub password is kept for these records."]
        else:
            by = args.by or f"{getpass.getuser()} (sync)"
            lines = run_sync(
                data_dir, settings, args.server or "", lambda: open_store(args), by, args.refill
            )
    except (SyncError, StoreError) as exc:
        # Both say in plain words what happened (a disk that refused a merge: NotSavedError).
        raise CommandError(str(exc)) from None
    print("\n".join(lines))
    return EXIT_OK
