"""No import cycles in waypoint/: read from the source, so a function-level import cannot hide one.

A cycle broken by moving an import into a function still ties the two modules together; it only
fails later, at the first call. The graph counts imports wherever they sit, except inside
``if TYPE_CHECKING:`` blocks, which never run and only name types.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "waypoint"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imported(node: ast.AST, module: str, is_package: bool, known: set[str]) -> set[str]:
    """The waypoint modules one import statement loads (a submodule when it names one)."""
    found: set[str] = set()
    if isinstance(node, ast.Import):
        found = {alias.name for alias in node.names}
    elif isinstance(node, ast.ImportFrom):
        if node.level:
            base = module.split(".") if is_package else module.split(".")[:-1]
            base = base[: len(base) - node.level + 1]
            source = ".".join(base + ([node.module] if node.module else []))
        else:
            source = node.module or ""
        for alias in node.names:
            sub = f"{source}.{alias.name}"
            found.add(sub if sub in known else source)
    return {name for name in found if name in known}


def _with_packages(imported: str, importer: str) -> set[str]:
    """``a.b.c`` also runs ``a/b/__init__.py``, unless that package is the importer's own."""
    parts = imported.split(".")
    own = {".".join(importer.split(".")[:i]) for i in range(1, importer.count(".") + 1)}
    return {".".join(parts[:i]) for i in range(1, len(parts) + 1)} - own


def _edges(path: Path, module: str, known: set[str]) -> set[str]:
    is_package = path.name == "__init__.py"
    targets: set[str] = set()
    stack: list[ast.AST] = [ast.parse(path.read_text(encoding="utf-8"))]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node):
            stack.extend(node.orelse)
            continue
        for name in _imported(node, module, is_package, known):
            targets |= _with_packages(name, module) & known
        stack.extend(ast.iter_child_nodes(node))
    targets.discard(module)
    return targets


def import_graph() -> dict[str, set[str]]:
    paths = sorted(PACKAGE.rglob("*.py"))
    known = {_module_name(p) for p in paths}
    return {_module_name(p): _edges(p, _module_name(p), known) for p in paths}


def find_cycles(graph: dict[str, set[str]]) -> list[tuple[frozenset[str], list[str]]]:
    """Each strongly connected group of modules (Tarjan), with one cycle through it as a path."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    groups: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group: set[str] = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [(frozenset(group), _path_through(graph, group)) for group in groups]


def _path_through(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest cycle from the group's first module back to itself, for a readable message."""
    start = min(group)
    paths = {start: [start]}
    queue = [start]
    while queue:
        node = queue.pop(0)
        for nxt in sorted(graph[node] & group):
            if nxt == start:
                return [*paths[node], start]
            if nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    return sorted(group)  # unreachable for a strongly connected group


def test_waypoint_has_no_import_cycles() -> None:
    cycles = [(group, path) for group, path in find_cycles(import_graph())]
    assert not cycles, "import cycles in waypoint/:\n" + "\n".join(
        " -> ".join(path) + f"  (all tied together: {', '.join(sorted(group))})"
        for group, path in cycles
    )


def test_cycle_finder_sees_function_level_imports(tmp_path: Path) -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert find_cycles(graph) == [(frozenset("abc"), ["a", "b", "c", "a"])]
    module = tmp_path / "m.py"
    module.write_text(
        "def f():\n    from waypoint.clinical.rules import engine\n", encoding="utf-8"
    )
    known = {"waypoint", "waypoint.clinical.rules", "waypoint.clinical.rules.engine", "waypoint.m"}
    # Importing a submodule runs its package's __init__ too, which can close a cycle.
    assert _edges(module, "waypoint.m", known) == {
        "waypoint.clinical.rules",
        "waypoint.clinical.rules.engine",
    }
    assert _edges(module, "waypoint.clinical.rules.m", known) == {"waypoint.clinical.rules.engine"}
