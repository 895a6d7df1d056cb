"""Waypoint: the desktop app (no arguments) and its command line for the clinic's IT.

    python main.py [--data-dir DIR]                      the app
    python main.py sample-record                         a complete sample record as JSON
    python main.py import RECORD.json [--data-dir DIR]   validate and save a record
    python main.py export PATIENT_ID --out FILE.json     one record back as JSON
    python main.py export --all --out FILE.json          every record
    python main.py export PATIENT_ID --fhir --out FILE.json   one patient for the EHR (FHIR R4)
    python main.py render RECORD.json --out DIR [--lang en|es] [--data-dir DIR]
    python main.py settings show [--data-dir DIR]        the clinic's settings
    python main.py settings set KEY VALUE [--data-dir DIR]   change one (name, phone numbers…)
    python main.py check [--repair] [--data-dir DIR]     verify (and repair) the store
    python main.py backup FILE.wpbackup                  the whole store in one file
    python main.py restore FILE.wpbackup --data-dir DIR  unpack a backup into an empty folder
    python main.py self-test                             check this installation works
    python main.py passphrase set|change [--data-dir DIR]   protect the records / new passphrase
    python main.py delete PATIENT_ID [--yes] [--by NAME] remove a patient (kept sealed a while)
    python main.py content install FOLDER [--data-dir DIR]   install a newer content folder
    python main.py content status [--data-dir DIR]       which content is in use
    python main.py sync [--server URL] [--refill] [--data-dir DIR]   share records via the clinic hub
    python main.py sync status|password [--data-dir DIR]  last sync and conflicts / keep the password
    python main.py measures --format json|csv [--as-of DATE] [--from DATE --to DATE]
                                                         the clinic's quality measures
    python main.py --version

An encrypted store takes WAYPOINT_PASSPHRASE (or WAYPOINT_RECOVERY_KEY), else a prompt on a
terminal; a new passphrase comes from WAYPOINT_NEW_PASSPHRASE, else is asked twice.

Exit codes: 0 done; 1 the store or a file could not be used; 2 the input was not valid.
Imports are deferred to the command that needs them, so the app starts fast.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from waypoint.content.bundle import Content
    from waypoint.record.model import Record
    from waypoint.storage.settings import Settings
    from waypoint.storage.store import Store

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


class CommandError(Exception):
    """A command could not do what was asked; the message is one plain line."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def _version() -> str:
    from waypoint import __version__

    return f"Waypoint {__version__}"


def build_parser() -> argparse.ArgumentParser:
    """The command line (also documented in README.md)."""
    data_dir = argparse.ArgumentParser(add_help=False)
    data_dir.add_argument(
        "--data-dir",
        metavar="DIR",
        help="the store to use (default: WAYPOINT_DATA_DIR, then the per-user data folder)",
    )
    parser = argparse.ArgumentParser(
        prog="waypoint",
        parents=[data_dir],
        description="Goals-of-care conversations for people with advanced cancer.",
    )
    parser.add_argument("--version", action="store_true", help="print the version and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sub.add_parser("sample-record", help="print a complete, valid sample record as JSON")

    p = sub.add_parser("import", parents=[data_dir], help="validate and save a record")
    p.add_argument("record", metavar="RECORD.json")

    p = sub.add_parser("export", parents=[data_dir], help="write records as JSON")
    p.add_argument("patient_id", nargs="?", metavar="PATIENT_ID")
    p.add_argument("--all", action="store_true", help="every patient in the store")
    p.add_argument("--out", required=True, metavar="FILE.json")
    p.add_argument(
        "--fhir", action="store_true", help="one patient as a FHIR R4 Bundle for the EHR"
    )

    p = sub.add_parser(
        "render",
        parents=[data_dir],
        help="write the documents for a record's latest conversation (with --data-dir or "
        "WAYPOINT_DATA_DIR: that store's clinic settings and content)",
    )
    p.add_argument("record", metavar="RECORD.json")
    p.add_argument("--out", required=True, metavar="DIR")
    from waypoint.i18n import LANGUAGES

    p.add_argument("--lang", choices=LANGUAGES, help="handout language (default: the patient's)")

    p = sub.add_parser("settings", help="show or change the clinic's settings")
    settings_sub = p.add_subparsers(dest="settings_command", metavar="ACTION", required=True)
    settings_sub.add_parser("show", parents=[data_dir], help="every setting, its value and use")
    p = settings_sub.add_parser("set", parents=[data_dir], help="change one setting")
    p.add_argument("key", metavar="KEY")
    p.add_argument("value", metavar="VALUE", help="a list (clinicians): one item a line or ';'")

    p = sub.add_parser("check", parents=[data_dir], help="verify the store; exit 0 when sound")
    p.add_argument(
        "--repair", action="store_true", help="restore damaged records from their newest backup"
    )
    p = sub.add_parser("backup", parents=[data_dir], help="write the whole store to one file")
    p.add_argument("file", metavar="FILE.wpbackup")
    p = sub.add_parser("restore", parents=[data_dir], help="unpack a backup into an empty store")
    p.add_argument("file", metavar="FILE.wpbackup")
    sub.add_parser("self-test", help="check this installation works (headless, temporary files)")

    p = sub.add_parser(
        "passphrase", parents=[data_dir], help="protect the records with a passphrase, or change it"
    )
    p.add_argument("action", choices=("set", "change"))
    p = sub.add_parser("delete", parents=[data_dir], help="delete a patient entered by mistake")
    p.add_argument("patient_id", metavar="PATIENT_ID")
    p.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    p.add_argument("--by", metavar="NAME", help="who deletes (for the audit trail)")

    p = sub.add_parser("content", help="clinical content updates")
    content_sub = p.add_subparsers(dest="content_command", metavar="ACTION", required=True)
    p = content_sub.add_parser("install", parents=[data_dir], help="validate and install FOLDER")
    p.add_argument("folder", metavar="FOLDER")
    content_sub.add_parser("status", parents=[data_dir], help="which content is in use")

    p = sub.add_parser("sync", parents=[data_dir], help="share records through the clinic hub")
    p.add_argument("sync_action", nargs="?", choices=("status", "password"), metavar="ACTION")
    p.add_argument("--server", metavar="URL", help="the hub (default: sync_url in the settings)")
    p.add_argument("--refill", action="store_true", help="fill a hub that was emptied or replaced")
    p.add_argument("--by", metavar="NAME", help="who syncs (for the audit trail)")

    p = sub.add_parser(
        "measures", parents=[data_dir], help="the clinic's quality measures (no patient names)"
    )
    p.add_argument("--format", required=True, choices=("json", "csv"), dest="output")
    p.add_argument("--as-of", metavar="DATE", help="the report date, YYYY-MM-DD (default: today)")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day of the period")
    p.add_argument("--to", dest="end", metavar="DATE", help="last day of the period")
    p.add_argument(
        "--lang", choices=LANGUAGES, help="language of the titles (default: WAYPOINT_LANGUAGE)"
    )
    return parser


def _data_dir(args: argparse.Namespace) -> Path:
    from waypoint.resources import resolve_data_dir

    return resolve_data_dir(getattr(args, "data_dir", None))


def _open_store(  # type: ignore[no-untyped-def]
    args: argparse.Namespace, repair_header: bool = False, read_only_when_busy: bool = False
):
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
            return Store.open(_data_dir(args), passphrase=passphrase, recovery_key=recovery_key)
        except StoreLockedError:
            if not read_only_when_busy:
                raise
            return Store.open(
                _data_dir(args), passphrase=passphrase, recovery_key=recovery_key, read_only=True
            )
        except HeaderDamagedError:
            if not repair_header:
                raise
            print(restore_header(_data_dir(args)))
            return Store.open(_data_dir(args), passphrase=passphrase, recovery_key=recovery_key)
        except PassphraseError as exc:
            if not (exc.missing and sys.stdin is not None and sys.stdin.isatty()):
                raise
            import getpass

            passphrase = getpass.getpass("Passphrase (or recovery key) for the records: ")
            return Store.open(_data_dir(args), passphrase=passphrase)
    except (StoreError, DamagedFileError) as exc:
        raise CommandError(str(exc)) from None


def _read_record(path_text: str):  # type: ignore[no-untyped-def]
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

    record = _read_record(args.record)
    store = _open_store(args)
    try:
        outcome = import_record(store, record)
    except (StoreError, DamagedFileError) as exc:
        _close_quietly(store)
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
    for warning in [*outcome.warnings, *_close_quietly(store)]:
        print(f"waypoint: {warning}", file=sys.stderr)
    return EXIT_OK


def _close_quietly(store: Store) -> list[str]:
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
    with _open_store(args) as store:
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
    with _open_store(args) as store:
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


def cmd_render(args: argparse.Namespace) -> int:
    from waypoint.documents.bundle import render_documents

    record = _read_record(args.record)
    settings, content = _render_setup(args)
    if record.latest_conversation() is None:
        raise CommandError(f"{args.record}: the record has no conversation.", EXIT_INVALID)
    out = Path(args.out)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CommandError(f"{out}: cannot create the folder ({exc.strerror}).") from None
    from waypoint.storage.atomic import write_atomic

    documents = render_documents(record, lang=args.lang, settings=settings, content=content)
    for name, data in documents.items():
        write_atomic(out / name, data)
        print(out / name)
    _warn_unprintable_scripts(record)
    _warn_handout_gaps(settings, record)
    return EXIT_OK


def _warn_handout_gaps(settings: Settings, record: Record) -> None:
    """Say on stderr what the handout leaves blank or out (a phone number, a clinician's note)."""
    from waypoint.documents.handout import handout_warnings

    for warning in handout_warnings(settings, record.latest_conversation()):
        print(f"waypoint: {warning}", file=sys.stderr)


def _warn_unprintable_scripts(record: Record) -> None:
    """Say on stderr which scripts in the record print as a placeholder (never silently)."""
    from waypoint.documents.glyphs import (
        PLACEHOLDER,
        PRINTABLE_SCRIPTS,
        record_texts,
        unsupported_scripts,
    )

    scripts = unsupported_scripts(
        record_texts(record.patient) + record_texts(record.latest_conversation())
    )
    if scripts:
        print(
            f"waypoint: the documents print {PRINTABLE_SCRIPTS}; this record's "
            f"{', '.join(scripts)} text prints as {PLACEHOLDER}.",
            file=sys.stderr,
        )


def _render_setup(args: argparse.Namespace) -> tuple[Settings, Content]:
    """(settings, content) for render: the store's when one is named, else the shipped ones.

    Only an explicit store (``--data-dir`` or WAYPOINT_DATA_DIR) is read, so a render on a
    machine without Waypoint's data never picks up someone's per-user folder by surprise.
    """
    import os

    from waypoint.content.bundle import ContentError, shipped_content
    from waypoint.resources import DATA_DIR_ENV
    from waypoint.services.content_updates import choose_content
    from waypoint.storage.settings import Settings, load_settings

    if not (args.data_dir or os.environ.get(DATA_DIR_ENV)):
        return Settings(), shipped_content()
    data_dir = _data_dir(args)
    if not data_dir.is_dir():
        raise CommandError(f"{data_dir}: no such folder.", EXIT_INVALID)
    notices: list[str] = []
    settings = load_settings(data_dir, notices)
    try:
        choice = choose_content(data_dir)
    except ContentError as exc:
        raise CommandError(str(exc)) from None
    for message in [*notices, *choice.refused]:
        print(f"waypoint: {message}", file=sys.stderr)
    return settings, choice.content


def cmd_settings(args: argparse.Namespace) -> int:
    """Show the clinic's settings, or change one (validated as the settings dialog does)."""
    import dataclasses

    from waypoint.record.schema import ValidationError, from_json, to_json
    from waypoint.storage.atomic import DamagedFileError
    from waypoint.storage.settings import Settings, describe, load_settings, save_settings

    data_dir = _data_dir(args)
    notices: list[str] = []
    settings = load_settings(data_dir, notices) if data_dir.is_dir() else Settings()
    for message in notices:
        print(f"waypoint: {message}", file=sys.stderr)
    if args.settings_command == "show":
        for key, _default, description in describe():
            current = getattr(settings, key)
            shown = "; ".join(current) if isinstance(current, list) else current
            print(f"{key} = {shown}\n    {description}")
        return EXIT_OK
    kinds = {f.name: f for f in dataclasses.fields(Settings)}
    if args.key not in kinds:
        raise CommandError(
            f"no setting called {args.key!r}; settings: {', '.join(kinds)}.", EXIT_INVALID
        )
    value: object = args.value
    default = getattr(Settings(), args.key)
    if isinstance(default, list):
        value = [v.strip() for v in args.value.replace(";", "\n").splitlines() if v.strip()]
    elif isinstance(default, int):
        try:
            value = int(args.value)
        except ValueError:
            raise CommandError(f"{args.key} takes a whole number.", EXIT_INVALID) from None
    try:
        changed = from_json(Settings, {**to_json(settings), args.key: value}, "settings")
    except ValidationError as exc:
        raise CommandError(
            f"{args.key} was not changed: allowed: {exc.allowed}.", EXIT_INVALID
        ) from None
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        save_settings(data_dir, changed)
    except (OSError, DamagedFileError) as exc:
        raise CommandError(
            f"{data_dir}: the settings could not be saved ({type(exc).__name__})."
        ) from None
    print(f"{args.key} saved in {data_dir}.")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from waypoint.storage.errors import StoreError

    with _open_store(args, repair_header=args.repair) as store:
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
    with _open_store(args) as store:
        count = store.backup_to(target)
    print(f"Backed up {count} patient(s) to {target}.")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from waypoint.storage.backup import restore_archive
    from waypoint.storage.errors import StoreError

    try:
        count = restore_archive(Path(args.file), _data_dir(args))
    except StoreError as exc:
        raise CommandError(str(exc)) from None
    with _open_store(args) as store:
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

    store = _open_store(args)
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


def cmd_delete(args: argparse.Namespace) -> int:
    """Delete one patient (confirmed, audited; kept sealed for the retention period)."""
    import getpass

    from waypoint.storage.atomic import DamagedFileError
    from waypoint.storage.deletion import retention_days
    from waypoint.storage.errors import StoreError

    with _open_store(args) as store:
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


def cmd_self_test(args: argparse.Namespace) -> int:
    from waypoint.services.selftest import main as self_test

    return self_test()


def cmd_content(args: argparse.Namespace) -> int:
    from waypoint.content.bundle import ContentError
    from waypoint.services.content_updates import ContentUpdateError, choose_content, install_update

    data_dir = _data_dir(args)
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


def _day_option(name: str, text: str | None):  # type: ignore[no-untyped-def]
    import datetime as dt

    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(
            f"{name} {text!r} is not a date: write it as YYYY-MM-DD (for example 2026-06-30).",
            EXIT_INVALID,
        ) from None


def cmd_measures(args: argparse.Namespace) -> int:
    import datetime as dt

    from waypoint.clinical.measures import Period
    from waypoint.content.bundle import ContentError
    from waypoint.i18n import language
    from waypoint.services.content_updates import choose_content
    from waypoint.services.measures import clinic_report, report_csv, report_json

    as_of = _day_option("--as-of", args.as_of) or dt.date.today()
    period = Period(_day_option("--from", args.start), _day_option("--to", args.end))
    if period.start and period.end and period.start > period.end:
        raise CommandError("--from is after --to: the period has no days.", EXIT_INVALID)
    if period.end and period.end > as_of:
        raise CommandError(
            f"--to is after the as-of date ({as_of.isoformat()}): nothing after it is counted; "
            "give an earlier --to or a later --as-of.",
            EXIT_INVALID,
        )
    if not _data_dir(args).is_dir():
        raise CommandError(f"{_data_dir(args)}: no such folder.", EXIT_INVALID)
    try:
        content = choose_content(_data_dir(args)).content
    except ContentError as exc:
        raise CommandError(str(exc)) from None
    with _open_store(args, read_only_when_busy=True) as store:
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

    from waypoint.storage.settings import load_settings
    from waypoint.sync.command import run_sync, status_lines
    from waypoint.sync.hub import SyncError
    from waypoint.sync.setup import save_password

    data_dir = _data_dir(args)
    settings = load_settings(data_dir, [])
    try:
        if args.sync_action == "status":
            with _open_store(args) as store:
                lines = status_lines(store, settings)
        elif args.sync_action == "password":
            password = os.environ.get("WAYPOINT_SYNC_PASSWORD") or getpass.getpass("Hub password: ")
            with _open_store(args) as store:
                save_password(store, password)
            lines = ["The hub password is kept for these records."]
        else:
            by = args.by or f"{getpass.getuser()} (sync)"
            lines = run_sync(
                data_dir, settings, args.server or "", lambda: _open_store(args), by, args.refill
            )
    except SyncError as exc:
        raise CommandError(str(exc)) from None
    print("\n".join(lines))
    return EXIT_OK


COMMANDS = {
    "sample-record": cmd_sample_record,
    "import": cmd_import,
    "export": cmd_export,
    "render": cmd_render,
    "settings": cmd_settings,
    "check": cmd_check,
    "backup": cmd_backup,
    "restore": cmd_restore,
    "self-test": cmd_self_test,
    "content": cmd_content,
    "passphrase": cmd_passphrase,
    "delete": cmd_delete,
    "measures": cmd_measures,
    "sync": cmd_sync,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command (or the GUI) and return the exit code."""
    args = build_parser().parse_args(argv)
    if args.version:
        print(_version())
        return EXIT_OK
    try:
        if args.command is None:
            import os

            from gui.system_libs import display_problem

            # One plain line instead of Qt's abort when there is no display or a library is missing.
            problem = display_problem(os.environ)
            if problem:
                print(problem, file=sys.stderr)
                return EXIT_FAILED
            from gui.app import run_app

            return run_app(_data_dir(args))
        from waypoint.i18n import script_language, use_language

        use_language(script_language())  # the app chooses its own at start (gui/language.py)
        return COMMANDS[args.command](args)
    except CommandError as exc:
        print(f"waypoint: {exc}", file=sys.stderr)
        return exc.code
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        # The exception's text may quote record content, so only its type is shown.
        print(
            f"waypoint: unexpected error ({type(exc).__name__}); nothing further was saved.",
            file=sys.stderr,
        )
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
