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

import sys
from collections.abc import Sequence

from cli.common import EXIT_FAILED, EXIT_OK, CommandError, data_folder
from cli.parser import COMMANDS, build_parser


def _version() -> str:
    from waypoint import __version__

    return f"Waypoint {__version__}"


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

            return run_app(data_folder(args))
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
