"""Where things live: the shipped content, templates and fonts, and the clinic's data folder."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from pathlib import Path, PurePosixPath

APP_NAME = "Waypoint"
DATA_DIR_ENV = "WAYPOINT_DATA_DIR"


def app_root() -> Path:
    """The folder holding content/, templates/ and fonts/: the source tree or the frozen bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


def resource(relative: str) -> Path:
    """A shipped resource by its path relative to the app root.

    Absolute paths and ``..`` are refused, so a value read from content or settings can never
    reach outside the app's own folders.
    """
    pure = PurePosixPath(relative.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or not pure.parts or ":" in pure.parts[0]:
        raise ValueError(f"resource path must be relative and inside the app: {relative!r}")
    return app_root().joinpath(*pure.parts)


def default_data_dir() -> Path:
    """The platform's non-roaming per-user data folder (on Windows under %LOCALAPPDATA%)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))


def resolve_data_dir(cli_value: str | None, environ: Mapping[str, str] = os.environ) -> Path:
    """``--data-dir`` first, then ``WAYPOINT_DATA_DIR``, then the platform's default."""
    if cli_value:
        return Path(cli_value).expanduser()
    if environ.get(DATA_DIR_ENV):
        return Path(environ[DATA_DIR_ENV]).expanduser()
    return default_data_dir()
