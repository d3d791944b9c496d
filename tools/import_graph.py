"""Print which package of ``app/`` imports which, and fail on a cycle between packages.

    python tools/import_graph.py          # the graph, lowest layer first
    python tools/import_graph.py --dot    # Graphviz, for a picture

A "package" is ``app/<name>/`` or a top-level module ``app/<name>.py``; imports inside functions count
too (a function-level import is still a dependency). Reads the source with ``ast``: nothing is imported.
"""
from __future__ import annotations

import ast
import sys
from graphlib import CycleError, TopologicalSorter
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app"


def _package_of(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "app":
        return None
    return parts[1] if len(parts) > 1 else "app"


def dependencies(app_dir: Path = APP) -> dict[str, set[str]]:
    """package → the other packages of ``app`` it imports."""
    graph: dict[str, set[str]] = {}
    for path in sorted(app_dir.rglob("*.py")):
        relative = path.relative_to(app_dir)
        owner = relative.parts[0].removesuffix(".py") if len(relative.parts) > 1 or relative.name != "__init__.py" \
            else "app"
        graph.setdefault(owner, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # ``from app import access, models`` names packages; ``from app.models import X`` one package.
                targets = [f"app.{alias.name}" for alias in node.names] if node.module == "app" else [node.module]
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            for target in targets:
                package = _package_of(target)
                if package and package not in (owner, "app"):
                    graph[owner].add(package)
    graph.pop("app", None)  # the factory wires every package together: it sits above them all
    return graph


def layers(graph: dict[str, set[str]]) -> list[list[str]]:
    """Packages grouped bottom-up: each imports only packages of earlier groups. Raises CycleError."""
    sorter = TopologicalSorter(graph)
    sorter.prepare()
    result = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        result.append(ready)
        sorter.done(*ready)
    return result


def main(argv: list[str]) -> int:
    graph = dependencies()
    if "--dot" in argv:
        print("digraph app {\n  rankdir=BT;")
        for package, imports in sorted(graph.items()):
            for target in sorted(imports):
                print(f'  "{package}" -> "{target}";')
        print("}")
        return 0
    try:
        ordered = layers(graph)
    except CycleError as error:
        print(f"import cycle between packages: {' -> '.join(error.args[1])}", file=sys.stderr)
        return 1
    for depth, group in enumerate(ordered):
        for package in group:
            imports = ", ".join(sorted(graph[package])) or "—"
            print(f"{depth}  {package:<12} imports {imports}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
