"""``check`` for every file kind but the records (see repair.py), and their repair.

Walks :data:`waypoint.storage.kinds.KINDS`: the header and its copy, the clinic settings and
their copy, the patient list, every backup, every deleted patient's file, every draft and every
snapshot (each member verified). Nothing is ever deleted by a repair: a file that cannot be put
back from a good copy is *set aside* in a ``damaged/`` folder beside it, byte for byte.
"""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING

from waypoint.i18n import _
from waypoint.storage.atomic import (
    DamagedFileError,
    decode_json,
    fsync_dir,
    make_dir,
    open_payload,
    read_json,
    replace_file,
    unframe_plain,
    write_atomic,
)
from waypoint.storage.crypto import Cipher
from waypoint.storage.kinds import (
    ARCHIVE_ERRORS,
    ASIDE,
    HEADER,
    SETTINGS,
    SETTINGS_COPY,
    FileKind,
    all_files,
    label_for,
    relative,
)

if TYPE_CHECKING:
    from waypoint.storage.store import Store

Finding = tuple[FileKind, Path, str]


def set_aside(path: Path) -> Path:
    """Move ``path`` into ``damaged/`` beside it (never deleted); returns where it went."""
    folder = path.parent / ASIDE
    make_dir(folder)
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target = folder / f"{path.name}.{stamp}"
    replace_file(path, target)
    fsync_dir(path.parent)
    return target


def verify_member(archive: Path, name: str, raw: bytes, cipher: Cipher | None) -> None:
    """Check one member of a whole-store archive (DamagedFileError when it does not read)."""
    where = archive.with_name(f"{archive.name}:{name.replace('/', '_')}")
    if name in (HEADER, SETTINGS):
        decode_json(where, unframe_plain(where, raw))
    else:
        open_payload(where, raw, cipher, label_for(name))


def verify_archive(path: Path, cipher: Cipher | None) -> None:
    """Check a snapshot: the zip's own checksums, then every member as its kind."""
    try:
        with zipfile.ZipFile(path) as archive:
            if archive.testzip() is not None:
                raise DamagedFileError(path, _("a file inside fails its checksum"))
            for name in archive.namelist():
                verify_member(path, name, archive.read(name), cipher)
    except ARCHIVE_ERRORS:
        raise DamagedFileError(path, _("the archive cannot be read")) from None


def verify(store: Store, kind: FileKind, path: Path) -> None:
    """Raise DamagedFileError when ``path`` (of ``kind``) does not read back as written."""
    if kind.form == "plain":
        read_json(path)
    elif kind.form == "archive":
        verify_archive(path, store.cipher)
    else:
        label = label_for(relative(store.root, path))
        open_payload(path, path.read_bytes(), store.cipher, label)


def find_file_damage(store: Store) -> list[Finding]:
    """Every damaged file that is not a patient's current record (those are in repair.py)."""
    found: list[Finding] = []
    for kind, path in all_files(store.root, ("plain", "sealed", "archive")):
        if kind.name == "record":
            continue
        try:
            verify(store, kind, path)
        except DamagedFileError as exc:
            found.append((kind, path, exc.why))
        except OSError:
            found.append((kind, path, _("the file cannot be read")))
    return found


def describe_finding(store: Store, finding: Finding) -> str:
    """One plain line: which file (by its place in the data folder), what it is, what is wrong."""
    kind, path, why = finding
    return _("{what} ({path}) is damaged: {why}").format(
        what=kind.what[:1].upper() + kind.what[1:], path=relative(store.root, path), why=why
    )


def repair_files(store: Store) -> list[str]:
    """Repair what :func:`find_file_damage` found; one plain line per file saying what was done."""
    from waypoint.storage.header import repair_header

    done: list[str] = []
    for kind, path, _why in find_file_damage(store):
        where = relative(store.root, path)
        if kind.name == "header":
            done.append(repair_header(store.root))
        elif kind.name == "settings":
            done.append(_repair_settings(store.root, path))
        elif kind.name == "index":
            store._flush_index()  # the patient list in memory is good: write it again
            done.append(_("The patient list was damaged and has been written again."))
        else:
            target = set_aside(path)
            done.append(
                _("{what} ({path}) was damaged and has been set aside in {aside}.").format(
                    what=kind.what[:1].upper() + kind.what[1:],
                    path=where,
                    aside=relative(store.root, target.parent),
                )
            )
    return done


def _repair_settings(root: Path, damaged: Path) -> str:
    other = root / (SETTINGS_COPY if damaged.name == SETTINGS else SETTINGS)
    try:
        read_json(other)
        good = other.read_bytes()
    except (DamagedFileError, OSError):
        set_aside(damaged)
        return _(
            "The clinic settings were damaged and had no good copy; they were set aside and "
            "the defaults apply. Check the clinic's details in Clinic settings."
        )
    write_atomic(damaged, good)
    return _("The clinic settings ({name}) were restored from their copy.").format(
        name=damaged.name
    )
