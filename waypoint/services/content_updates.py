"""Which clinical content folder to use: the shipped one, or a newer update the clinic installed.

A clinic receives a new content folder (for example on a USB stick) and installs it with
``main.py content install FOLDER`` without reinstalling Waypoint. Updates live in the data folder
under ``content-updates/<version>/``. At start-up the newest update that validates and is newer
than the shipped content is used; an update that fails validation is refused with a message
naming the problem, and the shipped (or an older, valid installed) content is kept.

An update is a whole content folder, not a patch: it must hold every file the shipped folder has.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from waypoint import __version__
from waypoint.content.bundle import Content, ContentError, load_content
from waypoint.i18n import _
from waypoint.record.model import Conversation, Record
from waypoint.resources import resource
from waypoint.storage.atomic import fsync_dir

UPDATES_FOLDER = "content-updates"
_VERSION = re.compile(r"^\d+(\.\d+)*$")


class ContentUpdateError(Exception):
    """An update folder cannot be used; the message says why in plain words."""


@dataclass(frozen=True)
class ContentChoice:
    """The content to use, where it came from, and any updates that were refused."""

    content: Content
    from_update: bool
    refused: tuple[str, ...] = ()


def parse_version(text: str) -> tuple[int, ...]:
    """``"2026.11.1"`` → ``(2026, 11, 1)``; anything but numbers and dots is refused."""
    text = text.strip()
    if not _VERSION.match(text):
        raise ContentUpdateError(
            _("the version {version!r} is not numbers separated by dots (e.g. 2026.11.1)").format(
                version=text
            )
        )
    return tuple(int(part) for part in text.split("."))


def updates_root(data_dir: Path) -> Path:
    """The folder in the data folder that holds installed content updates."""
    return data_dir / UPDATES_FOLDER


def _required_files(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*.toml")}


def validate_update(folder: Path, shipped: Path | None = None) -> Content:
    """Load and check an update folder; raises ContentUpdateError saying what is wrong.

    Beyond what :func:`waypoint.content.bundle.load_content` checks, the stepped-care rules and the
    handout and document wording must load, the folder must hold every content file the
    shipped folder has, and its version must be numbers and dots.
    """
    shipped = shipped or resource("content")
    if not folder.is_dir():
        raise ContentUpdateError(_("{folder} is not a folder").format(folder=folder))
    missing = sorted(_required_files(shipped) - _required_files(folder))
    if missing:
        raise ContentUpdateError(
            _("{folder} is not a complete content folder: missing {files}").format(
                folder=folder, files=", ".join(missing)
            )
        )
    try:
        content = load_content(folder)
        _load_other_content(folder)
    except ContentError as exc:
        raise ContentUpdateError(str(exc)) from None
    parse_version(content.version)
    return content


#: Written into an installed update once every document has printed from it with this version of
#: Waypoint, so a start-up checks each update once per app version, not every time.
def _printed_marker(folder: Path) -> Path:
    return folder / f".printed-with-{__version__}"


def check_documents_print(content: Content) -> None:
    """Print every document from ``content`` for a fixture set, both handout languages.

    Loading checks each file on its own; only printing shows that the templates find every entry
    they use (an update that dropped one would stop every handout). Raises ContentUpdateError
    naming the document. The fixtures are made-up records: no patient's words reach a message.
    """
    from waypoint.documents.bundle import LANGUAGES, render_documents
    from waypoint.record.sample import sample_record

    for record in (sample_record(), _sparse_record()):
        for lang in LANGUAGES:
            try:
                render_documents(record, lang=lang, content=content)
            except Exception as exc:  # any failure of a template or its data refuses the update
                raise ContentUpdateError(
                    _("the documents cannot be printed from it ({lang}): {why}").format(
                        lang=lang, why=f"{type(exc).__name__}: {exc}"
                    )
                ) from None


def _sparse_record() -> Record:
    """A record with one conversation where almost everything was skipped."""
    record = Record()
    record.patient.given_name, record.patient.family_name = "Test", "Patient"
    record.conversations.append(Conversation(id="fixture", date=dt.date(2026, 1, 5)))
    return record


def _checked_update(folder: Path, shipped: Path) -> Content:
    """An installed update, validated, and printed from once per app version."""
    content = validate_update(folder, shipped)
    marker = _printed_marker(folder)
    if not marker.exists():
        check_documents_print(content)
        with contextlib.suppress(OSError):  # unwritable: the check simply runs again next time
            marker.touch()
    return content


def _load_other_content(folder: Path) -> None:
    """Run the loaders of content kept outside :func:`load_content`, so they validate too."""
    # Imported here: both are light, but only an update needs them at this point.
    from waypoint.content.fhir_codes import load_fhir_codes
    from waypoint.content.stepped import load_stepped_rules
    from waypoint.documents.wording import HANDOUT_LANGUAGES, load_document_wording, load_wording

    load_stepped_rules(folder)
    for lang in HANDOUT_LANGUAGES:
        load_wording(folder, lang)
    load_document_wording(folder)
    load_fhir_codes(folder)


def choose_content(data_dir: Path, shipped_folder: Path | None = None) -> ContentChoice:
    """The content to run with: the newest valid installed update newer than the shipped one.

    Raises ContentError only when the shipped content is broken and no valid update exists.
    """
    shipped_folder = shipped_folder or resource("content")
    refused: list[str] = []
    shipped: Content | None = None
    shipped_error: ContentError | None = None
    try:
        shipped = load_content(shipped_folder)
        floor = parse_version(shipped.version)
    except ContentError as exc:
        shipped_error, floor = exc, ()
    except ContentUpdateError:
        floor = ()
    for folder in _installed(data_dir):
        try:
            content = _checked_update(folder, shipped_folder)
        except ContentUpdateError as exc:
            refused.append(
                _("The content update in {folder} was not used: {why}").format(
                    folder=folder, why=exc
                )
            )
            continue
        if parse_version(content.version) > floor:
            return ContentChoice(content, True, tuple(refused))
    if shipped is None:
        assert shipped_error is not None
        raise shipped_error
    return ContentChoice(shipped, False, tuple(refused))


def _installed(data_dir: Path) -> list[Path]:
    """Installed update folders, newest version (by folder name) first; others last."""
    root = updates_root(data_dir)
    if not root.is_dir():
        return []
    folders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(".")]

    def key(path: Path) -> tuple[int, tuple[int, ...]]:
        try:
            return (1, parse_version(path.name))
        except ContentUpdateError:
            return (0, ())

    return sorted(folders, key=key, reverse=True)


def install_update(folder: Path, data_dir: Path, shipped_folder: Path | None = None) -> Path:
    """Validate ``folder`` and copy it into the data folder atomically; returns where it went.

    Refused (ContentUpdateError, nothing changed) when the folder is invalid, not newer than the
    shipped content, or that version is already installed. The copy is made beside its final
    place, validated again, then renamed into place in one step, so a start-up never sees half
    an update.
    """
    shipped_folder = shipped_folder or resource("content")
    content = validate_update(folder, shipped_folder)
    check_documents_print(content)
    version = parse_version(content.version)
    try:
        shipped_version = parse_version(load_content(shipped_folder).version)
    except (ContentError, ContentUpdateError):
        shipped_version = ()
    if version <= shipped_version:
        raise ContentUpdateError(
            _("version {new} is not newer than the content shipped with Waypoint").format(
                new=content.version
            )
        )
    root = updates_root(data_dir)
    target = root / ".".join(str(n) for n in version)
    if target.exists():
        raise ContentUpdateError(
            _("version {new} is already installed in {target}").format(
                new=content.version, target=target
            )
        )
    root.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".installing-", dir=root))
    try:
        copy = staging / "content"
        shutil.copytree(folder, copy)
        validate_update(copy, shipped_folder)
        _printed_marker(copy).touch()
        os.replace(copy, target)
        fsync_dir(root)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target
