"""Records in and out: the sample, import, export (JSON or FHIR) and deleting a patient."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.common import (
    EXIT_FAILED,
    EXIT_INVALID,
    EXIT_OK,
    CommandError,
    close_quietly,
    open_store,
    read_record,
)


def cmd_sample_record(args: argparse.Namespace) -> int:
    from waypoint.record.model import record_to_json
    from waypoint.record.sample import sample_record

    json.dump(record_to_json(sample_record()), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    """Save a record; exit 0 exactly when it is durable in the store (docs/storage.md).

    A retry never makes a second patient (waypoint.interop.exchange.import_record). Housekeeping that
    fails once the record is durable (the patient list, the daily copy, the lock) is a warning
    on stderr of its own, never a failure of the import.
    """
    from waypoint.i18n import _
    from waypoint.interop.exchange import import_record
    from waypoint.storage.atomic import DamagedFileError
    from waypoint.storage.errors import StoreError

    record = read_record(args.record)
    store = open_store(args)
    try:
        outcome = import_record(store, record)
    except (StoreError, DamagedFileError) as exc:
        close_quietly(store)
        raise CommandError(str(exc)) from None
    print(outcome.patient_id, flush=True)  # only now: the save is durable
    if outcome.already_saved:
        message = _("Already saved: the store holds this record; nothing was changed.")
        print(f"waypoint: {message}", file=sys.stderr)
    if outcome.changed_since:
        message = _(
            "Already saved: this file was imported before, and the record has been changed "
            "in Waypoint since; it was left as it is."
        )
        print(f"waypoint: {message}", file=sys.stderr)
    for warning in [*outcome.warnings, *close_quietly(store)]:
        print(f"waypoint: {warning}", file=sys.stderr)
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from waypoint.interop.exchange import export_all, export_one
    from waypoint.storage.errors import StoreError

    if args.fhir:
        return _export_fhir(args)
    if args.all == bool(args.patient_id):
        raise CommandError("give either a PATIENT_ID or --all.", EXIT_INVALID)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CommandError(f"{out.parent}: no such folder.", EXIT_INVALID)
    with open_store(args) as store:
        try:
            payload = export_all(store) if args.all else export_one(store, args.patient_id)
        except StoreError as exc:
            raise CommandError(str(exc)) from None
    from waypoint.storage.atomic import write_atomic

    write_atomic(out, payload)
    return EXIT_OK


def _export_fhir(args: argparse.Namespace) -> int:
    """One patient as a FHIR R4 Bundle (docs/fhir.md), written whole or not at all."""
    from waypoint.content.bundle import ContentError
    from waypoint.interop.fhir import export_fhir
    from waypoint.services.content_updates import choose_content
    from waypoint.storage.atomic import DamagedFileError, write_atomic
    from waypoint.storage.errors import StoreError
    from waypoint.storage.settings import load_settings

    if args.all or not args.patient_id:
        raise CommandError("--fhir exports one patient: give a PATIENT_ID.", EXIT_INVALID)
    out = Path(args.out)
    if not out.parent.is_dir():
        raise CommandError(f"{out.parent}: no such folder.", EXIT_INVALID)
    with open_store(args) as store:
        if args.patient_id not in store:
            raise CommandError("No patient with that id in this store.", EXIT_INVALID)
        settings = load_settings(store.root, [])
        try:
            content = choose_content(store.root).content
            payload = export_fhir(store, args.patient_id, content, settings)
        except (StoreError, DamagedFileError, ContentError) as exc:
            raise CommandError(str(exc)) from None
    try:
        write_atomic(out, payload)
    except OSError as exc:
        raise CommandError(f"{out}: not written ({exc.strerror}); nothing was saved.") from None
    print(out)
    return EXIT_OK


def cmd_delete(args: argparse.Namespace) -> int:
    """Delete one patient (confirmed, audited; kept sealed for the retention period)."""
    import getpass

    from waypoint.storage.atomic import DamagedFileError
    from waypoint.storage.deletion import retention_days
    from waypoint.storage.errors import StoreError

    with open_store(args) as store:
        if args.patient_id not in store:
            raise CommandError(f"No patient with id {args.patient_id} in this store.", EXIT_INVALID)
        if not args.yes:
            if sys.stdin is None or not sys.stdin.isatty():
                raise CommandError("Add --yes to delete without a terminal to confirm on.")
            name = next(s.display_name for s in store.list_patients() if s.id == args.patient_id)
            answer = input(f"Delete the record of {name} ({args.patient_id})? Type yes: ")
            if answer.strip().lower() != "yes":
                print("Nothing was deleted.")
                return EXIT_FAILED
        by = args.by or f"{getpass.getuser()} (command line)"
        try:
            store.delete(args.patient_id, actor=by)
        except (StoreError, DamagedFileError, OSError) as exc:
            why = exc if isinstance(exc, StoreError) else type(exc).__name__
            raise CommandError(f"Not deleted: {why}") from None
        days = retention_days(store.root)
    print(f"Deleted {args.patient_id}; kept sealed for {days} days, then removed for good.")
    return EXIT_OK
