"""Schema migrations: small versioned functions, run on open after a whole-store snapshot.

``MIGRATIONS[n]`` turns a record's JSON at schema version ``n`` into version ``n + 1``. A store
whose header says an older version is snapshotted, every patient file is migrated and rewritten
atomically, and only then is the header's version raised; a crash half way simply runs the
remaining (idempotent) steps again on the next open. A newer store is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Migration = Callable[[dict[str, Any]], dict[str, Any]]

#: version -> function from that version to the next. Empty while the schema is at version 1.
MIGRATIONS: dict[int, Migration] = {}


def migrate_record(
    data: dict[str, Any], target: int, migrations: dict[int, Migration] | None = None
) -> dict[str, Any]:
    """``data`` brought up to schema version ``target``, one step at a time."""
    steps = MIGRATIONS if migrations is None else migrations
    version = int(data.get("schema_version", 1))
    while version < target:
        data = steps[version](dict(data))
        version += 1
        data["schema_version"] = version
    return data
