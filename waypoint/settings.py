"""Clinic settings: every key declared once with its default and what it is for.

Stored as settings.json in the data folder (written atomically). Settings hold no patient
information; window geometry lives in QSettings on the GUI side.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from waypoint.schema import from_json, spec, to_json
from waypoint.storage.atomic import DamagedFileError, dump_json, read_json, write_atomic

SETTINGS_FILE = "settings.json"


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
    last_clinician: str = spec("Clinician name last used on this workstation", "", max_length=200)
    auto_lock_minutes: int = spec(
        "Lock the screen after this many minutes without use (encrypted records; 0: never)",
        10,
        minimum=0,
        maximum=240,
    )


def describe() -> list[tuple[str, object, str]]:
    """(key, default, description) for every setting, for docs and the settings dialog."""
    return [(f.name, f.default, str(f.metadata["label"])) for f in dataclasses.fields(Settings)]


def load_settings(data_dir: Path) -> Settings:
    """The saved settings, or the defaults on first start. Damage raises DamagedFileError."""
    path = data_dir / SETTINGS_FILE
    if not path.exists():
        return Settings()
    data: Any = read_json(path)
    if not isinstance(data, dict):
        raise DamagedFileError(path, "not a settings file")
    known = {f.name for f in dataclasses.fields(Settings)}
    return from_json(Settings, {k: v for k, v in data.items() if k in known}, "settings")


def save_settings(data_dir: Path, settings: Settings) -> None:
    """Save settings atomically."""
    write_atomic(data_dir / SETTINGS_FILE, dump_json(to_json(settings)))
