"""The layers are enforced: rules, storage, file formats, reports, the demo and the CLI
never load Qt, and the rules never load SQL.

The modules are found by walking the package (``tests/import_graph.py``), so a module
added later is checked without anyone remembering to name it. Only ``placement_qa.ui``
(the Qt screens) and ``placement_qa.__main__`` (importing it runs the program) are left
out; ``placement_qa.app`` is checked, as the CLI starts there too (its GUI part imports
Qt only when the window is started).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from import_graph import package_modules

import placement_qa

PACKAGE = Path(placement_qa.__file__).parent
QT = ("PySide6", "shiboken6")
SQL = ("sqlite3", "sqlite_utils")

# Imports each module in turn; prints the position of the first whose import loaded a
# banned module, nothing if none did.
_PROBE = """
import importlib, json, sys
names, banned = json.loads(sys.argv[1]), tuple(json.loads(sys.argv[2]))
def loaded():
    return [m for m in sys.modules if m.split(".")[0] in banned]
if loaded():
    sys.exit(f"loaded before any import: {loaded()}")
for position, name in enumerate(names):
    importlib.import_module(name)
    if loaded():
        print(position)
        break
"""


def modules_loading(names: list[str], banned: tuple[str, ...],
                    cwd: Path | None = None) -> list[str]:
    """The modules of ``names`` whose import loads a module of a ``banned`` package.

    Each is imported after the ones before it, in a fresh interpreter after each one
    found, so every culprit is named, not only the first.
    """
    culprits: list[str] = []
    rest = list(names)
    while rest:
        result = subprocess.run(
            [sys.executable, "-c", _PROBE, json.dumps(rest), json.dumps(banned)],
            capture_output=True, text=True, cwd=cwd)
        assert result.returncode == 0, result.stderr
        if not result.stdout.strip():
            break
        position = int(result.stdout)
        culprits.append(rest[position])
        rest = rest[position + 1:]
    return culprits


def _outside_ui(name: str) -> bool:
    return not (name == "placement_qa.ui" or name.startswith("placement_qa.ui.")
                or name == "placement_qa.__main__")


HEADLESS = [name for name in package_modules(PACKAGE) if _outside_ui(name)]
DOMAIN = [name for name in HEADLESS if name.startswith("placement_qa.domain.")]


def test_every_module_outside_the_screens_is_checked() -> None:
    layers = {name.split(".")[1] for name in HEADLESS if "." in name}
    assert {"domain", "store", "importing", "exports", "reports", "demo", "app"} <= layers
    assert not any(".ui" in name for name in HEADLESS)
    assert len(DOMAIN) > 10


def test_headless_code_does_not_import_qt() -> None:
    assert modules_loading(HEADLESS, QT) == []


def test_domain_code_does_not_import_sql() -> None:
    assert modules_loading(DOMAIN, SQL) == []


def test_the_check_names_every_module_that_loads_qt(tmp_path: Path) -> None:
    package = tmp_path / "pkg"
    package.mkdir()
    for name, text in {"__init__.py": "", "plain.py": "import json\n",
                       "widgets.py": "from PySide6 import QtCore\n",
                       "later.py": "import json\n",
                       "dialogs.py": "def show():\n    pass\nimport shiboken6\n"}.items():
        (package / name).write_text(text, encoding="utf-8")
    names = sorted(package_modules(package))
    assert modules_loading(names, QT, cwd=tmp_path) == ["pkg.dialogs", "pkg.widgets"]
