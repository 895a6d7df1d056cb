"""The hub's clinic document: which clinic (store id) and which key a hub belongs to.

The first workstation to sync with an empty database writes it; every sync checks it first, so
records are never sent to another clinic's hub or sealed with a key the others cannot open, and
a hub that was emptied or replaced is noticed before anything is sent.
"""

from __future__ import annotations

import secrets
from typing import TYPE_CHECKING, Any

from waypoint.i18n import _
from waypoint.sync.documents import CLINIC_DOC, Codec, next_rev
from waypoint.sync.hub import OTHER_CLINIC, REPLACED, Hub, SyncError
from waypoint.sync.report import SyncReport
from waypoint.sync.state import SyncState

if TYPE_CHECKING:
    from waypoint.storage.store import Store

HUB_FORMAT = "waypoint-hub"


def clinic_doc(store: Store, codec: Codec) -> dict[str, Any]:
    """What the hub says about its clinic: a random hub id, the store id and, for an
    encrypted clinic, the wrapped key (as in store.json: no patient information) and a check
    that a workstation's key is the clinic's."""
    encrypted = store.encrypted
    return {
        "format": HUB_FORMAT,
        "version": 1,
        "hub_id": secrets.token_hex(16),
        "store_id": store.store_id,
        "encryption": store.header.get("encryption") if encrypted else None,
        "key_check": codec.digest(b"waypoint-clinic-key")[:32] if encrypted else "",
    }


def check_clinic(
    store: Store, hub: Hub, codec: Codec, state: SyncState, refill: bool, report: SyncReport
) -> None:
    """Check the hub belongs to these records' clinic (writing its document on an empty hub);
    SyncError other_clinic or replaced otherwise. A hub set up again starts the state afresh."""
    clinic = hub.get(CLINIC_DOC)
    if clinic is None:
        if state.hub_id and not refill:
            raise SyncError(
                REPLACED,
                _(
                    "The hub {hub} is empty: it no longer holds this clinic's records (a new or "
                    "wiped server?). Nothing was sent and nothing here changed. If that is "
                    "expected, run sync again with --refill to fill it from this workstation."
                ).format(hub=hub.display),
            )
        if state.hub_id:
            report.notices.append(_("The empty hub is being filled again from this workstation."))
        state.forget_hub()
        body = clinic_doc(store, codec)
        rev, revisions = next_rev(codec, None, codec.content_hash(body))
        hub.put_new_edits([{"_id": CLINIC_DOC, "_rev": rev, "_revisions": revisions, **body}])
        clinic = hub.get(CLINIC_DOC) or body
    _check_same_clinic(store, hub, codec, clinic)
    hub_id = str(clinic.get("hub_id", ""))
    if state.hub_id and state.hub_id != hub_id:
        report.notices.append(
            _("The hub was set up again since the last sync: everything was compared again.")
        )
        state.forget_hub()
    state.hub_id = hub_id


def _check_same_clinic(store: Store, hub: Hub, codec: Codec, clinic: dict[str, Any]) -> None:
    if clinic.get("format") != HUB_FORMAT:
        raise SyncError(
            OTHER_CLINIC,
            _("The database at {hub} is not a Waypoint hub; nothing was sent.").format(
                hub=hub.display
            ),
        )
    hub_encrypted = bool(clinic.get("encryption"))
    if hub_encrypted and not store.encrypted:
        why = _(
            "this clinic's hub is encrypted and these records are not. Join the clinic from "
            "an empty data folder with the clinic's passphrase (docs/sync.md)."
        )
    elif store.encrypted and not hub_encrypted:
        why = _("these records are encrypted and this clinic's hub is not (docs/sync.md).")
    elif hub_encrypted and (
        clinic.get("store_id") != store.store_id
        or clinic.get("key_check") != codec.digest(b"waypoint-clinic-key")[:32]
    ):
        why = _(
            "these records have their own key, not the clinic's. Join the clinic from an "
            "empty data folder with the clinic's passphrase (docs/sync.md)."
        )
    else:
        return
    raise SyncError(
        OTHER_CLINIC,
        _("Not synced with {hub}: {why} Nothing was sent or changed.").format(
            hub=hub.display, why=why
        ),
    )
