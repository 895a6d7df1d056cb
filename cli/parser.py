"""The command line's shape: every command, its options, and the function that runs it."""

from __future__ import annotations

import argparse
from collections.abc import Callable

from cli.clinic import cmd_content, cmd_measures, cmd_self_test, cmd_sync
from cli.documents import cmd_render, cmd_settings
from cli.records import cmd_delete, cmd_export, cmd_import, cmd_sample_record
from cli.store_admin import cmd_backup, cmd_check, cmd_passphrase, cmd_restore


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


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
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
