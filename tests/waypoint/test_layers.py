"""Who may import whom inside waypoint/: the map README's developer section draws, enforced.

Each package lists the packages it may use. A module outside every package (waypoint/i18n.py,
dates.py, resources.py, applog.py) is the foundation, which everything may use and which uses
nothing else. Imports inside ``if TYPE_CHECKING:`` only name types and are not counted.
"""

from __future__ import annotations

from tests.waypoint.test_import_cycles import import_graph

FOUNDATION = "foundation"
#: package -> the packages it may import (besides itself and the foundation).
ALLOWED: dict[str, set[str]] = {
    FOUNDATION: set(),
    "record": set(),
    "content": {"record"},
    "clinical": {"content", "record"},
    "storage": {"record"},
    "documents": {"clinical", "content", "record", "storage"},
    "interop": {"documents", "clinical", "content", "record", "storage"},
    "sync": {"storage", "record", "content"},
    "services": {"interop", "documents", "clinical", "content", "record", "storage", "sync"},
}


def room(module: str) -> str:
    parts = module.split(".")
    if len(parts) == 1:
        return FOUNDATION  # the package's own __init__
    return parts[1] if parts[1] in ALLOWED else FOUNDATION


def crossings() -> set[tuple[str, str, str, str]]:
    """(from room, to room, importer, imported) for each import that leaves a room."""
    found = set()
    for importer, imported in import_graph().items():
        for target in imported:
            a, b = room(importer), room(target)
            if a != b and target != "waypoint":
                found.add((a, b, importer, target))
    return found


def test_every_module_lives_in_a_known_room() -> None:
    loose = sorted(m for m in import_graph() if room(m) == FOUNDATION and m.count(".") > 1)
    assert loose == []


def test_no_package_imports_one_it_may_not() -> None:
    bad = sorted(
        f"{importer} -> {imported}"
        for a, b, importer, imported in crossings()
        if b != FOUNDATION and b not in ALLOWED[a]
    )
    assert bad == []


def test_the_foundation_imports_no_package() -> None:
    bad = sorted(
        f"{importer} -> {imported}"
        for a, b, importer, imported in crossings()
        if a == FOUNDATION and b != FOUNDATION
    )
    assert bad == []


def test_the_map_catches_a_crossing() -> None:
    """The check is live: storage reaching into clinical rules is exactly what it refuses."""
    assert "clinical" not in ALLOWED["storage"]
    assert room("waypoint.storage.summary") == "storage"
    assert room("waypoint.clinical.worklist") == "clinical"
    assert room("waypoint.i18n") == FOUNDATION


#: Rooms the screens reach only through waypoint/services/ (the record, content, storage and
#: the foundation they use directly: those are the things a screen shows and saves).
THROUGH_SERVICES = ("clinical", "documents", "interop", "sync")


def test_the_gui_reaches_rules_documents_interop_and_sync_only_through_services() -> None:
    import ast
    from pathlib import Path

    gui = Path(__file__).resolve().parents[2] / "gui"
    bad = []
    for path in sorted(gui.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            for name in names:
                parts = name.split(".")
                if parts[0] == "waypoint" and len(parts) > 1 and parts[1] in THROUGH_SERVICES:
                    bad.append(f"{path.relative_to(gui.parent)}:{node.lineno} {name}")
    assert bad == []


def test_every_name_a_service_offers_resolves() -> None:
    """The services load their names lazily; a renamed function must fail here, not on screen."""
    import importlib

    for group in THROUGH_SERVICES:
        service = importlib.import_module(f"waypoint.services.{group}")
        for name in service.__all__:
            assert getattr(service, name) is not None, f"{group}.{name}"
