"""reportlab is loaded only when a report is made, never when the app or CLI starts."""

import os
import subprocess
import sys


def test_starting_the_app_or_the_cli_does_not_load_reportlab():
    code = (
        "import sys, placement_qa.cli, placement_qa.app, placement_qa.ui.main_window\n"
        "print(sorted(m for m in sys.modules if m.startswith(('reportlab', 'pypdf'))))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
