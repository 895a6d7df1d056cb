"""Waypoint's own log: a few rotating files in the data folder, free of patient information.

What goes in: what failed (the kind of error and where in Waypoint's code), never what it was
working on. Exception messages are left out on purpose: a message may quote a name, a date of
birth or a typed answer (a validation error names the value it refused). The log is for whoever
supports the clinic, who can read it without seeing a patient.
"""

from __future__ import annotations

import logging
import logging.handlers
import os
import traceback
from pathlib import Path
from types import TracebackType

LOG_FOLDER = "logs"
LOG_FILE = "waypoint.log"
#: About a megabyte per file and three old files: months of a clinic's errors, a few MB at most.
MAX_BYTES = 1_000_000
BACKUPS = 3
LOGGER_NAME = "waypoint"

_handler: logging.Handler | None = None


class _PrivateRotatingHandler(logging.handlers.RotatingFileHandler):
    """Rotating file handler whose files only the signed-in user can read (0600)."""

    def _open(self):  # type: ignore[no-untyped-def]
        fd = os.open(self.baseFilename, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        return os.fdopen(fd, self.mode.replace("w", "a"), encoding=self.encoding)


def log_path(data_dir: Path) -> Path:
    """Where the log of the store in ``data_dir`` is written."""
    return data_dir / LOG_FOLDER / LOG_FILE


def start_logging(data_dir: Path) -> Path | None:
    """Send Waypoint's log to the data folder; returns the file, or None if it cannot be written.

    A log that cannot be opened (full or read-only disk) must not stop the app; the caller says
    where the log is only when there is one.
    """
    global _handler
    path = log_path(data_dir)
    try:
        # mkdir applies the mode to the last folder only: make each of ours private itself.
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        handler = _PrivateRotatingHandler(
            path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8", delay=True
        )
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger = logging.getLogger(LOGGER_NAME)
    if _handler is not None:
        logger.removeHandler(_handler)
        _handler.close()
    _handler = handler
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return path


def stop_logging() -> None:
    """Close the log file (at exit, and between tests)."""
    global _handler
    if _handler is not None:
        logging.getLogger(LOGGER_NAME).removeHandler(_handler)
        _handler.close()
        _handler = None


def logger(name: str) -> logging.Logger:
    """A child of Waypoint's logger; pass only fixed text and counts, never record data."""
    return logging.getLogger(f"{LOGGER_NAME}.{name}")


def describe_failure(
    kind: type[BaseException], tb: TracebackType | None, *, limit: int = 12
) -> str:
    """The error's type and where it happened (file, line, function), without its message."""
    frames = traceback.extract_tb(tb, limit=-limit) if tb is not None else []
    where = " <- ".join(
        f"{Path(frame.filename).name}:{frame.lineno} {frame.name}" for frame in reversed(frames)
    )
    return f"{kind.__module__}.{kind.__qualname__} at {where or 'unknown place'}"
