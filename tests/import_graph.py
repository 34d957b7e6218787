"""Which of a package's modules import which, read from the source with ``ast``.

Every ``import`` and ``from ... import`` counts, wherever it is: at module level, inside
a function (a lazy import is still a dependency), and under ``if TYPE_CHECKING:`` (two
modules that name each other's types know each other; a ``Protocol`` in the lower one
is the way out, not a guard that hides the cycle). Relative imports are resolved, and
``from . import x`` is an import of the submodule ``x`` when there is one. Importing
``a.b.c`` also runs ``a/__init__`` and ``a/b/__init__``, so those count too (except the
importer's own packages, which are already running). Imports by a computed name
(``importlib.import_module(name)``) are not seen.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from pathlib import Path

Graph = dict[str, set[str]]


def package_modules(package_dir: Path) -> dict[str, Path]:
    """Every module of the package at ``package_dir`` by dotted name (a package by its
    ``__init__.py``): ``{"placement_qa.store.register": Path(...), ...}``."""
    base = package_dir.parent
    found: dict[str, Path] = {}
    for path in sorted(package_dir.rglob("*.py")):
        parts = list(path.relative_to(base).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _package_of(name: str, path: Path) -> str:
    """The package a relative import in module ``name`` starts from."""
    return name if path.name == "__init__.py" else name.rpartition(".")[0]


def _named(name: str, path: Path, node: ast.Import | ast.ImportFrom) -> Iterator[str]:
    """The dotted names one import statement asks for (modules or not)."""
    if isinstance(node, ast.Import):
        yield from (alias.name for alias in node.names)
        return
    if node.level:
        package = _package_of(name, path).split(".")
        start = package[: len(package) - (node.level - 1)]
    else:
        start = []
    module = ".".join(start + ([node.module] if node.module else []))
    yield module
    yield from (f"{module}.{alias.name}" for alias in node.names)


def _with_packages(target: str) -> Iterator[str]:
    """``a.b.c`` and the packages importing it runs: ``a``, ``a.b``."""
    parts = target.split(".")
    for end in range(1, len(parts) + 1):
        yield ".".join(parts[:end])


def imported_modules(name: str, path: Path, modules: Mapping[str, Path]) -> set[str]:
    """The modules of ``modules`` that module ``name`` (source at ``path``) imports."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if not isinstance(node, ast.Import | ast.ImportFrom):
            continue
        for asked in _named(name, path, node):
            if asked in modules:
                found.update(_with_packages(asked))
    running = set(_with_packages(name))  # the importer itself and its own packages
    return {target for target in found if target in modules and target not in running}


def import_graph(package_dir: Path) -> Graph:
    """Each module of the package and the package's modules it imports."""
    modules = package_modules(package_dir)
    return {name: imported_modules(name, path, modules) for name, path in modules.items()}


def import_cycles(graph: Mapping[str, set[str]]) -> list[list[str]]:
    """Every group of modules that import one another, directly or round a loop (the
    strongly connected components of more than one module), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(start: str) -> None:  # Tarjan's algorithm, iteratively (no recursion limit)
        work: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph.get(start, ()))))]
        _enter(start)
        while work:
            node, targets = work[-1]
            target = next(targets, None)
            if target is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                _leave(node)
            elif target not in index:
                _enter(target)
                work.append((target, iter(sorted(graph.get(target, ())))))
            elif target in on_stack:
                low[node] = min(low[node], index[target])

    def _enter(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)

    def _leave(node: str) -> None:
        if low[node] != index[node]:
            return
        group: list[str] = []
        while True:
            member = stack.pop()
            on_stack.discard(member)
            group.append(member)
            if member == node:
                break
        if len(group) > 1:
            cycles.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(cycles)


def cycle_edges(graph: Mapping[str, set[str]], cycle: list[str]) -> list[str]:
    """The imports that close ``cycle``, as "a -> b" lines."""
    members = set(cycle)
    return [f"{source} -> {target}" for source in cycle
            for target in sorted(graph[source] & members)]
