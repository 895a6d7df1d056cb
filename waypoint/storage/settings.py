"""Clinic settings: every key declared once with its default and what it is for.

Stored as settings.json in the data folder (written atomically, with a checksum) and kept twice
more: settings.json.bak beside it and a copy in every snapshot and whole-store backup. A damaged
or missing settings file falls back to the copy, then to the newest snapshot, with a warning,
so the clinic's phone numbers on handouts are never silently reset. Settings hold no patient
information (so they are not sealed: they are read before the passphrase is asked); window
geometry lives in QSettings on the GUI side.
"""

from __future__ import annotations

import dataclasses
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waypoint.i18n import _
from waypoint.record.schema import ValidationError, from_json, spec, to_json
from waypoint.storage.atomic import (
    DamagedFileError,
    decode_json,
    read_json,
    unframe_plain,
    write_json,
)
from waypoint.storage.kinds import (
    ARCHIVE_ERRORS,
    ARCHIVE_SUFFIX,
    SETTINGS,
    SETTINGS_COPY,
    SNAPSHOTS,
)

SETTINGS_FILE = SETTINGS


@dataclass
class Settings:
    """Clinic settings."""

    clinic_name: str = spec("Clinic name", "", max_length=200)
    clinic_address: str = spec("Clinic address", "", max_length=500)
    clinic_phone: str = spec("Clinic phone (office hours)", "", max_length=60)
    after_hours_phone: str = spec("Phone after hours", "", max_length=60)
    clinic_fax: str = spec("Clinic fax (shown on letters)", "", max_length=60)
    logo_path: str = spec(
        "Logo for the letterhead (a PNG or JPEG file on this computer; blank for none)",
        "",
        max_length=1000,
    )
    paper_size: str = spec("Paper size (letter or a4)", "letter", choices=("letter", "a4"))
    clinicians: list[str] = spec(
        "Clinicians who use Waypoint here (offered when someone signs in; one name a line)",
        factory=list,
        max_length=200,
    )
    auto_lock_minutes: int = spec(
        "Lock the screen after this many minutes without use (encrypted records; 0: never)",
        10,
        minimum=0,
        maximum=240,
    )
    deleted_retention_days: int = spec(
        "Keep a deleted patient's records (sealed, for undoing a mistake) this many days, "
        "then remove them for good",
        30,
        minimum=1,
        maximum=3650,
    )
    sync_url: str = spec(
        "Clinic hub for sharing records between workstations (https://HOST:PORT/DATABASE; "
        "blank: this workstation never connects; see docs/sync.md)",
        "",
        max_length=1000,
    )
    sync_user: str = spec("User name on the clinic hub", "", max_length=200)
    sync_ca_file: str = spec(
        "The clinic's certificate authority file for the hub's https (blank: the system's)",
        "",
        max_length=1000,
    )


def describe() -> list[tuple[str, object, str]]:
    """(key, default, description) for every setting, for docs and the settings dialog."""
    return [(f.name, f.default, str(f.metadata["label"])) for f in dataclasses.fields(Settings)]


def _parse(path: Path, data: Any) -> Settings:
    if not isinstance(data, dict):
        raise DamagedFileError(path, _("not a settings file"))
    known = {f.name for f in dataclasses.fields(Settings)}
    try:
        return from_json(Settings, {k: v for k, v in data.items() if k in known}, "settings")
    except ValidationError:
        raise DamagedFileError(path, _("not a settings file")) from None


def _from_snapshots(data_dir: Path) -> tuple[Settings, str] | None:
    for archive in sorted((data_dir / SNAPSHOTS).glob(f"*{ARCHIVE_SUFFIX}"), reverse=True):
        try:
            with zipfile.ZipFile(archive) as zf:
                raw = zf.read(SETTINGS)
            return _parse(archive, decode_json(archive, unframe_plain(archive, raw))), archive.name
        except (*ARCHIVE_ERRORS, KeyError, DamagedFileError):
            continue
    return None


def load_settings(data_dir: Path, notices: list[str] | None = None) -> Settings:
    """The saved settings, or the defaults on first start.

    When settings.json is damaged or missing its copy is used, then the newest snapshot's, and
    a plain warning is added to ``notices``; the defaults come back (with a warning) only when
    no copy reads. Without ``notices`` a damaged file with no good copy raises DamagedFileError.
    """
    path, copy = data_dir / SETTINGS_FILE, data_dir / SETTINGS_COPY
    problem = ""
    for candidate in (path, copy):
        if not candidate.exists():
            problem = problem or _("The clinic settings file is missing.")
            continue
        try:
            settings = _parse(candidate, read_json(candidate))
        except DamagedFileError:
            problem = problem or _("The clinic settings file is damaged.")
            continue
        if candidate == path:
            return settings
        _note(notices, problem + " " + _("Its copy was used; please check Clinic settings."))
        return settings
    if not copy.exists() and not path.exists():
        snapshot = _from_snapshots(data_dir)
        if snapshot is None:
            return Settings()  # a first start: no settings were ever saved
    else:
        snapshot = _from_snapshots(data_dir)
    if snapshot is not None:
        _note(
            notices,
            problem
            + " "
            + _("The copy in the snapshot {name} was used; please check Clinic settings.").format(
                name=snapshot[1]
            ),
        )
        return snapshot[0]
    if notices is None:
        raise DamagedFileError(path, _("not a settings file"))
    _note(notices, problem + " " + _("No copy could be read: please enter them again."))
    return Settings()


def _note(notices: list[str] | None, text: str) -> None:
    if notices is not None:
        notices.append(text)


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Save settings atomically, and the copy beside them."""
    data = to_json(settings)
    write_json(data_dir / SETTINGS_FILE, data)
    write_json(data_dir / SETTINGS_COPY, data)
