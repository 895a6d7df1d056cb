"""Storage: the clinic's records on disk (TinyDB files written atomically)."""

from waypoint.storage.atomic import DamagedFileError
from waypoint.storage.store import PatientSummary, Store, StoreError

__all__ = ["DamagedFileError", "PatientSummary", "Store", "StoreError"]
