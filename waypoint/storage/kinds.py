"""Every kind of file in a data folder, in one registry that encryption, check, archives and
retention all walk, so none of them can forget a kind.

Each kind says how its files are stored (``form``):

- ``sealed``: JSON, sealed with the data key when the store has a passphrase, else plain with a
  checksum line; bound to a label (its role and patient) so it cannot be swapped.
- ``plain``: JSON with a checksum line, never sealed because it holds no patient information
  and is needed before the passphrase is asked (the header, clinic settings).
- ``archive``: a zip whose members are files of the kinds above (snapshots).
- ``aside``: files set aside as damaged; kept byte for byte, sealed whole when a passphrase is set.
- ``temporary``: a save's temporary file; removed, never kept.
- ``unchecked``: the lock (who holds it) and logs (no patient information by design).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from waypoint.storage.atomic import TEMP_SUFFIX

HEADER, HEADER_COPY = "store.json", "store.json.bak"
SETTINGS, SETTINGS_COPY = "settings.json", "settings.json.bak"
INDEX = "index.json"
DIGESTS = "digests.json"
PATIENTS, BACKUPS, DRAFTS, SNAPSHOTS = "patients", "backups", "drafts", "snapshots"
DELETED, DELETED_DRAFT = "deleted.json", "draft.json"
ARCHIVE_SUFFIX = ".wpbackup"
ASIDE = "damaged"
LOGS, LOCK = "logs", "store.lock"
SYNC = "sync"

Finder = Callable[[Path], Iterator[Path]]
#: What reading a damaged zip archive can raise (a bad CRC, a broken deflate stream, a cut).
ARCHIVE_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, ValueError, OSError)


@dataclass(frozen=True)
class FileKind:
    """One kind of file in the data folder."""

    name: str
    #: What it is, in plain words (used in check's report).
    what: str
    form: str
    #: True when whole-store archives (snapshots, backups) carry it.
    archived: bool
    find: Finder


def _glob(pattern: str) -> Finder:
    def find(root: Path) -> Iterator[Path]:
        yield from sorted(p for p in root.glob(pattern) if p.is_file() and ASIDE not in p.parts)

    return find


def _named(*names: str) -> Finder:
    def find(root: Path) -> Iterator[Path]:
        yield from (root / n for n in names if (root / n).is_file())

    return find


def _numbered_backups(root: Path) -> Iterator[Path]:
    for path in _glob(f"{BACKUPS}/*/*.json")(root):
        if path.stem.isdigit():
            yield path


def _deleted(root: Path) -> Iterator[Path]:
    for path in _glob(f"{BACKUPS}/*/*.json")(root):
        if path.name in (DELETED, DELETED_DRAFT):
            yield path


def _aside(root: Path) -> Iterator[Path]:
    yield from sorted(p for p in root.rglob(f"{ASIDE}/*") if p.is_file())


def _temporary(root: Path) -> Iterator[Path]:
    yield from sorted(root.rglob(f".*{TEMP_SUFFIX}"))


KINDS: tuple[FileKind, ...] = (
    FileKind("header", "the header (store.json)", "plain", True, _named(HEADER, HEADER_COPY)),
    FileKind("settings", "the clinic settings", "plain", True, _named(SETTINGS, SETTINGS_COPY)),
    FileKind("index", "the patient list", "sealed", True, _named(INDEX)),
    FileKind("digests", "short extracts for the clinic measures (rebuilt when missing)", "sealed",
             False, _named(DIGESTS)),
    FileKind("record", "a patient's record and audit trail", "sealed", True,
             _glob(f"{PATIENTS}/*.json")),
    FileKind("backup", "a backup of a patient's record", "sealed", False, _numbered_backups),
    FileKind("deleted", "a deleted patient's record or draft", "sealed", False, _deleted),
    FileKind("draft", "an unfinished conversation", "sealed", False, _glob(f"{DRAFTS}/*.json")),
    FileKind("snapshot", "a daily copy of all records", "archive", False,
             _glob(f"{SNAPSHOTS}/*{ARCHIVE_SUFFIX}")),
    FileKind("aside", "a file set aside as damaged", "aside", False, _aside),
    FileKind("temporary", "a temporary file from a save", "temporary", False, _temporary),
    FileKind("sync", "sync with the clinic hub (checkpoints, hub password)", "sealed", False,
             _glob(f"{SYNC}/*.json")),
    FileKind("lock", "the writer lock", "unchecked", False, _named(LOCK)),
    FileKind("logs", "the log (no patient information)", "unchecked", False, _glob(f"{LOGS}/*")),
)  # fmt: skip

#: Audit trails have no file of their own: they live in the record files (see audit.py).
BY_NAME = {kind.name: kind for kind in KINDS}

_PATIENT_ID = r"[A-Za-z0-9_-]{1,64}"
_LABELS = (
    (re.compile(rf"^{PATIENTS}/({_PATIENT_ID})\.json$"), "patient/{}"),
    (re.compile(rf"^{BACKUPS}/({_PATIENT_ID})/(?:\d+|deleted)\.json$"), "patient/{}"),
    (re.compile(rf"^{BACKUPS}/({_PATIENT_ID})/draft\.json$"), "draft/{}"),
    (re.compile(rf"^{DRAFTS}/({_PATIENT_ID})\.json$"), "draft/{}"),
    (re.compile(r"^index\.json$"), "index"),
    (re.compile(r"^digests\.json$"), "digests"),
    (re.compile(rf"^{SYNC}/([a-z0-9-]{{1,64}})\.json$"), "sync/{}"),
)


def label_for(relative: str) -> str:
    """The label a sealed file is bound to, from its path relative to the data folder."""
    for pattern, template in _LABELS:
        match = pattern.match(relative)
        if match:
            return template.format(*match.groups())
    return ASIDE


def relative(root: Path, path: Path) -> str:
    """``path`` relative to the data folder, with forward slashes (as in archives)."""
    return path.relative_to(root).as_posix()


def all_files(root: Path, forms: tuple[str, ...] = ()) -> Iterator[tuple[FileKind, Path]]:
    """Every file of every kind (or of the given forms), kind by kind."""
    for kind in KINDS:
        if not forms or kind.form in forms:
            for path in kind.find(root):
                yield kind, path
