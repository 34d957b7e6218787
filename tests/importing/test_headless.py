"""Importing and exporting run headless: the CLI's import and the XLSX export never load Qt."""

import subprocess
import sys


def test_import_and_export_modules_do_not_import_qt():
    modules = ["placement_qa.store.placement_import", "placement_qa.importing.report",
               "placement_qa.exports.register_xlsx", "placement_qa.store.importing"]
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
