"""Setting a workstation up for sync: which hub, which credentials, joining a clinic.

The hub's address, user name and CA file are clinic settings (no secret in them). The password
comes from WAYPOINT_SYNC_PASSWORD or from ``sync/password.json`` in the data folder, which is
sealed with the store's key when the records have a passphrase (like every record file) and is
never logged or shown. Nothing here touches the network unless a hub is set up and sync runs.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from waypoint.i18n import _
from waypoint.record.model import SCHEMA_VERSION
from waypoint.storage.atomic import AtomicJSONStorage, DamagedFileError, make_dir
from waypoint.storage.header import STORE_FORMAT, read_header, write_header
from waypoint.storage.kinds import SYNC
from waypoint.storage.settings import Settings
from waypoint.sync.documents import CLINIC_DOC
from waypoint.sync.hub import BAD_URL, Hub, SyncError

if TYPE_CHECKING:
    from waypoint.storage.store import Store

PASSWORD_FILE = "password.json"
NOT_CONFIGURED = "not_configured"


def _password_storage(store: Store) -> AtomicJSONStorage:
    return AtomicJSONStorage(store.root / SYNC / PASSWORD_FILE, True, store.cipher, "sync/password")


def save_password(store: Store, password: str) -> None:
    """Keep the hub password in the data folder (sealed when the records are encrypted)."""
    make_dir(store.root / SYNC)
    _password_storage(store).write({"hub": {"password": password}})


def read_password(store: Store) -> str:
    """The kept hub password ("" when none is kept or it cannot be read)."""
    try:
        data = _password_storage(store).read() or {}
    except (DamagedFileError, OSError):
        return ""
    return str((data.get("hub") or {}).get("password") or "")


def open_hub(
    settings: Settings,
    *,
    url: str = "",
    store: Store | None = None,
    env: Mapping[str, str] | None = None,
) -> Hub:
    """The hub to sync with: ``url`` or the settings' address; the user from
    WAYPOINT_SYNC_USER or the settings, the password from WAYPOINT_SYNC_PASSWORD or the one kept
    in the data folder. SyncError(not_configured / bad_url) when there is no usable address."""
    env = os.environ if env is None else env
    address = url or settings.sync_url
    if not address.strip():
        raise SyncError(
            NOT_CONFIGURED,
            _(
                "Sync is not set up: no hub address (give --server URL, or set sync_url in "
                "the clinic settings)."
            ),
        )
    user = env.get("WAYPOINT_SYNC_USER") or settings.sync_user
    password = env.get("WAYPOINT_SYNC_PASSWORD") or (
        read_password(store) if store is not None else ""
    )
    try:
        return Hub(address, user, password, settings.sync_ca_file)
    except SyncError:
        raise
    except ValueError:  # pragma: no cover - parse_address turns these into SyncError
        raise SyncError(BAD_URL, _("The hub address is not usable.")) from None


def join_clinic(root: Path, hub: Hub) -> bool:
    """Set an empty data folder up as a workstation of the hub's clinic; True when done.

    The folder takes the clinic's store id and, for an encrypted clinic, its wrapped key (so
    it opens with the clinic's passphrase and reads what the other workstations seal). A folder
    that already holds a store is left as it is (False).
    """
    header, _problem = read_header(root)
    if header is not None:
        return False
    hub.info()
    clinic = hub.get(CLINIC_DOC)
    if clinic is None or not clinic.get("store_id"):
        return False
    new = {
        "format": STORE_FORMAT,
        "schema_version": SCHEMA_VERSION,
        "store_id": str(clinic["store_id"]),
    }
    if clinic.get("encryption"):
        new["encryption"] = clinic["encryption"]
    make_dir(root)
    write_header(root, new)
    return True
