"""No two modules of placement_qa import each other, directly or round a loop, and the
file-format code never imports the store.

Imports count wherever they are written — inside functions and under ``TYPE_CHECKING``
too (see ``tests/import_graph.py``): a cycle is broken by giving code its proper home
(a callback, a ``Protocol`` or the data passed in; shared code moved down a layer), not
by moving an import into a function.
"""

from __future__ import annotations

import ast
from pathlib import Path

from import_graph import cycle_edges, import_cycles, import_graph, package_modules

import placement_qa

PACKAGE = Path(placement_qa.__file__).parent


def _described(graph: dict[str, set[str]], cycles: list[list[str]]) -> str:
    return "\n".join(
        " <-> ".join(cycle) + "\n    " + "\n    ".join(cycle_edges(graph, cycle))
        for cycle in cycles
    )


def test_no_module_imports_itself_round_a_loop() -> None:
    graph = import_graph(PACKAGE)
    cycles = import_cycles(graph)
    assert not cycles, f"{len(cycles)} import cycle(s):\n{_described(graph, cycles)}"


def _write(root: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root / "pkg"


def test_the_check_finds_cycles_through_functions_type_hints_and_packages(tmp_path: Path) -> None:
    package = _write(tmp_path, {
        "pkg/__init__.py": "",
        # a lazy import in a function still closes a loop
        "pkg/a.py": "from . import b\n",
        "pkg/b.py": "def later():\n    from .a import thing\n",
        # a type-only import does too
        "pkg/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n"
                    "    from pkg.sub.d import D\n",
        "pkg/sub/__init__.py": "from .d import D\n",
        "pkg/sub/d.py": "from ..c import C\n",
        # a package whose __init__ imports a module that imports the package's module
        "pkg/e/__init__.py": "from ..f import F\n",
        "pkg/e/g.py": "",
        "pkg/f.py": "import pkg.e.g\n",
        # no loop: one way only, and a module importing its own package
        "pkg/h.py": "from .a import x\nimport pkg\n",
    })
    graph = import_graph(package)
    assert import_cycles(graph) == [
        ["pkg.a", "pkg.b"],
        ["pkg.c", "pkg.sub", "pkg.sub.d"],
        ["pkg.e", "pkg.f"],
    ]
    assert cycle_edges(graph, ["pkg.a", "pkg.b"]) == ["pkg.a -> pkg.b", "pkg.b -> pkg.a"]


def test_the_check_finds_a_cycle_through_many_modules(tmp_path: Path) -> None:
    count = 1100  # deeper than Python's recursion limit (1000)
    files = {"pkg/__init__.py": ""}
    files |= {f"pkg/m{i}.py": f"from . import m{(i + 1) % count}\n" for i in range(count)}
    cycles = import_cycles(import_graph(_write(tmp_path, files)))
    assert len(cycles) == 1 and len(cycles[0]) == count


# --- file-format code knows nothing of the database ------------------------------------

FORMAT_PACKAGES = ("placement_qa.importing", "placement_qa.exports")


def _format_code(name: str) -> bool:
    return any(name == package or name.startswith(package + ".")
               for package in FORMAT_PACKAGES)


def test_file_format_code_never_imports_the_store() -> None:
    """Reading and writing files (the pre-visit workbook, the imports' CSV and XLSX, the
    exports) works on data handed in; the store gathers the data and calls it."""
    graph = import_graph(PACKAGE)
    format_modules = [name for name in graph if _format_code(name)]
    assert len(format_modules) > 10
    wrong = sorted(f"{name} -> {target}" for name in format_modules
                   for target in graph[name] if target.split(".")[:2] == ["placement_qa", "store"])
    assert not wrong, "\n".join(wrong)


def test_file_format_code_takes_no_database() -> None:
    """Not even a type hint naming sqlite-utils' Database."""
    wrong: list[str] = []
    for name, path in package_modules(PACKAGE).items():
        if not _format_code(name):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import | ast.ImportFrom):
                names = [alias.name for alias in node.names]
                if isinstance(node, ast.ImportFrom):
                    names.append(node.module or "")
                if any(n.split(".")[0] in ("sqlite_utils", "sqlite3") for n in names):
                    wrong.append(f"{name}, line {node.lineno}")
    assert not wrong, wrong
