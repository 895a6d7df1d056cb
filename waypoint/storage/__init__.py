"""Storage: the clinic's records on disk (TinyDB files written atomically)."""

from waypoint.storage.atomic import DamagedFileError
from waypoint.storage.errors import PassphraseError, StoreError
from waypoint.storage.lock import StoreLockedError
from waypoint.storage.store import Store
from waypoint.storage.summary import PatientSummary

__all__ = [
    "DamagedFileError",
    "PassphraseError",
    "PatientSummary",
    "Store",
    "StoreError",
    "StoreLockedError",
]
