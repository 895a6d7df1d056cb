"""Documents from the command line, and the clinic settings they print."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from cli.common import EXIT_INVALID, EXIT_OK, CommandError, data_folder, read_record

if TYPE_CHECKING:
    from waypoint.content.bundle import Content
    from waypoint.record.model import Record
    from waypoint.storage.settings import Settings


def cmd_render(args: argparse.Namespace) -> int:
    from waypoint.documents.bundle import render_documents

    record = read_record(args.record)
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
    data_dir = data_folder(args)
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

    data_dir = data_folder(args)
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
